import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

// The recipient's own reference numbers of exhibits (#17 item 7), imported back per case. Pure: the
// content an import records, its RFC 8785 SHA-256 (what the ledger carries, never the references
// themselves), and the fold of imports into each exhibit's current reference.

export type RecipientReference = { exhibitId: string; reference: string }

/** What an import records: the case and its references sorted by exhibit id (RFC 8785 when serialised). */
export function importContent(
  caseId: string,
  references: readonly RecipientReference[]
): { case: string; references: RecipientReference[] } {
  const sorted = references
    .map((r) => ({ exhibitId: r.exhibitId, reference: r.reference }))
    .sort((a, b) => (a.exhibitId < b.exhibitId ? -1 : a.exhibitId > b.exhibitId ? 1 : 0))
  return { case: caseId, references: sorted }
}

/** The canonical text of an import's content and its SHA-256 (hex). */
export function importDigest(content: unknown): { text: string; sha256: string } {
  const bytes = canonicalJson(content)
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** Exhibit ids given twice in one import (each once). */
export function duplicateExhibits(references: readonly RecipientReference[]): string[] {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const r of references) (seen.has(r.exhibitId) ? twice : seen).add(r.exhibitId)
  return [...twice]
}

/** The current reference of each exhibit: the latest import naming it wins (imports in order). */
export function currentReferences<T extends { references: readonly RecipientReference[] }>(
  imports: readonly T[]
): Map<string, { reference: string; from: T }> {
  const out = new Map<string, { reference: string; from: T }>()
  for (const imp of imports) for (const r of imp.references) out.set(r.exhibitId, { reference: r.reference, from: imp })
  return out
}
