import t from 'tap'
import { Writable } from 'node:stream'
import { testApp, loginAs, asRole, TEST_ADMIN_PASSWORD, TEST_PASSWORD, accountFor, owaspPasswordHashing } from '../../helpers/app.ts'
import { sha256Hex } from '../../../server/auth/secrets.ts'

const login = (payload: Record<string, unknown>, remoteAddress = '127.0.0.1') => ({
  method: 'POST' as const,
  url: '/api/v1/auth/login',
  payload,
  remoteAddress
})

function clock(start = Date.parse('2026-03-01T08:00:00Z')) {
  let ms = start
  return {
    now: () => new Date(ms),
    advance: (minutes: number) => {
      ms += minutes * 60_000
    }
  }
}

t.test('sign-in answers 200 with the CSRF token and an HttpOnly SameSite=Strict session cookie; /me names the user', async (t) => {
  const app = await testApp(t)
  const res = await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.match(body, { username: 'admin', role: 'admin', mfa: 'ok' })
  t.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/)
  const cookie = res.cookies.find((c) => c.name === 'sanad_session')
  t.ok(cookie, 'session cookie set')
  t.equal(cookie?.httpOnly, true)
  t.equal(cookie?.sameSite, 'Strict')
  t.equal(cookie?.path, '/')
  t.notOk(cookie?.secure, 'plain http on 127.0.0.1: not Secure (it would never be sent back)')
  const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `sanad_session=${cookie?.value}` } })
  t.equal(me.statusCode, 200)
  t.same(me.json(), { username: 'admin', role: 'admin' })
  const stored = app.sqlite.prepare('SELECT id_hash AS h, csrf_hash AS c FROM sessions').all() as Array<{ h: string; c: string }>
  t.same(
    stored.map((s) => s.h),
    [sha256Hex(cookie?.value ?? '')],
    'only the SHA-256 of the session id is stored'
  )
  t.notOk(JSON.stringify(stored).includes(cookie?.value ?? '-'), 'never the id itself')
  t.notOk(JSON.stringify(stored).includes(body.csrfToken), 'nor the CSRF token')
})

t.test('away from loopback the cookie is Secure and __Host- prefixed', async (t) => {
  const app = await testApp(t, { config: { host: '0.0.0.0' } })
  const res = await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))
  const cookie = res.cookies.find((c) => c.name === '__Host-sanad_session')
  t.ok(cookie?.secure, 'Secure')
  t.equal(cookie?.path, '/')
  t.notOk(cookie?.domain, 'no Domain')
})

