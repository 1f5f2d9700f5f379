import { randomUUID } from 'node:crypto'
import type { Sqlite } from '../db/open.ts'

export type JobStatus = 'queued' | 'running' | 'ready' | 'failed'
export type JobRow = {
  id: string
  kind: string
  status: JobStatus
  progress: number
  message: string | null
  createdBy: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  result: unknown
  error: string | null
}
export type JobContext = { progress: (fraction: number, message?: string) => void }
export type JobWork = (ctx: JobContext) => Promise<unknown>

/**
 * Long work (full verification, dossier builds) as jobs with a status and progress the API and the
 * web poll. Jobs run one at a time in submission order. Their rows live in SQLite, so a restart finds
 * the ones that were running and marks them failed — never silently lost.
 */
export class JobRunner {
  private readonly sqlite: Sqlite
  private readonly queue: Array<{ id: string; work: JobWork }> = []
  private running = false
  private closed = false
  private idle: Promise<void> = Promise.resolve()
  private readonly now: () => Date

  constructor(sqlite: Sqlite, now: () => Date = () => new Date()) {
    this.sqlite = sqlite
    this.now = now
    sqlite
      .prepare(
        "UPDATE jobs SET status = 'failed', error = 'interrupted by a restart of the server', finished_at = ? WHERE status IN ('queued', 'running')"
      )
      .run(this.now().toISOString())
  }

  submit(kind: string, createdBy: string, work: JobWork, id: string = randomUUID()): JobRow {
    this.sqlite
      .prepare("INSERT INTO jobs (id, kind, status, progress, created_by, created_at) VALUES (?, ?, 'queued', 0, ?, ?)")
      .run(id, kind, createdBy, this.now().toISOString())
    this.queue.push({ id, work })
    if (!this.running) this.idle = this.drain()
    return this.get(id) as JobRow
  }

  get(id: string): JobRow | undefined {
    const row = this.sqlite.prepare<[string], Record<string, unknown>>('SELECT * FROM jobs WHERE id = ?').get(id)
    if (!row) return undefined
    return {
      id: row.id as string,
      kind: row.kind as string,
      status: row.status as JobStatus,
      progress: row.progress as number,
      message: (row.message as string | null) ?? null,
      createdBy: row.created_by as string,
      createdAt: row.created_at as string,
      startedAt: (row.started_at as string | null) ?? null,
      finishedAt: (row.finished_at as string | null) ?? null,
      result: row.result ? JSON.parse(row.result as string) : null,
      error: (row.error as string | null) ?? null
    }
  }

  list(kind: string, limit = 50): JobRow[] {
    return this.sqlite
      .prepare<[string, number], { id: string }>('SELECT id FROM jobs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(kind, limit)
      .map((r) => this.get(r.id) as JobRow)
  }

  /** Waits for the queue to empty (used at shutdown and by tests). */
  async settle(): Promise<void> {
    while (this.running || this.queue.length > 0) await this.idle
  }

  async close(): Promise<void> {
    this.closed = true
    this.queue.length = 0
    await this.idle
  }

  private async drain(): Promise<void> {
    this.running = true
    try {
      while (!this.closed && this.queue.length > 0) {
        const job = this.queue.shift() as { id: string; work: JobWork }
        const update = this.sqlite.prepare('UPDATE jobs SET progress = ?, message = ? WHERE id = ?')
        this.sqlite.prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?").run(this.now().toISOString(), job.id)
        let last = 0
        const ctx: JobContext = {
          progress: (fraction, message) => {
            const t = Date.now()
            // Progress is advisory: write it at most a few times a second.
            if (t - last < 200 && fraction < 1) return
            last = t
            update.run(Math.max(0, Math.min(1, fraction)), message ?? null, job.id)
          }
        }
        try {
          const result = await job.work(ctx)
          this.sqlite
            .prepare("UPDATE jobs SET status = 'ready', progress = 1, result = ?, finished_at = ? WHERE id = ?")
            .run(JSON.stringify(result ?? null), this.now().toISOString(), job.id)
        } catch (err) {
          // Job errors are shown to the user: keep them to our own coded messages.
          const message =
            err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('SANAD_ERR_')
              ? err.message
              : 'the job failed; see the server log'
          this.sqlite
            .prepare("UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?")
            .run(message, this.now().toISOString(), job.id)
          this.onError?.(err, job.id)
        }
      }
    } finally {
      this.running = false
    }
  }

  onError?: (err: unknown, jobId: string) => void
}
