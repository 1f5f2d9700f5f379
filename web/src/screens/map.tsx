import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { get } from '../api.ts'
import { ErrorBox, Link, Loading, PageTitle } from '../components/ui.tsx'
import { MAP, VIEW, bboxOf, bboxRect, nearCircle, nearOf, pathOf, project, radiusKm } from '../map/geometry.ts'
import { placeLabels } from '../map/label-placement.ts'
import { TypedArea } from './map-typed-area.tsx'
import { filtersFromSearch, filtersQuery, IncidentRowSummary, useIncidentSearch, type Filters } from './incident-list.tsx'

type Counts = { total: number; provinces: { province: string; count: number }[] }
type Tool = 'province' | 'rectangle' | 'radius'
type Point = { x: number; y: number }

const OUTLINE = pathOf(MAP.outline)
const AREAS = MAP.provinces.map((p) => ({ code: p.code, name: p.name, d: pathOf(p.area), at: project(p.centre), label: project(p.label) }))

const dotRadius = (n: number, max: number): number => 10 + 16 * Math.sqrt(n / max)

function useCounts(filters: Filters): { data: Counts | null; error: unknown } {
  const [data, setData] = useState<Counts | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    const ctrl = new AbortController()
    setError(null)
    get<Counts>(`/api/v1/incidents/by-province${filtersQuery(filters)}`, { signal: ctrl.signal })
      .then(setData)
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e)
      })
    return () => ctrl.abort()
  }, [JSON.stringify(filters)])
  return { data, error }
}

/**
 * The offline map (/map): incidents counted by province, drawn in SVG from geometry kept in the
 * project (no tiles, no network). A province, a drawn rectangle or a radius becomes a filter in the
 * URL, shared with the incident list.
 */
