import t from 'tap'
import fc from 'fast-check'
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ByteSource, TruncatedError, withFileSource } from '../../../server/lib/media/exif.ts'
import {
  LIMITS,
  MalformedBoxError,
  iterateBoxes,
  matrixOrientation,
  mp4TimeToIso,
  parseIso6709,
  readVideoMetadata,
  readVideoMetadataFrom
} from '../../../server/lib/media/mp4-boxes.ts'

const FIXTURES = fileURLToPath(new URL('../../fixtures/evidence/', import.meta.url))
const fixture = (name: string): string => join(FIXTURES, name)
type ExifToolRecord = Record<string, string | number>
const expected: ExifToolRecord[] = JSON.parse(readFileSync(fixture('expected-exiftool.json'), 'utf8'))
const exiftool = (name: string): ExifToolRecord => {
  const found = expected.find((r) => r.SourceFile === name)
  if (found === undefined) throw new Error(`no ExifTool record for ${name}`)
  return found
}
// ExifTool prints QuickTime times (UTC) as "2023:09:14 03:42:45".
const exifToolUtc = (v: string | number | undefined): string => `${String(v).replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T')}Z`

const dir = mkdtempSync(join(tmpdir(), 'sanad-mp4-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

// ---------------------------------------------------------------------------------------------
// Box builders

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}
const s32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}
const text = (s: string): Buffer => Buffer.from(s, 'utf8')

function box(type: string | Buffer, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  const typeBytes = typeof type === 'string' ? Buffer.from(type, 'latin1') : type
  return Buffer.concat([u32(8 + body.length), typeBytes, body])
}
/** The same box with a 64-bit largesize header. */
function largeBox(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  return Buffer.concat([u32(1), Buffer.from(type, 'latin1'), u64(16 + body.length), body])
}
const full = (type: string, version: number, flags: number, ...parts: Buffer[]): Buffer =>
  box(type, Buffer.from([version, (flags >> 16) & 255, (flags >> 8) & 255, flags & 255]), ...parts)

const toMp4Time = (iso: string): number => Date.parse(iso) / 1000 + 2_082_844_800

const mvhd = (created: number, modified: number, timescale: number, duration: number): Buffer =>
  full('mvhd', 0, 0, u32(created), u32(modified), u32(timescale), u32(duration), Buffer.alloc(80))
const mvhd1 = (created: number, modified: number, timescale: number, duration: number): Buffer =>
  full('mvhd', 1, 0, u64(created), u64(modified), u32(timescale), u64(duration), Buffer.alloc(80))

function matrix(a: number, b: number, c: number, d: number): Buffer {
  return Buffer.concat([s32(a * 65536), s32(b * 65536), s32(0), s32(c * 65536), s32(d * 65536), s32(0), s32(0), s32(0), s32(0x40000000)])
}
const tkhd = (width: number, height: number, m = matrix(1, 0, 0, 1)): Buffer =>
  full('tkhd', 0, 3, u32(0), u32(0), u32(1), u32(0), u32(0), Buffer.alloc(8), Buffer.alloc(8), m, u32(width * 65536), u32(height * 65536))
const hdlr = (handler: string): Buffer => full('hdlr', 0, 0, u32(0), Buffer.from(handler, 'latin1'), Buffer.alloc(12), text('Handler\0'))
const videoTrak = (width: number, height: number, m?: Buffer): Buffer => box('trak', tkhd(width, height, m), box('mdia', hdlr('vide')))

function appleMeta(entries: Array<[string, string]>): Buffer {
  const keys = full('keys', 0, 0, u32(entries.length), ...entries.map(([k]) => box('mdta', text(k))))
  const items = entries.map(([, v], i) => box(u32(i + 1), box('data', u32(1), u32(0), text(v))))
  return box('meta', hdlr('mdta'), keys, box('ilst', ...items)) // QuickTime meta: no version/flags
}
const qtText = (type: string, value: string): Buffer => box(type, u16(Buffer.byteLength(value)), u16(0x15c7), text(value))

