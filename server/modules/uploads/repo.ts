import { and, eq, isNull, lt, sum } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { uploads } from '../../db/schema.ts'

export type UploadRow = typeof uploads.$inferSelect

export function uploadsRepo(db: Db) {
  return {
    insert(values: typeof uploads.$inferInsert): void {
      db.insert(uploads).values(values).run()
    },
    byId: (id: string): UploadRow | undefined => db.select().from(uploads).where(eq(uploads.id, id)).get(),
    byEvidenceId: (evidenceId: string): UploadRow | undefined => db.select().from(uploads).where(eq(uploads.evidenceId, evidenceId)).get(),
    /** Bytes the owner's unfinished uploads have reserved (their declared lengths). */
    reservedBytes(owner: string): number {
      const row = db
        .select({ total: sum(uploads.size) })
        .from(uploads)
        .where(and(eq(uploads.owner, owner), isNull(uploads.evidenceId)))
        .get()
      return Number(row?.total ?? 0)
    },
    ingestStarted(id: string, at: string): void {
      db.update(uploads).set({ ingestStartedAt: at }).where(eq(uploads.id, id)).run()
    },
    completed(id: string, evidenceId: string, at: string): void {
      db.update(uploads).set({ evidenceId, completedAt: at }).where(eq(uploads.id, id)).run()
    },
    remove(id: string): void {
      db.delete(uploads).where(eq(uploads.id, id)).run()
    },
    expired: (now: string): UploadRow[] => db.select().from(uploads).where(lt(uploads.expiresAt, now)).all(),
    unfinishedCreatedBefore: (before: string): UploadRow[] =>
      db
        .select()
        .from(uploads)
        .where(and(isNull(uploads.evidenceId), lt(uploads.createdAt, before)))
        .all()
  }
}
