// The component harness's own guarantees: a page handed from one test to the next keeps nothing of
// the first (storage of every kind, cookies, permissions, listeners, routes), and the bundle kept
// between runs is keyed by what went into it.
import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { requireTool } from '../helpers/system-tools.ts'
import { ORIGIN, bundleInputs, inputsKey, launch, screenPage } from './component-harness.ts'

t.test('a page handed to the next test keeps nothing of the test before', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)
  let first: Page | null = null

  await t.test('the first test leaves everything it can behind', async (t) => {
    const s = await screenPage(t, browser, { storage: { 'sanad.csrf': 'old-token' } })
    first = s.page
    s.answer('GET /api/v1/stats', { body: { total: 7, byCategory: {}, byProvince: {}, byMonth: {} } })
    await s.mount('dashboard', {}, { lang: 'fa', role: 'legal', username: 'legal1' })
    await s.waitFor('.stat-total')
    await s.page.evaluate(async () => {
      localStorage.setItem('left', 'behind')
      sessionStorage.setItem('left', 'behind')
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.open('left-behind')
        r.onupgradeneeded = () => r.result.createObjectStore('s')
        r.onsuccess = () => {
          r.result.close()
          resolve()
        }
        r.onerror = () => reject(r.error)
      })
      await (await caches.open('left-behind')).put('/x', new Response('x'))
    })
    await s.page.context().addCookies([{ name: 'left', value: 'behind', url: ORIGIN }])
    await s.page.context().grantPermissions(['clipboard-read'], { origin: ORIGIN })
    s.page.on('dialog', (d) => void d.accept())
    await s.page.route(`${ORIGIN}/api/v1/left-behind`, (r) => r.fulfill({ status: 200, body: '{}' }))
    t.equal(await s.page.evaluate(() => localStorage.length), 2, 'written: the CSRF token given and one more')
  })

  await t.test('the next test gets the same page, empty', async (t) => {
    const s = await screenPage(t, browser, { viewport: { width: 360, height: 740 } })
    t.equal(s.page, first, 'the page was handed on (else this test checks nothing)')
    t.same(s.page.viewportSize(), { width: 360, height: 740 }, 'at the size this test asked for')
    const left = await s.page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: await cookieStore.getAll(),
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
      clipboard: (await navigator.permissions.query({ name: 'clipboard-read' as PermissionName })).state,
      recorded: (window as unknown as { sanad: unknown }).sanad,
      html: document.getElementById('root')?.innerHTML
    }))
    t.same(
      left,
      {
        local: 0,
        session: 0,
        cookies: [],
        databases: [],
        caches: [],
        clipboard: 'prompt',
        recorded: { navigations: [], announcements: [], values: {}, sessions: [] },
        html: ''
      },
      'no storage, cookie, permission or rendering of the test before'
    )
    // With no listener a dialog is dismissed; the earlier test's listener would accept it.
    t.equal(await s.page.evaluate(() => confirm('still there?')), false, 'no listener of the test before')
    // The earlier test's route is gone: the request reaches this test's script, unscripted.
    await s.page.evaluate(() => fetch('/api/v1/left-behind').catch(() => undefined))
    t.same(s.requests, ['GET /api/v1/left-behind'])
    t.same(s.problems, ['unscripted request: GET /api/v1/left-behind'])
  })
})

t.test('a page whose context cannot be emptied for certain is closed, not handed on', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)
  let first: Page | null = null
  await t.test('a test opens a second page in its context', async (t) => {
    const s = await screenPage(t, browser)
    first = s.page
    await s.page.context().newPage()
  })
  await t.test('the next test gets a new page', async (t) => {
    const s = await screenPage(t, browser)
    t.not(s.page, first)
    t.ok(first!.isClosed(), 'the earlier one was closed with its context')
  })
})

t.test('the kept bundle is keyed by every file that went into it', async (t) => {
  const inputs = await bundleInputs()
  for (const part of [
    '/web/src/screens/dashboard.tsx',
    '/web/src/i18n/fa.ts',
    '/schemas/incident-input.json',
    '/web/vite.config.ts',
    '/component-harness.ts'
  ])
    t.ok(
      inputs.some((f) => f.endsWith(part)),
      part
    )
  t.ok(
    inputs.some((f) => f.includes('/node_modules/preact/')),
    'and the libraries bundled'
  )

  const dir = mkdtempSync(join(tmpdir(), 'sanad-harness-key-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const a = join(dir, 'a.ts')
  writeFileSync(a, 'export const x = 1\n')
  const before = inputsKey([a])
  t.equal(inputsKey([a]), before, 'the same content, the same key')
  writeFileSync(a, 'export const x = 2\n')
  t.not(inputsKey([a]), before, 'one changed byte, another key')
  rmSync(a)
  t.not(inputsKey([a]), before, 'a file gone, another key')
})
