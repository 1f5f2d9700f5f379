// The PDF engine: lays out a DocumentModel on A4 pages and writes it with
// pdf-lib, deterministically.
//
// Layout happens first, into page drafts (lists of drawing operations), in
// three flows: the cover, the body and the contents page. The contents page
// is laid out after the body, when every heading's page is known; its length
// does not depend on the page numbers it prints, so one pass suffices. Then
// every page gets its running header and "page x of y" footer and is written
// out; fonts are subset and embedded last, when every glyph is known.
//
// Determinism: no clock, no randomness. The dates come from
// `generatedAt`, subset font tags from a hash of the subset, and the file
// identifier (/ID) from a SHA-256 of the finished file written with a
// placeholder identifier, which is then patched in place (same length).

import { createHash } from 'node:crypto'
import { PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, PDFString, ReadingDirection, type PDFImage, type PDFRef } from 'pdf-lib'
import { Content, num, type Rgb } from './content.ts'
import { loadFaces, type FaceName, type Faces } from './fonts.ts'
import {
  isRtlLanguage,
  PAGES_TOKEN,
  type Block,
  type DocumentModel,
  type Labels,
  type RenderOptions,
  type TableCell,
  type TextDirection
} from './model.ts'
import { PdfFont } from './pdf-font.ts'
import { SRGB_OUTPUT_INTENT, xmpMetadata } from './pdfa.ts'
import { SRGB_ICC } from './srgb-profile.ts'
import { keepWithNext, localDigits, usesPersianDigits } from './layout-rules.ts'
import { layoutText, type Line, type TextStyle } from './text-layout.ts'

// ---------------------------------------------------------------------------
// Page geometry (points) and styles.

export const PAGE_WIDTH = 595.28
export const PAGE_HEIGHT = 841.89
const MARGIN = { left: 56.7, right: 56.7, top: 72, bottom: 62 }
const TEXT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right
const TOP = PAGE_HEIGHT - MARGIN.top
const BOTTOM = MARGIN.bottom

const INK: Rgb = [0.1, 0.1, 0.12]
const MUTED: Rgb = [0.38, 0.38, 0.42]
const RULE: Rgb = [0.72, 0.72, 0.76]
const HEAD_FILL: Rgb = [0.9, 0.91, 0.94]
const ZEBRA: Rgb = [0.965, 0.967, 0.975]
const BAR: Rgb = [0.16, 0.32, 0.55]
const ACCENT: Rgb = [0.12, 0.25, 0.45]
/** Classification banners: a dark red that prints as a strong grey in black and white. */
const CLASSIFIED: Rgb = [0.6, 0.05, 0.05]

interface Styles {
  body: TextStyle
  small: TextStyle
  code: TextStyle
  h1: TextStyle
  h2: TextStyle
  h3: TextStyle
  label: TextStyle
  cell: TextStyle
  cellBold: TextStyle
  cellCode: TextStyle
  chrome: TextStyle
  coverTitle: TextStyle
  coverSub: TextStyle
  tocMain: TextStyle
  tocSub: TextStyle
}

function makeStyles(faces: Faces): Styles {
  const r = faces.regular
  const b = faces.bold
  return {
    body: { face: r, size: 10 },
    small: { face: r, size: 8.5 },
    code: { face: r, size: 7.5, code: true, mono: faces.mono },
    h1: { face: b, size: 16 },
    h2: { face: b, size: 13 },
    h3: { face: b, size: 11 },
    label: { face: b, size: 8.5 },
    cell: { face: r, size: 8.5 },
    cellBold: { face: b, size: 8.5 },
    cellCode: { face: r, size: 7, code: true, mono: faces.mono },
    chrome: { face: r, size: 7.5 },
    coverTitle: { face: b, size: 22 },
    coverSub: { face: b, size: 14 },
    tocMain: { face: b, size: 10 },
    tocSub: { face: r, size: 9.5 }
  }
}

function lineHeight(style: TextStyle): number {
  return style.size * (style.code === true ? 1.35 : 1.5)
}

/** Distance from the top of a line box to the baseline. */
function baselineOffset(style: TextStyle): number {
  const lh = lineHeight(style)
  const content = (style.face.ascent - style.face.descent) * style.size
  return (lh - content) / 2 + style.face.ascent * style.size
}

// ---------------------------------------------------------------------------
// Page drafts.

type DrawOp =
  | { t: 'text'; x: number; y: number; line: Line; color: Rgb; lang?: string }
  | { t: 'fill'; x: number; y: number; w: number; h: number; color: Rgb }
  | { t: 'stroke'; x: number; y: number; w: number; h: number; color: Rgb; width: number }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; color: Rgb; width: number; dash?: readonly [number, number] }
  | { t: 'image'; image: PDFImage; x: number; y: number; w: number; h: number }
  | { t: 'link'; x: number; y: number; w: number; h: number; target: number }
  | { t: 'beginSpan'; actualText: string }
  | { t: 'endSpan' }

interface PageDraft {
  ops: DrawOp[]
}

/** A heading listed on the contents page and in the outline. */
interface TocEntry {
  level: number
  text: string
  /** Page index within the body flow, then within the document once known. */
  bodyPage: number
  page: number
  y: number
}

type Align = 'auto' | 'start' | 'end' | 'center'

/** One cell of a drawn row: a column of lines in a box `offset` points from the start edge. */
interface RowCell {
  offset: number
  width: number
  lines: Line[]
  style: TextStyle
  align: Align
  color?: Rgb
  lang?: string
}

const TABLE_PAD_X = 3

/** Height of a row of `cells` (as drawRow draws it), at most a whole page. */
function rowHeight(cells: readonly RowCell[], padY: number): number {
  const h = padY * 2 + Math.max(0, ...cells.map((c) => c.lines.length * lineHeight(c.style)))
  return Math.min(h, TOP - BOTTOM)
}

class Flow {
  readonly pages: PageDraft[] = []
  page!: PageDraft
  y = TOP
  /** Nothing but repeated headers drawn on this page yet. */
  fresh = true
  /** Called on each new page (table headers, chart titles "(continued)"). */
  readonly onNewPage: Array<() => void> = []
  private openSpan = false

  constructor() {
    this.newPage()
  }

  newPage(): void {
    this.endSpan()
    this.page = { ops: [] }
    this.pages.push(this.page)
    this.y = TOP
    this.fresh = true
    for (const f of this.onNewPage) f()
    this.fresh = true
  }

