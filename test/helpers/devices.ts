// Device keys and signed capture records for tests (not a test file itself): the key is made with
// Node's crypto in the same form WebCrypto uses (ECDSA P-256, SHA-256, IEEE P1363 signatures).
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { authRepo } from '../../server/auth/repo.ts'
import type { Role } from '../../server/auth/permissions.ts'
import { captureBytes } from '../../server/lib/capture/capture-record.ts'
import type { CaptureRecord } from '../../server/types/schemas.ts'
import { TEST_PASSWORD } from './app.ts'

export type TestDeviceKey = { privateKey: KeyObject; jwk: { kty: string; crv: string; x: string; y: string }; spki: string }

export function deviceKey(): TestDeviceKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = publicKey.export({ format: 'jwk' }) as TestDeviceKey['jwk']
  return { privateKey, jwk, spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }
}

/** Enrols `key` for the account of `headers`; returns the device id (throws unless 201). */
export async function enrolDevice(
  app: FastifyInstance,
  headers: Record<string, string>,
  key: TestDeviceKey,
  label = 'field phone'
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/devices', headers, payload: { label, jwk: key.jwk } })
  if (res.statusCode !== 201) throw new Error(`enrol: ${res.statusCode} ${res.body}`)
  return (res.json() as { id: string }).id
}

export function captureRecord(file: Buffer, documenter: string, deviceKeyId: string, over: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    format: 'sanad-capture/1',
    sha256: createHash('sha256').update(file).digest('hex'),
    size: file.length,
    mediaType: 'image/jpeg',
    capturedAt: '2023-09-14T08:30:00.000+04:30',
    timeZone: 'Asia/Kabul',
    position: { lat: 34.5553, lon: 69.2075, accuracy: 15 },
    documenter,
    deviceKeyId,
    ...over
  }
}

/** The multipart `capture` field: the record and its device signature, as JSON text. */
export function signedCapture(record: CaptureRecord, key: TestDeviceKey): string {
  const signature = sign('sha256', captureBytes(record), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')
  return JSON.stringify({ record, signature })
}

/** A further account of `role` (tests that need two documenters) and its API-token headers. */
export async function anotherAccount(
  app: FastifyInstance,
  username: string,
  role: Role
): Promise<{ id: string; headers: Record<string, string> }> {
  const view = app.users.byUsername(username) ?? (await app.users.create({ username, password: TEST_PASSWORD, role }, 'system'))
  const row = authRepo(app.db).userById(view.id)
  if (!row) throw new Error('account vanished')
  return { id: view.id, headers: { authorization: `Bearer ${app.auth.createToken(row.seq, 'test', null).token}` } }
}
