import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp, type Role } from '../context.ts'
import { api, del, get, post, query } from '../api.ts'
import { Alert, Badge, ErrorBox, Field, Instant, Mono, PageTitle, Loading } from '../components/ui.tsx'
import { ROLES } from '../schema-enums.ts'
import type { MessageKey } from '../i18n/index.ts'
import { validate, type FieldErrors } from '../validation.ts'
import { SecurityEventsTable, type SecurityEvent } from './account.tsx'
import { refreshDirectory } from '../components/actor.tsx'
import { SecretOnce } from '../components/secret-once.tsx'

type User = {
  id: string
  username: string
  role: Role
  disabled: boolean
  totpEnabled: boolean
  createdAt: string
  lastLoginAt: string | null
  staffCode?: string | null
}
/** A message about an account, kept as a key so it follows a change of language. */
type Notice = { kind: 'success' | 'info'; key: MessageKey; name: string }
type Clearance = {
  incidentId: string
  incidentReference?: string
  grantedAt: string
  grantedBy: string
  revokedAt: string | null
  revokedBy: string | null
}
type ClearanceRequest = {
  id: string
  userId: string
  incidentId: string
  status: 'pending' | 'approved' | 'rejected'
  requestedAt: string
  requestedBy: string
  decidedAt: string | null
  decidedBy: string | null
}

