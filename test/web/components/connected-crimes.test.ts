// The element checklist on the incident view (test/web/component-harness.ts): persecution's
// "connected with another crime" lists the crimes linked to it (connected-to links, as the dossier
// prints them) in the reader's language with no raw code; a link serving another qualification, a
// removed one and one to an incident the reader may not read name no crime here.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx } from '../component-harness.ts'

const ID = '0190a2b4-0000-7000-8000-00000000000a'
const PRISON = '0190a2b4-0000-7000-8000-00000000000b'
const HIDDEN = '0190a2b4-0000-7000-8000-00000000000d'
const ELEMENT = 'li[data-element="connected-to-other-crime"]'

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: ID,
  reference: 'SND-2026-0007',
  revision: 2,
  status: 'draft',
  title: 'Women barred from the university in Herat',
  narrative: 'Women students were turned away at the gate.',
  narrativeLanguage: 'en',
  occurred: { from: '2024-08-14', to: '2024-08-14', precision: 'day', fromSolarHijri: '1403-05-24', toSolarHijri: '1403-05-24' },
  location: { province: 'AF-HER' },
  categories: ['cah-persecution-gender', 'cah-persecution-political'],
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const link = (over: Record<string, unknown>): Record<string, unknown> => ({
  id: 'l-1',
  type: 'connected-to',
  direction: 'outgoing',
  other: { id: PRISON, reference: 'SND-2026-0011', title: 'Detention of the protesters', categories: ['cah-imprisonment'] },
  category: 'cah-imprisonment',
  fromCategory: 'cah-persecution-gender',
  createdAt: '2026-01-10T08:30:00.000Z',
  createdBy: 'user:doc1',
  ledgerIndex: 4,
  contentSha256: 'a'.repeat(64),
  ...over
})

const LINKS = [
  link({}),
  // Removed: no longer a connection.
  link({
    id: 'l-2',
    other: { id: PRISON, reference: 'SND-2026-0012' },
    removed: { at: '2026-01-11T08:00:00.000Z', by: 'user:doc1', ledgerIndex: 6 }
  }),
  // To an incident the reader may not read: reference only, no crime.
  {
    ...link({ id: 'l-3', other: { id: HIDDEN, reference: 'SND-2026-0099' }, withheld: 'need-to-know' }),
    category: undefined,
    fromCategory: undefined
  },
  // Incoming: another incident names this one as its connected crime, which connects nothing here.
  link({ id: 'l-4', direction: 'incoming', other: { id: HIDDEN, reference: 'SND-2026-0042' } }),
  link({ id: 'l-5', type: 'related', category: undefined, fromCategory: undefined, other: { id: PRISON, reference: 'SND-2026-0013' } })
]

