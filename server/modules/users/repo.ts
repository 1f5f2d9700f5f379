import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/open.ts'
import { clearanceRequests, clearances, users } from '../../db/identity-schema.ts'
import { incidents } from '../../db/schema.ts'

export type ClearanceRequestState = 'pending' | 'approved' | 'rejected'

/** The clearance queries of the users feature (accounts themselves are server/auth/repo.ts). */
export function clearanceRepo(db: Db) {
  const target = alias(users, 'target')
  function requestRows() {
    return db
      .select({
        id: clearanceRequests.id,
        userId: target.id,
        incidentId: incidents.id,
        status: clearanceRequests.status,
        requestedAt: clearanceRequests.requestedAt,
        requestedBy: clearanceRequests.requestedBy,
        decidedAt: clearanceRequests.decidedAt,
        decidedBy: clearanceRequests.decidedBy,
        seq: clearanceRequests.seq,
        userSeq: clearanceRequests.userSeq,
        incidentSeq: clearanceRequests.incidentSeq
      })
      .from(clearanceRequests)
      .innerJoin(target, eq(target.seq, clearanceRequests.userSeq))
      .innerJoin(incidents, eq(incidents.seq, clearanceRequests.incidentSeq))
  }
  return {
    incidentSeq(incidentId: string): number | undefined {
      return db.select({ seq: incidents.seq }).from(incidents).where(eq(incidents.id, incidentId)).get()?.seq
    },
    activeClearance(userSeq: number, incidentSeq: number) {
      return db
        .select()
        .from(clearances)
        .where(and(eq(clearances.userSeq, userSeq), eq(clearances.incidentSeq, incidentSeq), isNull(clearances.revokedAt)))
        .get()
    },
    requestById(requestId: string) {
      return requestRows().where(eq(clearanceRequests.id, requestId)).get()
    },
    pendingRequest(userSeq: number, incidentSeq: number) {
      return requestRows()
        .where(
          and(
            eq(clearanceRequests.userSeq, userSeq),
            eq(clearanceRequests.incidentSeq, incidentSeq),
            eq(clearanceRequests.status, 'pending')
          )
        )
        .get()
    },
    requests(status?: ClearanceRequestState) {
      const q = requestRows()
      return (status ? q.where(eq(clearanceRequests.status, status)) : q).orderBy(asc(clearanceRequests.seq)).all()
    },
    insertRequest(row: { id: string; userSeq: number; incidentSeq: number; requestedAt: string; requestedBy: string }): void {
      db.insert(clearanceRequests)
        .values({ ...row, status: 'pending' })
        .run()
    },
    decideRequest(seq: number, status: 'approved' | 'rejected', at: string, actor: string): void {
      db.update(clearanceRequests).set({ status, decidedAt: at, decidedBy: actor }).where(eq(clearanceRequests.seq, seq)).run()
    },
    insertClearance(row: { userSeq: number; incidentSeq: number; grantedAt: string; grantedBy: string }): void {
      db.insert(clearances).values(row).run()
    },
    /** Revokes the active clearance; the number of rows changed (0: there was none). */
    revokeClearance(userSeq: number, incidentSeq: number, at: string, actor: string): number {
      return db
        .update(clearances)
        .set({ revokedAt: at, revokedBy: actor })
        .where(and(eq(clearances.userSeq, userSeq), eq(clearances.incidentSeq, incidentSeq), isNull(clearances.revokedAt)))
        .run().changes
    },
    clearancesOf(userSeq: number) {
      return db
        .select({
          incidentId: incidents.id,
          incidentReference: incidents.reference,
          grantedAt: clearances.grantedAt,
          grantedBy: clearances.grantedBy,
          revokedAt: clearances.revokedAt,
          revokedBy: clearances.revokedBy
        })
        .from(clearances)
        .innerJoin(incidents, eq(incidents.seq, clearances.incidentSeq))
        .where(eq(clearances.userSeq, userSeq))
        .orderBy(asc(clearances.seq))
        .all()
    },
    /** Incidents whose reference contains `q` (any case), newest first: ids and references only. */
    incidentsByReference(q: string, limit: number) {
      const pattern = `%${q.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      return db
        .select({ id: incidents.id, reference: incidents.reference })
        .from(incidents)
        .where(sql`upper(${incidents.reference}) like ${pattern} escape '\\'`)
        .orderBy(desc(incidents.seq))
        .limit(limit)
        .all()
    }
  }
}

export type ClearanceRequestRow = NonNullable<ReturnType<ReturnType<typeof clearanceRepo>['requestById']>>
