import t from 'tap'
import { testApp, accountFor, asRole, TEST_PASSWORD } from '../../helpers/app.ts'
import { sha256Hex } from '../../../server/auth/secrets.ts'

type App = Awaited<ReturnType<typeof testApp>>
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'

/** Signs in with a given browser; answers the headers and the raw session id (to check it never shows). */
async function signIn(app: App, username: string, userAgent: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'user-agent': userAgent },
    payload: { username, password: TEST_PASSWORD }
  })
  if (res.statusCode !== 200) throw new Error(res.body)
  const cookie = res.cookies.find((c) => c.name === app.sessionCookie.name)!
  return {
    id: cookie.value,
    csrf: res.json().csrfToken as string,
    headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken }
  }
}

const list = async (app: App, headers: Record<string, string>) =>
  (await app.inject({ url: '/api/v1/auth/sessions', headers })).json().items as Array<Record<string, unknown>>
const alive = async (app: App, headers: Record<string, string>) =>
  (await app.inject({ url: '/api/v1/auth/me', headers })).statusCode === 200

t.test('a user lists their own sessions: created, last seen, browser summary, the current one marked, no secret', async (t) => {
  const app = await testApp(t)
  const { username } = await accountFor(app, 'documenter')
  const laptop = await signIn(app, username, FIREFOX)
  const phone = await signIn(app, username, CHROME_ANDROID)
  const res = await app.inject({ url: '/api/v1/auth/sessions', headers: laptop.headers })
  t.equal(res.statusCode, 200)
  const items = res.json().items as Array<Record<string, unknown>>
  t.equal(items.length, 2)
  t.same(items.map((s) => s.userAgent).sort(), ['Chromium on Android', 'Firefox on Windows'])
  t.same(
    items.filter((s) => s.current).map((s) => s.userAgent),
    ['Firefox on Windows'],
    'the asking session is marked'
  )
  for (const s of items) {
    t.same(Object.keys(s).sort(), ['createdAt', 'current', 'expiresAt', 'id', 'lastSeenAt', 'userAgent'])
    t.match(s.id, /^[0-9a-f-]{36}$/)
  }
  for (const secret of [laptop.id, phone.id, sha256Hex(laptop.id), sha256Hex(phone.id), laptop.csrf, phone.csrf]) {
    t.notOk(res.body.includes(secret), 'no session id, CSRF token or their hashes')
  }
  const stored = JSON.stringify(app.sqlite.prepare('SELECT user_agent FROM sessions').all())
  t.notOk(stored.includes('Gecko') || stored.includes('Pixel'), 'only the summary of the User-Agent is kept')
})

t.test('a user ends one session, all the others, or the current one (which signs them out)', async (t) => {
  const app = await testApp(t)
  const { username } = await accountFor(app, 'documenter')
  const a = await signIn(app, username, FIREFOX)
  const b = await signIn(app, username, CHROME_ANDROID)
  const c = await signIn(app, username, FIREFOX)
  const target = (await list(app, a.headers)).find((s) => s.userAgent === 'Chromium on Android')!
  const ended = await app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${target.id}`, headers: a.headers })
  t.equal(ended.statusCode, 204)
  t.notOk(await alive(app, b.headers), 'that session is over')
  t.ok((await alive(app, a.headers)) && (await alive(app, c.headers)), 'the others are not')

  const d = await signIn(app, username, CHROME_ANDROID)
  const others = await app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions', headers: a.headers })
  t.same(others.json(), { ended: 2 })
  t.ok(await alive(app, a.headers), 'the asking session stays')
  t.notOk((await alive(app, c.headers)) || (await alive(app, d.headers)), 'every other one ended')
  t.same(
    (await list(app, a.headers)).map((s) => s.current),
    [true]
  )

  const self = (await list(app, a.headers))[0]!
  const out = await app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${self.id}`, headers: a.headers })
  t.equal(out.statusCode, 204)
  t.match(out.headers['set-cookie'], /sanad_session=;/, 'ending the current session clears the cookie')
  t.notOk(await alive(app, a.headers))
})

t.test("insider: another user can neither see nor end someone else's sessions", async (t) => {
  const app = await testApp(t)
  const victim = await accountFor(app, 'legal')
  const insider = await accountFor(app, 'documenter')
  const v = await signIn(app, victim.username, FIREFOX)
  const i = await signIn(app, insider.username, CHROME_ANDROID)
  const victimSession = (await list(app, v.headers))[0]!
  const seen = await list(app, i.headers)
  t.same(
    seen.map((s) => s.userAgent),
    ['Chromium on Android'],
    "only one's own sessions are listed"
  )
  t.notOk(seen.some((s) => s.id === victimSession.id))

  for (const headers of [i.headers, await asRole(app, 'documenter'), await asRole(app, 'admin')]) {
    const res = await app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${victimSession.id}`, headers })
    t.equal(res.statusCode, 404, 'someone else\'s session is "not found", like someone else\'s token')
    t.equal(res.json().code, 'SANAD_ERR_SESSION_NOT_FOUND')
  }
  t.same(
    (await app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions', headers: i.headers })).json(),
    { ended: 0 },
    '"all others" means one\'s own others'
  )
  t.ok(await alive(app, v.headers), "the victim's session still works")
  t.equal((await list(app, v.headers)).length, 1)
})
