import { csvCell } from '../../lib/export/csv.ts'
import type { Rendering } from './translation-labels.ts'
import type { Duplex } from 'node:stream'
import { writeBag, type BagPayloadFile, type BagSummary } from '../../lib/export/bagit.ts'
import { PACKAGE_PARTS as P } from '../../lib/export/export-manifest.ts'
import { VERIFY_HTML, VERIFY_PACKAGE_MJS } from '../../lib/export/verifier/verifier-files.ts'
import type { DossierSnapshot, Organisation, SnapshotExhibit } from './dossier.ts'

/**
 * The evidence package: a zipped BagIt bag (RFC 8493) of one dossier.
 *
 *   <bag>/bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-*.txt
 *   <bag>/data/dossier.pdf        the PDF dossier
 *   <bag>/data/manifest.json      the signed manifest (RFC 8785 canonical JSON)
 *   <bag>/data/manifest.sig       its detached Ed25519 signature (base64)
 *   <bag>/data/checkpoint.txt     the signed ledger checkpoint every proof refers to
 *   <bag>/data/checkpoint.tsr     RFC 3161 timestamp of that checkpoint, when one exists
 *   <bag>/data/custody.json       every exhibit's custody entries with inclusion proofs
 *   <bag>/data/exhibits.csv       one row per exhibit, with an empty recipient_ref column for ERNs
 *   <bag>/data/README.txt         what is here and how to verify it
 *   <bag>/data/verify-package.mjs the stand-alone command-line verifier (Node.js, no dependencies)
 *   <bag>/data/verify.html        the stand-alone browser verifier (offline, from a file:// URL)
 *   <bag>/data/exhibits/E<n>-…    the exhibit files (originals or shared copies, per profile)
 *
 * Manifest paths of exhibit files are relative to data/. Past 4 GiB or 65,534 files the ZIP uses ZIP64
 * structures (see server/lib/export/bagit.ts).
 */

export type PackageInput = {
  zipPath: string
  /** Passed to writeBag: how the ZIP is encoded for storage (sealed at rest). */
  encode?: () => Duplex
  bagName: string
  snapshot: DossierSnapshot
  pdf: Uint8Array
  manifest: Uint8Array
  signature: string
  checkpoint: string
  timestampResponse: Uint8Array | null
  custody: Uint8Array
  /** Path on disk of each carried exhibit file, by exhibit number. */
  exhibitPath: (number: string) => string
  organisation: Organisation
  onProgress?: (done: number, total: number) => void
}

/** A contact that is one e-mail address goes in bag-info's Contact-Email. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * One row per exhibit (carried or listed by hash only), after the export specification of legal.md.
 * `item_id` is this dossier's number; `stable_id` the organisation-wide id, the same in every dossier.
 * Court metadata Sanad records is filled in as far as the profile discloses it (empty otherwise).
 */
