import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { fail } from '../../errors.ts'
import { clearanceRequests, clearances, users } from '../../db/identity-schema.ts'
import { incidents } from '../../db/schema.ts'
import { authRepo, type UserRow } from '../../auth/repo.ts'
import type { UsersDeps } from './service.ts'

export type ClearanceView = { incidentId: string, grantedAt: string, grantedBy: string, revokedAt: string | null, revokedBy: string | null }
export type ClearanceRequestStatus = 'pending' | 'approved' | 'rejected'
export type ClearanceRequestView = {
  id: string, userId: string, incidentId: string, status: ClearanceRequestStatus,
  requestedAt: string, requestedBy: string, decidedAt: string | null, decidedBy: string | null
}
/** What granting did: made the clearance effective at once (the only active admin) or asked another admin. */
export type GrantOutcome =
  | { status: 'effective', clearance: ClearanceView }
  | { status: 'pending', request: ClearanceRequestView }

/**
 * Need-to-know clearances with four eyes. While two or more admins are active, granting only files a
 * request (`clearance-requested`); it takes effect when another admin approves it (`clearance-approved`)
 * — never the one who asked, never the account being cleared. A sole admin's grant takes effect at once
 * (`clearance-granted`) and is flagged in the auditors' sensitive-actions list. Nobody clears themself.
 * Ledger entries carry ids only.
 */
