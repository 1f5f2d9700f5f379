import t from 'tap'
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileHandle } from 'node:fs/promises'
import { flushAsWritten, writeFileDurably } from '../../server/fs/durable.ts'

/** A stand-in FileHandle whose datasync() stays pending until released, and counts its calls. */
function fakeFile(): { file: FileHandle; calls: () => number; release: () => void } {
  let calls = 0
  let release = (): void => {}
  const file = {
    datasync: async () => {
      calls++
      await new Promise<void>((resolve) => {
        release = resolve
      })
    }
  } as unknown as FileHandle
  return { file, calls: () => calls, release: () => release() }
}

t.test('a long write starts an early datasync each time another `every` bytes went out', async (t) => {
  const f = fakeFile()
  const flusher = flushAsWritten(f.file, 100)
  flusher.wrote(60)
  t.equal(f.calls(), 0, 'not before `every` bytes')
  flusher.wrote(60)
  t.equal(f.calls(), 1, 'started once 120 bytes went out')
  f.release()
  await flusher.settled()
  flusher.wrote(99)
  t.equal(f.calls(), 1)
  flusher.wrote(1)
  t.equal(f.calls(), 2)
  f.release()
  await flusher.settled()
})

t.test('only one early datasync runs at a time; settled() waits for it', async (t) => {
  const f = fakeFile()
  const flusher = flushAsWritten(f.file, 10)
  flusher.wrote(10)
  flusher.wrote(1000)
  t.equal(f.calls(), 1, 'no second datasync while the first runs')
  let settled = false
  const done = flusher.settled().then(() => {
    settled = true
  })
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(settled, false, 'settled() waits for the running datasync')
  f.release()
  await done
  t.equal(settled, true)
})

t.test('an early datasync that fails is reported by settled(), not left to a later fsync that may not see it', async (t) => {
  let calls = 0
  const file = {
    datasync: async () => {
      calls++
      throw Object.assign(new Error('I/O error'), { code: 'EIO' })
    }
  } as unknown as FileHandle
  const flusher = flushAsWritten(file, 1)
  flusher.wrote(5)
  await t.rejects(flusher.settled(), { code: 'EIO' })
  flusher.wrote(5)
  t.equal(calls, 1, 'no further early flush once one failed')
  await t.rejects(flusher.settled(), { code: 'EIO' }, 'still reported')
})

t.test('with a real file, early flushes and the final sync leave exactly what was written', async (t) => {
  const path = join(t.testdir(), 'f.bin')
  const fh = await open(path, 'wx')
  const flusher = flushAsWritten(fh, 4096)
  const chunk = Buffer.alloc(3000, 7)
  for (let i = 0; i < 10; i++) {
    await fh.write(chunk)
    flusher.wrote(chunk.length)
  }
  await flusher.settled()
  await fh.sync()
  await fh.close()
  t.equal((await readFile(path)).length, 30_000)
})

t.test('writeFileDurably puts the bytes in place', async (t) => {
  const path = join(t.testdir(), 'out.json')
  await writeFileDurably(path, Buffer.from('{"a":1}'))
  t.equal(await readFile(path, 'utf8'), '{"a":1}')
})
