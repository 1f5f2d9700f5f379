// Shared by the browser tests: the real server (scripts/bench/harness.ts startServer), Debian's
// Chromium through playwright-core, accounts made through the API, guards that fail a test on any
// console error or any request leaving the server's origin, screenshots and axe-core.
//
// Run directly (tap does), this file checks its own guard logic.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startServer, ROOT } from '../../scripts/bench/harness.ts'
import { SYSTEM_TOOLS } from '../../scripts/system-tools.mjs'
import { en } from '../../web/src/i18n/en.ts'
import { fa } from '../../web/src/i18n/fa.ts'
import { ps } from '../../web/src/i18n/ps.ts'

// Debian's Chromium, where npm test's pretest installs it (tests check with requireTool(t, 'chromium')).
export const CHROMIUM = SYSTEM_TOOLS.chromium.path!
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic'
]
export const ADMIN_PASSWORD = 'quiet river lantern 5519 harbour'
export const USER_PASSWORD = 'browser-test user pass-phrase 8830'
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots')
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'evidence')
export const TEXT = { en, fa, ps }
export type UiLang = 'en' | 'fa' | 'ps'
/** <html lang> in each interface language. */
export const HTML_LANG: Record<UiLang, string> = { en: 'en', fa: 'fa-AF', ps: 'ps-AF' }

/** Builds web/dist when it is missing (npm test builds it first through "pretest"). */
export function ensureWebBuilt(): void {
  if (existsSync(join(ROOT, 'web', 'dist', 'index.html'))) return
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stdout}\n${r.stderr}`)
}

type TestLike = {
  teardown: (fn: () => unknown) => void
  testdir: (f: Record<string, never>) => string
}

export type Session = { cookie: string; csrf: string }

export type Env = {
  url: string
  /** The server's data directory (for `npm run verify --data-dir` after a journey). */
  dataDir: string
  browser: Browser
  /** Signs in through the API and returns the cookie and CSRF token. */
  apiLogin: (username: string, password: string) => Promise<Session>
  /** Calls the API as that session (JSON body). */
  api: (s: Session, method: string, path: string, body?: unknown) => Promise<Response>
  /** Creates an account of `role` (through the admin's API session) and returns its username. */
  createUser: (role: 'documenter' | 'legal' | 'auditor' | 'admin', username?: string) => Promise<string>
}

/** Starts the real server on a free port with a fresh data dir, and Chromium; both end with the test. */
export async function startEnv(t: TestLike): Promise<Env> {
  ensureWebBuilt()
  const dataDir = join(t.testdir({}), 'data')
  const server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: ADMIN_PASSWORD, SANAD_CHECKPOINT_INTERVAL_MS: '0' })
  t.teardown(() => server.stop())
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
  t.teardown(() => browser.close())

  const apiLogin = async (username: string, password: string): Promise<Session> => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password })
    })
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
    const { csrfToken } = (await res.json()) as { csrfToken: string }
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: csrfToken }
  }
  const api = async (s: Session, method: string, path: string, body?: unknown): Promise<Response> =>
    await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
  const admin = await apiLogin('admin', ADMIN_PASSWORD)
  const createUser: Env['createUser'] = async (role, username = `bt-${role}`) => {
    const res = await api(admin, 'POST', '/api/v1/users', { username, password: USER_PASSWORD, role })
    if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${await res.text()}`)
    return username
  }
  return { url: server.url, dataDir, browser, apiLogin, api, createUser }
}

export type Guarded = {
  context: BrowserContext
  page: Page
  problems: string[]
  /**
   * Declares one answer the test provokes on purpose (e.g. 401 SANAD_ERR_TOTP_REQUIRED, which the
   * sign-in protocol requires): Chromium logs it as a console error, which is then not a problem.
   * Each expectation excuses exactly one such message.
   */
  expectErrorAnswer: (path: string, status: number) => void
}

/**
 * A fresh browser context whose page records, as problems, every console error, uncaught page
 * error, failed request and request to anywhere but the server's own origin.
 */
export async function guardedPage(
  env: Env,
  options: { locale?: string; viewport?: { width: number; height: number }; serviceWorkers?: 'allow' | 'block' } = {}
): Promise<Guarded> {
  const context = await env.browser.newContext({
    // The app's service worker answers navigations from its cache; journeys that intercept API
    // answers (page.route) run without it, the offline tests with it.
    serviceWorkers: options.serviceWorkers ?? 'block',
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 }
  })
  const page = await context.newPage()
  const problems: string[] = []
  const expected: { path: string; status: number }[] = []
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const at = msg.location().url
    const i = expected.findIndex((e) => at === `${env.url}${e.path}` && msg.text().includes(`status of ${e.status}`))
    if (i >= 0) expected.splice(i, 1)
    else problems.push(`console error: ${msg.text()} (${at})`)
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('request', (req) => {
    if (!sameOrigin(req.url(), env.url)) problems.push(`request leaving ${env.url}: ${req.url()}`)
  })
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? ''
    // A download the test saves itself, or a navigation away, can abort a request; nothing else may fail.
    if (!/ERR_ABORTED/.test(failure)) problems.push(`request failed: ${req.url()} ${failure}`)
  })
  return {
    context,
    page,
    problems,
    expectErrorAnswer: (path, status) => {
      expected.push({ path, status })
    }
  }
}

