import type { Sqlite } from '../../db/open.ts'

/**
 * What full verification reads, straight from the tables (raw SQL on its own connection): the
 * ledger as stored, and the evidence records and copies the ledger must account for.
 */
export function verifyRepo(sqlite: Sqlite) {
  return {
    checkpointNotes(): string[] {
      return sqlite
        .prepare<[], { note: string }>('SELECT note FROM ledger_checkpoints ORDER BY seq')
        .all()
        .map((r) => r.note)
    },
    entryCount(): number {
      return (sqlite.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n
    },
    /** Every ledger entry in index order, one row at a time. */
    entries(): IterableIterator<{ idx: number; canonical: Buffer; leafHash: Buffer }> {
      return sqlite
        .prepare<[], { idx: number; canonical: Buffer; leafHash: Buffer }>(
          'SELECT idx, canonical, leaf_hash AS leafHash FROM ledger_entries ORDER BY idx'
        )
        .iterate()
    },
    evidenceRecords(): Array<{ id: string; sha256: string; sha512: string; size: number; ingestIndex: number }> {
      return sqlite
        .prepare<[], { id: string; sha256: string; sha512: string; size: number; ingestIndex: number }>(
          'SELECT id, sha256, sha512, size, ingest_index AS ingestIndex FROM evidence ORDER BY seq'
        )
        .all()
    },
    evidenceCopies(): Array<{ id: string; sha256: string; size: number; ledgerIndex: number }> {
      return sqlite
        .prepare<[], { id: string; sha256: string; size: number; ledgerIndex: number }>(
          'SELECT e.id AS id, c.sha256 AS sha256, c.size AS size, c.ledger_index AS ledgerIndex FROM evidence_copies c JOIN evidence e ON e.seq = c.evidence_seq'
        )
        .all()
    },
    /** Whether the data dir has device keys and capture records at all (older data dirs do not). */
    hasCaptures(): boolean {
      return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'devices'").get() !== undefined
    },
    /** Evidence records that arrived with a device-signed capture record. */
    capturedRecords(): CapturedRow[] {
      return sqlite
        .prepare<[], CapturedRow>(
          'SELECT id, sha256, size, created_by AS createdBy, capture_record AS record, capture_signature AS signature, capture_index AS captureIndex FROM evidence WHERE capture_index IS NOT NULL OR capture_record IS NOT NULL ORDER BY seq'
        )
        .all()
    },
    /** Every enrolled device key with its owner's id. */
    devices(): DeviceKeyRow[] {
      return sqlite
        .prepare<[], DeviceKeyRow>(
          'SELECT d.id AS id, u.id AS userId, d.public_key AS publicKey, d.key_sha256 AS keySha256 FROM devices d JOIN users u ON u.seq = d.user_seq'
        )
        .all()
    }
  }
}

export type CapturedRow = {
  id: string
  sha256: string
  size: number
  createdBy: string
  record: string | null
  signature: string | null
  captureIndex: number | null
}
export type DeviceKeyRow = { id: string; userId: string; publicKey: string; keySha256: string }
