// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, and
// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) bodies.
//
// Wire formats, byte-compatible with golang.org/x/mod/sumdb/note:
//   verifier key  <name>+<keyid 8 hex>+<base64(0x01 || 32-byte public key)>
//   signer key    PRIVATE+KEY+<name>+<keyid 8 hex>+<base64(0x01 || 32-byte seed)>
//   key id        SHA-256(name || "\n" || 0x01 || public key)[0:4]
//   note          <body ending in \n>\n— <name> <base64(keyid || 64-byte signature)>\n ...
// The signature is Ed25519 over the UTF-8 bytes of the body (including its final newline).
//
// Failures throw SignedNoteError with a stable `code` and a precise message.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'

export const NOTE_ERRORS = {
  keyMalformed: 'SANAD_ERR_NOTE_KEY_MALFORMED',
  malformed: 'SANAD_ERR_NOTE_MALFORMED',
  unverified: 'SANAD_ERR_NOTE_UNVERIFIED',
  badSignature: 'SANAD_ERR_NOTE_BAD_SIGNATURE',
  checkpointMalformed: 'SANAD_ERR_CHECKPOINT_MALFORMED',
  checkpointOrigin: 'SANAD_ERR_CHECKPOINT_ORIGIN'
} as const
export type NoteErrorCode = (typeof NOTE_ERRORS)[keyof typeof NOTE_ERRORS]

export class SignedNoteError extends Error {
  readonly code: NoteErrorCode
  constructor(code: NoteErrorCode, message: string) {
    super(message)
    this.name = 'SignedNoteError'
    this.code = code
  }
}

const ED25519 = 0x01 // signature type byte of C2SP signed-note Ed25519 keys
const EM_DASH = '\u2014'
const MAX_SIGNATURES = 100 // same limit as the Go reference implementation
// DER prefixes that wrap a raw 32-byte Ed25519 seed / public key (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

function fail(code: NoteErrorCode, message: string): never {
  throw new SignedNoteError(code, message)
}

// ---------------------------------------------------------------------------
// Small strict encoders.

/** Standard padded base64 that re-encodes to itself (Buffer.from is lenient). */
function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : undefined
}

/** C2SP key names: non-empty, no Unicode space, no '+', no control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s\u0085+\u0000-\u001f\u007f]/u.test(name) && !/[\uD800-\uDFFF]/u.test(name)
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name))
    fail(NOTE_ERRORS.keyMalformed, `invalid key name ${JSON.stringify(name)}: must be non-empty without spaces or '+'`)
}

// ---------------------------------------------------------------------------
// Keys.

/** Raw 32-byte Ed25519 public key of a KeyObject (public or private). */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key
  if (pub.asymmetricKeyType !== 'ed25519') fail(NOTE_ERRORS.keyMalformed, `expected an Ed25519 key, got ${String(pub.asymmetricKeyType)}`)
  return pub.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length)
}

function rawSeed(key: KeyObject): Buffer {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') fail(NOTE_ERRORS.keyMalformed, 'expected an Ed25519 private key')
  return key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length)
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

/** Key id: the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key). */
export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256').update(name, 'utf8').update('\n').update(Uint8Array.of(ED25519)).update(publicKey).digest().subarray(0, 4)
}

/** The standard verifier key string `name+keyid+base64(0x01 || pubkey)`. */
export function verifierKey(name: string, publicKey: Uint8Array | KeyObject): string {
  assertKeyName(name)
  const raw = publicKey instanceof Uint8Array ? Buffer.from(publicKey) : rawPublicKey(publicKey)
  if (raw.length !== 32) fail(NOTE_ERRORS.keyMalformed, `Ed25519 public key must be 32 bytes, got ${raw.length}`)
  const encoded = Buffer.concat([Uint8Array.of(ED25519), raw]).toString('base64')
  return `${name}+${noteKeyId(name, raw).toString('hex')}+${encoded}`
}

/** A parsed verifier key. */
export interface NoteVerifier {
  name: string
  keyId: Buffer
  publicKey: Buffer
  /** The canonical verifier key string. */
  text: string
}

