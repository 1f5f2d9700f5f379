import t from 'tap'
import { testApp, sessionAs, asRole } from '../helpers/app.ts'
import { PERMISSIONS, ROLES, allows, type Permission, type Role } from '../../server/auth/permissions.ts'

// Walks every route registered under /api/v1 — including routes added after this test was written —
// for every role and without a session, and checks the answer against PERMISSIONS. Authorisation runs
// before validation, so any parameter value will do: a refused request is 401/403 whatever it carries,
// an allowed one is anything else (400, 404, 200 …).
const FAKE_ID = '00000000-0000-4000-8000-000000000000'
const DENIAL_CODES = new Set(['SANAD_ERR_UNAUTHENTICATED', 'SANAD_ERR_FORBIDDEN'])

function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, FAKE_ID).replace(/\*/g, 'x')
}

t.test('every /api/v1 route allows exactly the roles its permission names, for sessions and API tokens', async (t) => {
  const app = await testApp(t)
  const routes = app.apiRoutes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
  t.ok(routes.length >= 40, `${routes.length} routes found`)
  for (const expected of [
    'POST /api/v1/auth/login',
    'GET /api/v1/auth/me',
    'POST /api/v1/users',
    'POST /api/v1/incidents/:id/persons',
    'GET /api/v1/incidents'
  ]) {
    t.ok(
      routes.some((r) => `${r.method} ${r.url}` === expected),
      `${expected} is walked`
    )
  }
  const seen = new Set<Permission>()
  let checked = 0
  for (const route of routes) {
    seen.add(route.permission)
    const url = concreteUrl(route.url)
    const payload = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined
    const isPublic = 'public' in PERMISSIONS[route.permission]
    const send = async (headers: Record<string, string>) =>
      app.inject({
        method: route.method as 'GET',
        url,
        headers,
        ...(payload ? { payload } : {})
      })

    const anonymous = await send({})
    if (isPublic) {
      t.notOk([401, 403].includes(anonymous.statusCode), `${route.method} ${route.url} is public (got ${anonymous.statusCode})`)
    } else {
      t.equal(anonymous.statusCode, 401, `${route.method} ${route.url} without a session → 401`)
      t.equal(anonymous.json().code, 'SANAD_ERR_UNAUTHENTICATED')
    }

    for (const role of ROLES as readonly Role[]) {
      const allowed = isPublic || allows(role, route.permission)
      for (const [how, headers] of [
        ['session', await sessionAs(app, role)],
        ['token', await asRole(app, role)]
      ] as const) {
        const res = await send(headers)
        const code = res.statusCode >= 400 ? (res.json() as { code?: string }).code : undefined
        const label = `${route.method} ${route.url} as ${role} (${how}) → ${res.statusCode} ${code ?? ''}`
        if (allowed) {
          t.ok(code === undefined || !DENIAL_CODES.has(code), `${label}: allowed by ${route.permission}`)
          t.not(res.statusCode, 401, label)
        } else {
          t.equal(res.statusCode, 403, `${label}: denied by ${route.permission}`)
          t.equal(code, 'SANAD_ERR_FORBIDDEN', label)
        }
        checked++
      }
    }
  }
  t.equal(checked, routes.length * ROLES.length * 2, `${checked} role × route checks`)
  t.ok(
    seen.has('public') && seen.has('user:manage') && seen.has('person:read') && seen.has('person:write'),
    'the matrix covers the identity permissions'
  )
})

t.test('a route under /api/v1 that declares no permission stops the app from starting', async (t) => {
  const { default: Fastify } = await import('fastify')
  const { loadConfig } = await import('../../server/config.ts')
  const { default: configPlugin } = await import('../../server/plugins/config.ts')
  const { default: dbPlugin } = await import('../../server/plugins/db.ts')
  const { default: keysPlugin } = await import('../../server/plugins/keys.ts')
  const { default: ledgerPlugin } = await import('../../server/plugins/ledger.ts')
  const { default: authPlugin } = await import('../../server/plugins/auth.ts')
  const app = Fastify({ logger: false })
  t.teardown(() => app.close())
  app.decorateRequest('user', null)
  const config = loadConfig({ SANAD_ADMIN_PASSWORD: 'first-start pass-phrase 7913' }, { dataDir: t.testdir({}), checkpointIntervalMs: 0 })
  await app.register(configPlugin, { config })
  await app.register(dbPlugin)
  await app.register(keysPlugin)
  await app.register(ledgerPlugin)
  await app.register(authPlugin)
  await t.rejects(async () => {
    await app.register(
      async (api) => {
        api.get('/forgotten', async () => ({ secret: true }))
      },
      { prefix: '/api/v1' }
    )
    await app.ready()
  }, /GET \/api\/v1\/forgotten must declare config.permission/)
})

t.test('routes outside /api/v1 (API docs) stay public; unknown /api/v1 paths answer 404', async (t) => {
  const app = await testApp(t)
  t.equal((await app.inject({ url: '/api/docs/json' })).statusCode, 200)
  const missing = await app.inject({ url: '/api/v1/no-such-thing' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'SANAD_ERR_NOT_FOUND')
})
