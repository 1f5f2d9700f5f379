import type { Sqlite } from '../../db/open.ts'
import { depictsContentSha256, derivativeContentSha256, type DerivativeKind } from '../../lib/analysis/depicts-links.ts'

// Depicts links and derivative lineage (#17 item 9) against the content hash of their latest ledger
// entry, re-derived from the row as stored: a link moved to another person or exhibit, a removal
// undone, or a lineage's source, hashes, method or parameters edited in the database all show.

type Problem = { code: string; message: string; index?: number; evidenceId?: string }
type Hashed = Map<number, { type: string; record: unknown; contentSha256: unknown }>

const MISMATCH = 'SANAD_ERR_RECORD_LEDGER_MISMATCH'

export function depictsProblems(sqlite: Sqlite, hashedAt: Hashed, seen: Set<string>): Problem[] {
  const has = (name: string): boolean =>
    sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
  const out: Problem[] = []
  if (has('evidence_depicts')) {
    const rows = sqlite
      .prepare<
        [],
        {
          id: string
          evidence: string
          person: string
          createdAt: string
          createdBy: string
          removedAt: string | null
          removedBy: string | null
          ledgerIndex: number
          removedLedgerIndex: number | null
          contentSha256: string
        }
      >(
        `SELECT d.id AS id, e.id AS evidence, p.id AS person, d.created_at AS createdAt, d.created_by AS createdBy,
          d.removed_at AS removedAt, d.removed_by AS removedBy, d.ledger_index AS ledgerIndex,
          d.removed_ledger_index AS removedLedgerIndex, d.content_sha256 AS contentSha256
        FROM evidence_depicts d JOIN evidence e ON e.seq = d.evidence_seq JOIN persons p ON p.seq = d.person_seq ORDER BY d.seq`
      )
      .all()
    for (const r of rows) {
      seen.add(r.id)
      const derived = depictsContentSha256({
        id: r.id,
        evidence: r.evidence,
        person: r.person,
        createdAt: r.createdAt,
        createdBy: r.createdBy,
        removedAt: r.removedAt ?? undefined,
        removedBy: r.removedBy ?? undefined
      })
      const index = r.removedLedgerIndex ?? r.ledgerIndex
      const expectedType = r.removedLedgerIndex === null ? 'depicts-linked' : 'depicts-link-removed'
      const entry = hashedAt.get(index)
      // A removal recorded in the ledger but undone in the database leaves the link's first entry pointing at a removed link.
      if (entry?.type !== expectedType || entry.record !== r.id || entry.contentSha256 !== derived || r.contentSha256 !== derived)
        out.push({
          code: MISMATCH,
          evidenceId: r.evidence,
          index,
          message: `depicts link ${r.id} of evidence ${r.evidence}: its content no longer hashes to what ledger entry ${index} recorded (person, exhibit or removal edited in the database?)`
        })
    }
    // Every removal the ledger records must still be a removal.
    const removed = new Map(rows.filter((r) => r.removedLedgerIndex !== null).map((r) => [r.id, r.removedLedgerIndex]))
    for (const [index, e] of hashedAt)
      if (e.type === 'depicts-link-removed' && typeof e.record === 'string' && seen.has(e.record) && removed.get(e.record) !== index)
        out.push({
          code: MISMATCH,
          index,
          message: `ledger entry ${index} records the removal of depicts link ${e.record}, but the database holds it as not removed (undone in the database?)`
        })
  }
  if (has('evidence_derivatives')) {
    const rows = sqlite
      .prepare<
        [],
        {
          derivative: string
          source: string
          kind: string
          method: string
          parameters: string
          sourceSha256: string
          derivativeSha256: string
          derivativeRowSha256: string
          createdAt: string
          createdBy: string
          ledgerIndex: number
          contentSha256: string
        }
      >(
        `SELECT d.id AS derivative, s.id AS source, x.kind AS kind, x.method AS method, x.parameters AS parameters,
          x.source_sha256 AS sourceSha256, x.derivative_sha256 AS derivativeSha256, d.sha256 AS derivativeRowSha256,
          x.created_at AS createdAt, x.created_by AS createdBy, x.ledger_index AS ledgerIndex, x.content_sha256 AS contentSha256
        FROM evidence_derivatives x JOIN evidence d ON d.seq = x.derivative_seq JOIN evidence s ON s.seq = x.source_seq ORDER BY x.seq`
      )
      .all()
    for (const r of rows) {
      seen.add(r.derivative)
      let parameters: Record<string, number> = {}
      try {
        parameters = JSON.parse(r.parameters) as Record<string, number>
      } catch {
        parameters = { unreadable: 1 } // cannot hash to what was recorded
      }
      const derived = derivativeContentSha256({
        derivative: r.derivative,
        source: r.source,
        kind: r.kind as DerivativeKind,
        method: r.method,
        parameters,
        sourceSha256: r.sourceSha256,
        derivativeSha256: r.derivativeSha256,
        createdAt: r.createdAt,
        createdBy: r.createdBy
      })
      const entry = hashedAt.get(r.ledgerIndex)
      if (
        entry?.type !== 'redacted-copy-made' ||
        entry.record !== r.derivative ||
        entry.contentSha256 !== derived ||
        r.contentSha256 !== derived ||
        r.derivativeRowSha256 !== r.derivativeSha256
      )
        out.push({
          code: MISMATCH,
          evidenceId: r.derivative,
          index: r.ledgerIndex,
          message: `derivative ${r.derivative} of evidence ${r.source}: its lineage (source, hashes, method, parameters) no longer hashes to what ledger entry ${r.ledgerIndex} recorded (edited in the database?)`
        })
    }
  }
  return out
}
