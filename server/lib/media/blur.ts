// A blurred copy of an image (#17 item 9): for recipients some person it shows has not consented to.
// Pure: bytes in, bytes out. Decodes JPEG or PNG (jpeg-js, pngjs), turns the pixels as the file's EXIF
// Orientation says (a phone stores a portrait photo sideways and a viewer turns it; the copy carries no
// EXIF, so it must be stored upright to look as the original does), pixelates in square blocks of at
// least 1/24 of the short side, then smooths the blocks' edges with box blurs as wide as a block, and
// re-encodes. Every step is integer arithmetic on the decoded pixels and the encoders are plain
// JavaScript, so the same source gives the same bytes on any machine: anyone can redo the derivative
// from the source and the parameters its lineage records, and compare hashes.

import exifr from 'exifr'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'

/** The method's name in the lineage record; a change of algorithm gets a new name. */
export const BLUR_METHOD = 'pixelate-then-box-blur-v1'

/** What makes the result: recorded in the lineage, so the derivative can be redone. */
export type BlurParameters = {
  /** The short side divided by this (rounded up) is the block's side: 24 → blocks of ≥ 1/24 of it. */
  blocksPerShortSide: number
  /** Box blur passes after pixelation (each as wide as a block). */
  boxPasses: number
  /** JPEG quality of the re-encoded file (PNG is lossless). */
  jpegQuality: number
}

export const DEFAULT_BLUR: BlurParameters = { blocksPerShortSide: 24, boxPasses: 2, jpegQuality: 85 }

/** Media types a blurred copy can be made of. */
export const BLURRABLE: ReadonlySet<string> = new Set(['image/jpeg', 'image/png'])

/** Largest decoded image, in megapixels (memory: 4 bytes a pixel, twice). */
const MAX_MEGAPIXELS = 64

export type Blurred = { bytes: Buffer; width: number; height: number; block: number }

export class BlurError extends Error {
  override name = 'BlurError'
}

/** The side of a block for an image of this size: at least 1/`blocksPerShortSide` of its short side, at least 2 pixels. */
export function blockSize(width: number, height: number, blocksPerShortSide: number): number {
  return Math.max(2, Math.ceil(Math.min(width, height) / blocksPerShortSide))
}

/**
 * The EXIF Orientation of an image file (1–8), 1 when it has none or it cannot be read. Recorded in the
 * lineage's parameters (`orientation`), so the copy can be redone from the source without reading EXIF.
 */
export async function exifOrientation(input: Uint8Array): Promise<number> {
  try {
    const o = await exifr.orientation(Buffer.from(input.buffer, input.byteOffset, input.byteLength))
    return typeof o === 'number' && Number.isInteger(o) && o >= 1 && o <= 8 ? o : 1
  } catch {
    return 1
  }
}

/**
 * Decodes, turns upright by `orientation` (EXIF 1–8; 1: as stored), blurs and re-encodes in the same
 * format, with no metadata. Throws BlurError for a type it cannot decode.
 */
export function blurImage(mediaType: string, input: Uint8Array, params: BlurParameters = DEFAULT_BLUR, orientation = 1): Blurred {
  if (!(params.blocksPerShortSide >= 1 && params.blocksPerShortSide <= 24))
    throw new BlurError('blocksPerShortSide must be between 1 and 24 (blocks of at least 1/24 of the short side)')
  if (!(Number.isInteger(orientation) && orientation >= 1 && orientation <= 8))
    throw new BlurError('orientation must be an EXIF orientation, 1 to 8')
  const image = orient(decode(mediaType, input), orientation)
  const block = blockSize(image.width, image.height, params.blocksPerShortSide)
  pixelate(image.data, image.width, image.height, block)
  for (let i = 0; i < params.boxPasses; i++) boxBlur(image.data, image.width, image.height, Math.ceil(block / 2))
  return { bytes: encode(mediaType, image, params), width: image.width, height: image.height, block }
}

export type Rgba = { width: number; height: number; data: Uint8Array }

/**
 * The pixels as a viewer shows a file with this EXIF Orientation: 2 mirrors, 3 turns half round, 4 flips,
 * 5 transposes, 6 turns a quarter clockwise, 7 transverses, 8 turns a quarter anticlockwise (5–8 swap
 * width and height). 1 (or anything else) leaves the image as it is.
 */
