import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  formatUtc,
  instantMs,
  normaliseOffset,
  parseDateTime,
  readImageMetadata,
  toJsonSafe,
  withFileSource
} from '../../../server/lib/media/exif.ts'

const FIXTURES = fileURLToPath(new URL('../../fixtures/evidence/', import.meta.url))
const fixture = (name: string): string => join(FIXTURES, name)
type ExifToolRecord = Record<string, string | number>
const expected: ExifToolRecord[] = JSON.parse(readFileSync(fixture('expected-exiftool.json'), 'utf8'))
const exiftool = (name: string): ExifToolRecord => {
  const found = expected.find((r) => r.SourceFile === name)
  if (found === undefined) throw new Error(`no ExifTool record for ${name}`)
  return found
}
// ExifTool prints "2023:09:14 08:12:45"; the contract wants "2023-09-14T08:12:45".
const exifToolLocal = (v: string | number | undefined): string => String(v).replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T')

const dir = mkdtempSync(join(tmpdir(), 'sanad-exif-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

// ---------------------------------------------------------------------------------------------
// A tiny big-endian TIFF/EXIF writer, to build cases the fixtures do not cover.

type Entry = { tag: number; type: 1 | 2 | 3 | 4 | 5 | 7; value: number[] | string }

function encode(e: Entry): { type: number; count: number; bytes: Buffer } {
  if (typeof e.value === 'string') {
    const bytes = Buffer.from(`${e.value}\0`, 'latin1')
    return { type: 2, count: bytes.length, bytes }
  }
  const v = e.value
  switch (e.type) {
    case 3: {
      const b = Buffer.alloc(2 * v.length)
      v.forEach((x, i) => b.writeUInt16BE(x, 2 * i))
      return { type: 3, count: v.length, bytes: b }
    }
    case 4:
    case 5: {
      const b = Buffer.alloc(4 * v.length)
      v.forEach((x, i) => b.writeUInt32BE(x, 4 * i))
      return { type: e.type, count: e.type === 5 ? v.length / 2 : v.length, bytes: b }
    }
    default:
      return { type: e.type, count: v.length, bytes: Buffer.from(v) }
  }
}

function buildTiff(ifd0: Entry[], exif?: Entry[], gps?: Entry[]): Buffer {
  const byTag = (a: Entry, b: Entry): number => a.tag - b.tag
  const exifPtr: Entry = { tag: 0x8769, type: 4, value: [0] }
  const gpsPtr: Entry = { tag: 0x8825, type: 4, value: [0] }
  const first = [...ifd0, ...(exif ? [exifPtr] : []), ...(gps ? [gpsPtr] : [])].sort(byTag)
  const dirs = [first, ...(exif ? [[...exif].sort(byTag)] : []), ...(gps ? [[...gps].sort(byTag)] : [])]
  const offsets: number[] = []
  let pos = 8
  for (const d of dirs) {
    offsets.push(pos)
    pos += 2 + 12 * d.length + 4
  }
  exifPtr.value = [offsets[1] ?? 0]
  gpsPtr.value = [offsets[exif ? 2 : 1] ?? 0]
  let dataPos = pos
  const parts: Buffer[] = []
  const data: Buffer[] = []
  for (const d of dirs) {
    const b = Buffer.alloc(2 + 12 * d.length + 4)
    b.writeUInt16BE(d.length, 0)
    d.forEach((e, j) => {
      const { type, count, bytes } = encode(e)
      const at = 2 + 12 * j
      b.writeUInt16BE(e.tag, at)
      b.writeUInt16BE(type, at + 2)
      b.writeUInt32BE(count, at + 4)
      if (bytes.length <= 4) bytes.copy(b, at + 8)
      else {
        b.writeUInt32BE(dataPos, at + 8)
        const padded = bytes.length % 2 === 1 ? Buffer.concat([bytes, Buffer.alloc(1)]) : bytes
        data.push(padded)
        dataPos += padded.length
      }
    })
    parts.push(b)
  }
  return Buffer.concat([Buffer.from('MM\0*\0\0\0\x08', 'latin1'), ...parts, ...data])
}

const plainJpeg = readFileSync(fixture('no-metadata.jpg'))

function jpegWithApp1(body: Buffer): Buffer {
  const header = Buffer.alloc(4)
  header.writeUInt16BE(0xffe1, 0)
  header.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([plainJpeg.subarray(0, 2), header, body, plainJpeg.subarray(2)])
}

const jpegWithExif = (tiff: Buffer): Buffer => jpegWithApp1(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]))

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

