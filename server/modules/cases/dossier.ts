import {
  consentLabel,
  consentText,
  lineageLabel,
  lineageText,
  type ExhibitImageConsent,
  type ExhibitLineage
} from './exhibit-consent-text.ts'
import type { Attachment, Block, DocumentModel, KeyValueRow, TableCell } from '../../lib/pdf/index.ts'
import { isRtlLanguage } from '../../lib/pdf/model.ts'
import { needsOwnPage } from '../../lib/pdf/layout-rules.ts'
import { EXPORT_PARTS, type ManifestLedgerProof } from '../../lib/export/export-manifest.ts'
import { exhibitsCsv } from './exhibits-csv.ts'
import { categoryById, provinceByCode } from '../../lib/context/afghan-context.ts'
import { formatSolarHijri } from '../../lib/text/solar-hijri.ts'
import type { CaseRecipient, DisclosureProfileName, Perpetrator, Qualification, Victims } from '../../types/schemas.ts'
import type { WithheldReason } from '../persons/disclosure.ts'
import type { DisclosedPlace, ExhibitVariant, WithheldExhibitReason } from './disclosure-profile.ts'
import { extensionOfMediaType } from '../../lib/media/display-name.ts'
import { LABELS, LANGUAGE_TAG, type DossierLabels, type DossierLanguage } from './labels.ts'
import { CONNECTED_CRIME_ELEMENTS } from '../../lib/analysis/incident-links.ts'
import { entirelyBeforeIccWindow, needsNexusReview } from './stages/case-warnings.ts'
import { languageName, relatedLines, translationWords, type Rendering } from './translation-labels.ts'
import { EN_CODES, FA_CODES, PS_CODES, type CodeKind } from './code-labels.ts'
import { elementLabel } from './taxonomy-labels.ts'
import { PATTERN_LABELS, type PatternLabels } from './pattern-labels.ts'
import { evidenceChart, type ChartVerification } from '../../lib/analysis/evidence-chart.ts'
import { MODE_PROVISION, type LiabilityMode } from '../../lib/analysis/involvements.ts'

/**
 * The dossier as data, and the PDF document model made from it. Pure: the service gathers a
 * snapshot (already cut down by the case's profile and by each person's disclosure decision) and
 * the bytes of the files to embed; everything here is layout and wording, so the same snapshot and
 * generation time always give the same PDF.
 */

export type SnapshotPerson = {
  pseudonym: string
  role: 'victim' | 'witness' | 'source' | 'perpetrator'
  /** Present only when disclose() let the identity out. */
  name?: string
  aliases?: string[]
  withheld: WithheldReason[]
}

export type SnapshotLink = { category: string; element: string; exhibits: string[]; note?: string }

/** A crime connected to an incident (a connected-to link), printed where an element needs one. */
export type SnapshotConnectedCrime = { reference: string; category: string; fromCategory?: string }

/**
 * An involvement record as the dossier prints it: a person by pseudonym (and name only where its
 * disclosure decision lets it out; its positions only then), or an organisation or unit of the register.
 */
export type SnapshotInvolvement = {
  perpetrator:
    | {
        kind: 'person'
        pseudonym: string
        name?: string
        positions: Array<{ title: string; organisation: string; from?: string; to?: string }>
      }
    | { kind: 'organisation'; orgKind: string; type: string; organ?: string; name?: string; parentName?: string }
  mode: string
  category?: string
  element?: string
  from?: string
  to?: string
  /** This dossier's exhibit numbers. */
  exhibits: string[]
  /** Pseudonyms of the source persons ([…] for one left out). */
  sources: string[]
}

/** An exhibit's verification records (Berkeley Protocol) and the status they add up to. */
export type SnapshotVerification = {
  status: 'verified' | 'partly-verified' | 'unverified'
  phases: Array<'source' | 'technical' | 'content'>
  records: Array<{
    phase: 'source' | 'technical' | 'content'
    method: string
    status: 'verified' | 'partly-verified' | 'unverified'
    createdAt: string
    analyst: string
    /** Only where the profile shows free text (redacted like every other). */
    finding?: string
  }>
}

export type SnapshotIncident = {
  id: string
  reference: string
  revision: number
  status: string
  title: string
  narrative: string
  narrativeLanguage: string
  occurred: { from: string; to: string; precision: string; fromSolarHijri: string; toSolarHijri: string }
  place: DisclosedPlace
  categories: string[]
  qualifications: Qualification[]
  victims?: Victims
  perpetrators: Perpetrator[]
  sources: Array<{ type: string; reliability?: string; credibility?: number; description?: string }>
  flags: string[]
  patternReferences: string[]
  persons: SnapshotPerson[]
  /** Exhibit numbers of this incident (shipped and withheld). */
  exhibits: string[]
  links: SnapshotLink[]
  /** Crimes connected to this incident (connected-to links the builder may read). */
  connectedCrimes?: SnapshotConnectedCrime[]
  /** Contextual elements under the incident's patterns: inherited from the pattern, or overridden with a reason. */
  context?: SnapshotIncidentContext[]
  /** Alleged perpetrators and their linkage (active involvement records). */
  involvements?: SnapshotInvolvement[]
  /** Every person of the incident may appear in images for this recipient. */
  imagesAllowed: boolean
  /** The profile keeps this incident to its counts: title, narrative and notes are empty. */
  narrativeWithheld: boolean
}

/** A contextual element as the pattern assessed it; exhibits are this dossier's numbers. */
export type SnapshotContextElement = { element: string; status: string; exhibits: string[]; assessor?: string; assessedAt?: string }

/** A contextual element of an incident under one of its patterns. */
export type SnapshotIncidentContext = {
  pattern: string
  element: string
  status: string
  basis: 'inherited' | 'overridden'
  reason?: string
  assessor?: string
  assessedAt?: string
}

export type SnapshotPatternScale = {
  incidents: number
  victims: number
  victimsBySex: Record<string, number>
  victimsByAgeGroup: Record<string, number>
  provinces: string[]
  period?: { from: string; to: string }
}

export type SnapshotPattern = {
  id: string
  reference: string
  revision: number
  title: string
  description: string
  descriptionLanguage: string
  attack?: {
    widespread?: boolean
    systematic?: boolean
    targetedPopulation?: string
    period?: { from: string; to?: string }
    provinces?: string[]
  }
  policyEvidence: Array<{ title: string; issuedBy?: string; issuedOn?: string; reference?: string }>
  attackingOrganisation?: { type: string; name?: string }
  /** The pattern's assessed contextual elements (absent in snapshots made before patterns carried them). */
  context?: SnapshotContextElement[]
  /** Member incidents the builder may read, and their scale. */
  members?: Array<{ reference: string; province: string; from: string; to: string }>
  scale?: SnapshotPatternScale
}

/**
 * A custody entry as an export prints it: `details` summarises closed-vocabulary details only; an
 * entry that may hold free text travels as its leaf hash and proof (no `canonical`), and one that is
 * hidden (a delivery to another recipient) shows no time, type or actor either.
 */
export type CustodyRow = {
  index: number
  time: string
  type: string
  actor: string
  details: string
  disclosure: 'shown' | 'hash-only' | 'hidden'
  leafHash: string
  proof: string[]
  /** Base64 of the entry's canonical bytes, only when shown. */
  canonical?: string
}

export type SnapshotExhibit = {
  /** This dossier's exhibit number (E1, E2…): changes from one dossier to another. */
  number: string
  /** The organisation-wide exhibit id (SND-E-YYYY-NNNNNN): the same in every dossier. */
  stableId: string
  evidenceId: string
  incidentReference: string
  name: string
  mediaType: string
  size: number
  sha256: string
  sha512: string
  variant: ExhibitVariant
  withheldReason?: WithheldExhibitReason
  /** The file the export carries (null when withheld). */
  file: { path: string; sha256: string; sha512: string; size: number } | null
  placement: 'attached' | 'package' | 'withheld'
  thumbnail: boolean
  /** Why no thumbnail, when the type would have one. */
  thumbnailWithheld: boolean
  /** Capture metadata; null when the profile withholds it. */
  metadata: null | {
    capturedAt?: string
    gps?: { lat: number; lon: number; alt?: number }
    device?: string
    software?: string
    width?: number
    height?: number
    durationSeconds?: number
    none?: boolean
  }
  flags: Array<{ code: string; message?: string }>
  source?: { type?: string; url?: string }
  collectedAt?: string
  collectedBy?: string
  description?: string
  ingestIndex: number
  verification?: SnapshotVerification
  /** The ingest entry with its proof (always canonical: it holds only hashes and sizes). */
  ingest: ManifestLedgerProof
  /** For a shared copy: the entry that derived it from the original. */
  derivation?: ManifestLedgerProof
  /** Image consent for this exhibit (#17 item 9); absent where it does not decide (documents, audio, need-to-know). */
  imageConsent?: ExhibitImageConsent
  /** For a blurred copy Sanad made: its source and how it was made. */
  lineage?: ExhibitLineage
  /** Numbers of the blurred copies of this exhibit the dossier carries. */
  blurredCopies?: string[]
  /** Page count of the carried file, for a PDF that could be read (exhibits.csv `pages`). */
  pages?: number
  custody: CustodyRow[]
  /**
   * Custody events recorded by people, in the order they happened (custody begins at collection);
   * absent when none were recorded. Free fields only where the profile prints free text.
   */
  collection?: SnapshotCustodyEvent[]
  /** Whole days from the earliest recorded event to the upload, when one came before it. */
  collectionGapDays?: number
}

