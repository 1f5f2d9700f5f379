import t from 'tap'
import { createHash } from 'node:crypto'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import exifr from 'exifr'
import {
  BLUR_METHOD,
  DEFAULT_BLUR,
  blockSize,
  blurImage,
  boxBlur,
  exifOrientation,
  orient,
  pixelate
} from '../../../server/lib/media/blur.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { BLUE, RED, orientedJpeg } from '../../helpers/oriented-jpeg.ts'

/** A picture with fine detail: a checkerboard of 2-pixel squares with a diagonal gradient (RGBA). */
function detailed(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const on = ((x >> 1) + (y >> 1)) % 2 === 0
      data[i] = on ? 250 : 5
      data[i + 1] = (x * 7 + y * 3) % 256
      data[i + 2] = on ? 10 : 240
      data[i + 3] = 255
    }
  return data
}

const pngOf = (width: number, height: number): Buffer => {
  const png = new PNG({ width, height })
  png.data = Buffer.from(detailed(width, height))
  return PNG.sync.write(png)
}
const jpegOf = (width: number, height: number): Buffer => jpeg.encode({ width, height, data: detailed(width, height) }, 95).data

/** Mean squared difference of horizontally neighbouring pixels (red channel): how much fine detail is left. */
function detail(data: Uint8Array, width: number, height: number): number {
  let sum = 0
  let n = 0
  for (let y = 0; y < height; y++)
    for (let x = 1; x < width; x++) {
      const d = data[(y * width + x) * 4]! - data[(y * width + x - 1) * 4]!
      sum += d * d
      n++
    }
  return sum / n
}

const decoded = (mediaType: string, bytes: Buffer): { width: number; height: number; data: Uint8Array } =>
  mediaType === 'image/png' ? PNG.sync.read(bytes) : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true })

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

const cases = [
  { name: 'a small PNG', mediaType: 'image/png', bytes: pngOf(48, 32), width: 48, height: 32 },
  { name: 'a small JPEG', mediaType: 'image/jpeg', bytes: jpegOf(40, 64), width: 40, height: 64 },
  { name: 'a phone JPEG with EXIF (GPS, device)', mediaType: 'image/jpeg', bytes: evidenceFixture('kabul-phone.jpg'), width: 0, height: 0 }
]

for (const c of cases) {
  t.test(`blurring ${c.name} gives the same bytes every time, keeps its size and takes out its detail`, async (t) => {
    const a = blurImage(c.mediaType, c.bytes)
    const b = blurImage(c.mediaType, Buffer.from(c.bytes))
    t.equal(sha(a.bytes), sha(b.bytes), 'deterministic')
    t.not(sha(a.bytes), sha(c.bytes), 'not the source')
    const source = decoded(c.mediaType, c.bytes)
    const out = decoded(c.mediaType, a.bytes)
    t.equal(out.width, source.width)
    t.equal(out.height, source.height)
    t.equal(a.width, source.width)
    t.ok(a.block >= Math.min(source.width, source.height) / 24, 'blocks of at least 1/24 of the short side')
    const before = detail(source.data, source.width, source.height)
    const after = detail(out.data, out.width, out.height)
    t.ok(after < before / 10, `neighbouring-pixel variance falls from ${before.toFixed(0)} to ${after.toFixed(0)}`)
    if (c.mediaType === 'image/jpeg') {
      t.notOk(a.bytes.includes(Buffer.from('Exif')), 'no EXIF block is written')
      t.equal(a.bytes[0], 0xff)
      t.equal(a.bytes[1], 0xd8)
    } else t.same([...a.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47])
  })
}

t.test('the same pixels give the same bytes whatever the source encoding carried (only pixels count)', async (t) => {
  const plain = new PNG({ width: 24, height: 24 })
  plain.data = Buffer.from(detailed(24, 24))
  const a = PNG.sync.write(plain, { deflateLevel: 1 })
  const b = PNG.sync.write(plain, { deflateLevel: 9, filterType: 4 })
  t.not(sha(a), sha(b))
  t.equal(sha(blurImage('image/png', a).bytes), sha(blurImage('image/png', b).bytes))
})