const ftyp = (brand: string): Buffer => box('ftyp', Buffer.from(brand, 'latin1'), u32(0), Buffer.from(brand, 'latin1'))

function memorySource(bytes: Uint8Array): ByteSource & { bytesRead: number } {
  let read = 0
  return {
    size: bytes.length,
    get bytesRead() {
      return read
    },
    async read(position, length) {
      if (position + length > bytes.length) throw new TruncatedError(`past end: ${position}+${length}`)
      read += length
      return bytes.subarray(position, position + length)
    }
  }
}

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

// An iPhone-style MOV: Apple keys with the local offset, moov after mdat, rotated track.
const appleMov = Buffer.concat([
  ftyp('qt  '),
  box('mdat', Buffer.alloc(5000, 0x55)),
  box(
    'moov',
    mvhd(toMp4Time('2024-03-05T09:53:11Z'), toMp4Time('2024-03-05T09:53:20Z'), 600, 6300),
    videoTrak(1920, 1080, matrix(0, 1, -1, 0)),
    appleMeta([
      ['com.apple.quicktime.location.ISO6709', '+34.5553+069.2075+1791.000/'],
      ['com.apple.quicktime.make', 'Apple'],
      ['com.apple.quicktime.model', 'iPhone 15 Pro'],
      ['com.apple.quicktime.software', '17.2'],
      ['com.apple.quicktime.creationdate', '2024-03-05T14:23:11+0430']
    ])
  )
])

t.test('fixtures agree with ExifTool (expected-exiftool.json)', async (t) => {
  t.test('phone-video.mp4: keys, mvhd, loci', async (t) => {
    const e = exiftool('phone-video.mp4')
    const m = await readVideoMetadata(fixture('phone-video.mp4'))
    t.equal(m.status, 'ok', m.error ?? '')
    t.equal(m.capturedAt, exifToolUtc(e['QuickTime:CreateDate']), 'mvhd creation time is UTC')
    t.equal(m.capturedAt, '2023-09-14T03:42:45Z')
    t.equal(m.modifiedAt, exifToolUtc(e['QuickTime:ModifyDate']))
    t.same(m.gps, parseIso6709(String(e['Keys:Location'])), 'location from Keys:Location')
    t.ok(Math.abs((m.gps?.lat ?? 0) - Number(e['Composite:GPSLatitude'])) < 1e-4, 'latitude')
    t.ok(Math.abs((m.gps?.lon ?? 0) - Number(e['Composite:GPSLongitude'])) < 1e-4, 'longitude')
    // ExifTool's Composite altitude 0 comes from the 3GPP loci box, where writers put 0 for "none";
    // the ISO 6709 string carries no altitude, so none is claimed. The raw loci value is kept.
    t.equal(m.gps?.alt, undefined)
    t.equal((m.raw.udta as { loci: { alt: number } }).loci.alt, e['Composite:GPSAltitude'])
    t.equal((m.raw.udta as { loci: { lon: number } }).loci.lon, e['Composite:GPSLongitude'], 'loci 16.16 value as ExifTool reads it')
    t.equal(m.make, e['Keys:Make'])
    t.equal(m.model, e['Keys:Model'])
    t.equal(m.durationSeconds, e['QuickTime:Duration'])
    t.equal(m.width, e['Track1:ImageWidth'])
    t.equal(m.height, e['Track1:ImageHeight'])
    t.same(JSON.parse(JSON.stringify(m)), m, 'JSON-safe')
  })

  t.test('iphone-video.mov: moov after mdat, QuickTime ©xyz', async (t) => {
    const e = exiftool('iphone-video.mov')
    const m = await readVideoMetadata(fixture('iphone-video.mov'))
    t.equal(m.status, 'ok', m.error ?? '')
    t.equal(m.capturedAt, exifToolUtc(e['QuickTime:CreateDate']))
    t.equal(m.modifiedAt, exifToolUtc(e['QuickTime:ModifyDate']))
    const [lat, lon] = String(e['UserData:GPSCoordinates']).split(' ').map(Number)
    t.same(m.gps, { lat, lon })
    t.equal(m.gps?.lat, e['Composite:GPSLatitude'])
    t.equal(m.gps?.lon, e['Composite:GPSLongitude'])
    t.equal(m.durationSeconds, e['QuickTime:Duration'])
    t.equal(m.width, e['Track1:ImageWidth'])
    t.equal(m.height, e['Track1:ImageHeight'])
    t.equal(m.software, 'Lavf59.27.100', '©swr')
    const boxes = (m.raw.boxes as Array<{ type: string }>).map((b) => b.type)
    t.same(boxes, ['ftyp', 'wide', 'mdat', 'moov'])
  })
})

