import t from 'tap'
import { readFileSync } from 'node:fs'
import { fromHex, toHex } from '../../../web/src/lib/bytes.ts'
import { inclusionProblem, leafHash, nodeHash, rootFromInclusionProof, verifyInclusion } from '../../../web/src/lib/merkle.ts'

type Vectors = {
  hasher: Record<string, string>
  leaves_hex: string[]
  roots_by_tree_size: Record<string, string>
  inclusion_proofs_0_based_index: { index: number; tree_size: number; proof: string[] }[]
}
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/rfc6962_vectors.json', import.meta.url), 'utf8')) as Vectors
const leaves = vectors.leaves_hex.map((h) => leafHash(fromHex(h)))
const root = (size: number): Uint8Array => fromHex(vectors.roots_by_tree_size[String(size)]!)

t.test('leaf and node hashes are the RFC 6962 ones', async (t) => {
  t.equal(toHex(leafHash(new Uint8Array())), vectors.hasher.empty_leaf_hash)
  t.equal(toHex(leafHash(new TextEncoder().encode('L123456'))), vectors.hasher["leaf_hash('L123456')"])
  t.equal(
    toHex(nodeHash(new TextEncoder().encode('N123'), new TextEncoder().encode('N456'))),
    vectors.hasher["hash_children('N123','N456')"]
  )
})

t.test('every published inclusion proof verifies against its root', async (t) => {
  for (const v of vectors.inclusion_proofs_0_based_index) {
    const proof = v.proof.map(fromHex)
    t.ok(verifyInclusion(leaves[v.index]!, v.index, v.tree_size, proof, root(v.tree_size)), `leaf ${v.index} in tree ${v.tree_size}`)
  }
})

t.test('a tree of one leaf: the leaf is the root, the proof is empty', async (t) => {
  t.ok(verifyInclusion(leaves[0]!, 0, 1, [], root(1)))
})

t.test('tampering with anything makes the proof fail, with a reason', async (t) => {
  const v = vectors.inclusion_proofs_0_based_index[1]!
  const proof = v.proof.map(fromHex)
  const r = root(v.tree_size)
  const flipped = Uint8Array.from(proof[0]!)
  flipped[0] = flipped[0]! ^ 1
  t.match(inclusionProblem(leaves[v.index]!, v.index, v.tree_size, [flipped, ...proof.slice(1)], r), /leads to root/)
  t.match(inclusionProblem(leaves[v.index + 1]!, v.index, v.tree_size, proof, r), /leads to root/, 'another leaf')
  t.not(inclusionProblem(leaves[v.index]!, v.index + 1, v.tree_size, proof, r), null, 'another index')
  t.match(inclusionProblem(leaves[v.index]!, v.index, v.tree_size, proof.slice(1), r), /too short|leads to root/)
  t.match(inclusionProblem(leaves[v.index]!, v.index, v.tree_size, [...proof, proof[0]!], r), /too long/)
  t.match(inclusionProblem(leaves[v.index]!, 8, 8, proof, r), /not below/)
  t.match(inclusionProblem(leaves[v.index]!, v.index, v.tree_size, proof, root(7)), /leads to root/, 'root of another size')
})

t.test('proofs computed for every leaf of every tree size up to 8 verify (built here from the vectors)', async (t) => {
  // Build proofs from the RFC 9162 definition, independently of the verifier.
  const mth = (items: Uint8Array[]): Uint8Array => {
    if (items.length === 1) return items[0]!
    let k = 1
    while (k * 2 < items.length) k *= 2
    return nodeHash(mth(items.slice(0, k)), mth(items.slice(k)))
  }
  const path = (m: number, items: Uint8Array[]): Uint8Array[] => {
    if (items.length === 1) return []
    let k = 1
    while (k * 2 < items.length) k *= 2
    return m < k ? [...path(m, items.slice(0, k)), mth(items.slice(k))] : [...path(m - k, items.slice(k)), mth(items.slice(0, k))]
  }
  for (let size = 1; size <= 8; size++) {
    const items = leaves.slice(0, size)
    t.equal(toHex(mth(items)), vectors.roots_by_tree_size[String(size)], `root of ${size}`)
    for (let i = 0; i < size; i++) {
      const got = rootFromInclusionProof(items[i]!, i, size, path(i, items))
      t.ok('root' in got && toHex(got.root) === vectors.roots_by_tree_size[String(size)], `leaf ${i} of ${size}`)
    }
  }
})