export function orient(image: Rgba, orientation: number): Rgba {
  const { width: w, height: h, data } = image
  if (orientation < 2 || orientation > 8 || !Number.isInteger(orientation)) return image
  const swap = orientation >= 5
  const W = swap ? h : w
  const H = swap ? w : h
  // Where the output pixel (x, y) comes from in the stored image.
  const from: (x: number, y: number) => number = {
    2: (x: number, y: number) => y * w + (w - 1 - x),
    3: (x: number, y: number) => (h - 1 - y) * w + (w - 1 - x),
    4: (x: number, y: number) => (h - 1 - y) * w + x,
    5: (x: number, y: number) => x * w + y,
    6: (x: number, y: number) => (h - 1 - x) * w + y,
    7: (x: number, y: number) => (h - 1 - x) * w + (w - 1 - y),
    8: (x: number, y: number) => x * w + (w - 1 - y)
  }[orientation as 2 | 3 | 4 | 5 | 6 | 7 | 8]
  const out = new Uint8Array(W * H * 4)
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4
      const j = from(x, y) * 4
      out[i] = data[j]!
      out[i + 1] = data[j + 1]!
      out[i + 2] = data[j + 2]!
      out[i + 3] = data[j + 3]!
    }
  return { width: W, height: H, data: out }
}

function decode(mediaType: string, input: Uint8Array): Rgba {
  try {
    if (mediaType === 'image/jpeg') {
      const img = jpeg.decode(input, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 1024 })
      return { width: img.width, height: img.height, data: img.data }
    }
    if (mediaType === 'image/png') {
      const img = PNG.sync.read(Buffer.from(input.buffer, input.byteOffset, input.byteLength))
      if (img.width * img.height > MAX_MEGAPIXELS * 1024 * 1024) throw new BlurError('image too large')
      return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength) }
    }
  } catch (err) {
    if (err instanceof BlurError) throw err
    throw new BlurError(`the ${mediaType} file could not be decoded`)
  }
  throw new BlurError(`no blurred copy can be made of ${mediaType}`)
}

function encode(mediaType: string, image: Rgba, params: BlurParameters): Buffer {
  if (mediaType === 'image/jpeg') {
    // jpeg-js writes no metadata: no EXIF (GPS, device), no comments.
    return jpeg.encode({ width: image.width, height: image.height, data: image.data }, params.jpegQuality).data
  }
  const png = new PNG({ width: image.width, height: image.height })
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength)
  // Fixed options: the bytes depend on nothing but the pixels.
  return PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8, deflateLevel: 9, filterType: 0 })
}

/** Every block takes the mean of its pixels (per channel, alpha included; integer, rounded half up). */
export function pixelate(data: Uint8Array, width: number, height: number, block: number): void {
  for (let by = 0; by < height; by += block) {
    const y1 = Math.min(height, by + block)
    for (let bx = 0; bx < width; bx += block) {
      const x1 = Math.min(width, bx + block)
      const n = (y1 - by) * (x1 - bx)
      const sum = [0, 0, 0, 0]
      for (let y = by; y < y1; y++)
        for (let x = bx; x < x1; x++) {
          const i = (y * width + x) * 4
          sum[0]! += data[i]!
          sum[1]! += data[i + 1]!
          sum[2]! += data[i + 2]!
          sum[3]! += data[i + 3]!
        }
      const mean = sum.map((s) => Math.floor((2 * s + n) / (2 * n)))
      for (let y = by; y < y1; y++)
        for (let x = bx; x < x1; x++) {
          const i = (y * width + x) * 4
          data[i] = mean[0]!
          data[i + 1] = mean[1]!
          data[i + 2] = mean[2]!
          data[i + 3] = mean[3]!
        }
    }
  }
}

/** A separable box blur of this radius (horizontal then vertical; edges clamp), in integers. */
export function boxBlur(data: Uint8Array, width: number, height: number, radius: number): void {
  if (radius < 1) return
  const line = new Uint8Array(Math.max(width, height) * 4)
  const pass = (count: number, length: number, index: (line: number, k: number) => number): void => {
    for (let l = 0; l < count; l++) {
      for (let k = 0; k < length; k++) {
        const i = index(l, k)
        line[k * 4] = data[i]!
        line[k * 4 + 1] = data[i + 1]!
        line[k * 4 + 2] = data[i + 2]!
        line[k * 4 + 3] = data[i + 3]!
      }
      const n = 2 * radius + 1
      for (let c = 0; c < 4; c++) {
        // Running sum over the window [k - radius, k + radius], positions clamped to the line.
        let sum = 0
        for (let d = -radius; d <= radius; d++) sum += line[Math.min(length - 1, Math.max(0, d)) * 4 + c]!
        for (let k = 0; k < length; k++) {
          data[index(l, k) + c] = Math.floor((2 * sum + n) / (2 * n))
          const out = Math.max(0, k - radius)
          const inn = Math.min(length - 1, k + radius + 1)
          sum += line[inn * 4 + c]! - line[out * 4 + c]!
        }
      }
    }
  }
  pass(height, width, (y, x) => (y * width + x) * 4)
  pass(width, height, (x, y) => (y * width + x) * 4)
}
