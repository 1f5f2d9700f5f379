import t from 'tap'
import { testApp, asRole, asUsername, loginAs, accountFor, incidentInput, TEST_PASSWORD } from '../../helpers/app.ts'
import { firstAdminMessage, usersService } from '../../../server/modules/users/service.ts'
import type { LedgerAppend, LedgerEvent } from '../../../server/ledger/types.ts'
import { openDatabase } from '../../../server/db/open.ts'
import { join } from 'node:path'

t.test('POST /users (admin only) creates an account that can sign in; the answer carries no secret', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: { username: 'Legal-1', password: 'a proper pass-phrase 8', role: 'legal' }
  })
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { username: 'legal-1', role: 'legal', disabled: false, totpEnabled: false })
  t.notOk(/password|hash/i.test(Object.keys(res.json()).join()), 'no password or hash in the answer')
  await loginAs(app, 'LEGAL-1', 'a proper pass-phrase 8')
  const list = (await app.inject({ url: '/api/v1/users', headers: admin })).json().items
  t.ok(list.some((u: { username: string }) => u.username === 'legal-1'))
  t.notOk(JSON.stringify(list).includes('argon2'))
  for (const role of ['documenter', 'legal', 'auditor'] as const) {
    const denied = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: await asRole(app, role),
      payload: { username: 'x-user', password: 'a proper pass-phrase 8', role: 'admin' }
    })
    t.equal(denied.statusCode, 403, role)
    t.equal(denied.json().code, 'SANAD_ERR_FORBIDDEN')
  }
  const anonymous = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    payload: { username: 'x-user', password: 'a proper pass-phrase 8', role: 'admin' }
  })
  t.equal(anonymous.statusCode, 401)
})

t.test('weak passwords, taken usernames and unknown roles are refused with coded errors', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload })
  const short = await post({ username: 'doc-2', password: 'short', role: 'documenter' })
  t.equal(short.json().code, 'SANAD_ERR_PASSWORD_WEAK')
  t.equal(short.json().field, 'password')
  t.equal(
    (await post({ username: 'doc-2', password: 'Password1234', role: 'documenter' })).json().code,
    'SANAD_ERR_PASSWORD_WEAK',
    'common password'
  )
  t.equal((await post({ username: 'doc-2', password: 'a proper pass-phrase 8', role: 'superuser' })).json().code, 'SANAD_ERR_VALIDATION')
  t.equal((await post({ username: 'doc 2', password: 'a proper pass-phrase 8', role: 'documenter' })).json().code, 'SANAD_ERR_VALIDATION')
  t.equal((await post({ username: 'doc-2', password: 'a proper pass-phrase 8', role: 'documenter' })).statusCode, 201)
  const taken = await post({ username: 'DOC-2', password: 'a proper pass-phrase 8', role: 'auditor' })
  t.equal(taken.statusCode, 409, 'usernames are case-insensitive')
  t.equal(taken.json().code, 'SANAD_ERR_USERNAME_TAKEN')
})

t.test("an admin resets a password (random, shown once) and that ends the user's sessions and tokens", async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const doc = await accountFor(app, 'documenter')
  const session = await loginAs(app, doc.username, TEST_PASSWORD)
  const token = await asRole(app, 'documenter')
  const res = await app.inject({ method: 'POST', url: `/api/v1/users/${doc.id}/password`, headers: admin, payload: {} })
  t.equal(res.statusCode, 200, res.body)
  const { password } = res.json()
  t.match(password, /^[A-Za-z0-9]{24}$/)
  for (const h of [session, token]) t.equal((await app.inject({ url: '/api/v1/auth/me', headers: h })).statusCode, 401)
  await loginAs(app, doc.username, password)
  const chosen = await app.inject({
    method: 'POST',
    url: `/api/v1/users/${doc.id}/password`,
    headers: admin,
    payload: { password: 'chosen by the admin 42' }
  })
  t.notOk('password' in chosen.json(), 'a chosen password is not echoed')
})

