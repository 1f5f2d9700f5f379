import { and, asc, eq } from 'drizzle-orm'
import type { Db, Sqlite } from '../../db/open.ts'
import { nextReference } from '../../db/references.ts'
import { evidence, evidenceCopies, evidenceDetailRevisions, incidents } from '../../db/schema.ts'

export type EvidenceRow = typeof evidence.$inferSelect & { incidentId: string; incidentDocument: unknown; incidentCreatedBy: string }
export type CopyRow = typeof evidenceCopies.$inferSelect

const columns = {
  seq: evidence.seq,
  id: evidence.id,
  incidentSeq: evidence.incidentSeq,
  sha256: evidence.sha256,
  sha512: evidence.sha512,
  size: evidence.size,
  mediaType: evidence.mediaType,
  originalName: evidence.originalName,
  name: evidence.name,
  description: evidence.description,
  source: evidence.source,
  collectedBy: evidence.collectedBy,
  collectedAt: evidence.collectedAt,
  metadata: evidence.metadata,
  flags: evidence.flags,
  createdAt: evidence.createdAt,
  createdBy: evidence.createdBy,
  ingestIndex: evidence.ingestIndex,
  captureRecord: evidence.captureRecord,
  captureSignature: evidence.captureSignature,
  captureIndex: evidence.captureIndex,
  stableId: evidence.stableId,
  detailsRevision: evidence.detailsRevision,
  incidentId: incidents.id,
  // Need-to-know is decided by the incident: its categories and who recorded it.
  incidentDocument: incidents.document,
  incidentCreatedBy: incidents.createdBy
}

export function evidenceRepo(db: Db) {
  const base = () => db.select(columns).from(evidence).innerJoin(incidents, eq(incidents.seq, evidence.incidentSeq))
  return {
    insert(values: typeof evidence.$inferInsert): void {
      db.insert(evidence).values(values).run()
    },
    /** The next stable exhibit id of a year of ingest, SND-E-YYYY-NNNNNN; call inside the ingest transaction. */
    nextStableId: (year: string): string => `SND-E-${year}-${String(nextReference(db, `exhibit-${year}`)).padStart(6, '0')}`,
    byId: (id: string): EvidenceRow | undefined => base().where(eq(evidence.id, id)).get(),
    bySha256: (sha256: string): EvidenceRow[] => base().where(eq(evidence.sha256, sha256)).orderBy(asc(evidence.seq)).all(),
    byIncident: (incidentSeq: number): EvidenceRow[] =>
      base().where(eq(evidence.incidentSeq, incidentSeq)).orderBy(asc(evidence.seq)).all(),
    copy: (evidenceSeq: number, variant: string): CopyRow | undefined =>
      db
        .select()
        .from(evidenceCopies)
        .where(and(eq(evidenceCopies.evidenceSeq, evidenceSeq), eq(evidenceCopies.variant, variant)))
        .get(),
    insertCopy(values: typeof evidenceCopies.$inferInsert): void {
      db.insert(evidenceCopies).values(values).run()
    },
    /** Writes new descriptive details and their revision number (the caller checked the base revision in this transaction). */
    updateDetails(
      seq: number,
      set: Pick<typeof evidence.$inferInsert, 'description' | 'source' | 'collectedBy' | 'collectedAt' | 'detailsRevision'>
    ): void {
      db.update(evidence).set(set).where(eq(evidence.seq, seq)).run()
    },
    insertDetailRevision(values: typeof evidenceDetailRevisions.$inferInsert): void {
      db.insert(evidenceDetailRevisions).values(values).run()
    }
  }
}

export type LegacyTextRow = { id: string; mediaType: string; originalName: string; description: string | null }

/** Records whose original name or description predates sealing at rest (a one-off pass at start). */
export function legacyTextRepo(sqlite: Sqlite) {
  const update = sqlite.prepare('UPDATE evidence SET original_name = ?, description = ?, name = ? WHERE id = ?')
  return {
    unsealed(): LegacyTextRow[] {
      return sqlite
        .prepare(
          "SELECT id, media_type AS mediaType, original_name AS originalName, description FROM evidence WHERE original_name NOT LIKE 'sf1:%' OR (description IS NOT NULL AND description NOT LIKE 'sf1:%')"
        )
        .all() as LegacyTextRow[]
    },
    reseal(id: string, originalName: string, description: string | null, name: string): void {
      update.run(originalName, description, name, id)
    }
  }
}
