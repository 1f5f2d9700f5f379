import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, chmodSync, readdirSync, statSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { testApp, incidentInput } from '../helpers/app.ts'
import { as } from '../helpers/client.ts'
import { multipart } from '../helpers/multipart.ts'
import { backup } from '../../scripts/backup.ts'
import { openCheckpoint } from '../../server/lib/ledger/signed-note.ts'
import { evidenceFixture } from '../helpers/files.ts'
import { verifyInProcess } from '../helpers/script-in-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
// testApp() owns t.testdir(); scratch space for backups lives beside it.
function scratch(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-backup-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
// backup and restore run as commands (their output is what these tests read); the restored data dir is
// checked with verify run in this process (test/scripts/verify.test.ts runs that command).
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', script), ...args], { cwd: root, encoding: 'utf8' })

t.test('a backup taken while the server writes restores into an empty data dir that verifies clean', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incident = (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  for (const name of ['kabul-phone.jpg', 'screenshot.png']) {
    const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture(name), filename: name }])
    t.equal((await inject({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })).statusCode, 201)
  }
  app.ledger.checkpoint()
  const work = scratch(t)
  // Writes keep arriving while the backup runs.
  let writing = true
  let writes = 0
  const writer = (async () => {
    while (writing) {
      const { payload, headers } = multipart([{ name: 'file', value: Buffer.from(`statement ${writes}`), filename: `s${writes}.txt` }])
      await inject({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })
      await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ title: `during backup ${writes}` }) })
      writes++
      await new Promise((resolve) => setImmediate(resolve))
    }
  })()
  const result = await backup(app.config.dataDir, join(work, 'backup'), () => {}, { withKeys: true })
  writing = false
  await writer
  t.ok(writes > 0, `${writes} writes happened during the backup`)
  t.ok(result.ledgerSize > 0)

  const manifest = JSON.parse(readFileSync(join(work, 'backup', 'backup-manifest.json'), 'utf8'))
  t.ok(manifest.files.some((f: { path: string }) => f.path === 'sanad.db'))
  t.ok(
    manifest.files.some((f: { path: string }) => f.path.startsWith('keys/')),
    'keys are backed up with --with-keys'
  )
  t.ok(manifest.files.some((f: { path: string }) => f.path.startsWith('blobs/sha256/')))

  const restored = join(work, 'restored')
  const r = run('restore.ts', join(work, 'backup'), '--data-dir', restored)
  t.equal(r.status, 0, r.stderr)
  const v = await verifyInProcess('--data-dir', restored, '--json')
  t.equal(v.status, 0, v.stdout + v.stderr)
  const report = JSON.parse(v.stdout)
  const db = new Database(join(restored, 'sanad.db'), { readonly: true })
  const last = db.prepare('SELECT note FROM ledger_checkpoints ORDER BY seq DESC LIMIT 1').get() as { note: string }
  db.close()
  const key = readFileSync(join(restored, 'keys', 'ledger-signing.key'), 'utf8')
  t.ok(key.startsWith('PRIVATE+KEY+'))
  const { checkpoint } = openCheckpoint(last.note, app.ledger.verifierKey())
  t.equal(report.ledger.latestCheckpoint.size, checkpoint.size)
  t.equal(
    report.ledger.latestCheckpoint.rootHash,
    checkpoint.rootHash.toString('hex'),
    'the restored ledger has the root of the checkpoint in the backup'
  )
})

t.test('restore refuses a non-empty target and an altered backup', async (t) => {
  const app = await testApp(t)
  const inject = await as(app, 'documenter')
  const incident = (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'a.jpg' }])
  await inject({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })
  const work = scratch(t)
  mkdirSync(join(work, 'occupied'))
  writeFileSync(join(work, 'occupied', 'file.txt'), 'x')
  await backup(app.config.dataDir, join(work, 'backup'))
  const notEmpty = run('restore.ts', join(work, 'backup'), '--data-dir', join(work, 'occupied'))
  t.equal(notEmpty.status, 1)
  t.match(notEmpty.stderr, /not empty/)
  const blobDir = join(work, 'backup', 'blobs', 'sha256')
  const a = readdirSync(blobDir)[0]!
  const b = readdirSync(join(blobDir, a))[0]!
  const blob = join(blobDir, a, b, readdirSync(join(blobDir, a, b))[0]!)
  chmodSync(blob, 0o644)
  const bytes = readFileSync(blob)
  bytes[100]! ^= 0xff
  writeFileSync(blob, bytes)
  const altered = run('restore.ts', join(work, 'backup'), '--data-dir', join(work, 'fresh'))
  t.equal(altered.status, 1)
  t.match(altered.stderr, /altered in the backup/)
  t.throws(() => statSync(join(work, 'fresh', 'sanad.db')), 'nothing was restored')
  const usage = run('backup.ts')
  t.equal(usage.status, 2)
  t.match(usage.stderr, /usage: npm run backup/)
})

