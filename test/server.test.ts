import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { freePort, startCommandArgs } from '../scripts/bench/harness.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

t.test('server.ts listens on SANAD_HOST:SANAD_PORT, creates the database, and stops cleanly on SIGTERM', async (t) => {
  const dataDir = join(t.testdir({}), 'data')
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: root,
    env: { ...process.env, SANAD_DATA_DIR: dataDir, SANAD_PORT: String(port), SANAD_HOST: '127.0.0.1', SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d) => { output += String(d) })
  child.stderr.on('data', (d) => { output += String(d) })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let health: Response | undefined
  for (let i = 0; i < 100 && !health; i++) {
    try { health = await fetch(`http://127.0.0.1:${port}/api/v1/health`) } catch { await new Promise((r) => setTimeout(r, 100)) }
  }
  t.ok(health, output)
  t.equal(health?.status, 200)
  t.same(await health?.json(), { status: 'ok' })
  t.ok(existsSync(join(dataDir, 'sanad.db')), 'sanad.db created in the data dir')
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exit code 0 after SIGTERM')
  const db = new Database(join(dataDir, 'sanad.db'), { readonly: true })
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  db.close()
})

t.test('npm run migrate applies the migrations to a data dir and reports it', async (t) => {
  const dataDir = join(t.testdir({}), 'fresh')
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', '--data-dir', dataDir], { cwd: root, encoding: 'utf8' })
  t.equal(res.status, 0, res.stderr)
  t.match(res.stdout, /schema up to date \(\d+ migrations applied\)/)
  const db = new Database(join(dataDir, 'sanad.db'), { readonly: true })
  t.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'incidents_fts'").get())
  db.close()
})

t.test('the build npm start runs (plain JavaScript, no TypeScript loader) serves the API', async (t) => {
  const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, encoding: 'utf8' })
  t.equal(build.status, 0, build.stderr)
  const dataDir = join(t.testdir({}), 'data')
  const port = await freePort()
  // Exactly what npm start runs: its node flags and the built file, from package.json.
  const child = spawn(process.execPath, startCommandArgs(), {
    cwd: root,
    env: { ...process.env, SANAD_DATA_DIR: dataDir, SANAD_PORT: String(port), SANAD_HOST: '127.0.0.1', SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let health: Response | undefined
  for (let i = 0; i < 100 && !health; i++) {
    try { health = await fetch(`http://127.0.0.1:${port}/api/v1/health`) } catch { await new Promise((r) => setTimeout(r, 100)) }
  }
  t.equal(health?.status, 200)
  const taxonomy = await fetch(`http://127.0.0.1:${port}/api/v1/taxonomy`)
  t.equal(taxonomy.status, 200, 'bundled data and schemas resolve')
  const docs = await fetch(`http://127.0.0.1:${port}/api/docs/json`)
  t.equal(docs.status, 200)
  child.kill('SIGTERM')
  t.equal(await exited, 0)
})
