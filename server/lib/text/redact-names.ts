import { normaliseForSearch } from './normalise-text.ts'

/**
 * Replaces names written into free text (titles, narratives, notes) by pseudonyms, for exports that
 * must not name a person. A recorded name is matched whole and also part by part: every given name
 * and family name of three letters or more stands alone ("Zarghuna said…" is caught when
 * "Zarghuna Ahmadi" is recorded). Words are compared by the key full-text search uses
 * (normaliseForSearch: Arabic ي ك → Persian ی ک, ة → ه, alef forms → ا, harakat and tatweel
 * dropped, Latin lower-cased), so every common Dari and Pashto spelling matches; a ZWNJ, space or
 * hyphen separates words, so "زرغونه‌را" gives up its name and a name typed with or without a ZWNJ
 * inside still matches. Only whole words match: "Karimi" is not "Karim".
 */
export type RedactionTerm = { terms: string[]; replacement: string }

/** A part of a name shorter than this is not replaced on its own (too many ordinary words). */
export const MIN_PART_LETTERS = 3

// Words: letters, marks, digits and tatweel. ZWNJ, spaces, hyphens and punctuation separate them.
const WORD_RE = /[\p{L}\p{M}\p{N}\u0640]+/gu
// What may stand between the words of one name.
const JOINER_RE = /^[\s\u200C\u200D\u00A0-]+$/u
// Pashto ګ is typed as ک on a Dari keyboard: folded beyond what search folds, for recall.
const EXTRA_FOLD_RE = /ګ/g

/** The comparison key of a word or name: search's folding, and nothing but letters and digits. */
export function nameKey(text: string): string {
  return normaliseForSearch(text)
    .replace(EXTRA_FOLD_RE, 'ک')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/** The words of a name (or of any text), as written. */
function words(text: string): string[] {
  return text.normalize('NFC').match(WORD_RE) ?? []
}

const letters = (key: string): number => [...key].filter((c) => /\p{L}/u.test(c)).length

/**
 * The parts of a name that are replaced on their own: the given and family names, i.e. what spaces
 * and hyphens separate, of three letters or more. A ZWNJ compound (کریم‌الله) is one part: its
 * halves alone are ordinary words (الله).
 */
export function nameParts(name: string): string[] {
  return name
    .normalize('NFC')
    .split(/[\s\u00A0-]+/u)
    .map((p) => p.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu, ''))
    .filter((p) => letters(nameKey(p)) >= MIN_PART_LETTERS)
}

type Compiled = { keys: Map<string, string>; longest: number }

/** Folded name (or name part) → replacement, the whole names first so a part never shadows them. */
function compile(terms: RedactionTerm[]): Compiled {
  const keys = new Map<string, string>()
  let longest = 1
  const whole: Array<[string, string, number]> = []
  const parts: Array<[string, string]> = []
  for (const t of terms) {
    for (const term of t.terms) {
      const w = words(term)
      const key = w.map(nameKey).join('')
      // A whole name of fewer than two letters would match everywhere.
      if (letters(key) < 2) continue
      whole.push([key, t.replacement, w.length])
      for (const part of nameParts(term)) parts.push([nameKey(part), t.replacement])
    }
  }
  for (const [key, replacement, n] of whole) {
    if (!keys.has(key)) keys.set(key, replacement)
    longest = Math.max(longest, n)
  }
  for (const [key, replacement] of parts) if (!keys.has(key)) keys.set(key, replacement)
  return { keys, longest }
}

/** A redactor for a fixed set of terms, compiled once and applied to many texts. */
export function nameRedactor(terms: RedactionTerm[]): (text: string) => string {
  const { keys, longest } = compile(terms)
  if (keys.size === 0) return (text) => text.normalize('NFC')
  return (input: string): string => {
    const text = input.normalize('NFC')
    const found: Array<{ start: number; end: number; key: string }> = []
    for (const m of text.matchAll(WORD_RE)) found.push({ start: m.index, end: m.index + m[0].length, key: nameKey(m[0]) })
    let out = ''
    let at = 0
    for (let i = 0; i < found.length; ) {
      let matched = 0
      let replacement = ''
      // The longest run of words (joined only by spaces, ZWNJ or hyphens) that is a name or part of one.
      let key = ''
      const candidates: Array<[number, string]> = []
      for (let n = 1; n <= longest && i + n - 1 < found.length; n++) {
        const w = found[i + n - 1]!
        if (n > 1 && !JOINER_RE.test(text.slice(found[i + n - 2]!.end, w.start))) break
        key += w.key
        candidates.push([n, key])
      }
      for (let c = candidates.length - 1; c >= 0; c--) {
        const hit = keys.get(candidates[c]![1])
        if (hit !== undefined) {
          matched = candidates[c]![0]
          replacement = hit
          break
        }
      }
      if (matched === 0) {
        i++
        continue
      }
      out += text.slice(at, found[i]!.start) + replacement
      at = found[i + matched - 1]!.end
      i += matched
    }
    return out + text.slice(at)
  }
}

export function redactNames(text: string, terms: RedactionTerm[]): string {
  return nameRedactor(terms)(text)
}
