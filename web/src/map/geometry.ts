// The offline map's projection and the areas drawn on it (pure: tested without a browser).
import mapData from './afghanistan-map.json' with { type: 'json' }

export type LonLat = [number, number]
export type MapProvince = {
  code: string
  name: { en: string; fa: string; ps: string }
  /** The Natural Earth feature it was drawn from (scripts/map/source/SOURCE.md). */
  ne: { adm1_code: string; code_hasc: string; name: string }
  /** Sanad's centre of the province (server/data/provinces.json): where an incident without coordinates counts. */
  centre: LonLat
  /** Natural Earth's label point. */
  label: LonLat
  area: LonLat[]
}
export const MAP = mapData as unknown as {
  source: string
  licence: string
  toleranceKm: number
  outline: LonLat[]
  provinces: MapProvince[]
}

// An equirectangular projection true at 34°N (the middle of the country): 100 units a degree of latitude.
const SCALE = 100
const KX = Math.cos((34 * Math.PI) / 180)
const WEST = 60.3
const NORTH = 38.6
export const VIEW = { width: Math.round((75.1 - WEST) * KX * SCALE), height: Math.round((NORTH - 29.2) * SCALE) }

export const project = ([lon, lat]: LonLat): [number, number] => [(lon - WEST) * KX * SCALE, (NORTH - lat) * SCALE]
export const unproject = (x: number, y: number): LonLat => [x / (KX * SCALE) + WEST, NORTH - y / SCALE]

export function pathOf(ring: LonLat[]): string {
  return `${ring
    .map((p, i) => {
      const [x, y] = project(p)
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`
    })
    .join('')}Z`
}

const round = (n: number, places: number): string => String(Number(n.toFixed(places)))

/** `minLon,minLat,maxLon,maxLat` of a rectangle drawn between two map points (the API's `bbox`). */
export function bboxOf(a: { x: number; y: number }, b: { x: number; y: number }): string {
  const [lon1, lat1] = unproject(a.x, a.y)
  const [lon2, lat2] = unproject(b.x, b.y)
  return [Math.min(lon1, lon2), Math.min(lat1, lat2), Math.max(lon1, lon2), Math.max(lat1, lat2)].map((n) => round(n, 3)).join(',')
}

/** `lat,lon,km` of a circle from its centre to a point of its edge (the API's `near`); at least 1 km. */
export function nearOf(centre: { x: number; y: number }, edge: { x: number; y: number }): string {
  const [lon, lat] = unproject(centre.x, centre.y)
  return `${round(lat, 3)},${round(lon, 3)},${round(Math.max(1, radiusKm(centre, edge)), 1)}`
}

/** Map units are 1/100 degree of latitude (1.1057 km) both ways. */
export const radiusKm = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.hypot(a.x - b.x, a.y - b.y) * 1.1057

/** The rectangle of a `bbox`, in map units (null when it does not parse). */
export function bboxRect(bbox: string): { x: number; y: number; width: number; height: number } | null {
  const n = bbox.split(',').map(Number)
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) return null
  const [x1, y1] = project([n[0]!, n[3]!])
  const [x2, y2] = project([n[2]!, n[1]!])
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }
}

/** The circle of a `near`, in map units (null when it does not parse). */
export function nearCircle(near: string): { cx: number; cy: number; r: number } | null {
  const n = near.split(',').map(Number)
  if (n.length !== 3 || n.some((v) => !Number.isFinite(v))) return null
  const [cx, cy] = project([n[1]!, n[0]!])
  return { cx, cy, r: n[2]! / 1.1057 }
}

/** Whether a point lies inside a ring (even-odd rule; a point exactly on an edge may go either way). */
export function inRing([x, y]: LonLat, ring: LonLat[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside
  }
  return inside
}

/**
 * The code of the province whose (simplified) shape holds a point, or null outside the country. The
 * projection is linear, so testing longitude/latitude gives the same answer as testing the drawing.
 * Within a few km of a border the simplified line may differ from the true one.
 */
export function provinceAt(point: LonLat, provinces: MapProvince[] = MAP.provinces): string | null {
  return provinces.find((p) => inRing(point, p.area))?.code ?? null
}
