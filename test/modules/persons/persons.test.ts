import t from 'tap'
import { testApp, asRole, incidentInput, accountFor, clearFor } from '../../helpers/app.ts'

type App = Awaited<ReturnType<typeof testApp>>

async function incident(app: App, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: await asRole(app, 'documenter'),
    payload: incidentInput(overrides)
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

const witness = {
  role: 'witness',
  name: 'Zarghuna Ahmadi',
  protected: true,
  consent: { icc: true, un: false, national: true, publication: false, image: false }
}

function ledgerText(app: App): string {
  return (app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>)
    .map((r) => r.canonical.toString('utf8'))
    .join('\n')
}

t.test('POST /incidents/:id/persons answers 201 with id and pseudonym, never the name', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const res = await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/persons`, headers: doc, payload: witness })
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.match(body.id, /^[0-9a-f-]{36}$/)
  t.equal(body.pseudonym, 'W-0001')
  t.match(body, { role: 'witness', incidentId: id, protected: true, needToKnow: false })
  t.same(body.consent, {
    storage: 'not-recorded',
    internalAnalysis: 'not-recorded',
    icc: 'granted',
    un: 'refused',
    national: 'granted',
    publication: 'refused',
    image: 'refused'
  })
  t.notOk(res.body.includes('Zarghuna'), 'the answer does not carry the name')
  const victim = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/persons`,
    headers: doc,
    payload: { role: 'victim', name: 'Someone Else' }
  })
  t.equal(victim.json().pseudonym, 'V-0001', 'one series per role')
  t.equal(victim.json().protected, true, 'protected by default')
  const second = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/persons`,
    headers: doc,
    payload: { ...witness, name: 'Third Person' }
  })
  t.equal(second.json().pseudonym, 'W-0002')
  const perpetrator = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/persons`,
    headers: doc,
    payload: { role: 'perpetrator', name: 'A Public Official', protected: false }
  })
  t.equal(perpetrator.json().pseudonym, 'P-0001')
  const source = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/persons`,
    headers: doc,
    payload: { role: 'source', name: 'A Source' }
  })
  t.equal(source.json().pseudonym, 'S-0001')
})

t.test('no session is 401, a role without the permission 403, an unknown incident 404, unknown fields 400', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const url = `/api/v1/incidents/${id}/persons`
  t.equal((await app.inject({ method: 'POST', url, payload: witness })).statusCode, 401)
  for (const role of ['legal', 'auditor', 'admin'] as const) {
    const res = await app.inject({ method: 'POST', url, headers: await asRole(app, role), payload: witness })
    t.equal(res.statusCode, 403, role)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN')
  }
  const doc = await asRole(app, 'documenter')
  const missing = await app.inject({
    method: 'POST',
    url: '/api/v1/incidents/00000000-0000-4000-8000-000000000000/persons',
    headers: doc,
    payload: witness
  })
  t.equal(missing.json().code, 'SANAD_ERR_INCIDENT_NOT_FOUND')
  const extra = await app.inject({ method: 'POST', url, headers: doc, payload: { ...witness, phone: '0700' } })
  t.equal(extra.json().code, 'SANAD_ERR_UNKNOWN_FIELD')
  t.equal(extra.json().field, 'phone')
  const auditorRead = await app.inject({ url, headers: await asRole(app, 'auditor') })
  t.equal(auditorRead.statusCode, 403, 'auditors never read persons')
})

t.test('reading a person decrypts the identity for a permitted reader and records it in the ledger with the purpose', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const full = {
    ...witness,
    aliases: ['Zari'],
    contacts: [{ type: 'phone', value: '+93 700 123 456' }],
    address: 'Karte Se, Kabul',
    homeLocation: { lat: 34.5123, lon: 69.1187 },
    notes: 'Met twice; prefers to be called in the morning.'
  }
  const person = (await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/persons`, headers: doc, payload: full })).json()
  const legal = await asRole(app, 'legal')
  const legalUser = await accountFor(app, 'legal')
  const res = await app.inject({ url: `/api/v1/persons/${person.id}?purpose=case-preparation`, headers: legal })
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json().identity, {
    name: full.name,
    aliases: full.aliases,
    contacts: full.contacts,
    address: full.address,
    homeLocation: full.homeLocation,
    notes: full.notes
  })
  const accessed = app.ledger
    .subjectEntries('person', person.id)
    .map((e) => e.entry)
    .filter((e) => e.type === 'accessed')
  t.equal(accessed.length, 1)
  t.same(accessed[0]?.details, { fields: ['name', 'aliases', 'contacts', 'address', 'homeLocation', 'notes'], purpose: 'case-preparation' })
  t.equal(accessed[0]?.actor, `user:${legalUser.id}`)
  const header = await app.inject({ url: `/api/v1/persons/${person.id}`, headers: { ...legal, 'x-sanad-purpose': 'witness-contact' } })
  t.equal(header.statusCode, 200)
  t.equal(app.ledger.subjectEntries('person', person.id).at(-1)?.entry.details.purpose, 'witness-contact')
  const bad = await app.inject({
    url: `/api/v1/persons/${person.id}?purpose=${encodeURIComponent('to call her brother Ahmad')}`,
    headers: legal
  })
  t.equal(bad.statusCode, 400, 'purposes are a fixed vocabulary: free text could carry personal data')
  const list = await app.inject({ url: `/api/v1/incidents/${id}/persons`, headers: legal })
  t.equal(list.json().items[0].pseudonym, 'W-0001')
  t.equal(list.json().items[0].identityWithheld, 'listing')
  t.notOk(list.body.includes('Zarghuna'), 'lists never decrypt')
  t.notOk(/Zarghuna|Zari|Karte|700 123|34\.51/.test(ledgerText(app)), 'no personal data in the ledger')
})

