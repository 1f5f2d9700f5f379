// The overview counted in victims (test/web/component-harness.ts): `/?count=victims` asks for the
// victims' sums and draws them by sex, age group, province and month, in the reader's language.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage } from '../component-harness.ts'

const STATS = { total: 3, byCategory: { 'cah-murder': 3 }, byProvince: { 'AF-KAB': 3 }, byMonth: { '2024-07': 3 } }
const VICTIMS = {
  total: 1234,
  killed: 40,
  injured: 12,
  incidentsWithoutCount: 2,
  bySex: { female: 700, male: 534 },
  byAgeGroup: { child: 300, adult: 934 },
  byProvince: { 'AF-GHA': 1000, 'AF-KAB': 234 },
  byMonth: { '2024-07': 1234 }
}

t.test('the overview in victims', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('in Dari: the victims total, by sex and age group named in Dari, with Dari digits', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/stats', { body: STATS })
    s.answer('GET /api/v1/stats/victims', { body: VICTIMS })
    await s.mount('dashboard', {}, { lang: 'fa', role: 'legal', username: 'legal1', search: '?count=victims' })
    await s.waitFor('.victim-stats .stat-total')
    t.equal(await s.text('.victim-stats .stat-number'), '۱,۲۳۴')
    t.match((await s.text('.victim-stats .stat-total')) ?? '', fa['dashboard.victims'])
    const [bySex, byAge, byProvince] = await s.page.locator('.victim-stats figure.chart').all()
    t.equal(await bySex!.locator('figcaption').textContent(), fa['dashboard.victimsBySex'])
    t.same(await bySex!.locator('table tbody th').allTextContents(), [fa['group.female'], fa['group.male']])
    t.same(await byAge!.locator('table tbody th').allTextContents(), [fa['group.adult'], fa['group.child']])
    t.same(await byProvince!.locator('table tbody th').allTextContents(), ['غزنی', 'کابل'])
    t.match((await s.text('.victim-stats .hint')) ?? '', '۲')
    t.equal(await s.page.getByRole('button', { name: fa['dashboard.count.victims'] }).getAttribute('aria-pressed'), 'true')
    t.same(s.problems, [])
  })

  t.test('in English, the toggle goes from incidents to victims through the URL', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/stats', { body: STATS })
    s.answer('GET /api/v1/stats/victims', { body: VICTIMS })
    await s.mount('dashboard', {}, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitFor('.stat-total')
    t.equal(await s.page.locator('.victim-stats').count(), 0, 'incidents first')
    await s.page.getByRole('button', { name: en['dashboard.count.victims'] }).click()
    const navigations = await s.page.evaluate(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations)
    t.same(navigations, ['/?count=victims'])
    t.same(s.problems, [])
  })
})