export function clearanceService (deps: UsersDeps) {
  const repo = authRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()
  const target = alias(users, 'target')

  function mustUser (id: string): UserRow {
    const row = repo.userById(id)
    if (!row) fail('SANAD_ERR_USER_NOT_FOUND')
    return row
  }
  function incidentSeq (incidentId: string): number {
    const row = deps.db.select({ seq: incidents.seq }).from(incidents).where(eq(incidents.id, incidentId)).get()
    if (!row) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return row.seq
  }
  function activeClearance (userSeq: number, seq: number) {
    return deps.db.select().from(clearances)
      .where(and(eq(clearances.userSeq, userSeq), eq(clearances.incidentSeq, seq), isNull(clearances.revokedAt))).get()
  }
  function requestRows () {
    return deps.db.select({
      id: clearanceRequests.id, userId: target.id, incidentId: incidents.id, status: clearanceRequests.status,
      requestedAt: clearanceRequests.requestedAt, requestedBy: clearanceRequests.requestedBy,
      decidedAt: clearanceRequests.decidedAt, decidedBy: clearanceRequests.decidedBy,
      seq: clearanceRequests.seq, userSeq: clearanceRequests.userSeq, incidentSeq: clearanceRequests.incidentSeq
    }).from(clearanceRequests)
      .innerJoin(target, eq(target.seq, clearanceRequests.userSeq))
      .innerJoin(incidents, eq(incidents.seq, clearanceRequests.incidentSeq))
  }
  type RequestRow = NonNullable<ReturnType<ReturnType<typeof requestRows>['get']>>
  function requestView (r: RequestRow): ClearanceRequestView {
    return { id: r.id, userId: r.userId, incidentId: r.incidentId, status: r.status as ClearanceRequestStatus, requestedAt: r.requestedAt, requestedBy: r.requestedBy, decidedAt: r.decidedAt, decidedBy: r.decidedBy }
  }
  function mustPending (requestId: string): RequestRow {
    const row = requestRows().where(eq(clearanceRequests.id, requestId)).get()
    if (!row) fail('SANAD_ERR_NOT_FOUND', 'No such clearance request.')
    if (row.status !== 'pending') fail('SANAD_ERR_CLEARANCE_DECIDED')
    return row
  }

  return {
    grantClearance (userId: string, incidentId: string, actor: string): GrantOutcome {
      return deps.sqlite.transaction((): GrantOutcome => {
        const user = mustUser(userId)
        if (actor === `user:${user.id}`) fail('SANAD_ERR_FORBIDDEN', 'Nobody can clear themself; another admin must ask for it.')
        const seq = incidentSeq(incidentId)
        const active = activeClearance(user.seq, seq)
        if (active) return { status: 'effective', clearance: { incidentId, grantedAt: active.grantedAt, grantedBy: active.grantedBy, revokedAt: null, revokedBy: null } }
        const at = now()
        if (repo.countActiveAdmins() >= 2) {
          const pending = requestRows().where(and(eq(clearanceRequests.userSeq, user.seq), eq(clearanceRequests.incidentSeq, seq), eq(clearanceRequests.status, 'pending'))).get()
          if (pending) return { status: 'pending', request: requestView(pending) }
          const id = randomUUID()
          deps.db.insert(clearanceRequests).values({ id, userSeq: user.seq, incidentSeq: seq, requestedAt: at, requestedBy: actor, status: 'pending' }).run()
          deps.ledger.append({ type: 'clearance-requested', actor, subject: { kind: 'user', id: user.id }, details: { incident: incidentId, request: id } })
          return { status: 'pending', request: { id, userId: user.id, incidentId, status: 'pending', requestedAt: at, requestedBy: actor, decidedAt: null, decidedBy: null } }
        }
        deps.db.insert(clearances).values({ userSeq: user.seq, incidentSeq: seq, grantedAt: at, grantedBy: actor }).run()
        deps.ledger.append({ type: 'clearance-granted', actor, subject: { kind: 'user', id: user.id }, details: { incident: incidentId, approval: 'single-admin' } })
        return { status: 'effective', clearance: { incidentId, grantedAt: at, grantedBy: actor, revokedAt: null, revokedBy: null } }
      }).immediate()
    },

    /** A second admin makes a pending request effective: not the one who asked, not the account cleared. */
    approveClearance (requestId: string, actor: string): ClearanceView {
      return deps.sqlite.transaction((): ClearanceView => {
        const request = mustPending(requestId)
        if (actor === request.requestedBy) fail('SANAD_ERR_FORBIDDEN', 'Another admin must approve a clearance you asked for.')
        if (actor === `user:${request.userId}`) fail('SANAD_ERR_FORBIDDEN', 'Nobody can approve their own clearance.')
        const at = now()
        deps.db.update(clearanceRequests).set({ status: 'approved', decidedAt: at, decidedBy: actor }).where(eq(clearanceRequests.seq, request.seq)).run()
        const active = activeClearance(request.userSeq, request.incidentSeq)
        if (!active) deps.db.insert(clearances).values({ userSeq: request.userSeq, incidentSeq: request.incidentSeq, grantedAt: at, grantedBy: request.requestedBy }).run()
        deps.ledger.append({ type: 'clearance-approved', actor, subject: { kind: 'user', id: request.userId }, details: { incident: request.incidentId, request: request.id } })
        return active
          ? { incidentId: request.incidentId, grantedAt: active.grantedAt, grantedBy: active.grantedBy, revokedAt: null, revokedBy: null }
          : { incidentId: request.incidentId, grantedAt: at, grantedBy: request.requestedBy, revokedAt: null, revokedBy: null }
      }).immediate()
    },

    /** Any admin may reject a pending request; the one who asked thereby withdraws it. */
    rejectClearance (requestId: string, actor: string): ClearanceRequestView {
      return deps.sqlite.transaction((): ClearanceRequestView => {
        const request = mustPending(requestId)
        const at = now()
        deps.db.update(clearanceRequests).set({ status: 'rejected', decidedAt: at, decidedBy: actor }).where(eq(clearanceRequests.seq, request.seq)).run()
        deps.ledger.append({ type: 'clearance-rejected', actor, subject: { kind: 'user', id: request.userId }, details: { incident: request.incidentId, request: request.id } })
        return { ...requestView(request), status: 'rejected', decidedAt: at, decidedBy: actor }
      }).immediate()
    },

    clearanceRequests (status?: ClearanceRequestStatus): ClearanceRequestView[] {
      const q = requestRows()
      return (status ? q.where(eq(clearanceRequests.status, status)) : q).orderBy(asc(clearanceRequests.seq)).all().map(requestView)
    },

    revokeClearance (userId: string, incidentId: string, actor: string): void {
      deps.sqlite.transaction(() => {
        const user = mustUser(userId)
        const seq = incidentSeq(incidentId)
        const changed = deps.db.update(clearances).set({ revokedAt: now(), revokedBy: actor })
          .where(and(eq(clearances.userSeq, user.seq), eq(clearances.incidentSeq, seq), isNull(clearances.revokedAt))).run().changes
        if (changed === 0) fail('SANAD_ERR_NOT_FOUND', 'The user holds no clearance for that incident.')
        deps.ledger.append({ type: 'clearance-revoked', actor, subject: { kind: 'user', id: user.id }, details: { incident: incidentId } })
      })()
    },

    clearances (userId: string): ClearanceView[] {
      const user = mustUser(userId)
      return deps.db.select({
        incidentId: incidents.id, grantedAt: clearances.grantedAt, grantedBy: clearances.grantedBy,
        revokedAt: clearances.revokedAt, revokedBy: clearances.revokedBy
      }).from(clearances).innerJoin(incidents, eq(incidents.seq, clearances.incidentSeq))
        .where(eq(clearances.userSeq, user.seq)).orderBy(asc(clearances.seq)).all()
    }
  }
}
