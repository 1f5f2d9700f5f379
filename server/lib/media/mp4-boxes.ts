import {
  type ByteSource,
  type GpsPosition,
  type JsonObject,
  type JsonValue,
  type MediaMetadata,
  TruncatedError,
  cleanString,
  formatUtc,
  latin1,
  message,
  parseDateTime,
  sortKeys,
  timeFields,
  toJsonSafe,
  u16,
  u32,
  withFileSource
} from './exif.ts'

/**
 * A small ISO-BMFF / QuickTime reader for MP4, MOV and 3GP. It walks box headers with positioned
 * reads and loads only the few small boxes it needs (mvhd, tkhd, hdlr, keys, ilst items, udta
 * strings), so a 4 GiB video costs a few kilobytes of I/O even when `moov` sits after `mdat`.
 */

export type BoxHeader = {
  type: string
  /** Offset of the box's first byte. */
  start: number
  /** 8, or 16 for a 64-bit largesize (plus 16 for 'uuid'). */
  headerSize: number
  size: number
  /** start + size */
  end: number
}

export class MalformedBoxError extends Error {
  override name = 'MalformedBoxError'
}

export const LIMITS = {
  /** Deepest nesting we follow. The boxes we need are at most 7 levels down. */
  maxDepth: 12,
  /** Boxes examined under one parent; fragmented files have many top-level boxes. */
  maxBoxesPerLevel: 200_000,
  /** Largest single box payload we load into memory (keys, one ilst item, one udta string). */
  maxPayload: 1024 * 1024
}

// 1904-01-01T00:00:00Z, the QuickTime/ISO epoch, in Unix milliseconds.
const EPOCH_1904_MS = Date.UTC(1904, 0, 1)
const SECONDS_1904_TO_1970 = 2_082_844_800

function u64(b: Uint8Array, at: number): number | undefined {
  const hi = u32(b, at)
  const lo = u32(b, at + 4)
  // Beyond 2^53 we cannot represent the value (and no real file is that large).
  if (hi > 0x1fffff) return undefined
  return hi * 0x1_0000_0000 + lo
}

/** Box type for messages: non-printable bytes shown as '.'. */
function shown(type: string): string {
  return type.replace(/[^\x20-\x7e\u00a9]/g, '.')
}

function s32(b: Uint8Array, at: number): number {
  return u32(b, at) | 0
}

/** Reads one box header at `pos`, inside a parent ending at `end`. */
export async function readBoxHeader(src: ByteSource, pos: number, end: number): Promise<BoxHeader> {
  const h = await src.read(pos, 8)
  let size = u32(h, 0)
  const type = latin1(h, 4, 4)
  let headerSize = 8
  if (size === 1) {
    // 64-bit largesize follows the type.
    if (end - pos < 16) throw new MalformedBoxError(`box '${shown(type)}' at offset ${pos} is cut before its 64-bit size`)
    const large = u64(await src.read(pos + 8, 8), 0)
    if (large === undefined) throw new MalformedBoxError(`box '${shown(type)}' at offset ${pos} claims a size beyond 2^53 bytes`)
    size = large
    headerSize = 16
  } else if (size === 0) {
    // Size 0: the box runs to the end of its parent (normally the end of the file).
    size = end - pos
  }
  if (size < headerSize) {
    throw new MalformedBoxError(`box '${shown(type)}' at offset ${pos} claims ${size} bytes, less than its own ${headerSize}-byte header`)
  }
  if (type === 'uuid') headerSize += 16
  if (size < headerSize) throw new MalformedBoxError(`uuid box at offset ${pos} is shorter than its header`)
  if (pos + size > end) {
    const msg = `box '${shown(type)}' at offset ${pos} claims ${size} bytes but its container ends at ${end}`
    throw end === src.size ? new TruncatedError(`${msg} (file truncated?)`) : new MalformedBoxError(msg)
  }
  return { type, start: pos, headerSize, size, end: pos + size }
}

/**
 * The boxes in [start, end), one header read each. Offsets strictly increase (every box is at least
 * 8 bytes), so the walk always ends; depth and count limits stop deliberately hostile nesting.
 */
