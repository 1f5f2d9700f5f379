import t from 'tap'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as openpgp from 'openpgp'
import {
  decryptMessage,
  ENCRYPT_PIECE_BYTES,
  encryptingStream,
  readRecipientKey,
  RECIPIENT_KEY_MAX_LENGTH
} from '../../../server/lib/crypto/recipient-encryption.ts'
import { recipientKeyPair } from '../../helpers/recipient-key.ts'

t.test('which armored keys can be encrypted to', async (t) => {
  const pair = await recipientKeyPair()
  const expiring = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Expired' }],
    keyExpirationTime: 60,
    date: new Date(Date.now() - 3_600_000),
    format: 'armored'
  })
  const table: Array<[string, string, RegExp | null]> = [
    ['a public key', pair.publicKey, null],
    ['a private key', pair.privateKey, /private key/],
    ['not a key', 'hello', /not an armored OpenPGP public key/],
    ['an empty string', '', /not an armored/],
    ['an expired key', expiring.publicKey, /no valid encryption subkey/],
    ['an overlong text', 'x'.repeat(RECIPIENT_KEY_MAX_LENGTH + 1), /too long/]
  ]
  for (const [what, armored, problem] of table) {
    const read = await readRecipientKey(armored)
    if (problem === null) t.match(read, { fingerprint: pair.fingerprint.toLowerCase() }, what)
    else t.match((read as { problem: string }).problem, problem, what)
  }
})

t.test('bytes streamed in come out as a message only the recipient opens; its hash and size are told', async (t) => {
  const pair = await recipientKeyPair()
  const other = await recipientKeyPair('Other')
  const key = await readRecipientKey(pair.publicKey)
  if ('problem' in key) throw new Error(key.problem)
  const plain = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(3_000_000, 0x41)])
  const { stream, result } = await encryptingStream(key)
  const out: Buffer[] = []
  await pipeline(Readable.from([plain.subarray(0, 1_000_000), plain.subarray(1_000_000)]), stream, async (source) => {
    for await (const c of source) out.push(c as Buffer)
  })
  const message = Buffer.concat(out)
  t.notOk(message.includes(Buffer.alloc(64, 0x41)), 'no run of the plain bytes')
  t.same(result(), { sha256: createHash('sha256').update(message).digest('hex'), size: message.length })
  t.ok(Buffer.from(await decryptMessage(message, pair.privateKey)).equals(plain))
  await t.rejects(decryptMessage(message, other.privateKey))
})

t.test('a large buffer written in one piece is encrypted a small piece at a time, and still opens', async (t) => {
  // A whole PDF reaches the stream as one chunk; handed to OpenPGP whole it was copied and encrypted
  // as one partial-length packet as large as itself (several times its size in memory at once).
  const pair = await recipientKeyPair()
  const key = await readRecipientKey(pair.publicKey)
  if ('problem' in key) throw new Error(key.problem)
  const plain = Buffer.alloc(8 * 1024 * 1024)
  for (let i = 0; i < plain.length; i += 4) plain.writeUInt32LE(i, i)
  const { stream, result } = await encryptingStream(key)
  const out: Buffer[] = []
  await pipeline(Readable.from([plain]), stream, async (source) => {
    for await (const c of source) out.push(c as Buffer)
  })
  const largest = Math.max(...out.map((c) => c.length))
  t.ok(largest <= ENCRYPT_PIECE_BYTES + 1024, `the largest encrypted chunk (${largest} bytes) is about one piece`)
  const message = Buffer.concat(out)
  t.same(result(), { sha256: createHash('sha256').update(message).digest('hex'), size: message.length })
  t.ok(Buffer.from(await decryptMessage(message, pair.privateKey)).equals(plain), 'the recipient opens the whole buffer')
})

t.test('pieces at and around the boundary, and nothing at all, open to the same bytes; an altered message is refused', async (t) => {
  const pair = await recipientKeyPair()
  const key = await readRecipientKey(pair.publicKey)
  if ('problem' in key) throw new Error(key.problem)
  const encrypt = async (chunks: Buffer[]): Promise<Buffer> => {
    const { stream } = await encryptingStream(key)
    const out: Buffer[] = []
    await pipeline(Readable.from(chunks), stream, async (source) => {
      for await (const c of source) out.push(c as Buffer)
    })
    return Buffer.concat(out)
  }
  const piece = ENCRYPT_PIECE_BYTES
  const table: [string, Buffer[]][] = [
    ['nothing', []],
    ['one byte', [Buffer.from('x')]],
    ['exactly one piece', [Buffer.alloc(piece, 1)]],
    ['one piece and a byte', [Buffer.alloc(piece + 1, 2)]],
    ['three pieces less a byte, then tiny writes', [Buffer.alloc(3 * piece - 1, 3), Buffer.from('ab'), Buffer.from('c')]]
  ]
  for (const [what, chunks] of table) {
    const message = await encrypt(chunks)
    t.ok(Buffer.from(await decryptMessage(message, pair.privateKey)).equals(Buffer.concat(chunks)), what)
  }
  // Integrity is OpenPGP's as before: a changed byte in the encrypted data fails to open.
  const message = await encrypt([Buffer.alloc(2 * piece + 5, 7)])
  const altered = Buffer.from(message)
  altered[altered.length - 100] = (altered[altered.length - 100] ?? 0) ^ 1
  await t.rejects(decryptMessage(altered, pair.privateKey), 'an altered message is refused')
})
