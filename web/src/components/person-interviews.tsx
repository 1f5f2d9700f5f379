import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Interview, InterviewInput } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post, query } from '../api.ts'
import { Alert, Badge, DateText, ErrorBox, Field, Instant, Loading, Mono, Num } from './ui.tsx'
import { Actor } from './actor.tsx'
import { DateInput } from './date-input.tsx'
import { ErrorSummary, type FieldLabels } from './form-errors.tsx'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'
import { anyCalendarToIso } from '../lib/dates.ts'
import { serverFieldErrors } from '../lib/server-field-error.ts'
import { NARRATIVE_LANGUAGES } from '../schema-enums.ts'
import interviewSchema from '../../../schemas/interview-input.json'

type PresentRole = NonNullable<InterviewInput['present']>[number]
export const PRESENT_ROLES = interviewSchema.properties.present.items.enum as readonly PresentRole[]

const LABELS: FieldLabels = {
  date: 'interview.date',
  place: 'interview.place',
  language: 'interview.language',
  interpreter: 'interview.interpreter',
  present: 'interview.present',
  durationMinutes: 'interview.duration',
  consentObtained: 'interview.consentObtained',
  referralMade: 'interview.referralMade',
  incidentId: 'interview.incident',
  acknowledged: 'interview.acknowledge'
}

const yesNo = (v: boolean | undefined, t: (k: MessageKey) => string): string =>
  v === undefined ? '—' : v ? t('common.yes') : t('common.no')