/** The submitting organisation (settings SANAD_ORG_*); empty contact or focal point: not set. */
export type Organisation = { name: string; contact: string; focalPoint: string }
/** A custody event recorded by a person, as the dossier prints it (codes; free fields by profile). */
export type SnapshotCustodyEvent = {
  type: string
  occurredAt: string
  codes: Record<string, string>
  itemSha256?: string
  sealed?: { url?: string; postId?: string; tool?: string; toolVersion?: string; sealNumber?: string; note?: string }
  ledgerIndex: number
  contentSha256: string
}

/** One custodian of the register: account id, staff code (when set) and role; never a name. */
export type SnapshotCustodian = { account: string; staffCode?: string; role: string }

export type DossierSnapshot = {
  dossierId: string
  /** Who sends the dossier (absent in snapshots made before it was a setting: "Sanad"). */
  organisation?: Organisation
  /** The responsible officer who asked for the dossier and signs its declaration (staff code, else username). */
  officer?: { code: string; role: string }
  language: DossierLanguage
  /** RFC 3339 UTC with milliseconds. */
  generatedAt: string
  generator: { name: string; version: string }
  /** `revision`: the case revision the dossier is built from (absent in snapshots made before cases had revisions). */
  case: {
    id: string
    reference: string
    title: string
    purpose?: string
    recipient: CaseRecipient
    profile: DisclosureProfileName
    revision?: number
  }
  /** `tsaConfigured` false: no time-stamping authority is configured, so none was asked (absent: unknown, treated as asked). */
  checkpoint: {
    note: string
    origin: string
    size: number
    rootHash: string
    timestamp: { genTime: string; tsaUrl: string } | null
    tsaConfigured?: boolean
  }
  verifierKey: string
  manifestSha256: string
  incidents: SnapshotIncident[]
  leftOut: Array<{ reference: string; reason: 'retracted' }>
  patterns: SnapshotPattern[]
  exhibits: SnapshotExhibit[]
  /** The custodian register (absent when no exhibit has recorded custody events and no custodian a staff code). */
  custodians?: SnapshotCustodian[]
  /** The recipient's own reference of an exhibit, by stable id, as imported back (absent: none). */
  recipientRefs?: Record<string, string>
  /** Translations and transcripts among the exhibits, each with its original's number (#17 item 6); absent when none. */
  renderings?: Rendering[]
}

/** Files embedded in the PDF beside the exhibits. */
export type DossierAttachments = {
  manifest: Uint8Array
  signature: string
  checkpoint: string
  custody: Uint8Array
  /** A granted TimeStampResp wrapping the checkpoint's RFC 3161 token, when there is one. */
  timestampResponse: Uint8Array | null
  /** Bytes of attached exhibits and thumbnails, by exhibit number. */
  exhibit: (number: string) => Uint8Array | undefined
  /** Who signs the PDF itself (PAdES, the last stage) and whether the certificate is self-signed. */
  pdfSigner?: { commonName: string; selfSigned: boolean }
}

/** Largest image drawn as a thumbnail (it is embedded a second time, as an image). */
export const THUMBNAIL_MAX_BYTES = 1024 * 1024

/** The usual extension of a detected media type (`.bin` when unknown): one table, with the evidence's neutral names. */
export const extensionOf = extensionOfMediaType

/**
 * Which exhibit files the PDF embeds: in exhibit order, each file while the budget lasts (the rest
 * travel in the package only), then its thumbnail if it may have one and still fits.
 */
export function planPlacement(
  exhibits: Array<{ number: string; fileSize: number | null; thumbnailAllowed: boolean }>,
  budget: number
): Map<string, { attached: boolean; thumbnail: boolean }> {
  const out = new Map<string, { attached: boolean; thumbnail: boolean }>()
  let used = 0
  for (const e of exhibits) {
    if (e.fileSize === null) {
      out.set(e.number, { attached: false, thumbnail: false })
      continue
    }
    const attached = used + e.fileSize <= budget
    if (attached) used += e.fileSize
    const thumbnail = attached && e.thumbnailAllowed && e.fileSize <= THUMBNAIL_MAX_BYTES && used + e.fileSize <= budget
    if (thumbnail) used += e.fileSize
    out.set(e.number, { attached, thumbnail })
  }
  return out
}

/** The attachment name of an exhibit file in the PDF: the last segment of its package path. */
export function attachmentName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

// ---------------------------------------------------------------------------
// Wording helpers.

function langOf(tag: string): DossierLanguage | null {
  const primary = tag.toLowerCase().split(/[-_]/)[0]
  if (primary === 'fa' || primary === 'prs') return 'fa'
  if (primary === 'ps' || primary === 'pbt' || primary === 'pst') return 'ps'
  if (primary === 'en') return 'en'
  return null
}

function provinceName(code: string, names: { en?: string; fa?: string; ps?: string }, lang: DossierLanguage): string {
  const p = provinceByCode(code)
  return names[lang] ?? p?.[lang] ?? names.en ?? p?.en ?? code
}

/** An exhibit's verification: the overall status with its phases, then one line per record (in the dossier's language). */
function verificationText(v: SnapshotVerification, L: DossierLabels): string {
  const phases = v.phases.map((p) => L.verificationPhases[p]).join(', ')
  const head = `${L.verificationStatuses[v.status]}${phases === '' ? '' : ` (${phases})`}`
  const lines = v.records.map(
    (r) =>
      `${r.createdAt.slice(0, 10)} · ${L.verificationPhases[r.phase]} · ${L.verificationMethods[r.method] ?? r.method} · ${L.verificationStatuses[r.status]} · ${r.analyst}${r.finding === undefined ? '' : `: ${r.finding}`}`
  )
  return [head, ...lines].join('\n')
}

const CODES = { en: EN_CODES, fa: FA_CODES, ps: PS_CODES } as const

/** A closed-vocabulary code in the dossier's words (no dossier prints a raw code; a code with no words yet is kept). */
export function codeText(kind: CodeKind, code: string, lang: DossierLanguage): string {
  return CODES[lang][kind][code] ?? code
}

/** Codes and recorded Latin text run left to right; translated words follow the document. */
function ltrIn(lang: DossierLanguage): 'ltr' | undefined {
  return lang === 'en' ? 'ltr' : undefined
}

function categoryLabel(id: string, lang: DossierLanguage): string {
  return categoryById(id)?.labels[lang] ?? id
}

function article(id: string, L: DossierLabels): string {
  const a = categoryById(id)?.romeStatute
  return a === null || a === undefined ? '—' : `${L.romeStatute} ${a}`
}

function sh(date: string, lang: DossierLanguage): string {
  try {
    return formatSolarHijri(date, lang)
  } catch {
    return date
  }
}

function solarHijriOfGregorian(iso: string, lang: DossierLanguage): string {
  try {
    return formatSolarHijri(new Date(`${iso.slice(0, 10)}T00:00:00Z`), lang)
  } catch {
    return iso
  }
}

function range(from: string, to: string): string {
  return from === to ? from : `${from} – ${to}`
}

function placeText(place: DisclosedPlace, L: DossierLabels, lang: DossierLanguage): string {
  const parts = [provinceName(place.province, place.provinceName, lang)]
  if (place.district !== undefined) parts.push(place.district)
  if (place.place !== undefined) parts.push(place.place)
  return `${parts.join(lang === 'en' ? ', ' : '، ')} (${L.placeLevel[place.level]})`
}

