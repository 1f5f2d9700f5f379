import t from 'tap'
import { tmpdir } from 'node:os'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture, filesUnder } from '../../helpers/files.ts'

/** A data dir that outlives one app (t.testdir is emptied again by each testApp). */
function lastingDir(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-tus-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

// Many uploads on fresh apps: on 2 busy cores this file needs more than tap's default 120 s.
t.setTimeout(600_000)

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const sha512 = (b: Buffer): string => createHash('sha512').update(b).digest('hex')
const TUS = { 'tus-resumable': '1.0.0' }

/** Upload-Metadata: keys with base64 values, as tus sends them. */
function metadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',')
}

async function incident(inject: Inject, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await inject({
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ occurred: { from: '2023-09-14' }, location: { province: 'AF-KAB', lat: 34.55, lon: 69.2 }, ...overrides })
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function create(inject: Inject, length: number, fields: Record<string, string>) {
  return await inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { ...TUS, 'upload-length': String(length), 'upload-metadata': metadata(fields) }
  })
}

const idOf = (location: string | undefined): string => String(location).split('/').pop() as string

async function patch(inject: Inject, id: string, offset: number, bytes: Buffer) {
  return await inject({
    method: 'PATCH',
    url: `/api/v1/uploads/${id}`,
    headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    payload: bytes
  })
}

async function head(inject: Inject, id: string) {
  return await inject({ method: 'HEAD', url: `/api/v1/uploads/${id}`, headers: TUS })
}

t.test('create, PATCH in pieces, HEAD between them, and the last PATCH answers with the evidence record', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = evidenceFixture('kabul-phone.jpg')
  const created = await create(inject, bytes.length, {
    incidentId,
    filename: 'kabul-phone.jpg',
    sha256: sha256(bytes),
    description: 'عکس از محل حادثه',
    source: 'own-capture'
  })
  t.equal(created.statusCode, 201, created.body)
  t.match(created.headers.location, /^\/api\/v1\/uploads\/[0-9a-f-]{36}$/)
  t.equal(created.headers['tus-resumable'], '1.0.0')
  t.notOk(created.headers['access-control-allow-origin'], 'no CORS header: same origin only')
  const id = idOf(created.headers.location as string)

  const half = Math.floor(bytes.length / 2)
  const first = await patch(inject, id, 0, bytes.subarray(0, half))
  t.equal(first.statusCode, 204, first.body)
  t.equal(first.headers['upload-offset'], String(half))
  t.ok(first.headers['upload-expires'], 'an unfinished upload says when it expires')

  const probe = await head(inject, id)
  t.equal(probe.statusCode, 200)
  t.equal(probe.headers['upload-offset'], String(half), 'HEAD gives the offset to resume from')
  t.equal(probe.headers['upload-length'], String(bytes.length))
  t.equal(probe.headers['cache-control'], 'no-store')

  const wrong = await patch(inject, id, 0, bytes.subarray(0, 10))
  t.equal(wrong.statusCode, 409)
  t.equal(wrong.json().code, 'SANAD_ERR_UPLOAD_OFFSET_CONFLICT')

  const last = await patch(inject, id, half, bytes.subarray(half))
  t.equal(last.statusCode, 200, last.body)
  t.equal(last.headers['upload-offset'], String(bytes.length))
  const record = last.json()
  t.equal(last.headers['sanad-evidence-id'], record.id)
  t.equal(record.sha256, sha256(bytes))
  t.equal(record.sha512, sha512(bytes))
  t.equal(record.size, bytes.length)
  t.equal(record.mediaType, 'image/jpeg')
  t.equal(record.originalName, 'kabul-phone.jpg')
  t.equal(record.description, 'عکس از محل حادثه')
  t.same(record.source, { type: 'own-capture' })
  t.equal(record.incidentId, incidentId)
  t.equal(record.metadata.make, 'samsung')
  t.equal(record.alreadyHeld, false)
  const entry = (await inject({ url: `/api/v1/ledger/entries/${record.ingestIndex}` })).json()
  t.match(entry.entry, { type: 'ingested', subject: { kind: 'evidence', id: record.id, sha256: record.sha256 } })
  t.match(entry.entry.details, { sha512: sha512(bytes), declaredSha256Matched: true })

  const again = await inject({ url: `/api/v1/uploads/${id}/evidence` })
  t.equal(again.statusCode, 200)
  t.equal(again.json().id, record.id, 'GET …/evidence gives the same record')
  const done = await head(inject, id)
  t.equal(done.headers['upload-offset'], String(bytes.length), 'a finished upload reads as complete')
  const repeated = await patch(inject, id, bytes.length, Buffer.alloc(0))
  t.equal(repeated.statusCode, 200, 'repeating the last (empty) PATCH after a lost answer gives the record again')
  t.equal(repeated.json().id, record.id)
  t.equal((await inject({ url: `/api/v1/incidents/${incidentId}/evidence` })).json().items.length, 1, 'one record, not two')
  t.same(readdirSync(join(app.config.dataDir, 'uploads')), [], 'the upload left no file')
  t.same(readdirSync(join(app.config.dataDir, 'tmp')), [], 'nor a temp file')
})