t.test('Apple keys: creationdate keeps the local offset; location with altitude; rotation', async (t) => {
  const src = memorySource(appleMov)
  const m = await readVideoMetadataFrom(src)
  t.equal(m.status, 'ok', m.error ?? '')
  t.equal(m.capturedAt, '2024-03-05T14:23:11+04:30', 'creationdate preferred over mvhd (same instant, keeps the zone)')
  t.equal(m.modifiedAt, '2024-03-05T09:53:20Z')
  t.same(m.gps, { lat: 34.5553, lon: 69.2075, alt: 1791 })
  t.equal(m.make, 'Apple')
  t.equal(m.model, 'iPhone 15 Pro')
  t.equal(m.software, '17.2')
  t.equal(m.orientation, 6, '90° rotation matrix')
  t.equal(m.width, 1920)
  t.equal(m.height, 1080)
  t.equal(m.durationSeconds, 10.5)
  t.ok(src.bytesRead < 2000, `mdat payload skipped (${src.bytesRead} bytes read)`)
})

t.test('creationdate without an offset is kept as local time next to the mvhd instant', async (t) => {
  const m = await readVideoMetadataFrom(
    memorySource(
      Buffer.concat([
        ftyp('qt  '),
        box(
          'moov',
          mvhd(toMp4Time('2024-03-05T09:53:11Z'), 0, 600, 600),
          appleMeta([['com.apple.quicktime.creationdate', '2024-03-05T14:23:11']])
        )
      ])
    )
  )
  t.equal(m.capturedAt, '2024-03-05T09:53:11Z')
  t.equal(m.capturedAtLocal, '2024-03-05T14:23:11')
})

t.test('a crafted file with thousands of metadata items stays within the memory budget', async (t) => {
  const items = Array.from({ length: 300 }, (_, i) =>
    box(
      Buffer.from([0xa9, 0x61 + (i % 26), 0x61 + (Math.floor(i / 26) % 26), 0x61 + (Math.floor(i / 676) % 26)]),
      box('data', u32(1), u32(0), Buffer.alloc(60_000, 0x41))
    )
  )
  const bytes = Buffer.concat([
    ftyp('isom'),
    box(
      'moov',
      mvhd(toMp4Time('2023-09-14T03:42:45Z'), 0, 1000, 1000),
      box('udta', full('meta', 0, 0, hdlr('mdir'), box('ilst', ...items)))
    )
  ])
  const m = await readVideoMetadataFrom(memorySource(bytes))
  t.equal(m.status, 'ok', m.error ?? '')
  t.same(m.raw.notes, ['metadata budget exhausted'])
  t.ok(JSON.stringify(m).length < 9 * 1024 * 1024)
})

