// BagIt bags (RFC 8493, version 1.0) serialized as ZIP files: writing a bag
// from files on disk, and reading and validating a bag completely.
//
// Layout of a written bag (entries under one top-level directory named after
// the bag, as RFC 8493 §4.2 asks of serializations):
//   <name>/bagit.txt                 BagIt-Version 1.0, UTF-8 tag files
//   <name>/data/...                  the payload, stored uncompressed
//   <name>/manifest-sha256.txt       "<hex> data/<path>" per payload file
//   <name>/manifest-sha512.txt
//   <name>/bag-info.txt              Source-Organization, Bagging-Date, Payload-Oxum, Bag-Size, ...
//   <name>/tagmanifest-sha256.txt    over bagit.txt, bag-info.txt and the payload manifests
//   <name>/tagmanifest-sha512.txt
// Payload files are streamed from disk into the ZIP (yazl, entries stored
// uncompressed) and hashed on the way, so memory use does not grow with their
// size. Every entry has the same fixed modification time, so the same files
// and bagging date give the same ZIP bytes.
//
// Sizes: yazl switches to ZIP64 structures for an entry, and for the end of
// the central directory, only when a size, an offset or the entry count does
// not fit the classic fields, so bags under 4 GiB stay classic ZIP files that
// every tool opens, and a multi-gigabyte video still fits. The reader
// understands ZIP64, stored and deflated entries.

import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type Duplex, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createInflateRaw } from 'node:zlib'
import yazl from 'yazl'

export const BAG_ERRORS = {
  invalidInput: 'SANAD_ERR_BAG_INVALID_INPUT',
  fileChanged: 'SANAD_ERR_BAG_FILE_CHANGED',
  unreadable: 'SANAD_ERR_BAG_UNREADABLE',
  /** A ZIP whose claims (sizes, offsets, counts, names) exceed its own bytes or a limit: refused unread. */
  unsafe: 'SANAD_ERR_BAG_ZIP_UNSAFE'
} as const
export type BagErrorCode = (typeof BAG_ERRORS)[keyof typeof BAG_ERRORS]

export class BagError extends Error {
  readonly code: BagErrorCode
  constructor(code: BagErrorCode, message: string) {
    super(message)
    this.name = 'BagError'
    this.code = code
  }
}

const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'
const ALGORITHMS = ['sha256', 'sha512'] as const
const CHUNK = 1 << 20

// ---------------------------------------------------------------------------
// Paths and tag file syntax.

/** Percent-encodes a manifest file path as RFC 8493 §2.1.3 requires: CR, LF and '%'. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Decodes the three escapes of RFC 8493 §2.1.3 (case-insensitive hex). */
export function decodeManifestPath(path: string): string {
  return path.replace(/%(0[DdAa]|25)/g, (m) => ({ '%0D': '\r', '%0d': '\r', '%0A': '\n', '%0a': '\n', '%25': '%' })[m] ?? m)
}

/** Why `path` (relative to data/) cannot name a payload file, or null. */
export function payloadPathProblem(path: string): string | null {
  if (path.length === 0) return 'is empty'
  if (path.startsWith('/') || path.includes('\\')) return 'must be relative and use "/" separators'
  if (/[\u0000\u007f]/.test(path) || /[\u0001-\u0009\u000b\u000c\u000e-\u001f]/.test(path)) return 'contains a control character'
  if (/[\uD800-\uDFFF]/u.test(path.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) return 'contains a lone surrogate'
  for (const seg of path.split('/')) {
    if (seg.length === 0 || seg === '.' || seg === '..') return 'has an empty, "." or ".." segment'
  }
  if (Buffer.byteLength(path, 'utf8') > 60_000) return 'is too long'
  return null
}

/** Label and value of bag-info.txt, folded onto one line (no CR/LF). */
function infoLine(label: string, value: string): string {
  if (!/^[^:\s][^:\r\n]*$/.test(label) || /\s$/.test(label))
    throw new BagError(BAG_ERRORS.invalidInput, `bag-info label ${JSON.stringify(label)} is not valid`)
  return `${label}: ${value.replace(/\r\n|\r|\n/g, ' ').trim()}\n`
}

/** Human size as BagIt tools print it, e.g. "1.5 MB" (decimal units). */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let v = bytes
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return u === 0 ? `${bytes} bytes` : `${v.toFixed(1)} ${units[u]}`
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10)
}

/**
 * yazl writes DOS times from a Date's *local* fields. To get the same
 * bytes in every time zone we pass a Date whose local fields are the UTC
 * fields of `when` (noon of that day if that local time does not exist).
 */
function dosTime(when: Date): Date {
  const y = when.getUTCFullYear()
  const local = new Date(y, when.getUTCMonth(), when.getUTCDate(), when.getUTCHours(), when.getUTCMinutes(), when.getUTCSeconds())
  if (local.getHours() === when.getUTCHours() && local.getMinutes() === when.getUTCMinutes()) return local
  return new Date(y, when.getUTCMonth(), when.getUTCDate(), 12, 0, 0)
}

// ---------------------------------------------------------------------------
// Writing.

export interface BagPayloadFile {
  /** Path inside data/, '/'-separated (any script; e.g. 'exhibits/E1-عکس.jpg'). */
  path: string
  /** A file on disk (streamed) or bytes in memory (small files: the PDF, the manifest). */
  source: string | Uint8Array
}

