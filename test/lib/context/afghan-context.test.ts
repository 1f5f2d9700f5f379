import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import {
  AFGHANISTAN_BBOX,
  AFGHANISTAN_OUTLINE_MAX_ERROR_KM,
  ICC_JURISDICTION_START,
  ICC_JURISDICTION_START_OTHER_STATES,
  PROVINCES,
  TAXONOMY,
  categoryById,
  isInsideAfghanistan,
  isWithinIccWindow,
  provinceByCode,
  validateTaxonomy
} from '../../../server/lib/context/afghan-context.ts'
import type { Taxonomy } from '../../../server/lib/context/afghan-context.ts'
import { InvalidDateError } from '../../../server/lib/text/solar-hijri.ts'

const referenceIds: string[] = JSON.parse(readFileSync(new URL('../../fixtures/reference-taxonomy-ids.json', import.meta.url), 'utf8')).ids

const ISO_CODES = [
  'AF-BDS',
  'AF-BDG',
  'AF-BGL',
  'AF-BAL',
  'AF-BAM',
  'AF-DAY',
  'AF-FRA',
  'AF-FYB',
  'AF-GHA',
  'AF-GHO',
  'AF-HEL',
  'AF-HER',
  'AF-JOW',
  'AF-KAB',
  'AF-KAN',
  'AF-KAP',
  'AF-KHO',
  'AF-KNR',
  'AF-KDZ',
  'AF-LAG',
  'AF-LOG',
  'AF-NAN',
  'AF-NIM',
  'AF-NUR',
  'AF-PKA',
  'AF-PIA',
  'AF-PAN',
  'AF-PAR',
  'AF-SAM',
  'AF-SAR',
  'AF-TAK',
  'AF-URU',
  'AF-WAR',
  'AF-ZAB'
]
const ARABIC_SCRIPT = /^[\u0600-\u06FF\u200C ]+$/u

t.test('34 provinces with the ISO 3166-2:AF codes', async (t) => {
  t.equal(PROVINCES.length, 34)
  t.equal(new Set(PROVINCES.map((p) => p.code)).size, 34, 'codes are unique')
  t.same([...PROVINCES.map((p) => p.code)].sort(), [...ISO_CODES].sort())
  t.equal(new Set(PROVINCES.map((p) => p.en)).size, 34, 'English names are unique')
  for (const p of PROVINCES) {
    for (const name of [p.fa, p.ps, p.capital.fa, p.capital.ps]) {
      if (!ARABIC_SCRIPT.test(name)) t.fail(`${p.code}: "${name}" is not in Arabic script`)
    }
    if (!p.capital.en) t.fail(`${p.code}: no capital`)
  }
  t.equal(provinceByCode('AF-KAB')?.en, 'Kabul')
  t.equal(provinceByCode('af-bal')?.capital.en, 'Mazar-e-Sharif', 'case-insensitive')
  t.equal(provinceByCode('AF-XXX'), undefined)
  t.ok(Object.isFrozen(PROVINCES) && Object.isFrozen(PROVINCES[0]), 'frozen')
})

t.test('points inside and outside Afghanistan', async (t) => {
  const inside: Array<[string, number, number]> = [
    ['Kabul', 34.53, 69.17],
    ['Herat', 34.35, 62.2],
    ['Mazar-e-Sharif', 36.71, 67.11],
    ['Kandahar', 31.61, 65.71],
    ['Jalalabad', 34.43, 70.45],
    ['Bamyan', 34.82, 67.83],
    ['Fayzabad', 37.12, 70.58],
    ['Lashkar Gah', 31.59, 64.37]
  ]
  const outside: Array<[string, number, number]> = [
    ['Tehran', 35.69, 51.39],
    ['Islamabad', 33.69, 73.04],
    ['Dushanbe', 38.56, 68.77],
    ['Peshawar', 34.01, 71.58],
    ['Quetta', 30.18, 67.0],
    ['Mashhad', 36.3, 59.6],
    ['Ashgabat', 37.95, 58.38],
    ['Tashkent', 41.3, 69.24],
    ['Null Island', 0, 0]
  ]
  for (const [name, lat, lon] of inside) t.ok(isInsideAfghanistan(lat, lon), `${name} is inside`)
  for (const [name, lat, lon] of outside) t.notOk(isInsideAfghanistan(lat, lon), `${name} is outside`)
  for (const p of PROVINCES) {
    if (!isInsideAfghanistan(p.centroid.lat, p.centroid.lon)) t.fail(`${p.code} centroid is outside the outline`)
  }
  t.notOk(isInsideAfghanistan(Number.NaN, 69), 'NaN is not inside')
  t.notOk(isInsideAfghanistan(69.17, 34.53), 'swapped lat/lon is caught')
  t.ok(AFGHANISTAN_OUTLINE_MAX_ERROR_KM <= 20)
})

