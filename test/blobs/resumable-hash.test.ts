import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { HashingWriter } from '../../server/blobs/hashing-writer.ts'
import { ResumableHash } from '../../server/blobs/resumable-hash.ts'

const digests = (b: Buffer) => ({
  sha256: createHash('sha256').update(b).digest('hex'),
  sha512: createHash('sha512').update(b).digest('hex'),
  bytes: b.length
})

t.test('one session continued by several writers, each appending at its offset, hashes the whole file', async (t) => {
  const file = join(t.testdir({}), 'upload')
  await writeFile(file, '')
  const bytes = randomBytes(3_000_000)
  const hash = new ResumableHash()
  for (const [from, to] of [
    [0, 1_000_003],
    [1_000_003, 1_000_003],
    [1_000_003, 3_000_000]
  ] as const) {
    const fh = await open(file, 'r+')
    const writer = new HashingWriter(fh, { position: from, session: hash.attach })
    await pipeline(Readable.from([bytes.subarray(from, to)]), writer)
    await fh.close()
    t.equal(hash.bytes, to, `the session covers ${to} bytes`)
    t.ok(hash.usable, 'and stays open for the next writer')
  }
  t.same(await hash.digest(), digests(bytes))
  t.notOk(hash.usable, 'a digested session is spent')
})

t.test('a session rebuilt from the bytes a file holds continues as if it had never stopped', async (t) => {
  const file = join(t.testdir({}), 'upload')
  const bytes = randomBytes(2_500_000)
  await writeFile(file, bytes.subarray(0, 1_700_001))
  const hash = new ResumableHash()
  await hash.feed(file, 1_700_001)
  t.equal(hash.bytes, 1_700_001)
  const fh = await open(file, 'r+')
  await pipeline(Readable.from([bytes.subarray(1_700_001)]), new HashingWriter(fh, { position: 1_700_001, session: hash.attach }))
  await fh.close()
  t.same(await hash.digest(), digests(bytes))
})

t.test('a writer that fails drops the session: it must be rebuilt', async (t) => {
  const file = join(t.testdir({}), 'upload')
  await writeFile(file, '')
  const hash = new ResumableHash()
  const fh = await open(file, 'r+')
  const source = new Readable({ read() {} })
  source.push(randomBytes(100_000))
  setImmediate(() => source.destroy(new Error('connection lost')))
  await t.rejects(pipeline(source, new HashingWriter(fh, { session: hash.attach })))
  await fh.close()
  t.notOk(hash.usable)
})
