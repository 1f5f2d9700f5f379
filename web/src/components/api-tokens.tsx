import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ApiToken, TokenInput } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { del, get, post } from '../api.ts'
import { Badge, ErrorBox, Field, Instant, Loading } from './ui.tsx'
import { SecretOnce } from './secret-once.tsx'
import { validate, type FieldErrors } from '../validation.ts'

/** How long a new token lives unless the user says otherwise (the schema's default). */
const DEFAULT_DAYS = 90

function tokenState(tk: ApiToken, now: number): 'revoked' | 'expired' | 'active' {
  if (tk.revokedAt !== null) return 'revoked'
  if (tk.expiresAt !== null && Date.parse(tk.expiresAt) <= now) return 'expired'
  return 'active'
}

/**
 * One's own API tokens (for scripts such as a nightly `verify`): mint one — its secret is shown once,
 * in place, with a copy button —, see them with their expiry and last use, and revoke one.
 */
export function ApiTokensPanel(): JSX.Element {
  const { t, announce } = useApp()
  const [items, setItems] = useState<ApiToken[] | null>(null)
  const [version, setVersion] = useState(0)
  const [name, setName] = useState('')
  const [days, setDays] = useState(String(DEFAULT_DAYS))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [minted, setMinted] = useState<ApiToken | null>(null)

  useEffect(() => {
    get<{ items: ApiToken[] }>('/api/v1/auth/tokens')
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [version])

  async function mint(e: Event): Promise<void> {
    e.preventDefault()
    const n = Number(days)
    const body: TokenInput = { name: name.trim(), expiresInDays: Number.isInteger(n) ? n : Number.NaN }
    const errs = validate('tokenInput', body, t)
    setErrors(errs)
    if (Object.keys(errs).length > 0) return
    setError(null)
    try {
      const tk = await post<ApiToken>('/api/v1/auth/tokens', body)
      setMinted(tk)
      setName('')
      setDays(String(DEFAULT_DAYS))
      announce(t('tokens.created', { name: tk.name }))
      setVersion((v) => v + 1)
    } catch (err) {
      setError(err)
    }
  }

  async function revoke(tk: ApiToken): Promise<void> {
    if (!window.confirm(t('tokens.revokeConfirm', { name: tk.name }))) return
    setError(null)
    try {
      await del(`/api/v1/auth/tokens/${tk.id}`)
      announce(t('tokens.revoked', { name: tk.name }))
      setVersion((v) => v + 1)
    } catch (err) {
      setError(err)
    }
  }

  const now = Date.now()
  return (
    <section class="card api-tokens">
      <h2>{t('tokens.title')}</h2>
      <p class="hint">{t('tokens.hint')}</p>
      <ErrorBox error={error} />
      {minted?.token ? (
        <SecretOnce
          secret={minted.token}
          label={t('tokens.secret')}
          copyLabel={t('tokens.copy')}
          hideLabel={t('users.hidePassword')}
          copiedText={t('tokens.copied')}
          copyFailedText={t('tokens.copyFailed')}
          subject={minted.name}
          onDone={() => setMinted(null)}
        >
          {t('tokens.createdLong', { name: minted.name })}
        </SecretOnce>
      ) : null}
      <form class="token-form" noValidate onSubmit={(e) => void mint(e)}>
        <Field label={t('tokens.name')} hint={t('tokens.nameHint')} required error={errors.name}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="name"
              dir="auto"
              maxLength={100}
              required
              aria-describedby={describedBy}
              aria-invalid={errors.name ? 'true' : undefined}
              value={name}
              onInput={(e) => {
                setName(e.currentTarget.value)
                if (errors.name) setErrors(({ name: _, ...rest }) => rest)
              }}
            />
          )}
        </Field>
        <Field label={t('tokens.days')} hint={t('tokens.daysHint')} error={errors.expiresInDays}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="expiresInDays"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              dir="ltr"
              aria-describedby={describedBy}
              aria-invalid={errors.expiresInDays ? 'true' : undefined}
              value={days}
              onInput={(e) => {
                setDays(e.currentTarget.value)
                if (errors.expiresInDays) setErrors(({ expiresInDays: _, ...rest }) => rest)
              }}
            />
          )}
        </Field>
        <button type="submit" class="button primary">
          {t('tokens.create')}
        </button>
      </form>
      {items === null ? (
        error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <p class="empty">{t('tokens.none')}</p>
      ) : (
        <table data-testid="api-tokens">
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.state')}</th>
              <th scope="col">{t('tokens.expires')}</th>
              <th scope="col">{t('tokens.lastUsed')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((tk) => {
              const state = tokenState(tk, now)
              return (
                <tr key={tk.id} data-state={state}>
                  <td dir="auto">{tk.name}</td>
                  <td>
                    <Badge kind={state === 'active' ? 'ok' : 'warning'}>{t(`tokens.state.${state}`)}</Badge>
                  </td>
                  <td>{tk.expiresAt ? <Instant value={tk.expiresAt} /> : '—'}</td>
                  <td>{tk.lastUsedAt ? <Instant value={tk.lastUsedAt} /> : t('tokens.neverUsed')}</td>
                  <td>
                    {state === 'active' ? (
                      <button type="button" class="button danger small" onClick={() => void revoke(tk)}>
                        {t('tokens.revoke')}
                        <span class="visually-hidden"> {tk.name}</span>
                      </button>
                    ) : null}
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
