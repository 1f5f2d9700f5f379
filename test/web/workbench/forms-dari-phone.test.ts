import t from 'tap'
import type { Page } from 'playwright-core'
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
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const { fa } = TEXT

/** The keys of this tab's kept form drafts, and whether any of them holds `text`. */
const drafts = `Object.keys(sessionStorage).filter((k) => k.startsWith('sanad.draft.'))`

// A documenter in Dari on a phone, their offline queue unlocked, fills the incident form; the session
// ends twice under them (the cookie gone, as when it expires): once they reload, once they press Save.
// The draft sits in the tab only sealed with the queue's key: after the reload it comes back once they
// unlock the queue again; the second time the save completes right after signing in again over the form.

const PASSPHRASE = 'checkpoint-proof river 7713'
/** Moves within the app by its own links, without loading the page again (a load would lock the queue). */
const goInApp = (page: Page, path: string) => page.click(`a[href="${path}"]`)
t.test(
  'documenter on a phone, in Dari: a sealed draft survives an expired session and a reload; Save signs in again in place',
  async (t) => {
    if (!requireTool(t, 'chromium')) return
    const env = await startEnv(t)
    const documenter = await env.createUser('documenter')
    const { page, context, problems, expectErrorAnswer } = await guardedPage(env, { locale: 'fa-AF', viewport: PHONE })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'fa')
    // The offline queue's passphrase: while it is unlocked, drafts are kept sealed with its key.
    await page.goto(`${env.url}/capture`)
    await page.waitForSelector('input[name=passphrase-repeat]')
    await page.fill('input[name=passphrase]', PASSPHRASE)
    await page.fill('input[name=passphrase-repeat]', PASSPHRASE)
    await page.click('.capture-lock button[type=submit]')
    await waitUntil(page, `!document.querySelector('.capture-lock')`)
    await goInApp(page, '/incidents/new')
    await page.waitForSelector('form.incident-form')

    // A validation error names the Dari label, and goes when the field is filled.
    await page.getByRole('button', { name: fa['form.step.create'] }).click()
    await page.waitForSelector('[data-testid=error-summary]')
    const items = await page.locator('[data-testid=error-summary] li').allTextContents()
    t.ok(
      items.some((i) => i.startsWith(`${fa['form.title']}:`)),
      'the title is named by its Dari label'
    )
    t.notOk(
      items.some((i) => /title|occurred|location/.test(i)),
      'no schema path in the summary'
    )
    await screenshot(page, 'workbench-form-errors', 'fa')
    await page.fill('input[name=title]', 'کشتار در روستای چهارده')
    await waitUntil(
      page,
      `![...document.querySelectorAll('[data-testid=error-summary] li')].some((li) => li.textContent.startsWith(${JSON.stringify(`${fa['form.title']}:`)}))`
    )
    t.pass('the title’s error went as soon as the title was typed')

    await page.fill('textarea[name=narrative]', 'شب هنگام افراد مسلح وارد روستا شدند.')
    await page.fill('input[name=from]', '۱۴۰۳-۰۵-۲۴')
    await page.selectOption('select[name=province]', 'AF-KAB')
    await page.fill('input[type=search]', 'murder')
    await page.check('input[name=categories][value="cah-murder"]')
    await waitUntil(page, `${drafts}.length === 1`)
    t.notOk(
      await page.evaluate(
        `${drafts}.some((k) => sessionStorage.getItem(k).includes('کشتار') || sessionStorage.getItem(k).includes('مسلح'))`
      ),
      'the draft in the tab is sealed: neither title nor narrative in clear'
    )

    // The session ends; the page is reloaded (which locks the queue): sign in again; the draft comes
    // back once the queue is unlocked.
    await context.clearCookies()
    expectErrorAnswer('/api/v1/auth/me', 401)
    await page.reload()
    await page.waitForSelector('input[name=username]')
    await page.fill('input[name=username]', documenter)
    await page.fill('input[name=password]', USER_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForSelector('form.incident-form')
    t.equal(await page.inputValue('input[name=title]'), '', 'locked: the sealed draft does not open')
    await goInApp(page, '/capture')
    await page.waitForSelector('.capture-lock input[name=passphrase]')
    await page.fill('input[name=passphrase]', PASSPHRASE)
    await page.click('.capture-lock button[type=submit]')
    await waitUntil(page, `!document.querySelector('.capture-lock')`)
    await goInApp(page, '/incidents/new')
    await page.waitForSelector('[data-testid=draft-restored]')
    t.equal(await page.inputValue('input[name=title]'), 'کشتار در روستای چهارده', 'the title typed before the session ended')
    t.equal(await page.inputValue('input[name=from]'), '۱۴۰۳-۰۵-۲۴', 'the date as typed')
    t.ok(await page.isChecked('input[name=categories][value="cah-murder"]'), 'the category chosen')

    // The session ends again; Save asks to sign in over the form, then saves.
    await context.clearCookies()
    expectErrorAnswer('/api/v1/incidents', 401)
    await page.getByRole('button', { name: fa['form.step.create'] }).click()
    await page.waitForSelector('[data-testid=reauth-dialog][open]')
    t.equal(await page.textContent('[data-testid=reauth-dialog] h2'), fa['reauth.title'])
    t.same(await seriousAxeViolations(page), [], 'axe-core: no serious or critical violation with the sign-in dialog open')
    await screenshot(page, 'workbench-reauth', 'fa')
    await page.fill('[data-testid=reauth-dialog] input[name=password]', USER_PASSWORD)
    await page.click('[data-testid=reauth-dialog] button[type=submit]')
    // Step 1 saved (the form goes in steps): the draft incident exists and the form moved on.
    await page.waitForSelector('ol.steps li:nth-child(2).current')
    const api = await env.apiLogin(documenter, USER_PASSWORD)
    const id = ((await (await env.api(api, 'GET', '/api/v1/incidents')).json()) as { items: { id: string }[] }).items[0]?.id
    const saved = (await (await env.api(api, 'GET', `/api/v1/incidents/${id}`)).json()) as {
      title: string
      occurred: { from: string }
    }
    t.equal(saved.title, 'کشتار در روستای چهارده', 'saved with what was typed before both expiries')
    t.equal(saved.occurred.from, '2024-08-14', 'the Solar Hijri date stored as its Gregorian day')
    t.equal(await page.evaluate(`${drafts}.length`), 0, 'the draft is gone once saved')
    t.same(problems, [], 'no page error')
  }
)