/** A signing key with everything derived from it. */
export interface NoteSigner extends NoteVerifier {
  privateKey: KeyObject
  /** `PRIVATE+KEY+name+keyid+base64(0x01 || seed)`: store in a 0600 file. */
  signerKey: string
  /** Verifier key string to publish. */
  verifierKey: string
}

/** Splits `name+hex+base64` (the base64 part may itself contain '+'). */
function splitKey(text: string, what: string): { name: string; keyId: Buffer; key: Buffer } {
  const first = text.indexOf('+')
  const second = first < 0 ? -1 : text.indexOf('+', first + 1)
  if (second < 0) fail(NOTE_ERRORS.keyMalformed, `${what} must look like name+keyid+base64`)
  const name = text.slice(0, first)
  const idHex = text.slice(first + 1, second)
  assertKeyName(name)
  if (!/^[0-9a-f]{8}$/.test(idHex))
    fail(NOTE_ERRORS.keyMalformed, `${what}: key id ${JSON.stringify(idHex)} must be 8 lowercase hex digits`)
  const decoded = decodeBase64Strict(text.slice(second + 1))
  if (decoded === undefined) fail(NOTE_ERRORS.keyMalformed, `${what}: key material is not canonical padded base64`)
  if (decoded.length !== 33 || decoded[0] !== ED25519)
    fail(NOTE_ERRORS.keyMalformed, `${what}: key material must be 0x01 followed by 32 bytes (Ed25519)`)
  return { name, keyId: Buffer.from(idHex, 'hex'), key: decoded.subarray(1) }
}

/** Parses and checks a verifier key string; rejects a key id that does not match name and key. */
export function parseVerifierKey(text: string): NoteVerifier {
  const { name, keyId, key } = splitKey(text, 'verifier key')
  if (!noteKeyId(name, key).equals(keyId))
    fail(
      NOTE_ERRORS.keyMalformed,
      `verifier key: key id ${keyId.toString('hex')} does not match name ${JSON.stringify(name)} and public key`
    )
  return { name, keyId, publicKey: key, text: verifierKey(name, key) }
}

/** Builds a NoteSigner from a name and an Ed25519 private KeyObject. */
export function noteSigner(name: string, privateKey: KeyObject): NoteSigner {
  assertKeyName(name)
  const publicKey = rawPublicKey(privateKey)
  const keyId = noteKeyId(name, publicKey)
  const vkey = verifierKey(name, publicKey)
  const seed = Buffer.concat([Uint8Array.of(ED25519), rawSeed(privateKey)]).toString('base64')
  return {
    name,
    keyId,
    publicKey,
    text: vkey,
    privateKey,
    verifierKey: vkey,
    signerKey: `PRIVATE+KEY+${name}+${keyId.toString('hex')}+${seed}`
  }
}

/** Parses a `PRIVATE+KEY+...` signer key string. */
export function parseSignerKey(text: string): NoteSigner {
  const prefix = 'PRIVATE+KEY+'
  const trimmed = text.trim() // tolerate the trailing newline of a key file
  if (!trimmed.startsWith(prefix)) fail(NOTE_ERRORS.keyMalformed, 'signer key must start with PRIVATE+KEY+')
  const { name, keyId, key } = splitKey(trimmed.slice(prefix.length), 'signer key')
  const signer = noteSigner(name, privateKeyFromSeed(key))
  if (!signer.keyId.equals(keyId)) fail(NOTE_ERRORS.keyMalformed, `signer key: key id ${keyId.toString('hex')} does not match name and key`)
  return signer
}

/** Generates a fresh Ed25519 note key named `name` (e.g. the log origin). */
export function generateNoteKey(name: string): NoteSigner {
  assertKeyName(name)
  return noteSigner(name, generateKeyPairSync('ed25519').privateKey)
}

// ---------------------------------------------------------------------------
// Notes.

export interface NoteSignature {
  name: string
  keyId: Buffer
  signature: Buffer
}

