import { createHash, randomBytes } from 'node:crypto'
import { chmod, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises'
import { join, dirname } from 'node:path'
import type { Readable } from 'node:stream'
import { HashingWriter } from './hashing-writer.ts'
import { flushAsWritten, fsyncPath } from '../fs/durable.ts'
import { BLOB_MODE, FILE_MODE, privateDir } from '../fs/private.ts'
import { SanadError } from '../errors.ts'
import { pipeline } from 'node:stream/promises'

export type Received = { tmpPath: string; sha256: string; sha512: string; size: number }

const HEX64 = /^[0-9a-f]{64}$/

/**
 * Content-addressed store of original files: `blobs/sha256/ab/cd/<hash>`, read-only once written.
 * Files arrive in `tmp/` (same filesystem, so the final rename is atomic), are fsync'd, then renamed.
 * Folders are 0700, files in tmp/ 0600 and stored blobs 0400, whatever the umask.
 */
export class BlobStore {
  readonly root: string
  readonly tmpDir: string

  constructor(dataDir: string) {
    this.root = join(dataDir, 'blobs', 'sha256')
    this.tmpDir = join(dataDir, 'tmp')
  }

  async init(): Promise<void> {
    await privateDir(dirname(this.root))
    await privateDir(this.root)
    // Anything left in tmp/ is an upload that was never acknowledged (crash or kill): remove it.
    await rm(this.tmpDir, { recursive: true, force: true })
    await privateDir(this.tmpDir)
  }

  pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error('not a sha256 hex digest')
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256))
      return true
    } catch {
      return false
    }
  }

  /**
   * Streams `source` into a temporary file while computing SHA-256 and SHA-512, then fsyncs it.
   * Memory stays flat: only the stream's own buffers are held. On any error the temp file is removed.
   */
  async receive(source: Readable): Promise<Received> {
    const tmpPath = join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`)
    // A source destroyed before it emitted 'end' (a multipart body cut before the file part's
    // closing boundary) can leave the pipeline waiting for ever: treat it as the failure it is.
    const abort = new AbortController()
    const cut = (): void => {
      if (!source.readableEnded) abort.abort(new SanadError('SANAD_ERR_BAD_REQUEST', 'The upload ended before the file did.'))
    }
    source.once('close', cut)
    if (source.destroyed) cut()
    const signal = abort.signal
    let file: FileHandle | null = null
    try {
      file = await open(tmpPath, 'wx', FILE_MODE)
      const flusher = flushAsWritten(file)
      const writer = new HashingWriter(file, { onWritten: flusher.wrote })
      try {
        await pipeline(source, writer, { signal })
      } catch (err) {
        // The stream's own failure is the one to report.
        await flusher.settled().catch(() => {})
        throw err
      }
      // An early flush that failed fails the upload: the final fsync on this handle may not see it.
      await flusher.settled()
      await file.sync()
      await file.close()
      file = null
      return { tmpPath, ...writer.result() }
    } catch (err) {
      await file?.close().catch(() => {})
      file = null
      await this.discard(tmpPath)
      // An abort carries the caller's reason; report that rather than a generic AbortError.
      throw signal.aborted && signal.reason instanceof Error ? signal.reason : err
    } finally {
      source.off('close', cut)
    }
  }

  /**
   * Same as receive() for bytes already in memory (derived copies): hashed here, no worker thread,
   * since starting one costs more than hashing a photo.
   */
  async receiveBuffer(bytes: Buffer): Promise<Received> {
    const tmpPath = join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`)
    try {
      const fh = await open(tmpPath, 'wx', FILE_MODE)
      try {
        await fh.writeFile(bytes)
        await fh.sync()
      } finally {
        await fh.close()
      }
      return {
        tmpPath,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sha512: createHash('sha512').update(bytes).digest('hex'),
        size: bytes.length
      }
    } catch (err) {
      await this.discard(tmpPath)
      throw err
    }
  }

  async discard(tmpPath: string): Promise<void> {
    await unlink(tmpPath).catch(() => {})
  }

  /**
   * Moves a received file into the store under its hash. If the store already holds those bytes the
   * temp file is dropped and the held copy is kept untouched. Returns whether the bytes were new.
   */
  async commit(received: Received): Promise<{ path: string; alreadyHeld: boolean }> {
    const path = this.pathOf(received.sha256)
    if (await this.has(received.sha256)) {
      await this.discard(received.tmpPath)
      return { path, alreadyHeld: true }
    }
    const created = await privateDir(dirname(path))
    await chmod(received.tmpPath, BLOB_MODE)
    await rename(received.tmpPath, path)
    await fsyncPath(dirname(path))
    // New fan-out folders are findable after a power cut only once their parents are synced too.
    if (created !== undefined) {
      await fsyncPath(dirname(dirname(path)))
      await fsyncPath(this.root)
    }
    return { path, alreadyHeld: false }
  }

  /** Removes a blob no record refers to (an upload that failed after its bytes were stored). */
  async removeOrphan(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch(() => {})
  }

  /** Every hash held, for verification and orphan sweeps. */
  async *list(): AsyncGenerator<string> {
    for (const a of await readdirSafe(this.root)) {
      for (const b of await readdirSafe(join(this.root, a))) {
        for (const name of await readdirSafe(join(this.root, a, b))) {
          if (HEX64.test(name)) yield name
        }
      }
    }
  }
}

async function readdirSafe(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch {
    return []
  }
}
