// The perpetrators' register and involvement records (#18 item 3): organisations, units and positions
// of perpetrator person records; involvements with a mode of liability (Arts 25 and 28), a period and
// supporting exhibits and sources; each record a ledger entry carrying its RFC 8785 content hash.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { involvementContentSha256 } from '../../../server/lib/analysis/involvements.ts'

async function incident(inject: Inject, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function person(inject: Inject, incidentId: string, body: Record<string, unknown>): Promise<{ id: string; pseudonym: string }> {
  const res = await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/persons`, payload: body })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function exhibit(inject: Inject, incidentId: string): Promise<string> {
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const res = await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/evidence`, payload, headers })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function organisation(inject: Inject, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await inject({ method: 'POST', url: '/api/v1/organisations', payload: body })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

/** A second documenter, who recorded none of the incidents and holds no clearance. */
async function colleague(app: FastifyInstance): Promise<Inject> {
  const account = await app.users.create({ username: 'colleague', password: 'test user pass-phrase 4682', role: 'documenter' }, 'system')
  const seq = (app.sqlite.prepare('SELECT seq FROM users WHERE id = ?').get(account.id) as { seq: number }).seq
  const headers = { authorization: `Bearer ${app.auth.createToken(seq, 'test', null).token}` }
  return (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    return app.inject({ ...o, headers: { ...headers, ...(o.headers ?? {}) } })
  }
}

t.test('a commander of a GDI unit is linked to an incident by an ordering involvement with supporting exhibits and a source', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const inc = await incident(doc, { categories: ['cah-imprisonment'] })
  const commander = await person(doc, inc, { role: 'perpetrator', name: 'Mullah Example' })
  const witness = await person(doc, inc, { role: 'witness', name: 'Zarghuna Ahmadi' })
  const photo = await exhibit(doc, inc)

  const gdi = await organisation(doc, {
    kind: 'organisation',
    name: 'General Directorate of Intelligence',
    type: 'de-facto-authorities',
    organ: 'gdi'
  })
  const unitRes = await doc({
    method: 'POST',
    url: '/api/v1/organisations',
    payload: { kind: 'unit', name: 'Directorate 40, Herat', parent: gdi.id }
  })
  t.equal(unitRes.statusCode, 201, unitRes.body)
  const unit = unitRes.json()
  t.match(
    unit,
    { kind: 'unit', parent: gdi.id, type: 'de-facto-authorities', organ: 'gdi', origin: 'recorded' },
    'a unit takes its parent type and organ'
  )
  const orgEntry = (await doc({ url: `/api/v1/ledger/entries/${unit.ledgerIndex}` })).json().entry
  t.equal(orgEntry.type, 'organisation-recorded')
  t.notMatch(JSON.stringify(orgEntry), /Directorate 40/, 'the name stays out of the ledger')

  const pos = await doc({
    method: 'POST',
    url: `/api/v1/organisations/${unit.id}/positions`,
    payload: { personId: commander.id, title: 'commander', from: '2022-01-01', to: '2023-06-30' }
  })
  t.equal(pos.statusCode, 201, pos.body)
  t.match(pos.json(), { person: { id: commander.id, pseudonym: commander.pseudonym }, title: 'commander', from: '2022-01-01' })
  t.notOk(JSON.stringify(pos.json()).includes('Mullah'), 'the register names a person by pseudonym only')

  const res = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${inc}/involvements`,
    payload: {
      personId: commander.id,
      mode: 'ordering',
      category: 'cah-imprisonment',
      from: '2022-03-14',
      to: '2022-03-20',
      exhibits: [photo],
      sources: [witness.id]
    }
  })
  t.equal(res.statusCode, 201, res.body)
  const inv = res.json()
  t.match(inv, { person: { id: commander.id, pseudonym: commander.pseudonym }, mode: 'ordering', exhibits: [photo], sources: [witness.id] })
  const entry = (await doc({ url: `/api/v1/ledger/entries/${inv.ledgerIndex}` })).json().entry
  t.equal(entry.type, 'involvement-recorded')
  t.same(entry.details, {
    involvement: inv.id,
    incident: inc,
    person: commander.id,
    mode: 'ordering',
    origin: 'recorded',
    contentSha256: inv.contentSha256
  })
  t.equal(
    involvementContentSha256({
      id: inv.id,
      incident: inc,
      person: commander.id,
      mode: 'ordering',
      category: 'cah-imprisonment',
      from: '2022-03-14',
      to: '2022-03-20',
      exhibits: [photo],
      sources: [witness.id],
      origin: 'recorded',
      createdAt: inv.createdAt,
      createdBy: inv.createdBy
    }),
    inv.contentSha256,
    'the hash is the RFC 8785 SHA-256 of the record'
  )

  const unitInv = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${inc}/involvements`,
    payload: { organisationId: unit.id, mode: 'direct-perpetration' }
  })
  t.equal(unitInv.statusCode, 201, unitInv.body)
  t.match(unitInv.json().organisation, { id: unit.id, name: 'Directorate 40, Herat' })

  const listed = (await doc({ url: `/api/v1/incidents/${inc}/involvements` })).json().items
  t.same(
    listed.map((i: { id: string }) => i.id),
    [inv.id, unitInv.json().id]
  )

  const retracted = await doc({
    method: 'DELETE',
    url: `/api/v1/incidents/${inc}/involvements/${inv.id}`,
    payload: { reason: 'Entered against the wrong incident' }
  })
  t.equal(retracted.statusCode, 200, retracted.body)
  t.ok(retracted.json().retracted, 'retracted, not deleted')
  t.not(retracted.json().contentSha256, inv.contentSha256, 'a retraction changes the content hash')
  const retEntry = (await doc({ url: `/api/v1/ledger/entries/${retracted.json().retracted.ledgerIndex}` })).json().entry
  t.equal(retEntry.type, 'involvement-retracted')
  t.notMatch(JSON.stringify(retEntry), /wrong incident/, 'the reason stays out of the ledger')
  const again = await doc({ method: 'DELETE', url: `/api/v1/incidents/${inc}/involvements/${inv.id}`, payload: { reason: 'again' } })
  t.equal(again.json().code, 'SANAD_ERR_INVOLVEMENT_RETRACTED')
  t.equal((await doc({ url: `/api/v1/incidents/${inc}/involvements` })).json().items.length, 2, 'the retracted record is still listed')
})

