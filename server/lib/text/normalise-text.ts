// Dari/Pashto/Arabic-script normalisation for full-text search (SQLite FTS5).
//
// The same function runs on indexed text and on queries, so the two always agree.
// It is a search key, never a display form: the stored original is left untouched.
//
// Choices (and why):
// - NFKC first, so Arabic presentation forms (ﻙ, ﻼ …), full-width Latin and
//   decomposed sequences (ا + ٓ) become ordinary letters before we fold.
// - Arabic ي ى → Persian ی, Arabic ك → Persian ک: keyboards and copy-pasted
//   Arabic text mix them, and readers see no difference.
// - ة → ه, ۀ/هٔ → ه, ە (U+06D5) and ھ ہ (Urdu hehs) → ه.
// - أ إ آ ٱ → ا: Dari writers use آ inconsistently (آباد / اباد) and Pashto often
//   writes ا where Dari writes آ, so we fold it for recall.
// - ؤ → و. ئ is kept: it is a distinct Pashto letter (e.g. کوئ).
// - Pashto ې and ۍ → ی: Pashto typed on a Dari keyboard uses ی for both, and the
//   mandatory ي → ی fold already merges the other ye forms, so keeping these two
//   apart would only lose recall. It also acts as light stemming (کړې / کړی).
//   The other Pashto letters (ټ ډ ړ ږ ښ ګ ڼ) stay: they distinguish words.
// - Harakat and Quranic marks (U+064B–065F, U+0670, U+06D6–06ED) and tatweel are
//   removed: they are optional and rarely typed in queries.
// - ZWNJ (نیم‌فاصله) is removed, so می‌روم and میروم give the same key. Text
//   written with a space (می روم) is reached by the query builder instead, and
//   `normaliseForIndex` also indexes the split parts of every ZWNJ word.
// - Persian ۰–۹ and Arabic-Indic ٠–٩ digits → ASCII; ٫ ٬ → . ,
// - Latin is lower-cased; control and bidi/format characters are dropped;
//   whitespace is collapsed.

const ZWNJ = '\u200C'

const CHAR_FOLDS: Readonly<Record<string, string>> = {
  '\u064A': '\u06CC', // ي Arabic yeh → ی
  '\u0649': '\u06CC', // ى alef maksura → ی
  '\u06D0': '\u06CC', // ې Pashto e → ی
  '\u06CD': '\u06CC', // ۍ Pashto yeh with tail → ی
  '\u0643': '\u06A9', // ك Arabic kaf → ک
  '\u06AA': '\u06A9', // ڪ swash kaf → ک
  '\u0629': '\u0647', // ة teh marbuta → ه
  '\u06C0': '\u0647', // ۀ heh with yeh above (ezafe) → ه
  '\u06D5': '\u0647', // ە ae → ه
  '\u06BE': '\u0647', // ھ heh doachashmee → ه
  '\u06C1': '\u0647', // ہ heh goal → ه
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ alef wasla → ا
  '\u0624': '\u0648', // ؤ → و
  '\u066B': '.', // ٫ Arabic decimal separator
  '\u066C': ',' // ٬ Arabic thousands separator
}

