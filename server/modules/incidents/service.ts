import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { Incident, IncidentInput, IncidentPatch, IncidentQuery, IncidentList, TransitionInput } from '../../types/schemas.ts'
import { incidentRepo, type Facet, type IncidentRow, type ListFilter } from './repo.ts'
import { normaliseDateRange, type StoredOccurred } from './dates.ts'
import { toSolarHijri } from '../../lib/text/solar-hijri.ts'
import { normaliseForSearch, buildFtsQuery } from '../../lib/text/normalise-text.ts'
import { provinceByCode, categoryById, isWithinIccWindow } from '../../lib/context/afghan-context.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { lowersNeedToKnow, mayReadIncident, needToKnowCategoryIds, NEED_TO_KNOW_TAGS } from '../../lib/protection/need-to-know.ts'
import { decideTransition, movesFor, type Mover, type ReviewStatus } from '../../lib/workflow/review-transitions.ts'
import { csvDocument } from '../../lib/export/csv.ts'
import { parseBbox, parseNear } from './geo-filter.ts'
import { decryptField, encryptField, fieldKey, type FieldContext } from '../../lib/crypto/field-crypto.ts'
import { TAXONOMY } from '../../lib/context/afghan-context.ts'
import { allows } from '../../auth/permissions.ts'
import { createHash } from 'node:crypto'
import { incidentRevisionSha256 } from '../../lib/analysis/record-content.ts'

/** The document stored for each revision: the input with dates made Gregorian and defaults applied. */
export type IncidentDocument = Omit<IncidentInput, 'occurred' | 'status'> & {
  occurred: StoredOccurred
  status: NonNullable<IncidentInput['status']>
}

/** An incident as its cleared readers (and the export pipeline) see it: nothing withheld. */
export type FullIncident = Incident & { title: string; narrative: string; narrativeLanguage: string }

export type IncidentDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  patternExists?: (id: string) => boolean
  /** Seals reviewers' comments at rest (field envelopes); services that never review need none. */
  master?: Buffer
  /** The account as a viewer when it exists, is active and its role may review incidents (for assignment). */
  assignable?: (userId: string) => Viewer | undefined
  /** The survivor a duplicate was merged into (the links feature), shown on the incident. */
  mergedInto?: (incidentSeq: number) => { id: string; reference: string } | undefined
  now?: () => Date
}

/** One step of an incident's review, as its readers see it. */
export type TransitionView = {
  id: string
  from: string
  to: string
  revision: number
  actor: string
  comment?: string
  createdAt: string
}

/** Largest CSV export: the same cap as a counted search. */
export const EXPORT_ROW_CAP = 10_000

const EXPORT_FILTERS = [
  'q',
  'category',
  'group',
  'tag',
  'province',
  'from',
  'to',
  'victimGroup',
  'victimSex',
  'victimAge',
  'bbox',
  'near',
  'perpetratorType',
  'status',
  'pattern',
  'assignee'
] as const

const CSV_HEADER = [
  'reference',
  'id',
  'status',
  'withheld',
  'title',
  'occurred_from',
  'occurred_to',
  'occurred_from_solar_hijri',
  'occurred_to_solar_hijri',
  'precision',
  'province',
  'province_en',
  'province_fa',
  'district',
  'place',
  'categories',
  'tags',
  'victims',
  'killed',
  'injured',
  'assignee',
  'revision',
  'created_at',
  'updated_at',
  'retracted_at'
] as const

function commentContext(transitionId: string): FieldContext {
  return { table: 'incident_transitions', column: 'comment', rowId: transitionId }
}

// Totals are exact up to these counts, then reported as capped (`totalCapped`): counting every
// match of a common word is the slowest part of a search and no one pages that far.
export const SEARCH_COUNT_CAP = 10_000
export const FULL_TEXT_COUNT_CAP = 1_000

