// Find and see, in real Chromium against the real server: a theme filter that survives a reload
// through the URL, the table and card views, the CSV export of a search (no protected field), and the
// offline map at /map showing incidents and filtering by province, by a drawn rectangle and by a
// radius; at desktop size in English and on a phone in Dari, with axe-core on the list and the map.
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
  waitUntil,
  type Env
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { incidentInput } from '../../helpers/app.ts'

const { en, fa } = TEXT
const DESKTOP = { width: 1280, height: 800 }
const NARRATIVE = 'Gul Ahmad, the shopkeeper, saw the attackers arrive.'

async function seed(env: Env): Promise<{ documenter: string; ids: Record<string, string> }> {
  const documenter = await env.createUser('documenter')
  const s = await env.apiLogin(documenter, USER_PASSWORD)
  const ids: Record<string, string> = {}
  const add = async (key: string, over: Record<string, unknown>): Promise<void> => {
    const res = await env.api(s, 'POST', '/api/v1/incidents', incidentInput({ narrative: NARRATIVE, ...over }))
    if (res.status !== 201) throw new Error(await res.text())
    ids[key] = ((await res.json()) as { id: string }).id
  }
  // wc-attack-civilians carries the roadmap theme "massacre".
  await add('kabul', {
    title: 'Attack on a wedding in Kabul',
    categories: ['wc-attack-civilians'],
    location: { province: 'AF-KAB', lat: 34.53, lon: 69.17 },
    victims: { count: 7, bySex: { female: 4, male: 3 }, byAgeGroup: { child: 2, adult: 5 } }
  })
  await add('herat', { title: 'Detention in Herat', categories: ['cah-imprisonment'], location: { province: 'AF-HER' } })
  await add('balkh', { title: 'Killing in Balkh', categories: ['cah-murder'], location: { province: 'AF-BAL' } })
  return { documenter, ids }
}

/** Presses the map where a province's count is drawn (the dot lets the press through to the province). */
async function pressAt(page: Page, province: string, dx = 0, dy = 0): Promise<{ x: number; y: number }> {
  const box = await page.locator(`[data-count-for=${province}] circle`).boundingBox()
  if (!box) throw new Error(`no dot for ${province}`)
  return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy }
}

const drag = async (page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> => {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2)
  await page.mouse.move(to.x, to.y)
  await page.mouse.up()
}

const titles = async (page: Page): Promise<string[]> =>
  (await page.locator('.incident-title a, .incident-table tbody a').allTextContents()).sort()

