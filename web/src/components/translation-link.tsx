import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { toGregorianIso, type Calendar } from '../lib/dates.ts'
import { DateInput, CalendarSwitch } from './date-input.tsx'
import { Alert, ErrorBox, Field, Mono } from './ui.tsx'

/** The `transcribed-or-translated` custody event as the API answers it (GET /evidence/:id/custody-events). */
type LinkEvent = {
  id: string
  type: string
  occurredAt: string
  originalId?: string
  kind?: string
  sourceLanguage?: string
  targetLanguage?: string
  method?: string
  certification?: string
  by?: string
  reviewedBy?: string
}

type Exhibit = { id: string; name: string; stableId?: string }

// The closed lists of schemas/custody-event-input.json for a translation or transcript.
const KINDS = ['translation', 'transcript', 'transcript-and-translation'] as const
const METHODS = ['human', 'machine-assisted'] as const
const CERTIFICATIONS = ['informal', 'certified'] as const
/** Languages offered (BCP 47): those of Afghanistan and the courts' working languages. */
export const LANGUAGES = ['fa', 'ps', 'en', 'uz', 'tk', 'ar', 'ur', 'fr'] as const

/** The body the API takes for the link: the closed fields, staff codes trimmed, empty ones left out. */
export function linkBody(d: Record<string, string>, occurredAt: string): Record<string, string> {
  const body: Record<string, string> = { type: 'transcribed-or-translated', occurredAt }
  for (const f of ['originalId', 'kind', 'sourceLanguage', 'targetLanguage', 'method', 'certification', 'by', 'reviewedBy']) {
    const v = (d[f] ?? '').trim()
    if (v !== '') body[f] = f === 'by' || f === 'reviewedBy' ? v.toUpperCase() : v
  }
  return body
}

/**
 * On the exhibit view (#17 item 6): whether this exhibit is a translation or transcript of another
 * exhibit of its incident, and — for those who may write the incident, while it is not yet — a small
 * form to say so: the original picked from the incident's exhibits, kind, languages, translator and
 * reviewer by staff code, method, informal or certified, and the date.
 */
export function TranslationLink(props: {
  evidenceId: string
  incidentId: string
  canRecord: boolean
  onRecorded?: () => void
}): JSX.Element {
  const { t } = useApp()
  const [link, setLink] = useState<LinkEvent | null | undefined>(undefined)
  const [exhibits, setExhibits] = useState<Exhibit[]>([])
  const [loadError, setLoadError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<{ items: LinkEvent[] }>(`/api/v1/evidence/${props.evidenceId}/custody-events`)
      .then((r) => setLink(r.items.find((e) => e.type === 'transcribed-or-translated') ?? null))
      .catch(setLoadError)
  }, [props.evidenceId, version])
  // The incident's exhibits: to name the original, or to offer originals; not read otherwise.
  const needsExhibits = link !== undefined && (link !== null || props.canRecord)
  useEffect(() => {
    if (!needsExhibits) return
    get<{ items: Exhibit[] }>(`/api/v1/incidents/${props.incidentId}/evidence`)
      .then((r) => setExhibits(r.items))
      .catch(() => setExhibits([])) // the original is then named by its id
  }, [props.incidentId, needsExhibits])
  const nameOf = (id: string | undefined): string => exhibits.find((x) => x.id === id)?.name ?? id ?? '—'
  const w = (k: string | undefined): string => (k === undefined ? '' : t(`translationLink.value.${k}` as MessageKey))
  const lang = (k: string | undefined): string => (k === undefined ? '' : t(`translationLink.language.${k.split('-')[0]}` as MessageKey))

  if (link === undefined && loadError === null) return <section class="card translation-link" aria-busy="true" />
  return (
    <section class="card translation-link">
      <h2>{t('translationLink.title')}</h2>
      <ErrorBox error={loadError} />
      {link ? (
        <p class="translation-of" data-original={link.originalId}>
          {t('translationLink.of', { kind: w(link.kind), language: lang(link.targetLanguage), from: lang(link.sourceLanguage) })}{' '}
          <bdi dir="auto">{nameOf(link.originalId)}</bdi>
          {' · '}
          {[w(link.method), w(link.certification)].filter((x) => x !== '').join(' · ')}
          {link.by ? (
            <>
              {' · '}
              {t('translationLink.by')} <Mono>{link.by}</Mono>
            </>
          ) : null}
          {link.reviewedBy ? (
            <>
              {' · '}
              {t('translationLink.reviewedBy')} <Mono>{link.reviewedBy}</Mono>
            </>
          ) : null}
          {' · '}
          <span dir="ltr">{link.occurredAt}</span>
        </p>
      ) : (
        <p class="secondary">{t('translationLink.none')}</p>
      )}
      {link === null && props.canRecord ? (
        <LinkForm
          evidenceId={props.evidenceId}
          originals={exhibits.filter((x) => x.id !== props.evidenceId)}
          onRecorded={() => {
            setVersion((n) => n + 1)
            props.onRecorded?.()
          }}
        />
      ) : null}
    </section>
  )
}

