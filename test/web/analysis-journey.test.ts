// Issue #18 in the real app (real server, real Chromium), on a desktop in English and on a phone in
// Dari: a documenter records a geolocation (technical analysis) on an exhibit, links one witness to a
// second incident and sees the same pseudonym on both, records the witness's age at the time, sex
// and groups, records two interviews and is warned before
// and after the second, and overrides a contextual element inherited from a pattern with a reason.
// After a reload each is still there; axe-core finds nothing serious on the new parts; the phone
// never scrolls sideways and every control there is at least 44 px.
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import {
  FIXTURES,
  PHONE,
  SMALL_PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil,
  type AxeViolation,
  type UiLang
} from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'

const DESKTOP = { width: 1280, height: 800 }
const RUNS: { lang: UiLang; viewport: { width: number; height: number }; tag: string }[] = [
  { lang: 'en', viewport: DESKTOP, tag: 'desktop' },
  { lang: 'fa', viewport: PHONE, tag: 'phone' }
]

/** Nothing wider than the screen, and every visible control in `scope` at least 44 px high. */
async function fitsPhone(page: Page, scope: string): Promise<{ overflow: boolean; small: string[] }> {
  return (await page.evaluate(`(() => {
    const small = []
    for (const el of document.querySelectorAll(${JSON.stringify(scope)} + ' :is(button, select, input:not([type=checkbox]):not([type=radio]), textarea, a.button)')) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.height > 0 && r.height < 43.5) small.push(el.outerHTML.slice(0, 80))
    }
    return { overflow: document.documentElement.scrollWidth > innerWidth, small }
  })()`)) as { overflow: boolean; small: string[] }
}

