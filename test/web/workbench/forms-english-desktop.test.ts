import t from 'tap'
import { TEXT, USER_PASSWORD, guardedPage, screenshot, seriousAxeViolations, signIn, startEnv } from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const { en } = TEXT

/** The keys of this tab's kept form drafts, and whether any of them holds `text`. */
const drafts = `Object.keys(sessionStorage).filter((k) => k.startsWith('sanad.draft.'))`

// A documenter in English on a desktop: a consent date typed in Solar Hijri with Persian digits is
// sent as the ISO date; leaving a form with changes asks first; signing out leaves no draft (and no
// witness's name) in the tab.
t.test(
  'documenter on a desktop, in English: consent date in either calendar sent as ISO; leaving asks; sign-out clears drafts',
  async (t) => {
    if (!requireTool(t, 'chromium')) return
    const env = await startEnv(t)
    const documenter = await env.createUser('documenter')
    const api = await env.apiLogin(documenter, USER_PASSWORD)
    const incident = (await (
      await env.api(api, 'POST', '/api/v1/incidents', {
        title: 'Night raid',
        narrative: 'Armed men entered the village.',
        narrativeLanguage: 'en',
        occurred: { from: '2024-08-14' },
        location: { province: 'AF-KAB' },
        categories: ['cah-murder']
      })
    ).json()) as { id: string }
    const person = (await (
      await env.api(api, 'POST', `/api/v1/incidents/${incident.id}/persons`, { role: 'witness', name: 'Witness One', protected: true })
    ).json()) as { id: string }

    const { page, context, problems } = await guardedPage(env, { locale: 'en-US', viewport: { width: 1280, height: 800 } })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    await page.goto(`${env.url}/incidents/${incident.id}/persons`)
    await page.getByRole('button', { name: en['persons.consentDetails'] }).click()
    await page.selectOption(`#c-${person.id}-storage`, 'yes')
    await page.fill('input[name=consentDate]', '۱۴۰۳-۰۵-۲۴')
    t.match(
      await page.textContent('.date-field:has(input[name=consentDate]) .date-preview'),
      /14 August 2024/,
      'the Gregorian day previewed'
    )

    // Leaving with the consent decision unsaved asks first; staying keeps it.
    await page.getByRole('navigation', { name: en['nav.label'] }).getByRole('link', { name: en['nav.incidents'], exact: true }).click()
    await page.waitForSelector('[data-testid=leave-dialog][open]')
    t.same(await seriousAxeViolations(page), [], 'axe-core: no serious or critical violation with the leave dialog open')
    await screenshot(page, 'workbench-leave', 'en')
    await page.getByRole('button', { name: en['leave.stay'] }).click()
    t.equal(new URL(page.url()).pathname, `/incidents/${incident.id}/persons`, 'still on the form')
    t.equal(await page.inputValue('input[name=consentDate]'), '۱۴۰۳-۰۵-۲۴')

    const sent = page.waitForRequest((r) => r.url().endsWith(`/api/v1/persons/${person.id}/consent`) && r.method() === 'POST')
    await page.getByRole('button', { name: en['persons.saveConsent'] }).click()
    const body = (await sent).postDataJSON() as { date?: string; storage?: boolean }
    t.equal(body.date, '2024-08-14', 'sent as the ISO date')
    t.equal(body.storage, true)

    // An unsaved person's name is kept while working (in memory: the offline queue is locked, so it is
    // in no browser storage), and gone at sign-out.
    await page.getByRole('button', { name: en['persons.add'] }).click()
    await page.getByLabel(new RegExp(`^${en['persons.name']}`)).fill('Second Witness Name')
    await page.waitForTimeout(300)
    t.notOk(
      await page.evaluate(`Object.keys(sessionStorage).some((k) => sessionStorage.getItem(k).includes('Second Witness'))`),
      'the name typed is not in the tab’s storage'
    )
    t.equal(await page.getByLabel(new RegExp(`^${en['persons.name']}`)).inputValue(), 'Second Witness Name', 'still on the form')
    await page.getByRole('button', { name: en['nav.signOut'] }).click()
    await page.waitForSelector('input[name=username]')
    t.equal(await page.evaluate(`${drafts}.length`), 0, 'no draft after sign-out')
    t.notOk(
      await page.evaluate(`Object.keys(sessionStorage).some((k) => sessionStorage.getItem(k).includes('Witness'))`),
      'no identity field left in sessionStorage'
    )
    t.same(problems, [], 'no page error')
  }
)
