import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where `npm run build:web` (vite build web) writes the browser application. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist')

export type WebPluginOptions = { root?: string }

/** A path the single-page application answers: not the API, not a built asset, no file extension. */
function isAppPath(path: string): boolean {
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return false
  const last = path.slice(path.lastIndexOf('/') + 1)
  return !last.includes('.')
}

/**
 * Serves the web application (web/dist) at `/`:
 * - `/assets/*` are Vite's content-hashed files: cached for a year as immutable, pre-compressed
 *   (.br, .gz) copies served when the browser accepts them;
 * - every other GET path that is not under /api/ and has no file extension answers index.html
 *   (the application routes itself), never cached, so a new build is picked up at once;
 * - /api/* is never shadowed: unknown API paths keep their JSON 404;
 * - the installable app's files: /sw.js (the service worker, never cached by HTTP so an update is
 *   seen at once), /manifest.webmanifest, /icons/*, and /index.html (the service worker precaches it).
 * Registered last, after the API. Routes outside /api/v1 are public; the index holds no data.
 */
const web: FastifyPluginAsync<WebPluginOptions> = async (app, opts) => {
  const root = opts.root ?? WEB_DIST
  const indexPath = join(root, 'index.html')
  const built = existsSync(indexPath)

  if (built && existsSync(join(root, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      preCompressed: true,
      cacheControl: false,
      etag: true,
      lastModified: false,
      setHeaders: (res) => {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable')
        res.setHeader('vary', 'accept-encoding')
      }
    })
  }

  if (built && existsSync(join(root, 'icons'))) {
    await app.register(fastifyStatic, {
      root: join(root, 'icons'),
      prefix: '/icons/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      cacheControl: false,
      etag: true,
      lastModified: false,
      setHeaders: (res) => res.setHeader('cache-control', 'public, max-age=86400')
    })
  }

  /** One file of the build's root, read per request (small, and a rebuild is served at once). */
  function rootFile(name: string, type: string, headers: Record<string, string> = {}) {
    return async (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const bytes = await readFile(join(root, name)).catch(() => null)
      if (!bytes) {
        reply.callNotFound()
        return reply
      }
      return reply
        .type(type)
        .headers({ 'cache-control': 'no-cache', ...headers })
        .send(bytes)
    }
  }
  app.get('/sw.js', { schema: { hide: true } }, rootFile('sw.js', 'text/javascript; charset=utf-8', { 'service-worker-allowed': '/' }))
  app.get('/manifest.webmanifest', { schema: { hide: true } }, rootFile('manifest.webmanifest', 'application/manifest+json; charset=utf-8'))

  async function sendIndex(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (!isAppPath(request.url.split('?')[0] ?? '/')) {
      reply.callNotFound()
      return reply
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send('The web application is not built. Run `npm run build:web` (npm start does it).\n')
    }
    // Read per request: a rebuild while the server runs is served at once (the file is small).
    const html = await readFile(indexPath)
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  }

  // Hidden from the OpenAPI document: these are pages, not API routes.
  app.get('/', { schema: { hide: true } }, sendIndex)
  app.get('/index.html', { schema: { hide: true } }, (request, reply) => {
    if (!built) return sendIndex(request, reply)
    return rootFile('index.html', 'text/html; charset=utf-8', { 'cache-control': 'no-store' })(request, reply)
  })
  app.get('/*', { schema: { hide: true } }, sendIndex)
}

export default web
