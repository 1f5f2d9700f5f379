import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { freshStore } from '../helpers/files.ts'

t.test('a received file holds exactly the bytes streamed in, and both digests are theirs', async (t) => {
  const store = await freshStore(t.testdir())
  // Odd sizes on purpose: smaller than, equal to, straddling and larger than the hashing slots (64 KiB growing to 512 KiB).
  const chunks = [1, 65_536, 1_048_575, 2, 1_048_576, 3 * 1_048_576 + 7, 0, 12_345].map((n) => randomBytes(n))
  const all = Buffer.concat(chunks)
  const got = await store.receive(Readable.from(chunks))
  t.equal(got.size, all.length)
  t.equal(got.sha256, createHash('sha256').update(all).digest('hex'))
  t.equal(got.sha512, createHash('sha512').update(all).digest('hex'))
  t.ok(readFileSync(got.tmpPath).equals(all), 'the temp file holds the streamed bytes, in order')
})

t.test('more data than the hashing buffers hold at once waits for them instead of growing', async (t) => {
  const store = await freshStore(t.testdir())
  const chunk = randomBytes(1_048_576)
  const chunks = Array.from({ length: 40 }, () => chunk)
  const expected = createHash('sha256')
  for (const c of chunks) expected.update(c)
  const got = await store.receive(Readable.from(chunks))
  t.equal(got.size, 40 * 1_048_576)
  t.equal(got.sha256, expected.digest('hex'))
})

t.test('committing moves the file under its hash, read-only; the same bytes again keep the first copy', async (t) => {
  const dir = t.testdir()
  const store = await freshStore(dir)
  const bytes = randomBytes(70_000)
  const first = await store.commit(await store.receive(Readable.from([bytes])))
  t.equal(first.alreadyHeld, false)
  t.equal(statSync(first.path).mode & 0o777, 0o400)
  const second = await store.commit(await store.receive(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)])))
  t.equal(second.alreadyHeld, true)
  t.equal(second.path, first.path)
  t.same(readdirSync(store.tmpDir), [], 'no temp file left')
})

t.test('a source that fails mid-stream leaves no temp file', async (t) => {
  const store = await freshStore(t.testdir())
  const source = new Readable({ read() {} })
  source.push(randomBytes(2_000_000))
  setTimeout(() => source.destroy(new Error('connection reset')), 20)
  await t.rejects(store.receive(source))
  t.same(readdirSync(store.tmpDir), [])
})

t.test('an early flush that failed fails the upload and leaves no temp file', async (t) => {
  // A writeback error is reported once per open file: if the early datasync swallowed it, the final
  // fsync could succeed over bytes that never reached the disk.
  const durable = await import('../../server/fs/durable.ts')
  const { BlobStore: MockedStore } = await t.mockImport<typeof import('../../server/blobs/store.ts')>('../../server/blobs/store.ts', {
    '../../server/fs/durable.ts': {
      ...durable,
      flushAsWritten: () => ({
        wrote: () => {},
        settled: async () => {
          throw Object.assign(new Error('I/O error'), { code: 'EIO' })
        }
      })
    }
  })
  const store = new MockedStore(t.testdir())
  await store.init()
  await t.rejects(store.receive(Readable.from([randomBytes(100_000)])), { code: 'EIO' })
  t.same(readdirSync(store.tmpDir), [])
})

t.test('a blob in new fan-out folders is synced down from the store root, so a power cut cannot lose its path', async (t) => {
  const synced: string[] = []
  const durable = await import('../../server/fs/durable.ts')
  const { BlobStore: MockedStore } = await t.mockImport<typeof import('../../server/blobs/store.ts')>('../../server/blobs/store.ts', {
    '../../server/fs/durable.ts': {
      ...durable,
      fsyncPath: async (p: string) => {
        synced.push(p)
      }
    }
  })
  const store = new MockedStore(t.testdir())
  await store.init()
  const first = await store.commit(await store.receive(Readable.from([randomBytes(1000)])))
  const { dirname } = await import('node:path')
  t.same(new Set(synced), new Set([dirname(first.path), dirname(dirname(first.path)), store.root]))
})
