// Reading the recipient's reference numbers as pasted lines or a CSV file (#17 item 7). Pure: the case
// screen shows what will be sent, and every line it could not read, before anything is sent.

export type ParsedReference = { line: number; exhibitId: string; reference: string }
/** Why a line was not read: not "id, reference"; a reference the server would refuse; an exhibit given twice. */
export type LineProblem = { line: number; text: string; reason: 'format' | 'reference' | 'duplicate' }
export type ParsedReferences = { references: ParsedReference[]; problems: LineProblem[] }

// The exhibit id first, then a tab, comma, semicolon or spaces, then the reference.
const LINE = /^"?(SND-E-\d{4}-\d{6})"?(?:\s*[\t,;]\s*|\s+)(.*)$/i
// As the server's schema: 1 to 80 characters, no control characters, no space at either end.
const REFERENCE = /^[^\u0000-\u001f\u007f\s](?:[^\u0000-\u001f\u007f]*[^\u0000-\u001f\u007f\s])?$/
const MAX_REFERENCE = 80

/** A CSV field as Excel writes it: `"ERN, 12"` with `""` for a quote. */
function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replaceAll('""', '"')
  return s
}

/**
 * The references in `text`, one per line: `SND-E-YYYY-NNNNNN` then a tab, comma, semicolon or spaces,
 * then the reference (which may hold spaces). Blank lines are ignored. With `header` (a CSV file),
 * a first line that does not start with an exhibit id is its header and is skipped. Line numbers
 * count from 1 as an editor shows them.
 */
export function parseRecipientReferences(text: string, options: { header?: boolean } = {}): ParsedReferences {
  const references: ParsedReference[] = []
  const problems: LineProblem[] = []
  const seen = new Set<string>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  let first = true
  lines.forEach((raw, i) => {
    const line = i + 1
    const trimmed = raw.trim()
    if (trimmed === '') return
    const m = LINE.exec(trimmed)
    if (first && options.header && m === null) {
      first = false
      return
    }
    first = false
    if (m === null) {
      problems.push({ line, text: trimmed, reason: 'format' })
      return
    }
    const exhibitId = m[1]!.toUpperCase()
    const reference = unquote(m[2]!.trim())
    if (reference.length > MAX_REFERENCE || !REFERENCE.test(reference)) {
      problems.push({ line, text: trimmed, reason: reference === '' ? 'format' : 'reference' })
      return
    }
    if (seen.has(exhibitId)) {
      problems.push({ line, text: trimmed, reason: 'duplicate' })
      return
    }
    seen.add(exhibitId)
    references.push({ line, exhibitId, reference })
  })
  return { references, problems }
}
