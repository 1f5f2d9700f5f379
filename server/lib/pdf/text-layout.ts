// Paragraph layout: the Unicode bidirectional algorithm (bidi-js), line
// breaking in logical order, shaping (fontkit, via fonts.ts) and visual
// reordering of each line. No PDF here: the result is lines of positioned
// glyph runs that the renderer draws left to right.
//
// Steps for one paragraph (text between hard line breaks):
//  1. Embedding levels with bidi-js for the whole paragraph (base direction
//     explicit or from the first strong character, rules P2/P3).
//  2. The text is cut into units: runs of spaces, and runs of non-space
//     characters with one embedding level. Units are shaped separately (Arabic
//     letters never join across a space or a direction change), right-to-left
//     units with their mirrored characters ("(" drawn as ")") and in visual order.
//  3. Lines are filled greedily in logical order, breaking at spaces; a word
//     wider than the line is split where breakPoints allows (after a
//     separator in file names and paths, between groups of a hash), and
//     between any two characters only when no such point fits.
//  4. Each line is reordered visually with bidi-js (rules L1/L2 on the line's
//     own range, trailing spaces dropped); the units follow the order in which
//     their characters appear.

import bidiImport from 'bidi-js'
import type { FontFace, ShapedGlyph } from './fonts.ts'

// bidi-js is CommonJS (`module.exports = factory`) but its typings declare a
// default export, so under NodeNext the import may arrive either way.
type BidiFactory = typeof bidiImport extends { default: infer F } ? F : typeof bidiImport
const bidiFactory: BidiFactory =
  typeof bidiImport === 'function' ? (bidiImport as unknown as BidiFactory) : (bidiImport as unknown as { default: BidiFactory }).default
const bidi = bidiFactory()

export interface TextStyle {
  face: FontFace
  /** Font size in points. */
  size: number
  /** Identifier style: tabular figures, no ligatures, and split anywhere when too long. */
  code?: boolean
  /** Identifier style only: left-to-right runs of printable ASCII are drawn with this monospaced face. */
  mono?: FontFace
}

/** Hex digits in a hash are drawn in groups of this many, a gap between groups. */
export const HEX_GROUP = 16
/** The gap between two groups of a hash, in ems. */
export const HEX_GAP_EM = 0.6
/** A word of at least this many hex digits and nothing else is a hash: grouped, and split between groups. */
const HASH_MIN = 32
const HEX_WORD = /^[0-9a-fA-F]+$/
/** Characters after which a file name, path or identifier may be broken. */
const SEPARATORS = new Set(['-', '_', '.', '/', '\\'])

/** True if `word` is a hash as the engine groups it (32 or more hex digits, nothing else). */
export function isHashWord(word: string): boolean {
  return word.length >= HASH_MIN && HEX_WORD.test(word)
}

/**
 * Where a word too wide for its line may be broken, as offsets into `word` (each the start of
 * the next line), best first tried by the caller from the widest that fits: a hash between groups
 * of HEX_GROUP digits; anything else after a separator (- _ . / \\). Empty: no such point, and the
 * caller falls back to breaking between characters.
 */
export function breakPoints(word: string): number[] {
  const out: number[] = []
  if (isHashWord(word)) {
    for (let i = HEX_GROUP; i < word.length; i += HEX_GROUP) out.push(i)
    return out
  }
  for (let i = 1; i < word.length - 1; i++) if (SEPARATORS.has(word[i]!) && !SEPARATORS.has(word[i + 1]!)) out.push(i + 1)
  return out
}

/** A shaped run drawn as one piece, glyphs in visual order. */
export interface Piece {
  style: TextStyle
  glyphs: readonly ShapedGlyph[]
  /** Width in points. */
  width: number
  rtl: boolean
  /** Text extractors should read this instead of the glyphs (a grouped hash: no spaces between its groups). */
  actualText?: string
}

/** Adds the gap after every HEX_GROUP-th glyph of a hash (not after the last). */
function groupHash(glyphs: readonly ShapedGlyph[], unitsPerEm: number): ShapedGlyph[] {
  const gap = Math.round(HEX_GAP_EM * unitsPerEm)
  return glyphs.map((g, i) => ((i + 1) % HEX_GROUP === 0 && i < glyphs.length - 1 ? { ...g, advance: g.advance + gap } : g))
}

export interface Line {
  /** Pieces in visual (left-to-right) order. */
  pieces: Piece[]
  /** Width in points, trailing spaces excluded. */
  width: number
  /** Base direction of the paragraph the line belongs to (for alignment). */
  rtl: boolean
  /** The logical text of the line (for diagnostics and tests). */
  text: string
  /** When a word was split across lines, the whole word (logical order) and whether this line starts/ends it. */
  split?: { word: string; first: boolean; last: boolean }
}

export type Direction = 'ltr' | 'rtl' | 'auto'

