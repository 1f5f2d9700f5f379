import t from 'tap'
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { testApp } from '../helpers/app.ts'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { databaseFile } from '../../server/db/open.ts'
import { parseTimestampResponse, verifyTimestampToken } from '../../server/lib/ledger/timestamp.ts'
import { timestampClient } from '../../server/ledger/timestamp-client.ts'
import { makeAuthority, startTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts'
import { assertTool } from '../helpers/system-tools.ts'

// openssl checks every token independently: fail naming the package when it is missing.
assertTool('openssl')

const dir = t.testdir({})
const authority = makeAuthority(dir)
let tsa: LocalTsa
t.before(async () => {
  tsa = await startTsa(authority)
})
t.teardown(() => tsa.close())
t.beforeEach(() => {
  tsa.mode = 'ok'
})

type App = Awaited<ReturnType<typeof testApp>>

/** Custody events straight into the ledger (this file tests the ledger, not who may write). */
function grow(app: App, n: number): void {
  for (let i = 0; i < n; i++)
    app.ledger.append({
      type: 'incident-created',
      actor: 'test',
      subject: { kind: 'incident', id: `i-${app.ledger.size()}` },
      details: { reference: 'SND-2026-000001', revision: 1 }
    })
}

/** Log lines at warn and above, captured. */
function capture(): { lines: Array<Record<string, unknown>>; logger: { level: string; stream: Writable } } {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()))
      done()
    }
  })
  return { lines, logger: { level: 'warn', stream } }
}

t.test('with SANAD_TSA_URL set, a new checkpoint is timestamped over its signed note, and openssl verifies it independently', async (t) => {
  const app = await testApp(t, { config: { tsaUrl: tsa.url, tsaTimeoutMs: 5000 } })
  grow(app, 3)
  const size = app.ledger.size()
  const note = (await app.inject({ url: '/api/v1/ledger/checkpoint' })).body
  t.match(await app.ledger.timestampLatest(), { status: 'stored', size }, 'the background request finished and was stored')
  const listed = (await app.inject({ url: '/api/v1/ledger/checkpoints' })).json()
  t.same(
    listed.items.map((c: { size: number; timestamped: boolean }) => [c.size, c.timestamped]),
    [[size, true]]
  )

  const res = await app.inject({ url: `/api/v1/ledger/checkpoints/${size}/timestamp` })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/timestamp-reply')
  const token = parseTimestampResponse(res.rawPayload).token!
  const v = await verifyTimestampToken(token, { data: Buffer.from(note, 'utf8'), trustedCa: readFileSync(authority.caPem) })
  t.same(v.problems, [])
  t.ok(v.ok, 'imprint = SHA-256(the checkpoint note), signature, EKU, chain')
  t.equal(v.genTime!.toISOString(), app.ledger.checkpointTimestamp(size).genTime)

  writeFileSync(join(dir, 'note.txt'), note)
  writeFileSync(join(dir, 'checkpoint.tsr'), res.rawPayload)
  const openssl = spawnSync(
    'openssl',
    ['ts', '-verify', '-data', join(dir, 'note.txt'), '-in', join(dir, 'checkpoint.tsr'), '-CAfile', authority.caPem],
    { encoding: 'utf8' }
  )
  t.match(openssl.stdout, /Verification: OK/, 'openssl ts -verify: ' + openssl.stderr)
  writeFileSync(join(dir, 'note-edited.txt'), note.replace(`\n${size}\n`, `\n${size + 1}\n`))
  const edited = spawnSync(
    'openssl',
    ['ts', '-verify', '-data', join(dir, 'note-edited.txt'), '-in', join(dir, 'checkpoint.tsr'), '-CAfile', authority.caPem],
    { encoding: 'utf8' }
  )
  t.notMatch(edited.stdout, /Verification: OK/, 'openssl refuses an edited note')

  grow(app, 1)
  const requests = tsa.requests
  t.equal((await app.inject({ url: '/api/v1/ledger/checkpoint' })).statusCode, 200)
  t.match(await app.ledger.timestampLatest(), { status: 'stored', size: size + 1 }, 'each new checkpoint gets its own timestamp')
  t.match(await app.ledger.timestampLatest(), { status: 'present', size: size + 1 }, 'and only one')
  t.equal(tsa.requests, requests + 1)
})

