import type { LedgerEntry } from '../../../lib/ledger/ledger-entry.ts'
import type { ManifestLedgerProof } from '../../../lib/export/export-manifest.ts'
import type { MediaMetadata } from '../../../lib/media/exif.ts'
import type { ConsistencyFlag } from '../../../lib/media/flags.ts'
import { nameRedactor } from '../../../lib/text/redact-names.ts'
import type { CaseRecipient, ElementLink, Evidence } from '../../../types/schemas.ts'
import type { FullIncident } from '../../incidents/service.ts'
import type { IncidentPatternContext, Pattern, PatternView } from '../../patterns/service.ts'
import type { DossierInvolvement } from '../../perpetrators/service.ts'
import {
  placeFor,
  showsCollection,
  showsFreeTextDetails,
  showsMediaMetadata,
  type ExhibitVariant,
  type WithheldExhibitReason
} from '../disclosure-profile.ts'
import {
  extensionOf,
  type CustodyRow,
  type DossierSnapshot,
  type SnapshotExhibit,
  type SnapshotIncident,
  type SnapshotInvolvement,
  type SnapshotConnectedCrime,
  type SnapshotIncidentContext,
  type SnapshotCustodian,
  type SnapshotCustodyEvent,
  type SnapshotPattern,
  type SnapshotVerification
} from '../dossier.ts'
import { verificationSummary } from '../../../lib/analysis/verification-records.ts'
import { collectionGapDays, type CustodyCodes, type CustodySealed } from '../../../lib/analysis/custody-records.ts'
import type { DossierLanguage } from '../labels.ts'
import { custodyDisclosure, custodySummary } from './custody-disclosure.ts'
import type { Rendering } from '../translation-labels.ts'
import { LEFT_OUT, type DisclosurePlan } from './disclosure-plan.ts'

/**
 * Stage 2 of a dossier: the redacted snapshot. Pure. From the records the service gathered and the
 * disclosure plan, one plain object holding everything any artefact prints — the PDF, manifest.json,
 * custody.json, exhibits.csv, bag-info.txt, README.txt and every file name are made from it and from
 * nothing else. Every free-text field goes through the name redactor (the names of every person whose
 * identity may not be printed, whole and part by part); what the profile withholds is not here at all.
 */

/** A ledger entry about an exhibit, with its inclusion proof against the dossier's checkpoint. */
export type GatheredEntry = ManifestLedgerProof & { entry: LedgerEntry }

export type GatheredExhibit = {
  number: string
  item: Evidence
  incidentId: string
  incidentReference: string
  variant: ExhibitVariant
  reason?: WithheldExhibitReason
  /** The bytes the export carries (null when withheld). */
  file: { sha256: string; sha512: string; size: number } | null
  placement: { attached: boolean; thumbnail: boolean }
  /** The type may have a thumbnail, were every person of its incident allowed in images. */
  thumbnailable: boolean
  /** Every ledger entry about the item below the checkpoint, in ledger order. */
  entries: GatheredEntry[]
  /** Image consent decided for this exhibit (stages/exhibit-consent.ts); absent where it does not decide. */
  imageConsent?: SnapshotExhibit['imageConsent']
  /** For a blurred copy Sanad made: its source and how it was made. */
  lineage?: SnapshotExhibit['lineage']
  /** Numbers of the blurred copies of this exhibit the dossier carries. */
  blurredCopies?: string[]
  /** Page count of the carried file (a PDF pdf-lib could read). */
  pages?: number
}

/** What the service reads for a dossier (its I/O), before anything is cut. */
export type DossierGathered = {
  dossierId: string
  language: DossierLanguage
  generatedAt: string
  generator: { name: string; version: string }
  case: DossierSnapshot['case']
  checkpoint: DossierSnapshot['checkpoint']
  verifierKey: string
  incidents: FullIncident[]
  leftOut: DossierSnapshot['leftOut']
  patterns: Pattern[]
  elementLinks: ElementLink[]
  exhibits: GatheredExhibit[]
  /** Crimes connected to each incident (by incident id), as far as the builder may read them. */
  connectedCrimes?: Record<string, SnapshotConnectedCrime[]>
  /** Each pattern's contextual elements, member incidents and scale (by pattern id), as far as the builder may read. */
  patternContext?: Record<string, Pick<PatternView, 'context' | 'members' | 'scale'>>
  /** Each incident's contextual elements under its patterns (by incident id). */
  incidentContext?: Record<string, IncidentPatternContext[]>
  /** Active involvement records of each incident (by incident id), as the register holds them. */
  involvements?: Record<string, DossierInvolvement[]>
  /** Verification records of each exhibit (by evidence id), oldest first, findings unredacted. */
  verifications?: Record<string, Array<Omit<SnapshotVerification['records'][number], 'finding'> & { finding: string }>>
  /** Custody events recorded by people (by evidence id), in the order they happened, sealed fields open. */
  custodyEvents?: Record<
    string,
    Array<{
      type: string
      occurredAt: string
      codes: CustodyCodes
      itemSha256?: string
      sealed: CustodySealed
      ledgerIndex: number
      contentSha256: string
    }>
  >
  /** Accounts that may appear as custodians: id, staff code (null: none) and role. */
  accounts?: Array<{ id: string; staffCode: string | null; role: string }>
}