export interface BagInfo {
  sourceOrganization: string
  externalIdentifier?: string
  externalDescription?: string
  internalSenderIdentifier?: string
  internalSenderDescription?: string
  contactName?: string
  contactEmail?: string
  bagGroupIdentifier?: string
  /** Further labels, written after the standard ones in this order. */
  other?: Array<[label: string, value: string]>
}

export interface WriteBagOptions {
  /** Where to write the ZIP (written to a temporary file beside it, fsync'd, then renamed). */
  zipPath: string
  /** Bag name: the top-level directory inside the ZIP. */
  name: string
  files: BagPayloadFile[]
  info: BagInfo
  /** Bagging-Date, and the modification time of every ZIP entry. */
  baggingDate: Date
  /** Called as payload bytes are written. */
  onProgress?: (doneBytes: number, totalBytes: number) => void
  /** Use ZIP64 structures even where classic ones would do (tests of the large-bag format). */
  forceZip64?: boolean
  /**
   * A transform the ZIP's bytes pass through on their way to the file (encryption at rest). The
   * summary's zipSha256 and zipSize are still those of the ZIP itself.
   */
  encode?: () => Duplex
}

export interface BaggedFile {
  /** Path in the bag, 'data/...'. */
  path: string
  size: number
  sha256: string
  sha512: string
}

export interface BagSummary {
  zipPath: string
  name: string
  payloadOxum: string
  bagSize: string
  files: BaggedFile[]
  /** SHA-256 and size of the ZIP itself (before any `encode`). */
  zipSha256: string
  zipSize: number
}

/** Hashes and counts the ZIP's bytes as they pass (before any encoding for storage). */
class ZipTap extends Transform {
  readonly hash = createHash('sha256')
  size = 0

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk)
    this.size += chunk.length
    callback(null, chunk)
  }
}

/** Writes a stream to a file. */
class Sink extends Writable {
  private readonly fh: FileHandle

  constructor(fh: FileHandle) {
    super({ highWaterMark: CHUNK })
    this.fh = fh
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    const write = async (): Promise<void> => {
      let off = 0
      while (off < chunk.length) off += (await this.fh.write(chunk, off, chunk.length - off)).bytesWritten
    }
    write().then(() => callback(), callback)
  }
}

/** Passes a payload file through, hashing and counting it; ends with an error if its size is not the expected one. */
class PayloadTap extends Transform {
  readonly h256 = createHash('sha256')
  readonly h512 = createHash('sha512')
  size = 0
  private readonly expected: number
  private readonly path: string
  private readonly onBytes: (n: number) => void

  constructor(path: string, expected: number, onBytes: (n: number) => void) {
    super({ highWaterMark: CHUNK })
    this.path = path
    this.expected = expected
    this.onBytes = onBytes
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null, data?: Buffer) => void): void {
    this.h256.update(chunk)
    this.h512.update(chunk)
    this.size += chunk.length
    if (this.size > this.expected) return callback(this.changed())
    // A progress listener that throws (a job's status row on a full disk) fails the bag, not the process.
    try {
      this.onBytes(chunk.length)
    } catch (err) {
      return callback(err as Error)
    }
    callback(null, chunk)
  }

  override _flush(callback: (err?: Error | null) => void): void {
    callback(this.size === this.expected ? null : this.changed())
  }

  private changed(): BagError {
    return new BagError(
      BAG_ERRORS.fileChanged,
      `payload file ${this.path} changed while it was bagged (${this.expected} bytes before, ${this.size} read)`
    )
  }
}

function bytesOf(text: string): Uint8Array {
  return Buffer.from(text, 'utf8')
}

/**
 * Writes a complete bag as a ZIP. Payload files are hashed (SHA-256 and
 * SHA-512) while they are copied; a file that changes size while it is
 * being bagged makes the whole write fail and leaves nothing behind.
 */
