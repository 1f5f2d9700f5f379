import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { caseIncidents, cases, evidence, incidents, recipientReferenceImports } from '../../db/schema.ts'
import type { RecipientReference } from '../../lib/export/recipient-references.ts'

export type ImportRow = {
  seq: number
  references: RecipientReference[]
  actor: string
  createdAt: string
  ledgerIndex: number
}
export type CaseExhibit = { stableId: string; incidentSeq: number; incidentDocument: unknown; incidentCreatedBy: string }

/** Queries of recipient reference imports. Callers wrap writes in one transaction. */
export function recipientReferencesRepo(db: Db) {
  return {
    caseOf(id: string): { seq: number; id: string } | undefined {
      return db.select({ seq: cases.seq, id: cases.id }).from(cases).where(eq(cases.id, id)).get()
    },
    /** The exhibits of the case's incidents with the given stable ids (absent: not in the case). */
    exhibitsOfCase(caseSeq: number, stableIds: readonly string[]): Map<string, CaseExhibit> {
      const out = new Map<string, CaseExhibit>()
      if (stableIds.length === 0) return out
      const rows = db
        .select({
          stableId: evidence.stableId,
          incidentSeq: evidence.incidentSeq,
          incidentDocument: incidents.document,
          incidentCreatedBy: incidents.createdBy
        })
        .from(evidence)
        .innerJoin(incidents, eq(incidents.seq, evidence.incidentSeq))
        .innerJoin(caseIncidents, eq(caseIncidents.incidentSeq, evidence.incidentSeq))
        .where(eq(caseIncidents.caseSeq, caseSeq))
        .all()
      const wanted = new Set(stableIds)
      for (const r of rows) if (r.stableId !== null && wanted.has(r.stableId)) out.set(r.stableId, { ...r, stableId: r.stableId })
      return out
    },
    imports(caseSeq: number): ImportRow[] {
      return db
        .select({
          seq: recipientReferenceImports.seq,
          content: recipientReferenceImports.content,
          actor: recipientReferenceImports.actor,
          createdAt: recipientReferenceImports.createdAt,
          ledgerIndex: recipientReferenceImports.ledgerIndex
        })
        .from(recipientReferenceImports)
        .where(eq(recipientReferenceImports.caseSeq, caseSeq))
        .orderBy(asc(recipientReferenceImports.seq))
        .all()
        .map(({ content, ...r }) => ({ ...r, references: (JSON.parse(content) as { references: RecipientReference[] }).references }))
    },
    /** Imports of several cases by case id (for dossiers). */
    importsOfCaseId(caseId: string): ImportRow[] {
      const c = db.select({ seq: cases.seq }).from(cases).where(eq(cases.id, caseId)).get()
      return c === undefined ? [] : this.imports(c.seq)
    },
    insert(row: typeof recipientReferenceImports.$inferInsert): number {
      return db.insert(recipientReferenceImports).values(row).returning({ seq: recipientReferenceImports.seq }).get().seq
    }
  }
}
