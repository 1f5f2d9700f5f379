import type { JSX } from 'preact'
import { useApp } from '../context.ts'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'
import { formatNumber } from '../lib/format.ts'
import { Alert } from './ui.tsx'

/** Labels of a form's fields by schema path; '*' stands for an item's index ('perpetrators.*.type'). */
export type FieldLabels = Record<string, MessageKey>

/**
 * The visible label of the field a schema path names, in the reader's language: the closest path
 * that has a label ('occurred.from', then 'occurred'), with the item's number for lists. Never the
 * path itself: people do not read JSON.
 */
export function fieldLabel(
  path: string,
  labels: FieldLabels,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
  lang: 'en' | 'fa' | 'ps'
): string {
  const parts = path.split('.')
  const index = parts.find((p) => /^\d+$/.test(p))
  const generic = parts.map((p) => (/^\d+$/.test(p) ? '*' : p))
  for (let n = generic.length; n > 0; n--) {
    const key = labels[generic.slice(0, n).join('.')]
    if (!key) continue
    const label = t(key)
    const indexed = generic.slice(0, n).includes('*')
    return indexed && index !== undefined ? t('form.fieldN', { label, n: formatNumber(Number(index) + 1, lang) }) : label
  }
  return t('form.otherField')
}

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