/** Incident flags that speak of the ICC's jurisdiction: absent from national, UN and public files. */
const ICC_ONLY_FLAGS: ReadonlySet<string> = new Set(['OUTSIDE_ICC_JURISDICTION_WINDOW'])

/** The snapshot before the manifest is signed (its hash is added by the caller). */
export type RedactedSnapshot = Omit<DossierSnapshot, 'manifestSha256'>

function metadataOf(md: Evidence['metadata']): NonNullable<SnapshotExhibit['metadata']> {
  const m = md as MediaMetadata
  if (m.status !== 'ok') return { none: true }
  const out: NonNullable<SnapshotExhibit['metadata']> = {}
  if (m.capturedAt !== undefined) out.capturedAt = m.capturedAt
  else if (m.capturedAtLocal !== undefined) out.capturedAt = `${m.capturedAtLocal} (local time, zone unknown)`
  if (m.gps !== undefined) out.gps = m.gps
  const device = [m.make, m.model].filter((x) => x !== undefined).join(' ')
  if (device !== '') out.device = device
  if (m.software !== undefined) out.software = m.software
  if (m.width !== undefined) out.width = m.width
  if (m.height !== undefined) out.height = m.height
  if (m.durationSeconds !== undefined) out.durationSeconds = m.durationSeconds
  return out
}

const proof = (e: GatheredEntry): ManifestLedgerProof => ({ index: e.index, leafHash: e.leafHash, canonical: e.canonical, proof: e.proof })

/**
 * Entries that link an exhibit to a person (ids only, no free text): the table says so in words and
 * names nobody; the person id stays out of the export (hash-only), the leaf hash proves the entry.
 */
const PERSON_LINKS: ReadonlySet<string> = new Set(['depicts-linked', 'depicts-link-removed'])

/** A custody entry as the export may print it (see custody-disclosure.ts). */
export function custodyRow(e: GatheredEntry, recipient: CaseRecipient): CustodyRow {
  const disclosure = custodyDisclosure(e.entry, recipient)
  // key=value words of a closed vocabulary, like every custody summary: the dossier prints them in its language.
  const leaf = `leaf=${e.leafHash.slice(0, 16)}…`
  if (disclosure === 'shown') {
    return {
      index: e.index,
      time: e.entry.time,
      type: e.entry.type,
      actor: e.entry.actor,
      details: custodySummary(e.entry),
      disclosure,
      leafHash: e.leafHash,
      proof: e.proof,
      canonical: e.canonical
    }
  }
  if (disclosure === 'hash-only') {
    return {
      index: e.index,
      time: e.entry.time,
      type: e.entry.type,
      actor: e.entry.actor,
      details: PERSON_LINKS.has(e.entry.type) ? `person=not-named ${leaf}` : `details=not-printed ${leaf}`,
      disclosure,
      leafHash: e.leafHash,
      proof: e.proof
    }
  }
  return {
    index: e.index,
    time: '—',
    type: 'withheld',
    actor: '—',
    details: `entry=not-in-export ${leaf}`,
    disclosure,
    leafHash: e.leafHash,
    proof: e.proof
  }
}