/** A passphrase of six random words-worth of letters; typed once, then changed by its owner. */
function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(20))
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}-${chars.slice(15, 20)}`
}

/** Accounts: create, disable and enable, reset passwords and second factors, need-to-know clearances. */
export function UsersPage(): JSX.Element {
  const { t } = useApp()
  const [users, setUsers] = useState<User[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  const [notice, setNotice] = useState<Notice | null>(null)

  useEffect(() => {
    get<{ items: User[] }>('/api/v1/users')
      .then((r) => setUsers(r.items))
      .catch(setError)
  }, [version])
  const refresh = (): void => setVersion((v) => v + 1)

  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      <p class="lead">{t('users.lead')}</p>
      {notice ? <Alert kind={notice.kind}>{t(notice.key, { name: notice.name })}</Alert> : null}
      <CreateUser
        onCreated={(u) => {
          setNotice({ kind: 'success', key: 'users.created', name: u.username })
          // The new account is named wherever it acts from now on.
          void refreshDirectory()
          refresh()
        }}
      />
      <ErrorBox error={error} />
      {users ? <PendingClearances users={users} version={version} onChanged={refresh} /> : null}
      {!users ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <table class="users-table stack-table">
          <caption>{t('users.caption', { n: users.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">{t('users.mfa')}</th>
              <th scope="col">{t('users.lastLogin')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} onChanged={refresh} onNotice={setNotice} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function UserRow(props: { user: User; onChanged: () => void; onNotice: (n: Notice) => void; onError: (e: unknown) => void }): JSX.Element {
  const { t } = useApp()
  const u = props.user
  // A reset's one-time password is shown in this account's row, where the admin clicked, not at the top.
  const [secret, setSecret] = useState<string | null>(null)
  const [showClearances, setShowClearances] = useState(false)
  const [showEvents, setShowEvents] = useState(false)
  const act = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
      props.onChanged()
    } catch (err) {
      props.onError(err)
    }
  }
  return (
    <>
      <tr data-username={u.username}>
        <th scope="row">
          <span dir="ltr">{u.username}</span>
        </th>
        <td data-label={t('users.role')}>{t(`role.${u.role}` as MessageKey)}</td>
        <td data-label={t('users.state')}>
          {u.disabled ? <Badge kind="error">{t('users.disabled')}</Badge> : <Badge kind="ok">{t('users.active')}</Badge>}
        </td>
        <td data-label={t('users.mfa')}>{u.totpEnabled ? t('common.yes') : t('common.no')}</td>
        <td data-label={t('users.lastLogin')}>
          <Instant value={u.lastLoginAt} />
        </td>
        <td data-label={t('users.actions')} class="row-actions">
          {u.disabled ? (
            <button
              type="button"
              class="button secondary small"
              onClick={() =>
                act(async () => {
                  await post(`/api/v1/users/${u.id}/enable`)
                  props.onNotice({ kind: 'success', key: 'users.enabledDone', name: u.username })
                })
              }
            >
              {t('users.enable')}
              <span class="visually-hidden"> {u.username}</span>
            </button>
          ) : (
            <button
              type="button"
              class="button danger small"
              onClick={() => {
                if (confirm(t('users.confirmDisable', { name: u.username })))
                  void act(async () => {
                    await post(`/api/v1/users/${u.id}/disable`)
                    props.onNotice({ kind: 'success', key: 'users.disabledDone', name: u.username })
                  })
              }}
            >
              {t('users.disable')}
              <span class="visually-hidden"> {u.username}</span>
            </button>
          )}
          <button
            type="button"
            class="button secondary small"
            onClick={() => {
              if (confirm(t('users.confirmReset', { name: u.username })))
                void act(async () => {
                  const r = await post<{ password?: string }>(`/api/v1/users/${u.id}/password`, {})
                  if (r.password) setSecret(r.password)
                  else props.onNotice({ kind: 'info', key: 'users.resetDone', name: u.username })
                })
            }}
          >
            {t('users.resetPassword')}
            <span class="visually-hidden"> {u.username}</span>
          </button>
          {u.totpEnabled ? (
            <button
              type="button"
              class="button secondary small"
              onClick={() => {
                if (confirm(t('users.confirmMfa', { name: u.username })))
                  void act(async () => {
                    await post(`/api/v1/users/${u.id}/totp/reset`)
                    props.onNotice({ kind: 'success', key: 'users.mfaResetDone', name: u.username })
                  })
              }}
            >
              {t('users.resetMfa')}
              <span class="visually-hidden"> {u.username}</span>
            </button>
          ) : null}
          <StaffCodeForm user={u} onChanged={props.onChanged} onNotice={props.onNotice} onError={props.onError} />
          <button type="button" class="link-button" aria-expanded={showClearances} onClick={() => setShowClearances(!showClearances)}>
            {t('users.clearances')}
            <span class="visually-hidden"> {u.username}</span>
          </button>
          <button type="button" class="link-button" aria-expanded={showEvents} onClick={() => setShowEvents(!showEvents)}>
            {t('users.events')}
            <span class="visually-hidden"> {u.username}</span>
          </button>
        </td>
      </tr>
      {secret ? (
        <tr class="one-time-password">
          <td colSpan={6}>
            <OneTimePassword name={u.username} secret={secret} onDone={() => setSecret(null)} />
          </td>
        </tr>
      ) : null}
      {showClearances ? (
        <tr>
          <td colSpan={6}>
            <Clearances user={u} onChanged={props.onChanged} />
          </td>
        </tr>
      ) : null}
      {showEvents ? (
        <tr>
          <td colSpan={6}>
            <UserEvents user={u} />
          </td>
        </tr>
      ) : null}
    </>
  )
}

/**
 * An account's staff code (2–16 capitals, digits, dashes; unique): custody events and dossiers name
 * custodians by it. Empty removes it. The directory is fetched again so actors show "name (code)".
 */
function StaffCodeForm(props: {
  user: User
  onChanged: () => void
  onNotice: (n: Notice) => void
  onError: (e: unknown) => void
}): JSX.Element {
  const { t } = useApp()
  const u = props.user
  const [code, setCode] = useState(u.staffCode ?? '')
  return (
    <form
      class="staff-code-form inline"
      onSubmit={(e) => {
        e.preventDefault()
        const staffCode = code.trim().toUpperCase() === '' ? null : code.trim().toUpperCase()
        api('PUT', `/api/v1/users/${u.id}/staff-code`, { staffCode })
          .then(async () => {
            await refreshDirectory()
            props.onNotice({ kind: 'success', key: 'users.staffCodeSaved', name: u.username })
            props.onChanged()
          })
          .catch(props.onError)
      }}
    >
      <label>
        {t('users.staffCode')}
        <span class="visually-hidden"> {u.username}</span>{' '}
        <input
          name="staff-code"
          dir="ltr"
          size={10}
          maxLength={16}
          pattern="[A-Za-z0-9-]{2,16}"
          title={t('users.staffCodeHint')}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>{' '}
      <button type="submit" class="button secondary small">
        {t('users.staffCodeSave')}
        <span class="visually-hidden"> {u.username}</span>
      </button>
    </form>
  )
}

/** A one-time password where it was asked for: brought into view, with a copy button, hidden when done. */
function OneTimePassword(props: { name: string; secret: string; onDone: () => void }): JSX.Element {
  const { t } = useApp()
  return (
    <SecretOnce
      secret={props.secret}
      label={t('users.oneTimePassword')}
      copyLabel={t('users.copyPassword')}
      hideLabel={t('users.hidePassword')}
      copiedText={t('users.copied')}
      copyFailedText={t('users.copyFailed')}
      subject={props.name}
      onDone={props.onDone}
    >
      {t('users.resetDone', { name: props.name })}
    </SecretOnce>
  )
}

/**
 * Clearance requests waiting for a second admin. The server refuses an approval by the admin who asked
 * (or by the account to be cleared); the button is not offered for one's own requests.
 */
function PendingClearances(props: { users: User[]; version: number; onChanged: () => void }): JSX.Element {
  const { t, session } = useApp()
  const [items, setItems] = useState<ClearanceRequest[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    get<{ items: ClearanceRequest[] }>('/api/v1/clearance-requests?status=pending')
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [props.version])
  const nameOf = (actorOrId: string): string => props.users.find((u) => u.id === actorOrId.replace(/^user:/, ''))?.username ?? actorOrId
  const decide = async (id: string, decision: 'approve' | 'reject'): Promise<void> => {
    try {
      await post(`/api/v1/clearance-requests/${id}/${decision}`)
      setError(null)
      props.onChanged()
    } catch (err) {
      setError(err)
    }
  }
  return (
    <section class="card pending-clearances">
      <h2>{t('users.pending')}</h2>
      <p class="hint">{t('users.pendingHint')}</p>
      <ErrorBox error={error} />
      {!items ? null : items.length === 0 ? (
        <p class="empty">{t('users.noPending')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('users.forUser')}</th>
              <th scope="col">{t('users.incidentId')}</th>
              <th scope="col">{t('users.requestedBy')}</th>
              <th scope="col">{t('users.requestedOn')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => {
              const own = nameOf(r.requestedBy) === session?.username
              return (
                <tr key={r.id} data-request={r.id}>
                  <td>
                    <span dir="ltr">{nameOf(r.userId)}</span>
                  </td>
                  <td>
                    <Mono>{r.incidentId}</Mono>
                  </td>
                  <td>
                    <span dir="ltr">{nameOf(r.requestedBy)}</span>
                  </td>
                  <td>
                    <Instant value={r.requestedAt} />
                  </td>
                  <td class="row-actions">
                    {own ? (
                      <span class="hint">{t('users.ownRequest')}</span>
                    ) : (
                      <button type="button" class="button primary small" onClick={() => void decide(r.id, 'approve')}>
                        {t('users.approve')}
                        <span class="visually-hidden"> {nameOf(r.userId)}</span>
                      </button>
                    )}
                    <button type="button" class="button secondary small" onClick={() => void decide(r.id, 'reject')}>
                      {t('users.reject')}
                      <span class="visually-hidden"> {nameOf(r.userId)}</span>
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

function Clearances(props: { user: User; onChanged: () => void }): JSX.Element {
  const { t } = useApp()
  const [filed, setFiled] = useState(false)
  const [items, setItems] = useState<Clearance[] | null>(null)
  const [chosen, setChosen] = useState<Candidate | null>(null)
  const [pickerKey, setPickerKey] = useState(0)
  const [error, setError] = useState<unknown>(null)
  const [pickError, setPickError] = useState<string | undefined>(undefined)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<{ items: Clearance[] }>(`/api/v1/users/${props.user.id}/clearances`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [version])
  const active = (items ?? []).filter((c) => !c.revokedAt)
  return (
    <div class="clearances">
      <h3>{t('users.clearancesOf', { name: props.user.username })}</h3>
      <p class="hint">{t('users.clearancesHint')}</p>
      <ErrorBox error={error} />
      {filed ? <Alert kind="info">{t('users.requestFiled')}</Alert> : null}
      {active.length === 0 ? (
        <p class="empty">{t('users.noClearances')}</p>
      ) : (
        <ul>
          {active.map((c) => (
            <li key={c.incidentId}>
              {c.incidentReference ? <span dir="ltr">{c.incidentReference}</span> : <Mono>{c.incidentId}</Mono>} ·{' '}
              <Instant value={c.grantedAt} />{' '}
              <button
                type="button"
                class="button secondary small"
                onClick={async () => {
                  try {
                    await del(`/api/v1/users/${props.user.id}/clearances/${c.incidentId}`)
                    setVersion(version + 1)
                  } catch (err) {
                    setError(err)
                  }
                }}
              >
                {t('users.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="clearance-form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (chosen === null) {
            setError(null)
            setPickError(t('users.pickIncident'))
            return
          }
          try {
            // 202: a request another admin must approve; 201: in effect at once (the only active admin).
            const r = await post<Clearance | ClearanceRequest>(`/api/v1/users/${props.user.id}/clearances`, {
              incidentId: chosen.id
            })
            setFiled('status' in r && r.status === 'pending')
            setChosen(null)
            setPickerKey((k) => k + 1)
            setError(null)
            setVersion(version + 1)
            props.onChanged()
          } catch (err) {
            setError(err)
          }
        }}
      >
        <ClearanceIncidentPicker
          key={pickerKey}
          error={pickError}
          onChoose={(c) => {
            setChosen(c)
            setPickError(undefined)
          }}
        />
        <button type="submit" class="button secondary">
          {t('users.grant')}
        </button>
      </form>
    </div>
  )
}

type Candidate = { id: string; reference: string }

/**
 * The incident to clear an account for, found by its reference (admins see no records: no titles).
 * Results come as the admin types, as a group of choices.
 */
function ClearanceIncidentPicker(props: { error?: string; onChoose: (c: Candidate | null) => void }): JSX.Element {
  const { t } = useApp()
  const [q, setQ] = useState('')
  const [found, setFound] = useState<Candidate[] | null>(null)
  const [chosen, setChosen] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    const text = q.trim()
    if (text === '') {
      setFound(null)
      return
    }
    // Waits for a pause in typing, and drops an answer that arrives after a newer search.
    let current = true
    const timer = setTimeout(() => {
      get<{ items: Candidate[] }>(`/api/v1/clearance-incidents${query({ q: text })}`)
        .then((r) => {
          if (current) setFound(r.items)
        })
        .catch((err) => {
          if (current) setError(err)
        })
    }, 250)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [q])
  return (
    <div class="incident-picker">
      <Field label={t('users.incidentSearch')} hint={t('users.incidentSearchHint')} error={props.error}>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="search"
            dir="ltr"
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={props.error ? 'true' : undefined}
            value={q}
            onInput={(e) => {
              setQ(e.currentTarget.value)
              setChosen(null)
              props.onChoose(null)
            }}
          />
        )}
      </Field>
      <ErrorBox error={error} />
      {found === null ? null : found.length === 0 ? (
        <p class="empty" role="status">
          {t('users.noIncidentFound')}
        </p>
      ) : (
        <fieldset class="incident-choices">
          <legend>{t('users.incidentChoices', { n: found.length })}</legend>
          {found.map((c) => (
            <label key={c.id} class="choice">
              <input
                type="radio"
                name="clearance-incident"
                value={c.id}
                checked={chosen === c.id}
                onChange={() => {
                  setChosen(c.id)
                  props.onChoose(c)
                }}
              />{' '}
              <span dir="ltr">{c.reference}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  )
}

function CreateUser(props: { onCreated: (u: User) => void }): JSX.Element {
  const { t } = useApp()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>('documenter')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      class="card create-user"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        const input = { username: username.trim(), password, role }
        const errs = validate('userInput', input, t)
        if (password.length > 0 && password.length < 12) errs.password = t('users.passwordRule')
        setErrors(errs)
        if (Object.keys(errs).length > 0) return
        setBusy(true)
        setError(null)
        try {
          const u = await post<User>('/api/v1/users', input)
          // The next account starts from the defaults, not from this one's role.
          setUsername('')
          setPassword('')
          setRole('documenter')
          setErrors({})
          props.onCreated(u)
        } catch (err) {
          setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <h2>{t('users.create')}</h2>
      <ErrorBox error={error} />
      <div class="grid">
        <Field label={t('users.username')} hint={t('users.usernameHint')} error={errors.username} required>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="new-username"
              dir="ltr"
              autoComplete="off"
              value={username}
              aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={describedBy}
              onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field label={t('users.password')} hint={t('users.passwordRule')} error={errors.password} required>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="new-password"
              dir="ltr"
              type="text"
              autoComplete="new-password"
              value={password}
              aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={describedBy}
              onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field label={t('users.role')} required>
          {({ id }) => (
            <select id={id} name="new-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}` as MessageKey)} — {t(`roleHint.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="actions">
        <button type="button" class="button secondary" onClick={() => setPassword(randomPassword())}>
          {t('users.generate')}
        </button>
        <button type="submit" class="button primary" disabled={busy}>
          {t('users.createSubmit')}
        </button>
      </div>
    </form>
  )
}

/** An account's security events, as its owner sees them on their account page. */
function UserEvents(props: { user: User }): JSX.Element {
  const { t } = useApp()
  const [items, setItems] = useState<SecurityEvent[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    get<{ items: SecurityEvent[] }>(`/api/v1/users/${props.user.id}/security-events`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [props.user.id])
  return (
    <div class="user-events">
      <h3>{t('users.eventsOf', { name: props.user.username })}</h3>
      <ErrorBox error={error} />
      {!items ? error ? null : <Loading /> : <SecurityEventsTable items={items} />}
    </div>
  )
}
