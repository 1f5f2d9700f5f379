/**
 * Offline verification of a Sanad export — a dossier PDF or an evidence package (zipped BagIt bag) —
 * without the server, the database or the network. Exit code 0 = everything verified, 1 = something
 * is wrong (each problem named), 2 = usage.
 *
 *   npm run verify-export -- FILE [--key KEY|FILE] [--receipt FILE] [--tsa-ca FILE] [--json]
 */
import { parseArgs } from 'node:util'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { createHash } from 'node:crypto'
import { isUnsafe, readBag, readZipEntry, validateBag, type ZipEntry, type ZipReadOptions } from '../server/lib/export/bagit.ts'
import {
  EXPORT_ERRORS,
  EXPORT_PARTS,
  HEX64,
  PACKAGE_PARTS,
  parseManifest,
  verifyExport,
  type ExportManifest,
  type ExportProblem,
  type ExportReport,
  type FileSource
} from '../server/lib/export/export-manifest.ts'
import { parseReceipt, RECEIPT_ERRORS, verifyReceipt } from '../server/lib/export/export-receipt.ts'
import { checkStatement } from '../server/lib/export/package-statement.ts'
import { parseEntryBytes } from '../server/lib/ledger/ledger-entry.ts'
import { inclusionProblem, leafHash } from '../server/lib/ledger/merkle.ts'
import { readPdfAttachments } from '../server/lib/pdf/index.ts'
import { checkPdfSignature } from '../server/lib/pdf/pades.ts'
import { PdfAttachmentUnsafeError } from '../server/lib/pdf/attachments.ts'
import { parseVerifierKey } from '../server/lib/ledger/signed-note.ts'
import { parseTimestampResponse, verifyTimestampToken } from '../server/lib/ledger/timestamp.ts'

const usage = `usage: npm run verify-export -- FILE [options]

Checks a Sanad dossier PDF or evidence package (ZIP) offline: the PDF's own signature (PAdES: it must
cover the whole file, so a page changed after signing fails even without the receipt), the Ed25519 signature of its manifest,
the signed ledger checkpoint, the size, SHA-256 and SHA-512 of every exhibit file, the inclusion proof
of every exhibit's ingest entry (and of every custody entry) in that checkpoint, the RFC 3161 timestamp
of the checkpoint when there is one, and for a package every BagIt checksum.

  --key KEY|FILE   the ledger verifier key (name+keyid+base64) published by the issuing organisation,
                   or a file holding it; without it the key the export names is used (integrity only)
  --receipt FILE   the export's receipt (GET /api/v1/dossiers/ID/receipt): also checks that the whole
                   file, the PDF's pages and the package's exhibits.csv and README.txt included, is
                   byte for byte the one the ledger recorded as exported
  --tsa-ca FILE    PEM root certificate the RFC 3161 timestamp authority must chain to
  --json           print the report as JSON
  -h, --help       this text`

