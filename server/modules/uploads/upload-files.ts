import { open, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { DataStore, ERRORS, Upload } from '@tus/server'
import { HashingWriter } from '../../blobs/hashing-writer.ts'
import { ResumableHash } from '../../blobs/resumable-hash.ts'
import { flushAsWritten, fsyncPath } from '../../fs/durable.ts'
import { FILE_MODE, privateDir } from '../../fs/private.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// Memory per upload being written is at most four slots: with many at once they get smaller ones
// (50 uploads at 512 KiB slots would hold 100 MB).
const MANY_AT_ONCE = 4
const SMALL_SLOT = 64 * 1024

/** What the files need to know of an upload's record (the service keeps the records). */
export type UploadRecord = {
  id: string
  size: number
  metadata: Record<string, string>
  createdAt: string
  finished: boolean
}

export type UploadRecords = {
  get: (id: string) => UploadRecord | undefined
  /** Termination: the record goes with the bytes. */
  remove: (id: string) => void
}

export type Finished = { path: string; sha256: string; sha512: string; size: number }

/**
 * The tus data store: an upload's bytes in `$SANAD_DATA_DIR/uploads/<id>` (0600), its record in the
 * database (through `records`). The offset is the file's length. Each PATCH appends while the shared
 * hashing thread computes SHA-256 and SHA-512 (one session per upload, continued from request to
 * request) and ends with an fsync; after a restart, or a request that failed half-way, the session
 * is rebuilt from the bytes already in the file.
 */
export class UploadFiles extends DataStore {
  readonly dir: string
  /** Bytes read back to rebuild hashes since start (tests and logs). */
  rehashedBytes = 0
  private readonly records: UploadRecords
  private readonly expiryMs: number
  private readonly hashes = new Map<string, ResumableHash>()
  private writing = 0

  constructor(options: { dir: string; records: UploadRecords; expiryMs: number }) {
    super()
    this.dir = options.dir
    this.records = options.records
    this.expiryMs = options.expiryMs
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration']
  }

  async init(): Promise<void> {
    await privateDir(this.dir)
  }

  pathOf(id: string): string {
    if (!UUID.test(id)) throw ERRORS.FILE_NOT_FOUND
    return join(this.dir, id)
  }

  override async create(upload: Upload): Promise<Upload> {
    const fh = await open(this.pathOf(upload.id), 'wx', FILE_MODE)
    await fh.close()
    await fsyncPath(this.dir)
    return upload
  }

  override async getUpload(id: string): Promise<Upload> {
    const record = this.records.get(id)
    if (!record) throw ERRORS.FILE_NOT_FOUND
    let offset = record.size
    if (!record.finished) {
      try {
        offset = (await stat(this.pathOf(id))).size
      } catch {
        throw ERRORS.FILE_NO_LONGER_EXISTS
      }
    }
    return new Upload({ id, size: record.size, offset, metadata: record.metadata, creation_date: record.createdAt })
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const record = this.records.get(id)
    if (!record) throw ERRORS.FILE_NOT_FOUND
    if (record.finished || offset >= record.size) {
      // Nothing more to take (a client repeating the last empty PATCH after a lost answer).
      readable.resume()
      return offset
    }
    const path = this.pathOf(id)
    const hash = await this.hashAt(id, path, offset)
    const file = await open(path, 'r+')
    this.writing++
    try {
      const flusher = flushAsWritten(file)
      const writer = new HashingWriter(file, {
        position: offset,
        session: hash.attach,
        onWritten: flusher.wrote,
        ...(this.writing > MANY_AT_ONCE ? { maxSlot: SMALL_SLOT } : {})
      })
      try {
        await pipeline(readable, writer)
      } finally {
        // Whatever reached the file stays (the client resumes from there): make it durable.
        await flusher.settled().catch(() => {})
        await file.sync()
      }
      return offset + writer.size
    } finally {
      this.writing--
      await file.close()
    }
  }

  /** A hashing session covering exactly the first `offset` bytes of the file, rebuilt from it if need be. */
  private async hashAt(id: string, path: string, offset: number): Promise<ResumableHash> {
    let hash = this.hashes.get(id)
    if (!hash?.usable || hash.bytes > offset) {
      hash?.drop()
      hash = new ResumableHash()
      this.hashes.set(id, hash)
    }
    if (hash.bytes < offset) {
      const from = hash.bytes
      await hash.feed(path, offset)
      this.rehashedBytes += offset - from
    }
    return hash
  }

  /** The complete file and its digests; the hashing session ends. */
  async finish(id: string, size: number): Promise<Finished> {
    const path = this.pathOf(id)
    const held = (await stat(path)).size
    if (held !== size) throw new Error(`the upload holds ${held} of ${size} bytes`)
    const hash = await this.hashAt(id, path, size)
    this.hashes.delete(id)
    const { bytes, sha256, sha512 } = await hash.digest()
    // The digests must cover exactly the bytes in the file: anything else is a fault, not evidence.
    if (bytes !== size) throw new Error(`hashed ${bytes} bytes of ${size}`)
    return { path, sha256, sha512, size }
  }

  /** Ends every hashing session (the server is closing): the hashing thread may then end. */
  close(): void {
    for (const hash of this.hashes.values()) hash.drop()
    this.hashes.clear()
  }

  /** Deletes an upload's bytes and hashing state (its record is the caller's). */
  async discard(id: string): Promise<void> {
    this.hashes.get(id)?.drop()
    this.hashes.delete(id)
    await unlink(this.pathOf(id)).catch(() => {})
  }

  async exists(id: string): Promise<boolean> {
    try {
      await stat(this.pathOf(id))
      return true
    } catch {
      return false
    }
  }

  /** Every upload id that has bytes on disk; anything else found in the folder is not ours to keep. */
  async list(): Promise<{ ids: string[]; strays: string[] }> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    return { ids: names.filter((n) => UUID.test(n)), strays: names.filter((n) => !UUID.test(n)).map((n) => join(this.dir, n)) }
  }

  override async remove(id: string): Promise<void> {
    if (!this.records.get(id)) throw ERRORS.FILE_NOT_FOUND
    await this.discard(id)
    this.records.remove(id)
  }

  override getExpiration(): number {
    return this.expiryMs
  }

  /** The service sweeps expired uploads itself (with their records). */
  override async deleteExpired(): Promise<number> {
    return 0
  }
}
