import type { JSX } from 'preact'
import { useId } from 'preact/hooks'
import { useApp } from '../context.ts'
import { formatNumber } from '../lib/format.ts'

export type Datum = { key: string; label: string; value: number; note?: string }

/**
 * Horizontal bar chart in SVG (no inline styles: geometry is presentation attributes, colours come
 * from classes). Bars grow from the reading side: left in English, right in Dari and Pashto.
 * The same numbers are offered as a table for screen readers and for copying.
 */
export function BarChart(props: { title: string; data: Datum[]; tableCaption: string }): JSX.Element {
  const { lang, t } = useApp()
  const id = useId()
  const rtl = lang !== 'en'
  const max = Math.max(1, ...props.data.map((d) => d.value))
  const row = 34
  const labelW = 290
  const barW = 250
  const width = labelW + barW + 60
  const height = Math.max(row, props.data.length * row) + 10
  return (
    <figure class="chart">
      <figcaption id={`${id}-t`}>{props.title}</figcaption>
      {props.data.length === 0 ? (
        <p class="empty">{t('common.noData')}</p>
      ) : (
        <svg
          class="chart-svg"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-t`}
          preserveAspectRatio="xMinYMin meet"
        >
          {props.data.map((d, i) => {
            const w = Math.max(2, (d.value / max) * barW)
            const y = i * row + 5
            const barX = rtl ? width - labelW - w : labelW
            const labelX = rtl ? width - 8 : labelW - 8
            const valueX = rtl ? barX - 6 : barX + w + 6
            return (
              <g key={d.key}>
                <title>{`${d.label}: ${formatNumber(d.value, lang)}`}</title>
                {/* In right-to-left text, "start" is the right edge: labels end at the bars either way. */}
                <text class="chart-label" x={labelX} y={y + 21} text-anchor={rtl ? 'start' : 'end'} direction={rtl ? 'rtl' : 'ltr'}>
                  {truncate(d.label, 34)}
                </text>
                <rect class={`chart-bar chart-bar-${i % 6}`} x={barX} y={y + 4} width={w} height={row - 12} rx="3" />
                <text class="chart-value" x={valueX} y={y + 21} text-anchor="start" direction={rtl ? 'rtl' : 'ltr'}>
                  {formatNumber(d.value, lang)}
                </text>
              </g>
            )
          })}
        </svg>
      )}
      <DataTable caption={props.tableCaption} data={props.data} />
    </figure>
  )
}

/** Column chart over time (oldest first in reading order). */
export function ColumnChart(props: { title: string; data: Datum[]; tableCaption: string }): JSX.Element {
  const { lang, t } = useApp()
  const id = useId()
  const rtl = lang !== 'en'
  const max = Math.max(1, ...props.data.map((d) => d.value))
  const col = 26
  const chartH = 150
  const width = Math.max(300, props.data.length * col + 40)
  const height = chartH + 70
  return (
    <figure class="chart">
      <figcaption id={`${id}-t`}>{props.title}</figcaption>
      {props.data.length === 0 ? (
        <p class="empty">{t('common.noData')}</p>
      ) : (
        <svg
          class="chart-svg"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-t`}
          preserveAspectRatio="xMinYMin meet"
        >
          <line class="chart-axis" x1="20" x2={width - 20} y1={chartH + 10} y2={chartH + 10} />
          {props.data.map((d, i) => {
            const h = Math.max(2, (d.value / max) * (chartH - 20))
            // Time runs in the reading direction: left to right in English, right to left in Dari and Pashto.
            const x = rtl ? width - 24 - (i + 1) * col + 8 : 24 + i * col
            return (
              <g key={d.key}>
                <title>{`${d.label}: ${formatNumber(d.value, lang)}`}</title>
                <rect class="chart-bar chart-bar-0" x={x} y={chartH + 10 - h} width={col - 8} height={h} rx="2" />
                <text class="chart-value chart-small" x={x + (col - 8) / 2} y={chartH + 4 - h} text-anchor="middle" direction="ltr">
                  {formatNumber(d.value, lang)}
                </text>
                <text
                  class="chart-label chart-small"
                  x={x + (col - 8) / 2}
                  y={chartH + 24}
                  text-anchor="end"
                  direction="ltr"
                  transform={`rotate(-60 ${x + (col - 8) / 2} ${chartH + 24})`}
                >
                  {d.label}
                </text>
              </g>
            )
          })}
        </svg>
      )}
      <DataTable caption={props.tableCaption} data={props.data} />
    </figure>
  )
}

function DataTable(props: { caption: string; data: Datum[] }): JSX.Element | null {
  const { lang, t } = useApp()
  if (props.data.length === 0) return null
  return (
    <details class="chart-table">
      <summary>{t('chart.showTable')}</summary>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.item')}</th>
            <th scope="col">{t('chart.count')}</th>
          </tr>
        </thead>
        <tbody>
          {props.data.map((d) => (
            <tr key={d.key}>
              <th scope="row">
                {d.label}
                {d.note ? <span class="secondary"> {d.note}</span> : null}
              </th>
              <td>{formatNumber(d.value, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}