export interface Note {
  /** Signed text, ending in a newline. */
  body: string
  signatures: NoteSignature[]
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function asText(input: string | Uint8Array, what: string): string {
  if (typeof input === 'string') return input
  try {
    return utf8.decode(input)
  } catch {
    return fail(NOTE_ERRORS.malformed, `${what} is not valid UTF-8`)
  }
}

/** Why `text` is not acceptable note text (C2SP: UTF-8, no control characters but \n), or null. */
function textProblem(text: string): string | null {
  if (/[\uD800-\uDFFF]/u.test(text)) return 'contains a lone UTF-16 surrogate'
  const control = /[\u0000-\u0009\u000b-\u001f]/.exec(text)
  if (control !== null)
    return `contains control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} at offset ${control.index}`
  return null
}

function assertBody(body: string): void {
  if (body.length === 0) fail(NOTE_ERRORS.malformed, 'note body is empty')
  if (!body.endsWith('\n')) fail(NOTE_ERRORS.malformed, 'note body must end with a newline')
  const problem = textProblem(body)
  if (problem !== null) fail(NOTE_ERRORS.malformed, `note body ${problem}`)
}

function signatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${EM_DASH} ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`
}

/** Signs `body` and returns the full note text: body, blank line, one signature line. */
export function signNote(body: string, name: string, privateKey: KeyObject): string {
  assertBody(body)
  const signer = noteSigner(name, privateKey)
  const signature = sign(null, Buffer.from(body, 'utf8'), privateKey)
  return `${body}\n${signatureLine(name, signer.keyId, signature)}`
}

function parseSignatureLine(line: string, n: number): NoteSignature {
  const where = `signature line ${n + 1}`
  if (!line.startsWith(`${EM_DASH} `)) fail(NOTE_ERRORS.malformed, `${where} must start with an em dash (U+2014) and a space`)
  const rest = line.slice(2)
  const space = rest.lastIndexOf(' ')
  const name = space < 0 ? '' : rest.slice(0, space)
  if (!isValidKeyName(name)) fail(NOTE_ERRORS.malformed, `${where} has an invalid key name`)
  const decoded = decodeBase64Strict(rest.slice(space + 1))
  if (decoded === undefined) fail(NOTE_ERRORS.malformed, `${where} signature is not canonical padded base64`)
  if (decoded.length < 5) fail(NOTE_ERRORS.malformed, `${where} signature is too short to hold a key id`)
  return { name, keyId: decoded.subarray(0, 4), signature: decoded.subarray(4) }
}

/** Splits and strictly validates a signed note without checking any signature. */
export function parseNote(input: string | Uint8Array): Note {
  const text = asText(input, 'note')
  const problem = textProblem(text)
  if (problem !== null) fail(NOTE_ERRORS.malformed, `note ${problem}`)
  // The signature block follows the last blank line.
  const split = text.lastIndexOf('\n\n')
  if (split < 0) fail(NOTE_ERRORS.malformed, 'note has no blank line before its signatures')
  const body = text.slice(0, split + 1)
  const block = text.slice(split + 2)
  if (block.length === 0 || !block.endsWith('\n'))
    fail(NOTE_ERRORS.malformed, 'note signature block must be non-empty and end with a newline')
  const lines = block.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) fail(NOTE_ERRORS.malformed, `note has more than ${MAX_SIGNATURES} signatures`)
  return { body, signatures: lines.map(parseSignatureLine) }
}

/**
 * Parses `input` and checks its signature by `key`. Signatures by other keys
 * are ignored (they may be witness cosignatures). Throws if no signature
 * carries this key's name and id (SANAD_ERR_NOTE_UNVERIFIED) or if one does and
 * fails to verify (SANAD_ERR_NOTE_BAD_SIGNATURE). Returns the parsed note.
 */
export function verifyNote(input: string | Uint8Array, key: string | NoteVerifier): Note {
  const verifier = typeof key === 'string' ? parseVerifierKey(key) : key
  const note = parseNote(input)
  const mine = note.signatures.filter((s) => s.name === verifier.name && s.keyId.equals(verifier.keyId))
  if (mine.length === 0) fail(NOTE_ERRORS.unverified, `note has no signature by ${verifier.name}+${verifier.keyId.toString('hex')}`)
  const publicKey = publicKeyFromRaw(verifier.publicKey)
  const message = Buffer.from(note.body, 'utf8')
  for (const s of mine) {
    if (s.signature.length !== 64 || !verify(null, message, publicKey, s.signature)) {
      fail(
        NOTE_ERRORS.badSignature,
        `note signature by ${verifier.name}+${verifier.keyId.toString('hex')} does not verify (altered text or forged signature)`
      )
    }
  }
  return note
}

// ---------------------------------------------------------------------------
// Checkpoints (tlog-checkpoint bodies).

export interface Checkpoint {
  /** Log identity, conventionally the signing key's name. */
  origin: string
  /** Number of leaves the root commits to. */
  size: number
  /** RFC 6962 root hash (32 bytes). */
  rootHash: Buffer
  /** Optional extra lines after the root hash, without newlines. */
  extensions: string[]
}

function checkpointFail(message: string): never {
  return fail(NOTE_ERRORS.checkpointMalformed, `checkpoint: ${message}`)
}

function assertLine(line: string, what: string): void {
  if (line.length === 0) checkpointFail(`${what} is empty`)
  if (line.includes('\n')) checkpointFail(`${what} contains a newline`)
  const problem = textProblem(line)
  if (problem !== null) checkpointFail(`${what} ${problem}`)
}

/** Formats a checkpoint body: origin, decimal size, base64 root, extensions; each line ends in \n. */
export function formatCheckpoint(input: { origin: string; size: number; rootHash: Uint8Array; extensions?: readonly string[] }): string {
  assertLine(input.origin, 'origin')
  if (!Number.isSafeInteger(input.size) || input.size < 0) checkpointFail(`size ${String(input.size)} must be a non-negative safe integer`)
  if (input.rootHash.length !== 32) checkpointFail(`root hash must be 32 bytes, got ${input.rootHash.length}`)
  const extensions = input.extensions ?? []
  extensions.forEach((line, i) => assertLine(line, `extension line ${i + 1}`))
  const lines = [input.origin, String(input.size), Buffer.from(input.rootHash).toString('base64'), ...extensions]
  return lines.map((l) => `${l}\n`).join('')
}

/**
 * Parses a checkpoint body strictly: it must end with a newline, hold at
 * least origin, size and root lines, a size in decimal without leading zeros
 * (within Number.MAX_SAFE_INTEGER), a canonical base64 32-byte root, and
 * only non-empty extension lines after that.
 */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) checkpointFail('body must end with a newline')
  const lines = body.slice(0, -1).split('\n')
  const [origin, sizeText, rootText, ...extensions] = lines
  if (origin === undefined || sizeText === undefined || rootText === undefined)
    checkpointFail('body needs origin, size and root hash lines')
  assertLine(origin, 'origin line')
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText))
    checkpointFail(`size line ${JSON.stringify(sizeText)} must be decimal without sign or leading zeros`)
  const size = Number(sizeText)
  if (!Number.isSafeInteger(size)) checkpointFail(`size ${sizeText} exceeds ${Number.MAX_SAFE_INTEGER}`)
  const rootHash = decodeBase64Strict(rootText)
  if (rootHash === undefined) checkpointFail('root hash line is not canonical padded base64')
  if (rootHash.length !== 32) checkpointFail(`root hash must be 32 bytes, got ${rootHash.length}`)
  extensions.forEach((line, i) => assertLine(line, `extension line ${i + 1}`))
  return { origin, size, rootHash, extensions }
}

/**
 * Verifies a signed checkpoint note with `key` and parses its body. When
 * `origin` is given the checkpoint's origin must equal it.
 */
export function openCheckpoint(
  noteText: string | Uint8Array,
  key: string | NoteVerifier,
  origin?: string
): { checkpoint: Checkpoint; note: Note } {
  const note = verifyNote(noteText, key)
  const checkpoint = parseCheckpoint(note.body)
  if (origin !== undefined && checkpoint.origin !== origin) {
    fail(
      NOTE_ERRORS.checkpointOrigin,
      `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the expected ${JSON.stringify(origin)}`
    )
  }
  return { checkpoint, note }
}

/** Formats and signs a checkpoint in one step. */
export function signCheckpoint(
  checkpoint: { origin: string; size: number; rootHash: Uint8Array; extensions?: readonly string[] },
  signer: Pick<NoteSigner, 'name' | 'privateKey'>
): string {
  return signNote(formatCheckpoint(checkpoint), signer.name, signer.privateKey)
}
