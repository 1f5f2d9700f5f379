import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Incident, IncidentInput, Qualification, Perpetrator, Source, Victims } from '../../../server/types/schemas.ts'
import { useApp, type Category } from '../context.ts'
import { get, patch, post } from '../api.ts'
import { Badge, ErrorBox, Field, Link, Loading, PageTitle } from '../components/ui.tsx'
import { DateInput, CalendarSwitch } from '../components/date-input.tsx'
import { ProvinceSelect } from '../components/category-select.tsx'
import { categoriesByGroup, label } from '../labels.ts'
import { defaultCalendar, isoIn, toGregorianIso, type Calendar } from '../lib/dates.ts'
import { validate, type FieldErrors } from '../validation.ts'
import { formatNumber } from '../lib/format.ts'
import { useFormDraft } from '../lib/form-draft.ts'
import { DraftNotice, ErrorSummary, type FieldLabels } from '../components/form-errors.tsx'
import type { MessageKey } from '../i18n/index.ts'
import { TagChoices } from '../components/tag-choices.tsx'
import {
  PRECISIONS,
  COORDINATE_PRECISIONS,
  ELEMENT_STATUSES,
  PERPETRATOR_TYPES,
  INVOLVEMENTS,
  SOURCE_TYPES,
  RELIABILITY,
  CREDIBILITY,
  ORGANS,
  VICTIM_GROUPS,
  NARRATIVE_LANGUAGES
} from '../schema-enums.ts'

type ElementStatus = (typeof ELEMENT_STATUSES)[number]
type Precision = (typeof PRECISIONS)[number]
type VictimMap = keyof typeof VICTIM_GROUPS

type Draft = {
  title: string
  narrative: string
  narrativeLanguage: string
  status: string
  calendar: Calendar
  precision: Precision
  from: string
  to: string
  province: string
  district: string
  place: string
  lat: string
  lon: string
  coordinatePrecision: string
  categories: string[]
  /** Element statuses per category; other fields of stored qualifications are kept as they were. */
  elements: Record<string, Record<string, ElementStatus>>
  storedQualifications: Qualification[]
  victims: { count: string; countIsEstimate: boolean; killed: string; injured: string } & Record<VictimMap, Record<string, string>>
  perpetrators: { type: string; organ: string; unit: string; involvement: string }[]
  sources: { type: string; reliability: string; credibility: string; description: string }[]
  patternIds: string[]
  tags: string[]
  reason: string
  /** A new incident's own id for its first save (a retry or a save after a reload makes no second one). */
  clientId?: string
}

const emptyVictims = (): Draft['victims'] => ({
  count: '',
  countIsEstimate: false,
  killed: '',
  injured: '',
  bySex: {},
  byAgeGroup: {},
  byEthnicity: {},
  byReligion: {}
})

function emptyDraft(calendar: Calendar, lang: string): Draft {
  return {
    title: '',
    narrative: '',
    narrativeLanguage: lang,
    status: 'draft',
    calendar,
    precision: 'day',
    from: '',
    to: '',
    province: '',
    district: '',
    place: '',
    lat: '',
    lon: '',
    coordinatePrecision: '',
    categories: [],
    elements: {},
    storedQualifications: [],
    victims: emptyVictims(),
    perpetrators: [],
    sources: [],
    patternIds: [],
    tags: [],
    reason: '',
    clientId: globalThis.crypto?.randomUUID?.()
  }
}

const str = (n: number | undefined): string => (n === undefined ? '' : String(n))

function fromIncident(i: Incident, calendar: Calendar): Draft {
  const elements: Draft['elements'] = {}
  for (const q of i.qualifications ?? []) {
    elements[q.category] = Object.fromEntries((q.elements ?? []).map((e) => [e.element, e.status as ElementStatus]))
  }
  const v = i.victims ?? {}
  const maps = (m: Record<string, number | undefined> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, n]) => [k, str(n)]))
  const cal = i.occurred.enteredAs ?? calendar
  return {
    title: i.title ?? '',
    narrative: i.narrative ?? '',
    narrativeLanguage: i.narrativeLanguage ?? '',
    status: i.status,
    calendar: cal,
    precision: i.occurred.precision,
    from: isoIn(i.occurred.from, cal),
    to: i.occurred.precision === 'range' || i.occurred.precision === 'estimate' ? isoIn(i.occurred.to, cal) : '',
    province: i.location.province,
    district: i.location.district ?? '',
    place: i.location.place ?? '',
    lat: str(i.location.lat),
    lon: str(i.location.lon),
    coordinatePrecision: i.location.coordinatePrecision ?? '',
    categories: [...i.categories],
    elements,
    storedQualifications: i.qualifications ?? [],
    victims: {
      count: str(v.count),
      countIsEstimate: v.countIsEstimate ?? false,
      killed: str(v.killed),
      injured: str(v.injured),
      bySex: maps(v.bySex),
      byAgeGroup: maps(v.byAgeGroup),
      byEthnicity: maps(v.byEthnicity),
      byReligion: maps(v.byReligion)
    },
    perpetrators: (i.perpetrators ?? []).map((p) => ({
      type: p.type,
      organ: p.organ ?? '',
      unit: p.unit ?? '',
      involvement: p.involvement ?? ''
    })),
    sources: (i.sources ?? []).map((s) => ({
      type: s.type,
      reliability: s.reliability ?? '',
      credibility: str(s.credibility),
      description: s.description ?? ''
    })),
    patternIds: i.patternIds ?? [],
    tags: i.tags ?? [],
    reason: ''
  }
}

