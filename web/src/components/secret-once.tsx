import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { Alert, Mono } from './ui.tsx'

/**
 * A secret the server shows only once (a one-time password, an API token): brought into view and
 * focused where it was asked for, with a copy button (selecting it for Ctrl+C when the clipboard is
 * refused) and a button that hides it when the user is done.
 */
export function SecretOnce(props: {
  secret: string
  label: string
  copyLabel: string
  hideLabel: string
  /** Said when copied, and shown when the clipboard refused. */
  copiedText: string
  copyFailedText: string
  /** What the secret is for, read after the copy button's text by screen readers. */
  subject?: string
  children: ComponentChildren
  onDone: () => void
}): JSX.Element {
  const { t, announce } = useApp()
  const box = useRef<HTMLDivElement>(null)
  const code = useRef<HTMLSpanElement>(null)
  const [copyFailed, setCopyFailed] = useState(false)
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' })
    box.current?.focus()
  }, [props.secret])
  return (
    <div ref={box} tabIndex={-1} class="one-time-password-box">
      <Alert kind="info">
        {props.children}{' '}
        <span ref={code}>
          <Mono label={props.label}>{props.secret}</Mono>
        </span>{' '}
        <span class="hint">{t('users.shownOnce')}</span>
      </Alert>
      {copyFailed ? <p class="hint">{props.copyFailedText}</p> : null}
      <div class="actions">
        <button
          type="button"
          class="button secondary small"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.secret)
              setCopyFailed(false)
              announce(props.copiedText)
            } catch {
              // No clipboard (permission refused, older browser): select it for Ctrl+C instead.
              const el = code.current?.querySelector('code')
              const sel = window.getSelection()
              if (el && sel) sel.selectAllChildren(el)
              setCopyFailed(true)
            }
          }}
        >
          {props.copyLabel}
          {props.subject ? <span class="visually-hidden"> {props.subject}</span> : null}
        </button>
        <button type="button" class="button secondary small" onClick={props.onDone}>
          {props.hideLabel}
        </button>
      </div>
    </div>
  )
}
