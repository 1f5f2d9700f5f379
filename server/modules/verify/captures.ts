import { createHash } from 'node:crypto'
import { captureRecordSha256, checkCapture, type CaptureProblem } from '../../lib/capture/capture-record.ts'
import type { CaptureRecord } from '../../types/schemas.ts'
import type { CapturedRow, DeviceKeyRow } from './repo.ts'

/** What the ledger pass keeps of the entries about devices and captures. */
export type CaptureLedger = {
  /** `captured` entries by evidence id. */
  captured: Map<string, { index: number; time: string; details: Record<string, unknown> }>
  /** `device-enrolled` entries by device id: the SHA-256 of the key enrolled. */
  enrolled: Map<string, { index: number; keySha256: unknown }>
  /** `device-revoked` entries by device id. */
  revoked: Map<string, { index: number; time: string }>
}

type Problem = { code: string; message: string; index?: number; evidenceId?: string }

const PROBLEM_CODES: Record<CaptureProblem, string> = {
  'record-invalid': 'SANAD_ERR_CAPTURE_ALTERED',
  'device-unknown': 'SANAD_ERR_CAPTURE_DEVICE_MISSING',
  'signature-invalid': 'SANAD_ERR_CAPTURE_SIGNATURE',
  'device-of-another-user': 'SANAD_ERR_CAPTURE_SIGNATURE',
  'documenter-mismatch': 'SANAD_ERR_CAPTURE_SIGNATURE',
  'device-revoked': 'SANAD_ERR_CAPTURE_DEVICE_REVOKED',
  'hash-mismatch': 'SANAD_ERR_CAPTURE_ALTERED',
  'size-mismatch': 'SANAD_ERR_CAPTURE_ALTERED'
}

/**
 * Every device-signed capture record checked again, offline, against what the ledger recorded when it
 * arrived: the stored record still hashes to the `captured` entry's recordSha256, the device key kept
 * is the one the `device-enrolled` entry names, its signature over the record verifies, the device and
 * the documenter are the uploader's, the key was not revoked (by the ledger's account) before the
 * record arrived, and hash and size are the evidence record's. Each broken item is named.
 */
export function checkCaptures(
  rows: CapturedRow[],
  devices: DeviceKeyRow[],
  ledger: CaptureLedger
): { problems: Problem[]; verified: number } {
  const problems: Problem[] = []
  const byId = new Map(devices.map((d) => [d.id, d]))
  let verified = 0
  const seen = new Set<string>()
  for (const row of rows) {
    seen.add(row.id)
    const entry = ledger.captured.get(row.id)
    const name = `evidence ${row.id}`
    if (!entry || row.record === null || row.signature === null || entry.index !== row.captureIndex) {
      problems.push({
        code: 'SANAD_ERR_CAPTURE_LEDGER_MISMATCH',
        evidenceId: row.id,
        message: `${name}: its capture record does not match a captured ledger entry (${row.captureIndex ?? 'no index'})`
      })
      continue
    }
    let record: CaptureRecord
    try {
      record = JSON.parse(row.record) as CaptureRecord
    } catch {
      problems.push({
        code: 'SANAD_ERR_CAPTURE_ALTERED',
        evidenceId: row.id,
        index: entry.index,
        message: `${name}: its stored capture record is not JSON`
      })
      continue
    }
    const d = entry.details
    let recordSha256: string | undefined
    try {
      recordSha256 = captureRecordSha256(record)
    } catch {
      recordSha256 = undefined
    }
    if (recordSha256 !== d.recordSha256 || d.device !== record.deviceKeyId || d.capturedAt !== record.capturedAt) {
      problems.push({
        code: 'SANAD_ERR_CAPTURE_ALTERED',
        evidenceId: row.id,
        index: entry.index,
        message: `${name}: its stored capture record was altered: it no longer hashes to the record of captured entry ${entry.index}`
      })
      continue
    }
    const device = byId.get(record.deviceKeyId)
    const enrolled = ledger.enrolled.get(record.deviceKeyId)
    if (device && (!enrolled || enrolled.keySha256 !== keyHash(device.publicKey) || device.keySha256 !== enrolled.keySha256)) {
      problems.push({
        code: 'SANAD_ERR_DEVICE_KEY_ALTERED',
        evidenceId: row.id,
        message: `device ${device.id}: its stored public key is not the one its device-enrolled ledger entry records`
      })
      continue
    }
    const revoked = ledger.revoked.get(record.deviceKeyId)
    const result = checkCapture({
      capture: { record, signature: row.signature },
      device: device && {
        id: device.id,
        userId: device.userId,
        publicKey: device.publicKey,
        // The ledger's account of the revocation: only one recorded before the capture arrived counts.
        revokedAt: revoked && revoked.index < entry.index ? revoked.time : null
      },
      file: { sha256: row.sha256, size: row.size },
      uploader: row.createdBy.replace(/^user:/, ''),
      receivedAt: entry.time
    })
    if (!result.ok) {
      problems.push({ code: PROBLEM_CODES[result.problem], evidenceId: row.id, index: entry.index, message: `${name}: ${result.message}` })
      continue
    }
    verified++
  }
  for (const [id, { index }] of ledger.captured) {
    if (!seen.has(id))
      problems.push({
        code: 'SANAD_ERR_CAPTURE_LEDGER_MISMATCH',
        evidenceId: id,
        index,
        message: `ledger entry ${index} records a capture record of evidence ${id}, but the record holds none`
      })
  }
  return { problems, verified }
}

function keyHash(spkiBase64: string): string {
  return createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex')
}
