// RFC 6962 / RFC 9162 Merkle tree hashing and inclusion-proof verification, for the browser.
// leaf hash = SHA-256(0x00 ‖ data), node hash = SHA-256(0x01 ‖ left ‖ right).

import { sha256 } from '@noble/hashes/sha2'
import { concatBytes, equalBytes, fromHex, toHex } from './bytes.ts'

export const leafHash = (data: Uint8Array): Uint8Array => sha256(concatBytes(Uint8Array.of(0), data))
export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(concatBytes(Uint8Array.of(1), left, right))

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or a reason it cannot lead anywhere.
 * `leaf` is the leaf hash (already domain-separated), `index` 0-based, `size` the tree size.
 */
export function rootFromInclusionProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[]
): { root: Uint8Array } | { problem: string } {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size < 1)
    return { problem: `bad index ${index} or size ${size}` }
  if (index >= size) return { problem: `index ${index} is not below tree size ${size}` }
  if (leaf.length !== 32 || proof.some((p) => p.length !== 32)) return { problem: 'every hash must be 32 bytes' }
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return { problem: `proof is too long (${proof.length} hashes)` }
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) {
        // Right-most node of its level: climb until it is a right child or the root.
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return { problem: `proof is too short (${proof.length} hashes)` }
  return { root: r }
}

/** Why an inclusion proof fails, or null when `leaf` is entry `index` of the tree of `size` with `root`. */
export function inclusionProblem(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array
): string | null {
  const result = rootFromInclusionProof(leaf, index, size, proof)
  if ('problem' in result) return result.problem
  return equalBytes(result.root, root) ? null : `proof leads to root ${toHex(result.root)}, not ${toHex(root)}`
}

export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  return inclusionProblem(leaf, index, size, proof, root) === null
}

/** The same with hex strings, as the API answers them. */
export function inclusionProblemHex(
  leafHex: string,
  index: number,
  size: number,
  proofHex: readonly string[],
  root: Uint8Array
): string | null {
  try {
    return inclusionProblem(fromHex(leafHex), index, size, proofHex.map(fromHex), root)
  } catch (err) {
    return (err as Error).message
  }
}
