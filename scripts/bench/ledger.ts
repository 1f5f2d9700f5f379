import { join } from 'node:path'
import { openDatabase } from '../../server/db/open.ts'
import { ledgerService } from '../../server/ledger/service.ts'
import { generateNoteKey } from '../../server/lib/ledger/signed-note.ts'
import type { LedgerEvent } from '../../server/ledger/types.ts'
import { type Figure, percentile } from './harness.ts'

const event = (i: number): LedgerEvent => ({
  type: 'accessed',
  actor: 'user:bench',
  subject: { kind: 'evidence', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
  details: { variant: 'original', servedSha256: '0'.repeat(64) }
})

export async function benchLedger(work: string, entries: number, log: (s: string) => void): Promise<Figure[]> {
  const { sqlite } = openDatabase(join(work, 'ledger.db'))
  const ledger = ledgerService({ sqlite, signer: generateNoteKey('bench/ledger'), origin: 'bench/ledger' })
  try {
    // One transaction (and one fsync) per append, as a lone custody event costs.
    let single = 0
    const start = process.hrtime.bigint()
    while (Number(process.hrtime.bigint() - start) < 2e9) ledger.append(event(single++))
    const singleRate = single / (Number(process.hrtime.bigint() - start) / 1e9)
    log(`ledger: appending ${entries} entries in batches of 1000`)
    const batchStart = process.hrtime.bigint()
    let done = single
    while (done < entries) {
      const n = Math.min(1000, entries - done)
      ledger.appendMany(Array.from({ length: n }, (_, k) => event(done + k)))
      done += n
    }
    const batchRate = (entries - single) / (Number(process.hrtime.bigint() - batchStart) / 1e9)
    const size = ledger.size()
    const times: number[] = []
    for (let i = 0; i < 2000; i++) {
      const index = Math.floor(Math.random() * size)
      const t0 = process.hrtime.bigint()
      ledger.inclusionProof(index, size)
      times.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
    const p95 = percentile(times, 95)
    const checkpointStart = process.hrtime.bigint()
    ledger.checkpoint()
    const checkpointMs = Number(process.hrtime.bigint() - checkpointStart) / 1e6
    return [
      { section: 'ledger', name: 'appends, one transaction each (synchronous=FULL)', value: singleRate, unit: 'entries/s' },
      {
        section: 'ledger',
        name: 'appends, batched 1000 per transaction',
        value: batchRate,
        unit: 'entries/s',
        target: '≥ 2,000/s',
        met: batchRate >= 2000
      },
      {
        section: 'ledger',
        name: `inclusion proof p95 at ${size.toLocaleString('en')} entries`,
        value: p95,
        unit: 'ms',
        target: '≤ 5 ms',
        met: p95 <= 5
      },
      { section: 'ledger', name: `signing a checkpoint at ${size.toLocaleString('en')} entries`, value: checkpointMs, unit: 'ms' }
    ]
  } finally {
    sqlite.close()
  }
}
