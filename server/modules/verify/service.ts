import { readdirSync } from 'node:fs'
import type { Sqlite } from '../../db/open.ts'
import type { BlobStore } from '../../blobs/store.ts'
import { LedgerVerifier, type LedgerProblem } from '../../lib/ledger/ledger-verify.ts'
import { parseEntryBytes } from '../../lib/ledger/ledger-entry.ts'
import type { Worker } from 'node:worker_threads'
import { hashFiles } from './hash-pool.ts'
import { verifyRepo } from './repo.ts'
import { checkCaptures, type CaptureLedger } from './captures.ts'

export type Problem = { code: string; message: string; index?: number; evidenceId?: string; sha256?: string }

export type VerifyReport = {
  ok: boolean
  problems: Problem[]
  ledger: {
    entries: number
    checkpoints: number
    checkpointsVerified: number
    beyondLatestCheckpoint: number
    root: string
    latestCheckpoint?: { size: number; rootHash: string }
  }
  blobs: { expected: number; hashed: number; bytes: number; orphans: number }
  evidence: { records: number; copies: number; captures: number }
}

export type Progress = { phase: 'ledger' | 'blobs' | 'records'; done: number; total: number }

// Byte patterns of the entry types the record checks need (canonical JSON: no spaces).
const INGESTED = Buffer.from('"type":"ingested"')
const DERIVED = Buffer.from('"type":"derived-copy-made"')
const DISPOSED = Buffer.from('"type":"disposed"')
const CAPTURED = Buffer.from('"type":"captured"')
const DEVICE = Buffer.from('"type":"device-')

export type VerifyOptions = {
  sqlite: Sqlite
  blobs: BlobStore
  /** The published verifier key; an auditor passes the one they trust, not the server's. */
  verifierKey: string
  /** Checkpoints the auditor kept, checked with the stored ones (catches a rolled-back ledger). */
  extraCheckpoints?: string[]
  deep?: boolean
  /** A thread count, or threads already started with startHashWorkers(). */
  workers?: number | Worker[]
  onProgress?: (p: Progress) => void
}

type ExpectedBlob = { sha256: string; sha512?: string; size: number; owners: string[] }

/**
 * Full offline verification of a data dir: the ledger (leaves, chain, tree, every checkpoint's
 * signature and consistency), every blob re-hashed against its records, every record against its
 * ingest entry. Reads only; names every broken item.
 */
