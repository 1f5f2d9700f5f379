import t from 'tap'
import { testApp, loginAs, accountFor, asRole, TEST_ADMIN_PASSWORD, TEST_PASSWORD } from '../../helpers/app.ts'
import { totpCode } from '../../../server/auth/totp.ts'
import { loadConfig } from '../../../server/config.ts'
import { sha256Hex } from '../../../server/auth/secrets.ts'
import { RECOVERY_CODE_COUNT, normaliseRecoveryCode } from '../../../server/auth/service.ts'

const T0 = Date.parse('2026-03-01T08:00:00Z')
type App = Awaited<ReturnType<typeof testApp>>

function sessionHeaders(
  app: App,
  res: { cookies: Array<{ name: string; value: string }>; json: () => { csrfToken: string } }
): Record<string, string> {
  const cookie = res.cookies.find((c) => c.name === app.sessionCookie.name)
  return { cookie: `${app.sessionCookie.name}=${cookie?.value}`, 'x-csrf-token': res.json().csrfToken }
}

/** Enrols TOTP for the signed-in session; answers the secret, the recovery codes and the renewed headers. */
async function enrol(app: App, headers: Record<string, string>, password: string, at: number) {
  const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers, payload: { password } })
  if (setup.statusCode !== 200) throw new Error(setup.body)
  const secret = setup.json().secret as string
  const confirm = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers, payload: { code: totpCode(secret, at) } })
  if (confirm.statusCode !== 200) throw new Error(confirm.body)
  return { secret, recoveryCodes: confirm.json().recoveryCodes as string[], headers: sessionHeaders(app, confirm) }
}

const login = (app: App, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload })

t.test('SANAD_REQUIRE_MFA is on unless set to 0', async (t) => {
  t.equal(loadConfig({}).requireMfa, true, 'default')
  t.equal(loadConfig({ SANAD_REQUIRE_MFA: '' }).requireMfa, true, 'empty is the default')
  t.equal(loadConfig({ SANAD_REQUIRE_MFA: '0' }).requireMfa, false)
})

t.test(
  'by default a legal user who signs in can only enrol a second factor, then has full access; a documenter is not asked',
  async (t) => {
    const app = await testApp(t, { now: () => new Date(T0), env: { SANAD_REQUIRE_MFA: '' } })
    const legal = await accountFor(app, 'legal')
    const res = await login(app, { username: legal.username, password: TEST_PASSWORD })
    t.equal(res.statusCode, 200)
    t.equal(res.json().mfa, 'enrolment-required', 'forced to enrol')
    const headers = sessionHeaders(app, res)
    const blocked = await app.inject({ url: '/api/v1/incidents', headers })
    t.equal(blocked.statusCode, 403)
    t.equal(blocked.json().code, 'SANAD_ERR_MFA_ENROLMENT_REQUIRED')
    t.same((await app.inject({ url: '/api/v1/auth/totp', headers })).json(), { enabled: false, required: true, recoveryCodesLeft: 0 })
    const enrolled = await enrol(app, headers, TEST_PASSWORD, T0)
    t.equal((await app.inject({ url: '/api/v1/incidents', headers: enrolled.headers })).statusCode, 200, 'full access once enrolled')

    const admin = await login(app, { username: 'admin', password: TEST_ADMIN_PASSWORD })
    t.equal(admin.json().mfa, 'enrolment-required', 'admin too')
    const documenter = await accountFor(app, 'documenter')
    t.equal((await login(app, { username: documenter.username, password: TEST_PASSWORD })).json().mfa, 'ok')
  }
)

t.test('enrolling or replacing a second factor needs the current password again', async (t) => {
  const app = await testApp(t, { now: () => new Date(T0) })
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const pending = () => (app.sqlite.prepare("SELECT totp_pending AS p FROM users WHERE username = 'admin'").get() as { p: string | null }).p

  const without = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers })
  t.equal(without.statusCode, 400, 'no password: refused')
  const wrong = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/setup',
    headers,
    payload: { password: 'not the admin password' }
  })
  t.equal(wrong.statusCode, 400)
  t.match(wrong.json(), { code: 'SANAD_ERR_PASSWORD_WRONG', field: 'password' })
  t.equal(pending(), null, 'nothing was started')
  t.notOk(JSON.stringify(wrong.json()).includes('secret'), 'no secret handed out')

  const { headers: renewed, secret } = await enrol(app, headers, TEST_ADMIN_PASSWORD, T0)
  const replace = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/totp/setup',
    headers: renewed,
    payload: { password: 'still not the password' }
  })
  t.equal(replace.json().code, 'SANAD_ERR_PASSWORD_WRONG', 'replacing without the password fails too')
  t.equal(pending(), null)
  const stillOld = await login(app, { username: 'admin', password: TEST_ADMIN_PASSWORD, totp: totpCode(secret, T0 + 30_000) })
  t.equal(stillOld.statusCode, 200, 'the factor in use is unchanged')
})

