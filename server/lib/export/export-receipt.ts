// The receipt of an export: the `exported` custody ledger entry of a dossier, which records the
// SHA-256 and size of the PDF and of the evidence package as issued, with an RFC 9162 inclusion
// proof against a signed checkpoint. The manifest's signature covers the manifest and the exhibit
// files only (it travels inside the PDF, so it cannot cover the PDF); the receipt covers every byte
// of the PDF and of the package, pages, exhibits.csv and README.txt included. It is fetched after
// the export (GET /api/v1/dossiers/:id/receipt) and checked offline like everything else here:
// with the ledger's verifier key, Ed25519, SHA-256 and RFC 9162.
//
// Pure: the caller hashes the file and reads the receipt.

import { CanonicalJsonError } from '../ledger/canonical-json.ts'
import { HEX64, isObj, proofProblems } from './export-manifest.ts'
import { parseEntryBytes, type LedgerEntry } from '../ledger/ledger-entry.ts'
import { consistencyProblem, inclusionProblem, leafHash } from '../ledger/merkle.ts'
import { openCheckpoint, SignedNoteError } from '../ledger/signed-note.ts'
import type { ExportReceipt } from '../../types/schemas.ts'

export type { ExportReceipt }

export const RECEIPT_FORMAT = 'sanad-export-receipt/1'
/** The ledger entry of a dossier's PDF as issued: what the package's data/dossier.receipt.json proves. */
export const PDF_ISSUED = 'dossier-pdf-issued'

export const RECEIPT_ERRORS = {
  /** The receipt is malformed, or its checkpoint, leaf or proof does not verify. */
  receipt: 'SANAD_ERR_EXPORT_RECEIPT',
  /** The receipt verifies, but the file is not the one it records. */
  notAsIssued: 'SANAD_ERR_EXPORT_NOT_AS_ISSUED'
} as const
export type ReceiptErrorCode = (typeof RECEIPT_ERRORS)[keyof typeof RECEIPT_ERRORS]

export interface ReceiptCheck {
  /** What the receipt is checked against: the whole file, as hashed by the caller. */
  file: { kind: 'pdf' | 'package'; sha256: string; size: number }
  /** The ledger's verifier key (name+keyid+base64). */
  verifierKey: string
  /** SHA-256 of the manifest the export carries, when known: the entry must record the same. */
  manifestSha256?: string
  /**
   * The checkpoint the export's manifest is anchored to, when known: the receipt's consistency proof
   * must lead from it to the receipt's checkpoint (the ledger was only appended to in between).
   */
  anchor?: { size: number; rootHash: string }
}

export interface ReceiptReport {
  ok: boolean
  verified: string[]
  problems: Array<{ code: ReceiptErrorCode; message: string }>
  /** The ledger index of the `exported` entry, when the receipt is sound. */
  index?: number
  /** The size of the checkpoint the entry is proven in, when the receipt is sound. */
  checkpointSize?: number
}

/** Every reason `value` is not a well-formed receipt (empty when it is). Signatures and proofs are not checked here. */
export function receiptProblems(value: unknown): string[] {
  if (!isObj(value)) return ['the receipt must be a JSON object']
  const out: string[] = []
  for (const k of Object.keys(value))
    if (!['format', 'dossierId', 'entry', 'consistency', 'checkpoint'].includes(k))
      out.push(`the receipt has unexpected member ${JSON.stringify(k)}`)
  if (value.format !== RECEIPT_FORMAT) out.push(`format must be ${JSON.stringify(RECEIPT_FORMAT)}`)
  if (typeof value.dossierId !== 'string' || value.dossierId.length === 0) out.push('dossierId must be non-empty text')
  if (typeof value.checkpoint !== 'string' || value.checkpoint.length === 0) out.push('checkpoint must be a signed note')
  proofProblems(value.entry, 'entry', out)
  const c = value.consistency
  if (!isObj(c)) out.push('consistency must be an object')
  else {
    for (const k of Object.keys(c)) if (!['from', 'proof'].includes(k)) out.push(`consistency has unexpected member ${JSON.stringify(k)}`)
    if (typeof c.from !== 'number' || !Number.isSafeInteger(c.from) || c.from < 0)
      out.push('consistency.from must be a non-negative integer')
    if (!Array.isArray(c.proof) || !c.proof.every((h) => typeof h === 'string' && HEX64.test(h)))
      out.push('consistency.proof must be an array of 64-hex-digit hashes')
  }
  return out
}

/** Parses receipt JSON, throwing an Error naming every problem. */
export function parseReceipt(bytes: Uint8Array | string): ExportReceipt {
  let value: unknown
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'))
  } catch (err) {
    throw new Error(`the receipt is not JSON: ${(err as Error).message}`)
  }
  const problems = receiptProblems(value)
  if (problems.length > 0) throw new Error(problems.join('; '))
  return value as ExportReceipt
}

