// Font faces for the PDF engine: Vazirmatn (Arabic script and Latin) loaded
// with fontkit, and text shaping with exact glyph-to-text mapping.
//
// fontkit shapes Arabic properly (init/medi/fina/isol forms, lam-alef and other
// required ligatures, mark positioning) when asked for script 'arab' and
// direction 'rtl'; it returns the glyphs of a right-to-left run already in
// visual (left-to-right drawing) order. What it does not do reliably is tell
// which characters each glyph stands for: `Font#getGlyph(id, codePoints)`
// caches one Glyph object per glyph id with the code points of the first call,
// so a glyph shared by two characters (Arabic and Farsi yeh in medial form, a
// space and a zero-width non-joiner, ...) would report the wrong text. We
// therefore give our own font instance a `getGlyph` that returns a view of the
// cached glyph carrying the code points of *this* call; fontkit's shaper keeps
// those through substitutions and merges them for ligatures, so every shaped
// glyph knows its source characters, which become the PDF ToUnicode mapping.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import fontkit from '@pdf-lib/fontkit'
import { MONO_FONT } from './mono-font.ts'

/** The subset of fontkit's Glyph we use. */
interface FkGlyph {
  id: number
  codePoints: number[]
  advanceWidth: number
}

interface FkPosition {
  xAdvance: number
  xOffset: number
  yOffset: number
}

interface FkRun {
  glyphs: FkGlyph[]
  positions: FkPosition[]
}

interface FkStream {
  on(event: string, cb: (data?: unknown) => void): FkStream
}

/** The subset of fontkit's Font we use (its typings omit layout's script/direction arguments). */
export interface FkFont {
  postscriptName: string | null
  unitsPerEm: number
  ascent: number
  descent: number
  capHeight: number
  xHeight: number
  italicAngle: number
  bbox: { minX: number; minY: number; maxX: number; maxY: number }
  layout(
    text: string,
    features: Record<string, boolean> | string[],
    script?: string,
    language?: string | null,
    direction?: 'ltr' | 'rtl'
  ): FkRun
  getGlyph(id: number, codePoints?: number[]): FkGlyph
  glyphForCodePoint(codePoint: number): FkGlyph
  createSubset(): { includeGlyph(glyph: number | FkGlyph): number; encodeStream(): FkStream }
}

export type FaceName = 'regular' | 'bold' | 'mono'

/** One shaped glyph, in font units, with the logical text it stands for. */
export interface ShapedGlyph {
  id: number
  /** The characters this glyph represents, in logical order (a ligature stands for several). */
  text: string
  /** Advance after this glyph, font units. */
  advance: number
  xOffset: number
  yOffset: number
}

export interface FontFace {
  name: FaceName
  font: FkFont
  unitsPerEm: number
  /** Ascender and descender as fractions of the em (descender negative). */
  ascent: number
  descent: number
  spaceAdvance: number
  /**
   * Shapes `text` (one directional run, no line breaks) and returns its glyphs
   * in visual order. `rtl` runs are shaped right to left; `code` asks for
   * tabular figures and no ligatures (hashes, identifiers).
   */
  shape(text: string, rtl: boolean, code?: boolean): readonly ShapedGlyph[]
}

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u
// Default-ignorable characters that fontkit replaces by a zero-width space glyph.
const IGNORABLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8]/u

/** True if every character of `text` is default-ignorable (drawn with zero width). */
export function isIgnorableText(text: string): boolean {
  if (text.length === 0) return false
  for (const ch of text) if (!IGNORABLE.test(ch)) return false
  return true
}

const SHAPE_CACHE_LIMIT = 200_000
const MARKS_ONLY = /^\p{M}+$/u

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Makes `font.getGlyph` return glyphs that carry the code points of each call (see the header). */
function trackCodePoints(font: FkFont): void {
  const base = font.getGlyph.bind(font)
  font.getGlyph = (id: number, codePoints: number[] = []): FkGlyph => {
    const glyph = base(id, codePoints)
    if (sameCodePoints(glyph.codePoints, codePoints)) return glyph
    return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as FkGlyph
  }
}

