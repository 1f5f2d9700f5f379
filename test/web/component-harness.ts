// Component tests: one screen of web/src rendered by itself in Debian's Chromium, with the app's
// context given (language, role) and every API answer scripted by the test. No server, no build of
// the whole app: esbuild bundles the screens once per test file and Playwright serves the page and
// the API from an invented origin, so a test says exactly what the server answers and sees every
// request the screen makes.
//
// The bundle is kept under the system's temporary directory, keyed by the content of every file that
// went into it (and of the schemas and this harness), so a run of many test files builds it once:
// building it (and loading Vite's configuration for the validators) took a few seconds per file.

import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'
import { chromium, type Browser, type Page, type Route } from 'playwright-core'
import { SYSTEM_TOOLS } from '../../scripts/system-tools.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ORIGIN = 'http://sanad.test'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The app is served over HTTPS (or from localhost): a secure context, where WebCrypto verifies
  // the ledger's signatures. The invented origin gets the same.
  `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`
]

// The page's entry: mounts one screen inside the app's context. (A string, not a file, because the
// root tsconfig checks test/ as Node code, without JSX or the DOM.)
const ENTRY = `
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { AppContext } from './web/src/context.ts'
import { translate, applyLang } from './web/src/i18n/index.ts'
import { ApiError } from './web/src/api.ts'
import taxonomy from './server/data/taxonomy.json'
import provinces from './server/data/provinces.json'
import { CasesPage, CaseBuilder, CaseView } from './web/src/screens/cases.tsx'
import { PatternsPage, PatternScreen } from './web/src/screens/patterns.tsx'
import { Dashboard } from './web/src/screens/dashboard.tsx'
import { IncidentList } from './web/src/screens/incident-list.tsx'
import { IncidentForm } from './web/src/screens/incident-form.tsx'
import { IncidentView } from './web/src/screens/incident-view.tsx'
import { EvidencePanel } from './web/src/screens/evidence-panel.tsx'
import { ExhibitView } from './web/src/screens/exhibit-view.tsx'
import { PersonsPanel } from './web/src/screens/persons-panel.tsx'
import { PersonPage } from './web/src/screens/person-view.tsx'
import { VerificationRecords } from './web/src/components/verification-records.tsx'
import { LedgerPage } from './web/src/screens/ledger.tsx'
import { UsersPage } from './web/src/screens/users.tsx'
import { AccountPage } from './web/src/screens/account.tsx'
import { DateInput, CalendarSwitch } from './web/src/components/date-input.tsx'
import { DropZone } from './web/src/components/drop-zone.tsx'
import { CustodyTimeline } from './web/src/components/custody.tsx'
import { CustodyEvents } from './web/src/components/custody-events.tsx'
import { OrganisationsPage, OrganisationScreen } from './web/src/screens/organisations.tsx'
import { InvolvementsSection } from './web/src/components/involvements.tsx'
import { IncidentLinksSection } from './web/src/components/incident-links.tsx'
import { TranslationLink } from './web/src/components/translation-link.tsx'
import { ExhibitDepicts } from './web/src/components/exhibit-depicts.tsx'
import { RecipientReferences } from './web/src/components/recipient-references.tsx'
import { BlurredCopy } from './web/src/components/blurred-copy.tsx'
import { MediaPreview } from './web/src/components/media-preview.tsx'
import { Actor, loadDirectory, clearDirectory } from './web/src/components/actor.tsx'
import { Mono, ErrorBox, LoadError, Field, ProgressBar, Num, DateText, Instant } from './web/src/components/ui.tsx'

// The reference data as the server gives it (GET /taxonomy, GET /provinces).
const REF = {
  taxonomy,
  provinces,
  categoryById: new Map(taxonomy.categories.map((c) => [c.id, c])),
  provinceByCode: new Map(provinces.map((p) => [p.code, p]))
}
const record = (kind, value) => { (window.sanad.values[kind] ??= []).push(value) }

// Components by themselves, their callbacks recorded in window.sanad.values.
function DateInputHost(p) {
  const [calendar, setCalendar] = useState(p.calendar ?? 'solar-hijri')
  const [value, setValue] = useState(p.value ?? '')
  return (
    <form>
      <CalendarSwitch name="cal" value={calendar} onChange={(c) => { setCalendar(c); record('calendar', c) }} />
      <DateInput name="d" label={p.label ?? 'Date'} value={value} calendar={calendar} required={p.required} error={p.error}
        onInput={(v) => { setValue(v); record('date', v) }} />
    </form>
  )
}
const apiError = (e) => (e ? new ApiError(e.status, e.code, e.message, e.field) : e === undefined ? undefined : null)
function UiHost(p) {
  return (
    <div>
      <p id="mono">{p.mono ? <Mono label={p.mono.label}>{p.mono.text}</Mono> : null}</p>
      <div id="error-box"><ErrorBox error={p.plainError ? new Error(p.plainError) : apiError(p.error)} /></div>
      {p.loadError ? <div id="load-error"><LoadError what={p.loadError.what} error={apiError(p.loadError.error)} onRetry={() => record('retry', true)} /></div> : null}
      {p.field ? <div id="field"><Field label={p.field.label} hint={p.field.hint} error={p.field.error} required={p.field.required}>
        {({ id, describedBy, invalid }) => <input id={id} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined} />}
      </Field></div> : null}
      {p.progress ? <div id="progress"><ProgressBar value={p.progress.value} max={p.progress.max} label={p.progress.label} /></div> : null}
      {p.num !== undefined ? <p id="num"><Num n={p.num} /></p> : null}
      {p.date ? <p id="date"><DateText iso={p.date} /></p> : null}
      {p.instant !== undefined ? <p id="instant"><Instant value={p.instant} /></p> : null}
    </div>
  )
}

// Actors by themselves; the directory fetched first when asked (as the app shell does after sign-in).
function ActorHost(p) {
  useEffect(() => {
    if (p.load) void loadDirectory().then(() => record('directory', 'loaded'))
    if (p.clear) clearDirectory()
  }, [p.load, p.clear])
  return <ul id="actors">{p.actors.map((a, i) => <li key={i}><Actor actor={a} /></li>)}</ul>
}

const SCREENS = {
  cases: () => <CasesPage />,
  'case-builder': () => <CaseBuilder />,
  case: (p) => <CaseView id={p.id} />,
  patterns: () => <PatternsPage />,
  pattern: (p) => <PatternScreen id={p.id} />,
  dashboard: () => <Dashboard />,
  'incident-list': () => <IncidentList />,
  'incident-form': (p) => <IncidentForm id={p.id} />,
  'incident-view': (p) => <IncidentView id={p.id} tab={p.tab ?? 'details'} />,
  'evidence-panel': (p) => <EvidencePanel incident={p.incident} />,
  exhibit: (p) => <ExhibitView id={p.id} />,
  'persons-panel': (p) => <PersonsPanel incident={p.incident} />,
  person: (p) => <PersonPage id={p.id} />,
  'verification-records': (p) => <VerificationRecords evidenceId={p.evidenceId} canWrite={p.canWrite} />,
  ledger: () => <LedgerPage />,
  users: () => <UsersPage />,
  account: (p) => <AccountPage enrolmentRequired={p.enrolmentRequired} />,
  'date-input': (p) => <DateInputHost {...p} />,
  'drop-zone': (p) => <DropZone label={p.label} hint={p.hint} multiple={p.multiple} testId="dz" onFiles={(fs) => record('files', fs.map((f) => f.name))} />,
  custody: (p) => <CustodyTimeline custody={p.custody} check={p.check} />,
  'custody-events': (p) => <CustodyEvents evidenceId={p.evidenceId} canRecord={p.canRecord} onRecorded={() => record('recorded', true)} />,
  'exhibit-depicts': (p) => <ExhibitDepicts ev={p.ev} canWrite={p.canWrite} />,
  'recipient-references': (p) => <RecipientReferences caseId={p.caseId} />,
  'blurred-copy': (p) => <BlurredCopy ev={p.ev} canWrite={p.canWrite} />,
  'translation-link': (p) => <TranslationLink evidenceId={p.evidenceId} incidentId={p.incidentId} canRecord={p.canRecord} onRecorded={() => record('recorded', true)} />,
  actor: (p) => <ActorHost {...p} />,
  organisations: () => <OrganisationsPage />,
  organisation: (p) => <OrganisationScreen id={p.id} />,
  involvements: (p) => <InvolvementsSection incident={p.incident} />,
  'incident-links': (p) => <IncidentLinksSection incident={p.incident} />,
  ui: (p) => <UiHost {...p} />,
  'media-preview': (p) => <MediaPreview kind={p.kind} src={p.src} name={p.name} onOpened={() => record('opened', true)} onFailed={() => record('failed', true)} />
}
window.sanad = { navigations: [], announcements: [], values: {}, sessions: [] }
// A screen that rewrites its own address (navigate(..., { replace: true }), as the incident list does
// with its filters) sees the new query, as in the app; any other navigation is only recorded.
function Host({ screen, props, ctx }) {
  const [loc, setLoc] = useState({ path: ctx.path ?? '/', search: ctx.search ?? '' })
  const state = {
    lang: ctx.lang,
    setLang: () => {},
    t: (key, vars) => translate(ctx.lang, key, vars),
    session: ctx.role ? { username: ctx.username, role: ctx.role, mfa: ctx.mfa ?? 'ok' } : null,
    setSession: (s) => { window.sanad.sessions.push(s) },
    ref: REF,
    path: loc.path,
    search: new URLSearchParams(loc.search),
    navigate: (to, opts) => {
      window.sanad.navigations.push(to)
      if (opts && opts.replace) {
        const u = new URL(to, 'http://app.invalid')
        setLoc({ path: u.pathname, search: u.search })
      }
    },
    announce: (m) => { window.sanad.announcements.push(m) }
  }
  return <AppContext.Provider value={state}>{SCREENS[screen](props)}</AppContext.Provider>
}
window.sanadMount = (screen, props, ctx) => {
  applyLang(ctx.lang)
  render(<Host screen={screen} props={props} ctx={ctx} />, document.getElementById('root'))
}
`

