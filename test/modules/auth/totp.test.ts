import t from 'tap'
import { testApp, loginAs, accountFor, TEST_ADMIN_PASSWORD, TEST_PASSWORD } from '../../helpers/app.ts'
import { totpCode } from '../../../server/auth/totp.ts'

const T0 = Date.parse('2026-03-01T08:00:00Z')

async function enrol(app: Awaited<ReturnType<typeof testApp>>, headers: Record<string, string>, at: number, password: string) {
  const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers, payload: { password } })
  if (setup.statusCode !== 200) throw new Error(setup.body)
  const { secret, uri } = setup.json()
  const confirm = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers, payload: { code: totpCode(secret, at) } })
  if (confirm.statusCode !== 200) throw new Error(confirm.body)
  return { secret, uri, confirm }
}

t.test('any account can add TOTP; sign-in then needs a current code, used once', async (t) => {
  let ms = T0
  const app = await testApp(t, { now: () => new Date(ms) })
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const { secret, uri, confirm } = await enrol(app, headers, ms, TEST_ADMIN_PASSWORD)
  t.match(uri, /^otpauth:\/\/totp\/Sanad:admin\?/)
  t.match(secret, /^[A-Z2-7]{32}$/)
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode, 401, 'enrolling renews the session id')
  t.ok(confirm.json().csrfToken)
  const stored = JSON.stringify(app.sqlite.prepare('SELECT totp_secret, totp_pending FROM users').all())
  t.notOk(stored.includes(secret), 'the secret is encrypted at rest')
  t.match(stored, /sf1:/)

  const without = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD }
  })
  t.equal(without.statusCode, 401)
  t.equal(without.json().code, 'SANAD_ERR_TOTP_REQUIRED')
  t.equal(without.cookies.length, 0, 'no session without the code')
  ms += 60_000
  const wrong = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD, totp: totpCode(secret, ms - 10 * 60_000) }
  })
  t.equal(wrong.json().code, 'SANAD_ERR_TOTP_REQUIRED', 'an old code is refused')
  const code = totpCode(secret, ms)
  const ok = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD, totp: code }
  })
  t.equal(ok.statusCode, 200, ok.body)
  const replay = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD, totp: code }
  })
  t.equal(replay.statusCode, 401, 'the same code twice is refused')
  const wrongPassword = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: 'wrong password here', totp: totpCode(secret, ms) }
  })
  t.equal(wrongPassword.json().code, 'SANAD_ERR_LOGIN_FAILED', 'a wrong password says nothing about the code')
  // Replacing the factor: the old one keeps working until the new one is confirmed.
  const signedIn = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD, { totp: totpCode(secret, ms + 30_000) })
  const again = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/setup',
    headers: signedIn,
    payload: { password: TEST_ADMIN_PASSWORD }
  })
  t.equal(again.statusCode, 200, 'a second factor in use can be replaced, with the password')
  t.not(again.json().secret, secret)
})

t.test('a wrong code at enrolment is refused and nothing is enabled', async (t) => {
  const app = await testApp(t)
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers, payload: { password: TEST_ADMIN_PASSWORD } })
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers, payload: { code: '000000' } })
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'SANAD_ERR_TOTP_INVALID')
  t.same((await app.inject({ url: '/api/v1/auth/totp', headers })).json(), { enabled: false, required: false, recoveryCodesLeft: 0 })
})

t.test('with SANAD_REQUIRE_MFA=1, admin and legal must enrol before anything else; documenters need not', async (t) => {
  const ms = T0
  const app = await testApp(t, { now: () => new Date(ms), env: { SANAD_REQUIRE_MFA: '1' } })
  const legal = await accountFor(app, 'legal')
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: legal.username, password: TEST_PASSWORD }
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().mfa, 'enrolment-required')
  const cookie = res.cookies.find((c) => c.name === 'sanad_session')
  const headers = { cookie: `sanad_session=${cookie?.value}`, 'x-csrf-token': res.json().csrfToken }
  const blocked = await app.inject({ url: '/api/v1/incidents', headers })
  t.equal(blocked.statusCode, 403)
  t.equal(blocked.json().code, 'SANAD_ERR_MFA_ENROLMENT_REQUIRED')
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode, 200, 'who am I still answers')
  t.same((await app.inject({ url: '/api/v1/auth/totp', headers })).json(), { enabled: false, required: true, recoveryCodesLeft: 0 })
  const { confirm } = await enrol(app, headers, ms, TEST_PASSWORD)
  const renewed = {
    cookie: `sanad_session=${confirm.cookies.find((c) => c.name === 'sanad_session')?.value}`,
    'x-csrf-token': confirm.json().csrfToken
  }
  t.equal((await app.inject({ url: '/api/v1/incidents', headers: renewed })).statusCode, 200, 'full access after enrolling')

  const documenter = await accountFor(app, 'documenter')
  const doc = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: documenter.username, password: TEST_PASSWORD }
  })
  t.equal(doc.json().mfa, 'ok')
})