const FOLD_RE = new RegExp(`[${Object.keys(CHAR_FOLDS).join('')}]`, 'gu')
// Harakat, hamza/madda marks, superscript alef, Quranic annotation marks, tatweel.
const MARKS_RE = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/gu
// ZWNJ, ZWJ, bidi marks and isolates, BOM, soft hyphen, word joiner: invisible in text.
const INVISIBLE_RE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/gu
// Control characters (a NUL inside an FTS5 string literal is a syntax error).
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu
const PERSIAN_DIGITS_RE = /[\u06F0-\u06F9]/gu
const ARABIC_DIGITS_RE = /[\u0660-\u0669]/gu

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits → ASCII 0–9; nothing else changes. */
export function foldDigits(text: string): string {
  return text
    .replace(PERSIAN_DIGITS_RE, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(ARABIC_DIGITS_RE, (d) => String(d.charCodeAt(0) - 0x0660))
}

/** Character folds shared by every entry point; invisible characters are removed first by the callers. */
function foldChunk(text: string): string {
  let s = text.replace(LONE_SURROGATE_RE, '').normalize('NFKC')
  s = s.replace(FOLD_RE, (c) => CHAR_FOLDS[c] ?? c)
  s = s.replace(MARKS_RE, '')
  s = foldDigits(s).toLowerCase()
  // Removing marks can leave a Latin base next to a combining accent; NFKC again
  // keeps the function idempotent.
  return s.normalize('NFKC')
}

/**
 * The search key for `text`: used on indexed text and on each query term so
 * both sides fold the same way. ZWNJ is removed (می‌روم → میروم).
 */
export function normaliseForSearch(text: string): string {
  const s = foldChunk(text.replace(CONTROL_RE, ' ').replace(INVISIBLE_RE, ''))
  return s.replace(/\s+/gu, ' ').trim()
}

/**
 * What to store in the FTS5 column: the search key, followed by the parts of
 * every word that contained a ZWNJ, so that a query typed with a space (می روم)
 * also finds text written with a ZWNJ (می‌روم). Extra parts go at the end so
 * phrase positions in the main text stay intact.
 */
export function normaliseForIndex(text: string): string {
  const key = normaliseForSearch(text)
  const extra: string[] = []
  for (const word of text.replace(CONTROL_RE, ' ').split(/\s+/u)) {
    if (!word.includes(ZWNJ)) continue
    const parts = word
      .split(ZWNJ)
      .map((p) => normaliseForSearch(p))
      .filter((p) => p.length > 0)
    if (parts.length > 1) extra.push(parts.join(' '))
  }
  return extra.length === 0 ? key : `${key}\n${extra.join('\n')}`
}

// Prefixes and suffixes Dari writes either joined, with a ZWNJ or with a space.
const SEPARABLE_PREFIXES = new Set(['می', 'نمی', 'همی', 'بی'])
const SEPARABLE_SUFFIXES = new Set([
  'ها',
  'های',
  'هایی',
  'هایم',
  'هایت',
  'هایش',
  'هایمان',
  'هایتان',
  'هایشان',
  'تر',
  'ترین',
  'ام',
  'ای',
  'ایم',
  'اید',
  'اند'
])

const MAX_QUERY_TERMS = 32
const MIN_PREFIX_CHARS = 2

// The unicode61 tokenizer only keeps letters, digits and private-use characters;
// a term without any of them would become an empty phrase that matches nothing.
const HAS_TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u

/** An FTS5 string literal: the only special character inside one is `"`, doubled. */
function phrase(term: string, prefix: boolean): string {
  const lastToken = term.split(' ').at(-1) ?? term
  const star = prefix && [...lastToken].length >= MIN_PREFIX_CHARS ? '*' : ''
  return `"${term.replace(/"/g, '""')}"${star}`
}

type QueryTerm =
  | { kind: 'word'; text: string }
  // Typed with a ZWNJ: the joined word, or its parts as a phrase.
  | { kind: 'zwnj'; joined: string; parts: string }
  // Two words split at a Dari affix: both words, or the joined word.
  | { kind: 'split'; first: string; second: string }

function renderTerm(term: QueryTerm, prefix: boolean): string {
  switch (term.kind) {
    case 'word':
      return phrase(term.text, prefix)
    case 'zwnj':
      return `(${phrase(term.joined, prefix)} OR ${phrase(term.parts, prefix)})`
    case 'split':
      return `((${phrase(term.first, false)} AND ${phrase(term.second, prefix)}) OR ${phrase(term.first + term.second, prefix)})`
  }
}

export type FtsQueryOptions = {
  /** Treat the last term as a prefix (search-as-you-type). Default true. */
  prefixLast?: boolean
}

/**
 * Turns free text typed by a user into a safe FTS5 MATCH expression.
 *
 * Every term is normalised and quoted, so FTS5 syntax in the input (quotes,
 * `*`, `^`, `:`, parentheses, AND/OR/NOT/NEAR) is matched literally and cannot
 * cause a syntax error. Terms are ANDed. A word typed with a ZWNJ also matches
 * its parts as a phrase; two words split at a common Dari affix (می روم,
 * کتاب ها) also match the joined form. The last term becomes a prefix query
 * (at least two characters) unless the input ends in whitespace or
 * `prefixLast` is false.
 *
 * Returns `""` (an empty phrase, which matches nothing) when the input has no
 * searchable characters: FTS5 rejects an empty MATCH string.
 */
export function buildFtsQuery(userQuery: string, options: FtsQueryOptions = {}): string {
  const words = userQuery
    .replace(CONTROL_RE, ' ')
    .replace(LONE_SURROGATE_RE, '')
    .split(/\s+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_QUERY_TERMS)

  const terms: QueryTerm[] = []
  for (const word of words) {
    const joined = normaliseForSearch(word)
    if (!HAS_TOKEN_CHAR.test(joined)) continue
    const parts = word
      .split(ZWNJ)
      .map((p) => normaliseForSearch(p))
      .filter((p) => HAS_TOKEN_CHAR.test(p))
    const previous = terms.at(-1)
    if (parts.length > 1) {
      terms.push({ kind: 'zwnj', joined, parts: parts.join(' ') })
    } else if (
      previous?.kind === 'word' &&
      !joined.includes(' ') &&
      !previous.text.includes(' ') &&
      (SEPARABLE_PREFIXES.has(previous.text) || SEPARABLE_SUFFIXES.has(joined))
    ) {
      terms[terms.length - 1] = { kind: 'split', first: previous.text, second: joined }
    } else {
      terms.push({ kind: 'word', text: joined })
    }
  }

  if (terms.length === 0) return '""'

  const prefixLast = (options.prefixLast ?? true) && !/\s$/u.test(userQuery)
  return terms.map((term, i) => renderTerm(term, prefixLast && i === terms.length - 1)).join(' AND ')
}
