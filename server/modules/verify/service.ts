import { readdirSync } from 'node:fs'
import type { Sqlite } from '../../db/open.ts'
import type { BlobStore } from '../../blobs/store.ts'
import { LedgerVerifier, type LedgerProblem } from '../../lib/ledger/ledger-verify.ts'
import { parseEntryBytes } from '../../lib/ledger/ledger-entry.ts'
import type { Worker } from 'node:worker_threads'
import { hashFiles } from './hash-pool.ts'
import { verifyRepo } from './repo.ts'
import { verificationContentSha256, type VerificationPhase, type VerificationStatus } from '../../lib/analysis/verification-records.ts'
import { linkContentSha256, type LinkType } from '../../lib/analysis/incident-links.ts'
import {
  assessmentContentSha256,
  type ContextElement,
  type ContextStatus,
  type OverrideReason
} from '../../lib/analysis/pattern-context.ts'
import {
  involvementContentSha256,
  organisationContentSha256,
  positionContentSha256,
  type LiabilityMode,
  type OrganisationKind,
  type PerpetratorType
} from '../../lib/analysis/involvements.ts'
import { checkCaptures, type CaptureLedger } from './captures.ts'
import { RECORD_HASH_PATTERNS, RecordHashes, collectionProblem, descriptionProblem } from './record-hashes-repo.ts'
import { depictsProblems } from './depicts-checks-repo.ts'
import { custodyEventContentSha256, type CustodyCodes, type CustodyEventType } from '../../lib/analysis/custody-records.ts'

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
  /** What was checked less fully than the rest, and why (e.g. older ledger entries without a hash). */
  notes?: string[]
}

export type Progress = { phase: 'ledger' | 'blobs' | 'records'; done: number; total: number }

