import { randomBytes, randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { allows, type Role } from '../../auth/permissions.ts'
import type { Comment, CommentInput, Notification } from '../../types/schemas.ts'
import { mayReadIncident } from '../../lib/protection/need-to-know.ts'
import { decryptField, encryptField, fieldKey, type FieldContext } from '../../lib/crypto/field-crypto.ts'
import { mentionHandles } from '../../lib/text/mentions.ts'
import { commentBodyDigest, commentContentSha256 } from '../../lib/analysis/comment-content.ts'
import { commentsRepo, type CommentRow, type IncidentRef } from './repo.ts'

export type CommentsDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  /** Seals the comment's text at rest (a field envelope bound to the comment). */
  master: Buffer
  /** Whether an account holds a clearance for an incident (by row numbers). */
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
  now?: () => Date
}

/** Where a comment's envelope lives: key rotation re-seals it under the same context. */
export const COMMENT_CONTEXT = (id: string): FieldContext => ({ table: 'comments', column: 'body', rowId: id })

/** Most notifications listed at once (the newest). */
export const NOTIFICATION_LIMIT = 100

/**
 * Comments on incidents and exhibits, and the notifications their @mentions make (#19 item 7). A
 * comment follows need-to-know: who may not read the incident may neither read nor post its comments,
 * and is never notified by one. The text is sealed at rest and never reaches the ledger, whose entry
 * carries ids, a count and the content hash. A notification names the actor and the incident's
 * reference, never the text.
 */
export function commentsService(deps: CommentsDeps) {
  const repo = commentsRepo(deps.db)
  const key = fieldKey(deps.master)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  const mayRead = (incident: Pick<IncidentRef, 'seq' | 'document' | 'createdBy'>, viewer: Viewer): boolean =>
    mayReadIncident(incident, viewer.actor, () => deps.hasClearance(viewer.userSeq, incident.seq))

  function mustRead(incidentId: string, viewer: Viewer): IncidentRef {
    const incident = repo.incident(incidentId)
    if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    if (!mayRead(incident, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
    return incident
  }

  function exhibitOf(incident: IncidentRef, evidenceId: string | undefined): { seq: number; id: string } | undefined {
    if (evidenceId === undefined) return undefined
    const ex = repo.exhibit(evidenceId)
    if (!ex || ex.incidentSeq !== incident.seq)
      fail('SANAD_ERR_EVIDENCE_NOT_FOUND', 'No such exhibit of this incident.', { field: 'evidenceId' })
    return ex
  }

  /** The accounts a text mentions that may read the incident (active, a reading role, past need-to-know), not the author. */
  function notifiable(body: string, incident: IncidentRef, author: Viewer): Viewer[] {
    const out: Viewer[] = []
    for (const a of repo.accountsByHandles(mentionHandles(body))) {
      const viewer: Viewer = { userSeq: a.seq, role: a.role as Role, actor: `user:${a.id}` }
      if (a.disabledAt !== null || viewer.actor === author.actor) continue
      if (!allows(viewer.role, 'incident:read') || !mayRead(incident, viewer)) continue
      out.push(viewer)
    }
    return out
  }

  function present(row: CommentRow, incidentId: string): Comment {
    return {
      id: row.id,
      incidentId,
      ...(row.evidenceId ? { evidenceId: row.evidenceId } : {}),
      author: row.author,
      body: decryptField(key, COMMENT_CONTEXT(row.id), row.bodyEnc),
      mentions: row.mentions as string[],
      createdAt: row.createdAt,
      ledgerIndex: row.ledgerIndex,
      contentSha256: row.contentSha256
    }
  }

  return {
    post(incidentId: string, input: CommentInput, viewer: Viewer): Comment {
      const id = randomUUID()
      const at = now()
      const salt = randomBytes(16).toString('hex')
      const digest = commentBodyDigest(salt, input.body)
      return deps.sqlite
        .transaction(() => {
          const incident = mustRead(incidentId, viewer)
          const ex = exhibitOf(incident, input.evidenceId)
          const recipients = notifiable(input.body, incident, viewer)
          const mentions = recipients.map((r) => r.actor).sort()
          const content = commentContentSha256({
            id,
            incidentId: incident.id,
            evidenceId: ex?.id ?? null,
            author: viewer.actor,
            bodyDigest: digest,
            mentions,
            createdAt: at
          })
          const { index } = deps.ledger.append({
            type: 'comment-posted',
            actor: viewer.actor,
            subject: { kind: 'incident', id: incident.id },
            details: { comment: id, ...(ex ? { evidence: ex.id } : {}), mentions: mentions.length, contentSha256: content }
          })
          repo.insertComment({
            id,
            incidentSeq: incident.seq,
            evidenceSeq: ex?.seq ?? null,
            author: viewer.actor,
            bodyEnc: encryptField(key, COMMENT_CONTEXT(id), input.body),
            bodySalt: salt,
            bodyDigest: digest,
            mentions,
            createdAt: at,
            contentSha256: content,
            ledgerIndex: index
          })
          for (const r of recipients) {
            repo.insertNotification({
              id: randomUUID(),
              userSeq: r.userSeq,
              kind: 'mention',
              actor: viewer.actor,
              incidentSeq: incident.seq,
              evidenceSeq: ex?.seq ?? null,
              commentId: id,
              createdAt: at
            })
          }
          const saved = repo.commentById(id)
          if (!saved) fail('SANAD_ERR_INTERNAL')
          return present(saved, incident.id)
        })
        .immediate()
    },

    list(incidentId: string, viewer: Viewer, evidenceId?: string): { items: Comment[] } {
      const incident = mustRead(incidentId, viewer)
      const ex = exhibitOf(incident, evidenceId)
      return { items: repo.commentsOf(incident.seq, ex?.seq).map((r) => present(r, incident.id)) }
    },

    /** The viewer's newest notifications and how many are unread; any they may no longer read are left out. */
    notifications(viewer: Viewer): { items: Notification[]; unread: number } {
      const items: Notification[] = []
      for (const n of repo.notificationsOf(viewer.userSeq, NOTIFICATION_LIMIT)) {
        if (!allows(viewer.role, 'incident:read')) continue
        if (!mayRead({ seq: n.incidentSeq, document: n.incidentDocument, createdBy: n.incidentCreatedBy }, viewer)) continue
        items.push({
          id: n.id,
          kind: n.kind as Notification['kind'],
          actor: n.actor,
          incidentId: n.incidentId,
          incidentReference: n.incidentReference,
          ...(n.evidenceId ? { evidenceId: n.evidenceId } : {}),
          ...(n.evidenceStableId ? { evidenceStableId: n.evidenceStableId } : {}),
          commentId: n.commentId,
          createdAt: n.createdAt,
          read: n.readAt !== null
        })
      }
      return { items, unread: items.filter((n) => !n.read).length }
    },

    /** Marks one notification of the viewer's (or, without an id, all of them) read. */
    markRead(viewer: Viewer, id?: string): { marked: number } {
      if (id !== undefined && !repo.notificationExists(viewer.userSeq, id)) fail('SANAD_ERR_NOT_FOUND', 'No such notification of yours.')
      return { marked: repo.markRead(viewer.userSeq, now(), id) }
    }
  }
}

export type CommentsService = ReturnType<typeof commentsService>
