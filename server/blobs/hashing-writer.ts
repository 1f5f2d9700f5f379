import { Writable } from 'node:stream'
import type { FileHandle } from 'node:fs/promises'
import { hashThread, type Digests, type HashSession } from './hash-thread.ts'
import { uploadedBytes } from './young-collection.ts'

// Writes of up to 512 KiB once an upload is known to be large: a system call costs tens of
// microseconds on these machines, and writing the socket's 64 KiB chunks one by one cost more CPU
// than hashing. 1 MiB slots cost no less CPU and held more memory (three 1 GiB uploads,
// five interleaved rounds: peak 140-149 MB against 134-138 MB); 256 KiB cost ~6% more CPU.
// Slots start small so that many small uploads at once hold little memory.
const FIRST_SLOT = 64 * 1024
const LAST_SLOT = 512 * 1024
const MAX_SLOTS = 4

type Slot = { id: number; shared: SharedArrayBuffer; busy: number }

export type HashingWriterOptions = {
  /** Hears how many bytes reached the file, write by write (the store flushes early on it). */
  onWritten?: (n: number) => void
  /** Where in the file the first byte goes (a resumed upload appends at its offset); 0 unless told. */
  position?: number
  /**
   * The hashing session to feed, for a hash that outlives this stream (a resumable upload continues
   * it over several requests). The writer then does not ask for the digests when it finishes: it
   * waits until the thread has hashed every byte it wrote, so the session covers exactly the file.
   */
  session?: (hashed: (slot: number) => void, failed: (err: Error) => void) => HashSession
  /** Largest slot in bytes (memory per stream is at most MAX_SLOTS of it); 512 KiB unless told. */
  maxSlot?: number
}

/**
 * A writable stream that writes what it receives to an open file while the shared hashing thread
 * computes SHA-256 and SHA-512 of it. Chunks are copied into a few slots of shared memory; each full
 * slot is hashed by the thread and written at its offset (by libuv's pool) at the same time, and is
 * reused once both are done. Nothing is copied twice and nothing is allocated per chunk, so the
 * garbage collector has little to do. When every slot is busy the stream waits (backpressure):
 * memory is bounded whatever the size. The caller owns the file handle, syncs and closes it.
 */
export class HashingWriter extends Writable {
  /** Bytes handed to the file so far by this stream (all of them, once the stream has finished). */
  size = 0
  private readonly file: FileHandle
  private readonly position: number
  private readonly maxSlot: number
  private readonly continued: boolean
  private readonly onWritten: (n: number) => void
  private readonly session: HashSession
  private readonly slots = new Map<number, Slot>()
  private readonly free: Slot[] = []
  private nextSlot = 0
  private slotSize = FIRST_SLOT
  private current: Slot | null = null
  private filled = 0
  private writes: Promise<void> = Promise.resolve()
  private waiting: (() => void) | null = null
  private failure: Error | null = null
  private digests: Digests | null = null
  private done = false

  constructor(file: FileHandle, options: HashingWriterOptions = {}) {
    super({ highWaterMark: 64 * 1024 })
    this.file = file
    this.onWritten = options.onWritten ?? (() => {})
    this.position = options.position ?? 0
    this.maxSlot = Math.max(FIRST_SLOT, options.maxSlot ?? LAST_SLOT)
    this.continued = options.session !== undefined
    const hashed = (id: number): void => {
      const slot = this.slots.get(id)
      if (slot) this.release(slot)
    }
    const failed = (err: Error): void => this.fail(err)
    this.session = options.session ? options.session(hashed, failed) : hashThread.open(hashed, failed)
  }

  private fail(err: Error): void {
    this.failure ??= err
    this.wake()
  }

  private wake(): void {
    const wake = this.waiting
    this.waiting = null
    wake?.()
  }

  /** One of the slot's two jobs (hashing, writing) is done; after both it can be filled again. */
  private release(slot: Slot): void {
    if (--slot.busy > 0) return
    if (slot.shared.byteLength < this.slotSize) {
      // Outgrown: let it go, so a large upload ends up writing whole slots of the largest size.
      this.slots.delete(slot.id)
    } else {
      this.free.push(slot)
    }
    this.wake()
  }

