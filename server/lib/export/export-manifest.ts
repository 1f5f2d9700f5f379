// The manifest of an export (a PDF dossier or an evidence package): what was
// exported, with both hashes of every exhibit file, the signed ledger
// checkpoint the export is anchored to, and for every exhibit its ingest
// entry from the custody ledger with an inclusion proof against that
// checkpoint. Anyone holding the ledger's verifier key can check an export
// offline with `verifyExport`.
//
// Bytes and signature:
//   manifest bytes  = RFC 8785 canonical JSON of the manifest (canonicalJson)
//   signed message  = "sanad-manifest-v1\n" || manifest bytes
//   signature       = Ed25519 by the ledger's note key, base64 (64 bytes)
// The domain prefix keeps manifest signatures and checkpoint signatures
// apart: a signed note body ends with "\n", a manifest message never does
// (canonical JSON ends with "}"), and a checkpoint body's second line is a
// decimal tree size, never JSON.
//
// Everything here is pure: file contents reach `verifyExport` through a
// callback, so the same code checks a package on disk, a PDF's attachments
// or an in-memory test fixture.

import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { CanonicalJsonError, canonicalJson, parseCanonicalJson } from '../ledger/canonical-json.ts'
import { parseEntryBytes, type LedgerEntry } from '../ledger/ledger-entry.ts'
import { inclusionProblem, leafHash } from '../ledger/merkle.ts'
import { openCheckpoint, parseVerifierKey, rawPublicKey, SignedNoteError, type NoteVerifier } from '../ledger/signed-note.ts'

export const MANIFEST_FORMAT = 'sanad-manifest/1'
export const MANIFEST_SIGNATURE_DOMAIN = 'sanad-manifest-v1\n'

/** Stable codes of what can be wrong with an export (add to server/errors.ts when surfaced over HTTP). */
/**
 * File names of an export's parts besides the exhibit files its manifest lists, in one place for the
 * writers (dossier attachments, package) and the verifier, which refuses any other file.
 */
export const EXPORT_PARTS = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  checkpoint: 'checkpoint.txt',
  timestamp: 'checkpoint.tsr',
  custody: 'custody.json',
  /** One row per exhibit; attached to the PDF as a PDF/A-3 associated file (relationship Data) and carried in the package. */
  exhibits: 'exhibits.csv'
} as const

/** The evidence package's data/ carries the export's parts and these. */
export const PACKAGE_PARTS = {
  ...EXPORT_PARTS,
  readme: 'README.txt',
  dossier: 'dossier.pdf',
  exhibits: 'exhibits.csv',
  /** The receipt of dossier.pdf (its `exported` ledger entry with proofs), when the package carries it. */
  pdfReceipt: 'dossier.receipt.json',
  /** Every other file's path, SHA-256 and size, signed by the ledger's key (package-statement.ts). */
  statement: 'package-statement.json',
  statementSignature: 'package-statement.sig',
  /** The stand-alone verifiers (server/lib/export/verifier/): no Sanad checkout needed to check the package. */
  verifierScript: 'verify-package.mjs',
  verifierPage: 'verify.html'
} as const

export const EXPORT_ERRORS = {
  manifestMalformed: 'SANAD_ERR_EXPORT_MANIFEST_MALFORMED',
  signature: 'SANAD_ERR_EXPORT_SIGNATURE',
  keyMismatch: 'SANAD_ERR_EXPORT_KEY_MISMATCH',
  checkpoint: 'SANAD_ERR_EXPORT_CHECKPOINT',
  fileMissing: 'SANAD_ERR_EXPORT_FILE_MISSING',
  fileAltered: 'SANAD_ERR_EXPORT_FILE_ALTERED',
  ledgerEntry: 'SANAD_ERR_EXPORT_LEDGER_ENTRY',
  inclusion: 'SANAD_ERR_EXPORT_INCLUSION'
} as const
export type ExportErrorCode = (typeof EXPORT_ERRORS)[keyof typeof EXPORT_ERRORS]

