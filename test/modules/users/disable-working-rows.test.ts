// Accounts are never deleted (the ledger names them): disabling one is where its own working rows end.
// Its saved searches (sealed, but their words can name a person) and its notifications are deleted with
// its sessions and tokens, so nobody reaches them before or after, and enabling it again starts clean.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { asRole, asUsername, incidentInput, loginAs, testApp, TEST_PASSWORD } from '../../helpers/app.ts'

const call = (app: FastifyInstance, headers: Record<string, string>, method: string, url: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

const count = (app: FastifyInstance, table: string, userSeq: number): number =>
  (app.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_seq = ?`).get(userSeq) as { n: number }).n

const seqOf = (app: FastifyInstance, id: string): number =>
  (app.sqlite.prepare('SELECT seq FROM users WHERE id = ?').get(id) as { seq: number }).seq

t.test('disabling an account deletes its saved searches and notifications; another account never reaches them', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const doc = await asRole(app, 'documenter')
  const zahra = await app.users.create({ username: 'zahra', password: TEST_PASSWORD, role: 'reviewer' }, 'system')
  const nadia = await app.users.create({ username: 'nadia', password: TEST_PASSWORD, role: 'reviewer' }, 'system')
  const zahraToken = await asUsername(app, 'zahra')
  const zahraSession = await loginAs(app, 'zahra', TEST_PASSWORD)
  const nadiaHeaders = await asUsername(app, 'nadia')

  const saved = await call(app, zahraToken, 'POST', '/api/v1/saved-searches', { name: 'Zarghuna Ahmadi', query: 'q=Zarghuna' })
  t.equal(saved.statusCode, 201, saved.body)
  const search = saved.json()
  const nadiaOwn = (await call(app, nadiaHeaders, 'POST', '/api/v1/saved-searches', { name: 'mine', query: 'tag=massacre' })).json()
  const incident = (await call(app, doc, 'POST', '/api/v1/incidents', incidentInput())).json()
  const comment = await call(app, doc, 'POST', `/api/v1/incidents/${incident.id}/comments`, { body: '@zahra please review' })
  t.equal(comment.statusCode, 201, comment.body)
  t.equal((await call(app, zahraToken, 'GET', '/api/v1/notifications')).json().unread, 1, 'zahra was notified')
  t.equal(count(app, 'saved_searches', seqOf(app, zahra.id)), 1)
  t.equal(count(app, 'notifications', seqOf(app, zahra.id)), 1)

  // Insider, before: another reviewer can neither list, rename nor delete zahra's search.
  t.same((await call(app, nadiaHeaders, 'GET', '/api/v1/saved-searches')).json().items, [nadiaOwn])
  for (const [method, payload] of [
    ['PATCH', { name: 'taken' }],
    ['DELETE', undefined]
  ] as const) {
    const res = await call(app, nadiaHeaders, method, `/api/v1/saved-searches/${search.id}`, payload)
    t.equal(res.statusCode, 404, `before: ${method}`)
    t.equal(res.json().code, 'SANAD_ERR_SAVED_SEARCH_NOT_FOUND')
  }

  const ledgerBefore = (app.sqlite.prepare('SELECT MAX(idx) AS n FROM ledger_entries').get() as { n: number }).n
  const disabled = await call(app, admin, 'POST', `/api/v1/users/${zahra.id}/disable`)
  t.equal(disabled.statusCode, 200, disabled.body)
  t.equal(count(app, 'saved_searches', seqOf(app, zahra.id)), 0, 'her saved searches are deleted')
  t.equal(count(app, 'notifications', seqOf(app, zahra.id)), 0, 'her notifications are deleted')
  t.equal(count(app, 'saved_searches', seqOf(app, nadia.id)), 1, 'nobody else’s')
  const entries = app.sqlite
    .prepare('SELECT type, CAST(canonical AS TEXT) AS canonical FROM ledger_entries WHERE idx > ?')
    .all(ledgerBefore) as Array<{ type: string; canonical: string }>
  t.same(
    entries.map((e) => e.type),
    ['user-disabled']
  )
  t.notMatch(JSON.stringify(entries), /Zarghuna|zahra/, 'the ledger gets no name nor search word')

  // Her own ways in are gone; another account still reaches nothing.
  for (const h of [zahraToken, zahraSession]) t.equal((await call(app, h, 'GET', '/api/v1/saved-searches')).statusCode, 401)
  for (const [method, payload] of [
    ['PATCH', { name: 'taken' }],
    ['DELETE', undefined]
  ] as const)
    t.equal((await call(app, nadiaHeaders, method, `/api/v1/saved-searches/${search.id}`, payload)).statusCode, 404, `after: ${method}`)
  t.same((await call(app, nadiaHeaders, 'GET', '/api/v1/saved-searches')).json().items, [nadiaOwn], 'her own search is untouched')

  // Enabled again, the account starts with none.
  t.equal((await call(app, admin, 'POST', `/api/v1/users/${zahra.id}/enable`)).statusCode, 200)
  const again = await asUsername(app, 'zahra')
  t.same((await call(app, again, 'GET', '/api/v1/saved-searches')).json().items, [])
  t.equal((await call(app, again, 'GET', '/api/v1/notifications')).json().unread, 0)
})

t.test('insider: a non-admin cannot disable an account to wipe its saved searches; nothing changes', async (t) => {
  const app = await testApp(t)
  await app.users.create({ username: 'zahra', password: TEST_PASSWORD, role: 'reviewer' }, 'system')
  const zahra = app.users.byUsername('zahra')!
  const zahraHeaders = await asUsername(app, 'zahra')
  await call(app, zahraHeaders, 'POST', '/api/v1/saved-searches', { name: 'mine', query: 'tag=massacre' })
  for (const role of ['documenter', 'reviewer', 'legal', 'auditor'] as const) {
    const res = await call(app, await asRole(app, role), 'POST', `/api/v1/users/${zahra.id}/disable`)
    t.equal(res.statusCode, 403, role)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN', role)
  }
  t.equal(app.users.get(zahra.id).disabled, false)
  t.equal((await call(app, zahraHeaders, 'GET', '/api/v1/saved-searches')).json().items.length, 1, 'her search is still hers')
})

t.test('the operator command disables through the same rule: the searches go too', async (t) => {
  const app = await testApp(t)
  await app.users.create({ username: 'zahra', password: TEST_PASSWORD, role: 'reviewer' }, 'system')
  const zahra = app.users.byUsername('zahra')!
  await call(app, await asUsername(app, 'zahra'), 'POST', '/api/v1/saved-searches', { name: 'mine', query: 'tag=massacre' })
  app.users.disable(zahra.id, 'system')
  t.equal(count(app, 'saved_searches', seqOf(app, zahra.id)), 0)
})
