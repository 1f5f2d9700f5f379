import { categoryById, TAXONOMY } from '../context/afghan-context.ts'

/**
 * Need-to-know (Murad Code): persons of a sexual-violence incident, or marked sensitive, are named only
 * to whom recorded them or holds a clearance. The rule is a ratchet: raising it is free, lowering it
 * needs the same right as reading the identity, and a reason from a closed list (the ledger records it).
 */

/** Incident categories (by their taxonomy tags) and incident tags that make an incident need-to-know. */
export const NEED_TO_KNOW_TAGS = ['need-to-know', 'sexual-violence'] as const

/** Why need-to-know or protection was lowered: a closed list, because the ledger records it. */
export const LOWERING_REASONS = ['entered-in-error', 'category-corrected', 'person-consented', 'risk-reassessed', 'role-corrected'] as const
export type LoweringReason = (typeof LOWERING_REASONS)[number]

type Categorised = { categories?: readonly string[]; tags?: readonly string[] }

/** True when the incident concerns sexual violence (or another need-to-know category or tag). */
export function incidentIsNeedToKnow(document: unknown): boolean {
  const doc = document as Categorised
  for (const id of doc.categories ?? []) {
    const tags = categoryById(id)?.tags ?? []
    if (NEED_TO_KNOW_TAGS.some((t) => tags.includes(t))) return true
  }
  return (doc.tags ?? []).some((t) => (NEED_TO_KNOW_TAGS as readonly string[]).includes(t))
}

let ntkCategories: string[] | undefined
/** Ids of the categories whose incidents are need-to-know (for SQL filters). */
export function needToKnowCategoryIds(): string[] {
  ntkCategories ??= TAXONOMY.categories.filter((c) => NEED_TO_KNOW_TAGS.some((t) => (c.tags ?? []).includes(t))).map((c) => c.id)
  return ntkCategories
}

/** A change from `before` to `after` takes an incident out of need-to-know. */
export function lowersNeedToKnow(before: unknown, after: unknown): boolean {
  return incidentIsNeedToKnow(before) && !incidentIsNeedToKnow(after)
}

/**
 * Who may read the identities (and, for an incident, the narrative) behind a need-to-know record:
 * the one who recorded it, or a holder of a clearance for its incident. Anything else sees only
 * what lets it be counted. `cleared` is asked last, and only for a need-to-know record: it is a query.
 */
export function mayPassNeedToKnow(needToKnow: boolean, recordedByViewer: boolean, cleared: () => boolean): boolean {
  return !needToKnow || recordedByViewer || cleared()
}

/** The same for an incident: its categories and tags, who recorded it, and the viewer's clearance. */
export function mayReadIncident(incident: { document: unknown; createdBy: string }, actor: string, cleared: () => boolean): boolean {
  return mayPassNeedToKnow(incidentIsNeedToKnow(incident.document), incident.createdBy === actor, cleared)
}

/**
 * Whether an account may read the incident an exhibit belongs to (the exhibit's rows carry the
 * incident's document, author and row number): one rule for every feature that records about exhibits.
 */
export function mayReadExhibitIncident(
  ex: { incidentDocument: unknown; incidentCreatedBy: string; incidentSeq: number },
  viewer: { actor: string; userSeq: number },
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
): boolean {
  return mayReadIncident({ document: ex.incidentDocument, createdBy: ex.incidentCreatedBy }, viewer.actor, () =>
    hasClearance(viewer.userSeq, ex.incidentSeq)
  )
}
