// Offline, pure verification of a custody ledger and its signed checkpoints.
//
// Entries are consumed one at a time (LedgerVerifier.push) so a ledger of
// millions of entries is checked in O(log n) memory: the verifier keeps the
// Merkle "frontier" (the latest node of each level) plus the few perfect-subtree
// hashes that the checkpoints' roots and consistency proofs are made of, which
// it knows in advance from the checkpoint sizes.
//
// Trust model: only the verifier key is trusted. Stored leaf hashes, indices,
// chain links and checkpoint roots are all recomputed from the entries' bytes;
// every disagreement becomes a problem with a stable code and a precise message.

import { CanonicalJsonError } from './canonical-json.ts'
import { LedgerEntryError, ZERO_HASH, parseEntryBytes, type LedgerEntry } from './ledger-entry.ts'
import { appendNodes, consistencyProblem, consistencyRanges, emptyRoot, foldNodes, leafHash, rangeNodes, type NodeRef } from './merkle.ts'
import { NOTE_ERRORS, SignedNoteError, openCheckpoint, parseVerifierKey, type Checkpoint, type NoteVerifier } from './signed-note.ts'

export const LEDGER_PROBLEMS = {
  keyInvalid: 'SANAD_ERR_LEDGER_KEY_INVALID',
  indexGap: 'SANAD_ERR_LEDGER_INDEX_GAP',
  indexOrder: 'SANAD_ERR_LEDGER_INDEX_ORDER',
  indexMismatch: 'SANAD_ERR_LEDGER_INDEX_MISMATCH',
  leafMismatch: 'SANAD_ERR_LEDGER_LEAF_MISMATCH',
  entryNoncanonical: 'SANAD_ERR_LEDGER_ENTRY_NONCANONICAL',
  entryInvalid: 'SANAD_ERR_LEDGER_ENTRY_INVALID',
  chainBroken: 'SANAD_ERR_LEDGER_CHAIN_BROKEN',
  checkpointMalformed: 'SANAD_ERR_LEDGER_CHECKPOINT_MALFORMED',
  checkpointSignature: 'SANAD_ERR_LEDGER_CHECKPOINT_SIGNATURE',
  checkpointOrigin: 'SANAD_ERR_LEDGER_CHECKPOINT_ORIGIN',
  checkpointRollback: 'SANAD_ERR_LEDGER_CHECKPOINT_ROLLBACK',
  checkpointFork: 'SANAD_ERR_LEDGER_CHECKPOINT_FORK',
  checkpointRootMismatch: 'SANAD_ERR_LEDGER_CHECKPOINT_ROOT_MISMATCH',
  checkpointInconsistent: 'SANAD_ERR_LEDGER_CHECKPOINT_INCONSISTENT',
  truncated: 'SANAD_ERR_LEDGER_TRUNCATED',
  unanchored: 'SANAD_ERR_LEDGER_UNANCHORED'
} as const
export type LedgerProblemCode = (typeof LEDGER_PROBLEMS)[keyof typeof LEDGER_PROBLEMS]

/** One stored ledger row, as read from storage or an export. */
export interface StoredEntry {
  /** Index as stored alongside the bytes (e.g. the SQL column). */
  index: number
  /** The entry's canonical bytes as stored. */
  bytes: Uint8Array
  /** Leaf hash as stored: 32 bytes or 64 hex digits. */
  leafHash: Uint8Array | string
}

export interface LedgerProblem {
  code: LedgerProblemCode
  /** Ledger entry index the problem is about, when it is about one. */
  index?: number
  /** Position of the checkpoint in the given list, when it is about one. */
  checkpoint?: number
  message: string
}

export interface LedgerReport {
  ok: boolean
  problems: LedgerProblem[]
  checked: {
    entries: number
    checkpoints: number
    checkpointsVerified: number
    rootsMatched: number
    consistencyPairs: number
    /** Problems found beyond maxProblems and not listed. */
    problemsSuppressed: number
    /** Entries after the largest verified checkpoint: they chain and hash, but no signature covers them yet. */
    beyondLatestCheckpoint: number
  }
  /** Number of entries read and the root recomputed over them (hex). */
  size: number
  root: string
  /** Largest verified checkpoint, if any. */
  latestCheckpoint?: { checkpoint: number; size: number; rootHash: string }
}