t.test('the last active admin cannot be disabled; others can, and be enabled again', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const users = (await app.inject({ url: '/api/v1/users', headers: admin })).json().items as Array<{ id: string; username: string }>
  const first = users.find((u) => u.username === 'admin')
  const testAdmin = await accountFor(app, 'admin')
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/users/${first?.id}/disable`, headers: admin })).statusCode, 200)
  const last = await app.inject({ method: 'POST', url: `/api/v1/users/${testAdmin.id}/disable`, headers: admin })
  t.equal(last.statusCode, 409)
  t.equal(last.json().code, 'SANAD_ERR_LAST_ADMIN')
  const enabled = await app.inject({ method: 'POST', url: `/api/v1/users/${first?.id}/enable`, headers: admin })
  t.equal(enabled.json().disabled, false)
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/v1/users/00000000-0000-4000-8000-000000000000/disable', headers: admin })).json().code,
    'SANAD_ERR_USER_NOT_FOUND'
  )
})

t.test('account changes are in the custody ledger under the user id, never the username', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const created = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { username: 'farida-kabul', password: 'a proper pass-phrase 8', role: 'documenter' }
    })
  ).json()
  await app.inject({ method: 'POST', url: `/api/v1/users/${created.id}/disable`, headers: admin })
  await app.inject({ method: 'POST', url: `/api/v1/users/${created.id}/password`, headers: admin, payload: {} })
  const entries = app.ledger.subjectEntries('user', created.id).map((e) => e.entry)
  t.same(
    entries.map((e) => e.type),
    ['user-created', 'user-disabled', 'password-reset']
  )
  const adminId = (await accountFor(app, 'admin')).id
  t.ok(
    entries.every((e) => e.actor === `user:${adminId}`),
    'the admin is logged like anyone else'
  )
  const all = app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>
  t.notOk(
    all.some((r) => r.canonical.toString('utf8').includes('farida')),
    'no username anywhere in the ledger'
  )
  t.throws(() => app.sqlite.prepare('DELETE FROM users').run(), /never deleted/)
})

t.test('with two active admins a clearance is a request until the other admin approves it; revoking is at once', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const other = await asUsername(app, 'admin')
  const legal = await accountFor(app, 'legal')
  const incident = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: await asRole(app, 'documenter'),
      payload: incidentInput({ categories: ['cah-rape'] })
    })
  ).json()
  const asked = await app.inject({
    method: 'POST',
    url: `/api/v1/users/${legal.id}/clearances`,
    headers: admin,
    payload: { incidentId: incident.id }
  })
  t.equal(asked.statusCode, 202, asked.body)
  const adminId = (await accountFor(app, 'admin')).id
  t.match(asked.json(), { userId: legal.id, incidentId: incident.id, status: 'pending', requestedBy: `user:${adminId}`, decidedAt: null })
  t.same((await app.inject({ url: `/api/v1/users/${legal.id}/clearances`, headers: admin })).json().items, [], 'not in effect yet')
  const again = await app.inject({
    method: 'POST',
    url: `/api/v1/users/${legal.id}/clearances`,
    headers: admin,
    payload: { incidentId: incident.id }
  })
  t.equal(again.json().id, asked.json().id, 'asking twice gives the same request')
  const pending = (await app.inject({ url: '/api/v1/clearance-requests?status=pending', headers: other })).json().items
  t.same(
    pending.map((r: { id: string }) => r.id),
    [asked.json().id],
    'the other admin sees it waiting'
  )

  const approved = await app.inject({ method: 'POST', url: `/api/v1/clearance-requests/${asked.json().id}/approve`, headers: other })
  t.equal(approved.statusCode, 200, approved.body)
  t.match(approved.json(), { incidentId: incident.id, revokedAt: null })
  t.equal(
    (await app.inject({ url: `/api/v1/users/${legal.id}/clearances`, headers: admin })).json().items.length,
    1,
    'in effect once approved'
  )
  t.same((await app.inject({ url: '/api/v1/clearance-requests?status=pending', headers: other })).json().items, [])
  const twice = await app.inject({ method: 'POST', url: `/api/v1/clearance-requests/${asked.json().id}/approve`, headers: other })
  t.equal(twice.statusCode, 409)
  t.equal(twice.json().code, 'SANAD_ERR_CLEARANCE_DECIDED')

  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/v1/users/${legal.id}/clearances/${incident.id}`, headers: admin })).statusCode,
    204
  )
  t.ok(
    (await app.inject({ url: `/api/v1/users/${legal.id}/clearances`, headers: admin })).json().items[0].revokedAt,
    'kept, marked revoked'
  )
  const entries = app.ledger
    .subjectEntries('user', legal.id)
    .map((e) => e.entry)
    .slice(-3)
  t.same(
    entries.map((e) => e.type),
    ['clearance-requested', 'clearance-approved', 'clearance-revoked']
  )
  const otherId = app.users.byUsername('admin')?.id
  t.same(
    entries.map((e) => e.actor),
    [`user:${adminId}`, `user:${otherId}`, `user:${adminId}`]
  )
  t.same(entries[1]?.details, { incident: incident.id, request: asked.json().id }, 'ids only')
})

