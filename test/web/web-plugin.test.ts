import t from 'tap'
import Fastify from 'fastify'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { testApp } from '../helpers/app.ts'
import webPlugin, { WEB_DIST } from '../../server/plugins/web.ts'
import { ensureWebBuilt } from './browser-harness.ts'

ensureWebBuilt()
const jsAsset = readdirSync(join(WEB_DIST, 'assets')).find((f) => /^index-.*\.js$/.test(f)) ?? ''

t.test('serves the application at / and at its own paths, never cached, under the strict CSP', async (t) => {
  const app = await testApp(t)
  for (const url of ['/', '/incidents/1b7c6f57-0000-4000-8000-000000000000', '/verify?lang=fa']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-type'], /^text\/html/)
    t.equal(res.headers['cache-control'], 'no-store')
    t.match(res.headers['content-security-policy'], /script-src 'self'/)
    t.match(res.body, /<div id="app"><\/div>/)
    t.notMatch(res.body, /<script>|<style>|style=/, 'no inline script or style')
  }
})

t.test('hashed assets are immutable and pre-compressed; unknown files and API paths are 404', async (t) => {
  const app = await testApp(t)
  const asset = await app.inject({ url: `/assets/${jsAsset}`, headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(asset.statusCode, 200)
  t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal(asset.headers['content-encoding'], 'br')
  t.match(asset.headers['content-type'], /javascript/)
  const plain = await app.inject({ url: `/assets/${jsAsset}` })
  t.equal(plain.headers['content-encoding'], undefined, 'identity for a client that accepts no compression')
  for (const url of ['/assets/nope.js', '/favicon.ico', '/robots.txt']) t.equal((await app.inject({ url })).statusCode, 404, url)
  const api = await app.inject({ url: '/api/v1/no-such-route' })
  t.equal(api.statusCode, 404)
  t.equal(api.json().code, 'SANAD_ERR_NOT_FOUND', 'the API keeps its JSON 404')
  t.equal((await app.inject({ url: '/api/docs/json' })).statusCode, 200, 'the API docs are not shadowed')
  t.equal((await app.inject({ method: 'POST', url: '/incidents' })).statusCode, 404, 'only GET and HEAD')
  const doc = (await app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, unknown> }
  t.notOk('/' in doc.paths || '/*' in doc.paths, 'pages are not in the OpenAPI document')
})

t.test('without a build, / says how to build it', async (t) => {
  const app = Fastify()
  await app.register(webPlugin, { root: t.testdir({}) })
  const res = await app.inject({ url: '/' })
  t.equal(res.statusCode, 503)
  t.match(res.body, /npm run build:web/)
  await app.close()
})