export async function* iterateBoxes(src: ByteSource, start: number, end: number, depth = 0): AsyncGenerator<BoxHeader> {
  if (depth > LIMITS.maxDepth) throw new MalformedBoxError(`boxes nested deeper than ${LIMITS.maxDepth} levels at offset ${start}`)
  if (end > src.size) throw new TruncatedError(`container ends at ${end}, past the end of the file (${src.size})`)
  let pos = start
  let count = 0
  // Fewer than 8 bytes left cannot hold a box: QuickTime pads some lists with a 32-bit zero.
  while (end - pos >= 8) {
    if (++count > LIMITS.maxBoxesPerLevel)
      throw new MalformedBoxError(`more than ${LIMITS.maxBoxesPerLevel} boxes in one container at offset ${start}`)
    const box = await readBoxHeader(src, pos, end)
    yield box
    pos = box.end
  }
}

async function payload(src: ByteSource, box: BoxHeader, limit = LIMITS.maxPayload): Promise<Uint8Array | undefined> {
  const length = box.size - box.headerSize
  if (length > limit) return undefined
  return src.read(box.start + box.headerSize, length)
}

/** Box headers inside an in-memory payload (used for small boxes such as ilst items). */
function boxesInBuffer(b: Uint8Array): Array<{ type: string; body: Uint8Array }> {
  const out: Array<{ type: string; body: Uint8Array }> = []
  let pos = 0
  while (b.length - pos >= 8 && out.length < 1024) {
    let size = u32(b, pos)
    const type = latin1(b, pos + 4, 4)
    let header = 8
    if (size === 1) {
      const large = b.length - pos >= 16 ? u64(b, pos + 8) : undefined
      if (large === undefined) throw new MalformedBoxError(`bad 64-bit size in '${shown(type)}'`)
      size = large
      header = 16
    } else if (size === 0) size = b.length - pos
    if (size < header || pos + size > b.length) throw new MalformedBoxError(`box '${shown(type)}' has an impossible size ${size}`)
    out.push({ type, body: b.subarray(pos + header, pos + size) })
    pos += size
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// ISO 6709

/**
 * Parses ISO 6709 strings as phones write them: "+34.5553+069.2075+1791.000/", "+34.5553+069.2075/",
 * and the degree-minute(-second) forms "+3433.318+06912.450/", "+343319.08+0691227.0/".
 */
export function parseIso6709(value: string): GpsPosition | undefined {
  const m = /^\s*([+-])(\d+(?:\.\d+)?)([+-])(\d+(?:\.\d+)?)(?:([+-])(\d+(?:\.\d+)?))?(?:CRS[^/]*)?\/?\s*$/.exec(value)
  if (m === null) return undefined
  const lat = sexagesimal(m[2] ?? '', 2)
  const lon = sexagesimal(m[4] ?? '', 3)
  if (lat === undefined || lon === undefined || lat > 90 || lon > 180) return undefined
  const round7 = (x: number): number => Math.round(x * 1e7) / 1e7
  const out: GpsPosition = { lat: round7(m[1] === '-' ? -lat : lat), lon: round7(m[3] === '-' ? -lon : lon) }
  if (m[5] !== undefined && m[6] !== undefined) {
    const alt = Number(m[6])
    if (Number.isFinite(alt)) out.alt = Math.round((m[5] === '-' ? -alt : alt) * 1000) / 1000
  }
  return out
}

/** ±DD.D, ±DDMM.M or ±DDMMSS.S (DDD… for longitude) into decimal degrees. */
function sexagesimal(text: string, degreeDigits: number): number | undefined {
  const [int = '', frac = ''] = text.split('.')
  const fraction = frac === '' ? 0 : Number(`0.${frac}`)
  if (int.length === degreeDigits) return Number(int) + fraction
  if (int.length === degreeDigits + 2) {
    const minutes = Number(int.slice(degreeDigits)) + fraction
    return minutes >= 60 ? undefined : Number(int.slice(0, degreeDigits)) + minutes / 60
  }
  if (int.length === degreeDigits + 4) {
    const minutes = Number(int.slice(degreeDigits, degreeDigits + 2))
    const seconds = Number(int.slice(degreeDigits + 2)) + fraction
    return minutes >= 60 || seconds >= 60 ? undefined : Number(int.slice(0, degreeDigits)) + minutes / 60 + seconds / 3600
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Box contents

export type MovieHeader = {
  version: number
  /** Seconds since 1904-01-01 UTC; 0 = unknown. */
  creationTime: number
  modificationTime: number
  timescale: number
  duration: number | null
}

export function parseMvhd(b: Uint8Array): MovieHeader {
  const version = b[0] ?? 0
  if (version === 1) {
    if (b.length < 32) throw new MalformedBoxError('mvhd (version 1) is too short')
    const duration = u64(b, 24)
    return {
      version,
      creationTime: u64(b, 4) ?? 0,
      modificationTime: u64(b, 12) ?? 0,
      timescale: u32(b, 20),
      duration: duration === undefined ? null : duration
    }
  }
  if (b.length < 20) throw new MalformedBoxError('mvhd is too short')
  const duration = u32(b, 16)
  return {
    version,
    creationTime: u32(b, 4),
    modificationTime: u32(b, 8),
    timescale: u32(b, 12),
    duration: duration === 0xffffffff ? null : duration
  }
}

/** Seconds since 1904 as 'YYYY-MM-DDTHH:mm:ssZ'; 0 and pre-1970 values (wrong epoch) are unknown. */
export function mp4TimeToIso(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds <= SECONDS_1904_TO_1970) return undefined
  return formatUtc(EPOCH_1904_MS + seconds * 1000)
}

export type TrackHeader = { trackId: number; width: number; height: number; matrix: number[] }

export function parseTkhd(b: Uint8Array): TrackHeader {
  const v1 = b[0] === 1
  const need = v1 ? 96 : 84
  if (b.length < need) throw new MalformedBoxError('tkhd is too short')
  const trackId = u32(b, v1 ? 20 : 12)
  const matrixAt = v1 ? 52 : 40
  const matrix: number[] = []
  for (let i = 0; i < 9; i++) {
    // a b u / c d v / x y w: 16.16 fixed except u, v, w (2.30).
    const raw = s32(b, matrixAt + i * 4)
    matrix.push(i % 3 === 2 ? raw / 2 ** 30 : raw / 65536)
  }
  return { trackId, width: Math.round(u32(b, need - 8) / 65536), height: Math.round(u32(b, need - 4) / 65536), matrix }
}

/** EXIF-style orientation from a track matrix (rotation only), else undefined. */
export function matrixOrientation(m: number[]): number | undefined {
  const [a = 0, b = 0, , c = 0, d = 0] = m
  const is = (x: number, y: number): boolean => Math.abs(x - y) < 1e-3
  if (is(a, 1) && is(b, 0) && is(c, 0) && is(d, 1)) return 1
  if (is(a, 0) && is(b, 1) && is(c, -1) && is(d, 0)) return 6 // 90° clockwise
  if (is(a, -1) && is(b, 0) && is(c, 0) && is(d, -1)) return 3 // 180°
  if (is(a, 0) && is(b, -1) && is(c, 1) && is(d, 0)) return 8 // 270°
  return undefined
}

/** Value of an ilst 'data' atom by its well-known type. */
function dataAtomValue(body: Uint8Array): JsonValue | undefined {
  if (body.length < 8) return undefined
  const type = u32(body, 0) & 0xffffff
  const v = body.subarray(8)
  const dv = new DataView(v.buffer, v.byteOffset, v.length)
  switch (type) {
    case 1:
    case 4:
      return Buffer.from(v.buffer, v.byteOffset, v.length).toString('utf8').replace(/\0+$/, '')
    case 2:
    case 5:
      return utf16be(v)
    case 21:
      if (v.length === 1) return dv.getInt8(0)
      if (v.length === 2) return dv.getInt16(0)
      if (v.length === 4) return dv.getInt32(0)
      if (v.length === 8) return dv.getBigInt64(0).toString()
      break
    case 22:
      if (v.length === 1) return dv.getUint8(0)
      if (v.length === 2) return dv.getUint16(0)
      if (v.length === 4) return dv.getUint32(0)
      if (v.length === 8) return dv.getBigUint64(0).toString()
      break
    case 23:
      if (v.length === 4) return Number.isFinite(dv.getFloat32(0)) ? dv.getFloat32(0) : null
      break
    case 24:
      if (v.length === 8) return Number.isFinite(dv.getFloat64(0)) ? dv.getFloat64(0) : null
      break
    case 13:
    case 14:
    case 27:
      return undefined // cover art: not metadata we need
  }
  return toJsonSafe(v)
}

function utf16be(b: Uint8Array): string {
  const swapped = Buffer.alloc(b.length - (b.length % 2))
  for (let i = 0; i + 1 < b.length; i += 2) {
    swapped[i] = b[i + 1] ?? 0
    swapped[i + 1] = b[i] ?? 0
  }
  return swapped.toString('utf16le').replace(/\0+$/, '')
}

/** QuickTime user-data text ('©xyz', '©mak'…): [u16 length][u16 language][text], or a 'data' atom. */
function userDataText(b: Uint8Array): string | undefined {
  if (b.length >= 16 && latin1(b, 4, 4) === 'data') {
    const value = dataAtomValue(b.subarray(8, Math.min(b.length, u32(b, 0))))
    return typeof value === 'string' ? cleanString(value) : undefined
  }
  if (b.length < 4) return undefined
  const length = u16(b, 0)
  if (4 + length > b.length) return undefined
  return cleanString(Buffer.from(b.buffer, b.byteOffset + 4, length).toString('utf8'))
}

/** 3GPP 'loci': name, role, then 16.16 fixed longitude, latitude, altitude. */
function parseLoci(b: Uint8Array): JsonObject | undefined {
  let pos = 6 // version/flags + language
  const nameEnd = b.indexOf(0, pos)
  if (nameEnd < 0) return undefined
  const name = Buffer.from(b.buffer, b.byteOffset + pos, nameEnd - pos).toString('utf8')
  pos = nameEnd + 2 // NUL + role
  if (pos + 12 > b.length) return undefined
  const round = (x: number): number => Math.round(x * 1e5) / 1e5
  const lon = round(s32(b, pos) / 65536)
  const lat = round(s32(b, pos + 4) / 65536)
  const alt = round(s32(b, pos + 8) / 65536)
  const bodyEnd = b.indexOf(0, pos + 12)
  const body = bodyEnd < 0 ? '' : Buffer.from(b.buffer, b.byteOffset + pos + 12, bodyEnd - pos - 12).toString('utf8')
  return { name, lat, lon, alt, body }
}

// ---------------------------------------------------------------------------------------------
// Walking moov

type Track = { handler?: string; tkhd?: TrackHeader; sampleWidth?: number; sampleHeight?: number }

type Movie = {
  ftyp?: JsonObject
  topLevel: JsonObject[]
  mvhd?: MovieHeader
  tracks: Track[]
  keys: JsonObject
  ilst: JsonObject
  udta: JsonObject
  notes: string[]
  /** Bytes of metadata values loaded so far; bounded so crafted files cannot exhaust memory. */
  loaded: number
}

const MAX_VALUE_BYTES = 8 * 1024 * 1024

/** Payload of a small metadata box, within the per-file budget. */
async function valuePayload(src: ByteSource, box: BoxHeader, movie: Movie): Promise<Uint8Array | undefined> {
  const length = box.size - box.headerSize
  if (length > 64 * 1024) return undefined // artwork and other bulky values
  if (movie.loaded + length > MAX_VALUE_BYTES) {
    if (!movie.notes.includes('metadata budget exhausted')) movie.notes.push('metadata budget exhausted')
    return undefined
  }
  movie.loaded += length
  return src.read(box.start + box.headerSize, length)
}

async function parseMeta(src: ByteSource, meta: BoxHeader, movie: Movie, depth: number): Promise<void> {
  // QuickTime 'meta' has no version/flags (hdlr follows at once); ISO 'meta' is a full box.
  let start = meta.start + meta.headerSize
  if (meta.end - start >= 8) {
    const peek = await src.read(start, 8)
    if (latin1(peek, 4, 4) !== 'hdlr') start += 4
  }
  let handler = ''
  let keyNames: string[] = []
  const items: BoxHeader[] = []
  for await (const box of iterateBoxes(src, start, meta.end, depth + 1)) {
    if (box.type === 'hdlr') {
      const b = await payload(src, box, 4096)
      if (b !== undefined) handler = latin1(b, 8, 4)
    } else if (box.type === 'keys') {
      const b = await payload(src, box)
      if (b === undefined) {
        movie.notes.push('keys box too large; skipped')
        continue
      }
      keyNames = parseKeys(b)
    } else if (box.type === 'ilst') {
      for await (const item of iterateBoxes(src, box.start + box.headerSize, box.end, depth + 2)) items.push(item)
    }
  }
  for (const item of items) {
    const b = await valuePayload(src, item, movie)
    if (b === undefined) continue
    let name: string
    if (handler === 'mdta') {
      // In 'mdta' lists the item type is a 1-based index into 'keys'.
      const index = u32(latin1ToBytes(item.type), 0)
      name = keyNames[index - 1] ?? `key#${index}`
    } else {
      name = item.type
    }
    const data = boxesInBuffer(b).find((x) => x.type === 'data')
    const value = data === undefined ? undefined : dataAtomValue(data.body)
    if (value === undefined) continue
    const target = handler === 'mdta' ? movie.keys : movie.ilst
    if (!(name in target)) target[name] = value
  }
}

function latin1ToBytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1')
}

function parseKeys(b: Uint8Array): string[] {
  const count = u32(b, 4)
  const names: string[] = []
  let pos = 8
  for (let i = 0; i < count && i < 10_000 && pos + 8 <= b.length; i++) {
    const size = u32(b, pos)
    if (size < 8 || pos + size > b.length) throw new MalformedBoxError(`keys entry ${i + 1} has an impossible size ${size}`)
    names.push(Buffer.from(b.buffer, b.byteOffset + pos + 8, size - 8).toString('utf8'))
    pos += size
  }
  return names
}

async function parseUdta(src: ByteSource, udta: BoxHeader, movie: Movie, depth: number): Promise<void> {
  for await (const box of iterateBoxes(src, udta.start + udta.headerSize, udta.end, depth + 1)) {
    if (box.type === 'meta') {
      await parseMeta(src, box, movie, depth + 1)
    } else if (box.type === 'loci') {
      const b = await valuePayload(src, box, movie)
      const loci = b === undefined ? undefined : parseLoci(b)
      if (loci !== undefined) movie.udta.loci = loci
    } else if (box.type.startsWith('\u00a9')) {
      const b = await valuePayload(src, box, movie)
      const text = b === undefined ? undefined : userDataText(b)
      if (text !== undefined && !(box.type in movie.udta)) movie.udta[box.type] = text
    }
  }
}

async function parseTrak(src: ByteSource, trak: BoxHeader, depth: number): Promise<Track> {
  const track: Track = {}
  for await (const box of iterateBoxes(src, trak.start + trak.headerSize, trak.end, depth + 1)) {
    if (box.type === 'tkhd') {
      const b = await payload(src, box, 4096)
      if (b !== undefined) track.tkhd = parseTkhd(b)
    } else if (box.type === 'mdia') {
      for await (const m of iterateBoxes(src, box.start + box.headerSize, box.end, depth + 2)) {
        if (m.type === 'hdlr') {
          const b = await payload(src, m, 4096)
          if (b !== undefined && b.length >= 12) track.handler = latin1(b, 8, 4)
        } else if (m.type === 'minf') {
          await parseSampleEntry(src, m, track, depth + 3)
        }
      }
    }
  }
  return track
}

/** minf/stbl/stsd: the first visual sample entry's width and height (fallback when tkhd says 0). */
async function parseSampleEntry(src: ByteSource, minf: BoxHeader, track: Track, depth: number): Promise<void> {
  for await (const stbl of iterateBoxes(src, minf.start + minf.headerSize, minf.end, depth + 1)) {
    if (stbl.type !== 'stbl') continue
    for await (const stsd of iterateBoxes(src, stbl.start + stbl.headerSize, stbl.end, depth + 2)) {
      if (stsd.type !== 'stsd' || stsd.size - stsd.headerSize < 8 + 36) continue
      const b = await src.read(stsd.start + stsd.headerSize, 8 + 36)
      // version/flags, entry_count, then [size][format][6 reserved][2 ref][16 pre-defined][width][height]
      track.sampleWidth = u16(b, 8 + 32)
      track.sampleHeight = u16(b, 8 + 34)
      return
    }
  }
}

async function parseMoov(src: ByteSource, moov: BoxHeader, movie: Movie): Promise<void> {
  for await (const box of iterateBoxes(src, moov.start + moov.headerSize, moov.end, 1)) {
    switch (box.type) {
      case 'mvhd': {
        const b = await payload(src, box, 4096)
        if (b !== undefined) movie.mvhd = parseMvhd(b)
        break
      }
      case 'trak':
        movie.tracks.push(await parseTrak(src, box, 1))
        break
      case 'udta':
        await parseUdta(src, box, movie, 1)
        break
      case 'meta':
        await parseMeta(src, box, movie, 1)
        break
      case 'cmov':
        throw new MalformedBoxError('compressed movie header (cmov) is not supported')
    }
  }
}

async function parseMovie(src: ByteSource): Promise<Movie> {
  const movie: Movie = { topLevel: [], tracks: [], keys: {}, ilst: {}, udta: {}, notes: [], loaded: 0 }
  if (src.size < 8 || !/^[\x20-\x7e]{4}$/.test(latin1(await src.read(0, 8), 4, 4))) {
    throw new MalformedBoxError('not an MP4/QuickTime file: no box structure at the start')
  }
  let moov: BoxHeader | undefined
  for await (const box of iterateBoxes(src, 0, src.size, 0)) {
    if (movie.topLevel.length < 64) movie.topLevel.push({ type: box.type, offset: box.start, size: box.size })
    if (box.type === 'ftyp' && box.size - box.headerSize >= 8 && box.size - box.headerSize <= 4096) {
      const b = await src.read(box.start + box.headerSize, box.size - box.headerSize)
      const brands: string[] = []
      for (let i = 8; i + 4 <= b.length; i += 4) brands.push(latin1(b, i, 4))
      movie.ftyp = { majorBrand: latin1(b, 0, 4), minorVersion: u32(b, 4), compatibleBrands: brands }
    } else if (box.type === 'moov') {
      moov = box
      break // everything we read lives in moov; do not walk the rest of a fragmented file
    }
  }
  if (moov === undefined) throw new MalformedBoxError('no movie header (moov box) found')
  await parseMoov(src, moov, movie)
  if (movie.mvhd === undefined) throw new MalformedBoxError('moov has no movie header (mvhd)')
  return movie
}

// ---------------------------------------------------------------------------------------------
// Contract

function lookupKey(movie: Movie, name: string): JsonValue | undefined {
  return movie.keys[`com.apple.quicktime.${name}`] ?? movie.keys[name]
}

const textOf = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? cleanString(v) : undefined)

function toMetadata(movie: Movie): MediaMetadata {
  const out: MediaMetadata = { raw: {}, status: 'none' }
  const mvhd = movie.mvhd

  // Capture time: Apple's creationdate keeps the local offset; then ©day; then mvhd (UTC).
  const dated = [lookupKey(movie, 'creationdate'), movie.udta['\u00a9day'], movie.ilst['\u00a9day']]
    .map((v) => parseDateTime(textOf(v)))
    .find((p) => p !== undefined)
  const mvhdCreated = mvhd === undefined ? undefined : mp4TimeToIso(mvhd.creationTime)
  const ffmpegCreated = parseDateTime(textOf(lookupKey(movie, 'creation_time')))
  const captured = timeFields(dated)
  if (captured.at !== undefined) out.capturedAt = captured.at
  else if (mvhdCreated !== undefined) out.capturedAt = mvhdCreated
  else if (ffmpegCreated?.offset !== undefined) out.capturedAt = ffmpegCreated.local + ffmpegCreated.offset
  // A wall-clock reading without its zone is kept even when mvhd gives the instant (as for images).
  if (captured.local !== undefined) out.capturedAtLocal = captured.local

  const modified = mvhd === undefined ? undefined : mp4TimeToIso(mvhd.modificationTime)
  if (modified !== undefined) out.modifiedAt = modified

  // Location: Apple/ffmpeg keys (ISO 6709), QuickTime ©xyz, then 3GPP loci.
  const iso = [lookupKey(movie, 'location.ISO6709'), lookupKey(movie, 'location'), movie.udta['\u00a9xyz'], movie.ilst['\u00a9xyz']]
    .map((v) => textOf(v))
    .map((v) => (v === undefined ? undefined : parseIso6709(v)))
    .find((p) => p !== undefined)
  if (iso !== undefined) out.gps = iso
  else {
    const loci = movie.udta.loci
    if (
      typeof loci === 'object' &&
      loci !== null &&
      !Array.isArray(loci) &&
      typeof loci.lat === 'number' &&
      typeof loci.lon === 'number' &&
      Math.abs(loci.lat) <= 90 &&
      Math.abs(loci.lon) <= 180
    ) {
      out.gps = { lat: loci.lat, lon: loci.lon }
      // Writers put 0 when they have no altitude; only a non-zero value says anything.
      if (typeof loci.alt === 'number' && loci.alt !== 0) out.gps.alt = loci.alt
    }
  }

  const make = textOf(lookupKey(movie, 'make')) ?? textOf(movie.udta['\u00a9mak']) ?? textOf(movie.ilst['\u00a9mak'])
  const model = textOf(lookupKey(movie, 'model')) ?? textOf(movie.udta['\u00a9mod']) ?? textOf(movie.ilst['\u00a9mod'])
  const software =
    textOf(lookupKey(movie, 'software')) ??
    textOf(movie.udta['\u00a9swr']) ??
    textOf(movie.ilst['\u00a9too']) ??
    textOf(movie.udta['\u00a9too']) ??
    textOf(lookupKey(movie, 'encoder'))
  if (make !== undefined) out.make = make
  if (model !== undefined) out.model = model
  if (software !== undefined) out.software = software

  const video = movie.tracks.find((t) => t.handler === 'vide')
  if (video !== undefined) {
    const width = video.tkhd !== undefined && video.tkhd.width > 0 ? video.tkhd.width : video.sampleWidth
    const height = video.tkhd !== undefined && video.tkhd.height > 0 ? video.tkhd.height : video.sampleHeight
    if (width !== undefined && width > 0) out.width = width
    if (height !== undefined && height > 0) out.height = height
    const orientation = video.tkhd === undefined ? undefined : matrixOrientation(video.tkhd.matrix)
    if (orientation !== undefined) out.orientation = orientation
  }
  if (mvhd !== undefined && mvhd.timescale > 0 && mvhd.duration !== null) {
    out.durationSeconds = Math.round((mvhd.duration / mvhd.timescale) * 1000) / 1000
  }

  const raw: JsonObject = { boxes: movie.topLevel }
  if (movie.ftyp !== undefined) raw.ftyp = movie.ftyp
  if (mvhd !== undefined) {
    raw.mvhd = {
      ...mvhd,
      creationTimeUtc: mp4TimeToIso(mvhd.creationTime) ?? null,
      modificationTimeUtc: mp4TimeToIso(mvhd.modificationTime) ?? null
    }
  }
  raw.tracks = movie.tracks.map((t) => toJsonSafe(t) ?? null)
  if (Object.keys(movie.keys).length > 0) raw.keys = movie.keys
  if (Object.keys(movie.ilst).length > 0) raw.ilst = movie.ilst
  if (Object.keys(movie.udta).length > 0) raw.udta = movie.udta
  if (movie.notes.length > 0) raw.notes = movie.notes
  out.raw = raw

  const meaningful = out.capturedAt ?? out.capturedAtLocal ?? out.modifiedAt ?? out.gps ?? out.make ?? out.model ?? out.software
  out.status = meaningful === undefined ? 'none' : 'ok'
  return out
}

/** Video metadata from any ByteSource (tests pass counting sources). Never throws. */
export async function readVideoMetadataFrom(src: ByteSource): Promise<MediaMetadata> {
  try {
    return sortKeys(toMetadata(await parseMovie(src)))
  } catch (err) {
    return { status: 'unreadable', error: message(err), raw: {} }
  }
}

/** Metadata of an MP4, MOV or 3GP file: the image contract plus durationSeconds. Never throws. */
export async function readVideoMetadata(path: string): Promise<MediaMetadata> {
  try {
    return await withFileSource(path, readVideoMetadataFrom)
  } catch (err) {
    return { status: 'unreadable', error: message(err), raw: {} }
  }
}
