import { sql, type SQL } from 'drizzle-orm'
import { PROVINCES } from '../../lib/context/afghan-context.ts'
import { fail } from '../../errors.ts'

/** An area of the map: a drawn rectangle or a radius around a point. */
export type GeoArea =
  | { kind: 'bbox'; minLon: number; minLat: number; maxLon: number; maxLat: number }
  | { kind: 'near'; lat: number; lon: number; km: number }

const KM_PER_DEGREE_LAT = 110.57
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32
export const MAX_RADIUS_KM = 2000

/** `minLon,minLat,maxLon,maxLat` (the schema checked the shape; this checks the sense). */
export function parseBbox(text: string): GeoArea {
  const [minLon, minLat, maxLon, maxLat] = text.split(',').map(Number) as [number, number, number, number]
  if (
    !(minLon < maxLon && minLat < maxLat) ||
    Math.abs(minLat) > 90 ||
    Math.abs(maxLat) > 90 ||
    Math.abs(minLon) > 180 ||
    Math.abs(maxLon) > 180
  )
    fail('SANAD_ERR_VALIDATION', 'bbox is minLon,minLat,maxLon,maxLat with min below max', { field: 'bbox' })
  return { kind: 'bbox', minLon, minLat, maxLon, maxLat }
}

/** `lat,lon,km`. */
export function parseNear(text: string): GeoArea {
  const [lat, lon, km] = text.split(',').map(Number) as [number, number, number]
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || !(km > 0) || km > MAX_RADIUS_KM)
    fail('SANAD_ERR_VALIDATION', `near is lat,lon,km with 0 < km <= ${MAX_RADIUS_KM}`, { field: 'near' })
  return { kind: 'near', lat, lon, km }
}

/**
 * Where an incident is for the map: its coordinates when recorded, else its province's centre (the
 * centres are hand-estimated, ±25 km: good enough to count incidents in a drawn area).
 */
function position(document: SQL, province: SQL): { lat: SQL; lon: SQL } {
  const centre = (axis: 'lat' | 'lon'): SQL =>
    sql`CASE ${province} ${sql.join(
      PROVINCES.map((p) => sql`WHEN ${p.code} THEN ${p.centroid[axis]}`),
      sql` `
    )} END`
  return {
    lat: sql`COALESCE(json_extract(${document}, '$.location.lat'), ${centre('lat')})`,
    lon: sql`COALESCE(json_extract(${document}, '$.location.lon'), ${centre('lon')})`
  }
}

/** The SQL condition "this incident lies in the area" (a flat-earth distance: fine at a country's scale). */
export function areaCondition(area: GeoArea, document: SQL, province: SQL): SQL {
  const { lat, lon } = position(document, province)
  if (area.kind === 'bbox')
    return sql`(${lat} BETWEEN ${area.minLat} AND ${area.maxLat} AND ${lon} BETWEEN ${area.minLon} AND ${area.maxLon})`
  const kx = KM_PER_DEGREE_LON_AT_EQUATOR * Math.cos((area.lat * Math.PI) / 180)
  const dx = sql`((${lon} - ${area.lon}) * ${kx})`
  const dy = sql`((${lat} - ${area.lat}) * ${KM_PER_DEGREE_LAT})`
  return sql`(${dx} * ${dx} + ${dy} * ${dy} <= ${area.km * area.km})`
}
