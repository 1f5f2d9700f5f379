// A phone-style JPEG whose pixels are stored sideways and whose EXIF Orientation tells a viewer how to
// turn them (#17 item 9: blurred copies must be upright). Made here, not kept as a binary fixture: a
// JPEG from jpeg-js with one APP1 "Exif" segment (IFD0 holding Orientation alone) put after SOI.
import jpeg from 'jpeg-js'

export const RED = [230, 20, 20] as const
export const BLUE = [20, 20, 230] as const

/** RGBA pixels of `width`×`height`: the left half red, the right half blue (as stored). */
export function halves(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = x < width / 2 ? RED : BLUE
      data.set([c[0], c[1], c[2], 255], (y * width + x) * 4)
    }
  return data
}

/** The APP1 segment of an EXIF block (little-endian TIFF) whose IFD0 holds only Orientation. */
export function exifOrientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4) // IFD0 right after the header
  tiff.writeUInt16LE(1, 8) // one entry
  tiff.writeUInt16LE(0x0112, 10) // Orientation
  tiff.writeUInt16LE(3, 12) // SHORT
  tiff.writeUInt32LE(1, 14)
  tiff.writeUInt16LE(orientation, 18)
  tiff.writeUInt32LE(0, 22) // no next IFD
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const head = Buffer.from([0xff, 0xe1, 0, 0])
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([head, body])
}

/** A JPEG of `width`×`height` (as stored: red left, blue right) carrying this EXIF Orientation. */
export function orientedJpeg(width: number, height: number, orientation: number): Buffer {
  const plain = jpeg.encode({ width, height, data: halves(width, height) }, 95).data
  return Buffer.concat([plain.subarray(0, 2), exifOrientationSegment(orientation), plain.subarray(2)])
}