export function redactedSnapshot(g: DossierGathered, plan: DisclosurePlan): RedactedSnapshot {
  const profile = g.case.profile
  const redact = nameRedactor(plan.redactions)
  const opt = (v: string | undefined): string | undefined => (v === undefined ? undefined : redact(v))
  const freeText = showsFreeTextDetails(profile)
  const metadata = showsMediaMetadata(profile)
  const collection = showsCollection(profile)

  const exhibits: SnapshotExhibit[] = g.exhibits.map((x) => {
    const ingestEntry = x.entries.find((e) => e.index === x.item.ingestIndex)
    if (ingestEntry === undefined) throw new Error(`evidence ${x.item.id} has no ingest entry below the checkpoint`)
    // An exhibit of a need-to-know incident its builder may not read is counted by its hashes only:
    // nothing of what it says (name, description, metadata, who collected it) comes with them.
    const barred = x.reason === 'need-to-know'
    const showsMetadata = metadata && !barred
    // Original file names are often a person's name: only `full` keeps them (redacted), others get E<n>.<ext>.
    const name = showsMetadata ? redact(x.item.name) : `${x.number}${extensionOf(x.item.mediaType)}`
    const path = `exhibits/${showsMetadata ? `${x.number}-${name}` : name}`
    const flags = (x.item.flagDetails ?? []) as ConsistencyFlag[]
    const out: SnapshotExhibit = {
      number: x.number,
      stableId: x.item.stableId,
      evidenceId: x.item.id,
      incidentReference: x.incidentReference,
      name,
      mediaType: x.item.mediaType,
      size: x.item.size,
      sha256: x.item.sha256,
      sha512: x.item.sha512,
      variant: x.variant,
      ...(x.reason === undefined ? {} : { withheldReason: x.reason }),
      file: x.file === null ? null : { path, ...x.file },
      placement: x.file === null ? 'withheld' : x.placement.attached ? 'attached' : 'package',
      thumbnail: x.placement.thumbnail,
      // A visual exhibit's consent row says why it is not drawn, and whether its file is carried
      // (stages/exhibit-consent.ts): never a bare "thumbnail withheld" beside a file carried in full.
      thumbnailWithheld: x.file !== null && x.thumbnailable && x.imageConsent === undefined && plan.imagesAllowed[x.incidentId] === false,
      metadata: showsMetadata ? metadataOf(x.item.metadata) : null,
      flags: flags.map((f) => (showsMetadata && f.message !== undefined ? { code: f.code, message: redact(f.message) } : { code: f.code })),
      ingestIndex: ingestEntry.index,
      ingest: proof(ingestEntry),
      custody: x.entries.map((e) => custodyRow(e, g.case.recipient))
    }
    if (x.variant === 'shared' && x.file !== null) {
      const copy = x.file.sha256
      const derived = x.entries.find(
        (e) => e.entry.type === 'derived-copy-made' && (e.entry.details as Record<string, unknown>).copySha256 === copy
      )
      if (derived !== undefined) out.derivation = proof(derived)
    }
    // Consent and lineage say nothing of a need-to-know exhibit the builder may not read.
    // The page count is of the file carried, like its size: shown to every profile; none for a file withheld.
    if (x.file !== null && x.pages !== undefined) out.pages = x.pages
    if (!barred && x.imageConsent !== undefined) out.imageConsent = x.imageConsent
    if (!barred && x.lineage !== undefined) out.lineage = x.lineage
    if (!barred && x.blurredCopies !== undefined && x.blurredCopies.length > 0) out.blurredCopies = x.blurredCopies
    if (x.item.source?.type !== undefined)
      out.source = {
        type: x.item.source.type,
        ...(freeText && !barred && x.item.source.url !== undefined ? { url: redact(x.item.source.url) } : {})
      }
    if (collection && !barred && x.item.collectedAt !== undefined) out.collectedAt = x.item.collectedAt
    if (collection && !barred && x.item.collectedBy !== undefined) out.collectedBy = redact(x.item.collectedBy)
    if (freeText && !barred && x.item.description !== undefined) out.description = redact(x.item.description)
    const events = g.custodyEvents?.[x.item.id] ?? []
    if (events.length > 0) {
      out.collection = events.map((ev): SnapshotCustodyEvent => {
        const sealed: NonNullable<SnapshotCustodyEvent['sealed']> = {}
        // Free fields (URL, post id, tool, seal number, note) only where the profile prints free text.
        if (freeText && !barred)
          for (const [k, v] of Object.entries(ev.sealed)) if (typeof v === 'string') sealed[k as keyof CustodySealed] = redact(v)
        return {
          type: ev.type,
          occurredAt: ev.occurredAt,
          codes: Object.fromEntries(Object.entries(ev.codes).filter((kv): kv is [string, string] => typeof kv[1] === 'string')),
          ...(ev.itemSha256 === undefined ? {} : { itemSha256: ev.itemSha256 }),
          ...(Object.keys(sealed).length === 0 ? {} : { sealed }),
          ledgerIndex: ev.ledgerIndex,
          contentSha256: ev.contentSha256
        }
      })
      // The upload: the device-signed capture when there is one, else the ingest entry.
      const arrival = x.entries.find((e) => e.entry.type === 'captured') ?? ingestEntry
      const gap = collectionGapDays(events, arrival.entry.time)
      if (gap !== null) out.collectionGapDays = gap
    }
    const records = g.verifications?.[x.item.id] ?? []
    if (records.length > 0) {
      const summary = verificationSummary(records)
      // Barred by need-to-know: status and phases only, as auditors see them.
      out.verification = {
        status: summary.status,
        phases: summary.phases,
        records: barred ? [] : records.map(({ finding, ...r }) => ({ ...r, ...(freeText ? { finding: redact(finding) } : {}) }))
      }
    }
    return out
  })

  const numbersOf = new Map<string, string[]>()
  for (const x of g.exhibits) {
    const list = numbersOf.get(x.incidentId)
    if (list) list.push(x.number)
    else numbersOf.set(x.incidentId, [x.number])
  }
  const numberOfEvidence = new Map(exhibits.map((e) => [e.evidenceId, e.number]))
  const patternRef = new Map(g.patterns.map((p) => [p.id, p.reference]))

  // A person appears as the disclosure plan decided in any incident of the dossier; one the plan left
  // out (or that is in none of its incidents) is not even a pseudonym here.
  const planned = new Map(Object.values(plan.persons).flatMap((list) => list.map((p) => [p.pseudonym, p] as const)))
  const involvementsOf = (incidentId: string): SnapshotInvolvement[] =>
    (g.involvements?.[incidentId] ?? []).map((i) => {
      const person = i.pseudonym === undefined ? undefined : planned.get(i.pseudonym)
      const perpetrator: SnapshotInvolvement['perpetrator'] =
        i.organisation !== undefined
          ? {
              kind: 'organisation',
              orgKind: i.organisation.kind,
              type: i.organisation.type,
              ...(i.organisation.organ === undefined ? {} : { organ: i.organisation.organ }),
              name: redact(i.organisation.name),
              ...(i.organisation.parentName === undefined ? {} : { parentName: redact(i.organisation.parentName) })
            }
          : person === undefined
            ? { kind: 'person', pseudonym: LEFT_OUT, positions: [] }
            : {
                kind: 'person',
                pseudonym: person.pseudonym,
                ...(person.name === undefined ? {} : { name: person.name }),
                // Where a person served identifies them as surely as a name: only with the name.
                positions:
                  person.name === undefined
                    ? []
                    : i.positions.map((x) => ({
                        title: redact(x.title),
                        organisation: redact(x.organisation),
                        ...(x.from === undefined ? {} : { from: x.from }),
                        ...(x.to === undefined ? {} : { to: x.to })
                      }))
              }
      return {
        perpetrator,
        mode: i.mode,
        ...(i.category === undefined ? {} : { category: i.category }),
        ...(i.element === undefined ? {} : { element: i.element }),
        ...(i.from === undefined ? {} : { from: i.from }),
        ...(i.to === undefined ? {} : { to: i.to }),
        exhibits: i.exhibits.map((id) => numberOfEvidence.get(id)).filter((x): x is string => x !== undefined),
        sources: i.sources.map((s) => (planned.has(s) ? s : LEFT_OUT))
      }
    })

  const incidents = g.incidents.map((inc): SnapshotIncident => {
    const withheld = plan.narrativeWithheld[inc.id] === true
    // A withheld incident is placed as a public one is (province only): districts and places identify.
    const place = placeFor(withheld ? 'public' : profile, inc.location)
    if (place.district !== undefined) place.district = redact(place.district)
    if (place.place !== undefined) place.place = redact(place.place)
    return {
      id: inc.id,
      reference: inc.reference,
      revision: inc.revision,
      status: inc.status,
      title: withheld ? '' : redact(inc.title),
      narrative: withheld ? '' : redact(inc.narrative),
      narrativeLanguage: inc.narrativeLanguage,
      occurred: {
        from: inc.occurred.from,
        to: inc.occurred.to,
        precision: inc.occurred.precision,
        fromSolarHijri: inc.occurred.fromSolarHijri,
        toSolarHijri: inc.occurred.toSolarHijri
      },
      place,
      categories: inc.categories,
      qualifications: (inc.qualifications ?? []).map((q) => {
        const { assessor, elements, ...rest } = q
        return {
          ...rest,
          ...(elements === undefined
            ? {}
            : { elements: elements.map(({ note, ...e }) => (note === undefined || withheld ? e : { ...e, note: redact(note) })) }),
          ...(freeText && !withheld && assessor !== undefined ? { assessor: redact(assessor) } : {})
        }
      }),
      ...(inc.victims === undefined ? {} : { victims: inc.victims }),
      perpetrators: (inc.perpetrators ?? []).map(({ organ, unit, ...p }) => ({
        ...p,
        ...(organ === undefined ? {} : { organ: redact(organ) }),
        ...(unit === undefined || withheld ? {} : { unit: redact(unit) })
      })),
      sources: (inc.sources ?? []).map((s) => ({
        type: s.type,
        ...(s.reliability === undefined ? {} : { reliability: s.reliability }),
        ...(s.credibility === undefined ? {} : { credibility: s.credibility }),
        ...(freeText && !withheld && s.description !== undefined ? { description: redact(s.description) } : {})
      })),
      // ICC-specific flags belong in ICC files only.
      flags: g.case.recipient === 'icc-otp' ? inc.flags : inc.flags.filter((f) => !ICC_ONLY_FLAGS.has(f)),
      patternReferences: (inc.patternIds ?? []).map((id) => patternRef.get(id) ?? id),
      persons: plan.persons[inc.id] ?? [],
      exhibits: numbersOf.get(inc.id) ?? [],
      links: g.elementLinks
        .filter((l) => l.incidentId === inc.id)
        .map((l) => ({
          category: l.category,
          element: l.element,
          exhibits: l.evidenceIds.map((id) => numberOfEvidence.get(id)).filter((x): x is string => x !== undefined),
          ...(l.note === undefined || withheld ? {} : { note: redact(l.note) })
        })),
      ...(g.connectedCrimes?.[inc.id]?.length ? { connectedCrimes: g.connectedCrimes[inc.id] } : {}),
      ...(g.incidentContext?.[inc.id]?.length ? { context: contextOf(g.incidentContext[inc.id] ?? []) } : {}),
      // An incident kept to its counts (need-to-know the builder may not read, public profile) shows no linkage.
      ...(!withheld && g.involvements?.[inc.id]?.length ? { involvements: involvementsOf(inc.id) } : {}),
      imagesAllowed: plan.imagesAllowed[inc.id] ?? true,
      narrativeWithheld: withheld
    }
  })

  const patterns = g.patterns.map((p): SnapshotPattern => {
    const a = p.attack
    const extra = g.patternContext?.[p.id]
    const o = p.attackingOrganisation
    return {
      ...(o === undefined ? {} : { attackingOrganisation: { type: o.type, ...(o.name === undefined ? {} : { name: redact(o.name) }) } }),
      ...(extra === undefined
        ? {}
        : {
            context: extra.context.map((c) => ({
              element: c.element,
              status: c.status,
              // Only the exhibits this dossier carries are named (by their number here).
              exhibits: c.evidenceIds.map((id) => numberOfEvidence.get(id)).filter((x): x is string => x !== undefined),
              ...(c.assessor === undefined ? {} : { assessor: c.assessor }),
              ...(c.assessedAt === undefined ? {} : { assessedAt: c.assessedAt })
            })),
            members: extra.members.map((m) => ({ reference: m.reference, province: m.province, from: m.from, to: m.to })),
            scale: {
              ...extra.scale,
              victimsBySex: counts(extra.scale.victimsBySex),
              victimsByAgeGroup: counts(extra.scale.victimsByAgeGroup)
            }
          }),
      id: p.id,
      reference: p.reference,
      revision: p.revision,
      title: redact(p.title),
      description: redact(p.description),
      descriptionLanguage: p.descriptionLanguage ?? 'en',
      ...(a === undefined
        ? {}
        : { attack: { ...a, ...(a.targetedPopulation === undefined ? {} : { targetedPopulation: redact(a.targetedPopulation) }) } }),
      policyEvidence: (p.policyEvidence ?? []).map((e) => ({
        title: redact(e.title),
        ...(e.issuedBy === undefined ? {} : { issuedBy: redact(e.issuedBy) }),
        ...(e.issuedOn === undefined ? {} : { issuedOn: e.issuedOn }),
        ...(e.reference === undefined ? {} : { reference: redact(e.reference) })
      }))
    }
  })

  const custodians = custodianRegister(g, exhibits)
  const renderings = renderingsOf(g, numberOfEvidence)
  const purpose = opt(g.case.purpose)
  return {
    dossierId: g.dossierId,
    language: g.language,
    generatedAt: g.generatedAt,
    generator: g.generator,
    case: {
      id: g.case.id,
      reference: g.case.reference,
      title: redact(g.case.title),
      ...(purpose === undefined ? {} : { purpose }),
      recipient: g.case.recipient,
      profile,
      ...(g.case.revision === undefined ? {} : { revision: g.case.revision })
    },
    checkpoint: g.checkpoint,
    verifierKey: g.verifierKey,
    incidents,
    leftOut: g.leftOut,
    patterns,
    exhibits,
    ...(custodians === undefined ? {} : { custodians }),
    ...(renderings.length === 0 ? {} : { renderings })
  }
}

