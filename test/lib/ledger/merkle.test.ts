import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import {
  MemoryTree,
  appendNodes,
  consistencyProblem,
  consistencyProof,
  emptyRoot,
  inclusionProblem,
  inclusionProof,
  leafHash,
  nodeHash,
  rootAt,
  verifyConsistency,
  verifyInclusion,
  type MerkleStore
} from '../../../server/lib/ledger/merkle.ts'

interface Vectors {
  hasher: Record<string, string>
  leaves_hex: string[]
  roots_by_tree_size: Record<string, string>
  inclusion_proofs_0_based_index: Array<{ index: number; tree_size: number; proof: string[] }>
  consistency_proofs: Array<{ size1: number; size2: number; proof: string[] }>
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/rfc6962_vectors.json', import.meta.url), 'utf8')) as Vectors
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (s: string): Buffer => Buffer.from(s, 'hex')
const hexes = (bs: Uint8Array[]): string[] => bs.map(hex)

/** The same tree seen through leaves only, so every node is recomputed. */
function leavesOnly(tree: MerkleStore): MerkleStore {
  return {
    get size() {
      return tree.size
    },
    leaf: (i) => tree.leaf(i)
  }
}

/** A tree of n leaves whose data is the big-endian index. */
function treeOf(n: number): MemoryTree {
  const tree = new MemoryTree()
  for (let i = 0; i < n; i++) tree.append(leafHash(Buffer.from(i.toString(16).padStart(8, '0'), 'hex')))
  return tree
}

const vectorTree = MemoryTree.from(vectors.leaves_hex.map((h) => leafHash(unhex(h))))

t.test('hasher known answers', async (t) => {
  t.equal(hex(emptyRoot()), vectors.hasher.empty_root)
  t.equal(hex(leafHash(new Uint8Array())), vectors.hasher.empty_leaf_hash)
  t.equal(hex(leafHash(Buffer.from('L123456'))), vectors.hasher["leaf_hash('L123456')"])
  t.equal(hex(nodeHash(Buffer.from('N123'), Buffer.from('N456'))), vectors.hasher["hash_children('N123','N456')"])
})

t.test('roots for every size', async (t) => {
  t.equal(hex(rootAt(vectorTree, 0)), vectors.hasher.empty_root)
  for (const [size, root] of Object.entries(vectors.roots_by_tree_size)) {
    t.equal(hex(rootAt(vectorTree, Number(size))), root, `size ${size} with nodes`)
    t.equal(hex(rootAt(leavesOnly(vectorTree), Number(size))), root, `size ${size} from leaves`)
  }
})

t.test('inclusion proof vectors: generation and verification', async (t) => {
  for (const v of vectors.inclusion_proofs_0_based_index) {
    const name = `leaf ${v.index} of ${v.tree_size}`
    const root = unhex(vectors.roots_by_tree_size[String(v.tree_size)]!)
    t.same(hexes(inclusionProof(vectorTree, v.index, v.tree_size)), v.proof, `${name} generated`)
    t.same(hexes(inclusionProof(leavesOnly(vectorTree), v.index, v.tree_size)), v.proof, `${name} generated from leaves`)
    t.equal(inclusionProblem(vectorTree.leaf(v.index), v.index, v.tree_size, v.proof.map(unhex), root), null, `${name} verifies`)
  }
})

t.test('consistency proof vectors: generation and verification', async (t) => {
  for (const v of vectors.consistency_proofs) {
    const name = `${v.size1} -> ${v.size2}`
    const r1 = unhex(vectors.roots_by_tree_size[String(v.size1)]!)
    const r2 = unhex(vectors.roots_by_tree_size[String(v.size2)]!)
    t.same(hexes(consistencyProof(vectorTree, v.size1, v.size2)), v.proof, `${name} generated`)
    t.same(hexes(consistencyProof(leavesOnly(vectorTree), v.size1, v.size2)), v.proof, `${name} generated from leaves`)
    t.equal(consistencyProblem(v.size1, v.size2, v.proof.map(unhex), r1, r2), null, `${name} verifies`)
  }
})

t.test('verifiers explain failures precisely', async (t) => {
  const root8 = rootAt(vectorTree, 8)
  const proof = inclusionProof(vectorTree, 0, 8)
  t.match(inclusionProblem(vectorTree.leaf(0), 8, 8, proof, root8), /not below tree size 8/)
  t.match(inclusionProblem(vectorTree.leaf(0), 0, 8, [...proof, proof[0]!], root8), /too long/)
  t.match(inclusionProblem(vectorTree.leaf(0), 0, 8, proof.slice(0, 2), root8), /too short/)
  t.match(inclusionProblem(vectorTree.leaf(1), 0, 8, proof, root8), /does not match the expected root/)
  t.match(inclusionProblem(vectorTree.leaf(0), 0, 8, [Buffer.alloc(3)], root8), /proof hash 0 must be 32 bytes/)
  t.match(inclusionProblem(vectorTree.leaf(0), -1, 8, proof, root8), /non-negative safe integer/)
  t.equal(verifyInclusion(vectorTree.leaf(0), 0, 1, [], rootAt(vectorTree, 1)), true, 'single leaf, empty proof')

  const r6 = rootAt(vectorTree, 6)
  const c = consistencyProof(vectorTree, 6, 8)
  t.match(consistencyProblem(8, 6, c, root8, r6), /larger than second size/)
  t.match(consistencyProblem(6, 8, [], r6, root8), /empty/)
  t.match(consistencyProblem(6, 8, c, root8, root8), /first root/)
  t.match(consistencyProblem(6, 8, c, r6, r6), /second root/)
  t.match(consistencyProblem(6, 8, [...c, c[0]!], r6, root8), /too long/)
  t.match(consistencyProblem(6, 8, c.slice(0, 2), r6, root8), /too short|root/)
  t.equal(consistencyProblem(5, 5, [], rootAt(vectorTree, 5), rootAt(vectorTree, 5)), null, 'equal sizes')
  t.match(consistencyProblem(5, 5, [], rootAt(vectorTree, 5), root8), /different roots/)
  t.equal(consistencyProblem(0, 8, [], emptyRoot(), root8), null, 'from the empty tree')
  t.match(consistencyProblem(0, 8, [], root8, root8), /not the empty-tree root/)
  t.equal(verifyConsistency(0, 0, [], emptyRoot(), emptyRoot()), true)
})

t.test('generators reject out-of-range arguments', async (t) => {
  t.throws(() => inclusionProof(vectorTree, 8, 8), /not below tree size/)
  t.throws(() => inclusionProof(vectorTree, 0, 9), /beyond the store size/)
  t.throws(() => consistencyProof(vectorTree, 5, 4), /larger than second size/)
  t.throws(() => rootAt(vectorTree, 9), /beyond the store size/)
  t.throws(() => rootAt(vectorTree, 1.5), /safe integer/)
  t.same(consistencyProof(vectorTree, 0, 8), [])
  t.same(consistencyProof(vectorTree, 8, 8), [])
  t.throws(() => new MemoryTree().append(Buffer.alloc(31)), /32 bytes/)
})

t.test('appendNodes builds exactly the completed perfect subtrees', async (t) => {
  const tree = treeOf(7)
  const created = appendNodes(7, leafHash(Buffer.from('x')), (l, i) => tree.node(l, i) ?? (l === 0 ? tree.leaf(i) : undefined))
  t.same(
    created.map((n) => [n.level, n.index]),
    [
      [1, 3],
      [2, 1],
      [3, 0]
    ]
  )
  t.same(
    appendNodes(8, leafHash(Buffer.from('y')), () => undefined),
    [],
    'a left child completes nothing'
  )
  t.throws(() => appendNodes(1, leafHash(Buffer.from('y')), () => undefined), /missing node \(level 0, index 0\)/)
  tree.append(leafHash(Buffer.from('x')))
  t.equal(hex(tree.node(3, 0)!), hex(created[2]!.hash))
  t.equal(hex(tree.root()), hex(rootAt(leavesOnly(tree), 8)))
})

t.test('property: proofs for random trees verify; corrupted ones fail', async (t) => {
  const trees = new Map<number, MemoryTree>()
  const big = treeOf(300)
  for (let n = 0; n <= 300; n++) trees.set(n, big) // prefixes of one tree share nodes

  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.nat(), (size, a, b, bit) => {
      const tree = trees.get(size)!
      const index = a % size
      const root = rootAt(tree, size)
      if (!root.equals(rootAt(leavesOnly(tree), size))) return false
      const proof = inclusionProof(tree, index, size)
      if (hexes(proof).join() !== hexes(inclusionProof(leavesOnly(tree), index, size)).join()) return false
      if (!verifyInclusion(tree.leaf(index), index, size, proof, root)) return false
      if (size > 1 && verifyInclusion(tree.leaf(index), (index + 1 + (b % (size - 1))) % size, size, proof, root)) return false
      if (proof.length > 0) {
        const bad = proof.map((p) => Buffer.from(p))
        const which = bad[bit % bad.length]!
        which[(bit >> 3) % 32]! ^= 1 << (bit % 8)
        if (verifyInclusion(tree.leaf(index), index, size, bad, root)) return false
      }
      return true
    }),
    { numRuns: 400 }
  )

  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.nat(), (x, y, bit) => {
      const from = Math.min(x, y)
      const to = Math.max(x, y)
      const r1 = rootAt(big, from)
      const r2 = rootAt(big, to)
      const proof = consistencyProof(big, from, to)
      if (hexes(proof).join() !== hexes(consistencyProof(leavesOnly(big), from, to)).join()) return false
      if (!verifyConsistency(from, to, proof, r1, r2)) return false
      if (proof.length > 0) {
        const bad = proof.map((p) => Buffer.from(p))
        const which = bad[bit % bad.length]!
        which[(bit >> 3) % 32]! ^= 1 << (bit % 8)
        if (verifyConsistency(from, to, bad, r1, r2)) return false
        // A proof for one pair of sizes must not pass for a different first size.
        if (from > 1 && verifyConsistency(from - 1, to, proof, rootAt(big, from - 1), r2)) return false
      }
      return true
    }),
    { numRuns: 400 }
  )
  t.pass('properties hold')
})

