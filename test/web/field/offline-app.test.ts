import t from 'tap'
import { PHONE, TEXT, USER_PASSWORD, guardedPage, screenshot, signIn, startEnv, waitUntil } from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'

// A documenter who opened Sanad once on a phone opens it again with no network: the service worker
// answers from what it precached, in the documenter's language, and holds no record.
t.test('once opened, the app opens again with no network, on a phone, in Dari and in English', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const documenter = await env.createUser('documenter')
  for (const lang of ['fa', 'en'] as const) {
    const { page, context, problems } = await guardedPage(env, {
      locale: lang === 'fa' ? 'fa-AF' : 'en-US',
      viewport: PHONE,
      serviceWorkers: 'allow'
    })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, lang)
    await page.evaluate('navigator.serviceWorker.ready')
    await waitUntil(page, 'navigator.serviceWorker.controller !== null')
    const cached = (await page.evaluate(
      `caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys())))).then((all) => all.flat().map((r) => new URL(r.url).pathname))`
    )) as string[]
    t.ok(cached.includes('/index.html'), 'the application is precached')
    t.same(
      cached.filter((p) => p.startsWith('/api/')),
      [],
      'no API answer (records, identities) is kept in the cache'
    )

    await context.setOffline(true)
    await page.reload()
    await page.waitForSelector('#page-title')
    const title = await page.textContent('#page-title')
    t.ok(title && title.length > 0, `a screen renders offline (${title})`)
    t.equal(
      (await page.textContent('.offline-notice'))?.includes(TEXT[lang]['offline.title']),
      true,
      'it says there is no network, in the language chosen'
    )
    t.equal(await page.evaluate('document.documentElement.lang'), lang === 'fa' ? 'fa-AF' : 'en', 'in the language chosen')
    t.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, 'no horizontal scroll')
    await screenshot(page, 'field-offline-open', lang)
    // Offline, API calls cannot succeed: those failures are expected here, nothing else is.
    t.same(
      problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|\/api\/v1\//.test(p)),
      [],
      'no page error offline'
    )
    await context.setOffline(false)
    await waitUntil(page, `document.querySelector('.offline-notice') === null`)
    t.pass('the notice goes when the network returns')
  }
})
