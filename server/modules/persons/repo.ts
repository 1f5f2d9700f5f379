import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { clearances, personConsents, personIdentityHistory, persons } from '../../db/identity-schema.ts'
import { incidents, referenceCounters } from '../../db/schema.ts'

export type PersonRow = typeof persons.$inferSelect
export type ConsentRow = typeof personConsents.$inferSelect
export type IdentityHistoryRow = typeof personIdentityHistory.$inferSelect
export type IncidentRef = { seq: number; id: string; retractedAt: string | null; document: unknown; createdBy: string }

const INCIDENT_REF = {
  seq: incidents.seq,
  id: incidents.id,
  retractedAt: incidents.retractedAt,
  document: incidents.document,
  createdBy: incidents.createdBy
}

/** Queries on persons, consent history and clearances. Callers wrap writes in one transaction. */
export function personRepo(db: Db) {
  return {
    incidentById(id: string): IncidentRef | undefined {
      return db.select(INCIDENT_REF).from(incidents).where(eq(incidents.id, id)).get()
    },
    incidentBySeq(seq: number): IncidentRef | undefined {
      return db.select(INCIDENT_REF).from(incidents).where(eq(incidents.seq, seq)).get()
    },
    /** Next number of a pseudonym series (W, V, S, P), shared counter table with references. */
    nextPseudonymNumber(prefix: string): number {
      const row = db
        .insert(referenceCounters)
        .values({ scope: `pseudonym-${prefix}`, next: 2 })
        .onConflictDoUpdate({ target: referenceCounters.scope, set: { next: sql`${referenceCounters.next} + 1` } })
        .returning({ next: referenceCounters.next })
        .get()
      return row.next - 1
    },
    insert(values: typeof persons.$inferInsert): PersonRow {
      return db.insert(persons).values(values).returning().get()
    },
    update(seq: number, values: Partial<typeof persons.$inferInsert>): void {
      db.update(persons).set(values).where(eq(persons.seq, seq)).run()
    },
    byId(id: string): PersonRow | undefined {
      return db.select().from(persons).where(eq(persons.id, id)).get()
    },
    ofIncident(incidentSeq: number): PersonRow[] {
      return db.select().from(persons).where(eq(persons.incidentSeq, incidentSeq)).orderBy(asc(persons.seq)).all()
    },
    all(): PersonRow[] {
      return db.select().from(persons).orderBy(asc(persons.seq)).all()
    },
    insertConsent(values: typeof personConsents.$inferInsert): void {
      db.insert(personConsents).values(values).run()
    },
    consents(personSeq: number): ConsentRow[] {
      return db.select().from(personConsents).where(eq(personConsents.personSeq, personSeq)).orderBy(asc(personConsents.seq)).all()
    },
    insertIdentityHistory(values: typeof personIdentityHistory.$inferInsert): void {
      db.insert(personIdentityHistory).values(values).run()
    },
    identityHistory(personSeq: number): IdentityHistoryRow[] {
      return db
        .select()
        .from(personIdentityHistory)
        .where(eq(personIdentityHistory.personSeq, personSeq))
        .orderBy(asc(personIdentityHistory.seq))
        .all()
    },
    hasClearance(userSeq: number, incidentSeq: number): boolean {
      return (
        db
          .select({ seq: clearances.seq })
          .from(clearances)
          .where(and(eq(clearances.userSeq, userSeq), eq(clearances.incidentSeq, incidentSeq), isNull(clearances.revokedAt)))
          .get() !== undefined
      )
    }
  }
}

export type PersonRepo = ReturnType<typeof personRepo>
