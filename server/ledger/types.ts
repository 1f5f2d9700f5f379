import type { EntryType } from '../lib/ledger/ledger-entry.ts'

/** What a service hands the ledger inside its own transaction; the ledger adds index, time and chain. */
export type LedgerEvent = {
  type: EntryType
  actor: string
  subject: { kind: string; id: string; sha256?: string }
  details?: Record<string, unknown>
}

export type LedgerAppend = {
  /** Synchronous: call inside the caller's better-sqlite3 transaction so both commit or neither. */
  append(event: LedgerEvent): { index: number; leafHash: string }
}