/** Interviews of a person (for whom may read the identity; the reading is recorded) and a form to record one. */
export function PersonInterviews(props: {
  personId: string
  purpose: string
  canWrite: boolean
  incidents: readonly { id: string; label: string }[]
}): JSX.Element {
  const { t, lang } = useApp()
  const [items, setItems] = useState<Interview[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  const [warning, setWarning] = useState<Interview['warnings']>(undefined)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    get<{ items: Interview[] }>(`/api/v1/persons/${props.personId}/interviews${query({ purpose: props.purpose })}`)
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [props.personId, version])

  return (
    <section class="card person-interviews" aria-labelledby="interviews-h">
      <h2 id="interviews-h">{t('interview.title')}</h2>
      {warning?.map((w) => (
        <Alert key={w.code} kind="warning">
          <span class="interview-warning" data-code={w.code}>
            {t(`interview.warning.${w.code}` as MessageKey, { n: w.previous ?? 1 })}
          </span>
        </Alert>
      ))}
      <ErrorBox error={error} />
      {!items ? (
        error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <p class="empty">{t('interview.none')}</p>
      ) : (
        <ol class="interview-list">
          {items.map((i) => (
            <li key={i.id} class="interview-record">
              <dl class="facts">
                <dt>{t('interview.date')}</dt>
                <dd>
                  <DateText iso={i.date} />
                </dd>
                {i.place ? (
                  <>
                    <dt>{t('interview.place')}</dt>
                    <dd dir="auto">{i.place}</dd>
                  </>
                ) : null}
                {i.language ? (
                  <>
                    <dt>{t('interview.language')}</dt>
                    <dd>{languageName(i.language, t)}</dd>
                  </>
                ) : null}
                {i.interpreter ? (
                  <>
                    <dt>{t('interview.interpreter')}</dt>
                    <dd>
                      <Mono>{i.interpreter}</Mono>
                    </dd>
                  </>
                ) : null}
                {i.present && i.present.length > 0 ? (
                  <>
                    <dt>{t('interview.present')}</dt>
                    <dd>{i.present.map((p) => t(`interviewPresent.${p}` as MessageKey)).join(lang === 'en' ? ', ' : '، ')}</dd>
                  </>
                ) : null}
                {i.durationMinutes !== undefined ? (
                  <>
                    <dt>{t('interview.duration')}</dt>
                    <dd>
                      <Num n={i.durationMinutes} /> {t('interview.minutes')}
                    </dd>
                  </>
                ) : null}
                <dt>{t('interview.consentObtained')}</dt>
                <dd>
                  <Badge kind={i.consentObtained ? 'ok' : 'warning'}>{yesNo(i.consentObtained, t)}</Badge>
                </dd>
                <dt>{t('interview.referralMade')}</dt>
                <dd>{yesNo(i.referralMade, t)}</dd>
                <dt>{t('interview.recorded')}</dt>
                <dd>
                  <Instant value={i.recordedAt} /> · <Actor actor={i.recordedBy} />
                </dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
      {props.canWrite && items ? (
        <AddInterview
          key={formKey}
          personId={props.personId}
          previous={items.length}
          incidents={props.incidents}
          onSaved={(saved) => {
            setWarning(saved.warnings)
            setFormKey((k) => k + 1)
            setVersion((v) => v + 1)
          }}
        />
      ) : null}
    </section>
  )
}

function languageName(code: string, t: (k: MessageKey) => string): string {
  const key = `language.${code}` as MessageKey
  const name = t(key)
  return name === key ? code : name
}

type Draft = {
  date: string
  place: string
  language: string
  interpreter: string
  present: PresentRole[]
  duration: string
  consentObtained: boolean
  referralMade: boolean
  incidentId: string
  acknowledged: boolean
}

function AddInterview(props: {
  personId: string
  previous: number
  incidents: readonly { id: string; label: string }[]
  onSaved: (i: Interview) => void
}): JSX.Element {
  const { t, announce } = useApp()
  const [open, setOpen] = useState(false)
  const [d, setD] = useState<Draft>({
    date: '',
    place: '',
    language: '',
    interpreter: '',
    present: [],
    duration: '',
    consentObtained: false,
    referralMade: false,
    incidentId: '',
    acknowledged: false
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => {
    setD((x) => ({ ...x, [k]: v }))
    setErrors(({ [k]: _gone, ...rest }) => rest)
  }

  if (!open)
    return (
      <p>
        <button type="button" class="button secondary" onClick={() => setOpen(true)}>
          {t('interview.add')}
        </button>
      </p>
    )

  const again = props.previous > 0
  return (
    <form
      class="card nested interview-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        const errs: FieldErrors = {}
        const date = d.date.trim() ? anyCalendarToIso(d.date) : null
        if (!d.date.trim()) errs.date = t('validation.required')
        else if (!date) errs.date = t('error.SANAD_ERR_DATE_INVALID')
        if (d.interpreter.trim() && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(d.interpreter.trim()))
          errs.interpreter = t('validation.pattern')
        const minutes = d.duration.trim() === '' ? undefined : Number(d.duration.trim())
        if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440))
          errs.durationMinutes = t('validation.maximum', { n: 1440 })
        if (d.place.length > 300) errs.place = t('validation.maxLength', { n: 300 })
        // Asked again: the earlier interviews are read before anyone is questioned once more.
        if (again && !d.acknowledged) errs.acknowledged = t('validation.required')
        setErrors(errs)
        if (Object.keys(errs).length > 0) return
        const input: InterviewInput = { date: date!, consentObtained: d.consentObtained, referralMade: d.referralMade }
        if (d.place.trim()) input.place = d.place.trim()
        if (d.language) input.language = d.language
        if (d.interpreter.trim()) input.interpreter = d.interpreter.trim()
        if (d.present.length > 0) input.present = d.present
        if (minutes !== undefined) input.durationMinutes = minutes
        if (d.incidentId) input.incidentId = d.incidentId
        setBusy(true)
        try {
          const saved = await post<Interview>(`/api/v1/persons/${props.personId}/interviews`, input)
          announce(t('interview.saved'))
          props.onSaved(saved)
        } catch (err) {
          const byField = serverFieldErrors(err, t)
          if (byField) setErrors(byField)
          else setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <h3>{t('interview.add')}</h3>
      {again ? (
        <Alert kind="warning">
          <span class="interview-before">{t('interview.before', { n: props.previous })}</span>
        </Alert>
      ) : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <ErrorBox error={error} />
      <div class="grid">
        <DateInput
          name="interviewDate"
          label={t('interview.date')}
          value={d.date}
          calendar="any"
          required
          error={errors.date}
          onInput={(v) => set('date', v)}
        />
        <Field label={t('interview.place')} hint={t('interview.placeHint')} error={errors.place}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="place"
              dir="auto"
              autoComplete="off"
              value={d.place}
              aria-describedby={describedBy}
              onInput={(e) => set('place', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('interview.language')} error={errors.language}>
          {({ id }) => (
            <select id={id} name="language" value={d.language} onChange={(e) => set('language', e.currentTarget.value)}>
              <option value="">{t('form.notSaid')}</option>
              {NARRATIVE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('interview.interpreter')} hint={t('interview.interpreterHint')} error={errors.interpreter}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="interpreter"
              dir="ltr"
              autoComplete="off"
              value={d.interpreter}
              aria-describedby={describedBy}
              aria-invalid={invalid ? 'true' : undefined}
              onInput={(e) => set('interpreter', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('interview.duration')} error={errors.durationMinutes}>
          {({ id, invalid }) => (
            <input
              id={id}
              name="durationMinutes"
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              value={d.duration}
              aria-invalid={invalid ? 'true' : undefined}
              onInput={(e) => {
                setD((x) => ({ ...x, duration: e.currentTarget.value }))
                setErrors(({ durationMinutes: _gone, ...rest }) => rest)
              }}
            />
          )}
        </Field>
        {props.incidents.length > 0 ? (
          <Field label={t('interview.incident')} error={errors.incidentId}>
            {({ id }) => (
              <select id={id} name="incidentId" value={d.incidentId} onChange={(e) => set('incidentId', e.currentTarget.value)}>
                <option value="">{t('form.notSaid')}</option>
                {props.incidents.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <fieldset class="choice-group">
        <legend>{t('interview.present')}</legend>
        {PRESENT_ROLES.map((r) => (
          <label key={r} class="choice">
            <input
              type="checkbox"
              name="present"
              value={r}
              checked={d.present.includes(r)}
              onChange={(e) => set('present', e.currentTarget.checked ? [...d.present, r] : d.present.filter((x) => x !== r))}
            />{' '}
            {t(`interviewPresent.${r}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label class="inline checkbox-field">
        <input
          type="checkbox"
          name="consentObtained"
          checked={d.consentObtained}
          onChange={(e) => set('consentObtained', e.currentTarget.checked)}
        />{' '}
        {t('interview.consentObtained')}
      </label>
      <label class="inline checkbox-field">
        <input
          type="checkbox"
          name="referralMade"
          checked={d.referralMade}
          onChange={(e) => set('referralMade', e.currentTarget.checked)}
        />{' '}
        {t('interview.referralMade')}
      </label>
      {again ? (
        <label class={`inline checkbox-field${errors.acknowledged ? ' field-invalid' : ''}`}>
          <input
            type="checkbox"
            name="acknowledged"
            checked={d.acknowledged}
            aria-invalid={errors.acknowledged ? 'true' : undefined}
            onChange={(e) => set('acknowledged', e.currentTarget.checked)}
          />{' '}
          {t('interview.acknowledge')}
        </label>
      ) : null}
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('interview.save')}
        </button>
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
