import t from 'tap'
import { randomBytes } from 'node:crypto'
import {
  decryptField,
  deriveKey,
  encryptField,
  envelopeKeyId,
  fieldKey,
  masterKeyId,
  reencryptField,
  FieldCryptoError
} from '../../../server/lib/crypto/field-crypto.ts'

const master = Buffer.alloc(32, 7)
const key = fieldKey(master)
const place = { table: 'persons', column: 'name', rowId: '3f1c2a9e-0000-4000-8000-000000000001' }

t.test('a field round-trips, in any script, and each encryption is different', async (t) => {
  for (const text of ['Zarghuna Ahmadi', 'زرغونه احمدی', 'زرغونه‌ احمدی', '', 'x'.repeat(5000)]) {
    const a = encryptField(key, place, text)
    const b = encryptField(key, place, text)
    t.not(a, b, 'random IV: equal names do not give equal ciphertexts')
    t.equal(decryptField(key, place, a), text)
  }
})

t.test('the envelope names the key and hides the plaintext and its exact length', async (t) => {
  const env = encryptField(key, place, 'Zarghuna Ahmadi')
  t.match(env, /^sf1:[0-9a-f]{16}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/)
  t.equal(envelopeKeyId(env), masterKeyId(master))
  t.notMatch(env, /Zarghuna/)
  t.equal(
    encryptField(key, place, 'Ali').length,
    encryptField(key, place, 'Zarghuna Ahmadi-Karimi').length,
    'short and long names pad to the same size'
  )
})

t.test('an envelope moved to another row, column or table, or relabelled, does not decrypt', async (t) => {
  const env = encryptField(key, place, 'Zarghuna Ahmadi')
  t.throws(() => decryptField(key, { ...place, rowId: '3f1c2a9e-0000-4000-8000-000000000002' }, env), FieldCryptoError)
  t.throws(() => decryptField(key, { ...place, column: 'notes' }, env), FieldCryptoError)
  t.throws(() => decryptField(key, { ...place, table: 'users' }, env), FieldCryptoError)
  const other = fieldKey(Buffer.alloc(32, 9))
  t.throws(() => decryptField(other, place, env), /not loaded/, 'another key is refused by id')
  const relabelled = env.replace(key.id, other.id)
  t.throws(() => decryptField([key, other], place, relabelled), FieldCryptoError, 'the key id is authenticated too')
})

t.test('any altered byte is detected', async (t) => {
  const env = encryptField(key, place, 'Zarghuna Ahmadi')
  const parts = env.split(':')
  const ct = Buffer.from(parts[3] as string, 'base64url')
  for (const i of [0, 10, ct.length - 1]) {
    const copy = Buffer.from(ct)
    copy[i] = (copy[i] as number) ^ 1
    t.throws(
      () => decryptField(key, place, [parts[0], parts[1], parts[2], copy.toString('base64url')].join(':')),
      FieldCryptoError,
      `byte ${i}`
    )
  }
  t.throws(() => decryptField(key, place, 'Zarghuna Ahmadi'), /not a field envelope/)
  t.throws(() => decryptField(key, place, env.slice(0, 60)), FieldCryptoError)
})

t.test('rotation re-encrypts under a new key; keys derive per purpose', async (t) => {
  const next = fieldKey(randomBytes(32))
  const env = encryptField(key, place, 'Zarghuna Ahmadi')
  const rotated = reencryptField(key, next, place, env)
  t.equal(envelopeKeyId(rotated), next.id)
  t.equal(decryptField(next, place, rotated), 'Zarghuna Ahmadi')
  t.throws(() => decryptField(key, place, rotated), /not loaded/)
  t.equal(decryptField([key, next], place, env), 'Zarghuna Ahmadi', 'a key ring picks the key by id')
  t.not(deriveKey(master, 'field').toString('hex'), deriveKey(master, 'login-throttle').toString('hex'))
  t.not(key.key.toString('hex'), master.toString('hex'), 'the AES key is a subkey, not the master key')
  t.throws(() => fieldKey(Buffer.alloc(16)), /32 bytes/)
})
