import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Organisation, Person, Position } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import { Alert, Field, Link, LoadError, Loading, PageTitle } from '../components/ui.tsx'
import { DateInput } from '../components/date-input.tsx'
import { IncidentPicker } from '../components/incident-picker.tsx'
import { LabelledError } from '../components/labelled-error.tsx'
import type { MessageKey } from '../i18n/index.ts'
import { ORGANISATION_TYPES } from '../lib/analysis-vocab.ts'
import { typedToIso } from '../lib/dates.ts'
import { ORGANS } from '../schema-enums.ts'
import { can } from '../permissions.ts'

/** The register: organisations with their units below them, and a form to record one. */
export function OrganisationsPage(): JSX.Element {
  const { t, session, navigate } = useApp()
  const [items, setItems] = useState<Organisation[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    setError(null)
    get<{ items: Organisation[] }>('/api/v1/organisations')
      .then((r) => setItems(r.items))
      .catch(setError)
  }, [attempt])
  return (
    <section class="organisations">
      <PageTitle>{t('orgs.title')}</PageTitle>
      <p class="hint">{t('orgs.explain')}</p>
      {error !== null && items === null ? (
        <LoadError what={t('orgs.loadFailed')} error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('orgs.none')}</p>
      ) : (
        <OrgTree items={items} parent={undefined} />
      )}
      {can(session?.role, 'incident:write') && items !== null ? (
        <OrganisationForm all={items} onSaved={(o) => navigate(`/organisations/${o.id}`)} />
      ) : null}
    </section>
  )
}

/** Organisations at the top, each unit under its parent (a unit whose parent is unknown to the reader at the top too). */
function OrgTree(props: { items: Organisation[]; parent: string | undefined }): JSX.Element | null {
  const ids = new Set(props.items.map((o) => o.id))
  const level = props.items.filter((o) =>
    props.parent === undefined ? o.parent === undefined || !ids.has(o.parent) : o.parent === props.parent
  )
  if (level.length === 0) return null
  return (
    <ul class={props.parent === undefined ? 'org-tree' : 'org-units'}>
      {level.map((o) => (
        <li key={o.id} data-kind={o.kind}>
          <OrgLine org={o} />
          <OrgTree items={props.items} parent={o.id} />
        </li>
      ))}
    </ul>
  )
}

function OrgLine(props: { org: Organisation }): JSX.Element {
  const { t } = useApp()
  const o = props.org
  return (
    <span class="org-line">
      <Link href={`/organisations/${o.id}`}>
        <span dir="auto">{o.name}</span>
      </Link>{' '}
      <span class="hint">
        {t(`orgs.kind.${o.kind}` as MessageKey)} · {t(`perpType.${o.type}` as MessageKey)}
        {o.organ ? ` · ${organLabel(t, o.organ)}` : ''}
      </span>
    </span>
  )
}

function organLabel(t: (k: MessageKey) => string, organ: string): string {
  const key = `organ.${organ}` as MessageKey
  const s = t(key)
  return s === key ? organ : s
}

