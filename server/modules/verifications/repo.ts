import { asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { evidence, evidenceVerifications, incidents } from '../../db/schema.ts'

export type VerificationRow = typeof evidenceVerifications.$inferSelect & { evidenceId: string }

/** The exhibit a verification is about, with what need-to-know is decided by (its incident). */
export type ExhibitRef = {
  seq: number
  id: string
  sha256: string
  incidentSeq: number
  incidentDocument: unknown
  incidentCreatedBy: string
  incidentRetractedAt: string | null
}

const columns = {
  seq: evidenceVerifications.seq,
  id: evidenceVerifications.id,
  evidenceSeq: evidenceVerifications.evidenceSeq,
  phase: evidenceVerifications.phase,
  method: evidenceVerifications.method,
  status: evidenceVerifications.status,
  findingEnc: evidenceVerifications.findingEnc,
  findingSalt: evidenceVerifications.findingSalt,
  findingDigest: evidenceVerifications.findingDigest,
  analyst: evidenceVerifications.analyst,
  createdAt: evidenceVerifications.createdAt,
  contentSha256: evidenceVerifications.contentSha256,
  ledgerIndex: evidenceVerifications.ledgerIndex,
  evidenceId: evidence.id
}

/** Queries of verification records. Callers wrap writes in one transaction. */
export function verificationsRepo(db: Db) {
  const base = () => db.select(columns).from(evidenceVerifications).innerJoin(evidence, eq(evidence.seq, evidenceVerifications.evidenceSeq))
  return {
    exhibit(id: string): ExhibitRef | undefined {
      return db
        .select({
          seq: evidence.seq,
          id: evidence.id,
          sha256: evidence.sha256,
          incidentSeq: evidence.incidentSeq,
          incidentDocument: incidents.document,
          incidentCreatedBy: incidents.createdBy,
          incidentRetractedAt: incidents.retractedAt
        })
        .from(evidence)
        .innerJoin(incidents, eq(incidents.seq, evidence.incidentSeq))
        .where(eq(evidence.id, id))
        .get()
    },
    insert(values: typeof evidenceVerifications.$inferInsert): void {
      db.insert(evidenceVerifications).values(values).run()
    },
    byId: (id: string): VerificationRow | undefined => base().where(eq(evidenceVerifications.id, id)).get(),
    /** Oldest first: a later record of a phase supersedes an earlier one. */
    ofExhibit: (evidenceSeq: number): VerificationRow[] =>
      base().where(eq(evidenceVerifications.evidenceSeq, evidenceSeq)).orderBy(asc(evidenceVerifications.seq)).all(),
    ofExhibitsById: (evidenceIds: string[]): VerificationRow[] =>
      evidenceIds.length === 0 ? [] : base().where(inArray(evidence.id, evidenceIds)).orderBy(asc(evidenceVerifications.seq)).all()
  }
}
