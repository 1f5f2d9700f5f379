import { csvCell } from '../../lib/export/csv.ts'
import type { DossierSnapshot, SnapshotExhibit } from './dossier.ts'
import type { Rendering } from './translation-labels.ts'

/**
 * exhibits.csv: one row per exhibit (carried or listed by hash only), after the export specification
 * of legal.md. `item_id` is this dossier's number; `stable_id` the organisation-wide id, the same in
 * every dossier, with the recipient's own reference beside it once imported. Court metadata is filled
 * in from the snapshot, which already applies the profile's redaction rules (as the PDF does): a
 * column Sanad does not record, or the profile withholds, is empty but always present.
 * Pure: the package carries these bytes and the PDF attaches them (PDF/A-3 associated file).
 */
export const EXHIBITS_CSV_COLUMNS = [
  'item_id',
  'stable_id',
  'recipient_ref',
  'evidence_id',
  'incident_reference',
  'title',
  'name',
  'media_type',
  'size_bytes',
  'sha256',
  'sha512',
  'carried',
  'file_path',
  'file_sha256',
  'file_size_bytes',
  'ingest_ledger_index',
  'document_date',
  'document_date_precision',
  'source_type',
  'author',
  'language',
  'collected_at',
  'collected_by',
  'collected_by_staff_code',
  'collection_method',
  'captured_at',
  'capture_place',
  'pages',
  'duration_seconds',
  'confidentiality',
  'related_items',
  'withheld_reason',
  'linked_elements',
  'verification_status',
  'verification_phases'
] as const

export type ExhibitsCsvColumn = (typeof EXHIBITS_CSV_COLUMNS)[number]

/** The date part of an RFC 3339 time or day, with its precision (`day`, `month`, `year`), or empty. */
export function documentDate(value: string | undefined): { date?: string; precision?: string } {
  if (value === undefined) return {}
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value)
  if (m === null) return {}
  if (m[3] !== undefined) return { date: `${m[1]}-${m[2]}-${m[3]}`, precision: 'day' }
  if (m[2] !== undefined) return { date: `${m[1]}-${m[2]}`, precision: 'month' }
  return { date: m[1], precision: 'year' }
}

/** The values of one exhibit's row, by column. */
export function exhibitRow(
  e: SnapshotExhibit,
  ctx: { elements: string[]; confidentiality: string; recipientRef?: string; relatedItems?: string; language?: string }
): Record<ExhibitsCsvColumn, string | number | undefined> {
  const events = e.collection ?? []
  const by = events.find((ev) => ev.codes.by !== undefined)?.codes.by
  const method = events.find((ev) => ev.codes.method !== undefined)?.codes.method
  // Document date: when the content was made (the capture time the file records), else when collected.
  const doc = documentDate(e.metadata?.capturedAt ?? e.collectedAt)
  const gps = e.metadata?.gps
  return {
    item_id: e.number,
    stable_id: e.stableId,
    recipient_ref: ctx.recipientRef,
    evidence_id: e.evidenceId,
    incident_reference: e.incidentReference,
    title: e.name,
    name: e.name,
    media_type: e.mediaType,
    size_bytes: e.size,
    sha256: e.sha256,
    sha512: e.sha512,
    carried: e.variant,
    file_path: e.file === null ? undefined : `data/${e.file.path}`,
    file_sha256: e.file?.sha256,
    file_size_bytes: e.file?.size,
    ingest_ledger_index: e.ingestIndex,
    document_date: doc.date,
    document_date_precision: doc.precision,
    source_type: e.source?.type,
    // Not recorded by Sanad (a file's own Author field is the file's claim, and shared copies drop it):
    // the column stays, empty, for the recipient's own tools.
    author: undefined,
    // The language a translation or transcript record gives (its target; an original's source language).
    language: ctx.language,
    collected_at: e.collectedAt,
    collected_by: e.collectedBy,
    collected_by_staff_code: by,
    collection_method: method,
    captured_at: e.metadata?.capturedAt,
    capture_place: gps === undefined ? undefined : `${gps.lat};${gps.lon}`,
    // Counted from the carried PDF when the dossier was built (absent: not a PDF, unreadable or too large).
    pages: e.pages,
    duration_seconds: e.metadata?.durationSeconds,
    confidentiality: ctx.confidentiality,
    // Translations and transcripts, and blurred copies.
    related_items: ctx.relatedItems === '' ? undefined : ctx.relatedItems,
    withheld_reason: e.withheldReason,
    linked_elements: ctx.elements.join(';'),
    verification_status: e.verification?.status ?? 'unverified',
    verification_phases: (e.verification?.phases ?? []).join(';')
  }
}

export function exhibitsCsv(snap: DossierSnapshot): string {
  // The elements each exhibit is linked to, as category/element, in the order the dossier prints them.
  const elements = new Map<string, string[]>()
  for (const inc of snap.incidents)
    for (const l of inc.links)
      for (const n of l.exhibits) {
        const list = elements.get(n) ?? []
        const key = `${l.category}/${l.element}`
        if (!list.includes(key)) list.push(key)
        elements.set(n, list)
      }
  // The profile's classification: withheld exhibits say so in their own column.
  const confidentiality = snap.case?.profile ?? ''
  const refs = snap.recipientRefs ?? {}
  const lines = [
    [...EXHIBITS_CSV_COLUMNS],
    ...snap.exhibits.map((e) => {
      const row = exhibitRow(e, {
        elements: elements.get(e.number) ?? [],
        confidentiality,
        relatedItems: [relatedItems(e.number, snap.renderings ?? []), blurredRelations(e)].filter((x) => x !== '').join(';'),
        ...languageOf(e.number, snap.renderings ?? []),
        ...(refs[e.stableId] === undefined ? {} : { recipientRef: refs[e.stableId] })
      })
      return EXHIBITS_CSV_COLUMNS.map((c) => row[c])
    })
  ]
  return `${lines.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/**
 * Related items of an exhibit (#17 item 6, ICC e-Court practice): `translation-of:E5` on a
 * translation (`transcript-of:`, `transcript-and-translation-of:`), `translation:E6` on its original;
 * `;`-separated. An original outside the dossier is named by nothing (the PDF says so).
 */
function relatedItems(number: string, renderings: readonly Rendering[]): string {
  const out: string[] = []
  for (const r of renderings) {
    if (r.number === number) out.push(`${r.kind}-of:${r.original ?? ''}`)
    if (r.original === number) out.push(`${r.kind}:${r.number}`)
  }
  return out.join(';')
}

/**
 * Blurred copies (#17 item 9, ICC e-Court "redacted copy"): `blurred-copy:E7` on an image withheld or
 * carried with a blurred copy, `blurred-copy-of:E3` on the copy (`blurred-copy-of:SND-E-…` when its
 * source is not in the dossier).
 */
function blurredRelations(e: SnapshotExhibit): string {
  const out = (e.blurredCopies ?? []).map((n) => `blurred-copy:${n}`)
  if (e.lineage !== undefined) {
    const source = e.lineage.source ?? e.lineage.sourceStableId
    if (source !== undefined) out.push(`blurred-copy-of:${source}`)
  }
  return out.join(';')
}

/**
 * An exhibit's language as Sanad's translation records state it (#17 item 6): a translation or
 * transcript is in its target language; an original of one is in its source language. Absent otherwise.
 */
function languageOf(number: string, renderings: readonly Rendering[]): { language?: string } {
  const own = renderings.find((r) => r.number === number)
  if (own !== undefined) return { language: own.targetLanguage }
  const of = renderings.find((r) => r.original === number)
  return of === undefined ? {} : { language: of.sourceLanguage }
}
