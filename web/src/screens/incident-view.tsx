import { Fragment, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post } from '../api.ts'
import { Alert, Badge, DateText, ErrorBox, Field, Instant, Link, Loading, Num, PageTitle } from '../components/ui.tsx'
import { categoryLabel, label, provinceLabel } from '../labels.ts'
import { can } from '../permissions.ts'
import type { MessageKey } from '../i18n/index.ts'
import { PersonsPanel } from './persons-panel.tsx'
import { IncidentContext } from '../components/incident-context.tsx'
import { EvidencePanel } from './evidence-panel.tsx'
import { RevisionsPanel } from './revisions-panel.tsx'
import { ReviewPanel } from './review-panel.tsx'
import { InvolvementsSection } from '../components/involvements.tsx'
import { IncidentLinksSection } from '../components/incident-links.tsx'
import { CONNECTED_CRIME_ELEMENTS, ConnectedCrimesList, useConnectedCrimes } from '../components/connected-crimes.tsx'
import { CommentsFeed } from '../components/comments-feed.tsx'
import { formatNumber } from '../lib/format.ts'

export type Tab = 'details' | 'persons' | 'evidence' | 'revisions'

export function IncidentView(props: { id: string; tab: Tab }): JSX.Element {
  const { t, lang, session } = useApp()
  const [incident, setIncident] = useState<Incident | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)

  useEffect(() => {
    setError(null)
    get<Incident>(`/api/v1/incidents/${props.id}`).then(setIncident).catch(setError)
  }, [props.id, version])

  if (error) return <ErrorBox error={error} />
  if (!incident) return <Loading />
  const role = session?.role
  const tabs: { tab: Tab; label: MessageKey; show: boolean }[] = [
    { tab: 'details', label: 'incident.tabDetails', show: true },
    { tab: 'persons', label: 'incident.tabPersons', show: can(role, 'person:read') },
    { tab: 'evidence', label: 'incident.tabEvidence', show: can(role, 'evidence:read') },
    { tab: 'revisions', label: 'incident.tabRevisions', show: true }
  ]
  const base = `/incidents/${incident.id}`
  return (
    <article class="incident">
      <p class="breadcrumb">
        <Link href="/incidents">{t('list.title')}</Link> <span aria-hidden="true">{lang === 'en' ? '›' : '‹'}</span>{' '}
        <span dir="ltr">{incident.reference}</span>
      </p>
      <PageTitle>
        <span dir="auto">{incident.title}</span>
      </PageTitle>
      <p class="meta">
        <span class="reference" dir="ltr">
          {incident.reference}
        </span>
        {' · '}
        {t('incident.revision', { n: formatNumber(incident.revision, lang) })}
        {' · '}
        <Badge kind={`status-${incident.retracted ? 'retracted' : incident.status}`}>
          {t(`status.${incident.retracted ? 'retracted' : incident.status}` as MessageKey)}
        </Badge>
      </p>
      {incident.retracted ? (
        <Alert kind="warning">
          {t('incident.retracted')} <span dir="auto">{incident.retracted.reason}</span> (<Instant value={incident.retracted.at} />)
        </Alert>
      ) : null}
      <nav class="tabs" aria-label={t('incident.sections')}>
        <ul>
          {tabs
            .filter((x) => x.show)
            .map((x) => (
              <li key={x.tab}>
                <Link href={x.tab === 'details' ? base : `${base}/${x.tab}`} aria-current={props.tab === x.tab ? 'page' : undefined}>
                  {t(x.label)}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      {props.tab === 'details' ? <IncidentDetails incident={incident} onChanged={() => setVersion(version + 1)} /> : null}
      {props.tab === 'details' ? <CommentsFeed incidentId={incident.id} /> : null}
      {props.tab === 'persons' ? <PersonsPanel incident={incident} /> : null}
      {props.tab === 'evidence' ? <EvidencePanel incident={incident} /> : null}
      {props.tab === 'revisions' ? <RevisionsPanel incident={incident} /> : null}
    </article>
  )
}

function IncidentDetails(props: { incident: Incident; onChanged: () => void }): JSX.Element {
  const { t, lang, ref, session } = useApp()
  const i = props.incident
  const canWrite = can(session?.role, 'incident:write') && !i.retracted
  const v = i.victims ?? {}
  // Persecution's "connected with another crime" shows the crimes linked to it, as the dossier prints them.
  const needsConnected = i.categories.some((c) => ref?.categoryById.get(c)?.elements.some((e) => CONNECTED_CRIME_ELEMENTS.has(e.id)))
  const crimes = useConnectedCrimes(i.id, needsConnected === true)
  return (
    <div class="incident-details">
      {canWrite ? (
        <p class="actions">
          <Link class="button primary" href={`/incidents/${i.id}/edit`}>
            {t('incident.edit')}
          </Link>
          <Link class="button secondary" href={`/incidents/${i.id}/evidence`}>
            {t('incident.addEvidence')}
          </Link>
          <Link class="button secondary" href={`/incidents/${i.id}/persons`}>
            {t('incident.addPerson')}
          </Link>
        </p>
      ) : null}
      {i.flags.length > 0 ? (
        <Alert kind="warning">
          <ul>
            {i.flags.map((f) => (
              <li key={f}>
                {t(`flag.${f}` as MessageKey)}
                {f === 'OUTSIDE_ICC_JURISDICTION_WINDOW' ? ` — ${t('flag.OUTSIDE_ICC_JURISDICTION_WINDOW.explain')}` : ''}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <ReviewPanel incident={i} onChanged={props.onChanged} />
      <section class="card">
        <h2>{t('incident.narrative')}</h2>
        <p class="narrative" dir="auto" lang={i.narrativeLanguage}>
          {i.narrative}
        </p>
      </section>
      <section class="card">
        <h2>{t('incident.whenWhere')}</h2>
        <dl class="facts">
          <dt>{t('incident.date')}</dt>
          <dd>
            <DateText iso={i.occurred.from} />
            {i.occurred.to !== i.occurred.from ? (
              <>
                {' '}
                – <DateText iso={i.occurred.to} />
              </>
            ) : null}{' '}
            <span class="secondary">
              ({t(`precision.${i.occurred.precision}` as MessageKey)}
              {i.occurred.enteredAs
                ? `; ${t('incident.enteredAs')} ${t(i.occurred.enteredAs === 'solar-hijri' ? 'date.solarHijri' : 'date.gregorian')}`
                : ''}
              )
            </span>
          </dd>
          <dt>{t('form.province')}</dt>
          <dd>
            {ref ? provinceLabel(ref, i.location.province, lang) : i.location.province}{' '}
            <span class="secondary" dir="ltr">
              {i.location.province}
            </span>
          </dd>
          {i.location.district ? (
            <>
              <dt>{t('form.district')}</dt>
              <dd dir="auto">{i.location.district}</dd>
            </>
          ) : null}
          {i.location.place ? (
            <>
              <dt>{t('form.place')}</dt>
              <dd dir="auto">{i.location.place}</dd>
            </>
          ) : null}
          {i.location.lat !== undefined && i.location.lon !== undefined ? (
            <>
              <dt>{t('incident.coordinates')}</dt>
              <dd>
                <span dir="ltr">
                  {i.location.lat}, {i.location.lon}
                </span>
                {i.location.coordinatePrecision ? ` (${t(`coordPrecision.${i.location.coordinatePrecision}` as MessageKey)})` : ''}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section class="card">
        <h2>{t('incident.qualification')}</h2>
        {i.categories.map((c) => {
          const cat = ref?.categoryById.get(c)
          const q = (i.qualifications ?? []).find((x) => x.category === c)
          return (
            <div key={c} class="qualification" data-category={c}>
              <h3>
                {ref ? categoryLabel(ref, c, lang) : c}{' '}
                {cat?.romeStatute ? (
                  <span class="article" dir="ltr">
                    {cat.romeStatute}
                  </span>
                ) : null}{' '}
                {cat ? <Badge kind="group">{label(ref?.taxonomy.groups.find((g) => g.id === cat.group)?.labels, lang)}</Badge> : null}
              </h3>
              {cat && cat.elements.length > 0 ? (
                <ul class="element-list">
                  {cat.elements.map((el) => {
                    const status = q?.elements?.find((e) => e.element === el.id)?.status ?? 'not-assessed'
                    return (
                      <li key={el.id} data-element={el.id}>
                        <Badge kind={`element-${status}`}>{t(`element.${status}` as MessageKey)}</Badge>{' '}
                        <span lang="en" dir="ltr">
                          {el.labels.en}
                        </span>
                        {CONNECTED_CRIME_ELEMENTS.has(el.id) ? <ConnectedCrimesList crimes={crimes} category={c} /> : null}
                      </li>
                    )
                  })}
                </ul>
              ) : null}
            </div>
          )
        })}
      </section>
      <IncidentContext incidentId={i.id} canWrite={canWrite} />
      <section class="card">
        <h2>{t('form.victims')}</h2>
        {Object.keys(v).length === 0 ? (
          <p class="empty">{t('incident.noVictims')}</p>
        ) : (
          <dl class="facts">
            {v.count !== undefined ? (
              <>
                <dt>{t('victims.count')}</dt>
                <dd>
                  <Num n={v.count} />
                  {v.countIsEstimate ? ` (${t('victims.estimate')})` : ''}
                </dd>
              </>
            ) : null}
            {v.killed !== undefined ? (
              <>
                <dt>{t('victims.killed')}</dt>
                <dd>
                  <Num n={v.killed} />
                </dd>
              </>
            ) : null}
            {v.injured !== undefined ? (
              <>
                <dt>{t('victims.injured')}</dt>
                <dd>
                  <Num n={v.injured} />
                </dd>
              </>
            ) : null}
            {(['bySex', 'byAgeGroup', 'byEthnicity', 'byReligion'] as const).map((m) =>
              v[m] && Object.keys(v[m]).length > 0 ? (
                <Fragment key={m}>
                  <dt>{t(`victims.${m}` as MessageKey)}</dt>
                  <dd>
                    {Object.entries(v[m])
                      .map(([k, n]) => `${orKey(t(`group.${k}` as MessageKey), `group.${k}`, k)}: ${formatNumber(n ?? 0, lang)}`)
                      .join(lang === 'en' ? ', ' : '، ')}
                  </dd>
                </Fragment>
              ) : null
            )}
          </dl>
        )}
      </section>
      <section class="card">
        <h2>{t('form.perpetrators')}</h2>
        {(i.perpetrators ?? []).length === 0 ? (
          <p class="empty">{t('incident.noPerpetrators')}</p>
        ) : (
          <ul>
            {(i.perpetrators ?? []).map((p, n) => (
              <li key={n}>
                {t(`perpType.${p.type}` as MessageKey)}
                {p.organ ? ` — ${t(`organ.${p.organ}` as MessageKey)}` : ''}
                {p.unit ? (
                  <>
                    {' '}
                    — <span dir="auto">{p.unit}</span>
                  </>
                ) : null}
                {p.involvement ? ` (${t(`involvement.${p.involvement}` as MessageKey)})` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <InvolvementsSection incident={i} />
      <IncidentLinksSection incident={i} />
      {(i.sources ?? []).length > 0 ? (
        <section class="card">
          <h2>{t('form.sources')}</h2>
          <ul>
            {(i.sources ?? []).map((s, n) => (
              <li key={n}>
                {t(`sourceType.${s.type}` as MessageKey)}
                {s.reliability ? ` · ${t(`reliability.${s.reliability}` as MessageKey)}` : ''}
                {s.credibility ? ` · ${t(`credibility.${s.credibility}` as MessageKey)}` : ''}
                {s.description ? (
                  <>
                    {' '}
                    — <span dir="auto">{s.description}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="hint">
        {t('incident.recorded')} <Instant value={i.createdAt} /> · {t('incident.updated')} <Instant value={i.updatedAt} />
      </p>
      {canWrite ? <RetractForm incident={i} onDone={props.onChanged} /> : null}
    </div>
  )
}

function RetractForm(props: { incident: Incident; onDone: () => void }): JSX.Element {
  const { t } = useApp()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  if (!open)
    return (
      <p>
        <button type="button" class="button danger" onClick={() => setOpen(true)}>
          {t('incident.retract')}
        </button>
      </p>
    )
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault()
        if (!reason.trim()) {
          setError(new Error(t('validation.required')))
          return
        }
        setBusy(true)
        try {
          await post(`/api/v1/incidents/${props.incident.id}/retract`, { reason: reason.trim() })
          props.onDone()
        } catch (err) {
          setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <h2>{t('incident.retract')}</h2>
      <p class="hint">{t('incident.retractHint')}</p>
      <ErrorBox error={error} />
      <Field label={t('form.reason')} required>
        {({ id }) => (
          <textarea id={id} dir="auto" rows={2} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button danger" disabled={busy}>
          {t('incident.retractConfirm')}
        </button>
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}

/** A translation, or the raw value when the catalogue has none (a key recorded by another client). */
function orKey(translated: string, key: string, raw: string): string {
  return translated === key ? raw : translated
}
