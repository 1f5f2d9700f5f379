// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys and C2SP tlog-checkpoint bodies,
// parsed and verified in the browser (WebCrypto Ed25519), independently of the server's code.
//
//   verifier key  <name>+<keyid: 8 hex>+<base64(0x01 ‖ 32-byte public key)>
//   key id        SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[0:4]
//   note          <body ending in \n>\n— <name> <base64(keyid ‖ 64-byte signature)>\n …
//   checkpoint    body = origin\n size\n base64(root hash)\n [extension lines]

import { sha256 } from '@noble/hashes/sha2'
import { concatBytes, equalBytes, fromBase64Strict, toHex, utf8 } from './bytes.ts'

export type VerifierKey = { name: string; keyId: Uint8Array; publicKey: Uint8Array; text: string }
export type NoteSignature = { name: string; keyId: Uint8Array; signature: Uint8Array }
export type Note = { body: string; signatures: NoteSignature[] }
export type Checkpoint = { origin: string; size: number; rootHash: Uint8Array; extensions: string[] }

export class NoteError extends Error {
  override name = 'NoteError'
}

const EM_DASH = '\u2014'
const ED25519 = 0x01

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s\u0085+\u0000-\u001f\u007f]/u.test(name) && !/[\uD800-\uDFFF]/u.test(name)
}

export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8(name), utf8('\n'), Uint8Array.of(ED25519), publicKey)).subarray(0, 4)
}

/** Parses `name+keyid+base64(0x01 ‖ key)` and checks that the key id matches name and key. */
export function parseVerifierKey(input: string): VerifierKey {
  const text = input.trim()
  const first = text.indexOf('+')
  const second = first < 0 ? -1 : text.indexOf('+', first + 1)
  if (second < 0) throw new NoteError('verifier key must look like name+keyid+base64')
  const name = text.slice(0, first)
  const idHex = text.slice(first + 1, second)
  if (!isValidKeyName(name)) throw new NoteError('verifier key has an invalid name')
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError('verifier key id must be 8 lower-case hex digits')
  const material = fromBase64Strict(text.slice(second + 1))
  if (material === undefined) throw new NoteError('verifier key material is not canonical base64')
  if (material.length !== 33 || material[0] !== ED25519)
    throw new NoteError('verifier key is not an Ed25519 key (0x01 followed by 32 bytes)')
  const publicKey = material.slice(1)
  const keyId = noteKeyId(name, publicKey)
  if (toHex(keyId) !== idHex) throw new NoteError(`verifier key id ${idHex} does not match its name and public key`)
  return { name, keyId, publicKey, text }
}

function textProblem(text: string): string | null {
  if (/[\uD800-\uDFFF]/u.test(text)) return 'contains a lone surrogate'
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) return 'contains a control character'
  return null
}

/** Splits a signed note into body and signature lines, strictly; checks no signature. */
export function parseNote(text: string): Note {
  const problem = textProblem(text)
  if (problem !== null) throw new NoteError(`note ${problem}`)
  const split = text.lastIndexOf('\n\n')
  if (split < 0) throw new NoteError('note has no blank line before its signatures')
  const body = text.slice(0, split + 1)
  const block = text.slice(split + 2)
  if (block.length === 0 || !block.endsWith('\n')) throw new NoteError('note signature block must end with a newline')
  const signatures = block
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      if (!line.startsWith(`${EM_DASH} `)) throw new NoteError(`signature line ${i + 1} must start with an em dash and a space`)
      const rest = line.slice(2)
      const space = rest.lastIndexOf(' ')
      const name = space < 0 ? '' : rest.slice(0, space)
      if (!isValidKeyName(name)) throw new NoteError(`signature line ${i + 1} has an invalid key name`)
      const decoded = fromBase64Strict(rest.slice(space + 1))
      if (decoded === undefined || decoded.length < 5)
        throw new NoteError(`signature line ${i + 1} is not canonical base64 of key id and signature`)
      return { name, keyId: decoded.slice(0, 4), signature: decoded.slice(4) }
    })
  return { body, signatures }
}

/** Parses a tlog-checkpoint body: origin, decimal size, base64 32-byte root hash, extension lines. */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw new NoteError('checkpoint body must end with a newline')
  const [origin, sizeText, rootText, ...extensions] = body.slice(0, -1).split('\n')
  if (origin === undefined || sizeText === undefined || rootText === undefined || origin === '')
    throw new NoteError('checkpoint needs origin, size and root hash lines')
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw new NoteError('checkpoint size is not a decimal number')
  const rootHash = fromBase64Strict(rootText)
  if (rootHash === undefined || rootHash.length !== 32) throw new NoteError('checkpoint root hash is not base64 of 32 bytes')
  if (extensions.some((l) => l === '')) throw new NoteError('checkpoint has an empty extension line')
  return { origin, size: Number(sizeText), rootHash, extensions }
}

/** The part of WebCrypto this module needs (globalThis.crypto.subtle in browsers and in Node ≥ 20). */
export type Ed25519Subtle = {
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    usages: ['verify']
  ): Promise<unknown>
  verify(algorithm: { name: 'Ed25519' }, key: never, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>
}

const defaultSubtle = (): Ed25519Subtle => (globalThis as unknown as { crypto: { subtle: Ed25519Subtle } }).crypto.subtle

/**
 * Verifies the note's signature by `key` with Ed25519 (WebCrypto). Signatures by other keys (witness
 * cosignatures) are ignored; at least one must be by this key, and every one by it must verify.
 */
export async function verifyNote(text: string, key: VerifierKey, subtle: Ed25519Subtle = defaultSubtle()): Promise<Note> {
  const note = parseNote(text)
  const mine = note.signatures.filter((s) => s.name === key.name && equalBytes(s.keyId, key.keyId))
  if (mine.length === 0) throw new NoteError(`the note carries no signature by ${key.name}+${toHex(key.keyId)}`)
  const cryptoKey = await subtle.importKey('raw', new Uint8Array(key.publicKey), { name: 'Ed25519' }, false, ['verify'])
  const message = new Uint8Array(utf8(note.body))
  for (const s of mine) {
    const ok =
      s.signature.length === 64 && (await subtle.verify({ name: 'Ed25519' }, cryptoKey as never, new Uint8Array(s.signature), message))
    if (!ok) throw new NoteError(`the signature by ${key.name} does not verify: the checkpoint text was altered or the signature forged`)
  }
  return note
}

/** Verifies a signed checkpoint with `key` and returns its parsed body. */
export async function openCheckpoint(text: string, key: VerifierKey, subtle?: Ed25519Subtle): Promise<Checkpoint> {
  const note = await verifyNote(text, key, subtle)
  return parseCheckpoint(note.body)
}
