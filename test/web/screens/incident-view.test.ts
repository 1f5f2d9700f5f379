// One incident by itself (test/web/component-harness.ts): its facts in Dari, the sections each role
// may open, the changes offered to a documenter only while it stands, and a retraction that asks
// for its reason and sends nothing without one.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx } from '../component-harness.ts'

const DOC: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const LEGAL: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }
const ID = '0190a2b4-0000-7000-8000-00000000000a'
const GET = `GET /api/v1/incidents/${ID}`
// The review panel reads the incident's review history.
const HISTORY = `GET /api/v1/incidents/${ID}/transitions`

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: ID,
  reference: 'SND-2026-0007',
  revision: 12,
  status: 'verified',
  title: 'حمله شبانه در اندړ',
  narrative: 'مردان مسلح شب هنگام وارد قریه شدند.',
  narrativeLanguage: 'fa',
  occurred: { from: '2024-08-14', to: '2024-08-14', precision: 'day', fromSolarHijri: '1403-05-24', toSolarHijri: '1403-05-24' },
  location: { province: 'AF-GHA', district: 'اندړ' },
  categories: ['cah-murder'],
  victims: { count: 12, killed: 3 },
  flags: ['OUTSIDE_ICC_JURISDICTION_WINDOW'],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const tabs = async (s: Awaited<ReturnType<typeof screenPage>>): Promise<string[]> => await s.page.locator('nav.tabs a').allTextContents()

t.test('the incident page', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('its facts in Dari: title, reference, revision in Dari digits, status, the flag explained', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: incident() })
    s.answer(HISTORY, { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${ID}/context`, { body: { items: [] } })
    // The alleged perpetrators and linked incidents sections read their records.
    for (const path of [`${ID}/involvements`, `${ID}/persons`, `${ID}/evidence`, `${ID}/links`, `${ID}/comments`])
      s.answer(`GET /api/v1/incidents/${path}`, { body: { items: [] } })
    s.answer('GET /api/v1/organisations', { body: { items: [] } })
    await s.mount('incident-view', { id: ID, tab: 'details' }, DOC)
    await s.waitFor('article.incident')
    await s.waitFor('section.incident-links .empty')
    t.match((await s.text('section.involvements')) ?? '', fa['inv.none'])
    t.equal(await s.text('#page-title'), 'حمله شبانه در اندړ')
    const meta = (await s.text('article > .meta')) ?? ''
    t.match(meta, 'SND-2026-0007')
    t.match(meta, fa['incident.revision'].replace('{n}', '۱۲'))
    t.match(meta, fa['status.verified'])
    t.match((await s.text('.alert-warning')) ?? '', fa['flag.OUTSIDE_ICC_JURISDICTION_WINDOW.explain'])
    t.equal(await s.page.getAttribute('.narrative', 'lang'), 'fa', 'the narrative marked with its language')
    t.match((await s.text('.incident-details')) ?? '', 'غزنی')
    t.equal(await s.page.locator('nav.tabs a[aria-current=page]').textContent(), fa['incident.tabDetails'])
    t.same(s.problems, [])
  })

  t.test('each role sees the sections it may open, and a documenter the changes', async (t) => {
    const doc = await screenPage(t, browser)
    doc.answer(GET, { body: incident() })
    doc.answer(HISTORY, { body: { items: [] } })
    await doc.mount('incident-view', { id: ID, tab: 'details' }, DOC)
    await doc.waitFor('article.incident')
    t.same(await tabs(doc), [fa['incident.tabDetails'], fa['incident.tabPersons'], fa['incident.tabEvidence'], fa['incident.tabRevisions']])
    t.equal(await doc.page.locator(`a[href="/incidents/${ID}/edit"]`).count(), 1)
    t.equal(await doc.page.getByRole('button', { name: fa['incident.retract'] }).count(), 1)

    const legal = await screenPage(t, browser)
    legal.answer(GET, { body: incident() })
    legal.answer(HISTORY, { body: { items: [] } })
    await legal.mount('incident-view', { id: ID, tab: 'details' }, LEGAL)
    await legal.waitFor('article.incident')
    t.equal(await legal.page.locator(`a[href="/incidents/${ID}/edit"]`).count(), 0, 'legal reads only')
    t.equal(await legal.page.getByRole('button', { name: fa['incident.retract'] }).count(), 0)
  })

  t.test('a retracted incident stays readable, says why, and offers no change', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: incident({ retracted: { at: '2026-01-11T08:00:00.000Z', by: 'doc1', reason: 'رویداد تکراری' } }) })
    s.answer(HISTORY, { body: { items: [] } })
    await s.mount('incident-view', { id: ID, tab: 'details' }, DOC)
    await s.waitFor('article.incident')
    const warning = await s.page.locator('article > .alert-warning').textContent()
    t.match(warning ?? '', fa['incident.retracted'])
    t.match(warning ?? '', 'رویداد تکراری')
    t.match((await s.text('article > .meta')) ?? '', fa['status.retracted'])
    t.equal(await s.page.locator(`a[href="/incidents/${ID}/edit"]`).count(), 0)
    t.equal(await s.page.getByRole('button', { name: fa['incident.retract'] }).count(), 0)
  })

  t.test('a retraction needs a reason; with one it is sent and the incident read again', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, { body: incident() }, { body: incident({ retracted: { at: '2026-01-11T08:00:00.000Z', by: 'doc1', reason: 'تکراری' } }) })
    s.answer(HISTORY, { body: { items: [] } })
    s.answer(`POST /api/v1/incidents/${ID}/retract`, { body: {} })
    await s.mount('incident-view', { id: ID, tab: 'details' }, DOC)
    await s.waitFor('article.incident')
    await s.page.getByRole('button', { name: fa['incident.retract'] }).click()
    await s.page.getByRole('button', { name: fa['incident.retractConfirm'], exact: true }).click()
    await s.waitFor('form [role=alert]')
    t.equal(await s.text('form [role=alert]'), fa['validation.required'])
    t.notOk(
      s.requests.some((r) => r.startsWith('POST')),
      'nothing sent without a reason'
    )
    await s.page.getByLabel(new RegExp(fa['form.reason'])).fill('  تکراری  ')
    await s.page.getByRole('button', { name: fa['incident.retractConfirm'], exact: true }).click()
    await s.waitForRequest(GET, 2)
    t.same(s.bodies[`POST /api/v1/incidents/${ID}/retract`], [{ reason: 'تکراری' }])
    await s.waitFor('article > .alert-warning')
  })

  t.test('an incident the reader may not know about is refused in Dari, with nothing of it shown', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(GET, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('incident-view', { id: ID, tab: 'details' }, LEGAL)
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_NEED_TO_KNOW'])
    t.equal(await s.page.locator('article').count(), 0)
  })
})
