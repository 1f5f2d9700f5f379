import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { LoginInput, PasswordChange, TokenInput, TotpCode } from '../../types/schemas.ts'
import { fail, SanadError } from '../../errors.ts'

const error = { $ref: 'error.json#' } as const
const idParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { $ref: 'common.json#/$defs/uuid' } }
} as const
const renewed = {
  type: 'object', additionalProperties: false, required: ['csrfToken', 'expiresAt'],
  properties: { csrfToken: { type: 'string' }, expiresAt: { type: 'string' } }
} as const

/** The signed-in principal; the auth plugin guarantees it on every non-public route. */
function principal (request: FastifyRequest) {
  if (!request.auth) fail('SANAD_ERR_UNAUTHENTICATED')
  return request.auth
}

/** Routes that mint credentials need a browser session: a leaked API token must not mint more. */
function sessionOnly (request: FastifyRequest) {
  const p = principal(request)
  if (p.via.kind !== 'session') fail('SANAD_ERR_SESSION_REQUIRED')
  return { ...p, via: p.via }
}

/** Sign-in and sign-out, one's own account, API tokens and the TOTP second factor. */
const routes: FastifyPluginAsync = async (app) => {
  const auth = app.auth

  app.post<{ Body: LoginInput }>('/auth/login', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'Sign in (sets the session cookie; returns the CSRF token)',
      body: { $ref: 'login.json#' },
      response: { 200: { $ref: 'session.json#' }, 400: error, 401: error, 429: error }
    }
  }, async (request, reply) => {
    try {
      const result = await auth.login({
        username: request.body.username,
        password: request.body.password,
        totp: request.body.totp,
        address: request.ip,
        previousSessionId: request.cookies[app.sessionCookie.name]
      })
      app.sessionCookie.set(reply, result)
      request.log.info({ user: result.user.id }, 'signed in')
      return { username: result.user.username, role: result.user.role, csrfToken: result.csrfToken, expiresAt: result.expiresAt, mfa: result.mfa }
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
  })

  app.post('/auth/logout', {
    config: { permission: 'session', mfaEnrolment: true },
    schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: { type: 'null' } } }
  }, async (request, reply) => {
    const p = principal(request)
    if (p.via.kind === 'session') {
      const id = request.cookies[app.sessionCookie.name]
      if (id) auth.endSession(id)
    }
    app.sessionCookie.clear(reply)
    return reply.code(204).send()
  })

  app.get('/auth/me', {
    config: { permission: 'session', mfaEnrolment: true },
    schema: {
      tags: ['auth'], summary: 'Who is signed in',
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['username', 'role'],
          properties: { username: { type: 'string' }, role: { $ref: 'user.json#/$defs/role' } }
        }
      }
    }
  }, async (request) => {
    const { user } = principal(request)
    return { username: user.username, role: user.role }
  })

  app.post<{ Body: PasswordChange }>('/auth/password', {
    config: { permission: 'session', mfaEnrolment: true },
    schema: {
      tags: ['auth'], summary: 'Change your own password (ends every session and API token; opens a new session)',
      body: { $ref: 'password-change.json#' },
      response: { 200: renewed, 400: error, 403: error, 429: error }
    }
  }, async (request, reply) => {
    const p = sessionOnly(request)
    await auth.changePassword(p.userSeq, request.body.currentPassword, request.body.newPassword, request.ip)
    const session = auth.createSession(p.userSeq)
    app.sessionCookie.set(reply, session)
    return { csrfToken: session.csrfToken, expiresAt: session.expiresAt }
  })

  app.post<{ Body: TokenInput }>('/auth/tokens', {
    config: { permission: 'session' },
    schema: {
      tags: ['auth'], summary: 'Create an API token (the secret is shown only in this answer)',
      body: { $ref: 'token-input.json#' },
      response: { 201: { $ref: 'token.json#' }, 400: error, 403: error }
    }
  }, async (request, reply) => {
    const p = sessionOnly(request)
    return reply.code(201).send(auth.createToken(p.userSeq, request.body.name, request.body.expiresInDays ?? 90))
  })

  app.get('/auth/tokens', {
    config: { permission: 'session' },
    schema: {
      tags: ['auth'], summary: 'Your API tokens (never their secrets)',
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'token.json#' } } } } }
    }
  }, async (request) => ({ items: auth.listTokens(principal(request).userSeq) }))

  app.delete<{ Params: { id: string } }>('/auth/tokens/:id', {
    config: { permission: 'session' },
    schema: { tags: ['auth'], summary: 'Revoke one of your API tokens', params: idParams, response: { 204: { type: 'null' }, 404: error } }
  }, async (request, reply) => {
    auth.revokeToken(principal(request).userSeq, request.params.id)
    return reply.code(204).send()
  })

  app.get('/auth/totp', {
    config: { permission: 'session', mfaEnrolment: true },
    schema: {
      tags: ['auth'], summary: 'Whether your account has a second factor, and whether it must',
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['enabled', 'required'],
          properties: { enabled: { type: 'boolean' }, required: { type: 'boolean' } }
        }
      }
    }
  }, async (request) => auth.totpStatus(principal(request).userSeq))

  app.post('/auth/totp/setup', {
    config: { permission: 'session', mfaEnrolment: true },
    schema: {
      tags: ['auth'], summary: 'Start TOTP enrolment: a new secret for your authenticator app',
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['secret', 'uri'],
          properties: { secret: { type: 'string', description: 'Base32 secret to type in' }, uri: { type: 'string', description: 'otpauth:// URI to scan' } }
        },
        403: error, 409: error
      }
    }
  }, async (request) => auth.totpSetup(sessionOnly(request).userSeq))

  app.post<{ Body: TotpCode }>('/auth/totp/confirm', {
    config: { permission: 'session', mfaEnrolment: true },
    schema: {
      tags: ['auth'], summary: 'Finish TOTP enrolment with a current code (renews the session)',
      body: { $ref: 'totp-code.json#' },
      response: { 200: renewed, 400: error, 403: error, 409: error }
    }
  }, async (request, reply) => {
    const p = sessionOnly(request)
    auth.totpConfirm(p.userSeq, request.body.code)
    // The account's privileges changed: the session id changes with them.
    const session = auth.rotateSession(p.via.idHash, p.userSeq)
    app.sessionCookie.set(reply, session)
    request.log.info({ user: p.user.id }, 'second factor enabled')
    return { csrfToken: session.csrfToken, expiresAt: session.expiresAt }
  })
}

export default routes