export interface LayoutOptions {
  direction?: Direction
  /** Base direction of an 'auto' paragraph without any strong character (digits only, ...). Default 'ltr'. */
  fallback?: 'ltr' | 'rtl'
}

const STRONG = /[\p{L}\u200E\u200F\u061C]/u

const SPACE = /[ \t]/
const MARK = /\p{M}/u

/** Replaces characters we never draw: CR, other C0/C1 controls; tabs become spaces. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/[\u2028\u2029]/g, '\n')
}

/** Shapes `text` as one run at `level` (odd = right to left). */
function shapeRun(text: string, level: number, baseStyle: TextStyle): Piece {
  let style = baseStyle
  const rtl = (level & 1) === 1
  let source = text
  if (rtl) {
    let mirrored = ''
    for (const ch of text) mirrored += bidi.getMirroredCharacter(ch) ?? ch
    source = mirrored
  }
  // Identifiers in printable ASCII, left to right: the monospaced face.
  if (!rtl && style.code === true && style.mono !== undefined && /^[\x21-\x7e]+$/.test(text)) style = { ...style, face: style.mono }
  let glyphs = style.face.shape(source, rtl, style.code === true)
  if (!rtl && style.code === true && isHashWord(text)) {
    glyphs = groupHash(glyphs, style.face.unitsPerEm)
    let units = 0
    for (const g of glyphs) units += g.advance
    return { style, glyphs, width: (units * style.size) / style.face.unitsPerEm, rtl, actualText: text }
  }
  if (rtl) {
    // Each glyph stands for its logical (unmirrored) characters. A glyph that
    // stands for several characters (the lam-alef ligature) lists them in
    // visual order, like the glyphs themselves: extractors that read glyphs
    // in visual order and reverse right-to-left runs (poppler, pdf.js) then
    // get them back in logical order.
    glyphs = glyphs.map((g) => {
      const chars = [...g.text]
      let t = ''
      for (const ch of chars.length > 1 ? chars.reverse() : chars) t += source !== text ? (bidi.getMirroredCharacter(ch) ?? ch) : ch
      return t === g.text ? g : { ...g, text: t }
    })
  }
  let units = 0
  for (const g of glyphs) units += g.advance
  return { style, glyphs, width: (units * style.size) / style.face.unitsPerEm, rtl }
}

interface Unit {
  start: number
  end: number
  level: number
  space: boolean
}

/** One paragraph (no '\n') with its levels. */
class Para {
  readonly text: string
  readonly levels: ReturnType<typeof bidi.getEmbeddingLevels>
  readonly baseRtl: boolean
  readonly style: TextStyle
  private readonly shaped = new Map<string, Piece>()

  constructor(text: string, style: TextStyle, direction: Direction, fallback: 'ltr' | 'rtl' = 'ltr') {
    this.text = text
    this.style = style
    const base = direction !== 'auto' ? direction : STRONG.test(text) ? undefined : fallback
    this.levels = bidi.getEmbeddingLevels(text, base)
    const para = this.levels.paragraphs[0]
    this.baseRtl = para !== undefined ? (para.level & 1) === 1 : direction === 'rtl'
  }

  level(i: number): number {
    return this.levels.levels[i] ?? (this.baseRtl ? 1 : 0)
  }

  /** Units of [start, end): spaces, and non-space runs of one level. */
  units(start: number, end: number): Unit[] {
    const out: Unit[] = []
    let i = start
    while (i < end) {
      const space = SPACE.test(this.text[i]!)
      const level = this.level(i)
      let j = i + 1
      while (j < end && SPACE.test(this.text[j]!) === space && (space || this.level(j) === level)) j++
      out.push({ start: i, end: j, level, space })
      i = j
    }
    return out
  }

  piece(u: Unit): Piece {
    const text = this.text.slice(u.start, u.end)
    const key = `${u.level}:${text}`
    let p = this.shaped.get(key)
    if (p === undefined) {
      p = u.space
        ? { style: this.style, glyphs: this.style.face.shape(text, false, this.style.code === true), width: 0, rtl: false }
        : shapeRun(text, u.level, this.style)
      if (u.space) {
        let units = 0
        for (const g of p.glyphs) units += g.advance
        p.width = (units * this.style.size) / this.style.face.unitsPerEm
      }
      this.shaped.set(key, p)
    }
    return p
  }

  width(start: number, end: number): number {
    let w = 0
    for (const u of this.units(start, end)) w += this.piece(u).width
    return w
  }