  /** Hands the filled slot to the hashing thread and to the thread pool to write, both at once. */
  private send(): void {
    const slot = this.current
    if (!slot || this.filled === 0) return
    const length = this.filled
    const position = this.position + this.size
    this.current = null
    this.filled = 0
    slot.busy = 2
    try {
      this.session.update(slot.shared, length, slot.id)
    } catch (err) {
      this.fail(err as Error)
      return
    }
    this.size += length
    uploadedBytes(length)
    const bytes = Buffer.from(slot.shared, 0, length)
    this.writes = this.writes
      .then(async () => {
        if (this.failure) return
        let done = 0
        while (done < length) {
          const { bytesWritten } = await this.file.write(bytes, done, length - done, position + done)
          if (bytesWritten === 0) throw new Error('the file accepted no bytes')
          done += bytesWritten
        }
        this.onWritten(length)
        this.release(slot)
      })
      .catch((err: Error) => this.fail(err))
  }

  /** The slot being filled: a free one, a new one while fewer than MAX_SLOTS are held, or the next to come back. */
  private async room(): Promise<Slot> {
    for (;;) {
      if (this.failure) throw this.failure
      if (this.current) return this.current
      const reused = this.free.pop()
      if (reused) {
        this.current = reused
        return reused
      }
      if (this.slots.size < MAX_SLOTS) {
        const slot = { id: this.nextSlot++, shared: new SharedArrayBuffer(this.slotSize), busy: 0 }
        this.slotSize = Math.min(this.maxSlot, this.slotSize * 2)
        this.slots.set(slot.id, slot)
        this.current = slot
        return slot
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve
      })
    }
  }

  private async copyIn(chunk: Buffer): Promise<void> {
    let offset = 0
    while (offset < chunk.length) {
      const slot = await this.room()
      const n = Math.min(chunk.length - offset, slot.shared.byteLength - this.filled)
      new Uint8Array(slot.shared, this.filled, n).set(chunk.subarray(offset, offset + n))
      this.filled += n
      offset += n
      if (this.filled === slot.shared.byteLength) this.send()
    }
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    // Most chunks fit in the slot being filled: copy them without a promise.
    const slot = this.current
    if (slot && !this.failure && chunk.length < slot.shared.byteLength - this.filled) {
      new Uint8Array(slot.shared, this.filled, chunk.length).set(chunk)
      this.filled += chunk.length
      cb()
      return
    }
    this.copyIn(chunk).then(() => cb(), cb)
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.send()
    const finish = async (): Promise<void> => {
      await this.writes
      if (this.failure) throw this.failure
      if (this.continued) {
        // The session goes on: wait until the thread has hashed every slot sent, so that what it
        // covers is exactly what the file holds.
        while (![...this.slots.values()].every((s) => s.busy === 0)) {
          await new Promise<void>((resolve) => {
            this.waiting = resolve
          })
          if (this.failure) throw this.failure
        }
        this.done = true
        return
      }
      const { bytes, ...digests } = await this.session.digest()
      // The digests must cover exactly the bytes in the file: anything else is a fault, not evidence.
      if (bytes !== this.size) throw new Error(`hashed ${bytes} bytes but wrote ${this.size}`)
      this.digests = digests
    }
    finish().then(() => cb(), cb)
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    // A continued session that took every byte stays open for the next stream; anything else is dropped.
    if (!(this.continued && this.done && err === null)) this.session.drop()
    this.fail(err ?? new Error('the upload was cut short'))
    // Let writes already handed to the thread pool finish before the caller closes the file.
    this.writes.then(
      () => cb(err),
      () => cb(err)
    )
  }

  /** Both digests and the size, once the stream has finished (not for a continued session: ask it). */
  result(): Digests & { size: number } {
    if (!this.digests) throw new Error('the stream has not finished')
    return { ...this.digests, size: this.size }
  }
}
