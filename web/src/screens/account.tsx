import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { del, get, post, setCsrfToken } from '../api.ts'
import { Alert, Badge, ErrorBox, Field, Instant, Loading, Mono, PageTitle } from '../components/ui.tsx'
import { Actor } from '../components/actor.tsx'
import type { MessageKey } from '../i18n/index.ts'
import { validate, type FieldErrors } from '../validation.ts'
import { qrPath } from '../lib/qr.ts'
import { ApiTokensPanel } from '../components/api-tokens.tsx'
import { MediaPreferenceSetting } from '../components/graphic-media.tsx'

/**
 * One's own account: password, second factor and recovery codes, sessions and security events (and,
 * when required, the enrolment screen, which shows the second factor only).
 */
export function AccountPage(props: { enrolmentRequired?: boolean }): JSX.Element {
  const { t, session } = useApp()
  // A change of second factor adds events (and renews this session): the lists below load again.
  const [changes, setChanges] = useState(0)
  return (
    <section>
      <PageTitle>{props.enrolmentRequired ? t('account.enrolTitle') : t('account.title')}</PageTitle>
      {props.enrolmentRequired ? (
        <Alert kind="warning">{t('account.enrolRequired')}</Alert>
      ) : (
        <p class="lead">{t('account.lead', { name: session?.username ?? '' })}</p>
      )}
      <TotpPanel onChanged={() => setChanges((n) => n + 1)} />
      {props.enrolmentRequired ? null : (
        <>
          <PasswordPanel />
          <MediaPreferenceSetting />
          <SessionsPanel key={`s${changes}`} />
          <ApiTokensPanel />
          <EventsPanel key={`e${changes}`} />
        </>
      )}
    </section>
  )
}