/** A number field's value: a number when it reads as one, else the raw text so the schema reports it. */
const num = (s: string): number | string | undefined => {
  const v = s.trim()
  if (v === '') return undefined
  const n = Number(v.replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace('٫', '.'))
  return Number.isFinite(n) ? n : v
}

function prune<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T
}

/** The IncidentInput the draft stands for (exactly what is sent). */
function toInput(d: Draft): IncidentInput {
  const withTo = d.precision === 'range' || d.precision === 'estimate'
  const occurred = prune({
    from: d.from.trim(),
    to: withTo && d.to.trim() ? d.to.trim() : undefined,
    calendar: d.calendar,
    precision: d.precision
  }) as IncidentInput['occurred']
  const location = prune({
    province: d.province,
    district: d.district.trim() || undefined,
    place: d.place.trim() || undefined,
    lat: num(d.lat),
    lon: num(d.lon),
    coordinatePrecision: d.coordinatePrecision || undefined
  }) as unknown as IncidentInput['location']
  const qualifications: Qualification[] = d.categories.flatMap((c) => {
    const statuses = Object.entries(d.elements[c] ?? {}).filter(([, s]) => s !== 'not-assessed')
    const stored = d.storedQualifications.find((q) => q.category === c)
    if (statuses.length === 0 && !stored) return []
    const storedElements = new Map((stored?.elements ?? []).map((e) => [e.element, e]))
    const elements = statuses.map(([element, status]) => ({ ...storedElements.get(element), element, status }))
    return [{ ...stored, category: c, elements }]
  })
  const maps = (m: Record<string, string>): Record<string, number> | undefined => {
    const entries = Object.entries(m)
      .map(([k, v]) => [k, num(v)] as const)
      .filter(([, v]) => v !== undefined)
    return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, number>) : undefined
  }
  const v = d.victims
  const victims = prune({
    count: num(v.count),
    countIsEstimate: v.countIsEstimate ? true : undefined,
    killed: num(v.killed),
    injured: num(v.injured),
    bySex: maps(v.bySex),
    byAgeGroup: maps(v.byAgeGroup),
    byEthnicity: maps(v.byEthnicity),
    byReligion: maps(v.byReligion)
  }) as Victims
  const perpetrators = d.perpetrators.map(
    (p) =>
      prune({
        type: p.type,
        organ: p.organ || undefined,
        unit: p.unit.trim() || undefined,
        involvement: p.involvement || undefined
      }) as Perpetrator
  )
  const sources = d.sources.map(
    (s) =>
      prune({
        type: s.type,
        reliability: s.reliability || undefined,
        credibility: num(s.credibility),
        description: s.description.trim() || undefined
      }) as Source
  )
  const input: IncidentInput = {
    title: d.title.trim(),
    narrative: d.narrative,
    narrativeLanguage: d.narrativeLanguage,
    occurred,
    location,
    categories: d.categories,
    status: d.status as IncidentInput['status']
  }
  if (qualifications.length > 0) input.qualifications = qualifications
  if (Object.keys(victims).length > 0) input.victims = victims
  if (perpetrators.length > 0) input.perpetrators = perpetrators
  if (sources.length > 0) input.sources = sources
  if (d.patternIds.length > 0) input.patternIds = d.patternIds
  if (d.tags.length > 0) input.tags = d.tags
  return input
}

/** Top-level fields that differ between two inputs (a PATCH replaces each field it names whole). */
function changedFields(before: IncidentInput, after: IncidentInput): Partial<IncidentInput> {
  const out: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof IncidentInput>
  for (const k of keys) {
    if (k === 'occurred') {
      const a = before.occurred
      const b = after.occurred
      const greg = (o: IncidentInput['occurred']): string =>
        JSON.stringify([
          toGregorianIso(o.from, o.calendar ?? 'gregorian'),
          o.to ? toGregorianIso(o.to, o.calendar ?? 'gregorian') : null,
          o.precision
        ])
      if (greg(a) !== greg(b)) out.occurred = b
      continue
    }
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = after[k] ?? emptyOf(k)
  }
  return out as Partial<IncidentInput>
}

const emptyOf = (k: keyof IncidentInput): unknown => (k === 'victims' ? {} : [])

/**
 * The form's steps, each saved by itself so a documenter on a phone with a failing link loses at
 * most one step: the first creates the draft with the required fields, the others PATCH it.
 */
const STEPS = [
  { key: 'basics', fields: ['title', 'narrative', 'narrativeLanguage', 'status', 'occurred', 'location', 'categories'] },
  { key: 'elements', fields: ['qualifications'] },
  { key: 'people', fields: ['victims', 'perpetrators'] },
  { key: 'sources', fields: ['sources', 'patternIds', 'tags'] }
] as const
const STEP_FIELDS: readonly string[] = STEPS.flatMap((s) => s.fields)

