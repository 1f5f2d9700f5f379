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

t.test('the installable app: a web manifest, a service worker that caches no API answer, the icons and index.html', async (t) => {
  const app = await testApp(t)
  const manifest = await app.inject({ url: '/manifest.webmanifest' })
  t.equal(manifest.statusCode, 200)
  t.match(manifest.headers['content-type'], /^application\/manifest\+json/)
  const m = manifest.json() as {
    name: string
    start_url: string
    display: string
    icons: Array<{ src: string; sizes: string; purpose?: string }>
  }
  t.equal(m.name, 'Sanad')
  t.equal(m.start_url, '/')
  t.equal(m.display, 'standalone')
  t.same(
    m.icons.map((i) => i.sizes),
    ['192x192', '512x512', '512x512'],
    'the sizes an installable app needs, and a maskable one'
  )
  for (const icon of m.icons) {
    const res = await app.inject({ url: icon.src })
    t.equal(res.statusCode, 200, icon.src)
    t.equal(res.headers['content-type'], 'image/png')
  }
  const sw = await app.inject({ url: '/sw.js' })
  t.equal(sw.statusCode, 200)
  t.match(sw.headers['content-type'], /javascript/)
  t.equal(sw.headers['cache-control'], 'no-cache', 'an update of the worker is seen at once')
  t.match(sw.body, /workbox:precaching/)
  const precached = [...sw.body.matchAll(/url:"([^"]+)"/g)].map((m) => m[1])
  t.ok(precached.includes(`assets/${jsAsset}`), 'the built application is precached')
  t.ok(precached.includes('index.html'))
  t.same(
    precached.filter((u) => !/^(assets|icons)\/|^index\.html$|^manifest\.webmanifest$/.test(u ?? '')),
    [],
    'nothing but the application itself'
  )
  t.notMatch(sw.body, /importScripts\(/, 'one self-contained file')
  t.notMatch(
    sw.body,
    /workbox:(expiration|cacheable-response)|runtime-cache|new [A-Za-z]+\(\{cacheName:"[^"]+"/,
    'no runtime cache of any answer'
  )
  t.match(sw.body, /\\\/api\\\//, 'API paths are excluded from the navigation fallback')
  const index = await app.inject({ url: '/index.html' })
  t.equal(index.statusCode, 200, 'the precached index.html exists')
  t.equal(index.headers['cache-control'], 'no-store')
  t.match(index.body, /rel="manifest" href="\/manifest.webmanifest"/)
})
