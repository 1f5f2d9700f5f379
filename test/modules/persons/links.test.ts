import t from 'tap'
import { createHash } from 'node:crypto'
import { testApp, asRole, incidentInput, accountFor, clearFor } from '../../helpers/app.ts'
import { decryptField, fieldKey } from '../../../server/lib/crypto/field-crypto.ts'
import { interviewContext } from '../../../server/modules/persons/service.ts'
import { personLinkContentSha256 } from '../../../server/lib/analysis/person-links.ts'

type App = Awaited<ReturnType<typeof testApp>>
type Headers = Record<string, string>

async function incident(app: App, headers: Headers, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
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

function entries(app: App, type: string): Array<{ subject: { id: string }; details: Record<string, unknown> }> {
  return (app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>)
    .map((r) => JSON.parse(r.canonical.toString('utf8')))
    .filter((e) => e.type === type)
}

function rawDatabase(app: App): string {
  return (app.sqlite.prepare('SELECT * FROM persons').all() as object[])
    .concat(app.sqlite.prepare('SELECT * FROM person_interviews').all() as object[])
    .map((r) => JSON.stringify(r))
    .join('\n')
}

t.test('a witness linked to a second incident in another role keeps one pseudonym, and both incidents list her', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const first = await incident(app, doc)
  const second = await incident(app, doc, { title: 'Arrest of a teacher', categories: ['cah-imprisonment'] })
  const w = await person(app, doc, first, { role: 'witness', name: 'Zarghuna Ahmadi' })

  const linked = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${second}/persons`,
    headers: doc,
    payload: { personId: w.id, role: 'victim' }
  })
  t.equal(linked.statusCode, 201, linked.body)
  t.match(linked.json(), { id: w.id, pseudonym: w.pseudonym, role: 'victim', incidentId: second })
  t.same(
    linked.json().links.map((l: { incidentId: string; role: string }) => [l.incidentId, l.role]),
    [
      [first, 'witness'],
      [second, 'victim']
    ]
  )
  t.notOk(linked.body.includes('Zarghuna'), 'the answer carries no name')

  const listFirst = (await app.inject({ url: `/api/v1/incidents/${first}/persons`, headers: doc })).json().items
  const listSecond = (await app.inject({ url: `/api/v1/incidents/${second}/persons`, headers: doc })).json().items
  t.match(listFirst, [{ id: w.id, pseudonym: w.pseudonym, role: 'witness', incidentId: first }])
  t.match(listSecond, [{ id: w.id, pseudonym: w.pseudonym, role: 'victim', incidentId: second }])

  const read = (await app.inject({ url: `/api/v1/persons/${w.id}`, headers: doc })).json()
  t.equal(read.identity.name, 'Zarghuna Ahmadi', 'one identity for both incidents')
  t.equal(read.links.length, 2)

  const link = app.sqlite
    .prepare<[string], { linkedAt: string; linkedBy: string }>(
      `SELECT l.linked_at AS linkedAt, l.linked_by AS linkedBy FROM person_incidents l
      JOIN incidents i ON i.seq = l.incident_seq WHERE i.id = ?`
    )
    .get(second)!
  t.same(
    entries(app, 'person-linked').map((e) => [e.subject.id, e.details]),
    [
      [
        w.id,
        {
          incident: second,
          role: 'victim',
          linkSha256: personLinkContentSha256({ person: w.id, incident: second, role: 'victim', ...link })
        }
      ]
    ],
    'the ledger records the link by ids, role and the hash of its content only'
  )

  const again = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${second}/persons`,
    headers: doc,
    payload: { personId: w.id, role: 'victim' }
  })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'SANAD_ERR_PERSON_ALREADY_LINKED')
  const unknown = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${second}/persons`,
    headers: doc,
    payload: { personId: '00000000-0000-4000-8000-000000000000', role: 'victim' }
  })
  t.equal(unknown.json().code, 'SANAD_ERR_PERSON_NOT_FOUND')
  const extra = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${second}/persons`,
    headers: doc,
    payload: { personId: w.id, role: 'witness', name: 'Planted Name' }
  })
  t.equal(extra.statusCode, 400, 'a link carries no identity field')
})

