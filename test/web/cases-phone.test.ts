import t from 'tap'
import {
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil
} from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'

const fa = TEXT.fa

// A legal liaison on a phone, in Dari, opens the cases while the server stumbles: the screen says so
// in Dari and offers a retry; it never shows a copy of cases the browser kept, and keeps none.
t.test('legal liaison on a phone, in Dari: the cases come from the server or not at all', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const legal = await env.createUser('legal')
  const legalApi = await env.apiLogin(legal, USER_PASSWORD)
  const doc = await env.apiLogin(await env.createUser('documenter'), USER_PASSWORD)
  const incident = (await (
    await env.api(doc, 'POST', '/api/v1/incidents', {
      title: 'بازداشت خودسرانهٔ یک خبرنگار در هرات',
      narrative: 'خبرنگار در راه خانه بازداشت شد و سه روز از او خبری نبود.',
      narrativeLanguage: 'fa',
      occurred: { from: '1403-02-10', calendar: 'solar-hijri' },
      location: { province: 'AF-HER' },
      categories: ['cah-imprisonment']
    })
  ).json()) as { id: string }
  const created = await env.api(legalApi, 'POST', '/api/v1/cases', {
    title: 'بازداشت‌های خودسرانهٔ خبرنگاران، هرات',
    incidentIds: [incident.id],
    recipient: 'un-iima',
    profile: 'restricted'
  })
  t.equal(created.status, 201, 'a case on the server')
  const theCase = (await created.json()) as { id: string; reference: string; title: string }

  const { page, problems, context, expectErrorAnswer } = await guardedPage(env, { locale: 'fa-AF', viewport: PHONE })
  t.teardown(() => context.close())
  await signIn(page, env.url, legal, USER_PASSWORD, 'fa')
  // What an older version of the app kept in this browser: a case the server does not have.
  await page.evaluate(
    `localStorage.setItem('sanad.cases.${legal}', ${JSON.stringify(JSON.stringify([{ id: 'stale-1', title: 'STALE COPY', recipient: 'public', profile: 'public', incidentIds: [], createdAt: '2025-01-01T00:00:00.000Z', dossiers: [] }]))})`
  )

  // The first answer for the list is a server that is not available.
  await page.route(
    `${env.url}/api/v1/cases`,
    (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'SANAD_ERR_UNAVAILABLE', message: 'unavailable' })
      }),
    { times: 1 }
  )
  expectErrorAnswer('/api/v1/cases', 503)
  await page.goto(`${env.url}/cases`)
  await page.waitForSelector('.load-error')
  const alert = (await page.textContent('.load-error')) ?? ''
  t.match(alert, fa['cases.loadFailed'], 'what failed, in Dari')
  t.match(alert, fa['error.SANAD_ERR_UNAVAILABLE'], 'why, in Dari')
  t.equal(await page.locator('ul.case-list').count(), 0, 'no list: neither the server’s nor a kept copy')
  t.notMatch((await page.textContent('main')) ?? '', 'STALE COPY')
  t.same(await seriousAxeViolations(page), [], 'the error is accessible')
  t.ok(await page.evaluate('document.documentElement.scrollWidth <= innerWidth'), 'nothing wider than the phone')
  await screenshot(page, '20-cases-phone-error', 'fa')

  await page.getByRole('button', { name: fa['common.retry'] }).click()
  await page.waitForSelector('ul.case-list > li')
  t.equal(await page.locator('ul.case-list > li').count(), 1, 'the server’s one case')
  t.match((await page.textContent('ul.case-list')) ?? '', theCase.title)
  t.notMatch((await page.textContent('main')) ?? '', 'STALE COPY')
  t.ok(await page.evaluate('document.documentElement.scrollWidth <= innerWidth'), 'the list fits the phone')
  await screenshot(page, '21-cases-phone-list', 'fa')

  await page.click(`a[href="/cases/${theCase.id}"]`)
  await page.waitForSelector('dl.facts')
  t.match((await page.textContent('dl.facts')) ?? '', theCase.reference, 'the case as the server has it')
  t.match((await page.textContent('dl.facts')) ?? '', fa['recipient.un-iima'])
  await waitUntil(page, `document.querySelector('#page-title')?.textContent?.includes(${JSON.stringify(theCase.title)})`)
  t.ok(await page.evaluate('document.documentElement.scrollWidth <= innerWidth'), 'the case fits the phone')
  t.same(await seriousAxeViolations(page), [])
  await screenshot(page, '22-case-phone', 'fa')

  const seeded = JSON.stringify(`sanad.cases.${legal}`)
  const kept = (await page.evaluate(
    `[...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k !== ${seeded})`
  )) as string[]
  t.same(
    kept.filter((k) => /case|dossier|apiRoutes/i.test(k)),
    [],
    'no case, dossier or route list kept by the browser'
  )
  t.same(problems, [], 'no console error, no request leaving the server')
})
