import { randomBytes, randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { Verification, VerificationInput } from '../../types/schemas.ts'
import { mayReadExhibitIncident } from '../../lib/protection/need-to-know.ts'
import { decryptField, encryptField, fieldKey, type FieldContext } from '../../lib/crypto/field-crypto.ts'
import {
  findingDigest,
  methodFitsPhase,
  verificationContentSha256,
  verificationSummary,
  type VerificationPhase,
  type VerificationStatus
} from '../../lib/analysis/verification-records.ts'
import { verificationsRepo, type ExhibitRef, type VerificationRow } from './repo.ts'

export type VerificationsDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  /** Seals the finding at rest (a field envelope bound to the record). */
  master: Buffer
  /** Whether an account holds a clearance for an incident (by row numbers). */
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
  now?: () => Date
}

/** Where a finding's envelope lives: key rotation re-encrypts it under the same context. */
export const FINDING_CONTEXT = (id: string): FieldContext => ({ table: 'evidence_verifications', column: 'finding', rowId: id })

/** A verification record as the dossier and the package print it (the finding only where the profile allows). */
export type ExhibitVerification = {
  phase: VerificationPhase
  method: string
  status: VerificationStatus
  analyst: string
  createdAt: string
  ledgerIndex: number
  finding: string
}

/**
 * Verification records of exhibits (#18 item 4): each step of the source, technical and content
 * analysis, with its method from a closed list, the analyst (the caller), the status and a free-text
 * finding that is sealed at rest and never reaches the ledger. The `verified` ledger entry carries the
 * record's content hash, which `npm run verify` re-derives from the row. Auditors, and readers barred
 * by need-to-know, see phase and status only.
 */
export function verificationsService(deps: VerificationsDeps) {
  const repo = verificationsRepo(deps.db)
  const key = fieldKey(deps.master)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function mustExhibit(id: string): ExhibitRef {
    const row = repo.exhibit(id)
    if (!row) fail('SANAD_ERR_EVIDENCE_NOT_FOUND')
    return row
  }

  const barred = (ex: ExhibitRef, viewer: Viewer): boolean => !mayReadExhibitIncident(ex, viewer, deps.hasClearance)

  function present(row: VerificationRow, withheld?: 'integrity-only' | 'need-to-know'): Verification {
    const out: Verification = {
      id: row.id,
      evidenceId: row.evidenceId,
      phase: row.phase as VerificationPhase,
      status: row.status as VerificationStatus,
      createdAt: row.createdAt,
      ledgerIndex: row.ledgerIndex,
      contentSha256: row.contentSha256
    }
    if (withheld !== undefined) return { ...out, withheld }
    return { ...out, method: row.method, finding: decryptField(key, FINDING_CONTEXT(row.id), row.findingEnc), analyst: row.analyst }
  }

  return {
    record(evidenceId: string, input: VerificationInput, viewer: Viewer): Verification {
      if (!methodFitsPhase(input.phase, input.method))
        fail('SANAD_ERR_VALIDATION', `"${input.method}" is not a method of the ${input.phase} phase`, { field: 'method' })
      const id = randomUUID()
      const at = now()
      const salt = randomBytes(16).toString('hex')
      const digest = findingDigest(salt, input.finding)
      const row = deps.sqlite
        .transaction(() => {
          const ex = mustExhibit(evidenceId)
          if (barred(ex, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (ex.incidentRetractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
          const content = verificationContentSha256({
            id,
            evidenceId: ex.id,
            phase: input.phase,
            method: input.method,
            status: input.status,
            findingDigest: digest,
            analyst: viewer.actor,
            createdAt: at
          })
          // The method stays out of the ledger: auditors see phase and status only.
          const { index } = deps.ledger.append({
            type: 'verified',
            actor: viewer.actor,
            subject: { kind: 'evidence', id: ex.id, sha256: ex.sha256 },
            details: { verification: id, phase: input.phase, status: input.status, contentSha256: content }
          })
          repo.insert({
            id,
            evidenceSeq: ex.seq,
            phase: input.phase,
            method: input.method,
            status: input.status,
            findingEnc: encryptField(key, FINDING_CONTEXT(id), input.finding),
            findingSalt: salt,
            findingDigest: digest,
            analyst: viewer.actor,
            createdAt: at,
            contentSha256: content,
            ledgerIndex: index
          })
          const saved = repo.byId(id)
          if (!saved) fail('SANAD_ERR_INTERNAL')
          return saved
        })
        .immediate()
      return present(row)
    },

    list(evidenceId: string, viewer: Viewer): { items: Verification[] } {
      const ex = mustExhibit(evidenceId)
      const withheld = viewer.role === 'auditor' ? 'integrity-only' : barred(ex, viewer) ? 'need-to-know' : undefined
      return { items: repo.ofExhibit(ex.seq).map((r) => present(r, withheld)) }
    },

    /** Every record of these exhibits whole, oldest first, for the export pipeline (which applies the profile). */
    forExport(evidenceIds: string[]): Map<string, ExhibitVerification[]> {
      const out = new Map<string, ExhibitVerification[]>()
      for (const r of repo.ofExhibitsById(evidenceIds)) {
        const list = out.get(r.evidenceId) ?? []
        list.push({
          phase: r.phase as VerificationPhase,
          method: r.method,
          status: r.status as VerificationStatus,
          analyst: r.analyst,
          createdAt: r.createdAt,
          ledgerIndex: r.ledgerIndex,
          finding: decryptField(key, FINDING_CONTEXT(r.id), r.findingEnc)
        })
        out.set(r.evidenceId, list)
      }
      return out
    }
  }
}

export type VerificationsService = ReturnType<typeof verificationsService>

/** An exhibit's verification summary, as a plain dependency of the evidence feature. */
export function verificationSummaryLookup(db: Db): (evidenceSeq: number) => { status: VerificationStatus; phases: VerificationPhase[] } {
  const repo = verificationsRepo(db)
  return (seq) => {
    const { status, phases } = verificationSummary(
      repo.ofExhibit(seq).map((r) => ({ phase: r.phase as VerificationPhase, status: r.status as VerificationStatus }))
    )
    return { status, phases }
  }
}
