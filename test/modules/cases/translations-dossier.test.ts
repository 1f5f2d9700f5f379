// Translations and transcripts in the dossier (#17 item 6): a translation is listed beside its
// original — under the exhibit list and on both exhibits' pages, "E5 — Dari original; E6 — English
// translation of E5 by TR-03 (human, certified), reviewed by RV-01, 2024-03-02" — in the dossier's
// language, and exhibits.csv names the pair as related items. Read from the PDF's extracted text.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DossierSnapshot, SnapshotExhibit } from '../../../server/modules/cases/dossier.ts'
import { exhibitsCsv } from '../../../server/modules/cases/package.ts'
import { relatedLines, renderingLine } from '../../../server/modules/cases/translation-labels.ts'
import { world, createCase, generate, download, type World } from '../../helpers/case-world.ts'
import { accountFor, asRole } from '../../helpers/app.ts'
import { requireTool } from '../../helpers/system-tools.ts'

async function staffCode(w: World, role: 'documenter' | 'reviewer', code: string): Promise<void> {
  const account = await accountFor(w.app, role)
  const res = await w.app.inject({
    method: 'PUT',
    url: `/api/v1/users/${account.id}/staff-code`,
    headers: await asRole(w.app, 'admin'),
    payload: { staffCode: code }
  })
  if (res.statusCode !== 200) throw new Error(res.body)
}

const E6 = {
  number: 'E6',
  kind: 'translation',
  original: 'E5',
  sourceLanguage: 'fa-AF',
  targetLanguage: 'en',
  method: 'human',
  certification: 'certified',
  by: 'TR-03',
  reviewedBy: 'RV-01',
  date: '2024-03-02'
}

t.test('the sentence that sets a translation beside its original, in English, Dari and Pashto', async (t) => {
  t.same(relatedLines('E5', [E6], 'en'), [
    'E5 — Dari original',
    'E6 — English translation of E5 by TR-03 (human, certified), reviewed by RV-01, 2024-03-02'
  ])
  t.same(relatedLines('E6', [E6], 'en'), relatedLines('E5', [E6], 'en'), 'the translation shows the same pair')
  t.same(relatedLines('E1', [E6], 'en'), [], 'an exhibit with no translation has none')
  t.equal(
    renderingLine({ ...E6, kind: 'transcript', targetLanguage: 'ps', method: 'machine-assisted', certification: 'informal' }, 'en'),
    'E6 — Pashto transcript of E5 by TR-03 (with machine assistance, informal), reviewed by RV-01, 2024-03-02'
  )
  const { original: _o, ...lone } = E6
  t.same(relatedLines('E6', [lone], 'en'), [
    'E6 — English translation of an exhibit not in this dossier by TR-03 (human, certified), reviewed by RV-01, 2024-03-02'
  ])
  const fa = relatedLines('E5', [E6], 'fa').join('\n')
  t.match(fa, /اصل به زبان دری/)
  t.match(fa, /ترجمه به زبان انگلیسی از E5 توسط TR-03 \(توسط انسان، تصدیق‌شده\)/)
  const ps = relatedLines('E5', [E6], 'ps').join('\n')
  t.match(ps, /په دري ژبه اصل/)
  t.match(ps, /د E5 ژباړه په انګلیسي ژبه/)
  for (const text of [fa, ps]) t.notMatch(text, /translation|certified|human|fa-AF/, 'no code or English word')
})

t.test('exhibits.csv names the pair as related items', async (t) => {
  const exhibit = (number: string): SnapshotExhibit =>
    ({
      number,
      stableId: 'SND-E-2026-000001',
      evidenceId: number,
      variant: 'original',
      file: null,
      custody: [],
      flags: []
    }) as unknown as SnapshotExhibit
  const csv = exhibitsCsv({
    incidents: [],
    exhibits: [exhibit('E4'), exhibit('E5'), exhibit('E6')],
    renderings: [E6]
  } as unknown as DossierSnapshot)
  const [header = '', ...lines] = csv.trimEnd().split('\r\n')
  const col = header.split(',').indexOf('related_items')
  t.ok(col >= 0, 'a related_items column')
  t.same(
    lines.map((l) => l.split(',')[col]),
    ['', 'translation:E6', 'translation-of:E5']
  )
})

t.test('English, Dari and Pashto dossiers built through the API list the translation beside its original', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const dir = mkdtempSync(join(tmpdir(), 'sanad-translations-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const w = await world(t)
  await staffCode(w, 'documenter', 'TR-03')
  await staffCode(w, 'reviewer', 'RV-01')
  const linked = await w.doc({
    method: 'POST',
    url: `/api/v1/evidence/${w.evidence['statement-scan.pdf']}/custody-events`,
    payload: {
      type: 'transcribed-or-translated',
      occurredAt: '2024-03-02',
      originalId: w.evidence['phone-video.mp4'],
      kind: 'translation',
      sourceLanguage: 'fa-AF',
      targetLanguage: 'en',
      method: 'human',
      certification: 'certified',
      reviewedBy: 'RV-01'
    }
  })
  t.equal(linked.statusCode, 201, linked.body)
  const caseId = await createCase(w)
  const texts: Record<string, string> = {}
  for (const language of ['en', 'fa', 'ps'] as const) {
    const d = await generate(w, caseId, language)
    t.equal(d.status, 'ready', language)
    const file = join(dir, `${language}.pdf`)
    writeFileSync(file, await download(w, d.id, 'pdf'))
    texts[language] = execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, ' ')
  }
  const en = texts.en ?? ''
  const original = /(E\d+) — Dari original/.exec(en)?.[1]
  t.ok(original, 'the original is named with its language')
  const line = new RegExp(`E\\d+ — English translation of ${original} by TR-03 \\(human, certified\\), reviewed by RV-01, 2024-03-02`, 'g')
  t.ok((en.match(line) ?? []).length >= 3, 'under the exhibit list and on both exhibits’ pages')
  t.match(en, /Translations and transcripts/)
  const fa = texts.fa ?? ''
  for (const word of ['ترجمه‌ها و رونوشت‌ها', 'تصدیق‌شده', 'انگلیسی', 'TR-03', 'RV-01']) t.ok(fa.includes(word), `fa: ${word}`)
  const ps = texts.ps ?? ''
  for (const word of ['ژباړې او لیکلي متنونه', 'تصدیق شوې', 'انګلیسي', 'TR-03', 'RV-01']) t.ok(ps.includes(word), `ps: ${word}`)
  for (const [language, text] of [
    ['fa', fa],
    ['ps', ps]
  ] as const)
    t.notMatch(text, /\b(machine-assisted|transcript-and-translation|certified|informal|fa-AF)\b/, `${language}: no code`)
})
