// Embedding a TrueType face as PDF Type 0 / CIDFontType2 subset fonts whose
// ToUnicode CMaps map every glyph to exactly the characters it was drawn for.
//
// A glyph id can stand for different text in different places: the ')' glyph
// is ')' in left-to-right text but '(' in right-to-left text (mirroring), the
// space glyph also draws a zero-width non-joiner, contextual forms may be
// shared by similar letters. A ToUnicode CMap maps a code to one string, so a
// face is embedded as one or more "planes", each a separate subset font: a
// (glyph, text) pair goes to the first plane where the glyph is unused or
// already means that text. Almost all text lands in plane 0.
//
// Subset tags (the "ABCDEF+" prefix) are derived from a hash of the subset's
// bytes, so they are deterministic (pdf-lib's own embedder uses a seeded
// counter and a non-standard suffix instead).

import { createHash } from 'node:crypto'
import { PDFString, type PDFContext, type PDFRef } from 'pdf-lib'
import { isIgnorableText, type FontFace } from './fonts.ts'

interface Plane {
  index: number
  resourceName: string
  ref: PDFRef
  subset: ReturnType<FontFace['font']['createSubset']>
  /** glyph id -> cid in this plane */
  cidByGlyph: Map<number, number>
  /** cid -> text */
  textByCid: Map<number, string>
  /** cid -> width in glyph space (1/1000 em) */
  widthByCid: Map<number, number>
}

export interface EncodedGlyph {
  resourceName: string
  ref: PDFRef
  cid: number
  /** Width of the glyph in the PDF font, 1/1000 em. */
  width: number
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits
  const r = Math.round(n * f) / f
  return Object.is(r, -0) ? 0 : r
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0')
}

function utf16Hex(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i))
  return out
}

/** A ToUnicode CMap (bfchar entries in blocks of at most 100, as the spec asks). */
export function toUnicodeCMap(entries: ReadonlyArray<readonly [cid: number, text: string]>): string {
  const lines: string[] = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange'
  ]
  const usable = entries.filter(([, text]) => text.length > 0)
  for (let i = 0; i < usable.length; i += 100) {
    const block = usable.slice(i, i + 100)
    lines.push(`${block.length} beginbfchar`)
    for (const [cid, text] of block) lines.push(`<${hex4(cid)}> <${utf16Hex(text)}>`)
    lines.push('endbfchar')
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end', '')
  return lines.join('\n')
}

function subsetTag(bytes: Uint8Array, plane: number): string {
  const digest = createHash('sha256').update(bytes).update(String(plane)).digest()
  let tag = ''
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i]! % 26))
  return tag
}

function encodeSubset(subset: Plane['subset']): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = []
    subset
      .encodeStream()
      .on('data', (d?: unknown) => {
        if (d instanceof Uint8Array) parts.push(d)
      })
      .on('end', () => resolve(Buffer.concat(parts)))
      .on('error', (e?: unknown) => reject(e instanceof Error ? e : new Error(String(e))))
  })
}

/** One face embedded in one document, as as many planes as its text needs. */
export class PdfFont {
  readonly face: FontFace
  private readonly context: PDFContext
  private readonly prefix: string
  private readonly planes: Plane[] = []

  constructor(context: PDFContext, face: FontFace, prefix: string) {
    this.context = context
    this.face = face
    this.prefix = prefix
  }

  private newPlane(): Plane {
    const subset = this.face.font.createSubset()
    const plane: Plane = {
      index: this.planes.length,
      resourceName: `${this.prefix}${this.planes.length}`,
      ref: this.context.nextRef(),
      subset,
      cidByGlyph: new Map(),
      textByCid: new Map(),
      widthByCid: new Map()
    }
    this.planes.push(plane)
    return plane
  }

