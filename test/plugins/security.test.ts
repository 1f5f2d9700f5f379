import t from 'tap'
import { testApp, asRole } from '../helpers/app.ts'

t.test('every answer carries a strict Content-Security-Policy and the other hardening headers', async (t) => {
  const app = await testApp(t)
  for (const url of ['/api/v1/health', '/api/v1/incidents', '/nothing-here']) {
    const res = await app.inject({ url })
    const csp = String(res.headers['content-security-policy'])
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'"
    ]) {
      t.ok(csp.split(';').includes(directive), `${url}: ${directive}`)
    }
    t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline script or eval')
    t.notMatch(csp, /upgrade-insecure-requests/, 'no upgrade over plain http on localhost')
    t.equal(res.headers['x-content-type-options'], 'nosniff')
    t.equal(res.headers['x-frame-options'], 'DENY')
    t.equal(res.headers['referrer-policy'], 'no-referrer')
  }
})

t.test('API answers are never cached, errors included', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  for (const [url, h] of [
    ['/api/v1/incidents', headers],
    ['/api/v1/incidents', {}],
    ['/api/v1/taxonomy', {}],
    ['/api/v1/no-such', {}]
  ] as const) {
    const res = await app.inject({ url, headers: h })
    t.equal(res.headers['cache-control'], 'no-store', `${url} ${res.statusCode}`)
  }
})

t.test('behind TLS (not loopback) HSTS and upgrade-insecure-requests are on', async (t) => {
  const app = await testApp(t, { config: { host: '0.0.0.0' } })
  const res = await app.inject({ url: '/api/v1/health' })
  t.match(String(res.headers['strict-transport-security']), /max-age=31536000/)
  t.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/)
})

t.test('the API docs keep working under their own policy, loading nothing from outside', async (t) => {
  const app = await testApp(t)
  const page = await app.inject({ url: '/api/docs/' })
  t.equal(page.statusCode, 200)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /script-src 'self'/)
  t.notMatch(csp, /unsafe-inline/)
  t.equal((await app.inject({ url: '/api/docs/static/swagger-ui-bundle.js' })).statusCode, 200)
})
