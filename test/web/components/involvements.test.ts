// "Alleged perpetrators and linkage" on the incident view (test/web/component-harness.ts): who is
// alleged to be responsible and how, in the reader's language with no raw code, the form that records
// an ordering involvement with its supporting exhibits, a refusal shown with the field's visible label,
// and a retraction that asks for its reason.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

const ID = '0190a2b4-0000-7000-8000-00000000000a'
const LIST = `GET /api/v1/incidents/${ID}/involvements`
const POST = `POST /api/v1/incidents/${ID}/involvements`
const DOC_EN: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const incident = {
  id: ID,
  reference: 'SND-2026-0007',
  title: 'Detention of women protesters',
  categories: ['cah-persecution-gender', 'cah-imprisonment'],
  status: 'draft',
  revision: 1
} as unknown as Incident
const ORG = { id: 'org-1', kind: 'organisation', type: 'de-facto-authorities', organ: 'gdi', name: 'GDI Kabul' }
const UNIT = { id: 'unit-1', kind: 'unit', type: 'de-facto-authorities', organ: 'gdi', name: 'Directorate 40', parent: 'org-1' }
const EVIDENCE = [
  { id: 'ev-1', stableId: 'SND-E-2026-000001', name: 'order-letter.pdf' },
  { id: 'ev-2', stableId: 'SND-E-2026-000002', name: 'witness-audio.m4a' },
  { id: 'ev-3', stableId: 'SND-E-2026-000003', name: 'photo.jpg' }
]
const PERSONS = [
  { id: 'p-1', pseudonym: 'P-7K2Q', role: 'perpetrator' },
  { id: 'p-2', pseudonym: 'W-3M9X', role: 'witness' }
]
const ORDERING = {
  id: 'inv-1',
  incidentId: ID,
  person: { id: 'p-1', pseudonym: 'P-7K2Q' },
  mode: 'ordering',
  category: 'cah-imprisonment',
  from: '2024-03-01',
  to: '2024-06-30',
  exhibits: ['ev-1', 'ev-2'],
  sources: ['p-2'],
  origin: 'recorded',
  createdAt: '2026-01-10T08:30:00.000Z',
  createdBy: 'user:doc1'
}

function script(s: Screen, items: unknown[][]): void {
  s.answer(LIST, ...items.map((x) => ({ body: { items: x } })))
  s.answer('GET /api/v1/organisations', { body: { items: [ORG, UNIT] } })
  s.answer(`GET /api/v1/incidents/${ID}/persons`, { body: { items: PERSONS } })
  s.answer(`GET /api/v1/incidents/${ID}/evidence`, { body: { items: EVIDENCE } })
}

