// RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification.
//
// Terminology: a "node" (level, index) is the root of the perfect subtree that
// covers leaves [index * 2^level, (index + 1) * 2^level). Level 0 nodes are leaf
// hashes. Once all of its leaves exist a node never changes, so a store may keep
// every such node as it is created (see appendNodes) and answer root and proof
// queries with O(log n) lookups instead of rehashing O(n) leaves.
//
// Proofs are computed in two steps: the *shape* of a proof (which leaf ranges
// its hashes cover) is pure arithmetic on sizes; the hashes of those ranges are
// then folded from stored nodes. The streaming ledger verifier reuses the shape
// functions to know in advance which nodes it must keep.

import { createHash } from 'node:crypto'

export const HASH_SIZE = 32

/** A half-open leaf range [start, end) as produced by the RFC 9162 split rule. */
export type LeafRange = readonly [start: number, end: number]

/** Identifies the perfect subtree of 2^level leaves starting at leaf index * 2^level. */
export interface NodeRef {
  level: number
  index: number
}

export interface NewNode extends NodeRef {
  hash: Buffer
}

/**
 * Read access to a log's leaf hashes and, optionally, to cached perfect-subtree
 * hashes. `node` may return undefined for any node it has not stored; the
 * caller then recomputes it from its children (correct, just slower).
 */
export interface MerkleStore {
  /** Number of leaves currently in the log. */
  readonly size: number
  /** Leaf hash (already domain-separated, i.e. leafHash(data)) of leaf `index`. */
  leaf(index: number): Uint8Array
  /** Hash of the perfect subtree (level >= 1, index), if stored. */
  node?(level: number, index: number): Uint8Array | undefined
}

/** SHA-256(0x00 || data): RFC 6962 leaf hash. */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(0)).update(data).digest()
}

/** SHA-256(0x01 || left || right): RFC 6962 interior node hash. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest()
}

/** SHA-256 of the empty string: the root of a tree with no leaves. */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest()
}

