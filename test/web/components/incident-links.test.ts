// "Linked incidents" on the incident view (test/web/component-harness.ts): links in the reader's
// language, the other incident chosen by reference or title from a list (never a pasted id), the
// connected crime chosen among the other incident's qualifications, the duplicate explained, and a
// removal confirmed before it is sent.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx } from '../component-harness.ts'

const ID = '0190a2b4-0000-7000-8000-00000000000a'
const OTHER = '0190a2b4-0000-7000-8000-00000000000b'
const LIST = `GET /api/v1/incidents/${ID}/links`
const POST = `POST /api/v1/incidents/${ID}/links`
const INCIDENTS = 'GET /api/v1/incidents?limit=200'
const DOC: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const persecution = {
  id: ID,
  reference: 'SND-2026-0007',
  title: 'Women barred from the university in Herat',
  categories: ['cah-persecution-gender']
} as unknown as Incident
const imprisonment = {
  id: OTHER,
  reference: 'SND-2026-0011',
  title: 'Detention of the protesters after the march',
  categories: ['cah-imprisonment', 'cah-torture']
}
const murder = {
  id: '0190a2b4-0000-7000-8000-00000000000c',
  reference: 'SND-2025-0101',
  title: 'Killing at a checkpoint',
  categories: ['cah-murder']
}
const CONNECTED = {
  id: 'l-1',
  type: 'connected-to',
  direction: 'outgoing',
  other: { id: OTHER, reference: 'SND-2026-0011', title: imprisonment.title, categories: imprisonment.categories },
  category: 'cah-imprisonment',
  fromCategory: 'cah-persecution-gender',
  createdAt: '2026-01-10T08:30:00.000Z',
  createdBy: 'user:doc1',
  ledgerIndex: 4,
  contentSha256: 'a'.repeat(64)
}