const rational = (...values: Array<[number, number]>): number[] => values.flat()

// Southern/western hemisphere, below sea level, GPS time but no offset tags.
const southWest = write(
  'south-west.jpg',
  jpegWithExif(
    buildTiff(
      [
        { tag: 0x010f, type: 2, value: 'Google' },
        { tag: 0x0110, type: 2, value: 'Pixel 7' },
        { tag: 0x0112, type: 3, value: [6] }
      ],
      [{ tag: 0x9003, type: 2, value: '2023:09:14 08:12:45' }],
      [
        { tag: 1, type: 2, value: 'S' },
        { tag: 2, type: 5, value: rational([33, 1], [52, 1], [799, 100]) },
        { tag: 3, type: 2, value: 'W' },
        { tag: 4, type: 5, value: rational([70, 1], [30, 1], [0, 1]) },
        { tag: 5, type: 1, value: [1] },
        { tag: 6, type: 5, value: rational([125, 10]) },
        { tag: 7, type: 5, value: rational([3, 1], [42, 1], [45, 1]) },
        { tag: 0x1d, type: 2, value: '2023:09:14' }
      ]
    )
  )
)

// GPS time days away from the camera clock: not a plausible zone, so it must not be used.
const staleGps = write(
  'stale-gps.jpg',
  jpegWithExif(
    buildTiff(
      [{ tag: 0x010f, type: 2, value: 'samsung' }],
      [{ tag: 0x9003, type: 2, value: '2023:09:14 08:12:45' }],
      [
        { tag: 7, type: 5, value: rational([3, 1], [42, 1], [45, 1]) },
        { tag: 0x1d, type: 2, value: '2023:09:10' }
      ]
    )
  )
)

// ModifyDate with OffsetTime, CreateDate fallback with OffsetTimeDigitized.
const offsets = write(
  'offsets.jpg',
  jpegWithExif(
    buildTiff(
      [
        { tag: 0x0131, type: 2, value: 'G998BXXU5CVDD' },
        { tag: 0x0132, type: 2, value: '2024:01:20 11:00:00' }
      ],
      [
        { tag: 0x9004, type: 2, value: '2024:01:19 23:59:30' },
        { tag: 0x9010, type: 2, value: '-05:00' },
        { tag: 0x9012, type: 2, value: '-05:00' }
      ]
    )
  )
)