/**
 * Which exhibits are translations or transcripts of which (#17 item 6), from their recorded
 * `transcribed-or-translated` events: closed codes, staff codes and the date, with the original's
 * number when it is in the dossier.
 */
function renderingsOf(g: DossierGathered, numberOfEvidence: Map<string, string>): Rendering[] {
  const out: Rendering[] = []
  for (const x of g.exhibits)
    for (const ev of g.custodyEvents?.[x.item.id] ?? []) {
      if (ev.type !== 'transcribed-or-translated') continue
      const c = ev.codes
      const original = c.originalId === undefined ? undefined : numberOfEvidence.get(c.originalId)
      out.push({
        number: x.number,
        kind: c.kind ?? 'translation',
        ...(original === undefined ? {} : { original }),
        sourceLanguage: c.sourceLanguage ?? '',
        targetLanguage: c.targetLanguage ?? '',
        ...(c.method === undefined ? {} : { method: c.method }),
        ...(c.certification === undefined ? {} : { certification: c.certification }),
        ...(c.by === undefined ? {} : { by: c.by }),
        ...(c.reviewedBy === undefined ? {} : { reviewedBy: c.reviewedBy }),
        date: ev.occurredAt
      })
    }
  return out
}

/** An incident's contextual elements as the checklist prints them (the pattern by its reference). */
function contextOf(items: IncidentPatternContext[]): SnapshotIncidentContext[] {
  return items.flatMap((item) =>
    item.elements.map((e) => ({
      pattern: item.pattern.reference,
      element: e.element,
      status: e.status,
      basis: e.basis === 'overridden' ? ('overridden' as const) : ('inherited' as const),
      ...(e.reason === undefined ? {} : { reason: e.reason }),
      ...(e.assessor === undefined ? {} : { assessor: e.assessor }),
      ...(e.assessedAt === undefined ? {} : { assessedAt: e.assessedAt })
    }))
  )
}