t.test('an involvement names one perpetrator, a mode from the closed list, and exhibits and sources of its own incident', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const inc = await incident(doc)
  const other = await incident(doc)
  const perp = await person(doc, inc, { role: 'perpetrator', name: 'A' })
  const victim = await person(doc, inc, { role: 'victim', name: 'B' })
  const strayPhoto = await exhibit(doc, other)
  const url = `/api/v1/incidents/${inc}/involvements`
  const post = (payload: Record<string, unknown>) => doc({ method: 'POST', url, payload })

  t.equal((await post({ personId: perp.id, mode: 'instigating' })).statusCode, 400, 'a mode outside the closed list')
  t.match((await post({ mode: 'ordering' })).json(), { code: 'SANAD_ERR_VALIDATION', field: 'personId' }, 'nobody named')
  t.match(
    (await post({ personId: victim.id, mode: 'ordering' })).json(),
    { code: 'SANAD_ERR_VALIDATION', field: 'personId' },
    'a victim is no perpetrator'
  )
  t.match((await post({ personId: perp.id, mode: 'ordering', exhibits: [strayPhoto] })).json(), {
    code: 'SANAD_ERR_VALIDATION',
    field: 'exhibits'
  })
  const outsider = await person(doc, other, { role: 'witness', name: 'C' })
  t.match((await post({ personId: perp.id, mode: 'ordering', sources: [outsider.id] })).json(), {
    code: 'SANAD_ERR_VALIDATION',
    field: 'sources'
  })
  t.match((await post({ personId: perp.id, mode: 'ordering', category: 'cah-torture' })).json(), {
    code: 'SANAD_ERR_VALIDATION',
    field: 'category'
  })
  t.match((await post({ personId: perp.id, mode: 'ordering', from: '2022-05-01', to: '2022-04-01' })).json(), { field: 'to' })
  t.equal((await post({ personId: perp.id, mode: 'ordering', note: 'x' })).statusCode, 400, 'unknown fields are refused')
  t.equal((await doc({ url })).json().items.length, 0, 'nothing was recorded')
})

