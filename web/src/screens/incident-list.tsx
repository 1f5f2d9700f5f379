import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Incident, IncidentList as IncidentListAnswer } from '../../../server/types/schemas.ts'
import { useApp } from '../context.ts'
import { get, query } from '../api.ts'
import { Badge, DateText, ErrorBox, Field, Link, Loading, Num, PageTitle } from '../components/ui.tsx'
import { CategorySelect, ProvinceSelect } from '../components/category-select.tsx'
import { DateInput, CalendarSwitch } from '../components/date-input.tsx'
import { categoryLabel, provinceLabel, label } from '../labels.ts'
import { defaultCalendar, toGregorianIso, type Calendar } from '../lib/dates.ts'
import type { MessageKey } from '../i18n/index.ts'
import { can } from '../permissions.ts'
import { STATUSES } from '../schema-enums.ts'
import { VictimFilters, AreaFilterNote, ViewToggle, IncidentTable, viewOf } from './incident-list-views.tsx'
import { BulkActions } from '../components/bulk-actions.tsx'
import { SavedSearches } from '../components/saved-searches.tsx'

const PAGE = 25

export type Filters = {
  q: string
  category: string
  group: string
  tag: string
  province: string
  from: string
  to: string
  status: string
  assignee: string
  victimSex: string
  victimAge: string
  /** An area drawn on the map (/map): a rectangle or a radius. */
  bbox: string
  near: string
}
export const emptyFilters: Filters = {
  q: '',
  category: '',
  group: '',
  tag: '',
  province: '',
  from: '',
  to: '',
  status: '',
  assignee: '',
  victimSex: '',
  victimAge: '',
  bbox: '',
  near: ''
}
const FILTER_KEYS = Object.keys(emptyFilters) as (keyof Filters)[]

/** The filters a URL carries (`/incidents?tag=massacre&status=submitted`): bookmarkable, shareable, kept on reload. */
export function filtersFromSearch(search: URLSearchParams): Filters {
  const f = { ...emptyFilters }
  for (const k of FILTER_KEYS) f[k] = search.get(k) ?? ''
  return f
}

/** The query string of the filters (empty ones left out), for the URL, the list and the CSV export. */
export function filtersQuery(f: Filters, extra: Record<string, string | number> = {}): string {
  return query({ ...f, ...extra })
}