/** Whether an error at `path` belongs to `step` (the reason and anything unplaced belong to every step). */
function inStep(path: string, step: number): boolean {
  const top = path.split('.')[0] ?? ''
  return !STEP_FIELDS.includes(top) || ((STEPS[step]?.fields ?? []) as readonly string[]).includes(top)
}

/** The schema paths each draft field answers for: changing the field clears their errors. */
const DRAFT_PATHS: Record<keyof Draft, string[]> = {
  title: ['title'],
  narrative: ['narrative'],
  narrativeLanguage: ['narrativeLanguage'],
  status: ['status'],
  calendar: ['occurred'],
  precision: ['occurred'],
  from: ['occurred.from', 'occurred.to'],
  to: ['occurred.to'],
  province: ['location.province'],
  district: ['location.district'],
  place: ['location.place'],
  lat: ['location.lat'],
  lon: ['location.lon'],
  coordinatePrecision: ['location.coordinatePrecision'],
  categories: ['categories', 'qualifications'],
  elements: ['qualifications'],
  storedQualifications: ['qualifications'],
  victims: ['victims'],
  perpetrators: ['perpetrators'],
  sources: ['sources'],
  patternIds: ['patternIds'],
  tags: ['tags'],
  reason: ['reason'],
  clientId: []
}

/** The visible label of each schema path of incident-input.json, for the error summary. */
const INCIDENT_LABELS: FieldLabels = {
  title: 'form.title',
  narrative: 'form.narrative',
  narrativeLanguage: 'form.narrativeLanguage',
  status: 'form.status',
  occurred: 'form.when',
  'occurred.from': 'form.date',
  'occurred.to': 'form.dateTo',
  'occurred.precision': 'form.precision',
  location: 'form.where',
  'location.province': 'form.province',
  'location.district': 'form.district',
  'location.place': 'form.place',
  'location.lat': 'form.lat',
  'location.lon': 'form.lon',
  'location.coordinatePrecision': 'form.coordinatePrecision',
  categories: 'form.categories',
  qualifications: 'form.elements',
  victims: 'form.victims',
  perpetrators: 'form.perpetrators',
  sources: 'form.sources',
  patternIds: 'form.patterns',
  tags: 'form.tags',
  reason: 'form.reason'
}

/** Errors without those under any of `paths`. */
function withoutErrors(errors: FieldErrors, paths: string[]): FieldErrors {
  const out: FieldErrors = {}
  for (const [k, v] of Object.entries(errors)) if (!paths.some((p) => k === p || k.startsWith(`${p}.`))) out[k] = v
  return out
}

