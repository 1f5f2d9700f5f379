import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { HashingWriter } from '../../server/blobs/hashing-writer.ts'

/** Streams `chunks` through a HashingWriter into a new file; returns what it reported. */
async function writeThrough (dir: string, chunks: Buffer[]): Promise<{ file: string, sha256: string, sha512: string, size: number }> {
  const file = join(dir, 'out.bin')
  const fd = openSync(file, 'wx')
  const writer = new HashingWriter(fd)
  try {
    await pipeline(Readable.from(chunks), writer)
    return { file, ...await writer.result() }
  } finally {
    await writer.close()
    closeSync(fd)
  }
}

t.test('the file holds exactly the bytes streamed in, and both digests are theirs', async (t) => {
  // Odd sizes on purpose: chunks smaller than, equal to, straddling and larger than a 1 MiB slot.
  const sizes = [1, 65_536, 1_048_575, 2, 1_048_576, 3 * 1_048_576 + 7, 0, 12_345]
  const chunks = sizes.map((n) => randomBytes(n))
  const all = Buffer.concat(chunks)
  const got = await writeThrough(t.testdir(), chunks)
  t.equal(got.size, all.length)
  t.equal(got.sha256, createHash('sha256').update(all).digest('hex'))
  t.equal(got.sha512, createHash('sha512').update(all).digest('hex'))
  t.ok(readFileSync(got.file).equals(all), 'written bytes are the streamed bytes, in order')
})

t.test('more data than every slot together waits for slots to come back instead of growing', async (t) => {
  // 70 MiB also crosses the point where an early fdatasync starts.
  const chunk = randomBytes(1_048_576)
  const chunks = Array.from({ length: 70 }, () => chunk)
  const got = await writeThrough(t.testdir(), chunks)
  const expected = createHash('sha256')
  for (const c of chunks) expected.update(c)
  t.equal(got.size, 70 * 1_048_576)
  t.equal(got.sha256, expected.digest('hex'))
})

t.test('an empty stream gives the digests of nothing', async (t) => {
  const got = await writeThrough(t.testdir(), [])
  t.equal(got.size, 0)
  t.equal(got.sha256, createHash('sha256').digest('hex'))
})

t.test('a write the file refuses fails the stream instead of reporting digests', async (t) => {
  const file = join(t.testdir(), 'read-only.bin')
  writeFileSync(file, '')
  const fd = openSync(file, 'r')
  const writer = new HashingWriter(fd)
  try {
    await t.rejects(pipeline(Readable.from([randomBytes(3 * 1_048_576)]), writer), { code: 'EBADF' })
  } finally {
    await writer.close()
    closeSync(fd)
  }
})