export function exhibitsCsv(snap: DossierSnapshot): string {
  // The elements each exhibit is linked to, as category/element, in the order the dossier prints them.
  const elements = new Map<string, string[]>()
  for (const inc of snap.incidents)
    for (const l of inc.links)
      for (const n of l.exhibits) {
        const list = elements.get(n) ?? []
        const key = `${l.category}/${l.element}`
        if (!list.includes(key)) list.push(key)
        elements.set(n, list)
      }
  const header = [
    'item_id',
    'stable_id',
    'evidence_id',
    'incident_reference',
    'name',
    'media_type',
    'size_bytes',
    'sha256',
    'sha512',
    'carried',
    'file_path',
    'file_sha256',
    'file_size_bytes',
    'ingest_ledger_index',
    'collected_at',
    'collected_by',
    'source_type',
    'captured_at',
    'duration_seconds',
    'withheld_reason',
    'linked_elements',
    'verification_status',
    'verification_phases',
    'related_items',
    'recipient_ref'
  ]
  const row = (e: SnapshotExhibit): Array<string | number | undefined> => [
    e.number,
    e.stableId,
    e.evidenceId,
    e.incidentReference,
    e.name,
    e.mediaType,
    e.size,
    e.sha256,
    e.sha512,
    e.variant,
    e.file === null ? undefined : `data/${e.file.path}`,
    e.file?.sha256,
    e.file?.size,
    e.ingestIndex,
    e.collectedAt,
    e.collectedBy,
    e.source?.type,
    e.metadata?.capturedAt,
    e.metadata?.durationSeconds,
    e.withheldReason,
    (elements.get(e.number) ?? []).join(';'),
    e.verification?.status ?? 'unverified',
    (e.verification?.phases ?? []).join(';'),
    relatedItems(e.number, snap.renderings ?? []),
    undefined
  ]
  return [header, ...snap.exhibits.map(row)].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/**
 * Related items of an exhibit (#17 item 6, ICC e-Court practice): `translation-of:E5` on a
 * translation (`transcript-of:`, `transcript-and-translation-of:`), `translation:E6` on its original;
 * `;`-separated. An original outside the dossier is named by nothing (the PDF says so).
 */
function relatedItems(number: string, renderings: readonly Rendering[]): string {
  const out: string[] = []
  for (const r of renderings) {
    if (r.number === number) out.push(`${r.kind}-of:${r.original ?? ''}`)
    if (r.original === number) out.push(`${r.kind}:${r.number}`)
  }
  return out.join(';')
}

export function packageReadme(snap: DossierSnapshot): string {
  const c = snap.case
  const carried = snap.exhibits.filter((e) => e.file !== null).length
  const withheld = snap.exhibits.length - carried
  return [
    `Evidence package of case ${c.reference}: ${c.title}`,
    '',
    `Recipient: ${c.recipient}. Disclosure profile: ${c.profile}.${c.revision === undefined ? '' : ` Case revision ${c.revision}.`} Generated ${snap.generatedAt} by ${snap.generator.name} ${snap.generator.version}.`,
    `Incidents: ${snap.incidents.length}. Exhibits: ${snap.exhibits.length} (${carried} carried as files, ${withheld} listed by their hashes only).`,
    '',
    'This is a BagIt bag (RFC 8493): manifest-sha256.txt and manifest-sha512.txt list every file under data/',
    'with its checksums, and any BagIt validator (e.g. the Library of Congress bagit-python) checks them.',
    '',
    'data/dossier.pdf      the case file (the same manifest, signature and checkpoint are attached to it)',
    'data/manifest.json    the signed manifest: case, incidents, exhibits with SHA-256 and SHA-512, the ledger',
    '                      checkpoint, and for every exhibit its ingest entry with an inclusion proof',
    'data/manifest.sig     Ed25519 signature (base64) over "sanad-manifest-v1\\n" followed by manifest.json',
    'data/checkpoint.txt   the signed ledger checkpoint (C2SP signed note) the proofs refer to',
    'data/checkpoint.tsr   RFC 3161 timestamp of checkpoint.txt (present when the checkpoint was timestamped):',
    '                      openssl ts -verify -data checkpoint.txt -in checkpoint.tsr -CAfile TSA-ROOT.pem',
    'data/custody.json     every custody ledger entry of every exhibit up to the checkpoint, with inclusion proofs',
    "data/exhibits.csv     one row per exhibit; recipient_ref is left empty for the receiving office's numbers",
    'data/exhibits/        the exhibit files: originals, or copies with embedded metadata removed, per the profile',
    '',
    'data/verify.html      a verifier for any current browser, offline: open it, drop PACKAGE.zip on it, read every check',
    'data/verify-package.mjs  the same checks on the command line, with Node.js 18 or later and nothing else:',
    '                      node verify-package.mjs PACKAGE.zip --key "LEDGER-VERIFIER-KEY"   (exit 0 = every check passed)',
    '                      Both travel inside what they check: compare their SHA-256 with the ones the issuer',
    '                      publishes, or use copies obtained from the issuer, before relying on their verdict.',
    '',
    'To verify offline with Sanad itself: npm run verify-export -- PACKAGE.zip --key "LEDGER-VERIFIER-KEY"',
    "The signature covers manifest.json and the exhibit files, not this README, exhibits.csv or the PDF's pages.",
    `To check every byte of the package, ask the issuer for its receipt (GET /api/v1/dossiers/${snap.dossierId}/receipt)`,
    'and add --receipt RECEIPT.json: it proves the ledger recorded this exact package when it was exported.',
    `Ledger verifier key named by this export: ${snap.verifierKey}`,
    'Obtain the key independently (from the organisation that issued the package) before relying on it.',
    ''
  ].join('\n')
}

export async function writePackage(input: PackageInput): Promise<BagSummary> {
  const snap = input.snapshot
  const files: BagPayloadFile[] = [
    { path: P.readme, source: Buffer.from(packageReadme(snap), 'utf8') },
    { path: P.dossier, source: input.pdf },
    { path: P.manifest, source: input.manifest },
    { path: P.signature, source: Buffer.from(`${input.signature}\n`, 'utf8') },
    { path: P.checkpoint, source: Buffer.from(input.checkpoint, 'utf8') },
    ...(input.timestampResponse === null ? [] : [{ path: P.timestamp, source: input.timestampResponse }]),
    { path: P.custody, source: input.custody },
    { path: P.exhibits, source: Buffer.from(exhibitsCsv(snap), 'utf8') },
    // The same bytes in every package of one Sanad version, so an issuer can publish their hashes.
    { path: P.verifierScript, source: Buffer.from(VERIFY_PACKAGE_MJS, 'utf8') },
    { path: P.verifierPage, source: Buffer.from(VERIFY_HTML, 'utf8') }
  ]
  for (const e of snap.exhibits) if (e.file !== null) files.push({ path: e.file.path, source: input.exhibitPath(e.number) })
  const c = snap.case
  return await writeBag({
    zipPath: input.zipPath,
    ...(input.encode === undefined ? {} : { encode: input.encode }),
    name: input.bagName,
    files,
    baggingDate: new Date(snap.generatedAt),
    info: {
      sourceOrganization: input.organisation.name,
      ...(input.organisation.focalPoint === '' ? {} : { contactName: input.organisation.focalPoint }),
      ...(EMAIL.test(input.organisation.contact) ? { contactEmail: input.organisation.contact } : {}),
      externalIdentifier: c.reference,
      externalDescription: `Case file ${c.reference} for ${c.recipient} (${c.profile} disclosure profile)`,
      internalSenderIdentifier: snap.dossierId,
      bagGroupIdentifier: c.id,
      other: [
        ...(input.organisation.contact === '' || EMAIL.test(input.organisation.contact)
          ? []
          : [['Sanad-Organisation-Contact', input.organisation.contact] as [string, string]]),
        ['Sanad-Recipient', c.recipient],
        ['Sanad-Disclosure-Profile', c.profile],
        ...(c.revision === undefined ? [] : [['Sanad-Case-Revision', String(c.revision)] as [string, string]]),
        ['Sanad-Generated-At', snap.generatedAt],
        ['Sanad-Manifest-SHA256', snap.manifestSha256],
        ['Sanad-Checkpoint-Size', String(snap.checkpoint.size)],
        ['Sanad-Verifier-Key', snap.verifierKey]
      ]
    },
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress })
  })
}