let values: { key?: string; receipt?: string; 'tsa-ca'?: string; json?: boolean; help?: boolean }
let positionals: string[]
try {
  const parsed = parseArgs({
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      receipt: { type: 'string' },
      'tsa-ca': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  values = parsed.values
  positionals = parsed.positionals
} catch (err) {
  console.error(`${(err as Error).message}\n\n${usage}`)
  process.exit(2)
}
if (values.help) {
  console.log(usage)
  process.exit(0)
}
if (positionals.length !== 1) {
  console.error(usage)
  process.exit(2)
}
const file = positionals[0]!
if (!existsSync(file)) {
  console.error(`no such file: ${file}`)
  process.exit(2)
}
// An empty --key (e.g. from a fetch that failed) must not silently mean "trust the export's own key".
if (values.key !== undefined && values.key.trim() === '') {
  console.error(`--key is empty: give the published verifier key or a file holding it\n\n${usage}`)
  process.exit(2)
}
if (values['tsa-ca'] !== undefined && !existsSync(values['tsa-ca'])) {
  console.error(`no such file: ${values['tsa-ca']} (--tsa-ca)`)
  process.exit(2)
}
if (values.receipt !== undefined && !existsSync(values.receipt)) {
  console.error(`no such file: ${values.receipt} (--receipt)`)
  process.exit(2)
}

const verified: string[] = []
const notes: string[] = []
const problems: ExportProblem[] = []
const BAG_INVALID = 'SANAD_ERR_EXPORT_BAG_INVALID'
const TIMESTAMP = 'SANAD_ERR_EXPORT_TIMESTAMP'
const UNLISTED = 'SANAD_ERR_EXPORT_FILE_UNLISTED'
// The parts an export carries besides the exhibit files the signed manifest lists.
const PACKAGE_PART_NAMES = new Set<string>(Object.values(PACKAGE_PARTS))
const PDF_PART_NAMES = new Set<string>(Object.values(EXPORT_PARTS))
/** Exhibit files of the export given on the command line (not of the PDF inside a package). */
const exhibitFiles = { listed: 0, present: 0 }
const CUSTODY = 'SANAD_ERR_EXPORT_CUSTODY'
/** A package whose ZIP claims more than its bytes can hold, or more than a part may have: read no further. */
const ZIP_UNSAFE = 'SANAD_ERR_EXPORT_ZIP_UNSAFE'
const PDF_UNSAFE = 'SANAD_ERR_EXPORT_PDF_UNSAFE'
const PDF_SIGNATURE = 'SANAD_ERR_EXPORT_PDF_SIGNATURE'
const MiB = 1024 * 1024
/**
 * The most bytes each part of a package may have. The text parts and the PDF are read into memory;
 * each limit is far above what Sanad writes for a large case (about 2,000 exhibits), and a larger
 * declared size refuses the package before anything is inflated. Exhibit files have no limit of
 * their own: they are hashed as they stream, within the ZIP's own bounds (see ZIP_LIMITS).
 */
const PART_LIMITS: Record<string, number> = {
  [PACKAGE_PARTS.manifest]: 64 * MiB,
  [PACKAGE_PARTS.signature]: 4 * 1024,
  [PACKAGE_PARTS.checkpoint]: 64 * 1024,
  [PACKAGE_PARTS.timestamp]: MiB,
  [PACKAGE_PARTS.custody]: 256 * MiB,
  [PACKAGE_PARTS.exhibits]: 64 * MiB,
  [PACKAGE_PARTS.readme]: MiB,
  [PACKAGE_PARTS.pdfReceipt]: MiB,
  [PACKAGE_PARTS.statement]: 64 * MiB,
  [PACKAGE_PARTS.statementSignature]: 4 * 1024,
  // Its attachments may take up to SANAD_DOSSIER_ATTACHMENT_BUDGET_BYTES (at most 2 GiB), plus the pages.
  [PACKAGE_PARTS.dossier]: 2.5 * 1024 * MiB
}
/** Names entries by their path inside the bag (`<bag>/data/manifest.json` is the part `manifest.json`). */
const partLimits: ZipReadOptions = {
  maxEntrySize: (name) => {
    const m = /^[^/]+\/data\/([^/]+)$/.exec(name)
    return m === null ? undefined : PART_LIMITS[m[1]!]
  }
}
const problem = (code: string, message: string): void => {
  problems.push({ code: code as ExportProblem['code'], message })
}

function keyFrom(value: string): string {
  return existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim()
}

/** The manifest of the export given on the command line, once read (a receipt must record the same). */
let topManifest: Uint8Array | null = null

/** The manifest's own key, when no trusted key was given (integrity only, said plainly). */
let warnedAboutKey = false
function chooseKey(manifestBytes: Uint8Array): string | null {
  if (values.key !== undefined) return keyFrom(values.key)
  try {
    const named = parseManifest(manifestBytes).verifierKey
    if (!warnedAboutKey)
      notes.push(
        `no --key given: checked against the key the export itself names (${named}). This shows the export is intact and consistent; to show who issued it, pass --key with the key the issuing organisation publishes.`
      )
    warnedAboutKey = true
    return named
  } catch {
    return null
  }
}

type Custody = {
  format: string
  checkpoint: { size: number; rootHash: string }
  exhibits: Array<{
    number: string
    evidenceId: string
    sha256: string
    sha512: string
    size: number
    mediaType: string
    carried: string
    entries: Array<{ index: number; leafHash: string; canonical?: string; proof: string[] }>
  }>
}

/** custody.json: every entry is a canonical ledger entry about its exhibit, proven in the signed checkpoint. */
function checkCustody(bytes: Uint8Array | null, manifest: ExportManifest, checkpointOk: boolean, where: string): void {
  if (bytes === null) {
    problem(CUSTODY, `${where}custody.json is missing`)
    return
  }
  let custody: Custody
  try {
    custody = JSON.parse(Buffer.from(bytes).toString('utf8')) as Custody
    if (custody.format !== 'sanad-custody/1' || !Array.isArray(custody.exhibits)) throw new Error('not a sanad-custody/1 document')
  } catch (err) {
    problem(CUSTODY, `${where}custody.json cannot be read: ${(err as Error).message}`)
    return
  }
  if (custody.checkpoint?.size !== manifest.checkpoint.size || custody.checkpoint?.rootHash !== manifest.checkpoint.rootHash) {
    problem(CUSTODY, `${where}custody.json refers to another checkpoint than the signed manifest`)
    return
  }
  if (!checkpointOk) return
  const root = Buffer.from(manifest.checkpoint.rootHash, 'hex')
  const inManifest = new Map(manifest.exhibits.map((e) => [e.number, e]))
  let entries = 0
  let hashOnly = 0
  let bad = 0
  const withheld: string[] = []
  // Every exhibit the manifest signs must have its custody here too.
  const inCustody = new Set(custody.exhibits.map((x) => x.number))
  for (const e of manifest.exhibits) {
    if (!inCustody.has(e.number)) {
      problem(CUSTODY, `${where}custody.json has no custody entries for exhibit ${e.number}, which the signed manifest lists`)
      bad++
    }
  }
  for (const x of custody.exhibits) {
    const m = inManifest.get(x.number)
    if (m !== undefined && (m.evidenceId !== x.evidenceId || m.sha256 !== x.sha256)) {
      problem(CUSTODY, `${where}custody.json describes exhibit ${x.number} differently from the signed manifest`)
      bad++
      continue
    }
    if (m === undefined && x.carried !== 'withheld') {
      problem(CUSTODY, `${where}custody.json lists exhibit ${x.number} as carried, but the signed manifest does not`)
      bad++
      continue
    }
    let ingestMatches = false
    for (const p of x.entries ?? []) {
      // An entry that may hold free text (or records a delivery) travels as its leaf hash and proof only.
      if (p.canonical === undefined) {
        const why =
          typeof p.leafHash !== 'string' || !HEX64.test(p.leafHash)
            ? 'its leaf hash is not 64 hex digits'
            : inclusionProblem(
                Buffer.from(p.leafHash, 'hex'),
                p.index,
                manifest.checkpoint.size,
                p.proof.map((h) => Buffer.from(h, 'hex')),
                root
              )
        if (why !== null) {
          problem(EXPORT_ERRORS.inclusion, `${where}custody entry ${p.index} of exhibit ${x.number}: ${why}`)
          bad++
          continue
        }
        hashOnly++
        continue
      }
      const canonical = Buffer.from(p.canonical, 'base64')
      const leaf = leafHash(canonical)
      const why =
        leaf.toString('hex') !== p.leafHash
          ? 'its leaf hash does not match its bytes'
          : inclusionProblem(
              leaf,
              p.index,
              manifest.checkpoint.size,
              p.proof.map((h) => Buffer.from(h, 'hex')),
              root
            )
      if (why !== null) {
        problem(EXPORT_ERRORS.inclusion, `${where}custody entry ${p.index} of exhibit ${x.number}: ${why}`)
        bad++
        continue
      }
      let entry
      try {
        entry = parseEntryBytes(canonical)
      } catch (err) {
        problem(
          EXPORT_ERRORS.ledgerEntry,
          `${where}custody entry ${p.index} of exhibit ${x.number} is not a ledger entry: ${(err as Error).message}`
        )
        bad++
        continue
      }
      if (entry.index !== p.index || entry.subject.id !== x.evidenceId) {
        problem(EXPORT_ERRORS.ledgerEntry, `${where}custody entry ${p.index} is not about exhibit ${x.number} (evidence ${x.evidenceId})`)
        bad++
        continue
      }
      if (entry.type === 'ingested' && entry.subject.sha256 === x.sha256 && entry.details.sha512 === x.sha512) ingestMatches = true
      entries++
    }
    if (!ingestMatches) {
      problem(CUSTODY, `${where}exhibit ${x.number}: no proven ingest entry records SHA-256 ${x.sha256}`)
      bad++
    } else if (x.carried === 'withheld') withheld.push(x.number)
  }
  if (bad === 0) {
    verified.push(
      `${where}custody.json: ${entries} custody entries of ${custody.exhibits.length} exhibits are ledger entries about those exhibits and are proven in the signed checkpoint.`
    )
    if (hashOnly > 0)
      verified.push(
        `${where}custody.json: ${hashOnly} more custody entries are given by leaf hash only (their details may hold free text or concern another recipient, so exports do not print them); each is proven to be in the signed checkpoint at its index.`
      )
  }
  if (withheld.length > 0) {
    notes.push(
      `${where}exhibits ${withheld.join(', ')} are not carried under the export's disclosure profile (no copy without metadata can be made, or image consent is missing): they are listed by hash only, and their proven ingest entries show the system received files with exactly those hashes.`
    )
  }
}

/** checkpoint.tsr: an RFC 3161 timestamp over the checkpoint note's exact bytes. */
async function checkTimestamp(tsr: Uint8Array | null, note: string, where: string): Promise<void> {
  if (tsr === null) {
    // Asked to check the authority's chain, there must be something to check.
    if (values['tsa-ca'] !== undefined)
      problem(TIMESTAMP, `${where}no RFC 3161 timestamp of the checkpoint is included, but --tsa-ca asked for one to be checked.`)
    else notes.push(`${where}no RFC 3161 timestamp of the checkpoint is included: the date rests on the issuer's clock.`)
    return
  }
  let token: Uint8Array | undefined
  try {
    const reply = parseTimestampResponse(tsr)
    token = reply.token ?? undefined
    if (!reply.granted || token === undefined) throw new Error(`status ${reply.statusName}`)
  } catch (err) {
    problem(TIMESTAMP, `${where}checkpoint.tsr is not a granted RFC 3161 timestamp response: ${(err as Error).message}`)
    return
  }
  const ca = values['tsa-ca']
  const check = await verifyTimestampToken(token, { data: Buffer.from(note, 'utf8'), ...(ca ? { trustedCa: readFileSync(ca) } : {}) })
  if (!check.ok) {
    for (const p of check.problems) problem(TIMESTAMP, `${where}checkpoint.tsr: ${p}`)
    return
  }
  verified.push(
    `${where}checkpoint.tsr: an RFC 3161 timestamp${check.tsaName ? ` by ${check.tsaName}` : ''} shows the signed checkpoint existed at ${check.genTime?.toISOString() ?? '?'} (signature, message imprint and signing-certificate binding verified${ca ? `; the authority chains to ${basename(ca)}` : ''}).`
  )
  if (!ca)
    notes.push(`${where}the timestamp authority's certificate chain was not checked; pass --tsa-ca with the authority's root certificate.`)
}

function checkpointOk(report: ExportReport): boolean {
  return (
    report.manifest !== undefined &&
    !report.problems.some(
      (p) => p.code === EXPORT_ERRORS.checkpoint || p.code === EXPORT_ERRORS.keyMismatch || p.code === EXPORT_ERRORS.manifestMalformed
    )
  )
}

function take(report: ExportReport, where: string, skipMissing: Set<string> = new Set()): void {
  for (const v of report.verified) verified.push(`${where}${v}`)
  for (const n of report.notes) notes.push(`${where}${n}`)
  for (const p of report.problems) {
    if (p.code === EXPORT_ERRORS.fileMissing && [...skipMissing].some((path) => p.message.includes(`file ${path} is missing`))) continue
    problems.push({ code: p.code, message: `${where}${p.message}` })
  }
}

/**
 * The PDF's own signature (PAdES): its byte range must cover the whole file and its digest match, so
 * a page drawn over, a re-saved file or bytes appended after signing fail without any receipt.
 */
async function checkPdfOwnSignature(bytes: Uint8Array, where: string): Promise<void> {
  const sig = await checkPdfSignature(bytes)
  if (!sig.signed) {
    problem(PDF_SIGNATURE, `${where}the PDF carries no signature of its own (PAdES): nothing shows its pages are as issued`)
    return
  }
  for (const p of sig.problems) problem(PDF_SIGNATURE, `${where}the PDF's own signature: ${p}`)
  if (sig.problems.length > 0) return
  verified.push(
    `${where}the PDF's own signature (${sig.subFilter ?? 'CMS'}) by "${sig.signer ?? '?'}"${sig.signingTime ? ` at ${sig.signingTime}` : ''} covers the whole file and verifies: no byte of it, pages included, changed since it was signed.`
  )
  if (sig.selfSigned)
    notes.push(
      `${where}the PDF is signed with a self-signed certificate: it shows the file is unchanged, not who signed it; compare the certificate with the one the issuing organisation publishes.`
    )
}

/** A dossier PDF: its attachments carry the manifest, signature, checkpoint, custody and exhibits. */
async function verifyPdf(bytes: Uint8Array, where = '', expectedManifest?: Uint8Array): Promise<void> {
  let attachments
  try {
    attachments = await readPdfAttachments(bytes)
  } catch (err) {
    if (err instanceof PdfAttachmentUnsafeError) {
      problem(PDF_UNSAFE, `${where}${err.message}`)
      return
    }
    problem(EXPORT_ERRORS.manifestMalformed, `${where}not a readable PDF: ${(err as Error).message}`)
    return
  }
  await checkPdfOwnSignature(bytes, where)
  const byName = new Map(attachments.map((a) => [a.name, a.bytes]))
  const manifestBytes = byName.get(EXPORT_PARTS.manifest)
  const signature = byName.get(EXPORT_PARTS.signature)
  if (manifestBytes === undefined || signature === undefined) {
    problem(
      EXPORT_ERRORS.fileMissing,
      `${where}the PDF has no ${manifestBytes === undefined ? 'manifest.json' : 'manifest.sig'} attachment: it is not a Sanad dossier, or it was stripped`
    )
    return
  }
  if (expectedManifest !== undefined) {
    if (Buffer.compare(Buffer.from(manifestBytes), Buffer.from(expectedManifest)) !== 0)
      problem(EXPORT_ERRORS.manifestMalformed, `${where}the manifest attached to the PDF differs from the package's manifest.json`)
    else verified.push(`${where}the PDF carries the same signed manifest as the package.`)
  }
  if (where === '') topManifest = manifestBytes
  const key = chooseKey(manifestBytes)
  if (key === null) {
    problem(EXPORT_ERRORS.manifestMalformed, `${where}manifest.json is not a Sanad manifest`)
    return
  }
  const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1)
  let manifest: ExportManifest | undefined
  try {
    manifest = parseManifest(manifestBytes)
  } catch {
    /* verifyExport reports it */
  }
  const notAttached = new Set((manifest?.exhibits ?? []).filter((e) => !byName.has(nameOf(e.file.path))).map((e) => e.file.path))
  const report = await verifyExport({
    manifestBytes,
    signature: Buffer.from(signature).toString('utf8'),
    verifierKey: key,
    files: async (path): Promise<FileSource> => byName.get(nameOf(path)) ?? null
  })
  take(report, where, notAttached)
  if (report.manifest === undefined) return
  const m = report.manifest
  // Two attachments of one name: a reader shows both, the check above hashed only one of them.
  const counts = new Map<string, number>()
  for (const a of attachments) counts.set(a.name, (counts.get(a.name) ?? 0) + 1)
  for (const [name, n] of counts)
    if (n > 1)
      problem(
        UNLISTED,
        `${where}the PDF carries ${n} attachments named "${name}": only one was issued, and which one a reader opens is not defined`
      )
  const attachedExhibits = new Set(m.exhibits.map((e) => nameOf(e.file.path)))
  for (const a of attachments) {
    if (!PDF_PART_NAMES.has(a.name) && !attachedExhibits.has(a.name))
      problem(UNLISTED, `${where}the PDF carries an attachment "${a.name}" that the signed manifest does not list`)
  }
  if (where === '') {
    exhibitFiles.listed = m.exhibits.length
    exhibitFiles.present = m.exhibits.length - notAttached.size
  }
  // The manifest signs which exhibits the PDF carries: one it says is attached and is not was removed.
  const removed = m.exhibits.filter((e) => notAttached.has(e.file.path) && e.attachedToPdf === true)
  for (const e of removed)
    problem(
      EXPORT_ERRORS.fileMissing,
      `${where}exhibit ${e.number} (${e.name}): the signed manifest says the PDF carries ${nameOf(e.file.path)} as an attachment, and it does not: the PDF was altered after it was issued`
    )
  const travelling = m.exhibits.filter((e) => notAttached.has(e.file.path) && e.attachedToPdf !== true)
  if (travelling.length > 0) {
    const numbers = travelling.map((e) => e.number)
    const signed = travelling.every((e) => e.attachedToPdf === false) ? ', as the signed manifest records' : ''
    notes.push(
      `${where}exhibits ${numbers.join(', ')} are not attached to this PDF (they did not fit its attachment budget${signed}): their hashes and ledger proofs were checked here; their files travel in the evidence package.`
    )
  }
  const cp = byName.get(EXPORT_PARTS.checkpoint)
  if (cp === undefined) problem(EXPORT_ERRORS.checkpoint, `${where}checkpoint.txt is not attached`)
  else if (Buffer.from(cp).toString('utf8') !== m.checkpoint.note)
    problem(EXPORT_ERRORS.checkpoint, `${where}checkpoint.txt differs from the checkpoint in the signed manifest`)
  checkCustody(byName.get(EXPORT_PARTS.custody) ?? null, m, checkpointOk(report), where)
  await checkTimestamp(byName.get(EXPORT_PARTS.timestamp) ?? null, m.checkpoint.note, where)
}

async function readAll(fh: FileHandle, entry: ZipEntry | undefined): Promise<Buffer | null> {
  if (entry === undefined) return null
  // readZipEntry never yields more than the declared size, which the part limits bound.
  const parts: Uint8Array[] = []
  for await (const c of readZipEntry(fh, entry)) parts.push(c)
  return Buffer.concat(parts)
}

/** data/dossier.receipt.json: the ledger's record of the PDF as exported, checked against data/dossier.pdf. */
function checkPdfReceipt(bytes: Buffer, pdf: Buffer, manifestBytes: Buffer): void {
  const where = `${PACKAGE_PARTS.pdfReceipt}: `
  let receipt
  try {
    receipt = parseReceipt(bytes)
  } catch (err) {
    problem(RECEIPT_ERRORS.receipt, `${where}not a Sanad export receipt: ${(err as Error).message}`)
    return
  }
  const key = chooseKey(manifestBytes)
  if (key === null) return
  let anchor: { size: number; rootHash: string } | undefined
  try {
    anchor = parseManifest(manifestBytes).checkpoint
  } catch {
    /* reported by the manifest checks */
  }
  const report = verifyReceipt(receipt, {
    file: { kind: 'pdf', sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length },
    verifierKey: key,
    manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
    ...(anchor === undefined ? {} : { anchor: { size: anchor.size, rootHash: anchor.rootHash } })
  })
  for (const v of report.verified) verified.push(`${where}${v}`)
  for (const p of report.problems) problem(p.code, `${where}${p.message}`)
}

/** An evidence package: a valid bag, the signed manifest over its files, and the PDF inside it. */
async function verifyPackage(path: string): Promise<void> {
  const bag = await validateBag(path, partLimits)
  if (bag.unsafe === true) {
    for (const p of bag.problems) problem(ZIP_UNSAFE, p)
    return
  }
  if (bag.valid)
    verified.push(
      `The BagIt bag "${bag.name}" is complete and valid (RFC 8493): ${bag.payloadFiles} payload files (${bag.payloadBytes} bytes) match their ${bag.algorithms.join(' and ')} checksums, and the tag manifests match.`
    )
  else for (const p of bag.problems) problem(BAG_INVALID, `BagIt: ${p}`)
  let structure
  try {
    structure = await readBag(path, partLimits)
  } catch (err) {
    if (isUnsafe(err)) problem(ZIP_UNSAFE, err.message)
    else problem(BAG_INVALID, `not a readable ZIP: ${(err as Error).message}`)
    return
  }
  const fh = await open(path, 'r')
  try {
    const entry = (rel: string): ZipEntry | undefined => structure.files.get(`data/${rel}`)
    const manifestBytes = await readAll(fh, entry(PACKAGE_PARTS.manifest))
    const signature = await readAll(fh, entry(PACKAGE_PARTS.signature))
    if (manifestBytes === null || signature === null) {
      problem(EXPORT_ERRORS.fileMissing, `the package has no data/${manifestBytes === null ? 'manifest.json' : 'manifest.sig'}`)
      return
    }
    topManifest = manifestBytes
    const key = chooseKey(manifestBytes)
    if (key === null) {
      problem(EXPORT_ERRORS.manifestMalformed, 'data/manifest.json is not a Sanad manifest')
      return
    }
    const report = await verifyExport({
      manifestBytes,
      signature: signature.toString('utf8'),
      verifierKey: key,
      files: async (p): Promise<FileSource> => {
        const e = entry(p)
        return e === undefined ? null : readZipEntry(fh, e)
      }
    })
    take(report, '')
    if (report.manifest === undefined) return
    const m = report.manifest
    // Everything under data/ is a known part of the package or an exhibit file the manifest lists.
    const listed = new Set(m.exhibits.map((e) => `data/${e.file.path}`))
    for (const name of structure.files.keys()) {
      if (name.startsWith('data/') && !PACKAGE_PART_NAMES.has(name.slice('data/'.length)) && !listed.has(name)) {
        problem(UNLISTED, `${name} is not listed in the signed manifest: it was not part of the export as issued`)
      }
    }
    exhibitFiles.listed = m.exhibits.length
    exhibitFiles.present = m.exhibits.filter((e) => structure.files.has(`data/${e.file.path}`)).length
    const cp = await readAll(fh, entry(PACKAGE_PARTS.checkpoint))
    if (cp === null) problem(EXPORT_ERRORS.checkpoint, 'data/checkpoint.txt is missing')
    else if (cp.toString('utf8') !== m.checkpoint.note)
      problem(EXPORT_ERRORS.checkpoint, 'data/checkpoint.txt differs from the checkpoint in the signed manifest')
    checkCustody(await readAll(fh, entry(PACKAGE_PARTS.custody)), m, checkpointOk(report), '')
    await checkTimestamp(await readAll(fh, entry(PACKAGE_PARTS.timestamp)), m.checkpoint.note, '')
    const pdf = await readAll(fh, entry(PACKAGE_PARTS.dossier))
    if (pdf === null) problem(EXPORT_ERRORS.fileMissing, 'data/dossier.pdf is missing')
    else {
      verified.push(`data/dossier.pdf (SHA-256 ${createHash('sha256').update(pdf).digest('hex')}) is checked next:`)
      const before = verified.length
      await verifyPdf(pdf, 'dossier.pdf: ', manifestBytes)
      // The package already reported what the PDF repeats; keep the PDF's own findings short.
      verified.splice(before, verified.length - before, ...verified.slice(before).filter((l) => !/^dossier\.pdf: exhibit /.test(l)))
    }
    // The PDF's receipt, when the package carries it: the PDF's pages are then covered too.
    const pdfReceipt = await readAll(fh, entry(PACKAGE_PARTS.pdfReceipt))
    if (pdfReceipt !== null && pdf !== null) checkPdfReceipt(pdfReceipt, pdf, manifestBytes)
    // The signed package statement: every file under data/, the PDF, README and exhibits.csv included.
    const digests = new Map<string, { sha256: string; size: number }>()
    for (const [name, e] of structure.files) {
      if (!name.startsWith('data/')) continue
      const h = createHash('sha256')
      let size = 0
      for await (const c of readZipEntry(fh, e)) {
        h.update(c)
        size += c.length
      }
      digests.set(name.slice('data/'.length), { sha256: h.digest('hex'), size })
    }
    const sig = await readAll(fh, entry(PACKAGE_PARTS.statementSignature))
    const st = checkStatement({
      bytes: await readAll(fh, entry(PACKAGE_PARTS.statement)),
      signature: sig === null ? null : sig.toString('utf8'),
      verifierKey: parseVerifierKey(key),
      files: digests,
      manifestSha256: createHash('sha256').update(manifestBytes).digest('hex')
    })
    verified.push(...st.verified)
    for (const p of st.problems) problem(p.code, p.message)
  } finally {
    await fh.close()
  }
}

const head = Buffer.alloc(5)
const probe = await open(file, 'r')
await probe.read(head, 0, 5, 0)
await probe.close()
let kind: string
/** The bytes of the export given, when it is a PDF (read once, checked by the manifest and the receipt). */
let pdfBytes: Buffer | null = null
if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
  kind = 'a Sanad dossier PDF'
  pdfBytes = readFileSync(file)
  await verifyPdf(pdfBytes)
} else if (head[0] === 0x50 && head[1] === 0x4b) {
  kind = 'a Sanad evidence package (zipped BagIt bag)'
  try {
    await verifyPackage(file)
  } catch (err) {
    // Every entry was checked while the bag was validated; one that lies when read again is refused all the same.
    if (!isUnsafe(err)) throw err
    problem(ZIP_UNSAFE, err.message)
  }
} else {
  kind = 'an unknown kind of file'
  problem(EXPORT_ERRORS.manifestMalformed, `${basename(file)} is neither a PDF nor a ZIP file`)
}
/** The receipt: the ledger's record of this very file as exported, proven in a signed checkpoint. */
let receiptIndex: number | null = null
async function checkReceipt(path: string, kindOfFile: 'pdf' | 'package', inMemory: Buffer | null): Promise<void> {
  let receipt
  try {
    receipt = parseReceipt(readFileSync(path))
  } catch (err) {
    problem(RECEIPT_ERRORS.receipt, `${basename(path)} is not a Sanad export receipt: ${(err as Error).message}`)
    return
  }
  const key = values.key !== undefined ? keyFrom(values.key) : topManifest === null ? null : chooseKey(topManifest)
  if (key === null) {
    problem(RECEIPT_ERRORS.receipt, 'the receipt cannot be checked: no --key was given and the export names no key')
    return
  }
  const hash = createHash('sha256')
  let size = 0
  // A PDF is already in memory; a package may be gigabytes and is streamed.
  for await (const chunk of inMemory === null ? createReadStream(file) : [inMemory]) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  let anchor: { size: number; rootHash: string } | undefined
  try {
    if (topManifest !== null) anchor = parseManifest(topManifest).checkpoint
  } catch {
    /* reported by the manifest checks */
  }
  const report = verifyReceipt(receipt, {
    file: { kind: kindOfFile, sha256: hash.digest('hex'), size },
    verifierKey: key,
    ...(topManifest === null ? {} : { manifestSha256: createHash('sha256').update(topManifest).digest('hex') }),
    ...(anchor === undefined ? {} : { anchor: { size: anchor.size, rootHash: anchor.rootHash } })
  })
  for (const v of report.verified) verified.push(`receipt: ${v}`)
  for (const p of report.problems) problem(p.code, `receipt: ${p.message}`)
  if (report.ok) receiptIndex = report.index ?? null
}

