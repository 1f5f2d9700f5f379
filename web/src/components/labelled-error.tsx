import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import { ApiError } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { Alert, ErrorBox } from './ui.tsx'

/**
 * A refusal from the API naming a field, shown with that field's visible label (never the schema
 * path); any other error as the app shows errors. `labels` maps the API's field names to labels.
 */
export function LabelledError(props: { error: unknown; labels: Record<string, string> }): JSX.Element | null {
  const { t } = useApp()
  const e = props.error
  if (e instanceof ApiError && e.field) {
    const key = `error.${e.code}` as MessageKey
    const translated = t(key)
    const label = props.labels[e.field.split('.')[0] ?? ''] ?? t('form.otherField')
    return (
      <Alert kind="error">
        <strong>{label}</strong>: {e.code === 'SANAD_ERR_VALIDATION' || translated === key ? t('analysis.notAccepted') : translated}
      </Alert>
    )
  }
  return <ErrorBox error={e} />
}
