import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { users } from '../../db/identity-schema.ts'
import { cases, caseIncidents, caseRevisions, dossiers, dossierExports, dossierDeliveries, incidents } from '../../db/schema.ts'

export type CaseRow = typeof cases.$inferSelect
export type DossierRow = typeof dossiers.$inferSelect
export type ExportRow = typeof dossierExports.$inferSelect
export type DeliveryRow = typeof dossierDeliveries.$inferSelect
export type CaseRevisionRow = typeof caseRevisions.$inferSelect

/** Drizzle queries for cases, dossiers and the export history. Callers wrap writes in one transaction. */
export function caseRepo(db: Db) {
  return {
    /**
     * Who signs a dossier's declaration: the account's staff code where accounts have one, else its
     * username (read whole, so a staff-code column is used as soon as it exists).
     */
    officerOf(userId: string): { code: string; role: string } | undefined {
      const row = db.select().from(users).where(eq(users.id, userId)).get() as
        | (Record<string, unknown> & { username: string; role: string })
        | undefined
      if (row === undefined) return undefined
      const staff = row.staffCode
      return { code: typeof staff === 'string' && staff !== '' ? staff : row.username, role: row.role }
    },

    insert(values: typeof cases.$inferInsert): CaseRow {
      return db.insert(cases).values(values).returning().get()
    },

    insertIncidents(caseSeq: number, incidentSeqs: number[]): void {
      if (incidentSeqs.length === 0) return
      // SQLite limits bound variables per statement: insert in slices.
      for (let i = 0; i < incidentSeqs.length; i += 200) {
        db.insert(caseIncidents)
          .values(incidentSeqs.slice(i, i + 200).map((incidentSeq, k) => ({ caseSeq, position: i + k, incidentSeq })))
          .run()
      }
    },

    byId(id: string): CaseRow | undefined {
      return db.select().from(cases).where(eq(cases.id, id)).get()
    },

    bySeq(seq: number): CaseRow | undefined {
      return db.select().from(cases).where(eq(cases.seq, seq)).get()
    },

    list(): CaseRow[] {
      return db.select().from(cases).orderBy(desc(cases.seq)).all()
    },

    /** The incident ids of a case, in order. */
    incidentIds(caseSeq: number): string[] {
      return db
        .select({ id: incidents.id })
        .from(caseIncidents)
        .innerJoin(incidents, eq(incidents.seq, caseIncidents.incidentSeq))
        .where(eq(caseIncidents.caseSeq, caseSeq))
        .orderBy(asc(caseIncidents.position))
        .all()
        .map((r) => r.id)
    },

    incidentRefs(ids: string[]): Array<{ seq: number; id: string; retractedAt: string | null }> {
      const out: Array<{ seq: number; id: string; retractedAt: string | null }> = []
      for (let i = 0; i < ids.length; i += 500) {
        out.push(
          ...db
            .select({ seq: incidents.seq, id: incidents.id, retractedAt: incidents.retractedAt })
            .from(incidents)
            .where(inArray(incidents.id, ids.slice(i, i + 500)))
            .all()
        )
      }
      return out
    },

    /** The current state of a revised case (the row keeps it; case_revisions keeps every one). */
    update(seq: number, values: Pick<typeof cases.$inferInsert, 'title' | 'recipient' | 'profile' | 'document' | 'revision'>): void {
      db.update(cases).set(values).where(eq(cases.seq, seq)).run()
    },

    insertRevision(values: typeof caseRevisions.$inferInsert): void {
      db.insert(caseRevisions).values(values).run()
    },

    revisions(caseSeq: number): CaseRevisionRow[] {
      return db.select().from(caseRevisions).where(eq(caseRevisions.caseSeq, caseSeq)).orderBy(asc(caseRevisions.revision)).all()
    },

    revision(caseSeq: number, revision: number): CaseRevisionRow | undefined {
      return db
        .select()
        .from(caseRevisions)
        .where(and(eq(caseRevisions.caseSeq, caseSeq), eq(caseRevisions.revision, revision)))
        .get()
    },

    insertDossier(values: typeof dossiers.$inferInsert): DossierRow {
      return db.insert(dossiers).values(values).returning().get()
    },

    dossierById(id: string): DossierRow | undefined {
      return db.select().from(dossiers).where(eq(dossiers.id, id)).get()
    },

    dossiersOf(caseSeq: number): DossierRow[] {
      return db.select().from(dossiers).where(eq(dossiers.caseSeq, caseSeq)).orderBy(desc(dossiers.seq)).all()
    },

    insertExport(values: typeof dossierExports.$inferInsert): void {
      db.insert(dossierExports).values(values).run()
    },

    exportOf(dossierSeq: number): ExportRow | undefined {
      return db.select().from(dossierExports).where(eq(dossierExports.dossierSeq, dossierSeq)).get()
    },

    insertDelivery(values: typeof dossierDeliveries.$inferInsert): DeliveryRow {
      return db.insert(dossierDeliveries).values(values).returning().get()
    },

    deliveriesOf(dossierSeq: number): DeliveryRow[] {
      return db
        .select()
        .from(dossierDeliveries)
        .where(eq(dossierDeliveries.dossierSeq, dossierSeq))
        .orderBy(asc(dossierDeliveries.seq))
        .all()
    }
  }
}

export type CaseRepo = ReturnType<typeof caseRepo>
