import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { patterns, patternRevisions, referenceCounters } from '../../db/schema.ts'

export type PatternRow = typeof patterns.$inferSelect

export function patternRepo (db: Db) {
  return {
    nextReference (scope: string): number {
      const row = db.insert(referenceCounters).values({ scope, next: 2 })
        .onConflictDoUpdate({ target: referenceCounters.scope, set: { next: sql`${referenceCounters.next} + 1` } })
        .returning({ next: referenceCounters.next }).get()
      return row.next - 1
    },
    insert (values: typeof patterns.$inferInsert): PatternRow {
      return db.insert(patterns).values(values).returning().get()
    },
    update (seq: number, values: Partial<typeof patterns.$inferInsert>): void {
      db.update(patterns).set(values).where(eq(patterns.seq, seq)).run()
    },
    insertRevision (values: typeof patternRevisions.$inferInsert): void {
      db.insert(patternRevisions).values(values).run()
    },
    byId (id: string): PatternRow | undefined {
      return db.select().from(patterns).where(eq(patterns.id, id)).get()
    },
    list (): PatternRow[] {
      return db.select().from(patterns).orderBy(desc(patterns.seq)).all()
    }
  }
}