export async function writeBag(options: WriteBagOptions): Promise<BagSummary> {
  const { name, files, info, baggingDate } = options
  if (!(baggingDate instanceof Date) || Number.isNaN(baggingDate.getTime()))
    throw new BagError(BAG_ERRORS.invalidInput, 'baggingDate must be a valid Date')
  const year = baggingDate.getUTCFullYear()
  if (year < 1980 || year > 2099) throw new BagError(BAG_ERRORS.invalidInput, 'baggingDate must lie between 1980 and 2099 (ZIP timestamps)')
  const nameProblem = payloadPathProblem(name) ?? (/^[A-Za-z]:/.test(name) ? 'must not look like a drive letter' : null)
  if (nameProblem !== null || name.includes('/'))
    throw new BagError(BAG_ERRORS.invalidInput, `bag name ${JSON.stringify(name)} ${nameProblem ?? 'must be one path segment'}`)
  const seen = new Set<string>()
  const sizes: number[] = []
  for (const f of files) {
    const problem = payloadPathProblem(f.path)
    if (problem !== null) throw new BagError(BAG_ERRORS.invalidInput, `payload path ${JSON.stringify(f.path)} ${problem}`)
    // A ZIP entry name is at most 65,535 bytes: <name>/data/<path>.
    if (Buffer.byteLength(`${name}/data/${f.path}`, 'utf8') > 0xffff)
      throw new BagError(BAG_ERRORS.invalidInput, `payload path ${JSON.stringify(f.path.slice(0, 80))}… is too long for a ZIP entry name`)
    const key = f.path.normalize('NFC')
    if (seen.has(key)) throw new BagError(BAG_ERRORS.invalidInput, `payload path ${JSON.stringify(f.path)} is given twice`)
    seen.add(key)
    sizes.push(typeof f.source === 'string' ? (await stat(f.source)).size : f.source.length)
  }
  const payloadBytes = sizes.reduce((a, b) => a + b, 0)

  const dir = dirname(options.zipPath)
  const tmp = join(dir, `.${basename(options.zipPath)}.${process.pid}.partial`)
  const fh = await open(tmp, 'wx', 0o600)
  const zipTap = new ZipTap({ highWaterMark: CHUNK })
  const sink = new Sink(fh)
  const zip = new yazl.ZipFile()
  // The first error of any stream (a payload file, the ZIP, the file written) fails the whole bag.
  let failure: Error | null = null
  let failed: (err: Error) => void = () => {}
  const failedPromise = new Promise<never>((_resolve, reject) => {
    failed = (err) => {
      failure ??= err
      reject(failure)
    }
  })
  failedPromise.catch(() => {})
  zip.on('error', (err: Error) => failed(err))
  const written =
    options.encode === undefined ? pipeline(zip.outputStream, zipTap, sink) : pipeline(zip.outputStream, zipTap, options.encode(), sink)
  written.catch((err: Error) => failed(err))
  const entryOptions = {
    mtime: dosTime(baggingDate),
    compress: false,
    forceDosTimestamp: true,
    forceZip64Format: options.forceZip64 === true
  }
  const addBytes = (path: string, bytes: Uint8Array): void => {
    zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), `${name}/${path}`, entryOptions)
  }
  const untilFailed = async <T>(p: Promise<T>): Promise<T> => await Promise.race([p, failedPromise])
  // The payload file being read, so that a failure anywhere closes it rather than leaking its descriptor.
  const reading: { current: { input: ReturnType<typeof createReadStream>; tap: PayloadTap } | null } = { current: null }
  try {
    addBytes('bagit.txt', bytesOf(BAGIT_TXT))
    let done = 0
    const progress = (n: number): void => {
      done += n
      options.onProgress?.(done, payloadBytes)
    }
    // yazl copies entries one after the other, asking for each file's stream only when its turn
    // comes (one open file at a time); each payload is hashed as it passes.
    const hashed: Array<Promise<BaggedFile>> = files.map((f, i) => {
      const path = `data/${f.path}`
      const size = sizes[i]!
      if (typeof f.source !== 'string') {
        const bytes = f.source
        addBytes(path, bytes)
        progress(bytes.length)
        return Promise.resolve({
          path,
          size,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          sha512: createHash('sha512').update(bytes).digest('hex')
        })
      }
      const source = f.source
      const hashing = new Promise<BaggedFile>((resolve, reject) => {
        zip.addReadStreamLazy(`${name}/${path}`, { ...entryOptions, size }, (cb) => {
          const tap = new PayloadTap(f.path, size, progress)
          const input = createReadStream(source, { highWaterMark: CHUNK })
          reading.current = { input, tap }
          input.on('error', (err) => tap.destroy(err))
          tap.on('error', (err: Error) => {
            input.destroy()
            reject(err)
            failed(err)
          })
          tap.on('end', () => resolve({ path, size: tap.size, sha256: tap.h256.digest('hex'), sha512: tap.h512.digest('hex') }))
          cb(null, input.pipe(tap))
        })
      })
      // Observed at once: after a failure nobody awaits the rest, and a rejection must not go unhandled.
      hashing.catch(() => {})
      return hashing
    })
    const bagged = await untilFailed(Promise.all(hashed))

    const manifests = new Map<string, string>()
    for (const alg of ALGORITHMS) {
      manifests.set(`manifest-${alg}.txt`, bagged.map((b) => `${b[alg]} ${encodeManifestPath(b.path)}\n`).join(''))
    }
    const payloadOxum = `${payloadBytes}.${files.length}`
    const bagSize = humanSize(payloadBytes)
    let bagInfo = infoLine('Source-Organization', info.sourceOrganization)
    if (info.contactName !== undefined) bagInfo += infoLine('Contact-Name', info.contactName)
    if (info.contactEmail !== undefined) bagInfo += infoLine('Contact-Email', info.contactEmail)
    if (info.externalDescription !== undefined) bagInfo += infoLine('External-Description', info.externalDescription)
    bagInfo += infoLine('Bagging-Date', isoDate(baggingDate))
    if (info.externalIdentifier !== undefined) bagInfo += infoLine('External-Identifier', info.externalIdentifier)
    bagInfo += infoLine('Bag-Size', bagSize)
    bagInfo += infoLine('Payload-Oxum', payloadOxum)
    if (info.bagGroupIdentifier !== undefined) bagInfo += infoLine('Bag-Group-Identifier', info.bagGroupIdentifier)
    if (info.internalSenderIdentifier !== undefined) bagInfo += infoLine('Internal-Sender-Identifier', info.internalSenderIdentifier)
    if (info.internalSenderDescription !== undefined) bagInfo += infoLine('Internal-Sender-Description', info.internalSenderDescription)
    for (const [label, value] of info.other ?? []) bagInfo += infoLine(label, value)

    const tagFiles = new Map<string, string>([['bagit.txt', BAGIT_TXT], ...manifests, ['bag-info.txt', bagInfo]])
    for (const [path, text] of manifests) addBytes(path, bytesOf(text))
    addBytes('bag-info.txt', bytesOf(bagInfo))
    for (const alg of ALGORITHMS) {
      const lines = [...tagFiles].map(([path, text]) => `${createHash(alg).update(text, 'utf8').digest('hex')} ${path}\n`).join('')
      addBytes(`tagmanifest-${alg}.txt`, bytesOf(lines))
    }
    zip.end({ forceZip64Format: options.forceZip64 === true, comment: '' })
    await untilFailed(written)
    await fh.sync()
    await fh.close()
    await rename(tmp, options.zipPath)
    const dh = await open(dir, 'r')
    try {
      await dh.sync()
    } catch {
      // Some file systems cannot fsync a directory; the file itself is synced.
    } finally {
      await dh.close()
    }
    return {
      zipPath: options.zipPath,
      name,
      payloadOxum,
      bagSize,
      files: bagged,
      zipSha256: zipTap.hash.digest('hex'),
      zipSize: zipTap.size
    }
  } catch (err) {
    reading.current?.input.destroy()
    reading.current?.tap.destroy()
    zip.outputStream.unpipe()
    sink.destroy()
    await written.catch(() => undefined)
    await fh.close().catch(() => undefined)
    await rm(tmp, { force: true })
    throw err
  }
}

