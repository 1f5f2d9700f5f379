// Field-level encryption of identities: AES-256-GCM, one envelope per field.
//
// Envelope (ASCII, stored in a TEXT column):   sf1:<keyId>:<iv>:<ciphertext+tag>
//   keyId  16 hex digits naming the master key (a truncated SHA-256 of it; reveals nothing of the key)
//   iv     12 random bytes, base64url
//   ct     AES-256-GCM ciphertext with its 16-byte tag appended, base64url
//
// The additional authenticated data binds the ciphertext to its place:
//   "sanad-field-v1" NUL table NUL column NUL rowId NUL keyId
// so an envelope copied to another row, another column or another table fails to decrypt, and an
// envelope cannot be relabelled with another key id. Plaintext is padded (ISO/IEC 7816-4) to a multiple
// of 32 bytes so the stored length does not reveal the exact length of a name.
//
// The AES key is not the master key itself but HKDF-SHA256(master, info "sanad/field/v1"); other uses
// of the master key (keyed hashes for login throttling) derive their own subkeys with `deriveKey`.
// Pure: no I/O.

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'

export type FieldContext = { table: string; column: string; rowId: string }
export type FieldKey = { readonly id: string; readonly key: Buffer }

const VERSION = 'sf1'
const PAD_BLOCK = 32
const ENVELOPE = /^sf1:([0-9a-f]{16}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/

export class FieldCryptoError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FieldCryptoError'
  }
}

function checkMaster(master: Buffer): void {
  if (master.length !== 32) throw new FieldCryptoError('the master key must be 32 bytes')
}

/** The public name of a master key: 16 hex digits of SHA-256("sanad-key-id-v1" || key). */
export function masterKeyId(master: Buffer): string {
  checkMaster(master)
  return createHash('sha256').update('sanad-key-id-v1').update(master).digest('hex').slice(0, 16)
}

/** A 32-byte subkey of the master key for one purpose (HKDF-SHA256, info "sanad/<purpose>/v1"). */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  checkMaster(master)
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `sanad/${purpose}/v1`, 32))
}

/** The field-encryption key of a master key, with the master key's id. */
export function fieldKey(master: Buffer): FieldKey {
  return Object.freeze({ id: masterKeyId(master), key: deriveKey(master, 'field') })
}

function aad(ctx: FieldContext, keyId: string): Buffer {
  for (const part of [ctx.table, ctx.column, ctx.rowId]) {
    if (typeof part !== 'string' || part.length === 0 || part.includes('\0'))
      throw new FieldCryptoError('field context parts must be non-empty strings without NUL')
  }
  return Buffer.from(['sanad-field-v1', ctx.table, ctx.column, ctx.rowId, keyId].join('\0'), 'utf8')
}

function pad(data: Buffer): Buffer {
  const total = Math.ceil((data.length + 1) / PAD_BLOCK) * PAD_BLOCK
  const out = Buffer.alloc(total)
  data.copy(out)
  out[data.length] = 0x80
  return out
}

function unpad(data: Buffer): Buffer {
  let i = data.length - 1
  while (i >= 0 && data[i] === 0) i--
  if (i < 0 || data[i] !== 0x80) throw new FieldCryptoError('bad padding')
  return data.subarray(0, i)
}

/** Encrypts one field value (a string; callers JSON-encode structured values) for one place. */
export function encryptField(key: FieldKey, ctx: FieldContext, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(aad(ctx, key.id))
  const padded = pad(Buffer.from(plaintext, 'utf8'))
  const ct = Buffer.concat([cipher.update(padded), cipher.final(), cipher.getAuthTag()])
  padded.fill(0)
  return `${VERSION}:${key.id}:${iv.toString('base64url')}:${ct.toString('base64url')}`
}

/** True when `value` has the form of a field envelope (says nothing about whether it authenticates). */
export function isFieldEnvelope(value: string): boolean {
  return ENVELOPE.test(value)
}

/** The id of the master key an envelope was made with. */
export function envelopeKeyId(envelope: string): string {
  const m = ENVELOPE.exec(envelope)
  if (!m) throw new FieldCryptoError('not a field envelope')
  return m[1] as string
}

/**
 * Decrypts an envelope made for exactly this place. `keys` may hold several keys (during rotation);
 * the envelope's key id picks one. Throws FieldCryptoError, never returning partial plaintext.
 */
export function decryptField(keys: FieldKey | readonly FieldKey[], ctx: FieldContext, envelope: string): string {
  const m = ENVELOPE.exec(envelope)
  if (!m) throw new FieldCryptoError('not a field envelope')
  const keyId = m[1] as string
  const key = (Array.isArray(keys) ? keys : ([keys] as readonly FieldKey[])).find((k) => k.id === keyId)
  if (!key) throw new FieldCryptoError(`the field was encrypted under key ${keyId}, which is not loaded`)
  const iv = Buffer.from(m[2] as string, 'base64url')
  const data = Buffer.from(m[3] as string, 'base64url')
  if (iv.length !== 12 || data.length < 16 + PAD_BLOCK) throw new FieldCryptoError('truncated envelope')
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv)
  decipher.setAAD(aad(ctx, keyId))
  decipher.setAuthTag(data.subarray(data.length - 16))
  let padded: Buffer
  try {
    padded = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()])
  } catch {
    throw new FieldCryptoError(`field ${ctx.table}.${ctx.column} of ${ctx.rowId} does not authenticate (wrong key, wrong place or altered)`)
  }
  const text = unpad(padded).toString('utf8')
  padded.fill(0)
  return text
}

/** Decrypts under the old key(s) and encrypts under `to`, for key rotation. */
export function reencryptField(from: FieldKey | readonly FieldKey[], to: FieldKey, ctx: FieldContext, envelope: string): string {
  return encryptField(to, ctx, decryptField(from, ctx, envelope))
}
