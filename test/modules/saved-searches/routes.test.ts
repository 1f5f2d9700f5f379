// Saved searches of the incident list (#19 item 8): each account's own, the query checked like
// GET /api/v1/incidents, the name and query sealed at rest and never in the ledger.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { asRole, asUsername, testApp, TEST_PASSWORD } from '../../helpers/app.ts'

const NAME = 'Hazara women, Zarghuna case'

const call = (app: FastifyInstance, headers: Record<string, string>, method: string, url: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

const rows = (app: FastifyInstance) =>
  app.sqlite.prepare('SELECT * FROM saved_searches ORDER BY seq').all() as Array<Record<string, string>>

t.test('an account saves, lists, renames and deletes its searches; the query is normalised', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const created = await call(app, doc, 'POST', '/api/v1/saved-searches', { name: ` ${NAME} `, query: '?tag=massacre&victimSex=female&q=' })
  t.equal(created.statusCode, 201, created.body)
  const saved = created.json()
  t.match(saved, { id: /^[0-9a-f-]{36}$/, name: NAME, query: 'tag=massacre&victimSex=female' })
  t.same((await call(app, doc, 'GET', '/api/v1/saved-searches')).json().items, [saved])
  const renamed = await call(app, doc, 'PATCH', `/api/v1/saved-searches/${saved.id}`, { name: 'Massacres' })
  t.equal(renamed.statusCode, 200, renamed.body)
  t.match(renamed.json(), { name: 'Massacres', query: 'tag=massacre&victimSex=female' })
  const requery = await call(app, doc, 'PATCH', `/api/v1/saved-searches/${saved.id}`, { query: 'status=submitted&limit=10' })
  t.equal(requery.json().query, 'status=submitted&limit=10')
  t.equal((await call(app, doc, 'DELETE', `/api/v1/saved-searches/${saved.id}`)).statusCode, 204)
  t.same((await call(app, doc, 'GET', '/api/v1/saved-searches')).json().items, [])
  t.equal((await call(app, doc, 'DELETE', `/api/v1/saved-searches/${saved.id}`)).statusCode, 404)
})

t.test('the query is checked against the incident list filters: unknown filters and bad values are 400', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  for (const query of ['colour=red', 'victimSex=unknown', 'limit=9999', 'from=yesterday', 'tag=massacre&tag=torture', 'view=table']) {
    const res = await call(app, doc, 'POST', '/api/v1/saved-searches', { name: 'x', query })
    t.equal(res.statusCode, 400, query)
    t.equal(res.json().code, 'SANAD_ERR_VALIDATION', query)
    t.equal(res.json().details?.field, 'query', query)
  }
  const blank = await call(app, doc, 'POST', '/api/v1/saved-searches', { name: '   ', query: '' })
  t.equal(blank.statusCode, 400, 'a blank name')
  const extra = await call(app, doc, 'POST', '/api/v1/saved-searches', { name: 'x', query: '', owner: 'someone' })
  t.equal(extra.statusCode, 400, 'unknown fields')
  t.equal(rows(app).length, 0)
  // The same filters GET /incidents refuses.
  t.equal((await call(app, doc, 'GET', '/api/v1/incidents?colour=red')).statusCode, 400)
})

t.test('insider: another account can neither list, read, rename nor delete them (404) and nothing changes', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const saved = (await call(app, doc, 'POST', '/api/v1/saved-searches', { name: NAME, query: 'tag=massacre' })).json()
  const before = rows(app)
  await app.users.create({ username: 'nadia', password: TEST_PASSWORD, role: 'reviewer' }, 'system')
  for (const other of [await asUsername(app, 'nadia'), await asRole(app, 'legal')]) {
    t.same((await call(app, other, 'GET', '/api/v1/saved-searches')).json().items, [], 'their list is empty')
    const rename = await call(app, other, 'PATCH', `/api/v1/saved-searches/${saved.id}`, { name: 'mine now' })
    t.equal(rename.statusCode, 404)
    t.equal(rename.json().code, 'SANAD_ERR_SAVED_SEARCH_NOT_FOUND')
    t.equal((await call(app, other, 'DELETE', `/api/v1/saved-searches/${saved.id}`)).statusCode, 404)
  }
  for (const role of ['auditor', 'admin'] as const) {
    const res = await call(app, await asRole(app, role), 'GET', '/api/v1/saved-searches')
    t.equal(res.statusCode, 403, `${role} has no incident search`)
  }
  t.same(rows(app), before, 'nothing changed')
  t.same((await call(app, doc, 'GET', '/api/v1/saved-searches')).json().items, [saved])
})

t.test('the name and query are sealed at rest and never reach the ledger', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const ledgerBefore = (app.sqlite.prepare('SELECT COUNT(*) AS n FROM ledger_entries').get() as { n: number }).n
  await call(app, doc, 'POST', '/api/v1/saved-searches', { name: NAME, query: 'q=Zarghuna' })
  const [row] = rows(app)
  t.match(row?.name_enc, /^sf1:/)
  t.match(row?.query_enc, /^sf1:/)
  t.notOk(JSON.stringify(row).includes('Zarghuna'))
  const ledger = app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>
  t.equal(ledger.length, ledgerBefore, 'saving a search appends nothing')
  t.notOk(ledger.some((r) => r.canonical.toString('utf8').includes('Zarghuna')))
})
