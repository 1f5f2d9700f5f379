// Page-layout rules of the PDF engine, as plain functions (no I/O, no fonts) so that each can be
// table-tested: what keeps a heading with what follows it, when a text needs a page of its own for
// text extraction, and which digits a right-to-left document prints.

/**
 * Keep-with-next: a heading, a table caption or a table header row is never the last thing on a
 * page. `lead` is the height of what must not be left alone (the heading, or caption and header
 * row), `next` the height of the first unbreakable piece of what follows (a row, two lines of a
 * paragraph). Both go to a new page unless they fit here, the page is still empty, or together they
 * are taller than a whole page (then they start here and the row splits as rows do).
 */
export function keepWithNext(p: {
  lead: number
  next: number
  available: number
  fresh: boolean
  pageHeight: number
}): 'here' | 'new-page' {
  if (p.fresh) return 'here'
  const together = p.lead + p.next
  if (together <= p.available) return 'here'
  if (together > p.pageHeight && p.lead + Math.min(p.next, p.pageHeight / 4) <= p.available) return 'here'
  return 'new-page'
}

const ARABIC_LETTER = /\p{Script=Arabic}/u
const LATIN_OR_DIGIT = /[\p{Script=Latin}0-9\u0660-\u0669\u06F0-\u06F9]/u

/**
 * Whether a block of text in language `textRtl` direction needs a page of its own in a document
 * running `docRtl`, for text extraction to return it in logical order. poppler (pdftotext) picks one
 * direction per page from its letters; on a page that reads left to right it returns a right-to-left
 * line that also holds digits or Latin words with its runs in visual order. So only right-to-left
 * text holding such lines needs its own page, and only in a left-to-right document. Left-to-right
 * text reads correctly on a right-to-left page, and right-to-left text without digits or Latin reads
 * correctly anywhere: giving those a page of their own left pages holding one line.
 */
export function needsOwnPage(text: string, textRtl: boolean, docRtl: boolean): boolean {
  if (docRtl || !textRtl) return false
  return text.split('\n').some((line) => ARABIC_LETTER.test(line) && LATIN_OR_DIGIT.test(line))
}

/** Eastern Arabic digits as Dari and Pashto write them (U+06F0–U+06F9, "Extended Arabic-Indic"). */
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹'

/** A token holding a Latin letter, a decimal point or a path character: a hash, id, file name, version or coordinate; its digits stay Latin. */
const IDENTIFIER = /[A-Za-z]|[_/\\@]|\d\.\d|\.[A-Za-z0-9]+$/

/**
 * Running text of a Dari or Pashto document with its numbers in Eastern Arabic digits: counts,
 * dates ("2023-08-03" → "۲۰۲۳-۰۸-۰۳"), years and page numbers. A token (text between spaces) that
 * holds a Latin letter, a decimal point between digits or a path character keeps its Latin digits:
 * hashes, exhibit numbers (E3), stable ids (SND-E-2026-000004), case references, file names, URLs,
 * versions, coordinates, ISO times with their "T"/"Z". Both kinds of digits have the same bidi
 * class (EN), so the line orders the same.
 */
export function localDigits(text: string): string {
  if (!/[0-9]/.test(text)) return text
  return text.replace(/[^\s]+/g, (token) => (IDENTIFIER.test(token) ? token : token.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!)))
}

/** True if a document in BCP 47 language `tag` prints running text with Eastern Arabic digits. */
export function usesPersianDigits(tag: string): boolean {
  const primary = tag.toLowerCase().split(/[-_]/)[0] ?? ''
  return primary === 'fa' || primary === 'prs' || primary === 'ps' || primary === 'pbt' || primary === 'pst'
}
