// The incident list by itself (test/web/component-harness.ts): every filter is read from the URL, so
// a reload or a shared link shows the same search, and every change is written back to it.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage as harnessPage, type Ctx } from '../component-harness.ts'

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

const anIncident = (over: Partial<Incident> = {}): Incident => ({
  id: '0190a2b4-0000-7000-8000-00000000000a',
  reference: 'SND-2026-000001',
  revision: 2,
  status: 'submitted',
  title: 'قتل عام در روستای جاغوری',
  narrative: '',
  narrativeLanguage: 'fa',
  occurred: { from: '2022-03-14', to: '2022-03-14', precision: 'day', fromSolarHijri: '1400-12-23', toSolarHijri: '1400-12-23' },
  location: { province: 'AF-GHA' },
  categories: ['wc-attack-civilians'],
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const list = (items: Incident[]) => ({ body: { items, total: items.length, limit: 25, offset: 0 } })
const navigations = async (s: Awaited<ReturnType<typeof screenPage>>): Promise<string[]> =>
  await s.page.evaluate(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations)

t.test('incident list', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('/incidents?tag=massacre&status=submitted searches exactly that after a reload, and exports the same', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/incidents?tag=massacre&status=submitted&limit=25&offset=0', list([anIncident()]))
    const ctx: Ctx = { lang: 'fa', role: 'reviewer', username: 'reviewer1', search: '?tag=massacre&status=submitted' }
    await s.mount('incident-list', {}, ctx)
    await s.waitFor('ol.incident-list > li')
    t.same(s.requests, ['GET /api/v1/incidents?tag=massacre&status=submitted&limit=25&offset=0'], 'the filters came from the URL')
    t.match((await s.text('ol.incident-list > li')) ?? '', fa['status.submitted'], 'the status badge, in Dari')
    t.equal(await s.page.locator('select[name=status]').inputValue(), 'submitted', 'the form shows the filter it applies')
    t.equal(
      await s.page.locator('a.export-csv').getAttribute('href'),
      '/api/v1/incidents/export.csv?tag=massacre&status=submitted',
      'Export CSV exports this very search'
    )
    t.match((await s.text('a.export-csv')) ?? '', fa['list.exportCsv'])
    t.same(s.problems, [])
  })

  t.test('a change of filter is written to the URL, and the review queues are one click away', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/incidents?tag=massacre&limit=25&offset=0', list([]))
    // Each new address asks the server again, as a reload of it would.
    s.answer('GET /api/v1/incidents?tag=massacre&status=verified&limit=25&offset=0', list([]))
    s.answer('GET /api/v1/incidents?status=submitted&limit=25&offset=0', list([]))
    s.answer('GET /api/v1/incidents?assignee=me&limit=25&offset=0', list([]))
    await s.mount('incident-list', {}, { lang: 'en', role: 'reviewer', username: 'reviewer1', search: '?tag=massacre' })
    await s.waitFor('.result-count')
    await s.page.locator('select[name=status]').selectOption('verified')
    await s.page.getByRole('button', { name: en['list.search'] }).click()
    await s.page.getByRole('button', { name: en['list.waitingForReview'] }).click()
    await s.page.getByRole('button', { name: en['list.assignedToMe'] }).click()
    t.same(await navigations(s), ['/incidents?tag=massacre&status=verified', '/incidents?status=submitted', '/incidents?assignee=me'])
    t.same(s.problems, [])
  })

  t.test('a documenter sees the "waiting for review" queue but not "assigned to me"', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/incidents?limit=25&offset=0', list([]))
    await s.mount('incident-list', {}, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitFor('.result-count')
    t.equal(await s.page.getByRole('button', { name: en['list.waitingForReview'] }).count(), 1)
    t.equal(await s.page.getByRole('button', { name: en['list.assignedToMe'] }).count(), 0)
    t.same(s.problems, [])
  })
})
