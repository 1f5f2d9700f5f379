import t from 'tap'
import { deviceCaptureGap, type CustodyRow } from '../../../server/modules/cases/dossier.ts'

const row = (index: number, type: string, time: string, details: string, disclosure: CustodyRow['disclosure'] = 'shown'): CustodyRow => ({
  index,
  time,
  type,
  actor: 'user:x',
  details,
  disclosure,
  leafHash: '00',
  proof: []
})

const cases: Array<{ name: string; custody: CustodyRow[]; ingestIndex: number; expect: ReturnType<typeof deviceCaptureGap> }> = [
  {
    name: 'captured on the phone five days and three hours before it reached the server',
    custody: [
      row(7, 'captured', '2026-03-06T09:00:00.000Z', 'capturedAt=2026-03-01T06:00:00.000Z device=d-1 incident=i-1 position=false'),
      row(8, 'ingested', '2026-03-06T09:00:00.000Z', 'size=10 type=image/jpeg')
    ],
    ingestIndex: 8,
    expect: { capturedAt: '2026-03-01T06:00:00.000Z', receivedAt: '2026-03-06T09:00:00.000Z', days: 5, hours: 3 }
  },
  {
    name: 'a capture time in the phone’s own zone',
    custody: [
      row(1, 'captured', '2026-03-01T12:00:00.000Z', 'capturedAt=2026-03-01T10:30:00+04:30 device=d-1'),
      row(2, 'ingested', '2026-03-01T12:00:00.000Z', 'size=1')
    ],
    ingestIndex: 2,
    expect: { capturedAt: '2026-03-01T10:30:00+04:30', receivedAt: '2026-03-01T12:00:00.000Z', days: 0, hours: 6 }
  },
  {
    name: 'no device capture: nothing to show',
    custody: [row(2, 'ingested', '2026-03-01T12:00:00.000Z', 'size=1')],
    ingestIndex: 2,
    expect: undefined
  },
  {
    name: 'a capture entry the profile shows by hash only: nothing to show',
    custody: [
      row(1, 'captured', '2026-03-01T12:00:00.000Z', 'capturedAt=2026-03-01T10:00:00.000Z', 'hash-only'),
      row(2, 'ingested', '2026-03-01T12:00:00.000Z', 'size=1')
    ],
    ingestIndex: 2,
    expect: undefined
  },
  {
    name: 'a device clock ahead of the server counts as no gap, never a negative one',
    custody: [
      row(1, 'captured', '2026-03-01T12:00:00.000Z', 'capturedAt=2026-03-01T13:00:00.000Z'),
      row(2, 'ingested', '2026-03-01T12:00:00.000Z', 'size=1')
    ],
    ingestIndex: 2,
    expect: { capturedAt: '2026-03-01T13:00:00.000Z', receivedAt: '2026-03-01T12:00:00.000Z', days: 0, hours: 0 }
  }
]

for (const c of cases) {
  t.test(`the dossier's capture-to-upload row: ${c.name}`, async (t) => {
    t.same(deviceCaptureGap({ custody: c.custody, ingestIndex: c.ingestIndex }), c.expect)
  })
}
