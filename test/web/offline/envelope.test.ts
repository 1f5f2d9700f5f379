// The offline queue's envelope and keyring, run with Node's WebCrypto exactly as the browser runs them.
import t from 'tap'
import { CHUNK_BYTES, chunkRanges, open, openJson, placeBytes, seal, sealJson } from '../../../web/src/offline/envelope.ts'
import { MIN_ITERATIONS, createKeyring, deriveWrappingKey, passphraseProblem, unlockKeyring } from '../../../web/src/offline/keyring.ts'

const subtle = globalThis.crypto.subtle
const PASS = 'river lantern under the bridge'

const dataKey = async (): Promise<CryptoKey> => await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])

t.test('a file is cut into 1 MiB chunks covering every byte once, in order', async (t) => {
  const MiB = CHUNK_BYTES
  const cases: [string, number, number, [number, number][]][] = [
    ['empty file', 0, MiB, []],
    ['one byte', 1, MiB, [[0, 1]]],
    ['exactly one chunk', MiB, MiB, [[0, MiB]]],
    [
      'one byte over',
      MiB + 1,
      MiB,
      [
        [0, MiB],
        [MiB, MiB + 1]
      ]
    ],
    [
      '2.5 chunks',
      2.5 * MiB,
      MiB,
      [
        [0, MiB],
        [MiB, 2 * MiB],
        [2 * MiB, 2.5 * MiB]
      ]
    ],
    [
      'small chunks',
      10,
      4,
      [
        [0, 4],
        [4, 8],
        [8, 10]
      ]
    ]
  ]
  for (const [name, size, chunk, want] of cases) {
    const got = chunkRanges(size, chunk)
    t.same(
      got.map((r) => [r.start, r.end]),
      want,
      name
    )
    t.same(
      got.map((r) => r.index),
      want.map((_, i) => i),
      `${name}: indexes`
    )
  }
  t.equal(CHUNK_BYTES, 1024 * 1024, 'chunks are 1 MiB')
  for (const [size, chunk] of [
    [-1, 4],
    [1.5, 4],
    [4, 0]
  ] as const)
    t.throws(() => chunkRanges(size, chunk), `${size}/${chunk} refused`)
})

t.test('the additional data names the place and nothing free-form', async (t) => {
  const text = (p: Parameters<typeof placeBytes>[0]): string => new TextDecoder().decode(placeBytes(p))
  t.equal(text({ item: 'abc-1', part: 'chunk', index: 3 }), 'sanad-offline/1|abc-1|chunk|3')
  t.equal(text({ item: 'abc-1', part: 'draft' }), 'sanad-offline/1|abc-1|draft|')
  for (const bad of ['', 'has space', 'a|b', 'x'.repeat(101)]) t.throws(() => placeBytes({ item: bad, part: 'draft' }), JSON.stringify(bad))
  t.throws(() => placeBytes({ item: 'a', part: 'chunk', index: -1 }))
})

t.test('an envelope opens only with its key, at its place, unaltered', async (t) => {
  const key = await dataKey()
  const place = { item: 'item-1', part: 'chunk', index: 0 } as const
  const bytes = new TextEncoder().encode('Narrative: the witness Zarmina saw the convoy')
  const env = await seal(subtle, key, place, bytes)
  t.equal(env.v, 1)
  t.equal(env.iv.length, 12)
  t.equal(env.ct.byteLength, bytes.length + 16, 'ciphertext and GCM tag')
  t.notOk(Buffer.from(env.ct).includes(Buffer.from('Zarmina')), 'no clear text inside')
  t.same(await open(subtle, key, place, env), bytes, 'opens at its place')
  const again = await seal(subtle, key, place, bytes)
  t.notSame(Buffer.from(again.iv), Buffer.from(env.iv), 'each envelope has its own IV')

  const refused: [string, () => Promise<unknown>][] = [
    ['another key', async () => open(subtle, await dataKey(), place, env)],
    ['another chunk index', async () => open(subtle, key, { ...place, index: 1 }, env)],
    ['another item', async () => open(subtle, key, { ...place, item: 'item-2' }, env)],
    ['another part', async () => open(subtle, key, { item: 'item-1', part: 'draft' }, env)],
    [
      'a flipped byte',
      async () => {
        const ct = new Uint8Array(env.ct.slice(0))
        ct[0]! ^= 1
        return open(subtle, key, place, { ...env, ct: ct.buffer })
      }
    ],
    ['not an envelope', async () => open(subtle, key, place, { v: 2, iv: env.iv, ct: env.ct })],
    ['a short IV', async () => open(subtle, key, place, { ...env, iv: env.iv.slice(0, 8) })]
  ]
  for (const [name, attempt] of refused) await t.rejects(attempt(), name)
  const draft = { title: 'Raid', narrative: 'secret' }
  t.same(await openJson(subtle, key, { item: 'd', part: 'draft' }, await sealJson(subtle, key, { item: 'd', part: 'draft' }, draft)), draft)
})

t.test('the keyring: PBKDF2 600,000 iterations, a wrapped data key that only the passphrase opens', async (t) => {
  t.equal(MIN_ITERATIONS, 600_000)
  const { stored, dataKey: key } = await createKeyring(subtle, PASS)
  t.equal(stored.kdf, 'PBKDF2-SHA-256')
  t.ok(stored.iterations >= 600_000, 'iterations')
  t.equal(stored.salt.length, 16, 'random 16-byte salt')
  t.equal(key.extractable, false, 'the data key in use cannot be exported')
  t.same(key.usages.sort(), ['decrypt', 'encrypt'])
  const env = await seal(subtle, key, { item: 'x', part: 'draft' }, new Uint8Array([1, 2, 3]))
  const reopened = await unlockKeyring(subtle, stored, PASS)
  t.equal(reopened.extractable, false)
  t.same(await open(subtle, reopened, { item: 'x', part: 'draft' }, env), new Uint8Array([1, 2, 3]), 'the same key after unlocking')
  await t.rejects(unlockKeyring(subtle, stored, 'river lantern under the bridgE'), /wrong passphrase/, 'a wrong passphrase opens nothing')
  const other = await createKeyring(subtle, PASS)
  t.notSame(Buffer.from(other.stored.salt), Buffer.from(stored.salt), 'a new salt each time')
  await t.rejects(deriveWrappingKey(subtle, PASS, stored.salt, 100_000), /600000/, 'fewer iterations are refused')
  await t.rejects(deriveWrappingKey(subtle, PASS, new Uint8Array(8), MIN_ITERATIONS), /salt/, 'a short salt is refused')
  const wrapping = await deriveWrappingKey(subtle, PASS, stored.salt, stored.iterations)
  t.equal(wrapping.extractable, false, 'the derived key cannot be exported')
  t.same(wrapping.usages.sort(), ['unwrapKey', 'wrapKey'])
})

t.test('a passphrase is long enough and typed twice the same', async (t) => {
  const cases: [string, string, string | undefined][] = [
    ['short', 'short', 'too-short'],
    ['ten chars!', 'ten chars!', undefined],
    ['long enough passphrase', 'long enough passphrasE', 'mismatch'],
    ['رمز عبور طولانی', 'رمز عبور طولانی', undefined]
  ]
  for (const [a, b, want] of cases) t.equal(passphraseProblem(a, b), want, `${a} / ${b}`)
})
