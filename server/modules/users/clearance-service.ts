import { randomUUID } from 'node:crypto'
import { fail } from '../../errors.ts'
import { authRepo, type UserRow } from '../../auth/repo.ts'
import type { UsersDeps } from './service.ts'
import { clearanceRepo, type ClearanceRequestRow as RequestRow, type ClearanceRequestState } from './repo.ts'

export type ClearanceView = {
  incidentId: string
  incidentReference?: string
  grantedAt: string
  grantedBy: string
  revokedAt: string | null
  revokedBy: string | null
}
export type ClearanceRequestStatus = ClearanceRequestState
export type ClearanceRequestView = {
  id: string
  userId: string
  incidentId: string
  status: ClearanceRequestStatus
  requestedAt: string
  requestedBy: string
  decidedAt: string | null
  decidedBy: string | null
}
/** What granting did: made the clearance effective at once (the only active admin) or asked another admin. */
export type GrantOutcome = { status: 'effective'; clearance: ClearanceView } | { status: 'pending'; request: ClearanceRequestView }

/**
 * Need-to-know clearances with four eyes. While two or more admins are active, granting only files a
 * request (`clearance-requested`); it takes effect when another admin approves it (`clearance-approved`)
 * — never the one who asked, never the account being cleared. A sole admin's grant takes effect at once
 * (`clearance-granted`) and is flagged in the auditors' sensitive-actions list. Nobody clears themself.
 * Ledger entries carry ids only.
 */
