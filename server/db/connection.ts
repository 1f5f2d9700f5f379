import Database from 'better-sqlite3'
import { dirname, join } from 'node:path'
import { FILE_MODE, narrowSync, privateDirSync, privateFileSync } from '../fs/private.ts'

// No drizzle here: read-only tools (npm run verify) open the database through this module alone and
// start ~50 ms sooner without loading the ORM.

export type Sqlite = Database.Database

export type ConnectOptions = {
  busyTimeoutMs?: number
  readonly?: boolean
}

/**
 * Opens a connection with the settings every connection must have: WAL so readers never block the
 * writer, synchronous=FULL so an acknowledged write survives a power cut (WAL's default NORMAL can lose
 * the last transactions), foreign keys on, and a busy timeout instead of instant SQLITE_BUSY.
 */
export function openSqlite(file: string, options: ConnectOptions = {}): Sqlite {
  if (!options.readonly) {
    // SQLite creates a database 0644 (less the umask) and gives its -wal and -shm files the database's
    // mode: made 0600 here first, all three are 0600 whatever the umask.
    privateDirSync(dirname(file))
    privateFileSync(file)
    for (const suffix of ['-wal', '-shm', '-journal']) narrowSync(file + suffix, FILE_MODE)
  }
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false })
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`)
  if (!options.readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  return sqlite
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'sanad.db')
}
