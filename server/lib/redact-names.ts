/**
 * Replaces names written into free text (titles, narratives) by their pseudonyms, for exports that
 * must not name a person. Dari and Pashto are typed with Arabic or Persian letter variants and
 * with or without ZWNJ and tatweel, so each name matches in all of those spellings; Latin names
 * match regardless of case. Only whole words match, so a name inside a longer word is left alone.
 */
export type RedactionTerm = { terms: string[], replacement: string }

const VARIANTS: Record<string, string> = {
  'ی': '[یيىې]', 'ي': '[یيىې]', 'ى': '[یيىې]',
  'ک': '[کكګ]', 'ك': '[کكګ]',
  'ه': '[هةۀ]', 'ة': '[هةۀ]',
  'ا': '[اأإآٱ]', 'آ': '[اأإآٱ]', 'أ': '[اأإآٱ]', 'إ': '[اأإآٱ]'
}
// Between letters a writer may put tatweel, a ZWNJ or harakat.
const FILLER = '[\\u0640\\u200C\\u064B-\\u065F\\u0670]*'
const WORD = '\\p{L}\\p{M}\\p{N}'

function escape (ch: string): string {
  return /[.*+?^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch
}

export function namePattern (term: string): RegExp | null {
  const letters = [...term.normalize('NFC').trim().replace(/[\u0640\u200C\u064B-\u065F\u0670]/g, '')]
  if (letters.filter((c) => /\p{L}/u.test(c)).length < 2) return null
  const body = letters.map((ch) => (/\s/.test(ch) ? '[\\s\\u200C]+' : (VARIANTS[ch] ?? escape(ch)) + FILLER)).join('')
  return new RegExp(`(?<![${WORD}])${body}(?![${WORD}])`, 'giu')
}

export function redactNames (text: string, terms: RedactionTerm[]): string {
  let out = text.normalize('NFC')
  // Longer names first, so "Ahmad Shah Karimi" is replaced before "Ahmad Shah".
  const ordered = terms.flatMap((t) => t.terms.map((term) => ({ term, replacement: t.replacement })))
    .sort((a, b) => b.term.length - a.term.length)
  for (const { term, replacement } of ordered) {
    const re = namePattern(term)
    if (re) out = out.replace(re, replacement)
  }
  return out
}
