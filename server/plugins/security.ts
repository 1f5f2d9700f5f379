import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])

/**
 * HTTP hardening for every answer:
 * - a strict Content-Security-Policy: only this origin's scripts and styles, no inline script, no
 *   plugins, never framed, no <base>, forms post only here (the API docs at /api/docs set their own,
 *   slightly wider policy for swagger-ui's stylesheet, see @fastify/swagger-ui `staticCSP`);
 * - the other helmet headers (nosniff, no referrer, same-origin opener and resource policy, …);
 * - `Cache-Control: no-store` on /api/ answers, so no browser or proxy keeps a copy of a record.
 */
export default fp(
  async (app) => {
    const secure = app.config.cookieSecure === 'auto' ? !LOOPBACK.has(app.config.host) : app.config.cookieSecure
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          mediaSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          frameSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          // Over plain http on localhost an upgrade would break every request.
          ...(secure ? { upgradeInsecureRequests: [] } : {})
        }
      },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      crossOriginEmbedderPolicy: false,
      // Only meaningful over HTTPS; browsers ignore it on plain http.
      strictTransportSecurity: secure ? { maxAge: 31536000, includeSubDomains: true } : false
    })
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs/static/')) {
        reply.header('cache-control', 'no-store')
        reply.header('pragma', 'no-cache')
      }
      return payload
    })
  },
  { name: 'sanad-security', dependencies: ['sanad-config'] }
)
