import type { Sqlite } from '../db/open.ts'
import type { MerkleStore, NewNode } from '../lib/ledger/merkle.ts'

export type EntryRow = {
  idx: number
  leafHash: Buffer
  canonical: Buffer
  type: string
  subjectKind: string
  subjectId: string
  time: string
  actor: string
}
/** Filters of a ledger query; every one given must hold. Times are RFC 3339 UTC strings as stored. */
export type EntryFilter = {
  subjectKind?: string
  subjectId?: string
  type?: string
  actor?: string
  from?: string
  to?: string
  /** Only entries after this index (the cursor) … */
  after: number
  /** … and before this one (the size of the checkpoint the proofs are against). */
  below: number
  limit: number
}

/** Entry types of the auditors' "sensitive actions" list (see sensitiveActions below). */
export const SENSITIVE_ENTRY_TYPES = [
  'clearance-requested',
  'clearance-approved',
  'clearance-rejected',
  'clearance-granted',
  'clearance-revoked'
] as const
const COLUMNS = 'idx, leaf_hash AS leafHash, canonical, type, subject_kind AS subjectKind, subject_id AS subjectId, time, actor'
export type CheckpointRow = { seq: number; size: number; rootHash: Buffer; note: string; issuedAt: string; timestampToken: Buffer | null }

/**
 * Prepared statements over the ledger tables. The ledger is hot (every write appends, every proof
 * reads O(log n) nodes), so it uses raw prepared statements rather than building queries per call.
 */
