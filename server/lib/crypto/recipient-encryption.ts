import { createHash } from 'node:crypto'
import { Duplex, pipeline, Readable, Transform, type TransformCallback } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type * as openpgp from 'openpgp'

// openpgp is a megabyte of JavaScript only encrypted packages need: loaded on first use, not at start.
let loaded: Promise<typeof openpgp> | undefined
const openpgpModule = (): Promise<typeof openpgp> => (loaded ??= import('openpgp'))

/**
 * Encryption of an evidence package to its recipient's OpenPGP public key (RFC 4880 / RFC 9580
 * messages, which `gpg --decrypt` reads). The package's bytes are encrypted as they are produced:
 * the plain ZIP exists only as chunks passing through memory, never as a file.
 */

/** Longest armored public key accepted (a key with many signatures and subkeys stays well under it). */
export const RECIPIENT_KEY_MAX_LENGTH = 64 * 1024

export type RecipientKey = {
  key: openpgp.PublicKey
  /** Hex fingerprint of the primary key, lower case: recorded with the export, shown to the recipient. */
  fingerprint: string
}

/**
 * Reads an armored OpenPGP public key that can encrypt now. Gives the reason it cannot be used
 * otherwise (never the key's contents): a private key is refused rather than kept.
 */
export async function readRecipientKey(armored: string, now: Date = new Date()): Promise<RecipientKey | { problem: string }> {
  const pgp = await openpgpModule()
  if (armored.length > RECIPIENT_KEY_MAX_LENGTH) return { problem: 'is too long' }
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) return { problem: 'is a private key; give the public key only' }
  let key: openpgp.Key
  try {
    key = await pgp.readKey({ armoredKey: armored })
  } catch {
    return { problem: 'is not an armored OpenPGP public key' }
  }
  if (key.isPrivate()) return { problem: 'is a private key; give the public key only' }
  try {
    await key.getEncryptionKey(undefined, now)
  } catch {
    return { problem: 'has no valid encryption subkey (expired, revoked or signing only)' }
  }
  return { key: key as openpgp.PublicKey, fingerprint: key.getFingerprint().toLowerCase() }
}

/** Counts and hashes the bytes that pass (here: the encrypted message). */
class Tap extends Transform {
  readonly hash = createHash('sha256')
  size = 0
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk)
    this.size += chunk.length
    callback(null, chunk)
  }
}

/**
 * Largest piece of plain text handed to OpenPGP at a time. openpgp copies what it is given into one
 * partial-length packet of the largest power of two that fits, then encrypts that as one chunk: a
 * 130 MiB PDF written in one piece (yazl writes a buffer entry with one `write`) became a 128 MiB
 * copy, a 128 MiB ciphertext and its sealed copy at once (+394 MiB RSS). Views of at most this many
 * bytes (no copy) keep each step small, and backpressure then holds along the whole chain.
 */
export const ENCRYPT_PIECE_BYTES = 64 * 1024

/** Cuts written chunks into views of at most `ENCRYPT_PIECE_BYTES` (views share the chunk's memory). */
class Slicer extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (let at = 0; at < chunk.length; at += ENCRYPT_PIECE_BYTES) this.push(chunk.subarray(at, at + ENCRYPT_PIECE_BYTES))
    callback()
  }
}

/**
 * A duplex stream: plain bytes in, a binary OpenPGP message to `recipient` out. `result()` gives the
 * SHA-256 and size of the message once the stream has ended.
 */
export async function encryptingStream(
  recipient: RecipientKey
): Promise<{ stream: Duplex; result: () => { sha256: string; size: number } }> {
  const pgp = await openpgpModule()
  const input = new Slicer()
  const message = await pgp.createMessage({ binary: Readable.toWeb(input) as unknown as ReadableStream<Uint8Array> })
  const encrypted = await pgp.encrypt({ message, encryptionKeys: recipient.key, format: 'binary' })
  const tap = new Tap()
  // An error of the encrypting side ends the readable half with it (pipeline destroys the tap).
  pipeline(Readable.fromWeb(encrypted as WebReadableStream<Uint8Array>), tap, () => {})
  const stream = Duplex.from({ writable: input, readable: tap })
  return { stream, result: () => ({ sha256: tap.hash.copy().digest('hex'), size: tap.size }) }
}

/** Decrypts a binary or armored OpenPGP message with an armored private key (tests, tools). */
export async function decryptMessage(bytes: Uint8Array, armoredPrivateKey: string): Promise<Uint8Array> {
  const pgp = await openpgpModule()
  const decryptionKeys = await pgp.readPrivateKey({ armoredKey: armoredPrivateKey })
  const text = Buffer.from(bytes.subarray(0, 40)).toString('latin1')
  const message = text.startsWith('-----BEGIN PGP MESSAGE')
    ? await pgp.readMessage({ armoredMessage: Buffer.from(bytes).toString('utf8') })
    : await pgp.readMessage({ binaryMessage: bytes })
  const { data } = await pgp.decrypt({ message, decryptionKeys, format: 'binary' })
  return data as Uint8Array
}
