// Province names on the map: never drawn over each other or under a count, and a province with
// incidents is named (under or above its dot) unless dots crowd it out, in each language.
import t from 'tap'
import { MAP, project } from '../../../web/src/map/geometry.ts'
import { labelsOverlap, placeLabels } from '../../../web/src/map/label-placement.ts'

const inputs = (lang: 'en' | 'fa' | 'ps', counts: Record<string, number>) =>
  MAP.provinces.map((p) => {
    const n = counts[p.code] ?? 0
    return {
      code: p.code,
      text: p.name[lang],
      at: project(p.centre),
      label: project(p.label),
      count: n,
      dotRadius: n ? 10 + 16 * Math.sqrt(n / 10) : 0
    }
  })

const SEARCHES: Record<string, Record<string, number>> = {
  none: {},
  'the browser tests': { 'AF-KAB': 1, 'AF-HER': 1, 'AF-BAL': 1, 'AF-DAY': 1 },
  'the crowded east': { 'AF-KAB': 10, 'AF-KAP': 3, 'AF-PAR': 2, 'AF-PAN': 1, 'AF-LAG': 4, 'AF-LOG': 5, 'AF-NAN': 7 },
  everywhere: Object.fromEntries(MAP.provinces.map((p, i) => [p.code, 1 + (i % 10)]))
}

for (const lang of ['en', 'fa', 'ps'] as const) {
  for (const [name, counts] of Object.entries(SEARCHES)) {
    t.test(`${lang}, ${name}`, async (t) => {
      const all = inputs(lang, counts)
      const placed = placeLabels(all)
      for (let i = 0; i < placed.length; i++)
        for (let j = i + 1; j < placed.length; j++)
          t.notOk(labelsOverlap(placed[i]!, placed[j]!), `${placed[i]!.code} and ${placed[j]!.code} apart`)
      const counted = Object.keys(counts).sort()
      const named = placed.filter((l) => l.counted).map((l) => l.code)
      if (name === 'the browser tests') t.same(named.sort(), counted, 'every province with incidents is named')
      else t.ok(named.length >= counted.length * 0.5, `${named.length} of ${counted.length} provinces with incidents named`)
      for (const l of placed) {
        for (const d of all.filter((p) => p.count > 0 && p.code !== l.code)) {
          const dx = Math.abs(l.x - d.at[0])
          const dy = l.y - d.at[1]
          t.notOk(dx < d.dotRadius && dy > -d.dotRadius && dy < d.dotRadius + 19, `${l.code}'s name is not under ${d.code}'s dot`)
        }
      }
      if (name === 'none') t.ok(placed.length >= 30, `${placed.length} of 34 named on an empty map`)
      t.comment(
        `${lang}, ${name}: left out ${
          all
            .filter((p) => !placed.some((l) => l.code === p.code))
            .map((p) => p.code)
            .join(' ') || 'none'
        }`
      )
    })
  }
}
