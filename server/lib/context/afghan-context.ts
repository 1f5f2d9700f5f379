// Static Afghan reference data: provinces, the country outline, the violation
// taxonomy and the ICC jurisdiction window. The JSON files are the source of
// truth; this module types them and checks their cross-references once at load,
// so a bad edit fails at startup instead of in a dossier.

import provincesJson from '../../data/provinces.json' with { type: 'json' }
import boundsJson from '../../data/afghanistan-bounds.json' with { type: 'json' }
import taxonomyJson from '../../data/taxonomy.json' with { type: 'json' }
import { InvalidDateError } from '../text/solar-hijri.ts'
import { foldDigits } from '../text/normalise-text.ts'

export type Lang = 'en' | 'fa' | 'ps'
export type Labels = Readonly<Record<Lang, string>>
export type LatLon = Readonly<{ lat: number; lon: number }>

export type Province = Readonly<{
  /** ISO 3166-2:AF code, e.g. 'AF-BAL'. */
  code: string
  en: string
  fa: string
  ps: string
  capital: Labels
  /** Approximate (hand-estimated, ±25 km); for maps and sanity checks only. */
  centroid: LatLon
}>

export type TaxonomyGroup = Readonly<{ id: string; labels: Labels }>

export type TaxonomyTag = Readonly<{
  id: string
  labels: Labels
  /** True for the project roadmap's areas of work. */
  roadmap: boolean
  description?: Readonly<{ en: string }>
  /** Categories under which conduct carrying this tag is charged. */
  mapsTo?: readonly string[]
}>

export type TaxonomyElement = Readonly<{
  id: string
  labels: Readonly<{ en: string }>
  /** True when the element belongs to the pattern/attack (policy, scale, knowledge), not to one incident. */
  contextual: boolean
}>

export type TaxonomyCategory = Readonly<{
  id: string
  /** e.g. 'Art. 7(1)(a)'; null for human-rights violations and advocacy concepts. */
  romeStatute: string | null
  group: string
  labels: Labels
  description: Readonly<{ en: string }>
  /** The legal elements that evidence must substantiate. */
  elements: readonly TaxonomyElement[]
  /** What to document beyond the legal elements (Minnesota/Istanbul Protocol data, consent handling). */
  checklist?: readonly Readonly<{ id: string; labels: Readonly<{ en: string }> }>[]
  tags: readonly string[]
  parent?: string
  /** Ids of categories that may apply to the same conduct. */
  related?: readonly string[]
  /** Treaty and soft-law provisions, as citations. */
  provisions?: readonly string[]
  /** HURIDOCS mt4 "types of acts" codes. */
  huridocsActs?: readonly string[]
  /** Legal-status caveat, e.g. "not a Rome Statute crime". */
  note?: Readonly<{ en: string }>
}>

export type Taxonomy = Readonly<{
  version: number
  source?: string
  groups: readonly TaxonomyGroup[]
  tags: readonly TaxonomyTag[]
  categories: readonly TaxonomyCategory[]
}>

type Bounds = Readonly<{
  maxDeviationKm: number
  bbox: Readonly<{ minLat: number; minLon: number; maxLat: number; maxLon: number }>
  outline: Readonly<{ type: 'Polygon'; coordinates: readonly (readonly (readonly number[])[])[] }>
}>

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** Every broken cross-reference in a taxonomy; empty when consistent. */
export function validateTaxonomy(t: Taxonomy): string[] {
  const problems: string[] = []
  const groupIds = new Set(t.groups.map((g) => g.id))
  const tagIds = new Set(t.tags.map((g) => g.id))
  const categoryIds = new Set<string>()
  for (const c of t.categories) {
    if (categoryIds.has(c.id)) problems.push(`duplicate category id ${c.id}`)
    categoryIds.add(c.id)
  }
  for (const c of t.categories) {
    if (!groupIds.has(c.group)) problems.push(`${c.id}: unknown group ${c.group}`)
    if (c.parent !== undefined && !categoryIds.has(c.parent)) problems.push(`${c.id}: unknown parent ${c.parent}`)
    for (const r of c.related ?? []) if (!categoryIds.has(r)) problems.push(`${c.id}: unknown related ${r}`)
    for (const tag of c.tags) if (!tagIds.has(tag)) problems.push(`${c.id}: unknown tag ${tag}`)
    const elementIds = new Set<string>()
    for (const e of c.elements) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.id)) problems.push(`${c.id}: element id ${e.id} is not kebab-case`)
      if (elementIds.has(e.id)) problems.push(`${c.id}: duplicate element ${e.id}`)
      elementIds.add(e.id)
    }
    for (const lang of ['en', 'fa', 'ps'] as const) {
      if (!c.labels[lang]?.trim()) problems.push(`${c.id}: missing ${lang} label`)
    }
  }
  for (const tag of t.tags) for (const m of tag.mapsTo ?? []) if (!categoryIds.has(m)) problems.push(`tag ${tag.id}: unknown category ${m}`)
  return problems
}

