import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { useApp, type Role } from '../context.ts'
import { ApiError, post, setCsrfToken } from '../api.ts'
import { ErrorBox, Field } from './ui.tsx'

/**
 * A modal dialog over the page (the native <dialog>: focus kept inside, Escape closes, the page
 * behind inert), labelled by its heading.
 */
function Modal(props: { title: string; onCancel: () => void; children: ComponentChildren; testId: string }): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      class="modal card"
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault()
        props.onCancel()
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  )
}

/** Asks before leaving a form whose changes are not saved. */
export function LeaveDialog(props: { onStay: () => void; onLeave: () => void }): JSX.Element {
  const { t } = useApp()
  return (
    <Modal title={t('leave.title')} onCancel={props.onStay} testId="leave-dialog">
      <p>{t('leave.text')}</p>
      <div class="actions">
        <button type="button" class="button primary" onClick={props.onStay} autoFocus>
          {t('leave.stay')}
        </button>
        <button type="button" class="button secondary" onClick={props.onLeave}>
          {t('leave.go')}
        </button>
      </div>
    </Modal>
  )
}

type LoginAnswer = { username: string; role: Role; csrfToken: string }

/**
 * Sign-in again over the page when the session ended while working: the same account (its name
 * is not asked), the second factor when the account has one. The form behind stays as it was;
 * the request that found the session gone is sent again once signed in.
 */
export function ReauthDialog(props: { username: string; onSignedIn: () => void; onGiveUp: () => void }): JSX.Element {
  const { t } = useApp()
  const [password, setPassword] = useState('')
  const [totp, setTotp] = useState('')
  const [needTotp, setNeedTotp] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const body: Record<string, string> = { username: props.username, password }
      if (needTotp) body.totp = totp.trim()
      const res = await post<LoginAnswer>('/api/v1/auth/login', body, { quietAuth: true })
      setCsrfToken(res.csrfToken)
      setPassword('')
      props.onSignedIn()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SANAD_ERR_TOTP_REQUIRED') setNeedTotp(true)
      else setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={t('reauth.title')} onCancel={props.onGiveUp} testId="reauth-dialog">
      <p>{t('reauth.lead')}</p>
      <p>
        {t('signin.username')}: <strong dir="ltr">{props.username}</strong>
      </p>
      <ErrorBox error={error} />
      <form onSubmit={submit} noValidate>
        {/* Password managers fill the right account with its name present (hidden, not asked). */}
        <input type="text" name="username" autoComplete="username" value={props.username} hidden readOnly />
        {needTotp ? (
          <Field label={t('signin.totp')} hint={t('signin.totpHint')} required>
            {({ id, describedBy }) => (
              <input
                id={id}
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
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
        ) : (
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
                autoFocus
                onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
        )}
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t('common.working') : t('signin.submit')}
          </button>
          <button type="button" class="button secondary" onClick={props.onGiveUp}>
            {t('reauth.giveUp')}
          </button>
        </div>
      </form>
    </Modal>
  )
}
