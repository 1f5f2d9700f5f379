import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { toGregorianIso, type Calendar } from '../lib/dates.ts'
import { DateInput, CalendarSwitch } from './date-input.tsx'
import { Alert, ErrorBox, Field, Mono } from './ui.tsx'

/** A custody event recorded by a person (GET/POST /api/v1/evidence/:id/custody-events). */
export type RecordedCustodyEvent = {
  id: string
  type: EventType
  occurredAt: string
  by?: string
  fromStaffCode?: string
  fromSource?: string
  toStaffCode?: string
  medium?: string
  method?: string
  platform?: string
  action?: string
  url?: string
  postId?: string
  tool?: string
  toolVersion?: string
  sealNumber?: string
  note?: string
  itemSha256?: string
  ledgerIndex: number
}

const TYPES = ['received', 'transferred', 'captured-online', 'physical-item-sealed', 'collector-declaration'] as const
type EventType = (typeof TYPES)[number]

// The closed lists of schemas/custody-event-input.json, by field.
const SOURCES = [
  'victim',
  'witness',
  'relative',
  'community-member',
  'partner-organisation',
  'journalist',
  'medical-facility',
  'public-authority',
  'anonymous',
  'other'
]
const MEDIA = [
  'original-device',
  'memory-card',
  'usb-drive',
  'optical-disc',
  'paper',
  'messaging-app',
  'email',
  'cloud-link',
  'physical-item',
  'other'
]
const RECEIPT_METHODS = ['in-person', 'secure-upload', 'messaging-app', 'email', 'usb-or-media', 'post', 'courier', 'other']
const TRANSFER_METHODS = ['hand-delivery', 'courier', 'secure-network-transfer', 'encrypted-media', 'other']
const PLATFORMS = ['facebook', 'x', 'youtube', 'telegram', 'tiktok', 'instagram', 'whatsapp', 'website', 'other']
const ACTIONS = ['sealed', 'seal-broken', 'resealed']

type Draft = Record<string, string>

/** The body the API takes: only the fields of the chosen type, empty ones left out. */
export function eventBody(type: EventType, d: Draft, occurredAt: string): Record<string, string> {
  const fields: Record<EventType, string[]> = {
    received: [d.fromKind === 'staff' ? 'fromStaffCode' : 'fromSource', 'medium', 'method'],
    transferred: ['toStaffCode', 'method'],
    'captured-online': ['url', 'platform', 'tool', 'toolVersion', 'postId'],
    'physical-item-sealed': ['sealNumber', 'action'],
    'collector-declaration': []
  }
  const body: Record<string, string> = { type, occurredAt }
  if (type === 'collector-declaration') body.template = 'collector-declaration-v1'
  for (const f of [...fields[type], ...(type === 'collector-declaration' ? [] : ['by', 'itemSha256']), 'note']) {
    const v = (d[f] ?? '').trim()
    if (v !== '') body[f] = f === 'itemSha256' ? v.toLowerCase() : v
  }
  return body
}

/**
 * Custody before Sanad on the exhibit view: the events people recorded, in the order they happened,
 * and (for those who may write the incident) a form to record one, dates in either calendar.
 */
