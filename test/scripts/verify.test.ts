import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { testApp, incidentInput } from '../helpers/app.ts'
import { as } from '../helpers/client.ts'
import { multipart } from '../helpers/multipart.ts'
import { generateNoteKey } from '../../server/lib/ledger/signed-note.ts'
import { evidenceFixture } from '../helpers/files.ts'
import { verifyInProcess } from '../helpers/script-in-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The command itself, in a child of its own. */
function verifyCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), ...args], { cwd: root, encoding: 'utf8' })
}

// The other cases are about what it finds, not how it starts: the same script, run in this process.
const verify = verifyInProcess

/** What an attacker holding the database file does first: drop the triggers that keep `tables` append-only. */
function dropAppendOnlyTriggers(sqlite: Database.Database, tables: string[]): void {
  const triggers = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
    .all(...tables) as { name: string }[]
  for (const { name } of triggers) sqlite.exec(`DROP TRIGGER ${name}`)
}

/** A data dir with an incident, two evidence files, a shared copy and a checkpoint; app closed. */
async function buildDataDir(t: Test): Promise<{ dir: string; ids: string[]; shas: string[] }> {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const id = (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const ids: string[] = []
  const shas: string[] = []
  for (const name of ['kabul-phone.jpg', 'phone-video.mp4']) {
    const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture(name), filename: name }])
    const res = (await inject({ method: 'POST', url: `/api/v1/incidents/${id}/evidence`, payload, headers })).json()
    ids.push(res.id)
    shas.push(res.sha256)
  }
  await inject({ url: `/api/v1/evidence/${ids[0]}/content?variant=shared` })
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, ids, shas }
}

// Built once; each test tampers with a copy of its own (the app is closed, so the files are all there is).
let built: { dir: string; ids: string[]; shas: string[] }
t.before(async () => {
  built = await buildDataDir(t)
})

async function dataDir(t: Test): Promise<{ dir: string; ids: string[]; shas: string[] }> {
  const dir = t.testdir({})
  cpSync(built.dir, dir, { recursive: true })
  return { dir, ids: built.ids, shas: built.shas }
}

t.test('npm run verify passes on an intact data dir and says what it checked', async (t) => {
  const { dir } = await dataDir(t)
  const res = verifyCli('--data-dir', dir)
  t.equal(res.status, 0, res.stdout + res.stderr)
  t.match(res.stdout, /ledger: +\d+ entries/)
  t.match(res.stdout, /3\/3 re-hashed/)
  t.match(res.stdout, /OK: everything verified/)
  const json = JSON.parse((await verify('--data-dir', dir, '--json', '--deep')).stdout)
  t.equal(json.ok, true)
  t.equal(json.evidence.records, 2)
})

t.test('one flipped byte in one blob fails verification naming that item', async (t) => {
  const { dir, ids, shas } = await dataDir(t)
  const blob = join(dir, 'blobs', 'sha256', shas[1]!.slice(0, 2), shas[1]!.slice(2, 4), shas[1]!)
  chmodSync(blob, 0o644)
  const bytes = readFileSync(blob)
  bytes[bytes.length >> 1]! ^= 0x01
  writeFileSync(blob, bytes)
  const res = await verify('--data-dir', dir)
  t.equal(res.status, 1)
  t.match(res.stdout, /SANAD_ERR_BLOB_ALTERED/)
  t.match(res.stdout, new RegExp(ids[1]!), 'names the evidence item')
  t.notMatch(res.stdout, new RegExp(`${ids[0]!}[^\\n]*ALTERED`))
})

