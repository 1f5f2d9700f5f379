import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as schema from './schema.ts'
import { openSqlite, type ConnectOptions, type Sqlite } from './connection.ts'

export { databaseFile, type Sqlite } from './connection.ts'

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations')

export type Db = ReturnType<typeof drizzle<typeof schema>>

export type OpenOptions = ConnectOptions & {
  migrate?: boolean
}

/** A connection (see openSqlite for its settings) with drizzle on top, migrated unless read-only. */
export function openDatabase(file: string, options: OpenOptions = {}): { sqlite: Sqlite; db: Db } {
  const sqlite = openSqlite(file, options)
  const db = drizzle(sqlite, { schema })
  if (options.migrate ?? !options.readonly) migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  return { sqlite, db }
}