// ---------------------------------------------------------------------------
// Reading ZIP files (central directory, ZIP64, stored and deflated entries).
//
// A package given to verify-export may be hostile: every size, offset and
// count in it is a claim to check before it is believed. The central
// directory is read within ZIP_LIMITS, every entry must lie inside the file
// and apart from every other (no entry's bytes serve twice), names must be
// safe relative paths, the declared sizes together may not exceed a bounded
// inflation of the file, and an entry is never inflated past its declared
// size: the reader stops one byte beyond it. So the memory and time a ZIP can
// cost are bounded by its own size, whatever it claims.

/** Bounds on what a ZIP may claim before anything in it is read. */
export const ZIP_LIMITS = {
  /** Entries in the central directory (a package holds one per exhibit and a dozen parts). */
  entries: 100_000,
  /** Bytes of the central directory, read into memory at once. */
  centralDirectoryBytes: 32 * 1024 * 1024,
  /** Bytes of one entry name (PATH_MAX of common systems). */
  nameBytes: 4096,
  /** Sum of the declared uncompressed sizes, as a multiple of the ZIP file's size... */
  inflationRatio: 100,
  /** ...plus this, so that a small bag of well-compressed text is not refused. */
  inflationSlackBytes: 1024 * 1024
} as const

/** Largest deflate expansion (RFC 1951: a 258-byte match costs at least 2 bits, about 1032:1). */
const DEFLATE_MAX_RATIO = 1032

/** Most bytes of compressed input inflated in one step: bounds what one step can produce (~16 MiB). */
const INFLATE_STEP = 16 * 1024

/** Tag files read into memory, and the most bytes each may have. */
export const TAG_FILE_LIMITS = {
  'bagit.txt': 4 * 1024,
  'bag-info.txt': 1024 * 1024,
  /** manifest-<alg>.txt and tagmanifest-<alg>.txt: a line per file, within the entry limit. */
  manifest: 64 * 1024 * 1024
} as const

export interface ZipEntry {
  /** Full name in the archive. */
  name: string
  method: number
  flags: number
  /** CRC-32 of the uncompressed data, from the central directory. */
  crc32: number
  compressedSize: number
  size: number
  localHeaderOffset: number
  isDirectory: boolean
  /** Where the next entry (or the central directory) begins: this entry's bytes must end before. */
  limit: number
}

export interface ZipReadOptions {
  /**
   * The most bytes an entry of this name may have (undefined: no limit of its own); a
   * larger declared size refuses the whole ZIP. Callers name the parts they read into memory.
   */
  maxEntrySize?: (name: string) => number | undefined
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  let off = 0
  while (off < length) {
    const { bytesRead } = await fh.read(buf, off, length - off, position + off)
    if (bytesRead === 0) break
    off += bytesRead
  }
  return off === length ? buf : buf.subarray(0, off)
}

function zipFail(message: string): never {
  throw new BagError(BAG_ERRORS.unreadable, `not a readable ZIP: ${message}`)
}

/** The ZIP claims something that cannot be true of a file this size, or exceeds a limit. */
function zipUnsafe(message: string): never {
  throw new BagError(BAG_ERRORS.unsafe, `unsafe ZIP refused: ${message}`)
}

const u64 = (b: Buffer, at: number): number => {
  if (at + 8 > b.length) zipUnsafe('a ZIP64 field lies outside its record')
  const v = b.readBigUInt64LE(at)
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) zipUnsafe('a ZIP64 size or offset is out of range')
  return Number(v)
}

/** Why an entry name is not a safe relative path, or null (never extracted here, but others may). */
export function zipNameProblem(name: string, bytes: number): string | null {
  if (bytes > ZIP_LIMITS.nameBytes) return `is ${bytes} bytes long (at most ${ZIP_LIMITS.nameBytes})`
  if (name.length === 0) return 'is empty'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is absolute'
  if (name.includes('\\')) return 'contains a backslash'
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character'
  if (
    name
      .replace(/\/$/, '')
      .split('/')
      .some((s) => s === '..' || s === '.' || s === '')
  )
    return 'has an empty, "." or ".." segment'
  return null
}

const shown = (name: string): string => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name)