export interface VerifyLedgerOptions {
  /** Signed checkpoint notes in the order they were issued. */
  checkpoints: readonly (string | Uint8Array)[]
  /**
   * Checkpoints an auditor kept from earlier, listed after `checkpoints` (positions continue). Each is
   * checked for its signature, its root at its size, a fork with a stored one and a ledger now shorter
   * than it; not for issue order, since an older one kept is the normal case, not a rollback.
   */
  kept?: readonly (string | Uint8Array)[]
  /** Verifier key string `name+keyid+base64`. */
  verifierKey: string
  /** Expected origin line; defaults to the first verified checkpoint's origin. */
  origin?: string
  /** Stop listing problems after this many (default 1000); the rest are counted. */
  maxProblems?: number
}

interface VerifiedCheckpoint {
  position: number
  checkpoint: Checkpoint
}

interface ConsistencyPair {
  from: VerifiedCheckpoint
  to: VerifiedCheckpoint
}

const nodeKey = (n: NodeRef): string => `${n.level}/${n.index}`
const short = (hexHash: string): string => `${hexHash.slice(0, 12)}…`

function hexOf(hash: Uint8Array | string): string {
  return typeof hash === 'string' ? hash.toLowerCase() : Buffer.from(hash).toString('hex')
}

/** Incremental ledger verifier: push entries in stored order, then finish(). */
export class LedgerVerifier {
  private readonly problems: LedgerProblem[] = []
  private readonly maxProblems: number
  private suppressed = 0
  private readonly verified: VerifiedCheckpoint[] = []
  private readonly pairs: ConsistencyPair[] = []
  private readonly checkpointCount: number
  private rootsMatched = 0
  private readonly rootMismatched = new Set<number>() // checkpoint positions
  private pairsChecked = 0
  // Stream state.
  private count = 0
  private lastIndex: number | undefined
  private prevLeafHex = ZERO_HASH
  private readonly frontier: Buffer[] = [] // latest node created at each level
  private readonly wanted = new Map<string, Buffer | undefined>()
  private readonly dueSizes = new Set<number>()
  private finished = false

  constructor(options: VerifyLedgerOptions) {
    this.maxProblems = options.maxProblems ?? 1000
    this.checkpointCount = options.checkpoints.length + (options.kept?.length ?? 0)
    const verifier = this.loadKey(options.verifierKey)
    if (verifier !== undefined) this.openCheckpoints(options.checkpoints, options.kept ?? [], verifier, options.origin)
    this.planCheckpointChecks()
  }

  /** Number of entries pushed so far (useful for progress reporting). */
  get entriesRead(): number {
    return this.count
  }

  private report(problem: LedgerProblem): void {
    if (this.problems.length < this.maxProblems) this.problems.push(problem)
    else this.suppressed += 1
  }

  private loadKey(text: string): NoteVerifier | undefined {
    try {
      return parseVerifierKey(text)
    } catch (err) {
      this.report({
        code: LEDGER_PROBLEMS.keyInvalid,
        message: `verifier key is unusable, no checkpoint can be verified: ${(err as Error).message}`
      })
      return undefined
    }
  }

  // -- Checkpoints: signatures, origin, rollback and fork need no entries. ---