t.test(
  'insider: an uncleared documenter can neither read nor add an involvement on a need-to-know incident, nor learn a need-to-know perpetrator through the register',
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const other = await colleague(app)
    const ntk = await incident(doc, { categories: ['cah-sexual-violence-other'] })
    const perp = await person(doc, ntk, { role: 'perpetrator', name: 'Commander Hidden' })
    const unit = await organisation(doc, {
      kind: 'organisation',
      name: 'Prison guard unit',
      type: 'de-facto-authorities',
      organ: 'prisons'
    })
    const pos = await doc({
      method: 'POST',
      url: `/api/v1/organisations/${unit.id}/positions`,
      payload: { personId: perp.id, title: 'head of the women’s wing' }
    })
    t.equal(pos.statusCode, 201, pos.body)
    const inv = await doc({
      method: 'POST',
      url: `/api/v1/incidents/${ntk}/involvements`,
      payload: { personId: perp.id, mode: 'superior-civilian' }
    })
    t.equal(inv.statusCode, 201, inv.body)
    // An open incident of the colleague's own, into which the need-to-know perpetrator would be pulled.
    const own = await incident(other)
    const ledgerBefore = app.ledger.size()

    const read = await other({ url: `/api/v1/incidents/${ntk}/involvements` })
    t.equal(read.statusCode, 403)
    t.equal(read.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    const add = await other({
      method: 'POST',
      url: `/api/v1/incidents/${ntk}/involvements`,
      payload: { organisationId: unit.id, mode: 'ordering' }
    })
    t.equal(add.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    const retract = await other({
      method: 'DELETE',
      url: `/api/v1/incidents/${ntk}/involvements/${inv.json().id}`,
      payload: { reason: 'x' }
    })
    t.equal(retract.json().code, 'SANAD_ERR_NEED_TO_KNOW')

    const pull = await other({
      method: 'POST',
      url: `/api/v1/incidents/${own}/involvements`,
      payload: { personId: perp.id, mode: 'ordering' }
    })
    t.equal(pull.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    const place = await other({
      method: 'POST',
      url: `/api/v1/organisations/${unit.id}/positions`,
      payload: { personId: perp.id, title: 'x' }
    })
    t.equal(place.json().code, 'SANAD_ERR_NEED_TO_KNOW')

    const register = await other({ url: `/api/v1/organisations/${unit.id}` })
    t.equal(register.statusCode, 200)
    t.same(
      register.json().positions.map((p: Record<string, unknown>) => [p.withheld, p.person, p.title]),
      [['need-to-know', undefined, undefined]],
      'the register shows that a position exists, not who holds it nor its title'
    )
    const all = JSON.stringify((await other({ url: '/api/v1/organisations' })).json())
    t.notOk(
      all.includes(perp.id) || all.includes(perp.pseudonym) || all.includes('Hidden') || all.includes('women'),
      'nothing of the person leaks'
    )
    t.equal(app.ledger.size(), ledgerBefore, 'nothing was recorded')
    t.equal((await doc({ url: `/api/v1/incidents/${ntk}/involvements` })).json().items.length, 1, 'nothing changed')

    const legal = await as(app, 'legal')
    t.equal(
      (await legal({ method: 'POST', url: '/api/v1/organisations', payload: { kind: 'organisation', name: 'x', type: 'militia' } }))
        .statusCode,
      403
    )
  }
)
