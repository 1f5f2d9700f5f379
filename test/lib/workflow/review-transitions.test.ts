import t from 'tap'
import {
  decideTransition,
  movesFor,
  REVIEW_STATUSES,
  TRANSITIONS,
  type Mover,
  type ReviewStatus
} from '../../../server/lib/workflow/review-transitions.ts'

const author: Mover = { isAuthor: true, mayWrite: true, mayReview: false }
const authorReviewer: Mover = { isAuthor: true, mayWrite: true, mayReview: true }
const colleague: Mover = { isAuthor: false, mayWrite: true, mayReview: false }
const reviewer: Mover = { isAuthor: false, mayWrite: true, mayReview: true }
const legal: Mover = { isAuthor: false, mayWrite: false, mayReview: true }

type Row = [ReviewStatus, ReviewStatus, keyof typeof movers, boolean, string]
const movers = { author, authorReviewer, colleague, reviewer, legal }

// from, to, who, with a comment, → ok or the refusal's code
const TABLE: Row[] = [
  ['draft', 'submitted', 'author', false, 'ok'],
  ['draft', 'submitted', 'authorReviewer', false, 'ok'],
  ['draft', 'submitted', 'colleague', false, 'SANAD_ERR_FORBIDDEN'],
  ['draft', 'submitted', 'reviewer', false, 'SANAD_ERR_FORBIDDEN'],
  ['draft', 'submitted', 'legal', false, 'SANAD_ERR_FORBIDDEN'],
  ['returned', 'submitted', 'author', false, 'ok'],
  ['submitted', 'draft', 'author', false, 'ok'],
  ['submitted', 'draft', 'reviewer', false, 'SANAD_ERR_FORBIDDEN'],
  ['submitted', 'under-review', 'reviewer', false, 'ok'],
  ['submitted', 'under-review', 'legal', false, 'ok'],
  ['submitted', 'under-review', 'colleague', false, 'SANAD_ERR_FORBIDDEN'],
  ['submitted', 'under-review', 'author', false, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED'],
  ['submitted', 'under-review', 'authorReviewer', false, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED'],
  ['submitted', 'returned', 'reviewer', true, 'ok'],
  ['submitted', 'returned', 'reviewer', false, 'SANAD_ERR_COMMENT_REQUIRED'],
  ['under-review', 'verified', 'reviewer', false, 'ok'],
  ['under-review', 'verified', 'legal', true, 'ok'],
  ['under-review', 'verified', 'authorReviewer', false, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED'],
  ['under-review', 'verified', 'author', false, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED'],
  ['under-review', 'verified', 'colleague', false, 'SANAD_ERR_FORBIDDEN'],
  ['under-review', 'returned', 'legal', true, 'ok'],
  ['under-review', 'returned', 'authorReviewer', true, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED'],
  ['verified', 'under-review', 'reviewer', false, 'ok'],
  ['verified', 'under-review', 'authorReviewer', false, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED'],
  // Skipping review, or going back to an edit state, is no move at all.
  ['draft', 'verified', 'reviewer', false, 'SANAD_ERR_TRANSITION_INVALID'],
  ['draft', 'verified', 'authorReviewer', false, 'SANAD_ERR_TRANSITION_INVALID'],
  ['submitted', 'verified', 'reviewer', false, 'SANAD_ERR_TRANSITION_INVALID'],
  ['draft', 'under-review', 'reviewer', false, 'SANAD_ERR_TRANSITION_INVALID'],
  ['verified', 'draft', 'author', false, 'SANAD_ERR_TRANSITION_INVALID'],
  ['verified', 'verified', 'reviewer', false, 'SANAD_ERR_TRANSITION_INVALID'],
  ['returned', 'verified', 'reviewer', false, 'SANAD_ERR_TRANSITION_INVALID']
]

t.test('who may move an incident from which status to which', async (t) => {
  for (const [from, to, who, comment, expected] of TABLE) {
    const d = decideTransition(from, to, movers[who], comment)
    t.equal(d.ok ? 'ok' : d.code, expected, `${from} → ${to} by ${who}${comment ? ' with a comment' : ''}`)
  }
})

t.test('the author never takes a reviewer step on their own incident, whatever their role', async (t) => {
  for (const tr of TRANSITIONS.filter((x) => x.by === 'reviewer')) {
    for (const who of [author, authorReviewer]) {
      const d = decideTransition(tr.from, tr.to, who, true)
      t.notOk(d.ok, `${tr.from} → ${tr.to}`)
    }
  }
})

t.test('verified is reached only from under-review', async (t) => {
  t.same(
    TRANSITIONS.filter((x) => x.to === 'verified').map((x) => x.from),
    ['under-review']
  )
  for (const s of [...TRANSITIONS.map((x) => x.from), ...TRANSITIONS.map((x) => x.to)]) t.ok(REVIEW_STATUSES.includes(s), s)
})

t.test('the moves offered to each asker', async (t) => {
  t.same(movesFor('draft', author), ['submitted'])
  t.same(movesFor('draft', reviewer), [])
  t.same(movesFor('submitted', author), ['draft'])
  t.same(movesFor('submitted', reviewer), ['under-review', 'returned'])
  t.same(movesFor('under-review', legal), ['verified', 'returned'])
  t.same(movesFor('under-review', authorReviewer), [])
  t.same(movesFor('verified', legal), ['under-review'])
})