  get available(): number {
    return this.y - BOTTOM
  }

  /** Starts a new page unless `height` fits or the page is still empty. */
  need(height: number): void {
    if (height > this.available && !this.fresh) this.newPage()
  }

  /** Vertical space, skipped at the top of a page. */
  gap(height: number): void {
    if (!this.fresh) this.y = Math.max(BOTTOM, this.y - height)
  }

  push(op: DrawOp): void {
    this.page.ops.push(op)
  }

  drawn(): void {
    this.fresh = false
  }

  beginSpan(actualText: string): void {
    this.endSpan()
    this.page.ops.push({ t: 'beginSpan', actualText })
    this.openSpan = true
  }

  endSpan(): void {
    if (!this.openSpan) return
    this.page.ops.push({ t: 'endSpan' })
    this.openSpan = false
  }
}

// ---------------------------------------------------------------------------
// The renderer.

export interface RenderResult {
  bytes: Uint8Array
  pageCount: number
  /** Headings of level 1 and 2 with their (1-based) page numbers. */
  contents: Array<{ level: number; text: string; page: number }>
  /** Things the reader of the PDF would want to know about (images skipped, ...). */
  warnings: string[]
}

export interface RenderProgress {
  /** 'layout' (with done/total blocks) or 'write'. */
  stage: 'layout' | 'write'
  done: number
  total: number
}

export interface RenderPdfOptions extends RenderOptions {
  onProgress?: (progress: RenderProgress) => void
  /**
   * Called on the finished document just before its one save (pades.ts adds its signature placeholder
   * here); the file is then saved without object streams, so what was added stays plain bytes.
   */
  beforeSave?: (doc: PDFDocument) => void
}

const ID_PLACEHOLDER = '53616E61642D49442D706C616365686F' // "Sanad-ID-placeho", 16 bytes