  private openCheckpoints(
    notes: readonly (string | Uint8Array)[],
    kept: readonly (string | Uint8Array)[],
    verifier: NoteVerifier,
    origin: string | undefined
  ): void {
    let expectedOrigin = origin
    let highWater: VerifiedCheckpoint | undefined
    const rootBySize = new Map<number, VerifiedCheckpoint>()
    ;[...notes, ...kept].forEach((note, position) => {
      const opened = this.openOne(note, position, verifier, expectedOrigin)
      if (opened === undefined) return
      expectedOrigin ??= opened.checkpoint.origin
      const sameSize = rootBySize.get(opened.checkpoint.size)
      if (sameSize !== undefined && !sameSize.checkpoint.rootHash.equals(opened.checkpoint.rootHash)) {
        this.report({
          code: LEDGER_PROBLEMS.checkpointFork,
          checkpoint: position,
          message: `checkpoint #${position}: size ${opened.checkpoint.size} has a different root than checkpoint #${sameSize.position} of the same size (split view)`
        })
      }
      rootBySize.set(opened.checkpoint.size, opened)
      if (position >= notes.length) return
      if (highWater !== undefined && opened.checkpoint.size < highWater.checkpoint.size) {
        this.report({
          code: LEDGER_PROBLEMS.checkpointRollback,
          checkpoint: position,
          message: `checkpoint #${position}: size ${opened.checkpoint.size} is smaller than size ${highWater.checkpoint.size} already signed in checkpoint #${highWater.position} (rollback)`
        })
        return
      }
      if (highWater !== undefined && opened.checkpoint.size > highWater.checkpoint.size) this.pairs.push({ from: highWater, to: opened })
      highWater = opened
    })
  }

  private openOne(
    note: string | Uint8Array,
    position: number,
    verifier: NoteVerifier,
    origin: string | undefined
  ): VerifiedCheckpoint | undefined {
    try {
      const { checkpoint } = openCheckpoint(note, verifier, origin)
      const verified = { position, checkpoint }
      this.verified.push(verified)
      return verified
    } catch (err) {
      if (!(err instanceof SignedNoteError)) throw err
      const code =
        err.code === NOTE_ERRORS.badSignature || err.code === NOTE_ERRORS.unverified
          ? LEDGER_PROBLEMS.checkpointSignature
          : err.code === NOTE_ERRORS.checkpointOrigin
            ? LEDGER_PROBLEMS.checkpointOrigin
            : LEDGER_PROBLEMS.checkpointMalformed
      this.report({ code, checkpoint: position, message: `checkpoint #${position}: ${err.message}; it is ignored` })
      return undefined
    }
  }

  /** Registers the perfect-subtree nodes that the roots and consistency proofs need. */
  private planCheckpointChecks(): void {
    const want = (start: number, end: number): void => {
      for (const n of rangeNodes(start, end)) this.wanted.set(nodeKey(n), undefined)
    }
    for (const v of this.verified) {
      if (v.checkpoint.size === 0) this.checkRoot(v, emptyRoot())
      else want(0, v.checkpoint.size)
      this.dueSizes.add(v.checkpoint.size)
    }
    for (const pair of this.pairs) {
      for (const [s, e] of consistencyRanges(pair.from.checkpoint.size, pair.to.checkpoint.size)) want(s, e)
    }
  }

  // -- Entries. -------------------------------------------------------------

  /** Checks one stored entry; entries must be pushed in stored order. */
  push(entry: StoredEntry): void {
    if (this.finished) throw new Error('LedgerVerifier: push after finish')
    this.checkSequence(entry.index)
    const leaf = leafHash(entry.bytes)
    const leafHex = leaf.toString('hex')
    if (hexOf(entry.leafHash) !== leafHex) {
      this.report({
        code: LEDGER_PROBLEMS.leafMismatch,
        index: entry.index,
        message: `entry ${entry.index}: leaf hash does not match its canonical bytes (edited payload?)`
      })
    }
    const parsed = this.parse(entry)
    if (parsed !== undefined) this.checkContent(entry.index, parsed)
    this.prevLeafHex = leafHex
    this.appendLeaf(leaf)
  }

