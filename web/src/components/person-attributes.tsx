import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { Person, PersonIdentity, PersonInput, PersonPatch } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { patch } from '../api.ts'
import { ErrorBox, Field } from './ui.tsx'
import { ErrorSummary, type FieldLabels } from './form-errors.tsx'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'
import { serverFieldErrors } from '../lib/server-field-error.ts'
import personSchema from '../../../schemas/person.json'

type GroupId = NonNullable<NonNullable<PersonIdentity['groups']>['selfIdentified']>[number]
export const PERSON_SEXES = personSchema.$defs.sex.enum as readonly NonNullable<PersonIdentity['sex']>[]
export const PERSON_GROUPS = personSchema.$defs.groupId.enum as readonly GroupId[]

/** The fields of #18 on a person as typed: age (or age at the time), sex, group membership, deceased. */
export type AttributesDraft = {
  ageAt: 'recording' | 'incident'
  ageYears: string
  ageMin: string
  ageMax: string
  sex: string
  selfIdentified: GroupId[]
  perceived: GroupId[]
  deceased: boolean
}

export const emptyAttributes = (): AttributesDraft => ({
  ageAt: 'recording',
  ageYears: '',
  ageMin: '',
  ageMax: '',
  sex: '',
  selfIdentified: [],
  perceived: [],
  deceased: false
})

export function attributesFrom(p: Person): AttributesDraft {
  const id = p.identity
  const age = id?.age as { at: 'recording' | 'incident'; years?: number; min?: number; max?: number } | undefined
  return {
    ageAt: age?.at ?? 'recording',
    ageYears: age?.years !== undefined ? String(age.years) : '',
    ageMin: age?.min !== undefined ? String(age.min) : '',
    ageMax: age?.max !== undefined ? String(age.max) : '',
    sex: id?.sex ?? '',
    selfIdentified: [...(id?.groups?.selfIdentified ?? [])],
    perceived: [...(id?.groups?.perceived ?? [])],
    deceased: p.deceased
  }
}

/** Labels of these fields by schema path (person-input.json / person-patch.json). */
export const ATTRIBUTE_LABELS: FieldLabels = {
  age: 'personAttr.age',
  'age.years': 'personAttr.ageYears',
  'age.min': 'personAttr.ageMin',
  'age.max': 'personAttr.ageMax',
  sex: 'personAttr.sex',
  groups: 'personAttr.groups',
  'groups.selfIdentified': 'personAttr.selfIdentified',
  'groups.perceived': 'personAttr.perceived',
  deceased: 'personAttr.deceased'
}

const whole = (s: string): number | null => (/^\s*\d{1,3}\s*$/.test(s) ? Number(s) : null)

/** Checks the typed values; errors by schema path. */
export function checkAttributes(d: AttributesDraft, t: (k: MessageKey, v?: Record<string, number>) => string): FieldErrors {
  const errs: FieldErrors = {}
  for (const k of ['ageYears', 'ageMin', 'ageMax'] as const) {
    const v = d[k]
    if (v.trim() === '') continue
    const n = whole(v)
    const path = k === 'ageYears' ? 'age.years' : k === 'ageMin' ? 'age.min' : 'age.max'
    if (n === null) errs[path] = t('validation.type')
    else if (n > 130) errs[path] = t('validation.maximum', { n: 130 })
  }
  if (d.ageYears.trim() === '' && (d.ageMin.trim() === '') !== (d.ageMax.trim() === ''))
    errs[d.ageMin.trim() === '' ? 'age.min' : 'age.max'] = t('validation.required')
  const min = whole(d.ageMin)
  const max = whole(d.ageMax)
  if (min !== null && max !== null && min > max) errs['age.max'] = t('validation.minimum', { n: min })
  return errs
}

function ageOf(d: AttributesDraft): PersonIdentity['age'] | undefined {
  const years = whole(d.ageYears)
  if (years !== null) return { at: d.ageAt, years }
  const min = whole(d.ageMin)
  const max = whole(d.ageMax)
  if (min !== null && max !== null) return { at: d.ageAt, min, max }
  return undefined
}

