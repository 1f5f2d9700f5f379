// The package statement: what an evidence package holds, file by file, signed by the organisation.
//
// The manifest's signature covers the manifest and the exhibit files only (it travels inside the PDF,
// so it cannot cover the PDF); the statement covers every other file under data/ too: the PDF,
// exhibits.csv, README.txt, custody.json, the verifiers, the PDF's receipt and every exhibit file.
//
//   statement bytes = RFC 8785 canonical JSON (canonicalJson)
//   signed message  = "sanad-package-statement-v1\n" || statement bytes
//   signature       = Ed25519 by the ledger's note key (the key of checkpoints and manifests), base64
//
// The domain prefix keeps statement signatures apart from manifest and checkpoint signatures.
// Pure: the caller hashes the files; `checkStatement` compares the digests it is given.

import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson, parseCanonicalJson } from '../ledger/canonical-json.ts'
import { parseVerifierKey, rawPublicKey, type NoteVerifier } from '../ledger/signed-note.ts'

export const STATEMENT_FORMAT = 'sanad-package-statement/1'
export const STATEMENT_SIGNATURE_DOMAIN = 'sanad-package-statement-v1\n'
/** Its two files under data/: neither is listed in the statement itself. */
export const STATEMENT_PARTS = { statement: 'package-statement.json', signature: 'package-statement.sig' } as const

export type StatementFile = { path: string; sha256: string; size: number }

export type PackageStatement = {
  format: typeof STATEMENT_FORMAT
  dossierId: string
  case: { id: string; reference: string; revision: number }
  generatedAt: string
  verifierKey: string
  manifestSha256: string
  /** Every file under data/ but the statement and its signature, by path relative to data/, sorted. */
  files: StatementFile[]
}

export const STATEMENT_ERRORS = {
  malformed: 'SANAD_ERR_EXPORT_MANIFEST_MALFORMED',
  signature: 'SANAD_ERR_EXPORT_SIGNATURE',
  missing: 'SANAD_ERR_EXPORT_FILE_MISSING',
  altered: 'SANAD_ERR_EXPORT_FILE_ALTERED',
  unlisted: 'SANAD_ERR_EXPORT_FILE_UNLISTED'
} as const
export type StatementProblem = { code: (typeof STATEMENT_ERRORS)[keyof typeof STATEMENT_ERRORS]; message: string }