  private checkSequence(index: number): void {
    const expected = this.lastIndex === undefined ? 0 : this.lastIndex + 1
    if (index > expected) {
      const missing = index - 1 > expected ? `entries ${expected}..${index - 1} are` : `entry ${expected} is`
      this.report({
        code: LEDGER_PROBLEMS.indexGap,
        index: expected,
        message: `${missing} missing: the next stored entry is ${index} (deleted entries?)`
      })
    } else if (index < expected) {
      const message =
        index === expected - 1
          ? `entry ${index} is stored twice in a row (duplicated entry)`
          : `entry ${index} appears after entry ${expected - 1} (reordered or duplicated entries)`
      this.report({ code: LEDGER_PROBLEMS.indexOrder, index, message })
    }
    this.lastIndex = Math.max(index, this.lastIndex ?? -1)
  }

  private parse(entry: StoredEntry): LedgerEntry | undefined {
    try {
      return parseEntryBytes(entry.bytes)
    } catch (err) {
      if (err instanceof CanonicalJsonError) {
        this.report({ code: LEDGER_PROBLEMS.entryNoncanonical, index: entry.index, message: `entry ${entry.index}: ${err.message}` })
      } else if (err instanceof LedgerEntryError) {
        this.report({ code: LEDGER_PROBLEMS.entryInvalid, index: entry.index, message: `entry ${entry.index}: ${err.message}` })
      } else {
        throw err
      }
      return undefined
    }
  }

  private checkContent(index: number, entry: LedgerEntry): void {
    if (entry.index !== index) {
      this.report({
        code: LEDGER_PROBLEMS.indexMismatch,
        index,
        message: `entry ${index}: its canonical bytes carry index ${entry.index} (entries reordered or renumbered?)`
      })
    }
    if (entry.prevHash !== this.prevLeafHex) {
      const before = this.count === 0 ? 'the ledger start (ZERO_HASH)' : `the preceding entry's leaf hash ${short(this.prevLeafHex)}`
      this.report({
        code: LEDGER_PROBLEMS.chainBroken,
        index,
        message: `entry ${index}: prevHash ${short(entry.prevHash)} is not ${before} (chain broken: entry removed, swapped or rewritten?)`
      })
    }
  }

  /** Adds a leaf to the frontier, keeping wanted nodes, and runs checks due at this size. */
  private appendLeaf(leaf: Buffer): void {
    const created = [{ level: 0, index: this.count, hash: leaf }, ...appendNodes(this.count, leaf, (level) => this.frontier[level])]
    for (const n of created) {
      this.frontier[n.level] = n.hash
      const key = nodeKey(n)
      if (this.wanted.has(key)) this.wanted.set(key, n.hash)
    }
    this.count += 1
    if (this.dueSizes.has(this.count)) this.runChecksAt(this.count)
  }

  /** Hash of an RFC-aligned range from kept nodes; all exist once the range is complete. */
  private keptRangeHash(start: number, end: number): Buffer {
    return foldNodes(
      rangeNodes(start, end).map((n) => {
        const h = this.wanted.get(nodeKey(n))
        if (h === undefined) throw new Error(`LedgerVerifier: node ${nodeKey(n)} was not kept`)
        return h
      })
    )
  }

  private runChecksAt(size: number): void {
    const root = this.keptRangeHash(0, size)
    for (const v of this.verified) if (v.checkpoint.size === size) this.checkRoot(v, root)
    for (const pair of this.pairs) if (pair.to.checkpoint.size === size) this.checkPair(pair)
  }

  private checkRoot(v: VerifiedCheckpoint, root: Buffer): void {
    if (v.checkpoint.rootHash.equals(root)) {
      this.rootsMatched += 1
      return
    }
    this.rootMismatched.add(v.position)
    this.report({
      code: LEDGER_PROBLEMS.checkpointRootMismatch,
      checkpoint: v.position,
      message: `checkpoint #${v.position}: signed root ${short(v.checkpoint.rootHash.toString('hex'))} for size ${v.checkpoint.size} does not match the root ${short(root.toString('hex'))} recomputed from entries 0..${v.checkpoint.size - 1} (history rewritten?)`
    })
  }