function victimsText(v: Victims | undefined, L: DossierLabels, lang: DossierLanguage): string | null {
  if (v === undefined) return null
  const parts: string[] = []
  if (v.count !== undefined)
    parts.push(
      `${v.count}${v.countIsEstimate === true ? ` (${lang === 'en' ? 'est.' : codeText('victimDimension', 'estimate', lang)})` : ''}`
    )
  if (v.killed !== undefined) parts.push(`${v.killed} ${L.killed}`)
  if (v.injured !== undefined) parts.push(`${v.injured} ${L.injured}`)
  for (const [label, map] of [
    ['sex', v.bySex],
    ['age', v.byAgeGroup],
    ['ethnicity', v.byEthnicity],
    ['religion', v.byReligion]
  ] as const) {
    if (map !== undefined && Object.keys(map).length > 0)
      parts.push(
        `${codeText('victimDimension', label, lang)}: ${Object.entries(map)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, n]) => `${codeText('victimGroup', k, lang)} ${n}`)
          .join(lang === 'en' ? ', ' : '، ')}`
      )
  }
  // Dari and Pashto separate with the Arabic comma and semicolon.
  return parts.length === 0 ? null : parts.join(lang === 'en' ? '; ' : '؛ ')
}

function perpetratorText(p: Perpetrator, lang: DossierLanguage): string {
  const organ = p.organ === undefined ? undefined : codeText('organ', p.organ, lang)
  const involvement = p.involvement === undefined ? undefined : `(${codeText('involvement', p.involvement, lang)})`
  const parts = [codeText('perpetratorType', p.type, lang), organ, p.unit, involvement].filter((x) => x !== undefined)
  return parts.join(lang === 'en' ? ' ' : ' · ')
}

function involvementPerpetratorText(inv: SnapshotInvolvement, L: DossierLabels, lang: DossierLanguage): string {
  const sep = lang === 'en' ? ' · ' : ' · '
  const p = inv.perpetrator
  if (p.kind === 'person') {
    const who = p.name === undefined ? `${p.pseudonym} (${L.pseudonymOnly})` : `${p.pseudonym}: ${p.name}`
    const held = p.positions.map((x) => `${x.title}, ${x.organisation}${x.from || x.to ? ` (${x.from ?? '…'} – ${x.to ?? '…'})` : ''}`)
    return [`${L.roles.perpetrator}: ${who}`, ...held].join('\n')
  }
  // Names the migration made from codes (the organ or type itself) are printed as their words.
  const codes = new Set([p.type, p.organ])
  const named = (n: string | undefined) => (n === undefined || codes.has(n) ? undefined : n)
  const parts = [
    codeText('perpetratorType', p.type, lang),
    p.organ === undefined ? undefined : codeText('organ', p.organ, lang),
    named(p.parentName),
    named(p.name)
  ].filter((x): x is string => x !== undefined)
  return `${L.orgKinds[p.orgKind as 'unit'] ?? p.orgKind}: ${parts.join(sep)}`
}

function involvementRow(inv: SnapshotInvolvement, L: DossierLabels, lang: DossierLanguage, stableIds: Map<string, string>): TableCell[] {
  const category = inv.category === undefined ? undefined : categoryById(inv.category)
  const element = inv.element === undefined ? undefined : category?.elements.find((e) => e.id === inv.element)
  const qualification = [
    category === undefined ? undefined : categoryLabel(category.id, lang),
    element === undefined ? undefined : elementLabel(element, lang)
  ].filter((x): x is string => x !== undefined)
  const provision = MODE_PROVISION[inv.mode as LiabilityMode]
  return [
    involvementPerpetratorText(inv, L, lang),
    `${codeText('liabilityMode', inv.mode, lang)}${provision === undefined || provision === '—' ? '' : ` — ${L.romeStatute} ${provision}`}`,
    qualification.length === 0 ? '—' : qualification.join(' — '),
    inv.from === undefined && inv.to === undefined ? '—' : `${inv.from ?? '…'} – ${inv.to ?? '…'}`,
    { text: inv.exhibits.length === 0 ? '—' : inv.exhibits.map((n) => withStableId(n, stableIds)).join('\n'), direction: 'ltr' },
    { text: inv.sources.length === 0 ? '—' : inv.sources.join(', '), direction: 'ltr' }
  ]
}

/** An exhibit's consistency flag: the code and its message in English; in Dari and Pashto the flag's name and meaning. */
function flagText(f: { code: string; message?: string }, lang: DossierLanguage): string {
  // English files carry the server's own message (with the facts it quotes) after the flag's name.
  const explain = lang === 'en' ? (f.message ?? CODES.en.flagExplain[f.code]) : CODES[lang].flagExplain[f.code]
  return `${codeText('flag', f.code, lang)}${explain === undefined ? '' : `: ${explain}`}`
}

const CUSTODY_DETAIL_KEYS: Record<string, string> = { type: 'mediaType', copy: 'copySha256' }

/** The custody summary (`key=value` words of closed vocabularies, ids and hashes) with keys and words translated. */
function custodyDetailsText(details: string, lang: DossierLanguage): string {
  const codes = CODES[lang]
  return details
    .split(' ')
    .map((word) => {
      const eq = word.indexOf('=')
      if (eq < 0) return codes.custodyValue[word] ?? word
      const key = word.slice(0, eq)
      const value = word.slice(eq + 1)
      const label = codes.custodyDetail[CUSTODY_DETAIL_KEYS[key] ?? key] ?? key
      if (key === 'sourceLanguage' || key === 'targetLanguage') return `${label}: ${languageName(value, lang)}`
      const caseId = value.startsWith('case:') ? `${codes.accessPurpose.case}:${value.slice(5)}` : undefined
      return `${label}: ${caseId ?? codes.accessPurpose[value] ?? codes.custodyValue[value] ?? value}`
    })
    .join(lang === 'en' ? '; ' : '؛ ')
}

/** The order a custody event's codes are printed in (key=value words custodyDetailsText translates). */
const EVENT_CODE_KEYS = [
  'fromStaffCode',
  'fromSource',
  'toStaffCode',
  'medium',
  'kind',
  'sourceLanguage',
  'targetLanguage',
  'method',
  'certification',
  'reviewedBy',
  'platform',
  'action',
  'template'
] as const
const SEALED_KEYS = ['url', 'postId', 'tool', 'toolVersion', 'sealNumber', 'note'] as const

/**
 * An exhibit's custody from collection (#17 item 4): the events people recorded, in the order they
 * happened, then its arrival in Sanad; the days between; the collector's declaration, if signed.
 */
function pushCollection(blocks: Block[], e: SnapshotExhibit, L: DossierLabels, lang: DossierLanguage): void {
  const C = L.custodyBefore
  const events = e.collection ?? []
  const arrival = e.custody.find((r) => r.index === e.ingestIndex)
  const rows: TableCell[][] = events.map((ev) => {
    const words = EVENT_CODE_KEYS.filter((k) => ev.codes[k] !== undefined).map((k) => `${k}=${ev.codes[k]}`)
    if (ev.itemSha256 !== undefined) words.push(`sha256=${ev.itemSha256.slice(0, 16)}…`)
    const sealed = SEALED_KEYS.flatMap((k) => {
      const v = ev.sealed?.[k]
      if (v === undefined) return []
      return [`${k === 'toolVersion' ? '' : `${C.sealedFields[k]}: `}${v}`]
    })
    const details = [custodyDetailsText(words.join(' '), lang), ...sealed].filter((x) => x !== '').join(' · ')
    return [
      { text: ev.occurredAt, direction: 'ltr' },
      { text: codeText('custodyEvent', ev.type, lang), direction: ltrIn(lang) },
      ev.codes.by ?? '—',
      { text: details, direction: ltrIn(lang) },
      String(ev.ledgerIndex)
    ]
  })
  if (arrival !== undefined)
    rows.push([
      { text: arrival.time, direction: 'ltr' },
      { text: codeText('custodyEvent', 'ingested', lang), direction: ltrIn(lang) },
      '—',
      C.uploaded,
      String(arrival.index)
    ])
  blocks.push({
    kind: 'table',
    caption: C.timeline,
    columns: [
      { header: C.occurred, width: 2.6 },
      { header: L.event, width: 2.2 },
      { header: C.custodian, width: 1.6, code: true },
      { header: L.details, width: 4.6 },
      { header: L.ledgerIndex, width: 0.8, align: 'end' }
    ],
    rows
  })
  if (e.collectionGapDays !== undefined) blocks.push({ kind: 'paragraph', text: C.gap.replace('{days}', String(e.collectionGapDays)) })
  for (const ev of events.filter((x) => x.type === 'collector-declaration'))
    blocks.push({
      kind: 'paragraph',
      text: `${C.declaration} (${ev.codes.by ?? '—'}, ${ev.occurredAt}): ${C.declarationText}`,
      style: 'small'
    })
}

