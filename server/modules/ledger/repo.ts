import type { Sqlite } from '../../db/open.ts'
import type { MerkleStore, NewNode } from '../../lib/merkle.ts'

export type EntryRow = { idx: number, leafHash: Buffer, canonical: Buffer, type: string, subjectKind: string, subjectId: string, time: string }
export type CheckpointRow = { seq: number, size: number, rootHash: Buffer, note: string, issuedAt: string, timestampToken: Buffer | null }

/**
 * Prepared statements over the ledger tables. The ledger is hot (every write appends, every proof
 * reads O(log n) nodes), so it uses raw prepared statements rather than building queries per call.
 */
export function ledgerRepo (sqlite: Sqlite) {
  const last = sqlite.prepare<[], { idx: number, leafHash: Buffer }>('SELECT idx, leaf_hash AS leafHash FROM ledger_entries ORDER BY idx DESC LIMIT 1')
  const leafStmt = sqlite.prepare<[number], { h: Buffer }>('SELECT leaf_hash AS h FROM ledger_entries WHERE idx = ?').pluck(false)
  const nodeStmt = sqlite.prepare<[number, number], { h: Buffer }>('SELECT hash AS h FROM ledger_nodes WHERE level = ? AND idx = ?')
  const entryStmt = sqlite.prepare<[number], EntryRow>('SELECT idx, leaf_hash AS leafHash, canonical, type, subject_kind AS subjectKind, subject_id AS subjectId, time FROM ledger_entries WHERE idx = ?')
  const insertEntry = sqlite.prepare('INSERT INTO ledger_entries (idx, leaf_hash, canonical, type, subject_kind, subject_id, time) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const insertNode = sqlite.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)')
  const latestCheckpoint = sqlite.prepare<[], CheckpointRow>('SELECT seq, size, root_hash AS rootHash, note, issued_at AS issuedAt, timestamp_token AS timestampToken FROM ledger_checkpoints ORDER BY seq DESC LIMIT 1')
  const checkpointsStmt = sqlite.prepare<[], CheckpointRow>('SELECT seq, size, root_hash AS rootHash, note, issued_at AS issuedAt, timestamp_token AS timestampToken FROM ledger_checkpoints ORDER BY seq')
  const checkpointAtLeast = sqlite.prepare<[number], CheckpointRow>('SELECT seq, size, root_hash AS rootHash, note, issued_at AS issuedAt, timestamp_token AS timestampToken FROM ledger_checkpoints WHERE size >= ? ORDER BY size, seq LIMIT 1')
  const insertCheckpoint = sqlite.prepare('INSERT INTO ledger_checkpoints (size, root_hash, note, issued_at, timestamp_token) VALUES (?, ?, ?, ?, ?)')
  const bySubject = sqlite.prepare<[string, string], EntryRow>('SELECT idx, leaf_hash AS leafHash, canonical, type, subject_kind AS subjectKind, subject_id AS subjectId, time FROM ledger_entries WHERE subject_kind = ? AND subject_id = ? ORDER BY idx')
  const allEntries = sqlite.prepare<[], EntryRow>('SELECT idx, leaf_hash AS leafHash, canonical, type, subject_kind AS subjectKind, subject_id AS subjectId, time FROM ledger_entries ORDER BY idx')

  function size (): number {
    const row = last.get()
    return row ? row.idx + 1 : 0
  }

  /** A MerkleStore view of the tree as stored now; `size` is read once. */
  function store (): MerkleStore {
    const n = size()
    return {
      size: n,
      leaf (i: number): Buffer {
        const row = leafStmt.get(i)
        if (!row) throw new RangeError(`ledger leaf ${i} missing`)
        return row.h
      },
      node (level: number, i: number): Buffer | undefined {
        return level === 0 ? leafStmt.get(i)?.h : nodeStmt.get(level, i)?.h
      }
    }
  }

  return {
    size,
    store,
    last: () => last.get(),
    entry: (idx: number) => entryStmt.get(idx),
    node: (level: number, idx: number) => (level === 0 ? leafStmt.get(idx)?.h : nodeStmt.get(level, idx)?.h),
    insert (row: EntryRow, nodes: NewNode[]): void {
      insertEntry.run(row.idx, row.leafHash, row.canonical, row.type, row.subjectKind, row.subjectId, row.time)
      for (const n of nodes) insertNode.run(n.level, n.index, n.hash)
    },
    latestCheckpoint: () => latestCheckpoint.get(),
    checkpoints: () => checkpointsStmt.all(),
    checkpointCovering: (size: number) => checkpointAtLeast.get(size),
    insertCheckpoint (row: Omit<CheckpointRow, 'seq'>): void {
      insertCheckpoint.run(row.size, row.rootHash, row.note, row.issuedAt, row.timestampToken)
    },
    bySubject: (kind: string, id: string) => bySubject.all(kind, id),
    iterate: () => allEntries.iterate()
  }
}

export type LedgerRepo = ReturnType<typeof ledgerRepo>