t.test('fixtures agree with ExifTool (expected-exiftool.json)', async (t) => {
  t.test('kabul-phone.jpg: capture time with offset, GPS, camera', async (t) => {
    const e = exiftool('kabul-phone.jpg')
    const m = await readImageMetadata(fixture('kabul-phone.jpg'))
    t.equal(m.status, 'ok')
    t.equal(m.capturedAt, `${exifToolLocal(e['ExifIFD:DateTimeOriginal'])}${e['ExifIFD:OffsetTimeOriginal']}`)
    t.equal(m.capturedAt, '2023-09-14T08:12:45+04:30')
    t.equal(m.capturedAtLocal, undefined, 'zone known: no separate local time')
    t.ok(m.gps)
    t.ok(Math.abs((m.gps?.lat ?? 0) - Number(e['Composite:GPSLatitude'])) < 1e-6, 'latitude')
    t.ok(Math.abs((m.gps?.lon ?? 0) - Number(e['Composite:GPSLongitude'])) < 1e-6, 'longitude')
    t.equal(m.gps?.alt, e['GPS:GPSAltitude'])
    t.equal(m.make, e['IFD0:Make'])
    t.equal(m.model, e['IFD0:Model'])
    t.equal(m.software, undefined)
    t.equal(m.width, e['File:ImageWidth'])
    t.equal(m.height, e['File:ImageHeight'])
    t.equal(JSON.stringify(JSON.parse(JSON.stringify(m))), JSON.stringify(m), 'JSON-safe')
    t.equal((m.raw.exif as Record<string, unknown>).ExifVersion, '30323332', 'binary values become hex')
  })

  t.test('edited.jpg: Photoshop, modified after capture, no offset', async (t) => {
    const e = exiftool('edited.jpg')
    const m = await readImageMetadata(fixture('edited.jpg'))
    t.equal(m.status, 'ok')
    t.equal(m.capturedAt, undefined, 'no offset and no GPS time: the instant is unknown')
    t.equal(m.capturedAtLocal, exifToolLocal(e['ExifIFD:DateTimeOriginal']))
    t.equal(m.modifiedAtLocal, exifToolLocal(e['IFD0:ModifyDate']))
    t.equal(m.software, e['IFD0:Software'])
    t.equal(m.make, e['IFD0:Make'])
    t.equal(m.model, e['IFD0:Model'])
    t.equal(m.width, e['File:ImageWidth'])
    t.equal(m.height, e['File:ImageHeight'])
    t.equal(m.gps, undefined)
  })

  t.test('no-metadata.jpg: nothing embedded, dimensions from the frame header', async (t) => {
    const e = exiftool('no-metadata.jpg')
    const m = await readImageMetadata(fixture('no-metadata.jpg'))
    t.equal(m.status, 'none')
    t.same(m.raw, {})
    t.equal(m.width, e['File:ImageWidth'])
    t.equal(m.height, e['File:ImageHeight'])
    for (const k of ['capturedAt', 'capturedAtLocal', 'make', 'model', 'software', 'gps'] as const) t.equal(m[k], undefined, k)
  })

  t.test('screenshot.png: eXIf chunk and tIME (UTC)', async (t) => {
    const e = exiftool('screenshot.png')
    const m = await readImageMetadata(fixture('screenshot.png'))
    t.equal(m.status, 'ok')
    t.equal(m.capturedAt, `${exifToolLocal(e['ExifIFD:DateTimeOriginal'])}${e['ExifIFD:OffsetTimeOriginal']}`)
    t.equal(m.modifiedAt, `${exifToolLocal(e['PNG:ModifyDate'])}Z`, 'PNG tIME is UTC by specification')
    t.equal(m.width, e['PNG:ImageWidth'])
    t.equal(m.height, e['PNG:ImageHeight'])
    t.equal(m.make, undefined)
  })
})

t.test('GPS signs and altitude reference; GPS time gives the instant', async (t) => {
  const m = await readImageMetadata(southWest)
  t.equal(m.status, 'ok')
  // 33°52'7.99" S, 70°30' W, 12.5 m below sea level; degrees rounded to 7 decimals (about 1 cm).
  t.same(m.gps, { lat: -33.8688861, lon: -70.5, alt: -12.5 }, 'S and W negative, below sea level negative')
  t.ok(Math.abs((m.gps?.lat ?? 0) + (33 + 52 / 60 + 7.99 / 3600)) < 1e-7)
  t.equal(m.capturedAt, '2023-09-14T03:42:45Z', 'GPS date/time stamp is UTC')
  t.equal(m.capturedAtLocal, '2023-09-14T08:12:45', 'wall-clock time kept as well')
  t.equal(m.orientation, 6)
  t.equal(m.make, 'Google')
})

t.test('a GPS time days away from the camera clock is ignored', async (t) => {
  const m = await readImageMetadata(staleGps)
  t.equal(m.capturedAt, undefined)
  t.equal(m.capturedAtLocal, '2023-09-14T08:12:45')
})

t.test('CreateDate with OffsetTimeDigitized, ModifyDate with OffsetTime', async (t) => {
  const m = await readImageMetadata(offsets)
  t.equal(m.capturedAt, '2024-01-19T23:59:30-05:00')
  t.equal(m.modifiedAt, '2024-01-20T11:00:00-05:00')
  t.equal(m.software, 'G998BXXU5CVDD')
})

