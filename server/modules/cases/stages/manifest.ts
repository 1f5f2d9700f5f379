import { MANIFEST_FORMAT, type ExportManifest, type ManifestExhibit } from '../../../lib/export/export-manifest.ts'
import type { RedactedSnapshot } from './redacted-snapshot.ts'

/**
 * Stage 3 of a dossier: the manifest (signed by the caller) and the custody document, made from the
 * redacted snapshot only, so they carry exactly the titles and names the PDF prints. Pure.
 */

/** Only exhibits whose bytes travel are signed; withheld ones are listed in custody.json by hash. */
export function manifestOf(snap: RedactedSnapshot): ExportManifest {
  const exhibits: ManifestExhibit[] = []
  for (const e of snap.exhibits) {
    if (e.file === null || e.variant === 'withheld') continue
    const me: ManifestExhibit = {
      number: e.number,
      evidenceId: e.evidenceId,
      name: e.name,
      mediaType: e.mediaType,
      size: e.size,
      sha256: e.sha256,
      sha512: e.sha512,
      variant: e.variant,
      file: e.file,
      ingest: e.ingest,
      attachedToPdf: e.placement === 'attached'
    }
    if (e.variant === 'shared' && e.derivation !== undefined) me.derivation = e.derivation
    exhibits.push(me)
  }
  const carried = new Set(exhibits.map((e) => e.number))
  return {
    format: MANIFEST_FORMAT,
    case: {
      id: snap.case.id,
      reference: snap.case.reference,
      title: snap.case.title,
      recipient: snap.case.recipient,
      profile: snap.case.profile,
      ...(snap.case.revision === undefined ? {} : { revision: snap.case.revision })
    },
    generatedAt: snap.generatedAt,
    generator: snap.generator,
    checkpoint: { note: snap.checkpoint.note, size: snap.checkpoint.size, rootHash: snap.checkpoint.rootHash },
    verifierKey: snap.verifierKey,
    incidents: snap.incidents.map((inc) => ({
      id: inc.id,
      revision: inc.revision,
      title: inc.title,
      exhibits: inc.exhibits.filter((x) => carried.has(x))
    })),
    exhibits
  }
}

/**
 * custody.json: every exhibit's custody entries with inclusion proofs. An entry that may hold free
 * text, or records a delivery, travels without its canonical bytes: its leaf hash and proof still
 * show that the ledger holds an entry there (scripts/verify-export.ts checks both kinds).
 */
export function custodyDocumentOf(snap: RedactedSnapshot): Record<string, unknown> {
  return {
    format: 'sanad-custody/1',
    case: snap.case.id,
    checkpoint: { size: snap.checkpoint.size, rootHash: snap.checkpoint.rootHash },
    exhibits: snap.exhibits.map((e) => ({
      number: e.number,
      evidenceId: e.evidenceId,
      sha256: e.sha256,
      sha512: e.sha512,
      size: e.size,
      mediaType: e.mediaType,
      carried: e.variant,
      ...(e.file === null ? {} : { file: e.file }),
      entries: e.custody.map((r) =>
        r.canonical === undefined
          ? { index: r.index, leafHash: r.leafHash, proof: r.proof }
          : { index: r.index, leafHash: r.leafHash, canonical: r.canonical, proof: r.proof }
      )
    }))
  }
}
