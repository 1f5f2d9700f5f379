import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useApp } from '../context.ts'
import { Field } from '../components/ui.tsx'
import { MAP, provinceAt } from '../map/geometry.ts'
import {
  KM,
  LAT,
  LON,
  parseDecimal,
  radiusFilter,
  radiusInputOf,
  rectangleFilter,
  rectangleInputOf,
  type RadiusInput,
  type RectangleInput,
  type TypedError
} from '../map/typed-area.ts'

const EMPTY_RADIUS: RadiusInput = { centre: 'point', lat: '', lon: '', km: '25' }
const EMPTY_RECTANGLE: RectangleInput = { south: '', north: '', west: '', east: '' }

/**
 * The keyboard's way to the map's area filters: a radius around a province's centre or typed
 * coordinates, or a rectangle by its four edges. Applying puts `near` or `bbox` into the URL, exactly
 * as drawing with a pointer does.
 */
export function TypedArea(props: {
  tool: 'rectangle' | 'radius'
  near: string
  bbox: string
  onApply: (kind: 'near' | 'bbox', value: string) => void
}): JSX.Element {
  const { t, lang } = useApp()
  const [radius, setRadius] = useState<RadiusInput>(() => radiusInputOf(props.near, MAP.provinces) ?? EMPTY_RADIUS)
  const [rect, setRect] = useState<RectangleInput>(() => rectangleInputOf(props.bbox) ?? EMPTY_RECTANGLE)
  const [errors, setErrors] = useState<Partial<Record<string, TypedError>>>({})
  const form = useRef<HTMLFormElement>(null)
  // An area drawn with the pointer (or a URL opened) shows in the fields too.
  useEffect(() => {
    const r = radiusInputOf(props.near, MAP.provinces)
    if (r) setRadius(r)
  }, [props.near])
  useEffect(() => {
    const r = rectangleInputOf(props.bbox)
    if (r) setRect(r)
  }, [props.bbox])

  const collator = new Intl.Collator(lang === 'en' ? 'en' : lang)
  const provinces = [...MAP.provinces].sort((a, b) => collator.compare(a.name[lang], b.name[lang]))
  const message = (field: string): string | undefined => {
    const e = errors[field]
    if (!e) return undefined
    if (e === 'badLat') return t('map.typed.badLat', { min: LAT.min, max: LAT.max })
    if (e === 'badLon') return t('map.typed.badLon', { min: LON.min, max: LON.max })
    if (e === 'badKm') return t('map.typed.badKm', { min: KM.min, max: KM.max })
    return t('map.typed.badOrder')
  }
  const clear = (field: string): void => {
    if (errors[field]) setErrors({ ...errors, [field]: undefined })
  }
  const submit = (e: Event): void => {
    e.preventDefault()
    const result = props.tool === 'radius' ? radiusFilter(radius, MAP.provinces) : rectangleFilter(rect)
    if (result.ok) {
      setErrors({})
      props.onApply(props.tool === 'radius' ? 'near' : 'bbox', result.value)
      return
    }
    setErrors(result.errors)
    // The first refused field gets the focus, so its error is read out.
    queueMicrotask(() => form.current?.querySelector<HTMLInputElement>('[aria-invalid=true]')?.focus())
  }

  const input = (name: string, value: string, set: (v: string) => void, label: string, hint?: string): JSX.Element => (
    <Field label={label} hint={hint} error={message(name)}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={name}
          inputMode="decimal"
          dir="ltr"
          size={8}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onInput={(e) => {
            clear(name)
            set((e.currentTarget as HTMLInputElement).value)
          }}
        />
      )}
    </Field>
  )

  const point: [number, number] | null =
    radius.centre === 'point' && parseDecimal(radius.lat) !== null && parseDecimal(radius.lon) !== null
      ? [parseDecimal(radius.lon)!, parseDecimal(radius.lat)!]
      : null
  const holder = point ? provinceAt(point) : null
  const holderName = holder ? MAP.provinces.find((p) => p.code === holder)?.name[lang] : null

  return (
    <form ref={form} class="map-typed" onSubmit={submit} noValidate data-testid="map-typed">
      <fieldset>
        <legend>{t(props.tool === 'radius' ? 'map.typed.radius' : 'map.typed.rectangle')}</legend>
        {props.tool === 'radius' ? (
          <div class="map-typed-fields">
            <Field label={t('map.typed.centre')}>
              {({ id }) => (
                <select
                  id={id}
                  name="centre"
                  value={radius.centre}
                  onChange={(e) => {
                    setErrors({})
                    setRadius({ ...radius, centre: (e.currentTarget as HTMLSelectElement).value })
                  }}
                >
                  <option value="point">{t('map.typed.atPoint')}</option>
                  {provinces.map((p) => (
                    <option key={p.code} value={p.code}>
                      {t('map.typed.provinceCentre', { province: p.name[lang] })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {radius.centre === 'point' ? (
              <>
                {input('lat', radius.lat, (lat) => setRadius({ ...radius, lat }), t('map.typed.lat'), t('form.latHint'))}
                {input('lon', radius.lon, (lon) => setRadius({ ...radius, lon }), t('map.typed.lon'), t('form.lonHint'))}
              </>
            ) : null}
            {input('km', radius.km, (km) => setRadius({ ...radius, km }), t('map.typed.km'))}
          </div>
        ) : (
          <div class="map-typed-fields">
            {input('north', rect.north, (north) => setRect({ ...rect, north }), t('map.typed.north'))}
            {input('south', rect.south, (south) => setRect({ ...rect, south }), t('map.typed.south'))}
            {input('west', rect.west, (west) => setRect({ ...rect, west }), t('map.typed.west'))}
            {input('east', rect.east, (east) => setRect({ ...rect, east }), t('map.typed.east'))}
          </div>
        )}
        {props.tool === 'radius' && radius.centre === 'point' ? (
          <p class="hint" aria-live="polite" data-testid="map-typed-province">
            {point ? (holderName ? t('map.typed.inProvince', { province: holderName }) : t('map.typed.outside')) : ''}
          </p>
        ) : null}
        <button type="submit" class="button primary">
          {t(props.tool === 'radius' ? 'map.typed.applyRadius' : 'map.typed.applyRectangle')}
        </button>
      </fieldset>
    </form>
  )
}
