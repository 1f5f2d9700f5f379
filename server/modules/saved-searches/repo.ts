import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { savedSearches } from '../../db/schema.ts'

export type SavedSearchRow = typeof savedSearches.$inferSelect

/** Queries of saved searches: every read and write names its owner, so no query reaches another account's rows. */
export function savedSearchesRepo(db: Db) {
  return {
    ofUser(userSeq: number): SavedSearchRow[] {
      return db.select().from(savedSearches).where(eq(savedSearches.userSeq, userSeq)).orderBy(asc(savedSearches.seq)).all()
    },
    countOf(userSeq: number): number {
      return db.select({ seq: savedSearches.seq }).from(savedSearches).where(eq(savedSearches.userSeq, userSeq)).all().length
    },
    owned(userSeq: number, id: string): SavedSearchRow | undefined {
      return db
        .select()
        .from(savedSearches)
        .where(and(eq(savedSearches.id, id), eq(savedSearches.userSeq, userSeq)))
        .get()
    },
    insert(values: typeof savedSearches.$inferInsert): void {
      db.insert(savedSearches).values(values).run()
    },
    update(seq: number, set: Partial<Pick<SavedSearchRow, 'nameEnc' | 'queryEnc' | 'updatedAt'>>): void {
      db.update(savedSearches).set(set).where(eq(savedSearches.seq, seq)).run()
    },
    remove(seq: number): void {
      db.delete(savedSearches).where(eq(savedSearches.seq, seq)).run()
    }
  }
}
