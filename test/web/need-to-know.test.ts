import t from 'tap'
import { TEXT, USER_PASSWORD, guardedPage, screenshot, seriousAxeViolations, signIn, startEnv, waitUntil } from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'

// An uncleared documenter, in Dari on a phone: a need-to-know incident is counted in the list but says
// nothing, and opening it directly explains why in Dari instead of showing it.
t.test('an uncleared documenter sees a need-to-know incident counted, not read, in Dari on a phone', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const recorder = await env.apiLogin(await env.createUser('documenter', 'bt-recorder'), USER_PASSWORD)
  const incident = (await (
    await env.api(recorder, 'POST', '/api/v1/incidents', {
      title: 'بازداشت و آزار یک معلم در بامیان',
      narrative: 'مریم گفت نگهبانان او را سه روز نگه داشتند.',
      narrativeLanguage: 'fa',
      occurred: { from: '2023-02-10' },
      location: { province: 'AF-BAM', district: 'Yakawlang' },
      categories: ['cah-sexual-violence-other']
    })
  ).json()) as { id: string; reference: string }
  const other = await env.createUser('documenter', 'bt-other')

  const { page, problems, context, expectErrorAnswer } = await guardedPage(env, { locale: 'fa-AF' })
  t.teardown(() => context.close())
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, env.url, other, USER_PASSWORD, 'fa')
  await page.goto(`${env.url}/incidents?lang=fa`)
  await page.waitForSelector('li.incident-item')
  const item = (await page.textContent('li.incident-item')) ?? ''
  t.match(item, TEXT.fa['list.needToKnow'], 'the item says it is need-to-know, in Dari')
  t.match(item, incident.reference, 'and gives its reference, to ask for a clearance')
  t.notMatch(item, /معلم|مریم|Yakawlang/, 'neither title, narrative nor place')
  t.equal(await page.locator('li.incident-item a[href^="/incidents/"]').count(), 0, 'nothing to open')
  t.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'no horizontal scroll at 390 px')
  t.same(await seriousAxeViolations(page), [])
  await screenshot(page, '30-need-to-know-list-phone', 'fa')

  expectErrorAnswer(`/api/v1/incidents/${incident.id}`, 403)
  await page.goto(`${env.url}/incidents/${incident.id}?lang=fa`)
  await waitUntil(
    page,
    `document.body.textContent.includes(${JSON.stringify(TEXT.fa['error.SANAD_ERR_NEED_TO_KNOW' as keyof typeof TEXT.fa])})`
  )
  t.notMatch((await page.textContent('body')) ?? '', /معلم|مریم/, 'the incident page shows nothing of it')
  await screenshot(page, '31-need-to-know-incident-phone', 'fa')
  t.same(problems, [], 'no console error, no request leaving the server')
})