t.test('#18 analysis records in the app: desktop in English, phone in Dari', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const documenter = await env.createUser('documenter')
  const doc = await env.apiLogin(documenter, USER_PASSWORD)
  const photo = readFileSync(join(FIXTURES, 'kabul-phone.jpg'))
  const axe: Record<string, AxeViolation[]> = {}

  for (const run of RUNS) {
    const L = TEXT[run.lang]
    const json = async <T>(r: Response): Promise<T> => {
      if (!r.ok) throw new Error(`${r.status} ${await r.text()}`)
      return (await r.json()) as T
    }
    // What the analyst works on: a pattern with an assessed element, two incidents of it, an exhibit and a witness.
    const pattern = await json<{ id: string; reference: string }>(
      await env.api(doc, 'POST', '/api/v1/patterns', {
        title: `Gender persecution (${run.tag})`,
        description: 'Decrees and detentions of women.'
      })
    )
    const assessed = await env.api(doc, 'PUT', `/api/v1/patterns/${pattern.id}/context/widespread-or-systematic`, {
      status: 'supported',
      evidenceIds: []
    })
    t.equal(assessed.status, 200, 'the pattern assesses the element')
    const newIncident = async (title: string, province: string): Promise<{ id: string; reference: string }> =>
      await json(
        await env.api(doc, 'POST', '/api/v1/incidents', {
          title,
          narrative: 'Women were detained at a checkpoint for travelling without a mahram.',
          narrativeLanguage: 'en',
          occurred: { from: '2024-03-02' },
          location: { province },
          categories: ['cah-persecution'],
          patternIds: [pattern.id]
        })
      )
    const first = await newIncident(`Checkpoint detentions, Kabul (${run.tag})`, 'AF-KAB')
    const second = await newIncident(`Checkpoint detentions, Herat (${run.tag})`, 'AF-HER')
    const form = new FormData()
    form.append('sha256', createHash('sha256').update(photo).digest('hex'))
    form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'checkpoint.jpg')
    const exhibit = await json<{ id: string }>(
      await fetch(`${env.url}/api/v1/incidents/${first.id}/evidence`, {
        method: 'POST',
        headers: { cookie: doc.cookie, 'x-csrf-token': doc.csrf },
        body: form
      })
    )
    const witness = await json<{ id: string; pseudonym: string }>(
      await env.api(doc, 'POST', `/api/v1/incidents/${first.id}/persons`, { role: 'witness', name: 'Test witness' })
    )

    const { page, problems, context } = await guardedPage(env, { locale: run.lang === 'fa' ? 'fa-AF' : 'en-US', viewport: run.viewport })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, run.lang)
    const phone = run.viewport.width < 500
    const check = async (name: string, scope: string): Promise<void> => {
      axe[`${name}.${run.lang}`] = await seriousAxeViolations(page)
      t.same(axe[`${name}.${run.lang}`], [], `${name}: no serious or critical axe violation (${run.lang})`)
      if (phone) {
        const fit = await fitsPhone(page, scope)
        t.notOk(fit.overflow, `${name}: nothing wider than the phone`)
        t.same(fit.small, [], `${name}: every control at least 44 px`)
      }
      await screenshot(page, `18-${name}-${run.tag}`, run.lang)
    }

    // 1. A geolocation (technical analysis) on the exhibit.
    await page.goto(`${env.url}/evidence/${exhibit.id}`)
    await page.waitForSelector('.verification-records .verification-status')
    await page.getByRole('button', { name: L['verification.add'] }).click()
    await page.getByLabel(L['verification.phase']).selectOption('technical')
    await page.locator('.verification-form select[name="method"]').selectOption('geolocation')
    await page.locator('.verification-form select[name="status"]').selectOption('verified')
    await page.getByRole('button', { name: L['verification.save'] }).click()
    await page.waitForSelector('.verification-form [data-testid="error-summary"]')
    t.match(
      (await page.textContent('.verification-form [data-testid="error-summary"]')) ?? '',
      L['verification.finding'],
      'the missing finding named by its label'
    )
    await page.locator('.verification-form textarea[name="finding"]').fill('The ridge line and the mosque match the satellite image.')
    await page.getByRole('button', { name: L['verification.save'] }).click()
    await page.waitForSelector('.verification-record')
    await page.reload()
    await page.waitForSelector('.verification-record')
    const record = (await page.textContent('.verification-record')) ?? ''
    t.match(record, L['verification.phase.technical'], 'after a reload: the phase in the reader’s language')
    t.match(record, L['verification.method.geolocation'])
    t.match(record, /#\d+/, 'with its ledger entry')
    t.match((await page.textContent('.verification-status')) ?? '', L['verification.status.verified'], 'the exhibit shows its status')
    if (run.lang === 'fa') t.notMatch(record, /technical|geolocation|verified/, 'no English code in Dari')
    await check('verification', '.verification-records')

    // 2. The witness of the first incident linked to the second: one pseudonym on both.
    await page.goto(`${env.url}/incidents/${second.id}/persons`)
    await page.getByRole('button', { name: L['personLink.open'] }).click()
    await page.getByLabel(L['personLink.search']).fill(witness.pseudonym)
    await page.waitForSelector('.person-link-choices')
    await page.locator('.person-link-choices input').first().check()
    await page.locator('.person-link-form select[name="role"]').selectOption('witness')
    await page.getByRole('button', { name: L['personLink.save'] }).click()
    await page.waitForSelector('li.person')
    await page.reload()
    await page.waitForSelector('li.person h3')
    t.match((await page.textContent('li.person h3')) ?? '', witness.pseudonym, 'the second incident shows the same pseudonym')
    await check('person-linked', 'main')
    await page.goto(`${env.url}/incidents/${first.id}/persons`)
    await page.waitForSelector('li.person h3')
    t.match((await page.textContent('li.person h3')) ?? '', witness.pseudonym, 'and the first incident the same pseudonym')

    // 3. Two interviews: the second warned before saving, and the server's warning after.
    await page.goto(`${env.url}/persons/${witness.id}`)
    await page.getByLabel(L['persons.purpose']).selectOption('follow-up')
    await page.getByRole('button', { name: L['personPage.open'] }).click()
    await page.waitForSelector('.person-interviews .empty')
    // Age at the time, sex and groups, changed on the person's page.
    await page.getByRole('button', { name: L['personAttr.edit'] }).click()
    await page.locator('.person-attributes-form select[name="ageAt"]').selectOption('incident')
    await page.locator('.person-attributes-form input[name="ageYears"]').fill('34')
    await page.locator('.person-attributes-form select[name="sex"]').selectOption('female')
    await page.locator('.person-attributes-form select[name="selfIdentified"]').selectOption(['hazara', 'shia'])
    await page.locator('.person-attributes-form select[name="perceived"]').selectOption(['hazara'])
    await page.getByRole('button', { name: L['personAttr.save'] }).click()
    await page.waitForSelector('.person-attributes-view')
    const record1 = async (date: string, acknowledge: boolean): Promise<void> => {
      await page.getByRole('button', { name: L['interview.add'] }).click()
      await page.getByLabel(L['interview.date']).fill(date)
      await page.locator('.interview-form input[name="consentObtained"]').check()
      if (acknowledge) await page.locator('.interview-form input[name="acknowledged"]').check()
      await page.getByRole('button', { name: L['interview.save'] }).click()
    }
    await record1('2025-05-01', false)
    await page.waitForSelector('.interview-record')
    await page.getByRole('button', { name: L['interview.add'] }).click()
    t.ok(await page.isVisible('.interview-before'), 'warned before the second interview is saved')
    await page.getByRole('button', { name: L['common.cancel'] }).last().click()
    await record1('2025-06-01', true)
    await page.waitForSelector('.interview-warning')
    t.equal(
      await page.textContent('.interview-warning'),
      L['interview.warning.ALREADY_INTERVIEWED#one'].replace('{n}', run.lang === 'fa' ? '۱' : '1'),
      'the server’s ALREADY_INTERVIEWED warning, translated'
    )
    await page.reload()
    await page.getByLabel(L['persons.purpose']).selectOption('follow-up')
    await page.getByRole('button', { name: L['personPage.open'] }).click()
    await waitUntil(page, `document.querySelectorAll('.interview-record').length === 2`)
    await waitUntil(page, `document.querySelector('.person-incidents')?.textContent?.includes(${JSON.stringify(second.reference)})`)
    t.match((await page.textContent('.attr-age')) ?? '', L['personAttr.ageAt.incident'], 'after a reload: the age at the time')
    t.match((await page.textContent('.attr-sex')) ?? '', L['sex.female'])
    t.match((await page.textContent('.attr-self')) ?? '', L['personGroup.shia'], 'the groups the person identifies with')
    t.match((await page.textContent('.attr-perceived')) ?? '', L['personGroup.hazara'], 'and as perceived')
    const incidents = (await page.textContent('.person-incidents')) ?? ''
    t.match(incidents, first.reference, 'the person page lists both incidents')
    t.match(incidents, second.reference)
    await check('person-page', 'main')

    // 4. The inherited element overridden on the first incident, with its reason.
    await page.goto(`${env.url}/incidents/${first.id}`)
    const row = page.locator('.incident-context [data-element="widespread-or-systematic"]')
    await row.waitFor()
    t.match((await row.textContent()) ?? '', L['incidentContext.basisInherited'], 'inherited from the pattern')
    t.match((await row.textContent()) ?? '', pattern.reference)
    await row.locator('button').click()
    await row.locator('select[name="status"]').selectOption('partly-supported')
    await row.locator('button[type="submit"]').click()
    t.match(
      (await page.textContent('.incident-context [data-testid="error-summary"]')) ?? '',
      L['incidentContext.reason'],
      'the reason asked for by its label'
    )
    await row.locator('select[name="reason"]').selectOption('incident-specific-evidence')
    await row.locator('button[type="submit"]').click()
    await page.waitForSelector('.incident-context [data-basis="overridden"]')
    await page.reload()
    await page.waitForSelector('.incident-context [data-basis="overridden"]')
    const after = (await page.textContent('.incident-context [data-element="widespread-or-systematic"]')) ?? ''
    t.match(after, L['incidentContext.basisOverridden'], 'after a reload: overridden')
    t.match(after, L['contextReason.incident-specific-evidence'], 'with its reason')
    if (run.lang === 'fa') t.notMatch(after, /incident-specific-evidence|partly-supported|overridden/, 'no English code in Dari')
    await check('incident-context', '.incident-context')
    if (phone) {
      // The narrowest phone the app is made for: the same page, still no sideways scrolling.
      await page.setViewportSize(SMALL_PHONE)
      t.notOk((await fitsPhone(page, '.incident-context')).overflow, 'nothing wider than a 360-px phone')
    }
    t.same(problems, [], `no console error, no failed request (${run.lang})`)
  }
})
