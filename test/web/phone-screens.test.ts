import t from 'tap'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  ADMIN_PASSWORD,
  FIXTURES,
  HTML_LANG,
  SMALL_PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  waitUntil,
  startEnv,
  writeReport,
  type UiLang
} from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'

// Everything a documenter does in the field, and the screens a legal liaison and an admin open, on a
// small phone (360 × 740) in English, Dari and Pashto: nothing wider than the screen (the page never
// scrolls sideways; a wide table scrolls inside itself), every button, field, nav link, tab, step
// and tick box at least 44 × 44 px to tap, chart labels readable. Screenshots of each screen are
// saved with the others (test-output/screenshots/30-phone-*.{en,fa,ps}.png).

// Three languages × eleven screens × three accounts: longer than the default two minutes on a busy machine.
t.setTimeout(600_000)

const photo = join(FIXTURES, 'kabul-phone.jpg')
const photoBytes = readFileSync(photo)
const MIN = 44

/** What can be tapped, and is visible, but is smaller than 44 × 44 (a box and its labels count). */
const SMALL_TARGETS = `(() => {
  const sel = 'button, input:not([type=hidden]), select, textarea, summary, a.button, nav a, .tabs a, .pager a, [role=tab]'
  const out = []
  for (const el of document.querySelectorAll(sel)) {
    if (el.disabled || el.classList.contains('skip-link')) continue
    const r = el.getBoundingClientRect()
    const labels = [...(el.labels ?? [])].map((l) => l.getBoundingClientRect())
    const boxes = [r, ...labels]
    // Not rendered (inside a closed <details>, or display: none).
    if (boxes.every((b) => b.width === 0 && b.height === 0)) continue
    if (getComputedStyle(el).visibility === 'hidden') continue
    if (boxes.some((b) => b.width >= ${MIN} - 0.5 && b.height >= ${MIN} - 0.5)) continue
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.id || '').trim().slice(0, 40)
    out.push(el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '') + ' "' + name + '" ' + Math.round(r.width) + 'x' + Math.round(r.height))
  }
  return out
})()`

/** Chart labels whose rendered size is under 12 px (an SVG scaled down to the phone shrinks its text). */
const SMALL_CHART_TEXT = `(() => [...document.querySelectorAll('svg.chart-svg')].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
  return [...svg.querySelectorAll('text.chart-label')]
    .map((x) => ({ text: x.textContent, px: Math.round(parseFloat(getComputedStyle(x).fontSize) * scale * 10) / 10 }))
    .filter((x) => x.px < 12)
}))()`

/** Elements that stick out of the screen sideways (the first few, for the failure message). */
const OVERFLOWING = `(() => [...document.querySelectorAll('body *')]
  .filter((el) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || (r.right <= innerWidth + 1 && r.left >= -1) || el.closest('.skip-link, .visually-hidden')) return false
    // Content scrolled inside its own box (a wide table) is not the page's overflow.
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return false
    return true
  })
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(el.getBoundingClientRect().left) + '..' + Math.round(el.getBoundingClientRect().right)))()`

