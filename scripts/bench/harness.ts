import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export type Figure = {
  section: string
  name: string
  value: number
  unit: string
  baseline?: string
  ratio?: number
  target?: string
  met?: boolean
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Wall time of a shell command, in seconds. */
export function timeCommand(cmd: string, args: string[]): number {
  const start = process.hrtime.bigint()
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString()}`)
  return Number(process.hrtime.bigint() - start) / 1e9
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Resident set size of a process now (VmRSS), in bytes. */
export function currentRss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return kb ? Number(kb) * 1024 : NaN
}

/** Peak resident set size of a process, from the kernel's high-water mark (VmHWM), in bytes. */
export function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
  return kb ? Number(kb) * 1024 : NaN
}

export type RunningServer = { url: string; child: ChildProcess; stop: () => Promise<void> }

let bundled = false

/**
 * Builds the server as `npm start` runs it (plain JavaScript, no TypeScript loader) and makes
 * startServer() use that build: benchmarks measure the production process, tests the sources.
 */
export function useBuiltServer(): void {
  const r = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error('npm run build:server failed')
  bundled = true
}

/** The arguments `npm start` gives node (its flags, then the built server), read from package.json. */
export function startCommandArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const [node, ...args] = start.split(/\s+/)
  if (node !== 'node' || !args.at(-1)?.endsWith('.mjs')) throw new Error(`unexpected start script: ${start}`)
  return args.map((a) => (a.endsWith('.mjs') ? join(ROOT, a) : a))
}

/** Starts the real server as a separate process on a free port. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort()
  const args = bundled ? startCommandArgs() : ['--import', 'tsx', join(ROOT, 'server/server.ts')]
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Benchmarks and browser tests drive admin and legal accounts through the API without a second
    // factor: the rule (on by default) is off unless the caller sets SANAD_REQUIRE_MFA.
    env: {
      ...process.env,
      SANAD_DATA_DIR: dataDir,
      SANAD_PORT: String(port),
      SANAD_HOST: '127.0.0.1',
      SANAD_LOG_LEVEL: 'warn',
      SANAD_REQUIRE_MFA: '0',
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (d) => {
    output += String(d)
  })
  child.stderr?.on('data', (d) => {
    output += String(d)
  })
  const url = `http://127.0.0.1:${port}`
  // Up to 90 s: on a machine shared by several test runs, tsx alone can take longer than 20 s.
  for (let i = 0; i < 900; i++) {
    try {
      const res = await fetch(`${url}/api/v1/health`)
      if (res.ok) break
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  } as RunningServer & { output: () => string }
}

/** Headers that authenticate as a documenter, when the server has accounts; empty otherwise. */
export async function authenticate(url: string, adminPassword: string, role = 'documenter'): Promise<Record<string, string>> {
  const me = await fetch(`${url}/api/v1/auth/me`)
  if (me.status === 404) return {}
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword })
  })
  if (!login.ok) throw new Error(`admin login failed: ${login.status} ${await login.text()}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const admin = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }
  const username = `bench-${role}`
  const password = 'bench-password-' + Math.random().toString(36).slice(2) + '-Xy9!'
  const created = await fetch(`${url}/api/v1/users`, { method: 'POST', headers: admin, body: JSON.stringify({ username, password, role }) })
  if (!created.ok) throw new Error(`user creation failed: ${created.status} ${await created.text()}`)
  const userLogin = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password })
  })
  const userCookie = (userLogin.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const { csrfToken: userCsrf } = (await userLogin.json()) as { csrfToken: string }
  const token = await fetch(`${url}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { cookie: userCookie, 'x-csrf-token': userCsrf, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' })
  })
  if (!token.ok) throw new Error(`token creation failed: ${token.status} ${await token.text()}`)
  const { token: secret } = (await token.json()) as { token: string }
  return { authorization: `Bearer ${secret}` }
}
