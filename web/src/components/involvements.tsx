import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Evidence, Incident, Involvement, Organisation, Person } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { api, get, post } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import { categoryLabel } from '../labels.ts'
import { LIABILITY_MODES, MODE_ARTICLE, type LiabilityMode } from '../lib/analysis-vocab.ts'
import { typedToIso } from '../lib/dates.ts'
import { can } from '../permissions.ts'
import { Period } from '../screens/organisations.tsx'
import { DateInput } from './date-input.tsx'
import { LabelledError } from './labelled-error.tsx'
import { Alert, Badge, ErrorBox, Field, Link } from './ui.tsx'

/** "Ordering — Art. 25(3)(b)" in the reader's language (the article is a citation, kept as is). */
export function modeLabel(t: (k: MessageKey) => string, mode: LiabilityMode): string {
  const article = MODE_ARTICLE[mode]
  return article ? `${t(`mode.${mode}` as MessageKey)} — ${article}` : t(`mode.${mode}` as MessageKey)
}

/**
 * "Alleged perpetrators and linkage" on the incident view: who is alleged to be responsible (a
 * perpetrator person by pseudonym, or an organisation or unit of the register), how (Arts 25/28),
 * over which period, on which exhibits and sources; a form to add one and a way to retract one.
 */
export function InvolvementsSection(props: { incident: Incident }): JSX.Element {
  const { t, session } = useApp()
  const i = props.incident
  const role = session?.role
  const [items, setItems] = useState<Involvement[] | null>(null)
  const [orgs, setOrgs] = useState<Organisation[]>([])
  const [persons, setPersons] = useState<Person[]>([])
  const [evidence, setEvidence] = useState<Evidence[]>([])
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    setError(null)
    get<{ items: Involvement[] }>(`/api/v1/incidents/${i.id}/involvements`)
      .then((r) => setItems(r.items))
      .catch(setError)
    get<{ items: Organisation[] }>('/api/v1/organisations')
      .then((r) => setOrgs(r.items))
      .catch(() => setOrgs([]))
    if (can(role, 'person:read'))
      get<{ items: Person[] }>(`/api/v1/incidents/${i.id}/persons`)
        .then((r) => setPersons(r.items))
        .catch(() => setPersons([]))
    if (can(role, 'evidence:read'))
      get<{ items: Evidence[] }>(`/api/v1/incidents/${i.id}/evidence`)
        .then((r) => setEvidence(r.items))
        .catch(() => setEvidence([]))
  }, [i.id, version, role])
  const canWrite = can(role, 'incident:write') && !i.retracted
  return (
    <section class="card involvements" aria-labelledby="involvements-title">
      <h2 id="involvements-title">{t('inv.title')}</h2>
      <p class="hint">{t('inv.explain')}</p>
      <ErrorBox error={error} />
      {items === null ? null : items.length === 0 ? (
        <p class="empty">{t('inv.none')}</p>
      ) : (
        <ul class="involvement-list">
          {items.map((x) => (
            <InvolvementItem
              key={x.id}
              incident={i}
              item={x}
              persons={persons}
              evidence={evidence}
              canWrite={canWrite}
              onChanged={() => setVersion((n) => n + 1)}
            />
          ))}
        </ul>
      )}
      {canWrite ? (
        <InvolvementForm incident={i} orgs={orgs} persons={persons} evidence={evidence} onSaved={() => setVersion((n) => n + 1)} />
      ) : null}
    </section>
  )
}