t.test('property: nothing outside the bounding box is inside', async () => {
  const b = AFGHANISTAN_BBOX
  const lat = fc.double({ min: -90, max: 90, noNaN: true })
  const lon = fc.double({ min: -180, max: 180, noNaN: true })
  fc.assert(
    fc.property(lat, lon, (la, lo) => {
      const inBox = la >= b.minLat && la <= b.maxLat && lo >= b.minLon && lo <= b.maxLon
      return inBox || !isInsideAfghanistan(la, lo)
    }),
    { numRuns: 5000 }
  )
})

t.test('taxonomy: required ids, labels and references', async (t) => {
  const required = [
    'cah-murder',
    'cah-extermination',
    'cah-deportation-forcible-transfer',
    'cah-imprisonment',
    'cah-torture',
    'cah-persecution-gender',
    'cah-persecution-religious',
    'cah-persecution-ethnic',
    'cah-enforced-disappearance',
    'hr-land-property-seizure'
  ]
  for (const id of [...required, ...referenceIds]) {
    const c = categoryById(id)
    if (c === undefined) {
      t.fail(`missing ${id}`)
      continue
    }
    if (!ARABIC_SCRIPT.test(c.labels.fa.replace(/[()،,\-\d۰-۹]/g, ''))) t.fail(`${id}: fa label not in Arabic script`)
    if (!ARABIC_SCRIPT.test(c.labels.ps.replace(/[()،,\-\d۰-۹]/g, ''))) t.fail(`${id}: ps label not in Arabic script`)
  }
  t.equal(categoryById('no-such-thing'), undefined)
  t.same(validateTaxonomy(TAXONOMY), [], 'all cross-references resolve')

  const groups = new Set(TAXONOMY.groups.map((g) => g.id))
  for (const c of TAXONOMY.categories) {
    if (!groups.has(c.group)) t.fail(`${c.id}: group ${c.group} does not exist`)
    if (c.elements.length === 0) t.fail(`${c.id}: no elements`)
    if (!c.description.en) t.fail(`${c.id}: no description`)
  }
  for (const g of TAXONOMY.groups) t.ok(g.labels.fa && g.labels.ps, `group ${g.id} has fa and ps labels`)
  t.equal(categoryById('cah-murder')?.romeStatute, 'Art. 7(1)(a)')
  t.equal(categoryById('cah-persecution-gender')?.parent, 'cah-persecution')
})

t.test('taxonomy: contextual elements sit with the pattern, not the incident', async (t) => {
  const murder = categoryById('cah-murder')
  t.ok(murder)
  const contextual = new Set(murder?.elements.filter((e) => e.contextual).map((e) => e.id))
  t.ok(contextual.has('attack-on-civilian-population'))
  t.ok(contextual.has('state-or-organisational-policy'))
  t.ok(contextual.has('knowledge-of-the-attack'))
  t.notOk(contextual.has('killing'), 'the killing itself is an incident element')
  for (const c of TAXONOMY.categories.filter((c) => c.group === 'crimes-against-humanity')) {
    if (!c.elements.some((e) => e.id === 'attack-on-civilian-population' && e.contextual)) t.fail(`${c.id} lacks the attack element`)
  }
  for (const c of TAXONOMY.categories.filter((c) => c.group === 'war-crimes')) {
    if (!c.elements.some((e) => e.id === 'armed-conflict-nexus' && e.contextual)) t.fail(`${c.id} lacks the nexus element`)
  }
})