t.test('field screens on a 360-px phone in English, Dari and Pashto', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const documenter = await env.createUser('documenter')
  const legal = await env.createUser('legal')
  const doc = await env.apiLogin(documenter, USER_PASSWORD)
  const legalApi = await env.apiLogin(legal, USER_PASSWORD)
  const incident = (await (
    await env.api(doc, 'POST', '/api/v1/incidents', {
      title: 'بازداشت خودسرانهٔ یک خبرنگار و دو همکارش در ناحیهٔ سوم شهر کابل',
      narrative: 'خبرنگار در راه خانه بازداشت شد و سه روز از او خبری نبود.',
      narrativeLanguage: 'fa',
      occurred: { from: '1403-02-10', calendar: 'solar-hijri' },
      location: { province: 'AF-KAB', district: 'ناحیهٔ سوم' },
      categories: ['cah-imprisonment', 'cah-murder'],
      victims: { count: 3 }
    })
  ).json()) as { id: string }
  t.equal(
    (await env.api(doc, 'POST', `/api/v1/incidents/${incident.id}/persons`, { role: 'witness', name: 'محمد ظاهر' })).status,
    201,
    'a witness'
  )
  const form = new FormData()
  form.append('sha256', createHash('sha256').update(photoBytes).digest('hex'))
  form.append('file', new Blob([photoBytes], { type: 'image/jpeg' }), 'kabul-phone-with-a-long-file-name-from-the-camera.jpg')
  const upload = await fetch(`${env.url}/api/v1/incidents/${incident.id}/evidence`, {
    method: 'POST',
    headers: { cookie: doc.cookie, 'x-csrf-token': doc.csrf },
    body: form
  })
  t.equal(upload.status, 201, 'a photo')
  const created = await env.api(legalApi, 'POST', '/api/v1/cases', {
    title: 'بازداشت‌های خودسرانهٔ خبرنگاران در کابل',
    incidentIds: [incident.id],
    recipient: 'un-iima',
    profile: 'restricted'
  })
  t.equal(created.status, 201, 'a case')
  const theCase = (await created.json()) as { id: string }
  const report: Record<string, unknown> = {}

  for (const lang of ['en', 'fa', 'ps'] as const) {
    await t.test(`in ${lang}`, async (t) => {
      const text = TEXT[lang]
      /** The checks every screen must pass, then its screenshot. */
      const check = async (page: Page, name: string): Promise<void> => {
        await page.evaluate('document.fonts.ready')
        t.equal(await page.getAttribute('html', 'lang'), HTML_LANG[lang], `${name}: in ${lang}`)
        const fits = (await page.evaluate('document.documentElement.scrollWidth <= innerWidth')) as boolean
        t.ok(fits, `${name}: nothing wider than the phone`, fits ? {} : { overflowing: await page.evaluate(OVERFLOWING) })
        const small = (await page.evaluate(SMALL_TARGETS)) as string[]
        t.same(small, [], `${name}: every target at least ${MIN} × ${MIN} px`)
        const tiny = (await page.evaluate(SMALL_CHART_TEXT)) as unknown[]
        t.same(tiny, [], `${name}: chart labels at least 12 px`)
        const title = (await page.evaluate(
          `(() => { const r = document.querySelector('#page-title')?.getBoundingClientRect(); return r ? [r.left, r.right] : null })()`
        )) as [number, number] | null
        if (title) t.ok(title[0] >= 0 && title[1] <= SMALL_PHONE.width, `${name}: the title is on the screen`)
        const axe = await seriousAxeViolations(page)
        t.same(axe, [], `${name}: no serious or critical axe-core violation`)
        report[`${name}.${lang}`] = { fits, small, tiny, axe: axe.map((v) => v.id) }
        await screenshot(page, `30-phone-${name}`, lang as UiLang)
      }

      const d = await guardedPage(env, { locale: lang === 'en' ? 'en-US' : `${lang}-AF`, viewport: SMALL_PHONE })
      t.teardown(() => d.context.close())
      const page = d.page
      await signIn(page, env.url, documenter, USER_PASSWORD, lang)
      await page.waitForSelector('svg.chart-svg')
      await check(page, 'dashboard')

      await page.click('.main-nav a[href="/incidents"]')
      await page.waitForSelector('ol.incident-list > li')
      await check(page, 'incident-list')

      // The stepped form, every step.
      const atStep = async (n: number): Promise<void> => {
        await page.waitForSelector(`ol.steps li:nth-child(${n}).current`)
      }
      await page.click('.main-nav a[href="/incidents/new"]')
      await page.waitForSelector('form.incident-form')
      await page.fill('input[name=title]', lang === 'en' ? 'Night raid in Andar' : 'حمله شبانه در اندړ')
      await page.fill('textarea[name=narrative]', lang === 'en' ? 'Armed men entered the village.' : 'مردان مسلح وارد قریه شدند.')
      await page.fill('input[name=from]', lang === 'en' ? '2024-08-14' : '۱۴۰۳-۰۵-۲۴')
      await page.selectOption('select[name=province]', 'AF-GHA')
      await page.fill('input[type=search]', 'Murder')
      await page.check('input[name=categories][value="cah-murder"]')
      await check(page, 'form-1')
      await page.getByRole('button', { name: text['form.step.create'], exact: true }).click()
      await atStep(2)
      await page.selectOption('#el-cah-murder-killing', 'supported')
      await check(page, 'form-2')
      await page.getByRole('button', { name: text['form.step.next'], exact: true }).click()
      await atStep(3)
      await page.fill('input[name=victims-count]', '2')
      await page.getByRole('button', { name: text['form.addPerpetrator'] }).click()
      await check(page, 'form-3')
      await page.getByRole('button', { name: text['form.step.back'], exact: true }).click()
      await atStep(2)
      t.equal(await page.inputValue('#el-cah-murder-killing'), 'supported', 'back shows what was saved')
      await page.getByRole('button', { name: text['form.step.next'], exact: true }).click()
      await atStep(3)
      t.equal(await page.inputValue('input[name=victims-count]'), '2', 'and forward what was typed')
      await page.getByRole('button', { name: text['form.step.next'], exact: true }).click()
      await atStep(4)
      await page.getByRole('button', { name: text['form.addSource'] }).click()
      await check(page, 'form-4')
      await page.getByRole('button', { name: text['form.step.finish'], exact: true }).click()
      await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/)
      const newId = page.url().split('/').pop() ?? ''
      const saved = (await (await env.api(doc, 'GET', `/api/v1/incidents/${newId}`)).json()) as Record<string, unknown>
      t.match(
        saved,
        {
          categories: ['cah-murder'],
          qualifications: [{ category: 'cah-murder', elements: [{ element: 'killing', status: 'supported' }] }],
          victims: { count: 2 },
          perpetrators: [{ type: 'de-facto-authorities' }],
          sources: [{ type: 'witness-testimony' }],
          revision: 4
        },
        'each step saved on the server: one creation and three changes'
      )

      await page.goto(`${env.url}/incidents/${incident.id}`)
      await page.waitForSelector('.incident-details')
      await check(page, 'incident')
      await page.click(`a[href="/incidents/${incident.id}/persons"]`)
      await page.waitForSelector('li.person')
      await check(page, 'persons')
      await page.getByRole('button', { name: text['persons.add'] }).click()
      await page.waitForSelector('form.card select')
      await check(page, 'person-form')
      await page.click(`a[href="/incidents/${incident.id}/evidence"]`)
      await page.waitForSelector('table.evidence-table')
      await check(page, 'evidence')
      await page.click('.main-nav a[href="/ledger"]')
      await waitUntil(page, `document.querySelector('#page-title')?.textContent === ${JSON.stringify(text['ledger.title'])}`)
      await page.waitForSelector('table')
      await check(page, 'ledger')
      // Field capture: the passphrase form, then the capture form and the queue once it is set.
      await page.click('.main-nav a[href="/capture"]')
      await page.waitForSelector('input[name=passphrase-repeat]')
      await check(page, 'capture-passphrase')
      await page.fill('input[name=passphrase]', 'a long field pass-phrase 77')
      await page.fill('input[name=passphrase-repeat]', 'a long field pass-phrase 77')
      await page.getByRole('button', { name: text['capture.create'] }).click()
      await waitUntil(page, `[...document.querySelectorAll('h2')].some((h) => h.textContent === ${JSON.stringify(text['capture.queue'])})`)
      await check(page, 'capture-queue')
      t.same(d.problems, [], 'documenter: no console error, no request leaving the server')

      const l = await guardedPage(env, { locale: lang === 'en' ? 'en-US' : `${lang}-AF`, viewport: SMALL_PHONE })
      t.teardown(() => l.context.close())
      await signIn(l.page, env.url, legal, USER_PASSWORD, lang)
      await l.page.click('.main-nav a[href="/cases"]')
      await l.page.waitForSelector('ul.case-list > li')
      await check(l.page, 'cases')
      await l.page.click(`a[href="/cases/${theCase.id}"]`)
      await l.page.waitForSelector('dl.facts')
      await check(l.page, 'case')
      t.same(l.problems, [], 'legal liaison: no console error')

      const a = await guardedPage(env, { locale: lang === 'en' ? 'en-US' : `${lang}-AF`, viewport: SMALL_PHONE })
      t.teardown(() => a.context.close())
      await signIn(a.page, env.url, 'admin', ADMIN_PASSWORD, lang)
      await a.page.click('.main-nav a[href="/users"]')
      await a.page.waitForSelector('table.users-table')
      await check(a.page, 'users')
      t.same(a.problems, [], 'admin: no console error')
    })
  }
  writeReport('30-phone-screens', report)
})
