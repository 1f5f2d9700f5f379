import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import { ErrorBox, Instant, Link, Loading, PageTitle } from './ui.tsx'
import { directoryEntry } from './actor.tsx'
import { formatNumber } from '../lib/format.ts'

export type NotificationView = {
  id: string
  kind: 'mention'
  actor: string
  incidentId: string
  incidentReference: string
  evidenceId?: string
  evidenceStableId?: string
  commentId: string
  createdAt: string
  read: boolean
}

type Inbox = { items: NotificationView[]; unread: number }

const listeners = new Set<() => void>()
/** Asks the header's count to look again (after notifications were read). */
export function refreshNotifications(): void {
  for (const l of listeners) l()
}

/** Who, as the rest of the app names accounts: staff code, else username, else the id as recorded. */
function who(actor: string): string {
  const e = directoryEntry(actor)
  return e ? (e.staffCode ?? e.username) : actor
}

/** The header's link to the notifications, with the unread count; looks again on each page and every minute. */
export function NotificationsLink(): JSX.Element {
  const { t, lang, path } = useApp()
  const [unread, setUnread] = useState(0)
  useEffect(() => {
    let live = true
    const load = (): void => {
      get<Inbox>('/api/v1/notifications', { quietAuth: true })
        .then((r) => {
          if (live) setUnread(r.unread)
        })
        .catch(() => undefined)
    }
    load()
    listeners.add(load)
    const timer = setInterval(load, 60_000)
    return () => {
      live = false
      listeners.delete(load)
      clearInterval(timer)
    }
  }, [path])
  return (
    <Link href="/notifications" class="notifications-link">
      {t('notifications.title')}
      {unread > 0 ? (
        <span class="badge notifications-unread" data-unread={unread}>
          {formatNumber(unread, lang)}
          <span class="visually-hidden"> {t('notifications.unread')}</span>
        </span>
      ) : null}
    </Link>
  )
}

/** The notifications screen: newest first, each saying who mentioned you where; never the comment's text. */
export function NotificationsPage(): JSX.Element {
  const { t, navigate } = useApp()
  const [inbox, setInbox] = useState<Inbox | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<Inbox>('/api/v1/notifications').then(setInbox).catch(setError)
  }, [version])
  const open = async (n: NotificationView): Promise<void> => {
    if (!n.read) await post(`/api/v1/notifications/${n.id}/read`).catch(() => undefined)
    refreshNotifications()
    navigate(n.evidenceId ? `/evidence/${n.evidenceId}` : `/incidents/${n.incidentId}`)
  }
  const readAll = async (): Promise<void> => {
    try {
      await post('/api/v1/notifications/read')
      refreshNotifications()
      setVersion((v) => v + 1)
    } catch (err) {
      setError(err)
    }
  }
  return (
    <article class="notifications">
      <PageTitle>{t('notifications.title')}</PageTitle>
      <ErrorBox error={error} />
      {!inbox && !error ? <Loading /> : null}
      {inbox && inbox.items.length === 0 ? <p class="empty">{t('notifications.none')}</p> : null}
      {inbox && inbox.unread > 0 ? (
        <p class="actions">
          <button type="button" class="button secondary" onClick={() => void readAll()}>
            {t('notifications.readAll')}
          </button>
        </p>
      ) : null}
      {inbox && inbox.items.length > 0 ? (
        <ul class="notification-list">
          {inbox.items.map((n) => (
            <li key={n.id} class={n.read ? 'notification read' : 'notification unread'} data-notification={n.id}>
              <a
                href={n.evidenceId ? `/evidence/${n.evidenceId}` : `/incidents/${n.incidentId}`}
                onClick={(e) => {
                  e.preventDefault()
                  void open(n)
                }}
              >
                {n.evidenceStableId
                  ? t('notifications.mentionExhibit', { who: who(n.actor), exhibit: n.evidenceStableId, reference: n.incidentReference })
                  : t('notifications.mention', { who: who(n.actor), reference: n.incidentReference })}
              </a>{' '}
              <span class="secondary">
                <Instant value={n.createdAt} />
                {n.read ? null : <> · {t('notifications.new')}</>}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  )
}
