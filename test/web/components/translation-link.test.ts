// Translations and transcripts on the exhibit view (#17 item 6; test/web/component-harness.ts): an
// exhibit recorded as the translation of another is shown with its original's name, kind, languages,
// translator, reviewer and certification in the reader's language; one that is not may be marked as
// one, picking the original from the incident's exhibits, and only closed codes and staff codes are sent.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage } from '../component-harness.ts'

const ID = 'ev-2'
const ORIGINAL = 'ev-1'
const INCIDENT = 'inc-1'
const LIST = `GET /api/v1/evidence/${ID}/custody-events`
const POST = `POST /api/v1/evidence/${ID}/custody-events`
const EXHIBITS = `GET /api/v1/incidents/${INCIDENT}/evidence`
const exhibits = {
  items: [
    { id: ORIGINAL, name: 'statement-dari.pdf', stableId: 'SND-E-2026-000005' },
    { id: ID, name: 'statement-english.pdf', stableId: 'SND-E-2026-000006' }
  ]
}
const LINK = {
  id: 'c9',
  evidenceId: ID,
  type: 'transcribed-or-translated',
  occurredAt: '2024-03-02',
  originalId: ORIGINAL,
  originalSha256: 'b'.repeat(64),
  kind: 'translation',
  sourceLanguage: 'fa',
  targetLanguage: 'en',
  method: 'human',
  certification: 'certified',
  by: 'TR-03',
  reviewedBy: 'RV-01',
  recordedBy: 'user:x',
  recordedAt: '2026-01-01T00:00:00.000Z',
  ledgerIndex: 7,
  contentSha256: 'a'.repeat(64)
}

t.test('translation link on an exhibit', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a recorded translation is shown in Dari with its original named; no form once linked', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [LINK] } })
    s.answer(EXHIBITS, { body: exhibits })
    await s.mount('translation-link', { evidenceId: ID, incidentId: INCIDENT, canRecord: true }, { lang: 'fa', role: 'documenter' })
    await s.waitFor('.translation-of')
    await s.page.getByText('statement-dari.pdf').waitFor()
    const text = await s.text('.translation-of')
    for (const word of [
      fa['translationLink.value.translation'],
      fa['translationLink.language.en'],
      fa['translationLink.language.fa'],
      fa['translationLink.value.certified'],
      'TR-03',
      'RV-01',
      'statement-dari.pdf'
    ])
      t.match(text, word)
    t.notMatch(text, /certified|translation|human/, 'no code in the Dari text')
    t.equal(await s.page.locator('form.translation-link-form').count(), 0, 'already linked: no form')
    t.same(s.problems, [])
  })

  t.test('marking an exhibit as the certified English translation of another posts closed codes only', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } }, { body: { items: [LINK] } })
    s.answer(EXHIBITS, { body: exhibits })
    s.answer(POST, { status: 201, body: LINK })
    await s.mount('translation-link', { evidenceId: ID, incidentId: INCIDENT, canRecord: true }, { lang: 'en', role: 'documenter' })
    await s.waitFor('form.translation-link-form')
    const original = s.page.getByLabel(en['translationLink.original'])
    await s.page.locator(`select[name="originalId"] option[value="${ORIGINAL}"]`).waitFor({ state: 'attached' })
    t.equal(await s.page.locator(`select[name="originalId"] option[value="${ID}"]`).count(), 0, 'not itself')
    await original.selectOption(ORIGINAL)
    await s.page.getByLabel(en['translationLink.sourceLanguage']).selectOption('fa')
    await s.page.getByLabel(en['translationLink.targetLanguage']).selectOption('en')
    await s.page.getByLabel(en['translationLink.certification']).selectOption('certified')
    await s.page.getByLabel(en['translationLink.translator'], { exact: false }).fill('tr-03')
    await s.page.getByLabel(en['translationLink.reviewer'], { exact: false }).fill('RV-01')
    await s.page.getByLabel(en['translationLink.date']).fill('2024-03-02')
    await s.page.getByRole('button', { name: en['translationLink.submit'] }).click()
    await s.waitFor('.translation-of')
    t.same(s.bodies[POST], [
      {
        type: 'transcribed-or-translated',
        occurredAt: '2024-03-02',
        originalId: ORIGINAL,
        kind: 'translation',
        sourceLanguage: 'fa',
        targetLanguage: 'en',
        method: 'human',
        certification: 'certified',
        by: 'TR-03',
        reviewedBy: 'RV-01'
      }
    ])
    t.same((await s.recorded()).values.recorded, [true], 'the exhibit view is told')
    t.same(s.problems, [])
  })

  t.test('in Pashto, a refused original is shown in the language; readers without write see no form', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } })
    s.answer(EXHIBITS, { body: exhibits })
    s.answer(POST, apiError(400, 'SANAD_ERR_ORIGINAL_INVALID'))
    await s.mount('translation-link', { evidenceId: ID, incidentId: INCIDENT, canRecord: true }, { lang: 'ps', role: 'documenter' })
    await s.waitFor('form.translation-link-form')
    await s.page.locator(`select[name="originalId"] option[value="${ORIGINAL}"]`).waitFor({ state: 'attached' })
    await s.page.getByLabel(ps['translationLink.original']).selectOption(ORIGINAL)
    await s.page.getByLabel(ps['translationLink.sourceLanguage']).selectOption('ps')
    await s.page.getByLabel(ps['translationLink.targetLanguage']).selectOption('en')
    await s.page.locator('input[name="translation-calendar"][value="gregorian"]').check()
    await s.page.getByLabel(ps['translationLink.date']).fill('2024-03-02')
    await s.page.getByRole('button', { name: ps['translationLink.submit'] }).click()
    await s.page.getByText(ps['error.SANAD_ERR_ORIGINAL_INVALID']).waitFor()
    t.match(await s.text('.translation-link-form'), ps['error.SANAD_ERR_ORIGINAL_INVALID'])

    const reader = await screenPage(t, browser)
    reader.answer(LIST, { body: { items: [] } })
    reader.answer(EXHIBITS, { body: exhibits })
    await reader.mount('translation-link', { evidenceId: ID, incidentId: INCIDENT, canRecord: false }, { lang: 'ps', role: 'legal' })
    await reader.waitFor('.translation-link p.secondary')
    t.match(await reader.text('.translation-link'), ps['translationLink.none'])
    t.equal(await reader.page.locator('form.translation-link-form').count(), 0)
  })
})
