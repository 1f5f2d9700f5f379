import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { BarChart, ColumnChart, type Datum } from '../components/charts.tsx'
import { ErrorBox, Link, Loading, Num, PageTitle } from '../components/ui.tsx'
import { categoryLabel, provinceLabel } from '../labels.ts'
import { can } from '../permissions.ts'
import { formatGregorian, toNativeDigits } from '../lib/dates.ts'
import { CountToggle, VictimCharts, countingOf } from './victim-charts.tsx'

type Stats = { total: number; byCategory: Record<string, number>; byProvince: Record<string, number>; byMonth: Record<string, number> }

/** Counts for everyone (no records): incidents by category, province and month. */
export function Dashboard(): JSX.Element {
  const { t, lang, ref, session, search } = useApp()
  const counting = countingOf(search)
  const [stats, setStats] = useState<Stats | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    get<Stats>('/api/v1/stats').then(setStats).catch(setError)
  }, [])

  const role = session?.role
  const byValue = (a: Datum, b: Datum): number => b.value - a.value
  const categories: Datum[] =
    stats && ref
      ? Object.entries(stats.byCategory)
          .map(([k, v]) => ({
            key: k,
            label: categoryLabel(ref, k, lang),
            value: v,
            note: ref.categoryById.get(k)?.romeStatute ?? undefined
          }))
          .sort(byValue)
          .slice(0, 12)
      : []
  const provinces: Datum[] =
    stats && ref
      ? Object.entries(stats.byProvince)
          .map(([k, v]) => ({ key: k, label: provinceLabel(ref, k, lang), value: v }))
          .sort(byValue)
      : []
  const months: Datum[] = stats
    ? Object.entries(stats.byMonth)
        .sort(([a], [b]) => a.localeCompare(b))
        .slice(-36)
        .map(([k, v]) => ({ key: k, label: toNativeDigits(k, lang), value: v, note: formatGregorian(k, lang) }))
    : []

  return (
    <section>
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <div class="quick-actions">
        {can(role, 'incident:write') ? (
          <Link class="button primary" href="/incidents/new">
            {t('nav.newIncident')}
          </Link>
        ) : null}
        {can(role, 'incident:read') ? (
          <Link class="button secondary" href="/incidents">
            {t('dashboard.browse')}
          </Link>
        ) : null}
        {can(role, 'case:write') ? (
          <Link class="button primary" href="/cases/new">
            {t('cases.new')}
          </Link>
        ) : null}
        {role === 'auditor' ? (
          <Link class="button primary" href="/verify">
            {t('nav.verify')}
          </Link>
        ) : null}
        {can(role, 'user:manage') ? (
          <Link class="button primary" href="/users">
            {t('nav.users')}
          </Link>
        ) : null}
        {can(role, 'verify:run') ? (
          <Link class="button secondary" href="/ledger">
            {t('ledger.runJob')}
          </Link>
        ) : null}
      </div>
      <CountToggle value={counting} />
      <ErrorBox error={error} />
      {counting === 'victims' ? (
        <VictimCharts />
      ) : !stats ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p class="stat-total">
            <span class="stat-number">
              <Num n={stats.total} />
            </span>{' '}
            {t('dashboard.total')}
          </p>
          <p class="hint">{t('dashboard.note')}</p>
          <div class="charts">
            <BarChart title={t('dashboard.byCategory')} tableCaption={t('dashboard.byCategory')} data={categories} />
            <BarChart title={t('dashboard.byProvince')} tableCaption={t('dashboard.byProvince')} data={provinces} />
            <ColumnChart title={t('dashboard.byMonth')} tableCaption={t('dashboard.byMonth')} data={months} />
          </div>
        </>
      )}
    </section>
  )
}