  /** Builds the visual line for [start, end) (trailing spaces are dropped). */
  line(start: number, end: number, split?: Line['split']): Line {
    let e = end
    while (e > start && SPACE.test(this.text[e - 1]!)) e--
    const units = this.units(start, e)
    const pieces: Piece[] = []
    let width = 0
    if (units.length > 0) {
      const unitOf = new Int32Array(e - start)
      units.forEach((u, k) => unitOf.fill(k, u.start - start, u.end - start))
      // Visual order of the line's characters (rules L1-L2 on this line only).
      const order: number[] = []
      for (let i = start; i < e; i++) order.push(i)
      for (const [a, b] of bidi.getReorderSegments(this.text, this.levels, start, e - 1)) {
        for (let lo = a! - start, hi = b! - start; lo < hi; lo++, hi--) {
          const tmp = order[lo]!
          order[lo] = order[hi]!
          order[hi] = tmp
        }
      }
      const seen = new Uint8Array(units.length)
      for (const idx of order) {
        const k = unitOf[idx - start]!
        if (seen[k] === 1) continue
        seen[k] = 1
        const p = this.piece(units[k]!)
        pieces.push(p)
        width += p.width
      }
    }
    const line: Line = { pieces, width, rtl: this.baseRtl, text: this.text.slice(start, e) }
    if (split !== undefined) line.split = split
    return line
  }
}

/**
 * Boundaries inside [start, end) where a too-long word may be split: the word's breakPoints, or
 * with `anywhere` every code point boundary (never before a mark).
 */
function splitPoints(text: string, start: number, end: number, anywhere: boolean, wordStart: number): number[] {
  if (!anywhere) {
    const word = text.slice(wordStart, end)
    return breakPoints(word)
      .map((p) => wordStart + p)
      .filter((p) => p > start && p < end)
  }
  const out: number[] = []
  let i = start
  while (i < end) {
    const cp = text.codePointAt(i)!
    const next = i + (cp > 0xffff ? 2 : 1)
    if (next < end && !MARK.test(String.fromCodePoint(text.codePointAt(next)!))) out.push(next)
    i = next
  }
  return out
}

/**
 * Lays out `text` in lines no wider than `maxWidth` points. Hard line breaks
 * ('\n') start new paragraphs, each with its own base direction when the
 * direction is 'auto'. An empty paragraph gives an empty line.
 */
export function layoutText(text: string, style: TextStyle, maxWidth: number, options: LayoutOptions = {}): Line[] {
  const direction = options.direction ?? 'auto'
  const lines: Line[] = []
  for (const paragraph of cleanText(text).split('\n')) {
    const para = new Para(paragraph, style, direction, options.fallback)
    if (paragraph.trim().length === 0) {
      lines.push({ pieces: [], width: 0, rtl: para.baseRtl, text: '' })
      continue
    }
    layoutPara(para, maxWidth, lines)
  }
  return lines
}

function layoutPara(para: Para, maxWidth: number, lines: Line[]): void {
  const text = para.text
  // Words: [start, end) of non-space text; the spaces after a word are skipped.
  const words: Array<{ start: number; end: number }> = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && SPACE.test(text[i]!)) i++
    const start = i
    while (i < text.length && !SPACE.test(text[i]!)) i++
    if (i > start) words.push({ start, end: i })
  }
  let lineStart = 0
  let lineEnd = 0
  let placed = false
  for (const w of words) {
    if (placed) {
      if (para.width(lineStart, w.end) <= maxWidth) {
        lineEnd = w.end
        continue
      }
      lines.push(para.line(lineStart, lineEnd))
      placed = false
    }
    if (para.width(w.start, w.end) <= maxWidth) {
      lineStart = w.start
      lineEnd = w.end
      placed = true
      continue
    }
    // Wider than a line: split between characters; every piece, the last
    // included, gets a line of its own, marked with the whole word.
    const word = text.slice(w.start, w.end)
    let s = w.start
    let first = true
    for (;;) {
      if (para.width(s, w.end) <= maxWidth) {
        lines.push(para.line(s, w.end, { word, first, last: true }))
        break
      }
      // The widest piece that ends at a break point; between characters only when none fits.
      let points = splitPoints(text, s, w.end, false, w.start)
      if (points.length === 0 || para.width(s, points[0]!) > maxWidth) points = splitPoints(text, s, w.end, true, w.start)
      let best = points[0] ?? w.end
      let lo = 1
      let hi = points.length - 1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        if (para.width(s, points[mid]!) <= maxWidth) {
          best = points[mid]!
          lo = mid + 1
        } else hi = mid - 1
      }
      lines.push(para.line(s, best, { word, first, last: best >= w.end }))
      if (best >= w.end) break
      first = false
      s = best
    }
  }
  if (placed) lines.push(para.line(lineStart, lineEnd))
}

/** Width in points of `text` on one line (no wrapping). */
export function measureText(text: string, style: TextStyle, direction: Direction = 'auto'): number {
  const lines = layoutText(text.replace(/\n/g, ' '), style, Number.POSITIVE_INFINITY, { direction })
  return lines[0]?.width ?? 0
}
