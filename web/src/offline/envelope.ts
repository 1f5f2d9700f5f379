// The encrypted queue's envelope (#16 item 3): what sits in IndexedDB for every draft, capture record
// and file chunk waiting on a phone. AES-256-GCM under the queue's data key, a fresh 96-bit IV for each
// envelope, and additional data that binds the envelope to its place (queue item id, part, chunk
// index): a chunk moved to another item or another index fails to open instead of being read as
// something else. Pure: WebCrypto is passed in, so Node tests run it as the browser does.

export const ENVELOPE_VERSION = 1
export const IV_BYTES = 12
/** File bytes are sealed in chunks of this size: a 2 GB video never sits decrypted in memory whole. */
export const CHUNK_BYTES = 1024 * 1024

/** One sealed value as stored: version, IV and ciphertext (with its 16-byte GCM tag). */
export type Envelope = { v: 1; iv: Uint8Array; ct: ArrayBuffer }

/** Where an envelope belongs: it opens only at the same place. */
export type Place = { item: string; part: 'draft' | 'capture' | 'chunk' | 'meta'; index?: number }

/** The additional authenticated data of a place: a fixed ASCII line (no free text reaches it). */
export function placeBytes(place: Place): Uint8Array {
  if (!/^[A-Za-z0-9:._-]{1,100}$/.test(place.item)) throw new Error('a queue item id is letters, digits and :._- only')
  if (place.index !== undefined && (!Number.isSafeInteger(place.index) || place.index < 0))
    throw new Error('a chunk index is a whole number ≥ 0')
  return new TextEncoder().encode(`sanad-offline/${ENVELOPE_VERSION}|${place.item}|${place.part}|${place.index ?? ''}`)
}

/** The chunks a file of `size` bytes is cut into: [start, end) byte ranges, in order. */
export function chunkRanges(size: number, chunkBytes: number = CHUNK_BYTES): { index: number; start: number; end: number }[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error('a size is a whole number ≥ 0')
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) throw new Error('a chunk size is a whole number > 0')
  const out: { index: number; start: number; end: number }[] = []
  for (let start = 0, index = 0; start < size; start += chunkBytes, index++)
    out.push({ index, start, end: Math.min(size, start + chunkBytes) })
  return out
}

/** True when a stored value has the envelope's shape (anything else is refused before decrypting). */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    v.v === ENVELOPE_VERSION &&
    v.iv instanceof Uint8Array &&
    v.iv.length === IV_BYTES &&
    v.ct instanceof ArrayBuffer &&
    v.ct.byteLength >= 16
  )
}

/** Seals bytes for a place. `iv` is for tests only: each envelope must have its own random IV. */
export async function seal(subtle: SubtleCrypto, key: CryptoKey, place: Place, bytes: Uint8Array, iv?: Uint8Array): Promise<Envelope> {
  const nonce = iv ?? globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES))
  if (nonce.length !== IV_BYTES) throw new Error('an IV is 12 bytes')
  const ct = await subtle.encrypt(
    { name: 'AES-GCM', iv: nonce as BufferSource, additionalData: placeBytes(place) as BufferSource },
    key,
    bytes as BufferSource
  )
  return { v: ENVELOPE_VERSION, iv: nonce, ct }
}

/** Opens an envelope sealed for this place; throws when the key, the place or any byte differs. */
export async function open(subtle: SubtleCrypto, key: CryptoKey, place: Place, envelope: unknown): Promise<Uint8Array> {
  if (!isEnvelope(envelope)) throw new Error('not a queue envelope')
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: envelope.iv as BufferSource, additionalData: placeBytes(place) as BufferSource },
    key,
    envelope.ct
  )
  return new Uint8Array(plain)
}

/** Seals a JSON value (a draft, a person, a capture record). */
export async function sealJson(subtle: SubtleCrypto, key: CryptoKey, place: Place, value: unknown): Promise<Envelope> {
  return await seal(subtle, key, place, new TextEncoder().encode(JSON.stringify(value)))
}

export async function openJson<T>(subtle: SubtleCrypto, key: CryptoKey, place: Place, envelope: unknown): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await open(subtle, key, place, envelope))) as T
}