// Byte patterns of the entry types the record checks need (canonical JSON: no spaces).
const INGESTED = Buffer.from('"type":"ingested"')
const DERIVED = Buffer.from('"type":"derived-copy-made"')
const DISPOSED = Buffer.from('"type":"disposed"')
const DETAILS_REVISED = Buffer.from('"type":"evidence-details-revised"')
const DESCRIPTION_RESEALED = Buffer.from('"type":"evidence-description-resealed"')
// Records whose content hash the ledger carries (verification records, incident links, the perpetrators'
// register and involvement records).
const HASHED_RECORDS = [
  Buffer.from('"type":"verified"'),
  Buffer.from('"type":"incident-link'),
  Buffer.from('"type":"organisation-recorded"'),
  Buffer.from('"type":"position-recorded"'),
  Buffer.from('"type":"position-resealed"'),
  Buffer.from('"type":"involvement-'),
  Buffer.from('"type":"context-assessed"'),
  Buffer.from('"type":"depicts-link'),
  Buffer.from('"type":"redacted-copy-made"')
]
/** Which member of a hashed entry's details names its record. */
const RECORD_OF: Record<string, string> = {
  verified: 'verification',
  'incident-linked': 'link',
  'incident-link-removed': 'link',
  'organisation-recorded': 'organisation',
  'position-recorded': 'position',
  'position-resealed': 'position',
  'involvement-recorded': 'involvement',
  'involvement-retracted': 'involvement',
  'context-assessed': 'assessment',
  'depicts-linked': 'link',
  'depicts-link-removed': 'link',
  'redacted-copy-made': 'derivative',
  received: 'event',
  transferred: 'event',
  'captured-online': 'event',
  'physical-item-sealed': 'event',
  'collector-declared': 'event',
  'transcribed-or-translated': 'event'
}
/** What each hashed entry type calls its record in a problem's message. */
const RECORD_NAME: Record<string, string> = {
  verified: 'verification record',
  'incident-linked': 'incident link',
  'incident-link-removed': 'incident link',
  'organisation-recorded': 'organisation',
  'position-recorded': 'position',
  'position-resealed': 'position',
  'involvement-recorded': 'involvement record',
  'involvement-retracted': 'involvement record',
  'context-assessed': 'contextual-element assessment',
  'depicts-linked': 'depicts link',
  'depicts-link-removed': 'depicts link',
  'redacted-copy-made': 'derivative (lineage)',
  received: 'custody event',
  transferred: 'custody event',
  'captured-online': 'custody event',
  'physical-item-sealed': 'custody event',
  'collector-declared': 'custody event',
  'transcribed-or-translated': 'custody event'
}
// Custody events recorded by people: their ledger entry types, as custody/service.ts writes them.
const CUSTODY_EVENT_ENTRIES: ReadonlySet<string> = new Set([
  'received',
  'transferred',
  'captured-online',
  'physical-item-sealed',
  'collector-declared',
  'transcribed-or-translated'
])
const CUSTODY_EVENT_PATTERNS = [...CUSTODY_EVENT_ENTRIES].map((type) => Buffer.from(`"type":"${type}"`))
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
  const ingestedAt = new Map<
    string,
    { index: number; sha256: unknown; sha512: unknown; size: unknown; collectionSha256: unknown; descriptionSha256: unknown }
  >()
  const copiedAt = new Map<string, { index: number; id: string }>()
  const disposed = new Set<string>()
  const detailsRevisedAt = new Map<string, { index: number; collectionSha256: unknown }>()
  // The latest entry after ingestion that says what an item's description hashes to (a revision, a re-seal).
  const descriptionAt = new Map<string, { index: number; descriptionSha256: unknown }>()
  // Entries carrying a record's content hash, by index: type, the record's id and the hash.
  const hashedAt = new Map<number, { type: string; record: unknown; contentSha256: unknown }>()
  const captures: CaptureLedger = { captured: new Map(), enrolled: new Map(), revoked: new Map() }
  const records = new RecordHashes()
  for (const row of repo.entries()) {
    verifier.push({ index: row.idx, bytes: row.canonical, leafHash: row.leafHash })
    if (RECORD_HASH_PATTERNS.some((p) => row.canonical.includes(p))) {
      try {
        records.consider(row.idx, parseEntryBytes(row.canonical))
      } catch {
        // the ledger check reports it
      }
    }
    const hashed = HASHED_RECORDS.some((p) => row.canonical.includes(p)) || CUSTODY_EVENT_PATTERNS.some((p) => row.canonical.includes(p))
    const capture = row.canonical.includes(CAPTURED) || row.canonical.includes(DEVICE)
    if (hashed || capture) {
      let entry: ReturnType<typeof parseEntryBytes> | undefined
      try {
        entry = parseEntryBytes(row.canonical)
      } catch {
        entry = undefined // the ledger check reports it
      }
      const member = entry ? RECORD_OF[entry.type] : undefined
      if (entry && member !== undefined)
        hashedAt.set(row.idx, { type: entry.type, record: entry.details[member], contentSha256: entry.details.contentSha256 })
      if (entry?.type === 'captured') captures.captured.set(entry.subject.id, { index: row.idx, time: entry.time, details: entry.details })
      if (entry?.type === 'device-enrolled') captures.enrolled.set(entry.subject.id, { index: row.idx, keySha256: entry.subject.sha256 })
      if (entry?.type === 'device-revoked' && !captures.revoked.has(entry.subject.id))
        captures.revoked.set(entry.subject.id, { index: row.idx, time: entry.time })
    }
    if (row.canonical.includes(DETAILS_REVISED) || row.canonical.includes(DESCRIPTION_RESEALED)) {
      try {
        const entry = parseEntryBytes(row.canonical)
        // The latest revision of an item's details says what its collection fields must hash to now.
        if (entry.type === 'evidence-details-revised' && entry.subject.id)
          detailsRevisedAt.set(entry.subject.id, { index: row.idx, collectionSha256: entry.details.collectionSha256 })
        if ((entry.type === 'evidence-details-revised' || entry.type === 'evidence-description-resealed') && entry.subject.id)
          descriptionAt.set(entry.subject.id, { index: row.idx, descriptionSha256: entry.details.descriptionSha256 })
      } catch {
        // the ledger check reports it
      }
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
          size: entry.details.size,
          collectionSha256: entry.details.collectionSha256,
          descriptionSha256: entry.details.descriptionSha256
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
    } else {
      const revised = detailsRevisedAt.get(row.id)
      const collection = revised
        ? collectionProblem(row, revised.collectionSha256, revised.index)
        : collectionProblem(row, entry.collectionSha256, entry.index)
      if (collection) problems.push({ ...collection, sha256: row.sha256 })
      const latest = descriptionAt.get(row.id) ?? entry
      const description = descriptionProblem(row, latest.descriptionSha256, latest.index)
      if (description) problems.push({ ...description, sha256: row.sha256 })
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

  // 2b. Records whose content hash the ledger carries: re-derived from the row as stored, so a direct
  // edit of the database (a status raised, a method or a link's end changed) shows.
  problems.push(...hashedRecordProblems(repo, hashedAt, opts.sqlite))
  // Incident revisions, persons, consent, cases (element links) against the hashes their entries carry.
  problems.push(...records.problems(opts.sqlite))
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
    evidence: { records: rows.length, copies: copies.length, captures: captureCheck.verified },
    ...(records.notes().length > 0 ? { notes: records.notes() } : {})
  }
}