/** Lists the entries of a ZIP file from its central directory, refusing a ZIP whose claims are unsafe. */
export async function readZipEntries(fh: FileHandle, options: ZipReadOptions = {}): Promise<ZipEntry[]> {
  const { size: fileSize } = await fh.stat()
  const tailLen = Math.min(fileSize, 22 + 0xffff + 20)
  const tail = await readAt(fh, fileSize - tailLen, tailLen)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i
      break
    }
  }
  if (eocd < 0) zipFail('no end of central directory record')
  let count = tail.readUInt16LE(eocd + 10)
  let cdSize = tail.readUInt32LE(eocd + 12)
  let cdOffset = tail.readUInt32LE(eocd + 16)
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) zipFail('multi-disk archives are not supported')
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) zipFail('ZIP64 end of central directory locator missing')
    const z64At = u64(tail, loc + 8)
    if (z64At + 56 > fileSize) zipUnsafe('the ZIP64 end of central directory record lies outside the file')
    const z64 = await readAt(fh, z64At, 56)
    if (z64.length < 56 || z64.readUInt32LE(0) !== 0x06064b50) zipFail('ZIP64 end of central directory record missing')
    count = u64(z64, 32)
    cdSize = u64(z64, 40)
    cdOffset = u64(z64, 48)
  }
  if (count > ZIP_LIMITS.entries) zipUnsafe(`the central directory claims ${count} entries (at most ${ZIP_LIMITS.entries})`)
  if (cdSize > ZIP_LIMITS.centralDirectoryBytes)
    zipUnsafe(`the central directory claims ${cdSize} bytes (at most ${ZIP_LIMITS.centralDirectoryBytes})`)
  if (cdOffset + cdSize > fileSize) zipUnsafe('the central directory lies outside the file')
  // A directory entry takes at least 46 bytes: a larger count than fits is a lie.
  if (count * 46 > cdSize) zipUnsafe(`the central directory claims ${count} entries in ${cdSize} bytes`)
  const cd = await readAt(fh, cdOffset, cdSize)
  const entries: ZipEntry[] = []
  const nameLengths: number[] = []
  let declared = 0
  let p = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) zipFail(`central directory entry ${i} is damaged`)
    const flags = cd.readUInt16LE(p + 8)
    const method = cd.readUInt16LE(p + 10)
    const crc32 = cd.readUInt32LE(p + 16)
    let compressedSize = cd.readUInt32LE(p + 20)
    let size = cd.readUInt32LE(p + 24)
    const nameLen = cd.readUInt16LE(p + 28)
    const extraLen = cd.readUInt16LE(p + 30)
    const commentLen = cd.readUInt16LE(p + 32)
    let localHeaderOffset = cd.readUInt32LE(p + 42)
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) zipUnsafe(`central directory entry ${i} runs past the central directory`)
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen)
    const name = flags & 0x800 ? new TextDecoder('utf-8', { fatal: false }).decode(nameBytes) : nameBytes.toString('latin1')
    const nameProblem = zipNameProblem(name, nameLen)
    if (nameProblem !== null) zipUnsafe(`entry name ${shown(name)} ${nameProblem}`)
    let x = p + 46 + nameLen
    const extraEnd = x + extraLen
    while (x + 4 <= extraEnd) {
      const id = cd.readUInt16LE(x)
      const len = cd.readUInt16LE(x + 2)
      if (x + 4 + len > extraEnd) zipUnsafe(`an extra field of ${shown(name)} runs past its entry`)
      if (id === 0x0001) {
        // Only the fields whose classic value is all ones are present, in this order.
        const field = cd.subarray(x + 4, x + 4 + len)
        let q = 0
        if (size === 0xffffffff) {
          size = u64(field, q)
          q += 8
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(field, q)
          q += 8
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(field, q)
      }
      x += 4 + len
    }
    if (localHeaderOffset + 30 + nameLen + compressedSize > cdOffset)
      zipUnsafe(`entry ${shown(name)} claims ${compressedSize} bytes at offset ${localHeaderOffset}, outside the file's entries`)
    if (method === 0 && size !== compressedSize) zipUnsafe(`stored entry ${shown(name)} claims ${size} bytes but holds ${compressedSize}`)
    if (method === 8 && size > compressedSize * DEFLATE_MAX_RATIO + 1024)
      zipUnsafe(`entry ${shown(name)} claims ${size} bytes from ${compressedSize} compressed: more than deflate can produce`)
    const cap = options.maxEntrySize?.(name)
    if (cap !== undefined && size > cap) zipUnsafe(`entry ${shown(name)} claims ${size} bytes (at most ${cap} for this part)`)
    declared += size
    entries.push({ name, method, flags, crc32, compressedSize, size, localHeaderOffset, isDirectory: name.endsWith('/'), limit: cdOffset })
    nameLengths.push(nameLen)
    p = extraEnd + commentLen
  }
  // No two entries share bytes: one compressed stream behind many names would inflate many times.
  const order = entries.map((_, i) => i).sort((a, b) => entries[a]!.localHeaderOffset - entries[b]!.localHeaderOffset)
  for (let k = 0; k < order.length; k++) {
    const e = entries[order[k]!]!
    const next = k + 1 < order.length ? entries[order[k + 1]!]! : null
    if (next === null) continue
    if (e.localHeaderOffset + 30 + nameLengths[order[k]!]! + e.compressedSize > next.localHeaderOffset) {
      zipUnsafe(`entries ${shown(e.name)} and ${shown(next.name)} overlap`)
    }
    e.limit = next.localHeaderOffset
  }
  const budget = fileSize * ZIP_LIMITS.inflationRatio + ZIP_LIMITS.inflationSlackBytes
  if (declared > budget)
    zipUnsafe(
      `its entries claim ${declared} bytes in all from a ${fileSize}-byte file (at most ${ZIP_LIMITS.inflationRatio} times the file, plus ${ZIP_LIMITS.inflationSlackBytes} bytes)`
    )
  return entries
}

