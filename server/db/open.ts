import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as schema from './schema.ts'

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations')

export type Sqlite = Database.Database
export type Db = ReturnType<typeof drizzle<typeof schema>>

export type OpenOptions = {
  busyTimeoutMs?: number
  readonly?: boolean
  migrate?: boolean
}

/**
 * Opens the database with the settings every connection must have: WAL so readers never block the
 * writer, synchronous=FULL so an acknowledged write survives a power cut (WAL's default NORMAL can lose
 * the last transactions), foreign keys on, and a busy timeout instead of instant SQLITE_BUSY.
 */
export function openDatabase (file: string, options: OpenOptions = {}): { sqlite: Sqlite, db: Db } {
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false })
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`)
  if (!options.readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  const db = drizzle(sqlite, { schema })
  if (options.migrate ?? !options.readonly) migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  return { sqlite, db }
}

export function databaseFile (dataDir: string): string {
  return join(dataDir, 'sanad.db')
}