t.test(
  'need-to-know follows every link: a person linked into a sexual-violence incident is withheld from whom may not read it',
  async (t) => {
    const app = await testApp(t)
    const recorder = await asRole(app, 'documenter')
    const colleague = await app.users.create(
      { username: 'colleague', password: 'test user pass-phrase 4682', role: 'documenter' },
      'system'
    )
    const colleagueSeq = (app.sqlite.prepare('SELECT seq FROM users WHERE id = ?').get(colleague.id) as { seq: number }).seq
    const colleagueHeaders = { authorization: `Bearer ${app.auth.createToken(colleagueSeq, 'test', null).token}` }
    const open = await incident(app, recorder)
    const ntk = await incident(app, recorder, { title: 'Abuse in detention', categories: ['cah-sexual-violence-other'] })
    const ntk2 = await incident(app, recorder, { title: 'Abuse in another prison', categories: ['cah-sexual-violence-other'] })
    const v = await person(app, recorder, open, { role: 'victim', name: 'Ahmad Karimi' })

    const before = (await app.inject({ url: `/api/v1/persons/${v.id}`, headers: colleagueHeaders })).json()
    t.equal(before.identity.name, 'Ahmad Karimi', 'an ordinary person is read by any documenter')

    const linked = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${ntk}/persons`,
      headers: recorder,
      payload: { personId: v.id, role: 'witness' }
    })
    t.equal(linked.statusCode, 201)
    t.equal(linked.json().needToKnow, true)

    const after = await app.inject({ url: `/api/v1/persons/${v.id}`, headers: colleagueHeaders })
    t.equal(after.json().identityWithheld, 'need-to-know')
    t.notOk(after.body.includes('Karimi'))
    t.notOk(after.body.includes(ntk), 'the link to the incident the colleague may not read is left out')
    const list = (await app.inject({ url: `/api/v1/incidents/${open}/persons`, headers: colleagueHeaders })).json().items
    t.match(list, [{ id: v.id, needToKnow: true, identityWithheld: 'listing' }], 'still listed by pseudonym in the open incident')

    // Cleared for the first need-to-know incident: reads the person, until it is linked into a second one.
    await clearFor(app, colleague.id, ntk)
    t.equal((await app.inject({ url: `/api/v1/persons/${v.id}`, headers: colleagueHeaders })).json().identity?.name, 'Ahmad Karimi')
    const second = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${ntk2}/persons`,
      headers: recorder,
      payload: { personId: v.id, role: 'witness' }
    })
    t.equal(second.statusCode, 201)
    const withheld = await app.inject({ url: `/api/v1/persons/${v.id}`, headers: colleagueHeaders })
    t.equal(withheld.json().identityWithheld, 'need-to-know', 'a clearance for one need-to-know incident does not open a person of another')
    t.same(
      withheld.json().links.map((l: { incidentId: string }) => l.incidentId),
      [open, ntk],
      'links to incidents the reader may read only'
    )
    t.equal(
      (await app.inject({ url: `/api/v1/persons/${v.id}`, headers: recorder })).json().identity?.name,
      'Ahmad Karimi',
      'the recorder still reads'
    )

    // The legal liaison cleared for both reads; the auditor never does.
    const legal = await accountFor(app, 'legal')
    await clearFor(app, legal.id, ntk)
    await clearFor(app, legal.id, ntk2)
    t.equal(
      (await app.inject({ url: `/api/v1/persons/${v.id}`, headers: await asRole(app, 'legal') })).json().identity?.name,
      'Ahmad Karimi'
    )
  }
)

