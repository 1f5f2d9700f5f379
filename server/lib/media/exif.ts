import { open } from 'node:fs/promises'
import { inflateSync } from 'node:zlib'
import type exifr from 'exifr'

/**
 * Image metadata (EXIF, GPS, XMP, IPTC, PNG chunks) read with exifr plus a few positioned reads of
 * our own. This file also holds what the media readers share: the metadata contract, the time
 * helpers and the positioned file reader (mp4-boxes.ts imports them from here).
 *
 * Time zones: exifr would turn "2023:09:14 08:12:45" into a Date in the *server's* zone. We keep
 * values unrevived and build every time string ourselves, so the output never depends on TZ.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export type GpsPosition = { lat: number; lon: number; alt?: number }

export type MetadataStatus = 'ok' | 'none' | 'unreadable'

/** The metadata contract shared by images and videos (videos add durationSeconds). */
export type MediaMetadata = {
  /** ISO-8601 with an offset ("+04:30") or "Z"; only when the instant is known. "Z" means UTC is known but not the local zone. */
  capturedAt?: string
  /** 'YYYY-MM-DDTHH:mm:ss' wall-clock time whose zone is unknown. */
  capturedAtLocal?: string
  gps?: GpsPosition
  make?: string
  model?: string
  software?: string
  /** EXIF orientation 1..8. */
  orientation?: number
  width?: number
  height?: number
  modifiedAt?: string
  modifiedAtLocal?: string
  /** Videos only. */
  durationSeconds?: number
  /** Everything read, JSON-safe: binary as hex (or left out when large), dates as strings. */
  raw: JsonObject
  status: MetadataStatus
  error?: string
}

// ---------------------------------------------------------------------------------------------
// Positioned reads

export type ByteSource = {
  readonly size: number
  /** Total bytes fetched from disk so far; lets tests prove we never read the whole file. */
  readonly bytesRead: number
  /** Exactly `length` bytes at `position`; throws TruncatedError when the file is shorter. */
  read: (position: number, length: number) => Promise<Uint8Array>
}

export class TruncatedError extends Error {
  override name = 'TruncatedError'
}

const WINDOW = 64 * 1024

/**
 * Opens `path` read-only and hands a ByteSource to `fn`. Small reads are served from one cached
 * 64 KiB window so walking many small headers does not cost a syscall each.
 */
export async function withFileSource<T>(path: string, fn: (src: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    let cacheStart = 0
    let cache: Buffer = Buffer.alloc(0)
    let bytesRead = 0
    const fetch = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.allocUnsafe(length)
      let filled = 0
      while (filled < length) {
        const { bytesRead: n } = await handle.read(buffer, filled, length - filled, position + filled)
        if (n === 0) break
        filled += n
      }
      bytesRead += filled
      return buffer.subarray(0, filled)
    }
    const src: ByteSource = {
      size,
      get bytesRead() {
        return bytesRead
      },
      async read(position, length) {
        if (!Number.isSafeInteger(position) || !Number.isSafeInteger(length) || position < 0 || length < 0) {
          throw new RangeError(`invalid read at ${position} of ${length} bytes`)
        }
        if (position + length > size) {
          throw new TruncatedError(`file ends at ${size}, wanted ${length} bytes at offset ${position}`)
        }
        if (length === 0) return new Uint8Array(0)
        if (position >= cacheStart && position + length <= cacheStart + cache.length) {
          return cache.subarray(position - cacheStart, position - cacheStart + length)
        }
        if (length > WINDOW) {
          const direct = await fetch(position, length)
          if (direct.length < length) throw new TruncatedError(`short read at offset ${position}`)
          return direct
        }
        cache = await fetch(position, Math.min(WINDOW, size - position))
        cacheStart = position
        if (cache.length < length) throw new TruncatedError(`short read at offset ${position}`)
        return cache.subarray(0, length)
      }
    }
    return await fn(src)
  } finally {
    await handle.close()
  }
}

export function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)
}