t.test('npm run backup leaves the keys out unless --with-keys, and says so; a restore of it says which keys to put back', async (t) => {
  const app = await testApp(t)
  const work = scratch(t)
  const plain = run('backup.ts', join(work, 'keyless'), '--data-dir', app.config.dataDir)
  t.equal(plain.status, 0, plain.stderr)
  t.throws(() => statSync(join(work, 'keyless', 'keys')), 'no keys folder')
  t.equal(JSON.parse(readFileSync(join(work, 'keyless', 'backup-manifest.json'), 'utf8')).keysIncluded, false)
  t.match(plain.stdout, /keys: left out \(keys\/master\.key, keys\/ledger-signing\.key\)/)
  t.match(plain.stdout, /--with-keys/)
  t.match(plain.stdout, /keys left out$/m)

  const old = run('backup.ts', join(work, 'old-flag'), '--data-dir', app.config.dataDir, '--without-keys')
  t.equal(old.status, 0, old.stderr)
  t.match(old.stdout, /--without-keys is no longer needed/)
  t.throws(() => statSync(join(work, 'old-flag', 'keys')), '--without-keys still leaves the keys out')
  t.equal(
    run('backup.ts', join(work, 'both'), '--data-dir', app.config.dataDir, '--with-keys', '--without-keys').status,
    2,
    'both flags: a usage error'
  )

  const withKeys = run('backup.ts', join(work, 'with'), '--data-dir', app.config.dataDir, '--with-keys')
  t.equal(withKeys.status, 0, withKeys.stderr)
  t.match(withKeys.stdout, /keys: included \(--with-keys\): this backup can decrypt/)
  t.ok(statSync(join(work, 'with', 'keys', 'master.key')).isFile())
  t.equal(JSON.parse(readFileSync(join(work, 'with', 'backup-manifest.json'), 'utf8')).keysIncluded, true)

  const restored = run('restore.ts', join(work, 'keyless'), '--data-dir', join(work, 'restored'))
  t.equal(restored.status, 0, restored.stderr)
  t.match(restored.stdout, /holds no key files/)
  t.match(restored.stdout, new RegExp(`${join(work, 'restored', 'keys', 'master.key').replace(/[./]/g, '\\$&')}.*SANAD_MASTER_KEY_FILE`))
  t.match(restored.stdout, /ledger-signing\.key/)
  const full = run('restore.ts', join(work, 'with'), '--data-dir', join(work, 'restored-with'))
  t.equal(full.status, 0, full.stderr)
  t.notMatch(full.stdout, /holds no key files/, 'a backup with keys needs nothing put back')
})

t.test('a backup made before the first checkpoint is anchored by one, and its restore verifies', async (t) => {
  // checkpointIntervalMs 0 (testApp's default): within its first minute a deployment has no checkpoint yet.
  const app = await testApp(t, { config: { ledgerOrigin: 'rights.example.org/sanad' } })
  const inject = await as(app, 'documenter')
  t.equal((await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).statusCode, 201)
  const size = app.ledger.size()
  t.equal(app.ledger.latestCheckpoint(), undefined, 'no checkpoint yet')
  const work = scratch(t)
  const b = run('backup.ts', join(work, 'backup'), '--data-dir', app.config.dataDir, '--with-keys')
  t.equal(b.status, 0, b.stderr)
  t.match(b.stdout, `ledger: signed a checkpoint of ${size} entries`)
  const signed = app.ledger.latestCheckpoint()
  t.equal(signed?.size, size, 'the live ledger now has a checkpoint over every entry')
  t.equal(
    openCheckpoint(signed!.note, app.ledger.verifierKey()).checkpoint.origin,
    'rights.example.org/sanad',
    "signed with the deployment's key and origin"
  )

  const restored = join(work, 'restored')
  const r = run('restore.ts', join(work, 'backup'), '--data-dir', restored)
  t.equal(r.status, 0, r.stderr)
  const v = await verifyInProcess('--data-dir', restored, '--json')
  t.equal(v.status, 0, v.stdout + v.stderr)
  const report = JSON.parse(v.stdout)
  t.same(report.problems ?? [], [])
  t.equal(report.ledger.latestCheckpoint.size, size)

  // A second backup with nothing new signs nothing more.
  const again = run('backup.ts', join(work, 'again'), '--data-dir', app.config.dataDir)
  t.equal(again.status, 0, again.stderr)
  t.notMatch(again.stdout, /signed a checkpoint/)
  t.equal(app.ledger.checkpoints().length, 1)
})
