import t from 'tap'
import { testApp, loginAs, asRole, TEST_ADMIN_PASSWORD } from '../../helpers/app.ts'
import { sha256Hex } from '../../../server/auth/secrets.ts'

t.test('an API token is shown once, stored hashed, works as Bearer and is listed without its secret', async (t) => {
  const app = await testApp(t)
  const session = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: session,
    payload: { name: 'nightly verify', expiresInDays: 30 }
  })
  t.equal(created.statusCode, 201, created.body)
  const { id, token, expiresAt } = created.json()
  t.match(token, /^sanad_pat_[A-Za-z0-9_-]{43}$/)
  t.ok(expiresAt)
  const stored = app.sqlite.prepare('SELECT token_hash AS h FROM api_tokens WHERE id = ?').get(id) as { h: string }
  t.equal(stored.h, sha256Hex(token), 'only the SHA-256 is stored')
  const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
  t.equal(me.statusCode, 200)
  t.same(me.json(), { username: 'admin', role: 'admin' })
  const list = await app.inject({ url: '/api/v1/auth/tokens', headers: session })
  t.equal(list.json().items.length, 1)
  t.equal(list.json().items[0].name, 'nightly verify')
  t.notOk(list.body.includes(token), 'the secret is never listed')
  t.notOk('token' in list.json().items[0])
  t.ok(list.json().items[0].lastUsedAt, 'last use is shown')
})

t.test('a revoked, unknown or malformed token is 401 and never falls back to the cookie', async (t) => {
  const app = await testApp(t)
  const session = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const { id, token } = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'script' } })
  ).json()
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: session })).statusCode, 204)
  for (const authorization of [`Bearer ${token}`, 'Bearer sanad_pat_' + 'A'.repeat(43), 'Basic YWRtaW46eA==', 'Bearer']) {
    const res = await app.inject({ url: '/api/v1/auth/me', headers: { authorization, cookie: session.cookie as string } })
    t.equal(res.statusCode, 401, authorization.slice(0, 12))
  }
  t.ok((await app.inject({ url: '/api/v1/auth/tokens', headers: session })).json().items[0].revokedAt)
})

t.test('tokens are minted only from a browser session, and only their owner revokes them', async (t) => {
  const app = await testApp(t)
  const bearer = await asRole(app, 'documenter')
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer, payload: { name: 'more' } })
  t.equal(res.statusCode, 403)
  t.equal(res.json().code, 'SANAD_ERR_SESSION_REQUIRED', 'a leaked token cannot mint more tokens')
  const session = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const { id } = (await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'mine' } })).json()
  const other = await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: bearer })
  t.equal(other.statusCode, 404, 'someone else\'s token is "not found"')
  t.equal(other.json().code, 'SANAD_ERR_TOKEN_NOT_FOUND')
})

t.test('an expired token stops working', async (t) => {
  let ms = Date.parse('2026-03-01T08:00:00Z')
  const app = await testApp(t, { now: () => new Date(ms) })
  const session = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const { token } = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'short', expiresInDays: 1 } })
  ).json()
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200)
  ms += 86_400_000 + 1
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401)
})

t.test("changing one's password ends every session and token and opens a new session", async (t) => {
  const app = await testApp(t)
  const session = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const other = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const { token: secret } = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session, payload: { name: 'script' } })
  ).json()
  const token = { authorization: `Bearer ${secret}` }
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: token })).statusCode, 200)
  const weak = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: session,
    payload: { currentPassword: TEST_ADMIN_PASSWORD, newPassword: 'password1234' }
  })
  t.equal(weak.json().code, 'SANAD_ERR_PASSWORD_WEAK')
  const wrong = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: session,
    payload: { currentPassword: 'not it at all', newPassword: 'a much better phrase 5' }
  })
  t.equal(wrong.json().code, 'SANAD_ERR_PASSWORD_WRONG')
  const ok = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: session,
    payload: { currentPassword: TEST_ADMIN_PASSWORD, newPassword: 'a much better phrase 5' }
  })
  t.equal(ok.statusCode, 200, ok.body)
  for (const h of [session, other]) t.equal((await app.inject({ url: '/api/v1/auth/me', headers: h })).statusCode, 401)
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: token })).statusCode, 401)
  const fresh = ok.cookies.find((c) => c.name === 'sanad_session')
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `sanad_session=${fresh?.value}` } })).statusCode, 200)
  await loginAs(app, 'admin', 'a much better phrase 5')
})

t.test('guessing the current password with a stolen session is throttled like signing in', async (t) => {
  const app = await testApp(t)
  const session = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const change = (currentPassword: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: session,
      payload: { currentPassword, newPassword: 'a much better phrase 5' }
    })
  for (let i = 0; i < 5; i++) t.equal((await change(`guess number ${i}`)).json().code, 'SANAD_ERR_PASSWORD_WRONG')
  const locked = await change(TEST_ADMIN_PASSWORD)
  t.equal(locked.statusCode, 429)
  t.equal(locked.json().code, 'SANAD_ERR_RATE_LIMITED')
})
