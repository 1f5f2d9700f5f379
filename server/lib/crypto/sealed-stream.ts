// Files sealed at rest: a streaming AEAD (AES-256-GCM in fixed-size chunks) for files too large to
// hold in memory, such as dossier PDFs and evidence packages.
//
// Format "sanad-sealed/1":
//   header  56 bytes: magic "SNDSEAL1" (8) | key id (8, binary of the master key's 16-hex id) |
//           chunk size (4, uint32 BE, plaintext bytes per chunk) | salt (32, random per file) | 4 zero bytes
//   chunks  AES-256-GCM ciphertext of each plaintext chunk with its 16-byte tag appended. Every chunk
//           but the last holds exactly `chunk size` plaintext bytes; the last holds 0..chunk size.
//
// Per file, HKDF-SHA256(key, salt, "sanad/sealed-file/v1") gives a 32-byte AES key and a 12-byte
// nonce base; chunk i uses nonce base XOR i (big-endian, as TLS 1.3 does), so no nonce repeats under a
// key. The additional data of every chunk is SHA-256(header || context) || i (uint64 BE) || final flag
// (1 on the last chunk, 0 otherwise). Hence: a reordered, dropped or duplicated chunk fails (its
// index is in the nonce and the additional data); a file cut at a chunk boundary fails (its new last
// chunk was sealed as not final); bytes appended fail; a file moved to another context (another
// dossier, another kind of artefact) fails; an altered header fails. No plaintext is released before
// its chunk's tag has been checked. Pure: no I/O, only Node's crypto and streams.

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { deriveKey, masterKeyId } from './field-crypto.ts'

export const SEALED_MAGIC = Buffer.from('SNDSEAL1', 'ascii')
export const SEALED_HEADER_SIZE = 56
export const SEALED_TAG_SIZE = 16
/** 64 KiB, as age and Tink's streaming AEAD use: small enough to stream, large enough to be fast. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024
const MIN_CHUNK = 16
const MAX_CHUNK = 16 * 1024 * 1024

export type SealingKey = { readonly id: string; readonly key: Buffer }

/** Why a sealed file could not be opened: not this format, another key, cut short, or changed. */
export type SealedProblem = 'format' | 'key' | 'truncated' | 'altered'

export class SealedFileError extends Error {
  readonly problem: SealedProblem
  constructor(problem: SealedProblem, message: string) {
    super(message)
    this.name = 'SealedFileError'
    this.problem = problem
  }
}

/** The sealing key of a master key: a subkey of its own (HKDF, "sanad/sealed-file/v1"), named by the master key's id. */
export function sealingKey(master: Buffer): SealingKey {
  return Object.freeze({ id: masterKeyId(master), key: deriveKey(master, 'sealed-file') })
}

function checkChunkSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < MIN_CHUNK || n > MAX_CHUNK)
    throw new RangeError(`chunk size must be an integer between ${MIN_CHUNK} and ${MAX_CHUNK}`)
}

/** Size of the sealed file of `plainSize` bytes. */
export function sealedSize(plainSize: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  checkChunkSize(chunkSize)
  const chunks = Math.max(1, Math.ceil(plainSize / chunkSize))
  return SEALED_HEADER_SIZE + plainSize + chunks * SEALED_TAG_SIZE
}

function header(key: SealingKey, chunkSize: number, salt: Buffer): Buffer {
  const h = Buffer.alloc(SEALED_HEADER_SIZE)
  SEALED_MAGIC.copy(h, 0)
  Buffer.from(key.id, 'hex').copy(h, 8)
  h.writeUInt32BE(chunkSize, 16)
  salt.copy(h, 20)
  return h
}

type FileState = { aesKey: Buffer; nonceBase: Buffer; aadPrefix: Buffer }

function fileState(key: SealingKey, head: Buffer, context: string): FileState {
  const okm = Buffer.from(hkdfSync('sha256', key.key, head.subarray(20, 52), 'sanad/sealed-file/v1', 44))
  return {
    aesKey: okm.subarray(0, 32),
    nonceBase: okm.subarray(32, 44),
    aadPrefix: createHash('sha256').update(head).update(context, 'utf8').digest()
  }
}

function nonceOf(state: FileState, index: number): Buffer {
  const nonce = Buffer.from(state.nonceBase)
  // index < 2^53: XOR into the last 8 bytes, big-endian.
  const hi = Math.floor(index / 2 ** 32)
  const lo = index >>> 0
  nonce.writeUInt32BE((nonce.readUInt32BE(4) ^ hi) >>> 0, 4)
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ lo) >>> 0, 8)
  return nonce
}

function aadOf(state: FileState, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(41)
  state.aadPrefix.copy(aad, 0)
  aad.writeBigUInt64BE(BigInt(index), 32)
  aad[40] = final ? 1 : 0
  return aad
}

function sealChunk(state: FileState, index: number, final: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', state.aesKey, nonceOf(state, index))
  cipher.setAAD(aadOf(state, index, final))
  const out = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
  return out
}

/** The plaintext of one sealed chunk, or null when its tag does not verify. */
function openChunk(state: FileState, index: number, final: boolean, sealed: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', state.aesKey, nonceOf(state, index))
  decipher.setAAD(aadOf(state, index, final))
  decipher.setAuthTag(sealed.subarray(sealed.length - SEALED_TAG_SIZE))
  const plain = decipher.update(sealed.subarray(0, sealed.length - SEALED_TAG_SIZE))
  try {
    decipher.final()
  } catch {
    return null
  }
  return plain
}