/**
 * Checks that the receipt's checkpoint is signed by `verifierKey`, that its entry is proven in it and
 * is the `exported` entry of its dossier, and that the entry records exactly the file given.
 */
export function verifyReceipt(receipt: ExportReceipt, check: ReceiptCheck): ReceiptReport {
  const verified: string[] = []
  const problems: ReceiptReport['problems'] = []
  const bad = (message: string): ReceiptReport => {
    problems.push({ code: RECEIPT_ERRORS.receipt, message })
    return { ok: false, verified, problems }
  }
  let size: number
  let root: Buffer
  try {
    const { checkpoint } = openCheckpoint(receipt.checkpoint, check.verifierKey)
    size = checkpoint.size
    root = checkpoint.rootHash
  } catch (err) {
    return bad(`the receipt's checkpoint does not verify with the key: ${err instanceof SignedNoteError ? err.message : String(err)}`)
  }
  const { index } = receipt.entry
  const canonical = Buffer.from(receipt.entry.canonical, 'base64')
  const leaf = leafHash(canonical)
  if (leaf.toString('hex') !== receipt.entry.leafHash)
    return bad(`the receipt's entry bytes do not hash to its leaf hash ${receipt.entry.leafHash}`)
  const why = inclusionProblem(
    leaf,
    index,
    size,
    receipt.entry.proof.map((h) => Buffer.from(h, 'hex')),
    root
  )
  if (why !== null) return bad(`ledger entry ${index} is not proven in the receipt's checkpoint of ${size} entries: ${why}`)
  let entry: LedgerEntry
  try {
    entry = parseEntryBytes(canonical)
  } catch (err) {
    return bad(
      `ledger entry ${index} is not a canonical ledger entry: ${err instanceof CanonicalJsonError ? err.message : (err as Error).message}`
    )
  }
  if (entry.index !== index) return bad(`the entry's own index is ${entry.index}, the receipt says ${index}`)
  // A PDF's receipt may also be its `dossier-pdf-issued` entry, written before the package so the package can carry it.
  const pdfIssued = entry.type === PDF_ISSUED && check.file.kind === 'pdf'
  if ((entry.type !== 'exported' && !pdfIssued) || entry.subject.kind !== 'dossier' || entry.subject.id !== receipt.dossierId) {
    return bad(
      `ledger entry ${index} is a ${JSON.stringify(entry.type)} entry about ${entry.subject.kind} ${entry.subject.id}, not the export of dossier ${receipt.dossierId}`
    )
  }
  verified.push(
    `The receipt's ledger entry ${index} records ${pdfIssued ? 'the PDF of' : 'the export of'} dossier ${receipt.dossierId} at ${entry.time} and is included in a checkpoint of ${size} entries signed by the same key.`
  )

  const d = entry.details
  const recorded =
    check.file.kind === 'pdf' ? { sha256: entry.subject.sha256, size: d.pdfSize } : { sha256: d.packageSha256, size: d.packageSize }
  const what = check.file.kind === 'pdf' ? 'PDF' : 'package'
  const wrong: string[] = []
  if (recorded.sha256 !== check.file.sha256)
    wrong.push(`its SHA-256 is ${check.file.sha256}, the ledger records ${String(recorded.sha256)}`)
  if (recorded.size !== check.file.size) wrong.push(`its size is ${check.file.size} bytes, the ledger records ${String(recorded.size)}`)
  if (check.manifestSha256 !== undefined && d.manifestSha256 !== check.manifestSha256)
    wrong.push(`it carries a manifest with SHA-256 ${check.manifestSha256}, the ledger records ${String(d.manifestSha256)}`)
  if (wrong.length > 0) {
    problems.push({
      code: RECEIPT_ERRORS.notAsIssued,
      message: `this ${what} is not the one dossier ${receipt.dossierId} exported: ${wrong.join('; ')}`
    })
    return { ok: false, verified, problems }
  }
  verified.push(
    `This ${what} is byte for byte the one exported (SHA-256 ${check.file.sha256}, ${check.file.size} bytes, as ledger entry ${index} records).`
  )

  // Checked after the file, so that another dossier's receipt is named as such first.
  if (check.anchor !== undefined) {
    const { from, proof } = receipt.consistency
    if (from !== check.anchor.size)
      return bad(
        `the receipt's consistency proof starts at a tree of ${from} entries, but the export is anchored to a checkpoint of ${check.anchor.size}`
      )
    const broken = consistencyProblem(
      from,
      size,
      proof.map((h) => Buffer.from(h, 'hex')),
      Buffer.from(check.anchor.rootHash, 'hex'),
      root
    )
    if (broken !== null)
      return bad(
        `the receipt's checkpoint does not extend the one the export is anchored to (${from} entries, root ${check.anchor.rootHash}): ${broken}`
      )
    verified.push(
      `The receipt's checkpoint extends the one the export is anchored to (consistency proof from ${from} to ${size} entries): the ledger was only appended to in between.`
    )
  }
  return { ok: true, verified, problems, index, checkpointSize: size }
}
