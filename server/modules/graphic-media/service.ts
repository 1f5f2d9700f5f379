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

  return {
    mark(evidenceId: string, graphic: boolean, viewer: Viewer): GraphicMark {
      return deps.sqlite
        .transaction(() => {
          const ex = mustExhibit(evidenceId)
          const readable = mayReadIncident({ document: ex.incidentDocument, createdBy: ex.incidentCreatedBy }, viewer.actor, () =>
            deps.hasClearance(viewer.userSeq, ex.incidentSeq)
          )
          if (!readable) fail('SANAD_ERR_NEED_TO_KNOW')
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

    /** Whether an exhibit is marked graphic: every evidence reader may know it (it says how to show the item). */
    get(evidenceId: string): GraphicMark {
      return markOf(mustExhibit(evidenceId))
    },

    ofIncident(incidentId: string): { items: string[] } {
      const seq = repo.incidentSeq(incidentId)
      if (seq === undefined) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
      return { items: repo.graphicOfIncident(seq) }
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
