import type { JSX } from 'preact'
import { useEffect, useId, useState } from 'preact/hooks'
import type { Incident, Person, PersonInput, ConsentInput, ConsentHistory } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, post, query } from '../api.ts'
import { Alert, Badge, DateText, ErrorBox, Field, Instant, Link, Loading } from '../components/ui.tsx'
import { can } from '../permissions.ts'
import type { MessageKey } from '../i18n/index.ts'
import { validate, type FieldErrors } from '../validation.ts'
import { CONSENT_METHODS, CONSENT_PURPOSES, CONTACT_TYPES, PERSON_ROLES } from '../schema-enums.ts'
import { DateInput } from '../components/date-input.tsx'
import { anyCalendarToIso } from '../lib/dates.ts'
import { useFormDraft } from '../lib/form-draft.ts'
import { DraftNotice, ErrorSummary, type FieldLabels } from '../components/form-errors.tsx'
import { LinkExistingPerson } from '../components/person-links.tsx'
import {
  ATTRIBUTE_LABELS,
  PersonAttributeFields,
  attributesInput,
  checkAttributes,
  emptyAttributes,
  type AttributesDraft
} from '../components/person-attributes.tsx'
import { ConsentGiverFields, consentGiverInput, type ConsentGiver } from '../components/consent-giver.tsx'

type Purpose = (typeof CONSENT_PURPOSES)[number]
const ACCESS_PURPOSES = [
  'case-preparation',
  'witness-contact',
  'protection-assessment',
  'verification',
  'data-correction',
  'consent-review',
  'follow-up'
] as const

