import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { IncidentLink, IncidentLinkInput } from '../../types/schemas.ts'
import { categoryById } from '../../lib/context/afghan-context.ts'
import { mayReadIncident } from '../../lib/protection/need-to-know.ts'
import { linkContentSha256, linkProblems, type LinkContent, type LinkType } from '../../lib/analysis/incident-links.ts'
import { incidentLookup, type IncidentLookup } from '../incidents/service.ts'
import { linksRepo, type LinkRow } from './repo.ts'

export type LinksDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  incidents?: IncidentLookup
  now?: () => Date
}

type IncidentRef = { document: unknown; createdBy: string; seq: number }

/** A connected crime as the dossier's element checklist prints it. */
export type ConnectedCrime = { incidentId: string; reference: string; category: string; fromCategory?: string }

function contentOf(row: LinkRow, removal?: { at: string; by: string }): LinkContent {
  return {
    id: row.id,
    from: row.fromId,
    to: row.toId,
    type: row.type as LinkType,
    category: row.category ?? undefined,
    fromCategory: row.fromCategory ?? undefined,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    removedAt: removal?.at ?? row.removedAt ?? undefined,
    removedBy: removal?.by ?? row.removedBy ?? undefined
  }
}

/**
 * Typed links between incidents (#18 item 2). Nothing is ever deleted: a removal is a mark on the
 * link and a ledger entry. A link touching a need-to-know incident is changed only by a reader of
 * both ends; others who may read the end they ask about see that a link exists, never the other
 * end's title or the link's category.
 */
