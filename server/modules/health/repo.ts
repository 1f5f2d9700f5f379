import type { Sqlite } from '../../db/open.ts'

/** The database answers a trivial query (throws when it cannot). */
export function databaseAnswers(sqlite: Sqlite): void {
  sqlite.prepare('SELECT 1').get()
}