/** Streams an entry's uncompressed bytes; more than its declared size is refused as soon as it appears. */
export async function* readZipEntry(fh: FileHandle, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.flags & 0x1) zipFail(`${entry.name} is encrypted`)
  const header = await readAt(fh, entry.localHeaderOffset, 30)
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) zipFail(`local header of ${entry.name} is damaged`)
  let pos = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  const end = pos + entry.compressedSize
  if (end > entry.limit) zipUnsafe(`the data of ${shown(entry.name)} runs into the next entry`)
  async function* raw(): AsyncGenerator<Buffer> {
    while (pos < end) {
      const chunk = await readAt(fh, pos, Math.min(CHUNK, end - pos))
      if (chunk.length === 0) zipFail(`${entry.name} is truncated`)
      pos += chunk.length
      yield chunk
    }
  }
  if (entry.method === 0) yield* raw()
  else if (entry.method === 8) {
    const inflate = createInflateRaw()
    // Fed a small step at a time, each step waiting until its output was taken: one step of
    // input is all that can be inflated ahead of the reader, however well it compresses.
    let done = false
    const feeding = (async () => {
      for await (const c of raw()) {
        for (let i = 0; i < c.length; i += INFLATE_STEP) {
          // The deflate stream may end before the entry's bytes do: what follows it is not read.
          if (done || inflate.destroyed) return
          await new Promise<void>((resolve, reject) =>
            inflate.write(c.subarray(i, i + INFLATE_STEP), (err) => (err ? reject(err) : resolve()))
          )
        }
      }
      if (!done) inflate.end()
    })()
    // A read that fails ends the inflation with its error; once inflation ended, the feeder's fate
    // does not matter (it is never awaited: a write pending on a destroyed stream never settles).
    feeding.catch((err: Error) => {
      if (!done) inflate.destroy(err)
    })
    let produced = 0
    try {
      for await (const c of inflate as AsyncIterable<Buffer>) {
        produced += c.length
        if (produced > entry.size) zipUnsafe(`${shown(entry.name)} inflates to more than the ${entry.size} bytes it declares`)
        yield c
      }
    } catch (err) {
      if (err instanceof BagError) throw err
      zipFail(`${entry.name} is not valid deflate data`)
    } finally {
      done = true
      inflate.destroy()
    }
  } else zipFail(`${entry.name} uses compression method ${entry.method}; only stored and deflated entries are supported`)
}

// ---------------------------------------------------------------------------
// Reading and validating bags.

export interface BagManifest {
  algorithm: string
  /** path (decoded, 'data/...' or a tag file) -> lowercase hex checksum */
  entries: Map<string, string>
  /** Lines that could not be parsed. */
  malformed: string[]
}

export interface Bag {
  zipPath: string
  /** Name of the top-level directory. */
  name: string
  version: string | null
  encoding: string | null
  /** bag-info.txt labels and values in order. */
  info: Array<[string, string]>
  payloadManifests: BagManifest[]
  tagManifests: BagManifest[]
  /** Every file in the bag by its path relative to the bag's directory. */
  files: Map<string, ZipEntry>
  /** Problems met while reading (layout, encoding). */
  problems: string[]
}

/** Whether `err` is the refusal of an unsafe ZIP. */
export function isUnsafe(err: unknown): err is BagError {
  return err instanceof BagError && err.code === BAG_ERRORS.unsafe
}

const SUPPORTED = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'])

function parseManifest(algorithm: string, text: string): BagManifest {
  const entries = new Map<string, string>()
  const malformed: string[] = []
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.length === 0) continue
    const m = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(line)
    if (m === null) {
      malformed.push(line)
      continue
    }
    entries.set(decodeManifestPath(m[2]!.replace(/^\*/, '')), m[1]!.toLowerCase())
  }
  return { algorithm, entries, malformed }
}

/** The most bytes a tag file read into memory may have, or undefined for one that is only hashed. */
function tagFileLimit(rel: string): number | undefined {
  if (rel === 'bagit.txt' || rel === 'bag-info.txt') return TAG_FILE_LIMITS[rel]
  return /^(tag)?manifest-[a-z0-9]+\.txt$/.test(rel) ? TAG_FILE_LIMITS.manifest : undefined
}

async function readText(fh: FileHandle, entry: ZipEntry): Promise<string> {
  const parts: Uint8Array[] = []
  for await (const c of readZipEntry(fh, entry)) parts.push(c)
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts)).replace(/^\uFEFF/, '')
}

function parseInfo(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.length === 0) continue
    if (/^[ \t]/.test(line) && out.length > 0) {
      out[out.length - 1]![1] += ` ${line.trim()}`
      continue
    }
    const i = line.indexOf(':')
    if (i <= 0) out.push([line, ''])
    else out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()])
  }
  return out
}