export function incidentService(deps: IncidentDeps) {
  const repo = incidentRepo(deps.db)
  let sealKey: ReturnType<typeof fieldKey> | undefined
  const key = (): ReturnType<typeof fieldKey> => {
    if (!deps.master) throw new Error('the incidents service was built without the master key')
    sealKey ??= fieldKey(deps.master)
    return sealKey
  }
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function toDocument(input: IncidentInput | IncidentDocument): IncidentDocument {
    const occurred =
      'enteredAs' in input.occurred ? (input.occurred as StoredOccurred) : normaliseDateRange(input.occurred as IncidentInput['occurred'])
    if (!provinceByCode(input.location.province)) {
      fail('SANAD_ERR_PROVINCE_UNKNOWN', `Unknown province "${input.location.province}"`, { field: 'location.province' })
    }
    const categories = new Set(input.categories)
    for (const id of input.categories) {
      if (!categoryById(id)) fail('SANAD_ERR_CATEGORY_UNKNOWN', `Unknown violation category "${id}"`, { field: 'categories' })
    }
    for (const [i, q] of (input.qualifications ?? []).entries()) {
      const category = categoryById(q.category)
      if (!category)
        fail('SANAD_ERR_CATEGORY_UNKNOWN', `Unknown violation category "${q.category}"`, { field: `qualifications.${i}.category` })
      if (!categories.has(q.category)) {
        fail('SANAD_ERR_VALIDATION', `Qualification under "${q.category}" but the incident's categories do not include it`, {
          field: `qualifications.${i}.category`
        })
      }
      const elementIds = new Set(category.elements.map((e) => e.id))
      for (const [j, e] of (q.elements ?? []).entries()) {
        if (!elementIds.has(e.element)) {
          fail('SANAD_ERR_VALIDATION', `"${e.element}" is not an element of "${q.category}"`, {
            field: `qualifications.${i}.elements.${j}.element`
          })
        }
      }
    }
    for (const id of input.patternIds ?? []) {
      if (deps.patternExists && !deps.patternExists(id)) fail('SANAD_ERR_PATTERN_UNKNOWN', `No pattern "${id}"`, { field: 'patternIds' })
    }
    return { ...input, occurred, status: input.status ?? 'draft' }
  }

  function facetsOf(doc: IncidentDocument): Facet[] {
    const facets: Facet[] = []
    for (const c of doc.categories) {
      facets.push({ facet: 'category', value: c })
      const group = categoryById(c)?.group
      if (group) facets.push({ facet: 'group', value: group })
    }
    for (const tag of doc.tags ?? []) facets.push({ facet: 'tag', value: tag })
    const v = doc.victims
    for (const map of [v?.bySex, v?.byAgeGroup, v?.byEthnicity, v?.byReligion]) {
      for (const [k, n] of Object.entries(map ?? {})) if ((n ?? 0) > 0) facets.push({ facet: 'victim-group', value: k })
    }
    for (const p of doc.perpetrators ?? []) {
      facets.push({ facet: 'perpetrator-type', value: p.type })
      if (p.organ) facets.push({ facet: 'perpetrator-organ', value: p.organ })
    }
    for (const id of doc.patternIds ?? []) facets.push({ facet: 'pattern', value: id })
    return facets
  }

  function searchText(doc: IncidentDocument): { title: string; narrative: string; place: string } {
    const province = provinceByCode(doc.location.province)
    const place = [doc.location.place, doc.location.district, province?.en, province?.fa, province?.ps].filter(Boolean).join(' ')
    return { title: normaliseForSearch(doc.title), narrative: normaliseForSearch(doc.narrative), place: normaliseForSearch(place) }
  }

  function present(row: IncidentRow, doc: IncidentDocument = row.document as IncidentDocument, revision = row.revision): FullIncident {
    const province = provinceByCode(doc.location.province)
    const flags: string[] = []
    if (!isWithinIccWindow(doc.occurred.to)) flags.push('OUTSIDE_ICC_JURISDICTION_WINDOW')
    const out: FullIncident = {
      id: row.id,
      reference: row.reference,
      revision,
      status: doc.status,
      title: doc.title,
      narrative: doc.narrative,
      narrativeLanguage: doc.narrativeLanguage,
      occurred: {
        from: doc.occurred.from,
        to: doc.occurred.to,
        precision: doc.occurred.precision,
        fromSolarHijri: toSolarHijri(doc.occurred.from),
        toSolarHijri: toSolarHijri(doc.occurred.to),
        enteredAs: doc.occurred.enteredAs
      },
      location: { ...doc.location, ...(province ? { provinceName: { en: province.en, fa: province.fa, ps: province.ps } } : {}) },
      categories: doc.categories,
      flags,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
    if (doc.tags) out.tags = doc.tags
    if (doc.qualifications) out.qualifications = doc.qualifications
    if (doc.victims) out.victims = doc.victims
    if (doc.perpetrators) out.perpetrators = doc.perpetrators
    if (doc.sources) out.sources = doc.sources
    if (doc.patternIds) out.patternIds = doc.patternIds
    const survivor = deps.mergedInto?.(row.seq)
    if (survivor) out.mergedInto = survivor
    if (row.retractedAt) out.retracted = { at: row.retractedAt, by: row.retractedBy ?? '', reason: row.retractionReason ?? '' }
    out.assignee = row.assignee ?? null
    return out
  }

  function moverOf(row: IncidentRow, viewer: Viewer): Mover {
    return {
      isAuthor: row.createdBy === viewer.actor,
      mayWrite: allows(viewer.role, 'incident:write'),
      mayReview: allows(viewer.role, 'incident:review')
    }
  }

  /** The list's filters as the repository takes them (shared by the list and the CSV export). */
  function filterOf(query: IncidentQuery, viewer: Viewer, ftsQuery: string): Omit<ListFilter, 'limit' | 'offset'> {
    const facets: Facet[] = []
    if (query.category) facets.push({ facet: 'category', value: query.category })
    if (query.group) facets.push({ facet: 'group', value: query.group })
    if (query.victimGroup) facets.push({ facet: 'victim-group', value: query.victimGroup })
    if (query.victimSex) facets.push({ facet: 'victim-group', value: query.victimSex })
    if (query.victimAge) facets.push({ facet: 'victim-group', value: query.victimAge })
    if (query.perpetratorType) facets.push({ facet: 'perpetrator-type', value: query.perpetratorType })
    if (query.pattern) facets.push({ facet: 'pattern', value: query.pattern })
    const ntkViewer = { actor: viewer.actor, userSeq: viewer.userSeq, categories: needToKnowCategoryIds(), tags: NEED_TO_KNOW_TAGS }
    return {
      facets,
      ...(ftsQuery ? { ftsQuery } : {}),
      ...(query.province ? { province: query.province } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.assignee ? { assignee: query.assignee === 'me' ? viewer.actor : `user:${query.assignee}` } : {}),
      ...(query.tag
        ? {
            tag: {
              value: query.tag,
              categories: TAXONOMY.categories.filter((c) => (c.tags ?? []).includes(query.tag as string)).map((c) => c.id),
              viewer: ntkViewer
            }
          }
        : {}),
      // A match on text, victims, perpetrators or pattern would say what a need-to-know incident
      // holds: such searches leave out the ones this viewer may not read.
      ...(query.bbox ? { area: parseBbox(query.bbox) } : query.near ? { area: parseNear(query.near) } : {}),
      // A position is also what an incident says: an area search hides them too.
      ...(ftsQuery ||
      query.victimGroup ||
      query.victimSex ||
      query.victimAge ||
      query.perpetratorType ||
      query.pattern ||
      query.bbox ||
      query.near
        ? { hideNeedToKnowFrom: ntkViewer }
        : {})
    }
  }

  function mustGet(id: string): IncidentRow {
    const row = repo.byId(id)
    if (!row) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return row
  }

  /** A need-to-know incident is read (and changed) only by whom recorded it or holds a clearance. */
  function mayRead(row: IncidentRow, viewer: Viewer): boolean {
    return mayReadIncident(row, viewer.actor, () => repo.hasClearance(viewer.userSeq, row.seq))
  }

  /** What anyone with incident:read sees of a need-to-know incident: enough to count it, nothing it says. */
  function countable(row: IncidentRow): Pick<Incident, 'reference' | 'categories' | 'occurred' | 'location'> {
    const doc = row.document as IncidentDocument
    return {
      reference: row.reference,
      categories: doc.categories,
      occurred: {
        from: doc.occurred.from,
        to: doc.occurred.to,
        precision: doc.occurred.precision,
        fromSolarHijri: toSolarHijri(doc.occurred.from),
        toSolarHijri: toSolarHijri(doc.occurred.to)
      },
      location: { province: doc.location.province }
    }
  }

  function mustRead(id: string, viewer: Viewer): IncidentRow {
    const row = mustGet(id)
    if (!mayRead(row, viewer)) fail('SANAD_ERR_NEED_TO_KNOW', undefined, { incident: countable(row) })
    return row
  }

  function presentFor(row: IncidentRow, viewer: Viewer): Incident {
    if (mayRead(row, viewer)) return present(row)
    const province = provinceByCode((row.document as IncidentDocument).location.province)
    const c = countable(row)
    return {
      id: row.id,
      revision: row.revision,
      status: (row.document as IncidentDocument).status,
      assignee: row.assignee ?? null,
      ...c,
      location: { ...c.location, ...(province ? { provinceName: { en: province.en, fa: province.fa, ps: province.ps } } : {}) },
      flags: [],
      withheld: 'need-to-know',
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  function createRow(input: IncidentInput, actor: string): { row: IncidentRow; created: boolean } {
    if (input.status !== undefined && input.status !== 'draft') {
      fail('SANAD_ERR_STATUS_VIA_TRANSITIONS', undefined, { field: 'status' })
    }
    const { clientId, ...fields } = input
    const doc = toDocument(fields)
    const at = now()
    const write = deps.sqlite.transaction((): { row: IncidentRow; created: boolean } => {
      if (clientId !== undefined) {
        const kept = repo.byClientId(actor, clientId)
        if (kept) return { row: kept, created: false }
      }
      const year = at.slice(0, 4)
      const n = repo.nextReference(`incident-${year}`)
      const row = repo.insert({
        id: randomUUID(),
        reference: `SND-${year}-${String(n).padStart(6, '0')}`,
        title: doc.title,
        status: doc.status,
        province: doc.location.province,
        occurredFrom: doc.occurred.from,
        occurredTo: doc.occurred.to,
        revision: 1,
        document: doc,
        createdAt: at,
        createdBy: actor,
        updatedAt: at,
        clientId: clientId ?? null
      })
      repo.insertRevision({ incidentSeq: row.seq, revision: 1, kind: 'created', document: doc, actor, reason: null, createdAt: at })
      repo.replaceFacets(row.seq, facetsOf(doc))
      repo.replaceSearchText(row.seq, searchText(doc))
      const contentSha256 = incidentRevisionSha256({
        incident: row.id,
        revision: 1,
        kind: 'created',
        document: doc,
        actor,
        reason: null,
        createdAt: at
      })
      deps.ledger.append({
        type: 'incident-created',
        actor,
        subject: { kind: 'incident', id: row.id, sha256: contentSha256 },
        details: { reference: row.reference, revision: 1, contentSha256 }
      })
      return { row, created: true }
    })
    return write()
  }

  return {
    create(input: IncidentInput, actor: string): Incident {
      return present(createRow(input, actor).row)
    },

    /**
     * Records an incident once per client id: a POST repeated with the same `clientId` by the same
     * account (a retry after a lost answer) answers the incident already made, `created: false`.
     * The lookup is by creator and client id, so another account's id never finds another's record.
     */
    createOnce(input: IncidentInput, viewer: Viewer): { incident: Incident; created: boolean } {
      const { row, created } = createRow(input, viewer.actor)
      return { incident: created ? present(row) : presentFor(row, viewer), created }
    },

    get(id: string, viewer: Viewer): Incident {
      const row = mustRead(id, viewer)
      const out = present(row)
      out.moves = row.retractedAt ? [] : movesFor(out.status as ReviewStatus, moverOf(row, viewer))
      return out
    },

    update(id: string, patch: IncidentPatch, viewer: Viewer): Incident {
      const { reason, baseRevision, loweringReason, status, ...fields } = patch
      const actor = viewer.actor
      const at = now()
      const write = deps.sqlite.transaction(() => {
        const row = mustRead(id, viewer)
        if (row.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        if (baseRevision !== undefined && baseRevision !== row.revision) {
          fail('SANAD_ERR_REVISION_CONFLICT', `The incident is at revision ${row.revision}, the edit started from ${baseRevision}`, {
            current: row.revision
          })
        }
        const current = row.document as IncidentDocument
        // Status moves only through transitions (who may make which move is the review rule); the
        // status an edit form sends back unchanged is no change.
        if (status !== undefined && status !== current.status) {
          fail('SANAD_ERR_STATUS_VIA_TRANSITIONS', undefined, { field: 'status' })
        }
        const merged = { ...current, ...fields } as IncidentDocument | IncidentInput
        const doc = toDocument(merged)
        // An edit that changes nothing makes no revision: history records changes, not button presses.
        if (isDeepStrictEqual(doc, current)) return row
        // The ratchet: taking an incident out of need-to-know is a decision, with a reason on record.
        const lowers = lowersNeedToKnow(current, doc)
        if (lowers && loweringReason === undefined) {
          fail('SANAD_ERR_VALIDATION', 'Taking an incident out of need-to-know needs a loweringReason.', { field: 'loweringReason' })
        }
        // What a second person verified is this content: an edit to it goes back for review, recorded
        // as a step of the review (not a move anyone chose, so not in the transition table).
        const reopens = current.status === 'verified'
        if (reopens) doc.status = 'submitted'
        const revision = row.revision + 1
        repo.update(row.seq, {
          title: doc.title,
          status: doc.status,
          province: doc.location.province,
          occurredFrom: doc.occurred.from,
          occurredTo: doc.occurred.to,
          revision,
          document: doc,
          updatedAt: at
        })
        repo.insertRevision({ incidentSeq: row.seq, revision, kind: 'edited', document: doc, actor, reason: reason ?? null, createdAt: at })
        repo.replaceFacets(row.seq, facetsOf(doc))
        repo.replaceSearchText(row.seq, searchText(doc))
        const contentSha256 = incidentRevisionSha256({
          incident: row.id,
          revision,
          kind: 'edited',
          document: doc,
          actor,
          reason: reason ?? null,
          createdAt: at
        })
        deps.ledger.append({
          type: 'incident-revised',
          actor,
          subject: { kind: 'incident', id: row.id, sha256: contentSha256 },
          details: { revision, fields: Object.keys(fields).sort(), contentSha256, ...(lowers ? { loweringReason } : {}) }
        })
        if (reopens) {
          repo.insertTransition({
            id: randomUUID(),
            incidentSeq: row.seq,
            fromStatus: 'verified',
            toStatus: 'submitted',
            revision,
            actor,
            commentEnc: null,
            createdAt: at
          })
          deps.ledger.append({
            type: 'incident-transitioned',
            actor,
            subject: { kind: 'incident', id: row.id, sha256: contentSha256 },
            details: { from: 'verified', to: 'submitted', revision, cause: 'edited', contentSha256 }
          })
        }
        return mustGet(id)
      })
      return present(write())
    },

    retract(id: string, reason: string, viewer: Viewer): Incident {
      const actor = viewer.actor
      const at = now()
      const write = deps.sqlite.transaction(() => {
        const row = mustRead(id, viewer)
        if (row.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED', 'The incident is already retracted.')
        const revision = row.revision + 1
        repo.update(row.seq, { retractedAt: at, retractedBy: actor, retractionReason: reason, revision, updatedAt: at })
        repo.insertRevision({ incidentSeq: row.seq, revision, kind: 'retracted', document: row.document, actor, reason, createdAt: at })
        const contentSha256 = incidentRevisionSha256({
          incident: row.id,
          revision,
          kind: 'retracted',
          document: row.document,
          actor,
          reason,
          createdAt: at
        })
        deps.ledger.append({
          type: 'retracted',
          actor,
          subject: { kind: 'incident', id: row.id, sha256: contentSha256 },
          details: { revision, contentSha256 }
        })
        return mustGet(id)
      })
      return present(write())
    },

    revisions(
      id: string,
      viewer: Viewer
    ): { items: Array<{ revision: number; kind: string; actor: string; reason: string | null; createdAt: string }> } {
      const row = mustRead(id, viewer)
      return {
        items: repo
          .revisions(row.seq)
          .map((r) => ({ revision: r.revision, kind: r.kind, actor: r.actor, reason: r.reason, createdAt: r.createdAt }))
      }
    },

    revision(id: string, revision: number, viewer: Viewer): Incident {
      const row = mustRead(id, viewer)
      const rev = repo.revision(row.seq, revision)
      if (!rev) fail('SANAD_ERR_REVISION_NOT_FOUND')
      // Read back whole, as it stood then: retraction shows only on revisions from the retraction on.
      const asThen = rev.kind === 'retracted' ? row : { ...row, retractedAt: null }
      return present({ ...asThen, updatedAt: rev.createdAt }, rev.document as IncidentDocument, rev.revision)
    },

    list(query: IncidentQuery, viewer: Viewer): IncidentList {
      const ftsQuery = query.q ? buildFtsQuery(query.q) : ''
      const limit = query.limit ?? 50
      const offset = query.offset ?? 0
      if (query.q && !ftsQuery) return { items: [], total: 0, limit, offset }
      const filter = { ...filterOf(query, viewer, ftsQuery), limit, offset }
      const { rows, total, capped } = repo.list(filter, ftsQuery ? FULL_TEXT_COUNT_CAP : SEARCH_COUNT_CAP)
      return { items: rows.map((r) => presentFor(r, viewer)), total, ...(capped ? { totalCapped: true } : {}), limit, offset }
    },

    /** The search's incidents counted by province, for the map (counts only: nothing an incident says). */
    countByProvince(query: IncidentQuery, viewer: Viewer): { total: number; provinces: { province: string; count: number }[] } {
      const ftsQuery = query.q ? buildFtsQuery(query.q) : ''
      if (query.q && !ftsQuery) return { total: 0, provinces: [] }
      const provinces = repo.countByProvince(filterOf(query, viewer, ftsQuery))
      return { total: provinces.reduce((n, p) => n + p.count, 0), provinces }
    },

    /**
     * The search as CSV, one row per incident it finds (up to EXPORT_ROW_CAP), need-to-know ones the
     * viewer may not read as the list shows them (withheld). No narrative: free text may name people.
     * The export is a ledger entry: the file's SHA-256, the counts and which filters, never the rows.
     */
    exportCsv(query: IncidentQuery, viewer: Viewer): { csv: string; count: number; sha256: string; exportId: string } {
      const ftsQuery = query.q ? buildFtsQuery(query.q) : ''
      const run = deps.sqlite.transaction(() => {
        const rows =
          query.q && !ftsQuery
            ? []
            : repo.list({ ...filterOf(query, viewer, ftsQuery), limit: EXPORT_ROW_CAP, offset: 0 }, EXPORT_ROW_CAP).rows
        let withheld = 0
        const lines = rows.map((row) => {
          const doc = row.document as IncidentDocument
          const province = provinceByCode(doc.location.province)
          const base = {
            occurred: [
              doc.occurred.from,
              doc.occurred.to,
              toSolarHijri(doc.occurred.from),
              toSolarHijri(doc.occurred.to),
              doc.occurred.precision
            ],
            province: [doc.location.province, province?.en ?? '', province?.fa ?? '']
          }
          if (!mayRead(row, viewer)) {
            withheld++
            return [
              row.reference,
              row.id,
              doc.status,
              'need-to-know',
              '',
              ...base.occurred,
              ...base.province,
              '',
              '',
              doc.categories.join(' '),
              '',
              '',
              '',
              '',
              row.assignee ?? '',
              row.revision,
              row.createdAt,
              row.updatedAt,
              row.retractedAt ?? ''
            ]
          }
          return [
            row.reference,
            row.id,
            doc.status,
            '',
            doc.title,
            ...base.occurred,
            ...base.province,
            doc.location.district ?? '',
            doc.location.place ?? '',
            doc.categories.join(' '),
            (doc.tags ?? []).join(' '),
            doc.victims?.count ?? '',
            doc.victims?.killed ?? '',
            doc.victims?.injured ?? '',
            row.assignee ?? '',
            row.revision,
            row.createdAt,
            row.updatedAt,
            row.retractedAt ?? ''
          ]
        })
        const csv = csvDocument(CSV_HEADER, lines)
        const sha256 = createHash('sha256').update(csv, 'utf8').digest('hex')
        const exportId = randomUUID()
        deps.ledger.append({
          type: 'incidents-exported',
          actor: viewer.actor,
          subject: { kind: 'incident-export', id: exportId, sha256 },
          details: {
            format: 'csv',
            count: rows.length,
            withheld,
            filters: EXPORT_FILTERS.filter((f) => query[f] !== undefined)
          }
        })
        return { csv, count: rows.length, sha256, exportId }
      })
      return run()
    },

    /**
     * Moves an incident along the review (see lib/workflow/review-transitions.ts): a new revision with
     * the new status, the step with its sealed comment, and a ledger entry (ids, from, to; no comment).
     */
    transition(id: string, input: TransitionInput, viewer: Viewer): Incident {
      const at = now()
      const write = deps.sqlite.transaction(() => {
        const row = mustRead(id, viewer)
        if (row.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        if (input.baseRevision !== undefined && input.baseRevision !== row.revision) {
          fail(
            'SANAD_ERR_REVISION_CONFLICT',
            `The incident is at revision ${row.revision}, the review started from ${input.baseRevision}`,
            {
              current: row.revision
            }
          )
        }
        const current = row.document as IncidentDocument
        const from = current.status as ReviewStatus
        const decision = decideTransition(from, input.to, moverOf(row, viewer), input.comment !== undefined)
        if (!decision.ok) {
          const message =
            decision.code === 'SANAD_ERR_TRANSITION_INVALID' ? `An incident cannot move from ${from} to ${input.to}.` : undefined
          fail(decision.code, message, {
            from,
            to: input.to,
            ...(decision.code === 'SANAD_ERR_COMMENT_REQUIRED' ? { field: 'comment' } : {})
          })
        }
        const doc: IncidentDocument = { ...current, status: input.to }
        const revision = row.revision + 1
        // Taking an incident for review makes the taker its reviewer, unless one was assigned.
        const assignee = input.to === 'under-review' && !row.assignee ? viewer.actor : row.assignee
        repo.update(row.seq, { status: doc.status, revision, document: doc, updatedAt: at, assignee })
        repo.insertRevision({
          incidentSeq: row.seq,
          revision,
          kind: 'transitioned',
          document: doc,
          actor: viewer.actor,
          reason: null,
          createdAt: at
        })
        const transitionId = randomUUID()
        repo.insertTransition({
          id: transitionId,
          incidentSeq: row.seq,
          fromStatus: from,
          toStatus: input.to,
          revision,
          actor: viewer.actor,
          commentEnc: input.comment === undefined ? null : encryptField(key(), commentContext(transitionId), input.comment),
          createdAt: at
        })
        const contentSha256 = incidentRevisionSha256({
          incident: row.id,
          revision,
          kind: 'transitioned',
          document: doc,
          actor: viewer.actor,
          reason: null,
          createdAt: at
        })
        deps.ledger.append({
          type: 'incident-transitioned',
          actor: viewer.actor,
          subject: { kind: 'incident', id: row.id, sha256: contentSha256 },
          details: { from, to: input.to, revision, contentSha256, ...(input.comment !== undefined ? { commented: true } : {}) }
        })
        if (assignee !== row.assignee) {
          deps.ledger.append({
            type: 'incident-assigned',
            actor: viewer.actor,
            subject: { kind: 'incident', id: row.id },
            details: { assignee, previous: row.assignee ?? null }
          })
        }
        return mustGet(id)
      })
      const row = write()
      const out = present(row)
      out.moves = movesFor(out.status as ReviewStatus, moverOf(row, viewer))
      return out
    },

    /** The review history with the comments, for whom may read the incident. */
    transitions(id: string, viewer: Viewer): { items: TransitionView[] } {
      const row = mustRead(id, viewer)
      return {
        items: repo.transitions(row.seq).map((t) => ({
          id: t.id,
          from: t.fromStatus,
          to: t.toStatus,
          revision: t.revision,
          actor: t.actor,
          ...(t.commentEnc === null ? {} : { comment: decryptField(key(), commentContext(t.id), t.commentEnc) }),
          createdAt: t.createdAt
        }))
      }
    },

    /** Sets (or clears) who is to review an incident. Not the author: review needs a second person. */
    assign(id: string, assignee: string | null, viewer: Viewer): Incident {
      const write = deps.sqlite.transaction(() => {
        const row = mustRead(id, viewer)
        if (row.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        const next = assignee === null ? null : `user:${assignee}`
        if (next !== null) {
          const reviewer = deps.assignable?.(assignee as string)
          // A reviewer who may not read a need-to-know incident could not act on it: refused, not queued.
          if (next === row.createdBy || !reviewer || !mayRead(row, reviewer))
            fail('SANAD_ERR_ASSIGNEE_INVALID', undefined, { field: 'assignee' })
        }
        if (next === (row.assignee ?? null)) return row
        repo.update(row.seq, { assignee: next })
        deps.ledger.append({
          type: 'incident-assigned',
          actor: viewer.actor,
          subject: { kind: 'incident', id: row.id },
          details: { assignee: next, previous: row.assignee ?? null }
        })
        return mustGet(id)
      })
      return present(write())
    },

    /** The viewer may read this incident (it is not need-to-know, or they recorded it or hold a clearance). */
    readableBy(id: string, viewer: Viewer): boolean {
      return mayRead(mustGet(id), viewer)
    },

    /** The incident whole, for the export pipeline (which applies disclosure and redaction itself). */
    forExport(id: string): FullIncident {
      return present(mustGet(id))
    },

    exists(id: string): boolean {
      return repo.byId(id) !== undefined
    }
  }
}

export type IncidentService = ReturnType<typeof incidentService>

/** What another feature may read of incidents as a plain dependency: a row by id, and whether an account holds a clearance for it. */
export type IncidentLookup = {
  byId(id: string): IncidentRow | undefined
  hasClearance(userSeq: number, incidentSeq: number): boolean
}

export function incidentLookup(db: Db): IncidentLookup {
  const repo = incidentRepo(db)
  return { byId: (id) => repo.byId(id), hasClearance: (userSeq, incidentSeq) => repo.hasClearance(userSeq, incidentSeq) }
}
