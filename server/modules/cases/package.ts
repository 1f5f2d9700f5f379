import type { Duplex } from 'node:stream'
import { writeBag, type BagPayloadFile, type BagSummary } from '../../lib/export/bagit.ts'
import { PACKAGE_PARTS as P } from '../../lib/export/export-manifest.ts'
import { VERIFY_HTML, VERIFY_PACKAGE_MJS } from '../../lib/export/verifier/verifier-files.ts'
import { buildStatement, sha256Hex, type PackageStatement } from '../../lib/export/package-statement.ts'
import { exhibitsCsv } from './exhibits-csv.ts'
import type { DossierSnapshot, Organisation } from './dossier.ts'

/**
 * The evidence package: a zipped BagIt bag (RFC 8493) of one dossier.
 *
 *   <bag>/bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-*.txt
 *   <bag>/data/dossier.pdf        the PDF dossier
 *   <bag>/data/dossier.receipt.json  the PDF's receipt: its `dossier-pdf-issued` ledger entry, proven in a signed checkpoint
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
 *   <bag>/data/package-statement.json  every other file under data/ with its SHA-256 and size (canonical JSON)
 *   <bag>/data/package-statement.sig   its Ed25519 signature by the ledger's key (base64)
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
  /** The PDF's receipt (its `dossier-pdf-issued` entry, proven), carried as data/dossier.receipt.json. */
  pdfReceipt: Uint8Array
  manifest: Uint8Array
  signature: string
  checkpoint: string
  timestampResponse: Uint8Array | null
  custody: Uint8Array
  /** Path on disk of each carried exhibit file, by exhibit number. */
  exhibitPath: (number: string) => string
  organisation: Organisation
  /** Signs the package statement with the organisation's ledger key (the key of checkpoints and manifests). */
  signStatement: (statement: PackageStatement) => { bytes: Uint8Array; signature: string }
  onProgress?: (done: number, total: number) => void
}

/** A contact that is one e-mail address goes in bag-info's Contact-Email. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

// exhibits.csv is built by the pure exhibits-csv.ts (the PDF attaches the same bytes).
export { exhibitsCsv } from './exhibits-csv.ts'

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
    'data/dossier.receipt.json  the receipt of the PDF: its ledger entry (SHA-256 and size of dossier.pdf) with an',
    "                      inclusion proof in a signed checkpoint that extends the manifest's; every verifier checks it",
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
    'data/package-statement.json  every other file under data/ (this README, the PDF, exhibits.csv, the exhibits)',
    '                      with its SHA-256 and size, the case, its revision and the dossier; package-statement.sig is',
    '                      its Ed25519 signature by the same key over "sanad-package-statement-v1\\n" and its bytes.',
    'A file added, removed or changed after signing fails every verifier, which names the file.',
    `The issuer's receipt of the whole ZIP (GET /api/v1/dossiers/${snap.dossierId}/receipt, then --receipt RECEIPT.json)`,
    'also proves the ledger recorded this exact package when it was exported.',
    `Ledger verifier key named by this export: ${snap.verifierKey}`,
    'Obtain the key independently (from the organisation that issued the package) before relying on it.',
    ''
  ].join('\n')
}

export async function writePackage(input: PackageInput): Promise<BagSummary> {
  const snap = input.snapshot
  const own: Array<{ path: string; source: Uint8Array }> = [
    { path: P.readme, source: Buffer.from(packageReadme(snap), 'utf8') },
    { path: P.dossier, source: input.pdf },
    { path: P.pdfReceipt, source: input.pdfReceipt },
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
  const files: BagPayloadFile[] = [...own]
  const c = snap.case
  // The statement lists every file: the package's own parts hashed here, the exhibit files by the
  // hashes the signed manifest already records for them (the same bytes are streamed into the bag).
  const listed = own.map((f) => ({ path: f.path, sha256: sha256Hex(f.source), size: f.source.length }))
  for (const e of snap.exhibits)
    if (e.file !== null) {
      files.push({ path: e.file.path, source: input.exhibitPath(e.number) })
      listed.push({ path: e.file.path, sha256: e.file.sha256, size: e.file.size })
    }
  const statement = input.signStatement(
    buildStatement({
      dossierId: snap.dossierId,
      case: { id: c.id, reference: c.reference, revision: c.revision ?? 1 },
      generatedAt: snap.generatedAt,
      verifierKey: snap.verifierKey,
      manifestSha256: snap.manifestSha256,
      files: listed
    })
  )
  files.push(
    { path: P.statement, source: statement.bytes },
    { path: P.statementSignature, source: Buffer.from(`${statement.signature}\n`, 'utf8') }
  )
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