/** Reads a bag's structure and tag files (no payload hashing). Throws BagError unreadable or unsafe. */
export async function readBag(zipPath: string, options: ZipReadOptions = {}): Promise<Bag> {
  const fh = await open(zipPath, 'r')
  try {
    return await readBagFrom(fh, zipPath, options)
  } finally {
    await fh.close()
  }
}

async function readBagFrom(fh: FileHandle, zipPath: string, options: ZipReadOptions): Promise<Bag> {
  const problems: string[] = []
  // Tag files are read into memory: each has a limit, checked with every other claim of the ZIP.
  const entries = await readZipEntries(fh, {
    maxEntrySize: (entryName) => {
      const rel = entryName.slice(entryName.indexOf('/') + 1)
      const own = options.maxEntrySize?.(entryName)
      const tag = entryName.includes('/') ? tagFileLimit(rel) : undefined
      return own === undefined ? tag : tag === undefined ? own : Math.min(own, tag)
    }
  })
  const tops = new Set(entries.map((e) => e.name.split('/')[0]!))
  const bag: Bag = {
    zipPath,
    name: '',
    version: null,
    encoding: null,
    info: [],
    payloadManifests: [],
    tagManifests: [],
    files: new Map(),
    problems
  }
  if (tops.size !== 1 || entries.some((e) => !e.name.includes('/'))) {
    problems.push(`the ZIP must hold one top-level directory (the bag); it holds ${[...tops].map((n) => JSON.stringify(n)).join(', ')}`)
    if (tops.size === 0) return bag
  }
  const name = [...tops][0]!
  bag.name = name
  for (const e of entries) {
    if (e.isDirectory) continue
    // Names are safe relative paths (readZipEntries refuses any other).
    const rel = e.name.slice(name.length + 1)
    if (bag.files.has(rel)) problems.push(`${rel} appears twice in the ZIP`)
    bag.files.set(rel, e)
  }
  const bagit = bag.files.get('bagit.txt')
  if (bagit === undefined) problems.push('bagit.txt is missing')
  else {
    const text = await readText(fh, bagit)
    const lines = text.split(/\r\n|\n|\r/).filter((l) => l.length > 0)
    const v = /^BagIt-Version: (\d+\.\d+)$/.exec(lines[0] ?? '')
    const enc = /^Tag-File-Character-Encoding: (\S+)$/.exec(lines[1] ?? '')
    bag.version = v?.[1] ?? null
    bag.encoding = enc?.[1] ?? null
    if (lines.length !== 2 || v === null || enc === null)
      problems.push('bagit.txt must hold exactly "BagIt-Version: M.N" and "Tag-File-Character-Encoding: ENCODING"')
    if (bag.encoding !== null && bag.encoding.toUpperCase() !== 'UTF-8')
      problems.push(`tag files are declared as ${bag.encoding}; only UTF-8 is supported`)
  }
  for (const [rel, entry] of bag.files) {
    const m = /^(tag)?manifest-([a-z0-9]+)\.txt$/.exec(rel)
    if (m === null) continue
    let text: string
    try {
      text = await readText(fh, entry)
    } catch (err) {
      if (err instanceof BagError) throw err
      problems.push(`${rel} is not valid UTF-8`)
      continue
    }
    const manifest = parseManifest(m[2]!, text)
    for (const line of manifest.malformed) problems.push(`${rel}: line ${JSON.stringify(line)} is not "<checksum> <path>"`)
    ;(m[1] === 'tag' ? bag.tagManifests : bag.payloadManifests).push(manifest)
  }
  const infoEntry = bag.files.get('bag-info.txt')
  if (infoEntry !== undefined) {
    try {
      bag.info = parseInfo(await readText(fh, infoEntry))
    } catch (err) {
      if (err instanceof BagError) throw err
      problems.push('bag-info.txt is not valid UTF-8')
    }
  }
  return bag
}

