import { asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { custodyEvents, evidence, incidents } from '../../db/schema.ts'
import { users } from '../../db/identity-schema.ts'

export type CustodyEventRow = typeof custodyEvents.$inferSelect & { evidenceId: string }

/** The exhibit an event is about, with what need-to-know is decided by (its incident). */
export type CustodyExhibitRef = {
  seq: number
  id: string
  sha256: string
  incidentSeq: number
  incidentDocument: unknown
  incidentCreatedBy: string
  incidentRetractedAt: string | null
}

const columns = {
  seq: custodyEvents.seq,
  id: custodyEvents.id,
  evidenceSeq: custodyEvents.evidenceSeq,
  type: custodyEvents.type,
  occurredAt: custodyEvents.occurredAt,
  codes: custodyEvents.codes,
  itemSha256: custodyEvents.itemSha256,
  sealedEnc: custodyEvents.sealedEnc,
  sealedSalt: custodyEvents.sealedSalt,
  sealedDigest: custodyEvents.sealedDigest,
  recordedBy: custodyEvents.recordedBy,
  recordedAt: custodyEvents.recordedAt,
  contentSha256: custodyEvents.contentSha256,
  ledgerIndex: custodyEvents.ledgerIndex,
  evidenceId: evidence.id
}

/** Queries of custody events recorded by people. Callers wrap writes in one transaction. */
export function custodyRepo(db: Db) {
  const base = () => db.select(columns).from(custodyEvents).innerJoin(evidence, eq(evidence.seq, custodyEvents.evidenceSeq))
  return {
    exhibit(id: string): CustodyExhibitRef | undefined {
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
    insert(values: typeof custodyEvents.$inferInsert): void {
      db.insert(custodyEvents).values(values).run()
    },
    byId: (id: string): CustodyEventRow | undefined => base().where(eq(custodyEvents.id, id)).get(),
    ofExhibit: (evidenceSeq: number): CustodyEventRow[] =>
      base().where(eq(custodyEvents.evidenceSeq, evidenceSeq)).orderBy(asc(custodyEvents.seq)).all(),
    ofExhibitsById: (evidenceIds: string[]): CustodyEventRow[] =>
      evidenceIds.length === 0 ? [] : base().where(inArray(evidence.id, evidenceIds)).orderBy(asc(custodyEvents.seq)).all(),
    /** The account holding a staff code (staff codes are unique). */
    userByStaffCode: (code: string): { seq: number; id: string; role: string } | undefined =>
      db.select({ seq: users.seq, id: users.id, role: users.role }).from(users).where(eq(users.staffCode, code)).get(),
    staffCodeOf: (userSeq: number): string | null =>
      db.select({ staffCode: users.staffCode }).from(users).where(eq(users.seq, userSeq)).get()?.staffCode ?? null,
    /** Every account: id, staff code and role (the custodian register; never names). */
    accounts: (): Array<{ id: string; staffCode: string | null; role: string }> =>
      db.select({ id: users.id, staffCode: users.staffCode, role: users.role }).from(users).orderBy(asc(users.seq)).all()
  }
}
