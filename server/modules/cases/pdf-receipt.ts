import type { Sqlite } from '../../db/open.ts'
import type { LedgerService } from '../../ledger/service.ts'
import { PDF_ISSUED, RECEIPT_FORMAT, type ExportReceipt } from '../../lib/export/export-receipt.ts'
import type { DossierSnapshot } from './dossier.ts'

/**
 * The PDF's receipt that travels inside the package (data/dossier.receipt.json). The `exported` entry
 * records the package's own hash, so it can only be written after the package: the PDF is therefore
 * recorded first by a `dossier-pdf-issued` entry (its SHA-256 and size, the manifest, the anchoring
 * checkpoint), a checkpoint is signed over it, and the receipt proves that entry in that checkpoint
 * and the checkpoint's consistency with the one the manifest is anchored to. The package statement
 * then signs the receipt with every other file, so a PDF redrawn and re-bagged, a receipt altered or
 * a receipt removed each fails verification with only the package in hand.
 */
export function issuePdfReceipt(
  deps: { ledger: LedgerService; sqlite: Sqlite },
  input: { dossierId: string; actor: string; snapshot: DossierSnapshot; pdfSha256: string; pdfSize: number }
): Uint8Array {
  const snap = input.snapshot
  const { index } = deps.sqlite
    .transaction(() =>
      deps.ledger.append({
        type: PDF_ISSUED,
        actor: input.actor,
        subject: { kind: 'dossier', id: input.dossierId, sha256: input.pdfSha256 },
        details: {
          case: snap.case.id,
          reference: snap.case.reference,
          pdfSize: input.pdfSize,
          manifestSha256: snap.manifestSha256,
          checkpointSize: snap.checkpoint.size,
          caseRevision: snap.case.revision ?? 1
        }
      })
    )
    .immediate()
  const cp = deps.ledger.checkpoint()
  const entry = deps.ledger.entry(index)
  const receipt: ExportReceipt = {
    format: RECEIPT_FORMAT,
    dossierId: input.dossierId,
    entry: { index, leafHash: entry.leafHash, canonical: entry.canonical, proof: deps.ledger.inclusionProof(index, cp.size) },
    consistency: { from: snap.checkpoint.size, proof: deps.ledger.consistencyProof(snap.checkpoint.size, cp.size) },
    checkpoint: cp.note
  }
  return Buffer.from(`${JSON.stringify(receipt, null, 2)}\n`, 'utf8')
}
