// Component tests: one screen of web/src rendered by itself in Debian's Chromium, with the app's
// context given (language, role) and every API answer scripted by the test. No server, no build of
// the whole app: esbuild bundles the screens once per test file and Playwright serves the page and
// the API from an invented origin, so a test says exactly what the server answers and sees every
// request the screen makes.

import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium, type Browser, type Page, type Route } from 'playwright-core'
import { SYSTEM_TOOLS } from '../../scripts/system-tools.mjs'
import { schemaValidators } from '../../web/vite.config.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ORIGIN = 'http://sanad.test'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

// The page's entry: mounts one screen inside the app's context. (A string, not a file, because the
// root tsconfig checks test/ as Node code, without JSX or the DOM.)
const ENTRY = `
import { render } from 'preact'
import { AppContext } from './web/src/context.ts'
import { translate, applyLang } from './web/src/i18n/index.ts'
import { CasesPage, CaseBuilder, CaseView } from './web/src/screens/cases.tsx'
import { IncidentList } from './web/src/screens/incident-list.tsx'

const SCREENS = {
  cases: () => <CasesPage />,
  'case-builder': () => <CaseBuilder />,
  case: (p) => <CaseView id={p.id} />,
  incidents: () => <IncidentList />
}
window.sanad = { navigations: [], announcements: [] }
window.sanadMount = (screen, props, ctx) => {
  applyLang(ctx.lang)
  const state = {
    lang: ctx.lang,
    setLang: () => {},
    t: (key, vars) => translate(ctx.lang, key, vars),
    session: ctx.role ? { username: ctx.username, role: ctx.role, mfa: 'ok' } : null,
    setSession: () => {},
    ref: null,
    path: '/',
    search: new URLSearchParams(ctx.search ?? ''),
    navigate: (to) => { window.sanad.navigations.push(to) },
    announce: (m) => { window.sanad.announcements.push(m) }
  }
  render(<AppContext.Provider value={state}>{SCREENS[screen](props)}</AppContext.Provider>, document.getElementById('root'))
}
`

/** The browser's schema validators, compiled by the same code as Vite's build of the app. */
function validatorsModule(): string {
  const plugin = schemaValidators() as unknown as { load: (this: { addWatchFile: (f: string) => void }, id: string) => string }
  return plugin.load.call({ addWatchFile: () => {} }, '\0virtual:schema-validators')
}

let bundle: Promise<string> | null = null
function bundled(): Promise<string> {
  bundle ??= build({
    stdin: { contents: ENTRY, loader: 'tsx', resolveDir: ROOT, sourcefile: 'component-entry.tsx' },
    bundle: true,
    write: false,
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
    plugins: [
      {
        name: 'sanad-schema-validators',
        setup(b) {
          b.onResolve({ filter: /^virtual:schema-validators$/ }, () => ({ path: 'schema-validators', namespace: 'sanad' }))
          b.onLoad({ filter: /.*/, namespace: 'sanad' }, () => ({ contents: validatorsModule(), loader: 'js', resolveDir: ROOT }))
        }
      }
    ]
  }).then((r) => r.outputFiles[0]!.text)
  return bundle
}

type TestLike = { teardown: (fn: () => unknown) => void }

/** Debian's Chromium for the whole test file (tests check with requireTool(t, 'chromium') first). */
export async function launch(t: TestLike): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: SYSTEM_TOOLS.chromium.path!, args: CHROMIUM_ARGS, headless: true })
  t.teardown(() => browser.close())
  return browser
}

/** One scripted answer: JSON with a status, or a connection that never reaches the server. */
export type Answer = { status?: number; body?: unknown } | 'network-down'
export type Ctx = {
  lang: 'en' | 'fa' | 'ps'
  role?: 'admin' | 'documenter' | 'reviewer' | 'legal' | 'auditor'
  username?: string
  /** The page's query string (`?tag=massacre`), as after a reload of that URL. */
  search?: string
}

export type Screen = {
  page: Page
  /** Every API request made so far, as `METHOD /path` (with the query). */
  requests: string[]
  /** Bodies of the requests made, by `METHOD /path`. */
  bodies: Record<string, unknown[]>
  /** Uncaught page errors and console errors other than the failed loads the test scripted. */
  problems: string[]
  /** Answers for `METHOD /path`, one per request in order; the last one repeats. */
  answer: (request: string, ...answers: Answer[]) => void
  /** Renders `screen` with `props` in the given language and role. */
  mount: (screen: 'cases' | 'case-builder' | 'case' | 'incidents', props?: Record<string, unknown>, ctx?: Ctx) => Promise<void>
  /** The text of the first element matching `selector`, or null. */
  text: (selector: string) => Promise<string | null>
  /** Waits until `selector` matches an element. */
  waitFor: (selector: string) => Promise<void>
}

/**
 * A fresh context and page. `storage` is written into localStorage and sessionStorage first, as a
 * browser that used an older version of the app would hold it.
 */
export async function screenPage(
  t: TestLike,
  browser: Browser,
  options: { storage?: Record<string, string>; viewport?: { width: number; height: number } } = {}
): Promise<Screen> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1024, height: 800 } })
  t.teardown(() => context.close())
  const page = await context.newPage()
  const js = await bundled()
  const requests: string[] = []
  const bodies: Record<string, unknown[]> = {}
  const problems: string[] = []
  const scripted = new Map<string, Answer[]>()
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) problems.push(`console error: ${msg.text()}`)
  })

  await page.route(`${ORIGIN}/**`, async (route: Route) => {
    const url = new URL(route.request().url())
    if (url.pathname === '/')
      return await route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div><script type="module" src="/entry.js"></script></body></html>'
      })
    if (url.pathname === '/entry.js') return await route.fulfill({ contentType: 'text/javascript', body: js })
    const key = `${route.request().method()} ${url.pathname}${url.search}`
    requests.push(key)
    const body = route.request().postData()
    if (body !== null) (bodies[key] ??= []).push(JSON.parse(body))
    const queue = scripted.get(key)
    if (!queue) {
      problems.push(`unscripted request: ${key}`)
      return await route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'SANAD_ERR_NOT_FOUND', message: 'Not found' })
      })
    }
    const next = queue.length > 1 ? queue.shift()! : queue[0]!
    if (next === 'network-down') return await route.abort('connectionrefused')
    await route.fulfill({ status: next.status ?? 200, contentType: 'application/json', body: JSON.stringify(next.body ?? {}) })
  })
  await page.goto(`${ORIGIN}/`)
  if (options.storage) {
    await page.evaluate((items) => {
      for (const [k, v] of Object.entries(items)) {
        localStorage.setItem(k, v)
        sessionStorage.setItem(k, v)
      }
    }, options.storage)
  }
  await page.waitForFunction('typeof window.sanadMount === "function"')

  return {
    page,
    requests,
    bodies,
    problems,
    answer: (request, ...answers) => {
      scripted.set(request, answers)
    },
    mount: async (screen, props = {}, ctx = { lang: 'en', role: 'legal', username: 'legal1' }) => {
      await page.evaluate(
        ([s, p, c]) => {
          ;(window as unknown as { sanadMount: (...a: unknown[]) => void }).sanadMount(s, p, c)
        },
        [screen, props, ctx] as const
      )
    },
    text: async (selector) =>
      await page
        .locator(selector)
        .first()
        .textContent({ timeout: 10_000 })
        .catch(() => null),
    waitFor: async (selector) => {
      await page.waitForSelector(selector, { timeout: 10_000 })
    }
  }
}

/** An API error body as the server sends it. */
export const apiError = (status: number, code: string, message = 'failed'): Answer => ({ status, body: { code, message } })
