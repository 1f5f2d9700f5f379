import { createHash, randomUUID } from 'node:crypto'
import type { PdfSigningIdentity } from '../../lib/pdf/pades.ts'
import { isDeepStrictEqual } from 'node:util'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { Duplex, pipeline, type Readable } from 'node:stream'
import type { Db, Sqlite } from '../../db/open.ts'
import { nextReference } from '../../db/references.ts'
import { fail, SanadError } from '../../errors.ts'
import type { BlobStore } from '../../blobs/store.ts'
import type { JobContext, JobRunner } from '../../jobs/runner.ts'
import { categoryById } from '../../lib/context/afghan-context.ts'
import { canonicalJson } from '../../lib/ledger/canonical-json.ts'
import { digestOf, signManifest, type ManifestLedgerProof } from '../../lib/export/export-manifest.ts'
import { RECEIPT_FORMAT } from '../../lib/export/export-receipt.ts'
import { signStatement } from '../../lib/export/package-statement.ts'
import { issuePdfReceipt } from './pdf-receipt.ts'
import { recipientReferencesOfCase } from '../recipient-references/service.ts'
import { encryptingStream, readRecipientKey, type RecipientKey } from '../../lib/crypto/recipient-encryption.ts'
// The PDF engine and the ZIP writer are loaded when a dossier is built, not at start (fonts and
// layout tables are tens of MB the server need not hold while it only takes uploads).
import type { RenderResult } from '../../lib/pdf/index.ts'
import { openCheckpoint, type NoteSigner } from '../../lib/ledger/signed-note.ts'
import { timestampResponseFromToken } from '../../lib/ledger/timestamp.ts'
import type {
  Case,
  CaseInput,
  CasePatch,
  CaseRevisionContent,
  CaseRevisionList,
  CaseWarnings,
  CaseWarningsInput,
  Dossier,
  DossierDeliveryInput,
  ConsentNoticeInput,
  DossierInput,
  Evidence,
  EvidenceChart,
  ExportReceipt,
  ConsentState
} from '../../types/schemas.ts'
import { ADMIRALTY_LEGEND, evidenceChart, type ChartVerification } from '../../lib/analysis/evidence-chart.ts'
import type { EvidenceService } from '../evidence/service.ts'
import type { FullIncident, IncidentService } from '../incidents/service.ts'
import type { LinksService } from '../links/service.ts'
import type { VerificationsService } from '../verifications/service.ts'
import type { CustodyService } from '../custody/service.ts'
import type { DepictsService, ExportRelations } from '../depicts/service.ts'
import { exhibitConsent } from './stages/exhibit-consent.ts'
import type { ExhibitImageConsent, ExhibitLineage } from './exhibit-consent-text.ts'
import type { PerpetratorsService } from '../perpetrators/service.ts'
import type { LedgerService, EntryView } from '../../ledger/service.ts'
import type { Pattern, PatternService } from '../patterns/service.ts'
import type { PersonsService, Viewer } from '../persons/service.ts'
import { incidentIsNeedToKnow } from '../../lib/protection/need-to-know.ts'
import { PERSON_PROFILE, PERSON_RECIPIENT, exhibitVariant, profileAllowed, showsThumbnail } from './disclosure-profile.ts'
import { dossierModel, planPlacement, type DossierSnapshot, type Organisation, type SnapshotExhibit } from './dossier.ts'
import { disclosurePlan, type DisclosurePlan, type PlanIncident } from './stages/disclosure-plan.ts'
import { handOut, withdrawnSinceDelivery, type BasisConsent, type BasisPerson } from './stages/hand-out.ts'
import { draftConsentNotice, type NoticeLanguage } from './stages/consent-notice.ts'
import { RECIPIENT_PURPOSE } from '../persons/disclosure.ts'
import { custodyDocumentOf, manifestOf } from './stages/manifest.ts'
import { possibleNames, type PossibleName } from './stages/possible-names.ts'
import { caseWarnings } from './stages/case-warnings.ts'
import { redactedSnapshot, type GatheredExhibit } from './stages/redacted-snapshot.ts'
import type { DossierLanguage } from './labels.ts'
import { caseRepo, type CaseRow, type DossierRow, type ExportRow } from './repo.ts'
import { artefactFiles } from './artefact-files.ts'
import pkg from '../../../package.json' with { type: 'json' }

export type CasesDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerService
  blobs: BlobStore
  /** Sibling features, built once by the composition root (app.ts) and lent as services. */
  incidents: IncidentService
  evidence: EvidenceService
  patterns: PatternService
  links: LinksService
  verifications: VerificationsService
  /** Custody events recorded by people and the accounts' staff codes (absent: none printed). */
  custody?: CustodyService
  /** Who each exhibit shows and its blurred copies (#17 item 9; absent: the incident-level rule alone). */
  depicts?: Pick<DepictsService, 'forExport'>
  /** Involvement records for the dossier's linkage section (absent: no such section). */
  perpetrators?: Pick<PerpetratorsService, 'forDossier'>
  /** The survivor a duplicate incident was merged into (links feature), if it was. */
  mergedInto: (incidentSeq: number) => { id: string; reference: string } | undefined
  persons: PersonsService
  /** The master key: evidence names and descriptions, and dossier artefacts, are sealed under subkeys of it. */
  master: Buffer
  jobs: JobRunner
  /** The ledger's signing key: it signs checkpoints and export manifests. */
  signer: NoteSigner
  dataDir: string
  /** Days after its export a dossier's artefacts are deleted (0: kept until their builder deletes them). */
  retentionDays?: number
  attachmentBudgetBytes: number
  /** Waits this long at most for an RFC 3161 timestamp of the anchoring checkpoint (0: do not ask). */
  timestampWaitMs?: number
  /** The organisation's key that signs each dossier PDF (PAdES); without it the PDF is not signed. */
  pdfSigner?: PdfSigningIdentity
  /** The submitting organisation (settings SANAD_ORG_*; empty strings: not set). */
  organisation?: Organisation
  now?: () => Date
}

/** `incidentIds` is here once a case was revised (case_incidents keeps the list it was built with). */
type CaseDocument = {
  purpose?: string
  patternIds: string[]
  elementLinks: NonNullable<CaseInput['elementLinks']>
  incidentIds?: string[]
}

/** The fields a revision may change, in the order the ledger lists them. */
const REVISABLE = ['title', 'purpose', 'incidentIds', 'patternIds', 'recipient', 'profile', 'elementLinks'] as const

type ElementLink = NonNullable<CaseInput['elementLinks']>[number]
type Alert = NonNullable<Case['alerts']>[number]
/** A task as the service keeps it: always with the person it concerns (shownAlert decides what a reader sees). */
type AlertTask = Alert & { personId: string }

/** Two links say the same thing but perhaps for their note. */
const sameLink = (a: ElementLink, b: ElementLink): boolean =>
  a.incidentId === b.incidentId &&
  a.category === b.category &&
  a.element === b.element &&
  a.evidenceIds.length === b.evidenceIds.length &&
  a.evidenceIds.every((id, i) => b.evidenceIds[i] === id)

/** What the export row keeps of each carried exhibit (deliveries record a custody entry per item). */
type ExportedExhibit = {
  number: string
  evidenceId: string
  sha256: string
  variant: 'original' | 'shared'
  fileSha256: string
  attached: boolean
}

type Summary = NonNullable<Dossier['summary']>

/** A dossier gathered and signed, ready to render and package. */
export type Prepared = {
  dossierSeq: number
  generatedAt: Date
  snapshot: DossierSnapshot
  manifest: Buffer
  signature: string
  custody: Buffer
  timestampResponse: Buffer | null
  /** Where each carried exhibit's bytes are on disk, by exhibit number. */
  diskPaths: Map<string, string>
  exported: ExportedExhibit[]
  counts: { incidentsLeftOut: number; personsNamed: number; personsPseudonymised: number; personsLeftOut: number }
  origin: string
}

const GENERATOR = { name: 'Sanad', version: pkg.version }

/** Exhibit files read (and shared copies derived) at once while a dossier is gathered. */
const READ_CONCURRENCY = 8

