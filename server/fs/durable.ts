import { closeSync, fsyncSync, openSync } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Durability in one place. A write is on disk only once the file is fsync'd, and a created or
 * renamed file is findable after a power cut only once its directory is fsync'd too.
 */
export async function fsyncPath (path: string): Promise<void> {
  const fh = await open(path, 'r')
  try { await fh.sync() } finally { await fh.close() }
}

export function fsyncPathSync (path: string): void {
  const fd = openSync(path, 'r')
  try { fsyncSync(fd) } finally { closeSync(fd) }
}

/** Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it into place, fsyncs the folder. */
export async function writeFileDurably (path: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
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
