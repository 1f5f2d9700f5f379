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
  // Each label sits on its own line above its bar, across the whole width: drawn at about the size
  // of the text around it on a 360-px phone (the SVG is scaled to the card), never squeezed beside the bars.
  const row = 48
  const width = 340
  const barW = width - 56
  const height = Math.max(row, props.data.length * row) + 6
  return (
    <figure class="chart">
      <figcaption id={`${id}-t`}>{props.title}</figcaption>
      {props.data.length === 0 ? (
        <p class="empty">{t('common.noData')}</p>
      ) : (
        <svg
          class="chart-svg chart-bars"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-t`}
          preserveAspectRatio="xMinYMin meet"
        >
          {props.data.map((d, i) => {
            const w = Math.max(2, (d.value / max) * barW)
            const y = i * row + 4
            const barX = rtl ? width - 2 - w : 2
            const labelX = rtl ? width - 2 : 2
            const valueX = rtl ? barX - 6 : barX + w + 6
            return (
              <g key={d.key}>
                <title>{`${d.label}: ${formatNumber(d.value, lang)}`}</title>
                {/* In right-to-left text, "start" is the right edge: labels begin at the reading side either way. */}
                <text class="chart-label" x={labelX} y={y + 16} text-anchor="start" direction={rtl ? 'rtl' : 'ltr'}>
                  {truncate(d.label, 40)}
                </text>
                <rect class={`chart-bar chart-bar-${i % 6}`} x={barX} y={y + 23} width={w} height={16} rx="3" />
                <text class="chart-value" x={valueX} y={y + 37} text-anchor="start" direction={rtl ? 'rtl' : 'ltr'}>
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
  // A fixed width, so the text keeps its size on a phone however many months there are: columns get
  // narrower instead, and when they are too narrow for every label, every second (third…) one is written.
  const width = 340
  const col = Math.min(34, (width - 48) / Math.max(1, props.data.length))
  const every = Math.ceil(18 / col)
  const chartH = 150
  const height = chartH + 76
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
            const x = rtl ? width - 24 - (i + 1) * col + 4 : 24 + i * col
            const labelled = (props.data.length - 1 - i) % every === 0
            return (
              <g key={d.key}>
                <title>{`${d.label}: ${formatNumber(d.value, lang)}`}</title>
                <rect class="chart-bar chart-bar-0" x={x} y={chartH + 10 - h} width={col - 4} height={h} rx="2" />
                {labelled ? (
                  <>
                    <text class="chart-value chart-tick" x={x + (col - 4) / 2} y={chartH + 4 - h} text-anchor="middle" direction="ltr">
                      {formatNumber(d.value, lang)}
                    </text>
                    <text
                      class="chart-label chart-tick"
                      x={x + (col - 4) / 2}
                      y={chartH + 26}
                      text-anchor="end"
                      direction="ltr"
                      transform={`rotate(-60 ${x + (col - 4) / 2} ${chartH + 26})`}
                    >
                      {d.label}
                    </text>
                  </>
                ) : null}
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