/**
 * Verification records and incident links against the content hash of their latest ledger entry,
 * re-derived from the row; and the other way round, every such entry's record must exist.
 */
function hashedRecordProblems(
  repo: ReturnType<typeof verifyRepo>,
  hashedAt: Map<number, { type: string; record: unknown; contentSha256: unknown }>,
  sqlite: Sqlite
): Problem[] {
  const problems: Problem[] = []
  const seen = new Set<string>()
  for (const v of repo.verificationRecords()) {
    seen.add(v.id)
    const derived = verificationContentSha256({
      id: v.id,
      evidenceId: v.evidenceId,
      phase: v.phase as VerificationPhase,
      method: v.method,
      status: v.status as VerificationStatus,
      findingDigest: v.findingDigest,
      analyst: v.analyst,
      createdAt: v.createdAt
    })
    const entry = hashedAt.get(v.ledgerIndex)
    if (entry?.type !== 'verified' || entry.record !== v.id || entry.contentSha256 !== derived || v.contentSha256 !== derived)
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        evidenceId: v.evidenceId,
        index: v.ledgerIndex,
        message: `verification record ${v.id} of evidence ${v.evidenceId}: its content no longer hashes to what ledger entry ${v.ledgerIndex} recorded (edited in the database?)`
      })
  }
  for (const l of repo.incidentLinks()) {
    seen.add(l.id)
    const derived = linkContentSha256({
      id: l.id,
      from: l.from,
      to: l.to,
      type: l.type as LinkType,
      category: l.category ?? undefined,
      fromCategory: l.fromCategory ?? undefined,
      createdAt: l.createdAt,
      createdBy: l.createdBy,
      removedAt: l.removedAt ?? undefined,
      removedBy: l.removedBy ?? undefined
    })
    const index = l.removedLedgerIndex ?? l.ledgerIndex
    const expectedType = l.removedLedgerIndex === null ? 'incident-linked' : 'incident-link-removed'
    const entry = hashedAt.get(index)
    if (entry?.type !== expectedType || entry.record !== l.id || entry.contentSha256 !== derived || l.contentSha256 !== derived)
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        index,
        message: `incident link ${l.id}: its content no longer hashes to what ledger entry ${index} recorded (edited in the database?)`
      })
  }
  for (const a of repo.contextAssessments()) {
    seen.add(a.id)
    let evidenceIds: string[] = []
    try {
      evidenceIds = JSON.parse(a.evidenceIds) as string[]
    } catch {
      evidenceIds = [a.evidenceIds] // unreadable: hashes to something else, reported below
    }
    const derived = assessmentContentSha256({
      id: a.id,
      pattern: a.pattern,
      incident: a.incident ?? undefined,
      element: a.element as ContextElement,
      status: a.status as ContextStatus,
      reason: (a.reason ?? undefined) as OverrideReason | undefined,
      evidenceIds,
      assessor: a.assessor,
      assessedAt: a.assessedAt
    })
    const entry = hashedAt.get(a.ledgerIndex)
    if (entry?.type !== 'context-assessed' || entry.record !== a.id || entry.contentSha256 !== derived || a.contentSha256 !== derived)
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        index: a.ledgerIndex,
        message: `contextual-element assessment ${a.id} of pattern ${a.pattern}: its content no longer hashes to what ledger entry ${a.ledgerIndex} recorded (edited in the database?)`
      })
  }
  for (const c of repo.custodyEvents()) {
    seen.add(c.id)
    let codes: CustodyCodes | undefined
    try {
      codes = JSON.parse(c.codes) as CustodyCodes
    } catch {
      codes = undefined // an unreadable row cannot hash to what was recorded
    }
    const derived =
      codes === undefined
        ? ''
        : custodyEventContentSha256({
            id: c.id,
            evidenceId: c.evidenceId,
            type: c.type as CustodyEventType,
            occurredAt: c.occurredAt,
            codes,
            itemSha256: c.itemSha256 ?? undefined,
            sealedDigest: c.sealedDigest,
            recordedBy: c.recordedBy,
            recordedAt: c.recordedAt
          })
    const entry = hashedAt.get(c.ledgerIndex)
    if (
      entry === undefined ||
      !CUSTODY_EVENT_ENTRIES.has(entry.type) ||
      entry.record !== c.id ||
      entry.contentSha256 !== derived ||
      c.contentSha256 !== derived
    )
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        evidenceId: c.evidenceId,
        index: c.ledgerIndex,
        message: `custody event ${c.id} of evidence ${c.evidenceId}: its content no longer hashes to what ledger entry ${c.ledgerIndex} recorded (edited in the database?)`
      })
  }
  problems.push(...registerProblems(repo, hashedAt, seen))
  problems.push(...depictsProblems(sqlite, hashedAt, seen))
  for (const [index, e] of hashedAt) {
    if (typeof e.record === 'string' && !seen.has(e.record)) {
      seen.add(e.record)
      problems.push({
        code: 'SANAD_ERR_RECORD_MISSING',
        index,
        message: `ledger entry ${index} records ${RECORD_NAME[e.type] ?? 'a record'} ${e.record}, but no such record exists (deleted?)`
      })
    }
  }
  return problems
}

