import type { JSX } from 'preact'
import { useId } from 'preact/hooks'
import { useApp } from '../context.ts'
import { bothCalendars, typedToIso, type Calendar } from '../lib/dates.ts'

/**
 * A date typed in the chosen calendar (Solar Hijri or Gregorian; Persian or Latin digits), or in
 * either ('any': told apart by the year), with the date it means shown in both calendars as the
 * user types. The form sends typedToIso(value, calendar): always ISO.
 */
export function DateInput(props: {
  label: string
  value: string
  calendar: Calendar | 'any'
  hint?: string
  onInput: (value: string) => void
  required?: boolean
  error?: string | undefined
  name?: string
}): JSX.Element {
  const { t, lang } = useApp()
  const id = useId()
  const iso = props.value.trim() ? typedToIso(props.value, props.calendar) : null
  const invalid = props.value.trim() !== '' && iso === null
  const hintId = `${id}-hint`
  const previewId = `${id}-preview`
  const errId = `${id}-err`
  const both = iso ? bothCalendars(iso, lang) : null
  const error = props.error ?? (invalid ? t('date.invalid') : undefined)
  return (
    <div class={`field date-field${error ? ' field-invalid' : ''}`}>
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
      <p class="hint" id={hintId}>
        {props.hint ??
          (props.calendar === 'any'
            ? t('date.anyCalendarHint')
            : props.calendar === 'solar-hijri'
              ? t('date.hintSolarHijri')
              : t('date.hintGregorian'))}
      </p>
      <input
        id={id}
        name={props.name}
        type="text"
        inputMode="numeric"
        dir="ltr"
        autoComplete="off"
        placeholder={props.calendar === 'gregorian' || (props.calendar === 'any' && lang === 'en') ? '2024-08-14' : '1403-05-24'}
        value={props.value}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[hintId, previewId, error ? errId : ''].filter(Boolean).join(' ')}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <p class="date-preview" id={previewId} aria-live="polite">
        {both ? `${both.primary} — ${both.secondary}` : ''}
      </p>
      {error ? (
        <p class="field-error" id={errId}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** Radio buttons choosing the calendar dates are typed in. */
export function CalendarSwitch(props: { value: Calendar; onChange: (c: Calendar) => void; name: string }): JSX.Element {
  const { t } = useApp()
  return (
    <fieldset class="calendar-switch">
      <legend>{t('date.calendar')}</legend>
      {(['solar-hijri', 'gregorian'] as const).map((c) => (
        <label key={c} class="inline">
          <input type="radio" name={props.name} value={c} checked={props.value === c} onChange={() => props.onChange(c)} />{' '}
          {c === 'solar-hijri' ? t('date.solarHijri') : t('date.gregorian')}
        </label>
      ))}
    </fieldset>
  )
}
