import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import { Badge, ErrorBox, Field, Instant } from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import type { MessageKey } from '../i18n/index.ts'
import { can } from '../permissions.ts'

type Step = { id: string; from: string; to: string; revision: number; actor: string; comment?: string; createdAt: string }

/**
 * Review before verified: the status, the moves the server offers this reader (`moves`: the author
 * submits, someone else with the review role takes, verifies or returns), a comment for the author,
 * and the review history with its comments.
 */
export function ReviewPanel(props: { incident: Incident; onChanged: () => void }): JSX.Element {
  const { t, session } = useApp()
  const i = props.incident
  const [history, setHistory] = useState<Step[] | null>(null)
  const [comment, setComment] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    get<{ items: Step[] }>(`/api/v1/incidents/${i.id}/transitions`)
      .then((h) => setHistory(h.items))
      .catch(setError)
  }, [i.id, i.revision])
  const moves = i.retracted ? [] : (i.moves ?? [])
  const commentable = moves.includes('returned') || moves.includes('verified')
  const status = (s: string): string => t(`status.${s}` as MessageKey)
  const move = async (to: string): Promise<void> => {
    if (to === 'returned' && !comment.trim()) {
      setError(new Error(t('error.SANAD_ERR_COMMENT_REQUIRED')))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await post(`/api/v1/incidents/${i.id}/transitions`, {
        to,
        baseRevision: i.revision,
        ...(comment.trim() && (to === 'returned' || to === 'verified') ? { comment: comment.trim() } : {})
      })
      setComment('')
      props.onChanged()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="card review" aria-labelledby="review-title">
      <h2 id="review-title">{t('review.title')}</h2>
      <p>
        <Badge kind={`status-${i.retracted ? 'retracted' : i.status}`}>{status(i.retracted ? 'retracted' : i.status)}</Badge>{' '}
        <span class="secondary">
          {t('review.assignee')}:{' '}
          {i.assignee ? (
            <span class="assignee">
              <Actor actor={i.assignee} />
            </span>
          ) : (
            t('review.unassigned')
          )}
        </span>
      </p>
      {/* A reviewer offered no review step on an incident in review is its author: say why. */}
      {!i.retracted &&
      can(session?.role, 'incident:review') &&
      ['submitted', 'under-review', 'verified'].includes(i.status) &&
      !moves.some((m) => m !== 'draft') ? (
        <p class="hint second-person">{t('review.secondPerson')}</p>
      ) : null}
      <ErrorBox error={error} />
      {commentable ? (
        <Field label={t('review.comment')} hint={t('review.commentHint')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              name="review-comment"
              dir="auto"
              rows={3}
              aria-describedby={describedBy}
              value={comment}
              onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      ) : null}
      {moves.length > 0 ? (
        <div class="actions review-moves">
          {moves.map((to) => (
            <button
              key={to}
              type="button"
              data-move={to}
              class={`button ${to === 'verified' || to === 'submitted' ? 'primary' : 'secondary'}`}
              disabled={busy}
              onClick={() => void move(to)}
            >
              {t(`review.move.${to}` as MessageKey)}
            </button>
          ))}
        </div>
      ) : null}
      <h3>{t('review.history')}</h3>
      {history && history.length === 0 ? <p class="empty">{t('review.noHistory')}</p> : null}
      {history && history.length > 0 ? (
        <ol class="review-history">
          {history.map((s) => (
            <li key={s.id}>
              <Instant value={s.createdAt} /> · {t('review.step', { from: status(s.from), to: status(s.to) })} · <Actor actor={s.actor} />
              {s.comment ? (
                <blockquote dir="auto" class="review-comment">
                  {s.comment}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}
