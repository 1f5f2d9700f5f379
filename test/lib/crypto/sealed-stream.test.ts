import t from 'tap'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  openBytes,
  openStream,
  sealBytes,
  sealedSize,
  sealingKey,
  sealStream,
  SealedFileError,
  SEALED_HEADER_SIZE,
  SEALED_TAG_SIZE,
  type SealedProblem
} from '../../../server/lib/crypto/sealed-stream.ts'

const key = sealingKey(Buffer.alloc(32, 7))
const otherKey = sealingKey(Buffer.alloc(32, 9))
const CONTEXT = 'dossier:3f1c2a9e-0000-4000-8000-000000000001:pdf'
const CHUNK = 64

async function problemOf(p: Promise<unknown>): Promise<SealedProblem | 'opened'> {
  try {
    await p
    return 'opened'
  } catch (err) {
    if (err instanceof SealedFileError) return err.problem
    throw err
  }
}

t.test('a file round-trips at every length around the chunk size, and the sealed size is predictable', async (t) => {
  for (const n of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17]) {
    const plain = randomBytes(n)
    const sealed = await sealBytes(key, CONTEXT, plain, { chunkSize: CHUNK })
    t.equal(sealed.length, sealedSize(n, CHUNK), `${n} bytes: sealed size`)
    t.ok((await openBytes(key, CONTEXT, sealed)).equals(plain), `${n} bytes: round trip`)
  }
})

t.test('streamed in odd pieces both ways, a large file comes back byte for byte', async (t) => {
  const plain = randomBytes(1_000_003)
  const pieces = (b: Buffer, size: number): Buffer[] =>
    Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size))
  const sealedParts: Buffer[] = []
  await pipeline(Readable.from(pieces(plain, 777)), sealStream(key, CONTEXT), async function* (src) {
    for await (const c of src) {
      sealedParts.push(c as Buffer)
      yield
    }
  })
  const sealed = Buffer.concat(sealedParts)
  t.equal(sealed.length, sealedSize(plain.length))
  t.notOk(sealed.includes(plain.subarray(5000, 5032)), 'no plaintext in the sealed bytes')
  const out: Buffer[] = []
  await pipeline(Readable.from(pieces(sealed, 4099)), openStream(key, CONTEXT), async function* (src) {
    for await (const c of src) {
      out.push(c as Buffer)
      yield
    }
  })
  t.ok(Buffer.concat(out).equals(plain))
})

t.test('sealing the same bytes twice gives different files (a random salt per file)', async (t) => {
  const plain = Buffer.from('%PDF-1.7 the same dossier')
  t.not((await sealBytes(key, CONTEXT, plain)).toString('hex'), (await sealBytes(key, CONTEXT, plain)).toString('hex'))
})

// Every way a sealed file can be wrong, and what opening it says.
const plain = randomBytes(4 * CHUNK + 10)
const block = CHUNK + SEALED_TAG_SIZE
const CASES: Array<[name: string, change: (sealed: Buffer) => Buffer, expected: SealedProblem, opener?: typeof key, context?: string]> = [
  ['opened with another master key', (s) => s, 'key', otherKey],
  ['opened for another dossier (context)', (s) => s, 'altered', key, 'dossier:3f1c2a9e-0000-4000-8000-000000000002:pdf'],
  [
    'one byte of a middle chunk flipped',
    (s) => {
      const c = Buffer.from(s)
      c[SEALED_HEADER_SIZE + block + 5]! ^= 1
      return c
    },
    'altered'
  ],
  [
    'one byte of the last tag flipped',
    (s) => {
      const c = Buffer.from(s)
      c[c.length - 1]! ^= 1
      return c
    },
    'altered'
  ],
  [
    'one byte of the salt flipped',
    (s) => {
      const c = Buffer.from(s)
      c[30]! ^= 1
      return c
    },
    'altered'
  ],
  [
    'the chunk size in the header changed',
    (s) => {
      const c = Buffer.from(s)
      c.writeUInt32BE(CHUNK * 2, 16)
      return c
    },
    'altered'
  ],
  [
    'the key id in the header changed',
    (s) => {
      const c = Buffer.from(s)
      c[8]! ^= 1
      return c
    },
    'key'
  ],
  [
    'the magic changed',
    (s) => {
      const c = Buffer.from(s)
      c[0] = 0x25
      return c
    },
    'format'
  ],
  [
    'two chunks swapped',
    (s) =>
      Buffer.concat([
        s.subarray(0, SEALED_HEADER_SIZE),
        s.subarray(SEALED_HEADER_SIZE + block, SEALED_HEADER_SIZE + 2 * block),
        s.subarray(SEALED_HEADER_SIZE, SEALED_HEADER_SIZE + block),
        s.subarray(SEALED_HEADER_SIZE + 2 * block)
      ]),
    'altered'
  ],
  [
    'a chunk duplicated',
    (s) => Buffer.concat([s.subarray(0, SEALED_HEADER_SIZE + block), s.subarray(SEALED_HEADER_SIZE, s.length)]),
    'altered'
  ],
  [
    'a middle chunk dropped',
    (s) => Buffer.concat([s.subarray(0, SEALED_HEADER_SIZE + block), s.subarray(SEALED_HEADER_SIZE + 2 * block)]),
    'altered'
  ],
  ['cut at a chunk boundary (the last chunk dropped)', (s) => s.subarray(0, SEALED_HEADER_SIZE + 4 * block), 'truncated'],
  ['cut inside a chunk', (s) => s.subarray(0, SEALED_HEADER_SIZE + 2 * block + 20), 'altered'],
  ['cut to the header alone', (s) => s.subarray(0, SEALED_HEADER_SIZE), 'truncated'],
  ['cut inside the header', (s) => s.subarray(0, 20), 'truncated'],
  ['empty', () => Buffer.alloc(0), 'format'],
  ['bytes appended after the last chunk', (s) => Buffer.concat([s, Buffer.from('more')]), 'altered'],
  [
    'a whole chunk of another file appended',
    (s) => Buffer.concat([s, s.subarray(SEALED_HEADER_SIZE, SEALED_HEADER_SIZE + block)]),
    'altered'
  ]
]

t.test('a sealed file that was changed, cut, reordered, moved or opened with another key is refused', async (t) => {
  const sealed = await sealBytes(key, CONTEXT, plain, { chunkSize: CHUNK })
  t.equal(await problemOf(openBytes(key, CONTEXT, sealed)), 'opened', 'control: the unchanged file opens')
  for (const [name, change, expected, opener, context] of CASES) {
    t.equal(await problemOf(openBytes(opener ?? key, context ?? CONTEXT, change(sealed))), expected, name)
  }
})

t.test('no plaintext of a bad chunk is released: the stream stops before it', async (t) => {
  const sealed = Buffer.from(await sealBytes(key, CONTEXT, plain, { chunkSize: CHUNK }))
  sealed[SEALED_HEADER_SIZE + 2 * block + 3]! ^= 1
  const out: Buffer[] = []
  const opener = openStream(key, CONTEXT)
  opener.on('data', (c: Buffer) => out.push(c))
  const failed = new Promise((resolve) => opener.on('error', resolve))
  opener.end(sealed)
  t.type(await failed, SealedFileError)
  t.ok(Buffer.concat(out).equals(plain.subarray(0, 2 * CHUNK)), 'only the two chunks before the altered one came out')
})
