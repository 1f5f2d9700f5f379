import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import {
  FIXTURES,
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil,
  type Env,
  type Session,
  type UiLang
} from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'

// A documenter in the real app (real server, Debian's Chromium), on a desktop in English and on a
// phone in Dari: records an organisation with a unit and a commander's position in the perpetrators
// register, an ordering involvement with two supporting exhibits on a persecution incident, and that
// incident's connection to an imprisonment incident; after a reload all of it is still there, in the
// reader's language, with no name of the perpetrator anywhere and no serious accessibility problem.

const DESKTOP = { width: 1280, height: 800 }
const PERPETRATOR_NAME = 'ملا عبدالرحیم قومندان'

type Seed = { persecution: { id: string; reference: string }; imprisonment: { id: string; reference: string }; exhibits: string[] }

async function seed(env: Env, doc: Session, tag: string): Promise<Seed> {
  const incident = async (title: string, category: string): Promise<{ id: string; reference: string }> => {
    const res = await env.api(doc, 'POST', '/api/v1/incidents', {
      title,
      narrative: 'زنان معترض در راه خانه بازداشت شدند و به زندان برده شدند.',
      narrativeLanguage: 'fa',
      occurred: { from: '1402-12-10', calendar: 'solar-hijri' },
      location: { province: 'AF-HER' },
      categories: [category]
    })
    if (res.status !== 201) throw new Error(`incident: ${res.status} ${await res.text()}`)
    return (await res.json()) as { id: string; reference: string }
  }
  const persecution = await incident(`محرومیت زنان از دانشگاه هرات ${tag}`, 'cah-persecution-gender')
  const imprisonment = await incident(`بازداشت معترضان زن پس از راهپیمایی ${tag}`, 'cah-imprisonment')
  const person = await env.api(doc, 'POST', `/api/v1/incidents/${persecution.id}/persons`, { role: 'perpetrator', name: PERPETRATOR_NAME })
  if (person.status !== 201) throw new Error(`person: ${person.status} ${await person.text()}`)
  const exhibits: string[] = []
  for (const name of ['kabul-phone.jpg', 'screenshot.png']) {
    const bytes = readFileSync(join(FIXTURES, name))
    const form = new FormData()
    form.append('sha256', createHash('sha256').update(bytes).digest('hex'))
    form.append('file', new Blob([bytes], { type: name.endsWith('.png') ? 'image/png' : 'image/jpeg' }), name)
    const res = await fetch(`${env.url}/api/v1/incidents/${persecution.id}/evidence`, {
      method: 'POST',
      headers: { cookie: doc.cookie, 'x-csrf-token': doc.csrf },
      body: form
    })
    if (res.status !== 201) throw new Error(`evidence: ${res.status} ${await res.text()}`)
    exhibits.push(((await res.json()) as { stableId: string }).stableId)
  }
  return { persecution, imprisonment, exhibits }
}

const fits = async (page: Page): Promise<boolean> => (await page.evaluate('document.documentElement.scrollWidth <= innerWidth')) as boolean

