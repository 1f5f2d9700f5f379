import { Worker } from 'node:worker_threads'
import { Writable } from 'node:stream'
import { fdatasync, fsync, write } from 'node:fs'
import { promisify } from 'node:util'

const writeAt = promisify(write)
const fdatasyncAsync = promisify(fdatasync)
const fsyncAsync = promisify(fsync)

// Plain JavaScript (no loader needed). The worker hashes each slot of the shared buffer it is told
// about and says when it is done; it never writes, so hashing and writing run side by side.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { shared, slotSize } = workerData
const h256 = createHash('sha256')
const h512 = createHash('sha512')
parentPort.on('message', (msg) => {
  if (msg === 'end') {
    parentPort.postMessage({ sha256: h256.digest('hex'), sha512: h512.digest('hex') })
    return
  }
  const view = new Uint8Array(shared, msg.slot * slotSize, msg.length)
  h256.update(view)
  h512.update(view)
  parentPort.postMessage({ hashed: msg.slot })
})
`

// Whole 1 MiB writes: on this kind of machine a system call costs tens of microseconds, and
// writing the socket's 64 KiB chunks one by one cost more CPU than hashing them.
const SLOT_SIZE = 1024 * 1024
const SLOTS = 4
// Every SYNC_EVERY bytes an fdatasync starts in the background, so the disk writes while the rest
// arrives and the final fsync has little left to do.
const SYNC_EVERY = 64 * 1024 * 1024

type Digests = { sha256: string, sha512: string }
type WorkerMessage = { hashed: number } | Digests

/**
 * A writable stream that writes what it receives to an open file while computing SHA-256 and
 * SHA-512 on a worker thread. Chunks are copied into a few 1 MiB slots of a shared buffer; each full
 * slot is hashed by the worker and written (at its offset, by libuv's thread pool) at the same time,
 * and is reused once both are done. When every slot is busy the stream waits (backpressure), so
 * memory is bounded whatever the size. Finishing the stream fsyncs the file; the caller owns the
 * file descriptor and closes it.
 */
export class HashingWriter extends Writable {
  size = 0
  private readonly fd: number
  private readonly worker: Worker
  private readonly shared = new SharedArrayBuffer(SLOT_SIZE * SLOTS)
  private readonly free: number[] = []
  /** Per slot: how many of {hashed, written} are still outstanding. */
  private readonly busy = new Array<number>(SLOTS).fill(0)
  private current = -1
  private filled = 0
  private writes: Promise<void> = Promise.resolve()
  private flushing: Promise<void> | null = null
  private flushedAt = 0
  private waiting: (() => void) | null = null
  private failure: Error | null = null
  private readonly digests: Promise<Digests>

  constructor (fd: number) {
    super({ highWaterMark: SLOT_SIZE })
    this.fd = fd
    for (let i = SLOTS - 1; i >= 0; i--) this.free.push(i)
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared: this.shared, slotSize: SLOT_SIZE } })
    this.digests = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: WorkerMessage) => {
        if ('hashed' in msg) this.release(msg.hashed)
        else resolve(msg)
      })
      this.worker.on('error', (err) => { this.fail(err); reject(err) })
    })
    this.digests.catch(() => {})
  }

  private fail (err: Error): void {
    this.failure ??= err
    this.wake()
  }

  private wake (): void {
    const wake = this.waiting
    this.waiting = null
    wake?.()
  }

  private release (slot: number): void {
    if (--this.busy[slot]! === 0) {
      this.free.push(slot)
      this.wake()
    }
  }

  /** Hands the filled slot to the worker to hash and to the thread pool to write, both at once. */
  private send (): void {
    if (this.current < 0 || this.filled === 0) return
    const slot = this.current
    const length = this.filled
    const position = this.size
    this.size += length
    this.current = -1
    this.filled = 0
    this.busy[slot] = 2
    this.worker.postMessage({ slot, length })
    const bytes = Buffer.from(this.shared, slot * SLOT_SIZE, length)
    this.writes = this.writes.then(async () => {
      if (this.failure) return
      let done = 0
      while (done < length) done += (await writeAt(this.fd, bytes, done, length - done, position + done)).bytesWritten
      this.release(slot)
      if (!this.flushing && this.size - this.flushedAt >= SYNC_EVERY) {
        this.flushedAt = this.size
        // Only an early start on the final fsync, which reports any error.
        this.flushing = fdatasyncAsync(this.fd).catch(() => {}).finally(() => { this.flushing = null })
      }
    }).catch((err: Error) => this.fail(err))
  }

  /** The slot being filled, waiting for one to come back when all are busy. */
  private async room (): Promise<number> {
    for (;;) {
      if (this.failure) throw this.failure
      if (this.current >= 0) return this.current
      const slot = this.free.pop()
      if (slot !== undefined) {
        this.current = slot
        return slot
      }
      await new Promise<void>((resolve) => { this.waiting = resolve })
    }
  }

  private async copyIn (chunk: Buffer): Promise<void> {
    let offset = 0
    while (offset < chunk.length) {
      const slot = await this.room()
      const n = Math.min(chunk.length - offset, SLOT_SIZE - this.filled)
      new Uint8Array(this.shared, slot * SLOT_SIZE + this.filled, n).set(chunk.subarray(offset, offset + n))
      this.filled += n
      offset += n
      if (this.filled === SLOT_SIZE) this.send()
    }
  }

  override _write (chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    // Most chunks fit in the slot being filled: copy them without a promise.
    if (this.current >= 0 && !this.failure && chunk.length < SLOT_SIZE - this.filled) {
      new Uint8Array(this.shared, this.current * SLOT_SIZE + this.filled, chunk.length).set(chunk)
      this.filled += chunk.length
      cb()
      return
    }
    this.copyIn(chunk).then(() => cb(), cb)
  }

  override _final (cb: (err?: Error | null) => void): void {
    this.send()
    const finish = async (): Promise<void> => {
      await this.writes
      if (this.failure) throw this.failure
      await this.flushing
      await fsyncAsync(this.fd)
      this.worker.postMessage('end')
      await this.digests
    }
    finish().then(() => cb(), cb)
  }

  /** Both digests and the size written, once the stream has finished (the file is then fsync'd). */
  async result (): Promise<Digests & { size: number }> {
    return { ...await this.digests, size: this.size }
  }

  /** Stops the hashing thread; call once the digests are read or the transfer failed. */
  async close (): Promise<void> {
    await this.worker.terminate()
    // A write still in the thread pool must finish before the caller closes the descriptor.
    await this.writes
    await this.flushing
  }
}
