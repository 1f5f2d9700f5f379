// An area typed instead of drawn (the keyboard's way to the map's `near` and `bbox` filters): pure,
// table-tested in test/web/map/typed-area.test.ts.
import { toLatinDigits } from '../lib/dates.ts'
import type { MapProvince } from './geometry.ts'

/** Afghanistan's box with a margin: a typed point outside it is a slip, not a search. */
export const LAT = { min: 29, max: 39 }
export const LON = { min: 60, max: 75.5 }
export const KM = { min: 1, max: 2000 } // the API's MAX_RADIUS_KM

export type RadiusInput = { centre: string; lat: string; lon: string; km: string }
export type RectangleInput = { south: string; north: string; west: string; east: string }
export type TypedError = 'badLat' | 'badLon' | 'badKm' | 'badOrder'
type Result<F extends string> = { ok: true; value: string } | { ok: false; errors: Partial<Record<F, TypedError>> }

/** A decimal number typed in Latin, Persian or Arabic-Indic digits, with `.`, `٫` or `,` as the point. */
export function parseDecimal(text: string): number | null {
  const s = toLatinDigits(text.trim()).replace(/[٫,]/g, '.')
  if (!/^-?\d+(\.\d+)?$|^-?\.\d+$/.test(s)) return null
  return Number(s)
}

const within = (n: number | null, r: { min: number; max: number }): n is number => n !== null && n >= r.min && n <= r.max
const fmt = (n: number, places: number): string => String(Number(n.toFixed(places)))

/**
 * The `near` filter (`lat,lon,km`) for a radius around a province's centre (`centre` is its code) or
 * around typed coordinates (`centre` is `point`).
 */
export function radiusFilter(input: RadiusInput, provinces: MapProvince[]): Result<'lat' | 'lon' | 'km'> {
  const errors: Partial<Record<'lat' | 'lon' | 'km', TypedError>> = {}
  let lat: number | null = null
  let lon: number | null = null
  const province = provinces.find((p) => p.code === input.centre)
  if (province) [lon, lat] = province.centre
  else {
    lat = parseDecimal(input.lat)
    lon = parseDecimal(input.lon)
    if (!within(lat, LAT)) errors.lat = 'badLat'
    if (!within(lon, LON)) errors.lon = 'badLon'
  }
  const km = parseDecimal(input.km)
  if (!within(km, KM)) errors.km = 'badKm'
  if (Object.keys(errors).length || lat === null || lon === null || km === null) return { ok: false, errors }
  return { ok: true, value: `${fmt(lat, 4)},${fmt(lon, 4)},${fmt(km, 1)}` }
}

/** The `bbox` filter (`minLon,minLat,maxLon,maxLat`) for a rectangle given by its four edges. */
export function rectangleFilter(input: RectangleInput): Result<'south' | 'north' | 'west' | 'east'> {
  const errors: Partial<Record<'south' | 'north' | 'west' | 'east', TypedError>> = {}
  const south = parseDecimal(input.south)
  const north = parseDecimal(input.north)
  const west = parseDecimal(input.west)
  const east = parseDecimal(input.east)
  if (!within(south, LAT)) errors.south = 'badLat'
  if (!within(north, LAT)) errors.north = 'badLat'
  if (!within(west, LON)) errors.west = 'badLon'
  if (!within(east, LON)) errors.east = 'badLon'
  if (Object.keys(errors).length || south === null || north === null || west === null || east === null) return { ok: false, errors }
  if (!(south < north)) return { ok: false, errors: { north: 'badOrder' } }
  if (!(west < east)) return { ok: false, errors: { east: 'badOrder' } }
  return { ok: true, value: [west, south, east, north].map((n) => fmt(n, 4)).join(',') }
}

/** The typed form of a `near` already in the URL: a province's centre when it is one, else the point. */
export function radiusInputOf(near: string, provinces: MapProvince[]): RadiusInput | null {
  const n = near.split(',').map(Number)
  if (n.length !== 3 || n.some((v) => !Number.isFinite(v))) return null
  const [lat, lon, km] = n as [number, number, number]
  const province = provinces.find((p) => Math.abs(p.centre[1] - lat) < 1e-6 && Math.abs(p.centre[0] - lon) < 1e-6)
  return province
    ? { centre: province.code, lat: '', lon: '', km: String(km) }
    : { centre: 'point', lat: String(lat), lon: String(lon), km: String(km) }
}

/** The typed form of a `bbox` already in the URL. */
export function rectangleInputOf(bbox: string): RectangleInput | null {
  const n = bbox.split(',').map(Number)
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) return null
  const [west, south, east, north] = n.map(String) as [string, string, string, string]
  return { south, north, west, east }
}
