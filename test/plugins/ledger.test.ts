import t from 'tap'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../../server/app.ts'
import { openCheckpoint } from '../../server/lib/ledger/signed-note.ts'
import { freePort } from '../../scripts/bench/harness.ts'
import { verifyInProcess } from '../helpers/script-in-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
// What `npm run verify` finds, run in this process (test/scripts/verify.test.ts runs the command itself).
const verify = (dataDir: string) => verifyInProcess('--data-dir', dataDir, '--json')

t.test('entries a killed server left without a checkpoint are anchored by a signed one at the next start', async (t) => {
  const dataDir = join(t.testdir({}), 'data')
  const port = await freePort()
  // First start (the admin account is created: one custody entry), no periodic checkpoint, then SIGKILL.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      SANAD_DATA_DIR: dataDir,
      SANAD_PORT: String(port),
      SANAD_HOST: '127.0.0.1',
      SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821',
      SANAD_CHECKPOINT_INTERVAL_MS: '0'
    },
    stdio: 'ignore'
  })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  let up = false
  for (let i = 0; i < 150 && !up; i++) {
    try {
      up = (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  t.ok(up, 'the server started')
  child.kill('SIGKILL')
  await exited
  const before = JSON.parse((await verify(dataDir)).stdout)
  t.match(before.problems, [{ code: 'SANAD_ERR_LEDGER_UNANCHORED' }], 'killed before any checkpoint: nothing signs its entries')

  const app = await buildApp({ logger: false, config: { dataDir, checkpointIntervalMs: 0 } })
  t.teardown(() => app.close())
  const size = app.ledger.size()
  t.ok(size >= 1)
  const latest = app.ledger.latestCheckpoint()
  t.equal(latest?.size, size, 'the next start signed a checkpoint over every entry before serving')
  t.equal(openCheckpoint(latest!.note, app.ledger.verifierKey()).checkpoint.size, size)
  const after = await verify(dataDir)
  t.equal(after.status, 0, after.stdout + after.stderr)

  // A start with everything already anchored signs nothing more.
  await app.close()
  const again = await buildApp({ logger: false, config: { dataDir, checkpointIntervalMs: 0 } })
  t.teardown(() => again.close())
  t.equal(again.ledger.checkpoints().length, 1)
})

t.test('a fresh data dir gets no checkpoint at start: there is nothing to anchor', async (t) => {
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821' },
    config: { dataDir: join(t.testdir({}), 'data'), checkpointIntervalMs: 0 }
  })
  t.teardown(() => app.close())
  t.equal(app.ledger.checkpoints().length, 0)
})