/** Create or edit an incident, following incident-input.json (validated here, decided by the server). */
export function IncidentForm(props: { id?: string }): JSX.Element {
  const { t, lang, ref, navigate, announce } = useApp()
  // The draft is kept as it is typed (per user and incident): an expired session, a reload or a
  // wrong click loses nothing. A new incident's draft carries its clientId, so saving step 1 again
  // after a reload answers the incident already made instead of a second one.
  const form = useFormDraft<Draft>('incident', props.id, () => emptyDraft(defaultCalendar(lang), lang))
  const draft = form.draft
  const setDraft = (next: (d: Draft) => Draft, changed: (keyof Draft)[] = []): void => {
    form.setDraft(next)
    setErrors((e) =>
      withoutErrors(
        e,
        changed.flatMap((k) => DRAFT_PATHS[k])
      )
    )
  }
  // The incident as last saved (loaded, created by step 1, or patched by a later step) and the input it stands for.
  const [original, setOriginal] = useState<{ incident: Incident; input: IncidentInput } | null>(null)
  const [step, setStep] = useState(0)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [serverError, setServerError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [patterns, setPatterns] = useState<{ id: string; title: string; reference: string }[]>([])
  const [categoryFilter, setCategoryFilter] = useState('')

  useEffect(() => {
    get<{ items: { id: string; title: string; reference: string }[] }>('/api/v1/patterns')
      .then((p) => setPatterns(p.items ?? []))
      .catch(() => setPatterns([]))
    if (!props.id) return
    get<Incident>(`/api/v1/incidents/${props.id}`)
      .then((i) => {
        const d = fromIncident(i, defaultCalendar(lang))
        form.setBaseline(d)
        setOriginal({ incident: i, input: toInput(d) })
      })
      .catch(setLoadError)
  }, [props.id])

  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setDraft((d) => ({ ...d, [k]: v }), [k])
  const err = (path: string): string | undefined => errors[path]
  const last = step === STEPS.length - 1

  /** Moves to another step without saving; what was typed stays in the draft. */
  function goTo(next: number): void {
    setErrors({})
    setServerError(null)
    setStep(next)
    requestAnimationFrame(() => {
      const h = document.getElementById('step-title')
      h?.focus()
      h?.scrollIntoView?.({ block: 'start' })
    })
  }

  /** This step's changes since the last save (categories carry their qualifications with them). */
  function stepChanges(saved: IncidentInput, input: IncidentInput): Partial<IncidentInput> {
    const all = changedFields(saved, input)
    const fields = new Set<string>(STEPS[step]?.fields ?? [])
    if ('categories' in all) fields.add('qualifications')
    return Object.fromEntries(Object.entries(all).filter(([k]) => fields.has(k))) as Partial<IncidentInput>
  }

  async function submit(e: Event): Promise<void> {
    e.preventDefault()
    setServerError(null)
    const input = toInput(draft)
    const fieldErrors: FieldErrors = {}
    const changes = original ? stepChanges(original.input, input) : {}
    const patchBody = original
      ? { ...changes, ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}), baseRevision: original.incident.revision }
      : null
    if (step === 0) {
      // Dates are checked in the chosen calendar here; the schema only knows their length.
      if (draft.from.trim() && toGregorianIso(draft.from, draft.calendar) === null) fieldErrors['occurred.from'] = t('date.invalid')
      if (draft.to.trim() && toGregorianIso(draft.to, draft.calendar) === null) fieldErrors['occurred.to'] = t('date.invalid')
    }
    const schemaErrors = patchBody
      ? Object.keys(changes).length > 0
        ? validate('incidentPatch', patchBody, t)
        : {}
      : validate('incidentInput', input, t)
    for (const [path, message] of Object.entries(schemaErrors)) if (inStep(path, step)) fieldErrors[path] ??= message
    if (step === 0) {
      if (draft.categories.length === 0) fieldErrors.categories ??= t('form.pickCategory')
      if (!draft.province) fieldErrors['location.province'] ??= t('validation.required')
    }
    setErrors(fieldErrors)
    if (Object.keys(fieldErrors).length > 0) {
      announce(t('form.hasErrors', { n: Object.keys(fieldErrors).length }))
      document.getElementById('form-errors')?.focus()
      return
    }
    setBusy(true)
    try {
      let saved = original
      if (!original) {
        const created = await post<Incident>('/api/v1/incidents', draft.clientId ? { ...input, clientId: draft.clientId } : input)
        announce(t('form.created', { ref: created.reference }))
        saved = { incident: created, input }
      } else if (patchBody && Object.keys(changes).length > 0) {
        const updated = await patch<Incident>(`/api/v1/incidents/${original.incident.id}`, patchBody)
        announce(t('form.saved'))
        // What the server now holds: the saved input with this step's fields as sent.
        const next: Record<string, unknown> = { ...original.input }
        for (const k of Object.keys(changes) as (keyof IncidentInput)[]) {
          if (input[k] === undefined) delete next[k]
          else next[k] = input[k]
        }
        saved = { incident: updated, input: next as unknown as IncidentInput }
      }
      setOriginal(saved)
      if (last && saved) {
        form.clear()
        navigate(`/incidents/${saved.incident.id}`)
      } else {
        form.saved(draft)
        goTo(step + 1)
      }
    } catch (error) {
      setServerError(error)
      document.getElementById('form-errors')?.focus()
    } finally {
      setBusy(false)
    }
  }

  const groups = useMemo(() => (ref ? categoriesByGroup(ref) : []), [ref])
  if (loadError) return <ErrorBox error={loadError} />
  if (!ref || (props.id && !original)) return <Loading />

  const selected = draft.categories.map((id) => ref.categoryById.get(id)).filter((c): c is Category => c !== undefined)
  const filter = categoryFilter.trim().toLowerCase()

  return (
    <section>
      <PageTitle>{props.id ? t('form.editTitle', { ref: original?.incident.reference ?? '' }) : t('form.newTitle')}</PageTitle>
      <p class="lead">{t('form.lead')}</p>
      <ol class="steps" aria-label={t('form.step.list')}>
        {STEPS.map((s, i) => (
          <li key={s.key} class={i === step ? 'step current' : i < step ? 'step done' : 'step'}>
            <button
              type="button"
              class="step-button"
              aria-current={i === step ? 'step' : undefined}
              disabled={busy || i === step || (!original && i > 0)}
              onClick={() => goTo(i)}
            >
              <span class="step-n" aria-hidden="true">
                {formatNumber(i + 1, lang)}
              </span>{' '}
              <span class="step-label">{t(`form.step.${s.key}` as MessageKey)}</span>
            </button>
          </li>
        ))}
      </ol>
      <DraftNotice
        restored={form.restored}
        onDiscard={() => form.clear(original ? fromIncident(original.incident, defaultCalendar(lang)) : undefined)}
      />
      <div id="form-errors" tabIndex={-1}>
        <ErrorSummary errors={errors} labels={INCIDENT_LABELS} />
        <ErrorBox error={serverError} onRetry={() => void submit(new Event('submit'))} />
      </div>
      <form onSubmit={submit} noValidate class="incident-form">
        <h2 id="step-title" class="step-title" tabIndex={-1}>
          {t('form.step.of', { n: step + 1, total: STEPS.length })}{' '}
          <span class="step-name">{t(`form.step.${STEPS[step]?.key ?? 'basics'}` as MessageKey)}</span>
        </h2>
        {step === 0 ? (
          <>
            <fieldset class="card">
              <legend>{t('form.what')}</legend>
              <Field label={t('form.title')} error={err('title')} required>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    name="title"
                    dir="auto"
                    maxLength={300}
                    value={draft.title}
                    aria-invalid={invalid ? 'true' : undefined}
                    aria-describedby={describedBy}
                    onInput={(e) => set('title', (e.currentTarget as HTMLInputElement).value)}
                  />
                )}
              </Field>
              <div class="grid">
                <Field label={t('form.narrativeLanguage')} error={err('narrativeLanguage')} required>
                  {({ id }) => (
                    <select
                      id={id}
                      name="narrativeLanguage"
                      value={draft.narrativeLanguage}
                      onChange={(e) => set('narrativeLanguage', (e.currentTarget as HTMLSelectElement).value)}
                    >
                      {NARRATIVE_LANGUAGES.map((l) => (
                        <option key={l} value={l}>
                          {t(`language.${l}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('form.status')} hint={t('form.statusHint')} error={err('status')}>
                  {({ id, describedBy }) => (
                    // Status moves through the review buttons on the incident, never through the form.
                    <output id={id} name="status" aria-describedby={describedBy}>
                      {t(`status.${draft.status}` as MessageKey)}
                    </output>
                  )}
                </Field>
              </div>
              <Field label={t('form.narrative')} hint={t('form.narrativeHint')} error={err('narrative')} required>
                {({ id, describedBy, invalid }) => (
                  <textarea
                    id={id}
                    name="narrative"
                    dir="auto"
                    rows={8}
                    value={draft.narrative}
                    aria-invalid={invalid ? 'true' : undefined}
                    aria-describedby={describedBy}
                    onInput={(e) => set('narrative', (e.currentTarget as HTMLTextAreaElement).value)}
                  />
                )}
              </Field>
            </fieldset>

            <fieldset class="card">
              <legend>{t('form.when')}</legend>
              <CalendarSwitch
                name="occurred-calendar"
                value={draft.calendar}
                onChange={(c) => {
                  // Keep the same day when switching: convert what was typed.
                  const conv = (v: string): string => {
                    const iso = v.trim() ? toGregorianIso(v, draft.calendar) : null
                    return iso ? isoIn(iso, c) : v
                  }
                  setDraft((d) => ({ ...d, calendar: c, from: conv(d.from), to: conv(d.to) }), ['calendar', 'from', 'to'])
                }}
              />
              <Field
                label={t('form.precision')}
                hint={draft.precision === 'month' || draft.precision === 'year' ? t('form.precisionHint') : undefined}
                error={err('occurred.precision')}
              >
                {({ id, describedBy }) => (
                  <select
                    id={id}
                    name="precision"
                    value={draft.precision}
                    aria-describedby={describedBy}
                    onChange={(e) => set('precision', (e.currentTarget as HTMLSelectElement).value as Precision)}
                  >
                    {PRECISIONS.map((p) => (
                      <option key={p} value={p}>
                        {t(`precision.${p}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div class="grid">
                <DateInput
                  name="from"
                  label={draft.precision === 'range' || draft.precision === 'estimate' ? t('form.dateFrom') : t('form.date')}
                  value={draft.from}
                  calendar={draft.calendar}
                  onInput={(v) => set('from', v)}
                  required
                  error={err('occurred.from')}
                />
                {draft.precision === 'range' || draft.precision === 'estimate' ? (
                  <DateInput
                    name="to"
                    label={t('form.dateTo')}
                    value={draft.to}
                    calendar={draft.calendar}
                    onInput={(v) => set('to', v)}
                    error={err('occurred.to')}
                  />
                ) : null}
              </div>
            </fieldset>

            <fieldset class="card">
              <legend>{t('form.where')}</legend>
              <div class="grid">
                <Field label={t('form.province')} error={err('location.province')} required>
                  {({ id, describedBy, invalid }) => (
                    <ProvinceSelect
                      id={id}
                      name="province"
                      value={draft.province}
                      onChange={(v) => set('province', v)}
                      describedBy={describedBy}
                      emptyLabel={t('form.choose')}
                      required
                      invalid={invalid}
                    />
                  )}
                </Field>
                <Field label={t('form.district')} error={err('location.district')}>
                  {({ id }) => (
                    <input
                      id={id}
                      name="district"
                      dir="auto"
                      value={draft.district}
                      onInput={(e) => set('district', (e.currentTarget as HTMLInputElement).value)}
                    />
                  )}
                </Field>
                <Field label={t('form.place')} error={err('location.place')}>
                  {({ id }) => (
                    <input
                      id={id}
                      name="place"
                      dir="auto"
                      value={draft.place}
                      onInput={(e) => set('place', (e.currentTarget as HTMLInputElement).value)}
                    />
                  )}
                </Field>
              </div>
              <div class="grid">
                <Field label={t('form.lat')} hint={t('form.latHint')} error={err('location.lat')}>
                  {({ id, describedBy }) => (
                    <input
                      id={id}
                      name="lat"
                      inputMode="decimal"
                      dir="ltr"
                      value={draft.lat}
                      aria-describedby={describedBy}
                      onInput={(e) => set('lat', (e.currentTarget as HTMLInputElement).value)}
                    />
                  )}
                </Field>
                <Field label={t('form.lon')} hint={t('form.lonHint')} error={err('location.lon')}>
                  {({ id, describedBy }) => (
                    <input
                      id={id}
                      name="lon"
                      inputMode="decimal"
                      dir="ltr"
                      value={draft.lon}
                      aria-describedby={describedBy}
                      onInput={(e) => set('lon', (e.currentTarget as HTMLInputElement).value)}
                    />
                  )}
                </Field>
                <Field label={t('form.coordinatePrecision')} error={err('location.coordinatePrecision')}>
                  {({ id }) => (
                    <select
                      id={id}
                      value={draft.coordinatePrecision}
                      onChange={(e) => set('coordinatePrecision', (e.currentTarget as HTMLSelectElement).value)}
                    >
                      <option value="">{t('form.notSaid')}</option>
                      {COORDINATE_PRECISIONS.map((p) => (
                        <option key={p} value={p}>
                          {t(`coordPrecision.${p}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              {draft.province && (draft.lat || draft.lon) ? null : <p class="hint">{t('form.coordsOptional')}</p>}
            </fieldset>

            <fieldset class="card" aria-describedby="categories-hint">
              <legend>{t('form.categories')}</legend>
              <p class="hint" id="categories-hint">
                {t('form.categoriesHint')}
              </p>
              {err('categories') ? <p class="field-error">{err('categories')}</p> : null}
              <Field label={t('form.filterCategories')}>
                {({ id }) => (
                  <input
                    id={id}
                    type="search"
                    dir="auto"
                    value={categoryFilter}
                    onInput={(e) => setCategoryFilter((e.currentTarget as HTMLInputElement).value)}
                  />
                )}
              </Field>
              {groups.map(({ group, categories }) => {
                const shown = categories.filter(
                  (c) =>
                    !filter ||
                    label(c.labels, lang).toLowerCase().includes(filter) ||
                    c.labels.en.toLowerCase().includes(filter) ||
                    (c.romeStatute ?? '').toLowerCase().includes(filter)
                )
                if (shown.length === 0) return null
                const count = categories.filter((c) => draft.categories.includes(c.id)).length
                return (
                  <details key={group.id} class="category-group" open={Boolean(filter) || count > 0}>
                    <summary>
                      {label(group.labels, lang)} {count > 0 ? <Badge kind="count">{t('form.selectedCount', { n: count })}</Badge> : null}
                    </summary>
                    <ul class="checkbox-list">
                      {shown.map((c) => (
                        <li key={c.id}>
                          <label class="inline">
                            <input
                              type="checkbox"
                              name="categories"
                              value={c.id}
                              checked={draft.categories.includes(c.id)}
                              onChange={(e) => {
                                const on = (e.currentTarget as HTMLInputElement).checked
                                set('categories', on ? [...draft.categories, c.id] : draft.categories.filter((x) => x !== c.id))
                              }}
                            />{' '}
                            {label(c.labels, lang)}{' '}
                            {c.romeStatute ? (
                              <span class="article" dir="ltr">
                                {c.romeStatute}
                              </span>
                            ) : (
                              <span class="article">{t('form.noArticle')}</span>
                            )}
                          </label>
                        </li>
                      ))}
                    </ul>
                  </details>
                )
              })}
            </fieldset>
          </>
        ) : null}

        {step === 1 && selected.length > 0 ? (
          <fieldset class="card">
            <legend>{t('form.elements')}</legend>
            <p class="hint">{t('form.elementsHint')}</p>
            {lang !== 'en' ? <p class="hint">{t('form.englishOnly')}</p> : null}
            {selected.map((c) => (
              <div key={c.id} class="qualification">
                <h3>
                  {label(c.labels, lang)}{' '}
                  {c.romeStatute ? (
                    <span class="article" dir="ltr">
                      {c.romeStatute}
                    </span>
                  ) : null}
                </h3>
                {c.description ? (
                  <p class="hint" lang="en" dir="ltr">
                    {c.description.en}
                  </p>
                ) : null}
                <table class="elements stack-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('form.element')}</th>
                      <th scope="col">{t('form.assessment')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.elements.map((el) => {
                      const status = draft.elements[c.id]?.[el.id] ?? 'not-assessed'
                      const selectId = `el-${c.id}-${el.id}`
                      return (
                        <tr key={el.id}>
                          <td>
                            <label for={selectId} lang="en" dir="ltr">
                              {el.labels.en}
                            </label>
                            {el.contextual ? (
                              <>
                                {' '}
                                <Badge kind="contextual" title={t('form.contextualHint')}>
                                  {t('form.contextual')}
                                </Badge>
                              </>
                            ) : null}
                          </td>
                          <td>
                            <select
                              id={selectId}
                              value={status}
                              onChange={(e) => {
                                const v = (e.currentTarget as HTMLSelectElement).value as ElementStatus
                                setDraft(
                                  (d) => ({ ...d, elements: { ...d.elements, [c.id]: { ...d.elements[c.id], [el.id]: v } } }),
                                  ['elements']
                                )
                              }}
                            >
                              {ELEMENT_STATUSES.map((s) => (
                                <option key={s} value={s}>
                                  {t(`element.${s}` as MessageKey)}
                                </option>
                              ))}
                            </select>
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
                {c.checklist && c.checklist.length > 0 ? (
                  <div class="checklist">
                    <h4>{t('form.toDocument')}</h4>
                    <ul lang="en" dir="ltr">
                      {c.checklist.map((x) => (
                        <li key={x.id}>{x.labels.en}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </div>
            ))}
          </fieldset>
        ) : null}

        {step === 2 ? (
          <>
            <fieldset class="card">
              <legend>{t('form.victims')}</legend>
              <p class="hint">{t('form.victimsHint')}</p>
              <div class="grid">
                {(['count', 'killed', 'injured'] as const).map((k) => (
                  <Field key={k} label={t(`victims.${k}` as MessageKey)} error={err(`victims.${k}`)}>
                    {({ id }) => (
                      <input
                        id={id}
                        name={`victims-${k}`}
                        inputMode="numeric"
                        dir="ltr"
                        value={draft.victims[k]}
                        onInput={(e) => set('victims', { ...draft.victims, [k]: (e.currentTarget as HTMLInputElement).value })}
                      />
                    )}
                  </Field>
                ))}
                <label class="inline checkbox-field">
                  <input
                    type="checkbox"
                    checked={draft.victims.countIsEstimate}
                    onChange={(e) => set('victims', { ...draft.victims, countIsEstimate: (e.currentTarget as HTMLInputElement).checked })}
                  />{' '}
                  {t('victims.estimate')}
                </label>
              </div>
              {(Object.keys(VICTIM_GROUPS) as VictimMap[]).map((map) => (
                <details key={map} class="victim-map" open={Object.keys(draft.victims[map]).length > 0}>
                  <summary>{t(`victims.${map}` as MessageKey)}</summary>
                  <div class="grid">
                    {VICTIM_GROUPS[map].map((k) => (
                      <Field key={k} label={t(`group.${k}` as MessageKey)} error={err(`victims.${map}.${k}`)}>
                        {({ id }) => (
                          <input
                            id={id}
                            inputMode="numeric"
                            dir="ltr"
                            value={draft.victims[map][k] ?? ''}
                            onInput={(e) => {
                              const v = (e.currentTarget as HTMLInputElement).value
                              const next = { ...draft.victims[map] }
                              if (v.trim() === '') delete next[k]
                              else next[k] = v
                              set('victims', { ...draft.victims, [map]: next })
                            }}
                          />
                        )}
                      </Field>
                    ))}
                  </div>
                </details>
              ))}
            </fieldset>

            <fieldset class="card">
              <legend>{t('form.perpetrators')}</legend>
              {draft.perpetrators.map((p, i) => (
                <div key={i} class="repeat-row">
                  <h3 class="visually-hidden">{t('form.perpetratorN', { n: i + 1 })}</h3>
                  <div class="grid">
                    <Field label={t('perp.type')} error={err(`perpetrators.${i}.type`)} required>
                      {({ id }) => (
                        <select
                          id={id}
                          value={p.type}
                          onChange={(e) =>
                            set(
                              'perpetrators',
                              draft.perpetrators.map((x, j) => (j === i ? { ...x, type: (e.currentTarget as HTMLSelectElement).value } : x))
                            )
                          }
                        >
                          {PERPETRATOR_TYPES.map((v) => (
                            <option key={v} value={v}>
                              {t(`perpType.${v}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label={t('perp.organ')} error={err(`perpetrators.${i}.organ`)}>
                      {({ id }) => (
                        <select
                          id={id}
                          value={p.organ}
                          onChange={(e) =>
                            set(
                              'perpetrators',
                              draft.perpetrators.map((x, j) =>
                                j === i ? { ...x, organ: (e.currentTarget as HTMLSelectElement).value } : x
                              )
                            )
                          }
                        >
                          <option value="">{t('form.notSaid')}</option>
                          {ORGANS.map((v) => (
                            <option key={v} value={v}>
                              {t(`organ.${v}` as MessageKey)}
                            </option>
                          ))}
                          {p.organ && !(ORGANS as readonly string[]).includes(p.organ) ? <option value={p.organ}>{p.organ}</option> : null}
                        </select>
                      )}
                    </Field>
                    <Field label={t('perp.unit')} error={err(`perpetrators.${i}.unit`)}>
                      {({ id }) => (
                        <input
                          id={id}
                          dir="auto"
                          value={p.unit}
                          onInput={(e) =>
                            set(
                              'perpetrators',
                              draft.perpetrators.map((x, j) => (j === i ? { ...x, unit: (e.currentTarget as HTMLInputElement).value } : x))
                            )
                          }
                        />
                      )}
                    </Field>
                    <Field label={t('perp.involvement')} error={err(`perpetrators.${i}.involvement`)}>
                      {({ id }) => (
                        <select
                          id={id}
                          value={p.involvement}
                          onChange={(e) =>
                            set(
                              'perpetrators',
                              draft.perpetrators.map((x, j) =>
                                j === i ? { ...x, involvement: (e.currentTarget as HTMLSelectElement).value } : x
                              )
                            )
                          }
                        >
                          <option value="">{t('form.notSaid')}</option>
                          {INVOLVEMENTS.map((v) => (
                            <option key={v} value={v}>
                              {t(`involvement.${v}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </div>
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() =>
                      set(
                        'perpetrators',
                        draft.perpetrators.filter((_, j) => j !== i)
                      )
                    }
                  >
                    {t('form.removePerpetrator', { n: i + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                class="button secondary"
                onClick={() =>
                  set('perpetrators', [...draft.perpetrators, { type: 'de-facto-authorities', organ: '', unit: '', involvement: '' }])
                }
              >
                {t('form.addPerpetrator')}
              </button>
              <p class="hint">{t('form.perpetratorsHint')}</p>
            </fieldset>
          </>
        ) : null}

        {step === 3 ? (
          <>
            <fieldset class="card">
              <legend>{t('form.sources')}</legend>
              {draft.sources.map((s, i) => (
                <div key={i} class="repeat-row">
                  <div class="grid">
                    <Field label={t('source.type')} error={err(`sources.${i}.type`)} required>
                      {({ id }) => (
                        <select
                          id={id}
                          value={s.type}
                          onChange={(e) =>
                            set(
                              'sources',
                              draft.sources.map((x, j) => (j === i ? { ...x, type: (e.currentTarget as HTMLSelectElement).value } : x))
                            )
                          }
                        >
                          {SOURCE_TYPES.map((v) => (
                            <option key={v} value={v}>
                              {t(`sourceType.${v}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label={t('source.reliability')} error={err(`sources.${i}.reliability`)}>
                      {({ id }) => (
                        <select
                          id={id}
                          value={s.reliability}
                          onChange={(e) =>
                            set(
                              'sources',
                              draft.sources.map((x, j) =>
                                j === i ? { ...x, reliability: (e.currentTarget as HTMLSelectElement).value } : x
                              )
                            )
                          }
                        >
                          <option value="">{t('form.notSaid')}</option>
                          {RELIABILITY.map((v) => (
                            <option key={v} value={v}>
                              {t(`reliability.${v}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label={t('source.credibility')} error={err(`sources.${i}.credibility`)}>
                      {({ id }) => (
                        <select
                          id={id}
                          value={s.credibility}
                          onChange={(e) =>
                            set(
                              'sources',
                              draft.sources.map((x, j) =>
                                j === i ? { ...x, credibility: (e.currentTarget as HTMLSelectElement).value } : x
                              )
                            )
                          }
                        >
                          <option value="">{t('form.notSaid')}</option>
                          {CREDIBILITY.map((v) => (
                            <option key={v} value={String(v)}>
                              {t(`credibility.${v}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </div>
                  <Field label={t('source.description')} error={err(`sources.${i}.description`)}>
                    {({ id }) => (
                      <textarea
                        id={id}
                        dir="auto"
                        rows={2}
                        value={s.description}
                        onInput={(e) =>
                          set(
                            'sources',
                            draft.sources.map((x, j) =>
                              j === i ? { ...x, description: (e.currentTarget as HTMLTextAreaElement).value } : x
                            )
                          )
                        }
                      />
                    )}
                  </Field>
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() =>
                      set(
                        'sources',
                        draft.sources.filter((_, j) => j !== i)
                      )
                    }
                  >
                    {t('form.removeSource', { n: i + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                class="button secondary"
                onClick={() =>
                  set('sources', [...draft.sources, { type: 'witness-testimony', reliability: '', credibility: '', description: '' }])
                }
              >
                {t('form.addSource')}
              </button>
            </fieldset>

            {patterns.length > 0 ? (
              <fieldset class="card">
                <legend>{t('form.patterns')}</legend>
                <p class="hint">{t('form.patternsHint')}</p>
                <ul class="checkbox-list">
                  {patterns.map((p) => (
                    <li key={p.id}>
                      <label class="inline">
                        <input
                          type="checkbox"
                          checked={draft.patternIds.includes(p.id)}
                          onChange={(e) => {
                            const on = (e.currentTarget as HTMLInputElement).checked
                            set('patternIds', on ? [...draft.patternIds, p.id] : draft.patternIds.filter((x) => x !== p.id))
                          }}
                        />{' '}
                        <span dir="auto">{p.title}</span>{' '}
                        <span class="reference" dir="ltr">
                          {p.reference}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ) : null}
            <TagChoices value={draft.tags} onChange={(tags) => set('tags', tags)} />
          </>
        ) : null}

        {props.id ? (
          <fieldset class="card">
            <legend>{t('form.change')}</legend>
            <Field label={t('form.reason')} hint={t('form.reasonHint')} error={err('reason')}>
              {({ id, describedBy }) => (
                <textarea
                  id={id}
                  name="reason"
                  dir="auto"
                  rows={2}
                  value={draft.reason}
                  aria-describedby={describedBy}
                  onInput={(e) => set('reason', (e.currentTarget as HTMLTextAreaElement).value)}
                />
              )}
            </Field>
          </fieldset>
        ) : null}

        <div class="actions sticky-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t('common.working') : !original ? t('form.step.create') : last ? t('form.step.finish') : t('form.step.next')}
          </button>
          {step > 0 ? (
            <button type="button" class="button secondary" disabled={busy} onClick={() => goTo(step - 1)}>
              {t('form.step.back')}
            </button>
          ) : null}
          <Link class="button secondary" href={original ? `/incidents/${original.incident.id}` : '/incidents'}>
            {original ? t('form.step.close') : t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  )
}
