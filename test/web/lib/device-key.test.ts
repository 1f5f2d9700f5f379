// The browser's device key, exercised with Node's WebCrypto (globalThis.crypto.subtle): a capture
// record signed there verifies with the server's own check.
import t from 'tap'
import { createHash } from 'node:crypto'
import { captureRecord, createDeviceKey, localTimeWithOffset, publicJwk, signCapture } from '../../../web/src/lib/device-key.ts'
import { checkCapture, readDevicePublicKey } from '../../../server/lib/capture/capture-record.ts'

const USER = '11111111-1111-4111-8111-111111111111'
const DEVICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const FILE = Buffer.from('a photo taken in Kabul')
const SHA = createHash('sha256').update(FILE).digest('hex')

t.test('a record signed with a WebCrypto device key verifies with the server check, and only for its file', async (t) => {
  const keys = await createDeviceKey()
  const jwk = await publicJwk(keys.publicKey)
  t.same(Object.keys(jwk).sort(), ['crv', 'kty', 'x', 'y'])
  const device = { id: DEVICE, userId: USER, publicKey: readDevicePublicKey({ jwk }).spki, revokedAt: null }
  const record = captureRecord({
    sha256: SHA.toUpperCase(),
    size: FILE.length,
    mediaType: 'IMAGE/JPEG',
    at: new Date('2026-03-01T04:45:00Z'),
    position: { lat: 34.5553, lon: 69.2075, accuracy: 12.5 },
    documenter: USER,
    deviceKeyId: DEVICE
  })
  t.equal(record.sha256, SHA, 'hex in lower case')
  t.equal(record.mediaType, 'image/jpeg')
  const signed = await signCapture(keys.privateKey, record)
  t.match(signed.signature, /^[A-Za-z0-9_-]{86}$/, '64 bytes, base64url')
  const check = (file: { sha256: string; size: number }) =>
    checkCapture({ capture: signed, device, file, uploader: USER, receivedAt: '2026-03-02T00:00:00Z' })
  t.ok(check({ sha256: SHA, size: FILE.length }).ok, 'verifies on the server side')
  t.match(check({ sha256: 'ab'.repeat(32), size: FILE.length }), { ok: false, problem: 'hash-mismatch' })
  const altered = { ...signed, record: { ...record, capturedAt: '2026-02-01T09:15:00.000+04:30' } }
  t.match(
    checkCapture({
      capture: altered,
      device,
      file: { sha256: SHA, size: FILE.length },
      uploader: USER,
      receivedAt: '2026-03-02T00:00:00Z'
    }),
    {
      ok: false,
      problem: 'signature-invalid'
    }
  )
})

t.test('the private key cannot be exported', async (t) => {
  const keys = await createDeviceKey()
  t.equal(keys.privateKey.extractable, false)
  await t.rejects(globalThis.crypto.subtle.exportKey('jwk', keys.privateKey))
  await t.rejects(globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey))
})

t.test('capture time is written with the device offset and an unknown media type becomes octet-stream', async (t) => {
  t.match(localTimeWithOffset(new Date('2026-03-01T04:45:00Z')), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/)
  const at = new Date('2026-03-01T04:45:00.123Z')
  t.equal(Date.parse(localTimeWithOffset(at)), at.getTime(), 'the same instant')
  const record = captureRecord({ sha256: SHA, size: 1, mediaType: '', documenter: USER, deviceKeyId: DEVICE })
  t.equal(record.mediaType, 'application/octet-stream')
  t.notOk('position' in record)
  t.match(record.timeZone, /^[A-Za-z][A-Za-z0-9_+/-]*$/)
})
