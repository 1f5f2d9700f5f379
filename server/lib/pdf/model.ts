// The document model the PDF engine renders: plain data, no I/O.
//
// A document is metadata, a running header (the case reference), a list of
// blocks laid out top to bottom on A4 pages, and optional file attachments.
// Text may be in any mix of scripts covered by Vazirmatn (Arabic script for
// Dari and Pashto, Latin); right-to-left text is shaped and ordered by the
// engine, so give every string in logical (typing) order.

/** Base direction of a piece of text: 'auto' takes it from the first strong character. */
export type TextDirection = 'ltr' | 'rtl' | 'auto'

export interface DocumentMeta {
  title: string
  author: string
  subject?: string
  /** BCP 47 language tag of the document, e.g. 'en' or 'fa-AF'; sets /Lang and the page direction. */
  language: string
  keywords?: string[]
}

/** Headings of level 1 and 2 are listed on the contents page and in the PDF outline. */
export interface HeadingBlock {
  kind: 'heading'
  level: 1 | 2 | 3
  text: string
  direction?: TextDirection
  /** Start a new page before this heading (unless the page is still empty). */
  newPage?: boolean
}

export interface ParagraphBlock {
  kind: 'paragraph'
  /** '\n' starts a new line (and a new bidi paragraph). */
  text: string
  /** BCP 47 tag of the text when it differs from the document's, e.g. 'fa-AF' for a Dari narrative. */
  lang?: string
  /** Default 'auto': from the first strong character of each line of input. */
  direction?: TextDirection
  /** 'code' sets identifiers and hashes (tabular figures, split anywhere when too long). */
  style?: 'body' | 'small' | 'note' | 'code'
}

export interface KeyValueRow {
  label: string
  value: string
  /** Render the value as an identifier (hashes): tabular figures, smaller, split anywhere. */
  code?: boolean
  direction?: TextDirection
  lang?: string
}

export interface KeyValuesBlock {
  kind: 'keyValues'
  rows: KeyValueRow[]
  /** Width of the label column as a fraction of the text width (default 0.3). */
  labelWidth?: number
}

export interface TableColumn {
  header: string
  /** Relative width; columns are scaled to fill the text width. */
  width: number
  /** 'end' aligns to the end edge of the page direction (numbers); default follows each cell's text direction. */
  align?: 'start' | 'end' | 'center'
  /** Cells of this column are identifiers (hashes). */
  code?: boolean
}

export type TableCell = string | { text: string; code?: boolean; direction?: TextDirection; bold?: boolean; lang?: string }

export interface TableBlock {
  kind: 'table'
  columns: TableColumn[]
  rows: TableCell[][]
  caption?: string
}

export interface ListBlock {
  kind: 'list'
  items: string[]
  ordered?: boolean
  direction?: TextDirection
}

export interface BarChartBlock {
  kind: 'barChart'
  title: string
  bars: Array<{ label: string; value: number }>
  /** Appended to each value label, e.g. ' incidents'. */
  unit?: string
}

export interface ImageBlock {
  kind: 'image'
  /** JPEG or PNG bytes. Anything else, or bytes that cannot be decoded, gives a note instead. */
  bytes: Uint8Array
  caption?: string
  /** Points; defaults: the text width and 320. */
  maxWidth?: number
  maxHeight?: number
}

export interface PageBreakBlock {
  kind: 'pageBreak'
}

/** In a cover fact's value: the number of pages of the whole file, filled in once it is laid out. */
export const PAGES_TOKEN = '{pages}'

/** The first page: title lines and key facts. The contents page follows it. */
export interface CoverBlock {
  kind: 'cover'
  titleLines: string[]
  /** A value may hold PAGES_TOKEN (the file's page count, when the cover is the first block). */
  facts: Array<{ label: string; value: string; code?: boolean }>
  note?: string
}

export type Block =
  | HeadingBlock
  | ParagraphBlock
  | KeyValuesBlock
  | TableBlock
  | ListBlock
  | BarChartBlock
  | ImageBlock
  | PageBreakBlock
  | CoverBlock

export interface Attachment {
  /** File name shown by PDF readers (any script). */
  name: string
  bytes: Uint8Array
  mimeType: string
  description?: string
  /** PDF 2.0 / PDF/A-3 associated-file relationship (default 'Supplement'). */
  relationship?: 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'Unspecified'
}

/** Fixed words the engine writes itself; give translations for non-English documents. */
export interface Labels {
  /** Title of the contents page. Default 'Contents'. */
  contents?: string
  /** Footer template with {page} and {pages}. Default 'Page {page} of {pages}'. */
  pageOf?: string
  /** Note in place of an image that cannot be decoded. Default 'Image could not be displayed'. */
  imageUnreadable?: string
  /** Appended to repeated titles on following pages. Default '(continued)'. */
  continued?: string
  /** Shown by a chart without bars. Default 'No data'. */
  noData?: string
}

export interface DocumentModel {
  meta: DocumentMeta
  /** Printed at the top of every page (the case reference). */
  runningHeader: string
  /** A classification banner printed above the header and below the footer of every page (absent: none). */
  classification?: string
  blocks: Block[]
  attachments?: Attachment[]
  labels?: Labels
}

export interface RenderOptions {
  /** The generation time: the PDF's creation and modification dates, and the attachments' dates. */
  generatedAt: Date
  /** Producer and Creator strings (default 'Sanad'). */
  producer?: string
}

/** Languages written right to left (primary subtag). */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'prs', 'ps', 'pbt', 'pst', 'ur', 'ckb', 'he', 'yi', 'sd', 'ug', 'dv'])

/** True if the BCP 47 tag names a right-to-left language (fa-AF, ps, prs, ...). */
export function isRtlLanguage(tag: string): boolean {
  const primary = tag.toLowerCase().split(/[-_]/)[0] ?? ''
  if (/-arab\b/i.test(tag)) return true
  return RTL_LANGUAGES.has(primary)
}