// ---------------------------------------------------------------------------
// Size arithmetic. Plain arithmetic (not 32-bit bit operators) keeps every
// safe integer size valid.

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`)
  }
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** Math.round(Math.log2(n)) === n
}

/** Largest power of two strictly below n (the RFC 9162 split point k), n >= 2. */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/**
 * Decomposes an RFC-aligned range into perfect subtrees, left to right, each
 * as large as possible. The range hash is the right fold of these node hashes.
 */
export function rangeNodes(start: number, end: number): NodeRef[] {
  const out: NodeRef[] = []
  while (start < end) {
    const n = end - start
    const width = isPowerOfTwo(n) ? n : splitPoint(n)
    if (start % width !== 0) throw new RangeError(`range [${start}, ${end}) is not aligned to the RFC 9162 split`)
    out.push({ level: Math.log2(width), index: start / width })
    start += width
  }
  return out
}

/** Hash of a range given its rangeNodes hashes: H(n0, H(n1, ... H(nk-1, nk))). */
export function foldNodes(hashes: readonly Uint8Array[]): Buffer {
  const last = hashes[hashes.length - 1]
  if (last === undefined) throw new RangeError('cannot fold an empty list of nodes')
  let acc: Buffer = Buffer.from(last)
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc)
  return acc
}

/**
 * Ranges whose hashes form the inclusion proof PATH(index, D[0:size]) of
 * RFC 9162 §2.1.3.1, in proof order (leaf side first).
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  assertSize('size', size)
  assertSize('index', index)
  if (index >= size) throw new RangeError(`leaf index ${index} is not below tree size ${size}`)
  const topDown: LeafRange[] = []
  let start = 0
  let end = size
  while (end - start > 1) {
    const k = splitPoint(end - start)
    if (index < start + k) {
      topDown.push([start + k, end])
      end = start + k
    } else {
      topDown.push([start, start + k])
      start += k
    }
  }
  return topDown.reverse()
}

/**
 * Ranges whose hashes form the consistency proof PROOF(from, D[0:to]) of
 * RFC 9162 §2.1.4.1, in proof order. Empty when from is 0 or equals to.
 */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  assertSize('from', from)
  assertSize('to', to)
  if (from > to) throw new RangeError(`first size ${from} is larger than second size ${to}`)
  if (from === 0 || from === to) return []
  const topDown: LeafRange[] = []
  let start = 0
  let end = to
  let whole = true // RFC's b flag: are we still on the path that starts at leaf 0?
  for (;;) {
    if (from === end) {
      if (!whole) topDown.push([start, end])
      break
    }
    const k = splitPoint(end - start)
    if (from - start <= k) {
      topDown.push([start + k, end])
      end = start + k
    } else {
      topDown.push([start, start + k])
      start += k
      whole = false
    }
  }
  return topDown.reverse()
}

// ---------------------------------------------------------------------------
// Hashing against a store.

/** Hash of node (level, index): stored if available, otherwise rebuilt from children. */
export function nodeAt(store: MerkleStore, level: number, index: number): Buffer {
  if (level === 0) return Buffer.from(store.leaf(index))
  const cached = store.node?.(level, index)
  if (cached !== undefined) return Buffer.from(cached)
  return nodeHash(nodeAt(store, level - 1, 2 * index), nodeAt(store, level - 1, 2 * index + 1))
}

/** MTH of the leaves in an RFC-aligned range [start, end), end <= store.size. */
export function rangeHash(store: MerkleStore, start: number, end: number): Buffer {
  if (end > store.size) throw new RangeError(`range end ${end} is beyond the store size ${store.size}`)
  return foldNodes(rangeNodes(start, end).map((n) => nodeAt(store, n.level, n.index)))
}

/** Root hash MTH(D[0:size]) of the tree's first `size` leaves. */
export function rootAt(store: MerkleStore, size: number): Buffer {
  assertSize('size', size)
  if (size > store.size) throw new RangeError(`tree size ${size} is beyond the store size ${store.size}`)
  return size === 0 ? emptyRoot() : rangeHash(store, 0, size)
}

/** Inclusion proof for leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(store: MerkleStore, index: number, size: number): Buffer[] {
  if (size > store.size) throw new RangeError(`tree size ${size} is beyond the store size ${store.size}`)
  return inclusionRanges(index, size).map(([s, e]) => rangeHash(store, s, e))
}

/** Consistency proof between the trees of the first `from` and first `to` leaves. */
export function consistencyProof(store: MerkleStore, from: number, to: number): Buffer[] {
  if (to > store.size) throw new RangeError(`tree size ${to} is beyond the store size ${store.size}`)
  return consistencyRanges(from, to).map(([s, e]) => rangeHash(store, s, e))
}

// ---------------------------------------------------------------------------
// Appending.

/**
 * The perfect-subtree nodes (level >= 1) completed by appending leaf number
 * `size` (0-based) with hash `leaf`, lowest first. `getNode(level, index)` must
 * return already stored hashes, including level 0 (leaf hashes); only left
 * siblings on the new leaf's path are requested. A SQL store inserts the
 * returned rows in the same transaction as the leaf.
 */
export function appendNodes(size: number, leaf: Uint8Array, getNode: (level: number, index: number) => Uint8Array | undefined): NewNode[] {
  assertSize('size', size)
  assertHash('leaf hash', leaf)
  const out: NewNode[] = []
  let hash: Buffer = Buffer.from(leaf)
  let index = size
  let level = 0
  while (index % 2 === 1) {
    const left = getNode(level, index - 1)
    if (left === undefined) throw new RangeError(`appendNodes: missing node (level ${level}, index ${index - 1})`)
    hash = nodeHash(left, hash)
    index = (index - 1) / 2
    level += 1
    out.push({ level, index, hash })
  }
  return out
}

function assertHash(name: string, hash: Uint8Array): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new RangeError(`${name} must be ${HASH_SIZE} bytes`)
  }
}

/**
 * In-memory log keeping every perfect-subtree node (about 2n hashes for n
 * leaves). Used by tests and as the model for the SQLite-backed store.
 */
export class MemoryTree implements MerkleStore {
  // levels[0] are leaf hashes; levels[l][i] is node (l, i).
  private readonly levels: Buffer[][] = [[]]

  static from(leafHashes: Iterable<Uint8Array>): MemoryTree {
    const tree = new MemoryTree()
    for (const h of leafHashes) tree.append(h)
    return tree
  }

  get size(): number {
    return this.levels[0]!.length
  }

  leaf(index: number): Buffer {
    const h = this.levels[0]![index]
    if (h === undefined) throw new RangeError(`leaf ${index} is outside the tree of size ${this.size}`)
    return h
  }

  node(level: number, index: number): Buffer | undefined {
    return this.levels[level]?.[index]
  }

  /** Appends a leaf hash (not raw data) and returns its index. */
  append(leaf: Uint8Array): number {
    const index = this.size
    const created = appendNodes(index, leaf, (l, i) => this.levels[l]?.[i])
    this.levels[0]!.push(Buffer.from(leaf))
    for (const n of created) (this.levels[n.level] ??= []).push(n.hash)
    return index
  }

  root(size = this.size): Buffer {
    return rootAt(this, size)
  }
}

// ---------------------------------------------------------------------------
// Verification, following RFC 9162 §2.1.3.2 and §2.1.4.2 step by step.
//
// Each `*Problem` function returns null when the proof is valid and otherwise
// a precise English reason; the `verify*` wrappers return a boolean. Neither
// throws on bad input: a malformed proof is just an invalid proof.

type Hashes = readonly Uint8Array[]

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex')
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(b)
}

function badArgs(args: Record<string, number>, hashes: Record<string, Uint8Array>, proof: Hashes): string | null {
  for (const [name, v] of Object.entries(args)) {
    if (!Number.isSafeInteger(v) || v < 0) return `${name} must be a non-negative safe integer, got ${String(v)}`
  }
  for (const [name, h] of Object.entries(hashes)) {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) return `${name} must be ${HASH_SIZE} bytes`
  }
  for (let i = 0; i < proof.length; i++) {
    const p = proof[i]
    if (!(p instanceof Uint8Array) || p.length !== HASH_SIZE) return `proof hash ${i} must be ${HASH_SIZE} bytes`
  }
  return null
}

/** Why an inclusion proof fails (RFC 9162 §2.1.3.2), or null if it is valid. */
export function inclusionProblem(leaf: Uint8Array, index: number, size: number, proof: Hashes, root: Uint8Array): string | null {
  const bad = badArgs({ index, size }, { 'leaf hash': leaf, root }, proof)
  if (bad !== null) return bad
  if (index >= size) return `leaf index ${index} is not below tree size ${size}`
  let fn = index
  let sn = size - 1
  let r: Buffer = Buffer.from(leaf)
  for (let i = 0; i < proof.length; i++) {
    const p = proof[i]!
    if (sn === 0) return `proof is too long: ${proof.length} hashes, but leaf ${index} of ${size} needs ${i}`
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      // Shift past the levels where our subtree was the rightmost, unpaired one.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return `proof is too short: ${proof.length} hashes do not reach the root of a tree of size ${size}`
  if (!sameHash(r, root)) return `recomputed root ${hex(r)} does not match the expected root ${hex(root)}`
  return null
}

/** True if `proof` proves leaf `index` with hash `leaf` is in the tree of `size` with `root`. */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: Hashes, root: Uint8Array): boolean {
  return inclusionProblem(leaf, index, size, proof, root) === null
}

/**
 * Why a consistency proof fails (RFC 9162 §2.1.4.2), or null if it is valid.
 * The RFC defines proofs for 0 < from < to; we also accept the degenerate
 * cases with an empty proof: from == to with identical roots, and from == 0
 * when rootFrom is the empty-tree root (every tree extends the empty tree).
 */
export function consistencyProblem(from: number, to: number, proof: Hashes, rootFrom: Uint8Array, rootTo: Uint8Array): string | null {
  const bad = badArgs({ 'first size': from, 'second size': to }, { 'first root': rootFrom, 'second root': rootTo }, proof)
  if (bad !== null) return bad
  if (from > to) return `first size ${from} is larger than second size ${to}`
  if (from === to) {
    if (proof.length !== 0) return `proof between equal sizes must be empty, got ${proof.length} hashes`
    return sameHash(rootFrom, rootTo) ? null : `trees of equal size ${from} have different roots ${hex(rootFrom)} and ${hex(rootTo)}`
  }
  if (from === 0) {
    if (proof.length !== 0) return `proof from the empty tree must be empty, got ${proof.length} hashes`
    return sameHash(rootFrom, emptyRoot()) ? null : `first root ${hex(rootFrom)} is not the empty-tree root`
  }
  if (proof.length === 0) return 'proof is empty but the sizes differ'
  // Step 2: a power-of-two first tree is itself a node on the path.
  const path = isPowerOfTwo(from) ? [rootFrom, ...proof] : [...proof]
  let fn = from - 1
  let sn = to - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr: Buffer = Buffer.from(path[0]!)
  let sr: Buffer = Buffer.from(path[0]!)
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!
    if (sn === 0) return `proof is too long: ${proof.length} hashes for sizes ${from} -> ${to}`
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      // Shift past the levels where our subtree was the rightmost, unpaired one.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return `proof is too short: ${proof.length} hashes do not reach the root of a tree of size ${to}`
  if (!sameHash(fr, rootFrom)) return `proof yields first root ${hex(fr)}, expected ${hex(rootFrom)}`
  if (!sameHash(sr, rootTo)) return `proof yields second root ${hex(sr)}, expected ${hex(rootTo)}`
  return null
}

/** True if `proof` shows the tree (to, rootTo) extends the tree (from, rootFrom). */
export function verifyConsistency(from: number, to: number, proof: Hashes, rootFrom: Uint8Array, rootTo: Uint8Array): boolean {
  return consistencyProblem(from, to, proof, rootFrom, rootTo) === null
}