export class ExportManifestError extends Error {
  readonly code: ExportErrorCode
  readonly problems: string[]
  constructor(code: ExportErrorCode, problems: string[]) {
    super(`export manifest: ${problems.join('; ')}`)
    this.name = 'ExportManifestError'
    this.code = code
    this.problems = problems
  }
}

// ---------------------------------------------------------------------------
// Types.

export type Recipient = 'icc-otp' | 'un-iima' | 'national' | 'public'
export type DisclosureProfile = 'full' | 'restricted' | 'public'

export interface ManifestCase {
  id: string
  /** Human reference printed on every page, e.g. SANAD-2025-0007. */
  reference: string
  title: string
  recipient: Recipient
  profile: DisclosureProfile
  /** The case revision the export was built from; absent from manifests written before cases had revisions. */
  revision?: number
}

export interface ManifestIncident {
  id: string
  /** Revision of the incident record that was exported. */
  revision: number
  title: string
  /** Exhibit numbers supporting this incident. */
  exhibits: string[]
}

/** A ledger entry with its inclusion proof against the manifest's checkpoint. */
export interface ManifestLedgerProof {
  index: number
  /** Hex SHA-256(0x00 || canonical bytes). */
  leafHash: string
  /** Base64 of the entry's canonical bytes. */
  canonical: string
  /** Hex hashes of the RFC 9162 inclusion proof. */
  proof: string[]
}

export interface ManifestExhibit {
  /** Exhibit number within the export, e.g. 'E1'. */
  number: string
  evidenceId: string
  /** Display name (never a path). */
  name: string
  mediaType: string
  /** Size and hashes of the original as ingested. */
  size: number
  sha256: string
  sha512: string
  /** Which bytes the export carries: the original, or the metadata-free shared copy. */
  variant: 'original' | 'shared'
  /** The exported file: its path inside the export and its own hashes (equal to the original's for 'original'). */
  file: { path: string; sha256: string; sha512: string; size: number }
  /** The 'ingested' custody entry of the original. */
  ingest: ManifestLedgerProof
  /** For a shared copy: the 'derived-copy-made' entry that links it to the original. */
  derivation?: ManifestLedgerProof
  /**
   * Whether the dossier PDF carries the file as an attachment (false: the evidence package only).
   * Signed, so that an attachment removed from the PDF is found out rather than taken for one that
   * did not fit. Absent from manifests written before it existed.
   */
  attachedToPdf?: boolean
}

export interface ExportManifest {
  format: typeof MANIFEST_FORMAT
  case: ManifestCase
  /** RFC 3339 UTC with milliseconds. */
  generatedAt: string
  generator: { name: string; version: string }
  /** The signed checkpoint (full signed-note text) every proof refers to, with its size and root (hex) repeated. */
  checkpoint: { note: string; size: number; rootHash: string }
  /** The ledger's note verifier key that signs the checkpoint and the manifest. */
  verifierKey: string
  incidents: ManifestIncident[]
  exhibits: ManifestExhibit[]
}

// ---------------------------------------------------------------------------
// Validation.

export const HEX64 = /^[0-9a-f]{64}$/
const HEX128 = /^[0-9a-f]{128}$/
const RFC3339_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const RECIPIENTS = new Set(['icc-otp', 'un-iima', 'national', 'public'])
const PROFILES = new Set(['full', 'restricted', 'public'])

type Obj = Record<string, unknown>
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && !/[\u0000-\u001f\u007f]/.test(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** A relative path inside an export: '/'-separated, no empty, '.' or '..' segments, no backslash or control characters. */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 1024 || path.startsWith('/') || path.includes('\\') || /[\u0000-\u001f\u007f]/.test(path))
    return false
  return path.split('/').every((seg) => seg.length > 0 && seg !== '.' && seg !== '..')
}

function keys(o: Obj, where: string, required: string[], optional: string[], out: string[]): void {
  for (const k of required) if (!(k in o)) out.push(`${where}.${k} is missing`)
  for (const k of Object.keys(o))
    if (!required.includes(k) && !optional.includes(k)) out.push(`${where} has unexpected member ${JSON.stringify(k)}`)
}