/**
 * The browser's schema validators, compiled by the same code as Vite's build of the app. (Vite's
 * configuration is imported only here: loading Vite and its plugins costs seconds, and a cached
 * bundle needs none of it.)
 */
async function validatorsModule(): Promise<string> {
  const { schemaValidators } = await import('../../web/vite.config.ts')
  const plugin = schemaValidators() as unknown as { load: (this: { addWatchFile: (f: string) => void }, id: string) => string }
  return plugin.load.call({ addWatchFile: () => {} }, '\0virtual:schema-validators')
}

/** Resolves `virtual:schema-validators` to the validators Vite would build. */
const schemaValidatorsPlugin: Plugin = {
  name: 'sanad-schema-validators',
  setup(b) {
    b.onResolve({ filter: /^virtual:schema-validators$/ }, () => ({ path: 'schema-validators', namespace: 'sanad' }))
    b.onLoad({ filter: /.*/, namespace: 'sanad' }, async () => ({ contents: await validatorsModule(), loader: 'js', resolveDir: ROOT }))
  }
}

/**
 * Vite's `?url` imports (pdf.js's worker): the file itself, served by the page's route at /files/<name>,
 * as a build serves it from /assets/.
 */
const SERVED_FILES = new Map<string, string>()
const urlImportsPlugin: Plugin = {
  name: 'sanad-url-imports',
  setup(b) {
    b.onResolve({ filter: /\?url$/ }, async (args) => {
      const r = await b.resolve(args.path.slice(0, -'?url'.length), { kind: 'import-statement', resolveDir: args.resolveDir })
      return { path: r.path, namespace: 'sanad-url' }
    })
    b.onLoad({ filter: /.*/, namespace: 'sanad-url' }, (args) => {
      const name = args.path.slice(args.path.lastIndexOf('/') + 1)
      SERVED_FILES.set(name, args.path)
      return { contents: `export default ${JSON.stringify(`/files/${name}`)}`, loader: 'js' }
    })
  }
}