/** The name a dossier's downloads share: <case reference>-<dossier id prefix> (.pdf, .zip, .receipt.json). */
function artefactBaseName(caseReference: string, dossierId: string): string {
  return `${caseReference}-${dossierId.slice(0, 8)}`
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

function proofOf(view: EntryView, proof: string[]): ManifestLedgerProof {
  return { index: view.index, leafHash: view.leafHash, canonical: view.canonical, proof }
}

/**
 * Cases and their dossiers. A dossier is built as a job: it reads the case's incidents, patterns,
 * persons (through the one disclosure function) and evidence (every read recorded in the ledger),
 * anchors everything to a freshly signed ledger checkpoint, signs the manifest, renders the PDF,
 * writes the BagIt package, and records the export in the ledger with the dossier's hash.
 */
export function casesService(deps: CasesDeps) {
  const repo = caseRepo(deps.db)
  const { incidents, evidence, patterns, links, verifications, mergedInto } = deps
  const files = artefactFiles(deps.dataDir, deps.master)
  const now = (): Date => deps.now?.() ?? new Date()
  /** The sender of a dossier: the configured organisation, else this Sanad deployment by its ledger origin. */
  const organisationOf = (origin: string): Organisation => ({
    name: deps.organisation?.name || `Sanad (${origin})`,
    contact: deps.organisation?.contact ?? '',
    focalPoint: deps.organisation?.focalPoint ?? ''
  })

  function mustCase(id: string): CaseRow {
    const row = repo.byId(id)
    if (!row) fail('SANAD_ERR_CASE_NOT_FOUND')
    return row
  }

  /** The incidents of a case (its current list, or the one a revision recorded), in dossier order. */
  function incidentIdsOf(row: CaseRow): string[] {
    return (row.document as CaseDocument).incidentIds ?? repo.incidentIds(row.seq)
  }

  /** Everything a revision consists of: what its ledger entry hashes (RFC 8785). */
  function contentOf(row: CaseRow): CaseRevisionContent {
    const doc = row.document as CaseDocument
    return {
      case: row.id,
      reference: row.reference,
      revision: row.revision,
      title: row.title,
      ...(doc.purpose === undefined ? {} : { purpose: doc.purpose }),
      recipient: row.recipient as Case['recipient'],
      profile: row.profile as Case['profile'],
      incidentIds: incidentIdsOf(row),
      patternIds: doc.patternIds,
      elementLinks: doc.elementLinks
    }
  }

  /**
   * The case as it was at `revision` (null: the current one), shaped as its row, so a dossier is
   * built from, and judged by, the revision it was asked for even when the case changed since.
   */
  function atRevision(row: CaseRow, revision: number | null): CaseRow {
    if (revision === null || revision === row.revision) return row
    const r = repo.revision(row.seq, revision)
    if (!r) throw new Error(`case ${row.id} has no revision ${revision}`)
    const content = r.content as CaseRevisionContent
    const document: CaseDocument = {
      ...(content.purpose === undefined ? {} : { purpose: content.purpose }),
      patternIds: content.patternIds,
      elementLinks: content.elementLinks,
      incidentIds: content.incidentIds
    }
    return { ...row, title: content.title, recipient: content.recipient, profile: content.profile, revision, document }
  }

  /** The case a dossier was built from (its revision). */
  function caseOfDossier(row: DossierRow): CaseRow {
    const c = repo.bySeq(row.caseSeq)
    if (!c) throw new Error(`dossier ${row.id} has no case`)
    // Dossiers asked for before cases had revisions were built from revision 1.
    return atRevision(c, row.caseRevision ?? 1)
  }

  /** What should be known before the case goes out (never a refusal). */
  function warningsOf(recipient: Case['recipient'], incidentIds: string[]): CaseWarnings {
    return caseWarnings(
      recipient,
      incidentIds.map((id) => {
        const inc = incidents.forExport(id)
        return { id, reference: inc.reference, status: inc.status, occurred: inc.occurred, categories: inc.categories }
      })
    )
  }

  function mustDossier(id: string): DossierRow {
    const row = repo.dossierById(id)
    if (!row) fail('SANAD_ERR_DOSSIER_NOT_FOUND')
    return row
  }

  function dossierView(row: DossierRow, caseRow?: CaseRow): Dossier {
    const c = caseRow ?? repo.bySeq(row.caseSeq)
    if (!c) throw new Error(`dossier ${row.id} has no case`)
    const job = deps.jobs.get(row.id)
    const exp = repo.exportOf(row.seq)
    const out: Dossier = {
      id: row.id,
      caseId: c.id,
      caseReference: c.reference,
      caseRevision: row.caseRevision ?? 1,
      status: exp ? 'ready' : job === undefined || job.status === 'ready' ? 'failed' : job.status,
      progress: exp ? 1 : (job?.progress ?? 0),
      message: exp ? null : (job?.message ?? null),
      error: exp ? null : (job?.error ?? (job === undefined ? 'the build of this dossier was lost' : null)),
      language: row.language as DossierLanguage,
      requestedAt: row.requestedAt,
      requestedBy: row.requestedBy,
      startedAt: job?.startedAt ?? null,
      finishedAt: job?.finishedAt ?? null
    }
    if (exp) {
      Object.assign(out, {
        generatedAt: exp.generatedAt,
        sha256: exp.pdfSha256,
        size: exp.pdfSize,
        packageSha256: exp.packageSha256,
        packageSize: exp.packageSize,
        manifestSha256: exp.manifestSha256,
        checkpointSize: exp.checkpointSize,
        timestamped: exp.timestamped,
        exportedIndex: exp.exportedIndex,
        summary: exp.summary as Summary
      })
    }
    out.deliveries = repo.deliveriesOf(row.seq).map((d) => ({
      artefact: d.artefact,
      method: d.method,
      ...(d.recipientReference === null ? {} : { reference: d.recipientReference }),
      deliveredOn: d.deliveredAt,
      recordedBy: d.recordedBy,
      ledgerIndex: d.ledgerIndex
    }))
    return out
  }

  /**
   * A case as `viewer` sees it (null: its creator, just now). An element link's note is free text
   * about its incident: a need-to-know incident's notes go only to whom may read that incident.
   */
  function caseView(row: CaseRow, viewer: Viewer | null, withDossiers = true): Case {
    const doc = row.document as CaseDocument
    const readable = new Map<string, boolean>()
    const mayRead = (incidentId: string): boolean => {
      let r = readable.get(incidentId)
      if (r === undefined) readable.set(incidentId, (r = viewer === null || incidents.readableBy(incidentId, viewer)))
      return r
    }
    const out: Case = {
      id: row.id,
      reference: row.reference,
      title: row.title,
      recipient: row.recipient as Case['recipient'],
      profile: row.profile as Case['profile'],
      revision: row.revision,
      incidentIds: incidentIdsOf(row),
      patternIds: doc.patternIds,
      elementLinks: doc.elementLinks.map(({ note, ...link }) =>
        note === undefined || !mayRead(link.incidentId) ? link : { ...link, note }
      ),
      createdAt: row.createdAt,
      createdBy: row.createdBy
    }
    if (doc.purpose !== undefined) out.purpose = doc.purpose
    const created = deps.ledger.subjectEntries('case', row.id).find((e) => e.entry.type === 'case-created')
    if (created) out.ledgerIndex = created.index
    if (withDossiers) {
      out.dossiers = repo.dossiersOf(row.seq).map((d) => dossierView(d, row))
      const alerts = alertsOf(row, mayRead).map(shownAlert)
      if (alerts.length > 0) out.alerts = alerts
    }
    return out
  }

  /**
   * Need-to-know covers an incident's element links: one who may not read the incident may neither
   * add, change nor remove its links (nor write a note on them). Links it saw without their note come
   * back without it; the stored note is kept. Returns the links to store.
   */
  function mustMayLink(next: ElementLink[], stored: ElementLink[], viewer: Viewer): ElementLink[] {
    const readable = new Map<string, boolean>()
    const mayRead = (incidentId: string): boolean => {
      let r = readable.get(incidentId)
      if (r === undefined) readable.set(incidentId, (r = incidents.readableBy(incidentId, viewer)))
      return r
    }
    const unused = stored.map((l) => !mayRead(l.incidentId))
    const out = next.map((link, i) => {
      if (mayRead(link.incidentId)) return link
      const k = stored.findIndex((old, j) => unused[j] === true && sameLink(old, link))
      if (k < 0 || link.note !== undefined)
        fail('SANAD_ERR_NEED_TO_KNOW', 'The element links of a need-to-know incident change only by whom may read it.', {
          field: `elementLinks.${i}`
        })
      unused[k] = false
      return stored[k]!
    })
    if (unused.some((u) => u))
      fail('SANAD_ERR_NEED_TO_KNOW', 'The element links of a need-to-know incident change only by whom may read it.', {
        field: 'elementLinks'
      })
    return out
  }

  /** Element links must name an incident of the case, one of its categories, an element of it, and its own evidence. */
  function checkLinks(input: Pick<CaseInput, 'incidentIds' | 'elementLinks'>): void {
    const inCase = new Set(input.incidentIds)
    const docs = new Map<string, FullIncident>()
    ;(input.elementLinks ?? []).forEach((link, i) => {
      const field = `elementLinks.${i}`
      if (!inCase.has(link.incidentId))
        fail('SANAD_ERR_VALIDATION', `Element link ${i} names an incident that is not in the case`, { field: `${field}.incidentId` })
      let doc = docs.get(link.incidentId)
      if (!doc) docs.set(link.incidentId, (doc = incidents.forExport(link.incidentId)))
      if (!doc.categories.includes(link.category))
        fail('SANAD_ERR_VALIDATION', `The incident is not categorised as "${link.category}"`, { field: `${field}.category` })
      const category = categoryById(link.category)
      if (!category?.elements.some((e) => e.id === link.element))
        fail('SANAD_ERR_VALIDATION', `"${link.element}" is not an element of "${link.category}"`, { field: `${field}.element` })
      for (const evidenceId of link.evidenceIds) {
        let item: Evidence
        try {
          item = evidence.forExport(evidenceId)
        } catch (err) {
          if (err instanceof SanadError && err.code === 'SANAD_ERR_EVIDENCE_NOT_FOUND')
            fail('SANAD_ERR_VALIDATION', `No evidence item ${evidenceId}`, { field: `${field}.evidenceIds` })
          throw err
        }
        if (item.incidentId !== link.incidentId)
          fail('SANAD_ERR_VALIDATION', `Evidence ${evidenceId} belongs to another incident`, { field: `${field}.evidenceIds` })
      }
    })
  }

  // -------------------------------------------------------------------------
  // Building a dossier.

  /**
   * The records of a case (I/O): its incidents (retracted ones left out), patterns, and every person
   * put to the disclosure function, with the names to take out of free text (reading them is recorded).
   */
  function gatherRecords(
    c: CaseRow,
    viewer: Viewer
  ): { incidents: FullIncident[]; leftOut: DossierSnapshot['leftOut']; patterns: Pattern[]; plan: DisclosurePlan } {
    const doc = c.document as CaseDocument
    const profile = c.profile as Case['profile']
    const personOptions = {
      recipient: PERSON_RECIPIENT[c.recipient as Case['recipient']],
      profile: PERSON_PROFILE[profile],
      viewer,
      purpose: `case:${c.id}`
    }
    const leftOut: DossierSnapshot['leftOut'] = []
    const chosen: FullIncident[] = []
    for (const id of incidentIdsOf(c)) {
      const inc = incidents.forExport(id)
      if (inc.retracted) leftOut.push({ reference: inc.reference, reason: 'retracted' })
      else chosen.push(inc)
    }
    const patternIds = [...new Set([...doc.patternIds, ...chosen.flatMap((i) => i.patternIds ?? [])])]
    // One transaction for every incident's reads (each recorded in the ledger as before): one commit
    // instead of one per incident and per person, which a 200-incident case paid ~600 times.
    const planned: PlanIncident[] = deps.sqlite
      .transaction(() =>
        chosen.map((inc): PlanIncident => {
          const termsOf = new Map(deps.persons.redactionTerms(inc.id, viewer.actor, `case:${c.id}`).map((r) => [r.personId, r.terms]))
          return {
            id: inc.id,
            needToKnow: incidentIsNeedToKnow(inc),
            viewerCleared: incidents.readableBy(inc.id, viewer),
            persons: deps.persons
              .pseudonymsOf(inc.id)
              // The role of the person in this incident (a person may be linked to several, in several roles).
              .items.map((p) => ({
                disclosure: { ...deps.persons.discloseFor(p.id, personOptions), role: p.role },
                terms: termsOf.get(p.id) ?? []
              }))
          }
        })
      )
      .immediate()
    return { incidents: chosen, leftOut, patterns: patternIds.map((id) => patterns.get(id)), plan: disclosurePlan(profile, planned) }
  }

  /**
   * The "possible names left" review of a case's dossier for its profile: its free text redacted as a
   * dossier would print it, and every word in it that looks like a name. Reads identities (recorded).
   */
  function namesReview(c: CaseRow, viewer: Viewer): PossibleName[] {
    const doc = c.document as CaseDocument
    const records = gatherRecords(c, viewer)
    const snapshot = redactedSnapshot(
      {
        dossierId: '',
        language: 'en',
        generatedAt: '',
        generator: GENERATOR,
        case: {
          id: c.id,
          reference: c.reference,
          title: c.title,
          ...(doc.purpose === undefined ? {} : { purpose: doc.purpose }),
          recipient: c.recipient as Case['recipient'],
          profile: c.profile as Case['profile']
        },
        checkpoint: { note: '', origin: '', size: 0, rootHash: '', timestamp: null },
        verifierKey: '',
        incidents: records.incidents,
        leftOut: records.leftOut,
        patterns: records.patterns,
        elementLinks: doc.elementLinks,
        exhibits: []
      },
      records.plan
    )
    return possibleNames(snapshot)
  }

  /**
   * Everything a dossier shows and carries (the I/O of a build): reads the records and asks the
   * disclosure function about every person, reads every carried exhibit through the evidence service
   * (each read is a custody entry), signs a checkpoint after those reads and proves every exhibit's
   * custody entries against it. The pure stages then make the redacted snapshot and the manifest
   * from it, which is signed here.
   */
  async function prepare(dossierId: string, viewer: Viewer, ctx: JobContext, generatedAt: Date): Promise<Prepared> {
    const d = mustDossier(dossierId)
    const c = caseOfDossier(d)
    const doc = c.document as CaseDocument
    const profile = c.profile as Case['profile']
    const caseRecipient = c.recipient as Case['recipient']
    // 1. Incidents, patterns and persons (0 – 0.1).
    ctx.progress(0.01, 'reading incidents and persons')
    const { incidents: chosen, leftOut, patterns: patternList, plan } = gatherRecords(c, viewer)

    // 2. Evidence: the bytes each exhibit carries, read through the evidence service (recorded) (0.1 – 0.3).
    type Gathered = {
      item: Evidence
      number: string
      incident: FullIncident
      variant: 'original' | 'shared' | 'withheld'
      reason?: SnapshotExhibit['withheldReason']
      file: { diskPath: string; sha256: string; sha512: string; size: number } | null
      /** The carried file's page count, for a PDF that can be read (exhibits.csv `pages`). */
      pages?: number
      /** A thumbnail may be drawn (image consent for this exhibit, or the incident for other types). */
      imagesAllowed: boolean
      imageConsent?: ExhibitImageConsent
      lineage?: ExhibitLineage
      blurredCopies?: string[]
    }
    const planned: Array<Omit<Gathered, 'file'>> = []
    for (const inc of chosen) {
      const incidentImages = plan.imagesAllowed[inc.id] ?? true
      // Exhibits of a need-to-know incident the builder may not read travel as hashes only.
      const barred = plan.exhibitsBarred[inc.id] === true
      const items = evidence.ofIncidentForExport(inc.id).items
      const relations = deps.depicts?.forExport(items.map((i) => i.id)) ?? new Map<string, ExportRelations>()
      // Numbered first, so that an image withheld for consent can name the blurred copy carried instead.
      const numberOf = new Map(items.map((item, k) => [item.id, `E${planned.length + k + 1}`]))
      const stableOf = new Map(items.map((item) => [item.id, item.stableId]))
      for (const item of items) {
        const r = relations.get(item.id)
        const copies = (r?.blurred ?? []).map((l) => numberOf.get(l.derivativeId)).filter((n): n is string => n !== undefined)
        // Image consent per exhibit (#17 item 9): the persons it is linked to, else every person of its incident.
        const decision = exhibitConsent({
          mediaType: item.mediaType,
          profile,
          isBlurredCopy: r?.derivedFrom?.kind === 'blurred',
          depicted:
            r === undefined || r.depicts.length === 0
              ? null
              : r.depicts.map((id) => plan.personImages[id] ?? { pseudonym: '', image: false, include: false }),
          incidentImagesAllowed: incidentImages,
          blurredCopy: copies[0]
        })
        const visual = decision.reason !== 'not-visual'
        const variant = barred
          ? { variant: 'withheld' as const, reason: 'need-to-know' as const }
          : decision.decision !== 'carry'
            ? {
                variant: 'withheld' as const,
                reason:
                  decision.voice === true
                    ? ('recorded-without-voice-consent' as const)
                    : decision.reason === 'depicted-not-consented'
                      ? ('depicted-without-image-consent' as const)
                      : ('no-image-consent' as const)
              }
            : // Carried: the profile decides which bytes (the incident-level rule where nobody recorded whom it shows).
              exhibitVariant(profile, item.mediaType, visual && decision.reason !== 'incident-not-consented' ? true : incidentImages)
        const derivedFrom = r?.derivedFrom
        planned.push({
          item,
          number: numberOf.get(item.id) ?? `E${planned.length + 1}`,
          incident: inc,
          variant: variant.variant,
          ...(variant.reason === undefined ? {} : { reason: variant.reason }),
          imagesAllowed: decision.decision === 'carry' && decision.thumbnail,
          ...(visual && !barred ? { imageConsent: { ...decision, reason: decision.reason as ExhibitImageConsent['reason'] } } : {}),
          ...(derivedFrom === undefined || barred
            ? {}
            : {
                lineage: {
                  kind: 'blurred' as const,
                  source: numberOf.get(derivedFrom.sourceId) ?? null,
                  ...(stableOf.get(derivedFrom.sourceId) === undefined ? {} : { sourceStableId: stableOf.get(derivedFrom.sourceId) }),
                  sourceSha256: derivedFrom.sourceSha256,
                  derivativeSha256: derivedFrom.derivativeSha256,
                  method: derivedFrom.method,
                  parameters: derivedFrom.parameters,
                  ledgerIndex: derivedFrom.ledgerIndex,
                  contentSha256: derivedFrom.contentSha256
                }
              }),
          ...(copies.length > 0 && !barred ? { blurredCopies: copies } : {})
        })
      }
    }
    // Exhibits are numbered first; their files are then read a few at a time, since deriving a shared
    // copy waits mostly on fsync. Every read is recorded by the evidence service.
    const gathered: Gathered[] = new Array(planned.length)
    let done = 0
    let next = 0
    const readOne = async (p: Omit<Gathered, 'file'>): Promise<Gathered> => {
      if (p.variant === 'withheld') return { ...p, file: null }
      const served = await evidence.contentForExport(p.item.id, p.variant, viewer.actor, `case:${c.id}`)
      const digest = await digestOf(createReadStream(served.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>)
      const expected =
        p.variant === 'original'
          ? { sha256: p.item.sha256, sha512: p.item.sha512, size: p.item.size }
          : { sha256: served.sha256, size: served.size }
      if (
        digest.sha256 !== expected.sha256 ||
        digest.size !== expected.size ||
        ('sha512' in expected && digest.sha512 !== expected.sha512)
      ) {
        throw new SanadError(
          'SANAD_ERR_BLOB_ALTERED',
          `The stored ${p.variant} of exhibit ${p.number} (evidence ${p.item.id}) no longer matches its recorded hashes; the dossier was not made. Run npm run verify.`
        )
      }
      // The page count is read from the bytes just checked (the file the export carries).
      const pages =
        p.item.mediaType === 'application/pdf' ? await (await import('../../lib/pdf/page-count.ts')).pdfPageCount(served.path) : undefined
      return { ...p, file: { diskPath: served.path, ...digest }, ...(pages === undefined ? {} : { pages }) }
    }
    const worker = async (): Promise<void> => {
      while (next < planned.length) {
        const i = next++
        try {
          gathered[i] = await readOne(planned[i]!)
        } catch (err) {
          next = planned.length // the others stop after the item in hand
          throw err
        }
        done++
        if (done % 10 === 0 || done === planned.length)
          ctx.progress(0.1 + 0.2 * (done / Math.max(1, planned.length)), `reading exhibits ${done}/${planned.length}`)
      }
    }
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(READ_CONCURRENCY, planned.length) }, worker))
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (failure) throw failure.reason

    // 3. The signed checkpoint every proof refers to, and its timestamp when one can be had (0.3 – 0.35).
    ctx.progress(0.3, 'signing the ledger checkpoint')
    const cp = deps.ledger.checkpoint()
    let token: { token: Buffer; genTime: string; tsaUrl: string } | null = null
    if ((deps.timestampWaitMs ?? 0) > 0) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        deps.ledger.timestampLatest({ force: true }).catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, deps.timestampWaitMs)
        })
      ])
      clearTimeout(timer)
    }
    try {
      const t = deps.ledger.checkpointTimestamp(cp.size)
      token = { token: t.token, genTime: t.genTime, tsaUrl: t.tsaUrl }
    } catch (err) {
      if (!(err instanceof SanadError)) throw err // none yet, or no authority configured
    }
    const origin = openCheckpoint(cp.note, deps.signer).checkpoint.origin

    // 4. Proofs of every exhibit's custody entries (0.35 – 0.4).
    const placement = planPlacement(
      gathered.map((g) => ({
        number: g.number,
        fileSize: g.file?.size ?? null,
        thumbnailAllowed: showsThumbnail(g.item.mediaType, g.imagesAllowed)
      })),
      deps.attachmentBudgetBytes
    )
    const exhibits: GatheredExhibit[] = gathered.map((g, i) => {
      const entries = deps.ledger.subjectEntries('evidence', g.item.id).filter((e) => e.index < cp.size)
      if (i % 50 === 0) ctx.progress(0.35 + 0.05 * (i / Math.max(1, gathered.length)), 'collecting ledger proofs')
      return {
        number: g.number,
        item: g.item,
        incidentId: g.incident.id,
        incidentReference: g.incident.reference,
        variant: g.variant,
        ...(g.reason === undefined ? {} : { reason: g.reason }),
        file: g.file === null ? null : { sha256: g.file.sha256, sha512: g.file.sha512, size: g.file.size },
        placement: placement.get(g.number) ?? { attached: false, thumbnail: false },
        thumbnailable: showsThumbnail(g.item.mediaType, true),
        ...(g.imageConsent === undefined ? {} : { imageConsent: g.imageConsent }),
        ...(g.lineage === undefined ? {} : { lineage: g.lineage }),
        ...(g.blurredCopies === undefined ? {} : { blurredCopies: g.blurredCopies }),
        ...(g.pages === undefined ? {} : { pages: g.pages }),
        entries: entries.map((e) => ({ ...proofOf(e, deps.ledger.inclusionProof(e.index, cp.size)), entry: e.entry }))
      }
    })

    // 5. The pure stages: the redacted snapshot, then the manifest and custody made from it; signed here.
    const redacted = redactedSnapshot(
      {
        dossierId,
        language: d.language as DossierLanguage,
        generatedAt: generatedAt.toISOString(),
        generator: GENERATOR,
        case: {
          id: c.id,
          reference: c.reference,
          title: c.title,
          ...(doc.purpose === undefined ? {} : { purpose: doc.purpose }),
          recipient: caseRecipient,
          profile,
          revision: c.revision
        },
        checkpoint: {
          note: cp.note,
          origin,
          size: cp.size,
          rootHash: cp.rootHash,
          timestamp: token === null ? null : { genTime: token.genTime, tsaUrl: token.tsaUrl },
          tsaConfigured: (deps.timestampWaitMs ?? 0) > 0
        },
        verifierKey: deps.signer.verifierKey,
        incidents: chosen,
        leftOut,
        patterns: patternList,
        elementLinks: doc.elementLinks,
        exhibits,
        // Connected crimes the builder may read: the linked incident's reference and crime.
        connectedCrimes: Object.fromEntries(
          chosen.map((inc) => [inc.id, links.connectedCrimes(inc.id, (id) => incidents.readableBy(id, viewer))])
        ),
        verifications: Object.fromEntries(verifications.forExport(exhibits.map((x) => x.item.id))),
        // Contextual elements once per pattern, members and scale over what the builder may read.
        patternContext: Object.fromEntries(
          patternList.map((p) => [p.id, patterns.forExport(p.id, (id) => incidents.readableBy(id, viewer))])
        ),
        incidentContext: Object.fromEntries(chosen.map((inc) => [inc.id, patterns.incidentContextForExport(inc.id)])),
        ...(deps.custody === undefined
          ? {}
          : {
              custodyEvents: Object.fromEntries(deps.custody.forExport(exhibits.map((x) => x.item.id))),
              accounts: deps.custody.accounts()
            }),
        ...(deps.perpetrators
          ? { involvements: Object.fromEntries(chosen.map((inc) => [inc.id, deps.perpetrators?.forDossier(inc.id) ?? []])) }
          : {})
      },
      plan
    )
    const signed = signManifest(manifestOf(redacted), deps.signer.privateKey)
    const custodyBytes = canonicalJson(custodyDocumentOf(redacted))
    const timestampResponse = token === null ? null : timestampResponseFromToken(token.token)
    const officer = viewer.actor.startsWith('user:') ? repo.officerOf(viewer.actor.slice(5)) : undefined
    // The recipient's references imported back for this case (#17 item 7), of the exhibits this dossier lists.
    const imported = recipientReferencesOfCase(deps.db, c.id)
    const refs = redacted.exhibits.flatMap((e) => {
      const r = imported.get(e.stableId)
      return r === undefined ? [] : [[e.stableId, r]]
    })
    const snapshot: DossierSnapshot = {
      ...redacted,
      ...(refs.length === 0 ? {} : { recipientRefs: Object.fromEntries(refs) }),
      manifestSha256: sha256Hex(signed.bytes),
      organisation: organisationOf(origin),
      ...(officer === undefined ? {} : { officer })
    }

    const diskPaths = new Map<string, string>()
    for (const g of gathered) if (g.file !== null) diskPaths.set(g.number, g.file.diskPath)
    const exported: ExportedExhibit[] = snapshot.exhibits.flatMap((e) =>
      e.file === null || e.variant === 'withheld'
        ? []
        : [
            {
              number: e.number,
              evidenceId: e.evidenceId,
              sha256: e.sha256,
              variant: e.variant,
              fileSha256: e.file.sha256,
              attached: e.placement === 'attached'
            }
          ]
    )
    return {
      dossierSeq: d.seq,
      generatedAt,
      snapshot,
      manifest: signed.bytes,
      signature: signed.signature,
      custody: custodyBytes,
      timestampResponse,
      diskPaths,
      exported,
      counts: { incidentsLeftOut: leftOut.length, ...plan.counts },
      origin
    }
  }
  /**
   * The PDF of a prepared dossier, signed by the organisation's key (PAdES) when there is one; the same
   * preparation always renders to the same bytes. The signature's placeholder is added before the
   * renderer's one save and filled in place, timed at the dossier's generation: the PDF is never
   * parsed and saved again to be signed. Unsigned without a key.
   */
  async function render(prepared: Prepared, onProgress?: (fraction: number, stage: string) => void): Promise<RenderResult> {
    const embedded = new Map<string, Uint8Array>()
    for (const e of prepared.snapshot.exhibits) {
      const path = prepared.diskPaths.get(e.number)
      if ((e.placement === 'attached' || e.thumbnail) && path !== undefined) embedded.set(e.number, await readFile(path))
    }
    const model = dossierModel(prepared.snapshot, {
      manifest: prepared.manifest,
      signature: prepared.signature,
      checkpoint: prepared.snapshot.checkpoint.note,
      custody: prepared.custody,
      timestampResponse: prepared.timestampResponse,
      exhibit: (number) => embedded.get(number),
      ...(deps.pdfSigner ? { pdfSigner: { commonName: deps.pdfSigner.commonName, selfSigned: deps.pdfSigner.selfSigned } } : {})
    })
    const { renderPdfDetailed } = await import('../../lib/pdf/index.ts')
    const signer = deps.pdfSigner
    const pades = signer === undefined ? undefined : await import('../../lib/pdf/pades.ts')
    const meta = {
      signingTime: prepared.generatedAt,
      name: signer?.commonName ?? '',
      reason: `Dossier ${prepared.snapshot.case.reference}: issued as recorded in the custody ledger`,
      location: prepared.origin,
      contactInfo: prepared.origin
    }
    const rendered = await renderPdfDetailed(model, {
      generatedAt: prepared.generatedAt,
      onProgress: (p) => onProgress?.(p.stage === 'layout' ? p.done / Math.max(1, p.total) : 1, p.stage),
      ...(pades === undefined ? {} : { beforeSave: (doc) => pades.addSignaturePlaceholder(doc, meta) })
    })
    if (signer === undefined || pades === undefined) return rendered
    const bytes = pades.signPlaceholder(rendered.bytes, signer, prepared.generatedAt)
    return { ...rendered, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
  }

  /** Whether the ledger records that this dossier's artefacts were deleted (by retention or their builder). */
  function artefactsDeleted(id: string): boolean {
    return deps.ledger.subjectEntries('dossier', id).some((e) => e.entry.type === 'dossier-artefacts-deleted')
  }

  /** The ledger entry of a deletion, hashes only; written before the files go, so a crash between is finished by the sweep. */
  function recordDeletion(row: DossierRow, exp: ExportRow, actor: string, reason: 'builder' | 'retention'): void {
    const c = repo.bySeq(row.caseSeq)!
    deps.ledger.append({
      type: 'dossier-artefacts-deleted',
      actor,
      subject: { kind: 'dossier', id: row.id, sha256: exp.pdfSha256 },
      details: { case: c.id, reason, pdfSha256: exp.pdfSha256, packageSha256: exp.packageSha256 }
    })
  }

  /** What a dossier of this case for this viewer would rest on: ids, need-to-know, consent (nothing decrypted). */
  function disclosureBasis(c: CaseRow, viewer: Viewer): BasisPerson[] {
    const recipient = PERSON_RECIPIENT[c.recipient as Case['recipient']]
    const options = { recipient, profile: PERSON_PROFILE[c.profile as Case['profile']], viewer }
    const out: BasisPerson[] = []
    for (const incidentId of incidentIdsOf(c)) {
      if (incidents.forExport(incidentId).retracted) continue
      for (const p of deps.persons.pseudonymsOf(incidentId).items) {
        const b = deps.persons.disclosureBasis(p.id, options)
        out.push({ person: p.id, incident: incidentId, named: b.named, needToKnow: b.needToKnow, consent: basisConsent(c, b.consent) })
      }
    }
    return out
  }

  function basisConsent(c: CaseRow, consent: ConsentState): BasisConsent {
    return {
      purpose: consent[RECIPIENT_PURPOSE[PERSON_RECIPIENT[c.recipient as Case['recipient']]]],
      storage: consent.storage,
      image: consent.image
    }
  }

  function consentNow(c: CaseRow) {
    return (person: string): BasisConsent => basisConsent(c, deps.persons.consentOf(person))
  }

  /**
   * A task as its reader sees it. A withheld one says only that a task exists on that dossier: no person
   * id (which opens the pseudonym at /persons/:id) and no ledger index (whose entry names the person).
   */
  function shownAlert(task: AlertTask): Alert {
    if (!task.withheld) return task
    const { personId: _person, noticeLedgerIndex: _entry, ...bare } = task
    return bare
  }

  /**
   * A delivered dossier relied on consent that has since been withdrawn: the case must say so, as a task
   * with a draft notice to the recipient (in the dossier's language) until the notice is recorded as sent.
   */
  function alertsOf(c: CaseRow, mayRead: (incidentId: string) => boolean): AlertTask[] {
    const alerts: AlertTask[] = []
    for (const d of repo.dossiersOf(c.seq)) {
      const exp = repo.exportOf(d.seq)
      const deliveries = repo.deliveriesOf(d.seq)
      if (!exp || exp.basis === null || deliveries.length === 0) continue
      const basis = exp.basis as BasisPerson[]
      const deliveredOn = deliveries
        .map((x) => x.deliveredAt)
        .sort()
        .at(-1) as string
      const sent = deps.ledger.subjectEntries('dossier', d.id).filter((e) => e.entry.type === 'consent-notice-sent')
      for (const w of withdrawnSinceDelivery(basis, consentNow(caseOfDossier(d)))) {
        const incident = basis.find((p) => p.person === w.person)?.incident
        const notice = sent.find((e) => e.entry.details?.person === w.person && e.entry.details?.consent === w.purpose)
        const task = {
          code: 'CONSENT_WITHDRAWN_AFTER_DELIVERY' as const,
          dossierId: d.id,
          personId: w.person,
          consent: w.purpose,
          deliveredOn,
          ...(notice ? { noticeSentOn: notice.entry.details?.sentOn as string, noticeLedgerIndex: notice.index } : {})
        }
        // Who may not read the person's incident sees that a task exists, not whom or what it says.
        if (!incident || !mayRead(incident)) {
          alerts.push({ ...task, withheld: 'need-to-know' })
          continue
        }
        const pseudonym = deps.persons.pseudonymsOf(incident).items.find((p) => p.id === w.person)?.pseudonym ?? '—'
        alerts.push({
          ...task,
          pseudonym,
          ...(notice
            ? {}
            : {
                draftNotice: draftConsentNotice({
                  language: d.language as NoticeLanguage,
                  caseReference: c.reference,
                  dossierId: d.id,
                  deliveredOn,
                  pseudonym,
                  consent: w.purpose
                })
              })
        })
      }
    }
    return alerts
  }

  /** Only the builder, or whom may read every need-to-know person it names, gets a dossier; never a stale one. */
  /** The OpenPGP message an artefact was written as, if it was encrypted to the recipient. */
  function encryptionOf(exp: ExportRow, kind: 'pdf' | 'package'): Summary['encryption'] {
    const summary = exp.summary as Summary
    return kind === 'pdf' ? summary.pdfEncryption : summary.encryption
  }

  /**
   * A full-profile dossier names protected persons: its PDF and package leave only as OpenPGP messages
   * to the recipient. One stored in clear (built before the PDF was encrypted too) is refused; rebuild it.
   */
  function mustBeEncryptedIfFull(c: CaseRow, encrypted: Summary['encryption']): void {
    if (c.profile === 'full' && encrypted === undefined) fail('SANAD_ERR_DOSSIER_NOT_ENCRYPTED')
  }

  function mustHandOut(row: DossierRow, exp: ExportRow, c: CaseRow, viewer: Viewer): void {
    const decision = handOut({
      isBuilder: row.requestedBy === viewer.actor,
      basis: exp.basis as BasisPerson[] | null,
      mayReadIdentity: (person) => deps.persons.identityReadableBy(person, viewer),
      consentNow: consentNow(c)
    })
    if (!decision.ok) fail(decision.code, decision.message)
  }

  async function build(
    dossierId: string,
    viewer: Viewer,
    ctx: JobContext,
    recipientKey: RecipientKey | null
  ): Promise<{ sha256: string; packageSha256: string }> {
    await new Promise((resolve) => setImmediate(resolve)) // let the request that asked for it answer first
    await files.prepare()
    try {
      // Read before the records: a consent changed while the dossier is built makes it stale at once.
      const dossierRow = mustDossier(dossierId)
      const basis = disclosureBasis(caseOfDossier(dossierRow), viewer)
      const prepared = await prepare(dossierId, viewer, ctx, now())
      const snap = prepared.snapshot

      // The PDF (0.4 – 0.75).
      ctx.progress(0.4, 'laying out the PDF')
      const rendered = await render(prepared, (f, stage) =>
        ctx.progress(stage === 'layout' ? 0.4 + 0.3 * f : 0.72, stage === 'layout' ? 'laying out the PDF' : 'writing the PDF')
      )
      const pdfSha256 = sha256Hex(rendered.bytes)
      // Encrypted to the recipient like the package (a full dossier names protected persons): the plain
      // PDF is only in memory, and what is sealed at rest and served is the OpenPGP message.
      const pdfEncrypting = recipientKey === null ? null : await encryptingStream(recipientKey)
      await files.writePdf(dossierId, rendered.bytes, pdfEncrypting?.stream)
      const pdfReceipt = issuePdfReceipt(deps, {
        dossierId,
        actor: viewer.actor,
        snapshot: snap,
        pdfSha256,
        pdfSize: rendered.bytes.length
      })

      // The evidence package (0.75 – 0.97).
      ctx.progress(0.75, 'writing the evidence package')
      const { writePackage } = await import('./package.ts')
      const target = files.packageTarget(dossierId)
      // Encrypted to the recipient, the ZIP passes through memory into the OpenPGP message, which is
      // then sealed at rest like any artefact: no plain ZIP is ever on disk, nor served.
      const encrypting = recipientKey === null ? null : await encryptingStream(recipientKey)
      const bag = await writePackage({
        zipPath: target.zipPath,
        encode:
          encrypting === null
            ? target.encode
            : () => {
                const sealing = target.encode()
                pipeline(encrypting.stream, sealing, () => {})
                return Duplex.from({ writable: encrypting.stream, readable: sealing })
              },
        bagName: `${snap.case.reference}-${dossierId.slice(0, 8)}`,
        snapshot: snap,
        pdf: rendered.bytes,
        pdfReceipt,
        manifest: prepared.manifest,
        signature: prepared.signature,
        checkpoint: snap.checkpoint.note,
        timestampResponse: prepared.timestampResponse,
        custody: prepared.custody,
        exhibitPath: (number) => {
          const p = prepared.diskPaths.get(number)
          if (p === undefined) throw new Error(`exhibit ${number} has no file`)
          return p
        },
        organisation: organisationOf(prepared.origin),
        signStatement: (statement) => signStatement(statement, deps.signer.privateKey),
        onProgress: (done, all) => ctx.progress(0.75 + 0.22 * (all === 0 ? 1 : done / all), 'writing the evidence package')
      })

      // The export is a custody event carrying the dossier's hash, recorded with its history row.
      const ex = snap.exhibits
      const summary: Summary = {
        incidents: snap.incidents.length,
        incidentsLeftOut: prepared.counts.incidentsLeftOut,
        exhibits: ex.length,
        originals: ex.filter((e) => e.variant === 'original').length,
        sharedCopies: ex.filter((e) => e.variant === 'shared').length,
        withheld: ex.filter((e) => e.variant === 'withheld').length,
        attachedToPdf: ex.filter((e) => e.placement === 'attached').length,
        packageOnly: ex.filter((e) => e.placement === 'package').length,
        personsNamed: prepared.counts.personsNamed,
        personsPseudonymised: prepared.counts.personsPseudonymised,
        personsLeftOut: prepared.counts.personsLeftOut,
        pages: rendered.pageCount,
        warnings: rendered.warnings
      }
      if (encrypting !== null && recipientKey !== null)
        summary.encryption = { format: 'openpgp', recipientKeyFingerprint: recipientKey.fingerprint, ...encrypting.result() }
      if (pdfEncrypting !== null && recipientKey !== null)
        summary.pdfEncryption = { format: 'openpgp', recipientKeyFingerprint: recipientKey.fingerprint, ...pdfEncrypting.result() }
      const c = snap.case
      deps.sqlite
        .transaction(() => {
          const { index } = deps.ledger.append({
            type: 'exported',
            actor: viewer.actor,
            subject: { kind: 'dossier', id: dossierId, sha256: pdfSha256 },
            details: {
              case: c.id,
              reference: c.reference,
              recipient: c.recipient,
              profile: c.profile,
              language: snap.language,
              pdfSize: rendered.bytes.length,
              packageSha256: bag.zipSha256,
              packageSize: bag.zipSize,
              ...(summary.encryption === undefined ? {} : { packageEncryption: summary.encryption }),
              ...(summary.pdfEncryption === undefined ? {} : { pdfEncryption: summary.pdfEncryption }),
              manifestSha256: snap.manifestSha256,
              checkpointSize: snap.checkpoint.size,
              caseRevision: c.revision ?? 1,
              exhibits: ex.length,
              withheld: summary.withheld ?? 0
            }
          })
          repo.insertExport({
            dossierSeq: prepared.dossierSeq,
            generatedAt: snap.generatedAt,
            pdfSha256,
            pdfSize: rendered.bytes.length,
            packageSha256: bag.zipSha256,
            packageSize: bag.zipSize,
            manifestSha256: snap.manifestSha256,
            checkpointSize: snap.checkpoint.size,
            timestamped: prepared.timestampResponse !== null,
            exportedIndex: index,
            summary,
            exhibits: prepared.exported,
            basis
          })
        })
        .immediate()
      ctx.progress(1, 'ready')
      return { sha256: pdfSha256, packageSha256: bag.zipSha256 }
    } catch (err) {
      await files.remove(dossierId)
      throw err
    }
  }

  return {
    create(input: CaseInput, viewer: Viewer): Case {
      const actor = viewer.actor
      if (!profileAllowed(input.recipient, input.profile)) fail('SANAD_ERR_CASE_PROFILE_NOT_ALLOWED', undefined, { field: 'profile' })
      const id = randomUUID()
      const at = now().toISOString()
      const row = deps.sqlite
        .transaction(() => {
          const refs = repo.incidentRefs(input.incidentIds)
          const byId = new Map(refs.map((r) => [r.id, r]))
          input.incidentIds.forEach((incidentId, i) => {
            const ref = byId.get(incidentId)
            if (!ref) fail('SANAD_ERR_INCIDENT_UNKNOWN', `No incident ${incidentId}`, { field: `incidentIds.${i}` })
            if (ref.retractedAt)
              fail('SANAD_ERR_INCIDENT_RETRACTED', `Incident ${incidentId} is retracted and cannot go into a case`, {
                field: `incidentIds.${i}`
              })
            // A duplicate goes into no new case: its survivor stands for it.
            const survivor = mergedInto(ref.seq)
            if (survivor)
              fail('SANAD_ERR_INCIDENT_MERGED', `Incident ${incidentId} was merged into ${survivor.reference}`, {
                field: `incidentIds.${i}`,
                mergedInto: survivor
              })
          })
          for (const [i, patternId] of (input.patternIds ?? []).entries()) {
            try {
              patterns.get(patternId)
            } catch (err) {
              if (err instanceof SanadError && err.statusCode === 404)
                fail('SANAD_ERR_PATTERN_UNKNOWN', `No pattern ${patternId}`, { field: `patternIds.${i}` })
              throw err
            }
          }
          checkLinks(input)
          mustMayLink(input.elementLinks ?? [], [], viewer)
          const year = at.slice(0, 4)
          const reference = `SND-C-${year}-${String(nextReference(deps.db, `case-${year}`)).padStart(4, '0')}`
          const document: CaseDocument = {
            ...(input.purpose === undefined ? {} : { purpose: input.purpose }),
            patternIds: input.patternIds ?? [],
            elementLinks: input.elementLinks ?? []
          }
          const inserted = repo.insert({
            id,
            reference,
            title: input.title,
            recipient: input.recipient,
            profile: input.profile,
            document,
            createdAt: at,
            createdBy: actor
          })
          repo.insertIncidents(
            inserted.seq,
            input.incidentIds.map((incidentId) => byId.get(incidentId)!.seq)
          )
          const content = contentOf(inserted)
          const contentSha256 = sha256Hex(canonicalJson(content))
          const { index } = deps.ledger.append({
            type: 'case-created',
            actor,
            subject: { kind: 'case', id },
            details: {
              reference,
              recipient: input.recipient,
              profile: input.profile,
              incidents: input.incidentIds.length,
              patterns: document.patternIds.length,
              elementLinks: document.elementLinks.length,
              revision: 1,
              contentSha256
            }
          })
          repo.insertRevision({
            caseSeq: inserted.seq,
            revision: 1,
            content,
            contentSha256,
            reason: 'created',
            actor,
            createdAt: at,
            ledgerIndex: index
          })
          return inserted
        })
        .immediate()
      return { ...caseView(row, null), warnings: warningsOf(input.recipient, input.incidentIds) }
    },

    /**
     * A revision of a case: the fields given replace the stored ones whole. `baseRevision` must be the
     * current revision (409 otherwise: someone else's edit is never overwritten unseen). A
     * `case-revised` ledger entry records the reason code and the RFC 8785 SHA-256 of the new content;
     * dossiers already built keep the revision they were built from.
     */
    revise(id: string, patch: CasePatch, viewer: Viewer): Case {
      const { baseRevision, reason, ...fields } = patch
      const actor = viewer.actor
      const at = now().toISOString()
      const row = deps.sqlite
        .transaction(() => {
          const current = mustCase(id)
          if (baseRevision !== current.revision)
            fail('SANAD_ERR_REVISION_CONFLICT', `The case is at revision ${current.revision}, the edit started from ${baseRevision}.`, {
              current: current.revision
            })
          const before = contentOf(current)
          const recipient = fields.recipient ?? before.recipient
          const profile = fields.profile ?? before.profile
          if (!profileAllowed(recipient, profile)) fail('SANAD_ERR_CASE_PROFILE_NOT_ALLOWED', undefined, { field: 'profile' })
          const incidentIds = fields.incidentIds ?? before.incidentIds
          const kept = new Set(before.incidentIds)
          const added = incidentIds.filter((x) => !kept.has(x))
          const byId = new Map(repo.incidentRefs(added).map((r) => [r.id, r]))
          incidentIds.forEach((incidentId, i) => {
            if (kept.has(incidentId)) return // already in the case (a retracted one is left out of dossiers)
            const ref = byId.get(incidentId)
            if (!ref) fail('SANAD_ERR_INCIDENT_UNKNOWN', `No incident ${incidentId}`, { field: `incidentIds.${i}` })
            if (ref.retractedAt)
              fail('SANAD_ERR_INCIDENT_RETRACTED', `Incident ${incidentId} is retracted and cannot go into a case`, {
                field: `incidentIds.${i}`
              })
          })
          const patternIds = fields.patternIds ?? before.patternIds
          for (const [i, patternId] of patternIds.entries()) {
            if (before.patternIds.includes(patternId)) continue
            try {
              patterns.get(patternId)
            } catch (err) {
              if (err instanceof SanadError && err.statusCode === 404)
                fail('SANAD_ERR_PATTERN_UNKNOWN', `No pattern ${patternId}`, { field: `patternIds.${i}` })
              throw err
            }
          }
          checkLinks({ incidentIds, elementLinks: fields.elementLinks ?? before.elementLinks })
          const elementLinks =
            fields.elementLinks === undefined ? before.elementLinks : mustMayLink(fields.elementLinks, before.elementLinks, viewer)
          const purpose = fields.purpose ?? before.purpose
          const document: CaseDocument = { ...(purpose === undefined ? {} : { purpose }), patternIds, elementLinks, incidentIds }
          const title = fields.title ?? before.title
          const candidate: CaseRow = { ...current, title, recipient, profile, document }
          const changed = REVISABLE.filter((f) => !isDeepStrictEqual(contentOf(candidate)[f], before[f]))
          // An edit that changes nothing makes no revision.
          if (changed.length === 0) return current
          const revision = current.revision + 1
          // A case built before revisions were recorded gets its first revision written as it was.
          if (repo.revisions(current.seq).length === 0) {
            const created = deps.ledger.subjectEntries('case', current.id).find((e) => e.entry.type === 'case-created')
            repo.insertRevision({
              caseSeq: current.seq,
              revision: current.revision,
              content: before,
              contentSha256: sha256Hex(canonicalJson(before)),
              reason: 'created',
              actor: current.createdBy,
              createdAt: current.createdAt,
              ledgerIndex: created?.index ?? -1
            })
          }
          const next: CaseRow = { ...candidate, revision }
          const content = contentOf(next)
          const contentSha256 = sha256Hex(canonicalJson(content))
          const { index } = deps.ledger.append({
            type: 'case-revised',
            actor,
            subject: { kind: 'case', id: current.id, sha256: contentSha256 },
            details: {
              revision,
              reason,
              contentSha256,
              fields: changed,
              recipient,
              profile,
              incidents: incidentIds.length,
              patterns: patternIds.length,
              elementLinks: elementLinks.length
            }
          })
          repo.update(current.seq, { title, recipient, profile, document, revision })
          repo.insertRevision({ caseSeq: current.seq, revision, content, contentSha256, reason, actor, createdAt: at, ledgerIndex: index })
          return next
        })
        .immediate()
      return { ...caseView(row, viewer), warnings: warningsOf(row.recipient as Case['recipient'], incidentIdsOf(row)) }
    },

    /** Every revision of a case, oldest first; notes on need-to-know incidents only for whom may read them. */
    revisions(id: string, viewer: Viewer): CaseRevisionList {
      const row = mustCase(id)
      let items = repo.revisions(row.seq).map((r) => ({
        revision: r.revision,
        reason: r.reason,
        actor: r.actor,
        createdAt: r.createdAt,
        contentSha256: r.contentSha256,
        ledgerIndex: r.ledgerIndex,
        content: r.content as CaseRevisionContent
      }))
      if (items.length === 0) {
        // Built before revisions were recorded, never revised: its one revision is the case as it is.
        const content = contentOf(row)
        const created = deps.ledger.subjectEntries('case', row.id).find((e) => e.entry.type === 'case-created')
        items = [
          {
            revision: row.revision,
            reason: 'created',
            actor: row.createdBy,
            createdAt: row.createdAt,
            contentSha256: sha256Hex(canonicalJson(content)),
            ledgerIndex: created?.index ?? -1,
            content
          }
        ]
      }
      const readable = new Map<string, boolean>()
      const mayRead = (incidentId: string): boolean => {
        let r = readable.get(incidentId)
        if (r === undefined) readable.set(incidentId, (r = incidents.readableBy(incidentId, viewer)))
        return r
      }
      return {
        items: items.map((it) => ({
          ...it,
          content: {
            ...it.content,
            elementLinks: it.content.elementLinks.map(({ note, ...link }) =>
              note === undefined || !mayRead(link.incidentId) ? link : { ...link, note }
            )
          }
        }))
      }
    },

    /** The warnings a case of these incidents for this recipient would carry, before it is saved. */
    warnings(input: CaseWarningsInput): { warnings: CaseWarnings } {
      const known = new Set(repo.incidentRefs(input.incidentIds).map((r) => r.id))
      input.incidentIds.forEach((incidentId, i) => {
        if (!known.has(incidentId)) fail('SANAD_ERR_INCIDENT_UNKNOWN', `No incident ${incidentId}`, { field: `incidentIds.${i}` })
      })
      return { warnings: warningsOf(input.recipient, input.incidentIds) }
    },

    list(viewer: Viewer): { items: Case[] } {
      return { items: repo.list().map((row) => caseView(row, viewer, false)) }
    },

    /**
     * The case's evidence chart (#18 item 7): element × exhibit × the incident's source grades ×
     * the exhibit's verification status. Rows of incidents the viewer may not read keep only what
     * the case itself shows (element and exhibit ids).
     */
    evidenceChart(id: string, viewer: Viewer): EvidenceChart {
      const row = mustCase(id)
      const doc = row.document as CaseDocument
      const ids = incidentIdsOf(row)
      const byIncident = new Map(ids.map((i) => [i, incidents.forExport(i)]))
      const readable = new Map(ids.map((i) => [i, incidents.readableBy(i, viewer)]))
      const items = new Map<string, Evidence>()
      for (const i of ids) for (const e of evidence.ofIncidentForExport(i).items) items.set(e.id, e)
      const chartRows = evidenceChart(
        ids.map((i) => ({
          incident: i,
          sources: readable.get(i) === true ? (byIncident.get(i)?.sources ?? []) : [],
          links: doc.elementLinks
            .filter((l) => l.incidentId === i)
            .map((l) => ({ category: l.category, element: l.element, exhibits: l.evidenceIds }))
        })),
        (e) => (items.get(e)?.verification?.status ?? 'none') as ChartVerification
      )
      return {
        rows: chartRows.map((r) => {
          const inc = byIncident.get(r.incident)
          const item = r.exhibit === null ? undefined : items.get(r.exhibit)
          const contextual = categoryById(r.category)?.elements.find((e) => e.id === r.element)?.contextual ?? false
          const base = {
            incidentId: r.incident,
            incidentReference: inc?.reference ?? '',
            category: r.category,
            element: r.element,
            contextual,
            ...(item === undefined ? {} : { exhibit: { id: item.id, stableId: item.stableId } })
          }
          return readable.get(r.incident) === true
            ? { ...base, admiralty: r.admiralty, verification: r.verification }
            : { ...base, admiralty: [], withheld: 'need-to-know' as const }
        }),
        legend: { reliability: { ...ADMIRALTY_LEGEND.reliability }, credibility: { ...ADMIRALTY_LEGEND.credibility } }
      }
    },

    get(id: string, viewer: Viewer): Case {
      const row = mustCase(id)
      return { ...caseView(row, viewer), warnings: warningsOf(row.recipient as Case['recipient'], incidentIdsOf(row)) }
    },

    /**
     * Asks for a dossier: the build runs as a job of the same id; poll `dossier(id)`. A full-profile
     * package names protected persons: it is built only encrypted to the recipient's OpenPGP key.
     */
    async requestDossier(caseId: string, input: DossierInput, viewer: Viewer): Promise<Dossier> {
      const c = mustCase(caseId)
      let recipientKey: RecipientKey | null = null
      if (input.recipientKey !== undefined) {
        const read = await readRecipientKey(input.recipientKey, now())
        if ('problem' in read) fail('SANAD_ERR_RECIPIENT_KEY_INVALID', `The recipient key ${read.problem}.`, { field: 'recipientKey' })
        recipientKey = read
      } else if (c.profile === 'full') fail('SANAD_ERR_RECIPIENT_KEY_REQUIRED', undefined, { field: 'recipientKey' })
      // A dossier that is meant to name no one is issued only after its "possible names left" were read.
      if (c.profile !== 'full' && input.namesReviewed !== true) {
        const left = namesReview(c, viewer)
        if (left.length > 0) fail('SANAD_ERR_NAMES_REVIEW_REQUIRED', undefined, { possibleNames: left })
      }
      const id = randomUUID()
      const row = repo.insertDossier({
        id,
        caseSeq: c.seq,
        caseRevision: c.revision,
        language: input.language ?? 'en',
        requestedBy: viewer.actor,
        requestedAt: now().toISOString()
      })
      deps.jobs.submit('dossier', viewer.actor, async (ctx) => await build(id, viewer, ctx, recipientKey), id)
      return dossierView(row, c)
    },

    dossier(id: string): Dossier {
      return dossierView(mustDossier(id))
    },

    /**
     * A ready dossier's PDF or package, for download. Every download is recorded in the ledger
     * (`accessed`, subject the dossier, with the file's hash).
     */
    async artefact(
      id: string,
      kind: 'pdf' | 'package',
      viewer: Viewer
    ): Promise<{ stream: () => Readable; size: number; sha256: string; fileName: string; mediaType: string }> {
      const actor = viewer.actor
      const row = mustDossier(id)
      const exp = repo.exportOf(row.seq)
      if (!exp) fail('SANAD_ERR_DOSSIER_NOT_READY')
      const c = caseOfDossier(row)
      mustHandOut(row, exp, c, viewer)
      const sha256 = kind === 'pdf' ? exp.pdfSha256 : exp.packageSha256
      // An encrypted artefact is only ever handed out as the OpenPGP message it was written as.
      const encrypted = encryptionOf(exp, kind)
      mustBeEncryptedIfFull(c, encrypted)
      const size = encrypted?.size ?? (kind === 'pdf' ? exp.pdfSize : exp.packageSize)
      if (artefactsDeleted(id)) fail('SANAD_ERR_DOSSIER_EXPIRED')
      const stream = await files.open(id, kind, size)
      deps.ledger.append({ type: 'accessed', actor, subject: { kind: 'dossier', id, sha256 }, details: { artefact: kind, case: c.id } })
      const base = artefactBaseName(c.reference, id)
      if (encrypted !== undefined)
        return {
          stream,
          size,
          sha256: encrypted.sha256,
          fileName: kind === 'pdf' ? `${base}.pdf.gpg` : `${base}.zip.gpg`,
          mediaType: 'application/pgp-encrypted'
        }
      return {
        stream,
        size,
        sha256,
        fileName: kind === 'pdf' ? `${base}.pdf` : `${base}.zip`,
        mediaType: kind === 'pdf' ? 'application/pdf' : 'application/zip'
      }
    },

    /**
     * The builder of a delivered dossier deletes its PDF and package from this server. The ledger
     * keeps their hashes (`dossier-artefacts-deleted`), and the receipt still proves what was issued.
     */
    async deleteArtefacts(id: string, actor: string): Promise<void> {
      const row = mustDossier(id)
      const exp = repo.exportOf(row.seq)
      if (!exp) fail('SANAD_ERR_DOSSIER_NOT_READY')
      if (row.requestedBy !== actor) fail('SANAD_ERR_FORBIDDEN', 'Only the user who built this dossier can delete its files.')
      if (repo.deliveriesOf(row.seq).length === 0) fail('SANAD_ERR_DOSSIER_NOT_DELIVERED')
      if (!artefactsDeleted(id)) recordDeletion(row, exp, actor, 'builder')
      await files.remove(id)
    },

    /**
     * Deletes the artefacts of dossiers exported more than `retentionDays` ago, finishes deletions
     * the ledger records but a crash interrupted, and removes files no export row owns (a build cut
     * by a crash). Runs at start and every hour. Returns the ids whose files it removed.
     */
    async sweepArtefacts(at: Date = now()): Promise<string[]> {
      const removed: string[] = []
      const days = deps.retentionDays ?? 0
      for (const id of await files.held()) {
        const row = repo.dossierById(id)
        const exp = row === undefined ? undefined : repo.exportOf(row.seq)
        if (row !== undefined && exp === undefined) {
          const job = deps.jobs.get(id)
          if (job !== undefined && (job.status === 'queued' || job.status === 'running')) continue // being built
        }
        if (row !== undefined && exp !== undefined && !artefactsDeleted(id)) {
          if (days === 0 || Date.parse(exp.generatedAt) + days * 86_400_000 > at.getTime()) continue
          recordDeletion(row, exp, 'system', 'retention')
        }
        if (await files.remove(id)) removed.push(id)
      }
      return removed
    },

    /**
     * The receipt of a ready dossier: its `exported` ledger entry with an inclusion proof against the
     * latest checkpoint (signed now if the ledger grew), and a consistency proof from the checkpoint
     * the export is anchored to. It holds no personal data, so reading it is
     * not recorded.
     */
    receipt(id: string, viewer: Viewer): { receipt: ExportReceipt; fileName: string } {
      const row = mustDossier(id)
      const exp = repo.exportOf(row.seq)
      if (!exp) fail('SANAD_ERR_DOSSIER_NOT_READY')
      const c = caseOfDossier(row)
      mustHandOut(row, exp, c, viewer)
      const cp = deps.ledger.checkpoint()
      const entry = deps.ledger.entry(exp.exportedIndex)
      const receipt: ExportReceipt = {
        format: RECEIPT_FORMAT,
        dossierId: id,
        entry: {
          index: entry.index,
          leafHash: entry.leafHash,
          canonical: entry.canonical,
          proof: deps.ledger.inclusionProof(entry.index, cp.size)
        },
        consistency: { from: exp.checkpointSize, proof: deps.ledger.consistencyProof(exp.checkpointSize, cp.size) },
        checkpoint: cp.note
      }
      // Named after the files it is for.
      return { receipt, fileName: `${artefactBaseName(c.reference, id)}.receipt.json` }
    },

    /** Records that a dossier was handed to the case's recipient: custody entries for it and for every exhibit it carried. */
    /**
     * Records that the recipient of a delivered dossier was told of a consent withdrawn since (the task an
     * alert shows): a `consent-notice-sent` ledger entry with ids, codes and the date, never the notice's
     * text. Only for an open task: none, or one already recorded, is 409 SANAD_ERR_NOTICE_NOT_DUE.
     */
    recordConsentNotice(caseId: string, input: ConsentNoticeInput, viewer: Viewer): { ledgerIndex: number } {
      const c = mustCase(caseId)
      const today = now().toISOString().slice(0, 10)
      const sentOn = input.sentOn ?? today
      if (sentOn > today) fail('SANAD_ERR_DATE_INVALID', 'A notice is dated today or earlier.', { field: 'sentOn' })
      return deps.sqlite
        .transaction(() => {
          const task = alertsOf(c, (incident) => incidents.readableBy(incident, viewer)).find(
            (a) => a.dossierId === input.dossierId && a.personId === input.personId && a.consent === input.consent
          )
          if (!task) fail('SANAD_ERR_NOTICE_NOT_DUE', 'No withdrawal of this consent waits for a notice on this dossier.')
          if (task.withheld) fail('SANAD_ERR_NEED_TO_KNOW')
          if (task.noticeSentOn !== undefined)
            fail('SANAD_ERR_NOTICE_NOT_DUE', `The notice was recorded as sent on ${task.noticeSentOn}.`, {
              ledgerIndex: task.noticeLedgerIndex
            })
          if (sentOn < (task.deliveredOn ?? today))
            fail('SANAD_ERR_DATE_INVALID', 'A notice is dated on or after the delivery.', { field: 'sentOn' })
          const { index } = deps.ledger.append({
            type: 'consent-notice-sent',
            actor: viewer.actor,
            subject: { kind: 'dossier', id: input.dossierId },
            details: { case: c.id, recipient: c.recipient, person: input.personId, consent: input.consent, sentOn }
          })
          return { ledgerIndex: index }
        })
        .immediate()
    },

    deliver(id: string, input: DossierDeliveryInput, viewer: Viewer): Dossier {
      const actor = viewer.actor
      const row = mustDossier(id)
      const c = caseOfDossier(row)
      deps.sqlite
        .transaction(() => {
          const exp: ExportRow | undefined = repo.exportOf(row.seq)
          if (!exp) fail('SANAD_ERR_DOSSIER_NOT_READY')
          // Only who may take the files may say they were handed over: a delivery is custody of every
          // exhibit. (A consent changed since is no bar: the delivery may have happened before.)
          const decision = handOut({
            isBuilder: row.requestedBy === actor,
            basis: exp.basis as BasisPerson[] | null,
            mayReadIdentity: (person) => deps.persons.identityReadableBy(person, viewer),
            consentNow: consentNow(c)
          })
          if (!decision.ok && decision.code === 'SANAD_ERR_FORBIDDEN') fail(decision.code, decision.message)
          const artefact = input.artefact ?? 'package'
          // A full dossier leaves only encrypted to its recipient: a plain one (built before) is not handed over.
          mustBeEncryptedIfFull(c, encryptionOf(exp, artefact))
          const today = now().toISOString().slice(0, 10)
          const deliveredOn = input.deliveredOn ?? today
          if (deliveredOn > today || deliveredOn < exp.generatedAt.slice(0, 10))
            fail('SANAD_ERR_DATE_INVALID', "A delivery is dated between the dossier's generation and today.", { field: 'deliveredOn' })
          const common = {
            case: c.id,
            recipient: c.recipient,
            dossier: id,
            artefact,
            method: input.method,
            deliveredOn,
            ...(input.reference === undefined ? {} : { referenceSha256: sha256Hex(Buffer.from(input.reference, 'utf8')) })
          }
          const { index } = deps.ledger.append({
            type: 'shared-with-recipient',
            actor,
            subject: { kind: 'dossier', id, sha256: artefact === 'pdf' ? exp.pdfSha256 : exp.packageSha256 },
            details: common
          })
          for (const e of exp.exhibits as ExportedExhibit[]) {
            if (artefact === 'pdf' && !e.attached) continue
            deps.ledger.append({
              type: 'shared-with-recipient',
              actor,
              subject: { kind: 'evidence', id: e.evidenceId, sha256: e.sha256 },
              details: { ...common, exhibit: e.number, variant: e.variant, fileSha256: e.fileSha256 }
            })
          }
          repo.insertDelivery({
            dossierSeq: row.seq,
            artefact,
            method: input.method,
            recipientReference: input.reference ?? null,
            deliveredAt: deliveredOn,
            recordedBy: actor,
            ledgerIndex: index
          })
        })
        .immediate()
      return dossierView(row, c)
    },

    /** The "possible names left" review of a case's dossier (reads identities to redact them; recorded). */
    namesReview: (caseId: string, viewer: Viewer): PossibleName[] => namesReview(mustCase(caseId), viewer),

    /** For tests and tools: gather a dossier (with its side effects: reads are recorded) and render it (signed when a key is set). */
    prepare,
    render,
    /** Where a dossier's sealed artefact is on disk (tests and tools). */
    artefactPath: (id: string, kind: 'pdf' | 'package') => files.pathOf(id, kind)
  }
}

export type CasesService = ReturnType<typeof casesService>