async function open(t: Parameters<typeof screenPage>[0], browser: Awaited<ReturnType<typeof launch>>, ctx: Ctx) {
  const s = await screenPage(t, browser)
  s.answer(`GET /api/v1/incidents/${ID}`, { body: incident() })
  s.answer(`GET /api/v1/incidents/${ID}/transitions`, { body: { items: [] } })
  s.answer(`GET /api/v1/incidents/${ID}/context`, { body: { items: [] } })
  for (const path of ['involvements', 'persons', 'evidence', 'comments'])
    s.answer(`GET /api/v1/incidents/${ID}/${path}`, { body: { items: [] } })
  s.answer(`GET /api/v1/incidents/${ID}/links`, { body: { items: LINKS } })
  s.answer('GET /api/v1/organisations', { body: { items: [] } })
  await s.mount('incident-view', { id: ID, tab: 'details' }, ctx)
  await s.waitFor(`[data-category="cah-persecution-gender"] ${ELEMENT} .connected-crimes`)
  return s
}
t.test('connected crimes in the element checklist', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  for (const [lang, L, imprisonment] of [
    ['fa', fa, 'حبس یا سایر اشکال محرومیت شدید از آزادی جسمانی'],
    ['ps', ps, 'بندي کول'],
    ['en', en, 'Imprisonment or other severe deprivation of physical liberty']
  ] as const) {
    t.test(`${lang}: the gender persecution names the imprisonment it is connected to; the political one names none`, async (t) => {
      const s = await open(t, browser, { lang, role: 'legal', username: 'legal1' })
      const gender = `[data-category="cah-persecution-gender"] ${ELEMENT}`
      t.equal(
        await s.page.locator(`${gender} .connected-crimes li`).count(),
        1,
        'one connected crime: not the removed, withheld, incoming or related link'
      )
      const text = (await s.text(`${gender} .connected-crimes`)) ?? ''
      t.match(text, L['links.connectedCrime'])
      t.match(text, 'SND-2026-0011')
      t.match(text, imprisonment, 'the crime in the reader’s language')
      t.notMatch(text, /SND-2026-00(12|13|42|99)/)
      t.notMatch(text, /cah-|connected-to/, 'no raw code')
      t.equal(
        await s.page.locator(`${gender} .connected-crimes a[href="/incidents/${PRISON}"]`).count(),
        1,
        'a way to the connected incident'
      )
      const political = `[data-category="cah-persecution-political"] ${ELEMENT}`
      t.equal(
        await s.text(`${political} .connected-crimes-none`),
        L['links.noConnectedCrime'],
        'the link serves the gender persecution only'
      )
      t.equal(await s.page.locator('.connected-crimes').count(), 1, 'under that element only')
      t.same(s.problems, [])
    })
  }

  t.test('a case’s element links: the persecution element names its connected crime, in Dari', async (t) => {
    const s = await screenPage(t, browser)
    const CASE_ID = '0190a2b4-0000-7000-8000-000000000001'
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: { rows: [], legend: { reliability: {}, credibility: {} } } })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: { caseId: CASE_ID, imports: 0, references: [] } })
    s.answer(`GET /api/v1/cases/${CASE_ID}`, {
      body: {
        id: CASE_ID,
        reference: 'SND-C-2026-0001',
        title: 'آزار و اذیت زنان در هرات',
        recipient: 'icc-otp',
        profile: 'restricted',
        revision: 1,
        incidentIds: [ID],
        patternIds: [],
        elementLinks: [
          {
            incidentId: ID,
            category: 'cah-persecution-gender',
            element: 'connected-to-other-crime',
            evidenceIds: ['0190a2b4-0000-7000-8000-0000000000e1']
          },
          {
            incidentId: ID,
            category: 'cah-persecution-gender',
            element: 'severe-deprivation-of-rights',
            evidenceIds: ['0190a2b4-0000-7000-8000-0000000000e1']
          }
        ],
        createdAt: '2026-01-10T08:30:00.000Z',
        createdBy: 'legal1'
      }
    })
    s.answer(`GET /api/v1/incidents/${ID}`, { body: incident() })
    s.answer(`GET /api/v1/incidents/${ID}/links`, { body: { items: LINKS } })
    await s.mount('case', { id: CASE_ID }, { lang: 'fa', role: 'legal', username: 'legal1' })
    await s.waitFor('.element-links .connected-crimes li')
    const lists = await s.page.locator('ul.element-links').count()
    t.ok(lists >= 1)
    t.equal(
      await s.page.locator('.element-links .connected-crimes').count(),
      lists,
      'under the element that needs it only (in each list of the links: the case and its revision form)'
    )
    const text = (await s.text('.element-links .connected-crimes')) ?? ''
    t.match(text, fa['links.connectedCrime'])
    t.match(text, 'SND-2026-0011')
    t.match(text, 'حبس یا سایر اشکال محرومیت شدید از آزادی جسمانی')
    t.notMatch(text, /cah-|connected-to/, 'no raw code')
    t.same(s.problems, [])
  })

  t.test('an incident without persecution asks nothing more of the server', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${ID}`, { body: incident({ categories: ['cah-murder'] }) })
    s.answer(`GET /api/v1/incidents/${ID}/transitions`, { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${ID}/context`, { body: { items: [] } })
    for (const path of ['involvements', 'persons', 'evidence', 'comments', 'links'])
      s.answer(`GET /api/v1/incidents/${ID}/${path}`, { body: { items: [] } })
    s.answer('GET /api/v1/organisations', { body: { items: [] } })
    await s.mount('incident-view', { id: ID, tab: 'details' }, { lang: 'en', role: 'legal', username: 'legal1' })
    await s.waitFor('section.incident-links .empty')
    t.equal(
      s.requests.filter((r) => r === `GET /api/v1/incidents/${ID}/links`).length,
      1,
      'only the linked-incidents section reads the links'
    )
    t.equal(await s.page.locator('.connected-crimes, .connected-crimes-none').count(), 0)
    t.same(s.problems, [])
  })
})