t.test('a rejected clearance request never takes effect; the admin who asked may withdraw it', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const other = await asUsername(app, 'admin')
  const legal = await accountFor(app, 'legal')
  const incident = (
    await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: await asRole(app, 'documenter'), payload: incidentInput() })
  ).json()
  const ask = async (): Promise<string> =>
    (
      await app.inject({
        method: 'POST',
        url: `/api/v1/users/${legal.id}/clearances`,
        headers: admin,
        payload: { incidentId: incident.id }
      })
    ).json().id
  const first = await ask()
  const rejected = await app.inject({ method: 'POST', url: `/api/v1/clearance-requests/${first}/reject`, headers: other })
  t.equal(rejected.statusCode, 200, rejected.body)
  t.equal(rejected.json().status, 'rejected')
  const late = await app.inject({ method: 'POST', url: `/api/v1/clearance-requests/${first}/approve`, headers: other })
  t.equal(late.json().code, 'SANAD_ERR_CLEARANCE_DECIDED', 'a rejected request cannot be approved after all')
  const second = await ask()
  t.not(second, first, 'asking again is a new request')
  t.equal(
    (await app.inject({ method: 'POST', url: `/api/v1/clearance-requests/${second}/reject`, headers: admin })).statusCode,
    200,
    'withdrawn by the admin who asked'
  )
  t.same((await app.inject({ url: `/api/v1/users/${legal.id}/clearances`, headers: admin })).json().items, [])
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/v1/clearance-requests/00000000-0000-4000-8000-000000000000/approve', headers: other }))
      .statusCode,
    404
  )
  t.same(
    app.ledger
      .subjectEntries('user', legal.id)
      .map((e) => e.entry.type)
      .slice(-4),
    ['clearance-requested', 'clearance-rejected', 'clearance-requested', 'clearance-rejected']
  )
})

