// The map without a pointer, in real Chromium against the real server: with the keyboard only, a
// radius around typed coordinates (desktop, English) or around a province's centre (phone, Dari), and
// a rectangle by its edges, each filtering the incidents listed and going into the URL like a drawn
// one; refused values name the field in the reader's language and clear when fixed. The map shows
// Natural Earth's provinces (screenshots), with visible focus, and axe-core finds nothing serious.
import t from 'tap'
import type { Page } from 'playwright-core'
import {
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  screenshotBoth,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil,
  type Env
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { incidentInput } from '../../helpers/app.ts'

const { en, fa } = TEXT
const DESKTOP = { width: 1280, height: 800 }

async function seed(env: Env): Promise<string> {
  const documenter = await env.createUser('documenter')
  const s = await env.apiLogin(documenter, USER_PASSWORD)
  const add = async (over: Record<string, unknown>): Promise<void> => {
    const res = await env.api(s, 'POST', '/api/v1/incidents', incidentInput(over))
    if (res.status !== 201) throw new Error(await res.text())
  }
  await add({ title: 'Shelling near Nili', location: { province: 'AF-DAY', lat: 33.72, lon: 66.13 } })
  await add({ title: 'Raid in Kabul', location: { province: 'AF-KAB', lat: 34.53, lon: 69.17 } })
  await add({ title: 'Detention in Herat', location: { province: 'AF-HER' } })
  await add({ title: 'Killing in Balkh', location: { province: 'AF-BAL' } })
  return documenter
}

const listed = async (page: Page): Promise<string> =>
  (await page.evaluate(
    `[...document.querySelectorAll('.map-incidents .incident-title a')].map((a) => a.textContent).sort().join('|')`
  )) as string

/** Presses Tab until the focused element matches the selector (as a keyboard user would). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** The focused control shows where the focus is (an outline, not just the browser's guess). */
const focusVisible = async (page: Page): Promise<boolean> =>
  (await page.evaluate(
    `(() => { const s = getComputedStyle(document.activeElement); return document.activeElement.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 })()`
  )) as boolean

const activeName = async (page: Page): Promise<string> =>
  (await page.evaluate(`document.activeElement?.getAttribute('name') ?? ''`)) as string

t.test('the map by keyboard', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const documenter = await seed(env)

  t.test('desktop, English: a radius around typed coordinates, then a rectangle by its edges', async (t) => {
    const { page, context, problems } = await guardedPage(env, { viewport: DESKTOP })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    await page.goto(`${env.url}/map`)
    await page.waitForSelector('[data-count-for=AF-DAY]')
    t.equal(await page.locator('path.map-province').count(), 34, "Natural Earth's 34 provinces")
    const names = await page.locator('.map-label:not(.map-label-phone)').allTextContents()
    t.ok(names.length >= 30, `${names.length} provinces named on the map (a name that would overlap is left out)`)
    for (const name of ['Daykundi', 'Kabul', 'Herat', 'Balkh', 'Uruzgan', 'Parwan', 'Kandahar']) t.ok(names.includes(name), name)
    t.equal(await listed(page), 'Detention in Herat|Killing in Balkh|Raid in Kabul|Shelling near Nili')
    await screenshotBoth(page, 'map-provinces', 'en')
    await page.waitForSelector('[data-count-for=AF-DAY]')

    // Tools are radio buttons: arrows move between them.
    await tabTo(page, 'input[name=map-tool]')
    t.ok(await focusVisible(page), 'the tool in focus is outlined')
    await page.keyboard.press('ArrowDown') // rectangle
    await page.keyboard.press('ArrowDown') // radius
    t.equal(await page.locator('input[name=map-tool]:checked').getAttribute('value'), 'radius')
    await page.waitForSelector('[data-testid=map-typed]')

    await tabTo(page, 'select[name=centre]')
    t.equal(await page.locator('select[name=centre]').inputValue(), 'point', 'typed coordinates by default')
    await tabTo(page, 'input[name=lat]')
    t.ok(await focusVisible(page), 'the latitude field in focus is outlined')
    await page.keyboard.type('33.72')
    await page.keyboard.press('Tab')
    t.equal(await activeName(page), 'lon')
    await page.keyboard.type('66.13')
    await waitUntil(
      page,
      `document.querySelector('[data-testid=map-typed-province]')?.textContent === ${JSON.stringify(en['map.typed.inProvince'].replace('{province}', 'Daykundi'))}`
    )
    t.pass('the point is said to be in Daykundi (point in province, on the simplified shapes)')

    // A radius of nothing is refused, the focus goes to it, and fixing it clears the error.
    await page.keyboard.press('Tab')
    t.equal(await activeName(page), 'km')
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('0')
    await page.keyboard.press('Enter')
    await waitUntil(page, `document.activeElement?.getAttribute('aria-invalid') === 'true'`)
    t.equal(await activeName(page), 'km', 'the refused field has the focus')
    t.equal(
      await page.locator('.map-typed .field-error').textContent(),
      en['map.typed.badKm'].replace('{min}', '1').replace('{max}', '2000')
    )
    t.equal(await page.evaluate('location.search'), '', 'nothing went into the URL')
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('30')
    t.equal(await page.locator('.map-typed .field-error').count(), 0, 'the error goes when the field changes')
    await page.keyboard.press('Enter')

    await waitUntil(page, `location.pathname === '/map' && location.search === '?near=33.72%2C66.13%2C30'`)
    await page.waitForSelector('[data-testid=map-near]')
    await waitUntil(page, `document.querySelectorAll('.map-incidents .incident-title a').length === 1`)
    t.equal(await listed(page), 'Shelling near Nili', 'only the incident within 30 km of Nili')
    t.match((await page.locator('.map-summary').textContent()) ?? '', en['map.inRadius'].replace('{km}', '30'))
    t.same(await seriousAxeViolations(page), [], 'axe-core: the map with a typed radius')
    await screenshot(page, 'map-keyboard-radius', 'en')

    // A reload keeps the radius, and the fields show it.
    await page.reload()
    await page.waitForSelector('[data-testid=map-typed]')
    t.equal(await page.locator('input[name=lat]').inputValue(), '33.72', 'the URL fills the fields back')
    await waitUntil(page, `document.querySelectorAll('.map-incidents .incident-title a').length === 1`)

    // A rectangle around Kabul by its edges.
    await tabTo(page, 'input[name=map-tool]')
    await page.keyboard.press('ArrowUp') // rectangle
    t.equal(await page.locator('input[name=map-tool]:checked').getAttribute('value'), 'rectangle')
    await tabTo(page, 'input[name=north]')
    for (const [name, value] of [
      ['north', '34.8'],
      ['south', '34.3'],
      ['west', '68.9'],
      ['east', '69.5']
    ]) {
      t.equal(await activeName(page), name)
      await page.keyboard.type(value!)
      await page.keyboard.press('Tab')
    }
    t.equal(await page.evaluate('document.activeElement?.textContent'), en['map.typed.applyRectangle'], 'then the button')
    await page.keyboard.press('Enter')
    await waitUntil(page, `new URLSearchParams(location.search).get('bbox') === '68.9,34.3,69.5,34.8'`)
    t.notOk(await page.evaluate(`new URLSearchParams(location.search).has('near')`), 'the rectangle replaces the radius')
    await page.waitForSelector('[data-testid=map-bbox]')
    // The radius's one result stays listed until the rectangle's search answers: wait for the new one.
    await waitUntil(
      page,
      `[...document.querySelectorAll('.map-incidents .incident-title a')].map((a) => a.textContent).join('|') === 'Raid in Kabul'`
    )
    t.equal(await listed(page), 'Raid in Kabul')
    t.same(problems, [])
  })

  t.test('phone, Dari: a radius around a province centre, typed in Dari digits', async (t) => {
    const { page, context, problems } = await guardedPage(env, { locale: 'fa-AF', viewport: PHONE })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'fa')
    await page.goto(`${env.url}/map`)
    await page.waitForSelector('[data-count-for=AF-BAL]')
    const phoneLabels = await page.locator('.map-label:visible').allTextContents()
    t.same(phoneLabels.sort(), ['بلخ', 'دایکندی', 'کابل', 'هرات'].sort(), 'on a phone, the provinces with incidents are named, in Dari')
    await screenshot(page, 'map-provinces-phone', 'fa')

    await tabTo(page, 'input[name=map-tool]')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    t.equal(await page.locator('input[name=map-tool]:checked').getAttribute('value'), 'radius')
    await tabTo(page, 'select[name=centre]')
    t.ok(await focusVisible(page), 'the centre list in focus is outlined')
    // Down the closed list to "the centre of Balkh", named in Dari.
    const index = (await page.evaluate(
      `[...document.querySelector('select[name=centre]').options].findIndex((o) => o.value === 'AF-BAL')`
    )) as number
    t.equal(
      await page.locator('select[name=centre] option[value=AF-BAL]').textContent(),
      fa['map.typed.provinceCentre'].replace('{province}', 'بلخ')
    )
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown')
    t.equal(await page.locator('select[name=centre]').inputValue(), 'AF-BAL')
    t.equal(await page.locator('input[name=lat]').count(), 0, 'no coordinates to type for a province centre')

    await page.keyboard.press('Tab')
    t.equal(await activeName(page), 'km')
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('۵۰۰۰')
    await page.keyboard.press('Enter')
    await waitUntil(page, `document.activeElement?.getAttribute('aria-invalid') === 'true'`)
    t.equal(
      await page.locator('.map-typed .field-error').textContent(),
      fa['map.typed.badKm'].replace('{min}', '۱').replace('{max}', '۲۰۰۰'),
      'the error in Dari, with Dari digits'
    )
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('۴۰')
    await page.keyboard.press('Enter')
    await waitUntil(page, `new URLSearchParams(location.search).get('near') === '36.6,66.95,40'`)
    await page.waitForSelector('[data-testid=map-near]')
    await waitUntil(page, `document.querySelectorAll('.map-incidents .incident-title a').length === 1`)
    t.equal(await listed(page), 'Killing in Balkh', 'the incident counted at the centre of Balkh')
    t.match((await page.locator('.map-summary').textContent()) ?? '', fa['map.inRadius'].replace('{km}', '۴۰'))
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number
    t.ok(overflow <= 1, `no sideways scrolling on the phone (${overflow}px)`)
    t.same(await seriousAxeViolations(page), [], 'axe-core: the typed radius on the phone, in Dari')
    await screenshot(page, 'map-keyboard-phone', 'fa')

    // The list takes the same radius.
    await tabTo(page, `a[href^="/incidents?"]`)
    await page.keyboard.press('Enter')
    await waitUntil(page, `location.pathname === '/incidents' && new URLSearchParams(location.search).get('near') === '36.6,66.95,40'`)
    await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 1`)
    t.same(await page.locator('.incident-title a').allTextContents(), ['Killing in Balkh'])
    t.same(problems, [])
  })
})