t.test('block sizes: at least 1/24 of the short side, and at least 2 pixels', async (t) => {
  const table: Array<[number, number, number]> = [
    [4000, 3000, 125],
    [3000, 4000, 125],
    [1080, 1920, 45],
    [25, 25, 2],
    [10, 10, 2]
  ]
  for (const [w, h, expected] of table) t.equal(blockSize(w, h, DEFAULT_BLUR.blocksPerShortSide), expected, `${w}×${h}`)
})

t.test('pixelation makes each block one colour; a box blur keeps a flat image flat', async (t) => {
  const data = detailed(8, 8)
  pixelate(data, 8, 8, 4)
  const first = [...data.subarray(0, 4)]
  for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) t.same([...data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 4)], first)
  const flat = new Uint8Array(6 * 5 * 4).fill(77)
  boxBlur(flat, 6, 5, 3)
  t.ok(flat.every((v) => v === 77))
})

t.test('refuses what it cannot blur: video, documents, broken files, weaker parameters', async (t) => {
  t.throws(() => blurImage('video/mp4', evidenceFixture('phone-video.mp4')), { name: 'BlurError' })
  t.throws(() => blurImage('application/pdf', Buffer.from('%PDF-1.7')), { name: 'BlurError' })
  t.throws(() => blurImage('image/png', Buffer.from('not a png')), { name: 'BlurError' })
  t.throws(() => blurImage('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0x00])), { name: 'BlurError' })
  t.throws(() => blurImage('image/png', pngOf(8, 8), { ...DEFAULT_BLUR, blocksPerShortSide: 100 }), { name: 'BlurError' })
  t.equal(BLUR_METHOD, 'pixelate-then-box-blur-v1')
})

// EXIF Orientation (#17 item 9): a 3×2 image stored as
//   a b c
//   d e f
// and how a viewer shows it for each of the 8 orientations.
const orientations: Array<[number, string, string[][]]> = [
  [
    1,
    'as stored',
    [
      ['a', 'b', 'c'],
      ['d', 'e', 'f']
    ]
  ],
  [
    2,
    'mirrored left to right',
    [
      ['c', 'b', 'a'],
      ['f', 'e', 'd']
    ]
  ],
  [
    3,
    'turned half round',
    [
      ['f', 'e', 'd'],
      ['c', 'b', 'a']
    ]
  ],
  [
    4,
    'flipped top to bottom',
    [
      ['d', 'e', 'f'],
      ['a', 'b', 'c']
    ]
  ],
  [
    5,
    'transposed',
    [
      ['a', 'd'],
      ['b', 'e'],
      ['c', 'f']
    ]
  ],
  [
    6,
    'turned a quarter clockwise (a phone held upright)',
    [
      ['d', 'a'],
      ['e', 'b'],
      ['f', 'c']
    ]
  ],
  [
    7,
    'transversed',
    [
      ['f', 'c'],
      ['e', 'b'],
      ['d', 'a']
    ]
  ],
  [
    8,
    'turned a quarter anticlockwise',
    [
      ['c', 'f'],
      ['b', 'e'],
      ['a', 'd']
    ]
  ]
]

/** The 3×2 image: pixel k (a = 0 … f = 5) is (10k, 10k + 1, 10k + 2, 10k + 3). */
const letters = 'abcdef'
const small = (): { width: number; height: number; data: Uint8Array } => {
  const data = new Uint8Array(6 * 4)
  for (let k = 0; k < 6; k++) data.set([10 * k, 10 * k + 1, 10 * k + 2, 10 * k + 3], k * 4)
  return { width: 3, height: 2, data }
}
const rows = (img: { width: number; height: number; data: Uint8Array }): string[][] =>
  Array.from({ length: img.height }, (_, y) =>
    Array.from({ length: img.width }, (_, x) => {
      const i = (y * img.width + x) * 4
      const k = img.data[i]! / 10
      // Every channel of the pixel moved together.
      return [1, 2, 3].every((c) => img.data[i + c] === img.data[i]! + c) ? (letters[k] ?? '?') : '!'
    })
  )

for (const [orientation, name, expected] of orientations) {
  t.test(`orientation ${orientation}: the pixels are ${name}`, async (t) => {
    const source = small()
    const out = orient(source, orientation)
    t.same(rows(out), expected)
    t.equal(out.width, expected[0]!.length)
    t.equal(out.height, expected.length)
    t.same(rows(source), orientations[0]![2], 'the decoded source is left as it was')
  })
}

t.test('an orientation outside 1–8 leaves the pixels as stored in orient(), and blurImage refuses it', async (t) => {
  for (const o of [0, 9, 2.5, -6]) t.same(rows(orient(small(), o)), orientations[0]![2], String(o))
  t.throws(() => blurImage('image/jpeg', orientedJpeg(16, 8, 6), DEFAULT_BLUR, 9), { name: 'BlurError' })
})

/** The mean colour of a row band [y0, y1) of decoded RGBA pixels. */
function meanOf(img: { width: number; data: Uint8Array }, y0: number, y1: number): number[] {
  const sum = [0, 0, 0]
  for (let y = y0; y < y1; y++)
    for (let x = 0; x < img.width; x++) for (let c = 0; c < 3; c++) sum[c]! += img.data[(y * img.width + x) * 4 + c]!
  const n = (y1 - y0) * img.width
  return sum.map((v) => v / n)
}
const near = (a: number[], b: readonly number[]): boolean => a.every((v, i) => Math.abs(v - b[i]!) < 40)

t.test('a phone JPEG stored sideways (Orientation 6) is blurred upright, and the copy carries no EXIF', async (t) => {
  const source = orientedJpeg(64, 32, 6)
  t.equal(await exifOrientation(source), 6, 'the orientation is read from the file')
  const copy = blurImage('image/jpeg', source, DEFAULT_BLUR, 6)
  t.same([copy.width, copy.height], [32, 64], 'width and height swapped, as a viewer shows it')
  const out = jpeg.decode(copy.bytes, { useTArray: true, formatAsRGBA: true })
  t.same([out.width, out.height], [32, 64])
  // Stored red on the left, blue on the right: upright, red is on top and blue below.
  t.ok(near(meanOf(out, 0, 24), RED), `top is red: ${meanOf(out, 0, 24).map(Math.round)}`)
  t.ok(near(meanOf(out, 40, 64), BLUE), `bottom is blue: ${meanOf(out, 40, 64).map(Math.round)}`)
  t.notOk(copy.bytes.includes(Buffer.from('Exif')), 'no EXIF block')
  t.notOk(copy.bytes.includes(Buffer.from([0xff, 0xe1])), 'no APP1 segment at all')
  t.equal(await exifr.parse(copy.bytes), undefined, 'exifr finds no metadata')
  t.equal(await exifOrientation(copy.bytes), 1, 'a viewer would not turn the copy again')
  // Turned the other way round (8): blue on top.
  const other = jpeg.decode(blurImage('image/jpeg', orientedJpeg(64, 32, 8), DEFAULT_BLUR, 8).bytes, {
    useTArray: true,
    formatAsRGBA: true
  })
  t.ok(near(meanOf(other, 0, 24), BLUE), 'orientation 8: blue on top')
})

t.test('a file without EXIF, or with unreadable EXIF, is taken as stored (orientation 1)', async (t) => {
  t.equal(await exifOrientation(jpegOf(16, 16)), 1)
  t.equal(await exifOrientation(pngOf(16, 16)), 1)
  t.equal(await exifOrientation(Buffer.from('not an image')), 1)
  t.equal(await exifOrientation(evidenceFixture('kabul-phone.jpg')), 1, 'the phone fixture has no Orientation tag')
  const bytes = jpegOf(40, 64)
  t.equal(
    sha(blurImage('image/jpeg', bytes, DEFAULT_BLUR, 1).bytes),
    sha(blurImage('image/jpeg', bytes).bytes),
    'orientation 1 is the default'
  )
})
