// Find and see: victims' sex and age group, an area of the map (rectangle or radius), the map's
// counts by province, and the CSV export of such a search; need-to-know incidents stay hidden.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'

async function record(app: FastifyInstance, headers: Record<string, string>, overrides: Record<string, unknown>): Promise<string> {
  const res = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function seed(app: FastifyInstance) {
  const author = await asRole(app, 'documenter')
  // Kabul with its own coordinates; Herat placed by its province centre (34.3, 62.35); Ghazni likewise.
  const kabul = await record(app, author, {
    categories: ['wc-attack-civilians'],
    location: { province: 'AF-KAB', lat: 34.53, lon: 69.17 },
    victims: { count: 5, bySex: { female: 3, male: 2 }, byAgeGroup: { child: 2, adult: 3 } }
  })
  const herat = await record(app, author, {
    categories: ['cah-imprisonment'],
    location: { province: 'AF-HER' },
    victims: { count: 1, bySex: { male: 1 }, byAgeGroup: { adult: 1 } }
  })
  const ghazni = await record(app, author, { categories: ['cah-murder'], location: { province: 'AF-GHA' } })
  // Need-to-know (sexual violence), in Kabul, with a female child victim.
  const secret = await record(app, author, {
    categories: ['cah-sexual-violence-other'],
    location: { province: 'AF-KAB', lat: 34.52, lon: 69.18 },
    victims: { count: 1, bySex: { female: 1 }, byAgeGroup: { child: 1 } }
  })
  return { author, kabul, herat, ghazni, secret }
}

const idsOf = async (app: FastifyInstance, headers: Record<string, string>, qs: string): Promise<string[]> => {
  const res = await app.inject({ headers, url: `/api/v1/incidents?${qs}` })
  if (res.statusCode !== 200) throw new Error(`${qs}: ${res.body}`)
  return res
    .json()
    .items.map((i: { id: string }) => i.id)
    .sort()
}

// One registry for every case (each test app costs seconds): the searches only read it.
t.test('find and map', async (t) => {
  const app = await testApp(t)
  const { author, kabul, herat, ghazni, secret } = await seed(app)

  t.test("victimSex and victimAge find incidents by their victims' counts, and combine", async (t) => {
    t.same(await idsOf(app, author, 'victimSex=female'), [kabul, secret].sort(), 'the recorder reads their own need-to-know incident')
    t.same(await idsOf(app, author, 'victimSex=male'), [kabul, herat].sort())
    t.same(await idsOf(app, author, 'victimAge=child'), [kabul, secret].sort())
    t.same(await idsOf(app, author, 'victimSex=male&victimAge=adult&province=AF-HER'), [herat])
    const bad = await app.inject({ headers: author, url: '/api/v1/incidents?victimAge=baby' })
    t.equal(bad.statusCode, 400)
    t.equal(bad.json().code, 'SANAD_ERR_VALIDATION')
  })

  t.test('insider: a search by victims or by area does not reveal a need-to-know incident to whom may not read it', async (t) => {
    const other = await asRole(app, 'legal')
    t.same(await idsOf(app, other, 'victimSex=female'), [kabul], 'the need-to-know incident is not a match for another account')
    t.same(await idsOf(app, other, 'near=34.52,69.18,5'), [kabul], 'nor is its position')
    t.same(await idsOf(app, other, 'bbox=69,34,70,35'), [kabul])
    const counts = await app.inject({ headers: other, url: '/api/v1/incidents/by-province?near=34.52,69.18,5' })
    t.same(counts.json(), { total: 1, provinces: [{ province: 'AF-KAB', count: 1 }] })
  })

  t.test('bbox and near find incidents by their coordinates, or by their province centre when they have none', async (t) => {
    t.same(await idsOf(app, author, 'bbox=60,33,64,35.5'), [herat], 'Herat placed at its province centre')
    t.same(await idsOf(app, author, 'bbox=69,34,70,35'), [kabul, secret].sort(), 'Kabul by its coordinates')
    t.same(await idsOf(app, author, 'near=34.5,69.2,10'), [kabul, secret].sort(), 'within 10 km of Kabul')
    t.same(await idsOf(app, author, 'near=33.4,67.95,30'), [ghazni], 'Ghazni by its centre')
    t.same(await idsOf(app, author, 'near=34.5,69.2,200'), [ghazni, kabul, secret].sort(), 'Ghazni centre is ~150 km from Kabul')
    for (const qs of ['bbox=70,34,69,35', 'bbox=1,2,3', 'near=34.5,69.2,0', 'near=34.5,69.2,5000', 'near=Kabul']) {
      const res = await app.inject({ headers: author, url: `/api/v1/incidents?${qs}` })
      t.equal(res.statusCode, 400, qs)
      t.equal(res.json().code, 'SANAD_ERR_VALIDATION', qs)
    }
  })

  t.test('GET /incidents/by-province counts the same search by province', async (t) => {
    const all = await app.inject({ headers: author, url: '/api/v1/incidents/by-province' })
    t.equal(all.statusCode, 200, all.body)
    t.same(all.json(), {
      total: 4,
      provinces: [
        { province: 'AF-GHA', count: 1 },
        { province: 'AF-HER', count: 1 },
        { province: 'AF-KAB', count: 2 }
      ]
    })
    const legal = await asRole(app, 'legal')
    const themed = await app.inject({ headers: legal, url: '/api/v1/incidents/by-province?group=crimes-against-humanity&victimAge=adult' })
    t.same(themed.json(), { total: 1, provinces: [{ province: 'AF-HER', count: 1 }] })
    const none = await app.inject({ url: '/api/v1/incidents/by-province' })
    t.equal(none.statusCode, 401, 'only for signed-in readers')
  })

  t.test('the CSV export takes the new filters and records their names only', async (t) => {
    const legal = await asRole(app, 'legal')
    const res = await app.inject({ headers: legal, url: '/api/v1/incidents/export.csv?victimSex=female&near=34.5,69.2,25' })
    t.equal(res.statusCode, 200, res.body)
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    t.equal(lines.length, 2, 'a header and the one readable incident')
    t.ok(lines[1]?.includes(kabul))
    const entry = app.ledger.subjectEntries('incident-export', String(res.headers['x-sanad-export-id'])).at(-1)?.entry as unknown as {
      details: Record<string, unknown>
    }
    t.same(entry.details.filters, ['victimSex', 'near'], 'which filters, never their values')
  })
})