t.test('without a TSA nothing is asked, and the route answers coded 404s', async (t) => {
  const app = await testApp(t)
  const requests = tsa.requests
  grow(app, 2)
  const size = app.ledger.checkpoint().size
  t.match(await app.ledger.timestampLatest(), { status: 'off' })
  t.equal(tsa.requests, requests, 'no request without SANAD_TSA_URL')
  t.same(
    (await app.inject({ url: '/api/v1/ledger/checkpoints' })).json().items.map((c: { timestamped: boolean }) => c.timestamped),
    [false]
  )
  const none = await app.inject({ url: `/api/v1/ledger/checkpoints/${size}/timestamp` })
  t.equal(none.statusCode, 404)
  t.equal(none.json().code, 'SANAD_ERR_TIMESTAMP_NOT_FOUND')
  const missing = await app.inject({ url: `/api/v1/ledger/checkpoints/${size + 5}/timestamp` })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'SANAD_ERR_CHECKPOINT_NOT_FOUND')
  t.equal((await app.inject({ url: '/api/v1/ledger/checkpoints/x/timestamp' })).statusCode, 400)
})

t.test('an unreachable or slow TSA never blocks or fails checkpoint signing; it is logged and retried', async (t) => {
  const log = capture()
  const app = await testApp(t, { logger: log.logger, config: { tsaUrl: tsa.url, tsaTimeoutMs: 400 } })
  tsa.mode = 'hang'
  grow(app, 2)
  const size = app.ledger.size()
  const requests = tsa.requests
  const res = await app.inject({ url: '/api/v1/ledger/checkpoint' })
  t.equal(res.statusCode, 200)
  while (tsa.requests === requests) await new Promise((resolve) => setTimeout(resolve, 5))
  t.equal(tsa.hanging(), 1, 'the checkpoint was answered while the TSA still holds the request open')
  const failed = await app.ledger.timestampLatest()
  t.match(failed, { status: 'failed', size, error: /did not answer within 400 ms/ })
  t.ok(
    log.lines.some((l) => l.level === 40 && /checkpoint timestamp failed/.test(String(l.msg)) && /did not answer/.test(String(l.error))),
    'a warning is logged'
  )
  t.same(
    (await app.inject({ url: '/api/v1/ledger/checkpoints' })).json().items.map((c: { timestamped: boolean }) => c.timestamped),
    [false]
  )

  tsa.mode = 'ok'
  t.match(await app.ledger.timestampLatest(), { status: 'backoff', size }, 'automatic retries wait a little')
  t.match(
    await app.ledger.timestampLatest({ force: true }),
    { status: 'stored', size },
    'on demand, the checkpoint is timestamped after all'
  )

  tsa.mode = 'http-500'
  grow(app, 1)
  app.ledger.checkpoint()
  t.match(await app.ledger.timestampLatest(), { status: 'failed', size: size + 1, error: /answered HTTP 500/ })
  tsa.mode = 'ok'
  grow(app, 1)
  app.ledger.checkpoint()
  t.match(
    await app.ledger.timestampLatest({ force: true }),
    { status: 'stored', size: size + 2 },
    'the next checkpoint is timestamped once the TSA is back'
  )
  t.same(
    (await app.inject({ url: '/api/v1/ledger/checkpoints' }))
      .json()
      .items.map((c: { size: number; timestamped: boolean }) => [c.size, c.timestamped]),
    [
      [size, true],
      [size + 1, false],
      [size + 2, true]
    ]
  )
})