const DEFAULT_LABELS: Required<Labels> = {
  contents: 'Contents',
  pageOf: 'Page {page} of {pages}',
  imageUnreadable: 'Image could not be displayed',
  continued: '(continued)',
  noData: 'No data'
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const fixed = Number.isInteger(value)
    ? String(Math.abs(value))
    : Math.abs(value)
        .toFixed(2)
        .replace(/\.?0+$/, '')
  const [int = '0', frac] = fixed.split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${value < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`
}

function sniffImage(bytes: Uint8Array): 'jpeg' | 'png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png'
  return null
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

class Renderer {
  readonly model: DocumentModel
  readonly options: RenderPdfOptions
  readonly doc: PDFDocument
  readonly styles: Styles
  readonly faces: Faces
  readonly docRtl: boolean
  /** Dari and Pashto documents print running text with Eastern Arabic digits (layout-rules.ts). */
  readonly persianDigits: boolean
  readonly labels: Required<Labels>
  readonly toc: TocEntry[] = []
  readonly warnings: string[] = []
  private readonly images = new Map<string, PDFImage | null>()

  constructor(model: DocumentModel, options: RenderPdfOptions, doc: PDFDocument) {
    this.model = model
    this.options = options
    this.doc = doc
    this.faces = loadFaces()
    this.styles = makeStyles(this.faces)
    this.docRtl = isRtlLanguage(model.meta.language)
    this.persianDigits = usesPersianDigits(model.meta.language)
    this.labels = { ...DEFAULT_LABELS, ...(model.labels ?? {}) }
  }

  /** Physical x of a box `offset` points from the start edge of the page direction. */
  xs(offset: number, width: number): number {
    return this.docRtl ? PAGE_WIDTH - MARGIN.right - offset - width : MARGIN.left + offset
  }

  /**
   * Lays out `text`. In a Dari or Pashto document running text gets Eastern Arabic digits, except
   * `verbatim` text (quoted in its own language), identifiers (code style) and text the model sets
   * left to right (file names, coordinates, devices, times): those keep their digits as written.
   */
  lay(text: string, style: TextStyle, width: number, direction: TextDirection = 'auto', verbatim = false): Line[] {
    const shown = this.persianDigits && !verbatim && style.code !== true && direction !== 'ltr' ? localDigits(text) : text
    return layoutText(shown, style, Math.max(width, style.size), { direction, fallback: this.docRtl ? 'rtl' : 'ltr' })
  }

  /** Left x of `line` placed in the physical box [bx, bx + bw]. */
  place(line: Line, bx: number, bw: number, align: Align): number {
    if (align === 'center') return bx + (bw - line.width) / 2
    let right: boolean
    if (align === 'start') right = this.docRtl
    else if (align === 'end') right = !this.docRtl
    else right = line.rtl
    return right ? bx + bw - line.width : bx
  }

  /** Draws `lines` in a box at the current position, breaking pages between lines. */
  drawLines(
    flow: Flow,
    lines: Line[],
    style: TextStyle,
    opts: { offset?: number; width?: number; align?: Align; color?: Rgb; lang?: string } = {}
  ): void {
    const width = opts.width ?? TEXT_WIDTH
    const bx = this.xs(opts.offset ?? 0, width)
    const lh = lineHeight(style)
    const base = baselineOffset(style)
    for (const line of lines) {
      flow.need(lh)
      this.textAt(flow, line, this.place(line, bx, width, opts.align ?? 'auto'), flow.y - base, opts.color ?? INK, opts.lang)
      flow.y -= lh
      flow.drawn()
    }
  }

  /** Pushes one line, wrapping a split left-to-right word in an /ActualText span. */
  textAt(flow: Flow, line: Line, x: number, y: number, color: Rgb, lang?: string): void {
    const split = line.split
    const spanned = split !== undefined && !line.rtl && line.pieces.every((p) => !p.rtl)
    if (spanned && split.first) flow.beginSpan(split.word)
    // Inside the whole word's span a piece needs no /ActualText of its own (nested ones are read twice).
    const drawn = spanned ? { ...line, pieces: line.pieces.map(({ actualText: _, ...p }) => p) } : line
    const op: DrawOp = { t: 'text', x, y, line: drawn, color }
    if (lang !== undefined) op.lang = lang
    flow.push(op)
    if (spanned && split.last) flow.endSpan()
  }

  // -- rows (key/values, tables, lists) --------------------------------------

  /**
   * Draws one row of cells, each a column of lines. A row that does not fit
   * goes to the next page; a row taller than a whole page is split between
   * lines. `fill` paints the row background, `rule` a hairline under it.
   */
  drawRow(flow: Flow, cells: RowCell[], opts: { padY: number; padX: number; fill?: Rgb; rule?: Rgb; minHeight?: number }): void {
    let remaining = cells.map((c) => c.lines)
    for (;;) {
      const heights = cells.map((c, i) => remaining[i]!.length * lineHeight(c.style))
      const need = Math.max(opts.minHeight ?? 0, opts.padY * 2 + Math.max(0, ...heights))
      let take = remaining.map((l) => l.length)
      let height = need
      let done = true
      if (need > flow.available) {
        // A row that fits on a page moves to the next one; a row taller than
        // any page is split, starting here if a line or two fit.
        const minimum = opts.padY * 2 + 2 * Math.max(...cells.map((c) => lineHeight(c.style)))
        if (!flow.fresh && (need <= TOP - BOTTOM || flow.available < minimum)) {
          flow.newPage()
          continue
        }
        height = flow.available
        take = cells.map((c, i) => Math.max(1, Math.min(remaining[i]!.length, Math.floor((height - opts.padY * 2) / lineHeight(c.style)))))
        done = take.every((n, i) => n >= remaining[i]!.length)
      }
      const top = flow.y
      if (opts.fill !== undefined) flow.push({ t: 'fill', x: MARGIN.left, y: top - height, w: TEXT_WIDTH, h: height, color: opts.fill })
      cells.forEach((c, i) => {
        const lh = lineHeight(c.style)
        const base = baselineOffset(c.style)
        const bx = this.xs(c.offset + opts.padX, c.width - opts.padX * 2)
        const lines = remaining[i]!.slice(0, take[i])
        lines.forEach((line, k) => {
          const y = top - opts.padY - k * lh - base
          this.textAt(flow, line, this.place(line, bx, c.width - opts.padX * 2, c.align), y, c.color ?? INK, c.lang)
        })
      })
      flow.endSpan()
      if (opts.rule !== undefined)
        flow.push({
          t: 'line',
          x1: MARGIN.left,
          y1: top - height,
          x2: MARGIN.left + TEXT_WIDTH,
          y2: top - height,
          color: opts.rule,
          width: 0.4
        })
      flow.y = top - height
      flow.drawn()
      if (done) return
      remaining = remaining.map((l, i) => l.slice(take[i]))
      flow.newPage()
    }
  }

  // -- blocks ------------------------------------------------------------------

  /** Starts a new page unless `lead` and the `next` piece that must follow it fit here (layout-rules.ts). */
  keep(flow: Flow, lead: number, next: number): void {
    const decision = keepWithNext({ lead, next, available: flow.available, fresh: flow.fresh, pageHeight: TOP - BOTTOM })
    if (decision === 'new-page') flow.newPage()
  }

  /**
   * Height of the first piece of `rest[0]` that cannot be split from what is kept with it: two
   * lines of a paragraph, the first row of key/values, a table's caption, header and first row, a
   * heading with its own first piece. 0 when nothing follows or the next block starts a page.
   */
  firstPieceHeight(rest: readonly Block[], depth = 0): number {
    const b = rest[0]
    if (b === undefined || depth > 3) return 0
    const s = this.styles
    switch (b.kind) {
      case 'heading': {
        if (b.newPage === true) return 0
        const style = b.level === 1 ? s.h1 : b.level === 2 ? s.h2 : s.h3
        const lines = this.lay(b.text, style, TEXT_WIDTH, b.direction).length
        const own = (b.level === 1 ? 16 : b.level === 2 ? 12 : 8) + lines * lineHeight(style) + (b.level === 1 ? 6 : 3)
        return own + this.firstPieceHeight(rest.slice(1), depth + 1)
      }
      case 'paragraph': {
        const style = b.style === 'code' ? s.code : b.style === 'small' || b.style === 'note' ? s.small : s.body
        const lines = this.lay(b.text, style, TEXT_WIDTH, b.direction, b.lang !== undefined).length
        return Math.min(2, lines) * lineHeight(style)
      }
      case 'keyValues': {
        const row = b.rows[0]
        if (row === undefined) return 0
        return rowHeight(this.keyValueCells(row, b.labelWidth), 2.5)
      }
      case 'table': {
        const t = this.tableParts(b.columns, b.caption)
        const first = b.rows[0]
        return t.lead + (first === undefined ? 0 : rowHeight(t.cells(first), 2.5))
      }
      case 'list': {
        const item = b.items[0]
        return item === undefined ? 0 : this.lay(item, s.body, TEXT_WIDTH - 22, b.direction).length * lineHeight(s.body) + 2
      }
      case 'barChart':
        return this.lay(b.title, s.h3, TEXT_WIDTH).length * lineHeight(s.h3) + 4 + 14
      case 'image':
        return Math.min(b.maxHeight ?? 320, TOP - BOTTOM) / 2
      default:
        return 0
    }
  }

  /** The label and value cells of a key/value row. */
  keyValueCells(
    row: { label: string; value: string; code?: boolean; direction?: TextDirection; lang?: string },
    labelWidth?: number
  ): RowCell[] {
    const s = this.styles
    const labelW = TEXT_WIDTH * Math.min(0.6, Math.max(0.1, labelWidth ?? 0.3))
    const valueW = TEXT_WIDTH - labelW
    const vStyle = row.code === true ? s.cellCode : s.cell
    const value: RowCell = {
      offset: labelW,
      width: valueW,
      lines: this.lay(row.value, vStyle, valueW - 8, row.direction, row.lang !== undefined),
      style: vStyle,
      align: 'start',
      ...(row.lang === undefined ? {} : { lang: row.lang })
    }
    return [
      { offset: 0, width: labelW, lines: this.lay(row.label, s.label, labelW - 8), style: s.label, align: 'start', color: MUTED },
      value
    ]
  }

  async block(flow: Flow, b: Block, isBody: boolean, rest: readonly Block[] = []): Promise<void> {
    const s = this.styles
    switch (b.kind) {
      case 'heading': {
        const style = b.level === 1 ? s.h1 : b.level === 2 ? s.h2 : s.h3
        if (b.newPage === true && !flow.fresh) flow.newPage()
        flow.gap(b.level === 1 ? 16 : b.level === 2 ? 12 : 8)
        const lines = this.lay(b.text, style, TEXT_WIDTH, b.direction)
        // Keep the heading with the start of what follows (never the last thing on a page).
        const lead = lines.length * lineHeight(style) + (b.level === 1 ? 6 : 3)
        this.keep(flow, lead, this.firstPieceHeight(rest))
        if (isBody && b.level <= 2) this.toc.push({ level: b.level, text: b.text, bodyPage: flow.pages.length - 1, page: -1, y: flow.y })
        this.drawLines(flow, lines, style, { align: 'auto', color: b.level === 1 ? ACCENT : INK })
        if (b.level === 1) {
          flow.push({ t: 'line', x1: MARGIN.left, y1: flow.y - 2, x2: MARGIN.left + TEXT_WIDTH, y2: flow.y - 2, color: ACCENT, width: 0.8 })
          flow.y -= 6
        } else flow.y -= 3
        return
      }
      case 'paragraph': {
        const style = b.style === 'code' ? s.code : b.style === 'small' || b.style === 'note' ? s.small : s.body
        const opts: Parameters<Renderer['drawLines']>[3] = { color: b.style === 'note' ? MUTED : INK }
        if (b.lang !== undefined) opts.lang = b.lang
        this.drawLines(flow, this.lay(b.text, style, TEXT_WIDTH, b.direction, b.lang !== undefined), style, opts)
        flow.y -= style.size * 0.6
        return
      }
      case 'keyValues': {
        for (const row of b.rows) this.drawRow(flow, this.keyValueCells(row, b.labelWidth), { padY: 2.5, padX: 4, rule: RULE })
        flow.y -= 6
        return
      }
      case 'table':
        this.table(flow, b.columns, b.rows, b.caption)
        return
      case 'list': {
        const markerW = b.ordered === true ? 22 : 14
        b.items.forEach((item, i) => {
          const marker = b.ordered === true ? `${i + 1}.` : '\u2022'
          this.drawRow(
            flow,
            [
              {
                offset: 0,
                width: markerW,
                lines: this.lay(marker, s.body, markerW, this.docRtl ? 'rtl' : 'ltr'),
                style: s.body,
                align: 'start'
              },
              {
                offset: markerW,
                width: TEXT_WIDTH - markerW,
                lines: this.lay(item, s.body, TEXT_WIDTH - markerW, b.direction),
                style: s.body,
                align: 'auto'
              }
            ],
            { padY: 1, padX: 0 }
          )
        })
        flow.y -= 5
        return
      }
      case 'barChart':
        this.barChart(flow, b.title, b.bars, b.unit ?? '')
        return
      case 'image':
        await this.image(flow, b.bytes, b.caption, b.maxWidth, b.maxHeight)
        return
      case 'pageBreak':
        if (!flow.fresh) flow.newPage()
        return
      case 'cover':
        this.cover(flow, b.titleLines, b.facts, b.note)
        return
    }
  }

  /** A table's column geometry, caption and header lines, the height kept together at its start, and its cells. */
  tableParts(
    columns: Array<{ header: string; width: number; align?: 'start' | 'end' | 'center'; code?: boolean }>,
    caption?: string
  ): { captionLines: Line[]; header: RowCell[]; lead: number; cells: (row: TableCell[]) => RowCell[] } {
    const s = this.styles
    const total = columns.reduce((a, c) => a + Math.max(0, c.width), 0) || columns.length
    const widths = columns.map((c) => (TEXT_WIDTH * (total === columns.length && c.width <= 0 ? 1 : Math.max(0, c.width))) / total)
    const offsets: number[] = []
    // biome-ignore lint/complexity/noCommaOperator: a running sum written into offsets as it goes
    widths.reduce((acc, w, i) => ((offsets[i] = acc), acc + w), 0)
    const captionLines = caption === undefined ? [] : this.lay(caption, s.label, TEXT_WIDTH)
    const header: RowCell[] = columns.map((c, i) => ({
      offset: offsets[i]!,
      width: widths[i]!,
      lines: this.lay(c.header, s.cellBold, widths[i]! - TABLE_PAD_X * 2),
      style: s.cellBold,
      align: (c.align ?? 'start') as Align
    }))
    const cells = (row: TableCell[]): RowCell[] =>
      columns.map((c, i) => {
        const cell = row[i] ?? ''
        const obj = typeof cell === 'string' ? { text: cell } : cell
        const code = obj.code ?? c.code ?? false
        const style = code ? s.cellCode : obj.bold === true ? s.cellBold : s.cell
        const out: RowCell = {
          offset: offsets[i]!,
          width: widths[i]!,
          lines: this.lay(obj.text, style, widths[i]! - TABLE_PAD_X * 2, obj.direction, obj.lang !== undefined),
          style,
          align: (c.align ?? 'start') as Align
        }
        return obj.lang === undefined ? out : { ...out, lang: obj.lang }
      })
    return { captionLines, header, lead: captionLines.length * lineHeight(s.label) + rowHeight(header, 3), cells }
  }

  table(
    flow: Flow,
    columns: Array<{ header: string; width: number; align?: 'start' | 'end' | 'center'; code?: boolean }>,
    rows: TableCell[][],
    caption?: string
  ): void {
    const s = this.styles
    if (columns.length === 0) return
    const parts = this.tableParts(columns, caption)
    // The caption and header row stay with the first row (never the last thing on a page).
    const first = rows[0] === undefined ? [] : parts.cells(rows[0])
    this.keep(flow, parts.lead, first.length === 0 ? 0 : rowHeight(first, 2.5))
    if (parts.captionLines.length > 0) this.drawLines(flow, parts.captionLines, s.label, { align: 'start' })
    const header = (): void => {
      this.drawRow(flow, parts.header, { padY: 3, padX: TABLE_PAD_X, fill: HEAD_FILL })
    }
    header()
    flow.onNewPage.push(header)
    try {
      rows.forEach((row, r) => {
        const cells = r === 0 ? first : parts.cells(row)
        const opts: { padY: number; padX: number; fill?: Rgb; rule: Rgb } = { padY: 2.5, padX: TABLE_PAD_X, rule: RULE }
        if (r % 2 === 1) opts.fill = ZEBRA
        this.drawRow(flow, cells, opts)
      })
    } finally {
      flow.onNewPage.pop()
    }
    flow.y -= 8
  }

  barChart(flow: Flow, title: string, bars: Array<{ label: string; value: number }>, unit: string): void {
    const s = this.styles
    const titleLines = this.lay(title, s.h3, TEXT_WIDTH)
    flow.need(titleLines.length * lineHeight(s.h3) + 40)
    this.drawLines(flow, titleLines, s.h3, { align: 'start' })
    flow.y -= 4
    if (bars.length === 0) {
      this.drawLines(flow, this.lay(this.labels.noData, s.small, TEXT_WIDTH), s.small, { color: MUTED, align: 'start' })
      return
    }
    const labelW = TEXT_WIDTH * 0.32
    const valueW = 70
    const barX = labelW + 6
    const barMax = TEXT_WIDTH - barX - valueW
    const max = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)))
    const continued = (): void => {
      this.drawLines(flow, this.lay(`${title} ${this.labels.continued}`, s.h3, TEXT_WIDTH), s.h3, { align: 'start' })
      flow.y -= 4
    }
    flow.onNewPage.push(continued)
    try {
      for (const bar of bars) {
        const labelLines = this.lay(bar.label, s.cell, labelW - 4)
        const rowH = Math.max(14, labelLines.length * lineHeight(s.cell) + 4)
        flow.need(rowH)
        const top = flow.y
        const len = max > 0 && Number.isFinite(bar.value) && bar.value > 0 ? (bar.value / max) * barMax : 0
        const barH = 9
        const barY = top - rowH / 2 - barH / 2
        if (len > 0) flow.push({ t: 'fill', x: this.xs(barX, len), y: barY, w: len, h: barH, color: BAR })
        const valueLine = this.lay(`${formatNumber(bar.value)}${unit}`, s.cell, valueW, this.docRtl ? 'rtl' : 'ltr')[0]
        if (valueLine !== undefined) {
          const vx = this.xs(barX + len + 4, valueLine.width)
          this.textAt(flow, valueLine, vx, top - rowH / 2 - s.cell.size * 0.35, INK)
        }
        const base = baselineOffset(s.cell)
        labelLines.forEach((line, k) => {
          const bx = this.xs(0, labelW - 4)
          this.textAt(flow, line, this.place(line, bx, labelW - 4, 'end'), top - 2 - k * lineHeight(s.cell) - base, INK)
        })
        flow.y = top - rowH
        flow.drawn()
      }
    } finally {
      flow.onNewPage.pop()
    }
    // Axis at the start of the bars.
    flow.y -= 8
  }

  async image(flow: Flow, bytes: Uint8Array, caption: string | undefined, maxWidth?: number, maxHeight?: number): Promise<void> {
    const s = this.styles
    const key = createHash('sha256').update(bytes).digest('hex')
    let image = this.images.get(key)
    if (image === undefined) {
      image = null
      const kind = sniffImage(bytes)
      try {
        if (kind === 'jpeg') image = await this.doc.embedJpg(bytes)
        else if (kind === 'png') image = await this.doc.embedPng(bytes)
      } catch {
        image = null
      }
      this.images.set(key, image)
    }
    const captionLines = caption === undefined ? [] : this.lay(caption, s.small, TEXT_WIDTH)
    const captionH = captionLines.length * lineHeight(s.small)
    if (image === null) {
      const note = caption === undefined ? `[${this.labels.imageUnreadable}]` : `[${this.labels.imageUnreadable}: ${caption}]`
      this.warnings.push(`image skipped (not a decodable JPEG or PNG)${caption === undefined ? '' : `: ${caption}`}`)
      this.drawLines(flow, this.lay(note, s.small, TEXT_WIDTH), s.small, { color: MUTED })
      flow.y -= 4
      return
    }
    const maxW = Math.min(TEXT_WIDTH, maxWidth ?? TEXT_WIDTH)
    const maxH = Math.min(TOP - BOTTOM - captionH - 8, maxHeight ?? 320)
    const scale = Math.min(1, maxW / image.width, maxH / image.height)
    const w = image.width * scale
    const h = image.height * scale
    flow.need(h + captionH + 6)
    const x = this.xs(0, w)
    flow.push({ t: 'image', image, x, y: flow.y - h, w, h })
    flow.push({ t: 'stroke', x, y: flow.y - h, w, h, color: RULE, width: 0.4 })
    flow.y -= h + 3
    flow.drawn()
    if (captionLines.length > 0) this.drawLines(flow, captionLines, s.small, { color: MUTED, align: 'start' })
    flow.y -= 6
  }

  cover(flow: Flow, titleLines: string[], facts: Array<{ label: string; value: string; code?: boolean }>, note?: string): void {
    const s = this.styles
    if (!flow.fresh) flow.newPage()
    flow.y -= 90
    flow.drawn()
    titleLines.forEach((t, i) => {
      const style = i === 0 ? s.coverTitle : s.coverSub
      this.drawLines(flow, this.lay(t, style, TEXT_WIDTH), style, { align: 'start', color: i === 0 ? ACCENT : INK })
      flow.y -= i === 0 ? 8 : 4
    })
    flow.push({ t: 'line', x1: MARGIN.left, y1: flow.y - 6, x2: MARGIN.left + TEXT_WIDTH, y2: flow.y - 6, color: ACCENT, width: 1.2 })
    flow.y -= 24
    const labelW = TEXT_WIDTH * 0.3
    for (const f of facts) {
      const vStyle = f.code === true ? s.cellCode : s.cell
      this.drawRow(
        flow,
        [
          { offset: 0, width: labelW, lines: this.lay(f.label, s.label, labelW - 8), style: s.label, align: 'start', color: MUTED },
          {
            offset: labelW,
            width: TEXT_WIDTH - labelW,
            lines: this.lay(f.value, vStyle, TEXT_WIDTH - labelW - 8),
            style: vStyle,
            align: 'start'
          }
        ],
        { padY: 3, padX: 4, rule: RULE }
      )
    }
    if (note !== undefined) {
      flow.y -= 18
      this.drawLines(flow, this.lay(note, s.small, TEXT_WIDTH), s.small, { color: MUTED })
    }
  }

  /**
   * The cover's pages, with `{pages}` in a fact's value replaced by the number of pages of the whole file
   * (a second layout of the cover once the rest is counted; again if the number changed the cover's own
   * length, which a few digits practically never do).
   */
  countedCover(first: Block | undefined, flow: Flow | null, rest: number): PageDraft[] {
    if (flow === null || first?.kind !== 'cover' || !first.facts.some((f) => f.value.includes(PAGES_TOKEN))) return flow?.pages ?? []
    let pages = flow.pages
    for (let k = 0; k < 3; k++) {
      const total = String(pages.length + rest)
      const again = new Flow()
      this.cover(
        again,
        first.titleLines,
        first.facts.map((f) => ({ ...f, value: f.value.replaceAll(PAGES_TOKEN, total) })),
        first.note
      )
      const stable = again.pages.length === pages.length
      pages = again.pages
      if (stable) break
    }
    return pages
  }

  /** Lays out the contents page; returns the page-number slots to fill once pages are counted. */
  contents(flow: Flow): Array<{ entry: TocEntry; op: Extract<DrawOp, { t: 'text' }>; right: number; y: number; style: TextStyle }> {
    const s = this.styles
    const slots: Array<{ entry: TocEntry; op: Extract<DrawOp, { t: 'text' }>; right: number; y: number; style: TextStyle }> = []
    this.drawLines(flow, this.lay(this.labels.contents, s.h1, TEXT_WIDTH), s.h1, { align: 'start', color: ACCENT })
    flow.push({ t: 'line', x1: MARGIN.left, y1: flow.y - 2, x2: MARGIN.left + TEXT_WIDTH, y2: flow.y - 2, color: ACCENT, width: 0.8 })
    flow.y -= 10
    const numW = 40
    this.toc.forEach((entry, index) => {
      const style = entry.level === 1 ? s.tocMain : s.tocSub
      const indent = entry.level === 1 ? 0 : 14
      const textW = TEXT_WIDTH - indent - numW - 10
      const lines = this.lay(entry.text, style, textW)
      const lh = lineHeight(style)
      const gap = entry.level === 1 ? 4 : 1
      flow.need(lines.length * lh + gap)
      flow.gap(gap)
      const top = flow.y
      this.drawLines(flow, lines, style, { offset: indent, width: textW, align: 'start' })
      const last = lines[lines.length - 1]
      const baseY = flow.y + lh - baselineOffset(style)
      // Dotted leader (drawn, not text) from the end of the title to the number.
      const bx = this.xs(indent, textW)
      const lastX = last === undefined ? bx : this.place(last, bx, textW, 'start')
      const titleEnd = this.docRtl ? lastX - 4 : lastX + (last?.width ?? 0) + 4
      const numEdge = this.docRtl ? MARGIN.left + numW : PAGE_WIDTH - MARGIN.right - numW
      const [a, b] = this.docRtl ? [numEdge, titleEnd] : [titleEnd, numEdge]
      if (b - a > 6) flow.push({ t: 'line', x1: a, y1: baseY, x2: b, y2: baseY, color: RULE, width: 0.8, dash: [0.1, 3] })
      const op: Extract<DrawOp, { t: 'text' }> = {
        t: 'text',
        x: 0,
        y: baseY,
        line: { pieces: [], width: 0, rtl: false, text: '' },
        color: INK
      }
      flow.push(op)
      slots.push({ entry, op, right: 0, y: baseY, style })
      flow.push({ t: 'link', x: MARGIN.left, y: flow.y, w: TEXT_WIDTH, h: top - flow.y, target: index })
    })
    return slots
  }

  // -- assembling ----------------------------------------------------------------

  async render(): Promise<RenderResult> {
    const { model, doc } = this
    const blocks = model.blocks
    const progress = this.options.onProgress
    const coverFlow = blocks[0]?.kind === 'cover' ? new Flow() : null
    const body = new Flow()
    let done = 0
    for (const [i, b] of blocks.entries()) {
      if (done === 0 && coverFlow !== null) await this.block(coverFlow, b, false)
      else if (b.kind === 'cover') {
        if (!body.fresh) body.newPage()
        await this.block(body, b, true)
        body.newPage()
      } else await this.block(body, b, true, b.kind === 'heading' ? blocks.slice(i + 1, i + 5) : [])
      done++
      if (done % 50 === 0) {
        progress?.({ stage: 'layout', done, total: blocks.length })
        await yieldToLoop()
      }
    }
    progress?.({ stage: 'layout', done, total: blocks.length })
    // Drop a trailing empty page (a final page break, or a document that is only a cover).
    if ((body.pages.length > 1 || coverFlow !== null) && body.pages[body.pages.length - 1]!.ops.length === 0) body.pages.pop()

    const tocFlow = this.toc.length > 0 ? new Flow() : null
    const slots = tocFlow === null ? [] : this.contents(tocFlow)
    const coverPages = this.countedCover(blocks[0], coverFlow, (tocFlow?.pages.length ?? 0) + body.pages.length)
    const before = coverPages.length + (tocFlow?.pages.length ?? 0)
    for (const e of this.toc) e.page = before + e.bodyPage
    for (const slot of slots) {
      const line = this.lay(String(slot.entry.page + 1), slot.style, 60, this.docRtl ? 'rtl' : 'ltr')[0]
      if (line === undefined) continue
      slot.op.line = line
      slot.op.x = this.docRtl ? MARGIN.left : PAGE_WIDTH - MARGIN.right - line.width
    }
    const drafts = [...coverPages, ...(tocFlow?.pages ?? []), ...body.pages]
    await this.write(drafts)
    progress?.({ stage: 'write', done: 0, total: 1 })

    this.options.beforeSave?.(doc)
    const bytes = await doc.save({
      useObjectStreams: this.options.beforeSave === undefined,
      addDefaultPage: false,
      updateFieldAppearances: false,
      objectsPerTick: 2000
    })
    patchId(bytes)
    progress?.({ stage: 'write', done: 1, total: 1 })
    this.extractionAdvice(drafts)
    return {
      bytes,
      pageCount: drafts.length,
      contents: this.toc.map((e) => ({ level: e.level, text: e.text, page: e.page + 1 })),
      warnings: this.warnings
    }
  }

  /** Writes every page, the fonts, outline, metadata and attachments into the pdf-lib document. */
  async write(drafts: PageDraft[]): Promise<void> {
    const { doc, model } = this
    const ctx = doc.context
    const fonts = new Map<FaceName, PdfFont>([
      ['regular', new PdfFont(ctx, this.faces.regular, 'R')],
      ['bold', new PdfFont(ctx, this.faces.bold, 'B')],
      ['mono', new PdfFont(ctx, this.faces.mono, 'M')]
    ])
    const s = this.styles
    const header = this.lay(model.runningHeader, s.chrome, TEXT_WIDTH * 0.75)
    const bannerStyle: TextStyle = { face: this.faces.bold, size: 8 }
    const banner = model.classification === undefined ? [] : this.lay(model.classification, bannerStyle, TEXT_WIDTH).slice(0, 1)
    const pageRefs: PDFRef[] = []
    const pages = drafts.map(() => doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]))
    for (const p of pages) pageRefs.push(p.ref)
    const total = drafts.length
    drafts.forEach((draft, i) => {
      const content = new Content()
      // Running header and footer.
      header.forEach((line, k) => {
        content.textLine(
          line,
          this.place(line, MARGIN.left, TEXT_WIDTH, 'start'),
          PAGE_HEIGHT - 38 - k * lineHeight(s.chrome),
          MUTED,
          fonts
        )
      })
      content.line(
        MARGIN.left,
        PAGE_HEIGHT - 46 - (header.length - 1) * lineHeight(s.chrome),
        MARGIN.left + TEXT_WIDTH,
        PAGE_HEIGHT - 46 - (header.length - 1) * lineHeight(s.chrome),
        RULE,
        0.5
      )
      const footerText = this.labels.pageOf.replace('{page}', String(i + 1)).replace('{pages}', String(total))
      for (const line of this.lay(footerText, s.chrome, TEXT_WIDTH))
        content.textLine(line, this.place(line, MARGIN.left, TEXT_WIDTH, 'center'), 30, MUTED, fonts)
      // The classification, centred above the header and below the footer: seen on any page printed alone.
      for (const line of banner) {
        const x = this.place(line, MARGIN.left, TEXT_WIDTH, 'center')
        content.textLine(line, x, PAGE_HEIGHT - 22, CLASSIFIED, fonts)
        content.textLine(line, x, 16, CLASSIFIED, fonts)
      }
      const annots: PDFRef[] = []
      let spanOpen = false
      for (const op of draft.ops) {
        switch (op.t) {
          case 'text':
            if (op.lang !== undefined) content.beginSpan({ lang: op.lang })
            content.textLine(op.line, op.x, op.y, op.color, fonts)
            if (op.lang !== undefined) content.endSpan()
            break
          case 'fill':
            content.fillRect(op.x, op.y, op.w, op.h, op.color)
            break
          case 'stroke':
            content.strokeRect(op.x, op.y, op.w, op.h, op.color, op.width)
            break
          case 'line':
            content.line(op.x1, op.y1, op.x2, op.y2, op.color, op.width, op.dash)
            break
          case 'image':
            content.image(`Im${op.image.ref.objectNumber}`, op.image.ref, op.x, op.y, op.w, op.h)
            break
          case 'beginSpan':
            content.beginSpan({ actualText: op.actualText })
            spanOpen = true
            break
          case 'endSpan':
            if (spanOpen) content.endSpan()
            spanOpen = false
            break
          case 'link': {
            const target = this.toc[op.target]
            if (target === undefined) break
            annots.push(
              ctx.register(
                ctx.obj({
                  Type: 'Annot',
                  Subtype: 'Link',
                  Rect: [num(op.x), num(op.y), num(op.x + op.w), num(op.y + op.h)].map(Number),
                  Border: [0, 0, 0],
                  Dest: [pageRefs[target.page]!, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Number(num(target.y + 4))), PDFNull]
                })
              )
            )
            break
          }
        }
      }
      if (spanOpen) content.endSpan()
      const page = pages[i]!
      const stream = ctx.flateStream(content.toString())
      page.node.set(PDFName.of('Contents'), ctx.register(stream))
      const resources: Record<string, unknown> = {}
      if (content.fonts.size > 0)
        resources.Font = ctx.obj(Object.fromEntries([...content.fonts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))))
      if (content.xObjects.size > 0)
        resources.XObject = ctx.obj(Object.fromEntries([...content.xObjects.entries()].sort(([a], [b]) => (a < b ? -1 : 1))))
      page.node.set(PDFName.of('Resources'), ctx.obj(resources as never))
      if (annots.length > 0) page.node.set(PDFName.of('Annots'), ctx.obj(annots))
    })
    for (const f of fonts.values()) await f.finalize()
    this.outline(pageRefs)
    this.metadata()
    this.attachments()
    ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(ID_PLACEHOLDER), PDFHexString.of(ID_PLACEHOLDER)])
  }

  /** PDF outline (bookmarks) from the level-1 and level-2 headings. */
  outline(pageRefs: PDFRef[]): void {
    if (this.toc.length === 0) return
    const ctx = this.doc.context
    const rootRef = ctx.nextRef()
    interface Node {
      entry: TocEntry
      ref: PDFRef
      children: Node[]
    }
    const top: Node[] = []
    let current: Node | null = null
    for (const entry of this.toc) {
      const node: Node = { entry, ref: ctx.nextRef(), children: [] }
      if (entry.level === 1 || current === null) {
        top.push(node)
        current = entry.level === 1 ? node : null
      } else current.children.push(node)
    }
    const writeLevel = (nodes: Node[], parent: PDFRef): void => {
      nodes.forEach((n, i) => {
        const dict: Record<string, unknown> = {
          Title: PDFHexString.fromText(n.entry.text),
          Parent: parent,
          Dest: [pageRefs[n.entry.page]!, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Number(num(n.entry.y + 4))), PDFNull]
        }
        if (i > 0) dict.Prev = nodes[i - 1]!.ref
        if (i < nodes.length - 1) dict.Next = nodes[i + 1]!.ref
        if (n.children.length > 0) {
          dict.First = n.children[0]!.ref
          dict.Last = n.children[n.children.length - 1]!.ref
          dict.Count = -n.children.length // closed
          writeLevel(n.children, n.ref)
        }
        ctx.assign(n.ref, ctx.obj(dict as never))
      })
    }
    writeLevel(top, rootRef)
    ctx.assign(rootRef, ctx.obj({ Type: 'Outlines', First: top[0]!.ref, Last: top[top.length - 1]!.ref, Count: top.length }))
    this.doc.catalog.set(PDFName.of('Outlines'), rootRef)
    this.doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
  }

  metadata(): void {
    const { doc, model, options } = this
    const m = model.meta
    doc.setTitle(m.title, { showInWindowTitleBar: true })
    doc.setAuthor(m.author)
    if (m.subject !== undefined) doc.setSubject(m.subject)
    if (m.keywords !== undefined && m.keywords.length > 0) doc.setKeywords(m.keywords)
    doc.setLanguage(m.language)
    const producer = options.producer ?? 'Sanad'
    doc.setProducer(producer)
    doc.setCreator(producer)
    doc.setCreationDate(options.generatedAt)
    doc.setModificationDate(options.generatedAt)
    if (this.docRtl) doc.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L)
    this.pdfa()
  }

  /**
   * PDF/A-3b: the XMP packet naming the conformance and repeating the Info dictionary (unfiltered, as
   * PDF/A asks of the document's metadata), and the sRGB output intent every DeviceRGB colour refers to.
   */
  pdfa(): void {
    const { doc, model, options } = this
    const ctx = doc.context
    const m = model.meta
    const producer = options.producer ?? 'Sanad'
    const xmp = xmpMetadata({
      title: m.title,
      author: m.author,
      ...(m.subject === undefined ? {} : { subject: m.subject }),
      ...(m.keywords === undefined ? {} : { keywords: m.keywords }),
      producer,
      creatorTool: producer,
      date: options.generatedAt,
      language: m.language
    })
    const metadata = ctx.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' })
    doc.catalog.set(PDFName.of('Metadata'), ctx.register(metadata))
    const icc = ctx.register(ctx.flateStream(SRGB_ICC, { N: 3 }))
    const intent = ctx.obj({
      Type: 'OutputIntent',
      S: SRGB_OUTPUT_INTENT.subtype,
      OutputConditionIdentifier: PDFString.of(SRGB_OUTPUT_INTENT.outputConditionIdentifier),
      Info: PDFString.of(SRGB_OUTPUT_INTENT.info),
      RegistryName: PDFString.of(SRGB_OUTPUT_INTENT.registryName),
      DestOutputProfile: icc
    })
    doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([intent]))
  }

  /** File attachments: an embedded-files name tree (sorted keys) and the catalog's /AF. */
  attachments(): void {
    const list = this.model.attachments ?? []
    if (list.length === 0) return
    const ctx = this.doc.context
    const date = PDFString.fromDate(this.options.generatedAt)
    const names: unknown[] = []
    const af: PDFRef[] = []
    list.forEach((a, i) => {
      const compressible = /^(text\/|application\/(json|xml|.*\+json|.*\+xml))/i.test(a.mimeType)
      const dict = {
        Type: 'EmbeddedFile',
        // pdf-lib writes the '/' of the media type as #2F, as the spec asks.
        Subtype: PDFName.of(a.mimeType.replace(/[^\x21-\x7e]/g, '')),
        Params: { Size: a.bytes.length, CreationDate: date, ModDate: date }
      }
      const stream = compressible ? ctx.flateStream(a.bytes, dict as never) : ctx.stream(a.bytes, dict as never)
      const streamRef = ctx.register(stream)
      const ascii = a.name.replace(/[^\x20-\x7e]/g, '_')
      const spec: Record<string, unknown> = {
        Type: 'Filespec',
        F: PDFString.of(ascii.replace(/[\\()]/g, '_')),
        UF: PDFHexString.fromText(a.name),
        EF: { F: streamRef, UF: streamRef },
        AFRelationship: PDFName.of(a.relationship ?? 'Supplement')
      }
      if (a.description !== undefined) spec.Desc = PDFHexString.fromText(a.description)
      const specRef = ctx.register(ctx.obj(spec as never))
      names.push(PDFString.of(String(i + 1).padStart(6, '0')), specRef)
      af.push(specRef)
    })
    const tree = ctx.register(ctx.obj({ Names: names as never }))
    this.doc.catalog.set(PDFName.of('Names'), ctx.obj({ EmbeddedFiles: tree }))
    this.doc.catalog.set(PDFName.of('AF'), ctx.obj(af))
  }

  /**
   * poppler (pdftotext) picks one reading direction per page by counting
   * strong left-to-right against right-to-left characters. On a page that is
   * mostly left to right it reads right-to-left lines as left-to-right runs,
   * so a Dari line that also holds digits or Latin words comes out with its
   * runs in visual order. We say on which pages that happens.
   */
  extractionAdvice(drafts: PageDraft[]): void {
    const chrome = `${this.model.runningHeader} ${this.labels.pageOf} ${this.model.classification ?? ''}`
    drafts.forEach((d, i) => {
      let count = 0
      let mixed = 0
      const texts = [chrome, ...d.ops.flatMap((op) => (op.t === 'text' ? [op] : []))]
      for (const op of texts) {
        const text = typeof op === 'string' ? op : op.line.text
        if (typeof op === 'string') {
          for (const ch of text) if (/\p{L}/u.test(ch)) count += /\p{Script=Arabic}|\p{Script=Hebrew}/u.test(ch) ? -1 : 1
          continue
        }
        for (const ch of text) {
          if (/[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(ch) && /\p{L}/u.test(ch)) count--
          else if (/\p{L}/u.test(ch)) count++
        }
        if (op.line.rtl && /[\p{Script=Latin}0-9\u06F0-\u06F9\u0660-\u0669]/u.test(text) && /\p{Script=Arabic}/u.test(text)) mixed++
      }
      if (count >= 0 && mixed > 0) {
        this.warnings.push(
          `page ${i + 1}: ${mixed} right-to-left line(s) with digits or Latin text on a page that is mostly left to right; poppler-based text extraction returns their runs in visual order`
        )
      }
    })
  }
}

/** Replaces the placeholder /ID with the first 16 bytes of SHA-256 of the file (placeholder in place). */
function patchId(bytes: Uint8Array): void {
  const needle = Buffer.from(`<${ID_PLACEHOLDER}>`, 'latin1')
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const second = buf.lastIndexOf(needle)
  const first = second < 0 ? -1 : buf.lastIndexOf(needle, second - 1)
  if (first < 0 || second - first > 64) throw new Error('pdf: document identifier placeholder not found')
  const id = createHash('sha256').update(buf).digest('hex').slice(0, 32).toUpperCase()
  const patched = Buffer.from(`<${id}>`, 'latin1')
  patched.copy(buf, first)
  patched.copy(buf, second)
}

/** Renders `model` and reports page count, contents and warnings. */
export async function renderPdfDetailed(model: DocumentModel, options: RenderPdfOptions): Promise<RenderResult> {
  if (!(options.generatedAt instanceof Date) || Number.isNaN(options.generatedAt.getTime()))
    throw new TypeError('renderPdf: generatedAt must be a valid Date')
  const doc = await PDFDocument.create({ updateMetadata: false })
  return new Renderer(model, options, doc).render()
}

/** Renders `model` as PDF bytes; the same model and `generatedAt` always give the same bytes. */
export async function renderPdf(model: DocumentModel, options: RenderPdfOptions): Promise<Uint8Array> {
  return (await renderPdfDetailed(model, options)).bytes
}
