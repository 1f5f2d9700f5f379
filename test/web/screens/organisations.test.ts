// The perpetrators register (test/web/component-harness.ts): organisations with their units below
// them, in the reader's language; recording an organisation; one organisation with its positions held
// by perpetrator person records shown by pseudonym only (withheld ones not at all), and a position
// added by choosing the incident, then the perpetrator by pseudonym.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx } from '../component-harness.ts'

const DOC: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const base = { origin: 'recorded', createdAt: '2026-01-10T08:30:00.000Z', createdBy: 'user:doc1' }
const ORG = { ...base, id: 'org-1', kind: 'organisation', type: 'de-facto-authorities', organ: 'gdi', name: 'GDI Kabul' }
const UNIT = { ...base, id: 'unit-1', kind: 'unit', type: 'de-facto-authorities', organ: 'gdi', name: 'Directorate 40', parent: 'org-1' }
const INCIDENT = {
  id: '0190a2b4-0000-7000-8000-00000000000a',
  reference: 'SND-2026-0007',
  title: 'Detention of protesters',
  categories: []
}

t.test('the perpetrators register', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('in Dari: the unit sits under its organisation, kinds and types in words; a legal reader gets no form', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/organisations', { body: { items: [UNIT, ORG] } })
    await s.mount('organisations', {}, { lang: 'fa', role: 'legal', username: 'legal1' })
    await s.waitFor('ul.org-tree')
    t.equal(await s.text('#page-title'), fa['orgs.title'])
    t.equal(await s.page.locator('ul.org-tree > li').count(), 1, 'one organisation at the top')
    t.match((await s.text('ul.org-tree > li > ul.org-units > li')) ?? '', 'Directorate 40', 'its unit below it')
    const top = (await s.text('ul.org-tree > li > .org-line')) ?? ''
    t.match(top, fa['orgs.kind.organisation'])
    t.match(top, fa['perpType.de-facto-authorities'])
    t.match(top, fa['organ.gdi'])
    t.notMatch(top, /de-facto|gdi/)
    t.equal(await s.page.locator('form.org-form').count(), 0)
    t.same(s.problems, [])
  })

  t.test('a documenter records an organisation; its type is required and said under its label', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/organisations', { body: { items: [] } })
    s.answer('POST /api/v1/organisations', { status: 201, body: ORG })
    await s.mount('organisations', {}, DOC)
    await s.waitFor('form.org-form')
    await s.page.getByLabel(en['orgs.name'], { exact: false }).fill('GDI Kabul')
    await s.page.getByRole('button', { name: en['orgs.create'] }).click()
    t.match((await s.text('.field-invalid')) ?? '', en['orgs.type'])
    t.equal(s.bodies['POST /api/v1/organisations'], undefined)
    await s.page.locator('select[name=type]').selectOption('de-facto-authorities')
    await s.page.locator('select[name=organ]').selectOption('gdi')
    await s.page.getByRole('button', { name: en['orgs.create'] }).click()
    await s.waitForRequest('POST /api/v1/organisations')
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.same(s.bodies['POST /api/v1/organisations'], [
      { kind: 'organisation', name: 'GDI Kabul', type: 'de-facto-authorities', organ: 'gdi' }
    ])
    t.same((await s.recorded()).navigations, ['/organisations/org-1'])
    t.same(s.problems, [])
  })

  t.test('one unit: its parent, positions by pseudonym (a withheld one named by nobody), and a position added', async (t) => {
    const s = await screenPage(t, browser)
    const position = {
      id: 'pos-1',
      organisationId: 'unit-1',
      person: { id: 'p-1', pseudonym: 'P-7K2Q' },
      title: 'Commander',
      from: '2023-01-01',
      ...base,
      ledgerIndex: 3,
      contentSha256: 'b'.repeat(64)
    }
    const withheld = {
      id: 'pos-2',
      organisationId: 'unit-1',
      withheld: 'need-to-know',
      ...base,
      ledgerIndex: 4,
      contentSha256: 'c'.repeat(64)
    }
    s.answer(
      'GET /api/v1/organisations/unit-1',
      { body: { ...UNIT, positions: [withheld] } },
      { body: { ...UNIT, positions: [withheld, position] } }
    )
    s.answer('GET /api/v1/organisations', { body: { items: [ORG, UNIT] } })
    s.answer('GET /api/v1/incidents?limit=200', { body: { items: [INCIDENT], total: 1, limit: 200, offset: 0 } })
    s.answer(`GET /api/v1/incidents/${INCIDENT.id}/persons`, {
      body: {
        items: [
          { id: 'p-1', pseudonym: 'P-7K2Q', role: 'perpetrator', identity: { fullName: 'Real Name Never Shown' } },
          { id: 'p-2', pseudonym: 'W-3M9X', role: 'witness' }
        ]
      }
    })
    s.answer('POST /api/v1/organisations/unit-1/positions', { status: 201, body: position })
    await s.mount('organisation', { id: 'unit-1' }, DOC)
    await s.waitFor('ul.positions')
    t.equal(await s.text('#page-title'), 'Directorate 40')
    t.match((await s.text('dl.facts')) ?? '', 'GDI Kabul', 'the organisation it belongs to')
    t.match((await s.text('li.position.withheld')) ?? '', en['analysis.withheld'])
    await s.waitForRequest('GET /api/v1/incidents?limit=200')
    await s.page.getByLabel(en['analysis.searchIncident']).fill('0007')
    await s.page.locator('select[name=incident]').selectOption(INCIDENT.id)
    await s.waitForRequest(`GET /api/v1/incidents/${INCIDENT.id}/persons`)
    await s.page.waitForFunction(() => document.querySelectorAll('select[name=personId] option').length > 1)
    t.same((await s.page.locator('select[name=personId] option').allTextContents()).slice(1), ['P-7K2Q'], 'perpetrators only, by pseudonym')
    await s.page.locator('select[name=personId]').selectOption('p-1')
    await s.page.getByLabel(en['orgs.positionTitle'], { exact: false }).first().fill('Commander')
    await s.page.locator('.position-form input[name=from]').fill('2023-01-01')
    await s.page.getByRole('button', { name: en['orgs.savePosition'] }).click()
    await s.waitFor('li.position:not(.withheld)')
    t.same(s.bodies['POST /api/v1/organisations/unit-1/positions'], [{ personId: 'p-1', title: 'Commander', from: '2023-01-01' }])
    const line = (await s.text('li.position:not(.withheld)')) ?? ''
    t.match(line, 'P-7K2Q')
    t.match(line, 'Commander')
    t.notMatch((await s.text('article.organisation')) ?? '', 'Real Name Never Shown', 'no name on the screen')
    t.same(s.problems, [])
  })
})