function LinkForm(props: { evidenceId: string; originals: Exhibit[]; onRecorded: () => void }): JSX.Element {
  const { t, lang, announce } = useApp()
  const [calendar, setCalendar] = useState<Calendar>(lang === 'en' ? 'gregorian' : 'solar-hijri')
  const [date, setDate] = useState('')
  const [d, setD] = useState<Record<string, string>>({ kind: 'translation', method: 'human', certification: 'informal' })
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: string) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value })

  const select = (k: string, label: MessageKey, options: ReadonlyArray<{ value: string; text: string }>): JSX.Element => (
    <Field label={t(label)} required>
      {({ id, describedBy }) => (
        <select id={id} name={k} aria-describedby={describedBy} value={d[k] ?? ''} onChange={set(k)}>
          <option value="">{t('custodyEvents.choose')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
  const words = (list: readonly string[]) => list.map((x) => ({ value: x, text: t(`translationLink.value.${x}` as MessageKey) }))
  const languages = LANGUAGES.map((x) => ({ value: x, text: t(`translationLink.language.${x}` as MessageKey) }))
  const code = (k: string, label: MessageKey, hint?: MessageKey): JSX.Element => (
    <Field label={t(label)} {...(hint ? { hint: t(hint) } : {})}>
      {({ id, describedBy }) => <input id={id} name={k} dir="ltr" aria-describedby={describedBy} value={d[k] ?? ''} onInput={set(k)} />}
    </Field>
  )

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    const day = toGregorianIso(date, calendar)
    if (day === null) {
      setError(new Error(t('date.invalid')))
      return
    }
    setBusy(true)
    try {
      await post(`/api/v1/evidence/${props.evidenceId}/custody-events`, linkBody(d, day))
      announce(t('translationLink.recorded'))
      props.onRecorded()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="translation-link-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('translationLink.record')}</h3>
      {select(
        'originalId',
        'translationLink.original',
        props.originals.map((x) => ({ value: x.id, text: x.stableId ? `${x.name} (${x.stableId})` : x.name }))
      )}
      {select('kind', 'translationLink.kind', words(KINDS))}
      {select('sourceLanguage', 'translationLink.sourceLanguage', languages)}
      {select('targetLanguage', 'translationLink.targetLanguage', languages)}
      {select('method', 'translationLink.method', words(METHODS))}
      {select('certification', 'translationLink.certification', words(CERTIFICATIONS))}
      {code('by', 'translationLink.translator', 'custodyEvents.byHint')}
      {code('reviewedBy', 'translationLink.reviewer')}
      <CalendarSwitch name="translation-calendar" value={calendar} onChange={setCalendar} />
      <DateInput name="translatedOn" label={t('translationLink.date')} value={date} calendar={calendar} required onInput={setDate} />
      <ErrorBox error={error} />
      {busy ? <Alert kind="info">{t('translationLink.saving')}</Alert> : null}
      <button type="submit" disabled={busy}>
        {t('translationLink.submit')}
      </button>
    </form>
  )
}