export async function verifyDataDir(opts: VerifyOptions): Promise<VerifyReport> {
  const problems: Problem[] = []
  const progress = opts.onProgress ?? (() => {})

  const repo = verifyRepo(opts.sqlite)

  // 1. Ledger.
  const stored = repo.checkpointNotes()
  const verifier = new LedgerVerifier({ checkpoints: stored, kept: opts.extraCheckpoints ?? [], verifierKey: opts.verifierKey })
  const total = repo.entryCount()
  let n = 0
  // The ledger also says which records must exist: every ingested original and every derived copy,
  // unless disposed of later. A byte search picks out the few entries worth parsing.
  const ingestedAt = new Map<string, { index: number; sha256: unknown; sha512: unknown; size: unknown }>()
  const copiedAt = new Map<string, { index: number; id: string }>()
  const disposed = new Set<string>()
  const captures: CaptureLedger = { captured: new Map(), enrolled: new Map(), revoked: new Map() }
  for (const row of repo.entries()) {
    verifier.push({ index: row.idx, bytes: row.canonical, leafHash: row.leafHash })
    if (row.canonical.includes(CAPTURED) || row.canonical.includes(DEVICE)) {
      let entry: ReturnType<typeof parseEntryBytes> | undefined
      try {
        entry = parseEntryBytes(row.canonical)
      } catch {
        entry = undefined
      } // the ledger check reports it
      if (entry?.type === 'captured') captures.captured.set(entry.subject.id, { index: row.idx, time: entry.time, details: entry.details })
      if (entry?.type === 'device-enrolled') captures.enrolled.set(entry.subject.id, { index: row.idx, keySha256: entry.subject.sha256 })
      if (entry?.type === 'device-revoked' && !captures.revoked.has(entry.subject.id))
        captures.revoked.set(entry.subject.id, { index: row.idx, time: entry.time })
    }
    if (row.canonical.includes(INGESTED) || row.canonical.includes(DERIVED) || row.canonical.includes(DISPOSED)) {
      let entry: ReturnType<typeof parseEntryBytes> | undefined
      try {
        entry = parseEntryBytes(row.canonical)
      } catch {
        entry = undefined
      } // the ledger check reports it
      if (entry?.type === 'ingested' && entry.subject.id)
        ingestedAt.set(entry.subject.id, {
          index: row.idx,
          sha256: entry.subject.sha256,
          sha512: entry.details.sha512,
          size: entry.details.size
        })
      if (entry?.type === 'disposed' && entry.subject.id) disposed.add(entry.subject.id)
      const copySha256 = entry?.details.copySha256
      if (entry?.type === 'derived-copy-made' && entry.subject.id && typeof copySha256 === 'string')
        copiedAt.set(`${entry.subject.id} ${copySha256}`, { index: row.idx, id: entry.subject.id })
    }
    if (++n % 10000 === 0) progress({ phase: 'ledger', done: n, total })
    // Inside the server this runs on its own connection: yield so requests keep being served.
    if (n % 2000 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  progress({ phase: 'ledger', done: n, total })
  const ledger = verifier.finish()
  problems.push(
    ...ledger.problems.map((p: LedgerProblem) => ({
      code: p.code,
      message: p.message,
      ...(p.index !== undefined ? { index: p.index } : {})
    }))
  )

  // 2. Records against their ingest entries.
  const rows = repo.evidenceRecords()
  const copies = repo.evidenceCopies()
  // Each record against the ingest entry the ledger pass kept for it: no second read, no second parse.
  for (const [i, row] of rows.entries()) {
    const entry = ingestedAt.get(row.id)
    if (
      !entry ||
      entry.index !== row.ingestIndex ||
      entry.sha256 !== row.sha256 ||
      entry.sha512 !== row.sha512 ||
      entry.size !== row.size
    ) {
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        evidenceId: row.id,
        sha256: row.sha256,
        message: `evidence ${row.id}: its record does not match its ingest entry ${row.ingestIndex} (hash, size or id differ)`
      })
    }
    if ((i + 1) % 1000 === 0) {
      progress({ phase: 'records', done: i + 1, total: rows.length })
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  // ...and the other way: what the ledger says was received must still have its record.
  const recordIds = new Set(rows.map((r) => r.id))
  for (const [id, { index }] of ingestedAt) {
    if (!recordIds.has(id) && !disposed.has(id))
      problems.push({
        code: 'SANAD_ERR_RECORD_MISSING',
        evidenceId: id,
        index,
        message: `ledger entry ${index} records the ingestion of evidence ${id}, but no such record exists (deleted?)`
      })
  }
  for (const c of copies) {
    const at = copiedAt.get(`${c.id} ${c.sha256}`)
    if (at === undefined || at.index !== c.ledgerIndex)
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        evidenceId: c.id,
        sha256: c.sha256,
        message: `evidence ${c.id}: its shared copy ${c.sha256} does not match its ledger entry ${c.ledgerIndex}`
      })
    copiedAt.delete(`${c.id} ${c.sha256}`)
  }
  for (const { index, id } of copiedAt.values()) {
    if (!disposed.has(id))
      problems.push({
        code: 'SANAD_ERR_RECORD_MISSING',
        evidenceId: id,
        index,
        message: `ledger entry ${index} records a shared copy of evidence ${id}, but no such copy record exists (deleted?)`
      })
  }

  // Device-signed capture records against their `captured` entries and the enrolled device keys.
  const captureCheck = repo.hasCaptures()
    ? checkCaptures(repo.capturedRecords(), repo.devices(), captures)
    : checkCaptures([], [], captures)
  problems.push(...captureCheck.problems)

  // 3. Blobs re-hashed.
  const expected = new Map<string, ExpectedBlob>()
  for (const r of rows) {
    const b = expected.get(r.sha256) ?? { sha256: r.sha256, sha512: r.sha512, size: r.size, owners: [] }
    b.owners.push(r.id)
    expected.set(r.sha256, b)
  }
  for (const c of copies) {
    const b = expected.get(c.sha256) ?? { sha256: c.sha256, size: c.size, owners: [] }
    b.owners.push(`${c.id} (shared copy)`)
    expected.set(c.sha256, b)
  }
  const byPath = new Map([...expected.values()].map((b) => [opts.blobs.pathOf(b.sha256), b]))
  let hashed = 0
  const seen = new Set<string>()
  let bytes = 0
  for await (const r of hashFiles(byPath.keys(), { deep: opts.deep === true, ...(opts.workers ? { workers: opts.workers } : {}) })) {
    hashed++
    seen.add(r.path)
    const b = byPath.get(r.path)
    if (!b) {
      problems.push({ code: 'SANAD_ERR_BLOB_UNREADABLE', message: r.error ?? 'hash worker failed' })
      continue
    }
    const who = b.owners.join(', ')
    if (r.error) {
      problems.push({
        code: r.error === 'missing' ? 'SANAD_ERR_BLOB_MISSING' : 'SANAD_ERR_BLOB_UNREADABLE',
        sha256: b.sha256,
        message: `blob ${b.sha256} of ${who}: ${r.error}`
      })
    } else if (r.sha256 !== b.sha256 || r.size !== b.size || (r.sha512 !== undefined && b.sha512 !== undefined && r.sha512 !== b.sha512)) {
      problems.push({
        code: 'SANAD_ERR_BLOB_ALTERED',
        sha256: b.sha256,
        message: `blob ${b.sha256} of ${who} was altered: it now hashes to ${r.sha256} (${r.size} bytes, recorded ${b.size})`
      })
    }
    bytes += r.size ?? 0
    progress({ phase: 'blobs', done: hashed, total: byPath.size })
  }
  // Every blob must have been hashed: a verification that skipped some must not pass.
  for (const [path, b] of byPath) {
    if (!seen.has(path))
      problems.push({
        code: 'SANAD_ERR_BLOB_UNREADABLE',
        sha256: b.sha256,
        message: `blob ${b.sha256} of ${b.owners.join(', ')} was not hashed`
      })
  }
  let orphans = 0
  for await (const sha256 of opts.blobs.list()) {
    if (!expected.has(sha256)) {
      orphans++
      problems.push({
        code: 'SANAD_ERR_BLOB_ORPHAN',
        sha256,
        message: `blob ${sha256} has no record (an upload that never committed, or a record removed)`
      })
    }
  }
  let leftovers: string[] = []
  try {
    leftovers = readdirSync(opts.blobs.tmpDir)
  } catch {
    leftovers = []
  }
  if (leftovers.length > 0)
    problems.push({
      code: 'SANAD_ERR_TEMP_LEFTOVER',
      message: `${leftovers.length} temporary upload file(s) in tmp/ (cleared at the next start)`
    })

  return {
    ok: problems.length === 0,
    problems,
    ledger: {
      entries: ledger.size,
      checkpoints: ledger.checked.checkpoints,
      checkpointsVerified: ledger.checked.checkpointsVerified,
      beyondLatestCheckpoint: ledger.checked.beyondLatestCheckpoint,
      root: ledger.root,
      ...(ledger.latestCheckpoint
        ? { latestCheckpoint: { size: ledger.latestCheckpoint.size, rootHash: ledger.latestCheckpoint.rootHash } }
        : {})
    },
    blobs: { expected: expected.size, hashed, bytes, orphans },
    evidence: { records: rows.length, copies: copies.length, captures: captureCheck.verified }
  }
}