  /**
   * Generates the RFC 9162 consistency proof from the entries and checks it
   * against both signed roots, as an external auditor holding only the two
   * checkpoints would. When both roots match the entries the pair is
   * necessarily consistent, so a failure already explained by a root
   * mismatch is not reported twice.
   */
  private checkPair({ from, to }: ConsistencyPair): void {
    const proof = consistencyRanges(from.checkpoint.size, to.checkpoint.size).map(([s, e]) => this.keptRangeHash(s, e))
    const problem = consistencyProblem(from.checkpoint.size, to.checkpoint.size, proof, from.checkpoint.rootHash, to.checkpoint.rootHash)
    this.pairsChecked += 1
    if (problem === null || this.rootMismatched.has(from.position) || this.rootMismatched.has(to.position)) return
    this.report({
      code: LEDGER_PROBLEMS.checkpointInconsistent,
      checkpoint: to.position,
      message: `checkpoints #${from.position} (size ${from.checkpoint.size}) and #${to.position} (size ${to.checkpoint.size}) are not consistent over the stored entries: ${problem}`
    })
  }

  // -- End of stream. -------------------------------------------------------

  /** Root over all entries read, folded from the frontier. */
  private currentRoot(): Buffer {
    if (this.count === 0) return emptyRoot()
    const nodes: Buffer[] = []
    for (let level = this.frontier.length - 1; level >= 0; level--) {
      if (Math.floor(this.count / 2 ** level) % 2 === 1) nodes.push(this.frontier[level]!)
    }
    return foldNodes(nodes)
  }

  /** Reports checkpoints beyond the last entry and returns the report. */
  finish(): LedgerReport {
    this.finished = true
    for (const v of this.verified) {
      if (v.checkpoint.size <= this.count) continue
      this.report({
        code: LEDGER_PROBLEMS.truncated,
        index: this.count,
        checkpoint: v.position,
        message: `checkpoint #${v.position} commits to ${v.checkpoint.size} entries but the ledger holds only ${this.count} (truncated tail or deleted entries)`
      })
    }
    const latest = this.verified.reduce<VerifiedCheckpoint | undefined>(
      (a, b) => (a === undefined || b.checkpoint.size > a.checkpoint.size ? b : a),
      undefined
    )
    // Without a verified checkpoint nothing ties the entries to the published key: the whole ledger
    // could have been rewritten and would still chain and hash correctly.
    if (this.count > 0 && latest === undefined) {
      this.report({
        code: LEDGER_PROBLEMS.unanchored,
        message: `${this.count} entries but no checkpoint verified with the given key: nothing shows this ledger is the one that was signed`
      })
    }
    return {
      ok: this.problems.length === 0 && this.suppressed === 0,
      problems: this.problems,
      checked: {
        entries: this.count,
        checkpoints: this.checkpointCount,
        checkpointsVerified: this.verified.length,
        rootsMatched: this.rootsMatched,
        consistencyPairs: this.pairsChecked,
        problemsSuppressed: this.suppressed,
        beyondLatestCheckpoint: Math.max(0, this.count - (latest?.checkpoint.size ?? 0))
      },
      size: this.count,
      root: this.currentRoot().toString('hex'),
      ...(latest === undefined
        ? {}
        : {
            latestCheckpoint: {
              checkpoint: latest.position,
              size: latest.checkpoint.size,
              rootHash: latest.checkpoint.rootHash.toString('hex')
            }
          })
    }
  }
}

/** Verifies a ledger given as any (lazy) iterable of stored entries. */
export function verifyLedger(entries: Iterable<StoredEntry>, options: VerifyLedgerOptions): LedgerReport {
  const verifier = new LedgerVerifier(options)
  for (const entry of entries) verifier.push(entry)
  return verifier.finish()
}

/** Same as verifyLedger for async sources (file streams, paged queries). */
export async function verifyLedgerAsync(
  entries: AsyncIterable<StoredEntry> | Iterable<StoredEntry>,
  options: VerifyLedgerOptions
): Promise<LedgerReport> {
  const verifier = new LedgerVerifier(options)
  for await (const entry of entries) verifier.push(entry)
  return verifier.finish()
}
