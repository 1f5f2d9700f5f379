// An area typed with the keyboard becomes the same `near` and `bbox` filters a pointer draws; slips
// (a point outside the country, a radius of nothing, edges the wrong way round) are refused per field.
import t from 'tap'
import { MAP } from '../../../web/src/map/geometry.ts'
import { parseDecimal, radiusFilter, radiusInputOf, rectangleFilter, rectangleInputOf } from '../../../web/src/map/typed-area.ts'

t.test('decimals are read in Latin, Persian and Arabic-Indic digits', async (t) => {
  const cases: [string, number | null][] = [
    ['34.53', 34.53],
    [' 69 ', 69],
    ['۳۴٫۵۳', 34.53],
    ['۳۴.۵۳', 34.53],
    ['٣٤٫٥', 34.5],
    ['34,5', 34.5],
    ['.5', 0.5],
    ['-3', -3],
    ['', null],
    ['34.5.1', null],
    ['34e1', null],
    ['kabul', null],
    ['0x22', null]
  ]
  for (const [text, want] of cases) t.equal(parseDecimal(text), want, JSON.stringify(text))
})

t.test('a radius around typed coordinates or a province centre', async (t) => {
  const ok = (input: Parameters<typeof radiusFilter>[0]): string => {
    const r = radiusFilter(input, MAP.provinces)
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    return r.value
  }
  t.equal(ok({ centre: 'point', lat: '33.72', lon: '66.13', km: '20' }), '33.72,66.13,20', 'Nili, 20 km')
  t.equal(ok({ centre: 'point', lat: '۳۴٫۵۳', lon: '۶۹٫۱۷', km: '۱۰' }), '34.53,69.17,10', 'typed in Dari digits')
  t.equal(ok({ centre: 'AF-BAL', lat: 'ignored', lon: '', km: '30' }), '36.6,66.95,30', "Balkh's centre, as the server places it")
  t.equal(ok({ centre: 'point', lat: '34.123456', lon: '62.2', km: '2.25' }), '34.1235,62.2,2.3', 'rounded sensibly')

  const refused: [Parameters<typeof radiusFilter>[0], Record<string, string>][] = [
    [
      { centre: 'point', lat: '', lon: '', km: '10' },
      { lat: 'badLat', lon: 'badLon' }
    ],
    [
      { centre: 'point', lat: '51.5', lon: '-0.1', km: '10' },
      { lat: 'badLat', lon: 'badLon' }
    ],
    [{ centre: 'point', lat: '34.5', lon: '80', km: '10' }, { lon: 'badLon' }],
    [{ centre: 'point', lat: '34.5', lon: '69', km: '0' }, { km: 'badKm' }],
    [{ centre: 'point', lat: '34.5', lon: '69', km: '2001' }, { km: 'badKm' }],
    [{ centre: 'AF-KAB', lat: '', lon: '', km: 'far' }, { km: 'badKm' }],
    [
      { centre: 'AF-XXX', lat: '', lon: '', km: '10' },
      { lat: 'badLat', lon: 'badLon' }
    ]
  ]
  for (const [input, errors] of refused) {
    const r = radiusFilter(input, MAP.provinces)
    t.same(r, { ok: false, errors }, JSON.stringify(input))
  }
})

t.test('a rectangle by its four edges', async (t) => {
  t.same(rectangleFilter({ north: '35', south: '34', west: '69', east: '70' }), { ok: true, value: '69,34,70,35' })
  t.same(rectangleFilter({ north: '۳۵', south: '۳۴٫۲۵', west: '۶۹', east: '۷۰' }), { ok: true, value: '69,34.25,70,35' })
  t.same(rectangleFilter({ north: '34', south: '35', west: '69', east: '70' }), { ok: false, errors: { north: 'badOrder' } })
  t.same(rectangleFilter({ north: '35', south: '34', west: '70', east: '69' }), { ok: false, errors: { east: 'badOrder' } })
  t.same(
    rectangleFilter({ north: '35', south: '35', west: '69', east: '70' }),
    { ok: false, errors: { north: 'badOrder' } },
    'no empty area'
  )
  t.same(rectangleFilter({ north: '', south: '20', west: '69', east: '99' }), {
    ok: false,
    errors: { north: 'badLat', south: 'badLat', east: 'badLon' }
  })
})

t.test('a filter already in the URL fills the fields back', async (t) => {
  t.same(radiusInputOf('36.6,66.95,30', MAP.provinces), { centre: 'AF-BAL', lat: '', lon: '', km: '30' }, "Balkh's centre")
  t.same(radiusInputOf('33.72,66.13,20', MAP.provinces), { centre: 'point', lat: '33.72', lon: '66.13', km: '20' })
  t.equal(radiusInputOf('33.72,66.13', MAP.provinces), null)
  t.same(rectangleInputOf('69,34,70,35'), { south: '34', north: '35', west: '69', east: '70' })
  t.equal(rectangleInputOf('69,34,x,35'), null)
  // What is typed and what is read back give the same filter.
  const back = radiusInputOf('34.53,69.17,10', MAP.provinces)!
  t.same(radiusFilter(back, MAP.provinces), { ok: true, value: '34.53,69.17,10' })
})
