import { and, asc, desc, eq, isNull, inArray } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { contextAssessments, evidence, incidentFacets, incidents, patterns, patternRevisions } from '../../db/schema.ts'
import { nextReference } from '../../db/references.ts'

export type PatternRow = typeof patterns.$inferSelect
export type AssessmentRow = typeof contextAssessments.$inferSelect
/** A member incident with what the rules and the scale need. */
export type MemberRow = {
  seq: number
  id: string
  reference: string
  title: string
  province: string
  occurredFrom: string
  occurredTo: string
  document: unknown
  createdBy: string
}

export function patternRepo(db: Db) {
  return {
    nextReference: (scope: string): number => nextReference(db, scope),
    insert(values: typeof patterns.$inferInsert): PatternRow {
      return db.insert(patterns).values(values).returning().get()
    },
    update(seq: number, values: Partial<typeof patterns.$inferInsert>): void {
      db.update(patterns).set(values).where(eq(patterns.seq, seq)).run()
    },
    insertRevision(values: typeof patternRevisions.$inferInsert): void {
      db.insert(patternRevisions).values(values).run()
    },
    byId(id: string): PatternRow | undefined {
      return db.select().from(patterns).where(eq(patterns.id, id)).get()
    },
    bySeq(seq: number): PatternRow | undefined {
      return db.select().from(patterns).where(eq(patterns.seq, seq)).get()
    },
    list(): PatternRow[] {
      return db.select().from(patterns).orderBy(desc(patterns.seq)).all()
    },
    /** Incidents that name the pattern (their `pattern` facet), retracted ones left out, oldest first. */
    members(patternId: string): MemberRow[] {
      return db
        .select({
          seq: incidents.seq,
          id: incidents.id,
          reference: incidents.reference,
          title: incidents.title,
          province: incidents.province,
          occurredFrom: incidents.occurredFrom,
          occurredTo: incidents.occurredTo,
          document: incidents.document,
          createdBy: incidents.createdBy
        })
        .from(incidentFacets)
        .innerJoin(incidents, eq(incidents.seq, incidentFacets.incidentSeq))
        .where(and(eq(incidentFacets.facet, 'pattern'), eq(incidentFacets.value, patternId), isNull(incidents.retractedAt)))
        .orderBy(asc(incidents.occurredFrom), asc(incidents.seq))
        .all()
    },
    insertAssessment(values: typeof contextAssessments.$inferInsert): void {
      db.insert(contextAssessments).values(values).run()
    },
    /** A pattern's own assessments (no incident), oldest first. */
    patternAssessments(patternSeq: number): AssessmentRow[] {
      return db
        .select()
        .from(contextAssessments)
        .where(and(eq(contextAssessments.patternSeq, patternSeq), isNull(contextAssessments.incidentSeq)))
        .orderBy(asc(contextAssessments.seq))
        .all()
    },
    /** An incident's overrides of a pattern's assessments, oldest first. */
    overrides(patternSeq: number, incidentSeq: number): AssessmentRow[] {
      return db
        .select()
        .from(contextAssessments)
        .where(and(eq(contextAssessments.patternSeq, patternSeq), eq(contextAssessments.incidentSeq, incidentSeq)))
        .orderBy(asc(contextAssessments.seq))
        .all()
    },
    /** Every assessment with its pattern's and incident's ids, for npm run verify and tests. */
    allAssessments(): Array<AssessmentRow & { patternId: string; incidentId: string | null }> {
      return db
        .select({ row: contextAssessments, patternId: patterns.id, incidentId: incidents.id })
        .from(contextAssessments)
        .innerJoin(patterns, eq(patterns.seq, contextAssessments.patternSeq))
        .leftJoin(incidents, eq(incidents.seq, contextAssessments.incidentSeq))
        .orderBy(asc(contextAssessments.seq))
        .all()
        .map((r) => ({ ...r.row, patternId: r.patternId, incidentId: r.incidentId }))
    },
    /** Exhibits by id with their incident (for the reader's right to name them). */
    exhibits(ids: readonly string[]): Array<{ id: string; incidentSeq: number; document: unknown; createdBy: string }> {
      if (ids.length === 0) return []
      return db
        .select({ id: evidence.id, incidentSeq: evidence.incidentSeq, document: incidents.document, createdBy: incidents.createdBy })
        .from(evidence)
        .innerJoin(incidents, eq(incidents.seq, evidence.incidentSeq))
        .where(inArray(evidence.id, [...ids]))
        .all()
    }
  }
}
