// The overview by itself (test/web/component-harness.ts): counts only, named and written in the
// reader's language (bars growing from the reading side), and the way on offered by role.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx } from '../component-harness.ts'

const STATS = {
  total: 1234,
  byCategory: { 'cah-murder': 12, 'hr-arbitrary-detention': 40, 'retired-category': 1 },
  byProvince: { 'AF-GHA': 30, 'AF-KAB': 5 },
  byMonth: { '2024-08': 7, '2024-07': 3 }
}
const links = async (s: Awaited<ReturnType<typeof screenPage>>): Promise<(string | null)[]> =>
  await s.page.locator('.quick-actions a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))

t.test('the dashboard', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('the total and the counts in Dari: names from the taxonomy, Dari digits, most first', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/stats', { body: STATS })
    await s.mount('dashboard', {}, { lang: 'fa', role: 'legal', username: 'legal1' })
    await s.waitFor('.stat-total')
    t.equal(await s.text('.stat-number'), '۱,۲۳۴')
    t.match((await s.text('.stat-total')) ?? '', fa['dashboard.total'])
    const [byCategory, byProvince, byMonth] = await s.page.locator('figure.chart').all()
    t.equal(await byCategory!.locator('figcaption').textContent(), fa['dashboard.byCategory'])
    const categoryRows = await byCategory!.locator('table tbody th').allTextContents()
    t.match(categoryRows[0]!, 'بازداشت', 'the largest count first, named in Dari')
    t.match(categoryRows[1]!, 'قتل (جنایت علیه بشریت)')
    t.match(categoryRows[1]!, 'Art. 7(1)(a)', 'with its article')
    t.equal(categoryRows[2], 'retired-category', 'a category the taxonomy no longer has is still counted, by its id')
    t.same(await byCategory!.locator('table tbody td').allTextContents(), ['۴۰', '۱۲', '۱'])
    t.same(await byProvince!.locator('table tbody th').allTextContents(), ['غزنی', 'کابل'])
    t.same(
      await byMonth!.locator('table tbody th').evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent)),
      ['۲۰۲۴-۰۷', '۲۰۲۴-۰۸'],
      'months oldest first'
    )
    // Bars grow from the right in Dari, each under its label (a line of its own, readable on a phone).
    const bar = byCategory!.locator('rect.chart-bar').first()
    const x = Number(await bar.getAttribute('x'))
    const w = Number(await bar.getAttribute('width'))
    t.equal(x + w, 340 - 2, 'anchored on the right, where Dari reading starts')
    const label = byCategory!.locator('text.chart-label').first()
    t.equal(await label.getAttribute('x'), '338', 'the label starts on the right too')
    t.ok(Number(await label.getAttribute('y')) < Number(await bar.getAttribute('y')), 'above its bar')
    t.equal(await byCategory!.locator('svg').getAttribute('aria-labelledby'), await byCategory!.locator('figcaption').getAttribute('id'))
    t.same(s.requests, ['GET /api/v1/stats'])
    t.same(s.problems, [])
  })

  t.test('in English the bars grow from the left', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/stats', { body: STATS })
    await s.mount('dashboard', {}, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitFor('.stat-total')
    t.equal(await s.text('.stat-number'), '1,234')
    t.equal(await s.page.locator('figure.chart rect.chart-bar').first().getAttribute('x'), '2')
  })

  t.test('each role is offered its own way on', async (t) => {
    const want: [Ctx, string[]][] = [
      [{ lang: 'en', role: 'documenter', username: 'doc1' }, ['/incidents/new', '/incidents']],
      [{ lang: 'en', role: 'legal', username: 'legal1' }, ['/incidents', '/cases/new']],
      [{ lang: 'en', role: 'auditor', username: 'auditor1' }, ['/verify', '/ledger']],
      [{ lang: 'en', role: 'admin', username: 'admin' }, ['/users', '/ledger']]
    ]
    // One subtest per role: each gives its page back for the next.
    for (const [ctx, hrefs] of want)
      await t.test(ctx.role ?? '', async (t) => {
        const s = await screenPage(t, browser)
        s.answer('GET /api/v1/stats', { body: STATS })
        await s.mount('dashboard', {}, ctx)
        await s.waitFor('.stat-total')
        t.same(await links(s), hrefs, ctx.role ?? '')
      })
  })

  t.test('no incidents yet: a zero and “no data”, not empty charts', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/stats', { body: { total: 0, byCategory: {}, byProvince: {}, byMonth: {} } })
    await s.mount('dashboard', {}, { lang: 'en', role: 'legal', username: 'legal1' })
    await s.waitFor('.stat-total')
    t.equal(await s.text('.stat-number'), '0')
    t.same(await s.page.locator('figure.chart .empty').allTextContents(), [en['common.noData'], en['common.noData'], en['common.noData']])
    t.equal(await s.page.locator('figure.chart svg').count(), 0)
  })

  t.test('counts the server cannot give are an error in Dari, with no zero that could be believed', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/stats', apiError(500, 'SANAD_ERR_INTERNAL'))
    await s.mount('dashboard', {}, { lang: 'fa', role: 'legal', username: 'legal1' })
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_INTERNAL'])
    t.equal(await s.page.locator('.stat-total').count(), 0)
    t.equal(await s.page.locator('.loading').count(), 0, 'and no endless loading')
  })
})