function InvolvementItem(props: {
  incident: Incident
  item: Involvement
  persons: Person[]
  evidence: Evidence[]
  canWrite: boolean
  onChanged: () => void
}): JSX.Element {
  const { t, lang, ref } = useApp()
  const x = props.item
  const [retracting, setRetracting] = useState(false)
  const who = x.withheld ? (
    <span class="hint">{t('analysis.withheld')}</span>
  ) : x.person ? (
    <strong class="pseudonym" dir="ltr">
      {x.person.pseudonym}
    </strong>
  ) : x.organisation ? (
    <>
      <Link href={`/organisations/${x.organisation.id}`}>
        <strong dir="auto">{x.organisation.name}</strong>
      </Link>{' '}
      <span class="hint">({t(`orgs.kind.${x.organisation.kind}` as MessageKey)})</span>
    </>
  ) : (
    <span class="hint">{t('inv.unknownSubject')}</span>
  )
  const pseudonym = (id: string): string => props.persons.find((p) => p.id === id)?.pseudonym ?? t('inv.aSource')
  return (
    <li class={`involvement${x.retracted ? ' retracted' : ''}`} data-mode={x.mode}>
      <p class="involvement-head">
        {who} · <span class="mode">{t(`mode.${x.mode}` as MessageKey)}</span>
        {MODE_ARTICLE[x.mode] ? (
          <>
            {' — '}
            <bdi dir="ltr">{MODE_ARTICLE[x.mode]}</bdi>
          </>
        ) : null}{' '}
        {x.retracted ? <Badge kind="status-retracted">{t('inv.retracted')}</Badge> : null}
      </p>
      <dl class="facts involvement-facts">
        {x.category ? (
          <>
            <dt>{t('inv.category')}</dt>
            <dd>{ref ? categoryLabel(ref, x.category, lang) : x.category}</dd>
          </>
        ) : null}
        {x.from || x.to ? (
          <>
            <dt>{t('inv.period')}</dt>
            <dd>
              <Period from={x.from} to={x.to} plain />
            </dd>
          </>
        ) : null}
        <dt>{t('inv.exhibits')}</dt>
        <dd>
          {x.exhibits.length === 0 ? (
            '—'
          ) : (
            <ul class="inline-list">
              {x.exhibits.map((id) => {
                const ev = props.evidence.find((e) => e.id === id)
                return (
                  <li key={id}>
                    <Link href={`/evidence/${id}`}>
                      {ev ? (
                        <>
                          <span dir="ltr">{ev.stableId}</span> <span dir="auto">{ev.name}</span>
                        </>
                      ) : (
                        t('inv.anExhibit')
                      )}
                    </Link>
                  </li>
                )
              })}
            </ul>
          )}
        </dd>
        {x.sources.length > 0 ? (
          <>
            <dt>{t('inv.sources')}</dt>
            <dd>
              {x.sources.map((id) => (
                <span key={id} class="pseudonym" dir="ltr">
                  {pseudonym(id)}{' '}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {x.origin === 'migrated' ? (
          <>
            <dt>{t('inv.origin')}</dt>
            <dd>{t('inv.migrated')}</dd>
          </>
        ) : null}
      </dl>
      {props.canWrite && !x.retracted ? (
        retracting ? (
          <RetractInvolvement incidentId={props.incident.id} item={x} onCancel={() => setRetracting(false)} onDone={props.onChanged} />
        ) : (
          <button type="button" class="button secondary small" onClick={() => setRetracting(true)}>
            {t('inv.retract')}
          </button>
        )
      ) : null}
    </li>
  )
}

function RetractInvolvement(props: { incidentId: string; item: Involvement; onCancel: () => void; onDone: () => void }): JSX.Element {
  const { t, announce } = useApp()
  const [reason, setReason] = useState('')
  const [invalid, setInvalid] = useState<string | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      class="retract-involvement"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        if (!reason.trim()) {
          setInvalid(t('validation.required'))
          return
        }
        setInvalid(undefined)
        setBusy(true)
        try {
          await api('DELETE', `/api/v1/incidents/${props.incidentId}/involvements/${props.item.id}`, { reason: reason.trim() })
          announce(t('inv.retractedDone'))
          props.onDone()
        } catch (err) {
          setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <p class="hint">{t('inv.retractHint')}</p>
      <Field label={t('inv.retractReason')} required error={invalid}>
        {({ id, describedBy, invalid: bad }) => (
          <textarea
            id={id}
            name="reason"
            dir="auto"
            rows={2}
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        )}
      </Field>
      <LabelledError error={error} labels={{ reason: t('inv.retractReason') }} />
      <div class="actions">
        <button type="submit" class="button danger" disabled={busy}>
          {t('inv.retractConfirm')}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}

function InvolvementForm(props: {
  incident: Incident
  orgs: Organisation[]
  persons: Person[]
  evidence: Evidence[]
  onSaved: () => void
}): JSX.Element {
  const { t, lang, ref, announce } = useApp()
  const i = props.incident
  const [open, setOpen] = useState(false)
  const [subject, setSubject] = useState<'person' | 'organisation'>('organisation')
  const [personId, setPersonId] = useState('')
  const [organisationId, setOrganisationId] = useState('')
  const [mode, setMode] = useState('')
  const [category, setCategory] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [exhibits, setExhibits] = useState<string[]>([])
  const [sources, setSources] = useState<string[]>([])
  const [invalid, setInvalid] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const labels = {
    personId: t('inv.person'),
    organisationId: t('inv.organisation'),
    mode: t('inv.mode'),
    category: t('inv.category'),
    element: t('inv.category'),
    from: t('analysis.from'),
    to: t('analysis.to'),
    exhibits: t('inv.exhibits'),
    sources: t('inv.sources')
  }
  const perpetrators = props.persons.filter((p) => p.role === 'perpetrator')
  const sourcePersons = props.persons.filter((p) => p.role !== 'perpetrator')
  const toggle = (list: string[], id: string, on: boolean): string[] => (on ? [...list, id] : list.filter((x) => x !== id))

  if (!open)
    return (
      <p>
        <button type="button" class="button primary" onClick={() => setOpen(true)}>
          {t('inv.add')}
        </button>
      </p>
    )

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setError(null)
    const missing: Record<string, string> = {}
    if (subject === 'person' && !personId) missing.personId = t('validation.required')
    if (subject === 'organisation' && !organisationId) missing.organisationId = t('validation.required')
    if (!mode) missing.mode = t('validation.required')
    const fromIso = from.trim() ? typedToIso(from, 'any') : undefined
    const toIso = to.trim() ? typedToIso(to, 'any') : undefined
    if (fromIso === null) missing.from = t('date.invalid')
    if (toIso === null) missing.to = t('date.invalid')
    setInvalid(missing)
    if (Object.keys(missing).length > 0) return
    const body: Record<string, unknown> = { mode }
    if (subject === 'person') body.personId = personId
    else body.organisationId = organisationId
    if (category) body.category = category
    if (fromIso) body.from = fromIso
    if (toIso) body.to = toIso
    if (exhibits.length > 0) body.exhibits = exhibits
    if (sources.length > 0) body.sources = sources
    setBusy(true)
    try {
      await post(`/api/v1/incidents/${i.id}/involvements`, body)
      announce(t('inv.saved'))
      setOpen(false)
      setMode('')
      setExhibits([])
      setSources([])
      props.onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="involvement-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>{t('inv.add')}</h3>
      <fieldset>
        <legend>{t('inv.subject')}</legend>
        {(['organisation', 'person'] as const).map((k) => (
          <label key={k} class="inline">
            <input type="radio" name="subject" value={k} checked={subject === k} onChange={() => setSubject(k)} />{' '}
            {t(k === 'person' ? 'inv.subjectPerson' : 'inv.subjectOrganisation')}
          </label>
        ))}
      </fieldset>
      {subject === 'person' ? (
        <Field label={labels.personId} required error={invalid.personId} hint={t('inv.personHint')}>
          {({ id, describedBy, invalid: bad }) => (
            <select
              id={id}
              name="personId"
              aria-describedby={describedBy}
              aria-invalid={bad ? 'true' : undefined}
              value={personId}
              onChange={(e) => setPersonId(e.currentTarget.value)}
            >
              <option value="">{perpetrators.length === 0 ? t('orgs.noPerpetrators') : t('analysis.choose')}</option>
              {perpetrators.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.pseudonym}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field label={labels.organisationId} required error={invalid.organisationId}>
          {({ id, describedBy, invalid: bad }) => (
            <select
              id={id}
              name="organisationId"
              aria-describedby={describedBy}
              aria-invalid={bad ? 'true' : undefined}
              value={organisationId}
              onChange={(e) => setOrganisationId(e.currentTarget.value)}
            >
              <option value="">{props.orgs.length === 0 ? t('orgs.none') : t('analysis.choose')}</option>
              {props.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({t(`orgs.kind.${o.kind}` as MessageKey)})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {subject === 'organisation' ? (
        <p class="hint">
          <Link href="/organisations">{t('inv.openRegister')}</Link>
        </p>
      ) : null}
      <Field label={labels.mode} required error={invalid.mode} hint={t('inv.modeHint')}>
        {({ id, describedBy, invalid: bad }) => (
          <select
            id={id}
            name="mode"
            aria-describedby={describedBy}
            aria-invalid={bad ? 'true' : undefined}
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value)}
          >
            <option value="">{t('analysis.choose')}</option>
            {LIABILITY_MODES.map((m) => (
              <option key={m} value={m}>
                {modeLabel(t, m)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={labels.category}>
        {({ id, describedBy }) => (
          <select
            id={id}
            name="category"
            aria-describedby={describedBy}
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value)}
          >
            <option value="">{t('inv.wholeIncident')}</option>
            {i.categories.map((c) => (
              <option key={c} value={c}>
                {ref ? categoryLabel(ref, c, lang) : c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <DateInput name="from" label={labels.from} value={from} calendar="any" error={invalid.from} onInput={setFrom} />
      <DateInput name="to" label={labels.to} value={to} calendar="any" error={invalid.to} onInput={setTo} />
      <fieldset class="exhibit-choice">
        <legend>{labels.exhibits}</legend>
        {props.evidence.length === 0 ? (
          <p class="hint">{t('inv.noExhibits')}</p>
        ) : (
          <ul class="checkbox-list">
            {props.evidence.map((ev) => (
              <li key={ev.id}>
                <label class="inline">
                  <input
                    type="checkbox"
                    name="exhibit"
                    value={ev.id}
                    checked={exhibits.includes(ev.id)}
                    onChange={(e) => setExhibits(toggle(exhibits, ev.id, e.currentTarget.checked))}
                  />{' '}
                  <span dir="ltr">{ev.stableId}</span> <span dir="auto">{ev.name}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      {sourcePersons.length > 0 ? (
        <fieldset class="source-choice">
          <legend>{labels.sources}</legend>
          <ul class="checkbox-list">
            {sourcePersons.map((p) => (
              <li key={p.id}>
                <label class="inline">
                  <input
                    type="checkbox"
                    name="source"
                    value={p.id}
                    checked={sources.includes(p.id)}
                    onChange={(e) => setSources(toggle(sources, p.id, e.currentTarget.checked))}
                  />{' '}
                  <span dir="ltr">{p.pseudonym}</span> ({t(`personRole.${p.role}` as MessageKey)})
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <LabelledError error={error} labels={labels} />
      {Object.keys(invalid).length > 0 ? <Alert kind="error">{t('inv.fixFields')}</Alert> : null}
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('inv.save')}
        </button>
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
