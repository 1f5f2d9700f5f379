// exhibits.csv, row by row: the stable id beside the dossier's number, the court metadata columns,
// and free text that a spreadsheet would run as a formula kept as text.
import t from 'tap'
import type { DossierSnapshot, SnapshotExhibit } from '../../../server/modules/cases/dossier.ts'
import { documentDate, EXHIBITS_CSV_COLUMNS, exhibitsCsv } from '../../../server/modules/cases/exhibits-csv.ts'

const exhibit = (over: Partial<SnapshotExhibit>): SnapshotExhibit =>
  ({
    number: 'E1',
    stableId: 'SND-E-2026-000042',
    evidenceId: '00000000-0000-4000-8000-000000000001',
    incidentReference: 'SND-2026-0001',
    name: 'E1.jpg',
    mediaType: 'image/jpeg',
    size: 10,
    sha256: 'a'.repeat(64),
    sha512: 'b'.repeat(128),
    variant: 'shared',
    file: null,
    ingestIndex: 3,
    metadata: null,
    flags: [],
    custody: [],
    ...over
  }) as SnapshotExhibit

const snapshot = (exhibits: SnapshotExhibit[], over: Partial<DossierSnapshot> = {}): DossierSnapshot =>
  ({
    case: { profile: 'restricted' },
    ...over,
    incidents: [
      { links: [{ category: 'cah-murder', element: 'killing', exhibits: ['E1'] }] },
      { links: [{ category: 'cah-persecution', element: 'severe-deprivation', exhibits: ['E1', 'E2'] }] }
    ],
    exhibits
  }) as unknown as DossierSnapshot

function rows(csv: string): Array<Record<string, string>> {
  const [header = '', ...lines] = csv.trimEnd().split('\r\n')
  const names = header.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])))
}

t.test('each row has its stable id, the collection facts, capture time and linked elements', async (t) => {
  const csv = exhibitsCsv(
    snapshot([
      exhibit({
        source: { type: 'device-handover' },
        collectedBy: 'FD-07',
        collectedAt: '2023-08-05',
        metadata: { capturedAt: '2023-08-04T10:00:00+04:30', durationSeconds: 12 }
      }),
      exhibit({ number: 'E2', stableId: 'SND-E-2026-000007', variant: 'withheld', withheldReason: 'need-to-know' })
    ])
  )
  const [first, second] = rows(csv)
  t.match(first, {
    item_id: 'E1',
    stable_id: 'SND-E-2026-000042',
    source_type: 'device-handover',
    collected_by: 'FD-07',
    collected_at: '2023-08-05',
    captured_at: '2023-08-04T10:00:00+04:30',
    duration_seconds: '12',
    linked_elements: 'cah-murder/killing;cah-persecution/severe-deprivation',
    withheld_reason: ''
  })
  t.match(second, {
    item_id: 'E2',
    stable_id: 'SND-E-2026-000007',
    withheld_reason: 'need-to-know',
    linked_elements: 'cah-persecution/severe-deprivation'
  })
})

t.test('text that starts like a spreadsheet formula is kept as text', async (t) => {
  const csv = exhibitsCsv(snapshot([exhibit({ name: '=HYPERLINK("http://x.example")', collectedBy: '+93 700', source: { type: '@x' } })]))
  t.notMatch(csv, /(^|,)[=+@]/m, 'no cell starts with a formula character')
  t.match(csv, `"'=HYPERLINK(""http://x.example"")"`)
  t.match(csv, `'+93 700`)
})

t.test('every court metadata column is present, filled from what the snapshot discloses', async (t) => {
  const csv = exhibitsCsv(
    snapshot(
      [
        exhibit({
          source: { type: 'device-handover' },
          collectedBy: 'FD-07',
          collectedAt: '2023-08-05',
          metadata: { capturedAt: '2023-08-04T10:00:00+04:30', gps: { lat: 34.5, lon: 69.2 } },
          collection: [
            {
              type: 'received',
              occurredAt: '2023-08-05',
              codes: { by: 'FD-07', method: 'in-person', medium: 'usb' },
              ledgerIndex: 9,
              contentSha256: 'c'.repeat(64)
            }
          ],
          verification: { status: 'partly-verified', phases: ['source', 'technical'], records: [] }
        }),
        exhibit({ number: 'E2', stableId: 'SND-E-2026-000007', collectedAt: '2021-03' })
      ],
      { recipientRefs: { 'SND-E-2026-000042': 'OTP-AFG-00017' } }
    )
  )
  t.same(csv.split('\r\n')[0]!.split(','), [...EXHIBITS_CSV_COLUMNS], 'the header')
  for (const c of [
    'title',
    'document_date',
    'document_date_precision',
    'author',
    'language',
    'collection_method',
    'capture_place',
    'pages',
    'confidentiality',
    'related_items',
    'verification_status',
    'recipient_ref'
  ])
    t.ok((EXHIBITS_CSV_COLUMNS as readonly string[]).includes(c), `a ${c} column`)
  const [first, second] = rows(csv)
  t.match(first, {
    stable_id: 'SND-E-2026-000042',
    recipient_ref: 'OTP-AFG-00017',
    title: 'E1.jpg',
    document_date: '2023-08-04',
    document_date_precision: 'day',
    collected_by_staff_code: 'FD-07',
    collection_method: 'in-person',
    capture_place: '34.5;69.2',
    confidentiality: 'restricted',
    related_items: '',
    verification_status: 'partly-verified',
    verification_phases: 'source;technical'
  })
  t.match(second, { recipient_ref: '', document_date: '2021-03', document_date_precision: 'month', verification_status: 'unverified' })
})

t.test('a document date keeps the precision it was recorded with', async (t) => {
  const cases: Array<[string | undefined, ReturnType<typeof documentDate>]> = [
    ['2023-08-04T10:00:00+04:30', { date: '2023-08-04', precision: 'day' }],
    ['2023-08-04', { date: '2023-08-04', precision: 'day' }],
    ['2023-08', { date: '2023-08', precision: 'month' }],
    ['2023', { date: '2023', precision: 'year' }],
    ['around spring', {}],
    [undefined, {}]
  ]
  for (const [input, want] of cases) t.same(documentDate(input), want, String(input))
})

t.test('what the profile withholds from the snapshot is not in the CSV (no protected identity)', async (t) => {
  // The redacted snapshot leaves out collector, metadata and free text under a restricted profile.
  const csv = exhibitsCsv(snapshot([exhibit({ name: 'E1.jpg', metadata: null })]))
  const [row] = rows(csv)
  t.match(row, { collected_by: '', collected_by_staff_code: '', captured_at: '', capture_place: '', author: '' })
})

t.test('language: a translation is in its target language, its original in the source language, others empty', async (t) => {
  const csv = exhibitsCsv(
    snapshot(
      [
        exhibit({ number: 'E1', stableId: 'SND-E-2026-000001' }),
        exhibit({ number: 'E2', stableId: 'SND-E-2026-000002' }),
        exhibit({ number: 'E3', stableId: 'SND-E-2026-000003' })
      ],
      {
        renderings: [{ number: 'E2', kind: 'translation', original: 'E1', sourceLanguage: 'fa', targetLanguage: 'en', date: '2023-09-01' }]
      }
    )
  )
  const [e1, e2, e3] = rows(csv)
  t.equal(e1?.language, 'fa', 'the original: the language it was translated from')
  t.equal(e2?.language, 'en', 'the translation: the language it was translated into')
  t.equal(e3?.language, '', 'an exhibit with no translation record: empty')
})
