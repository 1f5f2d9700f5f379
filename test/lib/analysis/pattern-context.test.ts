// The pure rules of a pattern's context and scale: inheritance, age groups, counts and the content hash.
import t from 'tap'
import {
  ageGroupOf,
  assessmentContentSha256,
  incidentContext,
  patternScale,
  type AssessedElement,
  type OverrideReason
} from '../../../server/lib/analysis/pattern-context.ts'
import { admiraltyGrades, evidenceChart } from '../../../server/lib/analysis/evidence-chart.ts'

t.test('age groups: under 18 a child, from 60 an older person, a range across a line unknown', async (t) => {
  const cases: Array<[Parameters<typeof ageGroupOf>[0], string]> = [
    [undefined, 'unknown'],
    [{ at: 'incident', years: 17 }, 'child'],
    [{ at: 'incident', years: 18 }, 'adult'],
    [{ at: 'recording', years: 59 }, 'adult'],
    [{ at: 'recording', years: 60 }, 'older-person'],
    [{ at: 'incident', min: 12, max: 15 }, 'child'],
    [{ at: 'incident', min: 16, max: 20 }, 'unknown'],
    [{ at: 'incident', min: 55, max: 65 }, 'unknown'],
    [{ at: 'incident', min: 65, max: 70 }, 'older-person']
  ]
  for (const [age, group] of cases) t.equal(ageGroupOf(age), group, JSON.stringify(age))
})

t.test(
  'an incident inherits what the pattern assessed unless it overrides it, and elements never assessed read not-assessed',
  async (t) => {
    const pattern = new Map<string, AssessedElement>([
      [
        'part-of-the-attack',
        { element: 'part-of-the-attack', status: 'supported', evidenceIds: ['e1'], assessor: 'user:a', assessedAt: '2026-01-01' }
      ]
    ])
    const overrides = new Map<string, AssessedElement & { reason: OverrideReason }>([
      [
        'knowledge-of-the-attack',
        {
          element: 'knowledge-of-the-attack',
          status: 'not-supported',
          evidenceIds: [],
          assessor: 'user:b',
          assessedAt: '2026-01-02',
          reason: 'knowledge-not-shown'
        }
      ]
    ])
    const out = incidentContext(pattern, overrides)
    t.equal(out.length, 5)
    t.match(
      out.find((e) => e.element === 'part-of-the-attack'),
      { basis: 'inherited', status: 'supported', assessor: 'user:a' }
    )
    t.match(
      out.find((e) => e.element === 'knowledge-of-the-attack'),
      { basis: 'overridden', reason: 'knowledge-not-shown' }
    )
    t.match(
      out.find((e) => e.element === 'widespread-or-systematic'),
      { basis: 'inherited', status: 'not-assessed', assessor: '' }
    )
  }
)

t.test(
  'scale: a victim linked to two incidents counts once; provinces distinct; period from the earliest start to the latest end',
  async (t) => {
    const s = patternScale(
      [
        { id: 'a', province: 'AF-KAB', from: '2023-05-01', to: '2023-05-03' },
        { id: 'b', province: 'AF-HER', from: '2023-01-01', to: '2023-01-01' },
        { id: 'c', province: 'AF-KAB', from: '2023-03-01', to: '2023-09-01' }
      ],
      [
        { personId: 'p1', sex: 'female', age: { at: 'incident', years: 30 } },
        { personId: 'p1', sex: 'female', age: { at: 'incident', years: 30 } },
        { personId: 'p2' }
      ]
    )
    t.same(s, {
      incidents: 3,
      victims: 2,
      victimsBySex: { female: 1, unknown: 1 },
      victimsByAgeGroup: { adult: 1, unknown: 1 },
      provinces: ['AF-HER', 'AF-KAB'],
      period: { from: '2023-01-01', to: '2023-09-01' }
    })
    t.same(
      patternScale([], []),
      { incidents: 0, victims: 0, victimsBySex: {}, victimsByAgeGroup: {}, provinces: [] },
      'no period without members'
    )
  }
)

t.test('the content hash covers every field but not the order of the exhibits', async (t) => {
  const base = {
    id: 'x',
    pattern: 'p',
    element: 'part-of-the-attack' as const,
    status: 'supported' as const,
    evidenceIds: ['e1', 'e2'],
    assessor: 'user:a',
    assessedAt: '2026-01-01T00:00:00.000Z'
  }
  const h = assessmentContentSha256(base)
  t.match(h, /^[0-9a-f]{64}$/)
  t.equal(assessmentContentSha256({ ...base, evidenceIds: ['e2', 'e1'] }), h)
  for (const changed of [
    { status: 'alleged' as const },
    { incident: 'i' },
    { reason: 'nexus-not-shown' as const },
    { evidenceIds: ['e1'] },
    { assessor: 'user:b' },
    { assessedAt: '2026-01-02T00:00:00.000Z' }
  ])
    t.not(assessmentContentSha256({ ...base, ...changed }), h, JSON.stringify(changed))
})

t.test('evidence chart: one row per element × exhibit, grades of the incident sources, status per exhibit', async (t) => {
  t.same(admiraltyGrades([{ reliability: 'C', credibility: 3 }, { reliability: 'B' }, {}, { reliability: 'C', credibility: 3 }]), [
    'B?',
    'C3'
  ])
  const rows = evidenceChart(
    [
      {
        incident: 'I1',
        sources: [{ reliability: 'B', credibility: 2 }],
        links: [
          { category: 'cah-murder', element: 'killing', exhibits: ['E1', 'E2', 'E1'] },
          { category: 'cah-murder', element: 'part-of-the-attack', exhibits: [] }
        ]
      }
    ],
    (e) => (e === 'E1' ? 'verified' : 'none')
  )
  t.same(rows, [
    { incident: 'I1', category: 'cah-murder', element: 'killing', admiralty: ['B2'], exhibit: 'E1', verification: 'verified' },
    { incident: 'I1', category: 'cah-murder', element: 'killing', admiralty: ['B2'], exhibit: 'E2', verification: 'none' },
    { incident: 'I1', category: 'cah-murder', element: 'part-of-the-attack', admiralty: ['B2'], exhibit: null, verification: 'none' }
  ])
})
