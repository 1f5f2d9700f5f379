import { and, asc, eq, gt, isNull, like, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { clearances, personConsents, personIdentityHistory, personIncidents, personInterviews, persons } from '../../db/identity-schema.ts'
import { incidents, referenceCounters } from '../../db/schema.ts'

export type PersonRow = typeof persons.$inferSelect
export type ConsentRow = typeof personConsents.$inferSelect
export type IdentityHistoryRow = typeof personIdentityHistory.$inferSelect
export type IncidentRef = { seq: number; id: string; reference: string; retractedAt: string | null; document: unknown; createdBy: string }
export type InterviewRow = typeof personInterviews.$inferSelect
/** A person's link to an incident in a role (active links only). */
export type LinkRef = { incident: IncidentRef; role: string; linkedAt: string; linkedBy: string }

const INCIDENT_REF = {
  seq: incidents.seq,
  id: incidents.id,
  reference: incidents.reference,
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
    /** The person this account recorded under this client id (never another account's). */
    byClientId(createdBy: string, clientId: string): PersonRow | undefined {
      return db
        .select()
        .from(persons)
        .where(and(eq(persons.createdBy, createdBy), eq(persons.clientId, clientId)))
        .get()
    },
    /** The persons linked to an incident, one item per link (a person in two roles comes twice), oldest link first. */
    ofIncident(incidentSeq: number): Array<{ row: PersonRow; role: string }> {
      return db
        .select({ row: persons, role: personIncidents.role })
        .from(personIncidents)
        .innerJoin(persons, eq(persons.seq, personIncidents.personSeq))
        .where(and(eq(personIncidents.incidentSeq, incidentSeq), isNull(personIncidents.removedAt)))
        .orderBy(asc(personIncidents.seq))
        .all()
    },
    /** Every active link of a person, oldest first (the first is the incident it was recorded in). */
    links(personSeq: number): LinkRef[] {
      return db
        .select({
          incident: INCIDENT_REF,
          role: personIncidents.role,
          linkedAt: personIncidents.linkedAt,
          linkedBy: personIncidents.linkedBy
        })
        .from(personIncidents)
        .innerJoin(incidents, eq(incidents.seq, personIncidents.incidentSeq))
        .where(and(eq(personIncidents.personSeq, personSeq), isNull(personIncidents.removedAt)))
        .orderBy(asc(personIncidents.seq))
        .all()
    },
    insertLink(values: typeof personIncidents.$inferInsert): void {
      db.insert(personIncidents).values(values).run()
    },
    insertInterview(values: typeof personInterviews.$inferInsert): void {
      db.insert(personInterviews).values(values).run()
    },
    interviews(personSeq: number): InterviewRow[] {
      return db.select().from(personInterviews).where(eq(personInterviews.personSeq, personSeq)).orderBy(asc(personInterviews.seq)).all()
    },
    /**
     * Persons whose pseudonym starts with `prefix` (upper case; only letters, digits and a hyphen, so
     * no LIKE wildcard), oldest first, after `afterSeq`: one batch of a search the service filters.
     */
    pseudonymBatch(prefix: string, afterSeq: number, size: number): PersonRow[] {
      return db
        .select()
        .from(persons)
        .where(and(like(persons.pseudonym, `${prefix}%`), gt(persons.seq, afterSeq)))
        .orderBy(asc(persons.seq))
        .limit(size)
        .all()
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
