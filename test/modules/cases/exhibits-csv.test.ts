// exhibits.csv, row by row: the stable id beside the dossier's number, the court metadata columns,
// and free text that a spreadsheet would run as a formula kept as text.
import t from 'tap'
import type { DossierSnapshot, SnapshotExhibit } from '../../../server/modules/cases/dossier.ts'
import { exhibitsCsv } from '../../../server/modules/cases/package.ts'

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

const snapshot = (exhibits: SnapshotExhibit[]): DossierSnapshot =>
  ({
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
