// Custody before Sanad on the exhibit view (test/web/component-harness.ts): the events people
// recorded, in the reader's language, and the form that records one — a date in either calendar,
// closed lists, staff codes — posting only the fields of the chosen type.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage } from '../component-harness.ts'

const ID = 'ev-1'
const LIST = `GET /api/v1/evidence/${ID}/custody-events`
const POST = `POST /api/v1/evidence/${ID}/custody-events`
const RECEIVED = {
  id: 'c1',
  evidenceId: ID,
  type: 'received',
  occurredAt: '2019-06-01',
  by: 'KBL-07',
  fromSource: 'witness',
  medium: 'memory-card',
  method: 'in-person',
  recordedBy: 'user:x',
  recordedAt: '2026-01-01T00:00:00.000Z',
  ledgerIndex: 5,
  contentSha256: 'a'.repeat(64)
}

t.test('custody events on an exhibit', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('recorded events are listed in Dari with their codes in words; readers without write see no form', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [RECEIVED] } })
    await s.mount('custody-events', { evidenceId: ID, canRecord: false }, { lang: 'fa', role: 'legal' })
    await s.waitFor('.custody-events-list li')
    const text = await s.text('.custody-events-list li')
    t.match(text, fa['custodyEvents.type.received'])
    t.match(text, fa['custodyValue.witness'])
    t.match(text, fa['custodyValue.memory-card'])
    t.match(text, 'KBL-07')
    t.equal(await s.page.locator('form.custody-event-form').count(), 0, 'no form without incident:write')
    t.same(s.problems, [])
  })

  t.test('a receipt from a witness, dated in the Solar Hijri calendar, posts a Gregorian day and closed codes only', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } }, { body: { items: [RECEIVED] } })
    s.answer(POST, { status: 201, body: RECEIVED })
    await s.mount('custody-events', { evidenceId: ID, canRecord: true }, { lang: 'fa', role: 'documenter' })
    await s.waitFor('form.custody-event-form')
    await s.page.getByLabel(fa['custodyEvents.occurredOn']).fill('۱۳۹۸-۰۳-۱۱')
    await s.page.getByLabel(fa['custodyEvents.fromSource']).selectOption('witness')
    await s.page.getByLabel(fa['custodyEvents.medium']).selectOption('memory-card')
    await s.page.getByLabel(fa['custodyEvents.method']).selectOption('in-person')
    await s.page.getByRole('button', { name: fa['custodyEvents.submit'] }).click()
    await s.waitFor('.custody-events-list li')
    t.same(s.bodies[POST], [
      { type: 'received', occurredAt: '2019-06-01', fromSource: 'witness', medium: 'memory-card', method: 'in-person' }
    ])
    t.same((await s.recorded()).values.recorded, [true], 'the exhibit view is told, to reload its ledger custody')
    t.same(s.problems, [])
  })

  t.test('an online capture in Pashto: URL, tool and version with a UTC time; a refusal is shown in the language', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } })
    s.answer(POST, apiError(400, 'SANAD_ERR_STAFF_CODE_UNKNOWN'))
    await s.mount('custody-events', { evidenceId: ID, canRecord: true }, { lang: 'ps', role: 'documenter' })
    await s.waitFor('form.custody-event-form')
    await s.page.getByLabel(ps['custodyEvents.type']).selectOption('captured-online')
    await s.page.locator('input[name="custody-calendar"][value="gregorian"]').check()
    await s.page.getByLabel(ps['custodyEvents.occurredOn']).fill('2021-08-20')
    await s.page.getByLabel(ps['custodyEvents.timeUtc']).fill('06:12')
    await s.page.getByLabel(ps['custodyEvents.url']).fill('https://example.org/post/1')
    await s.page.getByLabel(ps['custodyEvents.tool']).fill('Hunchly')
    await s.page.getByLabel(ps['custodyEvents.toolVersion']).fill('2.4.1')
    await s.page.getByLabel(ps['custodyEvents.by'], { exact: false }).fill('NOBODY-1')
    await s.page.getByRole('button', { name: ps['custodyEvents.submit'] }).click()
    await s.page.getByText(ps['error.SANAD_ERR_STAFF_CODE_UNKNOWN']).waitFor()
    t.same(s.bodies[POST], [
      {
        type: 'captured-online',
        occurredAt: '2021-08-20T06:12:00Z',
        url: 'https://example.org/post/1',
        tool: 'Hunchly',
        toolVersion: '2.4.1',
        by: 'NOBODY-1'
      }
    ])
    t.match(await s.text('.custody-event-form'), ps['error.SANAD_ERR_STAFF_CODE_UNKNOWN'])
  })

  t.test("the collector's declaration shows its text and is sent only once the box is ticked", async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } })
    s.answer(POST, { status: 201, body: { ...RECEIVED, type: 'collector-declaration' } })
    await s.mount('custody-events', { evidenceId: ID, canRecord: true }, { lang: 'en', role: 'documenter' })
    await s.waitFor('form.custody-event-form')
    await s.page.getByLabel(en['custodyEvents.type']).selectOption('collector-declaration')
    t.match(await s.text('blockquote.declaration'), en['custodyEvents.declarationText'])
    await s.page.getByLabel(en['custodyEvents.occurredOn']).fill('2024-05-01')
    const button = s.page.getByRole('button', { name: en['custodyEvents.submit'] })
    t.ok(await button.isDisabled(), 'not before the declaration is ticked')
    await s.page.getByLabel(en['custodyEvents.declare']).check()
    await button.click()
    await s.page.waitForFunction(
      () => (window as unknown as { sanad: { values: Record<string, unknown> } }).sanad.values.recorded !== undefined
    )
    t.same(s.bodies[POST], [{ type: 'collector-declaration', occurredAt: '2024-05-01', template: 'collector-declaration-v1' }])
  })
})
