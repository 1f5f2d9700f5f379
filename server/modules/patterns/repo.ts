import { desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { patterns, patternRevisions } from '../../db/schema.ts'
import { nextReference } from '../../db/references.ts'

export type PatternRow = typeof patterns.$inferSelect

export function patternRepo(db: Db) {
  return {
    nextReference: (scope: string): number => nextReference(db, scope),
    insert(values: typeof patterns.$inferInsert): PatternRow {
      return db.insert(patterns).values(values).returning().get()
    },
    update(seq: number, values: Partial<typeof patterns.$inferInsert>): void {
      db.update(patterns).set(values).where(eq(patterns.seq, seq)).run()
    },
    insertRevision(values: typeof patternRevisions.$inferInsert): void {
      db.insert(patternRevisions).values(values).run()
    },
    byId(id: string): PatternRow | undefined {
      return db.select().from(patterns).where(eq(patterns.id, id)).get()
    },
    list(): PatternRow[] {
      return db.select().from(patterns).orderBy(desc(patterns.seq)).all()
    }
  }
}