t.test('persons of a sexual-violence incident are need-to-know: only their recorder and cleared users see the identity', async (t) => {
  const app = await testApp(t)
  const id = await incident(app, { categories: ['cah-rape'] })
  const doc = await asRole(app, 'documenter')
  const person = (
    await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/persons`,
      headers: doc,
      payload: { role: 'victim', name: 'Survivor Name' }
    })
  ).json()
  t.equal(person.needToKnow, true)
  const own = await app.inject({ url: `/api/v1/persons/${person.id}`, headers: doc })
  t.equal(own.json().identity.name, 'Survivor Name', 'the documenter who recorded her')
  const legal = await asRole(app, 'legal')
  const withheld = await app.inject({ url: `/api/v1/persons/${person.id}`, headers: legal })
  t.equal(withheld.statusCode, 200)
  t.equal(withheld.json().identityWithheld, 'need-to-know')
  t.equal(withheld.json().pseudonym, 'V-0001')
  t.notOk(withheld.body.includes('Survivor'))
  const before = app.ledger.subjectEntries('person', person.id).filter((e) => e.entry.type === 'accessed').length

  const admin = await asRole(app, 'admin')
  const legalUser = await accountFor(app, 'legal')
  await clearFor(app, legalUser.id, id)
  const cleared = await app.inject({ url: `/api/v1/persons/${person.id}`, headers: legal })
  t.equal(cleared.json().identity.name, 'Survivor Name', 'with an explicit clearance')
  t.equal(
    app.ledger.subjectEntries('person', person.id).filter((e) => e.entry.type === 'accessed').length,
    before + 1,
    'only the cleared read is recorded'
  )
  await app.inject({ method: 'DELETE', url: `/api/v1/users/${legalUser.id}/clearances/${id}`, headers: admin })
  t.equal(
    (await app.inject({ url: `/api/v1/persons/${person.id}`, headers: legal })).json().identityWithheld,
    'need-to-know',
    'revocation takes effect at once'
  )

  const plain = await incident(app)
  const marked = (
    await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${plain}/persons`,
      headers: doc,
      payload: { role: 'witness', name: 'Marked Sensitive', sensitive: true }
    })
  ).json()
  t.equal(marked.needToKnow, true, 'a documenter can mark any person need-to-know')
  t.equal((await app.inject({ url: `/api/v1/persons/${marked.id}`, headers: legal })).json().identityWithheld, 'need-to-know')
  const later = (
    await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${plain}/persons`,
      headers: doc,
      payload: { role: 'witness', name: 'Later Recategorised' }
    })
  ).json()
  await app.inject({
    method: 'PATCH',
    url: `/api/v1/incidents/${plain}`,
    headers: doc,
    payload: { categories: ['cah-murder', 'cah-sexual-violence-other'] }
  })
  t.equal(
    (await app.inject({ url: `/api/v1/persons/${later.id}`, headers: legal })).json().identityWithheld,
    'need-to-know',
    'recategorising the incident protects its persons at once'
  )
})

t.test('consent is per purpose, dated, and its withdrawal is a new row: history is never overwritten', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const person = (
    await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/persons`,
      headers: doc,
      payload: {
        ...witness,
        consent: {
          ...witness.consent,
          storage: true,
          method: 'written-signed',
          date: '2024-05-02',
          language: 'fa',
          interpreter: false,
          obtainedBy: 'staff-F12'
        }
      }
    })
  ).json()
  const withdraw = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${person.id}/consent`,
    headers: doc,
    payload: { icc: false, method: 'verbal-recorded', date: '2025-01-10' }
  })
  t.equal(withdraw.statusCode, 201, withdraw.body)
  const body = withdraw.json()
  t.equal(body.current.icc, 'withdrawn')
  t.equal(body.current.storage, 'granted')
  const icc = body.history.filter((h: { purpose: string }) => h.purpose === 'icc')
  t.match(icc, [
    { granted: true, kind: 'granted', date: '2024-05-02', method: 'written-signed', language: 'fa', obtainedBy: 'staff-F12' },
    { granted: false, kind: 'withdrawn', date: '2025-01-10', method: 'verbal-recorded' }
  ])
  const again = (
    await app.inject({ method: 'POST', url: `/api/v1/persons/${person.id}/consent`, headers: doc, payload: { storage: true } })
  ).json()
  t.equal(again.history.at(-1).kind, 'confirmed', 're-confirmation is recorded too')
  t.equal(
    (await app.inject({ url: `/api/v1/persons/${person.id}/consent`, headers: await asRole(app, 'legal') })).json().current.icc,
    'withdrawn'
  )
  const changes = app.ledger
    .subjectEntries('person', person.id)
    .map((e) => e.entry)
    .filter((e) => e.type === 'consent-changed')
  t.equal(changes.length, 3)
  t.same(changes[1]?.details, { changes: [{ purpose: 'icc', kind: 'withdrawn' }], contentSha256: changes[1]?.details.contentSha256 })
  t.match(changes[1]?.details.contentSha256, /^[0-9a-f]{64}$/, 'the hash of the consent rows, not the rows')

  t.throws(() => app.sqlite.prepare('UPDATE person_consents SET granted = 1').run(), /append-only/)
  t.throws(() => app.sqlite.prepare('DELETE FROM person_consents').run(), /append-only/)
  t.throws(() => app.sqlite.prepare('DELETE FROM persons').run(), /never deleted/)
  t.throws(() => app.sqlite.prepare("UPDATE persons SET pseudonym = 'W-9999'").run(), /never change/)

  const empty = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${person.id}/consent`,
    headers: doc,
    payload: { method: 'thumbprint' }
  })
  t.equal(empty.json().code, 'SANAD_ERR_VALIDATION')
  const future = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${person.id}/consent`,
    headers: doc,
    payload: { un: true, date: '2999-01-01' }
  })
  t.equal(future.json().code, 'SANAD_ERR_DATE_INVALID')
  const named = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${person.id}/consent`,
    headers: doc,
    payload: { un: true, obtainedBy: 'Farida Karimi' }
  })
  t.equal(named.statusCode, 400, 'obtainedBy is a code, not a name')
})