t.test('XMP: CreatorTool as software, XMP offset adopted for the same wall-clock time', async (t) => {
  const xmp =
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" ' +
    'xmp:CreatorTool="Snapseed 2.0" xmp:ModifyDate="2024-01-20T11:00:00+04:30" exif:DateTimeOriginal="2022-03-01T17:40:00+04:30"/>' +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  const tiff = buildTiff([{ tag: 0x0132, type: 2, value: '2024:01:20 11:00:00' }], [{ tag: 0x9003, type: 2, value: '2022:03:01 17:40:00' }])
  const exifApp = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const xmpApp = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xmp, 'utf8')])
  const withExif = jpegWithApp1(exifApp)
  const header = Buffer.alloc(4)
  header.writeUInt16BE(0xffe1, 0)
  header.writeUInt16BE(xmpApp.length + 2, 2)
  const path = write('xmp.jpg', Buffer.concat([withExif.subarray(0, 2), header, xmpApp, withExif.subarray(2)]))
  const m = await readImageMetadata(path)
  t.equal(m.software, 'Snapseed 2.0')
  t.equal(m.capturedAt, '2022-03-01T17:40:00+04:30')
  t.equal(m.modifiedAt, '2024-01-20T11:00:00+04:30')
  t.equal((m.raw.xmp as Record<string, Record<string, unknown>>).xmp?.CreatorTool, 'Snapseed 2.0')
})

t.test('metadata far from the head of a PNG is still found (own chunk walk)', async (t) => {
  const png = readFileSync(fixture('screenshot.png'))
  // Insert a 3 MB private chunk before eXIf; exifr alone would only look at the first bytes.
  const chunks: Buffer[] = []
  let pos = 8
  while (pos < png.length) {
    const len = png.readUInt32BE(pos)
    chunks.push(png.subarray(pos, pos + 12 + len))
    pos += 12 + len
  }
  const big = Buffer.alloc(12 + 3_000_000)
  big.writeUInt32BE(3_000_000, 0)
  big.write('zzZz', 4, 'latin1')
  const exifAt = chunks.findIndex((c) => c.toString('latin1', 4, 8) === 'eXIf')
  const path = write('big.png', Buffer.concat([png.subarray(0, 8), ...chunks.slice(0, exifAt), big, ...chunks.slice(exifAt)]))
  const m = await readImageMetadata(path)
  t.equal(m.capturedAt, '2024-05-02T21:15:09+04:30')
  t.equal(m.width, 320)
})

t.test('WebP (RIFF chunks) and TIFF containers', async (t) => {
  const tiff = buildTiff(
    [
      { tag: 0x0100, type: 4, value: [4000] },
      { tag: 0x0101, type: 4, value: [3000] },
      { tag: 0x010f, type: 2, value: 'NIKON CORPORATION' },
      { tag: 0x0110, type: 2, value: 'NIKON D750' }
    ],
    [
      { tag: 0x9003, type: 2, value: '2023:09:14 08:12:45' },
      { tag: 0x9011, type: 2, value: '+04:30' }
    ]
  )
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32LE(data.length, 4)
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)])
  }
  const vp8x = Buffer.alloc(10)
  vp8x[0] = 0x08 // EXIF present
  vp8x.writeUIntLE(1920 - 1, 4, 3)
  vp8x.writeUIntLE(1080 - 1, 7, 3)
  const body = Buffer.concat([
    Buffer.from('WEBP', 'latin1'),
    chunk('VP8X', vp8x),
    chunk('ALPH', Buffer.alloc(33)),
    chunk('EXIF', Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]))
  ])
  const riff = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), body])
  riff.writeUInt32LE(body.length, 4)
  const webp = await readImageMetadata(write('photo.webp', riff))
  t.equal(webp.status, 'ok', webp.error ?? '')
  t.equal(webp.capturedAt, '2023-09-14T08:12:45+04:30')
  t.equal(webp.make, 'NIKON CORPORATION')
  t.equal(webp.width, 1920)
  t.equal(webp.height, 1080)

  const tif = await readImageMetadata(write('scan.tif', tiff))
  t.equal(tif.status, 'ok', tif.error ?? '')
  t.equal(tif.capturedAt, '2023-09-14T08:12:45+04:30')
  t.equal(tif.model, 'NIKON D750')
  t.equal(tif.width, 4000)
  t.equal(tif.height, 3000)
})