/**
 * Translations and transcripts beside their originals (#17 item 6), under the exhibit list: one
 * paragraph per original, "E5 — Dari original; E6 — English translation of E5 by TR-03 …".
 */
function pushRenderings(blocks: Block[], renderings: readonly Rendering[], lang: DossierLanguage): void {
  if (renderings.length === 0) return
  const W = translationWords(lang)
  blocks.push({ kind: 'heading', level: 2, text: W.heading })
  blocks.push({ kind: 'paragraph', text: W.list, style: 'small' })
  const originals = [...new Set(renderings.map((r) => r.original ?? r.number))]
  for (const number of originals) {
    const lines = relatedLines(number, renderings, lang)
    if (lines.length > 0) blocks.push({ kind: 'paragraph', text: lines.join(lang === 'en' ? '; ' : '؛ ') })
  }
}

/**
 * Who acted in a custody row, as the custodian register names them: staff code and role ("KBL-07 ·
 * Documenter"), or the role alone; an actor outside the register (no register, a device) as recorded.
 */
function custodianCell(actor: string, custodians: ReadonlyMap<string, SnapshotCustodian>, L: DossierLabels): TableCell {
  const c = custodians.get(actor)
  if (c === undefined) return actor
  const role = L.custodyBefore.roles[c.role] ?? c.role
  return { text: c.staffCode === undefined ? role : `${c.staffCode} · ${role}`, code: false }
}

/** The custodian register: account, staff code and role; the organisation holds the identities. */
function pushCustodianRegister(blocks: Block[], custodians: SnapshotCustodian[], L: DossierLabels): void {
  const C = L.custodyBefore
  blocks.push({ kind: 'heading', level: 2, text: C.register })
  blocks.push({ kind: 'paragraph', text: C.registerText, style: 'small' })
  blocks.push({
    kind: 'table',
    caption: C.register,
    columns: [
      { header: C.staffCode, width: 1.6, code: true },
      { header: C.role, width: 2 },
      { header: C.account, width: 5, code: true }
    ],
    rows: custodians.map((c): TableCell[] => [c.staffCode ?? '—', C.roles[c.role] ?? c.role, c.account])
  })
}

/**
 * Custody that starts on the phone (#16 item 2): the device-signed `captured` entry's capture time and the
 * `ingested` entry's time, and the whole days and hours between them. Absent without a shown capture.
 */
export function deviceCaptureGap(
  e: Pick<SnapshotExhibit, 'custody' | 'ingestIndex'>
): { capturedAt: string; receivedAt: string; days: number; hours: number } | undefined {
  const captured = e.custody.find((r) => r.type === 'captured' && r.disclosure === 'shown')
  const received = e.custody.find((r) => r.index === e.ingestIndex)
  const capturedAt = /(?:^| )capturedAt=(\S+)/.exec(captured?.details ?? '')?.[1]
  if (!capturedAt || !received || Number.isNaN(Date.parse(capturedAt))) return undefined
  const ms = Math.max(0, Date.parse(received.time) - Date.parse(capturedAt))
  const totalHours = Math.floor(ms / 3_600_000)
  return { capturedAt, receivedAt: received.time, days: Math.floor(totalHours / 24), hours: totalHours % 24 }
}

function sizeText(n: number, L: DossierLabels): string {
  return `${n.toLocaleString('en-US')} ${L.bytes}`
}

/** "E3 · SND-E-2026-000042": this dossier's number beside the organisation-wide id. */
function withStableId(number: string, stableIds: Map<string, string>): string {
  const id = stableIds.get(number)
  return id === undefined ? number : `${number} · ${id}`
}

function numbersText(numbers: string[], L: DossierLabels): string {
  return numbers.length === 0 ? L.none : numbers.join(', ')
}

/**
 * A narrative gets a page of its own only where text extraction needs it (layout-rules.ts): right to
 * left with digits or Latin words, in a left-to-right dossier. Elsewhere a page of its own left
 * near-empty pages (a one-line narrative, then a forced break).
 */
function ownPage(text: string, textLanguage: string, docRtl: boolean): boolean {
  return needsOwnPage(text, isRtlLanguage(textLanguage), docRtl)
}

// ---------------------------------------------------------------------------
// Counting.

export type DossierCounts = {
  byCategory: Array<{ id: string; count: number }>
  byProvince: Array<{ code: string; count: number }>
  byMonth: Array<{ month: string; count: number }>
  victims: number
  killed: number
  injured: number
}

export function countIncidents(incidents: SnapshotIncident[]): DossierCounts {
  const cat = new Map<string, number>()
  const prov = new Map<string, number>()
  const month = new Map<string, number>()
  let victims = 0
  let killed = 0
  let injured = 0
  for (const i of incidents) {
    for (const c of i.categories) cat.set(c, (cat.get(c) ?? 0) + 1)
    prov.set(i.place.province, (prov.get(i.place.province) ?? 0) + 1)
    const m = i.occurred.from.slice(0, 7)
    month.set(m, (month.get(m) ?? 0) + 1)
    victims += i.victims?.count ?? 0
    killed += i.victims?.killed ?? 0
    injured += i.victims?.injured ?? 0
  }
  const byCount =
    <T extends { count: number }>(key: (x: T) => string) =>
    (a: T, b: T): number =>
      b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
  return {
    byCategory: [...cat].map(([id, count]) => ({ id, count })).sort(byCount((x) => x.id)),
    byProvince: [...prov].map(([code, count]) => ({ code, count })).sort(byCount((x) => x.code)),
    byMonth: [...month].map(([m, count]) => ({ month: m, count })).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)),
    victims,
    killed,
    injured
  }
}

// ---------------------------------------------------------------------------
// The document model.

