import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { useApp, type Role } from '../context.ts'
import { ApiError, post, setCsrfToken } from '../api.ts'
import { Alert, ErrorBox, Field, PageTitle } from '../components/ui.tsx'

type LoginAnswer = { username: string; role: Role; csrfToken: string; expiresAt: string; mfa: 'ok' | 'enrolment-required' }

/**
 * Sign-in, with a second step for the TOTP code when the account has a second factor (or, when the
 * authenticator is lost, one of the account's recovery codes).
 */
export function SignIn(props: { notice?: string }): JSX.Element {
  const { t, setSession } = useApp()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [totp, setTotp] = useState('')
  const [needTotp, setNeedTotp] = useState(false)
  const [useRecovery, setUseRecovery] = useState(false)
  const [recoveryCode, setRecoveryCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const body: Record<string, string> = { username: username.trim(), password }
      if (needTotp && useRecovery) body.recoveryCode = recoveryCode.trim()
      else if (needTotp) body.totp = totp.trim()
      const res = await post<LoginAnswer>('/api/v1/auth/login', body, { quietAuth: true })
      setCsrfToken(res.csrfToken)
      setPassword('')
      setRecoveryCode('')
      setSession({ username: res.username, role: res.role, mfa: res.mfa })
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SANAD_ERR_TOTP_REQUIRED') {
        setNeedTotp(true)
        setError(null)
      } else {
        setError(err)
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="sign-in card narrow" aria-labelledby="page-title">
      <PageTitle>{t('signin.title')}</PageTitle>
      <p class="lead">{t('signin.lead')}</p>
      {props.notice ? <Alert kind="info">{props.notice}</Alert> : null}
      <ErrorBox error={error} />
      <form onSubmit={submit} noValidate>
        {!needTotp ? (
          <>
            <Field label={t('signin.username')} required>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  name="username"
                  autoComplete="username"
                  dir="ltr"
                  required
                  value={username}
                  aria-describedby={describedBy}
                  onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
            <Field label={t('signin.password')} required>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  aria-describedby={describedBy}
                  onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
          </>
        ) : (
          <>
            <Alert kind="info">{useRecovery ? t('signin.recoveryNeeded') : t('signin.totpNeeded')}</Alert>
            {useRecovery ? (
              <Field label={t('signin.recoveryCode')} hint={t('signin.recoveryHint')} required>
                {({ id, describedBy }) => (
                  <input
                    id={id}
                    name="recoveryCode"
                    autoComplete="off"
                    maxLength={32}
                    dir="ltr"
                    required
                    value={recoveryCode}
                    aria-describedby={describedBy}
                    autoFocus
                    onInput={(e) => setRecoveryCode((e.currentTarget as HTMLInputElement).value)}
                  />
                )}
              </Field>
            ) : (
              <Field label={t('signin.totp')} hint={t('signin.totpHint')} required>
                {({ id, describedBy }) => (
                  <input
                    id={id}
                    name="totp"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    pattern="[0-9]{6}"
                    maxLength={6}
                    dir="ltr"
                    required
                    value={totp}
                    aria-describedby={describedBy}
                    autoFocus
                    onInput={(e) => setTotp((e.currentTarget as HTMLInputElement).value)}
                  />
                )}
              </Field>
            )}
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setUseRecovery(!useRecovery)
                setError(null)
              }}
            >
              {useRecovery ? t('signin.useTotp') : t('signin.useRecovery')}
            </button>
          </>
        )}
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t('common.working') : t('signin.submit')}
          </button>
          {needTotp ? (
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                setNeedTotp(false)
                setTotp('')
                setRecoveryCode('')
                setUseRecovery(false)
              }}
            >
              {t('common.back')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  )
}
