// Saved searches on the incident list (#19 item 8; test/web/component-harness.ts): the filters in the
// URL saved under a name, listed, opened (which sets the URL and searches again), renamed and deleted;
// every request scripted.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage } from '../component-harness.ts'

const SAVED = 'GET /api/v1/saved-searches'
const one = { id: 's1', name: 'کشتار جمعی', query: 'tag=massacre', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }
const two = { ...one, id: 's2', name: 'Women', query: 'victimSex=female' }
const empty = { body: { items: [], total: 0 } }

t.test('saved searches', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('saving the search in the URL posts its filters (never the view) under the typed name, in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/incidents?tag=massacre&limit=25&offset=0', empty)
    s.answer(SAVED, { body: { items: [] } }, { body: { items: [one] } })
    s.answer('POST /api/v1/saved-searches', { status: 201, body: one })
    await s.mount(
      'incident-list',
      {},
      { lang: 'fa', role: 'documenter', username: 'doc1', path: '/incidents', search: '?tag=massacre&view=table' }
    )
    await s.page.getByText(fa['saved.none']).waitFor()
    await s.page.getByRole('button', { name: fa['saved.saveThis'] }).click()
    await s.page.getByLabel(fa['saved.name']).fill('  کشتار جمعی ')
    await s.page.getByRole('button', { name: fa['saved.save'], exact: true }).click()
    await s.page.locator('.saved-search-open', { hasText: one.name }).waitFor()
    t.same(s.bodies['POST /api/v1/saved-searches'], [{ name: 'کشتار جمعی', query: 'tag=massacre' }])
    t.equal(s.requests.filter((r) => r === SAVED).length, 2, 'the list is read again after saving')
    t.match((await s.recorded()).announcements.join(' '), 'کشتار جمعی')
    t.same(s.problems, [])
  })

  t.test('opening a saved search sets the URL and searches with its filters; rename and delete ask the server', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/incidents?limit=25&offset=0', empty)
    s.answer('GET /api/v1/incidents?victimSex=female&limit=25&offset=0', empty)
    s.answer(
      SAVED,
      { body: { items: [one, two] } },
      { body: { items: [one, { ...two, name: 'Women victims' }] } },
      { body: { items: [one] } }
    )
    s.answer('PATCH /api/v1/saved-searches/s2', { body: { ...two, name: 'Women victims' } })
    s.answer('DELETE /api/v1/saved-searches/s2', { status: 204, text: '' })
    await s.mount('incident-list', {}, { lang: 'en', role: 'reviewer', username: 'rev1', path: '/incidents' })
    await s.page.getByRole('button', { name: 'Women', exact: true }).click()
    await s.waitForRequest('GET /api/v1/incidents?victimSex=female&limit=25&offset=0')
    t.match((await s.recorded()).navigations.at(-1), '/incidents?victimSex=female')
    t.equal(await s.page.getByRole('button', { name: 'Women', exact: true }).getAttribute('aria-current'), 'true', 'the open one is marked')
    await s.page.getByRole('button', { name: en['saved.renameNamed'].replace('{name}', 'Women') }).click()
    await s.page.getByLabel(en['saved.newName']).fill('Women victims')
    await s.page.getByRole('button', { name: en['saved.rename'], exact: true }).click()
    await s.page.getByRole('button', { name: 'Women victims', exact: true }).waitFor()
    t.same(s.bodies['PATCH /api/v1/saved-searches/s2'], [{ name: 'Women victims' }])
    s.page.once('dialog', (d) => void d.accept())
    await s.page.getByRole('button', { name: en['saved.deleteNamed'].replace('{name}', 'Women victims') }).click()
    await s.waitForRequest('DELETE /api/v1/saved-searches/s2')
    await s.page.getByRole('button', { name: 'Women victims', exact: true }).waitFor({ state: 'detached' })
    t.same(s.problems, [])
  })

  t.test("a refused save shows the server's reason in the reader's language and keeps the list", async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/incidents?limit=25&offset=0', empty)
    s.answer(SAVED, { body: { items: [one] } })
    s.answer('PATCH /api/v1/saved-searches/s1', apiError(404, 'SANAD_ERR_SAVED_SEARCH_NOT_FOUND'))
    await s.mount('incident-list', {}, { lang: 'fa', role: 'documenter', username: 'doc1', path: '/incidents' })
    await s.page.getByRole('button', { name: fa['saved.renameNamed'].replace('{name}', one.name) }).click()
    await s.page.getByLabel(fa['saved.newName']).fill('نام دیگر')
    await s.page.getByRole('button', { name: fa['saved.rename'], exact: true }).click()
    await s.page.getByText(fa['error.SANAD_ERR_SAVED_SEARCH_NOT_FOUND']).waitFor()
    t.ok(
      s.problems.every((p) => /404/.test(p)),
      'only the scripted refusal'
    )
  })
})
