import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { Involvement, InvolvementInput, Organisation, OrganisationInput, Position, PositionInput } from '../../types/schemas.ts'
import { categoryById } from '../../lib/context/afghan-context.ts'
import { mayReadIncident } from '../../lib/protection/need-to-know.ts'
import {
  involvementContentSha256,
  organisationContentSha256,
  periodProblem,
  positionContentSha256,
  type InvolvementContent,
  type LiabilityMode,
  type OrganisationKind,
  type PerpetratorType
} from '../../lib/analysis/involvements.ts'
import { incidentLookup, type IncidentLookup } from '../incidents/service.ts'
import { perpetratorsRepo, type InvolvementRow, type OrganisationRow, type PositionRow } from './repo.ts'
import { fieldKey } from '../../lib/crypto/field-crypto.ts'
import { openTitle, sealTitle } from './position-titles.ts'

export type PerpetratorsDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  /** The master key: positions' titles are sealed under its field subkey (position-titles.ts). */
  master: Buffer
  /** Whether the viewer may read a person's identity (need-to-know of every incident it is in, role). */
  personReadable: (personId: string, viewer: Viewer) => boolean
  incidents?: IncidentLookup
  now?: () => Date
}

/** An involvement as the dossier prints it: ids and closed words; the caller names persons by its own rules. */
export type DossierInvolvement = {
  id: string
  personId?: string
  pseudonym?: string
  organisation?: { name: string; kind: string; type: string; organ?: string; parentName?: string }
  positions: Array<{ title: string; organisation: string; from?: string; to?: string }>
  mode: LiabilityMode
  category?: string
  element?: string
  from?: string
  to?: string
  /** Evidence ids (the dossier prints its own exhibit numbers). */
  exhibits: string[]
  /** Pseudonyms of the source persons. */
  sources: string[]
}

type IncidentRef = { seq: number; id: string; document: unknown; createdBy: string; retractedAt: string | null }

export function involvementContentOf(row: InvolvementRow, retraction?: { at: string; by: string }): InvolvementContent {
  return {
    id: row.id,
    incident: row.incidentId,
    person: row.personId ?? undefined,
    organisation: row.organisationId ?? undefined,
    mode: row.mode as LiabilityMode,
    category: row.category ?? undefined,
    element: row.element ?? undefined,
    from: row.periodFrom ?? undefined,
    to: row.periodTo ?? undefined,
    exhibits: row.exhibits as string[],
    sources: row.sources as string[],
    origin: row.origin,
    legacyInvolvement: row.legacyInvolvement ?? undefined,
    legacyIndex: row.legacyIndex ?? undefined,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    retractedAt: retraction?.at ?? row.retractedAt ?? undefined,
    retractedBy: retraction?.by ?? row.retractedBy ?? undefined
  }
}

export function organisationContentOf(row: OrganisationRow): Parameters<typeof organisationContentSha256>[0] {
  return {
    id: row.id,
    kind: row.kind as OrganisationKind,
    type: row.type as PerpetratorType,
    organ: row.organ ?? undefined,
    name: row.name,
    parent: row.parentId ?? undefined,
    origin: row.origin,
    createdAt: row.createdAt,
    createdBy: row.createdBy
  }
}

/**
 * The perpetrators' register (organisations, units, positions of perpetrator person records) and
 * involvement records (#18 item 3). Persons appear by id and pseudonym only, and only to a reader who
 * may read the person under need-to-know: a position or an involvement of a person withheld from the
 * reader shows that it exists, not who. An involvement follows its incident's need-to-know, too.
 */