function makeFace(name: FaceName, bytes: Uint8Array): FontFace {
  const font = fontkit.create(bytes) as unknown as FkFont
  trackCodePoints(font)
  const upm = font.unitsPerEm
  const space = font.glyphForCodePoint(0x20)
  const cache = new Map<string, readonly ShapedGlyph[]>()

  // Identifiers (hashes, ids) in printable ASCII need no shaping: one glyph
  // per character from the cmap, nominal advances, no kerning or ligatures.
  const asciiGlyphs = new Map<string, ShapedGlyph>()
  function shapeAscii(text: string): ShapedGlyph[] {
    const out: ShapedGlyph[] = []
    for (const ch of text) {
      let g = asciiGlyphs.get(ch)
      if (g === undefined) {
        const glyph = font.glyphForCodePoint(ch.codePointAt(0)!)
        g = { id: glyph.id, text: ch, advance: glyph.advanceWidth, xOffset: 0, yOffset: 0 }
        asciiGlyphs.set(ch, g)
      }
      out.push(g)
    }
    return out
  }

  function shapeUncached(text: string, rtl: boolean, code: boolean): ShapedGlyph[] {
    if (code && !rtl && /^[\x20-\x7e]*$/.test(text)) return shapeAscii(text)
    const script = ARABIC_SCRIPT.test(text) ? 'arab' : 'latn'
    const features: Record<string, boolean> = code ? { liga: false, clig: false, calt: false, tnum: true } : {}
    const run = font.layout(text, features, script, null, rtl ? 'rtl' : 'ltr')
    // Ignorable characters come back as the space glyph with no advance and
    // the space's code points; give them back their own characters, in order.
    const ignorables = [...text].filter((ch) => IGNORABLE.test(ch))
    if (rtl) ignorables.reverse()
    const out: ShapedGlyph[] = []
    for (let i = 0; i < run.glyphs.length; i++) {
      const g = run.glyphs[i]!
      const p = run.positions[i]!
      let chars = String.fromCodePoint(...g.codePoints)
      if (g.id === space.id && p.xAdvance === 0 && ignorables.length > 0) chars = ignorables.shift()!
      out.push({ id: g.id, text: chars, advance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset })
    }
    // A mark drawn with its own offset (harakat) would be read by position as
    // a separate word; its characters go with its base glyph instead, which
    // then stands for the whole cluster (base first, in logical order).
    for (let i = 0; i < out.length; i++) {
      const m = out[i]!
      if (m.advance !== 0 || m.text.length === 0 || !MARKS_ONLY.test(m.text)) continue
      // In a right-to-left run the base follows its marks in visual order.
      let j = i
      do j += rtl ? 1 : -1
      while (j >= 0 && j < out.length && out[j]!.advance === 0 && MARKS_ONLY.test(out[j]!.text))
      const base = out[j]
      if (base === undefined || base.text.length === 0) continue
      out[j] = { ...base, text: base.text + m.text }
      out[i] = { ...m, text: '' }
    }
    return out
  }

  return {
    name,
    font,
    unitsPerEm: upm,
    ascent: font.ascent / upm,
    descent: font.descent / upm,
    spaceAdvance: space.advanceWidth,
    shape(text: string, rtl: boolean, code = false): readonly ShapedGlyph[] {
      const key = `${rtl ? 'r' : 'l'}${code ? 'c' : 't'}${text}`
      let hit = cache.get(key)
      if (hit === undefined) {
        if (cache.size >= SHAPE_CACHE_LIMIT) cache.clear()
        hit = shapeUncached(text, rtl, code)
        cache.set(key, hit)
      }
      return hit
    }
  }
}

export interface Faces {
  regular: FontFace
  bold: FontFace
  /** DejaVu Sans Mono: identifiers and hashes in printable ASCII (see mono/README.md). */
  mono: FontFace
  /** The font files, for embedding. */
  bytes: Record<FaceName, Uint8Array>
}

let loaded: Faces | undefined

/** Directory of the Vazirmatn TTF files shipped by the `vazirmatn` npm package. */
export function vazirmatnDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'ttf')
}

/** Loads (once per process) the Vazirmatn faces used by the engine. */
export function loadFaces(): Faces {
  if (loaded !== undefined) return loaded
  const dir = vazirmatnDir()
  const regular = new Uint8Array(readFileSync(join(dir, 'Vazirmatn-Regular.ttf')))
  const bold = new Uint8Array(readFileSync(join(dir, 'Vazirmatn-Bold.ttf')))
  loaded = {
    regular: makeFace('regular', regular),
    bold: makeFace('bold', bold),
    mono: makeFace('mono', MONO_FONT),
    bytes: { regular, bold, mono: MONO_FONT }
  }
  return loaded
}
