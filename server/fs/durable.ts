import { closeSync, fsyncSync, openSync } from 'node:fs'
import { open, rename, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { FILE_MODE } from './private.ts'

/**
 * Durability in one place. A write is on disk only once the file is fsync'd, and a created or
 * renamed file is findable after a power cut only once its directory is fsync'd too.
 */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

export function fsyncPathSync(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Writes `bytes` to a temporary file beside `path` (mode 0600 unless told), fsyncs it, renames it into place, fsyncs the folder. */
export async function writeFileDurably(path: string, bytes: Uint8Array, mode = FILE_MODE): Promise<void> {
  const tmp = `${path}.${process.pid}.partial`
  const fh = await open(tmp, 'w', mode)
  try {
    let off = 0
    while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
  await fsyncPath(dirname(path))
}

/**
 * For a long write: call `wrote(n)` as bytes go out, and an fdatasync starts every `every` bytes (one
 * at a time), so the disk writes while more arrives and the final fsync has little left to do. On a
 * 1 GiB file here that took write + final fsync from ~500 ms to ~370 ms. `settled()` waits for the
 * running one and rejects with the first error any of them met: Linux reports a writeback error once
 * per open file, so a later fsync on the same handle may succeed over pages that never reached the
 * disk. Await `settled()` before the final sync, and treat a rejection as a failed write.
 */
export function flushAsWritten(file: FileHandle, every = 64 * 1024 * 1024): { wrote: (n: number) => void; settled: () => Promise<void> } {
  let pending = 0
  let flushing: Promise<void> | null = null
  let failure: unknown = null
  return {
    wrote(n) {
      pending += n
      if (pending < every || flushing || failure) return
      pending = 0
      flushing = file
        .datasync()
        .catch((err: unknown) => {
          failure ??= err
        })
        .finally(() => {
          flushing = null
        })
    },
    settled: async () => {
      await flushing
      if (failure) throw failure
    }
  }
}
