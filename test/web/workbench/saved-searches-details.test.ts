// Saved searches and editing an exhibit's details (#19 items 8 and 5), in real Chromium against the
// real server: a search with a theme filter saved, the page reloaded, the search opened from the list
// showing only those incidents; an exhibit's details edited and still there after a reload; at
// desktop size in English and on a phone in Dari, with axe-core on each.
import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
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
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { incidentInput } from '../../helpers/app.ts'

const DESKTOP = { width: 1280, height: 800 }
// Two journeys at two sizes against a real server: more than the default two minutes on a shared machine.
t.setTimeout(400_000)

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function seed(env: Env): Promise<{ documenter: string; session: Session; incident: string }> {
  const documenter = await env.createUser('documenter')
  const session = await env.apiLogin(documenter, USER_PASSWORD)
  // wc-attack-civilians carries the roadmap theme "massacre"; the others do not.
  const kabul = await json<{ id: string }>(
    await env.api(
      session,
      'POST',
      '/api/v1/incidents',
      incidentInput({ title: 'Attack on a wedding in Kabul', categories: ['wc-attack-civilians'], location: { province: 'AF-KAB' } })
    )
  )
  for (const [title, province] of [
    ['Detention in Herat', 'AF-HER'],
    ['Killing in Balkh', 'AF-BAL']
  ])
    await json(
      await env.api(
        session,
        'POST',
        '/api/v1/incidents',
        incidentInput({ title, categories: ['cah-imprisonment'], location: { province } })
      )
    )
  return { documenter, session, incident: kabul.id }
}

async function upload(env: Env, s: Session, incidentId: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([readFileSync(join(FIXTURES, 'kabul-phone.jpg'))], { type: 'image/jpeg' }), 'kabul-phone.jpg')
  form.append('description', 'Photo of the gate')
  const res = await fetch(`${env.url}/api/v1/incidents/${incidentId}/evidence`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: form
  })
  return (await json<{ id: string }>(res)).id
}

const titles = async (page: Page): Promise<string[]> =>
  (await page.locator('.incident-title a, .incident-table tbody a').allTextContents()).sort()

async function savedSearchJourney(t: Test, env: Env, page: Page, lang: UiLang, name: string): Promise<void> {
  const m = TEXT[lang]
  await page.goto(`${env.url}/incidents`)
  await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 3`)
  await page.locator('select[name=tag]').selectOption('massacre')
  await page.getByRole('button', { name: m['list.search'] }).click()
  await waitUntil(page, `location.search === '?tag=massacre'`)
  await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 1`)
  await page.getByRole('button', { name: m['saved.saveThis'] }).click()
  await page.getByLabel(m['saved.name']).fill(name)
  await page.getByRole('button', { name: m['saved.save'], exact: true }).click()
  await page.getByRole('button', { name, exact: true }).waitFor()
  // Back to every incident, reloaded: the saved search is still listed; opening it filters again.
  await page.goto(`${env.url}/incidents`)
  await page.reload()
  await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 3`)
  t.same(await seriousAxeViolations(page), [], `axe-core: the list with its saved searches (${lang})`)
  await screenshot(page, 'saved-searches', lang)
  await page.getByRole('button', { name, exact: true }).click()
  await waitUntil(page, `location.pathname === '/incidents' && location.search === '?tag=massacre'`)
  await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 1`)
  t.same(await titles(page), ['Attack on a wedding in Kabul'], 'only the incidents of the saved search')
  t.equal(await page.locator('select[name=tag]').inputValue(), 'massacre', 'the form shows its filter')
}

async function detailsJourney(
  t: Test,
  env: Env,
  page: Page,
  lang: UiLang,
  id: string,
  typed: { description: string; date: string; iso: string }
): Promise<void> {
  const m = TEXT[lang]
  await page.goto(`${env.url}/evidence/${id}`)
  await page.getByRole('button', { name: m['details.edit'] }).click()
  const form = page.locator('.evidence-details-form')
  await form.locator('textarea[name=description]').fill(typed.description)
  await form.locator('input[name=collectedAt]').fill(typed.date)
  await form.locator('select[name=reason]').selectOption('correction')
  t.same(await seriousAxeViolations(page), [], `axe-core: the exhibit with its details form (${lang})`)
  await screenshot(page, 'evidence-details-form', lang)
  await form.getByRole('button', { name: m['details.save'] }).click()
  await page.getByRole('button', { name: m['details.edit'] }).waitFor()
  await page.reload()
  await page.getByText(typed.description).first().waitFor()
  const stored = (await page.evaluate(`fetch('/api/v1/evidence/${id}').then((r) => r.json())`)) as {
    description: string
    collectedAt: string
    detailsRevision: number
  }
  t.match(stored, { description: typed.description, collectedAt: typed.iso })
  await page.getByRole('button', { name: m['details.edit'] }).click()
  t.equal(await form.locator('textarea[name=description]').inputValue(), typed.description, 'the form opens clean on what was saved')
  t.equal(await page.getByTestId('draft-restored').count(), 0, 'no draft kept after saving')
}

t.test('saved searches and exhibit details', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const { documenter, session, incident } = await seed(env)
  const exhibit = await upload(env, session, incident)

  t.test('desktop, English', async (t) => {
    const { page, context, problems } = await guardedPage(env, { viewport: DESKTOP })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    await savedSearchJourney(t, env, page, 'en', 'Massacres')
    await detailsJourney(t, env, page, 'en', exhibit, { description: 'Photo of the north gate', date: '2023-08-05', iso: '2023-08-05' })
    t.same(problems, [], 'no console error, no request leaving the server')
  })

  t.test('phone, Dari', async (t) => {
    const { page, context, problems } = await guardedPage(env, { viewport: PHONE, locale: 'fa-AF' })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'fa')
    await savedSearchJourney(t, env, page, 'fa', 'کشتار جمعی')
    await detailsJourney(t, env, page, 'fa', exhibit, { description: 'عکس دروازهٔ شمالی', date: '۱۴۰۲-۰۵-۱۵', iso: '2023-08-06' })
    t.same(problems, [], 'no console error, no request leaving the server')
  })
})