t.test('EXIF after many APP segments is still found', async (t) => {
  const kabul = readFileSync(fixture('kabul-phone.jpg'))
  const app2 = Buffer.concat([Buffer.from([0xff, 0xe2, 0xfd, 0xea]), Buffer.alloc(65000, 0x58)])
  const path = write('many-app.jpg', Buffer.concat([kabul.subarray(0, 2), ...Array.from({ length: 8 }, () => app2), kabul.subarray(2)]))
  const m = await readImageMetadata(path)
  t.equal(m.capturedAt, '2023-09-14T08:12:45+04:30')
  t.equal(m.width, 800)
})

t.test('unreadable or corrupt metadata never throws', async (t) => {
  const cases: Array<[string, Buffer]> = [
    ['garbage-exif.jpg', jpegWithApp1(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('XX\0*\0\0\0\x08garbage-garbage')]))],
    ['bad-ifd-offset.jpg', jpegWithApp1(Buffer.concat([Buffer.from('Exif\0\0MM\0*', 'latin1'), Buffer.from([0x7f, 0xff, 0xff, 0xff])]))],
    ['truncated.jpg', jpegWithExif(buildTiff([{ tag: 0x010f, type: 2, value: 'Apple' }])).subarray(0, 30)],
    ['random.jpg', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))],
    ['empty.jpg', Buffer.alloc(0)]
  ]
  for (const [name, bytes] of cases) {
    const m = await readImageMetadata(write(name, bytes))
    t.ok(['unreadable', 'none'].includes(m.status), `${name}: ${m.status} ${m.error ?? ''}`)
    t.same(JSON.parse(JSON.stringify(m)), m, `${name}: JSON-safe`)
  }
  const random = await readImageMetadata(join(dir, 'random.jpg'))
  t.equal(random.status, 'unreadable')
  t.type(random.error, 'string')
  const empty = await readImageMetadata(join(dir, 'empty.jpg'))
  t.equal(empty.status, 'unreadable')
  const missing = await readImageMetadata(join(dir, 'does-not-exist.jpg'))
  t.equal(missing.status, 'unreadable')
  t.match(missing.error, /ENOENT/)
  const url = await readImageMetadata('http://127.0.0.1:9/x.jpg')
  t.equal(url.status, 'unreadable', 'URL-like paths are never handed to exifr')
})

t.test('time helpers', async (t) => {
  t.same(parseDateTime('2023:09:14 08:12:45'), { local: '2023-09-14T08:12:45' })
  t.same(parseDateTime('2024-03-05T14:23:11+0430'), { local: '2024-03-05T14:23:11', offset: '+04:30' })
  t.same(parseDateTime('2023-09-14T03:42:45.000000Z'), { local: '2023-09-14T03:42:45', offset: 'Z' })
  t.equal(parseDateTime('0000:00:00 00:00:00'), undefined)
  t.equal(parseDateTime('    :  :     :  :  '), undefined)
  t.equal(parseDateTime('2023:02:30 10:00:00'), undefined, '30 February')
  t.equal(parseDateTime('2023:09:14 24:00:00'), undefined)
  t.equal(normaliseOffset('+04:30'), '+04:30')
  t.equal(normaliseOffset('-0500'), '-05:00')
  t.equal(normaliseOffset('+15:00'), undefined)
  t.equal(normaliseOffset('   :  '), undefined)
  t.equal(instantMs('2023-09-14T08:12:45+04:30'), Date.UTC(2023, 8, 14, 3, 42, 45))
  t.equal(formatUtc(Date.UTC(2023, 8, 14, 3, 42, 45, 999)), '2023-09-14T03:42:45Z')
  t.same(
    toJsonSafe({
      a: new Uint8Array([1, 255]),
      b: new Date(0),
      c: Number.NaN,
      d: undefined,
      e: 10n,
      f: new Uint16Array([1, 2]),
      g: new Map([['k', 1]])
    }),
    { a: '01ff', b: '1970-01-01T00:00:00.000Z', c: null, e: '10', f: [1, 2], g: { k: 1 } }
  )
  t.equal(toJsonSafe(new Uint8Array(5000)), undefined, 'large binary left out')
})

