import t from 'tap'
import { testApp } from '../../helpers/app.ts'

t.test('GET /api/v1/health answers 200 {"status":"ok"}', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({ url: '/api/v1/health' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
  t.match(res.headers['content-type'], /application\/json/)
})

t.test('an unknown route answers 404 with a coded error', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({ url: '/api/v1/nothing-here' })
  t.equal(res.statusCode, 404)
  t.equal(res.json().code, 'SANAD_ERR_NOT_FOUND')
})

t.test('the OpenAPI document is generated from the route schemas and browsable offline', async (t) => {
  const app = await testApp(t)
  const doc = await app.inject({ url: '/api/docs/json' })
  t.equal(doc.statusCode, 200)
  const spec = doc.json()
  t.match(spec.openapi, /^3\./)
  t.ok(spec.paths['/api/v1/incidents'].post, 'POST /incidents documented')
  t.ok(spec.paths['/api/v1/incidents/{id}'].get, 'GET /incidents/{id} documented')
  t.ok(spec.paths['/api/v1/taxonomy'].get, 'taxonomy documented')
  const page = await app.inject({ url: '/api/docs/' })
  t.equal(page.statusCode, 200)
  t.match(page.body, /swagger-ui/)
  // Nothing on the docs page may come from the internet: every script and stylesheet is local.
  t.notMatch(page.body, /(src|href)="https?:\/\//)
  const init = await app.inject({ url: '/api/docs/static/swagger-initializer.js' })
  t.equal(init.statusCode, 200)
  t.notMatch(init.body, /(src|href|url)\s*[:=]\s*["'`]https?:\/\//, 'no external URL is loaded')
})
