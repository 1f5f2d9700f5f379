// The queue's keys (#16 item 3). A random AES-256-GCM data key encrypts everything queued; it is kept
// only wrapped (AES-GCM) by a key derived from the documenter's passphrase with PBKDF2-SHA-256 (600,000
// iterations or more, a random 16-byte salt). Both keys in use are non-extractable CryptoKeys held in
// memory while the queue is unlocked; locking drops them, and what stays on the phone is the salt, the
// iteration count and the wrapped key: without the passphrase, nothing opens. Pure (WebCrypto passed in).

import { placeBytes } from './envelope.ts'

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256. */
export const MIN_ITERATIONS = 600_000
export const SALT_BYTES = 16
/** A passphrase shorter than this is refused when set (it must survive a seized phone). */
export const MIN_PASSPHRASE_LENGTH = 10

/** What is stored to unlock the queue later: nothing here opens anything without the passphrase. */
export type WrappedKeyring = {
  v: 1
  kdf: 'PBKDF2-SHA-256'
  iterations: number
  salt: Uint8Array
  iv: Uint8Array
  wrapped: ArrayBuffer
}

const WRAP_PLACE = { item: 'keyring', part: 'meta' } as const

/** The wrapping key from a passphrase: non-extractable, usable only to wrap and unwrap. */
export async function deriveWrappingKey(
  subtle: SubtleCrypto,
  passphrase: string,
  salt: Uint8Array,
  iterations: number
): Promise<CryptoKey> {
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS)
    throw new Error(`PBKDF2 needs at least ${MIN_ITERATIONS} iterations`)
  if (salt.length < SALT_BYTES) throw new Error(`the salt is at least ${SALT_BYTES} bytes`)
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey'])
  return await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey']
  )
}

/** Why a passphrase cannot be set; undefined when it can. */
export function passphraseProblem(passphrase: string, repeat: string): 'too-short' | 'mismatch' | undefined {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) return 'too-short'
  if (passphrase.normalize('NFC') !== repeat.normalize('NFC')) return 'mismatch'
  return undefined
}

/**
 * A new keyring for a passphrase: a fresh data key, wrapped. The data key is made extractable only
 * so it can be wrapped once; the key returned for use is the non-extractable unwrapped copy.
 */
export async function createKeyring(
  subtle: SubtleCrypto,
  passphrase: string,
  iterations: number = MIN_ITERATIONS
): Promise<{ stored: WrappedKeyring; dataKey: CryptoKey }> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
  const wrapping = await deriveWrappingKey(subtle, passphrase, salt, iterations)
  const fresh = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt'])
  const wrapped = await subtle.wrapKey('raw', fresh, wrapping, {
    name: 'AES-GCM',
    iv,
    additionalData: placeBytes(WRAP_PLACE) as BufferSource
  })
  const stored: WrappedKeyring = { v: 1, kdf: 'PBKDF2-SHA-256', iterations, salt, iv, wrapped }
  return { stored, dataKey: await unlockKeyring(subtle, stored, passphrase) }
}

/** The data key (non-extractable) from the stored keyring; throws 'wrong passphrase' when it does not open. */
export async function unlockKeyring(subtle: SubtleCrypto, stored: WrappedKeyring, passphrase: string): Promise<CryptoKey> {
  if (stored.v !== 1 || stored.kdf !== 'PBKDF2-SHA-256') throw new Error('unknown keyring format')
  const wrapping = await deriveWrappingKey(subtle, passphrase, stored.salt, stored.iterations)
  try {
    return await subtle.unwrapKey(
      'raw',
      stored.wrapped,
      wrapping,
      { name: 'AES-GCM', iv: stored.iv as BufferSource, additionalData: placeBytes(WRAP_PLACE) as BufferSource },
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt']
    )
  } catch {
    throw new Error('wrong passphrase')
  }
}
