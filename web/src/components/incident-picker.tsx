import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { fold } from '../lib/analysis-vocab.ts'
import { formatNumber } from '../lib/format.ts'
import { ErrorBox, Field } from './ui.tsx'

/**
 * Choose an incident by typing part of its reference or title: the incidents the reader may see,
 * narrowed as they type, in a list to pick from (never a pasted id).
 */
export function IncidentPicker(props: {
  label: string
  value: string
  exclude?: string
  required?: boolean
  error?: string | undefined
  onChange: (incident: Incident | null) => void
}): JSX.Element {
  const { t, lang } = useApp()
  const [all, setAll] = useState<Incident[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [q, setQ] = useState('')
  useEffect(() => {
    get<{ items: Incident[] }>('/api/v1/incidents?limit=200')
      .then((r) => setAll(r.items))
      .catch(setError)
  }, [])
  const needle = fold(q.trim())
  const shown = (all ?? []).filter(
    (i) => i.id !== props.exclude && (needle === '' || fold(i.reference).includes(needle) || fold(i.title ?? '').includes(needle))
  )
  const chosen = (all ?? []).find((i) => i.id === props.value)
  // The chosen incident stays in the list while the search changes, so the choice never vanishes.
  const options = chosen && !shown.includes(chosen) ? [chosen, ...shown] : shown
  return (
    <div class="incident-picker">
      <Field label={t('analysis.searchIncident')} hint={t('analysis.searchIncidentHint')}>
        {({ id, describedBy }) => (
          <input id={id} type="search" dir="auto" aria-describedby={describedBy} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        )}
      </Field>
      <ErrorBox error={error} />
      <Field label={props.label} required={props.required ?? false} error={props.error}>
        {({ id, describedBy, invalid }) => (
          <select
            id={id}
            name="incident"
            aria-describedby={describedBy}
            aria-invalid={invalid ? 'true' : undefined}
            value={props.value}
            onChange={(e) => props.onChange((all ?? []).find((i) => i.id === e.currentTarget.value) ?? null)}
          >
            <option value="">{t('analysis.chooseIncident', { n: formatNumber(shown.length, lang) })}</option>
            {options.map((i) => (
              <option key={i.id} value={i.id}>
                {i.reference} — {i.title}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  )
}