t.test('mvhd version 1 (64-bit times), zero creation time, udta strings, 3GPP loci', async (t) => {
  const v1 = await readVideoMetadataFrom(
    memorySource(
      Buffer.concat([
        ftyp('mp42'),
        box(
          'moov',
          mvhd1(toMp4Time('2041-01-01T00:00:00Z'), toMp4Time('2041-01-01T00:00:00Z'), 90000, 90000 * 3),
          box('udta', qtText('\u00a9mak', 'samsung'), qtText('\u00a9mod', 'SM-G998B'), qtText('\u00a9xyz', '-33.8688+151.2093/'))
        )
      ])
    )
  )
  t.ok(toMp4Time('2041-01-01T00:00:00Z') > 2 ** 32, 'needs 64 bits')
  t.equal(v1.capturedAt, '2041-01-01T00:00:00Z')
  t.equal(v1.durationSeconds, 3)
  t.equal(v1.make, 'samsung')
  t.equal(v1.model, 'SM-G998B')
  t.same(v1.gps, { lat: -33.8688, lon: 151.2093 })

  const unknown = await readVideoMetadataFrom(memorySource(Buffer.concat([ftyp('isom'), box('moov', mvhd(0, 0, 1000, 0))])))
  t.equal(unknown.capturedAt, undefined, 'creation time 0 means unknown')
  t.equal(unknown.modifiedAt, undefined)
  t.equal(unknown.status, 'none')

  const loci = full(
    'loci',
    0,
    0,
    u16(0x15c7),
    text('Kabul\0'),
    Buffer.from([0]),
    s32(Math.round(69.2075 * 65536)),
    s32(Math.round(34.5553 * 65536)),
    s32(1791 * 65536),
    text('earth\0'),
    text('\0')
  )
  const threeGp = await readVideoMetadataFrom(
    memorySource(Buffer.concat([ftyp('3gp4'), box('moov', mvhd(toMp4Time('2023-09-14T03:42:45Z'), 0, 1000, 2000), box('udta', loci))]))
  )
  t.equal(threeGp.status, 'ok')
  t.same(threeGp.gps, { lat: 34.5553, lon: 69.2075, alt: 1791 }, 'loci when nothing better')
})

t.test('ISO 6709', async (t) => {
  t.same(parseIso6709('+34.5553+069.2075+1791.000/'), { lat: 34.5553, lon: 69.2075, alt: 1791 })
  t.same(parseIso6709('+34.5553+069.2075/'), { lat: 34.5553, lon: 69.2075 })
  t.same(parseIso6709('-33.8688-070.5000-12.5/'), { lat: -33.8688, lon: -70.5, alt: -12.5 })
  t.same(parseIso6709('+3433.318+06912.450/'), { lat: 34.5553, lon: 69.2075 }, 'degrees and minutes')
  t.same(parseIso6709('+343319.08+0691227.00/'), { lat: 34.5553, lon: 69.2075 }, 'degrees, minutes, seconds')
  t.same(parseIso6709('+34.5553+069.2075CRSWGS_84/'), { lat: 34.5553, lon: 69.2075 })
  t.same(parseIso6709('+34.5553+069.2075'), { lat: 34.5553, lon: 69.2075 }, 'missing solidus tolerated')
  for (const bad of ['', 'garbage', '+91.0+069.0/', '+34.0+181.0/', '+3461.0+06912.0/', '34.5553 69.2075', '+34.5+69.2/']) {
    t.equal(parseIso6709(bad), undefined, JSON.stringify(bad))
  }
})

t.test('helpers', async (t) => {
  t.equal(mp4TimeToIso(0), undefined)
  t.equal(mp4TimeToIso(toMp4Time('2023-09-14T03:42:45Z')), '2023-09-14T03:42:45Z')
  t.equal(matrixOrientation([1, 0, 0, 0, 1, 0, 0, 0, 1]), 1)
  t.equal(matrixOrientation([-1, 0, 0, 0, -1, 0, 0, 0, 1]), 3)
  t.equal(matrixOrientation([0, -1, 0, 1, 0, 0, 0, 0, 1]), 8)
  t.equal(matrixOrientation([0.5, 0, 0, 0, 1, 0, 0, 0, 1]), undefined)
})

