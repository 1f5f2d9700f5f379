import type { Sqlite } from '../db/open.ts'

export type TimestampRow = {
  seq: number
  checkpointSeq: number
  token: Buffer
  genTime: string
  serial: string
  tsaUrl: string
  createdAt: string
}

const COLUMNS = 'seq, checkpoint_seq AS checkpointSeq, token, gen_time AS genTime, serial, tsa_url AS tsaUrl, created_at AS createdAt'

/** Prepared statements over checkpoint_timestamps (append-only: the migration's triggers refuse edits). */
export function timestampRepo(sqlite: Sqlite) {
  const insert = sqlite.prepare(
    'INSERT INTO checkpoint_timestamps (checkpoint_seq, token, gen_time, serial, tsa_url, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const first = sqlite.prepare<[number], TimestampRow>(
    `SELECT ${COLUMNS} FROM checkpoint_timestamps WHERE checkpoint_seq = ? ORDER BY seq LIMIT 1`
  )
  const stamped = sqlite.prepare<[], { checkpointSeq: number }>(
    'SELECT DISTINCT checkpoint_seq AS checkpointSeq FROM checkpoint_timestamps'
  )
  return {
    insert(row: Omit<TimestampRow, 'seq'>): void {
      insert.run(row.checkpointSeq, row.token, row.genTime, row.serial, row.tsaUrl, row.createdAt)
    },
    /** The first timestamp obtained for a checkpoint (the earliest proof of its existence). */
    forCheckpoint: (checkpointSeq: number) => first.get(checkpointSeq),
    stampedSeqs: (): Set<number> => new Set(stamped.all().map((r) => r.checkpointSeq))
  }
}

export type TimestampRepo = ReturnType<typeof timestampRepo>
