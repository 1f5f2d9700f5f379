import t, { type Test } from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
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
    env: {
      ...process.env,
      SANAD_DATA_DIR: dataDir,
      SANAD_PORT: String(port),
      SANAD_HOST: '127.0.0.1',
      SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d) => {
    output += String(d)
  })
  child.stderr.on('data', (d) => {
    output += String(d)
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let health: Response | undefined
  for (let i = 0; i < 100 && !health; i++) {
    try {
      health = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
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
    env: {
      ...process.env,
      SANAD_DATA_DIR: dataDir,
      SANAD_PORT: String(port),
      SANAD_HOST: '127.0.0.1',
      SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let health: Response | undefined
  for (let i = 0; i < 100 && !health; i++) {
    try {
      health = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  t.equal(health?.status, 200)
  const taxonomy = await fetch(`http://127.0.0.1:${port}/api/v1/taxonomy`)
  t.equal(taxonomy.status, 200, 'bundled data and schemas resolve')
  const docs = await fetch(`http://127.0.0.1:${port}/api/docs/json`)
  t.equal(docs.status, 200)
  child.kill('SIGTERM')
  t.equal(await exited, 0)
})

/** Starts the server with `env` on a fresh data dir and waits for it to exit (it must not start). */
async function refusedStart(
  t: Test,
  env: Record<string, string>,
  args = ['--import', 'tsx', 'server/server.ts']
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = join(t.testdir({}), 'data')
  const port = await freePort()
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      SANAD_DATA_DIR: dataDir,
      SANAD_PORT: String(port),
      SANAD_HOST: '127.0.0.1',
      SANAD_ADMIN_PASSWORD: 'Quiet-river-passphrase-4821',
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += String(d)
  })
  child.stderr.on('data', (d) => {
    stderr += String(d)
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Exit 1, one line on stderr beginning with the refused setting, no stack frame anywhere. */
function assertRefused(t: Test, r: { code: number | null; stdout: string; stderr: string }, line: RegExp): void {
  t.equal(r.code, 1, 'exits 1')
  const lines = r.stderr.split('\n').filter(Boolean)
  t.equal(lines.length, 1, `one line on stderr: ${r.stderr}`)
  t.match(lines[0], line)
  t.notMatch(r.stderr + r.stdout, /^\s+at /m, 'no stack trace')
}

t.test(
  'a first start with an admin password the rules refuse prints one line naming SANAD_ADMIN_PASSWORD and the rule (the build npm start runs)',
  async (t) => {
    // The previous test built server/.build.
    const r = await refusedStart(t, { SANAD_ADMIN_PASSWORD: 'admin-river-lantern-5519' }, startCommandArgs())
    assertRefused(t, r, /^Sanad did not start: SANAD_ADMIN_PASSWORD is not acceptable: The password must not contain the username\.$/)
    t.notMatch(r.stderr + r.stdout, /admin-river-lantern-5519/, 'the refused password is not echoed')
  }
)

t.test('a refused port, log level or master key file stops the start with one line naming the setting', async (t) => {
  const dir = t.testdir({})
  const shortKey = join(dir, 'short.key')
  writeFileSync(shortKey, Buffer.alloc(16).toString('base64'))
  chmodSync(shortKey, 0o600)
  const openKey = join(dir, 'open.key')
  writeFileSync(openKey, Buffer.alloc(32).toString('base64'))
  chmodSync(openKey, 0o644)
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['port', { SANAD_PORT: '70000' }, /^Sanad did not start: SANAD_PORT must be an integer between 0 and 65535, got "70000"$/],
    ['log level', { SANAD_LOG_LEVEL: 'loud' }, /^Sanad did not start: SANAD_LOG_LEVEL must be one of /],
    [
      'missing key',
      { SANAD_MASTER_KEY_FILE: join(dir, 'missing.key') },
      /^Sanad did not start: SANAD_MASTER_KEY_FILE refused: no master key at /
    ],
    [
      'short key',
      { SANAD_MASTER_KEY_FILE: shortKey },
      /^Sanad did not start: SANAD_MASTER_KEY_FILE refused: .*short\.key does not hold a 32-byte base64 key$/
    ],
    [
      'key readable by others',
      { SANAD_MASTER_KEY_FILE: openKey },
      /^Sanad did not start: SANAD_MASTER_KEY_FILE refused: .*open\.key is readable by group or others/
    ]
  ]
  for (const [name, env, line] of cases) {
    t.test(name, async (t) => assertRefused(t, await refusedStart(t, env), line))
  }
})

t.test('a port already in use stops the start with one line naming SANAD_PORT', async (t) => {
  const port = await freePort()
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve))
  t.teardown(() => {
    taken.close()
  })
  const r = await refusedStart(t, { SANAD_PORT: String(port) })
  assertRefused(t, r, new RegExp(`^Sanad did not start: SANAD_PORT ${port} is already in use on 127\\.0\\.0\\.1$`))
})