t.test('positioned reads: only the head of a large JPEG is read', async (t) => {
  // 40 MB of scan data after the headers; reading metadata must not touch it.
  const path = write('large.jpg', Buffer.concat([readFileSync(fixture('kabul-phone.jpg')), Buffer.alloc(40 * 1024 * 1024)]))
  const before = process.memoryUsage().rss
  const m = await readImageMetadata(path)
  t.equal(m.capturedAt, '2023-09-14T08:12:45+04:30')
  t.ok(process.memoryUsage().rss - before < 30 * 1024 * 1024, 'memory did not grow by the file size')
  const bytes = await withFileSource(path, async (src) => {
    await src.read(0, 16)
    await src.read(src.size - 4, 4)
    return src.bytesRead
  })
  t.ok(bytes < 70 * 1024, `withFileSource reads windows, not files (${bytes} bytes)`)
})

t.test('results do not depend on the server time zone (child processes)', async (t) => {
  const metadataModule = fileURLToPath(new URL('../../../server/lib/media/metadata.ts', import.meta.url))
  const files: Array<[string, string]> = [
    [fixture('kabul-phone.jpg'), 'image/jpeg'],
    [fixture('edited.jpg'), 'image/jpeg'],
    [fixture('no-metadata.jpg'), 'image/jpeg'],
    [fixture('screenshot.png'), 'image/png'],
    [fixture('phone-video.mp4'), 'video/mp4'],
    [fixture('iphone-video.mov'), 'video/quicktime'],
    [southWest, 'image/jpeg'],
    [staleGps, 'image/jpeg'],
    [offsets, 'image/jpeg']
  ]
  const script = `
    import exifr from 'exifr'
    const { readMetadata } = await import(${JSON.stringify(new URL(`file://${metadataModule}`).href)})
    const files = JSON.parse(process.env.SANAD_FILES)
    const out = []
    for (const [path, type] of files) out.push(await readMetadata(path, type))
    // Control: exifr's default revival does depend on TZ, which proves the zone took effect.
    const naive = (await exifr.parse(files[0][0])).DateTimeOriginal.toISOString()
    process.stdout.write(JSON.stringify({ zoneOffset: new Date(Date.UTC(2023, 8, 14)).getTimezoneOffset(), naive, out }))
  `
  const run = (tz: string): { zoneOffset: number; naive: string; out: unknown[] } => {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, SANAD_FILES: JSON.stringify(files) }
    delete env.NODE_OPTIONS // tap's own loader is not needed in the child
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env,
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      encoding: 'utf8'
    })
    return JSON.parse(stdout)
  }
  const kabul = run('Asia/Kabul')
  const utc = run('UTC')
  const newYork = run('America/New_York')
  t.equal(kabul.zoneOffset, -270, 'child really ran in Asia/Kabul')
  t.equal(utc.zoneOffset, 0, 'child really ran in UTC')
  t.not(kabul.naive, utc.naive, 'control: exifr defaults are zone-dependent')
  t.equal(JSON.stringify(kabul.out), JSON.stringify(utc.out), 'byte-identical under Asia/Kabul and UTC')
  t.equal(JSON.stringify(newYork.out), JSON.stringify(utc.out), 'and under America/New_York')
  const first = kabul.out[0] as { capturedAt?: string }
  t.equal(first.capturedAt, '2023-09-14T08:12:45+04:30')
})