t.test(
  'recovery codes: shown once at enrolment, stored hashed, each usable once instead of a code, counted, regenerable with the password',
  async (t) => {
    let ms = T0
    const app = await testApp(t, { now: () => new Date(ms) })
    const documenter = await accountFor(app, 'documenter')
    const signedIn = await loginAs(app, documenter.username, TEST_PASSWORD)
    const { recoveryCodes, headers } = await enrol(app, signedIn, TEST_PASSWORD, ms)
    t.equal(recoveryCodes.length, RECOVERY_CODE_COUNT)
    t.equal(new Set(recoveryCodes).size, RECOVERY_CODE_COUNT, 'all different')
    for (const code of recoveryCodes) t.match(code, /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/)
    const stored = app.sqlite.prepare('SELECT code_hash AS h FROM recovery_codes').all() as Array<{ h: string }>
    t.same(
      stored.map((r) => r.h).sort(),
      recoveryCodes.map((c) => sha256Hex(normaliseRecoveryCode(c))).sort(),
      'only SHA-256 hashes are stored'
    )
    t.notOk(
      JSON.stringify(app.sqlite.prepare('SELECT * FROM recovery_codes').all()).includes(recoveryCodes[0]!.replace(/-/g, '')),
      'never a code'
    )
    t.equal((await app.inject({ url: '/api/v1/auth/totp', headers })).json().recoveryCodesLeft, 10)

    const code = recoveryCodes[3]!
    // Typed in capitals with spaces instead of dashes, as people copy them from paper.
    const first = await login(app, {
      username: documenter.username,
      password: TEST_PASSWORD,
      recoveryCode: code.toUpperCase().replace(/-/g, ' ')
    })
    t.equal(first.statusCode, 200, first.body)
    t.equal((await app.inject({ url: '/api/v1/auth/totp', headers: sessionHeaders(app, first) })).json().recoveryCodesLeft, 9)
    const second = await login(app, { username: documenter.username, password: TEST_PASSWORD, recoveryCode: code })
    t.equal(second.statusCode, 401, 'a used recovery code fails the second time')
    t.equal(second.json().code, 'SANAD_ERR_TOTP_REQUIRED')
    t.equal(second.cookies.length, 0, 'and opens no session')
    const wrongPassword = await login(app, {
      username: documenter.username,
      password: 'not the password at all',
      recoveryCode: recoveryCodes[4]
    })
    t.equal(wrongPassword.json().code, 'SANAD_ERR_LOGIN_FAILED')
    t.equal((await app.inject({ url: '/api/v1/auth/totp', headers })).json().recoveryCodesLeft, 9, 'a wrong password spends no code')

    const fresh = sessionHeaders(app, first)
    const noPassword = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recovery-codes',
      headers: fresh,
      payload: { password: 'wrong wrong wrong' }
    })
    t.equal(noPassword.json().code, 'SANAD_ERR_PASSWORD_WRONG', 'regenerating needs the password')
    t.equal((await app.inject({ url: '/api/v1/auth/totp', headers })).json().recoveryCodesLeft, 9, 'and changed nothing')
    const regen = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recovery-codes',
      headers: fresh,
      payload: { password: TEST_PASSWORD }
    })
    t.equal(regen.statusCode, 200, regen.body)
    t.equal(regen.json().recoveryCodes.length, 10)
    t.equal((await app.inject({ url: '/api/v1/auth/totp', headers })).json().recoveryCodesLeft, 10)
    ms += 60_000
    const old = await login(app, { username: documenter.username, password: TEST_PASSWORD, recoveryCode: recoveryCodes[5] })
    t.equal(old.statusCode, 401, 'the previous codes stop working')
    t.equal(
      (await login(app, { username: documenter.username, password: TEST_PASSWORD, recoveryCode: regen.json().recoveryCodes[0] }))
        .statusCode,
      200
    )
  }
)

t.test(
  'insider: a recovery code of another account does not open mine; without a second factor there are no codes to regenerate',
  async (t) => {
    const app = await testApp(t, { now: () => new Date(T0) })
    const documenter = await accountFor(app, 'documenter')
    const legal = await accountFor(app, 'legal')
    const docCodes = (await enrol(app, await loginAs(app, documenter.username, TEST_PASSWORD), TEST_PASSWORD, T0)).recoveryCodes
    await enrol(app, await loginAs(app, legal.username, TEST_PASSWORD), TEST_PASSWORD, T0)
    const res = await login(app, { username: legal.username, password: TEST_PASSWORD, recoveryCode: docCodes[0] })
    t.equal(res.statusCode, 401)
    t.equal(res.json().code, 'SANAD_ERR_TOTP_REQUIRED')
    t.equal(
      (app.sqlite.prepare('SELECT count(*) AS n FROM recovery_codes WHERE used_at IS NOT NULL').get() as { n: number }).n,
      0,
      'no code was spent'
    )

    const auditor = await accountFor(app, 'auditor')
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recovery-codes',
      headers: await loginAs(app, auditor.username, TEST_PASSWORD),
      payload: { password: TEST_PASSWORD }
    })
    t.equal(none.statusCode, 409)
    t.equal(none.json().code, 'SANAD_ERR_TOTP_NOT_ENABLED')
    const byToken = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recovery-codes',
      headers: await asRole(app, 'documenter'),
      payload: { password: TEST_PASSWORD }
    })
    t.equal(byToken.json().code, 'SANAD_ERR_SESSION_REQUIRED', 'a leaked API token cannot mint codes')
  }
)

t.test('an admin resetting a lost second factor removes its recovery codes', async (t) => {
  const app = await testApp(t, { now: () => new Date(T0) })
  const documenter = await accountFor(app, 'documenter')
  const { recoveryCodes } = await enrol(app, await loginAs(app, documenter.username, TEST_PASSWORD), TEST_PASSWORD, T0)
  const reset = await app.inject({ method: 'POST', url: `/api/v1/users/${documenter.id}/totp/reset`, headers: await asRole(app, 'admin') })
  t.equal(reset.statusCode, 200)
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM recovery_codes').get() as { n: number }).n, 0)
  const res = await login(app, { username: documenter.username, password: TEST_PASSWORD, recoveryCode: recoveryCodes[0] })
  t.equal(res.statusCode, 200, 'no second factor any more: the password alone signs in')
  t.equal((await app.inject({ url: '/api/v1/auth/totp', headers: sessionHeaders(app, res) })).json().recoveryCodesLeft, 0)
})
