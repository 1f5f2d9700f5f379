import t from 'tap'
import { createHash } from 'node:crypto'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { BLUR_METHOD, DEFAULT_BLUR, blockSize, blurImage, boxBlur, pixelate } from '../../../server/lib/media/blur.ts'
import { evidenceFixture } from '../../helpers/files.ts'

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
