import type { Sqlite } from '../db/open.ts'
import { buildTimestampRequest, parseTimestampResponse, sha256, verifyTimestampToken } from '../lib/ledger/timestamp.ts'
import { ledgerRepo } from './repo.ts'
import { timestampRepo } from './timestamp-repo.ts'
import type { TimestampClient } from './timestamp-client.ts'

type LogFn = (obj: object, msg: string) => void
export type TimestampLog = { info: LogFn; warn: LogFn; error: LogFn }

export type TimestampOutcome =
  | { status: 'stored'; size: number; genTime: string; serial: string }
  | { status: 'present'; size: number }
  | { status: 'none' }
  | { status: 'backoff'; size: number; retryAt: string }
  | { status: 'failed'; size: number; error: string }
  | { status: 'closed' }
  | { status: 'off' }

export type TimestamperDeps = {
  sqlite: Sqlite
  client: TimestampClient
  /** Trusted root (PEM or DER) the TSA certificate must chain to; tokens that do not are refused. */
  trustedCa?: Buffer | string
  log: TimestampLog
  now?: () => Date
  /** After a failure, automatic attempts wait this long (on-demand ones with `force` do not). */
  retryMs?: number
}

export type CheckpointTimestamper = {
  /** Schedules an attempt for the latest checkpoint after the current tick; never throws, never blocks. */
  kick(): void
  /** Timestamps the latest checkpoint now unless it has a timestamp already; `force` ignores the backoff. */
  timestampLatest(options?: { force?: boolean }): Promise<TimestampOutcome>
  /** No new attempts; waits up to `graceMs` for the one in flight, then aborts it. */
  close(graceMs?: number): Promise<void>
}

/**
 * Obtains RFC 3161 timestamps for signed checkpoints from the configured authority. Checkpoint signing
 * is synchronous and transactional; this runs afterwards, on its own, one request at a time: a slow,
 * failing or lying authority costs a log line and a later retry, never a checkpoint. What is
 * timestamped is the checkpoint's full signed note text (UTF-8 bytes, signature line included), and a
 * token is stored only after it verified completely (imprint, nonce, CMS signature, ESS binding,
 * critical id-kp-timeStamping, and the trusted CA when one is configured).
 */
export function checkpointTimestamper(deps: TimestamperDeps): CheckpointTimestamper {
  const ledger = ledgerRepo(deps.sqlite)
  const stamps = timestampRepo(deps.sqlite)
  const now = (): Date => deps.now?.() ?? new Date()
  const retryMs = deps.retryMs ?? 30_000
  const aborter = new AbortController()
  let running: Promise<TimestampOutcome> | null = null
  let again = false
  let closed = false
  let retryAt = 0

  async function attempt(force: boolean): Promise<TimestampOutcome> {
    // Let the caller's transaction (and its HTTP answer) finish first.
    await new Promise((resolve) => setImmediate(resolve))
    let size = 0
    try {
      again = false // whatever was signed until now is covered by this read
      const cp = ledger.latestCheckpoint()
      if (!cp) return { status: 'none' }
      size = cp.size
      if (stamps.forCheckpoint(cp.seq)) return { status: 'present', size }
      if (!force && now().getTime() < retryAt) return { status: 'backoff', size, retryAt: new Date(retryAt).toISOString() }
      const note = Buffer.from(cp.note, 'utf8')
      const request = buildTimestampRequest(sha256(note))
      const response = parseTimestampResponse(await deps.client.request(request.der, aborter.signal))
      if (!response.granted || !response.token) {
        const why = [...response.failInfo, ...response.statusText].join('; ')
        throw new Error(`the TSA refused the request: ${response.statusName}${why ? ` (${why})` : ''}`)
      }
      const check = await verifyTimestampToken(response.token, {
        data: note,
        nonce: request.nonce,
        ...(deps.trustedCa !== undefined ? { trustedCa: deps.trustedCa } : {})
      })
      if (!check.ok || !check.genTime || !check.serial) throw new Error(`the TSA's token was refused: ${check.problems.join('; ')}`)
      const genTime = check.genTime.toISOString()
      stamps.insert({
        checkpointSeq: cp.seq,
        token: response.token,
        genTime,
        serial: check.serial,
        tsaUrl: deps.client.url,
        createdAt: now().toISOString()
      })
      retryAt = 0
      deps.log.info({ checkpointSize: size, genTime, serial: check.serial, tsa: deps.client.url }, 'checkpoint timestamped')
      return { status: 'stored', size, genTime, serial: check.serial }
    } catch (err) {
      retryAt = now().getTime() + retryMs
      const error = (err as Error).message
      deps.log.warn(
        { checkpointSize: size, tsa: deps.client.url, error },
        'checkpoint timestamp failed; it is retried with the next checkpoint or on demand'
      )
      return { status: 'failed', size, error }
    }
  }

  function run(force: boolean, kicked: boolean): Promise<TimestampOutcome> {
    if (running) {
      // A kick means a checkpoint was just signed, maybe after the one in flight: go again after it.
      if (kicked) again = true
      return force ? running.then((o) => (o.status === 'failed' || o.status === 'backoff' ? run(true, false) : o)) : running
    }
    const current = (async () => {
      let outcome = await attempt(force)
      while (again && !closed) {
        const next = await attempt(force)
        // Report the attempt that concerned the newest checkpoint, not a "present" or "backoff" echo.
        if (!('size' in outcome) || !('size' in next) || next.size !== outcome.size || next.status === 'stored') outcome = next
      }
      return outcome
    })().finally(() => {
      if (running === current) running = null
    })
    running = current
    return current
  }

  return {
    kick() {
      if (!closed) void run(false, true)
    },
    timestampLatest(options = {}) {
      return closed ? Promise.resolve({ status: 'closed' }) : run(options.force ?? false, false)
    },
    async close(graceMs = 5000) {
      closed = true
      const inFlight = running
      if (!inFlight) return
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs)
      })
      await Promise.race([inFlight, grace])
      clearTimeout(timer)
      aborter.abort()
      await inFlight
    }
  }
}
