import type { ComponentChildren, JSX } from 'preact'
import { useId } from 'preact/hooks'
import { useApp } from '../context.ts'
import { ApiError, isNetworkError } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { bothCalendars, formatInstant } from '../lib/dates.ts'
import { formatNumber } from '../lib/format.ts'

/** An in-app link: a real <a href> (open in new tab works) that navigates without reloading. */
export function Link(props: {
  href: string
  class?: string
  children: ComponentChildren
  'aria-current'?: 'page' | undefined
}): JSX.Element {
  const { navigate } = useApp()
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
        e.preventDefault()
        navigate(props.href)
      }}
    >
      {props.children}
    </a>
  )
}

/** A labelled form control with an optional hint and error, wired with aria-describedby. */
export function Field(props: {
  label: ComponentChildren
  hint?: ComponentChildren
  error?: string | undefined
  required?: boolean
  class?: string
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren
}): JSX.Element {
  const id = useId()
  const { t } = useApp()
  const hintId = props.hint ? `${id}-hint` : undefined
  const errId = props.error ? `${id}-err` : undefined
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? (
          <span class="required">
            {' '}
            <span aria-hidden="true">*</span>
            <span class="visually-hidden">{t('form.required')}</span>
          </span>
        ) : null}
      </label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
      {props.error ? (
        <p class="field-error" id={errId}>
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

export function Alert(props: { kind?: 'error' | 'success' | 'info' | 'warning'; children: ComponentChildren }): JSX.Element {
  const kind = props.kind ?? 'info'
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  )
}

/** The message for an error from the API, translated when its code is known. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useApp()
  return (err: unknown) => {
    if (err instanceof ApiError) {
      const key = `error.${err.code}` as MessageKey
      const translated = t(key)
      if (translated !== key) return err.field ? `${translated} (${err.field})` : translated
      // A code without a translation yet, or a gateway answering for a server that is down: still
      // the reader's language where the status says enough.
      if (err.status >= 500) return t('error.SANAD_ERR_UNAVAILABLE')
      if (err.status === 404) return t('error.SANAD_ERR_NOT_FOUND')
      if (err.status === 403) return t('error.SANAD_ERR_FORBIDDEN')
      return err.message
    }
    if (err instanceof Error) return err.message
    return String(err)
  }
}

/** An error in the reader's language; a request that never reached the server offers to send it again. */
export function ErrorBox(props: { error: unknown; onRetry?: () => void }): JSX.Element | null {
  const text = useErrorText()
  const { t } = useApp()
  if (props.error === null || props.error === undefined) return null
  if (props.onRetry && isNetworkError(props.error))
    return (
      <div class="alert alert-error load-error" role="alert">
        <p>{text(props.error)}</p>
        <button type="button" class="button secondary small" data-testid="retry" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      </div>
    )
  return <Alert kind="error">{text(props.error)}</Alert>
}

/** A screen's data could not be read from the server: what, why (translated) and a way to ask again. */
export function LoadError(props: { what: string; error: unknown; onRetry: () => void }): JSX.Element {
  const { t } = useApp()
  const text = useErrorText()
  return (
    <div class="alert alert-error load-error" role="alert">
      <p>
        {props.what} {text(props.error)}
      </p>
      <button type="button" class="button secondary small" onClick={props.onRetry}>
        {t('common.retry')}
      </button>
    </div>
  )
}

export function Badge(props: { kind?: string; children: ComponentChildren; title?: string }): JSX.Element {
  return (
    <span class={`badge${props.kind ? ` badge-${props.kind}` : ''}`} title={props.title}>
      {props.children}
    </span>
  )
}

/**
 * A hash or identifier: always left-to-right, monospaced, breakable. Its label, if any, is text for
 * screen readers before it (aria-label is not announced on <code>, which has no role that names).
 */
export function Mono(props: { children: ComponentChildren; label?: string }): JSX.Element {
  const code = (
    <code class="mono" dir="ltr">
      {props.children}
    </code>
  )
  if (!props.label) return code
  return (
    <>
      <span class="visually-hidden">{props.label}: </span>
      {code}
    </>
  )
}

/** A Gregorian date in both calendars, the reader's main calendar first. */
export function DateText(props: { iso: string }): JSX.Element {
  const { lang } = useApp()
  const both = bothCalendars(props.iso, lang)
  return (
    <span class="date">
      <time dateTime={props.iso}>{both.primary}</time> <span class="secondary">({both.secondary})</span>
    </span>
  )
}

export function Instant(props: { value: string | null | undefined }): JSX.Element {
  const { lang } = useApp()
  if (!props.value) return <span>—</span>
  return <time dateTime={props.value}>{formatInstant(props.value, lang)}</time>
}

export function Num(props: { n: number }): JSX.Element {
  const { lang } = useApp()
  return <>{formatNumber(props.n, lang)}</>
}

/** A labelled progress bar (no inline styles: the native <progress> element). */
export function ProgressBar(props: { value: number; max?: number; label: string }): JSX.Element {
  const id = useId()
  const max = props.max ?? 1
  const { lang } = useApp()
  const pct = max > 0 ? Math.round((props.value / max) * 100) : 0
  return (
    <div class="progress">
      <label for={id}>{props.label}</label>
      <progress id={id} max={max} value={props.value}>
        {pct}%
      </progress>
      <span class="progress-pct" aria-hidden="true">
        {formatNumber(pct, lang)}
        {lang === 'en' ? '%' : '٪'}
      </span>
    </div>
  )
}

export function Loading(): JSX.Element {
  const { t } = useApp()
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  )
}

/** Page heading that takes focus on navigation, so screen-reader users hear where they are. */
export function PageTitle(props: { children: ComponentChildren }): JSX.Element {
  return (
    <h1 id="page-title" tabIndex={-1}>
      {props.children}
    </h1>
  )
}
