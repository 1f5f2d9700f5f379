// Checks, with no trust in the server beyond the verifier key, that custody entries are in the
// ledger: each entry's canonical bytes hash to its leaf, each inclusion proof leads to the root of
// the signed checkpoint, and the checkpoint's Ed25519 signature verifies.

import { canonicalJson } from './canonical-json.ts'
import { leafHash, inclusionProblemHex } from './merkle.ts'
import { openCheckpoint, type Checkpoint, type Ed25519Subtle, type VerifierKey } from './signed-note.ts'
import { toHex, utf8 } from './bytes.ts'

export type CustodyItem = { index: number; leafHash: string; entry: Record<string, unknown>; proof: string[] }
export type CustodyAnswer = { evidenceId: string; checkpoint: string; size: number; items: CustodyItem[] }

export type ItemCheck = {
  index: number
  /** The entry's RFC 8785 bytes hash to the leaf hash the server gave. */
  leafMatches: boolean
  /** The inclusion proof leads from that leaf to the checkpoint's root. */
  included: boolean
  problem: string | null
}

export type CustodyCheck = {
  checkpoint: Checkpoint | null
  /** Why the checkpoint could not be trusted (bad signature, malformed), or null. */
  checkpointProblem: string | null
  items: ItemCheck[]
  ok: boolean
}

export function entryLeafHash(entry: unknown): string {
  return toHex(leafHash(utf8(canonicalJson(entry))))
}

export async function checkCustody(answer: CustodyAnswer, key: VerifierKey, subtle?: Ed25519Subtle): Promise<CustodyCheck> {
  let checkpoint: Checkpoint | null = null
  let checkpointProblem: string | null = null
  try {
    checkpoint = await openCheckpoint(answer.checkpoint, key, subtle)
    if (checkpoint.size !== answer.size)
      checkpointProblem = `the answer names tree size ${answer.size} but the checkpoint is of size ${checkpoint.size}`
  } catch (err) {
    checkpointProblem = (err as Error).message
  }
  const items = answer.items.map((item): ItemCheck => {
    let computed: string
    try {
      computed = entryLeafHash(item.entry)
    } catch (err) {
      return { index: item.index, leafMatches: false, included: false, problem: (err as Error).message }
    }
    const leafMatches = computed === item.leafHash.toLowerCase()
    if (!leafMatches)
      return {
        index: item.index,
        leafMatches,
        included: false,
        problem: `entry ${item.index} hashes to ${computed}, not to the leaf hash ${item.leafHash} given with it`
      }
    if (!checkpoint)
      return { index: item.index, leafMatches, included: false, problem: 'no verified checkpoint to check the proof against' }
    const problem = inclusionProblemHex(computed, item.index, checkpoint.size, item.proof, checkpoint.rootHash)
    return { index: item.index, leafMatches, included: problem === null, problem }
  })
  return { checkpoint, checkpointProblem, items, ok: checkpointProblem === null && items.every((i) => i.included) }
}