export function dossierModel(snap: DossierSnapshot, files: DossierAttachments): DocumentModel {
  const lang = snap.language
  const L = LABELS[lang]
  const P = PATTERN_LABELS[lang]
  const tag = LANGUAGE_TAG[lang]
  const docRtl = isRtlLanguage(tag)
  const c = snap.case
  const profileName = L.profiles[c.profile]
  const recipientName = L.recipients[c.recipient]
  const blocks: Block[] = []
  const withheldCount = snap.exhibits.filter((e) => e.variant === 'withheld').length
  const stableIds = new Map(snap.exhibits.map((e) => [e.number, e.stableId]))

  // Cover.
  const org = snap.organisation
  const generated = new Date(snap.generatedAt)
  const cover: Block = {
    kind: 'cover',
    titleLines: [`${L.caseFile} ${c.reference}`, c.title],
    facts: [
      ...(org === undefined ? [] : [{ label: L.submittedBy, value: org.name }]),
      ...(org === undefined || org.contact === '' ? [] : [{ label: L.contact, value: org.contact }]),
      ...(org === undefined || org.focalPoint === '' ? [] : [{ label: L.focalPoint, value: org.focalPoint }]),
      { label: L.reference, value: c.reference },
      ...(c.revision === undefined ? [] : [{ label: L.caseRevision, value: String(c.revision) }]),
      { label: L.recipient, value: recipientName },
      {
        label: L.profile,
        value: `${profileName}: ${L.profileMeaning[c.profile]}`
      },
      ...(c.purpose === undefined ? [] : [{ label: L.purpose, value: c.purpose }]),
      {
        label: L.generated,
        value: `${snap.generatedAt} · ${solarHijriOfGregorian(snap.generatedAt, lang)} · ${snap.generator.name} ${snap.generator.version}`
      },
      { label: L.incidents, value: String(snap.incidents.length) },
      {
        label: L.exhibits,
        value: withheldCount === 0 ? String(snap.exhibits.length) : `${snap.exhibits.length} (${withheldCount} ${L.placement.withheld})`
      },
      // The renderer fills in the count once the file is laid out: a page taken out or put in shows here.
      { label: L.pages, value: L.filePages },
      { label: L.checkpoint, value: `${snap.checkpoint.origin} · ${snap.checkpoint.size}` },
      { label: L.rootHash, value: snap.checkpoint.rootHash, code: true },
      {
        label: L.timestamp,
        value:
          snap.checkpoint.timestamp !== null
            ? `${snap.checkpoint.timestamp.genTime} · ${snap.checkpoint.timestamp.tsaUrl}`
            : snap.checkpoint.tsaConfigured === false
              ? L.noTimestampNoAuthority
              : L.noTimestamp
      },
      ...(files.pdfSigner === undefined
        ? []
        : [
            {
              label: L.pdfSignature,
              value: files.pdfSigner.selfSigned ? `${files.pdfSigner.commonName} · ${L.selfSignedNote}` : files.pdfSigner.commonName
            }
          ]),
      { label: L.manifestSha256, value: snap.manifestSha256, code: true },
      { label: L.verifierKey, value: snap.verifierKey, code: true }
    ],
    note: L.coverNote
  }
  if (Number.isNaN(generated.getTime())) throw new Error('generatedAt is not a date')
  blocks.push(cover)

  // The covering letter and the declaration of authenticity, before everything else.
  blocks.push(...coveringLetter(snap, L, recipientName))

  // About.
  blocks.push({ kind: 'heading', level: 1, text: L.about, newPage: true })
  blocks.push({ kind: 'paragraph', text: L.aboutText({ recipient: recipientName, profile: profileName }) })
  blocks.push({ kind: 'paragraph', text: L.profileMeaning[c.profile] })
  blocks.push({ kind: 'paragraph', text: L.consentText })
  blocks.push({ kind: 'paragraph', text: L.methodText })
  blocks.push({ kind: 'paragraph', text: L.attachmentsText, style: 'small' })
  if (snap.leftOut.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: L.leftOut })
    blocks.push({ kind: 'list', items: snap.leftOut.map((x) => `${x.reference}: ${L.leftOutRetracted}`) })
  }

  // Summary. An ICC file counts only conduct the ICC may try (from 1 May 2003), and says so.
  const outsideIcc = c.recipient === 'icc-otp' ? snap.incidents.filter((i) => entirelyBeforeIccWindow(i.occurred)) : []
  const counted = outsideIcc.length === 0 ? snap.incidents : snap.incidents.filter((i) => !outsideIcc.includes(i))
  const counts = countIncidents(counted)
  const unverified = snap.incidents.filter((i) => i.status !== 'verified')
  blocks.push({ kind: 'heading', level: 1, text: L.summary, newPage: true })
  blocks.push({
    kind: 'keyValues',
    rows: [
      { label: L.incidents, value: String(counted.length) },
      { label: L.victims, value: `${counts.victims} (${counts.killed} ${L.killed}, ${counts.injured} ${L.injured})` },
      { label: L.exhibits, value: String(snap.exhibits.length) }
    ]
  })
  if (outsideIcc.length > 0) blocks.push({ kind: 'paragraph', text: L.outsideIccWindow(outsideIcc.map((i) => i.reference).join(', ')) })
  if (unverified.length > 0) blocks.push({ kind: 'paragraph', text: L.notVerified(unverified.map((i) => i.reference).join(', ')) })
  blocks.push({
    kind: 'table',
    caption: L.byCategory,
    columns: [
      { header: L.category, width: 5 },
      { header: L.romeStatute, width: 2 },
      { header: L.count, width: 1, align: 'end' }
    ],
    rows: counts.byCategory.map((x) => [
      categoryLabel(x.id, lang),
      { text: categoryById(x.id)?.romeStatute ?? '—', direction: 'ltr' },
      String(x.count)
    ])
  })
  blocks.push({
    kind: 'barChart',
    title: L.byProvince,
    bars: counts.byProvince.map((x) => ({ label: provinceName(x.code, {}, lang), value: x.count }))
  })
  blocks.push({ kind: 'barChart', title: L.byMonth, bars: counts.byMonth.map((x) => ({ label: x.month, value: x.count })) })

  // Patterns.
  if (snap.patterns.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: L.patterns, newPage: true })
    snap.patterns.forEach((p, i) => {
      blocks.push({ kind: 'heading', level: 2, text: `${p.reference}: ${p.title}`, newPage: i > 0 })
      const rows: KeyValueRow[] = [{ label: L.revision, value: String(p.revision) }]
      const a = p.attack
      if (a !== undefined) {
        if (a.widespread !== undefined) rows.push({ label: L.widespread, value: a.widespread ? L.yes : L.no })
        if (a.systematic !== undefined) rows.push({ label: L.systematic, value: a.systematic ? L.yes : L.no })
        if (a.targetedPopulation !== undefined) rows.push({ label: L.targetedPopulation, value: a.targetedPopulation })
        if (a.period !== undefined)
          rows.push({ label: L.period, value: a.period.to === undefined ? `${a.period.from} –` : range(a.period.from, a.period.to) })
        if (a.provinces !== undefined && a.provinces.length > 0)
          rows.push({ label: L.province, value: a.provinces.map((code) => provinceName(code, {}, lang)).join(', ') })
      }
      if (p.attackingOrganisation !== undefined) {
        const o = p.attackingOrganisation
        const type = P.organisationTypes[o.type as keyof PatternLabels['organisationTypes']] ?? o.type
        rows.push({ label: P.attackingOrganisation, value: o.name === undefined ? type : `${type} — ${o.name}` })
      }
      blocks.push({ kind: 'keyValues', rows })
      pushPatternScale(blocks, p, P, lang)
      pushPatternContext(blocks, p, P, lang)
      if (p.policyEvidence.length > 0) {
        blocks.push({
          kind: 'table',
          caption: L.policyEvidence,
          columns: [
            { header: L.policyEvidence, width: 4 },
            { header: L.issuedBy, width: 2 },
            { header: L.date, width: 1.5 },
            { header: L.ref, width: 2 }
          ],
          rows: p.policyEvidence.map((e) => [e.title, e.issuedBy ?? '—', e.issuedOn ?? '—', e.reference ?? '—'])
        })
      }
      pushNarrative(blocks, p.description, p.descriptionLanguage, L, docRtl)
    })
  }

  // Incidents.
  blocks.push({ kind: 'heading', level: 1, text: L.incidents, newPage: true })
  snap.incidents.forEach((inc, i) => {
    blocks.push({
      kind: 'heading',
      level: 2,
      text: inc.narrativeWithheld ? inc.reference : `${inc.reference}: ${inc.title}`,
      newPage: i > 0
    })
    const rows: KeyValueRow[] = [
      { label: L.incident, value: `${inc.reference} · ${L.revision} ${inc.revision} · ${codeText('incidentStatus', inc.status, lang)}` },
      { label: L.date, value: `${range(inc.occurred.from, inc.occurred.to)} (${codeText('precision', inc.occurred.precision, lang)})` },
      { label: L.dateSolarHijri, value: range(sh(inc.occurred.fromSolarHijri, lang), sh(inc.occurred.toSolarHijri, lang)) },
      { label: L.place, value: placeText(inc.place, L, lang) }
    ]
    if (inc.place.lat !== undefined && inc.place.lon !== undefined) {
      rows.push({
        label: L.coordinates,
        value: `${inc.place.lat}, ${inc.place.lon}${inc.place.coordinatePrecision === undefined ? '' : ` (${codeText('coordinatePrecision', inc.place.coordinatePrecision, lang)})`}`,
        direction: 'ltr'
      })
    }
    rows.push({ label: L.categories, value: inc.categories.map((id) => `${categoryLabel(id, lang)} — ${article(id, L)}`).join('\n') })
    if (inc.flags.length > 0)
      rows.push({ label: L.flags, value: inc.flags.map((f) => codeText('flag', f, lang)).join('، '), direction: ltrIn(lang) })
    if (needsNexusReview(inc)) rows.push({ label: L.legalReview, value: L.nexusReview })
    const v = victimsText(inc.victims, L, lang)
    if (v !== null) rows.push({ label: L.victims, value: v })
    if (inc.perpetrators.length > 0)
      rows.push({ label: L.perpetrators, value: inc.perpetrators.map((p) => perpetratorText(p, lang)).join('\n'), direction: ltrIn(lang) })
    if (inc.patternReferences.length > 0) rows.push({ label: L.patterns, value: inc.patternReferences.join(', ') })
    rows.push({
      label: L.exhibits,
      value: inc.exhibits.length === 0 ? L.none : inc.exhibits.map((n) => withStableId(n, stableIds)).join('\n'),
      direction: 'ltr'
    })
    blocks.push({ kind: 'keyValues', rows })

    if (inc.sources.length > 0) {
      blocks.push({
        kind: 'table',
        caption: L.sources,
        columns: [
          { header: L.type, width: 2 },
          { header: 'A–F', width: 0.7 },
          { header: '1–6', width: 0.7 },
          { header: L.description, width: 4 }
        ],
        rows: inc.sources.map((s) => [
          codeText('sourceType', s.type, lang),
          s.reliability ?? '—',
          s.credibility === undefined ? '—' : String(s.credibility),
          s.description ?? '—'
        ])
      })
    }

    // Persons, as the disclosure function decided.
    blocks.push({ kind: 'heading', level: 3, text: L.persons })
    if (inc.persons.length === 0) blocks.push({ kind: 'paragraph', text: L.noPersons, style: 'small' })
    else {
      blocks.push({
        kind: 'table',
        columns: [
          { header: L.role, width: 1.5 },
          { header: L.pseudonym, width: 1.5 },
          { header: L.shownAs, width: 4 }
        ],
        rows: inc.persons.map((p): TableCell[] => [
          L.roles[p.role],
          { text: p.pseudonym, direction: 'ltr' },
          p.name === undefined ? L.pseudonymOnly : [p.name, ...(p.aliases ?? [])].join(' / ')
        ])
      })
    }

    // Legal qualification with its element checklist.
    blocks.push({ kind: 'heading', level: 3, text: L.legalQualification })
    for (const id of inc.categories) {
      const category = categoryById(id)
      const q = inc.qualifications.find((x) => x.category === id)
      blocks.push({ kind: 'paragraph', text: `${categoryLabel(id, lang)} — ${article(id, L)}`, style: 'body' })
      if (category === undefined || category.elements.length === 0) continue
      if (q === undefined || (q.elements ?? []).length === 0) blocks.push({ kind: 'paragraph', text: L.notQualified, style: 'small' })
      const assessed = new Map((q?.elements ?? []).map((e) => [e.element, e]))
      blocks.push({
        kind: 'table',
        columns: [
          { header: L.element, width: 5 },
          { header: L.elementStatus, width: 1.6 },
          { header: L.supportingExhibits, width: 1.6 },
          { header: L.note, width: 2.6 }
        ],
        rows: category.elements.map((el): TableCell[] => {
          const links = inc.links.filter((l) => l.category === id && l.element === el.id)
          const exhibits = [...new Set(links.flatMap((l) => l.exhibits))]
          // An element that needs a connected crime (persecution) names the linked incidents and their crimes.
          const connected = CONNECTED_CRIME_ELEMENTS.has(el.id)
            ? (inc.connectedCrimes ?? [])
                .filter((c) => c.fromCategory === undefined || c.fromCategory === id)
                .map((c) => `${L.connectedCrime}: ${c.reference} — ${categoryLabel(c.category, lang)}`)
            : []
          // A contextual element the incident's pattern carries: printed once under the pattern, marked here.
          const ctx = el.contextual ? inc.context?.find((x) => x.element === el.id) : undefined
          const notes = [
            ...(ctx === undefined ? [assessed.get(el.id)?.note] : [contextNote(ctx, P)]),
            ...links.map((l) => l.note),
            ...connected
          ].filter((n): n is string => n !== undefined && n.length > 0)
          return [
            { text: `${elementLabel(el, lang)}${el.contextual ? ` [${L.contextual}]` : ''}`, direction: ltrIn(lang) },
            codeText('elementStatus', ctx?.status ?? assessed.get(el.id)?.status ?? 'not-assessed', lang),
            numbersText(exhibits, L),
            notes.length === 0 ? '—' : notes.join('\n')
          ]
        })
      })
      const assessor = q?.assessor
      if (assessor !== undefined || q?.assessedAt !== undefined) {
        blocks.push({
          kind: 'paragraph',
          style: 'small',
          text: `${L.assessedBy}: ${assessor ?? '—'}${q?.assessedAt === undefined ? '' : ` · ${q.assessedAt}`}`
        })
      }
    }

    if (inc.narrativeWithheld) {
      blocks.push({ kind: 'heading', level: 3, text: L.narrative })
      blocks.push({ kind: 'paragraph', text: L.narrativeWithheld, style: 'small' })
    } else pushNarrative(blocks, inc.narrative, inc.narrativeLanguage, L, docRtl)
  })

  pushEvidenceChart(blocks, snap, L, P, lang)
  // Alleged perpetrators and linkage: the involvement records of every incident, in the case's order.
  const withInvolvements = snap.incidents.filter((inc) => (inc.involvements ?? []).length > 0)
  if (withInvolvements.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: L.perpetratorsAndLinkage, newPage: true })
    blocks.push({ kind: 'paragraph', text: L.perpetratorsAndLinkageIntro, style: 'small' })
    for (const inc of withInvolvements) {
      blocks.push({ kind: 'heading', level: 3, text: inc.narrativeWithheld ? inc.reference : `${inc.reference}: ${inc.title}` })
      blocks.push({
        kind: 'table',
        columns: [
          { header: L.allegedPerpetrator, width: 3.4 },
          { header: L.modeOfLiability, width: 2.2 },
          { header: L.element, width: 2.2 },
          { header: L.period, width: 1.6 },
          { header: L.supportingExhibits, width: 2.2 },
          { header: L.sources, width: 1.2 }
        ],
        rows: (inc.involvements ?? []).map((inv) => involvementRow(inv, L, lang, stableIds))
      })
    }
  }

  // Exhibits.
  blocks.push({ kind: 'heading', level: 1, text: L.exhibits, newPage: true })
  blocks.push({
    kind: 'table',
    caption: L.exhibitList,
    columns: [
      { header: L.number, width: 0.8 },
      { header: L.stableId, width: 2.2, code: true },
      { header: L.fileName, width: 2.2 },
      { header: L.size, width: 1.3, align: 'end' },
      { header: L.carried, width: 1.6 },
      { header: L.sha256, width: 5.4, code: true }
    ],
    rows: snap.exhibits.map((e): TableCell[] => [
      e.number,
      e.stableId,
      { text: e.name, direction: 'ltr' },
      String(e.size),
      L.variants[e.variant],
      e.sha256
    ])
  })
  pushRenderings(blocks, snap.renderings ?? [], lang)
  const custodians = new Map((snap.custodians ?? []).map((c) => [c.account, c]))
  for (const e of snap.exhibits) {
    blocks.push({ kind: 'heading', level: 3, text: `${e.number} · ${e.stableId} · ${e.incidentReference}` })
    const rows: KeyValueRow[] = [
      { label: L.stableId, value: e.stableId, direction: 'ltr' },
      ...(snap.recipientRefs?.[e.stableId] === undefined
        ? []
        : [{ label: L.recipientRef, value: snap.recipientRefs[e.stableId] as string, direction: 'ltr' as const }]),
      { label: L.fileName, value: e.name, direction: 'ltr' },
      { label: L.type, value: `${e.mediaType} · ${sizeText(e.size, L)}`, direction: 'ltr' },
      { label: L.sha256, value: e.sha256, code: true },
      { label: L.sha512, value: e.sha512, code: true },
      {
        label: L.carried,
        value: `${L.variants[e.variant]} · ${L.placement[e.placement]}${e.withheldReason === undefined ? '' : `: ${L.withheldReasons[e.withheldReason]}`}`
      }
    ]
    const consent = consentText(e.imageConsent, lang, e.file !== null)
    if (consent !== undefined) rows.push({ label: consentLabel(lang, e.imageConsent?.voice === true), value: consent })
    if (e.lineage !== undefined) rows.push({ label: lineageLabel(lang), value: lineageText(e.lineage, lang) })
    if (e.file !== null && e.variant === 'shared')
      rows.push({ label: L.fileSha256, value: `${e.file.sha256} (${sizeText(e.file.size, L)})`, code: true })
    if (e.metadata === null) rows.push({ label: L.captureMetadata, value: L.metadataWithheld })
    else if (e.metadata.none === true) rows.push({ label: L.captureMetadata, value: L.noMetadata })
    else {
      const m = e.metadata
      if (m.capturedAt !== undefined) rows.push({ label: L.capturedAt, value: m.capturedAt, direction: 'ltr' })
      if (m.gps !== undefined)
        rows.push({
          label: L.gps,
          value: `${m.gps.lat}, ${m.gps.lon}${m.gps.alt === undefined ? '' : ` (${m.gps.alt} m)`}`,
          direction: 'ltr'
        })
      if (m.device !== undefined) rows.push({ label: L.device, value: m.device, direction: 'ltr' })
      if (m.software !== undefined) rows.push({ label: L.software, value: m.software, direction: 'ltr' })
      if (m.width !== undefined && m.height !== undefined)
        rows.push({ label: L.dimensions, value: `${m.width} × ${m.height}`, direction: 'ltr' })
      if (m.durationSeconds !== undefined) rows.push({ label: L.duration, value: String(m.durationSeconds) })
    }
    rows.push({
      label: L.consistencyFlags,
      value: e.flags.length === 0 ? L.noFlags : e.flags.map((f) => flagText(f, lang)).join('\n')
    })
    if (e.source !== undefined)
      rows.push({
        label: L.source,
        value: [e.source.type === undefined ? undefined : codeText('evidenceSource', e.source.type, lang), e.source.url]
          .filter((x) => x !== undefined)
          .join(' · '),
        direction: ltrIn(lang)
      })
    if (e.collectedAt !== undefined || e.collectedBy !== undefined)
      rows.push({ label: L.collected, value: [e.collectedAt, e.collectedBy].filter((x) => x !== undefined).join(' · '), direction: 'ltr' })
    if (e.description !== undefined) rows.push({ label: L.description, value: e.description })
    if (e.verification !== undefined) rows.push({ label: L.verification, value: verificationText(e.verification, L) })
    const related = relatedLines(e.number, snap.renderings ?? [], lang)
    if (related.length > 0) rows.push({ label: translationWords(lang).related, value: related.join('\n') })
    rows.push({ label: L.ingestEntry, value: String(e.ingestIndex) })
    const gap = deviceCaptureGap(e)
    if (gap !== undefined)
      rows.push({
        label: L.deviceCaptureToUpload,
        value: `${gap.capturedAt} → ${gap.receivedAt} (${L.gapDuration(gap.days, gap.hours)})`,
        direction: 'ltr'
      })
    blocks.push({ kind: 'keyValues', rows, labelWidth: 0.26 })
    if (e.collection !== undefined) pushCollection(blocks, e, L, lang)
    blocks.push({
      kind: 'table',
      caption: L.custody,
      columns: [
        { header: L.ledgerIndex, width: 0.7, align: 'end' },
        { header: L.time, width: 3.1 },
        { header: L.event, width: 1.9 },
        { header: L.actor, width: 3.1, code: true },
        { header: L.details, width: 3.2 }
      ],
      rows: e.custody.map((r): TableCell[] => [
        String(r.index),
        { text: r.time, direction: 'ltr' },
        { text: codeText('custodyEvent', r.type, lang), direction: ltrIn(lang) },
        custodianCell(r.actor, custodians, L),
        { text: custodyDetailsText(r.details, lang), direction: ltrIn(lang) }
      ])
    })
    if (e.thumbnail) {
      const bytes = files.exhibit(e.number)
      if (bytes !== undefined) blocks.push({ kind: 'image', bytes, caption: `${e.number} · ${L.thumbnail}`, maxHeight: 150, maxWidth: 220 })
    } else if (e.thumbnailWithheld) blocks.push({ kind: 'paragraph', text: L.thumbnailWithheld, style: 'small' })
  }

  if (snap.custodians !== undefined) pushCustodianRegister(blocks, snap.custodians, L)

  // Verification.
  blocks.push({ kind: 'heading', level: 1, text: L.verifying, newPage: true })
  blocks.push({ kind: 'paragraph', text: L.verifyText })
  blocks.push({ kind: 'paragraph', text: L.verifyCommand, style: 'code', direction: 'ltr' })
  blocks.push({ kind: 'paragraph', text: L.independentText, style: 'small' })
  blocks.push({
    kind: 'keyValues',
    rows: [
      { label: L.verifierKey, value: snap.verifierKey, code: true },
      { label: L.checkpoint, value: snap.checkpoint.note.trimEnd(), code: true }
    ]
  })

  // Attachments: the signed manifest and what proves it, then the exhibits within the budget.
  const attachments: Attachment[] = [
    {
      name: EXPORT_PARTS.manifest,
      bytes: files.manifest,
      mimeType: 'application/json',
      description: 'Signed export manifest (RFC 8785 canonical JSON)',
      relationship: 'Data'
    },
    {
      name: EXPORT_PARTS.signature,
      bytes: Buffer.from(`${files.signature}\n`, 'utf8'),
      mimeType: 'text/plain',
      description: 'Ed25519 signature of the manifest (base64)',
      relationship: 'Data'
    },
    {
      name: EXPORT_PARTS.checkpoint,
      bytes: Buffer.from(files.checkpoint, 'utf8'),
      mimeType: 'text/plain',
      description: 'Signed ledger checkpoint the manifest is anchored to',
      relationship: 'Data'
    },
    {
      name: EXPORT_PARTS.custody,
      bytes: files.custody,
      mimeType: 'application/json',
      description: 'Custody ledger entries of every exhibit with inclusion proofs',
      relationship: 'Data'
    },
    {
      name: EXPORT_PARTS.exhibits,
      bytes: Buffer.from(exhibitsCsv(snap), 'utf8'),
      mimeType: 'text/csv',
      description: 'Exhibit list: stable ids, hashes and court metadata, one row per exhibit',
      relationship: 'Data'
    }
  ]
  if (files.timestampResponse !== null) {
    attachments.push({
      name: EXPORT_PARTS.timestamp,
      bytes: files.timestampResponse,
      mimeType: 'application/timestamp-reply',
      description: 'RFC 3161 timestamp of the checkpoint',
      relationship: 'Data'
    })
  }
  for (const e of snap.exhibits) {
    if (e.placement !== 'attached' || e.file === null) continue
    const bytes = files.exhibit(e.number)
    if (bytes === undefined) throw new Error(`exhibit ${e.number} is placed in the PDF but its bytes were not given`)
    attachments.push({
      name: attachmentName(e.file.path),
      bytes,
      mimeType: e.mediaType,
      description: `Exhibit ${e.number} (${e.variant === 'original' ? 'original' : 'shared copy, metadata removed'})`,
      relationship: e.variant === 'original' ? 'Source' : 'Alternative'
    })
  }

  const categories = [...new Set(snap.incidents.flatMap((i) => i.categories))].map((id) => categoryLabel(id, 'en'))
  return {
    meta: {
      title: `${L.caseFile} ${c.reference}: ${c.title}`,
      author: `${snap.generator.name} (${snap.checkpoint.origin})`,
      subject: `${LABELS.en.caseFile} for ${LABELS.en.recipients[c.recipient]} (${c.profile} profile)`,
      language: tag,
      keywords: ['Afghanistan', 'Rome Statute', c.recipient, c.profile, ...categories]
    },
    runningHeader: `${c.reference} · ${profileName}`,
    classification: L.classification[c.profile],
    labels: L.engine,
    blocks,
    attachments
  }
}

