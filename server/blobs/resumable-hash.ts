import { open } from 'node:fs/promises'
import { hashThread, type Digests, type HashSession } from './hash-thread.ts'

const FEED_SLOT = 512 * 1024

/**
 * SHA-256 and SHA-512 of a file that grows over several requests (a resumable upload), computed on
 * the shared hashing thread as the bytes arrive. Each request's HashingWriter continues the same
 * session (`attach`); `bytes` is how much of the file the session covers. A hash cannot be saved,
 * so after a restart, or once a request failed half-way, the session is rebuilt by reading back
 * the bytes the file already holds (`feed`).
 */
export class ResumableHash {
  /** Bytes of the file the session has been given (and, once a writer finished, has hashed). */
  bytes = 0
  private lost: Error | null = null
  private readonly session: HashSession
  private hashed: (slot: number) => void = () => {}
  private failed: (err: Error) => void = () => {}

  constructor() {
    this.session = hashThread.open(
      (slot) => this.hashed(slot),
      (err) => {
        this.lost ??= err
        this.failed(err)
      }
    )
  }

  /** False once the session was dropped, digested or lost with the thread: build a new one. */
  get usable(): boolean {
    return this.lost === null
  }

  /** The session as one HashingWriter sees it (option `session`); a later writer takes it over. */
  readonly attach = (hashed: (slot: number) => void, failed: (err: Error) => void): HashSession => {
    this.hashed = hashed
    this.failed = failed
    return {
      update: (shared, length, slot) => {
        this.session.update(shared, length, slot)
        this.bytes += length
      },
      digest: async () => await this.digest(),
      drop: () => this.drop()
    }
  }

  /** Both digests and the byte count they cover; the session ends. */
  async digest(): Promise<Digests & { bytes: number }> {
    if (this.lost) throw this.lost
    this.lost = new Error('the hash was already digested')
    return await this.session.digest()
  }

  drop(): void {
    this.lost ??= new Error('the hash was dropped')
    this.session.drop()
  }

  /** Hashes bytes [`bytes`, `to`) of the file at `path` (what it already holds), reading them back. */
  async feed(path: string, to: number): Promise<void> {
    const fh = await open(path, 'r')
    // Two slots: one is read while the thread hashes the other.
    const slots = [0, 1].map((id) => ({ id, shared: new SharedArrayBuffer(FEED_SLOT), busy: null as Promise<void> | null }))
    const waiters = new Map<number, () => void>()
    let failure: Error | null = null
    this.hashed = (slot) => waiters.get(slot)?.()
    this.failed = (err) => {
      failure = err
      for (const wake of waiters.values()) wake()
    }
    try {
      let turn = 0
      while (this.bytes < to) {
        const slot = slots[turn++ % 2]!
        await slot.busy
        if (failure) throw failure
        const want = Math.min(FEED_SLOT, to - this.bytes)
        const view = new Uint8Array(slot.shared, 0, want)
        let got = 0
        while (got < want) {
          const { bytesRead } = await fh.read(view, got, want - got, this.bytes + got)
          if (bytesRead === 0) throw new Error('the upload file is shorter than its offset')
          got += bytesRead
        }
        slot.busy = new Promise<void>((resolve) => waiters.set(slot.id, resolve))
        this.session.update(slot.shared, want, slot.id)
        this.bytes += want
      }
      await Promise.all(slots.map((s) => s.busy))
      if (failure) throw failure
    } catch (err) {
      this.drop()
      throw err
    } finally {
      await fh.close()
    }
  }
}