/** Persons of an incident by pseudonym; identities only on request (recorded), consent per purpose. */
export function PersonsPanel(props: { incident: Incident }): JSX.Element {
  const { t, session } = useApp()
  const [persons, setPersons] = useState<Person[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [version, setVersion] = useState(0)
  // A new key after each save mounts a fresh form: the next person starts from the defaults, never
  // from the last one's choices (a witness once inherited a victim's "sensitive").
  const [addKey, setAddKey] = useState(0)
  const canWrite = can(session?.role, 'person:write') && !props.incident.retracted

  useEffect(() => {
    get<{ items: Person[] }>(`/api/v1/incidents/${props.incident.id}/persons`)
      .then((r) => setPersons(r.items))
      .catch(setError)
  }, [props.incident.id, version])

  return (
    <section aria-labelledby="persons-h">
      <h2 id="persons-h">{t('persons.title')}</h2>
      <p class="hint">{t('persons.lead')}</p>
      <ErrorBox error={error} />
      {!persons ? (
        error ? null : (
          <Loading />
        )
      ) : persons.length === 0 ? (
        <p class="empty">{t('persons.none')}</p>
      ) : (
        <ul class="person-list">
          {persons.map((p) => (
            <PersonCard key={p.id} person={p} canWrite={canWrite} onChanged={() => setVersion((v) => v + 1)} />
          ))}
        </ul>
      )}
      {canWrite ? (
        <AddPerson
          key={addKey}
          incidentId={props.incident.id}
          onAdded={() => {
            setAddKey((k) => k + 1)
            setVersion((v) => v + 1)
          }}
        />
      ) : null}
      {canWrite ? (
        <LinkExistingPerson
          incidentId={props.incident.id}
          linked={(persons ?? []).map((p) => p.id)}
          onLinked={() => setVersion((v) => v + 1)}
        />
      ) : null}
    </section>
  )
}

function ConsentBadges(props: { consent: Person['consent'] }): JSX.Element {
  const { t } = useApp()
  return (
    <ul class="consent-badges">
      {CONSENT_PURPOSES.map((p) => {
        const v = props.consent[p]
        return (
          <li key={p}>
            <Badge kind={`consent-${v}`}>
              {t(`consent.${p}` as MessageKey)}: {t(`consentValue.${v}` as MessageKey)}
            </Badge>
          </li>
        )
      })}
    </ul>
  )
}

function PersonCard(props: { person: Person; canWrite: boolean; onChanged: () => void }): JSX.Element {
  const { t } = useApp()
  const p = props.person
  const [identity, setIdentity] = useState<Person | null>(null)
  const [purpose, setPurpose] = useState<string>('case-preparation')
  const [error, setError] = useState<unknown>(null)
  const [showConsent, setShowConsent] = useState(false)
  const [history, setHistory] = useState<ConsentHistory | null>(null)
  return (
    <li class="card person">
      <h3>
        <span dir="ltr">{p.pseudonym}</span> — {t(`personRole.${p.role}` as MessageKey)}
      </h3>
      <p class="meta">
        {p.protected ? <Badge kind="protected">{t('persons.protected')}</Badge> : <Badge>{t('persons.notProtected')}</Badge>}
        {p.sensitive ? (
          <>
            {' '}
            <Badge kind="warning">{t('persons.sensitive')}</Badge>
          </>
        ) : null}
        {p.needToKnow ? (
          <>
            {' '}
            <Badge kind="warning">{t('persons.needToKnow')}</Badge>
          </>
        ) : null}
      </p>
      <ConsentBadges consent={p.consent} />
      <p>
        <Link class="button secondary small" href={`/persons/${p.id}`}>
          {t('personPage.openPage')}
        </Link>
      </p>
      <ErrorBox error={error} />
      {identity?.identity ? (
        <div class="identity" role="region" aria-label={t('persons.identity')}>
          <dl class="facts">
            <dt>{t('persons.name')}</dt>
            <dd dir="auto">{identity.identity.name}</dd>
            {identity.identity.aliases?.length ? (
              <>
                <dt>{t('persons.aliases')}</dt>
                <dd dir="auto">{identity.identity.aliases.join('، ')}</dd>
              </>
            ) : null}
            {identity.identity.contacts?.length ? (
              <>
                <dt>{t('persons.contacts')}</dt>
                <dd>
                  {identity.identity.contacts.map((c, i) => (
                    <div key={i}>
                      {t(`contact.${c.type}` as MessageKey)}: <span dir="auto">{c.value}</span>
                    </div>
                  ))}
                </dd>
              </>
            ) : null}
            {identity.identity.address ? (
              <>
                <dt>{t('persons.address')}</dt>
                <dd dir="auto">{identity.identity.address}</dd>
              </>
            ) : null}
            {identity.identity.notes ? (
              <>
                <dt>{t('persons.notes')}</dt>
                <dd dir="auto">{identity.identity.notes}</dd>
              </>
            ) : null}
          </dl>
          <button type="button" class="button secondary small" onClick={() => setIdentity(null)}>
            {t('persons.hideIdentity')}
          </button>
        </div>
      ) : identity?.identityWithheld ? (
        <Alert kind="info">{t('persons.withheld')}</Alert>
      ) : (
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault()
            setError(null)
            try {
              setIdentity(await get<Person>(`/api/v1/persons/${p.id}${query({ purpose })}`))
            } catch (err) {
              setError(err)
            }
          }}
        >
          <Field label={t('persons.purpose')} hint={t('persons.purposeHint')}>
            {({ id, describedBy }) => (
              <select
                id={id}
                value={purpose}
                aria-describedby={describedBy}
                onChange={(e) => setPurpose((e.currentTarget as HTMLSelectElement).value)}
              >
                {ACCESS_PURPOSES.map((x) => (
                  <option key={x} value={x}>
                    {t(`accessPurpose.${x}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" class="button secondary small">
            {t('persons.showIdentity')}
          </button>
        </form>
      )}
      <p>
        <button
          type="button"
          class="link-button"
          aria-expanded={showConsent}
          onClick={async () => {
            const next = !showConsent
            setShowConsent(next)
            if (next && !history) {
              try {
                setHistory(await get<ConsentHistory>(`/api/v1/persons/${p.id}/consent`))
              } catch (err) {
                setError(err)
              }
            }
          }}
        >
          {showConsent ? t('persons.hideConsent') : t('persons.consentDetails')}
        </button>
      </p>
      {showConsent ? (
        <div class="consent-details">
          {history ? (
            history.history.length === 0 ? (
              <p class="empty">{t('persons.noConsentHistory')}</p>
            ) : (
              <table>
                <caption>{t('persons.consentHistory')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('persons.purposeCol')}</th>
                    <th scope="col">{t('persons.decision')}</th>
                    <th scope="col">{t('persons.date')}</th>
                    <th scope="col">{t('persons.method')}</th>
                    <th scope="col">{t('persons.recorded')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.history.map((h, i) => (
                    <tr key={i}>
                      <td>{t(`consent.${h.purpose}` as MessageKey)}</td>
                      <td>{t(`consentKind.${h.kind}` as MessageKey)}</td>
                      <td>
                        <DateText iso={h.date} />
                      </td>
                      <td>
                        {h.method ? t(`consentMethod.${h.method}` as MessageKey) : '—'}
                        {h.interpreter ? ` (${t('persons.interpreter')})` : ''}
                      </td>
                      <td>
                        <Instant value={h.recordedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : (
            <Loading />
          )}
          {props.canWrite ? (
            <ConsentForm
              personId={p.id}
              onSaved={(h) => {
                setHistory(h)
                props.onChanged()
              }}
            />
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

type ConsentDraft = {
  choices: Partial<Record<Purpose, '' | 'yes' | 'no'>>
  method: string
  date: string
  language: string
  interpreter: boolean
  obtainedBy: string
  giver?: ConsentGiver
}
const emptyConsent = (): ConsentDraft => ({ choices: {}, method: '', date: '', language: '', interpreter: false, obtainedBy: '' })

function consentInput(d: ConsentDraft): ConsentInput {
  const out: Record<string, unknown> = {}
  for (const p of CONSENT_PURPOSES) {
    const c = d.choices[p]
    if (c === 'yes') out[p] = true
    else if (c === 'no') out[p] = false
  }
  if (d.method) out.method = d.method
  // Typed in either calendar; sent as the Gregorian ISO date (as typed when it is no date: refused).
  if (d.date.trim()) out.date = anyCalendarToIso(d.date) ?? d.date.trim()
  if (d.language.trim()) out.language = d.language.trim()
  if (d.interpreter) out.interpreter = true
  if (d.obtainedBy.trim()) out.obtainedBy = d.obtainedBy.trim()
  Object.assign(out, consentGiverInput(d.giver ?? {}))
  return out as ConsentInput
}

/** Labels of the consent fields by schema path (consent-input.json). */
const CONSENT_LABELS: FieldLabels = {
  method: 'persons.method',
  date: 'persons.consentDate',
  language: 'persons.consentLanguage',
  obtainedBy: 'persons.obtainedBy',
  interpreter: 'persons.interpreterUsed',
  ...Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, `consent.${p}` as MessageKey]))
}

/** Labels of the person fields by schema path (person-input.json). */
const PERSON_LABELS: FieldLabels = {
  role: 'persons.role',
  name: 'persons.name',
  aliases: 'persons.aliases',
  protected: 'persons.protectedLabel',
  sensitive: 'persons.sensitiveLabel',
  contacts: 'persons.contact',
  'contacts.*.type': 'persons.contactType',
  address: 'persons.address',
  notes: 'persons.notes',
  consent: 'persons.consentAtIntake',
  ...ATTRIBUTE_LABELS,
  ...Object.fromEntries(Object.entries(CONSENT_LABELS).map(([k, v]) => [`consent.${k}`, v]))
}

/** Per-purpose consent: granted, refused or withdrawn, with how and when — no free text. */
function ConsentFields(props: {
  draft: ConsentDraft
  onChange: (d: ConsentDraft) => void
  errors: FieldErrors
  prefix: string
}): JSX.Element {
  const { t } = useApp()
  const d = props.draft
  return (
    <>
      <table class="consent-table">
        <caption>{t('persons.consentPerPurpose')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('persons.purposeCol')}</th>
            <th scope="col">{t('persons.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {CONSENT_PURPOSES.map((p) => (
            <tr key={p}>
              <th scope="row">
                <label for={`${props.prefix}-${p}`}>{t(`consent.${p}` as MessageKey)}</label>
                <p class="hint">{t(`consent.${p}.hint` as MessageKey)}</p>
              </th>
              <td>
                <select
                  id={`${props.prefix}-${p}`}
                  value={d.choices[p] ?? ''}
                  onChange={(e) =>
                    props.onChange({
                      ...d,
                      choices: { ...d.choices, [p]: (e.currentTarget as HTMLSelectElement).value as '' | 'yes' | 'no' }
                    })
                  }
                >
                  <option value="">{t('persons.noChange')}</option>
                  <option value="yes">{t('persons.granted')}</option>
                  <option value="no">{t('persons.refusedOrWithdrawn')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="grid">
        <Field label={t('persons.method')} error={props.errors.method}>
          {({ id }) => (
            <select
              id={id}
              value={d.method}
              onChange={(e) => props.onChange({ ...d, method: (e.currentTarget as HTMLSelectElement).value })}
            >
              <option value="">{t('form.notSaid')}</option>
              {CONSENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`consentMethod.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <DateInput
          name="consentDate"
          label={t('persons.consentDate')}
          value={d.date}
          calendar="any"
          error={props.errors.date}
          onInput={(v) => props.onChange({ ...d, date: v })}
        />
        <Field label={t('persons.consentLanguage')} hint={t('persons.consentLanguageHint')} error={props.errors.language}>
          {({ id, describedBy }) => (
            <input
              id={id}
              dir="ltr"
              placeholder="fa"
              aria-describedby={describedBy}
              value={d.language}
              onInput={(e) => props.onChange({ ...d, language: (e.currentTarget as HTMLInputElement).value })}
            />
          )}
        </Field>
        <Field label={t('persons.obtainedBy')} hint={t('persons.obtainedByHint')} error={props.errors.obtainedBy}>
          {({ id, describedBy }) => (
            <input
              id={id}
              dir="ltr"
              aria-describedby={describedBy}
              value={d.obtainedBy}
              onInput={(e) => props.onChange({ ...d, obtainedBy: (e.currentTarget as HTMLInputElement).value })}
            />
          )}
        </Field>
        <label class="inline checkbox-field">
          <input
            type="checkbox"
            checked={d.interpreter}
            onChange={(e) => props.onChange({ ...d, interpreter: (e.currentTarget as HTMLInputElement).checked })}
          />{' '}
          {t('persons.interpreterUsed')}
        </label>
      </div>
      <ConsentGiverFields value={d.giver ?? {}} onChange={(giver) => props.onChange({ ...d, giver })} prefix={props.prefix} />
    </>
  )
}

function ConsentForm(props: { personId: string; onSaved: (h: ConsentHistory) => void }): JSX.Element {
  const { t, announce } = useApp()
  const form = useFormDraft<ConsentDraft>('consent', props.personId, emptyConsent)
  const draft = form.draft
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const submitId = useId()
  // A changed field's errors go at once (and the "choose a purpose" note once a purpose is chosen).
  const setDraft = (d: ConsentDraft): void => {
    const changed = (Object.keys(d) as (keyof ConsentDraft)[]).filter((k) => JSON.stringify(d[k]) !== JSON.stringify(draft[k]))
    const paths = changed.flatMap((k) => (k === 'choices' ? [...CONSENT_PURPOSES, '_'] : [k]))
    form.setDraft(d)
    setErrors((e) => withoutErrors(e, paths))
  }
  return (
    <form
      class="card nested"
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        const input = consentInput(draft)
        const errs = validate('consentInput', input, t)
        const chosen = CONSENT_PURPOSES.some((p) => p in input)
        if (!chosen) errs._ = t('persons.pickPurpose')
        setErrors(errs)
        if (Object.keys(errs).length > 0) return
        try {
          const h = await post<ConsentHistory>(`/api/v1/persons/${props.personId}/consent`, input)
          form.clear()
          announce(t('persons.consentSaved'))
          props.onSaved(h)
        } catch (err) {
          setError(err)
        }
      }}
    >
      <h4>{t('persons.recordConsent')}</h4>
      <DraftNotice restored={form.restored} onDiscard={() => form.clear()} />
      <ErrorBox error={error} onRetry={() => (document.getElementById(submitId) as HTMLButtonElement | null)?.click()} />
      <ErrorSummary errors={errors} labels={CONSENT_LABELS} />
      <ConsentFields draft={draft} onChange={setDraft} errors={errors} prefix={`c-${props.personId}`} />
      <button type="submit" id={submitId} class="button primary">
        {t('persons.saveConsent')}
      </button>
    </form>
  )
}

type PersonDraft = {
  role: PersonInput['role']
  name: string
  isProtected: boolean
  sensitive: boolean
  aliases: string
  contactType: string
  contact: string
  address: string
  notes: string
  consent: ConsentDraft
  attributes?: AttributesDraft
}
const emptyPerson = (): PersonDraft => ({
  role: 'witness',
  name: '',
  isProtected: true,
  sensitive: false,
  aliases: '',
  contactType: 'phone',
  contact: '',
  address: '',
  notes: '',
  consent: emptyConsent()
})

/** The schema paths each field of the person form answers for: changing the field clears their errors. */
const PERSON_PATHS: Record<keyof PersonDraft, string[]> = {
  role: ['role'],
  name: ['name'],
  isProtected: ['protected'],
  sensitive: ['sensitive'],
  aliases: ['aliases'],
  contactType: ['contacts'],
  contact: ['contacts'],
  address: ['address'],
  notes: ['notes'],
  consent: ['consent', '_'],
  attributes: ['age', 'sex', 'groups', 'deceased']
}

/** Errors without those of `paths` (a path and everything under it). */
export function withoutErrors(errors: FieldErrors, paths: string[]): FieldErrors {
  const out: FieldErrors = {}
  for (const [k, v] of Object.entries(errors)) if (!paths.some((p) => k === p || k.startsWith(`${p}.`))) out[k] = v
  return out
}

function AddPerson(props: { incidentId: string; onAdded: () => void }): JSX.Element {
  const { t, announce } = useApp()
  const form = useFormDraft<PersonDraft>('person', props.incidentId, emptyPerson)
  const { role, name, isProtected, sensitive, aliases, contactType, contact, address, notes, consent } = form.draft
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  // A kept draft opens the form where it was left.
  const [open, setOpen] = useState(form.restored)
  const submitId = useId()
  const update = <K extends keyof PersonDraft>(k: K, v: PersonDraft[K]): void => {
    form.setDraft((d) => ({ ...d, [k]: v }))
    setErrors((e) => withoutErrors(e, PERSON_PATHS[k]))
  }
  const setRole = (v: PersonDraft['role']): void => update('role', v)
  const setName = (v: string): void => update('name', v)
  const setProtected = (v: boolean): void => update('isProtected', v)
  const setSensitive = (v: boolean): void => update('sensitive', v)
  const setAliases = (v: string): void => update('aliases', v)
  const setContactType = (v: string): void => update('contactType', v)
  const setContact = (v: string): void => update('contact', v)
  const setAddress = (v: string): void => update('address', v)
  const setNotes = (v: string): void => update('notes', v)
  const setConsent = (v: ConsentDraft): void => update('consent', v)

  if (!open)
    return (
      <p>
        <button type="button" class="button primary" onClick={() => setOpen(true)}>
          {t('persons.add')}
        </button>
      </p>
    )

  return (
    <form
      class="card"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        const input: PersonInput = { role, name: name.trim(), protected: isProtected, sensitive }
        const aliasList = aliases
          .split(/[,،\n]/)
          .map((a) => a.trim())
          .filter(Boolean)
        if (aliasList.length > 0) input.aliases = aliasList
        if (contact.trim()) input.contacts = [{ type: contactType as 'phone', value: contact.trim() }]
        if (address.trim()) input.address = address.trim()
        if (notes.trim()) input.notes = notes.trim()
        const c = consentInput(consent)
        if (Object.keys(c).length > 0) input.consent = c
        Object.assign(input, attributesInput(form.draft.attributes ?? emptyAttributes()))
        const errs = { ...checkAttributes(form.draft.attributes ?? emptyAttributes(), t), ...validate('personInput', input, t) }
        setErrors(errs)
        if (Object.keys(errs).length > 0) return
        setBusy(true)
        try {
          const created = await post<Person>(`/api/v1/incidents/${props.incidentId}/persons`, input)
          form.clear()
          announce(t('persons.added', { pseudonym: created.pseudonym }))
          // The panel mounts a fresh, closed form: every field back to its default.
          props.onAdded()
        } catch (err) {
          setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <h3>{t('persons.add')}</h3>
      <Alert kind="warning">{t('persons.safety')}</Alert>
      <DraftNotice restored={form.restored} onDiscard={() => form.clear()} />
      <ErrorSummary errors={errors} labels={PERSON_LABELS} />
      <ErrorBox error={error} onRetry={() => (document.getElementById(submitId) as HTMLButtonElement | null)?.click()} />
      <div class="grid">
        <Field label={t('persons.role')} required error={errors.role}>
          {({ id }) => (
            <select id={id} value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as PersonInput['role'])}>
              {PERSON_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`personRole.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('persons.name')} required error={errors.name}>
          {({ id, invalid }) => (
            <input
              id={id}
              dir="auto"
              autoComplete="off"
              value={name}
              aria-invalid={invalid ? 'true' : undefined}
              onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field label={t('persons.aliases')} hint={t('persons.aliasesHint')} error={errors.aliases}>
          {({ id, describedBy }) => (
            <input
              id={id}
              dir="auto"
              autoComplete="off"
              aria-describedby={describedBy}
              value={aliases}
              onInput={(e) => setAliases((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <div class="grid">
        <label class="inline checkbox-field">
          <input type="checkbox" checked={isProtected} onChange={(e) => setProtected((e.currentTarget as HTMLInputElement).checked)} />{' '}
          {t('persons.protectedLabel')}
        </label>
        <label class="inline checkbox-field">
          <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive((e.currentTarget as HTMLInputElement).checked)} />{' '}
          {t('persons.sensitiveLabel')}
        </label>
      </div>
      <p class="hint">{t('persons.protectedHint')}</p>
      <div class="grid">
        <Field label={t('persons.contactType')}>
          {({ id }) => (
            <select id={id} value={contactType} onChange={(e) => setContactType((e.currentTarget as HTMLSelectElement).value)}>
              {CONTACT_TYPES.map((c) => (
                <option key={c} value={c}>
                  {t(`contact.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('persons.contact')} error={errors['contacts.0.value']}>
          {({ id }) => (
            <input
              id={id}
              dir="auto"
              autoComplete="off"
              value={contact}
              onInput={(e) => setContact((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <Field label={t('persons.address')} error={errors.address}>
        {({ id }) => (
          <input
            id={id}
            dir="auto"
            autoComplete="off"
            value={address}
            onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <Field label={t('persons.notes')} error={errors.notes}>
        {({ id }) => (
          <textarea id={id} dir="auto" rows={3} value={notes} onInput={(e) => setNotes((e.currentTarget as HTMLTextAreaElement).value)} />
        )}
      </Field>
      <PersonAttributeFields value={form.draft.attributes ?? emptyAttributes()} onChange={(v) => update('attributes', v)} errors={errors} />
      <fieldset>
        <legend>{t('persons.consentAtIntake')}</legend>
        <ConsentFields
          draft={consent}
          onChange={setConsent}
          errors={Object.fromEntries(
            Object.entries(errors)
              .filter(([k]) => k.startsWith('consent.'))
              .map(([k, v]) => [k.slice(8), v])
          )}
          prefix="new"
        />
      </fieldset>
      <div class="actions">
        <button type="submit" id={submitId} class="button primary" disabled={busy}>
          {t('persons.save')}
        </button>
        <button
          type="button"
          class="button secondary"
          onClick={() => {
            // Cancel: the draft goes with the form.
            form.clear()
            setErrors({})
            setOpen(false)
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
