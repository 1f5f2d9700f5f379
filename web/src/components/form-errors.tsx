import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import { fieldLabel, type FieldLabels } from '../lib/field-label.ts'
import type { FieldErrors } from '../validation.ts'
import { formatNumber } from '../lib/format.ts'
import { Alert } from './ui.tsx'

export type { FieldLabels }

/** The errors of a form as a list of its fields' labels and what is wrong with each. */
export function ErrorSummary(props: { errors: FieldErrors; labels: FieldLabels; id?: string }): JSX.Element | null {
  const { t, lang } = useApp()
  const list = Object.entries(props.errors).filter(([path]) => path !== '_')
  const general = props.errors._
  if (list.length === 0 && !general) return null
  return (
    <Alert kind="error">
      {general ? <p>{general}</p> : null}
      {list.length > 0 ? (
        <>
          <p>{t('form.hasErrors', { n: formatNumber(list.length, lang) })}</p>
          <ul class="error-summary" data-testid="error-summary">
            {list.map(([path, message]) => (
              <li key={path}>
                <strong>{fieldLabel(path, props.labels, t, lang)}</strong>: {message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  )
}

/** Tells that a kept draft was brought back, with a way to start again. */
export function DraftNotice(props: { restored: boolean; onDiscard: () => void }): JSX.Element | null {
  const { t } = useApp()
  if (!props.restored) return null
  return (
    <div class="alert alert-info" role="status" data-testid="draft-restored">
      <p>{t('draft.restored')}</p>
      <button type="button" class="button secondary small" onClick={props.onDiscard}>
        {t('draft.discard')}
      </button>
    </div>
  )
}