  /**
   * The plane and code that draw glyph `glyphId` standing for `text`. The
   * missing-glyph box (.notdef, glyph 0) has no ToUnicode entry: the renderer
   * gives it an /ActualText instead, since it may stand for any character.
   */
  encode(glyphId: number, text: string): EncodedGlyph {
    if (glyphId === 0) {
      const p = this.planes[0] ?? this.newPlane()
      if (!p.widthByCid.has(0)) p.widthByCid.set(0, round((this.face.font.getGlyph(0).advanceWidth * 1000) / this.face.unitsPerEm))
      return { resourceName: p.resourceName, ref: p.ref, cid: 0, width: p.widthByCid.get(0)! }
    }
    let plane: Plane | undefined
    let cid: number | undefined
    for (const p of this.planes) {
      const c = p.cidByGlyph.get(glyphId)
      if (c === undefined) {
        plane = p
        break
      }
      if (p.textByCid.get(c) === text) {
        plane = p
        cid = c
        break
      }
    }
    plane ??= this.newPlane()
    if (cid === undefined) {
      cid = plane.subset.includeGlyph(glyphId)
      plane.cidByGlyph.set(glyphId, cid)
      plane.textByCid.set(cid, text)
      const advance = isIgnorableText(text) ? 0 : this.face.font.getGlyph(glyphId).advanceWidth
      plane.widthByCid.set(cid, round((advance * 1000) / this.face.unitsPerEm))
    }
    return { resourceName: plane.resourceName, ref: plane.ref, cid, width: plane.widthByCid.get(cid)! }
  }

  /** Number of planes (separate PDF fonts) this face needed. */
  get planeCount(): number {
    return this.planes.length
  }

  /** Writes every plane's font objects into the document. */
  async finalize(): Promise<void> {
    const ctx = this.context
    const font = this.face.font
    const scale = 1000 / this.face.unitsPerEm
    for (const plane of this.planes) {
      const bytes = await encodeSubset(plane.subset)
      const baseFont = `${subsetTag(bytes, plane.index)}+${(font.postscriptName ?? 'Font').replace(/[^A-Za-z0-9-]/g, '')}`
      const fontFile = ctx.register(ctx.flateStream(bytes, { Length1: bytes.length }))
      const descriptor = ctx.register(
        ctx.obj({
          Type: 'FontDescriptor',
          FontName: baseFont,
          Flags: this.face.name === 'mono' ? 5 : 4, // symbolic (glyphs outside the standard Latin set); 1: fixed pitch
          FontBBox: [
            round(font.bbox.minX * scale),
            round(font.bbox.minY * scale),
            round(font.bbox.maxX * scale),
            round(font.bbox.maxY * scale)
          ],
          ItalicAngle: font.italicAngle,
          Ascent: round(font.ascent * scale),
          Descent: round(font.descent * scale),
          CapHeight: round((font.capHeight || font.ascent) * scale),
          XHeight: round((font.xHeight || 0) * scale),
          StemV: 80,
          FontFile2: fontFile
        })
      )
      // W: runs of consecutive cids.
      const cids = [...plane.widthByCid.keys()].sort((a, b) => a - b)
      const w: Array<number | number[]> = []
      let run: number[] = []
      let runStart = -1
      let prev = -2
      for (const cid of cids) {
        if (cid !== prev + 1) {
          if (run.length > 0) w.push(runStart, run)
          run = []
          runStart = cid
        }
        run.push(plane.widthByCid.get(cid)!)
        prev = cid
      }
      if (run.length > 0) w.push(runStart, run)
      const cidFont = ctx.register(
        ctx.obj({
          Type: 'Font',
          Subtype: 'CIDFontType2',
          BaseFont: baseFont,
          CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
          FontDescriptor: descriptor,
          DW: 0,
          W: w,
          CIDToGIDMap: 'Identity'
        })
      )
      const entries = [...plane.textByCid.entries()].sort((a, b) => a[0] - b[0])
      const toUnicode = ctx.register(ctx.flateStream(toUnicodeCMap(entries)))
      ctx.assign(
        plane.ref,
        ctx.obj({
          Type: 'Font',
          Subtype: 'Type0',
          BaseFont: baseFont,
          Encoding: 'Identity-H',
          DescendantFonts: [cidFont],
          ToUnicode: toUnicode
        })
      )
    }
  }
}
