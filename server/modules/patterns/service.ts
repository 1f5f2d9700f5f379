import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { ContextAssessment, ContextAssessmentInput, PatternInput, PatternScale } from '../../types/schemas.ts'
import { categoryById, provinceByCode } from '../../lib/context/afghan-context.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { mayReadIncident } from '../../lib/protection/need-to-know.ts'
import {
  assessmentContentSha256,
  incidentContext,
  latestByElement,
  patternScale,
  type AssessedElement,
  type ContextElement,
  type ContextStatus,
  type IncidentContextElement,
  type OverrideReason,
  type ScaleVictim
} from '../../lib/analysis/pattern-context.ts'
import { incidentLookup, type IncidentLookup } from '../incidents/service.ts'
import { patternRepo, type AssessmentRow, type MemberRow, type PatternRow } from './repo.ts'

export type Pattern = PatternInput & { id: string; reference: string; revision: number; createdAt: string; updatedAt: string }

/** A member incident as the pattern shows it. */
export type PatternMember = { id: string; reference: string; title: string; province: string; from: string; to: string }

/** A pattern with its contextual elements, its member incidents and their scale (as far as the reader may read). */
export type PatternView = Pattern & { context: ContextAssessment[]; members: PatternMember[]; scale: PatternScale }

/** An incident's contextual elements under one of its patterns. */
export type IncidentPatternContext = { pattern: { id: string; reference: string }; elements: ContextAssessment[] }

export type PatternDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  incidents?: IncidentLookup
  /** Sex and age of the victims of these incidents (the persons feature decrypts the two fields). */
  victimFacts?: (incidentSeqs: readonly number[]) => ScaleVictim[]
  now?: () => Date
}

function assessed(r: AssessmentRow): AssessedElement & { id: string; ledgerIndex: number; contentSha256: string; reason?: OverrideReason } {
  return {
    id: r.id,
    element: r.element as ContextElement,
    status: r.status as ContextStatus,
    evidenceIds: r.evidenceIds as string[],
    assessor: r.assessor,
    assessedAt: r.assessedAt,
    ledgerIndex: r.ledgerIndex,
    contentSha256: r.contentSha256,
    ...(r.reason === null ? {} : { reason: r.reason as OverrideReason })
  }
}

/** An element as the API answers it: no empty assessor or date for an element never assessed. */
function answer(e: IncidentContextElement | (AssessedElement & { basis: 'pattern' })): ContextAssessment {
  const out: ContextAssessment = { element: e.element, status: e.status, evidenceIds: e.evidenceIds, basis: e.basis }
  const extra = e as { id?: string; ledgerIndex?: number; contentSha256?: string; reason?: OverrideReason }
  if (extra.id !== undefined) out.id = extra.id
  if (e.assessor !== '') out.assessor = e.assessor
  if (e.assessedAt !== '') out.assessedAt = e.assessedAt
  if (extra.reason !== undefined) out.reason = extra.reason
  if (extra.ledgerIndex !== undefined) out.ledgerIndex = extra.ledgerIndex
  if (extra.contentSha256 !== undefined) out.contentSha256 = extra.contentSha256
  return out
}