/** What a cached bundle holds: the script, the files it serves, and the inputs its key covers. */
type Cached = { js: string; served: [string, string][]; inputs: string[]; key: string }

// Besides the files esbuild reports: the harness itself (the entry and the build options), the
// schemas and Vite's configuration (the virtual validators module, which esbuild sees as one
// input), and ajv's version (the validators' generated code).
const HARNESS = fileURLToPath(import.meta.url)
function fixedInputs(): string[] {
  const schemas = join(ROOT, 'schemas')
  return [
    HARNESS,
    join(ROOT, 'web', 'vite.config.ts'),
    join(ROOT, 'node_modules', 'ajv', 'package.json'),
    join(ROOT, 'node_modules', 'esbuild', 'package.json'),
    ...readdirSync(schemas)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(schemas, f))
  ]
}

/** A hash of the inputs' names and contents; a file gone or unreadable changes it too. */
export function inputsKey(inputs: string[]): string {
  const h = createHash('sha256')
  for (const file of inputs) {
    h.update(`${file}\0`)
    try {
      h.update(readFileSync(file))
    } catch {
      h.update('\0missing\0')
    }
  }
  return h.digest('hex')
}

// One cache file per checkout and bundle (its absolute paths are in the bundle's inputs).
const cacheFile = (name: string): string =>
  join(tmpdir(), 'sanad-component-bundles', `${createHash('sha256').update(`${ROOT}\0${name}`).digest('hex').slice(0, 16)}.json`)

