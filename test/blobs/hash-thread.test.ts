import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { PassThrough, Readable } from 'node:stream'
import { freshStore } from '../helpers/files.ts'
import { hashThread } from '../../server/blobs/hash-thread.ts'

function threads(): number {
  return Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
}

t.test('fifty uploads at once share one hashing thread', async (t) => {
  const store = await freshStore(t.testdir())
  // Warm up: the hashing thread and libuv's pool exist from here on.
  await store.receive(Readable.from([randomBytes(10)]))
  const before = threads()
  const sources = Array.from({ length: 50 }, () => new PassThrough())
  const pending = sources.map(async (s) => await store.receive(s))
  for (const s of sources) s.write(randomBytes(200_000))
  await new Promise((resolve) => setTimeout(resolve, 200))
  // One thread per upload used to mean fifty more threads (and over 1 GB resident for a hundred).
  t.ok(threads() - before <= 1, `threads grew by ${threads() - before}`)
  for (const s of sources) s.end()
  const got = await Promise.all(pending)
  t.equal(got.length, 50)
})

t.test('uploads hashed side by side each get the digests of their own bytes', async (t) => {
  const store = await freshStore(t.testdir())
  const contents = Array.from({ length: 12 }, (_, i) => randomBytes(100_000 * (i + 1) + i))
  const sources = contents.map(() => new PassThrough())
  const pending = sources.map(async (s) => await store.receive(s))
  // Interleave the chunks of all uploads so the thread sees them mixed.
  for (let offset = 0; offset < 1_300_000; offset += 50_000) {
    contents.forEach((c, i) => {
      if (offset < c.length) sources[i]!.write(c.subarray(offset, offset + 50_000))
    })
    await new Promise((resolve) => setImmediate(resolve))
  }
  for (const s of sources) s.end()
  const got = await Promise.all(pending)
  got.forEach((g, i) => {
    t.equal(g.sha256, createHash('sha256').update(contents[i]!).digest('hex'), `upload ${i}: sha256`)
    t.equal(g.sha512, createHash('sha512').update(contents[i]!).digest('hex'), `upload ${i}: sha512`)
    t.equal(g.size, contents[i]!.length)
  })
})

t.test('an empty stream has the digests of no bytes', async (t) => {
  const store = await freshStore(t.testdir())
  const got = await store.receive(Readable.from([]))
  t.equal(got.size, 0)
  t.equal(got.sha256, createHash('sha256').digest('hex'))
})

t.test('if the hashing thread dies mid-upload, the upload fails cleanly and the next one starts a new thread', async (t) => {
  const store = await freshStore(t.testdir())
  const source = new PassThrough()
  const pending = store.receive(source)
  source.write(randomBytes(3_000_000))
  await new Promise((resolve) => setTimeout(resolve, 50))
  await hashThread.stop()
  source.write(randomBytes(100_000))
  source.end()
  await t.rejects(pending)
  t.same(readdirSync(store.tmpDir), [], 'no temp file left')
  const bytes = randomBytes(2_000_000)
  const again = await store.receive(Readable.from([bytes]))
  t.equal(again.sha256, createHash('sha256').update(bytes).digest('hex'))
})

t.test('an upload waiting for its slots fails, instead of hanging, when the hashing thread dies', async (t) => {
  const store = await freshStore(t.testdir())
  // Keep the thread busy so the upload's slots stay sent and unhashed.
  const busy = hashThread.open(
    () => {},
    () => {}
  )
  busy.update(new SharedArrayBuffer(256 * 1024 * 1024), 256 * 1024 * 1024, 0)
  const source = new PassThrough()
  const outcome = store.receive(source).then(
    () => 'resolved',
    () => 'rejected'
  )
  source.write(randomBytes(3_000_000))
  await new Promise((resolve) => setTimeout(resolve, 30))
  await hashThread.stop()
  let timer: NodeJS.Timeout | undefined
  const waited = new Promise((resolve) => {
    timer = setTimeout(() => resolve('still waiting after 3 s'), 3000)
  })
  t.equal(await Promise.race([outcome, waited]), 'rejected')
  clearTimeout(timer)
  source.destroy()
  t.same(readdirSync(store.tmpDir), [], 'no temp file left')
})

t.test('an upload that starts while the idle thread is being stopped gets a new thread', async (t) => {
  const store = await freshStore(t.testdir())
  await store.receive(Readable.from([randomBytes(10)]))
  const stopping = hashThread.stop()
  const bytes = randomBytes(500_000)
  const got = await store.receive(Readable.from([bytes]))
  await stopping
  t.equal(got.sha512, createHash('sha512').update(bytes).digest('hex'))
})
