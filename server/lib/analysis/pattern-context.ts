// The contextual elements of crimes against humanity, assessed once on a pattern and inherited by its
// incidents (#18 item 1), and the scale computed from its member incidents. Pure: rows, incidents
// and victim facts come in as plain data.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

/**
 * The contextual elements a pattern carries. Four are the taxonomy's contextual elements of every
 * Art. 7 crime (an incident's checklist rows inherit them); `widespread-or-systematic` is assessed on
 * the pattern only (the taxonomy folds it into the attack element).
 */
export const CONTEXT_ELEMENTS = [
  'attack-on-civilian-population',
  'widespread-or-systematic',
  'state-or-organisational-policy',
  'part-of-the-attack',
  'knowledge-of-the-attack'
] as const
export type ContextElement = (typeof CONTEXT_ELEMENTS)[number]

/** The element statuses of incident qualifications (incident-input.json $defs.elementStatus). */
export const CONTEXT_STATUSES = ['not-assessed', 'alleged', 'partly-supported', 'supported', 'not-supported'] as const
export type ContextStatus = (typeof CONTEXT_STATUSES)[number]

/** Why an incident does not take the pattern's assessment of an element (closed list: never free text). */
export const OVERRIDE_REASONS = [
  'outside-pattern-period',
  'outside-pattern-area',
  'different-perpetrator',
  'nexus-not-shown',
  'knowledge-not-shown',
  'incident-specific-evidence'
] as const
export type OverrideReason = (typeof OVERRIDE_REASONS)[number]

/** The attacking organisation's type: the perpetrator types that can be an organisation. */
export const ORGANISATION_TYPES = ['de-facto-authorities', 'state-agent', 'armed-group', 'militia', 'unknown'] as const

export function isContextElement(x: string): x is ContextElement {
  return (CONTEXT_ELEMENTS as readonly string[]).includes(x)
}

/** An assessment as its content hash covers it: on the pattern (no incident) or an incident's override. */
export type AssessmentContent = {
  id: string
  pattern: string
  incident?: string | undefined
  element: ContextElement
  status: ContextStatus
  reason?: OverrideReason | undefined
  evidenceIds: readonly string[]
  assessor: string
  assessedAt: string
}

/** SHA-256 (hex) of the assessment's RFC 8785 bytes: ids, closed words, times and the assessor only. */
export function assessmentContentSha256(a: AssessmentContent): string {
  const content: Record<string, unknown> = {
    v: 1,
    kind: 'context-assessment',
    id: a.id,
    pattern: a.pattern,
    element: a.element,
    status: a.status,
    // Order-free: the same exhibits in another order are the same assessment.
    evidenceIds: [...a.evidenceIds].sort(),
    assessor: a.assessor,
    assessedAt: a.assessedAt
  }
  if (a.incident !== undefined) content.incident = a.incident
  if (a.reason !== undefined) content.reason = a.reason
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}

/** The latest assessment per element (rows oldest first): each new assessment supersedes the last. */
export function latestByElement<T extends { element: string }>(rows: readonly T[]): Map<string, T> {
  const out = new Map<string, T>()
  for (const r of rows) out.set(r.element, r)
  return out
}

export type AssessedElement = {
  element: ContextElement
  status: ContextStatus
  evidenceIds: string[]
  assessor: string
  assessedAt: string
}

/** An incident's contextual element: the pattern's, inherited, or the incident's own with its reason. */
export type IncidentContextElement = AssessedElement & { basis: 'inherited' | 'overridden'; reason?: OverrideReason }

/**
 * What an incident holds for each of a pattern's elements: its override where it has one, else the
 * pattern's assessment (inherited), else not assessed (inherited, with no assessor).
 */
export function incidentContext(
  pattern: ReadonlyMap<string, AssessedElement>,
  overrides: ReadonlyMap<string, AssessedElement & { reason: OverrideReason }>
): IncidentContextElement[] {
  return CONTEXT_ELEMENTS.map((element) => {
    const own = overrides.get(element)
    if (own !== undefined) return { ...own, basis: 'overridden' as const }
    const inherited = pattern.get(element)
    if (inherited !== undefined) return { ...inherited, basis: 'inherited' as const }
    return { element, status: 'not-assessed' as const, evidenceIds: [], assessor: '', assessedAt: '', basis: 'inherited' as const }
  })
}

// ---------------------------------------------------------------------------
// Scale.

export type AgeFact = { at: 'recording' | 'incident'; years: number } | { at: 'recording' | 'incident'; min: number; max: number }

/** The age group of a recorded age: child under 18, older person from 60, adult between; a range across a line is unknown. */
export function ageGroupOf(age: AgeFact | undefined): 'child' | 'adult' | 'older-person' | 'unknown' {
  if (age === undefined) return 'unknown'
  const [lo, hi] = 'years' in age ? [age.years, age.years] : [age.min, age.max]
  if (hi < 18) return 'child'
  if (lo >= 60) return 'older-person'
  if (lo >= 18 && hi < 60) return 'adult'
  return 'unknown'
}

export type ScaleMember = { id: string; province: string; from: string; to: string }
export type ScaleVictim = { personId: string; sex?: string | undefined; age?: AgeFact | undefined }

export type PatternScale = {
  incidents: number
  victims: number
  victimsBySex: Record<string, number>
  victimsByAgeGroup: Record<string, number>
  provinces: string[]
  period?: { from: string; to: string }
}

/** Counts over the member incidents given (the caller gives only those the reader may read). A person linked to several counts once. */
export function patternScale(members: readonly ScaleMember[], victims: readonly ScaleVictim[]): PatternScale {
  const bySex: Record<string, number> = {}
  const byAge: Record<string, number> = {}
  const seen = new Set<string>()
  for (const v of victims) {
    if (seen.has(v.personId)) continue
    seen.add(v.personId)
    const sex = v.sex ?? 'unknown'
    bySex[sex] = (bySex[sex] ?? 0) + 1
    const group = ageGroupOf(v.age)
    byAge[group] = (byAge[group] ?? 0) + 1
  }
  const provinces = [...new Set(members.map((m) => m.province))].sort()
  const froms = members.map((m) => m.from).sort()
  const tos = members.map((m) => m.to).sort()
  return {
    incidents: members.length,
    victims: seen.size,
    victimsBySex: bySex,
    victimsByAgeGroup: byAge,
    provinces,
    ...(members.length === 0 ? {} : { period: { from: froms[0] as string, to: tos[tos.length - 1] as string } })
  }
}