t.test('find and see', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const { documenter } = await seed(env)

  t.test('desktop, English: theme filter kept over a reload, table view, CSV export, and the map', async (t) => {
    const { page, context, problems } = await guardedPage(env, { viewport: DESKTOP })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'en')
    await page.goto(`${env.url}/incidents?tag=massacre`)
    await page.waitForSelector('.result-count')
    t.same(await titles(page), ['Attack on a wedding in Kabul'], 'only the massacre-themed incident')
    await page.reload()
    await page.waitForSelector('.incident-title a')
    t.same(await titles(page), ['Attack on a wedding in Kabul'], 'still only it after a reload')
    t.equal(await page.locator('select[name=tag]').inputValue(), 'massacre', 'the form shows the theme')

    // Victims' sex, written to the URL with the theme.
    await page.goto(`${env.url}/incidents`)
    await page.waitForSelector('.incident-title a')
    await page.locator('select[name=victimSex]').selectOption('female')
    await page.getByRole('button', { name: en['list.search'] }).click()
    await waitUntil(page, `location.search === '?victimSex=female'`)
    await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 1`)
    t.same(await titles(page), ['Attack on a wedding in Kabul'])

    // The table view, kept in the URL.
    await page.getByRole('button', { name: en['list.view.table'] }).click()
    await waitUntil(page, `location.search === '?victimSex=female&view=table'`)
    await page.waitForSelector('table.incident-table')
    t.same(await titles(page), ['Attack on a wedding in Kabul'], 'the table lists the same incidents')
    t.same(await seriousAxeViolations(page), [], 'axe-core: the list as a table')
    await screenshot(page, 'find-list-table', 'en')

    // The export of this search: CSV, no narrative, no identity.
    const href = await page.locator('a.export-csv').getAttribute('href')
    t.equal(href, '/api/v1/incidents/export.csv?victimSex=female', 'the button exports this very search')
    const csv = (await page.evaluate(
      `fetch(${JSON.stringify(href)}).then(async (r) => ({ type: r.headers.get('content-type'), body: await r.text() }))`
    )) as { type: string; body: string }
    t.match(csv.type, /^text\/csv/)
    t.match(csv.body, /Attack on a wedding in Kabul/)
    t.notMatch(csv.body, /Gul Ahmad|shopkeeper|narrative/i, 'no narrative: free text may name people')
    t.equal(csv.body.trim().split('\r\n').length, 2, 'a header and one incident')

    // The map: counts by province; a press on Herat filters by it.
    await page.goto(`${env.url}/map`)
    await page.waitForSelector('[data-count-for=AF-KAB]')
    t.equal(await page.locator('[data-count-for=AF-HER] text').textContent(), '1')
    t.equal(await page.locator('.map-summary').textContent(), en['map.total'].replace('{n}', '3'))
    t.same(await seriousAxeViolations(page), [], 'axe-core: the map')
    await screenshot(page, 'find-map', 'en')
    const herat = await pressAt(page, 'AF-HER')
    await page.mouse.click(herat.x, herat.y)
    await waitUntil(page, `location.pathname === '/map' && location.search === '?province=AF-HER'`)
    await waitUntil(page, `document.querySelector('.map-summary')?.textContent.includes('1')`)
    await page.waitForSelector('.map-incidents .incident-title a')
    t.same(await titles(page), ['Detention in Herat'], 'the incidents of the province pressed')

    // A rectangle drawn around Kabul.
    await page.getByLabel(en['map.tool.rectangle']).check()
    const kabulFrom = await pressAt(page, 'AF-KAB', -25, -25)
    await drag(page, kabulFrom, await pressAt(page, 'AF-KAB', 25, 25))
    await waitUntil(page, `new URLSearchParams(location.search).has('bbox')`)
    await page.waitForSelector('[data-testid=map-bbox]')
    await waitUntil(
      page,
      `[...document.querySelectorAll('.map-incidents .incident-title a')].map((a) => a.textContent).join() === 'Attack on a wedding in Kabul'`
    )
    t.pass('the rectangle finds the Kabul incident only')
    await screenshot(page, 'find-map-rectangle', 'en')
    // The list takes the same area.
    await page.getByRole('link', { name: en['map.showList'] }).click()
    await waitUntil(page, `location.pathname === '/incidents' && new URLSearchParams(location.search).has('bbox')`)
    await page.waitForSelector('[data-testid=area-filter]')
    await waitUntil(page, `document.querySelectorAll('.incident-title a').length === 1`)
    t.same(await titles(page), ['Attack on a wedding in Kabul'])
    t.same(problems, [])
  })

  t.test('phone, Dari: the theme over a reload, cards, and the map by radius', async (t) => {
    const { page, context, problems } = await guardedPage(env, { locale: 'fa-AF', viewport: PHONE })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'fa')
    await page.goto(`${env.url}/incidents?tag=massacre`)
    await page.waitForSelector('.incident-title a')
    await page.reload()
    await page.waitForSelector('.incident-title a')
    t.same(await titles(page), ['Attack on a wedding in Kabul'], 'the theme survives the reload')
    t.equal(await page.locator('ol.incident-list > li.card').count(), 1, 'cards by default on the phone')
    t.equal(await page.locator('table.incident-table').count(), 0)
    t.equal(
      await page.getByRole('button', { name: fa['list.view.cards'] }).getAttribute('aria-pressed'),
      'true',
      'the card view is the one pressed, named in Dari'
    )
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number
    t.ok(overflow <= 1, `no sideways scrolling on the phone (${overflow}px)`)
    t.same(await seriousAxeViolations(page), [], 'axe-core: the list on the phone, in Dari')
    await screenshot(page, 'find-list-phone', 'fa')

    await page.goto(`${env.url}/map?tag=massacre`)
    await page.waitForSelector('[data-count-for=AF-KAB]')
    t.equal(await page.locator('[data-count-for=AF-KAB] text').textContent(), '۱', 'the count in Dari digits')
    t.equal(await page.locator('[data-count-for=AF-HER]').count(), 0, 'the theme filters the map too')
    t.equal(await page.locator('.map-summary').textContent(), fa['map.total'].replace('{n}', '۱'))

    await page.goto(`${env.url}/map`)
    await page.waitForSelector('[data-count-for=AF-BAL]')
    await page.getByLabel(fa['map.tool.radius']).check()
    const balkh = await pressAt(page, 'AF-BAL')
    await drag(page, balkh, { x: balkh.x + 20, y: balkh.y })
    await waitUntil(page, `new URLSearchParams(location.search).has('near')`)
    await page.waitForSelector('[data-testid=map-near]')
    await waitUntil(
      page,
      `[...document.querySelectorAll('.map-incidents .incident-title a')].map((a) => a.textContent).join() === 'Killing in Balkh'`
    )
    t.pass('the radius around Balkh finds the Balkh incident only')
    t.match((await page.locator('.map-summary').textContent()) ?? '', fa['map.inRadius'].split('{km}')[0]!.trim())
    const mapOverflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number
    t.ok(mapOverflow <= 1, `the map fits the phone (${mapOverflow}px)`)
    t.same(await seriousAxeViolations(page), [], 'axe-core: the map on the phone, in Dari')
    await screenshot(page, 'find-map-phone', 'fa')
    t.same(problems, [])
  })
})