/** Problems of a ledger entry with its inclusion proof ({index, leafHash, canonical, proof}) at `where`; also used for export receipts. */
export function proofProblems(v: unknown, where: string, out: string[]): void {
  if (!isObj(v)) {
    out.push(`${where} must be an object`)
    return
  }
  keys(v, where, ['index', 'leafHash', 'canonical', 'proof'], [], out)
  if (!isCount(v.index)) out.push(`${where}.index must be a non-negative integer`)
  if (typeof v.leafHash !== 'string' || !HEX64.test(v.leafHash)) out.push(`${where}.leafHash must be 64 lowercase hex digits`)
  if (typeof v.canonical !== 'string' || v.canonical.length === 0 || !BASE64.test(v.canonical))
    out.push(`${where}.canonical must be padded base64`)
  if (!Array.isArray(v.proof) || !v.proof.every((h) => typeof h === 'string' && HEX64.test(h)))
    out.push(`${where}.proof must be an array of 64-hex-digit hashes`)
}

/** Every reason `value` is not a well-formed manifest (empty when it is). Signatures and hashes are not checked here. */
export function manifestProblems(value: unknown): string[] {
  const out: string[] = []
  if (!isObj(value)) return ['manifest must be a JSON object']
  keys(value, 'manifest', ['format', 'case', 'generatedAt', 'generator', 'checkpoint', 'verifierKey', 'incidents', 'exhibits'], [], out)
  if (value.format !== MANIFEST_FORMAT) out.push(`format must be ${JSON.stringify(MANIFEST_FORMAT)}`)
  const c = value.case
  if (!isObj(c)) out.push('case must be an object')
  else {
    keys(c, 'case', ['id', 'reference', 'title', 'recipient', 'profile'], ['revision'], out)
    for (const k of ['id', 'reference', 'title']) if (!isText(c[k])) out.push(`case.${k} must be non-empty text`)
    if ('revision' in c && !(Number.isSafeInteger(c.revision) && (c.revision as number) >= 1))
      out.push('case.revision must be a positive integer')
    if (!RECIPIENTS.has(c.recipient as string)) out.push(`case.recipient must be one of ${[...RECIPIENTS].join(', ')}`)
    if (!PROFILES.has(c.profile as string)) out.push(`case.profile must be one of ${[...PROFILES].join(', ')}`)
  }
  if (
    typeof value.generatedAt !== 'string' ||
    !RFC3339_MS_UTC.test(value.generatedAt) ||
    new Date(value.generatedAt).toISOString() !== value.generatedAt
  ) {
    out.push('generatedAt must be RFC 3339 UTC with milliseconds')
  }
  const g = value.generator
  if (!isObj(g) || !isText(g.name) || !isText(g.version) || Object.keys(g).length !== 2) out.push('generator must be {name, version}')
  const cp = value.checkpoint
  if (!isObj(cp)) out.push('checkpoint must be an object')
  else {
    keys(cp, 'checkpoint', ['note', 'size', 'rootHash'], [], out)
    if (typeof cp.note !== 'string' || cp.note.length === 0) out.push('checkpoint.note must be the signed checkpoint text')
    if (!isCount(cp.size)) out.push('checkpoint.size must be a non-negative integer')
    if (typeof cp.rootHash !== 'string' || !HEX64.test(cp.rootHash)) out.push('checkpoint.rootHash must be 64 lowercase hex digits')
  }
  if (typeof value.verifierKey !== 'string') out.push('verifierKey must be a note verifier key')
  else {
    try {
      parseVerifierKey(value.verifierKey)
    } catch (err) {
      out.push(`verifierKey: ${(err as Error).message}`)
    }
  }
  const numbers = new Set<string>()
  const paths = new Set<string>()
  if (!Array.isArray(value.exhibits)) out.push('exhibits must be an array')
  else {
    value.exhibits.forEach((e: unknown, i) => {
      const where = `exhibits[${i}]`
      if (!isObj(e)) {
        out.push(`${where} must be an object`)
        return
      }
      keys(
        e,
        where,
        ['number', 'evidenceId', 'name', 'mediaType', 'size', 'sha256', 'sha512', 'variant', 'file', 'ingest'],
        ['derivation', 'attachedToPdf'],
        out
      )
      if ('attachedToPdf' in e && typeof e.attachedToPdf !== 'boolean') out.push(`${where}.attachedToPdf must be true or false`)
      for (const k of ['number', 'evidenceId', 'name', 'mediaType']) if (!isText(e[k])) out.push(`${where}.${k} must be non-empty text`)
      if (typeof e.number === 'string') {
        if (numbers.has(e.number)) out.push(`${where}.number ${JSON.stringify(e.number)} is used twice`)
        numbers.add(e.number)
      }
      if (!isCount(e.size)) out.push(`${where}.size must be a non-negative integer`)
      if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) out.push(`${where}.sha256 must be 64 lowercase hex digits`)
      if (typeof e.sha512 !== 'string' || !HEX128.test(e.sha512)) out.push(`${where}.sha512 must be 128 lowercase hex digits`)
      if (e.variant !== 'original' && e.variant !== 'shared') out.push(`${where}.variant must be 'original' or 'shared'`)
      const f = e.file
      if (!isObj(f)) out.push(`${where}.file must be an object`)
      else {
        keys(f, `${where}.file`, ['path', 'sha256', 'sha512', 'size'], [], out)
        if (typeof f.path !== 'string' || !isSafeRelativePath(f.path)) out.push(`${where}.file.path must be a safe relative path`)
        else {
          if (paths.has(f.path)) out.push(`${where}.file.path ${JSON.stringify(f.path)} is used twice`)
          paths.add(f.path)
        }
        if (typeof f.sha256 !== 'string' || !HEX64.test(f.sha256)) out.push(`${where}.file.sha256 must be 64 lowercase hex digits`)
        if (typeof f.sha512 !== 'string' || !HEX128.test(f.sha512)) out.push(`${where}.file.sha512 must be 128 lowercase hex digits`)
        if (!isCount(f.size)) out.push(`${where}.file.size must be a non-negative integer`)
        if (e.variant === 'original' && (f.sha256 !== e.sha256 || f.sha512 !== e.sha512 || f.size !== e.size)) {
          out.push(`${where}: an original's file must have the original's size and hashes`)
        }
      }
      proofProblems(e.ingest, `${where}.ingest`, out)
      if ('derivation' in e) {
        if (e.variant !== 'shared') out.push(`${where}.derivation is only for shared copies`)
        proofProblems(e.derivation, `${where}.derivation`, out)
      }
    })
  }
  if (!Array.isArray(value.incidents)) out.push('incidents must be an array')
  else {
    value.incidents.forEach((inc: unknown, i) => {
      const where = `incidents[${i}]`
      if (!isObj(inc)) {
        out.push(`${where} must be an object`)
        return
      }
      keys(inc, where, ['id', 'revision', 'title', 'exhibits'], [], out)
      if (!isText(inc.id)) out.push(`${where}.id must be non-empty text`)
      if (!isCount(inc.revision)) out.push(`${where}.revision must be a non-negative integer`)
      if (typeof inc.title !== 'string') out.push(`${where}.title must be text`)
      if (!Array.isArray(inc.exhibits) || !inc.exhibits.every((n) => typeof n === 'string'))
        out.push(`${where}.exhibits must be an array of exhibit numbers`)
      else
        for (const n of inc.exhibits as string[]) if (!numbers.has(n)) out.push(`${where} refers to unknown exhibit ${JSON.stringify(n)}`)
    })
  }
  return out
}

