import { Worker } from 'node:worker_threads'
import { Transform, type TransformCallback } from 'node:stream'

// Plain JavaScript (no loader needed). Hashes each buffer it is lent and hands it back, so the
// same few buffers go back and forth and memory stays flat however large the upload.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const h256 = createHash('sha256')
const h512 = createHash('sha512')
parentPort.on('message', (msg) => {
  if (msg === 'end') {
    parentPort.postMessage({ sha256: h256.digest('hex'), sha512: h512.digest('hex') })
    return
  }
  const view = new Uint8Array(msg.buffer, 0, msg.length)
  h256.update(view)
  h512.update(view)
  parentPort.postMessage({ buffer: msg.buffer }, [msg.buffer])
})
`

const BUFFER_SIZE = 1024 * 1024
const BUFFERS = 6

/**
 * A pass-through stream that hashes what flows through it (SHA-256 and SHA-512) on a worker
 * thread, so hashing runs on one core while the main thread parses the upload and writes it to
 * disk on the other. Chunks are copied into a small pool of 1 MiB buffers lent to the worker and
 * returned after hashing; when all are out, the stream waits (backpressure), so memory is bounded.
 */
export class HashingStream extends Transform {
  size = 0
  private readonly worker: Worker
  private readonly free: ArrayBuffer[] = []
  private current: Uint8Array | null = null
  private filled = 0
  private waiting: (() => void) | null = null
  private readonly digests: Promise<{ sha256: string, sha512: string }>

  private readonly onBytes: (n: number) => void
  private gathered: Buffer[] = []
  private gatheredBytes = 0

  /** `onBytes` hears how many bytes passed through, chunk by chunk (the store uses it to flush early). */
  constructor (options: { onBytes?: (n: number) => void } = {}) {
    super({ highWaterMark: BUFFER_SIZE })
    this.onBytes = options.onBytes ?? (() => {})
    for (let i = 0; i < BUFFERS; i++) this.free.push(new ArrayBuffer(BUFFER_SIZE))
    this.worker = new Worker(WORKER_SOURCE, { eval: true })
    this.digests = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: { buffer: ArrayBuffer } | { sha256: string, sha512: string }) => {
        if ('buffer' in msg) {
          this.free.push(msg.buffer)
          const wake = this.waiting
          this.waiting = null
          wake?.()
        } else {
          resolve(msg)
        }
      })
      this.worker.on('error', reject)
    })
    this.digests.catch(() => {})
  }

  /** Hands the filled buffer to the worker. */
  private send (): void {
    if (!this.current || this.filled === 0) return
    const buffer = this.current.buffer as ArrayBuffer
    this.worker.postMessage({ buffer, length: this.filled }, [buffer])
    this.current = null
    this.filled = 0
  }

  /** A buffer with room, waiting for the worker to return one when all are lent out. */
  private async room (): Promise<Uint8Array> {
    if (this.current) return this.current
    while (this.free.length === 0) await new Promise<void>((resolve) => { this.waiting = resolve })
    this.current = new Uint8Array(this.free.pop() as ArrayBuffer)
    return this.current
  }

  /** Hands what was gathered to the next stream (the file) as one chunk. */
  private pass (): void {
    if (this.gathered.length === 0) return
    const chunk = this.gathered.length === 1 ? this.gathered[0]! : Buffer.concat(this.gathered, this.gatheredBytes)
    this.gathered = []
    this.gatheredBytes = 0
    this.push(chunk)
    this.onBytes(chunk.length)
  }

  override _transform (chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length
    // Sockets deliver 64 KiB at a time; passed on as they come, each became its own write() call.
    this.gathered.push(chunk)
    this.gatheredBytes += chunk.length
    if (this.gatheredBytes >= BUFFER_SIZE) this.pass()
    const copyIn = async (): Promise<void> => {
      let offset = 0
      while (offset < chunk.length) {
        const target = await this.room()
        const n = Math.min(chunk.length - offset, BUFFER_SIZE - this.filled)
        target.set(chunk.subarray(offset, offset + n), this.filled)
        this.filled += n
        offset += n
        if (this.filled === BUFFER_SIZE) this.send()
      }
    }
    copyIn().then(() => cb(), cb)
  }

  override _flush (cb: TransformCallback): void {
    this.pass()
    this.send()
    cb()
  }

  /** Both digests, once the stream has ended. */
  async result (): Promise<{ sha256: string, sha512: string, size: number }> {
    this.send()
    this.worker.postMessage('end')
    const d = await this.digests
    return { ...d, size: this.size }
  }

  /** Stops the hashing thread; call once the digests are read or the transfer failed. */
  async close (): Promise<void> {
    await this.worker.terminate()
  }
}