/** Controls of the new screens smaller than 44 × 44 px on a phone (links in running text excepted). */
async function smallTargets(page: Page, scope: string): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(scope)})].flatMap((root) =>
    [...root.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), textarea, a, label.inline')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44 })
      .map((el) => el.tagName + ' ' + (el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)))`)) as string[]
}

async function journey(
  t: Test,
  env: Env,
  documenter: string,
  s: Seed,
  lang: UiLang,
  viewport: { width: number; height: number },
  shot: string
): Promise<void> {
  const m = TEXT[lang]
  const phone = viewport.width < 500
  const { page, problems, context } = await guardedPage(env, { locale: lang === 'en' ? 'en-GB' : 'fa-AF', viewport })
  t.teardown(() => context.close())
  await signIn(page, env.url, documenter, USER_PASSWORD, lang)

  // The register: an organisation, then a unit under it, then a commander's position in the unit.
  if (phone) await page.goto(`${env.url}/organisations`)
  else await page.click('.main-nav a[href="/organisations"]')
  await page.waitForSelector('form.org-form')
  t.equal(await page.textContent('#page-title'), m['orgs.title'])
  const orgName = `ریاست عمومی استخبارات ${lang}`
  await page.fill('.org-form input[name=name]', orgName)
  await page.selectOption('.org-form select[name=type]', 'de-facto-authorities')
  await page.selectOption('.org-form select[name=organ]', 'gdi')
  await page.getByRole('button', { name: m['orgs.create'] }).click()
  await waitUntil(page, `/^\\/organisations\\/[^/]+$/.test(location.pathname)`)
  await page.waitForSelector('form.position-form')
  const unitName = `ریاست ۴۰ ${lang}`
  await page.fill('.org-form input[name=name]', unitName)
  await page.getByRole('button', { name: m['orgs.createUnit'] }).click()
  await page.waitForSelector('.org-units a')
  await page.click('.org-units a')
  await waitUntil(page, `document.querySelector('#page-title')?.textContent === ${JSON.stringify(unitName)}`)
  const unitPath = (await page.evaluate('location.pathname')) as string
  t.match((await page.textContent('dl.facts')) ?? '', orgName, 'the unit names its organisation')

  await page.fill('.position-form input[type=search]', s.persecution.reference)
  await waitUntil(page, `document.querySelectorAll('.position-form select[name=incident] option').length === 2`)
  await page.selectOption('.position-form select[name=incident]', s.persecution.id)
  await waitUntil(page, `document.querySelectorAll('.position-form select[name=personId] option').length === 2`)
  await page.selectOption('.position-form select[name=personId]', { index: 1 })
  await page.fill('.position-form input[name=title]', 'قومندان')
  await page.fill('.position-form input[name=from]', '2023-01-01')
  await page.getByRole('button', { name: m['orgs.savePosition'] }).click()
  await page.waitForSelector('li.position .pseudonym')
  t.match((await page.textContent('li.position')) ?? '', 'قومندان')
  t.notMatch((await page.textContent('main')) ?? '', PERPETRATOR_NAME, 'the register shows no name')
  t.ok(await fits(page), 'the unit screen fits the screen')
  t.same(await seriousAxeViolations(page), [], 'the unit screen: no serious or critical axe violation')
  if (phone)
    t.same(
      await smallTargets(page, 'main form, .organisation .facts, .org-units, .positions'),
      [],
      'every control and link of the unit screen is at least 44 px'
    )
  await screenshot(page, `${shot}-unit`, lang)

  // The incident: an ordering involvement by the commander with both exhibits, and the connected crime.
  await page.goto(`${env.url}/incidents/${s.persecution.id}`)
  await page.waitForSelector('section.involvements .empty')
  await page.getByRole('button', { name: m['inv.add'] }).click()
  await page.check('.involvement-form input[name=subject][value=person]')
  await page.selectOption('.involvement-form select[name=personId]', { index: 1 })
  await page.selectOption('.involvement-form select[name=mode]', 'ordering')
  await page.selectOption('.involvement-form select[name=category]', 'cah-persecution-gender')
  await page.fill('.involvement-form input[name=from]', '2023-12-01')
  for (const stableId of s.exhibits) await page.getByLabel(stableId).check()
  if (phone) t.same(await smallTargets(page, '.involvement-form'), [], 'every control of the involvement form is at least 44 px')
  await page.getByRole('button', { name: m['inv.save'] }).click()
  await page.waitForSelector('li.involvement')

  await page.getByRole('button', { name: m['links.add'] }).click()
  await page.fill('.link-form input[type=search]', s.imprisonment.reference)
  await waitUntil(page, `document.querySelectorAll('.link-form select[name=incident] option').length === 2`)
  await page.selectOption('.link-form select[name=incident]', s.imprisonment.id)
  await page.selectOption('.link-form select[name=type]', 'connected-to')
  await page.selectOption('.link-form select[name=category]', 'cah-imprisonment')
  if (phone) t.same(await smallTargets(page, '.link-form'), [], 'every control of the link form is at least 44 px')
  await page.getByRole('button', { name: m['links.save'] }).click()
  await page.waitForSelector('li.incident-link')

  // After a reload, all of it is read back from the server.
  await page.reload()
  await page.waitForSelector('li.involvement')
  await page.waitForSelector('li.incident-link')
  await waitUntil(page, `document.querySelector('li.involvement')?.textContent?.includes(${JSON.stringify(s.exhibits[1])})`)
  const inv = (await page.textContent('li.involvement')) ?? ''
  t.match(inv, m['mode.ordering'])
  t.match(inv, 'Art. 25(3)(b)')
  for (const stableId of s.exhibits) t.match(inv, stableId, 'a supporting exhibit')
  t.notMatch(inv, /ordering|cah-/, 'no raw code')
  const link = (await page.textContent('li.incident-link')) ?? ''
  t.match(link, s.imprisonment.reference)
  t.match(link, m['links.connected-to.outgoing'])
  t.match(
    link,
    lang === 'en' ? 'Imprisonment or other severe deprivation of physical liberty' : 'حبس یا سایر اشکال محرومیت شدید از آزادی جسمانی'
  )
  t.notMatch((await page.textContent('main')) ?? '', PERPETRATOR_NAME, 'the incident view shows no name of the perpetrator')
  t.ok(await fits(page), 'the incident view fits the screen')
  t.same(await seriousAxeViolations(page), [], 'the incident view: no serious or critical axe violation')
  if (phone)
    t.same(await smallTargets(page, 'section.involvements, section.incident-links'), [], 'every control of both sections is at least 44 px')
  await screenshot(page, `${shot}-incident`, lang)

  // The other end sees the link too; the register still holds the position after a reload.
  await page.goto(`${env.url}/incidents/${s.imprisonment.id}`)
  await page.waitForSelector('li.incident-link')
  t.match((await page.textContent('li.incident-link')) ?? '', m['links.connected-to.incoming'])
  await page.goto(`${env.url}${unitPath}`)
  await page.waitForSelector('li.position .pseudonym')
  t.match((await page.textContent('li.position')) ?? '', 'قومندان')
  await page.goto(`${env.url}/organisations`)
  await page.waitForSelector('ul.org-tree')
  t.match((await page.locator('ul.org-tree > li', { hasText: orgName }).textContent()) ?? '', unitName, 'the unit under its organisation')
  t.ok(await fits(page), 'the register fits the screen')
  if (phone) t.same(await smallTargets(page, '.org-tree'), [], 'every link of the register is at least 44 px')
  t.same(await seriousAxeViolations(page), [], 'the register: no serious or critical axe violation')
  await screenshot(page, `${shot}-register`, lang)
  t.same(problems, [], 'no console error, no failed request, nothing leaving the server')
}

t.test('perpetrators register, involvements and linked incidents in the real app', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const documenter = await env.createUser('documenter')
  const doc = await env.apiLogin(documenter, USER_PASSWORD)
  const desktop = await seed(env, doc, 'A')
  const phone = await seed(env, doc, 'B')
  await t.test('on a desktop, in English', async (t) => {
    await journey(t, env, documenter, desktop, 'en', DESKTOP, '60-analysis-desktop')
  })
  await t.test('on a phone, in Dari', async (t) => {
    await journey(t, env, documenter, phone, 'fa', PHONE, '61-analysis-phone')
  })
})
