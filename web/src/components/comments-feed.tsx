import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { ApiError, get, post, query } from '../api.ts'
import { ErrorBox, Field, Instant } from './ui.tsx'
import { Actor } from './actor.tsx'
import { can } from '../permissions.ts'

export type CommentView = {
  id: string
  incidentId: string
  evidenceId?: string
  author: string
  body: string
  mentions: string[]
  createdAt: string
}

/**
 * The comment feed of an incident (or, with `evidenceId`, of one of its exhibits): oldest first, and a
 * box to add one. `@username` or `@STAFF-CODE` notifies that account if it may read the incident; the
 * server says whom it notified. Whom need-to-know bars sees nothing of it (the server answers 403).
 */
export function CommentsFeed(props: { incidentId: string; evidenceId?: string }): JSX.Element | null {
  const { t, session } = useApp()
  const [items, setItems] = useState<CommentView[] | null>(null)
  const [barred, setBarred] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [notified, setNotified] = useState<number | null>(null)
  const path = `/api/v1/incidents/${props.incidentId}/comments`
  useEffect(() => {
    get<{ items: CommentView[] }>(`${path}${props.evidenceId ? query({ evidenceId: props.evidenceId }) : ''}`)
      .then((r) => setItems(r.items))
      .catch((err) => {
        if (err instanceof ApiError && (err.code === 'SANAD_ERR_NEED_TO_KNOW' || err.status === 403)) setBarred(true)
        else setError(err)
      })
  }, [path, props.evidenceId])
  if (barred || !can(session?.role, 'incident:read')) return null
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (!text.trim()) return
    setBusy(true)
    setError(null)
    try {
      const c = await post<CommentView>(path, { body: text.trim(), ...(props.evidenceId ? { evidenceId: props.evidenceId } : {}) })
      setItems((list) => [...(list ?? []), c])
      setNotified(c.mentions.length)
      setText('')
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const titleId = `comments-title-${props.evidenceId ?? props.incidentId}`
  return (
    <section class="card comments" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('comments.title')}</h2>
      {items && items.length === 0 ? <p class="empty">{t('comments.none')}</p> : null}
      {items && items.length > 0 ? (
        <ol class="comment-feed">
          {items.map((c) => (
            <li key={c.id} class="comment" data-comment={c.id}>
              <p class="comment-meta">
                <Actor actor={c.author} /> · <Instant value={c.createdAt} />
              </p>
              <p class="comment-body" dir="auto">
                {c.body}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      <ErrorBox error={error} />
      {notified !== null ? (
        <p class="hint comment-notified" role="status">
          {t('comments.notified', { n: notified })}
        </p>
      ) : null}
      <form class="comment-form" onSubmit={(e) => void submit(e)}>
        <Field label={t('comments.add')} hint={t('comments.hint')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              name="comment"
              dir="auto"
              rows={3}
              maxLength={5000}
              aria-describedby={describedBy}
              value={text}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy || !text.trim()}>
            {t('comments.post')}
          </button>
        </div>
      </form>
    </section>
  )
}