export const PROVINCES: readonly Province[] = deepFreeze(provincesJson as Province[])
export const TAXONOMY: Taxonomy = deepFreeze(taxonomyJson as Taxonomy)
const BOUNDS: Bounds = deepFreeze(boundsJson as Bounds)

{
  const problems = validateTaxonomy(TAXONOMY)
  if (problems.length > 0) throw new Error(`server/data/taxonomy.json is inconsistent:\n${problems.join('\n')}`)
}

const provincesByCode = new Map(PROVINCES.map((p) => [p.code, p]))
const categoriesById = new Map(TAXONOMY.categories.map((c) => [c.id, c]))

/** The province with this ISO 3166-2:AF code ('AF-KAB'; case-insensitive), or undefined. */
export function provinceByCode(code: string): Province | undefined {
  return provincesByCode.get(code.trim().toUpperCase())
}

export function categoryById(id: string): TaxonomyCategory | undefined {
  return categoriesById.get(id)
}

/** Bounding box of Afghanistan (from the unsimplified border). */
export const AFGHANISTAN_BBOX = BOUNDS.bbox
/** How far, at most, the simplified outline strays from the real border. */
export const AFGHANISTAN_OUTLINE_MAX_ERROR_KM = BOUNDS.maxDeviationKm

const RING: readonly (readonly number[])[] = BOUNDS.outline.coordinates[0] ?? []

/**
 * Whether a WGS84 point lies inside Afghanistan, by ray casting on a simplified
 * outline. Points within about AFGHANISTAN_OUTLINE_MAX_ERROR_KM of the border
 * can come out either way: use this to flag implausible coordinates, not to
 * settle where something happened.
 */
export function isInsideAfghanistan(lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false
  const b = AFGHANISTAN_BBOX
  if (lat < b.minLat || lat > b.maxLat || lon < b.minLon || lon > b.maxLon) return false
  let inside = false
  for (let i = 0, j = RING.length - 1; i < RING.length; j = i++) {
    const [xi = 0, yi = 0] = RING[i] ?? []
    const [xj = 0, yj = 0] = RING[j] ?? []
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** ICC jurisdiction over the Afghanistan situation: conduct on Afghan territory from this date. */
export const ICC_JURISDICTION_START = '2003-05-01'
/** Crimes linked to the situation on the territory of other States Parties count from this date. */
export const ICC_JURISDICTION_START_OTHER_STATES = '2002-07-01'

const PARTIAL_DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/

/**
 * Whether conduct on `isoDate` can fall inside the ICC window. Takes a Gregorian
 * 'YYYY-MM-DD' (a timestamp's date part is used), or a partial 'YYYY-MM' /
 * 'YYYY', which counts as inside if any day of it is. Set `otherStateParty`
 * for linked conduct outside Afghanistan. Throws InvalidDateError on bad input.
 */
export function isWithinIccWindow(isoDate: string, options: { otherStateParty?: boolean } = {}): boolean {
  const match = PARTIAL_DATE_RE.exec(foldDigits(isoDate.trim()))
  if (match === null) throw new InvalidDateError(isoDate, `"${isoDate}" is not a Gregorian date (YYYY, YYYY-MM or YYYY-MM-DD)`)
  const [, y, m, d] = match
  const month = m === undefined ? 12 : Number(m)
  if (month < 1 || month > 12) throw new InvalidDateError(isoDate, `"${isoDate}" has no month ${month}`)
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isGregorianLeap(Number(y)) ? 1 : 0)
  const day = d === undefined ? daysInMonth : Number(d)
  if (day < 1 || day > daysInMonth) throw new InvalidDateError(isoDate, `"${isoDate}" is not a valid Gregorian date`)
  // The latest day the (possibly partial) date can mean, compared as text.
  const latest = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  const start = options.otherStateParty === true ? ICC_JURISDICTION_START_OTHER_STATES : ICC_JURISDICTION_START
  return latest >= start
}

function isGregorianLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}
