import { Worker } from 'node:worker_threads'

// Plain JavaScript (no loader needed). One thread hashes for every upload in progress: each message
// names its upload, and the digests of an upload are kept until it asks for them or is dropped.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const open = new Map()
parentPort.on('message', (m) => {
  if (m.op === 'drop') { open.delete(m.id); return }
  let h = open.get(m.id)
  if (!h) { h = { h256: createHash('sha256'), h512: createHash('sha512'), bytes: 0 }; open.set(m.id, h) }
  if (m.op === 'update') {
    const view = new Uint8Array(m.shared, 0, m.length)
    h.h256.update(view)
    h.h512.update(view)
    h.bytes += m.length
    parentPort.postMessage({ id: m.id, slot: m.slot })
  } else {
    open.delete(m.id)
    parentPort.postMessage({ id: m.id, sha256: h.h256.digest('hex'), sha512: h.h512.digest('hex'), bytes: h.bytes })
  }
})
`

export type Digests = { sha256: string; sha512: string }

/** The digests and how many bytes the thread hashed to get them. */
type Hashed = Digests & { bytes: number }

type Reply = { id: number; slot: number } | ({ id: number } & Hashed)

type Listener = {
  hashed: (slot: number) => void
  digests: (d: Hashed) => void
  failed: (err: Error) => void
}

/** One upload's line to the hashing thread. */
export type HashSession = {
  /** Hashes the first `length` bytes of `shared` next; the session's `hashed(slot)` hears when done. */
  update: (shared: SharedArrayBuffer, length: number, slot: number) => void
  /** SHA-256 and SHA-512 of everything sent, and the byte count they cover, once the thread has hashed it all. */
  digest: () => Promise<Hashed>
  /** Forgets the upload (it failed); the thread drops its state. */
  drop: () => void
}

// Starting a thread costs ~30 ms and ~10 MB: one serves every upload, and ends after this long with
// nothing to hash, so an idle server does not keep it.
const IDLE_MS = 30_000

/**
 * The thread that hashes uploads while the main thread parses them and writes them to disk. One for
 * the whole process rather than one per upload: a hundred uploads at once used to start a hundred
 * threads (over 1 GB resident); two cores gain nothing from more than one.
 */
class HashThread {
  private worker: Worker | null = null
  private readonly listeners = new Map<number, Listener>()
  private nextId = 1
  private idle: NodeJS.Timeout | null = null

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.on('message', (msg: Reply) => {
      const listener = this.listeners.get(msg.id)
      if (!listener) return
      if ('slot' in msg) {
        listener.hashed(msg.slot)
      } else {
        this.listeners.delete(msg.id)
        listener.digests({ sha256: msg.sha256, sha512: msg.sha512, bytes: msg.bytes })
        this.settle()
      }
    })
    const lost = (err: Error): void => {
      if (this.worker !== worker) return
      this.worker = null
      this.failAll(err)
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`the hashing thread ended (exit code ${code})`)))
    this.worker = worker
    return worker
  }

  /** Ends the thread once no upload has used it for a while. */
  private settle(): void {
    if (this.listeners.size > 0 || this.idle) return
    // Only work in progress keeps the process alive (an unref made before the message listener
    // is attached does not hold, so it is made here).
    this.worker?.unref()
    this.idle = setTimeout(() => {
      this.idle = null
      if (this.listeners.size === 0) void this.stop()
    }, IDLE_MS)
    this.idle.unref()
  }

  /** Fails every open session: their thread is gone, and with it what it had hashed. */
  private failAll(err: Error): void {
    const failed = [...this.listeners.values()]
    this.listeners.clear()
    for (const l of failed) l.failed(err)
  }

  /** Ends the thread now (tests; it ends by itself when idle). Sessions still open fail. */
  async stop(): Promise<void> {
    const worker = this.worker
    if (!worker) return
    // Forget it before it has ended, so a session opened meanwhile starts a new thread instead of
    // writing to one that is going away.
    this.worker = null
    this.failAll(new Error('the hashing thread was stopped'))
    await worker.terminate()
  }

  /**
   * Opens a session; `hashed(slot)` hears each update the thread has finished with, and `failed`
   * hears if the thread is lost (updates sent and not yet hashed will never be).
   */
  open(hashed: (slot: number) => void, failed: (err: Error) => void): HashSession {
    if (this.idle) {
      clearTimeout(this.idle)
      this.idle = null
    }
    const worker = this.start()
    worker.ref()
    const id = this.nextId++
    let failure: Error | null = null
    let resolve: (d: Hashed) => void = () => {}
    let reject: (err: Error) => void = () => {}
    const digests = new Promise<Hashed>((res, rej) => {
      resolve = res
      reject = rej
    })
    digests.catch(() => {})
    this.listeners.set(id, {
      hashed,
      digests: (d) => resolve(d),
      failed: (err) => {
        failure = err
        reject(err)
        failed(err)
      }
    })
    return {
      update: (shared, length, slot) => {
        if (failure) throw failure
        worker.postMessage({ op: 'update', id, shared, length, slot })
      },
      digest: async () => {
        if (!failure) worker.postMessage({ op: 'digest', id })
        return await digests
      },
      drop: () => {
        failure ??= new Error('the upload was dropped')
        reject(failure)
        if (!this.listeners.delete(id)) return
        if (this.worker === worker) worker.postMessage({ op: 'drop', id })
        this.settle()
      }
    }
  }
}

export const hashThread = new HashThread()