t.test('linking needs the right to read the person and the target incident; a refusal records nothing', async (t) => {
  const app = await testApp(t)
  const recorder = await asRole(app, 'documenter')
  const intruderAccount = await app.users.create(
    { username: 'intruder', password: 'test user pass-phrase 4682', role: 'documenter' },
    'system'
  )
  const seq = (app.sqlite.prepare('SELECT seq FROM users WHERE id = ?').get(intruderAccount.id) as { seq: number }).seq
  const intruder = { authorization: `Bearer ${app.auth.createToken(seq, 'test', null).token}` }
  const open = await incident(app, recorder)
  const ntk = await incident(app, recorder, { categories: ['cah-sexual-violence-other'] })
  const own = await incident(app, intruder, { title: 'Beating of a tailor' })
  const sensitive = await person(app, recorder, open, { role: 'witness', name: 'Zarghuna Ahmadi', sensitive: true })
  const ordinary = await person(app, recorder, open, { role: 'victim', name: 'Ahmad Karimi' })
  const size = app.ledger.size()
  const links = (): number => (app.sqlite.prepare('SELECT count(*) AS n FROM person_incidents').get() as { n: number }).n
  const count = links()

  const intoOwn = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${own}/persons`,
    headers: intruder,
    payload: { personId: sensitive.id, role: 'witness' }
  })
  t.equal(intoOwn.statusCode, 403)
  t.equal(intoOwn.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  const intoNtk = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${ntk}/persons`,
    headers: intruder,
    payload: { personId: ordinary.id, role: 'witness' }
  })
  t.equal(intoNtk.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  t.equal(app.ledger.size(), size, 'nothing appended')
  t.equal(links(), count, 'no link made')

  const allowed = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${own}/persons`,
    headers: intruder,
    payload: { personId: ordinary.id, role: 'witness' }
  })
  t.equal(allowed.statusCode, 201, 'an ordinary person may be linked by any documenter')
  t.equal(allowed.json().pseudonym, ordinary.pseudonym)
})

t.test(
  'age, sex and group membership are sealed like the name, shown only to whom may read the identity, and named in the ledger by field only',
  async (t) => {
    const app = await testApp(t)
    const doc = await asRole(app, 'documenter')
    const open = await incident(app, doc)
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${open}/persons`,
      headers: doc,
      payload: {
        role: 'victim',
        name: 'Hussain Rezaei',
        sensitive: true,
        age: { at: 'incident', min: 30, max: 35 },
        sex: 'male',
        groups: { selfIdentified: ['hazara', 'shia'], perceived: ['hazara'] },
        deceased: true
      }
    })
    t.equal(res.statusCode, 201, res.body)
    t.equal(res.json().deceased, true)
    t.notOk(res.body.includes('hazara'), 'the answer to the creation carries no identity')
    const raw = rawDatabase(app)
    for (const plain of ['hazara', 'shia', '"male"', 'Rezaei']) t.notOk(raw.includes(plain), `${plain} is not stored in the clear`)

    const read = (await app.inject({ url: `/api/v1/persons/${res.json().id}`, headers: doc })).json()
    t.same(read.identity.age, { at: 'incident', min: 30, max: 35 })
    t.equal(read.identity.sex, 'male')
    t.same(read.identity.groups, { selfIdentified: ['hazara', 'shia'], perceived: ['hazara'] })
    t.same(entries(app, 'person-created')[0]?.details.fields, ['name', 'age', 'sex', 'groups'])
    t.same(entries(app, 'accessed').at(-1)?.details.fields, ['name', 'age', 'sex', 'groups'])

    const legal = await app.inject({ url: `/api/v1/persons/${res.json().id}`, headers: await asRole(app, 'legal') })
    t.equal(legal.json().identityWithheld, 'need-to-know', 'withheld from an uncleared reader')
    t.notOk(legal.body.includes('hazara') || legal.body.includes('"age"'))

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${res.json().id}`,
      headers: doc,
      payload: { groups: { perceived: ['tajik'] } }
    })
    t.equal(patched.statusCode, 200)
    const history = (await app.inject({ url: `/api/v1/persons/${res.json().id}/identity-history`, headers: doc })).json().items
    t.match(
      history,
      [{ field: 'groups', value: { selfIdentified: ['hazara', 'shia'], perceived: ['hazara'] } }],
      'the replaced membership is kept'
    )

    for (const [payload, why] of [
      [{ role: 'victim', name: 'X', groups: { selfIdentified: ['martian'] } }, 'a group outside the closed list'],
      [{ role: 'victim', name: 'X', age: { at: 'recording', years: 20, min: 18, max: 22 } }, 'an age both exact and a range'],
      [{ role: 'victim', name: 'X', age: { at: 'recording', min: 40, max: 30 } }, 'a range upside down'],
      [{ role: 'victim', name: 'X', sex: 'm' }, 'a sex outside the list']
    ] as const) {
      const bad = await app.inject({ method: 'POST', url: `/api/v1/incidents/${open}/persons`, headers: doc, payload })
      t.equal(bad.statusCode, 400, why)
    }
  }
)

t.test('consent of a deceased person comes from the next of kin, and of a child from a guardian with the child’s assent', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const open = await incident(app, doc)
  const dead = await person(app, doc, open, { role: 'victim', name: 'Hussain Rezaei', deceased: true })
  const child = await person(app, doc, open, { role: 'witness', name: 'Sadia Nazari', age: { at: 'recording', years: 15 } })
  const adultThen = await person(app, doc, open, { role: 'witness', name: 'Farid Noori', age: { at: 'incident', years: 16 } })
  const consent = (id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/persons/${id}/consent`, headers: doc, payload })

  const byHimself = await consent(dead.id, { icc: true })
  t.equal(byHimself.statusCode, 422)
  t.equal(byHimself.json().code, 'SANAD_ERR_CONSENT_NEXT_OF_KIN_REQUIRED')
  const byKin = await consent(dead.id, { icc: true, givenBy: 'next-of-kin', method: 'thumbprint' })
  t.equal(byKin.statusCode, 201, byKin.body)
  t.match(byKin.json().history, [{ purpose: 'icc', granted: true, givenBy: 'next-of-kin' }])

  t.equal((await consent(child.id, { icc: true })).json().code, 'SANAD_ERR_CHILD_ASSENT_REQUIRED')
  t.equal((await consent(child.id, { icc: true, givenBy: 'guardian' })).json().code, 'SANAD_ERR_CHILD_ASSENT_REQUIRED')
  const assent = await consent(child.id, { icc: true, givenBy: 'guardian', childAssent: true, method: 'guardian' })
  t.equal(assent.statusCode, 201)
  t.match(assent.json().history, [{ givenBy: 'guardian', childAssent: true }])
  t.equal((await consent(child.id, { icc: false })).statusCode, 201, 'a child’s refusal is always heard')
  t.equal((await consent(adultThen.id, { icc: true })).statusCode, 201, 'a child at the time of the incident gives consent herself now')
  const changed = entries(app, 'consent-changed')
  t.match(changed[0]?.details, { givenBy: 'next-of-kin' })
  t.match(changed[1]?.details, { givenBy: 'guardian', childAssent: true })
})