export interface BagValidation {
  valid: boolean
  problems: string[]
  name: string
  payloadFiles: number
  payloadBytes: number
  algorithms: string[]
  /** Set when the ZIP was refused as unsafe (problems then holds why, and nothing further was read). */
  unsafe?: true
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

/** Continues a CRC-32 (ZIP, ISO-HDLC) over `chunk`; start with 0. */
export function crc32(chunk: Uint8Array, crc = 0): number {
  let c = ~crc
  for (let i = 0; i < chunk.length; i++) c = CRC_TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

async function hashEntry(
  fh: FileHandle,
  entry: ZipEntry,
  algorithms: string[]
): Promise<{ digests: Map<string, string>; size: number; crcOk: boolean }> {
  const hashes = new Map<string, Hash>(algorithms.map((a) => [a, createHash(a)]))
  let size = 0
  let crc = 0
  for await (const chunk of readZipEntry(fh, entry)) {
    size += chunk.length
    crc = crc32(chunk, crc)
    for (const h of hashes.values()) h.update(chunk)
  }
  return { digests: new Map([...hashes].map(([a, h]) => [a, h.digest('hex')])), size, crcOk: crc === entry.crc32 && size === entry.size }
}

/**
 * Validates a zipped bag completely (RFC 8493 §3): bagit.txt, every payload
 * file listed in every payload manifest and no listed file missing, every
 * checksum of every payload and tag manifest, Payload-Oxum, no fetch.txt.
 * Each problem names the file it is about.
 */
export async function validateBag(zipPath: string, options: ZipReadOptions = {}): Promise<BagValidation> {
  let fh: FileHandle
  try {
    fh = await open(zipPath, 'r')
  } catch (err) {
    return {
      valid: false,
      problems: [`cannot open ${zipPath}: ${(err as Error).message}`],
      name: '',
      payloadFiles: 0,
      payloadBytes: 0,
      algorithms: []
    }
  }
  try {
    let bag: Bag
    const refused = (err: unknown): BagValidation => ({
      valid: false,
      problems: [(err as Error).message],
      name: '',
      payloadFiles: 0,
      payloadBytes: 0,
      algorithms: [],
      ...(isUnsafe(err) ? { unsafe: true as const } : {})
    })
    try {
      bag = await readBagFrom(fh, zipPath, options)
    } catch (err) {
      return refused(err)
    }
    const problems = [...bag.problems]
    if (bag.files.has('fetch.txt')) problems.push('fetch.txt is present: the bag is not complete (remote files are not supported)')
    const payload = [...bag.files.keys()].filter((p) => p.startsWith('data/')).sort()
    const payloadSet = new Set(payload)
    if (bag.payloadManifests.length === 0) problems.push('no payload manifest (manifest-<algorithm>.txt)')
    const algorithms = bag.payloadManifests.map((m) => m.algorithm)
    for (const m of [...bag.payloadManifests, ...bag.tagManifests]) {
      if (!SUPPORTED.has(m.algorithm)) problems.push(`${m.algorithm} manifests cannot be checked: unsupported algorithm`)
    }
    const usable = bag.payloadManifests.filter((m) => SUPPORTED.has(m.algorithm))
    // Completeness: listed files exist; every payload file is in every manifest.
    for (const m of bag.payloadManifests) {
      for (const path of m.entries.keys()) {
        if (!path.startsWith('data/')) problems.push(`manifest-${m.algorithm}.txt lists ${path}, which is not in data/`)
        else if (!payloadSet.has(path)) problems.push(`missing file: ${path} is listed in manifest-${m.algorithm}.txt but not in the bag`)
      }
      for (const path of payload)
        if (!m.entries.has(path)) problems.push(`extra file: ${path} is in the bag but not listed in manifest-${m.algorithm}.txt`)
    }
    // Payload checksums.
    let payloadBytes = 0
    for (const path of payload) {
      const entry = bag.files.get(path)!
      let result: { digests: Map<string, string>; size: number; crcOk: boolean }
      try {
        result = await hashEntry(
          fh,
          entry,
          usable.map((m) => m.algorithm)
        )
      } catch (err) {
        // A ZIP that lies about one entry is not read any further.
        if (isUnsafe(err)) return refused(err)
        problems.push(`${path} cannot be read: ${(err as Error).message}`)
        continue
      }
      payloadBytes += result.size
      if (!result.crcOk) problems.push(`damaged ZIP entry: ${path} does not match the CRC-32 and size recorded in the ZIP directory`)
      for (const m of usable) {
        const expected = m.entries.get(path)
        if (expected !== undefined && expected !== result.digests.get(m.algorithm)) {
          problems.push(
            `checksum mismatch: ${path} has ${m.algorithm} ${result.digests.get(m.algorithm)}, manifest-${m.algorithm}.txt records ${expected}`
          )
        }
      }
    }
    // Tag manifests.
    for (const m of bag.tagManifests.filter((x) => SUPPORTED.has(x.algorithm))) {
      for (const [path, expected] of m.entries) {
        if (path.startsWith('data/')) {
          problems.push(`tagmanifest-${m.algorithm}.txt lists payload file ${path}`)
          continue
        }
        const entry = bag.files.get(path)
        if (entry === undefined) {
          problems.push(`missing tag file: ${path} is listed in tagmanifest-${m.algorithm}.txt but not in the bag`)
          continue
        }
        let tag: Awaited<ReturnType<typeof hashEntry>>
        try {
          tag = await hashEntry(fh, entry, [m.algorithm])
        } catch (err) {
          if (isUnsafe(err)) return refused(err)
          problems.push(`tag file ${path} cannot be read: ${(err as Error).message}`)
          continue
        }
        const { digests, crcOk } = tag
        if (!crcOk) problems.push(`damaged ZIP entry: tag file ${path} does not match the CRC-32 and size recorded in the ZIP directory`)
        if (digests.get(m.algorithm) !== expected)
          problems.push(
            `checksum mismatch: tag file ${path} has ${m.algorithm} ${digests.get(m.algorithm)}, tagmanifest-${m.algorithm}.txt records ${expected}`
          )
      }
    }
    // bag-info.txt
    const oxum = bag.info.find(([k]) => k.toLowerCase() === 'payload-oxum')
    if (oxum !== undefined) {
      const m = /^(\d+)\.(\d+)$/.exec(oxum[1])
      if (m === null) problems.push(`bag-info.txt: Payload-Oxum ${JSON.stringify(oxum[1])} is not "<octets>.<files>"`)
      else if (Number(m[1]) !== payloadBytes || Number(m[2]) !== payload.length) {
        problems.push(`bag-info.txt: Payload-Oxum is ${oxum[1]} but the payload holds ${payloadBytes}.${payload.length}`)
      }
    }
    const date = bag.info.find(([k]) => k.toLowerCase() === 'bagging-date')
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date[1]))
      problems.push(`bag-info.txt: Bagging-Date ${JSON.stringify(date[1])} is not YYYY-MM-DD`)
    return { valid: problems.length === 0, problems, name: bag.name, payloadFiles: payload.length, payloadBytes, algorithms }
  } finally {
    await fh.close()
  }
}