export function u32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) >>> 0) + (((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0))
}

export function u32le(b: Uint8Array, at: number): number {
  return (((b[at + 3] ?? 0) << 24) >>> 0) + (((b[at + 2] ?? 0) << 16) | ((b[at + 1] ?? 0) << 8) | (b[at] ?? 0))
}

export function latin1(b: Uint8Array, at: number, length: number): string {
  return Buffer.from(b.buffer, b.byteOffset + at, Math.max(0, Math.min(length, b.length - at))).toString('latin1')
}

// ---------------------------------------------------------------------------------------------
// Time helpers: plain string and UTC arithmetic only, never local-zone Date getters.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** 'YYYY-MM-DDTHH:mm:ss' if the parts form a real calendar time, else undefined. */
export function localDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (![y, mo, d, h, mi, s].every(Number.isInteger)) return undefined
  if (y < 1800 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0) return undefined
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCMonth() !== mo - 1) return undefined // 31 February and friends
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`
}

/** Normalises "+04:30", "+0430", "+04", "-05:00", "Z" to "+04:30" / "-05:00" / "Z"; else undefined. */
export function normaliseOffset(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const v = value.trim()
  if (v === 'Z' || v === 'z') return 'Z'
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(v)
  if (m === null) return undefined
  const hours = Number(m[2])
  const minutes = Number(m[3] ?? '0')
  if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined
  return `${m[1]}${pad(hours)}:${pad(minutes)}`
}

/** Offset string → minutes east of UTC ("Z" → 0). */
export function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
}

/**
 * Parses EXIF "YYYY:MM:DD HH:mm:ss" and ISO-8601 "YYYY-MM-DDTHH:mm:ss(.fff)(Z|±HH:MM|±HHMM)".
 * Fractions are dropped. Blank EXIF dates ("    :  :  ") and zeros come back undefined.
 */
export function parseDateTime(value: unknown): { local: string; offset?: string } | undefined {
  if (typeof value !== 'string') return undefined
  const m = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i.exec(
    value.replace(/\0+$/, '')
  )
  if (m === null) return undefined
  const local = localDateTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0'))
  if (local === undefined) return undefined
  if (m[7] === undefined) return { local }
  const offset = normaliseOffset(m[7].toUpperCase())
  return offset === undefined ? undefined : { local, offset }
}

/** Milliseconds since the epoch of a wall-clock time read as if it were UTC (for comparisons). */
export function localAsUtcMs(local: string): number {
  return Date.parse(`${local}Z`)
}

/** Milliseconds since the epoch of 'YYYY-MM-DDTHH:mm:ss' + offset. */
export function instantMs(iso: string): number {
  const parsed = parseDateTime(iso)
  if (parsed === undefined) return Number.NaN
  return localAsUtcMs(parsed.local) - offsetMinutes(parsed.offset ?? 'Z') * 60_000
}

/** 'YYYY-MM-DDTHH:mm:ssZ' for a UTC epoch in milliseconds. */
export function formatUtc(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined
  const d = new Date(Math.floor(ms / 1000) * 1000)
  const local = localDateTime(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds()
  )
  return local === undefined ? undefined : `${local}Z`
}

/** Splits a parsed time into the capturedAt/capturedAtLocal (or modified…) pair of the contract. */
export function timeFields(parsed: { local: string; offset?: string } | undefined): { at?: string; local?: string } {
  if (parsed === undefined) return {}
  return parsed.offset === undefined ? { local: parsed.local } : { at: parsed.local + parsed.offset }
}

// ---------------------------------------------------------------------------------------------
// JSON-safe raw output

const MAX_HEX_BYTES = 1024
const MAX_STRING = 64 * 1024

/** Turns exifr output (Buffers, typed arrays, Dates, Maps) into plain JSON. Undefined = leave out. */
export function toJsonSafe(value: unknown, depth = 0): JsonValue | undefined {
  if (depth > 16) return undefined
  if (value === null) return null
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : null
    case 'bigint':
      return value.toString()
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (value instanceof Uint8Array) {
    return value.length <= MAX_HEX_BYTES ? Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex') : undefined
  }
  if (value instanceof ArrayBuffer) return toJsonSafe(new Uint8Array(value), depth)
  if (value instanceof DataView) return toJsonSafe(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), depth)
  if (ArrayBuffer.isView(value)) {
    const list = Array.from(value as unknown as ArrayLike<number | bigint>)
    return list.length <= MAX_HEX_BYTES ? list.map((x) => toJsonSafe(x, depth + 1) ?? null) : undefined
  }
  if (Array.isArray(value)) return value.slice(0, 10_000).map((x) => toJsonSafe(x, depth + 1) ?? null)
  if (value instanceof Error) return value.message
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object)
  const out: JsonObject = {}
  for (const [k, v] of entries) {
    const safe = toJsonSafe(v, depth + 1)
    if (safe !== undefined) out[String(k)] = safe
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Small value helpers

/** A trimmed, NUL-free string or undefined. */
export function cleanString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const s = value.replace(/\0/g, '').trim()
  return s === '' ? undefined : s
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (value instanceof Uint8Array && value.length === 1) return value[0]
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'number') return value[0]
  return undefined
}

function positiveInt(value: unknown): number | undefined {
  const n = numeric(value)
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** Degrees from an EXIF [deg, min, sec] triple (or a plain number), signed with its Ref tag. */
function gpsCoordinate(value: unknown, ref: unknown, negativeRef: 'S' | 'W', limit: number): number | undefined {
  let deg: number | undefined
  if (typeof value === 'number') deg = value
  else if (Array.isArray(value) && value.length >= 1 && value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    const [d = 0, m = 0, s = 0] = value as number[]
    if (m < 0 || s < 0 || m >= 60 || s >= 60) return undefined
    deg = d + m / 60 + s / 3600
  }
  if (deg === undefined || !Number.isFinite(deg)) return undefined
  // The Ref tag carries the hemisphere; the value itself should be unsigned.
  const r = cleanString(ref)?.toUpperCase()
  const signed = r === negativeRef ? -Math.abs(deg) : deg
  if (Math.abs(signed) > limit) return undefined
  return round(signed, 7)
}

export function exifGps(gps: Record<string, unknown> | undefined): GpsPosition | undefined {
  if (gps === undefined) return undefined
  const lat = gpsCoordinate(gps.GPSLatitude, gps.GPSLatitudeRef, 'S', 90)
  const lon = gpsCoordinate(gps.GPSLongitude, gps.GPSLongitudeRef, 'W', 180)
  if (lat === undefined || lon === undefined) return undefined
  const out: GpsPosition = { lat, lon }
  const alt = numeric(gps.GPSAltitude)
  if (alt !== undefined) {
    // GPSAltitudeRef 1 = below sea level.
    const below = numeric(gps.GPSAltitudeRef) === 1
    out.alt = round(below ? -Math.abs(alt) : alt, 3)
  }
  return out
}

/** GPSDateStamp + GPSTimeStamp (always UTC) as epoch milliseconds. */
function gpsUtcMs(gps: Record<string, unknown> | undefined): number | undefined {
  if (gps === undefined) return undefined
  const date = cleanString(gps.GPSDateStamp)
  const time = gps.GPSTimeStamp
  if (date === undefined || time === undefined) return undefined
  const dm = /^(\d{4})[:-](\d{2})[:-](\d{2})$/.exec(date)
  if (dm === null) return undefined
  let h: number, mi: number, s: number
  if (Array.isArray(time) && time.length === 3 && time.every((x) => typeof x === 'number')) {
    ;[h, mi, s] = time as [number, number, number]
  } else if (typeof time === 'string' && /^\d{1,2}:\d{2}:\d{2}(\.\d+)?$/.test(time.trim())) {
    ;[h, mi, s] = time.trim().split(':').map(Number) as [number, number, number]
  } else return undefined
  const local = localDateTime(Number(dm[1]), Number(dm[2]), Number(dm[3]), Math.floor(h), Math.floor(mi), Math.floor(s))
  return local === undefined ? undefined : localAsUtcMs(local)
}

// ---------------------------------------------------------------------------------------------
// Building the contract from exifr output

type Segments = {
  ifd0?: Record<string, unknown>
  exif?: Record<string, unknown>
  gps?: Record<string, unknown>
  iptc?: Record<string, unknown>
  xmp?: Record<string, unknown>
}

// Local time minus UTC lies within [-12h, +14h]; a GPS stamp outside that (plus slack) is stale.
const MIN_OFFSET_MS = -12.5 * 3600_000
const MAX_OFFSET_MS = 14.5 * 3600_000

function applyTimes(out: MediaMetadata, seg: Segments): void {
  const { exif, gps, xmp } = seg
  const xmpExif = record(xmp?.exif)
  const xmpBasic = record(xmp?.xmp)

  // Capture: DateTimeOriginal, else CreateDate (digitized), else XMP exif:DateTimeOriginal.
  let captured = parseDateTime(exif?.DateTimeOriginal)
  let offsetTag: unknown = exif?.OffsetTimeOriginal
  if (captured === undefined) {
    captured = parseDateTime(exif?.CreateDate)
    offsetTag = exif?.OffsetTimeDigitized
  }
  if (captured === undefined) {
    captured = parseDateTime(xmpExif?.DateTimeOriginal)
    offsetTag = undefined
  }
  if (captured !== undefined && captured.offset === undefined) {
    const offset = normaliseOffset(offsetTag)
    if (offset !== undefined) captured = { local: captured.local, offset }
  }
  if (captured !== undefined && captured.offset === undefined) {
    // Editors often keep the zone only in XMP; adopt it when XMP names the very same wall-clock time.
    for (const candidate of [xmpExif?.DateTimeOriginal, record(xmp?.photoshop)?.DateCreated, xmpBasic?.CreateDate]) {
      const x = parseDateTime(candidate)
      if (x?.offset !== undefined && x.offset !== 'Z' && x.local === captured.local) {
        captured = x
        break
      }
    }
  }
  if (captured !== undefined) {
    if (captured.offset !== undefined) {
      out.capturedAt = captured.local + captured.offset
    } else {
      out.capturedAtLocal = captured.local
      // No offset: GPS time is UTC. Use it only if it is a plausible zone away from the camera clock.
      const gpsMs = gpsUtcMs(gps)
      if (gpsMs !== undefined) {
        const diff = localAsUtcMs(captured.local) - gpsMs
        if (diff >= MIN_OFFSET_MS && diff <= MAX_OFFSET_MS) out.capturedAt = formatUtc(gpsMs)
      }
    }
  }

  // Modification: IFD0 ModifyDate with OffsetTime, else XMP xmp:ModifyDate.
  let modified = parseDateTime(seg.ifd0?.ModifyDate)
  if (modified !== undefined && modified.offset === undefined) {
    const offset = normaliseOffset(exif?.OffsetTime)
    if (offset !== undefined) modified = { local: modified.local, offset }
  }
  const xmpModified = parseDateTime(xmpBasic?.ModifyDate)
  if (modified === undefined) modified = xmpModified
  else if (
    modified.offset === undefined &&
    xmpModified?.offset !== undefined &&
    xmpModified.offset !== 'Z' &&
    xmpModified.local === modified.local
  ) {
    modified = xmpModified
  }
  const m = timeFields(modified)
  if (m.at !== undefined) out.modifiedAt = m.at
  if (m.local !== undefined) out.modifiedAtLocal = m.local
}

function applyCamera(out: MediaMetadata, seg: Segments): void {
  const make = cleanString(seg.ifd0?.Make)
  const model = cleanString(seg.ifd0?.Model)
  // Editors often leave EXIF Software alone but write XMP CreatorTool or IPTC OriginatingProgram.
  const software =
    cleanString(seg.ifd0?.Software) ?? cleanString(record(seg.xmp?.xmp)?.CreatorTool) ?? cleanString(seg.iptc?.OriginatingProgram)
  if (make !== undefined) out.make = make
  if (model !== undefined) out.model = model
  if (software !== undefined) out.software = software
  const orientation = numeric(seg.ifd0?.Orientation)
  if (orientation !== undefined && Number.isInteger(orientation) && orientation >= 1 && orientation <= 8) out.orientation = orientation
  const gps = exifGps(seg.gps)
  if (gps !== undefined) out.gps = gps
}

function omit(value: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)))
}

function hasKeys(value: unknown): boolean {
  const r = record(value)
  return r !== undefined && Object.keys(r).length > 0
}

// ---------------------------------------------------------------------------------------------
// exifr calls

const EXIFR_BASE = {
  translateKeys: true,
  translateValues: false, // keep Orientation, AltitudeRef… numeric
  reviveValues: false, // never let exifr build Dates in the server's zone
  sanitize: true,
  mergeOutput: false,
  silentErrors: true,
  makerNote: false,
  userComment: false,
  // Head-only reading for paths: exifr grows its buffer chunk by chunk, at most this far.
  chunked: true,
  firstChunkSize: 64 * 1024,
  chunkSize: 64 * 1024,
  chunkLimit: 16
}

const TIFF_OPTIONS = {
  ...EXIFR_BASE,
  tiff: true,
  ifd1: false,
  exif: true,
  gps: true,
  interop: false,
  jfif: true,
  ihdr: true,
  iptc: true,
  xmp: false,
  icc: false
}
// XMP separately: with mergeOutput false exifr still folds the XMP "exif" namespace into the EXIF block.
const XMP_OPTIONS = {
  ...EXIFR_BASE,
  tiff: false,
  ifd1: false,
  exif: false,
  gps: false,
  interop: false,
  jfif: false,
  ihdr: false,
  iptc: false,
  xmp: true,
  icc: false
}

type ExifrInput = string | Uint8Array

type ExifrOptions = Parameters<typeof exifr.parse>[1]

// exifr is loaded when a file's metadata is first read, not when the server (or a test) starts.
let loaded: Promise<typeof exifr> | undefined
const exifrModule = (): Promise<typeof exifr> => (loaded ??= import('exifr').then((m) => m.default))

async function exifrParse(input: ExifrInput, options: ExifrOptions): Promise<Record<string, unknown> | undefined> {
  const result: unknown = await (await exifrModule()).parse(
    typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.length),
    options
  )
  return record(result)
}

async function exifrXmp(xmp: Uint8Array): Promise<Record<string, unknown> | undefined> {
  const result: unknown = await (await exifrModule()).sidecar(
    Buffer.from(xmp.buffer, xmp.byteOffset, xmp.length),
    { ...EXIFR_BASE, xmp: true },
    'xmp'
  )
  return record(result)
}

// ---------------------------------------------------------------------------------------------
// Container walkers (positioned reads) for what exifr cannot reach from the head of a file

type Extracted = {
  format: 'jpeg' | 'png' | 'webp' | 'tiff' | 'heif' | 'unknown'
  width?: number
  height?: number
  tiff?: Uint8Array
  xmp?: Uint8Array
  modifiedAt?: string
  notes: JsonObject
}

const MAX_EMBEDDED = 8 * 1024 * 1024
const MAX_CHUNKS = 200_000

function sniffFormat(head: Uint8Array): Extracted['format'] {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  if (u32(head, 0) === 0x89504e47 && u32(head, 4) === 0x0d0a1a0a) return 'png'
  if (latin1(head, 0, 4) === 'RIFF' && latin1(head, 8, 4) === 'WEBP') return 'webp'
  const sig = latin1(head, 0, 4)
  if (sig === 'II*\0' || sig === 'MM\0*') return 'tiff'
  if (latin1(head, 4, 4) === 'ftyp') return 'heif'
  return 'unknown'
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

/** Pixel size from the JPEG frame header (EXIF PixelXDimension may be stale after editing). */
async function jpegFrame(src: ByteSource, out: Extracted): Promise<void> {
  let pos = 2
  for (let segments = 0; segments < 4096 && pos + 4 <= src.size; segments++) {
    const head = await src.read(pos, 4)
    if (head[0] !== 0xff) return
    const marker = head[1] ?? 0
    if (marker === 0xff) {
      pos += 1
      continue
    } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return // end of image / start of scan: no frame header before it
    const length = u16(head, 2)
    if (length < 2) return
    if (SOF_MARKERS.has(marker) && pos + 9 <= src.size) {
      const sof = await src.read(pos + 4, 5)
      const height = u16(sof, 1)
      const width = u16(sof, 3)
      if (width > 0) out.width = width
      if (height > 0) out.height = height
      return
    }
    pos += 2 + length
  }
}

async function pngChunks(src: ByteSource, out: Extracted): Promise<void> {
  let pos = 8
  const text: JsonObject = {}
  for (let n = 0; n < MAX_CHUNKS && pos + 8 <= src.size; n++) {
    const head = await src.read(pos, 8)
    const length = u32(head, 0)
    const type = latin1(head, 4, 4)
    const dataAt = pos + 8
    if (dataAt + length > src.size) {
      out.notes.truncated = `PNG chunk ${JSON.stringify(type)} at ${pos} runs past the end of the file`
      break
    }
    if (type === 'IHDR' && length >= 8) {
      const ihdr = await src.read(dataAt, 8)
      out.width = u32(ihdr, 0)
      out.height = u32(ihdr, 4)
    } else if (type === 'tIME' && length === 7) {
      // PNG spec: tIME is the last modification time in UTC.
      const t = await src.read(dataAt, 7)
      const local = localDateTime(u16(t, 0), t[2] ?? 0, t[3] ?? 0, t[4] ?? 0, t[5] ?? 0, Math.min(t[6] ?? 0, 59))
      if (local !== undefined) {
        out.modifiedAt = `${local}Z`
        out.notes.tIME = out.modifiedAt
      }
    } else if (type === 'eXIf' && length <= MAX_EMBEDDED && out.tiff === undefined) {
      out.tiff = await src.read(dataAt, length)
    } else if (type === 'iTXt' && length <= MAX_EMBEDDED && out.xmp === undefined) {
      const data = await src.read(dataAt, length)
      const keyEnd = data.indexOf(0)
      if (keyEnd > 0 && latin1(data, 0, keyEnd) === 'XML:com.adobe.xmp') {
        const compressed = data[keyEnd + 1] === 1
        // Skip keyword\0, compression flag, method, language\0, translated keyword\0.
        const langEnd = data.indexOf(0, keyEnd + 3)
        const transEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1)
        if (transEnd >= 0) {
          const body = data.subarray(transEnd + 1)
          out.xmp = compressed ? inflateSync(body, { maxOutputLength: MAX_EMBEDDED }) : body
        }
      }
    } else if (type === 'tEXt' && length <= 4096 && Object.keys(text).length < 64) {
      const data = await src.read(dataAt, length)
      const sep = data.indexOf(0)
      if (sep > 0) text[latin1(data, 0, sep)] = latin1(data, sep + 1, length - sep - 1)
    } else if (type === 'IEND') {
      break
    }
    pos = dataAt + length + 4 // + CRC
  }
  if (Object.keys(text).length > 0) out.notes.text = text
}

async function webpChunks(src: ByteSource, out: Extracted): Promise<void> {
  const riffEnd = Math.min(src.size, 8 + u32le(await src.read(4, 4), 0))
  let pos = 12
  for (let n = 0; n < MAX_CHUNKS && pos + 8 <= riffEnd; n++) {
    const head = await src.read(pos, 8)
    const type = latin1(head, 0, 4)
    const length = u32le(head, 4)
    const dataAt = pos + 8
    if (dataAt + length > src.size) {
      out.notes.truncated = `WebP chunk ${JSON.stringify(type)} at ${pos} runs past the end of the file`
      break
    }
    if (type === 'VP8X' && length >= 10) {
      const d = await src.read(dataAt, 10)
      out.width = 1 + ((d[4] ?? 0) | ((d[5] ?? 0) << 8) | ((d[6] ?? 0) << 16))
      out.height = 1 + ((d[7] ?? 0) | ((d[8] ?? 0) << 8) | ((d[9] ?? 0) << 16))
    } else if (type === 'VP8 ' && length >= 10 && out.width === undefined) {
      const d = await src.read(dataAt, 10)
      out.width = ((d[6] ?? 0) | ((d[7] ?? 0) << 8)) & 0x3fff
      out.height = ((d[8] ?? 0) | ((d[9] ?? 0) << 8)) & 0x3fff
    } else if (type === 'VP8L' && length >= 5 && out.width === undefined) {
      const d = await src.read(dataAt, 5)
      const bits = u32le(d, 1)
      out.width = 1 + (bits & 0x3fff)
      out.height = 1 + ((bits >>> 14) & 0x3fff)
    } else if (type === 'EXIF' && length <= MAX_EMBEDDED) {
      let tiff = await src.read(dataAt, length)
      // Some writers keep the JPEG-style "Exif\0\0" prefix.
      if (latin1(tiff, 0, 6) === 'Exif\0\0') tiff = tiff.subarray(6)
      out.tiff = tiff
    } else if (type === 'XMP ' && length <= MAX_EMBEDDED) {
      out.xmp = await src.read(dataAt, length)
    }
    pos = dataAt + length + (length & 1) // chunks are padded to even sizes
  }
}

// TIFF and HEIF go to exifr by path; past this size it gets only the head, as a buffer.
const EXIFR_PATH_LIMIT = 256 * 1024 * 1024
const EXIFR_HEAD = 16 * 1024 * 1024

// ---------------------------------------------------------------------------------------------

/**
 * Reads an image's metadata. Never throws: problems come back as status 'unreadable' with the
 * error message. Output is identical whatever the server's TZ.
 */
export async function readImageMetadata(path: string): Promise<MediaMetadata> {
  try {
    return await readImage(path)
  } catch (err) {
    return { status: 'unreadable', error: message(err), raw: {} }
  }
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

async function readImage(path: string): Promise<MediaMetadata> {
  // exifr treats strings with "://" as URLs and long ones as base64: never hand it such a path.
  if (path.includes('://') || path.startsWith('data:') || path.length > 4096) {
    throw new Error('refusing to pass a URL-like path to the EXIF reader')
  }
  const extracted: Extracted = { format: 'unknown', notes: {} }
  let tiffInput: ExifrInput | undefined
  let xmpInput: ExifrInput | undefined
  await withFileSource(path, async (src) => {
    if (src.size === 0) throw new Error('the file is empty')
    const head = await src.read(0, Math.min(16, src.size))
    extracted.format = sniffFormat(head)
    switch (extracted.format) {
      case 'jpeg':
        await jpegFrame(src, extracted)
        tiffInput = path
        xmpInput = path
        break
      case 'png':
        await pngChunks(src, extracted)
        tiffInput = extracted.tiff
        break
      case 'webp':
        await webpChunks(src, extracted)
        tiffInput = extracted.tiff
        break
      default:
        if (src.size <= EXIFR_PATH_LIMIT) {
          tiffInput = path
          xmpInput = path
        } else {
          const buffer = await src.read(0, EXIFR_HEAD)
          tiffInput = buffer
          xmpInput = buffer
          extracted.notes.headOnly = `only the first ${EXIFR_HEAD} bytes were searched for metadata`
        }
    }
  })

  const errors: string[] = []
  let tiff: Record<string, unknown> | undefined
  if (tiffInput !== undefined) {
    tiff = await exifrParse(tiffInput, TIFF_OPTIONS)
    if (Array.isArray(tiff?.errors)) errors.push(...tiff.errors.map(message))
  }
  let xmp: Record<string, unknown> | undefined
  if (extracted.xmp !== undefined) {
    xmp = await exifrXmp(extracted.xmp).catch((err: unknown) => {
      errors.push(`XMP: ${message(err)}`)
      return undefined
    })
  } else if (xmpInput !== undefined) {
    const parsed = await exifrParse(xmpInput, XMP_OPTIONS).catch(() => undefined)
    if (parsed !== undefined) {
      const { errors: xmpErrors, ...rest } = parsed
      if (Array.isArray(xmpErrors)) errors.push(...xmpErrors.map((e) => `XMP: ${message(e)}`))
      if (Object.keys(rest).length > 0) xmp = rest
    }
  }

  const seg: Segments = {
    ifd0: record(tiff?.ifd0),
    exif: record(tiff?.exif),
    gps: record(tiff?.gps),
    iptc: record(tiff?.iptc),
    xmp
  }

  const raw: JsonObject = {}
  if (tiff !== undefined) {
    for (const [k, v] of Object.entries(tiff)) {
      if (k === 'errors') continue
      // exifr adds computed latitude/longitude to the GPS block; raw keeps only the tags.
      const safe = toJsonSafe(k === 'gps' ? omit(record(v), ['latitude', 'longitude']) : v)
      if (safe !== undefined) raw[k] = safe
    }
  }
  if (xmp !== undefined) raw.xmp = toJsonSafe(xmp) ?? null
  if (extracted.format === 'png' && Object.keys(extracted.notes).length > 0) raw.png = extracted.notes
  else if (Object.keys(extracted.notes).length > 0) raw.file = extracted.notes
  if (errors.length > 0) raw.errors = errors

  const out: MediaMetadata = { raw, status: 'none' }
  applyTimes(out, seg)
  applyCamera(out, seg)
  if (out.modifiedAt === undefined && out.modifiedAtLocal === undefined && extracted.modifiedAt !== undefined) {
    out.modifiedAt = extracted.modifiedAt
  }

  const width =
    extracted.width ??
    positiveInt(seg.exif?.ExifImageWidth) ??
    positiveInt(seg.ifd0?.ImageWidth) ??
    positiveInt(record(tiff?.ihdr)?.ImageWidth)
  const height =
    extracted.height ??
    positiveInt(seg.exif?.ExifImageHeight) ??
    positiveInt(seg.ifd0?.ImageHeight) ??
    positiveInt(record(tiff?.ihdr)?.ImageHeight)
  if (width !== undefined && width > 0) out.width = width
  if (height !== undefined && height > 0) out.height = height

  const found =
    hasKeys(seg.ifd0) || hasKeys(seg.exif) || hasKeys(seg.gps) || hasKeys(seg.iptc) || hasKeys(xmp) || extracted.modifiedAt !== undefined
  if (found) {
    out.status = 'ok'
    if (errors.length > 0) out.error = errors.join('; ')
  } else if (errors.length > 0) {
    out.status = 'unreadable'
    out.error = errors.join('; ')
  }
  return sortKeys(out)
}

const FIELD_ORDER: Array<keyof MediaMetadata> = [
  'status',
  'error',
  'capturedAt',
  'capturedAtLocal',
  'modifiedAt',
  'modifiedAtLocal',
  'gps',
  'make',
  'model',
  'software',
  'orientation',
  'width',
  'height',
  'durationSeconds',
  'raw'
]

/** Fixed key order so the same file always serialises to the same bytes. */
export function sortKeys(m: MediaMetadata): MediaMetadata {
  const out: Record<string, unknown> = {}
  for (const k of FIELD_ORDER) if (m[k] !== undefined) out[k] = m[k]
  return out as MediaMetadata
}