/**
 * The covering letter (allegations by category and element, temporal, territorial and personal scope,
 * requests, annexes: no person's name, whatever the profile) and the declaration of authenticity signed
 * by the responsible officer who asked for the dossier.
 */
function coveringLetter(snap: DossierSnapshot, L: DossierLabels, recipientName: string): Block[] {
  const lang = snap.language
  const c = snap.case
  const T = L.letter
  const sep = lang === 'en' ? ', ' : '، '
  const org = snap.organisation?.name ?? snap.generator.name
  const out: Block[] = [{ kind: 'heading', level: 1, text: T.title }]
  out.push({
    kind: 'keyValues',
    rows: [
      { label: T.to, value: recipientName },
      {
        label: T.from,
        value: [org, snap.organisation?.focalPoint, snap.organisation?.contact].filter((x) => x !== undefined && x !== '').join(' · ')
      },
      { label: T.date, value: `${snap.generatedAt.slice(0, 10)} · ${solarHijriOfGregorian(snap.generatedAt, lang)}` }
    ]
  })
  out.push({ kind: 'paragraph', text: T.subject(c.reference, c.title) })
  out.push({ kind: 'paragraph', text: T.intro(snap.incidents.length, snap.exhibits.length) })

  // Allegations: each category with its article and the elements the case links evidence to.
  const elements = new Map<string, Set<string>>()
  for (const inc of snap.incidents) {
    for (const cat of inc.categories) if (!elements.has(cat)) elements.set(cat, new Set())
    for (const l of inc.links) (elements.get(l.category) ?? elements.set(l.category, new Set()).get(l.category)!).add(l.element)
  }
  out.push({ kind: 'heading', level: 3, text: T.allegations })
  out.push({
    kind: 'list',
    items: [...elements.entries()].map(([cat, els]) => {
      const category = categoryById(cat)
      const article = category?.romeStatute === undefined ? '' : ` (${category.romeStatute})`
      const named = [...els].map((id) => {
        const el = category?.elements.find((e) => e.id === id)
        return el === undefined ? id : elementLabel(el, lang)
      })
      return `${categoryLabel(cat, lang)}${article}${named.length === 0 ? '' : `: ${named.join('; ')}`}`
    })
  })

  // Jurisdiction: when, where, whom.
  const froms = snap.incidents.map((i) => i.occurred.from).sort()
  const tos = snap.incidents.map((i) => i.occurred.to).sort()
  const provinces = [...new Set(snap.incidents.map((i) => i.place.province))].sort()
  const groups = new Set<string>()
  let victims = 0
  for (const i of snap.incidents) {
    const v = i.victims
    if (v === undefined) continue
    victims += v.count ?? 0
    for (const map of [v.bySex, v.byAgeGroup, v.byEthnicity, v.byReligion])
      for (const k of Object.keys(map ?? {})) groups.add(codeText('victimGroup', k, lang))
  }
  const rows: KeyValueRow[] = []
  if (froms.length > 0) rows.push({ label: T.temporal, value: range(froms[0]!, tos[tos.length - 1]!) })
  if (provinces.length > 0) rows.push({ label: T.territorial, value: provinces.map((p) => provinceName(p, {}, lang)).join(sep) })
  rows.push({ label: T.personal, value: [T.victims(victims), ...[...groups].sort()].join(sep) })
  out.push({ kind: 'keyValues', rows })

  out.push({ kind: 'heading', level: 3, text: T.requests })
  out.push({
    kind: 'list',
    items: [...(c.profile === 'full' ? [T.protectiveMeasures] : []), ...(c.profile === 'public' ? [] : [T.confidentiality]), T.acknowledge]
  })
  out.push({ kind: 'heading', level: 3, text: T.annexes })
  out.push({ kind: 'list', items: T.annexList(snap.exhibits.length) })

  // The declaration, on a page of its own.
  const officer = snap.officer
  const who = officer === undefined ? '—' : `${officer.code} (${T.roles[officer.role] ?? officer.role})`
  out.push({ kind: 'heading', level: 1, text: T.declarationTitle, newPage: true })
  out.push({ kind: 'paragraph', text: T.declaration(who, org, c.reference) })
  out.push({
    kind: 'keyValues',
    rows: [
      { label: T.signedBy, value: who },
      { label: T.date, value: snap.generatedAt.slice(0, 10) },
      { label: T.signature, value: '______________________________' }
    ]
  })
  return out
}