/** Bytes received in pieces, taken out in pieces of another size without copying everything twice. */
class Queue {
  private parts: Buffer[] = []
  length = 0
  push(b: Buffer): void {
    if (b.length === 0) return
    this.parts.push(b)
    this.length += b.length
  }

  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n)
    let off = 0
    while (off < n) {
      const head = this.parts[0] as Buffer
      const want = n - off
      if (head.length <= want) {
        head.copy(out, off)
        off += head.length
        this.parts.shift()
      } else {
        head.copy(out, off, 0, want)
        this.parts[0] = head.subarray(want)
        off += want
      }
    }
    this.length -= n
    return out
  }
}

/**
 * A Transform that seals what is written to it. `context` names the file's place (for example
 * `dossier:<id>:pdf`); opening needs the same context.
 */
export function sealStream(key: SealingKey, context: string, options: { chunkSize?: number } = {}): Transform {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
  checkChunkSize(chunkSize)
  const head = header(key, chunkSize, randomBytes(32))
  const state = fileState(key, head, context)
  const queue = new Queue()
  let index = 0
  let started = false
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        if (!started) {
          this.push(head)
          started = true
        }
        queue.push(chunk)
        // Keep at least one byte back: only end() tells which chunk is the last.
        while (queue.length > chunkSize) this.push(sealChunk(state, index++, false, queue.take(chunkSize)))
        callback()
      } catch (err) {
        callback(err as Error)
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!started) this.push(head)
        this.push(sealChunk(state, index, true, queue.take(queue.length)))
        callback()
      } catch (err) {
        callback(err as Error)
      }
    }
  })
}

/**
 * A Transform that opens a sealed file written to it and passes on its plaintext, chunk by chunk,
 * each only after its tag verified. Fails with SealedFileError.
 */
export function openStream(key: SealingKey, context: string): Transform {
  const queue = new Queue()
  let state: FileState | null = null
  let chunkSize = 0
  let index = 0
  const readHeader = (): void => {
    const head = queue.take(SEALED_HEADER_SIZE)
    if (!head.subarray(0, 8).equals(SEALED_MAGIC) || head.readUInt32BE(52) !== 0) throw new SealedFileError('format', 'not a sealed file')
    const id = head.subarray(8, 16).toString('hex')
    if (id !== key.id) throw new SealedFileError('key', `sealed under master key ${id}, not the loaded key ${key.id}`)
    chunkSize = head.readUInt32BE(16)
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK)
      throw new SealedFileError('format', 'the chunk size of the sealed file is out of range')
    state = fileState(key, head, context)
  }
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        queue.push(chunk)
        if (state === null) {
          if (queue.length < SEALED_HEADER_SIZE) return callback()
          readHeader()
        }
        const s = state as unknown as FileState
        const block = chunkSize + SEALED_TAG_SIZE
        // Keep the last block back until the end: it must be opened as the final one.
        while (queue.length > block) {
          const plain = openChunk(s, index, false, queue.take(block))
          if (plain === null)
            throw new SealedFileError('altered', `chunk ${index} of the sealed file was altered, moved or sealed for another file`)
          index++
          this.push(plain)
        }
        callback()
      } catch (err) {
        callback(err as Error)
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (state === null) {
          if (queue.length < SEALED_HEADER_SIZE)
            throw new SealedFileError(
              queue.length === 0 ? 'format' : 'truncated',
              queue.length === 0 ? 'the sealed file is empty' : 'the sealed file ends inside its header'
            )
          readHeader()
        }
        const s = state as unknown as FileState
        if (queue.length < SEALED_TAG_SIZE) throw new SealedFileError('truncated', 'the sealed file ends without its last chunk')
        const last = queue.take(queue.length)
        const plain = openChunk(s, index, true, last)
        if (plain === null) {
          // A whole chunk that opens as a middle one: the file was cut at a chunk boundary.
          const cut = last.length === chunkSize + SEALED_TAG_SIZE && openChunk(s, index, false, last) !== null
          throw cut
            ? new SealedFileError('truncated', 'the sealed file was cut short: its last chunk is missing')
            : new SealedFileError('altered', `chunk ${index} of the sealed file was altered, cut or sealed for another file`)
        }
        this.push(plain)
        callback()
      } catch (err) {
        callback(err as Error)
      }
    }
  })
}

async function through(t: Transform, bytes: Uint8Array): Promise<Buffer> {
  const out: Buffer[] = []
  t.on('data', (b: Buffer) => out.push(b))
  const done = new Promise<void>((resolve, reject) => {
    t.on('end', resolve)
    t.on('error', reject)
  })
  t.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))
  await done
  return Buffer.concat(out)
}

/** Seals bytes held in memory (small files and tests). */
export async function sealBytes(
  key: SealingKey,
  context: string,
  bytes: Uint8Array,
  options: { chunkSize?: number } = {}
): Promise<Buffer> {
  return await through(sealStream(key, context, options), bytes)
}

/** Opens a sealed file held in memory. */
export async function openBytes(key: SealingKey, context: string, sealed: Uint8Array): Promise<Buffer> {
  return await through(openStream(key, context), sealed)
}