t.test('PATCH changes identity fields under encryption and records which fields changed', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const person = (
    await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/persons`,
      headers: doc,
      payload: { ...witness, address: 'Old Address' }
    })
  ).json()
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/v1/persons/${person.id}`,
    headers: doc,
    payload: { name: 'Zarghuna A. Ahmadi', address: null, notes: 'Moved.' }
  })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().revision, 2)
  t.notOk(res.body.includes('Zarghuna'))
  const got = (await app.inject({ url: `/api/v1/persons/${person.id}`, headers: doc })).json()
  t.same(got.identity, { name: 'Zarghuna A. Ahmadi', notes: 'Moved.' })
  const revised = app.ledger
    .subjectEntries('person', person.id)
    .map((e) => e.entry)
    .find((e) => e.type === 'person-revised')
  t.same(revised?.details, { revision: 2, fields: ['address', 'name', 'notes'], contentSha256: revised?.details.contentSha256 })
  t.match(revised?.details.contentSha256, /^[0-9a-f]{64}$/, 'the hash of the sealed snapshot, not the values')
  t.equal(
    (await app.inject({ method: 'PATCH', url: `/api/v1/persons/${person.id}`, headers: doc, payload: { name: null } })).statusCode,
    400
  )
})

t.test('persons cannot be added to a retracted incident', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/retract`, headers: doc, payload: { reason: 'duplicate' } })
  const res = await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/persons`, headers: doc, payload: witness })
  t.equal(res.json().code, 'SANAD_ERR_INCIDENT_RETRACTED')
})

