// Hash and sign at capture (#16 item 2): an upload may carry a capture record signed by the
// uploader's enrolled device; it is checked against the file and becomes the item's first custody
// entry, `captured`, before `ingested`, in the same transaction.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, asRole, accountFor } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture, filesUnder } from '../../helpers/files.ts'
import { anotherAccount, captureRecord, deviceKey, enrolDevice, signedCapture } from '../../helpers/devices.ts'
import type { CaptureRecord } from '../../../server/types/schemas.ts'

const PHOTO = evidenceFixture('kabul-phone.jpg')

async function world(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const me = await accountFor(app, 'documenter')
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers,
    payload: incidentInput({ occurred: { from: '2023-09-14' }, location: { province: 'AF-KAB', lat: 34.55, lon: 69.2 } })
  })
  const incidentId = res.json().id as string
  const key = deviceKey()
  const deviceId = await enrolDevice(app, headers, key)
  return { app, headers, me, incidentId, key, deviceId }
}

async function upload(app: FastifyInstance, headers: Record<string, string>, incidentId: string, file: Buffer, capture?: string) {
  const body = multipart([
    ...(capture === undefined ? [] : [{ name: 'capture', value: capture }]),
    { name: 'file', value: file, filename: 'photo.jpg' }
  ])
  return await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/evidence`,
    headers: { ...headers, ...body.headers },
    payload: body.payload
  })
}

function state(app: FastifyInstance) {
  return {
    evidence: (app.sqlite.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n,
    ledger: app.ledger.size(),
    blobs: filesUnder(`${app.config.dataDir}/blobs`).length
  }
}

t.test('an upload with a device-signed capture record gets `captured` as its first custody entry, then `ingested`', async (t) => {
  const { app, headers, me, incidentId, key, deviceId } = await world(t)
  const record = captureRecord(PHOTO, me.id, deviceId)
  const capture = signedCapture(record, key)
  const res = await upload(app, headers, incidentId, PHOTO, capture)
  t.equal(res.statusCode, 201, res.body)
  const item = res.json()
  t.match(item.capture, {
    deviceKeyId: deviceId,
    capturedAt: '2023-09-14T08:30:00.000+04:30',
    timeZone: 'Asia/Kabul',
    position: { lat: 34.5553, lon: 69.2075, accuracy: 15 },
    ingestedAt: item.createdAt
  })
  t.equal(
    item.capture.gapSeconds,
    Math.round((Date.parse(item.createdAt) - Date.parse('2023-09-14T04:00:00Z')) / 1000),
    'the gap between capture and ingest'
  )
  const custody = (await app.inject({ url: `/api/v1/evidence/${item.id}/custody`, headers: await asRole(app, 'auditor') })).json()
  const types = custody.items.map((i: { entry: { type: string } }) => i.entry.type)
  t.same(types.slice(0, 2), ['captured', 'ingested'], 'captured comes first, then ingested')
  const captured = custody.items[0].entry
  t.equal(custody.items[0].index, item.capture.captureIndex)
  t.equal(custody.items[1].index, custody.items[0].index + 1, 'written together')
  t.same(captured.details, {
    incident: incidentId,
    device: deviceId,
    capturedAt: '2023-09-14T08:30:00.000+04:30',
    recordSha256: item.capture.recordSha256,
    position: true
  })
  t.notMatch(JSON.stringify(captured), /34\.55|69\.20|Kabul/, 'no coordinates or zone in the ledger')
  const stored = app.sqlite.prepare('SELECT capture_record AS r, capture_signature AS s FROM evidence WHERE id = ?').get(item.id) as {
    r: string
    s: string
  }
  t.same(JSON.parse(stored.r), record, 'the record is kept with the evidence')
  t.equal(stored.s, JSON.parse(capture).signature, 'and its signature')
})

t.test('auditors see only the integrity facts of a capture; readers of the full record see its times', async (t) => {
  const { app, headers, me, incidentId, key, deviceId } = await world(t)
  const item = (await upload(app, headers, incidentId, PHOTO, signedCapture(captureRecord(PHOTO, me.id, deviceId), key))).json()
  const audited = (await app.inject({ url: `/api/v1/evidence/${item.id}`, headers: await asRole(app, 'auditor') })).json()
  t.same(Object.keys(audited.capture).sort(), ['captureIndex', 'deviceKeyId', 'recordSha256'])
  const legal = (await app.inject({ url: `/api/v1/evidence/${item.id}`, headers: await asRole(app, 'legal') })).json()
  t.ok(legal.capture.capturedAt && legal.capture.ingestedAt && typeof legal.capture.gapSeconds === 'number')
})

t.test('an upload without a capture record is as before: no capture, one custody entry', async (t) => {
  const { app, headers, incidentId } = await world(t)
  const item = (await upload(app, headers, incidentId, PHOTO)).json()
  t.notOk('capture' in item)
  const custody = (await app.inject({ url: `/api/v1/evidence/${item.id}/custody`, headers })).json()
  t.same(
    custody.items.map((i: { entry: { type: string } }) => i.entry.type),
    ['ingested']
  )
})

t.test('a capture record that does not stand for the file or the uploader is refused and nothing is kept', async (t) => {
  const { app, headers, me, incidentId, key, deviceId } = await world(t)
  const other = await anotherAccount(app, 'second-documenter', 'documenter')
  const otherKey = deviceKey()
  const otherDevice = await enrolDevice(app, other.headers, otherKey)
  const revokedKey = deviceKey()
  const revokedDevice = await enrolDevice(app, headers, revokedKey)
  await app.inject({ method: 'DELETE', url: `/api/v1/devices/${revokedDevice}`, headers })
  const good = captureRecord(PHOTO, me.id, deviceId)
  const tampered = (over: Partial<CaptureRecord>) =>
    JSON.stringify({ record: { ...good, ...over }, signature: JSON.parse(signedCapture(good, key)).signature })
  const cases: Array<[string, string, number, string]> = [
    ['a record changed after signing', tampered({ capturedAt: '2023-09-15T08:30:00.000+04:30' }), 422, 'SANAD_ERR_CAPTURE_SIGNATURE'],
    ['a record signed by another device than it names', signedCapture(good, otherKey), 422, 'SANAD_ERR_CAPTURE_SIGNATURE'],
    [
      'a record for other bytes',
      signedCapture(captureRecord(evidenceFixture('edited.jpg'), me.id, deviceId), key),
      422,
      'SANAD_ERR_CAPTURE_MISMATCH'
    ],
    [
      'a record of the right hash but another size',
      signedCapture({ ...good, size: good.size + 1 }, key),
      422,
      'SANAD_ERR_CAPTURE_MISMATCH'
    ],
    [
      'a record naming no enrolled device',
      signedCapture({ ...good, deviceKeyId: '00000000-0000-4000-8000-000000000000' }, key),
      422,
      'SANAD_ERR_CAPTURE_INVALID'
    ],
    [
      "a record signed by another user's device",
      signedCapture(captureRecord(PHOTO, other.id, otherDevice), otherKey),
      403,
      'SANAD_ERR_FORBIDDEN'
    ],
    ['a record naming another documenter', signedCapture({ ...good, documenter: other.id }, key), 403, 'SANAD_ERR_FORBIDDEN'],
    [
      'a record signed by a revoked device',
      signedCapture(captureRecord(PHOTO, me.id, revokedDevice), revokedKey),
      403,
      'SANAD_ERR_DEVICE_REVOKED'
    ],
    ['a capture field that is not JSON', '{"record":', 400, 'SANAD_ERR_VALIDATION'],
    [
      'a capture with an unknown member',
      JSON.stringify({ ...JSON.parse(signedCapture(good, key)), note: 'x' }),
      400,
      'SANAD_ERR_VALIDATION'
    ]
  ]
  const before = state(app)
  for (const [name, capture, status, code] of cases) {
    const res = await upload(app, headers, incidentId, PHOTO, capture)
    t.equal(res.statusCode, status, `${name}: ${res.body}`)
    t.equal(res.json().code, code, name)
  }
  t.same(state(app), before, 'no record, custody entry or blob was kept')
  t.same(filesUnder(`${app.config.dataDir}/tmp`), [], 'no temporary file is left')
})
