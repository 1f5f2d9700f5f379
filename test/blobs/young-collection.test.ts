import t from 'tap'
import { readFileSync } from 'node:fs'
import { youngCollector } from '../../server/blobs/young-collection.ts'

t.test('a young-generation collection is asked for once per 4 MiB uploaded, across chunks', async (t) => {
  const calls: unknown[] = []
  const note = youngCollector(4 * 1024 * 1024, (o) => {
    calls.push(o)
  })
  for (let i = 0; i < 64; i++) note(1024 * 1024)
  t.equal(calls.length, 16)
  t.same(calls[0], { type: 'minor' }, 'a scavenge, never a full collection')
  note(100)
  t.equal(calls.length, 16, 'nothing between thresholds')
})

t.test('without node --expose-gc it does nothing', async (t) => {
  const note = youngCollector(10, undefined)
  t.doesNotThrow(() => note(1_000_000))
})

t.test('npm start passes --expose-gc, so the server can collect during uploads', async (t) => {
  const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts
    .start
  t.match(start, /^node .*--expose-gc .*server\/\.build\/server\.mjs$/)
})

t.test('every byte an upload writes is counted towards the next collection', async (t) => {
  let counted = 0
  const { BlobStore } = await t.mockImport<typeof import('../../server/blobs/store.ts')>('../../server/blobs/store.ts', {
    '../../server/blobs/young-collection.ts': {
      uploadedBytes: (n: number) => {
        counted += n
      }
    }
  })
  const store = new BlobStore(t.testdir())
  await store.init()
  const { Readable } = await import('node:stream')
  const got = await store.receive(Readable.from([Buffer.alloc(3_000_001, 7)]))
  t.equal(got.size, 3_000_001)
  t.equal(counted, 3_000_001)
})