async function fromCache(name: string): Promise<Cached | null> {
  try {
    const cached = JSON.parse(await readFile(cacheFile(name), 'utf8')) as Cached
    return inputsKey(cached.inputs) === cached.key ? cached : null
  } catch {
    return null
  }
}

/** Builds with esbuild (its metafile listing the inputs) unless the cache holds this bundle for the same inputs. */
async function cachedBuild(name: string, options: BuildOptions): Promise<Cached> {
  const hit = await fromCache(name)
  if (hit) return hit
  const r = await build({ ...options, bundle: true, write: false, logLevel: 'silent', absWorkingDir: ROOT, metafile: true })
  // Inputs outside the file system (the entry, the virtual modules) are covered by fixedInputs.
  const files = Object.keys(r.metafile.inputs)
    .filter((p) => !p.includes(':'))
    .map((p) => (isAbsolute(p) ? p : join(ROOT, p)))
  const inputs = [...new Set([...fixedInputs(), ...files, ...SERVED_FILES.values()])]
  const built: Cached = { js: r.outputFiles[0]!.text, served: [...SERVED_FILES], inputs, key: inputsKey(inputs) }
  // Written whole then renamed: test files running in parallel never read half a bundle.
  const file = cacheFile(name)
  await mkdir(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(built))
  await rename(tmp, file)
  return built
}

/** The files whose content keys the cached bundle (for the harness's own test). */
export async function bundleInputs(): Promise<string[]> {
  await bundled()
  return (await fromCache('component-entry'))?.inputs ?? []
}

let bundle: Promise<string> | null = null
function bundled(): Promise<string> {
  bundle ??= cachedBuild('component-entry', {
    stdin: { contents: ENTRY, loader: 'tsx', resolveDir: ROOT, sourcefile: 'component-entry.tsx' },
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    plugins: [schemaValidatorsPlugin, urlImportsPlugin]
  }).then((cached) => {
    for (const [name, path] of cached.served) SERVED_FILES.set(name, path)
    return cached.js
  })
  return bundle
}

/**
 * A module of web/src that imports the build's virtual validators (validation.ts), loaded in Node:
 * bundled by esbuild with the same validators, written to a temporary file and imported.
 */