function groupsOf(d: AttributesDraft): PersonIdentity['groups'] | undefined {
  const g: NonNullable<PersonIdentity['groups']> = {}
  if (d.selfIdentified.length > 0) g.selfIdentified = d.selfIdentified
  if (d.perceived.length > 0) g.perceived = d.perceived
  return Object.keys(g).length > 0 ? g : undefined
}

/** The fields given, for a new person. */
export function attributesInput(d: AttributesDraft): Pick<PersonInput, 'age' | 'sex' | 'groups' | 'deceased'> {
  const out: Pick<PersonInput, 'age' | 'sex' | 'groups' | 'deceased'> = {}
  const age = ageOf(d)
  if (age) out.age = age
  if (d.sex) out.sex = d.sex as PersonInput['sex']
  const groups = groupsOf(d)
  if (groups) out.groups = groups
  if (d.deceased) out.deceased = true
  return out
}

/** Every field, a cleared one as null, for a change to a recorded person. */
export function attributesPatch(d: AttributesDraft): PersonPatch {
  return {
    age: ageOf(d) ?? null,
    sex: (d.sex || null) as PersonPatch['sex'],
    groups: groupsOf(d) ?? null,
    deceased: d.deceased
  }
}

function GroupSelect(props: {
  label: string
  hint: string
  name: string
  value: GroupId[]
  onChange: (v: GroupId[]) => void
}): JSX.Element {
  const { t } = useApp()
  return (
    <Field label={props.label} hint={props.hint}>
      {({ id, describedBy }) => (
        <select
          id={id}
          name={props.name}
          multiple
          size={6}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange([...e.currentTarget.selectedOptions].map((o) => o.value as GroupId))}
        >
          {PERSON_GROUPS.map((g) => (
            <option key={g} value={g} selected={props.value.includes(g)}>
              {t(`personGroup.${g}` as MessageKey)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

/** Age or age at the time, sex, group membership (self-identified and perceived) and deceased: sensitive, sealed like the name. */
export function PersonAttributeFields(props: {
  value: AttributesDraft
  onChange: (d: AttributesDraft) => void
  errors: FieldErrors
}): JSX.Element {
  const { t } = useApp()
  const d = props.value
  const set = <K extends keyof AttributesDraft>(k: K, v: AttributesDraft[K]): void => props.onChange({ ...d, [k]: v })
  return (
    <fieldset class="person-attributes">
      <legend>{t('personAttr.title')}</legend>
      <p class="hint">{t('personAttr.sensitiveHint')}</p>
      <div class="grid">
        <Field label={t('personAttr.ageAt')}>
          {({ id }) => (
            <select id={id} name="ageAt" value={d.ageAt} onChange={(e) => set('ageAt', e.currentTarget.value as AttributesDraft['ageAt'])}>
              <option value="recording">{t('personAttr.ageAt.recording')}</option>
              <option value="incident">{t('personAttr.ageAt.incident')}</option>
            </select>
          )}
        </Field>
        <Field label={t('personAttr.ageYears')} error={props.errors['age.years']}>
          {({ id, invalid }) => (
            <input
              id={id}
              name="ageYears"
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              value={d.ageYears}
              aria-invalid={invalid ? 'true' : undefined}
              onInput={(e) => set('ageYears', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('personAttr.ageMin')} hint={t('personAttr.rangeHint')} error={props.errors['age.min']}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="ageMin"
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              value={d.ageMin}
              aria-describedby={describedBy}
              aria-invalid={invalid ? 'true' : undefined}
              onInput={(e) => set('ageMin', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('personAttr.ageMax')} error={props.errors['age.max']}>
          {({ id, invalid }) => (
            <input
              id={id}
              name="ageMax"
              inputMode="numeric"
              dir="ltr"
              autoComplete="off"
              value={d.ageMax}
              aria-invalid={invalid ? 'true' : undefined}
              onInput={(e) => set('ageMax', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('personAttr.sex')} error={props.errors.sex}>
          {({ id }) => (
            <select id={id} name="sex" value={d.sex} onChange={(e) => set('sex', e.currentTarget.value)}>
              <option value="">{t('form.notSaid')}</option>
              {PERSON_SEXES.filter((s) => s !== 'unknown').map((s) => (
                <option key={s} value={s}>
                  {t(`sex.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="grid">
        <GroupSelect
          label={t('personAttr.selfIdentified')}
          hint={t('personAttr.selfIdentifiedHint')}
          name="selfIdentified"
          value={d.selfIdentified}
          onChange={(v) => set('selfIdentified', v)}
        />
        <GroupSelect
          label={t('personAttr.perceived')}
          hint={t('personAttr.perceivedHint')}
          name="perceived"
          value={d.perceived}
          onChange={(v) => set('perceived', v)}
        />
      </div>
      <label class="inline checkbox-field">
        <input type="checkbox" name="deceased" checked={d.deceased} onChange={(e) => set('deceased', e.currentTarget.checked)} />{' '}
        {t('personAttr.deceased')}
      </label>
      {d.deceased ? <p class="hint next-of-kin-hint">{t('personAttr.nextOfKinHint')}</p> : null}
    </fieldset>
  )
}

function ageText(age: NonNullable<PersonIdentity['age']>, t: (k: MessageKey, v?: Record<string, number>) => string): string {
  const a = age as { at: 'recording' | 'incident'; years?: number; min?: number; max?: number }
  const value =
    a.years !== undefined ? t('personAttr.years', { n: a.years }) : t('personAttr.yearsRange', { min: a.min ?? 0, max: a.max ?? 0 })
  return `${value} (${t(`personAttr.ageAt.${a.at}` as MessageKey)})`
}

/** The recorded values, for whom may read the identity. */
export function PersonAttributesView(props: { person: Person }): JSX.Element {
  const { t, lang } = useApp()
  const id = props.person.identity
  const sep = lang === 'en' ? ', ' : '، '
  const groups = (g: readonly string[] | undefined): string =>
    g && g.length > 0 ? g.map((x) => t(`personGroup.${x}` as MessageKey)).join(sep) : '—'
  return (
    <dl class="facts person-attributes-view">
      <dt>{t('personAttr.age')}</dt>
      <dd class="attr-age">{id?.age ? ageText(id.age, t) : '—'}</dd>
      <dt>{t('personAttr.sex')}</dt>
      <dd class="attr-sex">{id?.sex ? t(`sex.${id.sex}` as MessageKey) : '—'}</dd>
      <dt>{t('personAttr.selfIdentified')}</dt>
      <dd class="attr-self">{groups(id?.groups?.selfIdentified)}</dd>
      <dt>{t('personAttr.perceived')}</dt>
      <dd class="attr-perceived">{groups(id?.groups?.perceived)}</dd>
      <dt>{t('personAttr.deceased')}</dt>
      <dd class="attr-deceased">{props.person.deceased ? t('common.yes') : t('common.no')}</dd>
    </dl>
  )
}

/** Changes these fields of a recorded person (PATCH /persons/:id); the previous values go to the identity history. */
export function PersonAttributesEditor(props: { person: Person; onSaved: (p: Person) => void; onCancel: () => void }): JSX.Element {
  const { t, announce } = useApp()
  const [draft, setDraft] = useState<AttributesDraft>(() => attributesFrom(props.person))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      class="card nested person-attributes-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        const errs = checkAttributes(draft, t)
        setErrors(errs)
        if (Object.keys(errs).length > 0) return
        setBusy(true)
        try {
          const saved = await patch<Person>(`/api/v1/persons/${props.person.id}`, attributesPatch(draft))
          announce(t('personAttr.saved'))
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
      <ErrorSummary errors={errors} labels={ATTRIBUTE_LABELS} />
      <ErrorBox error={error} />
      <PersonAttributeFields value={draft} onChange={setDraft} errors={errors} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('personAttr.save')}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