t.test('incremental tree equals recomputation at every size', async (t) => {
  const tree = new MemoryTree()
  for (let n = 1; n <= 130; n++) {
    tree.append(leafHash(Buffer.from([n])))
    t.equal(hex(tree.root()), hex(rootAt(leavesOnly(tree), n)), `size ${n}`)
  }
})

t.test('proofs at 1,000,000 leaves need O(log n) lookups and are fast', async (t) => {
  // A fake store of a million leaves that counts lookups; node hashes are
  // synthetic, which is fine for cost accounting.
  let lookups = 0
  const fake = (level: number, index: number): Buffer => {
    lookups++
    return leafHash(Buffer.from(`${level}/${index}`))
  }
  const store: MerkleStore = { size: 1_000_000, leaf: (i) => fake(0, i), node: (l, i) => fake(l, i) }
  const times: number[] = []
  let worst = 0
  for (let k = 0; k < 200; k++) {
    const index = Math.floor((k * 999_983) % 1_000_000)
    lookups = 0
    const start = performance.now()
    inclusionProof(store, index, 1_000_000)
    rootAt(store, 1_000_000)
    times.push(performance.now() - start)
    worst = Math.max(worst, lookups)
  }
  lookups = 0
  consistencyProof(store, 654_321, 1_000_000)
  t.ok(lookups <= 60, `consistency proof used ${lookups} lookups`)
  t.ok(worst <= 60, `inclusion proof + root used at most ${worst} lookups`)
  times.sort((a, b) => a - b)
  const p95 = times[Math.floor(times.length * 0.95)]!
  t.ok(p95 < 5, `p95 ${p95.toFixed(3)} ms < 5 ms`)
})