t.test('a wrong password and an unknown username get the same 401 answer in similar time', async (t) => {
  // The timings compared are argon2's: the production parameters, as the server uses them.
  owaspPasswordHashing(t)
  const app = await testApp(t)
  const timed = async (payload: Record<string, unknown>) => {
    const start = process.hrtime.bigint()
    const res = await app.inject(login(payload))
    return { res, ms: Number(process.hrtime.bigint() - start) / 1e6 }
  }
  const wrong = await timed({ username: 'admin', password: 'not the admin password' })
  const unknown = await timed({ username: 'nobody-here', password: 'not the admin password' })
  t.equal(wrong.res.statusCode, 401)
  t.equal(unknown.res.statusCode, 401)
  t.same(unknown.res.json(), wrong.res.json(), 'byte-for-byte the same body')
  t.equal(wrong.res.json().code, 'SANAD_ERR_LOGIN_FAILED')
  t.notOk(wrong.res.body.includes('admin') || unknown.res.body.includes('nobody'), 'the answer does not echo the username')
  // Both cost one argon2 verification (the unknown name is checked against a dummy hash). One
  // sample each is at the mercy of a busy machine: compare medians of alternating attempts.
  const known: number[] = []
  const nobody: number[] = []
  for (let i = 0; i < 3; i++) {
    known.push((await timed({ username: 'admin', password: `wrong password ${i}` })).ms)
    nobody.push((await timed({ username: `nobody-${i}`, password: `wrong password ${i}` })).ms)
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!
  const ratio = median(nobody) / median(known)
  t.ok(ratio > 0.2 && ratio < 5, `timings comparable (median ${median(known).toFixed(1)} ms vs ${median(nobody).toFixed(1)} ms)`)
})

t.test('a disabled account gets the same answer as a wrong password, and its sessions and tokens end', async (t) => {
  const app = await testApp(t)
  const account = await accountFor(app, 'documenter')
  const session = await loginAs(app, account.username, TEST_PASSWORD)
  const token = await asRole(app, 'documenter')
  const admin = await asRole(app, 'admin')
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/users/${account.id}/disable`, headers: admin })).statusCode, 200)
  for (const headers of [session, token]) {
    t.equal((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode, 401, 'killed at once')
  }
  const res = await app.inject(login({ username: account.username, password: TEST_PASSWORD }))
  t.equal(res.statusCode, 401)
  t.equal(res.json().code, 'SANAD_ERR_LOGIN_FAILED')
})

t.test('signing in rotates the session: the cookie the browser came with stops working', async (t) => {
  const app = await testApp(t)
  const first = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const res = await app.inject({ ...login({ username: 'admin', password: TEST_ADMIN_PASSWORD }), headers: { cookie: first.cookie } })
  t.equal(res.statusCode, 200)
  const second = res.cookies.find((c) => c.name === 'sanad_session')?.value
  t.not(`sanad_session=${second}`, first.cookie, 'a new id')
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: first.cookie } })).statusCode, 401, 'the old session is gone')
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `sanad_session=${second}` } })).statusCode, 200)
})

t.test('logout ends the session on the server, not only in the browser', async (t) => {
  const app = await testApp(t)
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })
  t.equal(out.statusCode, 204)
  t.match(String(out.headers['set-cookie']), /sanad_session=;.*Expires=Thu, 01 Jan 1970/, 'the cookie is cleared')
  const again = await app.inject({ url: '/api/v1/auth/me', headers })
  t.equal(again.statusCode, 401, 'replaying the old cookie fails')
  t.equal(again.json().code, 'SANAD_ERR_UNAUTHENTICATED')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n, 0)
})

t.test('cookie requests that change state need the x-csrf-token header; API tokens do not', async (t) => {
  const app = await testApp(t)
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const payload = { username: 'new-doc', password: 'a fine pass-phrase 31', role: 'documenter' }
  for (const [label, h] of [
    ['no header', { cookie: headers.cookie as string }],
    ['wrong header', { cookie: headers.cookie as string, 'x-csrf-token': 'x'.repeat(43) }],
    [
      "another session's token",
      { cookie: headers.cookie as string, 'x-csrf-token': (await loginAs(app, 'admin', TEST_ADMIN_PASSWORD))['x-csrf-token'] as string }
    ]
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload })
    t.equal(res.statusCode, 403, label)
    t.equal(res.json().code, 'SANAD_ERR_CSRF', label)
  }
  t.equal(
    (await app.inject({ url: '/api/v1/users', headers: { cookie: headers.cookie as string } })).statusCode,
    200,
    'reads need no CSRF token'
  )
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/users', headers, payload })).statusCode, 201, 'with the right header')
  const token = await asRole(app, 'admin')
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/v1/users', headers: token, payload: { ...payload, username: 'other-doc' } })).statusCode,
    201,
    'bearer tokens are exempt'
  )
})

t.test('five failures lock the account for 15 minutes: 429 even for the right password, the same for unknown names', async (t) => {
  const c = clock()
  const app = await testApp(t, { now: c.now })
  for (let i = 0; i < 5; i++) {
    t.equal((await app.inject(login({ username: 'admin', password: `wrong guess number ${i}` }))).statusCode, 401, `failure ${i + 1}`)
    t.equal((await app.inject(login({ username: 'ghost', password: `wrong guess number ${i}` }))).statusCode, 401)
  }
  const locked = await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))
  t.equal(locked.statusCode, 429, 'the right password does not open a locked account')
  t.equal(locked.json().code, 'SANAD_ERR_RATE_LIMITED')
  t.equal(locked.headers['retry-after'], '900')
  const ghost = await app.inject(login({ username: 'ghost', password: 'anything at all' }))
  t.equal(ghost.statusCode, 429)
  t.same(ghost.json(), locked.json(), 'an unknown name locks and answers exactly like a real one')
  t.equal(ghost.headers['retry-after'], locked.headers['retry-after'])
  c.advance(14)
  t.equal((await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))).statusCode, 429, 'still locked after 14 minutes')
  c.advance(2)
  t.equal((await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))).statusCode, 200, 'open again after 15')
  t.notOk(
    JSON.stringify(app.sqlite.prepare('SELECT * FROM login_throttle').all()).includes('ghost'),
    'throttling keys are keyed hashes, not names'
  )
})

t.test('failures spread over time do not add up, and a success starts the count over', async (t) => {
  const c = clock()
  const app = await testApp(t, { now: c.now })
  for (let i = 0; i < 4; i++) await app.inject(login({ username: 'admin', password: `wrong guess number ${i}` }))
  t.equal((await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))).statusCode, 200)
  for (let i = 0; i < 4; i++) await app.inject(login({ username: 'admin', password: `wrong guess number ${i}` }))
  c.advance(16)
  for (let i = 0; i < 4; i++) await app.inject(login({ username: 'admin', password: `wrong guess number ${i}` }))
  t.equal((await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }))).statusCode, 200, 'never five in one window')
})

t.test('twenty failures from one address lock that address for every account; other addresses are unaffected', async (t) => {
  const c = clock()
  const app = await testApp(t, { now: c.now })
  for (let i = 0; i < 20; i++) {
    const res = await app.inject(login({ username: `guess-${i % 4}`, password: 'some password 123' }, '10.0.0.9'))
    t.equal(res.statusCode, 401)
  }
  const blocked = await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }, '10.0.0.9'))
  t.equal(blocked.statusCode, 429, 'the address is locked, even for a correct sign-in')
  t.equal(
    (await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }, '10.0.0.10'))).statusCode,
    200,
    'another address signs in'
  )
  c.advance(16)
  t.equal((await app.inject(login({ username: 'admin', password: TEST_ADMIN_PASSWORD }, '10.0.0.9'))).statusCode, 200, 'the lock ends')
})

t.test('a burst of parallel guesses cannot overshoot the limit while hashes are computed', async (t) => {
  const app = await testApp(t)
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) => app.inject(login({ username: 'admin', password: `parallel guess ${i}` })))
  )
  const failures = results.filter((r) => r.statusCode === 401).length
  t.ok(failures <= 5, `${failures} guesses were checked, the rest refused`)
  t.equal(results.filter((r) => r.statusCode === 429).length, 30 - failures)
})

t.test('a session ends after 30 idle minutes, and after 12 hours however active', async (t) => {
  const c = clock()
  const app = await testApp(t, { now: c.now })
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  c.advance(29)
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode, 200, '29 idle minutes: alive, and the activity counts')
  c.advance(29)
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode, 200, 'another 29: alive')
  c.advance(31)
  const idle = await app.inject({ url: '/api/v1/auth/me', headers })
  t.equal(idle.statusCode, 401, '31 idle minutes: ended')
  t.match(String(idle.headers['set-cookie']), /sanad_session=;/, 'the dead cookie is cleared')

  const busy = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  for (let hour = 0; hour < 11; hour++) {
    for (let i = 0; i < 3; i++) {
      c.advance(20)
      await app.inject({ url: '/api/v1/auth/me', headers: busy })
    }
  }
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: busy })).statusCode, 200, '11 busy hours: alive')
  c.advance(20)
  await app.inject({ url: '/api/v1/auth/me', headers: busy })
  c.advance(20)
  await app.inject({ url: '/api/v1/auth/me', headers: busy })
  c.advance(20)
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers: busy })).statusCode, 401, 'after 12 hours: ended however busy')
})

t.test('idle and absolute limits follow SANAD_SESSION_IDLE_MINUTES and SANAD_SESSION_MAX_HOURS', async (t) => {
  const c = clock()
  const app = await testApp(t, { now: c.now, env: { SANAD_SESSION_IDLE_MINUTES: '5', SANAD_SESSION_MAX_HOURS: '1' } })
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  c.advance(6)
  t.equal((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode, 401)
})

t.test('the log never receives a username, a password or a session secret', async (t) => {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    }
  })
  const app = await testApp(t, { logger: { level: 'trace', stream } })
  await app.inject(login({ username: 'secret-user-name', password: 'hunter2 hunter2 hunter2' }))
  const headers = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  await app.inject({ url: '/api/v1/auth/me', headers })
  const log = lines.join('')
  t.match(log, /sign-in refused/)
  t.match(log, /signed in/)
  for (const secret of [
    'secret-user-name',
    'hunter2',
    TEST_ADMIN_PASSWORD,
    String(headers.cookie).split('=')[1],
    headers['x-csrf-token']
  ]) {
    t.notOk(log.includes(secret as string), 'not in the log')
  }
})