function pushNarrative(blocks: Block[], text: string, textLanguage: string, L: DossierLabels, docRtl: boolean): void {
  const own = ownPage(text, textLanguage, docRtl)
  const native = langOf(textLanguage)
  // On a page of its own the heading is in the narrative's language, so the page reads in its direction.
  const heading = own && native !== null ? LABELS[native].narrative : L.narrative
  if (own) blocks.push({ kind: 'pageBreak' })
  blocks.push({ kind: 'heading', level: 3, text: heading, direction: own && isRtlLanguage(textLanguage) ? 'rtl' : 'auto' })
  blocks.push({ kind: 'paragraph', text, lang: textLanguage, direction: isRtlLanguage(textLanguage) ? 'rtl' : 'ltr' })
  if (own) blocks.push({ kind: 'pageBreak' })
}

/** What an incident's checklist row says of a contextual element its pattern carries. */
function contextNote(ctx: SnapshotIncidentContext, P: PatternLabels): string {
  const date = ctx.assessedAt?.slice(0, 10) ?? '—'
  if (ctx.basis === 'overridden')
    return P.overridden(P.overrideReasons[ctx.reason as keyof PatternLabels['overrideReasons']] ?? '—', ctx.assessor ?? '—', date)
  return ctx.assessor === undefined ? P.inheritedNotAssessed(ctx.pattern) : P.inherited(ctx.pattern, ctx.assessor, date)
}