t.test('an edited ledger entry or a swapped record fails verification', async (t) => {
  const { dir, ids } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  // An insider with the database drops the protection and rewrites history.
  db.exec('DROP TRIGGER ledger_entries_no_update; DROP TRIGGER evidence_no_update')
  const row = db.prepare('SELECT idx, canonical FROM ledger_entries WHERE idx = 1').get() as { idx: number; canonical: Buffer }
  db.prepare('UPDATE ledger_entries SET canonical = ? WHERE idx = 1').run(
    Buffer.from(row.canonical.toString().replace('"type":"', '"type":"x'))
  )
  db.prepare('UPDATE evidence SET size = size + 1 WHERE id = ?').run(ids[0])
  db.close()
  const res = await verify('--data-dir', dir)
  t.equal(res.status, 1)
  t.match(res.stdout, /SANAD_ERR_LEDGER_LEAF_MISMATCH[^\n]*entry 1/)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: evidence ${ids[0]!}`))
})

t.test('verification against a different published key fails', async (t) => {
  const { dir } = await dataDir(t)
  const other = generateNoteKey('sanad.local/ledger').verifierKey
  const res = await verify('--data-dir', dir, '--key', other)
  t.equal(res.status, 1)
  t.match(res.stdout, /SANAD_ERR_LEDGER_CHECKPOINT/)
})

t.test('verify explains its usage and refuses a missing data dir', async (t) => {
  t.match(verifyCli('--help').stdout, /usage: npm run verify/)
  t.equal(verifyCli('--data-dir', t.testdir({})).status, 2)
  t.equal((await verify('--bogus')).status, 2)
})

t.test('--workers takes a whole number from 1 and --key cannot be empty: usage errors, not a run that checks less', async (t) => {
  const { dir } = await dataDir(t)
  for (const bad of ['0', 'abc', '1.5', '--workers=-2']) {
    const res = bad.startsWith('--') ? await verify('--data-dir', dir, bad) : await verify('--data-dir', dir, '--workers', bad)
    t.equal(res.status, 2, bad)
    t.match(res.stderr, /--workers takes a whole number/)
  }
  t.equal(
    (await verify('--data-dir', dir, '--checkpoint', join(dir, 'no-such-checkpoint.txt'))).status,
    2,
    'a --checkpoint file that does not exist'
  )
  const emptyKey = await verify('--data-dir', dir, '--key', '')
  t.equal(emptyKey.status, 2, 'an empty --key is refused, not read as "trust the data dir"')
  t.match(emptyKey.stderr, /--key is empty/)
  const one = await verify('--data-dir', dir, '--workers', '1', '--json')
  t.equal(one.status, 0, one.stderr)
  t.equal(JSON.parse(one.stdout).blobs.hashed, JSON.parse(one.stdout).blobs.expected)
  t.equal(JSON.parse(one.stdout).verifierKeySource, 'data-dir', 'the report says whose key it trusted')
})

t.test('a verification that did not hash every blob fails, naming the blobs it skipped', async (t) => {
  const { dir, shas } = await dataDir(t)
  const sqlite = new Database(join(dir, 'sanad.db'), { readonly: true })
  try {
    const { verifyDataDir } = await import('../../server/modules/verify/service.ts')
    const { BlobStore } = await import('../../server/blobs/store.ts')
    const { loadLedgerSigner } = await import('../../server/keys/key-files.ts')
    const { loadConfig } = await import('../../server/config.ts')
    // No hashing threads at all: nothing gets hashed.
    const report = await verifyDataDir({
      sqlite,
      blobs: new BlobStore(dir),
      verifierKey: loadLedgerSigner(dir, loadConfig().ledgerOrigin, { create: false }).verifierKey,
      workers: []
    })
    t.equal(report.ok, false)
    const skipped = report.problems.filter((p) => p.code === 'SANAD_ERR_BLOB_UNREADABLE' && /was not hashed/.test(p.message))
    t.equal(skipped.length, report.blobs.expected)
    for (const sha of shas)
      t.ok(
        skipped.some((p) => p.sha256 === sha),
        `names ${sha.slice(0, 12)}…`
      )
  } finally {
    sqlite.close()
  }
})

t.test('a checkpoint the auditor kept from earlier verifies against a ledger that grew since', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })
  app.ledger.checkpoint()
  const sqlite = new Database(join(app.config.dataDir, 'sanad.db'), { readonly: true })
  const { note } = sqlite.prepare('SELECT note FROM ledger_checkpoints ORDER BY seq DESC LIMIT 1').get() as { note: string }
  sqlite.close()
  // The ledger grows and is signed again after the auditor kept that checkpoint.
  await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })
  app.ledger.checkpoint()
  await app.close()
  const kept = join(app.config.dataDir, '..', 'kept-checkpoint.txt')
  writeFileSync(kept, note)
  const res = await verify('--data-dir', app.config.dataDir, '--checkpoint', kept)
  t.equal(res.status, 0, res.stdout)
  t.notMatch(res.stdout, /ROLLBACK/)
})

t.test('a ledger whose checkpoints were all deleted fails: nothing ties it to the published key', async (t) => {
  const { dir } = await dataDir(t)
  const sqlite = new Database(join(dir, 'sanad.db'))
  dropAppendOnlyTriggers(sqlite, ['ledger_checkpoints'])
  sqlite.exec('DELETE FROM ledger_checkpoints')
  sqlite.close()
  const res = await verify('--data-dir', dir)
  t.equal(res.status, 1)
  t.match(res.stdout, /SANAD_ERR_LEDGER_UNANCHORED/)
})

t.test('evidence whose record was deleted fails verification: the ledger says it was received', async (t) => {
  const { dir, ids } = await dataDir(t)
  const sqlite = new Database(join(dir, 'sanad.db'))
  dropAppendOnlyTriggers(sqlite, ['evidence', 'evidence_copies'])
  sqlite.exec('DELETE FROM evidence_copies')
  sqlite.prepare('DELETE FROM evidence WHERE id = ?').run(ids[1])
  sqlite.close()
  const res = await verify('--data-dir', dir, '--json')
  t.equal(res.status, 1)
  const problems = JSON.parse(res.stdout).problems as { code: string; evidenceId?: string; message: string }[]
  t.ok(
    problems.some((p) => p.code === 'SANAD_ERR_RECORD_MISSING' && p.evidenceId === ids[1] && /ingestion/.test(p.message)),
    'the deleted original'
  )
  t.ok(
    problems.some((p) => p.code === 'SANAD_ERR_RECORD_MISSING' && p.evidenceId === ids[0] && /shared copy/.test(p.message)),
    'the deleted shared copy'
  )
})
