import { sql } from 'drizzle-orm'
import type { Db } from './open.ts'
import { referenceCounters } from './schema.ts'

/**
 * The next number of a reference series (e.g. incidents of 2026), starting at 1. Call inside the
 * transaction that uses it, so a number is never handed out twice or skipped by a rollback.
 */
export function nextReference(db: Db, scope: string): number {
  const row = db
    .insert(referenceCounters)
    .values({ scope, next: 2 })
    .onConflictDoUpdate({ target: referenceCounters.scope, set: { next: sql`${referenceCounters.next} + 1` } })
    .returning({ next: referenceCounters.next })
    .get()
  return row.next - 1
}
