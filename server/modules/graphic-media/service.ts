import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { mayReadIncident } from '../../lib/protection/need-to-know.ts'
import { graphicMediaRepo, type ExhibitRef } from './repo.ts'

export type GraphicMediaDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
  now?: () => Date
}

export type GraphicMark = { evidenceId: string; graphic: boolean; markedBy?: string; markedAt?: string }

/**
 * Care with graphic media (#19 item 9): an exhibit marked graphic is shown blurred, greyscale and
 * muted until revealed. Each mark (or unmark) is a row and an `evidence-graphic-marked` ledger entry;
 * the latest wins. Each account keeps its own preference: graphic media stays blurred (the default)
 * or is shown at once.
 */
export function graphicMediaService(deps: GraphicMediaDeps) {
  const repo = graphicMediaRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function mustExhibit(id: string): ExhibitRef {
    const ex = repo.exhibit(id)
    if (!ex) fail('SANAD_ERR_EVIDENCE_NOT_FOUND')
    return ex
  }

  function markOf(ex: ExhibitRef): GraphicMark {
    const m = repo.latest(ex.seq)
    return m ? { evidenceId: ex.id, graphic: m.graphic, markedBy: m.actor, markedAt: m.createdAt } : { evidenceId: ex.id, graphic: false }
  }

  /**
   * The need-to-know rule of the exhibit's record: whoever may not read its incident gets the
   * integrity view only, and a graphic mark says what the file shows (and who judged it so).
   */
  function mustReadIncident(incident: { seq: number; document: unknown; createdBy: string }, viewer: Viewer): void {
    if (!mayReadIncident(incident, viewer.actor, () => deps.hasClearance(viewer.userSeq, incident.seq))) fail('SANAD_ERR_NEED_TO_KNOW')
  }

  function mustReadExhibit(ex: ExhibitRef, viewer: Viewer): void {
    mustReadIncident({ seq: ex.incidentSeq, document: ex.incidentDocument, createdBy: ex.incidentCreatedBy }, viewer)
  }

  return {
    mark(evidenceId: string, graphic: boolean, viewer: Viewer): GraphicMark {
      return deps.sqlite
        .transaction(() => {
          const ex = mustExhibit(evidenceId)
          mustReadExhibit(ex, viewer)
          // Marking what is already so records nothing.
          if ((repo.latest(ex.seq)?.graphic ?? false) === graphic) return markOf(ex)
          const { index } = deps.ledger.append({
            type: 'evidence-graphic-marked',
            actor: viewer.actor,
            subject: { kind: 'evidence', id: ex.id, sha256: ex.sha256 },
            details: { graphic }
          })
          repo.insertMark({ evidenceSeq: ex.seq, graphic, actor: viewer.actor, createdAt: now(), ledgerIndex: index })
          return markOf(ex)
        })
        .immediate()
    },

    /** Whether an exhibit is marked graphic: for whom may read its record in full (need-to-know applies). */
    get(evidenceId: string, viewer: Viewer): GraphicMark {
      const ex = mustExhibit(evidenceId)
      mustReadExhibit(ex, viewer)
      return markOf(ex)
    },

    /** The exhibits of an incident marked graphic: for whom may read the incident. */
    ofIncident(incidentId: string, viewer: Viewer): { items: string[] } {
      const incident = repo.incident(incidentId)
      if (incident === undefined) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
      mustReadIncident(incident, viewer)
      return { items: repo.graphicOfIncident(incident.seq) }
    },

    preferences(viewer: Viewer): { keepGraphicBlurred: boolean } {
      return { keepGraphicBlurred: repo.preference(viewer.userSeq) ?? true }
    },

    setPreferences(viewer: Viewer, keepGraphicBlurred: boolean): { keepGraphicBlurred: boolean } {
      repo.setPreference(viewer.userSeq, keepGraphicBlurred, now())
      return { keepGraphicBlurred }
    }
  }
}

export type GraphicMediaService = ReturnType<typeof graphicMediaService>