/** Search and filter form shared by the incident list and the case builder. */
export function IncidentFilters(props: { initial: Filters; onSearch: (f: Filters) => void; idPrefix: string }): JSX.Element {
  const { t, lang, ref } = useApp()
  const [f, setF] = useState<Filters>(props.initial)
  // Dates from a URL are ISO (Gregorian): show them in that calendar rather than convert what was typed.
  const [calendar, setCalendar] = useState<Calendar>(props.initial.from || props.initial.to ? 'gregorian' : defaultCalendar(lang))
  const [from, setFrom] = useState(props.initial.from)
  const [to, setTo] = useState(props.initial.to)
  const set = (k: keyof Filters) => (v: string) => setF({ ...f, [k]: v })
  return (
    <form
      class="filters card"
      role="search"
      aria-label={t('list.searchLabel')}
      onSubmit={(e) => {
        e.preventDefault()
        props.onSearch({
          ...f,
          from: from ? (toGregorianIso(from, calendar) ?? '') : '',
          to: to ? (toGregorianIso(to, calendar) ?? '') : ''
        })
      }}
    >
      <div class="grid">
        <Field label={t('list.q')} hint={t('list.qHint')} class="span-2">
          {({ id, describedBy }) => (
            <input
              id={id}
              type="search"
              dir="auto"
              value={f.q}
              aria-describedby={describedBy}
              onInput={(e) => set('q')((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field label={t('list.category')}>
          {({ id, describedBy }) => (
            <CategorySelect id={id} value={f.category} onChange={set('category')} describedBy={describedBy} allLabel={t('list.any')} />
          )}
        </Field>
        <Field label={t('list.group')}>
          {({ id }) => (
            <select id={id} value={f.group} onChange={(e) => set('group')((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('list.any')}</option>
              {ref?.taxonomy.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {label(g.labels, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('list.tag')}>
          {({ id }) => (
            <select id={id} name="tag" value={f.tag} onChange={(e) => set('tag')((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('list.any')}</option>
              {(ref?.taxonomy.tags ?? [])
                .filter((g) => g.roadmap)
                .map((g) => (
                  <option key={g.id} value={g.id}>
                    {label(g.labels, lang)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('list.province')}>
          {({ id }) => <ProvinceSelect id={id} value={f.province} onChange={set('province')} emptyLabel={t('list.any')} />}
        </Field>
        <VictimFilters value={f} onChange={(k, v) => set(k)(v)} />
        <Field label={t('list.status')}>
          {({ id }) => (
            <select id={id} name="status" value={f.status} onChange={(e) => set('status')((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('list.statusActive')}</option>
              {[...STATUSES, 'retracted' as const].map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="grid date-range">
        <CalendarSwitch name={`${props.idPrefix}-cal`} value={calendar} onChange={setCalendar} />
        <DateInput label={t('list.from')} value={from} calendar={calendar} onInput={setFrom} />
        <DateInput label={t('list.to')} value={to} calendar={calendar} onInput={setTo} />
      </div>
      <div class="actions">
        <button type="submit" class="button primary">
          {t('list.search')}
        </button>
        <button
          type="button"
          class="button secondary"
          onClick={() => {
            setF(emptyFilters)
            setFrom('')
            setTo('')
            props.onSearch(emptyFilters)
          }}
        >
          {t('list.clear')}
        </button>
      </div>
    </form>
  )
}

export function useIncidentSearch(filters: Filters, offset: number): { data: IncidentListAnswer | null; error: unknown; loading: boolean } {
  const [data, setData] = useState<IncidentListAnswer | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  useEffect(() => {
    const ctrl = new AbortController()
    setLoading(true)
    setError(null)
    get<IncidentListAnswer>(`/api/v1/incidents${query({ ...filters, limit: PAGE, offset })}`, { signal: ctrl.signal })
      .then((d) => {
        setData(d)
        setLoading(false)
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) {
          setError(e)
          setLoading(false)
        }
      })
    return () => ctrl.abort()
  }, [JSON.stringify(filters), offset])
  return { data, error, loading }
}

export function IncidentRowSummary(props: { incident: Incident }): JSX.Element {
  const { t, lang, ref } = useApp()
  const i = props.incident
  return (
    <>
      <p class="meta">
        <DateText iso={i.occurred.from} />
        {i.occurred.to !== i.occurred.from ? (
          <>
            {' '}
            – <DateText iso={i.occurred.to} />
          </>
        ) : null}
        {' · '}
        {ref ? provinceLabel(ref, i.location.province, lang) : i.location.province}
        {i.location.district ? (
          <>
            {' '}
            · <span dir="auto">{i.location.district}</span>
          </>
        ) : null}
      </p>
      <ul class="tags">
        {i.categories.map((c) => {
          const cat = ref?.categoryById.get(c)
          return (
            <li key={c}>
              <Badge kind="category">
                {ref ? categoryLabel(ref, c, lang) : c}
                {cat?.romeStatute ? (
                  <>
                    {' '}
                    <span class="article" dir="ltr">
                      {cat.romeStatute}
                    </span>
                  </>
                ) : null}
              </Badge>
            </li>
          )
        })}
        <li>
          <Badge kind={`status-${i.retracted ? 'retracted' : i.status}`}>
            {t(`status.${i.retracted ? 'retracted' : i.status}` as MessageKey)}
          </Badge>
        </li>
        {i.flags.includes('OUTSIDE_ICC_JURISDICTION_WINDOW') ? (
          <li>
            <Badge kind="warning">{t('flag.OUTSIDE_ICC_JURISDICTION_WINDOW')}</Badge>
          </li>
        ) : null}
      </ul>
    </>
  )
}

export function IncidentList(): JSX.Element {
  const { t, session, search, navigate } = useApp()
  // Every filter lives in the URL: read from it, written to it (replaceState), so a reload or a shared
  // link shows the same search.
  const filters = filtersFromSearch(search)
  const [offset, setOffset] = useState(0)
  const { data, error, loading } = useIncidentSearch(filters, offset)
  const view = viewOf(search)
  const apply = (f: Filters): void => {
    setOffset(0)
    navigate(`/incidents${filtersQuery(f, view === 'table' ? { view } : {})}`, { replace: true })
  }
  const reviewer = can(session?.role, 'incident:review')
  return (
    <section>
      <PageTitle>{t('list.title')}</PageTitle>
      <p class="actions">
        {can(session?.role, 'incident:write') ? (
          <Link class="button primary" href="/incidents/new">
            {t('nav.newIncident')}
          </Link>
        ) : null}{' '}
        <a
          class="button secondary export-csv"
          href={`/api/v1/incidents/export.csv${filtersQuery(filters)}`}
          download
          title={t('list.exportHint')}
        >
          {t('list.exportCsv')}
        </a>{' '}
        <Link class="button secondary" href={`/map${filtersQuery(filters)}`}>
          {t('nav.map')}
        </Link>
      </p>
      <fieldset class="quick-filters">
        <legend>{t('list.quick')}</legend>
        <button
          type="button"
          class="button secondary"
          aria-pressed={filters.status === 'submitted' && !filters.assignee}
          onClick={() => apply({ ...emptyFilters, status: 'submitted' })}
        >
          {t('list.waitingForReview')}
        </button>{' '}
        {reviewer ? (
          <button
            type="button"
            class="button secondary"
            aria-pressed={filters.assignee === 'me'}
            onClick={() => apply({ ...emptyFilters, assignee: 'me' })}
          >
            {t('list.assignedToMe')}
          </button>
        ) : null}
      </fieldset>
      <IncidentFilters key={filtersQuery(filters)} initial={filters} idPrefix="list" onSearch={apply} />
      <SavedSearches query={filtersQuery(filters)} />
      <AreaFilterNote filters={filters} onClear={() => apply({ ...filters, bbox: '', near: '' })} />
      <ViewToggle
        view={view}
        onChange={(v) => navigate(`/incidents${filtersQuery(filters, v === 'table' ? { view: v } : {})}`, { replace: true })}
      />
      <ErrorBox error={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p class="result-count" role="status">
            {t('list.count', { n: data.total })}
            {data.totalCapped ? '+' : ''}
          </p>
          <BulkActions items={data.items} />
          {data.items.length === 0 ? (
            <p class="empty">{t('list.none')}</p>
          ) : view === 'table' ? (
            <IncidentTable items={data.items} />
          ) : (
            <ol class="incident-list">
              {data.items.map((i) => (
                <li key={i.id} class="incident-item card">
                  {i.withheld === 'need-to-know' ? (
                    <h2 class="incident-title">
                      <span class="withheld">{t('list.needToKnow')}</span>{' '}
                      <span class="reference" dir="ltr">
                        {i.reference}
                      </span>
                    </h2>
                  ) : (
                    <h2 class="incident-title">
                      <Link href={`/incidents/${i.id}`}>
                        <span dir="auto">{i.title}</span>
                      </Link>{' '}
                      <span class="reference" dir="ltr">
                        {i.reference}
                      </span>
                    </h2>
                  )}
                  <IncidentRowSummary incident={i} />
                </li>
              ))}
            </ol>
          )}
          <nav class="pager" aria-label={t('list.pages')}>
            <button type="button" class="button secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('list.prev')}
            </button>
            <span>
              <Num n={data.total === 0 ? 0 : offset + 1} />–<Num n={Math.min(offset + PAGE, data.total)} />
            </span>
            <button type="button" class="button secondary" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              {t('list.next')}
            </button>
          </nav>
        </>
      ) : null}
    </section>
  )
}
