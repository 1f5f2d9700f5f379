import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident, Person } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, query } from '../api.ts'
import { Alert, Badge, ErrorBox, Field, Loading, PageTitle } from '../components/ui.tsx'
import { can } from '../permissions.ts'
import type { MessageKey } from '../i18n/index.ts'
import { PersonIncidents } from '../components/person-links.tsx'
import { PersonAttributesEditor, PersonAttributesView } from '../components/person-attributes.tsx'
import { PersonInterviews } from '../components/person-interviews.tsx'

const PURPOSES = [
  'case-preparation',
  'witness-contact',
  'protection-assessment',
  'verification',
  'data-correction',
  'consent-review',
  'follow-up'
] as const

/**
 * One person across incidents: the pseudonym, every incident and role, and — after the reader says
 * why (the reading is recorded) — the sensitive fields and the interviews, for whom may read them.
 */
export function PersonPage(props: { id: string }): JSX.Element {
  const { t, session } = useApp()
  const [purpose, setPurpose] = useState<string>(() => new URLSearchParams(location.search).get('purpose') ?? '')
  const [choice, setChoice] = useState<string>('case-preparation')
  const [person, setPerson] = useState<Person | null>(null)
  const [incidents, setIncidents] = useState<{ id: string; label: string }[]>([])
  const [error, setError] = useState<unknown>(null)
  const [editing, setEditing] = useState(false)
  const canWrite = can(session?.role, 'person:write')

  useEffect(() => {
    if (!purpose) return
    setError(null)
    get<Person>(`/api/v1/persons/${props.id}${query({ purpose })}`)
      .then(setPerson)
      .catch(setError)
  }, [props.id, purpose])

  useEffect(() => {
    if (!person) return
    const ids = [...new Set((person.links ?? []).map((l) => l.incidentId))]
    Promise.allSettled(ids.map((id) => get<Incident>(`/api/v1/incidents/${id}`))).then((rs) =>
      setIncidents(
        rs.flatMap((r, n) => (r.status === 'fulfilled' ? [{ id: ids[n]!, label: `${r.value.reference} · ${r.value.title}` }] : []))
      )
    )
  }, [person?.id, person?.links?.length])

  if (!purpose)
    return (
      <section class="person-page">
        <PageTitle>{t('personPage.title')}</PageTitle>
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault()
            setPurpose(choice)
          }}
        >
          <p class="hint">{t('personPage.purposeLead')}</p>
          <Field label={t('persons.purpose')} hint={t('persons.purposeHint')}>
            {({ id, describedBy }) => (
              <select
                id={id}
                name="purpose"
                value={choice}
                aria-describedby={describedBy}
                onChange={(e) => setChoice(e.currentTarget.value)}
              >
                {PURPOSES.map((x) => (
                  <option key={x} value={x}>
                    {t(`accessPurpose.${x}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" class="button primary">
            {t('personPage.open')}
          </button>
        </form>
      </section>
    )
  if (error) return <ErrorBox error={error} />
  if (!person) return <Loading />
  const cleared = person.identity !== undefined
  return (
    <article class="person-page">
      <PageTitle>
        <bdi dir="ltr" class="person-pseudonym">
          {person.pseudonym}
        </bdi>
      </PageTitle>
      <p class="meta">
        {person.protected ? <Badge kind="protected">{t('persons.protected')}</Badge> : <Badge>{t('persons.notProtected')}</Badge>}
        {person.needToKnow ? (
          <>
            {' '}
            <Badge kind="warning">{t('persons.needToKnow')}</Badge>
          </>
        ) : null}
        {person.deceased ? (
          <>
            {' '}
            <Badge>{t('personAttr.deceasedBadge')}</Badge>
          </>
        ) : null}
      </p>
      <section class="card">
        <PersonIncidents person={person} />
      </section>
      <section class="card" aria-labelledby="attributes-h">
        <h2 id="attributes-h">{t('personAttr.title')}</h2>
        {!cleared ? (
          <Alert kind="info">{t('persons.withheld')}</Alert>
        ) : editing ? (
          <PersonAttributesEditor
            person={person}
            onCancel={() => setEditing(false)}
            onSaved={(p) => {
              setEditing(false)
              // The answer may leave the identity out: read it again under the same purpose.
              if (p.identity) setPerson({ ...p, links: p.links ?? person.links })
              else
                get<Person>(`/api/v1/persons/${props.id}${query({ purpose })}`)
                  .then(setPerson)
                  .catch(setError)
            }}
          />
        ) : (
          <>
            <PersonAttributesView person={person} />
            {canWrite ? (
              <button type="button" class="button secondary" onClick={() => setEditing(true)}>
                {t('personAttr.edit')}
              </button>
            ) : null}
          </>
        )}
      </section>
      {cleared ? <PersonInterviews personId={person.id} purpose={purpose} canWrite={canWrite} incidents={incidents} /> : null}
    </article>
  )
}