t.test('linked incidents', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a connected crime and a merged duplicate, in Dari: relation, crime and merge in words, no raw code', async (t) => {
    const s = await screenPage(t, browser)
    const duplicate = {
      ...CONNECTED,
      id: 'l-2',
      type: 'duplicate-of',
      direction: 'incoming',
      other: { id: murder.id, reference: murder.reference, title: murder.title, categories: murder.categories },
      category: undefined,
      fromCategory: undefined
    }
    s.answer(LIST, { body: { items: [CONNECTED, duplicate] } })
    await s.mount('incident-links', { incident: persecution }, { lang: 'fa', role: 'legal', username: 'legal1' })
    await s.waitFor('li.incident-link[data-type=duplicate-of]')
    const connected = (await s.text('li.incident-link[data-type=connected-to]')) ?? ''
    t.match(connected, fa['links.connected-to.outgoing'])
    t.match(connected, 'SND-2026-0011')
    t.match(connected, 'حبس یا سایر اشکال محرومیت شدید از آزادی جسمانی')
    t.match(connected, 'آزار و اذیت جنسیتی', 'the qualification it serves')
    t.notMatch(connected, /cah-|connected-to/)
    const merged = (await s.text('li.incident-link[data-type=duplicate-of]')) ?? ''
    t.match(merged, fa['links.duplicate-of.incoming'])
    t.match(merged, fa['links.duplicateExplain'], 'nothing is deleted, said in Dari')
    t.equal(await s.page.getByRole('button', { name: fa['links.remove'] }).count(), 0, 'a legal reader changes nothing')
    t.same(s.problems, [])
  })

  t.test('a documenter links the persecution to the imprisonment: found by title, crime from its qualifications', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } }, { body: { items: [CONNECTED] } })
    s.answer(INCIDENTS, { body: { items: [persecution, imprisonment, murder], total: 3, limit: 200, offset: 0 } })
    s.answer(POST, { status: 201, body: CONNECTED })
    await s.mount('incident-links', { incident: persecution }, DOC)
    await s.waitFor('section.incident-links .empty')
    await s.page.getByRole('button', { name: en['links.add'] }).click()
    await s.waitForRequest(INCIDENTS)
    const all = await s.page.locator('select[name=incident] option').allTextContents()
    t.notOk(
      all.some((o) => o.includes('SND-2026-0007')),
      'the incident itself is not offered'
    )
    await s.page.getByLabel(en['analysis.searchIncident']).fill('protesters')
    const found = await s.page.locator('select[name=incident] option').allTextContents()
    t.same(found.slice(1), ['SND-2026-0011 — Detention of the protesters after the march'], 'narrowed by title')
    await s.page.getByLabel(en['analysis.searchIncident']).fill('2025-01')
    t.same(
      (await s.page.locator('select[name=incident] option').allTextContents()).slice(1),
      ['SND-2025-0101 — Killing at a checkpoint'],
      'or by reference'
    )
    await s.page.getByLabel(en['analysis.searchIncident']).fill('0011')
    await s.page.locator('select[name=incident]').selectOption(OTHER)
    await s.page.locator('select[name=type]').selectOption('connected-to')
    const crimes = await s.page.locator('select[name=category] option').allTextContents()
    t.same(
      crimes.slice(1),
      ['Imprisonment or other severe deprivation of physical liberty', 'Torture as a crime against humanity'],
      "the other incident's crimes, in words"
    )
    await s.page.locator('select[name=category]').selectOption('cah-imprisonment')
    await s.page.locator('select[name=fromCategory]').selectOption('cah-persecution-gender')
    await s.page.getByRole('button', { name: en['links.save'] }).click()
    await s.waitFor('li.incident-link')
    t.same(s.bodies[POST], [{ to: OTHER, type: 'connected-to', category: 'cah-imprisonment', fromCategory: 'cah-persecution-gender' }])
    t.same(s.problems, [])
  })

  t.test('a connected-to link without its crime is not sent; duplicate-of explains the merge; a refusal names the field', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } })
    s.answer(INCIDENTS, { body: { items: [imprisonment], total: 1, limit: 200, offset: 0 } })
    s.answer(POST, {
      status: 409,
      body: { code: 'SANAD_ERR_LINK_CONFLICT', message: 'The two incidents already have this link.', field: 'to' }
    })
    await s.mount('incident-links', { incident: persecution }, { lang: 'fa', role: 'documenter', username: 'doc1' })
    await s.page.getByRole('button', { name: fa['links.add'] }).click()
    await s.waitForRequest(INCIDENTS)
    await s.page.locator('select[name=incident]').selectOption(OTHER)
    await s.page.locator('select[name=type]').selectOption('connected-to')
    await s.page.getByRole('button', { name: fa['links.save'] }).click()
    t.match((await s.text('.field-invalid')) ?? '', fa['validation.required'])
    t.equal(s.bodies[POST], undefined)
    await s.page.locator('select[name=type]').selectOption('duplicate-of')
    t.match((await s.text('.link-form .alert-info')) ?? '', fa['links.duplicateExplain'])
    await s.page.getByRole('button', { name: fa['links.save'] }).click()
    await s.waitFor('.link-form .alert-error strong')
    t.equal(await s.text('.link-form .alert-error strong'), fa['links.other'])
    t.match((await s.text('.link-form .alert-error')) ?? '', fa['error.SANAD_ERR_LINK_CONFLICT'])
    t.same(s.bodies[POST], [{ to: OTHER, type: 'duplicate-of' }])
  })

  t.test('removing asks first; the link stays, marked removed', async (t) => {
    const s = await screenPage(t, browser)
    const DELETE = `DELETE /api/v1/incidents/${ID}/links/l-1`
    const removed = { ...CONNECTED, removed: { at: '2026-01-12T00:00:00.000Z', by: 'user:doc1', ledgerIndex: 8 } }
    s.answer(LIST, { body: { items: [CONNECTED] } }, { body: { items: [removed] } })
    s.answer(DELETE, { body: removed })
    await s.mount('incident-links', { incident: persecution }, DOC)
    await s.waitFor('li.incident-link')
    await s.page.getByRole('button', { name: en['links.remove'] }).click()
    t.match((await s.text('.confirm-remove')) ?? '', en['links.removeConfirmText'])
    t.equal(s.requests.filter((r) => r.startsWith('DELETE')).length, 0, 'nothing sent before the confirmation')
    await s.page.getByRole('button', { name: en['links.removeConfirm'] }).click()
    await s.waitFor('li.incident-link.removed')
    t.equal(s.requests.filter((r) => r === DELETE).length, 1)
    t.match((await s.text('li.incident-link')) ?? '', en['links.removed'])
    t.same(s.problems, [])
  })
})
