/**
 * Review before "verified": the statuses an incident moves through and who may move it. An incident
 * is written as a `draft`, `submitted` by its author, taken `under-review` by someone else with the
 * review right, then `verified` or `returned` to the author with a comment (and submitted again).
 * Verification needs a second person: the author never takes a reviewer's step on their own incident.
 */

export const REVIEW_STATUSES = ['draft', 'submitted', 'under-review', 'returned', 'verified'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/** Whose step a transition is: the incident's author, or a reviewer who is not its author. */
export type Step = 'author' | 'reviewer'

export type Transition = { from: ReviewStatus; to: ReviewStatus; by: Step; commentRequired?: true }

/** Every allowed move. Anything not listed is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', to: 'submitted', by: 'author' },
  { from: 'returned', to: 'submitted', by: 'author' },
  // The author may take back a submission nobody has picked up yet.
  { from: 'submitted', to: 'draft', by: 'author' },
  { from: 'submitted', to: 'under-review', by: 'reviewer' },
  { from: 'submitted', to: 'returned', by: 'reviewer', commentRequired: true },
  { from: 'under-review', to: 'verified', by: 'reviewer' },
  { from: 'under-review', to: 'returned', by: 'reviewer', commentRequired: true },
  // A verification found wrong is reopened by another review, never edited away.
  { from: 'verified', to: 'under-review', by: 'reviewer' }
]

/** What the one asking is, as far as the rule cares. */
export type Mover = {
  /** They recorded the incident. */
  isAuthor: boolean
  /** Their role may change incidents (incident:write). */
  mayWrite: boolean
  /** Their role may review incidents (incident:review). */
  mayReview: boolean
}

export type Decision =
  | { ok: true; transition: Transition }
  | {
      ok: false
      /** Not a move the table knows (409), or one the asker may not make (403). */
      code: 'SANAD_ERR_TRANSITION_INVALID' | 'SANAD_ERR_FORBIDDEN' | 'SANAD_ERR_SECOND_REVIEWER_REQUIRED' | 'SANAD_ERR_COMMENT_REQUIRED'
    }

export function decideTransition(from: ReviewStatus, to: ReviewStatus, mover: Mover, hasComment: boolean): Decision {
  const transition = TRANSITIONS.find((t) => t.from === from && t.to === to)
  if (!transition) return { ok: false, code: 'SANAD_ERR_TRANSITION_INVALID' }
  if (transition.by === 'author') {
    if (!mover.isAuthor || !mover.mayWrite) return { ok: false, code: 'SANAD_ERR_FORBIDDEN' }
  } else {
    // The author's own review step is refused before the role is looked at: four eyes, whatever the role.
    if (mover.isAuthor) return { ok: false, code: 'SANAD_ERR_SECOND_REVIEWER_REQUIRED' }
    if (!mover.mayReview) return { ok: false, code: 'SANAD_ERR_FORBIDDEN' }
  }
  if (transition.commentRequired && !hasComment) return { ok: false, code: 'SANAD_ERR_COMMENT_REQUIRED' }
  return { ok: true, transition }
}

/** The moves open to this asker from `from` (what the web app offers as buttons). */
export function movesFor(from: ReviewStatus, mover: Mover): ReviewStatus[] {
  return TRANSITIONS.filter((t) => t.from === from && decideTransition(from, t.to, mover, true).ok).map((t) => t.to)
}