t.test('an unreachable TSA fails fast with the reason, and credentials in its URL are never shown', async (t) => {
  const closed = createServer()
  closed.listen(0, '127.0.0.1')
  await once(closed, 'listening')
  const port = (closed.address() as AddressInfo).port
  closed.close()
  const client = timestampClient({ url: `http://user:secret@127.0.0.1:${port}/tsa?key=secret`, timeoutMs: 2000 })
  t.equal(client.url, `http://127.0.0.1:${port}/tsa`, 'the URL as logged and stored')
  const err = await client.request(Buffer.from('q')).then(
    () => null,
    (e: Error) => e
  )
  t.match(err?.message, /ECONNREFUSED/)
  t.notMatch(err?.message, /secret/)
})

t.test('a token that does not verify is refused and not stored', async (t) => {
  const app = await testApp(t, { config: { tsaUrl: tsa.url, tsaTimeoutMs: 5000 } })
  grow(app, 1)
  tsa.mode = 'no-eku'
  const size = app.ledger.checkpoint().size
  t.match(await app.ledger.timestampLatest(), { status: 'failed', error: /no extendedKeyUsage extension/ })
  tsa.mode = 'other-data'
  t.match(await app.ledger.timestampLatest({ force: true }), {
    status: 'failed',
    error: /messageImprint does not match.*nonce does not match/
  })
  t.equal((await app.inject({ url: `/api/v1/ledger/checkpoints/${size}/timestamp` })).json().code, 'SANAD_ERR_TIMESTAMP_NOT_FOUND')

  const pinned = await testApp(t, { config: { tsaUrl: tsa.url, tsaTimeoutMs: 5000, tsaCaFile: authority.otherCaPem } })
  grow(pinned, 1)
  pinned.ledger.checkpoint()
  t.match(
    await pinned.ledger.timestampLatest(),
    { status: 'failed', error: /does not chain to the trusted CA/ },
    'SANAD_TSA_CA_FILE pins the root'
  )
})

t.test('the final checkpoint at shutdown is timestamped before the database closes, and timestamps are append-only', async (t) => {
  const dataDir = t.testdir({})
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: 'first-start pass-phrase 7913' },
    config: { dataDir, checkpointIntervalMs: 0, tsaUrl: tsa.url, tsaTimeoutMs: 5000 }
  })
  await app.ready()
  grow(app, 2)
  const size = app.ledger.size()
  await app.close()
  const db = new Database(databaseFile(dataDir))
  t.teardown(() => db.close())
  const rows = db
    .prepare(
      'SELECT c.size, t.token, t.tsa_url AS tsaUrl FROM checkpoint_timestamps t JOIN ledger_checkpoints c ON c.seq = t.checkpoint_seq'
    )
    .all() as Array<{ size: number; token: Buffer; tsaUrl: string }>
  t.equal(rows.length, 1)
  t.equal(rows[0]!.size, size)
  t.equal(rows[0]!.tsaUrl, tsa.url)
  t.throws(() => db.prepare('UPDATE checkpoint_timestamps SET gen_time = ?').run('2001-01-01T00:00:00.000Z'), /append-only/)
  t.throws(() => db.prepare('DELETE FROM checkpoint_timestamps').run(), /append-only/)
})

t.test('SANAD_TSA_URL is off by default and must be an http or https URL', async (t) => {
  const config = loadConfig({})
  t.equal(config.tsaUrl, '')
  t.equal(config.tsaTimeoutMs, 10000)
  t.equal(loadConfig({ SANAD_TSA_URL: 'https://tsa.example/tsr' }).tsaUrl, 'https://tsa.example/tsr')
  t.throws(() => loadConfig({ SANAD_TSA_URL: 'ftp://tsa.example/' }), /SANAD_TSA_URL must be an http or https URL/)
  t.throws(() => loadConfig({ SANAD_TSA_URL: 'not a url' }), /SANAD_TSA_URL/)
})

t.test('the client refuses oversized and mistyped answers', async (t) => {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url === '/big') res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.alloc(4096))
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    server.close()
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  await t.rejects(
    timestampClient({ url: `${base}/big`, timeoutMs: 2000, maxBytes: 1024 }).request(Buffer.from('q')),
    /more than 1024 bytes|announced a 4096-byte response/
  )
  await t.rejects(timestampClient({ url: `${base}/html`, timeoutMs: 2000 }).request(Buffer.from('q')), /content type "text\/html"/)
})