export async function importWebModule<T>(t: TestLike, file: string): Promise<T> {
  const out = await cachedBuild(`node:${file}`, {
    entryPoints: [join(ROOT, file)],
    format: 'esm',
    platform: 'node',
    plugins: [schemaValidatorsPlugin]
  })
  const dir = await mkdtemp(join(tmpdir(), 'sanad-web-module-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'module.mjs')
  await writeFile(path, out.js)
  return (await import(pathToFileURL(path).href)) as T
}

type TestLike = { teardown: (fn: () => unknown) => void }

/** Debian's Chromium for the whole test file (tests check with requireTool(t, 'chromium') first). */
export async function launch(t: TestLike): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: SYSTEM_TOOLS.chromium.path!, args: CHROMIUM_ARGS, headless: true })
  t.teardown(() => browser.close())
  return browser
}

/** One scripted answer: JSON (or plain text) with a status, or a connection that never reaches the server. */
export type Answer = { status?: number; body?: unknown; text?: string } | 'network-down'
export type Ctx = {
  lang: 'en' | 'fa' | 'ps'
  role?: 'admin' | 'documenter' | 'reviewer' | 'legal' | 'auditor'
  username?: string
  mfa?: 'ok' | 'enrolment-required'
  path?: string
  search?: string
}

/** What the entry can mount: the screens of web/src/screens, and components by themselves. */
export type ScreenName =
  | 'cases'
  | 'case-builder'
  | 'case'
  | 'patterns'
  | 'pattern'
  | 'dashboard'
  | 'incident-list'
  | 'incident-form'
  | 'incident-view'
  | 'evidence-panel'
  | 'exhibit'
  | 'persons-panel'
  | 'person'
  | 'verification-records'
  | 'ledger'
  | 'users'
  | 'account'
  | 'date-input'
  | 'drop-zone'
  | 'custody'
  | 'custody-events'
  | 'translation-link'
  | 'exhibit-depicts'
  | 'recipient-references'
  | 'blurred-copy'
  | 'actor'
  | 'ui'
  | 'organisations'
  | 'organisation'
  | 'involvements'
  | 'incident-links'
  | 'media-preview'

export type Screen = {
  page: Page
  /** Every API request made so far, as `METHOD /path` (with the query). */
  requests: string[]
  /** Bodies of the requests made, by `METHOD /path`: parsed JSON, or the text of a multipart form. */
  bodies: Record<string, unknown[]>
  /** Uncaught page errors and console errors other than the failed loads the test scripted. */
  problems: string[]
  /** Answers for `METHOD /path`, one per request in order; the last one repeats. */
  answer: (request: string, ...answers: Answer[]) => void
  /** Renders `screen` with `props` in the given language and role. */
  mount: (screen: ScreenName, props?: Record<string, unknown>, ctx?: Ctx) => Promise<void>
  /** The text of the first element matching `selector`, or null. */
  text: (selector: string) => Promise<string | null>
  /** Waits until `selector` matches an element. */
  waitFor: (selector: string) => Promise<void>
  /** What the screen recorded through the app's context or a component's callbacks. */
  recorded: () => Promise<Recorded>
  /** Waits until the screen asked the server for `request` (`METHOD /path`) `times` times. */
  waitForRequest: (request: string, times?: number) => Promise<void>
}

/** What the screen did through the app's context (navigate, announce, setSession) or a component's callbacks. */
export type Recorded = { navigations: string[]; announcements: string[]; sessions: unknown[]; values: Record<string, unknown[]> }

// Pages whose test has ended, emptied and ready for the next one, by browser. A new context starts
// a new renderer process (about half the cost of a screen); a page that is emptied (storage of every
// kind, cookies, permissions, the test's own listeners and routes) and loads the entry again starts
// from the same state, in a new document, at a fraction of the cost.
const idle = new WeakMap<Browser, Page[]>()
// Events a test may listen to on its page (a dialog to accept, say): none outlives the test.
const PAGE_EVENTS = [
  'console',
  'pageerror',
  'dialog',
  'download',
  'filechooser',
  'popup',
  'request',
  'requestfailed',
  'requestfinished',
  'response',
  'frameattached',
  'framedetached',
  'framenavigated',
  'load',
  'domcontentloaded',
  'websocket',
  'worker'
] as const