t.test('moov after a >4 GiB sparse mdat with a 64-bit largesize: positioned reads only', async (t) => {
  const path = join(dir, 'huge.mp4')
  const gap = 5 * 1024 ** 3 // 5 GiB of mdat payload, a hole on disk
  const head = Buffer.concat([ftyp('isom'), u32(1), Buffer.from('mdat', 'latin1'), u64(16 + gap)])
  const moov = largeBox(
    'moov',
    mvhd(toMp4Time('2023-09-14T03:42:45Z'), toMp4Time('2023-09-14T03:42:45Z'), 1000, 2000),
    videoTrak(320, 240),
    appleMeta([['com.apple.quicktime.location.ISO6709', '+31.6133+065.7101/']])
  )
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, head, 0, head.length, 0)
    ftruncateSync(fd, head.length + gap)
    writeSync(fd, moov, 0, moov.length, head.length + gap)
  } finally {
    closeSync(fd)
  }
  t.ok(statSync(path).size > 2 ** 32, 'file is larger than 4 GiB')

  const rssBefore = process.memoryUsage().rss
  const { m, bytesRead } = await withFileSource(path, async (src) => ({ m: await readVideoMetadataFrom(src), bytesRead: src.bytesRead }))
  t.equal(m.status, 'ok', m.error ?? '')
  t.equal(m.capturedAt, '2023-09-14T03:42:45Z')
  t.same(m.gps, { lat: 31.6133, lon: 65.7101 })
  t.equal(m.width, 320)
  t.equal(m.durationSeconds, 2)
  t.ok(bytesRead < 256 * 1024, `read ${bytesRead} bytes of a ${statSync(path).size}-byte file`)
  const viaPath = await readVideoMetadata(path)
  t.same(viaPath, m)
  t.ok(process.memoryUsage().rss - rssBefore < 64 * 1024 * 1024, 'memory stays small')
  const topLevel = m.raw.boxes as Array<{ type: string; size: number }>
  t.same(
    topLevel.map((b) => b.type),
    ['ftyp', 'mdat', 'moov']
  )
  t.equal(topLevel[1]?.size, 16 + gap)
})

t.test('size 0 means "to the end of the file"', async (t) => {
  const moovFirst = Buffer.concat([
    ftyp('isom'),
    box('moov', mvhd(toMp4Time('2023-09-14T03:42:45Z'), 0, 1000, 1000)),
    u32(0),
    Buffer.from('mdat', 'latin1'),
    Buffer.alloc(1000)
  ])
  const a = await readVideoMetadataFrom(memorySource(moovFirst))
  t.equal(a.status, 'ok', a.error ?? '')
  const moovLast = Buffer.concat([
    ftyp('isom'),
    box('mdat', Buffer.alloc(100)),
    u32(0),
    Buffer.from('moov', 'latin1'),
    mvhd(toMp4Time('2023-09-14T03:42:45Z'), 0, 1000, 1000)
  ])
  const b = await readVideoMetadataFrom(memorySource(moovLast))
  t.equal(b.status, 'ok', b.error ?? '')
  t.equal(b.capturedAt, '2023-09-14T03:42:45Z')
})