/**
 * The perpetrators' register (organisations, units, positions) and involvement records against the
 * content hash of their latest ledger entry, re-derived from the row as stored. A record the migration
 * moved and the server has not sealed yet (no hash) is reported too: it has no custody yet.
 */
function registerProblems(
  repo: ReturnType<typeof verifyRepo>,
  hashedAt: Map<number, { type: string; record: unknown; contentSha256: unknown }>,
  seen: Set<string>
): Problem[] {
  if (!repo.hasTable('involvements')) return []
  const problems: Problem[] = []
  const check = (what: string, id: string, index: number | null, type: string, derived: string, stored: string | null): void => {
    seen.add(id)
    const entry = index === null ? undefined : hashedAt.get(index)
    // A position's title sealed anew (key rotation, migration) points at its `position-resealed` entry.
    const typeOk = entry?.type === type || (type === 'position-recorded' && entry?.type === 'position-resealed')
    if (!typeOk || entry === undefined || entry.record !== id || entry.contentSha256 !== derived || stored !== derived)
      problems.push({
        code: 'SANAD_ERR_RECORD_LEDGER_MISMATCH',
        ...(index === null ? {} : { index }),
        message:
          index === null
            ? `${what} ${id} has no ledger entry yet (moved by a migration and not sealed: start the server once)`
            : `${what} ${id}: its content no longer hashes to what ledger entry ${index} recorded (edited in the database?)`
      })
  }
  for (const o of repo.organisations()) {
    const derived = organisationContentSha256({
      id: o.id,
      kind: o.kind as OrganisationKind,
      type: o.type as PerpetratorType,
      organ: o.organ ?? undefined,
      name: o.name,
      parent: o.parentId ?? undefined,
      origin: o.origin,
      createdAt: o.createdAt,
      createdBy: o.createdBy
    })
    check('organisation', o.id, o.ledgerIndex, 'organisation-recorded', derived, o.contentSha256)
  }
  for (const p of repo.positions()) {
    const derived = positionContentSha256({
      id: p.id,
      person: p.person,
      organisation: p.organisation,
      title: p.title,
      from: p.fromDate ?? undefined,
      to: p.toDate ?? undefined,
      createdAt: p.createdAt,
      createdBy: p.createdBy
    })
    check('position', p.id, p.ledgerIndex, 'position-recorded', derived, p.contentSha256)
  }
  for (const v of repo.involvements()) {
    const derived = involvementContentSha256({
      id: v.id,
      incident: v.incident,
      person: v.person ?? undefined,
      organisation: v.organisation ?? undefined,
      mode: v.mode as LiabilityMode,
      category: v.category ?? undefined,
      element: v.element ?? undefined,
      from: v.periodFrom ?? undefined,
      to: v.periodTo ?? undefined,
      exhibits: JSON.parse(v.exhibits) as string[],
      sources: JSON.parse(v.sources) as string[],
      origin: v.origin,
      legacyInvolvement: v.legacyInvolvement ?? undefined,
      legacyIndex: v.legacyIndex ?? undefined,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      retractedAt: v.retractedAt ?? undefined,
      retractedBy: v.retractedBy ?? undefined
    })
    const retracted = v.retractedLedgerIndex !== null
    check(
      'involvement record',
      v.id,
      retracted ? v.retractedLedgerIndex : v.ledgerIndex,
      retracted ? 'involvement-retracted' : 'involvement-recorded',
      derived,
      v.contentSha256
    )
  }
  return problems
}
