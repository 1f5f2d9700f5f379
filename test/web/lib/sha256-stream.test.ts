import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { sha256OfStream, sha256OfFile } from '../../../web/src/lib/sha256-stream.ts'

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0
  return new ReadableStream({
    pull(c) {
      if (i < chunks.length) c.enqueue(chunks[i++]!)
      else c.close()
    }
  })
}

t.test('hashes a stream chunk by chunk to the same SHA-256 as the whole', async (t) => {
  const chunks = Array.from({ length: 40 }, (_, i) => randomBytes(1000 + i * 777))
  const whole = createHash('sha256').update(Buffer.concat(chunks)).digest('hex')
  const seen: number[] = []
  const total = chunks.reduce((n, c) => n + c.length, 0)
  t.equal(await sha256OfStream(streamOf(chunks), total, (done) => seen.push(done)), whole)
  t.equal(seen.at(-1), total, 'progress ends at the total')
})

t.test('hashes a Blob through its stream (the browser File API), including an empty one', async (t) => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17)
  t.equal(await sha256OfFile(new Blob([bytes])), createHash('sha256').update(bytes).digest('hex'))
  t.equal(await sha256OfFile(new Blob([])), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
})

t.test('stops when aborted', async (t) => {
  const ctrl = new AbortController()
  ctrl.abort()
  await t.rejects(sha256OfStream(streamOf([randomBytes(10)]), 10, undefined, ctrl.signal), /aborted/)
})