t.test('the same file by tus and by multipart gives the same hashes and the same ingested custody entry', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = randomBytes(300_000)
  const { payload, headers } = multipart([
    { name: 'sha256', value: sha256(bytes) },
    { name: 'file', value: bytes, filename: 'clip.bin' }
  ])
  const byMultipart = (await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/evidence`, payload, headers })).json()
  const created = await create(inject, bytes.length, { incidentId, filename: 'clip.bin', sha256: sha256(bytes) })
  const byTus = (await patch(inject, idOf(created.headers.location as string), 0, bytes)).json()
  for (const field of ['sha256', 'sha512', 'size', 'mediaType', 'originalName', 'flags', 'metadata'] as const) {
    t.same(byTus[field], byMultipart[field], `${field} is the same`)
  }
  t.equal(byTus.alreadyHeld, true)
  t.same(byTus.sameAs, [byMultipart.id])
  const custody = async (id: string) =>
    (await inject({ url: `/api/v1/evidence/${id}/custody` })).json().items.map((i: { entry: { type: string } }) => i.entry.type)
  t.same(await custody(byTus.id), ['ingested'])
  t.same(await custody(byTus.id), await custody(byMultipart.id))
})

t.test('a declared SHA-256 that differs from what arrived is refused with 422 and the upload is deleted', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = randomBytes(50_000)
  const created = await create(inject, bytes.length, { incidentId, filename: 'x.bin', sha256: sha256(Buffer.from('something else')) })
  const id = idOf(created.headers.location as string)
  const before = app.ledger.size()
  const res = await patch(inject, id, 0, bytes)
  t.equal(res.statusCode, 422)
  t.equal(res.json().code, 'SANAD_ERR_HASH_MISMATCH')
  t.equal(res.json().details.received, sha256(bytes))
  t.equal(app.ledger.size(), before, 'no custody entry')
  t.same(filesUnder(join(app.config.dataDir, 'blobs')), [], 'no blob')
  t.same(readdirSync(join(app.config.dataDir, 'uploads')), [], 'no upload file')
  t.equal((await head(inject, id)).statusCode, 404, 'the upload is gone')
  t.same((await inject({ url: `/api/v1/incidents/${incidentId}/evidence` })).json().items, [])
})

t.test("another user's upload is 404 for every method, and nothing changes", async (t) => {
  const app = await testApp(t)
  const owner = await as(app, 'documenter')
  const incidentId = await incident(owner)
  const bytes = randomBytes(10_000)
  const id = idOf((await create(owner, bytes.length, { incidentId, filename: 'a.bin', sha256: sha256(bytes) })).headers.location)
  await patch(owner, id, 0, bytes.subarray(0, 4000))
  const other = await app.users.create({ username: 'other-documenter', password: 'another pass-phrase 5521', role: 'documenter' }, 'system')
  const otherSeq = (await import('../../../server/auth/repo.ts')).authRepo(app.db).userById(other.id)?.seq as number
  const intruder: Inject = async (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    const { token } = app.auth.createToken(otherSeq, 'test', null)
    return await app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${token}` } } as never)
  }
  for (const res of [
    await head(intruder, id),
    await patch(intruder, id, 4000, bytes.subarray(4000)),
    await intruder({ method: 'DELETE', url: `/api/v1/uploads/${id}`, headers: TUS }),
    await intruder({ url: `/api/v1/uploads/${id}/evidence` })
  ]) {
    t.equal(res.statusCode, 404)
    if (res.body) t.equal(res.json().code, 'SANAD_ERR_UPLOAD_NOT_FOUND')
  }
  t.equal((await head(owner, id)).headers['upload-offset'], '4000', 'the owner still holds the upload, unchanged')
})

