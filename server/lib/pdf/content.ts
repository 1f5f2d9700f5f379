// A page's content stream as text, built operator by operator, and the
// drawing of laid-out lines as glyph runs.
//
// Glyphs are drawn in visual order (left to right) with TJ arrays; every glyph
// code maps, through its font's ToUnicode CMap, to the logical characters it
// stands for (see pdf-font.ts). Text extractors that order text by position
// and apply their own bidi handling (poppler's pdftotext does) then read
// right-to-left text back in logical order. A word split over several lines
// (a long hash) is wrapped in one /ActualText span holding the whole word.

import type { PDFRef } from 'pdf-lib'
import type { PdfFont } from './pdf-font.ts'
import type { FaceName } from './fonts.ts'
import type { Line } from './text-layout.ts'

export type Rgb = readonly [number, number, number]

/** Formats a number for a content stream: at most 3 decimals, no exponent, no "-0". */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`pdf: non-finite number ${n}`)
  const r = Math.round(n * 1000) / 1000
  if (r === 0) return '0'
  let s = r.toFixed(3)
  s = s.replace(/0+$/, '').replace(/\.$/, '')
  return s
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0')
}

/** A PDF text string as UTF-16BE hex with a byte order mark: <FEFF...>. */
export function utf16HexString(text: string): string {
  let out = '<FEFF'
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i))
  return `${out}>`
}

/** A PDF name token for a BCP 47 tag or other ASCII word, as a literal string. */
export function literalString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '')})`
}

export class Content {
  private readonly parts: string[] = []
  readonly fonts = new Map<string, PDFRef>()
  readonly xObjects = new Map<string, PDFRef>()

  op(text: string): void {
    this.parts.push(text)
  }

  toString(): string {
    return `${this.parts.join('\n')}\n`
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    this.op(`${num(color[0])} ${num(color[1])} ${num(color[2])} rg ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`)
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Rgb, width: number): void {
    this.op(`${num(color[0])} ${num(color[1])} ${num(color[2])} RG ${num(width)} w ${num(x)} ${num(y)} ${num(w)} ${num(h)} re S`)
  }

  line(x1: number, y1: number, x2: number, y2: number, color: Rgb, width: number, dash?: readonly [number, number]): void {
    const d = dash === undefined ? '' : `[${num(dash[0])} ${num(dash[1])}] 0 d 1 J `
    const reset = dash === undefined ? '' : ' [] 0 d 0 J'
    this.op(
      `${num(color[0])} ${num(color[1])} ${num(color[2])} RG ${num(width)} w ${d}${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S${reset}`
    )
  }

  image(name: string, ref: PDFRef, x: number, y: number, w: number, h: number): void {
    this.xObjects.set(name, ref)
    this.op(`q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /${name} Do Q`)
  }

  beginSpan(props: { actualText?: string; lang?: string }): void {
    const entries: string[] = []
    if (props.lang !== undefined) entries.push(`/Lang ${literalString(props.lang)}`)
    if (props.actualText !== undefined) entries.push(`/ActualText ${utf16HexString(props.actualText)}`)
    this.op(`/Span <<${entries.join(' ')}>> BDC`)
  }

  endSpan(): void {
    this.op('EMC')
  }

  /**
   * Draws a laid-out line with its left end at `x` and baseline `y`.
   * `fonts` maps each face to its embedded PDF font.
   */
  textLine(line: Line, x: number, y: number, color: Rgb, fonts: ReadonlyMap<FaceName, PdfFont>): void {
    if (line.pieces.length === 0) return
    const out: string[] = ['BT', `${num(color[0])} ${num(color[1])} ${num(color[2])} rg`]
    let curRes = ''
    let curSize = -1
    let tj: string[] | null = null // open TJ array
    let expectedX = 0 // where the text position is after the last glyph shown
    let segY = 0
    const closeTj = (): void => {
      if (tj !== null && tj.length > 0) out.push(`[${tj.join('')}] TJ`)
      tj = null
    }
    let penX = x
    for (const piece of line.pieces) {
      const font = fonts.get(piece.style.face.name)
      if (font === undefined) throw new Error(`pdf: no embedded font for face ${piece.style.face.name}`)
      const size = piece.style.size
      const k = size / piece.style.face.unitsPerEm
      // A grouped hash reads as one word: its /ActualText has no spaces between the groups.
      if (piece.actualText !== undefined) {
        closeTj()
        out.push(`/Span <</ActualText ${utf16HexString(piece.actualText)}>> BDC`)
      }
      for (const g of piece.glyphs) {
        const enc = font.encode(g.id, g.text)
        const gx = penX + g.xOffset * k
        const gy = y + g.yOffset * k
        const notdef = g.id === 0
        if (tj === null || enc.resourceName !== curRes || size !== curSize || gy !== segY || notdef) {
          closeTj()
          if (enc.resourceName !== curRes || size !== curSize) {
            out.push(`/${enc.resourceName} ${num(size)} Tf`)
            this.fonts.set(enc.resourceName, enc.ref)
            curRes = enc.resourceName
            curSize = size
          }
          out.push(`1 0 0 1 ${num(gx)} ${num(gy)} Tm`)
          segY = gy
          expectedX = gx
          tj = []
        }
        const shift = ((gx - expectedX) * 1000) / size
        if (Math.abs(shift) >= 0.005) tj!.push(` ${num(-shift)} `)
        if (notdef) {
          // The missing-glyph box: its characters travel as /ActualText.
          closeTj()
          out.push(`/Span <</ActualText ${utf16HexString(g.text)}>> BDC [<${hex4(enc.cid)}>] TJ EMC`)
          tj = null
        } else {
          tj!.push(`<${hex4(enc.cid)}>`)
        }
        expectedX = gx + (enc.width * size) / 1000
        penX += g.advance * k
      }
      if (piece.actualText !== undefined) {
        closeTj()
        out.push('EMC')
      }
    }
    closeTj()
    out.push('ET')
    this.op(out.join('\n'))
  }
}