/** A common phone's screen (in CSS pixels), for journeys checked at the size most users have. */
export const PHONE = { width: 390, height: 844 }
/** A small Android phone, the narrowest screen the field screens are made for. */
export const SMALL_PHONE = { width: 360, height: 740 }

/** True when `url` is exactly on the server's origin (scheme, host and port). */
export function sameOrigin(url: string, base: string): boolean {
  return url === base || url.startsWith(`${base}/`)
}

/** Signs in through the sign-in screen. */
export async function signIn(page: Page, url: string, username: string, password: string, lang: UiLang): Promise<void> {
  await page.goto(`${url}/?lang=${lang}`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button[type=submit]')
  await page.waitForSelector('#page-title')
  await waitUntil(page, `document.querySelector('#page-title')?.textContent === ${JSON.stringify(TEXT[lang]['dashboard.title'])}`)
}

/**
 * Waits until a JavaScript expression is true in the page. (page.waitForFunction evaluates its
 * predicate with eval inside the page, which the application's CSP rightly refuses; page.evaluate
 * goes through the DevTools protocol.)
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await page.evaluate(expression)) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${expression}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Switches the interface language with the header's selector and waits for <html lang>. */
export async function switchLang(page: Page, lang: UiLang): Promise<void> {
  await page.selectOption('.lang-switch select', lang)
  await waitUntil(page, `document.documentElement.lang === ${JSON.stringify(HTML_LANG[lang])}`)
}

/** Saves a screenshot of the page as it is, in the current language: `<name>.<lang>.png`. */
export async function screenshot(page: Page, name: string, lang: UiLang): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.evaluate('document.fonts.ready')
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.${lang}.png`), fullPage: true })
}

/** Screenshots in the current language and in the other one, then switches back. */
export async function screenshotBoth(page: Page, name: string, current: UiLang): Promise<void> {
  const other: UiLang = current === 'en' ? 'fa' : 'en'
  await screenshot(page, name, current)
  await switchLang(page, other)
  await screenshot(page, name, other)
  await switchLang(page, current)
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] }

/**
 * Runs axe-core on the page (injected through the DevTools protocol, so the page's CSP stays in force
 * for the application) and returns the serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe !== "undefined"')
  if (!loaded) await page.evaluate(AXE)
  const all = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
  })))`)) as AxeViolation[]
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** Drops files on an element the way a person dragging them from the desktop does (DataTransfer). */
export async function dropFiles(page: Page, selector: string, files: { path: string; name: string; type: string }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: readFileSync(f.path).toString('base64') }))
  await page.evaluate(`(async ({ selector, files }) => {
    const dt = new DataTransfer()
    for (const f of files) {
      const bin = atob(f.base64)
      const bytes = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
      dt.items.add(new File([bytes], f.name, { type: f.type }))
    }
    const el = document.querySelector(selector)
    if (!el) throw new Error('no drop target ' + selector)
    for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }))
  })(${JSON.stringify({ selector, files: payload })})`)
}

/** Writes a small JSON report next to the screenshots (what was checked, for people reading CI output). */
export function writeReport(name: string, data: unknown): void {
  mkdirSync(SCREENSHOTS, { recursive: true })
  writeFileSync(join(SCREENSHOTS, `${name}.json`), JSON.stringify(data, null, 2) + '\n')
}

// Run by tap as a file of its own: check the pure parts.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { default: t } = await import('tap')
  t.test('the request guard accepts only the server origin', async (t) => {
    const base = 'http://127.0.0.1:4321'
    t.ok(sameOrigin(`${base}/assets/x.js`, base))
    t.ok(sameOrigin(base, base))
    t.notOk(sameOrigin('http://127.0.0.1:43210/x', base), 'another port')
    t.notOk(sameOrigin('http://127.0.0.1:4321.evil.example/x', base))
    t.notOk(sameOrigin('https://fonts.googleapis.com/css', base))
    t.notOk(sameOrigin('data:font/woff2;base64,AAAA', base))
  })
  t.test('Chromium runs with the flags the issue names', async (t) => {
    for (const flag of [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ])
      t.ok(CHROMIUM_ARGS.includes(flag), flag)
  })
}
