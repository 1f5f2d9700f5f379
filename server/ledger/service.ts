import type { Sqlite } from '../db/open.ts'
import { fail } from '../errors.ts'
import { appendNodes, consistencyProof, inclusionProof, rootAt } from '../lib/ledger/merkle.ts'
import { nextEntry, parseEntryBytes, formatEntryTime, isEntryType, type EntryType, type LedgerEntry } from '../lib/ledger/ledger-entry.ts'
import { signCheckpoint, type NoteSigner } from '../lib/ledger/signed-note.ts'
import type { JsonObject } from '../lib/ledger/canonical-json.ts'
import { ledgerRepo, type EntryRow } from './repo.ts'
import { timestampRepo } from './timestamp-repo.ts'
import type { CheckpointTimestamper, TimestampOutcome } from './timestamp-service.ts'
import type { LedgerAppend, LedgerEvent } from './types.ts'
import { checkLedgerDetails } from './details.ts'

export type LedgerDeps = {
  sqlite: Sqlite
  signer: NoteSigner
  origin: string
  now?: () => Date
  /** Present when an RFC 3161 authority is configured (SANAD_TSA_URL); asked after each checkpoint commits. */
  timestamper?: CheckpointTimestamper
  /**
   * Tests and tools only: append details as versions before the details check wrote them (free text
   * included), to show what exports and verifiers do with such entries. Never set by the server.
   */
  writeAsOlderVersion?: boolean
}

export type EntryView = { index: number; leafHash: string; canonical: string; entry: LedgerEntry }

/** A ledger query as the API takes it (schemas/ledger-entry-query.json). */
export type EntryQuery = { subject?: string; type?: string; actor?: string; from?: string; to?: string; cursor?: string; limit?: number }
/** One page of matching entries, each proven against the checkpoint signed for the page. */
export type EntryPage = {
  items: Array<{ index: number; entry: LedgerEntry; leafHash: string; proof: string[] }>
  next?: string
  checkpoint: string
  size: number
}

export const PAGE_LIMIT_DEFAULT = 50
export const PAGE_LIMIT_MAX = 200

/** `2026-01-31` → its first instant; with `end`, the first instant of the next day (an exclusive bound). */
export function instantBound(value: string, end: boolean): string {
  if (value.length === 10) {
    const day = new Date(`${value}T00:00:00.000Z`)
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return invalidDate()
    if (end) day.setUTCDate(day.getUTCDate() + 1)
    return day.toISOString()
  }
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) return invalidDate()
  return at.toISOString()
}
function invalidDate(): never {
  fail('SANAD_ERR_DATE_INVALID', 'A date or time of the query is not a valid calendar date.')
}

/**
 * The custody ledger: an append-only list of events that are the leaves of an RFC 6962 Merkle tree,
 * with signed checkpoints. `append` is synchronous and joins the caller's transaction, so a domain
 * row and its custody event commit together or not at all.
 */
export function ledgerService(deps: LedgerDeps) {
  const repo = ledgerRepo(deps.sqlite)
  const now = (): Date => deps.now?.() ?? new Date()

  function appendInTx(event: LedgerEvent): { index: number; leafHash: string } {
    if (deps.writeAsOlderVersion !== true) checkLedgerDetails(event.type, event.details)
    const prev = repo.last()
    const { entry, bytes, leafHash } = nextEntry(prev ? { index: prev.idx, leafHash: prev.leafHash } : null, {
      time: formatEntryTime(now()),
      type: event.type as EntryType,
      actor: event.actor,
      subject: event.subject,
      details: (event.details ?? {}) as JsonObject
    })
    const nodes = appendNodes(entry.index, leafHash, (level, i) => repo.node(level, i))
    repo.insert(
      {
        idx: entry.index,
        leafHash,
        canonical: bytes,
        type: entry.type,
        subjectKind: entry.subject.kind,
        subjectId: entry.subject.id,
        time: entry.time,
        actor: entry.actor
      },
      nodes
    )
    return { index: entry.index, leafHash: leafHash.toString('hex') }
  }
  // Outside a transaction an append gets its own IMMEDIATE one, so concurrent writers serialise on it.
  const appendAlone = deps.sqlite.transaction(appendInTx)

  const appender: LedgerAppend = {
    append(event: LedgerEvent) {
      return deps.sqlite.inTransaction ? appendInTx(event) : appendAlone.immediate(event)
    }
  }
  return {
    ...appender,
    appendMany: deps.sqlite.transaction((events: LedgerEvent[]) => events.map(appendInTx)),
    ...reads(deps, repo, now)
  }
}