t.test('interviews are sealed, listed to whom may read the person, and a second one is warned about', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const open = await incident(app, doc)
  const other = await incident(app, doc, { title: 'Another event' })
  const w = await person(app, doc, open, { role: 'witness', name: 'Zarghuna Ahmadi', sensitive: true })
  const input = {
    incidentId: open,
    date: '2026-01-10',
    place: 'Safe house in Dasht-e Barchi',
    language: 'fa',
    interpreter: 'INT-07',
    present: ['interviewer', 'psychosocial-support'],
    durationMinutes: 90,
    consentObtained: true,
    referralMade: true
  }
  const first = await app.inject({ method: 'POST', url: `/api/v1/persons/${w.id}/interviews`, headers: doc, payload: input })
  t.equal(first.statusCode, 201, first.body)
  t.match(first.json(), { personId: w.id, place: input.place, durationMinutes: 90 })
  t.notOk('warnings' in first.json(), 'no warning for a first interview')
  const second = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${w.id}/interviews`,
    headers: doc,
    payload: { date: '2026-02-01', consentObtained: true }
  })
  t.equal(second.statusCode, 201)
  t.match(second.json().warnings, [{ code: 'ALREADY_INTERVIEWED', previous: 1 }])

  t.notOk(rawDatabase(app).includes('Dasht'), 'the place is sealed at rest')
  const recorded = entries(app, 'interview-recorded')
  t.equal(recorded.length, 2)
  t.same(Object.keys(recorded[0]?.details ?? {}).sort(), ['contentSha256', 'incident', 'interview', 'previous'])
  t.notOk(JSON.stringify(recorded).includes('Dasht'), 'the ledger holds ids and hashes only')
  const row = app.sqlite.prepare('SELECT id, details_enc AS enc, content_sha256 AS sha FROM person_interviews ORDER BY seq').get() as {
    id: string
    enc: string
    sha: string
  }
  const plain = decryptField(fieldKey(app.keys.master), interviewContext(row.id), row.enc)
  t.equal(createHash('sha256').update(plain).digest('hex'), recorded[0]?.details.contentSha256, 'the ledger hash is the sealed content’s')
  t.match(JSON.parse(plain), { salt: /^[0-9a-f]{32}$/ }, 'salted, so the hash cannot be guessed from the content')

  const list = await app.inject({ url: `/api/v1/persons/${w.id}/interviews`, headers: doc })
  t.equal(list.statusCode, 200)
  t.equal(list.json().items.length, 2)
  t.notOk('salt' in list.json().items[0])
  t.same(entries(app, 'accessed').at(-1)?.details, { fields: ['interviews'] }, 'reading them is recorded')

  const legal = await app.inject({ url: `/api/v1/persons/${w.id}/interviews`, headers: await asRole(app, 'legal') })
  t.equal(legal.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  const elsewhere = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${w.id}/interviews`,
    headers: doc,
    payload: { incidentId: other, date: '2026-02-01', consentObtained: true }
  })
  t.equal(elsewhere.statusCode, 400, 'an interview about an incident the person is not linked to')
  const future = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${w.id}/interviews`,
    headers: doc,
    payload: { date: '2999-01-01', consentObtained: true }
  })
  t.equal(future.json().code, 'SANAD_ERR_DATE_INVALID')
})