// ---------------------------------------------------------------------------
// Canonical bytes and the detached signature.

/** The manifest's canonical bytes (RFC 8785). Throws ExportManifestError if it is malformed. */
export function manifestBytes(manifest: ExportManifest): Buffer {
  const problems = manifestProblems(manifest)
  if (problems.length > 0) throw new ExportManifestError(EXPORT_ERRORS.manifestMalformed, problems)
  return canonicalJson(manifest)
}

function signedMessage(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(MANIFEST_SIGNATURE_DOMAIN, 'utf8'), bytes])
}

/**
 * Canonicalises and signs a manifest with the ledger's Ed25519 key. The
 * manifest must name that key's verifier key. Returns the exact bytes to
 * write (manifest.json) and the detached signature (base64, manifest.sig).
 */
export function signManifest(manifest: ExportManifest, privateKey: KeyObject): { bytes: Buffer; signature: string } {
  const bytes = manifestBytes(manifest)
  const declared = parseVerifierKey(manifest.verifierKey)
  if (!rawPublicKey(privateKey).equals(declared.publicKey)) {
    throw new ExportManifestError(EXPORT_ERRORS.keyMismatch, ['the signing key is not the key the manifest names as verifierKey'])
  }
  return { bytes, signature: sign(null, signedMessage(bytes), privateKey).toString('base64') }
}