export type SensitiveAction = {
  index: number
  time: string
  type: string
  actor: string
  leafHash: string
  targetUser: string
  incident?: string
  request?: string
  flag?: 'no-second-approval'
}

/** A sensitive-actions item: who did what to which account (and incident), from the entry alone. */
function sensitiveAction(row: EntryRow): SensitiveAction {
  const entry = parseEntryBytes(row.canonical)
  const d = entry.details
  return {
    index: entry.index,
    time: entry.time,
    type: entry.type,
    actor: entry.actor,
    leafHash: row.leafHash.toString('hex'),
    targetUser: `${entry.subject.kind}:${entry.subject.id}`,
    ...(typeof d.incident === 'string' ? { incident: d.incident } : {}),
    ...(typeof d.request === 'string' ? { request: d.request } : {}),
    // A clearance granted without a second admin's approval: a sole admin, or before approvals existed.
    ...(entry.type === 'clearance-granted' ? { flag: 'no-second-approval' as const } : {})
  }
}

function toView(row: EntryRow): EntryView {
  return {
    index: row.idx,
    leafHash: row.leafHash.toString('hex'),
    canonical: row.canonical.toString('base64'),
    entry: parseEntryBytes(row.canonical)
  }
}

/** Checkpoints, entries and proofs: everything but appending. */
function reads(deps: LedgerDeps, repo: ReturnType<typeof ledgerRepo>, now: () => Date) {
  function view(idx: number): EntryView {
    const row = repo.entry(idx)
    if (!row) fail('SANAD_ERR_LEDGER_ENTRY_NOT_FOUND', `No ledger entry ${idx}`)
    return toView(row)
  }

  /** Signs a checkpoint over the current tree unless the latest one already covers it. */
  const checkpoint = deps.sqlite.transaction((): { note: string; size: number; rootHash: string; issuedAt: string } => {
    const latest = repo.latestCheckpoint()
    const size = repo.size()
    if (latest && latest.size === size) {
      return { note: latest.note, size: latest.size, rootHash: latest.rootHash.toString('hex'), issuedAt: latest.issuedAt }
    }
    const rootHash = rootAt(repo.store(), size)
    const note = signCheckpoint({ origin: deps.origin, size, rootHash }, deps.signer)
    const issuedAt = now().toISOString()
    repo.insertCheckpoint({ size, rootHash, note, issuedAt, timestampToken: null })
    return { note, size, rootHash: rootHash.toString('hex'), issuedAt }
  })

  const stamps = timestampRepo(deps.sqlite)

  function checkpointNow(): { note: string; size: number; rootHash: string; issuedAt: string } {
    const cp = checkpoint.immediate()
    deps.timestamper?.kick()
    return cp
  }

  /** Up to `limit` of `rows` (fetched with one extra), each with its proof in the tree of `size`. */
  function page<T extends { index: number }>(
    rows: EntryRow[],
    limit: number,
    size: number,
    item: (row: EntryRow) => T
  ): { items: Array<T & { proof: string[] }>; next?: string } {
    const store = repo.store()
    const shown = rows.slice(0, limit)
    const items = shown.map((row) => ({ ...item(row), proof: inclusionProof(store, row.idx, size).map((h) => h.toString('hex')) }))
    return rows.length > limit ? { items, next: String(shown[shown.length - 1]!.idx) } : { items }
  }

  return {
    size: () => repo.size(),
    checkpoint: checkpointNow,
    latestCheckpoint: () => repo.latestCheckpoint(),
    checkpoints: () => {
      const stamped = stamps.stampedSeqs()
      return repo.checkpoints().map((c) => ({
        size: c.size,
        rootHash: c.rootHash.toString('hex'),
        issuedAt: c.issuedAt,
        note: c.note,
        timestamped: stamped.has(c.seq)
      }))
    },
    /** The RFC 3161 TimeStampToken (DER) of the checkpoint of tree size `size`, with its genTime. */
    checkpointTimestamp(size: number): { token: Buffer; genTime: string; serial: string; tsaUrl: string; note: string } {
      const cp = repo.checkpointCovering(size)
      if (!cp || cp.size !== size) fail('SANAD_ERR_CHECKPOINT_NOT_FOUND', `No checkpoint of tree size ${size}`)
      const ts = stamps.forCheckpoint(cp.seq)
      if (!ts)
        fail(
          'SANAD_ERR_TIMESTAMP_NOT_FOUND',
          `The checkpoint of tree size ${size} has no RFC 3161 timestamp${deps.timestamper ? ' yet' : ' (no SANAD_TSA_URL is configured)'}`
        )
      return { token: ts.token, genTime: ts.genTime, serial: ts.serial, tsaUrl: ts.tsaUrl, note: cp.note }
    },
    /** On demand: timestamps the latest checkpoint now if it has none (`force` skips the retry delay). */
    timestampLatest: (options?: { force?: boolean }): Promise<TimestampOutcome> =>
      deps.timestamper?.timestampLatest(options) ?? Promise.resolve({ status: 'off' }),
    verifierKey: () => deps.signer.verifierKey,
    entry: view,
    subjectEntries(kind: string, id: string): EntryView[] {
      return repo.bySubject(kind, id).map(toView)
    },
    /**
     * Entries matching every filter given, oldest first, each with its inclusion proof against the
     * latest signed checkpoint (signed now if the ledger grew), which the page carries once.
     */
    query(q: EntryQuery): EntryPage {
      if (q.type !== undefined && !isEntryType(q.type))
        fail('SANAD_ERR_VALIDATION', `Unknown ledger entry type "${q.type}"`, { field: 'type' })
      const limit = Math.min(Math.max(q.limit ?? PAGE_LIMIT_DEFAULT, 1), PAGE_LIMIT_MAX)
      const cp = checkpointNow()
      const colon = q.subject?.indexOf(':') ?? -1
      const rows = repo.filter({
        ...(q.subject !== undefined ? { subjectKind: q.subject.slice(0, colon), subjectId: q.subject.slice(colon + 1) } : {}),
        ...(q.type !== undefined ? { type: q.type } : {}),
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.from !== undefined ? { from: instantBound(q.from, false) } : {}),
        ...(q.to !== undefined ? { to: instantBound(q.to, q.to.length === 10) } : {}),
        after: q.cursor === undefined ? -1 : Number(q.cursor),
        below: cp.size,
        // One more than asked tells whether another page follows.
        limit: limit + 1
      })
      return {
        ...page(rows, limit, cp.size, (row) => ({
          index: row.idx,
          entry: parseEntryBytes(row.canonical),
          leafHash: row.leafHash.toString('hex')
        })),
        checkpoint: cp.note,
        size: cp.size
      }
    },
    /** Clearance events and password resets of legal accounts, for auditors; see repo.sensitive. */
    sensitive(q: { from?: string; to?: string; cursor?: string; limit?: number }) {
      const limit = Math.min(Math.max(q.limit ?? PAGE_LIMIT_DEFAULT, 1), PAGE_LIMIT_MAX)
      const cp = checkpointNow()
      const rows = repo.sensitive({
        from: q.from === undefined ? '' : instantBound(q.from, false),
        to: q.to === undefined ? '9999' : instantBound(q.to, q.to.length === 10),
        after: q.cursor === undefined ? -1 : Number(q.cursor),
        below: cp.size,
        limit: limit + 1
      })
      return { ...page(rows, limit, cp.size, sensitiveAction), checkpoint: cp.note, size: cp.size }
    },
    inclusionProof(index: number, size: number): string[] {
      const store = repo.store()
      if (!(size >= 1 && size <= store.size && index >= 0 && index < size)) {
        fail('SANAD_ERR_PROOF_RANGE', `Need 0 <= index < size <= ${store.size}; got index ${index}, size ${size}`)
      }
      return inclusionProof(store, index, size).map((h) => h.toString('hex'))
    },
    consistencyProof(from: number, to: number): string[] {
      const store = repo.store()
      if (!(from >= 1 && from <= to && to <= store.size)) {
        fail('SANAD_ERR_PROOF_RANGE', `Need 1 <= from <= to <= ${store.size}; got from ${from}, to ${to}`)
      }
      return consistencyProof(store, from, to).map((h) => h.toString('hex'))
    },
    root(size: number): string {
      return rootAt(repo.store(), size).toString('hex')
    },
    iterate: () => repo.iterate()
  }
}

export type LedgerService = ReturnType<typeof ledgerService>