const HEX64 = /^[0-9a-f]{64}$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The statement of a package's files (sorted by path; the statement's own files are never listed). */
export function buildStatement(input: Omit<PackageStatement, 'format' | 'files'> & { files: StatementFile[] }): PackageStatement {
  const files = input.files
    .filter((f) => f.path !== STATEMENT_PARTS.statement && f.path !== STATEMENT_PARTS.signature)
    .map((f) => ({ path: f.path, sha256: f.sha256, size: f.size }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { format: STATEMENT_FORMAT, ...input, files }
}

const message = (bytes: Uint8Array): Buffer => Buffer.concat([Buffer.from(STATEMENT_SIGNATURE_DOMAIN, 'utf8'), bytes])

/** Canonical bytes and detached signature (base64) by the ledger's key, which the statement must name. */
export function signStatement(statement: PackageStatement, privateKey: KeyObject): { bytes: Buffer; signature: string } {
  if (!rawPublicKey(privateKey).equals(parseVerifierKey(statement.verifierKey).publicKey))
    throw new Error('the signing key is not the key the statement names as verifierKey')
  const bytes = canonicalJson(statement)
  return { bytes, signature: sign(null, message(bytes), privateKey).toString('base64') }
}

/** Every reason `v` is not a well-formed statement (empty when it is). */
export function statementProblems(v: unknown): string[] {
  if (!isObj(v)) return ['the statement must be a JSON object']
  const out: string[] = []
  for (const k of Object.keys(v))
    if (!['format', 'dossierId', 'case', 'generatedAt', 'verifierKey', 'manifestSha256', 'files'].includes(k))
      out.push(`unexpected member ${JSON.stringify(k)}`)
  if (v.format !== STATEMENT_FORMAT) out.push(`format must be ${JSON.stringify(STATEMENT_FORMAT)}`)
  for (const k of ['dossierId', 'generatedAt', 'verifierKey'])
    if (typeof v[k] !== 'string' || v[k] === '') out.push(`${k} must be non-empty text`)
  if (typeof v.manifestSha256 !== 'string' || !HEX64.test(v.manifestSha256)) out.push('manifestSha256 must be 64 lowercase hex digits')
  const c = v.case
  if (!isObj(c) || typeof c.id !== 'string' || typeof c.reference !== 'string' || !Number.isSafeInteger(c.revision))
    out.push('case must be {id, reference, revision}')
  if (!Array.isArray(v.files)) out.push('files must be an array')
  else {
    const seen = new Set<string>()
    v.files.forEach((f, i) => {
      if (!isObj(f) || typeof f.path !== 'string' || f.path === '' || typeof f.sha256 !== 'string' || !HEX64.test(f.sha256))
        out.push(`files[${i}] must be {path, sha256, size}`)
      else if (!Number.isSafeInteger(f.size) || (f.size as number) < 0) out.push(`files[${i}].size must be a non-negative integer`)
      else if (seen.has(f.path)) out.push(`files[${i}]: ${f.path} is listed twice`)
      else seen.add(f.path)
    })
  }
  return out
}

export interface StatementCheck {
  /** package-statement.json and package-statement.sig as found (null when missing). */
  bytes: Uint8Array | null
  signature: string | null
  verifierKey: NoteVerifier
  /** Every file under data/ (path relative to data/) with its digest, the statement's own files included or not. */
  files: Map<string, { sha256: string; size: number }>
  /** SHA-256 of the manifest the package carries. */
  manifestSha256?: string
}

/** Checks the statement's signature and every file against it: each problem names the file. */
export function checkStatement(check: StatementCheck): { verified: string[]; problems: StatementProblem[] } {
  const verified: string[] = []
  const problems: StatementProblem[] = []
  const S = STATEMENT_PARTS
  if (check.bytes === null || check.signature === null) {
    problems.push({
      code: STATEMENT_ERRORS.missing,
      message: `data/${check.bytes === null ? S.statement : S.signature} is missing: the package's files are not covered by a signed statement`
    })
    return { verified, problems }
  }
  let value: unknown
  try {
    value = parseCanonicalJson(check.bytes)
  } catch (err) {
    problems.push({ code: STATEMENT_ERRORS.malformed, message: `data/${S.statement} is not canonical JSON: ${(err as Error).message}` })
    return { verified, problems }
  }
  const key = check.verifierKey
  const keyName = `${key.name}+${key.keyId.toString('hex')}`
  const text = check.signature.trim()
  const sig = BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0)
  const pub = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicKey]),
    format: 'der',
    type: 'spki'
  })
  if (sig.length !== 64 || !verify(null, message(check.bytes), pub, sig)) {
    problems.push({
      code: STATEMENT_ERRORS.signature,
      message: `data/${S.statement}: the package statement's signature does not verify with ${keyName} (altered statement, wrong key or forged signature)`
    })
    return { verified, problems }
  }
  const shape = statementProblems(value)
  if (shape.length > 0) {
    problems.push({ code: STATEMENT_ERRORS.malformed, message: `data/${S.statement}: ${shape.join('; ')}` })
    return { verified, problems }
  }
  const st = value as PackageStatement
  if (st.verifierKey !== key.text)
    problems.push({
      code: STATEMENT_ERRORS.signature,
      message: `data/${S.statement} names key ${st.verifierKey}, not the trusted key ${key.text}`
    })
  if (check.manifestSha256 !== undefined && st.manifestSha256 !== check.manifestSha256)
    problems.push({
      code: STATEMENT_ERRORS.altered,
      message: `data/manifest.json has SHA-256 ${check.manifestSha256}, the package statement records ${st.manifestSha256}`
    })
  const listed = new Map(st.files.map((f) => [f.path, f]))
  for (const f of st.files) {
    const d = check.files.get(f.path)
    if (d === undefined)
      problems.push({ code: STATEMENT_ERRORS.missing, message: `data/${f.path} is listed in the package statement but missing` })
    else if (d.sha256 !== f.sha256 || d.size !== f.size)
      problems.push({
        code: STATEMENT_ERRORS.altered,
        message: `data/${f.path} was changed after the package statement was signed: SHA-256 ${d.sha256} (${d.size} bytes), the statement records ${f.sha256} (${f.size} bytes)`
      })
  }
  for (const path of [...check.files.keys()].sort())
    if (path !== S.statement && path !== S.signature && !listed.has(path))
      problems.push({
        code: STATEMENT_ERRORS.unlisted,
        message: `data/${path} is not in the package statement: it was added after the package was signed`
      })
  if (problems.length === 0)
    verified.push(
      `The package statement is signed by ${keyName} (Ed25519 over "sanad-package-statement-v1" and its canonical JSON) for dossier ${st.dossierId} of case ${st.case.reference} revision ${st.case.revision}, issued ${st.generatedAt}: all ${st.files.length} files under data/ are exactly those it lists, with their SHA-256 and sizes.`
    )
  return { verified, problems }
}