function publicKeyObject(verifier: NoteVerifier): KeyObject {
  return createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), verifier.publicKey]),
    format: 'der',
    type: 'spki'
  })
}

/** Parses manifest bytes that must be canonical JSON and a well-formed manifest. */
export function parseManifest(bytes: Uint8Array): ExportManifest {
  let value: unknown
  try {
    value = parseCanonicalJson(bytes)
  } catch (err) {
    throw new ExportManifestError(EXPORT_ERRORS.manifestMalformed, [err instanceof CanonicalJsonError ? err.message : String(err)])
  }
  const problems = manifestProblems(value)
  if (problems.length > 0) throw new ExportManifestError(EXPORT_ERRORS.manifestMalformed, problems)
  return value as ExportManifest
}

/**
 * Checks the detached signature over `bytes` with the trusted verifier key
 * (a note verifier key `name+keyid+base64`), then parses the manifest and
 * checks that it names that same key. Throws ExportManifestError.
 */
export function verifyManifest(bytes: Uint8Array, signatureB64: string, verifierKeyString: string): ExportManifest {
  let verifier: NoteVerifier
  try {
    verifier = parseVerifierKey(verifierKeyString.trim())
  } catch (err) {
    throw new ExportManifestError(EXPORT_ERRORS.keyMismatch, [`the verifier key is not usable: ${(err as Error).message}`])
  }
  const text = signatureB64.trim()
  const signature = BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0)
  if (signature.length !== 64 || !verify(null, signedMessage(bytes), publicKeyObject(verifier), signature)) {
    throw new ExportManifestError(EXPORT_ERRORS.signature, [
      `the manifest signature does not verify with ${verifier.name}+${verifier.keyId.toString('hex')} (altered manifest, wrong key or forged signature)`
    ])
  }
  const manifest = parseManifest(bytes)
  if (parseVerifierKey(manifest.verifierKey).text !== verifier.text) {
    throw new ExportManifestError(EXPORT_ERRORS.keyMismatch, [
      `the manifest names key ${manifest.verifierKey}, not the trusted key ${verifier.text}`
    ])
  }
  return manifest
}

// ---------------------------------------------------------------------------
// Verifying a whole export.

export interface FileDigest {
  size: number
  sha256: string
  sha512: string
}

/** What `files(path)` may return: the bytes, a stream of them, their digest, or null when the file is missing. */
export type FileSource = Uint8Array | AsyncIterable<Uint8Array> | FileDigest | null

