// The device key that signs capture records (#16 item 2). An ECDSA P-256 key pair made in WebCrypto
// with a non-extractable private half: script can sign with it but never read it, so a copy of the
// browser's storage cannot carry it off. The pair is kept in IndexedDB (which stores CryptoKey objects
// as they are), its public half enrolled with the server (POST /api/v1/devices), and each capture
// record is signed over its RFC 8785 bytes exactly as the server checks it
// (server/lib/capture/capture-record.ts).

import type { CaptureRecord, Device, SignedCapture } from '../../../server/types/schemas.ts'
import { canonicalJson } from './canonical-json.ts'
import { toBase64, utf8 } from './bytes.ts'

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const

export type PublicJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string }

/** A new device key pair; the private key can sign but never be exported. */
export async function createDeviceKey(subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<CryptoKeyPair> {
  return await subtle.generateKey(ECDSA_P256, false, ['sign', 'verify'])
}

/** The public half as the JWK the enrolment takes (only the members it accepts). */
export async function publicJwk(key: CryptoKey, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<PublicJwk> {
  const jwk = await subtle.exportKey('jwk', key)
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('not an ECDSA P-256 public key')
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
}

export type CaptureFacts = {
  sha256: string
  size: number
  mediaType: string
  /** When the file was taken or picked (defaults to now). */
  at?: Date
  position?: { lat: number; lon: number; accuracy: number }
  documenter: string
  deviceKeyId: string
}

/** RFC 3339 local time with the device's UTC offset, e.g. 2026-03-01T09:15:00.000+04:30. */
export function localTimeWithOffset(at: Date): string {
  const offset = -at.getTimezoneOffset()
  const pad = (n: number, w = 2): string => String(Math.abs(Math.trunc(n))).padStart(w, '0')
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}` +
    `.${pad(at.getMilliseconds(), 3)}${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  )
}

/** The capture record of a file just taken or picked (schemas/capture-record.json). */
export function captureRecord(facts: CaptureFacts): CaptureRecord {
  const type = facts.mediaType.toLowerCase()
  return {
    format: 'sanad-capture/1',
    sha256: facts.sha256.toLowerCase(),
    size: facts.size,
    mediaType: /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,80}$/.test(type) ? type : 'application/octet-stream',
    capturedAt: localTimeWithOffset(facts.at ?? new Date()),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    ...(facts.position ? { position: facts.position } : {}),
    documenter: facts.documenter,
    deviceKeyId: facts.deviceKeyId
  }
}

/** Signs the record's RFC 8785 bytes: ECDSA P-256 / SHA-256, r‖s (WebCrypto's form), base64url. */
export async function signCapture(
  privateKey: CryptoKey,
  record: CaptureRecord,
  subtle: SubtleCrypto = globalThis.crypto.subtle
): Promise<SignedCapture> {
  const signature = new Uint8Array(await subtle.sign(SIGN, privateKey, new Uint8Array(utf8(canonicalJson(record)))))
  return { record, signature: toBase64(signature).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') }
}

// ---- IndexedDB: one enrolled key per account on this browser ---------------------------------------

export type StoredDeviceKey = { userId: string; deviceKeyId: string; keys: CryptoKeyPair }

const DB_NAME = 'sanad-device'
const STORE = 'keys'

function openStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'userId' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openStore()
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = act(db.transaction(STORE, mode).objectStore(STORE))
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
  } finally {
    db.close()
  }
}

export async function loadDeviceKey(userId: string): Promise<StoredDeviceKey | undefined> {
  return (await inStore('readonly', (s) => s.get(userId))) as StoredDeviceKey | undefined
}

export async function forgetDeviceKey(userId: string): Promise<void> {
  await inStore('readwrite', (s) => s.delete(userId))
}

/**
 * This browser's device key for the account: the one kept in IndexedDB, or a new one enrolled with
 * the server (through `post`, the API client's POST) and kept. A key the server no longer lists as
 * live (revoked) must be forgotten (forgetDeviceKey) before a new one is made.
 */
export async function ensureDeviceKey(
  userId: string,
  label: string,
  post: (path: string, body: unknown) => Promise<Device>
): Promise<StoredDeviceKey> {
  const kept = await loadDeviceKey(userId)
  if (kept) return kept
  const keys = await createDeviceKey()
  const device = await post('/api/v1/devices', { label, jwk: await publicJwk(keys.publicKey) })
  const stored: StoredDeviceKey = { userId, deviceKeyId: device.id, keys }
  await inStore('readwrite', (s) => s.put(stored))
  return stored
}
