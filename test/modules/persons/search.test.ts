import t from 'tap'
import { testApp, asRole, asUsername, accountFor, clearFor, incidentInput, TEST_PASSWORD } from '../../helpers/app.ts'

type App = Awaited<ReturnType<typeof testApp>>
type Headers = Record<string, string>
type Found = { id: string; pseudonym: string; roles: string[]; incidents: Array<{ incidentId: string; reference: string; role: string }> }

async function incident(app: App, headers: Headers, overrides: Record<string, unknown> = {}): Promise<{ id: string; reference: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function person(
  app: App,
  headers: Headers,
  incidentId: string,
  payload: Record<string, unknown>
): Promise<{ id: string; pseudonym: string }> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/persons`, headers, payload })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function search(app: App, headers: Headers, query: string): Promise<{ status: number; body: string; items: Found[] }> {
  const res = await app.inject({ url: `/api/v1/persons?${query}`, headers })
  return { status: res.statusCode, body: res.body, items: res.statusCode === 200 ? res.json().items : [] }
}

/** A second documenter: an ordinary colleague who recorded none of the persons. */
async function colleague(app: App): Promise<Headers> {
  await app.users.create({ username: 'colleague', password: TEST_PASSWORD, role: 'documenter' }, 'system')
  return await asUsername(app, 'colleague')
}

t.test('a witness in two incidents is found by her pseudonym, with both incidents and roles, and nothing identifying', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const first = await incident(app, doc)
  const second = await incident(app, doc, { title: 'Arrest of a teacher', categories: ['cah-imprisonment'] })
  const w = await person(app, doc, first.id, {
    role: 'witness',
    name: 'Zarghuna Ahmadi',
    contacts: [{ type: 'phone', value: '+93 700 555 111' }],
    notes: 'Lives behind the Jaghori bazaar'
  })
  const v = await person(app, doc, first.id, { role: 'victim', name: 'Ahmad Karimi' })
  const linked = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${second.id}/persons`,
    headers: doc,
    payload: { personId: w.id, role: 'victim' }
  })
  t.equal(linked.statusCode, 201)
  const ledgerBefore = app.ledger.size()

  const exact = await search(app, doc, `pseudonym=${w.pseudonym}`)
  t.equal(exact.status, 200, exact.body)
  t.same(exact.items, [
    {
      id: w.id,
      pseudonym: w.pseudonym,
      roles: ['witness', 'victim'],
      incidents: [
        { incidentId: first.id, reference: first.reference, role: 'witness' },
        { incidentId: second.id, reference: second.reference, role: 'victim' }
      ]
    }
  ])
  for (const secret of ['Zarghuna', 'Ahmadi', '700 555', 'bazaar', 'Karimi']) t.notOk(exact.body.includes(secret), `no "${secret}"`)

  const series = await search(app, doc, 'pseudonym=v')
  t.same(
    series.items.map((p) => p.pseudonym),
    [v.pseudonym],
    'the series letter in lower case finds the victims, not the witness linked as a victim'
  )
  const prefix = await search(app, doc, 'pseudonym=W-00')
  t.same(
    prefix.items.map((p) => p.id),
    [w.id]
  )
  t.same((await search(app, doc, 'pseudonym=W-9999')).items, [], 'no match is an empty list')
  t.equal(app.ledger.size(), ledgerBefore, 'a search decrypts nothing, so records no reading')
})

t.test('the search takes a pseudonym and nothing else: names, wildcards and unknown parameters are 400', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const inc = await incident(app, doc)
  await person(app, doc, inc.id, { role: 'witness', name: 'Zarghuna Ahmadi' })
  for (const q of [
    '',
    'pseudonym=Zarghuna',
    'pseudonym=W%25',
    'pseudonym=W_',
    'pseudonym=W-00&name=Zarghuna',
    'pseudonym=W&limit=51',
    'q=W'
  ])
    t.equal((await search(app, doc, q)).status, 400, q)
  t.equal((await search(app, await asRole(app, 'admin'), 'pseudonym=W')).status, 403, 'admins see no records')
  t.equal((await app.inject({ url: '/api/v1/persons?pseudonym=W' })).statusCode, 401)
})

t.test('the limit bounds the answer, oldest first, and the whole pseudonym comes first', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const inc = await incident(app, doc)
  const made = []
  for (let i = 0; i < 4; i++) made.push(await person(app, doc, inc.id, { role: 'source', name: `Source ${i}` }))
  t.same(
    (await search(app, doc, 'pseudonym=S&limit=2')).items.map((p) => p.id),
    made.slice(0, 2).map((p) => p.id)
  )
  t.equal((await search(app, doc, `pseudonym=${made[3]?.pseudonym}`)).items[0]?.id, made[3]?.id)
})

t.test('an uncleared colleague finds nobody under need-to-know, and no link to an incident she may not read', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const other = await colleague(app)
  const ntk = await incident(app, doc, { title: 'Detention of a teacher', categories: ['cah-sexual-violence-other'] })
  const open = await incident(app, doc)
  const ntkWitness = await person(app, doc, ntk.id, { role: 'witness', name: 'Maryam Hashimi' })
  const sensitive = await person(app, doc, open.id, { role: 'witness', name: 'Zarghuna Ahmadi', sensitive: true })
  const plain = await person(app, doc, open.id, { role: 'witness', name: 'Ahmad Karimi' })

  const recorderSees = await search(app, doc, 'pseudonym=W')
  t.same(
    recorderSees.items.map((p) => p.id),
    [ntkWitness.id, sensitive.id, plain.id],
    'the recorder finds all three'
  )

  for (const p of [ntkWitness, sensitive]) {
    const res = await search(app, other, `pseudonym=${p.pseudonym}`)
    t.equal(res.status, 200)
    t.same(res.items, [], `${p.pseudonym}: nothing, not even that she exists`)
  }
  const all = await search(app, other, 'pseudonym=W')
  t.same(
    all.items.map((p) => p.id),
    [plain.id],
    'only the witness of the ordinary incident'
  )
  t.notOk(all.body.includes(ntk.id) || all.body.includes(ntk.reference), 'the need-to-know incident is not named')

  // The plain witness linked into the need-to-know incident becomes need-to-know everywhere: gone from her search too.
  const linked = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${ntk.id}/persons`,
    headers: doc,
    payload: { personId: plain.id, role: 'victim' }
  })
  t.equal(linked.statusCode, 201)
  t.same((await search(app, other, 'pseudonym=W')).items, [])

  // Cleared for the need-to-know incident, she finds its witness with both incidents.
  const legal = await asRole(app, 'legal')
  await clearFor(app, (await accountFor(app, 'legal')).id, ntk.id)
  const cleared = await search(app, legal, `pseudonym=${plain.pseudonym}`)
  t.same(
    cleared.items[0]?.incidents.map((i) => [i.reference, i.role]),
    [
      [open.reference, 'witness'],
      [ntk.reference, 'victim']
    ]
  )
  t.same((await search(app, legal, `pseudonym=${sensitive.pseudonym}`)).items, [], 'a clearance for one incident opens no other')
})