export function MapPage(): JSX.Element {
  const { t, lang, search, navigate } = useApp()
  const filters = filtersFromSearch(search)
  // The dots count the search without its place (province, rectangle, radius), so the whole country
  // stays readable while a place is chosen; the summary and the list below are the search with it.
  const { data, error } = useCounts({ ...filters, province: '', bbox: '', near: '' })
  const list = useIncidentSearch(filters, 0)
  const [tool, setTool] = useState<Tool>(filters.near ? 'radius' : filters.bbox ? 'rectangle' : 'province')
  const [drag, setDrag] = useState<{ from: Point; to: Point } | null>(null)
  const svg = useRef<SVGSVGElement>(null)
  const counts = new Map((data?.provinces ?? []).map((p) => [p.province, p.count]))
  const max = Math.max(1, ...counts.values())

  const go = (f: Filters): void => navigate(`/map${filtersQuery(f)}`, { replace: true })
  const pickProvince = (code: string): void => go({ ...filters, province: filters.province === code ? '' : code, bbox: '', near: '' })
  const at = (e: PointerEvent): Point => {
    const m = svg.current?.getScreenCTM()
    if (!m) return { x: 0, y: 0 }
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse())
    return { x: p.x, y: p.y }
  }
  const onDown = (e: PointerEvent): void => {
    if (tool === 'province') return
    e.preventDefault()
    ;(e.currentTarget as Element).setPointerCapture?.(e.pointerId)
    const p = at(e)
    setDrag({ from: p, to: p })
  }
  const onMove = (e: PointerEvent): void => {
    if (drag) setDrag({ ...drag, to: at(e) })
  }
  const onUp = (e: PointerEvent): void => {
    if (!drag) return
    const to = at(e)
    setDrag(null)
    const moved = Math.hypot(to.x - drag.from.x, to.y - drag.from.y)
    if (moved < 3) return // a click, not a drawing
    if (tool === 'rectangle') go({ ...filters, province: '', near: '', bbox: bboxOf(drag.from, to) })
    else go({ ...filters, province: '', bbox: '', near: nearOf(drag.from, to) })
  }

  const LABELS = placeLabels(
    AREAS.map((a) => {
      const n = counts.get(a.code) ?? 0
      return { code: a.code, text: a.name[lang], at: a.at, label: a.label, count: n, dotRadius: n ? dotRadius(n, max) : 0 }
    })
  )
  const rect = filters.bbox ? bboxRect(filters.bbox) : null
  const circle = filters.near ? nearCircle(filters.near) : null
  const listHref = `/incidents${filtersQuery(filters)}`
  const name = (code: string): string => AREAS.find((a) => a.code === code)?.name[lang] ?? code

  return (
    <section class="map-page">
      <PageTitle>{t('map.title')}</PageTitle>
      <fieldset class="map-tools">
        <legend>{t('map.tool')}</legend>
        {(['province', 'rectangle', 'radius'] as const).map((k) => (
          <label key={k} class="choice">
            <input type="radio" name="map-tool" value={k} checked={tool === k} onChange={() => setTool(k)} /> {t(`map.tool.${k}`)}
          </label>
        ))}
      </fieldset>
      <p class="hint">{t(`map.hint.${tool}`)}</p>
      <ErrorBox error={error ?? list.error} />
      <div class="map-frame">
        <svg
          ref={svg}
          class={`map map-${tool}`}
          viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
          role="group"
          aria-label={t('map.label')}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          data-testid="map"
        >
          <path class="map-country" d={OUTLINE} />
          {AREAS.map((a) => {
            const n = counts.get(a.code) ?? 0
            const selected = filters.province === a.code
            return (
              <path
                key={a.code}
                class={`map-province${selected ? ' selected' : ''}`}
                d={a.d}
                data-province={a.code}
                style={{ fillOpacity: n ? 0.15 + (0.6 * n) / max : 0 }}
                role="button"
                tabIndex={tool === 'province' ? 0 : -1}
                aria-pressed={selected}
                aria-label={`${name(a.code)}: ${t('map.count', { n })}`}
                onClick={() => tool === 'province' && pickProvince(a.code)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault()
                    pickProvince(a.code)
                  }
                }}
              />
            )
          })}
          {LABELS.map((l) => (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> is not focusable; the province shape carries its name
            <g key={l.code} class="map-labels" aria-hidden="true">
              <text class="map-label" x={l.x} y={l.y} text-anchor="middle">
                {l.text}
              </text>
              {l.counted ? (
                // On a phone only the provinces with a count are named, larger, under the dot drawn twice as large there.
                <text class="map-label map-label-phone" x={l.x} y={l.phoneY} text-anchor="middle">
                  {l.text}
                </text>
              ) : null}
            </g>
          ))}
          {AREAS.map((a) => {
            const n = counts.get(a.code) ?? 0
            if (!n) return null
            return (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> is not focusable; the province shape says the count
              <g key={a.code} class="map-dot" aria-hidden="true" data-count-for={a.code}>
                <circle cx={a.at[0]} cy={a.at[1]} r={dotRadius(n, max)} />
                <text x={a.at[0]} y={a.at[1]} dy="0.35em" text-anchor="middle">
                  {n.toLocaleString(lang === 'en' ? 'en' : 'fa-AF')}
                </text>
              </g>
            )
          })}
          {rect ? <rect class="map-area" {...rect} data-testid="map-bbox" /> : null}
          {circle ? <circle class="map-area" {...circle} data-testid="map-near" /> : null}
          {drag && tool === 'rectangle' ? (
            <rect
              class="map-area drawing"
              x={Math.min(drag.from.x, drag.to.x)}
              y={Math.min(drag.from.y, drag.to.y)}
              width={Math.abs(drag.to.x - drag.from.x)}
              height={Math.abs(drag.to.y - drag.from.y)}
            />
          ) : null}
          {drag && tool === 'radius' ? (
            <circle class="map-area drawing" cx={drag.from.x} cy={drag.from.y} r={radiusKm(drag.from, drag.to) / 1.1057} />
          ) : null}
        </svg>
      </div>
      {tool !== 'province' ? (
        <TypedArea
          tool={tool}
          near={filters.near}
          bbox={filters.bbox}
          onApply={(kind, value) =>
            go({ ...filters, province: '', bbox: kind === 'bbox' ? value : '', near: kind === 'near' ? value : '' })
          }
        />
      ) : null}
      <div class="map-summary" role="status">
        {list.data ? (
          <p>
            {t('map.total', { n: list.data.total })}
            {filters.province ? <> · {name(filters.province)}</> : null}
            {filters.bbox ? <> · {t('map.inRectangle')}</> : null}
            {filters.near ? <> · {t('map.inRadius', { km: Number(filters.near.split(',')[2]) })}</> : null}
          </p>
        ) : (
          <Loading />
        )}
      </div>
      <p class="actions">
        <Link class="button primary" href={listHref}>
          {t('map.showList')}
        </Link>{' '}
        {filters.province || filters.bbox || filters.near ? (
          <button type="button" class="button secondary" onClick={() => go({ ...filters, province: '', bbox: '', near: '' })}>
            {t('map.clearArea')}
          </button>
        ) : null}
      </p>
      {list.data && list.data.items.length > 0 ? (
        <ol class="incident-list map-incidents">
          {list.data.items.map((i) => (
            <li key={i.id} class="incident-item card">
              <h2 class="incident-title">
                {i.withheld === 'need-to-know' ? (
                  <span class="withheld">{t('list.needToKnow')}</span>
                ) : (
                  <Link href={`/incidents/${i.id}`}>
                    <span dir="auto">{i.title}</span>
                  </Link>
                )}{' '}
                <span class="reference" dir="ltr">
                  {i.reference}
                </span>
              </h2>
              <IncidentRowSummary incident={i} />
            </li>
          ))}
        </ol>
      ) : null}
      <details class="map-source">
        <summary>{t('map.source')}</summary>
        <p dir="ltr" lang="en">
          {MAP.source} {MAP.licence}
        </p>
        <p>{t('map.boundaries', { km: MAP.toleranceKm })}</p>
      </details>
    </section>
  )
}
