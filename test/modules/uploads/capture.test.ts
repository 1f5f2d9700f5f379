// A resumable (tus) upload from an enrolled device carries its signed capture record in the
// Upload-Metadata; completion checks it exactly as the multipart upload does, and custody starts
// with `captured`, then `ingested` (#16 item 2 with item 4).
import t from 'tap'
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, asRole, accountFor } from '../../helpers/app.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { captureRecord, deviceKey, enrolDevice, signedCapture } from '../../helpers/devices.ts'

const PHOTO = evidenceFixture('kabul-phone.jpg')
const TUS = { 'tus-resumable': '1.0.0' }
const metadata = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',')

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
  const key = deviceKey()
  return { app, headers, me, incidentId: res.json().id as string, key, deviceId: await enrolDevice(app, headers, key) }
}

async function tusUpload(app: FastifyInstance, headers: Record<string, string>, fields: Record<string, string>, bytes: Buffer) {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { ...headers, ...TUS, 'upload-length': String(bytes.length), 'upload-metadata': metadata(fields) }
  })
  if (created.statusCode !== 201) return created
  return await app.inject({
    method: 'PATCH',
    url: String(created.headers.location),
    headers: { ...headers, ...TUS, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    payload: bytes
  })
}

t.test('a tus upload with a device-signed capture record: captured, then ingested', async (t) => {
  const { app, headers, me, incidentId, key, deviceId } = await world(t)
  const capture = signedCapture(captureRecord(PHOTO, me.id, deviceId), key)
  const sha256 = createHash('sha256').update(PHOTO).digest('hex')
  const done = await tusUpload(app, headers, { incidentId, filename: 'photo.jpg', sha256, capture }, PHOTO)
  t.equal(done.statusCode, 200, done.body)
  const item = done.json()
  t.equal(item.capture.deviceKeyId, deviceId)
  t.equal(item.capture.capturedAt, '2023-09-14T08:30:00.000+04:30')
  const custody = (await app.inject({ url: `/api/v1/evidence/${item.id}/custody`, headers: await asRole(app, 'auditor') })).json()
  t.same(
    custody.items.map((i: { entry: { type: string } }) => i.entry.type).slice(0, 2),
    ['captured', 'ingested'],
    'the capture is the first custody entry'
  )
})

t.test('a tus upload whose capture record another file was signed for is refused, and nothing is kept', async (t) => {
  const { app, headers, me, incidentId, key, deviceId } = await world(t)
  const other = Buffer.concat([PHOTO, Buffer.from('x')])
  const capture = signedCapture(captureRecord(other, me.id, deviceId), key)
  const before = app.ledger.size()
  const sha256 = createHash('sha256').update(PHOTO).digest('hex')
  const done = await tusUpload(app, headers, { incidentId, filename: 'photo.jpg', sha256, capture }, PHOTO)
  t.equal(done.statusCode, 422)
  t.equal(done.json().code, 'SANAD_ERR_CAPTURE_MISMATCH')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n, 0, 'no evidence record')
  t.equal(app.ledger.size(), before, 'no custody entry')
})

t.test('a capture field that is not a signed record is refused at creation, before any byte is sent', async (t) => {
  const { app, headers, incidentId } = await world(t)
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: {
      ...headers,
      ...TUS,
      'upload-length': String(PHOTO.length),
      'upload-metadata': metadata({ incidentId, filename: 'p.jpg', sha256: 'a'.repeat(64), capture: '{"record":1}' })
    }
  })
  t.equal(created.statusCode, 400)
  t.equal(created.json().code, 'SANAD_ERR_VALIDATION')
  t.equal(created.json().field, 'capture')
})
