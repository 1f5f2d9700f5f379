import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { SanadError } from '../errors.ts'
import { PERMISSIONS, allows, type Permission } from '../auth/permissions.ts'
import { matchesHash } from '../auth/secrets.ts'
import { primeDummyHash } from '../auth/passwords.ts'
import { checkMasterKey } from '../auth/key-rotation.ts'
import { authService, type AuthService, type NewSession, type Principal, type ThrottlePolicy } from '../auth/service.ts'

export type ApiRoute = { method: string; url: string; permission: Permission }

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService
    /** Every route registered under /api/v1 with its permission (the role-matrix test walks them). */
    apiRoutes: ApiRoute[]
    sessionCookie: {
      name: string
      secure: boolean
      set(reply: FastifyReply, session: NewSession): void
      clear(reply: FastifyReply): void
    }
  }
  interface FastifyRequest {
    /** How the request authenticated (session or API token); null on public routes. */
    auth: Principal | null
  }
  interface FastifyContextConfig {
    /** The route stays usable by an account that must still enrol a second factor. */
    mfaEnrolment?: boolean
  }
}

export type AuthPluginOptions = {
  now?: () => Date
  throttle?: Partial<ThrottlePolicy>
}

export const API_PREFIX = '/api/v1'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])

/**
 * Authentication and authorisation for every route:
 * - at startup, a route under /api/v1 that declares no `config.permission` is an error;
 * - per request, a public route passes; any other needs a session cookie or `Authorization: Bearer`
 *   token (else 401), a role the permission allows (else 403) and, for cookie sessions, the
 *   `x-csrf-token` header on state-changing methods (else 403 SANAD_ERR_CSRF).
 * Decorates app.auth (sessions, tokens, TOTP, throttling). Feature services (users, persons) are
 * built by server/app.ts, which also creates the first `admin` account.
 */
export default fp<AuthPluginOptions>(
  async (app, opts) => {
    const config = app.config
    const secure = config.cookieSecure === 'auto' ? !LOOPBACK.has(config.host) : config.cookieSecure
    // __Host- cookies are only accepted over HTTPS, for path /, without a Domain: nobody can plant one.
    const cookieName = secure ? '__Host-sanad_session' : 'sanad_session'

    // A master key that does not match the database must stop the start, never mix keys.
    checkMasterKey(app.sqlite, app.keys.master)
    await app.register(cookie)

    const auth = authService({
      db: app.db,
      sqlite: app.sqlite,
      master: app.keys.master,
      sessionIdleMinutes: config.sessionIdleMinutes,
      sessionMaxHours: config.sessionMaxHours,
      requireMfa: config.requireMfa,
      ...(opts.throttle ? { throttle: opts.throttle } : {}),
      ...(opts.now ? { now: opts.now } : {})
    })
    app.decorate('auth', auth)
    app.decorateRequest('auth', null)

    app.decorate('sessionCookie', {
      name: cookieName,
      secure,
      set(reply: FastifyReply, session: NewSession): void {
        reply.setCookie(cookieName, session.sessionId, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          expires: new Date(session.expiresAt)
        })
      },
      clear(reply: FastifyReply): void {
        reply.clearCookie(cookieName, { httpOnly: true, sameSite: 'strict', secure, path: '/' })
      }
    })

    const apiRoutes: ApiRoute[] = []
    app.decorate('apiRoutes', apiRoutes)
    app.addHook('onRoute', (route) => {
      const permission = route.config?.permission
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (route.url.startsWith(API_PREFIX)) {
        if (permission === undefined || !(permission in PERMISSIONS)) {
          throw new Error(`route ${methods.join(',')} ${route.url} must declare config.permission (one of server/auth/permissions.ts)`)
        }
        for (const method of methods) apiRoutes.push({ method, url: route.url, permission })
      }
    })

    function authenticate(request: FastifyRequest): Principal | null {
      const header = request.headers.authorization
      if (header !== undefined) {
        // A request that names a token stands or falls with it; it never falls back to a cookie.
        const m = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header)
        return m ? auth.resolveToken(m[1] as string) : null
      }
      const sessionId = request.cookies[cookieName]
      return sessionId ? auth.resolveSession(sessionId) : null
    }

    app.addHook('onRequest', async (request, reply) => {
      const permission = request.routeOptions.config?.permission
      // No permission: a route outside /api/v1 (docs, web app) or no route at all (404).
      if (permission === undefined || 'public' in PERMISSIONS[permission]) return
      const principal = authenticate(request)
      if (!principal) {
        if (request.cookies[cookieName] !== undefined) app.sessionCookie.clear(reply)
        throw new SanadError('SANAD_ERR_UNAUTHENTICATED')
      }
      request.user = principal.user
      request.auth = principal
      if (!allows(principal.user.role, permission)) throw new SanadError('SANAD_ERR_FORBIDDEN')
      if (principal.mfaRestricted && request.routeOptions.config.mfaEnrolment !== true) {
        throw new SanadError('SANAD_ERR_MFA_ENROLMENT_REQUIRED')
      }
      if (principal.via.kind === 'session' && !SAFE_METHODS.has(request.method)) {
        const token = request.headers['x-csrf-token']
        if (typeof token !== 'string' || !matchesHash(token, principal.via.csrfHash)) throw new SanadError('SANAD_ERR_CSRF')
      }
    })

    await primeDummyHash()
  },
  { name: 'sanad-auth', dependencies: ['sanad-config', 'sanad-db', 'sanad-keys'] }
)