function countsText(counts: Record<string, number>, words: Record<string, string>, lang: DossierLanguage): string {
  const parts = Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${words[k] ?? k} ${n}`)
  return parts.length === 0 ? '—' : parts.join(lang === 'en' ? ', ' : '، ')
}

/** A pattern's member incidents and their computed scale. */
function pushPatternScale(blocks: Block[], p: SnapshotPattern, P: PatternLabels, lang: DossierLanguage): void {
  if (p.scale === undefined) return
  const s = p.scale
  blocks.push({ kind: 'heading', level: 3, text: P.scale })
  blocks.push({
    kind: 'keyValues',
    rows: [
      { label: P.incidentCount, value: String(s.incidents) },
      { label: P.victimsBySex, value: `${s.victims} · ${countsText(s.victimsBySex, P.sexes, lang)}` },
      { label: P.victimsByAgeGroup, value: countsText(s.victimsByAgeGroup, P.ageGroups, lang) },
      {
        label: P.provinces,
        value: s.provinces.length === 0 ? '—' : s.provinces.map((c) => provinceName(c, {}, lang)).join(lang === 'en' ? ', ' : '، ')
      },
      { label: P.period, value: s.period === undefined ? '—' : range(s.period.from, s.period.to), direction: 'ltr' }
    ]
  })
  blocks.push({ kind: 'paragraph', text: P.scaleNote, style: 'small' })
  const members = p.members ?? []
  if (members.length > 0)
    blocks.push({
      kind: 'table',
      caption: P.memberIncidents,
      columns: [
        { header: P.incidentCount, width: 2.4 },
        { header: P.provinces, width: 2 },
        { header: P.period, width: 2.4 }
      ],
      rows: members.map((m): TableCell[] => [
        { text: m.reference, direction: 'ltr' },
        provinceName(m.province, {}, lang),
        { text: range(m.from, m.to), direction: 'ltr' }
      ])
    })
}

/** The contextual elements, assessed once for the pattern. */
function pushPatternContext(blocks: Block[], p: SnapshotPattern, P: PatternLabels, lang: DossierLanguage): void {
  if (p.context === undefined) return
  const assessed = new Map(p.context.map((c) => [c.element, c]))
  blocks.push({
    kind: 'table',
    caption: P.contextualElements,
    columns: [
      { header: LABELS[lang].element, width: 4 },
      { header: LABELS[lang].elementStatus, width: 1.6 },
      { header: LABELS[lang].supportingExhibits, width: 1.4 },
      { header: P.assessor, width: 2.4 },
      { header: P.assessedOn, width: 1.3 }
    ],
    rows: (Object.keys(P.contextElements) as Array<keyof PatternLabels['contextElements']>).map((element): TableCell[] => {
      const c = assessed.get(element)
      return [
        P.contextElements[element],
        codeText('elementStatus', c?.status ?? 'not-assessed', lang),
        numbersText(c?.exhibits ?? [], LABELS[lang]),
        { text: c?.assessor ?? '—', direction: 'ltr' },
        { text: c?.assessedAt?.slice(0, 10) ?? '—', direction: 'ltr' }
      ]
    })
  })
}

/** The evidence chart: element × exhibit × source grades × verification, with the admiralty legend. */
function pushEvidenceChart(blocks: Block[], snap: DossierSnapshot, L: DossierLabels, P: PatternLabels, lang: DossierLanguage): void {
  const status = new Map(snap.exhibits.map((e) => [e.number, e.verification?.status ?? 'none']))
  const rows = evidenceChart(
    snap.incidents.map((i) => ({ incident: i.reference, sources: i.sources, links: i.links })),
    (n) => (status.get(n) ?? 'none') as ChartVerification
  )
  blocks.push({ kind: 'heading', level: 1, text: P.evidenceChart, newPage: true })
  blocks.push({ kind: 'paragraph', text: P.evidenceChartNote, style: 'small' })
  if (rows.length === 0) blocks.push({ kind: 'paragraph', text: P.noChartRows, style: 'small' })
  else
    blocks.push({
      kind: 'table',
      columns: [
        { header: L.incident, width: 2.2 },
        { header: L.element, width: 4.2 },
        { header: P.exhibit, width: 1 },
        { header: P.sourceReliability, width: 1.6 },
        { header: P.verification, width: 1.8 }
      ],
      rows: rows.map((r): TableCell[] => {
        const el = categoryById(r.category)?.elements.find((e) => e.id === r.element)
        return [
          { text: r.incident, direction: 'ltr' },
          `${categoryLabel(r.category, lang)}: ${el === undefined ? r.element : elementLabel(el, lang)}`,
          { text: r.exhibit ?? '—', direction: 'ltr' },
          { text: r.admiralty.length === 0 ? '—' : r.admiralty.join(', '), direction: 'ltr' },
          r.verification === 'none' ? P.noVerification : L.verificationStatuses[r.verification]
        ]
      })
    })
  blocks.push({ kind: 'heading', level: 3, text: P.admiraltyLegend })
  blocks.push({ kind: 'list', items: [...Object.values(P.reliability), ...Object.values(P.credibility)] })
}