export function linksService(deps: LinksDeps) {
  const repo = linksRepo(deps.db)
  const incidents = deps.incidents ?? incidentLookup(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  const mayRead = (inc: IncidentRef, viewer: Viewer): boolean =>
    mayReadIncident(inc, viewer.actor, () => incidents.hasClearance(viewer.userSeq, inc.seq))
  const fromEnd = (r: LinkRow): IncidentRef => ({ document: r.fromDocument, createdBy: r.fromCreatedBy, seq: r.fromIncidentSeq })
  const toEnd = (r: LinkRow): IncidentRef => ({ document: r.toDocument, createdBy: r.toCreatedBy, seq: r.toIncidentSeq })

  function present(row: LinkRow, asked: number, viewer: Viewer | null): IncidentLink {
    const outgoing = row.fromIncidentSeq === asked
    const other = outgoing ? toEnd(row) : fromEnd(row)
    const readable = viewer === null || mayRead(other, viewer)
    const out: IncidentLink = {
      id: row.id,
      type: row.type as LinkType,
      direction: outgoing ? 'outgoing' : 'incoming',
      other: { id: outgoing ? row.toId : row.fromId, reference: outgoing ? row.toReference : row.fromReference },
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      ledgerIndex: row.ledgerIndex,
      contentSha256: row.contentSha256
    }
    if (row.removedAt !== null)
      out.removed = { at: row.removedAt, by: row.removedBy ?? '', ledgerIndex: row.removedLedgerIndex ?? row.ledgerIndex }
    if (!readable) return { ...out, withheld: 'need-to-know' }
    out.other.title = outgoing ? row.toTitle : row.fromTitle
    out.other.categories = ((outgoing ? row.toDocument : row.fromDocument) as { categories: string[] }).categories
    if (row.category !== null) out.category = row.category
    if (row.fromCategory !== null) out.fromCategory = row.fromCategory
    return out
  }

  function mustIncident(id: string) {
    const row = incidents.byId(id)
    if (!row) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    return row
  }

  function details(row: LinkRow, contentSha256: string): Record<string, unknown> {
    return {
      link: row.id,
      from: row.fromId,
      to: row.toId,
      linkType: row.type,
      ...(row.category === null ? {} : { category: row.category }),
      ...(row.fromCategory === null ? {} : { fromCategory: row.fromCategory }),
      contentSha256
    }
  }

  return {
    create(incidentId: string, input: IncidentLinkInput, viewer: Viewer): IncidentLink {
      const at = now()
      const id = randomUUID()
      const row = deps.sqlite
        .transaction(() => {
          const from = mustIncident(incidentId)
          if (!mayRead(from, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          const to = incidents.byId(input.to)
          if (!to) fail('SANAD_ERR_INCIDENT_UNKNOWN', `No incident ${input.to}`, { field: 'to' })
          // A link to a need-to-know incident says something about it: only its readers make one.
          if (!mayRead(to, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (from.retractedAt || to.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED', 'A retracted incident takes no new link.')
          const active = repo
            .activeAround([from.seq, to.seq])
            .map((l) => ({ type: l.type as LinkType, from: l.fromId, to: l.toId, category: l.category ?? undefined }))
          const problems = linkProblems(
            input,
            {
              id: from.id,
              categories: (from.document as { categories: string[] }).categories,
              retracted: false,
              mergedInto: repo.mergedInto(from.seq)?.id
            },
            {
              id: to.id,
              categories: (to.document as { categories: string[] }).categories,
              retracted: false,
              mergedInto: repo.mergedInto(to.seq)?.id
            },
            (c) => categoryById(c) !== undefined,
            active
          )
          const first = problems[0]
          if (first) {
            const code =
              first.code === 'category-unknown'
                ? 'SANAD_ERR_CATEGORY_UNKNOWN'
                : first.code === 'conflict'
                  ? 'SANAD_ERR_LINK_CONFLICT'
                  : 'SANAD_ERR_VALIDATION'
            fail(code, first.message, { field: first.field })
          }
          const content = linkContentSha256({
            id,
            from: from.id,
            to: to.id,
            type: input.type,
            category: input.category,
            fromCategory: input.fromCategory,
            createdAt: at,
            createdBy: viewer.actor
          })
          const { index } = deps.ledger.append({
            type: 'incident-linked',
            actor: viewer.actor,
            subject: { kind: 'incident', id: from.id },
            details: {
              link: id,
              from: from.id,
              to: to.id,
              linkType: input.type,
              ...(input.category === undefined ? {} : { category: input.category }),
              ...(input.fromCategory === undefined ? {} : { fromCategory: input.fromCategory }),
              contentSha256: content
            }
          })
          repo.insert({
            id,
            fromIncidentSeq: from.seq,
            toIncidentSeq: to.seq,
            type: input.type,
            category: input.category ?? null,
            fromCategory: input.fromCategory ?? null,
            createdAt: at,
            createdBy: viewer.actor,
            ledgerIndex: index,
            contentSha256: content
          })
          const saved = repo.byId(id)
          if (!saved) fail('SANAD_ERR_INTERNAL')
          return saved
        })
        .immediate()
      return present(row, row.fromIncidentSeq, viewer)
    },

    list(incidentId: string, viewer: Viewer): { items: IncidentLink[] } {
      const inc = mustIncident(incidentId)
      if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
      return { items: repo.ofIncident(inc.seq).map((r) => present(r, inc.seq, viewer)) }
    },

    remove(incidentId: string, linkId: string, viewer: Viewer): IncidentLink {
      const at = now()
      const { row, asked } = deps.sqlite
        .transaction(() => {
          const inc = mustIncident(incidentId)
          if (!mayRead(inc, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          const link = repo.byId(linkId)
          if (!link || (link.fromIncidentSeq !== inc.seq && link.toIncidentSeq !== inc.seq)) fail('SANAD_ERR_LINK_NOT_FOUND')
          if (!mayRead(fromEnd(link), viewer) || !mayRead(toEnd(link), viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (link.removedAt !== null) fail('SANAD_ERR_LINK_CONFLICT', 'The link was already removed.')
          const content = linkContentSha256(contentOf(link, { at, by: viewer.actor }))
          const { index } = deps.ledger.append({
            type: 'incident-link-removed',
            actor: viewer.actor,
            subject: { kind: 'incident', id: link.fromId },
            details: details(link, content)
          })
          repo.markRemoved(link.seq, { removedAt: at, removedBy: viewer.actor, removedLedgerIndex: index, contentSha256: content })
          const saved = repo.byId(linkId)
          if (!saved) fail('SANAD_ERR_INTERNAL')
          return { row: saved, asked: inc.seq }
        })
        .immediate()
      return present(row, asked, viewer)
    },

    /** The survivor an incident is merged into, or undefined. */
    mergedInto(incidentSeq: number): { id: string; reference: string } | undefined {
      return repo.mergedInto(incidentSeq)
    },

    /**
     * The crimes connected to an incident's qualifications (its active connected-to links), for the
     * dossier's element checklist. `readable` says whether the dossier may name the linked incident.
     */
    connectedCrimes(incidentId: string, readable: (incidentId: string) => boolean): ConnectedCrime[] {
      const inc = incidents.byId(incidentId)
      if (!inc) return []
      return repo
        .ofIncident(inc.seq)
        .filter((l) => l.removedAt === null && l.type === 'connected-to' && l.fromIncidentSeq === inc.seq && l.category !== null)
        .filter((l) => readable(l.toId))
        .map((l) => ({
          incidentId: l.toId,
          reference: l.toReference,
          category: l.category ?? '',
          ...(l.fromCategory === null ? {} : { fromCategory: l.fromCategory })
        }))
    }
  }
}

export type LinksService = ReturnType<typeof linksService>

/** Whether an incident is merged into another, as a plain dependency for incidents, stats and cases. */
export function mergedIntoLookup(db: Db): (incidentSeq: number) => { id: string; reference: string } | undefined {
  const repo = linksRepo(db)
  return (seq) => repo.mergedInto(seq)
}