t.test('malformed files come back unreadable, never throw', async (t) => {
  const good = mvhd(toMp4Time('2023-09-14T03:42:45Z'), 0, 1000, 1000)
  const cases: Array<[string, Buffer, RegExp]> = [
    [
      'child size < 8',
      Buffer.concat([ftyp('isom'), box('moov', good, u32(4), Buffer.from('free', 'latin1'))]),
      /less than its own 8-byte header/
    ],
    [
      'child larger than its parent',
      Buffer.concat([ftyp('isom'), box('moov', good, u32(500), Buffer.from('udta', 'latin1'))]),
      /container ends/
    ],
    ['truncated inside moov', Buffer.concat([ftyp('isom'), box('moov', good, videoTrak(320, 240))]).subarray(0, 100), /truncated|ends/],
    [
      'largesize smaller than the header (would never advance)',
      Buffer.concat([ftyp('isom'), u32(1), Buffer.from('moov', 'latin1'), u64(8)]),
      /less than its own 16-byte header/
    ],
    ['largesize 0', Buffer.concat([ftyp('isom'), u32(1), Buffer.from('moov', 'latin1'), u64(0), good]), /less than/],
    [
      'largesize beyond 2^53',
      Buffer.concat([ftyp('isom'), u32(1), Buffer.from('mdat', 'latin1'), Buffer.from('ffffffffffffffff', 'hex')]),
      /2\^53/
    ],
    ['no moov', Buffer.concat([ftyp('isom'), box('mdat', Buffer.alloc(64))]), /no movie header/],
    ['moov without mvhd', Buffer.concat([ftyp('isom'), box('moov', box('udta'))]), /no movie header \(mvhd\)/],
    ['compressed moov', Buffer.concat([ftyp('qt  '), box('moov', box('cmov', Buffer.alloc(16)))]), /cmov/],
    ['mvhd too short', Buffer.concat([ftyp('isom'), box('moov', full('mvhd', 0, 0, u32(1)))]), /too short/],
    [
      'keys entry with a bad size',
      Buffer.concat([
        ftyp('qt  '),
        box('moov', good, box('meta', hdlr('mdta'), full('keys', 0, 0, u32(1), u32(2), Buffer.from('mdta', 'latin1'))))
      ]),
      /impossible size/
    ],
    ['empty file', Buffer.alloc(0), /not an MP4/],
    ['JPEG bytes', readFileSync(fixture('kabul-phone.jpg')), /not an MP4/],
    ['text', readFileSync(fixture('statement.txt')), /./]
  ]
  for (const [name, bytes, error] of cases) {
    const m = await readVideoMetadataFrom(memorySource(bytes))
    t.equal(m.status, 'unreadable', name)
    t.match(m.error, error, `${name}: ${m.error}`)
    t.same(m.raw, {})
  }
  const onDisk = await readVideoMetadata(write('truncated.mp4', readFileSync(fixture('phone-video.mp4')).subarray(0, 700)))
  t.equal(onDisk.status, 'unreadable')
  t.match(onDisk.error, /truncated/)
  const missing = await readVideoMetadata(join(dir, 'missing.mp4'))
  t.equal(missing.status, 'unreadable')
  t.match(missing.error, /ENOENT/)
})

t.test('nesting: depth guard in the walker, and no recursion on foreign boxes', async (t) => {
  // 'nest' inside 'nest' … 40 levels: a naive recursive walker must stop at LIMITS.maxDepth.
  let nested = box('free')
  for (let i = 0; i < 40; i++) nested = box('nest', nested)
  const src = memorySource(nested)
  const walk = async (start: number, end: number, depth: number): Promise<void> => {
    for await (const b of iterateBoxes(src, start, end, depth)) {
      if (b.type === 'nest') await walk(b.start + b.headerSize, b.end, depth + 1)
    }
  }
  await t.rejects(walk(0, src.size, 0), MalformedBoxError)
  await t.rejects(walk(0, src.size, 0), { message: new RegExp(`deeper than ${LIMITS.maxDepth}`) })

  // 10 000 nested udta boxes inside moov: the reader only descends where metadata lives.
  let deep = box('udta')
  for (let i = 0; i < 10_000; i++) deep = box('udta', deep)
  const m = await readVideoMetadataFrom(
    memorySource(Buffer.concat([ftyp('isom'), box('moov', mvhd(toMp4Time('2023-09-14T03:42:45Z'), 0, 1000, 1000), deep)]))
  )
  t.equal(m.status, 'ok', m.error ?? '')
})

t.test('fuzz: corrupted and truncated copies of the fixtures never throw', async (t) => {
  const originals = [readFileSync(fixture('phone-video.mp4')), readFileSync(fixture('iphone-video.mov')), appleMov]
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: originals.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.option(fc.nat()),
      async (which, flips, cut) => {
        const bytes = Buffer.from(originals[which] ?? Buffer.alloc(0))
        // Bias the damage towards the box headers, where it matters.
        for (const [at, value] of flips)
          bytes[(at % Math.min(bytes.length, 2048)) + (at % 2 === 0 ? 0 : Math.max(0, bytes.length - 2048))] = value
        const data = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1))
        const m = await readVideoMetadataFrom(memorySource(data))
        if (!['ok', 'none', 'unreadable'].includes(m.status)) return false
        if (m.status === 'unreadable' && typeof m.error !== 'string') return false
        JSON.stringify(m)
        return true
      }
    ),
    { numRuns: 400, seed: 4242 }
  )
  t.pass('no throw in 400 runs')
})
