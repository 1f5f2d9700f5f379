import t from 'tap'
import { testApp, accountFor, asRole, loginAs, TEST_PASSWORD } from '../../helpers/app.ts'
import { totpCode } from '../../../server/auth/totp.ts'

type App = Awaited<ReturnType<typeof testApp>>
const T0 = Date.parse('2026-03-01T08:00:00Z')
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'

const login = (app: App, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'user-agent': FIREFOX }, payload, remoteAddress: '203.0.113.77' })
const events = async (app: App, headers: Record<string, string>, url = '/api/v1/auth/events') =>
  (await app.inject({ url, headers })).json().items as Array<{
    type: string
    detail: string | null
    actor: string
    userAgent: string | null
    at: string
  }>

t.test('sign-ins, failures, second-factor and token events are kept per account and shown to their owner, newest first', async (t) => {
  let ms = T0
  const app = await testApp(t, { now: () => new Date(ms) })
  const me = await accountFor(app, 'documenter')
  const wrongPassword = 'a wrong pass-phrase 55'
  t.equal((await login(app, { username: me.username, password: wrongPassword })).statusCode, 401)
  t.equal((await login(app, { username: 'nobody-at-all', password: wrongPassword })).statusCode, 401)
  const headers = await loginAs(app, me.username, TEST_PASSWORD)
  const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers, payload: { password: 'not my password x' } })
  t.equal(setup.json().code, 'SANAD_ERR_PASSWORD_WRONG')
  const secret = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers, payload: { password: TEST_PASSWORD } })
  ).json().secret as string
  const confirm = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers, payload: { code: totpCode(secret, ms) } })
  const codes = confirm.json().recoveryCodes as string[]
  ms += 60_000
  t.equal((await login(app, { username: me.username, password: TEST_PASSWORD, totp: '000000' })).statusCode, 401)
  t.equal((await login(app, { username: me.username, password: TEST_PASSWORD, totp: totpCode(secret, ms) })).statusCode, 200)
  const recovered = await login(app, { username: me.username, password: TEST_PASSWORD, recoveryCode: codes[0] })
  t.equal(recovered.statusCode, 200)
  const session = {
    cookie: `sanad_session=${recovered.cookies.find((c) => c.name === 'sanad_session')?.value}`,
    'x-csrf-token': recovered.json().csrfToken
  }
  const token = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: session,
    payload: { name: 'Script for Zarghuna case' }
  })
  const tokenId = token.json().id as string
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${tokenId}`, headers: session })).statusCode, 204)

  const res = await app.inject({ url: '/api/v1/auth/events', headers: session })
  t.equal(res.statusCode, 200)
  const mine = res.json().items as Array<{ type: string; detail: string | null; actor: string; userAgent: string | null }>
  t.same(mine.map((e) => [e.type, e.detail]).reverse(), [
    ['sign-in-failed', 'password'],
    ['signed-in', 'password'],
    ['reauthentication-failed', null],
    ['mfa-enrolled', 'first'],
    ['recovery-codes-generated', null],
    ['sign-in-failed', 'totp'],
    ['signed-in', 'totp'],
    ['recovery-code-used', null],
    ['signed-in', 'recovery-code'],
    ['token-created', tokenId],
    ['token-revoked', tokenId]
  ])
  t.ok(
    mine.every((e) => e.actor === `user:${me.id}`),
    'the owner caused them all'
  )
  t.equal(mine.find((e) => e.type === 'sign-in-failed')?.userAgent, 'Firefox on Windows')

  const table = JSON.stringify(app.sqlite.prepare('SELECT * FROM security_events').all())
  for (const leak of [
    wrongPassword,
    TEST_PASSWORD,
    secret,
    codes[0]!,
    codes[0]!.replace(/-/g, ''),
    token.json().token,
    'Zarghuna',
    me.username,
    'nobody-at-all',
    '203.0.113',
    'Gecko'
  ]) {
    t.notOk(table.includes(leak), `the events hold no ${leak.slice(0, 12)}…`)
  }
  t.equal(
    (app.sqlite.prepare('SELECT count(DISTINCT user_seq) AS n FROM security_events').get() as { n: number }).n,
    1,
    'an unknown username records nothing'
  )
  t.equal(
    (
      app.sqlite
        .prepare("SELECT count(*) AS n FROM ledger_entries WHERE type IN ('signed-in', 'sign-in-failed', 'token-created')")
        .get() as { n: number }
    ).n,
    0,
    'not the custody ledger'
  )
})

t.test('an admin reads the events of an account, including a reset they made; insiders read only their own', async (t) => {
  const app = await testApp(t, { now: () => new Date(T0) })
  const victim = await accountFor(app, 'legal')
  const admin = await accountFor(app, 'admin')
  await login(app, { username: victim.username, password: 'a wrong pass-phrase 55' })
  await loginAs(app, victim.username, TEST_PASSWORD)
  const adminHeaders = await asRole(app, 'admin')
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/users/${victim.id}/totp/reset`, headers: adminHeaders })).statusCode, 200)

  const res = await app.inject({ url: `/api/v1/users/${victim.id}/security-events`, headers: adminHeaders })
  t.equal(res.statusCode, 200)
  const seen = res.json().items as Array<{ type: string; actor: string }>
  t.same(
    seen.map((e) => e.type),
    ['mfa-reset', 'signed-in', 'sign-in-failed']
  )
  t.equal(seen[0]!.actor, `user:${admin.id}`, 'the reset names the admin who made it')
  t.equal(
    (await app.inject({ url: '/api/v1/users/00000000-0000-4000-8000-000000000000/security-events', headers: adminHeaders })).json().code,
    'SANAD_ERR_USER_NOT_FOUND'
  )

  for (const role of ['documenter', 'auditor'] as const) {
    const denied = await app.inject({ url: `/api/v1/users/${victim.id}/security-events`, headers: await asRole(app, role) })
    t.equal(denied.statusCode, 403, `${role} cannot read another account's events`)
    t.equal(denied.json().code, 'SANAD_ERR_FORBIDDEN')
  }
  const insider = await events(app, await asRole(app, 'documenter'))
  t.ok(
    insider.every((e) => e.type === 'token-created'),
    "an insider's own list holds only their own events"
  )
  t.equal((await events(app, adminHeaders, `/api/v1/users/${victim.id}/security-events`)).length, 3, 'and reading changed nothing')
})
