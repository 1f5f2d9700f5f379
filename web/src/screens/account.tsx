import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get, post, setCsrfToken } from '../api.ts'
import { Alert, ErrorBox, Field, Mono, PageTitle } from '../components/ui.tsx'
import { validate, type FieldErrors } from '../validation.ts'
import { qrPath } from '../lib/qr.ts'

/** One's own account: password and second factor (and, when required, the enrolment screen). */
export function AccountPage (props: { enrolmentRequired?: boolean }): JSX.Element {
  const { t, session } = useApp()
  return (
    <section>
      <PageTitle>{props.enrolmentRequired ? t('account.enrolTitle') : t('account.title')}</PageTitle>
      {props.enrolmentRequired ? <Alert kind="warning">{t('account.enrolRequired')}</Alert> : <p class="lead">{t('account.lead', { name: session?.username ?? '' })}</p>}
      <TotpPanel />
      {props.enrolmentRequired ? null : <PasswordPanel />}
    </section>
  )
}

function PasswordPanel (): JSX.Element {
  const { t, announce } = useApp()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState(false)
  return (
    <form class="card" noValidate onSubmit={async (e) => {
      e.preventDefault()
      const body = { currentPassword: current, newPassword: next }
      const errs = validate('passwordChange', body, t)
      if (next && next.length < 12) errs.newPassword = t('users.passwordRule')
      setErrors(errs)
      if (Object.keys(errs).length > 0) return
      try {
        const r = await post<{ csrfToken: string }>('/api/v1/auth/password', body)
        setCsrfToken(r.csrfToken)
        setCurrent(''); setNext(''); setDone(true); setError(null)
        announce(t('account.passwordChanged'))
      } catch (err) { setError(err) }
    }}>
      <h2>{t('account.password')}</h2>
      {done ? <Alert kind="success">{t('account.passwordChanged')}</Alert> : null}
      <ErrorBox error={error} />
      <Field label={t('account.currentPassword')} error={errors.currentPassword} required>
        {({ id }) => <input id={id} type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <Field label={t('account.newPassword')} hint={t('users.passwordRule')} error={errors.newPassword} required>
        {({ id, describedBy }) => <input id={id} type="password" autoComplete="new-password" aria-describedby={describedBy} value={next} onInput={(e) => setNext((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <button type="submit" class="button primary">{t('account.changePassword')}</button>
    </form>
  )
}

/** A QR code drawn from `text` in the page (black on white, with its quiet zone, whatever the theme). */
function QrCode (props: { text: string, label: string }): JSX.Element {
  // Encoded once per link, not on every keystroke in the code field below it.
  const { size, path } = useMemo(() => qrPath(props.text), [props.text])
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} width={size * 5} height={size * 5} role="img" aria-label={props.label} data-testid="totp-qr" shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}

function TotpPanel (): JSX.Element {
  const { t, session, setSession } = useApp()
  const [status, setStatus] = useState<{ enabled: boolean, required: boolean } | null>(null)
  const [setup, setSetup] = useState<{ secret: string, uri: string } | null>(null)
  const [code, setCode] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => { get<{ enabled: boolean, required: boolean }>('/api/v1/auth/totp').then(setStatus).catch(setError) }, [version])
  return (
    <section class="card">
      <h2>{t('account.totp')}</h2>
      <p class="hint">{t('account.totpHint')}</p>
      <ErrorBox error={error} />
      {status?.enabled ? <Alert kind="success">{t('account.totpOn')}</Alert> : setup ? (
        <form noValidate onSubmit={async (e) => {
          e.preventDefault()
          const errs = validate('totpCode', { code: code.trim() }, t)
          if (Object.keys(errs).length > 0) { setError(new Error(t('account.codeInvalid'))); return }
          try {
            const r = await post<{ csrfToken: string }>('/api/v1/auth/totp/confirm', { code: code.trim() })
            setCsrfToken(r.csrfToken)
            setSetup(null); setCode(''); setError(null); setVersion(version + 1)
            if (session) setSession({ ...session, mfa: 'ok' })
          } catch (err) { setError(err) }
        }}>
          <p>{t('account.totpScan')}</p>
          <QrCode text={setup.uri} label={t('account.qr')} />
          <dl class="facts">
            <dt>{t('account.secret')}</dt><dd><Mono>{setup.secret}</Mono></dd>
            <dt>{t('account.uri')}</dt><dd><Mono>{setup.uri}</Mono></dd>
          </dl>
          <Field label={t('signin.totp')} hint={t('signin.totpHint')} required>
            {({ id, describedBy }) => <input id={id} inputMode="numeric" autoComplete="one-time-code" dir="ltr" maxLength={6} aria-describedby={describedBy} value={code} onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <button type="submit" class="button primary">{t('account.confirmTotp')}</button>
        </form>
      ) : (
        <button type="button" class="button primary" onClick={async () => { try { setSetup(await post('/api/v1/auth/totp/setup')) } catch (err) { setError(err) } }}>{t('account.startTotp')}</button>
      )}
    </section>
  )
}