export function clearanceService(deps: UsersDeps) {
  const repo = authRepo(deps.db)
  const clearanceRows = clearanceRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function mustUser(id: string): UserRow {
    const row = repo.userById(id)
    if (!row) fail('SANAD_ERR_USER_NOT_FOUND')
    return row
  }
  function incidentSeq(incidentId: string): number {
    const seq = clearanceRows.incidentSeq(incidentId)
    if (seq === undefined) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return seq
  }
  const activeClearance = clearanceRows.activeClearance
  function requestView(r: RequestRow): ClearanceRequestView {
    return {
      id: r.id,
      userId: r.userId,
      incidentId: r.incidentId,
      status: r.status as ClearanceRequestStatus,
      requestedAt: r.requestedAt,
      requestedBy: r.requestedBy,
      decidedAt: r.decidedAt,
      decidedBy: r.decidedBy
    }
  }
  function mustPending(requestId: string): RequestRow {
    const row = clearanceRows.requestById(requestId)
    if (!row) fail('SANAD_ERR_NOT_FOUND', 'No such clearance request.')
    if (row.status !== 'pending') fail('SANAD_ERR_CLEARANCE_DECIDED')
    return row
  }

  return {
    grantClearance(userId: string, incidentId: string, actor: string): GrantOutcome {
      return deps.sqlite
        .transaction((): GrantOutcome => {
          const user = mustUser(userId)
          if (actor === `user:${user.id}`) fail('SANAD_ERR_FORBIDDEN', 'Nobody can clear themself; another admin must ask for it.')
          const seq = incidentSeq(incidentId)
          const active = activeClearance(user.seq, seq)
          if (active)
            return {
              status: 'effective',
              clearance: { incidentId, grantedAt: active.grantedAt, grantedBy: active.grantedBy, revokedAt: null, revokedBy: null }
            }
          const at = now()
          if (repo.countActiveAdmins() >= 2) {
            const pending = clearanceRows.pendingRequest(user.seq, seq)
            if (pending) return { status: 'pending', request: requestView(pending) }
            const id = randomUUID()
            clearanceRows.insertRequest({ id, userSeq: user.seq, incidentSeq: seq, requestedAt: at, requestedBy: actor })
            deps.ledger.append({
              type: 'clearance-requested',
              actor,
              subject: { kind: 'user', id: user.id },
              details: { incident: incidentId, request: id }
            })
            return {
              status: 'pending',
              request: {
                id,
                userId: user.id,
                incidentId,
                status: 'pending',
                requestedAt: at,
                requestedBy: actor,
                decidedAt: null,
                decidedBy: null
              }
            }
          }
          clearanceRows.insertClearance({ userSeq: user.seq, incidentSeq: seq, grantedAt: at, grantedBy: actor })
          deps.ledger.append({
            type: 'clearance-granted',
            actor,
            subject: { kind: 'user', id: user.id },
            details: { incident: incidentId, approval: 'single-admin' }
          })
          return { status: 'effective', clearance: { incidentId, grantedAt: at, grantedBy: actor, revokedAt: null, revokedBy: null } }
        })
        .immediate()
    },

    /** A second admin makes a pending request effective: not the one who asked, not the account cleared. */
    approveClearance(requestId: string, actor: string): ClearanceView {
      return deps.sqlite
        .transaction((): ClearanceView => {
          const request = mustPending(requestId)
          if (actor === request.requestedBy) fail('SANAD_ERR_FORBIDDEN', 'Another admin must approve a clearance you asked for.')
          if (actor === `user:${request.userId}`) fail('SANAD_ERR_FORBIDDEN', 'Nobody can approve their own clearance.')
          const at = now()
          clearanceRows.decideRequest(request.seq, 'approved', at, actor)
          const active = activeClearance(request.userSeq, request.incidentSeq)
          if (!active)
            clearanceRows.insertClearance({
              userSeq: request.userSeq,
              incidentSeq: request.incidentSeq,
              grantedAt: at,
              grantedBy: request.requestedBy
            })
          deps.ledger.append({
            type: 'clearance-approved',
            actor,
            subject: { kind: 'user', id: request.userId },
            details: { incident: request.incidentId, request: request.id }
          })
          return active
            ? { incidentId: request.incidentId, grantedAt: active.grantedAt, grantedBy: active.grantedBy, revokedAt: null, revokedBy: null }
            : { incidentId: request.incidentId, grantedAt: at, grantedBy: request.requestedBy, revokedAt: null, revokedBy: null }
        })
        .immediate()
    },

    /** Any admin may reject a pending request; the one who asked thereby withdraws it. */
    rejectClearance(requestId: string, actor: string): ClearanceRequestView {
      return deps.sqlite
        .transaction((): ClearanceRequestView => {
          const request = mustPending(requestId)
          const at = now()
          clearanceRows.decideRequest(request.seq, 'rejected', at, actor)
          deps.ledger.append({
            type: 'clearance-rejected',
            actor,
            subject: { kind: 'user', id: request.userId },
            details: { incident: request.incidentId, request: request.id }
          })
          return { ...requestView(request), status: 'rejected', decidedAt: at, decidedBy: actor }
        })
        .immediate()
    },

    clearanceRequests(status?: ClearanceRequestStatus): ClearanceRequestView[] {
      return clearanceRows.requests(status).map(requestView)
    },

    revokeClearance(userId: string, incidentId: string, actor: string): void {
      deps.sqlite.transaction(() => {
        const user = mustUser(userId)
        const seq = incidentSeq(incidentId)
        const changed = clearanceRows.revokeClearance(user.seq, seq, now(), actor)
        if (changed === 0) fail('SANAD_ERR_NOT_FOUND', 'The user holds no clearance for that incident.')
        deps.ledger.append({ type: 'clearance-revoked', actor, subject: { kind: 'user', id: user.id }, details: { incident: incidentId } })
      })()
    },

    clearances(userId: string): ClearanceView[] {
      const user = mustUser(userId)
      return clearanceRows.clearancesOf(user.seq)
    },
    /**
     * Incidents an admin may clear an account for, found by reference. Only ids and references: admins
     * see no records, and a title may name a person (the reviewer asking for the clearance gives the
     * reference).
     */
    clearanceCandidates(q: string): Array<{ id: string; reference: string }> {
      const text = q.trim()
      if (text === '') return []
      return clearanceRows.incidentsByReference(text, 20)
    }
  }
}