export function CustodyEvents(props: { evidenceId: string; canRecord: boolean; onRecorded?: () => void }): JSX.Element {
  const { t, lang } = useApp()
  const [items, setItems] = useState<RecordedCustodyEvent[] | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    get<{ items: RecordedCustodyEvent[] }>(`/api/v1/evidence/${props.evidenceId}/custody-events`)
      .then((r) => setItems(r.items))
      .catch(setLoadError)
  }, [props.evidenceId, version])
  const v = (k: string): string => t(`custodyValue.${k}` as MessageKey)
  return (
    <section class="card custody-events">
      <h2>{t('custodyEvents.title')}</h2>
      <ErrorBox error={loadError} />
      {items === null ? null : items.length === 0 ? (
        <p class="secondary">{t('custodyEvents.none')}</p>
      ) : (
        <ol class="custody-events-list">
          {items.map((e) => (
            <li key={e.id} class="custody-event-item" data-type={e.type}>
              <p class="timeline-head">
                <strong>{t(`custodyEvents.type.${e.type}` as MessageKey)}</strong> <span dir="ltr">{e.occurredAt}</span>
                {e.by ? (
                  <>
                    {' '}
                    · <Mono>{e.by}</Mono>
                  </>
                ) : null}
              </p>
              <p class="meta">
                {[
                  e.fromStaffCode,
                  e.fromSource && v(e.fromSource),
                  e.toStaffCode && `→ ${e.toStaffCode}`,
                  e.medium && v(e.medium),
                  e.method && v(e.method),
                  e.platform && v(e.platform),
                  e.action && v(e.action)
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {e.url ? (
                  <>
                    {' '}
                    <bdi dir="ltr">{e.url}</bdi>
                  </>
                ) : null}
                {e.sealNumber ? (
                  <>
                    {' '}
                    <bdi dir="ltr">{e.sealNumber}</bdi>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      {props.canRecord ? (
        <CustodyEventForm
          evidenceId={props.evidenceId}
          lang={lang}
          onRecorded={() => {
            setVersion((n) => n + 1)
            props.onRecorded?.()
          }}
        />
      ) : null}
    </section>
  )
}

function CustodyEventForm(props: { evidenceId: string; lang: string; onRecorded: () => void }): JSX.Element {
  const { t, announce } = useApp()
  const [type, setType] = useState<EventType>('received')
  const [calendar, setCalendar] = useState<Calendar>(props.lang === 'en' ? 'gregorian' : 'solar-hijri')
  const [date, setDate] = useState('')
  const [time, setTime] = useState('')
  const [d, setD] = useState<Draft>({ fromKind: 'external' })
  const [declared, setDeclared] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)
  const set = (k: string) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value })
  const v = (k: string): string => t(`custodyValue.${k}` as MessageKey)

  const text = (k: string, label: MessageKey, opts: { required?: boolean; hint?: MessageKey; dir?: 'ltr' } = {}): JSX.Element => (
    <Field label={t(label)} required={opts.required ?? false} {...(opts.hint ? { hint: t(opts.hint) } : {})}>
      {({ id, describedBy }) => (
        <input id={id} name={k} aria-describedby={describedBy} dir={opts.dir} value={d[k] ?? ''} onInput={set(k)} />
      )}
    </Field>
  )
  const select = (k: string, label: MessageKey, options: string[], required = true): JSX.Element => (
    <Field label={t(label)} required={required}>
      {({ id, describedBy }) => (
        <select id={id} name={k} aria-describedby={describedBy} value={d[k] ?? ''} onChange={set(k)}>
          <option value="">{t('custodyEvents.choose')}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {v(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    setDone(false)
    const day = toGregorianIso(date, calendar)
    if (day === null) {
      setError(new Error(t('date.invalid')))
      return
    }
    const occurredAt = time.trim() === '' ? day : `${day}T${time.trim()}:00Z`
    setBusy(true)
    try {
      await post(`/api/v1/evidence/${props.evidenceId}/custody-events`, eventBody(type, d, occurredAt))
      setD({ fromKind: 'external' })
      setDate('')
      setTime('')
      setDeclared(false)
      setDone(true)
      announce(t('custodyEvents.recorded'))
      props.onRecorded()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="custody-event-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('custodyEvents.record')}</h3>
      <p class="hint">{t('custodyEvents.intro')}</p>
      <Field label={t('custodyEvents.type')} required>
        {({ id }) => (
          <select id={id} name="type" value={type} onChange={(e) => setType(e.currentTarget.value as EventType)}>
            {TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`custodyEvents.type.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CalendarSwitch name="custody-calendar" value={calendar} onChange={setCalendar} />
      <DateInput name="occurredOn" label={t('custodyEvents.occurredOn')} value={date} calendar={calendar} required onInput={setDate} />
      <Field label={t('custodyEvents.timeUtc')}>
        {({ id }) => <input id={id} name="time" type="time" dir="ltr" value={time} onInput={(e) => setTime(e.currentTarget.value)} />}
      </Field>
      {type === 'received' ? (
        <>
          <fieldset>
            <legend>{t('custodyEvents.fromKind')}</legend>
            {(['external', 'staff'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="fromKind" value={k} checked={d.fromKind === k} onChange={() => setD({ ...d, fromKind: k })} />{' '}
                {t(k === 'staff' ? 'custodyEvents.fromStaff' : 'custodyEvents.fromExternal')}
              </label>
            ))}
          </fieldset>
          {d.fromKind === 'staff'
            ? text('fromStaffCode', 'custodyEvents.fromStaffCode', { required: true, dir: 'ltr' })
            : select('fromSource', 'custodyEvents.fromSource', SOURCES)}
          {select('medium', 'custodyEvents.medium', MEDIA)}
          {select('method', 'custodyEvents.method', RECEIPT_METHODS)}
        </>
      ) : null}
      {type === 'transferred' ? (
        <>
          {text('toStaffCode', 'custodyEvents.toStaffCode', { required: true, dir: 'ltr' })}
          {select('method', 'custodyEvents.method', TRANSFER_METHODS)}
        </>
      ) : null}
      {type === 'captured-online' ? (
        <>
          {text('url', 'custodyEvents.url', { required: true, dir: 'ltr' })}
          {select('platform', 'custodyEvents.platform', PLATFORMS, false)}
          {text('tool', 'custodyEvents.tool', { required: true, dir: 'ltr' })}
          {text('toolVersion', 'custodyEvents.toolVersion', { required: true, dir: 'ltr' })}
          {text('postId', 'custodyEvents.postId', { dir: 'ltr' })}
        </>
      ) : null}
      {type === 'physical-item-sealed' ? (
        <>
          {text('sealNumber', 'custodyEvents.sealNumber', { required: true, dir: 'ltr' })}
          {select('action', 'custodyEvents.action', ACTIONS, false)}
        </>
      ) : null}
      {type === 'collector-declaration' ? (
        <>
          <blockquote class="declaration">{t('custodyEvents.declarationText')}</blockquote>
          <label>
            <input type="checkbox" name="declare" checked={declared} onChange={(e) => setDeclared(e.currentTarget.checked)} />{' '}
            {t('custodyEvents.declare')}
          </label>
        </>
      ) : (
        <>
          {text('by', 'custodyEvents.by', { hint: 'custodyEvents.byHint', dir: 'ltr' })}
          {text('itemSha256', 'custodyEvents.itemSha256', { dir: 'ltr' })}
        </>
      )}
      <Field label={t('custodyEvents.note')}>
        {({ id }) => <textarea id={id} name="note" value={d.note ?? ''} onInput={set('note')} />}
      </Field>
      <ErrorBox error={error} />
      {done ? <Alert kind="success">{t('custodyEvents.recorded')}</Alert> : null}
      <button type="submit" disabled={busy || (type === 'collector-declaration' && !declared)}>
        {t('custodyEvents.submit')}
      </button>
    </form>
  )
}