if (values.receipt !== undefined && (kind === 'a Sanad dossier PDF' || kind === 'a Sanad evidence package (zipped BagIt bag)')) {
  await checkReceipt(values.receipt, kind === 'a Sanad dossier PDF' ? 'pdf' : 'package', pdfBytes)
}
if (values.key !== undefined) {
  try {
    parseVerifierKey(keyFrom(values.key))
  } catch (err) {
    problem(EXPORT_ERRORS.keyMismatch, `the --key given is not a verifier key: ${(err as Error).message}`)
  }
}

const ok = problems.length === 0
if (values.json) {
  console.log(JSON.stringify({ file, kind, ok, exhibitFiles, verified, notes, problems }, null, 2))
} else {
  console.log(`Verifying ${basename(file)}: ${kind}.`)
  for (const l of verified) console.log(`ok: ${l}`)
  for (const l of notes) console.log(`note: ${l}`)
  for (const p of problems) console.log(`${p.code}: ${p.message}`)
  const { listed, present } = exhibitFiles
  console.log(
    ok
      ? `RESULT: verified. The signed manifest and its ledger checkpoint are intact; ${present} of ${listed} exhibit files are here and match their recorded hashes${present < listed ? ` (the other ${listed - present} are listed by hash only, see the notes)` : ''}, and every exhibit is anchored to the signed ledger checkpoint. ${
          receiptIndex !== null
            ? `The receipt shows the whole file is byte for byte the one the ledger recorded as exported (entry ${receiptIndex}), ${kind === 'a Sanad dossier PDF' ? "the PDF's pages" : "the PDF's pages, exhibits.csv and README.txt"} included${values.key === undefined ? ", under the key the export itself names: pass --key with the issuer's published key to show who issued it" : ''}.`
            : "The signature covers the manifest and the exhibit files; it does not cover the PDF's pages or the package's exhibits.csv and README.txt: check those with the export's receipt (--receipt, from GET /api/v1/dossiers/ID/receipt) or compare them with a copy you trust."
        }`
      : `RESULT: ${problems.length} problem${problems.length === 1 ? '' : 's'} found; do not rely on this export.`
  )
}
process.exit(ok ? 0 : 1)
