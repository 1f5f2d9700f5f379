/**
 * Lossless removal of embedded metadata (EXIF, XMP, IPTC, GPS, comments, text chunks) from JPEG and
 * PNG files, for the "shared" copy of an exhibit. Image data is copied byte for byte; only metadata
 * containers are dropped, so the picture is identical and its origin cannot be read from the copy.
 */

export type StripResult = { bytes: Buffer; removed: string[] }

export const STRIPPABLE = new Set(['image/jpeg', 'image/png'])

export class StripError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StripError'
  }
}

/**
 * JPEG: keep SOI, APP0 (JFIF), APP2 only when it is an ICC profile (colour, not provenance), APP14
 * (Adobe colour transform), and every non-APP marker; drop APP1 (EXIF/XMP), APP3–APP13 (incl. IPTC),
 * APP15 and COM. Everything from SOS on is entropy-coded data and is copied unchanged.
 */
export function stripJpeg(input: Buffer): StripResult {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw new StripError('not a JPEG')
  const parts: Buffer[] = [input.subarray(0, 2)]
  const removed: string[] = []
  let pos = 2
  while (pos < input.length) {
    if (input[pos] !== 0xff) throw new StripError(`expected a marker at byte ${pos}`)
    const marker = input[pos + 1]
    if (marker === undefined) throw new StripError('truncated marker')
    if (marker === 0xff) {
      pos += 1
      continue
    } // fill byte
    if (marker === 0xda || marker === 0xd9) {
      parts.push(input.subarray(pos))
      break
    } // SOS / EOI: copy the rest
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(input.subarray(pos, pos + 2))
      pos += 2
      continue
    }
    if (pos + 4 > input.length) throw new StripError('truncated segment header')
    const length = input.readUInt16BE(pos + 2)
    if (length < 2 || pos + 2 + length > input.length) throw new StripError(`segment at byte ${pos} overruns the file`)
    const segment = input.subarray(pos, pos + 2 + length)
    const isApp = marker >= 0xe0 && marker <= 0xef
    const isIcc = marker === 0xe2 && segment.subarray(4, 16).toString('latin1') === 'ICC_PROFILE\0'
    const keep = isApp ? marker === 0xe0 || marker === 0xee || isIcc : marker !== 0xfe
    if (keep) parts.push(segment)
    else removed.push(marker === 0xfe ? 'COM' : marker === 0xe1 ? appName(segment) : `APP${marker - 0xe0}`)
    pos += 2 + length
  }
  return { bytes: Buffer.concat(parts), removed }
}

function appName(segment: Buffer): string {
  const id = segment.subarray(4, 40).toString('latin1')
  if (id.startsWith('Exif\0')) return 'EXIF'
  if (id.startsWith('http://ns.adobe.com/xap/1.0/') || id.startsWith('http://ns.adobe.com/xmp/extension/')) return 'XMP'
  return 'APP1'
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
// Ancillary chunks that carry provenance or free text; everything else (image data, colour) is kept.
const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'dSIG'])

/** PNG: drop eXIf, tEXt, zTXt, iTXt (XMP lives here), tIME and dSIG chunks; copy all others. */
export function stripPng(input: Buffer): StripResult {
  if (input.length < 8 || !input.subarray(0, 8).equals(PNG_SIGNATURE)) throw new StripError('not a PNG')
  const parts: Buffer[] = [PNG_SIGNATURE]
  const removed: string[] = []
  let pos = 8
  while (pos < input.length) {
    if (pos + 12 > input.length) throw new StripError('truncated chunk')
    const length = input.readUInt32BE(pos)
    const type = input.subarray(pos + 4, pos + 8).toString('latin1')
    const end = pos + 12 + length
    if (end > input.length) throw new StripError(`chunk ${type} overruns the file`)
    if (PNG_DROP.has(type)) removed.push(type)
    else parts.push(input.subarray(pos, end))
    pos = end
    if (type === 'IEND') break
  }
  return { bytes: Buffer.concat(parts), removed }
}

export function stripMetadata(mediaType: string, input: Buffer): StripResult {
  if (mediaType === 'image/jpeg') return stripJpeg(input)
  if (mediaType === 'image/png') return stripPng(input)
  throw new StripError(`no lossless metadata removal for ${mediaType}`)
}
