import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { evidence, evidenceGraphicMarks, incidents, userPreferences } from '../../db/schema.ts'

export type ExhibitRef = {
  seq: number
  id: string
  sha256: string
  incidentSeq: number
  incidentDocument: unknown
  incidentCreatedBy: string
}
export type MarkRow = { graphic: boolean; actor: string; createdAt: string }

/** Queries of graphic marks and media preferences. Callers wrap writes in one transaction. */
export function graphicMediaRepo(db: Db) {
  return {
    exhibit(id: string): ExhibitRef | undefined {
      return db
        .select({
          seq: evidence.seq,
          id: evidence.id,
          sha256: evidence.sha256,
          incidentSeq: evidence.incidentSeq,
          incidentDocument: incidents.document,
          incidentCreatedBy: incidents.createdBy
        })
        .from(evidence)
        .innerJoin(incidents, eq(incidents.seq, evidence.incidentSeq))
        .where(eq(evidence.id, id))
        .get()
    },
    incident(id: string): { seq: number; document: unknown; createdBy: string } | undefined {
      return db
        .select({ seq: incidents.seq, document: incidents.document, createdBy: incidents.createdBy })
        .from(incidents)
        .where(eq(incidents.id, id))
        .get()
    },
    /** The latest mark of an exhibit, if it was ever marked. */
    latest(evidenceSeq: number): MarkRow | undefined {
      return db
        .select({ graphic: evidenceGraphicMarks.graphic, actor: evidenceGraphicMarks.actor, createdAt: evidenceGraphicMarks.createdAt })
        .from(evidenceGraphicMarks)
        .where(eq(evidenceGraphicMarks.evidenceSeq, evidenceSeq))
        .orderBy(desc(evidenceGraphicMarks.seq))
        .limit(1)
        .get()
    },
    /** Ids of an incident's exhibits whose latest mark says graphic. */
    graphicOfIncident(incidentSeq: number): string[] {
      const ids = db.select({ seq: evidence.seq, id: evidence.id }).from(evidence).where(eq(evidence.incidentSeq, incidentSeq)).all()
      if (ids.length === 0) return []
      const marks = db
        .select({ evidenceSeq: evidenceGraphicMarks.evidenceSeq, graphic: evidenceGraphicMarks.graphic })
        .from(evidenceGraphicMarks)
        .where(
          inArray(
            evidenceGraphicMarks.evidenceSeq,
            ids.map((r) => r.seq)
          )
        )
        .orderBy(evidenceGraphicMarks.seq)
        .all()
      const latest = new Map<number, boolean>()
      for (const m of marks) latest.set(m.evidenceSeq, m.graphic)
      return ids.filter((r) => latest.get(r.seq) === true).map((r) => r.id)
    },
    insertMark(values: typeof evidenceGraphicMarks.$inferInsert): void {
      db.insert(evidenceGraphicMarks).values(values).run()
    },
    preference(userSeq: number): boolean | undefined {
      return db
        .select({ keep: userPreferences.keepGraphicBlurred })
        .from(userPreferences)
        .where(and(eq(userPreferences.userSeq, userSeq)))
        .get()?.keep
    },
    setPreference(userSeq: number, keep: boolean, at: string): void {
      db.insert(userPreferences)
        .values({ userSeq, keepGraphicBlurred: keep, updatedAt: at })
        .onConflictDoUpdate({ target: userPreferences.userSeq, set: { keepGraphicBlurred: keep, updatedAt: at } })
        .run()
    }
  }
}