t.test('an auditor or legal user cannot create uploads; need-to-know and retracted incidents refuse before any byte', async (t) => {
  const app = await testApp(t)
  const recorder = await as(app, 'documenter')
  const bytes = randomBytes(1000)
  for (const role of ['legal', 'auditor', 'admin'] as const) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: {
        ...(await asRole(app, role)),
        ...TUS,
        'upload-length': '1000',
        'upload-metadata': metadata({ incidentId: '00000000-0000-4000-8000-000000000000', filename: 'a', sha256: sha256(bytes) })
      }
    })
    t.equal(res.statusCode, 403, role)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN')
  }
  const secret = await incident(recorder, { categories: ['cah-rape'] })
  const other = await app.users.create(
    { username: 'second-documenter', password: 'another pass-phrase 5521', role: 'documenter' },
    'system'
  )
  const seq = (await import('../../../server/auth/repo.ts')).authRepo(app.db).userById(other.id)?.seq as number
  const { token } = app.auth.createToken(seq, 'test', null)
  const outsider: Inject = async (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    return await app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${token}` } } as never)
  }
  const barred = await create(outsider, bytes.length, { incidentId: secret, filename: 'a.bin', sha256: sha256(bytes) })
  t.equal(barred.statusCode, 403)
  t.equal(barred.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  const open = await incident(recorder)
  const retract = await recorder({ method: 'POST', url: `/api/v1/incidents/${open}/retract`, payload: { reason: 'duplicate' } })
  t.equal(retract.statusCode < 300, true, retract.body)
  const retracted = await create(recorder, bytes.length, { incidentId: open, filename: 'a.bin', sha256: sha256(bytes) })
  t.equal(retracted.statusCode, 409)
  t.equal(retracted.json().code, 'SANAD_ERR_INCIDENT_RETRACTED')
  const unknown = await create(recorder, bytes.length, {
    incidentId: '00000000-0000-4000-8000-000000000000',
    filename: 'a.bin',
    sha256: sha256(bytes)
  })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'SANAD_ERR_INCIDENT_NOT_FOUND')
  t.same(readdirSync(join(app.config.dataDir, 'uploads')), [], 'no upload was created')
})

t.test('metadata is checked against upload-metadata.json: missing or unknown fields are 400 naming the field', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const missing = await create(inject, 10, { incidentId, filename: 'a.bin' })
  t.equal(missing.statusCode, 400)
  t.equal(missing.json().code, 'SANAD_ERR_VALIDATION')
  t.equal(missing.json().field, 'sha256')
  const unknown = await create(inject, 10, { incidentId, filename: 'a.bin', sha256: 'a'.repeat(64), filetype: 'image/jpeg' })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().code, 'SANAD_ERR_UNKNOWN_FIELD')
  t.equal(unknown.json().field, 'filetype')
  const noVersion = await inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'upload-length': '10' } })
  t.equal(noVersion.statusCode, 412, 'without Tus-Resumable tus answers 412, coded')
  t.equal(noVersion.json().code, 'SANAD_ERR_BAD_REQUEST')
  const id = idOf((await create(inject, 10, { incidentId, filename: 'a.bin', sha256: 'a'.repeat(64) })).headers.location)
  const noOffset = await inject({
    method: 'PATCH',
    url: `/api/v1/uploads/${id}`,
    headers: { ...TUS, 'content-type': 'application/offset+octet-stream' },
    payload: Buffer.alloc(10)
  })
  t.equal(noOffset.statusCode, 400, 'a PATCH without Upload-Offset is a bad request, not a permission refusal')
  t.equal(noOffset.json().code, 'SANAD_ERR_BAD_REQUEST')
})

t.test('unfinished uploads count against a per-user quota: beyond it creation is 413', async (t) => {
  const app = await testApp(t, { config: { uploadQuotaBytes: 100_000 } })
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const fields = { incidentId, filename: 'a.bin', sha256: 'a'.repeat(64) }
  t.equal((await create(inject, 60_000, fields)).statusCode, 201)
  const refused = await create(inject, 50_000, fields)
  t.equal(refused.statusCode, 413)
  t.equal(refused.json().code, 'SANAD_ERR_UPLOAD_QUOTA_EXCEEDED')
  t.same(refused.json().details, { held: 60_000, requested: 50_000, quota: 100_000 })
  t.equal(readdirSync(join(app.config.dataDir, 'uploads')).length, 1, 'the refused one left no file')
  t.equal((await create(inject, 40_000, fields)).statusCode, 201, 'up to the quota is fine')
  const tooLarge = await create(await as(app, 'documenter'), app.config.maxUploadBytes + 1, fields)
  t.equal(tooLarge.statusCode, 413)
  t.equal(tooLarge.json().code, 'SANAD_ERR_FILE_TOO_LARGE')
})

t.test('a finished upload no longer counts against the quota', async (t) => {
  const app = await testApp(t, { config: { uploadQuotaBytes: 100_000 } })
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = randomBytes(80_000)
  const id = idOf((await create(inject, bytes.length, { incidentId, filename: 'a.bin', sha256: sha256(bytes) })).headers.location)
  t.equal((await patch(inject, id, 0, bytes)).statusCode, 200)
  t.equal((await create(inject, 80_000, { incidentId, filename: 'b.bin', sha256: 'a'.repeat(64) })).statusCode, 201)
})

t.test('termination (DELETE) by the owner removes the bytes and the record', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = randomBytes(20_000)
  const id = idOf((await create(inject, bytes.length, { incidentId, filename: 'a.bin', sha256: sha256(bytes) })).headers.location)
  await patch(inject, id, 0, bytes.subarray(0, 5000))
  t.ok(existsSync(join(app.config.dataDir, 'uploads', id)))
  const res = await inject({ method: 'DELETE', url: `/api/v1/uploads/${id}`, headers: TUS })
  t.equal(res.statusCode, 204)
  t.same(readdirSync(join(app.config.dataDir, 'uploads')), [], 'no file')
  t.equal(app.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM uploads').get()?.n, 0, 'no record')
  t.equal((await head(inject, id)).statusCode, 404)
})

t.test('expired uploads answer 410 and are deleted, bytes and record, at the next sweep and at start', async (t) => {
  const dataDir = lastingDir(t)
  const app = await testApp(t, { config: { dataDir } })
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = randomBytes(20_000)
  const id = idOf((await create(inject, bytes.length, { incidentId, filename: 'a.bin', sha256: sha256(bytes) })).headers.location)
  await patch(inject, id, 0, bytes.subarray(0, 5000))
  const past = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString()
  app.sqlite.prepare('UPDATE uploads SET created_at = ?, expires_at = ? WHERE id = ?').run(past, past, id)
  const gone = await head(inject, id)
  t.equal(gone.statusCode, 410, 'tus answers 410 once the upload expired')
  const late = await patch(inject, id, 5000, bytes.subarray(5000))
  t.equal(late.statusCode, 410)
  t.equal(late.json().code, 'SANAD_ERR_UPLOAD_EXPIRED')
  // A stray file of no upload goes too.
  writeFileSync(join(dataDir, 'uploads', '11111111-1111-4111-8111-111111111111'), 'left over')
  t.equal(readdirSync(join(dataDir, 'uploads')).length, 2, 'bytes on disk before the restart')
  await app.close()
  const restarted = await testApp(t, { config: { dataDir } })
  t.same(readdirSync(join(dataDir, 'uploads')), [], 'no file after the sweep at start')
  t.equal(restarted.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM uploads').get()?.n, 0, 'no record')
})

t.test('the Upload-Metadata is sealed at rest: no file name or description in the database', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  await create(inject, 10, { incidentId, filename: 'witness-Gulalai.jpg', sha256: 'a'.repeat(64), description: 'secret words' })
  const row = app.sqlite.prepare('SELECT metadata FROM uploads').get() as { metadata: string }
  t.match(row.metadata, /^sf1:/)
  t.notMatch(row.metadata, /Gulalai|secret/)
})

t.test('an incident retracted while its file was arriving refuses the next PATCH before any byte is stored', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incidentId = await incident(inject)
  const bytes = randomBytes(20_000)
  const id = idOf((await create(inject, bytes.length, { incidentId, filename: 'a.bin', sha256: sha256(bytes) })).headers.location)
  await patch(inject, id, 0, bytes.subarray(0, 5000))
  await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/retract`, payload: { reason: 'duplicate' } })
  const before = app.ledger.size()
  const res = await patch(inject, id, 5000, bytes.subarray(5000))
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'SANAD_ERR_INCIDENT_RETRACTED')
  t.equal((await head(inject, id)).headers['upload-offset'], '5000', 'no byte was appended')
  t.equal(app.ledger.size(), before, 'no custody entry')
})
