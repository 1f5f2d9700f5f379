import t from 'tap'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import {
  captureBytes,
  captureRecordSha256,
  checkCapture,
  readDevicePublicKey,
  type CaptureCheckInput,
  type DeviceKey
} from '../../../server/lib/capture/capture-record.ts'
import type { CaptureRecord } from '../../../server/types/schemas.ts'

const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'
const PHONE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const TABLET = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
const BOBS_PHONE = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'
const FILE = { sha256: 'ab'.repeat(32), size: 123456 }

function keyPair(): { privateKey: KeyObject; spki: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }
}
const phoneKey = keyPair()
const tabletKey = keyPair()
const bobKey = keyPair()

const phone: DeviceKey = { id: PHONE, userId: ALICE, publicKey: phoneKey.spki, revokedAt: null }
const tablet: DeviceKey = { id: TABLET, userId: ALICE, publicKey: tabletKey.spki, revokedAt: null }
const bobsPhone: DeviceKey = { id: BOBS_PHONE, userId: BOB, publicKey: bobKey.spki, revokedAt: null }
const devices = new Map([phone, tablet, bobsPhone].map((d) => [d.id, d]))

function record(over: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    format: 'sanad-capture/1',
    sha256: FILE.sha256,
    size: FILE.size,
    mediaType: 'image/jpeg',
    capturedAt: '2026-03-01T09:15:00.000+04:30',
    timeZone: 'Asia/Kabul',
    position: { lat: 34.5553, lon: 69.2075, accuracy: 12.5 },
    documenter: ALICE,
    deviceKeyId: PHONE,
    ...over
  }
}

/** WebCrypto's form: ECDSA over SHA-256, r‖s (IEEE P1363), here in base64url. */
function signed(rec: CaptureRecord, key: KeyObject = phoneKey.privateKey): { record: CaptureRecord; signature: string } {
  return { record: rec, signature: sign('sha256', captureBytes(rec), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url') }
}

function input(over: Partial<CaptureCheckInput> & { rec?: CaptureRecord; key?: KeyObject } = {}): CaptureCheckInput {
  const rec = over.rec ?? record()
  return {
    capture: over.capture ?? signed(rec, over.key),
    device: 'device' in over ? over.device : devices.get(rec.deviceKeyId),
    file: over.file ?? FILE,
    uploader: over.uploader ?? ALICE,
    receivedAt: over.receivedAt ?? '2026-03-02T10:00:00.000Z'
  }
}

t.test('a capture record is checked: signature, device, documenter, revocation, hash and size', async (t) => {
  const { position: _position, ...withoutPosition } = record()
  const flipped = signed(record())
  flipped.signature = `${flipped.signature[0] === 'A' ? 'B' : 'A'}${flipped.signature.slice(1)}`
  const cases: Array<[string, CaptureCheckInput, string | null]> = [
    ['a record signed by the named device of the uploader, for the file received', input(), null],
    ['a record without a position', input({ rec: withoutPosition }), null],
    ['a bad signature', input({ capture: flipped }), 'signature-invalid'],
    [
      'a record changed after signing',
      input({ capture: { ...signed(record()), record: record({ capturedAt: '2026-02-01T09:15:00.000+04:30' }) } }),
      'signature-invalid'
    ],
    ['a record naming the phone but signed by the tablet (another device)', input({ key: tabletKey.privateKey }), 'signature-invalid'],
    ['a record naming a device that is not enrolled', input({ device: undefined }), 'device-unknown'],
    ['a record naming one device checked against another', input({ device: tablet }), 'device-unknown'],
    [
      "a record signed by another user's device",
      input({ rec: record({ deviceKeyId: BOBS_PHONE }), key: bobKey.privateKey }),
      'device-of-another-user'
    ],
    ["another user's record sent by the uploader", input({ rec: record({ documenter: BOB }) }), 'documenter-mismatch'],
    [
      'a record uploaded by someone who is not its documenter',
      input({ uploader: BOB, device: { ...phone, userId: BOB } }),
      'documenter-mismatch'
    ],
    ['a key revoked before the capture', input({ device: { ...phone, revokedAt: '2026-02-28T00:00:00.000Z' } }), 'device-revoked'],
    [
      'a key revoked after the capture but before the file arrived (a back-dated clock)',
      input({ device: { ...phone, revokedAt: '2026-03-02T09:00:00.000Z' } }),
      'device-revoked'
    ],
    ['a key revoked after the file arrived', input({ device: { ...phone, revokedAt: '2026-03-02T11:00:00.000Z' } }), null],
    ['a file whose hash differs', input({ file: { ...FILE, sha256: 'cd'.repeat(32) } }), 'hash-mismatch'],
    ['a file whose size differs', input({ file: { ...FILE, size: FILE.size + 1 } }), 'size-mismatch'],
    ['another format', input({ rec: record({ format: 'sanad-capture/2' as 'sanad-capture/1' }) }), 'record-invalid'],
    ['an impossible capture time', input({ rec: record({ capturedAt: '2026-13-45T99:00:00Z' }) }), 'record-invalid']
  ]
  for (const [name, given, problem] of cases) {
    const result = checkCapture(given)
    if (problem === null) t.same(result, { ok: true, recordSha256: captureRecordSha256(given.capture.record) }, name)
    else t.equal(result.ok ? 'ok' : result.problem, problem, name)
  }
})

t.test('the signed bytes are the RFC 8785 form of the record, whatever order its members came in', async (t) => {
  const rec = record()
  const shuffled = Object.fromEntries(Object.entries(rec).reverse()) as CaptureRecord
  t.equal(captureBytes(shuffled).toString('utf8'), captureBytes(rec).toString('utf8'))
  t.match(captureBytes(rec).toString('utf8'), /^\{"capturedAt":"2026-03-01T09:15:00\.000\+04:30","deviceKeyId":/)
  t.ok(checkCapture(input({ capture: { record: shuffled, signature: signed(rec).signature } })).ok, 'a reordered record still verifies')
})

t.test('a device key is read from a JWK or SPKI into one stored form, and only P-256 is accepted', async (t) => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
  const fromJwk = readDevicePublicKey({ jwk: { ...jwk, ext: true, key_ops: ['verify'] } })
  t.same(fromJwk, readDevicePublicKey({ spki }), 'the same key either way')
  t.equal(fromJwk.spki, spki)
  t.match(fromJwk.keySha256, /^[0-9a-f]{64}$/)
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
  t.throws(() => readDevicePublicKey({ spki: p384 }), /not an ECDSA P-256/)
  const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
  t.throws(() => readDevicePublicKey({ spki: ed }), /not an ECDSA P-256/)
  t.throws(() => readDevicePublicKey({ spki: 'AAAA' }))
})
