// Offline capture sends each record with the id the phone made for it (clientId): a retry after a lost
// answer must find the record already made, never make a second, and never find another account's.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { testApp, asRole, incidentInput, TEST_PASSWORD } from '../../helpers/app.ts'
import { authRepo } from '../../../server/auth/repo.ts'

const CLIENT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'
const OTHER_CLIENT = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'

async function documenter(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const view = await app.users.create({ username, password: TEST_PASSWORD, role: 'documenter' }, 'system')
  const row = authRepo(app.db).userById(view.id)
  if (!row) throw new Error('account vanished')
  return { authorization: `Bearer ${app.auth.createToken(row.seq, 'test', null).token}` }
}

const count = (app: FastifyInstance, table: string): number =>
  (app.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

t.test('an incident POSTed twice with the same clientId is recorded once: 201, then 200 with the same record', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const payload = incidentInput({ clientId: CLIENT })
  const first = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload })
  t.equal(first.statusCode, 201, first.body)
  t.notOk('clientId' in first.json(), 'the clientId is not part of the incident shown')
  const ledger = app.ledger.size()
  const again = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload })
  t.equal(again.statusCode, 200, 'the retry is answered, not recorded again')
  t.equal(again.json().id, first.json().id)
  t.equal(again.json().reference, first.json().reference)
  t.equal(count(app, 'incidents'), 1, 'one incident')
  t.equal(app.ledger.size(), ledger, 'no second incident-created entry')
  const other = await app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: doc,
    payload: incidentInput({ clientId: OTHER_CLIENT })
  })
  t.equal(other.statusCode, 201, 'another clientId is another incident')
  const none = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })
  t.equal(none.statusCode, 201, 'without a clientId every POST records')
  t.equal(count(app, 'incidents'), 3)
  const bad = await app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: doc,
    payload: incidentInput({ clientId: 'not-a-uuid' })
  })
  t.equal(bad.statusCode, 400)
})

t.test('insider: another account sending my clientId gets a record of its own, never mine', async (t) => {
  const app = await testApp(t)
  const mine = await asRole(app, 'documenter')
  const insider = await documenter(app, 'insider-documenter')
  const secret = incidentInput({ clientId: CLIENT, title: 'Detention of a witness', narrative: 'Only my account may read this narrative.' })
  const original = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: mine, payload: secret })).json()
  const guess = await app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: insider,
    payload: incidentInput({ clientId: CLIENT, title: 'Probe' })
  })
  t.equal(guess.statusCode, 201, 'a new record, not the existing one')
  t.not(guess.json().id, original.id)
  t.equal(guess.json().title, 'Probe')
  t.notOk(guess.body.includes('Only my account'), 'nothing of the other record')
  const read = (await app.inject({ url: `/api/v1/incidents/${original.id}`, headers: mine })).json()
  t.equal(read.title, 'Detention of a witness', 'mine is unchanged')
})

t.test('a person POSTed twice with the same clientId is recorded once; the clientId is not reusable elsewhere', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const make = async (clientId: string): Promise<string> =>
    (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput({ clientId }) })).json().id
  const incident = await make(CLIENT)
  const person = { role: 'witness', name: 'Zarghuna Ahmadi', clientId: CLIENT }
  const first = await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/persons`, headers: doc, payload: person })
  t.equal(first.statusCode, 201, first.body)
  const ledger = app.ledger.size()
  const again = await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/persons`, headers: doc, payload: person })
  t.equal(again.statusCode, 200, again.body)
  t.equal(again.json().id, first.json().id)
  t.equal(again.json().pseudonym, first.json().pseudonym, 'the same pseudonym')
  t.equal(count(app, 'persons'), 1, 'one person')
  t.equal(app.ledger.size(), ledger, 'no second person-created entry')

  const elsewhere = await make(OTHER_CLIENT)
  const reused = await app.inject({ method: 'POST', url: `/api/v1/incidents/${elsewhere}/persons`, headers: doc, payload: person })
  t.equal(reused.statusCode, 409)
  t.equal(reused.json().code, 'SANAD_ERR_CLIENT_ID_REUSED')
  t.equal(count(app, 'persons'), 1, 'nothing recorded')
})

t.test('insider: another account sending my person clientId records its own person and sees nothing of mine', async (t) => {
  const app = await testApp(t)
  const mine = await asRole(app, 'documenter')
  const insider = await documenter(app, 'insider-documenter')
  const myIncident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: mine, payload: incidentInput() })).json().id
  const theirIncident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: insider, payload: incidentInput() })).json()
    .id
  const witness = { role: 'witness', name: 'Zarghuna Ahmadi', clientId: CLIENT }
  const original = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${myIncident}/persons`, headers: mine, payload: witness })
  ).json()
  const probe = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${theirIncident}/persons`,
    headers: insider,
    payload: { role: 'victim', name: 'Probe', clientId: CLIENT }
  })
  t.equal(probe.statusCode, 201, 'its own new person')
  t.not(probe.json().id, original.id)
  t.not(probe.json().pseudonym, original.pseudonym)
  t.notOk(probe.body.includes('Zarghuna'), 'no identity of mine')
  const onMine = await app.inject({ method: 'POST', url: `/api/v1/incidents/${myIncident}/persons`, headers: insider, payload: witness })
  t.equal(onMine.statusCode, 409, 'sent to my incident, the clientId is still only its own (used elsewhere by it)')
  t.equal(onMine.json().code, 'SANAD_ERR_CLIENT_ID_REUSED')
  t.notOk(onMine.body.includes(original.id), 'and my person is not named')
  t.equal(count(app, 'persons'), 2)
})
