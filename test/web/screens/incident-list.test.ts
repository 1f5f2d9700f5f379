// The incident list by itself (test/web/component-harness.ts): the filters as the server is asked
// them, what a need-to-know incident shows (its reference, never its title), paging, and the roles.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { query } from '../../../web/src/api.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage as harnessPage, type Ctx } from '../component-harness.ts'

// The list also asks for the account's saved searches: none here, and left out of the requests these
// tests compare (test/web/components/saved-searches.test.ts tests them).
const screenPage: typeof harnessPage = async (...args) => {
  const s = await harnessPage(...args)
  s.answer('GET /api/v1/saved-searches', { body: { items: [] } })
  return {
    ...s,
    get requests() {
      return s.requests.filter((r) => r !== 'GET /api/v1/saved-searches')
    }
  }
}

const DARI: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const LEGAL: Ctx = { lang: 'en', role: 'legal', username: 'legal1' }
const FIRST = 'GET /api/v1/incidents?limit=25&offset=0'
const list = (params: Record<string, string | number>): string => `GET /api/v1/incidents${query({ ...params })}`

const incident = (n: number, over: Partial<Incident> = {}): Incident => ({
  id: `0190a2b4-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`,
  reference: `SND-2026-00${String(n).padStart(2, '0')}`,
  revision: 1,
  status: 'verified',
  title: `Incident number ${n}`,
  occurred: { from: '2024-08-14', to: '2024-08-14', precision: 'day', fromSolarHijri: '1403-05-24', toSolarHijri: '1403-05-24' },
  location: { province: 'AF-GHA', district: 'Andar' },
  categories: ['cah-murder'],
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

// What the server sends for an incident the reader may not know about: no title, no narrative.
const withheld = (n: number): Incident => {
  const { title: _t, ...rest } = incident(n)
  return { ...rest, withheld: 'need-to-know' }
}

t.test('the incident list', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('the server’s incidents in Dari: title linked, reference, province, category, status and count', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(FIRST, { body: { items: [incident(1, { flags: ['OUTSIDE_ICC_JURISDICTION_WINDOW'] })], total: 1 } })
    await s.mount('incident-list', {}, DARI)
    await s.waitFor('ol.incident-list > li')
    const item = s.page.locator('ol.incident-list > li').first()
    t.equal(await item.locator('h2 a').getAttribute('href'), `/incidents/${incident(1).id}`)
    t.equal(await item.locator('h2 a').textContent(), 'Incident number 1')
    t.equal(await item.locator('.reference').textContent(), 'SND-2026-0001')
    const text = (await item.textContent()) ?? ''
    t.match(text, 'غزنی', 'the province in Dari')
    t.match(text, 'قتل (جنایت علیه بشریت)', 'the category in Dari')
    t.match(text, 'Art. 7(1)(a)', 'with its article')
    t.match(text, fa['status.verified'])
    t.match(text, fa['flag.OUTSIDE_ICC_JURISDICTION_WINDOW'], 'the flag the server raised')
    t.match(text, '۱۴۰۳', 'the date in Solar Hijri')
    t.equal(await s.text('.result-count'), fa['list.count'].replace('{n}', '۱'))
    t.same(s.requests, [FIRST])
    t.same(s.problems, [])
  })

  t.test('a need-to-know incident shows its reference and how to ask, never a title or a link', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(FIRST, { body: { items: [withheld(2), incident(3)], total: 2 } })
    await s.mount('incident-list', {}, DARI)
    await s.waitFor('ol.incident-list > li')
    const first = s.page.locator('ol.incident-list > li').first()
    t.equal(await first.locator('.withheld').textContent(), fa['list.needToKnow'])
    t.equal(await first.locator('.reference').textContent(), 'SND-2026-0002')
    t.equal(await first.locator('a').count(), 0, 'nothing to open')
    t.notMatch((await first.textContent()) ?? '', 'Incident number', 'no title')
    t.equal(await s.page.locator('ol.incident-list a[href]').count(), 1, 'only the other one is a link')
  })

  t.test('filters are sent as the server’s query; a Solar Hijri date goes as its Gregorian day', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(FIRST, { body: { items: [incident(1)], total: 1 } })
    const filtered = list({
      q: 'شبانه',
      category: 'cah-murder',
      province: 'AF-GHA',
      from: '2024-08-14',
      to: '2024-09-22',
      status: 'retracted',
      limit: 25,
      offset: 0
    })
    s.answer(filtered, { body: { items: [], total: 0 } })
    await s.mount('incident-list', {}, DARI)
    await s.waitFor('ol.incident-list')
    await s.page.getByLabel(fa['list.q']).fill('شبانه')
    await s.page.getByLabel(fa['list.category']).selectOption('cah-murder')
    await s.page.getByLabel(fa['list.province'], { exact: true }).selectOption('AF-GHA')
    await s.page.getByLabel(fa['list.status']).selectOption('retracted')
    await s.page.getByLabel(fa['list.from'], { exact: true }).fill('۱۴۰۳-۰۵-۲۴')
    await s.page.getByLabel(fa['list.to'], { exact: true }).fill('1403-07-01')
    await s.page.getByRole('button', { name: fa['list.search'] }).click()
    await s.waitForRequest(filtered)
    await s.waitFor('.empty')
    t.equal(await s.text('.empty'), fa['list.none'], 'no match is said, not an empty page')
    t.equal(await s.text('.result-count'), fa['list.count'].replace('{n}', '۰'))
    t.same(s.problems, [])
  })

  t.test('clearing the filters asks for everything again', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(FIRST, { body: { items: [incident(1)], total: 1 } })
    s.answer(list({ province: 'AF-KAB', limit: 25, offset: 0 }), { body: { items: [], total: 0 } })
    await s.mount('incident-list', {}, LEGAL)
    await s.waitFor('ol.incident-list')
    await s.page.getByLabel(en['list.province'], { exact: true }).selectOption('AF-KAB')
    await s.page.getByRole('button', { name: en['list.search'] }).click()
    await s.waitFor('.empty')
    await s.page.getByRole('button', { name: en['list.clear'] }).click()
    await s.waitFor('ol.incident-list')
    t.same(s.requests, [FIRST, list({ province: 'AF-KAB', limit: 25, offset: 0 }), FIRST])
    t.equal(await s.page.getByLabel(en['list.province'], { exact: true }).inputValue(), '', 'the form is cleared too')
  })

  t.test('pages of 25: next and previous ask for the next offset, and stop at the ends', async (t) => {
    const s = await screenPage(t, browser)
    const page1 = Array.from({ length: 25 }, (_, i) => incident(i + 1))
    s.answer(FIRST, { body: { items: page1, total: 30 } })
    s.answer('GET /api/v1/incidents?limit=25&offset=25', { body: { items: [incident(26)], total: 30 } })
    await s.mount('incident-list', {}, LEGAL)
    await s.waitFor('ol.incident-list > li')
    const prev = s.page.getByRole('button', { name: en['list.prev'] })
    const next = s.page.getByRole('button', { name: en['list.next'] })
    t.ok(await prev.isDisabled(), 'no page before the first')
    t.equal(await s.text('.pager span'), '1–25')
    await next.click()
    // The pager's range follows the offset at once; the second page's request comes after it.
    await s.waitForRequest('GET /api/v1/incidents?limit=25&offset=25')
    await s.page.waitForFunction(() => document.querySelector('.pager span')?.textContent === '26–30')
    t.ok(await next.isDisabled(), 'no page after the last')
    t.same(s.requests, [FIRST, 'GET /api/v1/incidents?limit=25&offset=25'])
  })

  t.test('only a role that may record incidents is offered to', async (t) => {
    const doc = await screenPage(t, browser)
    doc.answer(FIRST, { body: { items: [], total: 0 } })
    await doc.mount('incident-list', {}, DARI)
    await doc.waitFor('.empty')
    t.equal(await doc.page.locator('a[href="/incidents/new"]').count(), 1, 'documenter: incident:write')
    const legal = await screenPage(t, browser)
    legal.answer(FIRST, { body: { items: [], total: 0 } })
    await legal.mount('incident-list', {}, LEGAL)
    await legal.waitFor('.empty')
    t.equal(await legal.page.locator('a[href="/incidents/new"]').count(), 0, 'legal reads only')
  })

  t.test('a refused or failed search says why in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(FIRST, apiError(403, 'SANAD_ERR_FORBIDDEN'))
    await s.mount('incident-list', {}, DARI)
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_FORBIDDEN'])
    t.equal(await s.page.locator('ol.incident-list').count(), 0)
  })
})