export function ledgerRepo(sqlite: Sqlite) {
  const last = sqlite.prepare<[], { idx: number; leafHash: Buffer }>(
    'SELECT idx, leaf_hash AS leafHash FROM ledger_entries ORDER BY idx DESC LIMIT 1'
  )
  const leafStmt = sqlite.prepare<[number], { h: Buffer }>('SELECT leaf_hash AS h FROM ledger_entries WHERE idx = ?').pluck(false)
  const nodeStmt = sqlite.prepare<[number, number], { h: Buffer }>('SELECT hash AS h FROM ledger_nodes WHERE level = ? AND idx = ?')
  const entryStmt = sqlite.prepare<[number], EntryRow>(`SELECT ${COLUMNS} FROM ledger_entries WHERE idx = ?`)
  const insertEntry = sqlite.prepare(
    'INSERT INTO ledger_entries (idx, leaf_hash, canonical, type, subject_kind, subject_id, time, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const insertNode = sqlite.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)')
  const latestCheckpoint = sqlite.prepare<[], CheckpointRow>(
    'SELECT seq, size, root_hash AS rootHash, note, issued_at AS issuedAt, timestamp_token AS timestampToken FROM ledger_checkpoints ORDER BY seq DESC LIMIT 1'
  )
  const checkpointsStmt = sqlite.prepare<[], CheckpointRow>(
    'SELECT seq, size, root_hash AS rootHash, note, issued_at AS issuedAt, timestamp_token AS timestampToken FROM ledger_checkpoints ORDER BY seq'
  )
  const checkpointAtLeast = sqlite.prepare<[number], CheckpointRow>(
    'SELECT seq, size, root_hash AS rootHash, note, issued_at AS issuedAt, timestamp_token AS timestampToken FROM ledger_checkpoints WHERE size >= ? ORDER BY size, seq LIMIT 1'
  )
  const insertCheckpoint = sqlite.prepare(
    'INSERT INTO ledger_checkpoints (size, root_hash, note, issued_at, timestamp_token) VALUES (?, ?, ?, ?, ?)'
  )
  const bySubject = sqlite.prepare<[string, string], EntryRow>(
    `SELECT ${COLUMNS} FROM ledger_entries WHERE subject_kind = ? AND subject_id = ? ORDER BY idx`
  )
  const allEntries = sqlite.prepare<[], EntryRow>(`SELECT ${COLUMNS} FROM ledger_entries ORDER BY idx`)

  // One prepared statement per combination of filters given (at most 2^5), made on first use.
  const filtered = new Map<string, ReturnType<typeof sqlite.prepare<Record<string, unknown>, EntryRow>>>()
  function filterStatement(f: EntryFilter) {
    const where = ['idx > @after', 'idx < @below']
    if (f.subjectKind !== undefined) where.push('subject_kind = @subjectKind AND subject_id = @subjectId')
    if (f.type !== undefined) where.push('type = @type')
    if (f.actor !== undefined) where.push('actor = @actor')
    if (f.from !== undefined) where.push('time >= @from')
    if (f.to !== undefined) where.push('time < @to')
    // Without statistics SQLite prefers the type index (a handful of values) over the subject's, and
    // a scan by idx over the time index; both are slow on a large ledger, so say which to use.
    const hint =
      f.subjectKind !== undefined
        ? ' INDEXED BY ledger_entries_subject'
        : f.actor === undefined && f.type === undefined && (f.from !== undefined || f.to !== undefined)
          ? ' INDEXED BY ledger_entries_time'
          : ''
    const key = `${hint} WHERE ${where.join(' AND ')}`
    let stmt = filtered.get(key)
    if (!stmt) {
      stmt = sqlite.prepare<Record<string, unknown>, EntryRow>(`SELECT ${COLUMNS} FROM ledger_entries${key} ORDER BY idx LIMIT @limit`)
      filtered.set(key, stmt)
    }
    return stmt
  }

  // Clearance events, and password resets of legal accounts (the role is read from the account, so
  // entries written before resets recorded it count too).
  const sensitiveStmt = sqlite.prepare<Record<string, unknown>, EntryRow>(`SELECT ${COLUMNS} FROM ledger_entries
    WHERE idx > @after AND idx < @below AND time >= @from AND time < @to AND (
      type IN (${SENSITIVE_ENTRY_TYPES.map((t) => `'${t}'`).join(', ')})
      OR (type = 'password-reset' AND subject_kind = 'user' AND subject_id IN (SELECT id FROM users WHERE role = 'legal'))
      OR (type = 'user-created' AND subject_kind = 'user' AND subject_id IN (SELECT id FROM users WHERE role = 'admin'))
    ) ORDER BY idx LIMIT @limit`)

  function size(): number {
    const row = last.get()
    return row ? row.idx + 1 : 0
  }

  /** A MerkleStore view of the tree as stored now; `size` is read once. */
  function store(): MerkleStore {
    const n = size()
    return {
      size: n,
      leaf(i: number): Buffer {
        const row = leafStmt.get(i)
        if (!row) throw new RangeError(`ledger leaf ${i} missing`)
        return row.h
      },
      node(level: number, i: number): Buffer | undefined {
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
    insert(row: EntryRow, nodes: NewNode[]): void {
      insertEntry.run(row.idx, row.leafHash, row.canonical, row.type, row.subjectKind, row.subjectId, row.time, row.actor)
      for (const n of nodes) insertNode.run(n.level, n.index, n.hash)
    },
    latestCheckpoint: () => latestCheckpoint.get(),
    checkpoints: () => checkpointsStmt.all(),
    checkpointCovering: (size: number) => checkpointAtLeast.get(size),
    insertCheckpoint(row: Omit<CheckpointRow, 'seq'>): void {
      insertCheckpoint.run(row.size, row.rootHash, row.note, row.issuedAt, row.timestampToken)
    },
    bySubject: (kind: string, id: string) => bySubject.all(kind, id),
    /** Entries matching every filter given, oldest first, at most `limit`. */
    filter(f: EntryFilter): EntryRow[] {
      return filterStatement(f).all({ ...f })
    },
    /** SQLite's query plan of filter(f), one line per step (tests check that an index serves it). */
    filterPlan(f: EntryFilter): string {
      const sql = filterStatement(f).source
      return (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...f }) as Array<{ detail: string }>).map((r) => r.detail).join('; ')
    },
    /** Entries of the sensitive-actions list in [from, to), oldest first, at most `limit`. */
    sensitive(f: { from: string; to: string; after: number; below: number; limit: number }): EntryRow[] {
      return sensitiveStmt.all({ ...f })
    },
    iterate: () => allEntries.iterate()
  }
}

export type LedgerRepo = ReturnType<typeof ledgerRepo>