/** SHA-256, SHA-512 and size of bytes or a stream of bytes (one pass). */
export async function digestOf(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<FileDigest> {
  const h256 = createHash('sha256')
  const h512 = createHash('sha512')
  let size = 0
  const feed = (chunk: Uint8Array): void => {
    h256.update(chunk)
    h512.update(chunk)
    size += chunk.length
  }
  if (source instanceof Uint8Array) feed(source)
  else for await (const chunk of source) feed(chunk)
  return { size, sha256: h256.digest('hex'), sha512: h512.digest('hex') }
}

export interface ExportProblem {
  code: ExportErrorCode
  message: string
}

export interface ExportReport {
  ok: boolean
  /** Plain-English lines of what was checked and found sound. */
  verified: string[]
  problems: ExportProblem[]
  /** Things that could not be checked but are not failures. */
  notes: string[]
  manifest?: ExportManifest
}

export interface VerifyExportInput {
  manifestBytes: Uint8Array
  /** The detached signature (base64). */
  signature: string
  /** Returns the file at a manifest path (relative to the export's root), or null when absent. */
  files: (path: string) => Promise<FileSource>
  /** The trusted ledger verifier key, obtained independently of the export. */
  verifierKey: string
}

function short(hex: string): string {
  return `${hex.slice(0, 12)}…`
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

interface OpenedProof {
  entry: LedgerEntry
}

/**
 * Checks one ledger entry with its proof: the leaf hash is SHA-256(0x00 ||
 * canonical), the bytes are a canonical ledger entry at that index, and the
 * proof leads to the checkpoint's root. Returns the entry or null (problems pushed).
 */
function openProof(
  p: ManifestLedgerProof,
  what: string,
  checkpoint: { size: number; rootHash: Buffer },
  problems: ExportProblem[]
): OpenedProof | null {
  const canonical = Buffer.from(p.canonical, 'base64')
  const computed = leafHash(canonical).toString('hex')
  if (computed !== p.leafHash) {
    problems.push({
      code: EXPORT_ERRORS.ledgerEntry,
      message: `${what}: leaf hash of ledger entry ${p.index} is ${computed}, the manifest records ${p.leafHash}`
    })
    return null
  }
  let entry: LedgerEntry
  try {
    entry = parseEntryBytes(canonical)
  } catch (err) {
    problems.push({
      code: EXPORT_ERRORS.ledgerEntry,
      message: `${what}: ledger entry ${p.index} is not a canonical ledger entry (${(err as Error).message})`
    })
    return null
  }
  if (entry.index !== p.index) {
    problems.push({
      code: EXPORT_ERRORS.ledgerEntry,
      message: `${what}: the entry's own index is ${entry.index}, the manifest says ${p.index}`
    })
    return null
  }
  const why = inclusionProblem(
    Buffer.from(p.leafHash, 'hex'),
    p.index,
    checkpoint.size,
    p.proof.map((h) => Buffer.from(h, 'hex')),
    checkpoint.rootHash
  )
  if (why !== null) {
    problems.push({
      code: EXPORT_ERRORS.inclusion,
      message: `${what}: ledger entry ${p.index} is not proven to be in the checkpoint's tree of size ${checkpoint.size}: ${why}`
    })
    return null
  }
  return { entry }
}

/**
 * Verifies an export offline: the manifest signature with the trusted key,
 * the checkpoint note's signature, every exhibit file's size and hashes, and
 * for every exhibit its ingest entry (leaf hash, subject matching the
 * exhibit) with its inclusion proof against the checkpoint root. Never throws
 * on bad input; every problem found is reported.
 */
export async function verifyExport(input: VerifyExportInput): Promise<ExportReport> {
  const verified: string[] = []
  const problems: ExportProblem[] = []
  const notes: string[] = []
  const report = (manifest?: ExportManifest): ExportReport => ({
    ok: problems.length === 0,
    verified,
    problems,
    notes,
    ...(manifest === undefined ? {} : { manifest })
  })

  let verifier: NoteVerifier
  try {
    verifier = parseVerifierKey(input.verifierKey.trim())
  } catch (err) {
    problems.push({ code: EXPORT_ERRORS.keyMismatch, message: `the verifier key is not usable: ${(err as Error).message}` })
    return report()
  }
  const keyName = `${verifier.name}+${verifier.keyId.toString('hex')}`

  // 1. The manifest and its signature.
  let manifest: ExportManifest
  try {
    manifest = verifyManifest(input.manifestBytes, input.signature, verifier.text)
    verified.push(
      `The manifest is signed by ${keyName} (Ed25519 over "sanad-manifest-v1" and its canonical JSON bytes): it is exactly as the ledger's key holder issued it.`
    )
  } catch (err) {
    if (!(err instanceof ExportManifestError)) throw err
    for (const m of err.problems) problems.push({ code: err.code, message: m })
    // Keep checking what the (untrusted) manifest claims, so every problem is reported.
    try {
      manifest = parseManifest(input.manifestBytes)
    } catch (inner) {
      if (inner instanceof ExportManifestError && err.code !== inner.code)
        for (const m of inner.problems) problems.push({ code: inner.code, message: m })
      return report()
    }
  }

  // 2. The checkpoint.
  let checkpoint: { size: number; rootHash: Buffer } | null = null
  try {
    const opened = openCheckpoint(manifest.checkpoint.note, verifier)
    const root = opened.checkpoint.rootHash
    if (opened.checkpoint.size !== manifest.checkpoint.size || root.toString('hex') !== manifest.checkpoint.rootHash) {
      problems.push({
        code: EXPORT_ERRORS.checkpoint,
        message: `the checkpoint note says size ${opened.checkpoint.size} and root ${root.toString('hex')}, the manifest says size ${manifest.checkpoint.size} and root ${manifest.checkpoint.rootHash}`
      })
    } else {
      checkpoint = { size: opened.checkpoint.size, rootHash: root }
      verified.push(
        `The ledger checkpoint (origin ${opened.checkpoint.origin}, ${plural(opened.checkpoint.size, 'entry', 'entries')}, root ${root.toString('hex')}) is signed by ${keyName}.`
      )
    }
  } catch (err) {
    const message = err instanceof SignedNoteError ? err.message : String(err)
    problems.push({ code: EXPORT_ERRORS.checkpoint, message: `the checkpoint does not verify: ${message}` })
  }

  // 3. Every exhibit.
  let filesOk = 0
  let proofsOk = 0
  for (const e of manifest.exhibits) {
    const label = `exhibit ${e.number} (${e.name})`
    // 3a. The file.
    let source: FileSource | undefined
    try {
      source = await input.files(e.file.path)
    } catch (err) {
      problems.push({ code: EXPORT_ERRORS.fileMissing, message: `${label}: ${e.file.path} could not be read: ${(err as Error).message}` })
    }
    if (source === null)
      problems.push({ code: EXPORT_ERRORS.fileMissing, message: `${label}: file ${e.file.path} is missing from the export` })
    else if (source !== undefined) {
      const digest =
        source instanceof Uint8Array || Symbol.asyncIterator in (source as object)
          ? await digestOf(source as Uint8Array | AsyncIterable<Uint8Array>)
          : (source as FileDigest)
      const wrong: string[] = []
      if (digest.size !== e.file.size) wrong.push(`size is ${digest.size} bytes, expected ${e.file.size}`)
      if (digest.sha256 !== e.file.sha256) wrong.push(`SHA-256 is ${digest.sha256}, expected ${e.file.sha256}`)
      if (digest.sha512 !== e.file.sha512) wrong.push(`SHA-512 is ${short(digest.sha512)}, expected ${short(e.file.sha512)}`)
      if (wrong.length > 0)
        problems.push({ code: EXPORT_ERRORS.fileAltered, message: `${label}: file ${e.file.path} was altered: ${wrong.join('; ')}` })
      else {
        filesOk++
        verified.push(
          `${label}: ${e.file.path} has the recorded size (${e.file.size} bytes), SHA-256 ${e.file.sha256} and SHA-512${e.variant === 'original' ? ' of the original' : ' of the shared copy'}.`
        )
      }
    }
    if (checkpoint === null) continue
    // 3b. The ingest entry and its proof.
    const ingest = openProof(e.ingest, label, checkpoint, problems)
    if (ingest !== null) {
      const entry = ingest.entry
      const wrong: string[] = []
      if (entry.type !== 'ingested') wrong.push(`it is a ${JSON.stringify(entry.type)} entry, not "ingested"`)
      if (entry.subject.kind !== 'evidence' || entry.subject.id !== e.evidenceId)
        wrong.push(`its subject is ${entry.subject.kind} ${entry.subject.id}, not evidence ${e.evidenceId}`)
      if (entry.subject.sha256 !== e.sha256)
        wrong.push(`it records SHA-256 ${entry.subject.sha256 ?? '(none)'}, the exhibit has ${e.sha256}`)
      const d = entry.details
      // Every ingest entry Sanad writes records both: one without them proves less than it seems to.
      if (!('sha512' in d)) wrong.push('it records no SHA-512')
      else if (d.sha512 !== e.sha512) wrong.push(`it records SHA-512 ${short(String(d.sha512))}, the exhibit has ${short(e.sha512)}`)
      if (!('size' in d)) wrong.push('it records no size')
      else if (d.size !== e.size) wrong.push(`it records size ${String(d.size)}, the exhibit has ${e.size}`)
      if (wrong.length > 0)
        problems.push({
          code: EXPORT_ERRORS.ledgerEntry,
          message: `${label}: ledger entry ${e.ingest.index} does not match: ${wrong.join('; ')}`
        })
      else {
        proofsOk++
        verified.push(
          `${label}: ledger entry ${e.ingest.index} records its ingestion at ${entry.time} with the same SHA-256, SHA-512 and size, and is included in the signed checkpoint (proof of ${plural(e.ingest.proof.length, 'hash', 'hashes')}).`
        )
      }
    }
    // 3c. A shared copy's link to the original.
    if (e.variant === 'shared') {
      if (e.derivation === undefined) {
        notes.push(
          `${label}: the export carries the shared copy (metadata removed); the manifest has no ledger entry linking it to the original, so only the manifest signature vouches for it.`
        )
        continue
      }
      const der = openProof(e.derivation, `${label} (shared copy)`, checkpoint, problems)
      if (der === null) continue
      const entry = der.entry
      const d = entry.details
      const wrong: string[] = []
      if (entry.type !== 'derived-copy-made') wrong.push(`it is a ${JSON.stringify(entry.type)} entry, not "derived-copy-made"`)
      if (entry.subject.id !== e.evidenceId || entry.subject.sha256 !== e.sha256)
        wrong.push(`it is about ${entry.subject.id} ${entry.subject.sha256 ?? ''}, not this exhibit's original`)
      if (d.copySha256 !== e.file.sha256) wrong.push(`it records copy SHA-256 ${String(d.copySha256)}, the file has ${e.file.sha256}`)
      if ('copySize' in d && d.copySize !== e.file.size)
        wrong.push(`it records copy size ${String(d.copySize)}, the file has ${e.file.size}`)
      if (wrong.length > 0)
        problems.push({
          code: EXPORT_ERRORS.ledgerEntry,
          message: `${label}: ledger entry ${e.derivation.index} does not link the shared copy: ${wrong.join('; ')}`
        })
      else
        verified.push(
          `${label}: ledger entry ${e.derivation.index} records that the shared copy ${short(e.file.sha256)} was derived from the original (${String(d.method ?? 'method not stated')}), and is included in the signed checkpoint.`
        )
    }
  }
  const n = manifest.exhibits.length
  verified.push(
    `${filesOk} of ${plural(n, 'exhibit file')} match their recorded hashes; ${proofsOk} of ${plural(n, 'ingest entry', 'ingest entries')} are proven in the checkpoint.`
  )
  return report(manifest)
}

/** Formats a report as lines for people: what was verified, then each problem with its code. */
export function formatReport(report: ExportReport): string {
  const lines = [
    ...report.verified.map((l) => `ok: ${l}`),
    ...report.notes.map((l) => `note: ${l}`),
    ...report.problems.map((p) => `${p.code}: ${p.message}`)
  ]
  lines.push(
    report.ok
      ? 'RESULT: the export is intact and anchored to the signed ledger.'
      : `RESULT: ${plural(report.problems.length, 'problem')} found; do not rely on this export.`
  )
  return `${lines.join('\n')}\n`
}