t.test('taxonomy: every roadmap area is covered; gender apartheid maps to gender persecution', async (t) => {
  const roadmap = [
    'massacre',
    'targeted-killing',
    'gender-persecution',
    'gender-apartheid',
    'religious-persecution',
    'ethnic-persecution',
    'forced-displacement',
    'land-seizure',
    'detention',
    'torture',
    'enforced-disappearance',
    'sexual-violence',
    'war-crimes-niac',
    'judicial-impunity'
  ]
  for (const tag of roadmap) {
    t.ok(TAXONOMY.tags.find((x) => x.id === tag)?.roadmap, `${tag} is a roadmap tag`)
    t.ok(
      TAXONOMY.categories.some((c) => c.tags.includes(tag)),
      `${tag} is used`
    )
  }
  const ga = TAXONOMY.tags.find((x) => x.id === 'gender-apartheid')
  t.same(ga?.mapsTo, ['cah-persecution-gender'])
  const gp = categoryById('cah-persecution-gender')
  t.ok(gp?.tags.includes('gender-apartheid'))
  t.match(gp?.description.en, /not a crime under the Rome Statute/)
  t.equal(categoryById('gender-apartheid')?.romeStatute, null, 'not chargeable')
  t.ok(categoryById('cah-persecution-ethnic')?.description.en.includes('Hazara'))
})

t.test('validateTaxonomy reports broken references', async (t) => {
  const broken: Taxonomy = {
    version: 1,
    groups: [{ id: 'g', labels: { en: 'G', fa: 'گ', ps: 'ګ' } }],
    tags: [{ id: 'x', labels: { en: 'X', fa: 'x', ps: 'x' }, roadmap: false, mapsTo: ['gone'] }],
    categories: [
      {
        id: 'a',
        romeStatute: null,
        group: 'nope',
        labels: { en: 'A', fa: '', ps: 'ا' },
        description: { en: 'a' },
        elements: [
          { id: 'Bad Id', labels: { en: 'e' }, contextual: false },
          { id: 'ok', labels: { en: 'e' }, contextual: false },
          { id: 'ok', labels: { en: 'e' }, contextual: false }
        ],
        tags: ['y'],
        parent: 'p',
        related: ['r']
      },
      { id: 'a', romeStatute: null, group: 'g', labels: { en: 'A', fa: 'ا', ps: 'ا' }, description: { en: 'a' }, elements: [], tags: [] }
    ]
  }
  const problems = validateTaxonomy(broken).join('\n')
  for (const needle of [
    'duplicate category id a',
    'unknown group nope',
    'unknown parent p',
    'unknown related r',
    'unknown tag y',
    'not kebab-case',
    'duplicate element ok',
    'missing fa label',
    'unknown category gone'
  ]) {
    t.ok(problems.includes(needle), needle)
  }
})

t.test('ICC jurisdiction window', async (t) => {
  t.equal(ICC_JURISDICTION_START, '2003-05-01')
  t.equal(ICC_JURISDICTION_START_OTHER_STATES, '2002-07-01')
  t.notOk(isWithinIccWindow('2003-04-30'))
  t.ok(isWithinIccWindow('2003-05-01'))
  t.ok(isWithinIccWindow('2021-08-15'))
  t.ok(isWithinIccWindow('2021-08-15T10:00:00Z'), 'a timestamp uses its date')
  t.ok(isWithinIccWindow('۲۰۲۱-۰۸-۱۵'), 'Persian digits')
  t.ok(isWithinIccWindow('2003-05'), 'partial month that reaches the start')
  t.notOk(isWithinIccWindow('2003-04'))
  t.ok(isWithinIccWindow('2003'), 'a year that could be inside')
  t.notOk(isWithinIccWindow('2002'))
  t.notOk(isWithinIccWindow('1996-09-27'), 'first Taliban takeover')
  t.ok(isWithinIccWindow('2002-07-01', { otherStateParty: true }), 'linked crimes abroad start earlier')
  t.notOk(isWithinIccWindow('2002-06-30', { otherStateParty: true }))
  for (const bad of ['', 'yesterday', '2021-13-01', '2021-02-29', '2021-04-31', '21-08-15']) {
    t.throws(() => isWithinIccWindow(bad), InvalidDateError, JSON.stringify(bad))
  }
  t.ok(isWithinIccWindow('2024-02-29'), 'leap day')
})
