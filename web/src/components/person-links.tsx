import { Fragment, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident, Person, PersonSearch } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post, query } from '../api.ts'
import { ErrorBox, Field, Instant, Link, Loading } from './ui.tsx'
import { ErrorSummary, type FieldLabels } from './form-errors.tsx'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'
import { PERSON_ROLES } from '../schema-enums.ts'
import { serverFieldErrors } from '../lib/server-field-error.ts'

type Role = Person['role']
type Found = PersonSearch['items'][number]
const LABELS: FieldLabels = { personId: 'personLink.search', role: 'persons.role' }

/** What the server searches: a series letter, then optionally a hyphen and digits (person-query.json). */
const PSEUDONYM_PREFIX = /^[VWSP](-[0-9]{0,12})?$/
/** How many persons one search shows. */
const SEARCH_LIMIT = 20

/** Links a person already recorded (found by pseudonym) to this incident in a role: they keep their pseudonym. */
export function LinkExistingPerson(props: { incidentId: string; linked: readonly string[]; onLinked: () => void }): JSX.Element {
  const { t, lang, announce } = useApp()
  const sep = lang === 'en' ? ', ' : '، '
  const [open, setOpen] = useState(false)
  const [found, setFound] = useState<Found[] | null>(null)
  const [term, setTerm] = useState('')
  const [chosen, setChosen] = useState('')
  const [role, setRole] = useState<Role>('witness')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const needle = term.trim().toUpperCase()
  const searchable = PSEUDONYM_PREFIX.test(needle)

  // The server finds the persons (only whom this account may see, nothing decrypted); a short pause
  // after typing, and an answer to an older term never replaces a newer one.
  useEffect(() => {
    if (!open || !searchable) {
      setFound(null)
      return
    }
    let live = true
    const timer = setTimeout(() => {
      get<PersonSearch>(`/api/v1/persons${query({ pseudonym: needle, limit: SEARCH_LIMIT })}`)
        .then((r) => {
          if (live) setFound(r.items)
        })
        .catch((err: unknown) => {
          if (live) setError(err)
        })
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [open, needle])

  if (!open)
    return (
      <p>
        <button type="button" class="button secondary" onClick={() => setOpen(true)}>
          {t('personLink.open')}
        </button>
      </p>
    )

  return (
    <form
      class="card person-link-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        if (!chosen) {
          setErrors({ personId: t('personLink.pick') })
          return
        }
        setBusy(true)
        try {
          const p = await post<Person>(`/api/v1/incidents/${props.incidentId}/persons`, { personId: chosen, role })
          announce(t('personLink.linked', { pseudonym: p.pseudonym }))
          setOpen(false)
          setChosen('')
          props.onLinked()
        } catch (err) {
          const byField = serverFieldErrors(err, t)
          if (byField) setErrors(byField)
          else setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <h3>{t('personLink.title')}</h3>
      <p class="hint">{t('personLink.lead')}</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <ErrorBox error={error} />
      <Field label={t('personLink.search')} hint={t('personLink.searchHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            name="pseudonym"
            type="search"
            dir="ltr"
            autoComplete="off"
            value={term}
            aria-describedby={describedBy}
            onInput={(e) => setTerm(e.currentTarget.value)}
          />
        )}
      </Field>
      {needle === '' ? null : !searchable ? (
        <p class="hint" role="status">
          {t('personLink.notPseudonym')}
        </p>
      ) : found === null ? (
        error ? null : (
          <Loading />
        )
      ) : found.length === 0 ? (
        <p class="empty">{t('personLink.noMatch')}</p>
      ) : (
        <fieldset class="choice-group person-link-choices">
          <legend>{t('personLink.choose')}</legend>
          {found.map((p) => (
            <label key={p.id} class="choice">
              <input
                type="radio"
                name="personId"
                value={p.id}
                checked={chosen === p.id}
                onChange={() => {
                  setChosen(p.id)
                  setErrors({})
                }}
              />{' '}
              <bdi dir="ltr">{p.pseudonym}</bdi> — {p.roles.map((r) => t(`personRole.${r}` as MessageKey)).join(sep)}
              {p.incidents.length > 0 ? (
                <span class="hint">
                  {' '}
                  (
                  {p.incidents.map((i, n) => (
                    <Fragment key={`${i.incidentId}-${i.role}`}>
                      {n > 0 ? sep : null}
                      <bdi dir="ltr">{i.reference}</bdi>
                    </Fragment>
                  ))}
                  )
                </span>
              ) : null}
              {props.linked.includes(p.id) ? <span class="hint"> ({t('personLink.alreadyHere')})</span> : null}
            </label>
          ))}
        </fieldset>
      )}
      <Field label={t('persons.role')} required error={errors.role}>
        {({ id }) => (
          <select id={id} name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {PERSON_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`personRole.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('personLink.save')}
        </button>
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}

/** Every incident a person is linked to and in which role (one pseudonym for all), each a link to the incident. */
export function PersonIncidents(props: { person: Person; currentIncident?: string }): JSX.Element | null {
  const { t } = useApp()
  const links = props.person.links ?? []
  const [refs, setRefs] = useState<Record<string, string>>({})
  useEffect(() => {
    let live = true
    for (const id of new Set(links.map((l) => l.incidentId)))
      get<Incident>(`/api/v1/incidents/${id}`)
        .then((i) => {
          if (live) setRefs((r) => ({ ...r, [id]: i.reference }))
        })
        .catch(() => {
          /* not readable: the id stands */
        })
    return () => {
      live = false
    }
  }, [props.person.id, links.length])
  if (links.length === 0) return null
  return (
    <div class="person-incidents">
      <h2>{t('personLink.incidents')}</h2>
      <ul>
        {links.map((l) => (
          <li key={`${l.incidentId}-${l.role}`} data-incident={l.incidentId}>
            <Link class="button secondary small" href={`/incidents/${l.incidentId}/persons`}>
              <bdi dir="ltr">{refs[l.incidentId] ?? l.incidentId.slice(0, 8)}</bdi>
            </Link>{' '}
            {t(`personRole.${l.role}` as MessageKey)}
            {l.incidentId === props.currentIncident ? <span class="hint"> ({t('personLink.thisIncident')})</span> : null}{' '}
            <span class="hint">
              <Instant value={l.linkedAt} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