function counts(map: { [k: string]: number | undefined }): Record<string, number> {
  return Object.fromEntries(Object.entries(map).filter((e): e is [string, number] => e[1] !== undefined))
}

/**
 * The custodian register: every account in the exhibits' custody (ledger actors, who recorded an event,
 * the staff codes events name) with its staff code and role — no names. Printed once custody events
 * were recorded or a custodian has a staff code; older dossiers stay as they were.
 */
function custodianRegister(g: DossierGathered, exhibits: SnapshotExhibit[]): SnapshotCustodian[] | undefined {
  const byId = new Map((g.accounts ?? []).map((a) => [`user:${a.id}`, a]))
  const byCode = new Map((g.accounts ?? []).filter((a) => a.staffCode !== null).map((a) => [a.staffCode as string, `user:${a.id}`]))
  const seen = new Set<string>()
  const add = (account: string | undefined): void => {
    if (account !== undefined && byId.has(account)) seen.add(account)
  }
  for (const e of exhibits) {
    for (const r of e.custody) if (r.disclosure !== 'hidden') add(r.actor)
    for (const ev of e.collection ?? []) for (const k of ['by', 'fromStaffCode', 'toStaffCode']) add(byCode.get(ev.codes[k] ?? ''))
  }
  const hasEvents = exhibits.some((e) => (e.collection ?? []).length > 0)
  const rows = [...seen].map((account): SnapshotCustodian => {
    const a = byId.get(account)
    return { account, ...(a?.staffCode ? { staffCode: a.staffCode } : {}), role: a?.role ?? 'unknown' }
  })
  if (!hasEvents && !rows.some((r) => r.staffCode !== undefined)) return undefined
  return rows.sort((a, b) => (a.staffCode ?? '\uffff').localeCompare(b.staffCode ?? '\uffff') || a.account.localeCompare(b.account))
}
