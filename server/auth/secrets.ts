import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A random secret of `bytes` bytes, base64url (43 characters for the default 32 bytes). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Lower-case hex SHA-256 of a UTF-8 string: how session ids, CSRF tokens and API tokens are stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

/** Constant-time check that `presented` hashes to `storedHex` (both sides are 32 bytes). */
export function matchesHash(presented: string, storedHex: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest()
  const b = Buffer.from(storedHex, 'hex')
  return b.length === a.length && timingSafeEqual(a, b)
}

/** Keyed hash (HMAC-SHA256, hex) for values that must be recognisable but not readable. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex')
}