async function takePage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const reused = idle.get(browser)?.pop()
  if (reused) {
    await reused.setViewportSize(viewport)
    return reused
  }
  const context = await browser.newContext({ viewport })
  return await context.newPage()
}

/**
 * Empties a page whose test has ended and keeps it for the next test; closes its context instead
 * when anything about it cannot be emptied for certain.
 */
async function givePageBack(browser: Browser, page: Page): Promise<void> {
  const context = page.context()
  try {
    for (const event of PAGE_EVENTS) page.removeAllListeners(event)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    // An empty document of the origin, to empty what the origin keeps: sessionStorage lives with the
    // tab, so the origin's own document clears it.
    await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>reset</title>' }))
    await page.goto(`${ORIGIN}/reset`)
    const left = await page.evaluate(async () => {
      localStorage.clear()
      sessionStorage.clear()
      for (const db of await indexedDB.databases())
        if (db.name)
          await new Promise<void>((resolve, reject) => {
            const r = indexedDB.deleteDatabase(db.name!)
            r.onsuccess = () => resolve()
            r.onerror = () => reject(r.error)
            r.onblocked = () => reject(new Error(`database ${db.name} still open`))
          })
      for (const key of await caches.keys()) await caches.delete(key)
      for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister()
      return localStorage.length + sessionStorage.length + (await indexedDB.databases()).length + (await caches.keys()).length
    })
    if (left !== 0) throw new Error('storage left behind')
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.goto('about:blank')
    await context.clearCookies()
    await context.clearPermissions()
    await page.mouse.move(0, 0)
    if (context.pages().length !== 1) throw new Error('the test opened another page')
  } catch {
    await context.close().catch(() => undefined)
    return
  }
  const pages = idle.get(browser) ?? []
  idle.set(browser, pages)
  pages.push(page)
}

/**
 * A page as fresh as a new context's: its own document, nothing in storage, no listener or route
 * from an earlier test. `storage` is written into localStorage and sessionStorage first, as a
 * browser that used an older version of the app would hold it.
 */
export async function screenPage(
  t: TestLike,
  browser: Browser,
  options: { storage?: Record<string, string>; viewport?: { width: number; height: number } } = {}
): Promise<Screen> {
  const page = await takePage(browser, options.viewport ?? { width: 1024, height: 800 })
  t.teardown(() => givePageBack(browser, page))
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
    const served = url.pathname.startsWith('/files/') ? SERVED_FILES.get(url.pathname.slice('/files/'.length)) : undefined
    if (served) return await route.fulfill({ contentType: 'text/javascript', path: served })
    const key = `${route.request().method()} ${url.pathname}${url.search}`
    requests.push(key)
    const body = route.request().postData()
    // JSON bodies parsed; a multipart upload kept as its text, to look for its parts.
    if (body !== null)
      (bodies[key] ??= []).push(route.request().headers()['content-type']?.startsWith('application/json') ? JSON.parse(body) : body)
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
    if (next.text !== undefined) return await route.fulfill({ status: next.status ?? 200, contentType: 'text/plain', body: next.text })
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
    },
    recorded: async () => await page.evaluate(() => (window as unknown as { sanad: Recorded }).sanad),
    waitForRequest: async (request, times = 1) => {
      const deadline = Date.now() + 10_000
      while (requests.filter((r) => r === request).length < times) {
        if (Date.now() > deadline) throw new Error(`no ${request} after 10 s; requests: ${requests.join(', ')}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }
  }
}

/** An API error body as the server sends it. */
export const apiError = (status: number, code: string, message = 'failed'): Answer => ({ status, body: { code, message } })