/** The current password, asked again before a second factor or recovery codes are issued. */
function PasswordAgain(props: { value: string; onInput: (v: string) => void; name: string }): JSX.Element {
  const { t } = useApp()
  return (
    <Field label={t('account.passwordAgain')} hint={t('account.passwordAgainHint')} required>
      {({ id, describedBy }) => (
        <input
          id={id}
          name={props.name}
          type="password"
          autoComplete="current-password"
          required
          aria-describedby={describedBy}
          value={props.value}
          onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  )
}

/** Recovery codes, shown once: the owner writes them down before going on. */
function RecoveryCodes(props: { codes: string[]; onDone: () => void }): JSX.Element {
  const { t } = useApp()
  return (
    <div class="recovery-codes" data-testid="recovery-codes">
      <Alert kind="warning">{t('account.recoveryShownOnce')}</Alert>
      <ol dir="ltr">
        {props.codes.map((c) => (
          <li key={c}>
            <Mono>{c}</Mono>
          </li>
        ))}
      </ol>
      <button type="button" class="button primary" onClick={props.onDone}>
        {t('account.recoverySaved')}
      </button>
    </div>
  )
}

function PasswordPanel(): JSX.Element {
  const { t, announce } = useApp()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState(false)
  return (
    <form
      class="card"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        const body = { currentPassword: current, newPassword: next }
        const errs = validate('passwordChange', body, t)
        if (next && next.length < 12) errs.newPassword = t('users.passwordRule')
        setErrors(errs)
        if (Object.keys(errs).length > 0) return
        try {
          const r = await post<{ csrfToken: string }>('/api/v1/auth/password', body)
          setCsrfToken(r.csrfToken)
          setCurrent('')
          setNext('')
          setDone(true)
          setError(null)
          announce(t('account.passwordChanged'))
        } catch (err) {
          setError(err)
        }
      }}
    >
      <h2>{t('account.password')}</h2>
      {done ? <Alert kind="success">{t('account.passwordChanged')}</Alert> : null}
      <ErrorBox error={error} />
      <Field label={t('account.currentPassword')} error={errors.currentPassword} required>
        {({ id }) => (
          <input
            id={id}
            type="password"
            autoComplete="current-password"
            value={current}
            onInput={(e) => setCurrent((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <Field label={t('account.newPassword')} hint={t('users.passwordRule')} error={errors.newPassword} required>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            aria-describedby={describedBy}
            value={next}
            onInput={(e) => setNext((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <button type="submit" class="button primary">
        {t('account.changePassword')}
      </button>
    </form>
  )
}

/** A QR code drawn from `text` in the page (black on white, with its quiet zone, whatever the theme). */
function QrCode(props: { text: string; label: string }): JSX.Element {
  // Encoded once per link, not on every keystroke in the code field below it.
  const { size, path } = useMemo(() => qrPath(props.text), [props.text])
  return (
    <svg
      class="qr"
      viewBox={`0 0 ${size} ${size}`}
      width={size * 5}
      height={size * 5}
      role="img"
      aria-label={props.label}
      data-testid="totp-qr"
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}

type TotpStatus = { enabled: boolean; required: boolean; recoveryCodesLeft: number }

function TotpPanel(props: { onChanged: () => void }): JSX.Element {
  const { t, session, setSession } = useApp()
  const [status, setStatus] = useState<TotpStatus | null>(null)
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null)
  const [starting, setStarting] = useState(false)
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<TotpStatus>('/api/v1/auth/totp').then(setStatus).catch(setError)
  }, [version])

  // The session is marked enrolled only once the codes are put away: the enrolment screen is left then.
  const codesSaved = (): void => {
    setCodes(null)
    setVersion(version + 1)
    props.onChanged()
    if (session && session.mfa !== 'ok') setSession({ ...session, mfa: 'ok' })
  }

  let body: JSX.Element
  if (codes) {
    body = <RecoveryCodes codes={codes} onDone={codesSaved} />
  } else if (setup) {
    body = (
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault()
          const errs = validate('totpCode', { code: code.trim() }, t)
          if (Object.keys(errs).length > 0) {
            setError(new Error(t('account.codeInvalid')))
            return
          }
          try {
            const r = await post<{ csrfToken: string; recoveryCodes: string[] }>('/api/v1/auth/totp/confirm', { code: code.trim() })
            setCsrfToken(r.csrfToken)
            setSetup(null)
            setCode('')
            setError(null)
            setCodes(r.recoveryCodes)
          } catch (err) {
            setError(err)
          }
        }}
      >
        <p>{t('account.totpScan')}</p>
        <QrCode text={setup.uri} label={t('account.qr')} />
        <dl class="facts">
          <dt>{t('account.secret')}</dt>
          <dd>
            <Mono>{setup.secret}</Mono>
          </dd>
          <dt>{t('account.uri')}</dt>
          <dd>
            <Mono>{setup.uri}</Mono>
          </dd>
        </dl>
        <Field label={t('signin.totp')} hint={t('signin.totpHint')} required>
          {({ id, describedBy }) => (
            <input
              id={id}
              inputMode="numeric"
              autoComplete="one-time-code"
              dir="ltr"
              maxLength={6}
              aria-describedby={describedBy}
              value={code}
              onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <button type="submit" class="button primary">
          {t('account.confirmTotp')}
        </button>
      </form>
    )
  } else if (starting || (status !== null && !status.enabled)) {
    body = (
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault()
          if (!password) {
            setError(new Error(t('account.passwordAgainMissing')))
            return
          }
          try {
            setSetup(await post('/api/v1/auth/totp/setup', { password }))
            setPassword('')
            setStarting(false)
            setError(null)
          } catch (err) {
            setError(err)
          }
        }}
      >
        <PasswordAgain name="totp-password" value={password} onInput={setPassword} />
        <div class="actions">
          <button type="submit" class="button primary">
            {status?.enabled ? t('account.replaceTotp') : t('account.startTotp')}
          </button>
          {starting ? (
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                setStarting(false)
                setPassword('')
              }}
            >
              {t('common.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    )
  } else if (status) {
    body = (
      <>
        <Alert kind="success">{t('account.totpOn')}</Alert>
        <p data-testid="recovery-left">{t('account.recoveryLeft', { n: status.recoveryCodesLeft })}</p>
        <RegenerateCodes onCodes={setCodes} />
        <div class="actions">
          <button type="button" class="button secondary" onClick={() => setStarting(true)}>
            {t('account.replaceTotp')}
          </button>
        </div>
      </>
    )
  } else {
    body = error ? <></> : <Loading />
  }
  return (
    <section class="card">
      <h2>{t('account.totp')}</h2>
      <p class="hint">{t('account.totpHint')}</p>
      <ErrorBox error={error} />
      {body}
    </section>
  )
}

function RegenerateCodes(props: { onCodes: (codes: string[]) => void }): JSX.Element {
  const { t } = useApp()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>(null)
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        if (!password) {
          setError(new Error(t('account.passwordAgainMissing')))
          return
        }
        try {
          const r = await post<{ recoveryCodes: string[] }>('/api/v1/auth/recovery-codes', { password })
          setPassword('')
          setError(null)
          props.onCodes(r.recoveryCodes)
        } catch (err) {
          setError(err)
        }
      }}
    >
      <ErrorBox error={error} />
      <PasswordAgain name="recovery-password" value={password} onInput={setPassword} />
      <button type="submit" class="button secondary">
        {t('account.recoveryRegenerate')}
      </button>
    </form>
  )
}

type SessionView = { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; current: boolean }

function SessionsPanel(): JSX.Element {
  const { t, setSession, announce } = useApp()
  const [items, setItems] = useState<SessionView[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<{ items: SessionView[] }>('/api/v1/auth/sessions')
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [version])
  const end = async (s: SessionView): Promise<void> => {
    try {
      await del(`/api/v1/auth/sessions/${s.id}`)
      if (s.current) {
        setCsrfToken(null)
        setSession(null)
        return
      }
      announce(t('account.sessionEnded'))
      setVersion(version + 1)
    } catch (err) {
      setError(err)
    }
  }
  return (
    <section class="card">
      <h2>{t('account.sessions')}</h2>
      <p class="hint">{t('account.sessionsHint')}</p>
      <ErrorBox error={error} />
      {!items ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <>
          <table data-testid="sessions">
            <thead>
              <tr>
                <th scope="col">{t('account.device')}</th>
                <th scope="col">{t('account.signedInAt')}</th>
                <th scope="col">{t('account.lastSeen')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <span dir="ltr">{s.userAgent ?? t('account.unknownDevice')}</span>{' '}
                    {s.current ? <Badge kind="ok">{t('account.thisSession')}</Badge> : null}
                  </td>
                  <td>
                    <Instant value={s.createdAt} />
                  </td>
                  <td>
                    <Instant value={s.lastSeenAt} />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button secondary small"
                      onClick={() => {
                        void end(s)
                      }}
                    >
                      {s.current ? t('account.endThis') : t('account.endSession')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.some((s) => !s.current) ? (
            <button
              type="button"
              class="button danger"
              onClick={async () => {
                try {
                  const r = await del<{ ended: number }>('/api/v1/auth/sessions')
                  announce(t('account.othersEnded', { n: r.ended }))
                  setVersion(version + 1)
                } catch (err) {
                  setError(err)
                }
              }}
            >
              {t('account.endOthers')}
            </button>
          ) : null}
        </>
      )}
    </section>
  )
}

export type SecurityEvent = { type: string; detail: string | null; at: string; actor: string; userAgent: string | null }

const DETAIL_WORDS = new Set(['password', 'totp', 'recovery-code', 'disabled', 'first', 'replaced'])

/** A list of account-security events (one's own, or an account's for an admin). */
export function SecurityEventsTable(props: { items: SecurityEvent[] }): JSX.Element {
  const { t } = useApp()
  if (props.items.length === 0) return <p class="empty">{t('events.none')}</p>
  return (
    <table data-testid="security-events">
      <thead>
        <tr>
          <th scope="col">{t('events.when')}</th>
          <th scope="col">{t('events.what')}</th>
          <th scope="col">{t('account.device')}</th>
          <th scope="col">{t('events.by')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((e, i) => (
          <tr key={i} data-type={e.type}>
            <td>
              <Instant value={e.at} />
            </td>
            <td>
              {t(`events.type.${e.type}` as MessageKey)}
              {e.detail === null ? null : DETAIL_WORDS.has(e.detail) ? (
                <> · {t(`events.detail.${e.detail}` as MessageKey)}</>
              ) : (
                <>
                  {' '}
                  · <Mono>{e.detail}</Mono>
                </>
              )}
            </td>
            <td>
              <span dir="ltr">{e.userAgent ?? '—'}</span>
            </td>
            <td>
              <Actor actor={e.actor} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function EventsPanel(): JSX.Element {
  const { t } = useApp()
  const [items, setItems] = useState<SecurityEvent[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    get<{ items: SecurityEvent[] }>('/api/v1/auth/events')
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [])
  return (
    <section class="card">
      <h2>{t('events.title')}</h2>
      <p class="hint">{t('events.hint')}</p>
      <ErrorBox error={error} />
      {!items ? error ? null : <Loading /> : <SecurityEventsTable items={items} />}
    </section>
  )
}
