import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { BarChart, ColumnChart, type Datum } from '../components/charts.tsx'
import { ErrorBox, Loading, Num } from '../components/ui.tsx'
import { provinceLabel } from '../labels.ts'
import { formatGregorian, toNativeDigits } from '../lib/dates.ts'
import type { MessageKey } from '../i18n/index.ts'

type VictimStats = {
  total: number
  killed: number
  injured: number
  incidentsWithoutCount: number
  bySex: Record<string, number>
  byAgeGroup: Record<string, number>
  byProvince: Record<string, number>
  byMonth: Record<string, number>
}

export type Counting = 'incidents' | 'victims'
/** What the overview counts, as its URL says (`/?count=victims`). */
export const countingOf = (search: URLSearchParams): Counting => (search.get('count') === 'victims' ? 'victims' : 'incidents')

/** Incidents or victims: the overview's two ways of counting, kept in the URL. */
export function CountToggle(props: { value: Counting }): JSX.Element {
  const { t, navigate } = useApp()
  return (
    <fieldset class="view-toggle count-toggle">
      <legend>{t('dashboard.count')}</legend>
      {(['incidents', 'victims'] as const).map((v) => (
        <button
          key={v}
          type="button"
          class="button secondary"
          aria-pressed={props.value === v}
          onClick={() => navigate(v === 'victims' ? '/?count=victims' : '/', { replace: true })}
        >
          {t(`dashboard.count.${v}`)}
        </button>
      ))}
    </fieldset>
  )
}

/** The overview in victims: sums of the incidents' counts (a lower bound where incidents give none). */
export function VictimCharts(): JSX.Element {
  const { t, lang, ref } = useApp()
  const [stats, setStats] = useState<VictimStats | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    get<VictimStats>('/api/v1/stats/victims').then(setStats).catch(setError)
  }, [])
  if (error) return <ErrorBox error={error} />
  if (!stats) return <Loading />
  const byValue = (a: Datum, b: Datum): number => b.value - a.value
  const named = (m: Record<string, number>): Datum[] =>
    Object.entries(m)
      .map(([k, v]) => ({ key: k, label: t(`group.${k}` as MessageKey), value: v }))
      .sort(byValue)
  const provinces: Datum[] = Object.entries(stats.byProvince)
    .map(([k, v]) => ({ key: k, label: ref ? provinceLabel(ref, k, lang) : k, value: v }))
    .sort(byValue)
  const months: Datum[] = Object.entries(stats.byMonth)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-36)
    .map(([k, v]) => ({ key: k, label: toNativeDigits(k, lang), value: v, note: formatGregorian(k, lang) }))
  return (
    <div class="victim-stats">
      <p class="stat-total">
        <span class="stat-number">
          <Num n={stats.total} />
        </span>{' '}
        {t('dashboard.victims')}
      </p>
      <p class="stat-line">
        {t('dashboard.killed')}: <Num n={stats.killed} /> · {t('dashboard.injured')}: <Num n={stats.injured} />
      </p>
      {stats.incidentsWithoutCount > 0 ? <p class="hint">{t('dashboard.withoutCount', { n: stats.incidentsWithoutCount })}</p> : null}
      <div class="charts">
        <BarChart title={t('dashboard.victimsBySex')} tableCaption={t('dashboard.victimsBySex')} data={named(stats.bySex)} />
        <BarChart title={t('dashboard.victimsByAge')} tableCaption={t('dashboard.victimsByAge')} data={named(stats.byAgeGroup)} />
        <BarChart title={t('dashboard.victimsByProvince')} tableCaption={t('dashboard.victimsByProvince')} data={provinces} />
        <ColumnChart title={t('dashboard.victimsByMonth')} tableCaption={t('dashboard.victimsByMonth')} data={months} />
      </div>
    </div>
  )
}
