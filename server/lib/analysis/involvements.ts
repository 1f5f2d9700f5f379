// Perpetrators and linkage (#18 item 3): the closed vocabularies of the register and of involvement
// records, the mapping of the old perpetrator objects' involvement word, and the content hashes the
// ledger entries carry. Pure.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

/** Perpetrator types: the closed list of the incident's perpetrator objects (schemas/incident-input.json). */
export const PERPETRATOR_TYPES = ['de-facto-authorities', 'state-agent', 'armed-group', 'militia', 'individual', 'unknown'] as const
export type PerpetratorType = (typeof PERPETRATOR_TYPES)[number]

export const ORGANISATION_KINDS = ['organisation', 'unit'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/**
 * Modes of liability, Rome Statute Art. 25(3)(a)–(d) and Art. 28(a)–(b); `unknown` for a record whose
 * mode is not (yet) assessed, such as one moved from an old perpetrator object.
 */
export const LIABILITY_MODES = [
  'direct-perpetration',
  'co-perpetration',
  'indirect-perpetration',
  'ordering',
  'soliciting',
  'inducing',
  'aiding-abetting',
  'common-purpose',
  'superior-military',
  'superior-civilian',
  'unknown'
] as const
export type LiabilityMode = (typeof LIABILITY_MODES)[number]

/** The provision of each mode, as the dossier cites it. */
export const MODE_PROVISION: Record<LiabilityMode, string> = {
  'direct-perpetration': 'Art. 25(3)(a)',
  'co-perpetration': 'Art. 25(3)(a)',
  'indirect-perpetration': 'Art. 25(3)(a)',
  ordering: 'Art. 25(3)(b)',
  soliciting: 'Art. 25(3)(b)',
  inducing: 'Art. 25(3)(b)',
  'aiding-abetting': 'Art. 25(3)(c)',
  'common-purpose': 'Art. 25(3)(d)',
  'superior-military': 'Art. 28(a)',
  'superior-civilian': 'Art. 28(b)',
  unknown: '—'
}

/** The old perpetrator objects' involvement words. */
export const LEGACY_INVOLVEMENTS = ['direct', 'ordered', 'aided', 'acquiesced', 'alleged', 'unknown'] as const

/**
 * The mode an old involvement word becomes (the migration's SQL CASE says the same; a test checks).
 * Acquiescence and "alleged" name no mode of Arts 25/28: an analyst decides, so they become `unknown`.
 */
export function modeOfLegacy(word: string | null | undefined): LiabilityMode {
  if (word === 'direct') return 'direct-perpetration'
  if (word === 'ordered') return 'ordering'
  if (word === 'aided') return 'aiding-abetting'
  return 'unknown'
}

const sha256 = (content: Record<string, unknown>): string => createHash('sha256').update(canonicalJson(content)).digest('hex')

/** An organisation or unit as its content hash covers it (the name included: the hash is not the name). */
export type OrganisationContent = {
  id: string
  kind: OrganisationKind
  type: PerpetratorType
  organ?: string | undefined
  name: string
  parent?: string | undefined
  origin: string
  createdAt: string
  createdBy: string
}

export function organisationContentSha256(o: OrganisationContent): string {
  const c: Record<string, unknown> = {
    v: 1,
    kind: 'organisation',
    id: o.id,
    orgKind: o.kind,
    type: o.type,
    name: o.name,
    origin: o.origin,
    createdAt: o.createdAt,
    createdBy: o.createdBy
  }
  if (o.organ !== undefined) c.organ = o.organ
  if (o.parent !== undefined) c.parent = o.parent
  return sha256(c)
}

export type PositionContent = {
  id: string
  person: string
  organisation: string
  title: string
  from?: string | undefined
  to?: string | undefined
  createdAt: string
  createdBy: string
}

export function positionContentSha256(p: PositionContent): string {
  const c: Record<string, unknown> = {
    v: 1,
    kind: 'position',
    id: p.id,
    person: p.person,
    organisation: p.organisation,
    title: p.title,
    createdAt: p.createdAt,
    createdBy: p.createdBy
  }
  if (p.from !== undefined) c.from = p.from
  if (p.to !== undefined) c.to = p.to
  return sha256(c)
}

/** An involvement record as its content hash covers it; a retraction changes it (retractedAt, retractedBy). */
export type InvolvementContent = {
  id: string
  incident: string
  person?: string | undefined
  organisation?: string | undefined
  mode: LiabilityMode
  category?: string | undefined
  element?: string | undefined
  from?: string | undefined
  to?: string | undefined
  exhibits: readonly string[]
  sources: readonly string[]
  origin: string
  legacyInvolvement?: string | undefined
  legacyIndex?: number | undefined
  createdAt: string
  createdBy: string
  retractedAt?: string | undefined
  retractedBy?: string | undefined
}

export function involvementContentSha256(i: InvolvementContent): string {
  const c: Record<string, unknown> = {
    v: 1,
    kind: 'involvement',
    id: i.id,
    incident: i.incident,
    mode: i.mode,
    // Sets: the order they were given in says nothing.
    exhibits: [...i.exhibits].sort(),
    sources: [...i.sources].sort(),
    origin: i.origin,
    createdAt: i.createdAt,
    createdBy: i.createdBy
  }
  const optional = {
    person: i.person,
    organisation: i.organisation,
    category: i.category,
    element: i.element,
    from: i.from,
    to: i.to,
    legacyInvolvement: i.legacyInvolvement,
    legacyIndex: i.legacyIndex,
    retractedAt: i.retractedAt,
    retractedBy: i.retractedBy
  }
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) c[k] = v
  return sha256(c)
}

/** A period is well formed when it ends on or after it begins (ISO dates compare as text). */
export function periodProblem(from: string | undefined, to: string | undefined): string | undefined {
  if (from !== undefined && to !== undefined && to < from) return 'The period ends before it begins.'
  return undefined
}