/** Records an organisation, or a unit under a parent (fixed when given). */
function OrganisationForm(props: { all: Organisation[]; parent?: Organisation; onSaved: (o: Organisation) => void }): JSX.Element {
  const { t, announce } = useApp()
  const [kind, setKind] = useState<'organisation' | 'unit'>(props.parent ? 'unit' : 'organisation')
  const [name, setName] = useState('')
  const [type, setType] = useState('')
  const [organ, setOrgan] = useState('')
  const [parent, setParent] = useState(props.parent?.id ?? '')
  const [error, setError] = useState<unknown>(null)
  const [invalid, setInvalid] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const labels = { kind: t('orgs.kindField'), name: t('orgs.name'), type: t('orgs.type'), organ: t('orgs.organ'), parent: t('orgs.parent') }

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    const missing: Record<string, string> = {}
    if (!name.trim()) missing.name = t('validation.required')
    if (kind === 'organisation' && !type) missing.type = t('validation.required')
    if (kind === 'unit' && !parent) missing.parent = t('validation.required')
    setInvalid(missing)
    if (Object.keys(missing).length > 0) return
    const body: Record<string, string> = { kind, name: name.trim() }
    if (type) body.type = type
    if (organ) body.organ = organ
    if (kind === 'unit') body.parent = parent
    setBusy(true)
    try {
      const saved = await post<Organisation>('/api/v1/organisations', body)
      announce(t('orgs.saved'))
      setName('')
      props.onSaved(saved)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="card org-form" noValidate onSubmit={(e) => void submit(e)}>
      <h2>{props.parent ? t('orgs.newUnit') : t('orgs.new')}</h2>
      {props.parent ? null : (
        <fieldset>
          <legend>{labels.kind}</legend>
          {(['organisation', 'unit'] as const).map((k) => (
            <label key={k} class="inline">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
              {t(`orgs.kind.${k}` as MessageKey)}
            </label>
          ))}
        </fieldset>
      )}
      <Field label={labels.name} required error={invalid.name}>
        {({ id, describedBy, invalid: bad }) => (
          <input
            id={id}
            name="name"
            dir="auto"
            maxLength={200}
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      {kind === 'unit' && !props.parent ? (
        <Field label={labels.parent} required error={invalid.parent}>
          {({ id, describedBy, invalid: bad }) => (
            <select
              id={id}
              name="parent"
              aria-describedby={describedBy}
              aria-invalid={bad ? 'true' : undefined}
              value={parent}
              onChange={(e) => setParent(e.currentTarget.value)}
            >
              <option value="">{t('analysis.choose')}</option>
              {props.all.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field
        label={labels.type}
        required={kind === 'organisation'}
        error={invalid.type}
        {...(kind === 'unit' ? { hint: t('orgs.inheritsHint') } : {})}
      >
        {({ id, describedBy, invalid: bad }) => (
          <select
            id={id}
            name="type"
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={type}
            onChange={(e) => setType(e.currentTarget.value)}
          >
            <option value="">{t('analysis.choose')}</option>
            {ORGANISATION_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`perpType.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={labels.organ}>
        {({ id, describedBy }) => (
          <select id={id} name="organ" aria-describedby={describedBy} value={organ} onChange={(e) => setOrgan(e.currentTarget.value)}>
            <option value="">{t('analysis.choose')}</option>
            {ORGANS.map((x) => (
              <option key={x} value={x}>
                {t(`organ.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <LabelledError error={error} labels={labels} />
      <button type="submit" class="button primary" disabled={busy}>
        {props.parent ? t('orgs.createUnit') : t('orgs.create')}
      </button>
    </form>
  )
}

/** One organisation or unit: where it sits, its units, the positions held in it, and forms to add to it. */
export function OrganisationScreen(props: { id: string }): JSX.Element {
  const { t, lang, session } = useApp()
  const [org, setOrg] = useState<Organisation | null>(null)
  const [all, setAll] = useState<Organisation[]>([])
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    setError(null)
    Promise.all([get<Organisation>(`/api/v1/organisations/${props.id}`), get<{ items: Organisation[] }>('/api/v1/organisations')])
      .then(([o, list]) => {
        setOrg(o)
        setAll(list.items)
      })
      .catch(setError)
  }, [props.id, version])
  if (error !== null && org === null)
    return <LoadError what={t('orgs.loadFailed')} error={error} onRetry={() => setVersion((n) => n + 1)} />
  if (org === null) return <Loading />
  const parent = all.find((o) => o.id === org.parent)
  const units = all.filter((o) => o.parent === org.id)
  const positions = org.positions ?? []
  const role = session?.role
  return (
    <article class="organisation">
      <p class="breadcrumb">
        <Link href="/organisations">{t('orgs.title')}</Link> <span aria-hidden="true">{lang === 'en' ? '›' : '‹'}</span>{' '}
        <span dir="auto">{org.name}</span>
      </p>
      <PageTitle>
        <span dir="auto">{org.name}</span>
      </PageTitle>
      <dl class="facts card">
        <dt>{t('orgs.kindField')}</dt>
        <dd>{t(`orgs.kind.${org.kind}` as MessageKey)}</dd>
        <dt>{t('orgs.type')}</dt>
        <dd>{t(`perpType.${org.type}` as MessageKey)}</dd>
        {org.organ ? (
          <>
            <dt>{t('orgs.organ')}</dt>
            <dd>{organLabel(t, org.organ)}</dd>
          </>
        ) : null}
        {org.parent ? (
          <>
            <dt>{t('orgs.parent')}</dt>
            <dd>{parent ? <Link href={`/organisations/${parent.id}`}>{parent.name}</Link> : '—'}</dd>
          </>
        ) : null}
      </dl>
      <section class="card">
        <h2>{t('orgs.units')}</h2>
        {units.length === 0 ? (
          <p class="empty">{t('orgs.noUnits')}</p>
        ) : (
          <ul class="org-units">
            {units.map((u) => (
              <li key={u.id}>
                <OrgLine org={u} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card">
        <h2>{t('orgs.positions')}</h2>
        <p class="hint">{t('orgs.positionsExplain')}</p>
        {positions.length === 0 ? (
          <p class="empty">{t('orgs.noPositions')}</p>
        ) : (
          <ul class="positions">
            {positions.map((p) => (
              <PositionLine key={p.id} position={p} />
            ))}
          </ul>
        )}
      </section>
      {can(role, 'person:write') ? <PositionForm org={org} onSaved={() => setVersion((n) => n + 1)} /> : null}
      {can(role, 'incident:write') ? <OrganisationForm all={all} parent={org} onSaved={() => setVersion((n) => n + 1)} /> : null}
    </article>
  )
}

function PositionLine(props: { position: Position }): JSX.Element {
  const { t } = useApp()
  const p = props.position
  if (p.withheld || !p.person)
    return (
      <li class="position withheld">
        <span class="hint">{t('analysis.withheld')}</span>
      </li>
    )
  return (
    <li class="position">
      <strong class="pseudonym" dir="ltr">
        {p.person.pseudonym}
      </strong>
      {p.title ? (
        <>
          {' — '}
          <span dir="auto">{p.title}</span>
        </>
      ) : null}{' '}
      <Period from={p.from} to={p.to} />
    </li>
  )
}

/** A period "from – to" as dates in the reader's calendar; an open end says so. */
export function Period(props: { from?: string | undefined; to?: string | undefined; plain?: boolean }): JSX.Element | null {
  const { t } = useApp()
  if (!props.from && !props.to) return null
  const range = (
    <>
      {props.from ? <DateShort iso={props.from} /> : t('analysis.openStart')} –{' '}
      {props.to ? <DateShort iso={props.to} /> : t('analysis.openEnd')}
    </>
  )
  return <span class={props.plain ? 'period' : 'period hint'}>{props.plain ? range : <>({range})</>}</span>
}

function DateShort(props: { iso: string }): JSX.Element {
  const { lang } = useApp()
  return (
    <time dateTime={props.iso}>
      {new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang === 'fa' ? 'fa-AF' : 'ps-AF', {
        dateStyle: 'medium',
        timeZone: 'UTC'
      }).format(new Date(`${props.iso}T00:00:00Z`))}
    </time>
  )
}

/**
 * A perpetrator person record takes a position here over a period. The person is chosen among the
 * perpetrator persons of an incident, by pseudonym: no name is ever shown here.
 */
function PositionForm(props: { org: Organisation; onSaved: () => void }): JSX.Element {
  const { t, announce } = useApp()
  const [incident, setIncident] = useState('')
  const [persons, setPersons] = useState<Person[] | null>(null)
  const [personId, setPersonId] = useState('')
  const [title, setTitle] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [invalid, setInvalid] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const labels = { personId: t('orgs.person'), title: t('orgs.positionTitle'), from: t('analysis.from'), to: t('analysis.to') }
  useEffect(() => {
    setPersons(null)
    setPersonId('')
    if (!incident) return
    get<{ items: Person[] }>(`/api/v1/incidents/${incident}/persons`)
      .then((r) => setPersons(r.items.filter((p) => p.role === 'perpetrator')))
      .catch(setError)
  }, [incident])

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    setDone(false)
    const missing: Record<string, string> = {}
    if (!personId) missing.personId = t('validation.required')
    if (!title.trim()) missing.title = t('validation.required')
    const fromIso = from.trim() ? typedToIso(from, 'any') : undefined
    const toIso = to.trim() ? typedToIso(to, 'any') : undefined
    if (fromIso === null) missing.from = t('date.invalid')
    if (toIso === null) missing.to = t('date.invalid')
    setInvalid(missing)
    if (Object.keys(missing).length > 0) return
    const body: Record<string, string> = { personId, title: title.trim() }
    if (fromIso) body.from = fromIso
    if (toIso) body.to = toIso
    setBusy(true)
    try {
      await post(`/api/v1/organisations/${props.org.id}/positions`, body)
      setTitle('')
      setFrom('')
      setTo('')
      setPersonId('')
      setDone(true)
      announce(t('orgs.positionSaved'))
      props.onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="card position-form" noValidate onSubmit={(e) => void submit(e)}>
      <h2>{t('orgs.addPosition')}</h2>
      <p class="hint">{t('orgs.addPositionHint')}</p>
      <IncidentPicker label={t('orgs.personIncident')} value={incident} onChange={(i) => setIncident(i?.id ?? '')} />
      <Field label={labels.personId} required error={invalid.personId}>
        {({ id, describedBy, invalid: bad }) => (
          <select
            id={id}
            name="personId"
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={personId}
            disabled={persons === null}
            onChange={(e) => setPersonId(e.currentTarget.value)}
          >
            <option value="">{persons !== null && persons.length === 0 ? t('orgs.noPerpetrators') : t('analysis.choose')}</option>
            {(persons ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.pseudonym}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={labels.title} required error={invalid.title} hint={t('orgs.positionTitleHint')}>
        {({ id, describedBy, invalid: bad }) => (
          <input
            id={id}
            name="title"
            dir="auto"
            maxLength={200}
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        )}
      </Field>
      <DateInput name="from" label={labels.from} value={from} calendar="any" error={invalid.from} onInput={setFrom} />
      <DateInput name="to" label={labels.to} value={to} calendar="any" error={invalid.to} onInput={setTo} />
      <LabelledError error={error} labels={labels} />
      {done ? <Alert kind="success">{t('orgs.positionSaved')}</Alert> : null}
      <button type="submit" class="button primary" disabled={busy}>
        {t('orgs.savePosition')}
      </button>
    </form>
  )
}
