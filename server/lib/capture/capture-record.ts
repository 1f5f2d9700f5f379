// Capture records (schemas/capture-record.json): what an enrolled device says about a file the moment
// it was taken, signed with the device's ECDSA P-256 key (WebCrypto: SHA-256, IEEE P1363 r‖s) over the
// record's RFC 8785 bytes. Pure: the caller looks the device up and says when the file was received;
// this only decides. The upload path and offline verification (`npm run verify`) both use checkCapture.

import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'
import type { CaptureRecord, SignedCapture } from '../../types/schemas.ts'

export const CAPTURE_FORMAT = 'sanad-capture/1'
export const DEVICE_ALGORITHM = 'ECDSA-P256'

/** An enrolled device key as the check needs it. `publicKey` is SPKI DER in base64. */
export type DeviceKey = { id: string; userId: string; publicKey: string; revokedAt: string | null }

/** Why a capture is refused; the caller maps each to its error code or verification problem. */
export type CaptureProblem =
  | 'record-invalid'
  | 'device-unknown'
  | 'signature-invalid'
  | 'device-of-another-user'
  | 'documenter-mismatch'
  | 'device-revoked'
  | 'hash-mismatch'
  | 'size-mismatch'

export type CaptureCheck = { ok: true; recordSha256: string } | { ok: false; problem: CaptureProblem; message: string }

export type CaptureCheckInput = {
  capture: SignedCapture
  /** The device the record names, as enrolled; undefined when no such device exists. */
  device: DeviceKey | undefined
  /** What actually arrived. */
  file: { sha256: string; size: number }
  /** User id (no `user:` prefix) of the account uploading the file. */
  uploader: string
  /** When the server received the file (RFC 3339): a key revoked by then signs nothing more. */
  receivedAt: string
}

/** The exact bytes a device signs: the record's RFC 8785 canonical JSON in UTF-8. */
export function captureBytes(record: CaptureRecord): Buffer {
  return canonicalJson(record)
}

/** SHA-256 (hex) of the signed bytes: what the `captured` ledger entry records. */
export function captureRecordSha256(record: CaptureRecord): string {
  return createHash('sha256').update(captureBytes(record)).digest('hex')
}

function refuse(problem: CaptureProblem, message: string): CaptureCheck {
  return { ok: false, problem, message }
}

/**
 * Decides whether a signed capture record stands for this file, from this uploader: in order, the
 * record names the device looked up, the device key signed exactly these bytes, the device is the
 * uploader's and the uploader is the documenter, the key was not revoked when the file was taken nor
 * when it arrived (device clocks can be set back, so the server's time counts too), and hash and size
 * are those of the file received.
 */
export function checkCapture(input: CaptureCheckInput): CaptureCheck {
  const { record, signature } = input.capture
  if (record.format !== CAPTURE_FORMAT) return refuse('record-invalid', `the capture record's format is not ${CAPTURE_FORMAT}`)
  const capturedMs = Date.parse(record.capturedAt)
  if (!Number.isFinite(capturedMs)) return refuse('record-invalid', 'capturedAt is not a valid time')
  const device = input.device
  if (!device || device.id !== record.deviceKeyId) return refuse('device-unknown', 'the capture record names no enrolled device')
  let key: KeyObject
  let bytes: Buffer
  try {
    key = publicKeyOf(device.publicKey)
    bytes = captureBytes(record)
  } catch {
    return refuse('record-invalid', 'the capture record or the device key cannot be read')
  }
  const sig = Buffer.from(signature, 'base64url')
  if (sig.length !== 64 || !verifySignature('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, sig)) {
    return refuse('signature-invalid', `the capture record is not signed by device ${device.id}`)
  }
  if (device.userId !== input.uploader) return refuse('device-of-another-user', 'the signing device belongs to another account')
  if (record.documenter !== input.uploader) return refuse('documenter-mismatch', 'the capture record names another documenter')
  if (device.revokedAt !== null) {
    const revokedMs = Date.parse(device.revokedAt)
    if (revokedMs <= capturedMs || revokedMs <= Date.parse(input.receivedAt)) {
      return refuse('device-revoked', `device ${device.id} was revoked at ${device.revokedAt}`)
    }
  }
  if (record.sha256 !== input.file.sha256) {
    return refuse('hash-mismatch', `the capture record says SHA-256 ${record.sha256} but the file is ${input.file.sha256}`)
  }
  if (record.size !== input.file.size) {
    return refuse('size-mismatch', `the capture record says ${record.size} bytes but the file has ${input.file.size}`)
  }
  return { ok: true, recordSha256: createHash('sha256').update(bytes).digest('hex') }
}

function publicKeyOf(spkiBase64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' })
}

export type EnrolledKey = { spki: string; keySha256: string }

/**
 * Reads a device's public key, given as a JWK or as SPKI DER (base64), and returns it as SPKI DER in
 * base64 with its SHA-256: one stored form whichever way it came. Throws unless it is an EC key on
 * P-256 (WebCrypto's ECDSA "P-256"), the only kind a capture record may be signed with.
 */
export function readDevicePublicKey(given: { jwk: Record<string, unknown> } | { spki: string }): EnrolledKey {
  const key =
    'jwk' in given
      ? createPublicKey({ key: { kty: given.jwk.kty, crv: given.jwk.crv, x: given.jwk.x, y: given.jwk.y } as never, format: 'jwk' })
      : createPublicKey({ key: Buffer.from(given.spki, 'base64'), format: 'der', type: 'spki' })
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('the device key is not an ECDSA P-256 public key')
  }
  const der = key.export({ format: 'der', type: 'spki' })
  return { spki: der.toString('base64'), keySha256: createHash('sha256').update(der).digest('hex') }
}