export function patternService(deps: PatternDeps) {
  const repo = patternRepo(deps.db)
  const incidents = deps.incidents ?? incidentLookup(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  const mayRead = (inc: { document: unknown; createdBy: string; seq: number }, viewer: Viewer): boolean =>
    mayReadIncident(inc, viewer.actor, () => incidents.hasClearance(viewer.userSeq, inc.seq))

  function mustPattern(id: string): PatternRow {
    const row = repo.byId(id)
    if (!row) fail('SANAD_ERR_NOT_FOUND', 'No such pattern.')
    return row
  }

  /** Every exhibit named exists and the assessor may read its incident (naming it says something about it). */
  function mustExhibits(ids: readonly string[], viewer: Viewer): void {
    const found = new Map(repo.exhibits(ids).map((e) => [e.id, e]))
    for (const [i, id] of ids.entries()) {
      const e = found.get(id)
      if (!e) fail('SANAD_ERR_VALIDATION', `No evidence item ${id}`, { field: `evidenceIds.${i}` })
      if (!mayRead({ document: e.document, createdBy: e.createdBy, seq: e.incidentSeq }, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
    }
  }

  /** The pattern's current assessment of each element it has assessed. */
  function patternContext(row: PatternRow): Map<string, ReturnType<typeof assessed>> {
    return new Map([...latestByElement(repo.patternAssessments(row.seq))].map(([k, r]) => [k, assessed(r)]))
  }

  function contextOfIncident(row: PatternRow, incidentSeq: number): IncidentContextElement[] {
    const own = new Map(
      [...latestByElement(repo.overrides(row.seq, incidentSeq))].map(([k, r]) => [
        k,
        { ...assessed(r), reason: (r.reason ?? 'incident-specific-evidence') as OverrideReason }
      ])
    )
    return incidentContext(patternContext(row), own)
  }

  function readableMembers(row: PatternRow, readable: (m: MemberRow) => boolean): MemberRow[] {
    return repo.members(row.id).filter(readable)
  }

  function scaleOf(members: MemberRow[]): PatternScale {
    const victims = deps.victimFacts?.(members.map((m) => m.seq)) ?? []
    return patternScale(
      members.map((m) => ({ id: m.id, province: m.province, from: m.occurredFrom, to: m.occurredTo })),
      victims
    )
  }

  function record(
    row: PatternRow,
    incident: { id: string; seq: number } | null,
    element: ContextElement,
    input: ContextAssessmentInput,
    viewer: Viewer
  ): AssessmentRow {
    const id = randomUUID()
    const at = now()
    const evidenceIds = input.evidenceIds ?? []
    const contentSha256 = assessmentContentSha256({
      id,
      pattern: row.id,
      incident: incident?.id,
      element,
      status: input.status,
      reason: input.reason,
      evidenceIds,
      assessor: viewer.actor,
      assessedAt: at
    })
    const { index } = deps.ledger.append({
      type: 'context-assessed',
      actor: viewer.actor,
      subject: { kind: 'pattern', id: row.id },
      details: {
        assessment: id,
        pattern: row.id,
        ...(incident === null ? {} : { incident: incident.id }),
        element,
        status: input.status,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        exhibits: evidenceIds.length,
        contentSha256
      }
    })
    const values = {
      id,
      patternSeq: row.seq,
      incidentSeq: incident?.seq ?? null,
      element,
      status: input.status,
      reason: input.reason ?? null,
      evidenceIds,
      assessor: viewer.actor,
      assessedAt: at,
      contentSha256,
      ledgerIndex: index
    }
    repo.insertAssessment(values)
    return { seq: 0, ...values }
  }

  function check(input: PatternInput): void {
    for (const id of input.categories ?? []) {
      if (!categoryById(id)) fail('SANAD_ERR_CATEGORY_UNKNOWN', `Unknown violation category "${id}"`, { field: 'categories' })
    }
    for (const code of input.attack?.provinces ?? []) {
      if (!provinceByCode(code)) fail('SANAD_ERR_PROVINCE_UNKNOWN', `Unknown province "${code}"`, { field: 'attack.provinces' })
    }
  }

  function present(row: PatternRow): Pattern {
    return {
      ...(row.document as PatternInput),
      id: row.id,
      reference: row.reference,
      revision: row.revision,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  function contextItems(incidentSeq: number, patternIds: readonly string[]): IncidentPatternContext[] {
    return patternIds.flatMap((pid) => {
      const row = repo.byId(pid)
      if (!row) return []
      return [{ pattern: { id: row.id, reference: row.reference }, elements: contextOfIncident(row, incidentSeq).map(answer) }]
    })
  }

  return {
    create(input: PatternInput, actor: string): Pattern {
      check(input)
      const at = now()
      return present(
        deps.sqlite.transaction(() => {
          const year = at.slice(0, 4)
          const row = repo.insert({
            id: randomUUID(),
            reference: `SND-P-${year}-${String(repo.nextReference(`pattern-${year}`)).padStart(4, '0')}`,
            title: input.title,
            revision: 1,
            document: input,
            createdAt: at,
            createdBy: actor,
            updatedAt: at
          })
          repo.insertRevision({ patternSeq: row.seq, revision: 1, document: input, actor, reason: null, createdAt: at })
          deps.ledger.append({
            type: 'pattern-created',
            actor,
            subject: { kind: 'pattern', id: row.id },
            details: { reference: row.reference }
          })
          return row
        })()
      )
    },
    replace(id: string, input: PatternInput, actor: string, reason?: string): Pattern {
      check(input)
      const at = now()
      return present(
        deps.sqlite.transaction(() => {
          const row = repo.byId(id)
          if (!row) fail('SANAD_ERR_NOT_FOUND', 'No such pattern.')
          const revision = row.revision + 1
          repo.update(row.seq, { title: input.title, document: input, revision, updatedAt: at })
          repo.insertRevision({ patternSeq: row.seq, revision, document: input, actor, reason: reason ?? null, createdAt: at })
          deps.ledger.append({ type: 'pattern-revised', actor, subject: { kind: 'pattern', id: row.id }, details: { revision } })
          return repo.byId(id) as PatternRow
        })()
      )
    },
    exists(id: string): boolean {
      return repo.byId(id) !== undefined
    },

    get(id: string): Pattern {
      return present(mustPattern(id))
    },

    /** The pattern with its contextual elements, members and scale: members and counts only of incidents the viewer may read. */
    view(id: string, viewer: Viewer): PatternView {
      const row = mustPattern(id)
      const members = readableMembers(row, (m) => mayRead(m, viewer))
      const context = patternContext(row)
      return {
        ...present(row),
        context: [...context.values()].map((e) => answer({ ...e, basis: 'pattern' })),
        members: members.map((m) => ({
          id: m.id,
          reference: m.reference,
          title: m.title,
          province: m.province,
          from: m.occurredFrom,
          to: m.occurredTo
        })),
        scale: scaleOf(members)
      }
    },

    /** Assess one contextual element on the pattern (a new assessment supersedes the last; both stay). */
    assess(id: string, element: ContextElement, input: ContextAssessmentInput, viewer: Viewer): ContextAssessment {
      if (input.reason !== undefined)
        fail('SANAD_ERR_VALIDATION', 'A reason is given only when an incident overrides the pattern.', { field: 'reason' })
      const saved = deps.sqlite
        .transaction(() => {
          const row = mustPattern(id)
          mustExhibits(input.evidenceIds ?? [], viewer)
          return record(row, null, element, input, viewer)
        })
        .immediate()
      return answer({ ...assessed(saved), basis: 'pattern' })
    },

    /** Override one of the pattern's elements on an incident of the pattern, with a reason from the closed list. */
    override(incidentId: string, id: string, element: ContextElement, input: ContextAssessmentInput, viewer: Viewer): ContextAssessment {
      if (input.reason === undefined)
        fail('SANAD_ERR_VALIDATION', "Overriding the pattern's assessment needs a reason.", { field: 'reason' })
      const saved = deps.sqlite
        .transaction(() => {
          const inc = incidents.byId(incidentId)
          if (!inc) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
          if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          const row = mustPattern(id)
          if (!((inc.document as { patternIds?: string[] }).patternIds ?? []).includes(row.id))
            fail('SANAD_ERR_VALIDATION', 'The incident is not part of this pattern.', { field: 'patternId' })
          mustExhibits(input.evidenceIds ?? [], viewer)
          return record(row, { id: inc.id, seq: inc.seq }, element, input, viewer)
        })
        .immediate()
      return answer({ ...assessed(saved), basis: 'overridden', reason: input.reason as OverrideReason })
    },

    /** An incident's contextual elements under each of its patterns: inherited unless overridden. */
    incidentContext(incidentId: string, viewer: Viewer): { items: IncidentPatternContext[] } {
      const inc = incidents.byId(incidentId)
      if (!inc) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
      if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
      return { items: contextItems(inc.seq, (inc.document as { patternIds?: string[] }).patternIds ?? []) }
    },

    /**
     * For the dossier: the pattern's elements, members and scale over the incidents `readable` says
     * the builder may read, and each of the given incidents' elements under it.
     */
    forExport(
      id: string,
      readable: (incidentId: string) => boolean
    ): { context: ContextAssessment[]; members: PatternMember[]; scale: PatternScale } {
      const row = mustPattern(id)
      const members = readableMembers(row, (m) => readable(m.id))
      return {
        context: [...patternContext(row).values()].map((e) => answer({ ...e, basis: 'pattern' })),
        members: members.map((m) => ({
          id: m.id,
          reference: m.reference,
          title: m.title,
          province: m.province,
          from: m.occurredFrom,
          to: m.occurredTo
        })),
        scale: scaleOf(members)
      }
    },

    /** An incident's contextual elements under its patterns, for the dossier (the caller may read the incident). */
    incidentContextForExport(incidentId: string): IncidentPatternContext[] {
      const inc = incidents.byId(incidentId)
      if (!inc) return []
      return contextItems(inc.seq, (inc.document as { patternIds?: string[] }).patternIds ?? [])
    },

    /** Every assessment whole, for npm run verify's checks and tests. */
    allAssessments: () => repo.allAssessments(),
    list(): { items: Pattern[] } {
      return { items: repo.list().map(present) }
    }
  }
}

export type PatternService = ReturnType<typeof patternService>