t.test('discloseFor applies consent and need-to-know and records the reading when it reveals a name', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const person = (await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/persons`, headers: doc, payload: witness })).json()
  const legal = await accountFor(app, 'legal')
  const viewer = { userSeq: legal.seq, role: 'legal' as const, actor: `user:${legal.id}` }
  const icc = app.persons.discloseFor(person.id, { recipient: 'icc', profile: 'identities', viewer })
  t.equal(icc.identity?.name, 'Zarghuna Ahmadi')
  t.equal(icc.image, false, 'no image consent')
  const un = app.persons.discloseFor(person.id, { recipient: 'un', profile: 'identities', viewer })
  t.equal(un.identity, null)
  t.same(un.withheld, ['no-consent-for-recipient', 'no-image-consent'])
  t.equal(un.pseudonym, 'W-0001')
  const accessed = app.ledger
    .subjectEntries('person', person.id)
    .map((e) => e.entry)
    .filter((e) => e.type === 'accessed')
  t.equal(accessed.length, 1, 'only the disclosure that revealed the name is recorded')
  t.equal(accessed[0]?.details.purpose, 'disclosure-icc')
})

t.test('the recorder may lower sensitive with a reason from the closed list, and the ledger records the reason', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const person = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/persons`, headers: doc, payload: { ...witness, sensitive: true } })
  ).json()
  t.equal(person.needToKnow, true)
  const free = await app.inject({
    method: 'PATCH',
    url: `/api/v1/persons/${person.id}`,
    headers: doc,
    payload: { sensitive: false, loweringReason: 'she asked for it' }
  })
  t.equal(free.statusCode, 400, 'a reason outside the list is refused')
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/v1/persons/${person.id}`,
    headers: doc,
    payload: { sensitive: false, loweringReason: 'risk-reassessed' }
  })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().needToKnow, false)
  const last = app.ledger.subjectEntries('person', person.id).at(-1)?.entry as { type: string; details: Record<string, unknown> }
  t.same([last.type, last.details.loweringReason, last.details.fields], ['person-revised', 'risk-reassessed', ['sensitive']])
})

t.test(
  'changing an identity field keeps the previous value encrypted, readable by whom may read the identity, and records the reading',
  async (t) => {
    const app = await testApp(t)
    const id = await incident(app)
    const doc = await asRole(app, 'documenter')
    const person = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${id}/persons`,
        headers: doc,
        payload: { ...witness, contacts: [{ type: 'phone', value: '+93 700 123 456' }] }
      })
    ).json()
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${person.id}`,
      headers: doc,
      payload: { name: 'Zarghuna Ahmadi Karimi', contacts: null }
    })
    await app.inject({ method: 'PATCH', url: `/api/v1/persons/${person.id}`, headers: doc, payload: { name: 'Zarghuna A. Karimi' } })
    const stored = app.sqlite
      .prepare('SELECT field, value_enc AS v, replaced_in_revision AS r FROM person_identity_history ORDER BY seq')
      .all() as Array<{ field: string; v: string; r: number }>
    t.same(
      stored.map((h) => [h.field, h.r]),
      [
        ['name', 2],
        ['contacts', 2],
        ['name', 3]
      ]
    )
    t.notOk(
      stored.some((h) => h.v.includes('Zarghuna') || h.v.includes('700')),
      'earlier values are stored encrypted'
    )
    const before = app.ledger.size()
    const res = await app.inject({ url: `/api/v1/persons/${person.id}/identity-history?purpose=data-correction`, headers: doc })
    t.equal(res.statusCode, 200, res.body)
    t.same(
      res.json().items.map((h: { field: string; value: unknown }) => [h.field, h.value]),
      [
        ['name', 'Zarghuna Ahmadi'],
        ['contacts', [{ type: 'phone', value: '+93 700 123 456' }]],
        ['name', 'Zarghuna Ahmadi Karimi']
      ]
    )
    t.equal(app.ledger.size(), before + 1, 'the reading is one accessed entry')
    const entry = app.ledger.subjectEntries('person', person.id).at(-1)?.entry as { type: string; details: Record<string, unknown> }
    t.same([entry.type, entry.details.fields, entry.details.purpose], ['accessed', ['history'], 'data-correction'])
    t.throws(() => app.sqlite.prepare('DELETE FROM person_identity_history').run(), /append-only/)
    t.throws(() => app.sqlite.prepare('UPDATE person_identity_history SET field = ?').run('notes'), /append-only/)
  }
)

t.test('an admin lowers need-to-know with a reason without seeing the person; then the identity opens to documenters', async (t) => {
  const app = await testApp(t)
  const id = await incident(app)
  const doc = await asRole(app, 'documenter')
  const person = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/persons`, headers: doc, payload: { ...witness, sensitive: true } })
  ).json()
  const other = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: await asRole(app, 'admin'),
      payload: { username: 'second-documenter', password: 'another long pass-phrase 5521', role: 'documenter' }
    })
  ).json()
  const otherSeq = (app.sqlite.prepare('SELECT seq FROM users WHERE id = ?').get(other.id) as { seq: number }).seq
  const otherHeaders = { authorization: `Bearer ${app.auth.createToken(otherSeq, 'test', null).token}` }
  t.notOk('identity' in (await app.inject({ url: `/api/v1/persons/${person.id}`, headers: otherHeaders })).json(), 'need-to-know before')
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/persons/${person.id}/lowering`,
    headers: await asRole(app, 'admin'),
    payload: { sensitive: false, loweringReason: 'entered-in-error' }
  })
  t.equal(res.statusCode, 204, res.body)
  t.equal(res.body, '', 'the admin is shown nothing')
  const entry = app.ledger.subjectEntries('person', person.id).at(-1)?.entry as { type: string; details: Record<string, unknown> }
  t.same([entry.type, entry.details.fields, entry.details.loweringReason], ['person-revised', ['sensitive'], 'entered-in-error'])
  t.equal((await app.inject({ url: `/api/v1/persons/${person.id}`, headers: otherHeaders })).json().identity?.name, 'Zarghuna Ahmadi')
})