export function perpetratorsService(deps: PerpetratorsDeps) {
  const repo = perpetratorsRepo(deps.db)
  const key = fieldKey(deps.master)
  const incidents = deps.incidents ?? incidentLookup(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  const mayRead = (inc: IncidentRef, viewer: Viewer): boolean =>
    mayReadIncident(inc, viewer.actor, () => incidents.hasClearance(viewer.userSeq, inc.seq))

  function mustIncident(id: string): IncidentRef {
    const row = incidents.byId(id)
    if (!row) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return row
  }

  function mustOrganisation(id: string): OrganisationRow {
    const row = repo.organisationById(id)
    if (!row) fail('SANAD_ERR_ORGANISATION_NOT_FOUND')
    return row
  }

  /** A perpetrator person record: a person with the role `perpetrator` in one of its incidents. */
  function mustPerpetrator(personId: string, field: string, viewer: Viewer) {
    const person = repo.personById(personId)
    if (!person) fail('SANAD_ERR_VALIDATION', `No person ${personId}.`, { field })
    // Whether the person exists is no secret (ids are random); who it is and where it served is.
    if (!deps.personReadable(person.id, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
    if (!repo.rolesOf(person.seq).some((r) => r.role === 'perpetrator'))
      fail('SANAD_ERR_VALIDATION', 'Only a person with the role perpetrator can hold a position or an involvement.', { field })
    return person
  }

  function presentPosition(row: PositionRow, viewer: Viewer | null): Position {
    const out: Position = {
      id: row.id,
      organisationId: row.organisationId,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      ledgerIndex: row.ledgerIndex,
      contentSha256: row.contentSha256
    }
    if (viewer !== null && !deps.personReadable(row.personId, viewer)) return { ...out, withheld: 'need-to-know' }
    return {
      ...out,
      person: { id: row.personId, pseudonym: row.pseudonym },
      title: openTitle(key, row.id, row.title),
      ...(row.fromDate === null ? {} : { from: row.fromDate }),
      ...(row.toDate === null ? {} : { to: row.toDate })
    }
  }

  function presentOrganisation(row: OrganisationRow, viewer: Viewer, withPositions: boolean): Organisation {
    return {
      id: row.id,
      kind: row.kind as OrganisationKind,
      type: row.type as PerpetratorType,
      ...(row.organ === null ? {} : { organ: row.organ }),
      name: row.name,
      ...(row.parentId === null ? {} : { parent: row.parentId }),
      origin: row.origin as Organisation['origin'],
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      ...(row.ledgerIndex === null ? {} : { ledgerIndex: row.ledgerIndex }),
      ...(row.contentSha256 === null ? {} : { contentSha256: row.contentSha256 }),
      ...(withPositions ? { positions: repo.positionsOf(row.seq).map((p) => presentPosition(p, viewer)) } : {})
    }
  }

  function presentInvolvement(row: InvolvementRow, viewer: Viewer): Involvement {
    const out: Involvement = {
      id: row.id,
      incidentId: row.incidentId,
      mode: row.mode as LiabilityMode,
      exhibits: row.exhibits as string[],
      sources: row.sources as string[],
      origin: row.origin as Involvement['origin'],
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      ...(row.ledgerIndex === null ? {} : { ledgerIndex: row.ledgerIndex }),
      ...(row.contentSha256 === null ? {} : { contentSha256: row.contentSha256 }),
      ...(row.category === null ? {} : { category: row.category }),
      ...(row.element === null ? {} : { element: row.element }),
      ...(row.periodFrom === null ? {} : { from: row.periodFrom }),
      ...(row.periodTo === null ? {} : { to: row.periodTo }),
      ...(row.legacyInvolvement === null ? {} : { legacyInvolvement: row.legacyInvolvement })
    }
    if (row.retractedAt !== null)
      out.retracted = { at: row.retractedAt, by: row.retractedBy ?? '', ledgerIndex: row.retractedLedgerIndex ?? row.ledgerIndex ?? 0 }
    if (row.organisationSeq !== null) {
      const org = repo.organisationBySeq(row.organisationSeq)
      if (org)
        out.organisation = {
          id: org.id,
          kind: org.kind,
          type: org.type,
          name: org.name,
          ...(org.organ === null ? {} : { organ: org.organ })
        }
    }
    if (row.personId !== null) {
      if (!deps.personReadable(row.personId, viewer)) return { ...out, withheld: 'need-to-know' }
      out.person = { id: row.personId, pseudonym: row.pseudonym ?? '' }
    }
    return out
  }

  function involvementDetails(row: InvolvementRow, contentSha256: string): Record<string, unknown> {
    return {
      involvement: row.id,
      incident: row.incidentId,
      ...(row.personId === null ? {} : { person: row.personId }),
      ...(row.organisationId === null ? {} : { organisation: row.organisationId }),
      mode: row.mode,
      origin: row.origin,
      contentSha256
    }
  }

  return {
    createOrganisation(input: OrganisationInput, viewer: Viewer): Organisation {
      const at = now()
      const id = randomUUID()
      const row = deps.sqlite
        .transaction(() => {
          const parentRow = input.parent === undefined ? undefined : repo.organisationById(input.parent)
          if (input.parent !== undefined && !parentRow)
            fail('SANAD_ERR_VALIDATION', `No organisation ${input.parent}.`, { field: 'parent' })
          if (input.kind === 'unit' && !parentRow) fail('SANAD_ERR_VALIDATION', 'A unit names its parent.', { field: 'parent' })
          if (input.kind === 'organisation' && parentRow)
            fail('SANAD_ERR_VALIDATION', 'An organisation has no parent: record it as a unit.', { field: 'parent' })
          const type = (input.type ?? parentRow?.type) as PerpetratorType | undefined
          if (type === undefined) fail('SANAD_ERR_VALIDATION', 'An organisation names its type.', { field: 'type' })
          const organ = input.organ ?? parentRow?.organ ?? undefined
          const content = organisationContentSha256({
            id,
            kind: input.kind,
            type,
            organ,
            name: input.name,
            parent: parentRow?.id,
            origin: 'recorded',
            createdAt: at,
            createdBy: viewer.actor
          })
          const { index } = deps.ledger.append({
            type: 'organisation-recorded',
            actor: viewer.actor,
            subject: { kind: 'organisation', id },
            details: {
              organisation: id,
              orgKind: input.kind,
              orgType: type,
              ...(parentRow ? { parent: parentRow.id } : {}),
              origin: 'recorded',
              contentSha256: content
            }
          })
          repo.insertOrganisation({
            id,
            kind: input.kind,
            type,
            organ: organ ?? null,
            name: input.name,
            parentSeq: parentRow?.seq ?? null,
            origin: 'recorded',
            createdAt: at,
            createdBy: viewer.actor,
            ledgerIndex: index,
            contentSha256: content
          })
          return repo.organisationById(id)
        })
        .immediate()
      if (!row) fail('SANAD_ERR_INTERNAL')
      return presentOrganisation(row, viewer, true)
    },

    listOrganisations(viewer: Viewer): { items: Organisation[] } {
      return { items: repo.organisations().map((o) => presentOrganisation(o, viewer, true)) }
    },

    getOrganisation(id: string, viewer: Viewer): Organisation {
      return presentOrganisation(mustOrganisation(id), viewer, true)
    },

    addPosition(organisationId: string, input: PositionInput, viewer: Viewer): Position {
      const at = now()
      const id = randomUUID()
      const problem = periodProblem(input.from, input.to)
      if (problem) fail('SANAD_ERR_VALIDATION', problem, { field: 'to' })
      const row = deps.sqlite
        .transaction(() => {
          const org = mustOrganisation(organisationId)
          const person = mustPerpetrator(input.personId, 'personId', viewer)
          // Sealed before anything is written: the hash (and so the ledger) covers the envelope, never the title.
          const title = sealTitle(key, id, input.title)
          const content = positionContentSha256({
            id,
            person: person.id,
            organisation: org.id,
            title,
            from: input.from,
            to: input.to,
            createdAt: at,
            createdBy: viewer.actor
          })
          const { index } = deps.ledger.append({
            type: 'position-recorded',
            actor: viewer.actor,
            subject: { kind: 'organisation', id: org.id },
            details: { position: id, person: person.id, organisation: org.id, contentSha256: content }
          })
          repo.insertPosition({
            id,
            personSeq: person.seq,
            organisationSeq: org.seq,
            title,
            fromDate: input.from ?? null,
            toDate: input.to ?? null,
            createdAt: at,
            createdBy: viewer.actor,
            ledgerIndex: index,
            contentSha256: content
          })
          return repo.positionById(id)
        })
        .immediate()
      if (!row) fail('SANAD_ERR_INTERNAL')
      return presentPosition(row, viewer)
    },

    createInvolvement(incidentId: string, input: InvolvementInput, viewer: Viewer): Involvement {
      const at = now()
      const id = randomUUID()
      if ((input.personId === undefined) === (input.organisationId === undefined))
        fail('SANAD_ERR_VALIDATION', 'An involvement names exactly one of personId or organisationId.', { field: 'personId' })
      const problem = periodProblem(input.from, input.to)
      if (problem) fail('SANAD_ERR_VALIDATION', problem, { field: 'to' })
      const row = deps.sqlite
        .transaction(() => {
          const inc = mustIncident(incidentId)
          if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (inc.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED', 'A retracted incident takes no new involvement.')
          const person = input.personId === undefined ? undefined : mustPerpetrator(input.personId, 'personId', viewer)
          const org = input.organisationId === undefined ? undefined : repo.organisationById(input.organisationId)
          if (input.organisationId !== undefined && !org)
            fail('SANAD_ERR_VALIDATION', `No organisation ${input.organisationId}.`, { field: 'organisationId' })
          const categories = (inc.document as { categories: string[] }).categories
          if (input.category !== undefined && !categories.includes(input.category))
            fail('SANAD_ERR_VALIDATION', 'The incident does not carry that category.', { field: 'category' })
          if (input.element !== undefined) {
            if (input.category === undefined)
              fail('SANAD_ERR_VALIDATION', 'An element belongs to a category: name it.', { field: 'category' })
            if (!categoryById(input.category)?.elements.some((e) => e.id === input.element))
              fail('SANAD_ERR_VALIDATION', 'That category has no such element.', { field: 'element' })
          }
          const exhibits = input.exhibits ?? []
          const found = new Set(repo.exhibitsOf(inc.seq, exhibits).map((e) => e.id))
          const strayExhibit = exhibits.find((e) => !found.has(e))
          if (strayExhibit)
            fail('SANAD_ERR_VALIDATION', `Evidence ${strayExhibit} is not an exhibit of this incident.`, { field: 'exhibits' })
          const sources = input.sources ?? []
          const linked = new Set(repo.personIdsOf(inc.seq))
          const straySource = sources.find((s) => !linked.has(s))
          if (straySource) fail('SANAD_ERR_VALIDATION', `Person ${straySource} is not linked to this incident.`, { field: 'sources' })
          const content = involvementContentSha256({
            id,
            incident: inc.id,
            person: person?.id,
            organisation: org?.id,
            mode: input.mode,
            category: input.category,
            element: input.element,
            from: input.from,
            to: input.to,
            exhibits,
            sources,
            origin: 'recorded',
            createdAt: at,
            createdBy: viewer.actor
          })
          const { index } = deps.ledger.append({
            type: 'involvement-recorded',
            actor: viewer.actor,
            subject: { kind: 'incident', id: inc.id },
            details: {
              involvement: id,
              incident: inc.id,
              ...(person ? { person: person.id } : {}),
              ...(org ? { organisation: org.id } : {}),
              mode: input.mode,
              origin: 'recorded',
              contentSha256: content
            }
          })
          repo.insertInvolvement({
            id,
            incidentSeq: inc.seq,
            personSeq: person?.seq ?? null,
            organisationSeq: org?.seq ?? null,
            mode: input.mode,
            category: input.category ?? null,
            element: input.element ?? null,
            periodFrom: input.from ?? null,
            periodTo: input.to ?? null,
            exhibits: [...exhibits].sort(),
            sources: [...sources].sort(),
            origin: 'recorded',
            createdAt: at,
            createdBy: viewer.actor,
            ledgerIndex: index,
            contentSha256: content
          })
          return repo.involvementById(id)
        })
        .immediate()
      if (!row) fail('SANAD_ERR_INTERNAL')
      return presentInvolvement(row, viewer)
    },

    listInvolvements(incidentId: string, viewer: Viewer): { items: Involvement[] } {
      const inc = mustIncident(incidentId)
      if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
      return { items: repo.involvementsOf(inc.seq).map((r) => presentInvolvement(r, viewer)) }
    },

    retractInvolvement(incidentId: string, involvementId: string, reason: string, viewer: Viewer): Involvement {
      const at = now()
      const row = deps.sqlite
        .transaction(() => {
          const inc = mustIncident(incidentId)
          if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          const found = repo.involvementById(involvementId)
          if (!found || found.incidentSeq !== inc.seq) fail('SANAD_ERR_INVOLVEMENT_NOT_FOUND')
          if (found.personId !== null && !deps.personReadable(found.personId, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (found.retractedAt !== null) fail('SANAD_ERR_INVOLVEMENT_RETRACTED')
          const content = involvementContentSha256(involvementContentOf(found, { at, by: viewer.actor }))
          const { index } = deps.ledger.append({
            type: 'involvement-retracted',
            actor: viewer.actor,
            subject: { kind: 'incident', id: inc.id },
            details: involvementDetails(found, content)
          })
          repo.markRetracted(found.seq, {
            retractedAt: at,
            retractedBy: viewer.actor,
            retractionReason: reason,
            retractedLedgerIndex: index,
            contentSha256: content
          })
          return repo.involvementById(involvementId)
        })
        .immediate()
      if (!row) fail('SANAD_ERR_INTERNAL')
      return presentInvolvement(row, viewer)
    },

    /**
     * Seals what the migration moved from the old perpetrator objects: each organisation, unit and
     * involvement without a content hash gets one and its ledger entry (actor `system`, origin
     * `migrated`). Runs at start; does nothing when everything is sealed.
     */
    sealMigrated(): { organisations: number; involvements: number } {
      return deps.sqlite
        .transaction(() => {
          const orgs = repo.unsealedOrganisations()
          for (const o of orgs) {
            const content = organisationContentSha256(organisationContentOf(o))
            const { index } = deps.ledger.append({
              type: 'organisation-recorded',
              actor: 'system',
              subject: { kind: 'organisation', id: o.id },
              details: {
                organisation: o.id,
                orgKind: o.kind,
                orgType: o.type,
                ...(o.parentId === null ? {} : { parent: o.parentId }),
                origin: o.origin,
                contentSha256: content
              }
            })
            repo.sealOrganisation(o.seq, { ledgerIndex: index, contentSha256: content })
          }
          const invs = repo.unsealedInvolvements()
          for (const i of invs) {
            const content = involvementContentSha256(involvementContentOf(i))
            const { index } = deps.ledger.append({
              type: 'involvement-recorded',
              actor: 'system',
              subject: { kind: 'incident', id: i.incidentId },
              details: involvementDetails(i, content)
            })
            repo.sealInvolvement(i.seq, { ledgerIndex: index, contentSha256: content })
          }
          return { organisations: orgs.length, involvements: invs.length }
        })
        .immediate()
    },

    /**
     * The active involvements of an incident for the dossier: persons by id and pseudonym (the dossier
     * names them, or not, by its disclosure rules), organisations by name, type and organ, positions of
     * each person, exhibits by evidence id, sources by pseudonym.
     */
    forDossier(incidentId: string): DossierInvolvement[] {
      const inc = incidents.byId(incidentId)
      if (!inc) return []
      return repo
        .involvementsOf(inc.seq)
        .filter((r) => r.retractedAt === null)
        .map((r) => {
          const org = r.organisationSeq === null ? undefined : repo.organisationBySeq(r.organisationSeq)
          const parentOrg = org?.parentSeq == null ? undefined : repo.organisationBySeq(org.parentSeq)
          const positions =
            r.personSeq === null
              ? []
              : repo.positionsOfPerson(r.personSeq).map((p) => {
                  const where = repo.organisationBySeq(p.organisationSeq)
                  return {
                    title: openTitle(key, p.id, p.title),
                    organisation: where?.name ?? '',
                    ...(p.fromDate === null ? {} : { from: p.fromDate }),
                    ...(p.toDate === null ? {} : { to: p.toDate })
                  }
                })
          const out: DossierInvolvement = {
            id: r.id,
            positions,
            mode: r.mode as LiabilityMode,
            exhibits: r.exhibits as string[],
            sources: (r.sources as string[]).map((id) => repo.personById(id)?.pseudonym ?? '')
          }
          if (r.personId !== null) {
            out.personId = r.personId
            out.pseudonym = r.pseudonym ?? ''
          }
          if (org)
            out.organisation = {
              name: org.name,
              kind: org.kind,
              type: org.type,
              ...(org.organ === null ? {} : { organ: org.organ }),
              ...(parentOrg ? { parentName: parentOrg.name } : {})
            }
          if (r.category !== null) out.category = r.category
          if (r.element !== null) out.element = r.element
          if (r.periodFrom !== null) out.from = r.periodFrom
          if (r.periodTo !== null) out.to = r.periodTo
          return out
        })
    }
  }
}

export type PerpetratorsService = ReturnType<typeof perpetratorsService>
