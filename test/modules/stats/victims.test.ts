// Stats in victims as well as incidents: sums of the incidents' victim counts, nothing else.
import t from 'tap'
import { testApp, incidentInput, asRole, accountFor, clearFor } from '../../helpers/app.ts'

t.test('GET /stats/victims sums the victim counts by sex, age group, province and month; retracted incidents are left out', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const post = async (over: Record<string, unknown>): Promise<string> => {
    const res = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput(over) })
    if (res.statusCode !== 201) throw new Error(res.body)
    return res.json().id
  }
  await post({
    location: { province: 'AF-KAB' },
    occurred: { from: '2023-05-02' },
    victims: { count: 7, killed: 3, injured: 4, bySex: { female: 4, male: 3 }, byAgeGroup: { child: 2, adult: 5 } }
  })
  await post({ location: { province: 'AF-HER' }, occurred: { from: '2023-05-20' }, victims: { count: 2, bySex: { male: 2, female: 0 } } })
  await post({ location: { province: 'AF-HER' }, occurred: { from: '2024-01-01' } })
  const gone = await post({ location: { province: 'AF-BAL' }, victims: { count: 100, bySex: { female: 100 } } })
  const retracted = await app.inject({
    headers,
    method: 'POST',
    url: `/api/v1/incidents/${gone}/retract`,
    payload: { reason: 'Entered twice by mistake' }
  })
  t.equal(retracted.statusCode, 200, retracted.body)

  const res = await app.inject({ headers: await asRole(app, 'auditor'), url: '/api/v1/stats/victims' })
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json(), {
    total: 9,
    killed: 3,
    injured: 4,
    incidentsWithoutCount: 1,
    bySex: { female: 4, male: 5 },
    byAgeGroup: { adult: 5, child: 2 },
    byProvince: { 'AF-HER': 2, 'AF-KAB': 7 },
    byMonth: { '2023-05': 9 }
  })
  const anonymous = await app.inject({ url: '/api/v1/stats/victims' })
  t.equal(anonymous.statusCode, 401)
})

t.test('a need-to-know incident counts in the victim statistics only for its recorder and the cleared', async (t) => {
  const app = await testApp(t)
  const recorder = await asRole(app, 'documenter')
  await app.inject({
    headers: recorder,
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ victims: { count: 2, bySex: { male: 2 } } })
  })
  const ntk = await app.inject({
    headers: recorder,
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({
      location: { province: 'AF-BAM' },
      occurred: { from: '2022-06-01' },
      categories: ['cah-sexual-violence-other'],
      victims: { count: 1, bySex: { female: 1 }, byAgeGroup: { child: 1 } }
    })
  })
  t.equal(ntk.statusCode, 201, ntk.body)
  const stats = async (headers: Record<string, string>) => {
    const { total, bySex, byAgeGroup, byProvince } = (await app.inject({ headers, url: '/api/v1/stats/victims' })).json()
    return { total, bySex, byAgeGroup, byProvince }
  }

  // Anyone else would read the lone Bamyan incident's female child victim off the sums.
  const without = { total: 2, bySex: { male: 2 }, byAgeGroup: {}, byProvince: { 'AF-GHA': 2 } }
  for (const role of ['reviewer', 'legal', 'auditor', 'admin'] as const) {
    t.same(await stats(await asRole(app, role)), without, `${role} (not cleared)`)
  }
  const all = { total: 3, bySex: { female: 1, male: 2 }, byAgeGroup: { child: 1 }, byProvince: { 'AF-BAM': 1, 'AF-GHA': 2 } }
  t.same(await stats(recorder), all, 'its recorder')
  const legal = await accountFor(app, 'legal')
  await clearFor(app, legal.id, ntk.json().id)
  t.same(await stats(await asRole(app, 'legal')), all, 'a legal liaison cleared for it')
})
