import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { comments, evidence, incidents, notifications } from '../../db/schema.ts'
import { users } from '../../db/identity-schema.ts'

/** What need-to-know is decided by, and what a notification may name: an incident's ids, document and recorder. */
export type IncidentRef = { seq: number; id: string; reference: string; document: unknown; createdBy: string }
export type ExhibitRef = { seq: number; id: string; stableId: string | null; incidentSeq: number }
export type AccountRef = { seq: number; id: string; role: string; disabledAt: string | null }
export type CommentRow = typeof comments.$inferSelect & { evidenceId: string | null }
export type NotificationRow = {
  id: string
  kind: string
  actor: string
  commentId: string
  createdAt: string
  readAt: string | null
  incidentSeq: number
  incidentId: string
  incidentReference: string
  incidentDocument: unknown
  incidentCreatedBy: string
  evidenceId: string | null
  evidenceStableId: string | null
}

/** Queries of comments and notifications. Callers wrap writes in one transaction. */
export function commentsRepo(db: Db) {
  const commentColumns = {
    seq: comments.seq,
    id: comments.id,
    incidentSeq: comments.incidentSeq,
    evidenceSeq: comments.evidenceSeq,
    author: comments.author,
    bodyEnc: comments.bodyEnc,
    bodySalt: comments.bodySalt,
    bodyDigest: comments.bodyDigest,
    mentions: comments.mentions,
    createdAt: comments.createdAt,
    contentSha256: comments.contentSha256,
    ledgerIndex: comments.ledgerIndex,
    evidenceId: evidence.id
  }
  const commentBase = () => db.select(commentColumns).from(comments).leftJoin(evidence, eq(evidence.seq, comments.evidenceSeq))
  return {
    incident(id: string): IncidentRef | undefined {
      return db
        .select({
          seq: incidents.seq,
          id: incidents.id,
          reference: incidents.reference,
          document: incidents.document,
          createdBy: incidents.createdBy
        })
        .from(incidents)
        .where(eq(incidents.id, id))
        .get()
    },
    exhibit(id: string): ExhibitRef | undefined {
      return db
        .select({ seq: evidence.seq, id: evidence.id, stableId: evidence.stableId, incidentSeq: evidence.incidentSeq })
        .from(evidence)
        .where(eq(evidence.id, id))
        .get()
    },
    /** Accounts whose username or staff code is one of these lower-cased handles. */
    accountsByHandles(handles: string[]): AccountRef[] {
      if (handles.length === 0) return []
      const list = sql.join(
        handles.map((h) => sql`${h}`),
        sql`, `
      )
      return db
        .select({ seq: users.seq, id: users.id, role: users.role, disabledAt: users.disabledAt })
        .from(users)
        .where(or(sql`lower(${users.username}) IN (${list})`, sql`lower(${users.staffCode}) IN (${list})`))
        .all()
    },
    insertComment(values: typeof comments.$inferInsert): void {
      db.insert(comments).values(values).run()
    },
    insertNotification(values: typeof notifications.$inferInsert): void {
      db.insert(notifications).values(values).run()
    },
    commentById: (id: string): CommentRow | undefined => commentBase().where(eq(comments.id, id)).get(),
    /** Oldest first; with an exhibit, that exhibit's comments only. */
    commentsOf: (incidentSeq: number, evidenceSeq?: number): CommentRow[] =>
      commentBase()
        .where(and(eq(comments.incidentSeq, incidentSeq), evidenceSeq === undefined ? undefined : eq(comments.evidenceSeq, evidenceSeq)))
        .orderBy(asc(comments.seq))
        .all(),
    /** Newest first. */
    notificationsOf(userSeq: number, limit: number): NotificationRow[] {
      return db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          actor: notifications.actor,
          commentId: notifications.commentId,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
          incidentSeq: incidents.seq,
          incidentId: incidents.id,
          incidentReference: incidents.reference,
          incidentDocument: incidents.document,
          incidentCreatedBy: incidents.createdBy,
          evidenceId: evidence.id,
          evidenceStableId: evidence.stableId
        })
        .from(notifications)
        .innerJoin(incidents, eq(incidents.seq, notifications.incidentSeq))
        .leftJoin(evidence, eq(evidence.seq, notifications.evidenceSeq))
        .where(eq(notifications.userSeq, userSeq))
        .orderBy(desc(notifications.seq))
        .limit(limit)
        .all()
    },
    markRead(userSeq: number, at: string, id?: string): number {
      return db
        .update(notifications)
        .set({ readAt: at })
        .where(
          and(eq(notifications.userSeq, userSeq), isNull(notifications.readAt), id === undefined ? undefined : eq(notifications.id, id))
        )
        .run().changes
    },
    notificationExists(userSeq: number, id: string): boolean {
      return (
        db
          .select({ seq: notifications.seq })
          .from(notifications)
          .where(and(eq(notifications.userSeq, userSeq), eq(notifications.id, id)))
          .get() !== undefined
      )
    }
  }
}