t.test("the only active admin clears at once, and that grant is flagged in the auditors' sensitive-actions list", async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const legal = await accountFor(app, 'legal')
  const documenter = await accountFor(app, 'documenter')
  const auditor = await asRole(app, 'auditor')
  const incident = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: await asRole(app, 'documenter'),
      payload: incidentInput({ categories: ['cah-rape'] })
    })
  ).json()
  const firstAdmin = app.users.byUsername('admin')?.id ?? ''
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/users/${firstAdmin}/disable`, headers: admin })).statusCode, 200)
  const granted = await app.inject({
    method: 'POST',
    url: `/api/v1/users/${legal.id}/clearances`,
    headers: admin,
    payload: { incidentId: incident.id }
  })
  t.equal(granted.statusCode, 201, granted.body)
  t.equal((await app.inject({ url: `/api/v1/users/${legal.id}/clearances`, headers: admin })).json().items.length, 1, 'in effect at once')
  await app.inject({ method: 'POST', url: `/api/v1/users/${legal.id}/password`, headers: admin, payload: {} })
  await app.inject({ method: 'POST', url: `/api/v1/users/${documenter.id}/password`, headers: admin, payload: {} })
  await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: { username: 'second-admin', password: 'a proper pass-phrase 8', role: 'admin' }
  })
  const secondAdmin = app.users.byUsername('second-admin')?.id

  const res = await app.inject({ url: '/api/v1/audit/sensitive-actions', headers: auditor })
  t.equal(res.statusCode, 200, res.body)
  const adminId = `user:${(await accountFor(app, 'admin')).id}`
  const items = res.json().items as Array<Record<string, unknown>>
  const mine = items.filter((i) => i.actor === adminId)
  t.match(mine, [
    { type: 'clearance-granted', targetUser: `user:${legal.id}`, incident: incident.id, flag: 'no-second-approval' },
    { type: 'password-reset', targetUser: `user:${legal.id}` },
    { type: 'user-created', targetUser: `user:${secondAdmin}` }
  ])
  t.equal(mine.length, 3, "the documenter's password reset and the disabling are not sensitive actions")
  t.ok(items.every((i) => typeof i.time === 'string' && typeof i.leafHash === 'string' && Array.isArray(i.proof)))
  t.notOk(/second-admin|test-legal|test-admin/.test(res.body), 'ids only, never a username')
  t.equal((await app.inject({ url: '/api/v1/audit/sensitive-actions', headers: admin })).statusCode, 200, 'admins see it too')
  const paged = (await app.inject({ url: '/api/v1/audit/sensitive-actions?limit=1', headers: auditor })).json()
  t.equal(paged.items.length, 1)
  t.ok(paged.next, 'paged with a cursor')
  const later = (await app.inject({ url: `/api/v1/audit/sensitive-actions?cursor=${paged.next}`, headers: auditor })).json()
  t.same(
    [...paged.items, ...later.items].map((i: { index: number }) => i.index),
    items.map((i) => i.index)
  )
  t.same((await app.inject({ url: '/api/v1/audit/sensitive-actions?to=2001-01-01', headers: auditor })).json().items, [], 'a time range')
  for (const role of ['documenter', 'legal'] as const) {
    t.equal((await app.inject({ url: '/api/v1/audit/sensitive-actions', headers: await asRole(app, role) })).statusCode, 403, role)
  }
})

t.test('first start: an empty database gets `admin` with SANAD_ADMIN_PASSWORD, or a random password printed once', async (t) => {
  const dir = t.testdir({})
  const { sqlite, db } = openDatabase(join(dir, 'sanad.db'))
  t.teardown(() => sqlite.close())
  // The service takes a required ledger: a recording one stands in for it here.
  const recorded: LedgerEvent[] = []
  const ledger: LedgerAppend = {
    append: (event) => {
      recorded.push(event)
      return { index: recorded.length - 1, leafHash: '' }
    }
  }
  const users = usersService({ db, sqlite, ledger })
  const created = await users.ensureAdmin('')
  t.equal(created?.username, 'admin')
  t.match(created?.password, /^[A-Za-z0-9]{24}$/)
  t.equal(await users.ensureAdmin(''), null, 'never again once an account exists')
  t.same(
    recorded.map((e) => [e.type, e.actor, e.details]),
    [['user-created', 'system', { role: 'admin', firstStart: true }]],
    'its custody entry, once'
  )
  const message = firstAdminMessage('admin', created?.password ?? '')
  t.match(message, /shown only now/)
  t.ok(message.includes(created?.password ?? '-'))

  const other = openDatabase(join(t.testdir({}), 'sanad.db'))
  t.teardown(() => other.sqlite.close())
  const given = await usersService({ db: other.db, sqlite: other.sqlite, ledger }).ensureAdmin('operator chose this 9')
  t.same(given, { username: 'admin', password: null }, 'a given password is not echoed')
  await t.rejects(
    usersService({ ...openDatabase(join(t.testdir({}), 'sanad.db')), ledger }).ensureAdmin('admin'),
    /SANAD_ADMIN_PASSWORD is not acceptable/
  )
})

t.test('the app prints the random first password on stdout, never through the logger', async (t) => {
  const printed: string[] = []
  const { buildApp } = await import('../../../server/app.ts')
  const logged: string[] = []
  const { Writable } = await import('node:stream')
  const stream = new Writable({
    write(chunk, _e, done) {
      logged.push(String(chunk))
      done()
    }
  })
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string) => {
    printed.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  let app
  try {
    app = await buildApp({ env: {}, logger: { level: 'trace', stream }, config: { dataDir: t.testdir({}), checkpointIntervalMs: 0 } })
    await app.ready()
  } finally {
    process.stdout.write = write
  }
  t.teardown(() => app?.close())
  const text = printed.join('')
  const password = /password: (\S+)/.exec(text)?.[1]
  t.ok(password, 'printed once')
  t.notOk(logged.join('').includes(password ?? '-'), 'not in the log')
  await loginAs(app, 'admin', password ?? '')
})

t.test('GET /users/directory names every account by id, with its role only, for every signed-in role', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: { username: 'gone-1', password: 'a proper pass-phrase 8', role: 'legal' }
  })
  await app.inject({ method: 'POST', url: `/api/v1/users/${created.json().id}/disable`, headers: admin })
  for (const role of ['admin', 'documenter', 'reviewer', 'legal', 'auditor'] as const) {
    const res = await app.inject({ url: '/api/v1/users/directory', headers: await asRole(app, role) })
    t.equal(res.statusCode, 200, role)
    const items = res.json().items as Record<string, unknown>[]
    t.ok(
      items.every((e) => Object.keys(e).sort().join() === 'id,role,username'),
      `${role}: id, username and role, nothing else`
    )
    t.match(
      items.find((e) => e.id === created.json().id),
      { username: 'gone-1', role: 'legal' },
      `${role}: a disabled account is still named (it is in the history)`
    )
    t.ok(
      items.some((e) => e.username === 'admin' && e.role === 'admin'),
      `${role}: the first-start admin too`
    )
    t.notOk(/argon2|totp|lastLogin|disabled|clearance/i.test(res.body), `${role}: no secret, state or clearance`)
  }
  const anonymous = await app.inject({ url: '/api/v1/users/directory' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'SANAD_ERR_UNAUTHENTICATED')
})

t.test('an admin finds incidents to clear an account for by reference: ids and references only, never titles', async (t) => {
  const app = await testApp(t)
  const admin = await asRole(app, 'admin')
  const doc = await asRole(app, 'documenter')
  const made = []
  for (const title of ['Killing of a named witness', 'Second incident']) {
    made.push((await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput({ title }) })).json())
  }
  const part = made[0].reference.slice(-6).toLowerCase()
  const res = await app.inject({ url: `/api/v1/clearance-incidents?q=${encodeURIComponent(part)}`, headers: admin })
  t.equal(res.statusCode, 200)
  t.same(res.json().items, [{ id: made[0].id, reference: made[0].reference }], 'found by part of its reference, in any case')
  const all = (await app.inject({ url: '/api/v1/clearance-incidents?q=SND', headers: admin })).json().items
  t.same(
    all.map((i: { reference: string }) => i.reference),
    [made[1].reference, made[0].reference],
    'newest first'
  )
  t.notOk(JSON.stringify(all).includes('witness'), 'no title reaches the admin')
  t.same((await app.inject({ url: '/api/v1/clearance-incidents?q=%20', headers: admin })).json().items, [], 'nothing for an empty search')
  t.same(
    (await app.inject({ url: '/api/v1/clearance-incidents?q=%25', headers: admin })).json().items,
    [],
    '% is a character, not a wildcard'
  )
  t.equal((await app.inject({ url: '/api/v1/clearance-incidents?q=SND', headers: doc })).statusCode, 403, 'only admins')
  const cleared = await app.inject({
    method: 'POST',
    url: `/api/v1/users/${(await accountFor(app, 'legal')).id}/clearances`,
    headers: admin,
    payload: { incidentId: made[0].id }
  })
  t.ok([201, 202].includes(cleared.statusCode), cleared.body)
  t.equal(cleared.json().incidentId, made[0].id)
})
