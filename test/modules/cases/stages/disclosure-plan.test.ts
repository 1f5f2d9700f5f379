import t from 'tap'
import { disclosurePlan, LEFT_OUT, type GatheredPerson } from '../../../../server/modules/cases/stages/disclosure-plan.ts'

const person = (pseudonym: string, over: Partial<GatheredPerson['disclosure']> = {}, terms: string[] = []): GatheredPerson => ({
  disclosure: { include: true, id: pseudonym, pseudonym, role: 'witness', identity: null, image: true, withheld: [], ...over },
  terms
})

t.test('who is shown, who is named, and which names leave every text', async (t) => {
  const plan = disclosurePlan('full', [
    {
      id: 'a',
      needToKnow: false,
      persons: [
        person('W-0001', { identity: { name: 'Zarghuna Ahmadi', aliases: ['Zari'] } }, ['Zarghuna Ahmadi', 'Zari']),
        person('W-0002', { withheld: ['no-consent-for-recipient'], image: false }, ['Mohammad Nabi Rahimi']),
        person('S-0001', { include: false, image: false, withheld: ['storage-consent-withdrawn'] }, ['Gulalai Barakzai'])
      ]
    },
    { id: 'c', needToKnow: true, persons: [person('W-0003', { withheld: ['need-to-know'] }, ['Maryam Hashimi'])] }
  ])
  t.same(
    plan.persons.a,
    [
      { pseudonym: 'W-0001', role: 'witness', withheld: [], name: 'Zarghuna Ahmadi', aliases: ['Zari'] },
      { pseudonym: 'W-0002', role: 'witness', withheld: ['no-consent-for-recipient'] }
    ],
    'a person left out is not listed, not even by pseudonym'
  )
  t.same(
    plan.redactions,
    [
      { terms: ['Mohammad Nabi Rahimi'], replacement: 'W-0002' },
      { terms: ['Gulalai Barakzai'], replacement: LEFT_OUT },
      { terms: ['Maryam Hashimi'], replacement: 'W-0003' }
    ],
    'a named person is not redacted; the others are, across incidents'
  )
  t.same(plan.imagesAllowed, { a: false, c: true })
  t.same(
    plan.personImages,
    {
      'W-0001': { pseudonym: 'W-0001', image: true, include: true },
      'W-0002': { pseudonym: 'W-0002', image: false, include: true },
      'S-0001': { pseudonym: 'S-0001', image: false, include: false },
      'W-0003': { pseudonym: 'W-0003', image: true, include: true }
    },
    "each person's image decision by id, for consent per exhibit (a left-out person never counts as consenting)"
  )
  t.same(plan.narrativeWithheld, { a: false, c: false }, 'only the public profile withholds need-to-know narratives')
  t.same(plan.counts, { personsNamed: 1, personsPseudonymised: 2, personsLeftOut: 1 })
})

t.test('the public profile keeps a need-to-know incident to its counts', async (t) => {
  const table: Array<['full' | 'restricted' | 'public', boolean, boolean]> = [
    ['full', true, false],
    ['restricted', true, false],
    ['public', true, true],
    ['public', false, false]
  ]
  for (const [profile, needToKnow, withheld] of table) {
    t.equal(
      disclosurePlan(profile, [{ id: 'x', needToKnow, persons: [] }]).narrativeWithheld.x,
      withheld,
      `${profile}, need-to-know ${needToKnow}`
    )
  }
})

t.test('a need-to-know narrative is withheld in public, and in every profile from a builder who may not read it', async (t) => {
  const table = [
    { profile: 'full', viewerCleared: true, withheld: false },
    { profile: 'restricted', viewerCleared: true, withheld: false },
    { profile: 'public', viewerCleared: true, withheld: true },
    { profile: 'full', viewerCleared: false, withheld: true },
    { profile: 'restricted', viewerCleared: false, withheld: true }
  ] as const
  for (const row of table) {
    const plan = disclosurePlan(row.profile, [
      { id: 'ntk', needToKnow: true, viewerCleared: row.viewerCleared, persons: [] },
      { id: 'open', needToKnow: false, viewerCleared: false, persons: [] }
    ])
    t.same(
      plan.narrativeWithheld,
      { ntk: row.withheld, open: false },
      `${row.profile}, builder ${row.viewerCleared ? 'cleared' : 'not cleared'}`
    )
  }
})