t.test('alleged perpetrators and linkage', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test(
    'an ordering involvement in Dari: pseudonym, mode in words with its article, crime, exhibits and source; no form for a legal reader',
    async (t) => {
      const s = await screenPage(t, browser)
      script(s, [[ORDERING]])
      await s.mount('involvements', { incident }, { lang: 'fa', role: 'legal', username: 'legal1' })
      await s.waitFor('li.involvement')
      await s.page.waitForFunction(() => document.querySelector('li.involvement')?.textContent?.includes('SND-E-2026-000002'))
      const text = (await s.text('li.involvement')) ?? ''
      t.match(text, 'P-7K2Q')
      t.match(text, fa['mode.ordering'])
      t.match(text, 'Art. 25(3)(b)')
      t.match(text, 'حبس یا سایر اشکال محرومیت شدید از آزادی جسمانی', 'the crime by its Dari label')
      t.match(text, 'SND-E-2026-000001')
      t.match(text, 'W-3M9X', 'the source by pseudonym')
      t.notMatch(text, /ordering|cah-imprisonment/, 'no raw code')
      t.equal(await s.text('#involvements-title'), fa['inv.title'])
      t.equal(await s.page.locator('form.involvement-form').count(), 0)
      t.equal(await s.page.getByRole('button', { name: fa['inv.add'] }).count(), 0, 'legal may read, not write')
      t.same(s.problems, [])
    }
  )

  t.test(
    'a documenter records an organisation ordering it, with two supporting exhibits chosen from the incident’s evidence',
    async (t) => {
      const s = await screenPage(t, browser)
      script(s, [[], [{ ...ORDERING, person: undefined, organisation: UNIT, sources: [], exhibits: ['ev-1', 'ev-3'] }]])
      s.answer(POST, { status: 201, body: ORDERING })
      await s.mount('involvements', { incident }, DOC_EN)
      await s.waitFor('section.involvements .empty')
      await s.page.getByRole('button', { name: en['inv.add'] }).click()
      await s.page.locator('select[name=organisationId]').selectOption('unit-1')
      const modes = await s.page.locator('select[name=mode] option').allTextContents()
      t.equal(modes.length, 12, 'the closed list of eleven modes, after "choose"')
      t.ok(modes.includes(`${en['mode.superior-military']} — Art. 28(a)`))
      await s.page.getByLabel(en['inv.mode']).selectOption('ordering')
      await s.page.getByLabel(en['inv.category']).selectOption('cah-imprisonment')
      await s.page.getByLabel(en['analysis.from']).fill('2024-03-01')
      await s.page.getByLabel('SND-E-2026-000001').check()
      await s.page.getByLabel('SND-E-2026-000003').check()
      await s.page.getByRole('button', { name: en['inv.save'] }).click()
      await s.waitFor('li.involvement')
      t.same(s.bodies[POST], [
        { mode: 'ordering', organisationId: 'unit-1', category: 'cah-imprisonment', from: '2024-03-01', exhibits: ['ev-1', 'ev-3'] }
      ])
      t.match((await s.text('li.involvement')) ?? '', 'Directorate 40')
      t.same((await s.recorded()).announcements, [en['inv.saved']])
      t.same(s.problems, [])
    }
  )

  t.test('a missing mode is said under its label and nothing is sent; a refusal names the field by its visible label', async (t) => {
    const s = await screenPage(t, browser)
    script(s, [[]])
    s.answer(POST, {
      status: 400,
      body: { code: 'SANAD_ERR_VALIDATION', message: 'Evidence x is not an exhibit of this incident.', field: 'exhibits' }
    })
    await s.mount('involvements', { incident }, { lang: 'fa', role: 'documenter', username: 'doc1' })
    await s.waitFor('section.involvements .empty')
    await s.page.getByRole('button', { name: fa['inv.add'] }).click()
    await s.page.getByLabel(fa['inv.subjectPerson']).check()
    await s.page.locator('select[name=personId]').selectOption('p-1')
    const perpetrators = await s.page.locator('select[name=personId] option').allTextContents()
    t.notOk(perpetrators.includes('W-3M9X'), 'a witness is not offered as a perpetrator')
    await s.page.getByRole('button', { name: fa['inv.save'] }).click()
    t.match((await s.text('.field-invalid')) ?? '', fa['validation.required'])
    t.equal(s.bodies[POST], undefined, 'nothing sent')
    await s.page.getByLabel(fa['inv.mode']).selectOption('ordering')
    await s.page.getByLabel('SND-E-2026-000002').check()
    await s.page.getByRole('button', { name: fa['inv.save'] }).click()
    await s.waitFor('.involvement-form .alert-error strong')
    t.equal(await s.text('.involvement-form .alert-error strong'), fa['inv.exhibits'], 'the field by its Dari label')
    t.notMatch((await s.text('.involvement-form .alert-error')) ?? '', /exhibits|Evidence/, 'no path, no English message')
    t.same(s.bodies[POST], [{ mode: 'ordering', personId: 'p-1', exhibits: ['ev-2'] }])
  })

  t.test('retracting asks for a reason, sends none without it, then sends it; the record stays, marked', async (t) => {
    const s = await screenPage(t, browser)
    const DELETE = `DELETE /api/v1/incidents/${ID}/involvements/inv-1`
    script(s, [[ORDERING], [{ ...ORDERING, retracted: { at: '2026-01-12T00:00:00.000Z', by: 'user:doc1', ledgerIndex: 9 } }]])
    s.answer(DELETE, { body: ORDERING })
    await s.mount('involvements', { incident }, DOC_EN)
    await s.waitFor('li.involvement')
    await s.page.getByRole('button', { name: en['inv.retract'], exact: true }).click()
    await s.page.getByRole('button', { name: en['inv.retractConfirm'] }).click()
    t.match((await s.text('.retract-involvement .field-error')) ?? '', en['validation.required'])
    t.equal(s.bodies[DELETE], undefined)
    await s.page.getByLabel(en['inv.retractReason']).fill('Recorded against the wrong incident')
    await s.page.getByRole('button', { name: en['inv.retractConfirm'] }).click()
    await s.waitFor('li.involvement.retracted')
    t.same(s.bodies[DELETE], [{ reason: 'Recorded against the wrong incident' }])
    t.match((await s.text('li.involvement')) ?? '', en['inv.retracted'])
    t.equal(
      await s.page.getByRole('button', { name: en['inv.retract'], exact: true }).count(),
      0,
      'a retracted record offers no retraction'
    )
    t.same(s.problems, [])
  })
})
