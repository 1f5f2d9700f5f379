import t from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { multipart, type Part } from '../../helpers/multipart.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { evidenceFixture, filesUnder } from '../../helpers/files.ts'

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const sha512 = (b: Buffer): string => createHash('sha512').update(b).digest('hex')

async function incident(inject: Inject, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await inject({
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ occurred: { from: '2023-09-14' }, location: { province: 'AF-KAB', lat: 34.55, lon: 69.2 }, ...overrides })
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function upload(inject: Inject, incidentId: string, file: Buffer, filename: string, fields: Part[] = []) {
  const { payload, headers } = multipart([...fields, { name: 'file', value: file, filename }])
  return await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/evidence`, payload, headers })
}

t.test('an upload is hashed while streaming, stored read-only under its hash, and answered 201 with the contract fields', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const bytes = evidenceFixture('kabul-phone.jpg')
  const res = await upload(inject, id, bytes, 'kabul-phone.jpg', [
    { name: 'sha256', value: sha256(bytes) },
    { name: 'source', value: 'own-capture' },
    { name: 'description', value: 'عکس از محل حادثه' }
  ])
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.equal(body.sha256, sha256(bytes))
  t.equal(body.sha512, sha512(bytes))
  t.equal(body.size, bytes.length)
  t.equal(body.mediaType, 'image/jpeg')
  t.equal(body.originalName, 'kabul-phone.jpg')
  t.equal(body.name, 'kabul-phone.jpg')
  t.equal(body.metadata.capturedAt, '2023-09-14T08:12:45+04:30')
  t.equal(body.metadata.make, 'samsung')
  t.equal(body.metadata.model, 'SM-A515F')
  t.ok(Math.abs(body.metadata.gps.lat - 34.5553) < 1e-6 && Math.abs(body.metadata.gps.lon - 69.2075) < 1e-6)
  t.same(body.flags, [])
  t.equal(body.alreadyHeld, false)
  const blob = join(app.config.dataDir, 'blobs', 'sha256', body.sha256.slice(0, 2), body.sha256.slice(2, 4), body.sha256)
  t.same(readFileSync(blob), bytes, 'the original is stored byte for byte')
  t.equal(statSync(blob).mode & 0o222, 0, 'and read-only')
  t.same(readdirSync(join(app.config.dataDir, 'tmp')), [], 'no temp file remains')
  const again = (await inject({ url: `/api/v1/evidence/${body.id}` })).json()
  t.equal(again.sha256, body.sha256)
  t.same(again.metadata, body.metadata)
  const entry = (await inject({ url: `/api/v1/ledger/entries/${body.ingestIndex}` })).json()
  t.match(entry.entry, { type: 'ingested', subject: { kind: 'evidence', id: body.id, sha256: body.sha256 } })
})

t.test('a declared sha256 that differs from what arrived is refused with 422 and nothing is kept', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const bytes = evidenceFixture('kabul-phone.jpg')
  const before = app.ledger.size()
  const res = await upload(inject, id, bytes, 'x.jpg', [{ name: 'sha256', value: sha256(Buffer.from('something else')) }])
  t.equal(res.statusCode, 422)
  t.equal(res.json().code, 'SANAD_ERR_HASH_MISMATCH')
  t.same(filesUnder(join(app.config.dataDir, 'blobs')), [], 'no blob')
  t.same(readdirSync(join(app.config.dataDir, 'tmp')), [], 'no temp file')
  t.equal(app.ledger.size(), before, 'no custody entry')
  t.same((await inject({ url: `/api/v1/incidents/${id}/evidence` })).json().items, [], 'no row')
})

t.test('the same bytes uploaded twice keep one blob and the second answer links both records', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const a = await incident(inject)
  const b = await incident(inject)
  const bytes = evidenceFixture('screenshot.png')
  const first = (await upload(inject, a, bytes, 'screenshot.png')).json()
  const second = await upload(inject, b, bytes, 'copy.png')
  t.equal(second.statusCode, 201)
  t.equal(second.json().alreadyHeld, true)
  t.same(second.json().sameAs, [first.id])
  t.not(second.json().id, first.id)
  t.equal(filesUnder(join(app.config.dataDir, 'blobs')).length, 1, 'one blob')
  const byHash = (await inject({ url: `/api/v1/evidence/by-hash/${first.sha256}` })).json()
  t.same(
    byHash.items.map((i: { id: string }) => i.id),
    [first.id, second.json().id]
  )
})

t.test('the type comes from the content, a disagreeing extension is flagged, the display name is sanitised', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const res = await upload(inject, id, evidenceFixture('kabul-phone.jpg'), '../../etc/\u202Egnp.jpg')
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.equal(body.mediaType, 'image/jpeg')
  t.equal(body.originalName, '../../etc/\u202Egnp.jpg', 'the original name is kept as metadata')
  t.notMatch(body.name, /[/\\\u202A-\u202E\u2066-\u2069]/)
  const png = (await upload(inject, id, evidenceFixture('kabul-phone.jpg'), 'photo.png')).json()
  t.ok(png.flags.includes('EXTENSION_MISMATCH'))
})

t.test('empty files and requests without a file are refused', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const empty = await upload(inject, id, Buffer.alloc(0), 'empty.jpg')
  t.equal(empty.statusCode, 400)
  t.equal(empty.json().code, 'SANAD_ERR_FILE_EMPTY')
  const noFile = multipart([{ name: 'description', value: 'no file here' }])
  const res = await inject({ method: 'POST', url: `/api/v1/incidents/${id}/evidence`, ...noFile })
  t.equal(res.statusCode, 400)
  const json = await inject({ method: 'POST', url: `/api/v1/incidents/${id}/evidence`, payload: { file: 'x' } })
  t.equal(json.statusCode, 415)
  t.equal(json.json().code, 'SANAD_ERR_MEDIA_TYPE')
  const unknown = await upload(inject, id, evidenceFixture('statement.txt'), 'statement.txt', [{ name: 'witnessName', value: 'x' }])
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().code, 'SANAD_ERR_UNKNOWN_FIELD')
  t.equal(unknown.json().field, 'witnessName')
  t.same(readdirSync(join(app.config.dataDir, 'tmp')), [], 'refusals leave no temp file')
  t.same(filesUnder(join(app.config.dataDir, 'blobs')), [])
  const missing = await upload(inject, '00000000-0000-4000-8000-000000000000', evidenceFixture('statement.txt'), 'statement.txt')
  t.equal(missing.json().code, 'SANAD_ERR_INCIDENT_NOT_FOUND')
})

t.test('uploads over the configured limit are refused and leave nothing behind', async (t) => {
  const app = await testApp(t, { config: { maxUploadBytes: 1000 } })
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const res = await upload(inject, id, evidenceFixture('kabul-phone.jpg'), 'big.jpg')
  t.equal(res.statusCode, 413)
  t.equal(res.json().code, 'SANAD_ERR_FILE_TOO_LARGE')
  t.same(readdirSync(join(app.config.dataDir, 'tmp')), [])
  t.same(filesUnder(join(app.config.dataDir, 'blobs')), [])
})

t.test('phone videos give their creation time, place and device from the container', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const mp4 = (await upload(inject, id, evidenceFixture('phone-video.mp4'), 'phone-video.mp4')).json()
  t.equal(mp4.mediaType, 'video/mp4')
  t.equal(mp4.metadata.capturedAt, '2023-09-14T03:42:45Z')
  t.equal(mp4.metadata.make, 'samsung')
  const mov = (await upload(inject, id, evidenceFixture('iphone-video.mov'), 'iphone-video.mov')).json()
  t.equal(mov.mediaType, 'video/quicktime')
  t.equal(mov.metadata.capturedAt, '2022-06-01T10:15:00Z')
  t.ok(Math.abs(mov.metadata.gps.lat - 31.6133) < 1e-6)
  t.ok(mov.flags.includes('CAPTURE_OUTSIDE_INCIDENT_WINDOW'), 'taken a year before the incident')
  t.ok(mov.flags.includes('GPS_FAR_FROM_INCIDENT'), 'Kandahar is far from Kabul')
})

t.test('edited and re-shared media are flagged with explanations', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const edited = (await upload(inject, id, evidenceFixture('edited.jpg'), 'edited.jpg')).json()
  t.ok(edited.flags.includes('EDITING_SOFTWARE'))
  t.match(edited.flagDetails.find((f: { code: string }) => f.code === 'EDITING_SOFTWARE').message, /Photoshop/)
  t.match(
    edited.flagDetails.find((f: { code: string }) => f.code === 'EDITING_SOFTWARE').params,
    { editor: 'Adobe Photoshop' },
    'with its facts, for the explanation in Dari and Pashto'
  )
  const bare = (await upload(inject, id, evidenceFixture('no-metadata.jpg'), 'IMG-20230914-WA0003.jpg')).json()
  t.ok(bare.flags.includes('NO_CAMERA_METADATA'))
})

t.test('content downloads are recorded; the shared copy drops metadata and records its lineage', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = await incident(inject)
  const bytes = evidenceFixture('kabul-phone.jpg')
  const item = (await upload(inject, id, bytes, 'kabul-phone.jpg')).json()
  const original = await inject({ url: `/api/v1/evidence/${item.id}/content?purpose=review` })
  t.equal(original.statusCode, 200)
  t.same(original.rawPayload, bytes)
  t.equal(original.headers['content-type'], 'image/jpeg')
  t.equal(original.headers['x-content-type-options'], 'nosniff')
  t.match(original.headers['content-disposition'], /^attachment; filename="kabul-phone\.jpg"/)
  const shared = await inject({ url: `/api/v1/evidence/${item.id}/content?variant=shared` })
  t.equal(shared.statusCode, 200)
  t.ok(shared.rawPayload.length < bytes.length)
  t.equal(shared.rawPayload.indexOf(Buffer.from('Exif\0')), -1, 'no EXIF left')
  t.equal(shared.rawPayload.indexOf(Buffer.from('samsung')), -1, 'no device name left')
  const custody = (await inject({ url: `/api/v1/evidence/${item.id}/custody` })).json()
  t.same(
    custody.items.map((e: { entry: { type: string } }) => e.entry.type),
    ['ingested', 'accessed', 'derived-copy-made', 'accessed']
  )
  t.equal(custody.items[1].entry.details.purpose, 'review')
  const derived = custody.items[2].entry.details
  t.equal(derived.copySha256, sha256(shared.rawPayload), 'the copy is recorded under its own hash')
  t.ok(custody.items.every((e: { proof: string[] }) => Array.isArray(e.proof)))
  const video = (await upload(inject, id, evidenceFixture('phone-video.mp4'), 'v.mp4')).json()
  t.equal((await inject({ url: `/api/v1/evidence/${video.id}/content?variant=shared` })).json().code, 'SANAD_ERR_VARIANT_UNAVAILABLE')
})

t.test('metadata is identical whatever the server time zone', async (t) => {
  const results: string[] = []
  for (const tz of ['Asia/Kabul', 'UTC']) {
    const prev = process.env.TZ
    process.env.TZ = tz
    t.teardown(() => {
      process.env.TZ = prev
    })
    const app = await testApp(t)
    const inject = await as(app, 'documenter')
    const id = await incident(inject)
    const body = (await upload(inject, id, evidenceFixture('edited.jpg'), 'edited.jpg')).json()
    results.push(JSON.stringify([body.metadata, body.flags]))
    process.env.TZ = prev
  }
  t.equal(results[0], results[1])
})
