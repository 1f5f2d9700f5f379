import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { LoginInput, PasswordChange, PasswordConfirm, TokenInput, TotpCode } from '../../types/schemas.ts'
import { fail, SanadError } from '../../errors.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const renewed = {
  type: 'object',
  additionalProperties: false,
  required: ['csrfToken', 'expiresAt'],
  properties: { csrfToken: { type: 'string' }, expiresAt: { type: 'string' } }
} as const

const recoveryCodes = {
  type: 'array',
  items: { type: 'string' },
  minItems: 1,
  description: 'Single-use recovery codes, shown only in this answer (only their SHA-256 is kept).'
} as const
const userAgent = (request: FastifyRequest): string | undefined => request.headers['user-agent']

/** The signed-in principal; the auth plugin guarantees it on every non-public route. */
function principal(request: FastifyRequest) {
  if (!request.auth) fail('SANAD_ERR_UNAUTHENTICATED')
  return request.auth
}

/** Routes that mint credentials need a browser session: a leaked API token must not mint more. */
function sessionOnly(request: FastifyRequest) {
  const p = principal(request)
  if (p.via.kind !== 'session') fail('SANAD_ERR_SESSION_REQUIRED')
  return { ...p, via: p.via }
}

/** Sign-in and sign-out, one's own account, API tokens and the TOTP second factor. */
const routes: FastifyPluginAsync = async (app) => {
  const auth = app.auth

  app.post<{ Body: LoginInput }>(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in (sets the session cookie; returns the CSRF token)',
        body: { $ref: 'login.json#' },
        response: { 200: { $ref: 'session.json#' }, 400: error, 401: error, 429: error }
      }
    },
    async (request, reply) => {
      try {
        const result = await auth.login({
          username: request.body.username,
          password: request.body.password,
          totp: request.body.totp,
          recoveryCode: request.body.recoveryCode,
          address: request.ip,
          userAgent: userAgent(request),
          previousSessionId: request.cookies[app.sessionCookie.name]
        })
        app.sessionCookie.set(reply, result)
        request.log.info({ user: result.user.id }, 'signed in')
        return {
          username: result.user.username,
          role: result.user.role,
          csrfToken: result.csrfToken,
          expiresAt: result.expiresAt,
          mfa: result.mfa
        }
      } catch (err) {
        // The log never gets the username: people type their password into that field.
        if (err instanceof SanadError) {
          request.log.warn({ code: err.code }, 'sign-in refused')
          const retry = err.details?.retryAfterSeconds
          if (err.code === 'SANAD_ERR_RATE_LIMITED' && typeof retry === 'number') {
            reply.header('retry-after', String(retry))
            throw new SanadError('SANAD_ERR_RATE_LIMITED')
          }
        }
        throw err
      }
    }
  )

  app.post(
    '/auth/logout',
    {
      config: { permission: 'session', mfaEnrolment: true },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: { type: 'null' } } }
    },
    async (request, reply) => {
      const p = principal(request)
      if (p.via.kind === 'session') {
        const id = request.cookies[app.sessionCookie.name]
        if (id) auth.endSession(id)
      }
      app.sessionCookie.clear(reply)
      return reply.code(204).send()
    }
  )

  app.get(
    '/auth/me',
    {
      config: { permission: 'session', mfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'role'],
            properties: { username: { type: 'string' }, role: { $ref: 'user.json#/$defs/role' } }
          }
        }
      }
    },
    async (request) => {
      const { user } = principal(request)
      return { username: user.username, role: user.role }
    }
  )

  app.post<{ Body: PasswordChange }>(
    '/auth/password',
    {
      config: { permission: 'session', mfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (ends every session and API token; opens a new session)',
        body: { $ref: 'password-change.json#' },
        response: { 200: renewed, 400: error, 403: error, 429: error }
      }
    },
    async (request, reply) => {
      const p = sessionOnly(request)
      await auth.changePassword(p.userSeq, request.body.currentPassword, request.body.newPassword, request.ip, userAgent(request))
      const session = auth.createSession(p.userSeq, { userAgent: userAgent(request) })
      app.sessionCookie.set(reply, session)
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt }
    }
  )

  app.post<{ Body: TokenInput }>(
    '/auth/tokens',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (the secret is shown only in this answer)',
        body: { $ref: 'token-input.json#' },
        response: { 201: { $ref: 'token.json#' }, 400: error, 403: error }
      }
    },
    async (request, reply) => {
      const p = sessionOnly(request)
      return reply.code(201).send(
        auth.createToken(p.userSeq, request.body.name, request.body.expiresInDays ?? 90, {
          actor: `user:${p.user.id}`,
          userAgent: userAgent(request)
        })
      )
    }
  )

  app.get(
    '/auth/tokens',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens (never their secrets)',
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'token.json#' } } } } }
      }
    },
    async (request) => ({ items: auth.listTokens(principal(request).userSeq) })
  )

  app.delete<{ Params: { id: string } }>(
    '/auth/tokens/:id',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your API tokens',
        params: idParams,
        response: { 204: { type: 'null' }, 404: error }
      }
    },
    async (request, reply) => {
      auth.revokeToken(principal(request).userSeq, request.params.id, userAgent(request))
      return reply.code(204).send()
    }
  )

  app.get(
    '/auth/totp',
    {
      config: { permission: 'session', mfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether your account has a second factor, whether it must, and how many recovery codes are left',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['enabled', 'required', 'recoveryCodesLeft'],
            properties: { enabled: { type: 'boolean' }, required: { type: 'boolean' }, recoveryCodesLeft: { type: 'integer' } }
          }
        }
      }
    },
    async (request) => auth.totpStatus(principal(request).userSeq)
  )

  app.post<{ Body: PasswordConfirm }>(
    '/auth/totp/setup',
    {
      config: { permission: 'session', mfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment, or replace your second factor: a new secret for your authenticator app (needs your password)',
        body: { $ref: 'password-confirm.json#' },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['secret', 'uri'],
            properties: {
              secret: { type: 'string', description: 'Base32 secret to type in' },
              uri: { type: 'string', description: 'otpauth:// URI to scan' }
            }
          },
          400: error,
          403: error,
          429: error
        }
      }
    },
    async (request) => await auth.totpSetup(sessionOnly(request).userSeq, request.body.password, request.ip, userAgent(request))
  )

  app.post<{ Body: TotpCode }>(
    '/auth/totp/confirm',
    {
      config: { permission: 'session', mfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Finish TOTP enrolment with a current code (renews the session; answers the recovery codes once)',
        body: { $ref: 'totp-code.json#' },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['csrfToken', 'expiresAt', 'recoveryCodes'],
            properties: { csrfToken: { type: 'string' }, expiresAt: { type: 'string' }, recoveryCodes }
          },
          400: error,
          403: error
        }
      }
    },
    async (request, reply) => {
      const p = sessionOnly(request)
      const { recoveryCodes: codes } = auth.totpConfirm(p.userSeq, request.body.code, userAgent(request))
      // The account's privileges changed: the session id changes with them.
      const session = auth.rotateSession(p.via.idHash, p.userSeq, userAgent(request))
      app.sessionCookie.set(reply, session)
      request.log.info({ user: p.user.id }, 'second factor enabled')
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt, recoveryCodes: codes }
    }
  )

  app.post<{ Body: PasswordConfirm }>(
    '/auth/recovery-codes',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'New single-use recovery codes (needs your password; the previous ones stop working)',
        body: { $ref: 'password-confirm.json#' },
        response: {
          200: { type: 'object', additionalProperties: false, required: ['recoveryCodes'], properties: { recoveryCodes } },
          400: error,
          403: error,
          409: error,
          429: error
        }
      }
    },
    async (request) =>
      await auth.regenerateRecoveryCodes(sessionOnly(request).userSeq, request.body.password, request.ip, userAgent(request))
  )

  // ---- one's own sessions and security events ---------------------------------------------------

  const currentIdHash = (p: ReturnType<typeof principal>): string | null => (p.via.kind === 'session' ? p.via.idHash : null)

  app.get(
    '/auth/sessions',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Your sessions (never their secrets); `current` marks this one',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'auth-session.json#' } } }
          }
        }
      }
    },
    async (request) => {
      const p = principal(request)
      return { items: auth.listSessions(p.userSeq, currentIdHash(p)) }
    }
  )

  app.delete(
    '/auth/sessions',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'End all your other sessions (all of them when called with an API token)',
        response: { 200: { type: 'object', additionalProperties: false, required: ['ended'], properties: { ended: { type: 'integer' } } } }
      }
    },
    async (request) => {
      const p = principal(request)
      return { ended: auth.endOtherSessions(p.userSeq, currentIdHash(p)) }
    }
  )

  app.delete<{ Params: { id: string } }>(
    '/auth/sessions/:id',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'End one of your sessions (this one too: that signs you out)',
        params: idParams,
        response: { 204: { type: 'null' }, 404: error }
      }
    },
    async (request, reply) => {
      const p = principal(request)
      const { current } = auth.endOwnSession(p.userSeq, request.params.id, currentIdHash(p))
      if (current) app.sessionCookie.clear(reply)
      return reply.code(204).send()
    }
  )

  app.get(
    '/auth/events',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Security events of your account (sign-ins, failures, second factor, API tokens), newest first',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'security-event.json#' } } }
          }
        }
      }
    },
    async (request) => ({ items: auth.securityEvents(principal(request).userSeq) })
  )
}

export default routes
