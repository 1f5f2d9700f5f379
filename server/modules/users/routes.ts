import type { FastifyPluginAsync } from 'fastify'
import type { ClearanceInput, PasswordReset, StaffCodeInput, UserInput } from '../../types/schemas.ts'
import { actorOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const user = { $ref: 'user.json#' } as const
const clearance = {
  type: 'object',
  additionalProperties: false,
  required: ['incidentId', 'grantedAt', 'grantedBy', 'revokedAt', 'revokedBy'],
  properties: {
    incidentId: { type: 'string' },
    incidentReference: { type: 'string' },
    grantedAt: { type: 'string' },
    grantedBy: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
    revokedBy: { type: ['string', 'null'] }
  }
} as const

/** Account management for admins (permission user:manage). Every change is a ledger entry. */
const routes: FastifyPluginAsync = async (app) => {
  const users = app.users
  const manage = { permission: 'user:manage' } as const

  app.post<{ Body: UserInput }>(
    '/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Create an account',
        body: { $ref: 'user-input.json#' },
        response: { 201: user, 400: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(await users.create(request.body, actorOf(request)))
  )

  app.get(
    '/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'List accounts',
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: user } } } }
      }
    },
    async () => ({ items: users.list() })
  )

  app.get(
    '/users/directory',
    {
      config: { permission: 'user:directory' },
      schema: {
        tags: ['users'],
        summary: 'Account names and roles by id, to show who did what (any signed-in role)',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'username', 'role'],
                  properties: {
                    id: { type: 'string' },
                    username: { type: 'string' },
                    role: { type: 'string' },
                    staffCode: { type: 'string' }
                  }
                }
              }
            }
          }
        }
      }
    },
    async () => ({ items: users.directory() })
  )

  app.get<{ Params: { id: string } }>(
    '/users/:id',
    {
      config: manage,
      schema: { tags: ['users'], summary: 'Read an account', params: idParams, response: { 200: user, 404: error } }
    },
    async (request) => users.get(request.params.id)
  )

  app.put<{ Params: { id: string }; Body: StaffCodeInput }>(
    '/users/:id/staff-code',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: "Set or remove an account's staff code (unique; how custody events and dossiers name custodians)",
        params: idParams,
        body: { $ref: 'staff-code-input.json#' },
        response: { 200: user, 400: error, 404: error, 409: error }
      }
    },
    async (request) => users.setStaffCode(request.params.id, request.body.staffCode ?? null, actorOf(request))
  )

  app.post<{ Params: { id: string } }>(
    '/users/:id/disable',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Disable an account (ends its sessions, revokes its API tokens, deletes its saved searches and notifications)',
        params: idParams,
        response: { 200: user, 404: error, 409: error }
      }
    },
    async (request) => users.disable(request.params.id, actorOf(request))
  )

  app.post<{ Params: { id: string } }>(
    '/users/:id/enable',
    {
      config: manage,
      schema: { tags: ['users'], summary: 'Enable a disabled account', params: idParams, response: { 200: user, 404: error } }
    },
    async (request) => users.enable(request.params.id, actorOf(request))
  )

  app.post<{ Params: { id: string }; Body: PasswordReset | undefined }>(
    '/users/:id/password',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Reset a password (ends sessions and API tokens); without one a random password is returned once',
        params: idParams,
        body: { $ref: 'password-reset.json#' },
        response: {
          200: { type: 'object', additionalProperties: false, required: ['user'], properties: { user, password: { type: 'string' } } },
          400: error,
          404: error
        }
      }
    },
    async (request) => {
      const { user: view, password } = await users.resetPassword(request.params.id, request.body?.password ?? null, actorOf(request))
      return password === null ? { user: view } : { user: view, password }
    }
  )

  app.post<{ Params: { id: string } }>(
    '/users/:id/totp/reset',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Remove a lost second factor (the user enrols again)',
        params: idParams,
        response: { 200: user, 404: error }
      }
    },
    async (request) => users.resetTotp(request.params.id, actorOf(request))
  )

  securityEventRoutes(app)

  app.get<{ Params: { id: string } }>(
    '/users/:id/clearances',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Need-to-know clearances of an account',
        params: idParams,
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: clearance } } }, 404: error }
      }
    },
    async (request) => ({ items: users.clearances(request.params.id) })
  )

  app.get<{ Querystring: { q: string } }>(
    '/clearance-incidents',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Incidents to clear an account for, found by reference (ids and references only)',
        description:
          'Up to 20 incidents whose reference contains `q` (any case), newest first. Admins see no records: no title, place or person, only what a clearance needs.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['q'],
          properties: { q: { type: 'string', maxLength: 40 } }
        },
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'reference'],
                  properties: { id: { type: 'string' }, reference: { type: 'string' } }
                }
              }
            }
          },
          400: error
        }
      }
    },
    async (request) => ({ items: users.clearanceCandidates(request.query.q) })
  )

  app.post<{ Params: { id: string }; Body: ClearanceInput }>(
    '/users/:id/clearances',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Clear an account to see identities of one incident (need-to-know)',
        description:
          "With two or more active admins this files a request (202) that another admin must approve (`POST /clearance-requests/:id/approve`); the only active admin's grant takes effect at once (201) and is flagged in the auditors' sensitive-actions list. Clearing oneself is 403.",
        params: idParams,
        body: { $ref: 'clearance-input.json#' },
        response: { 201: clearance, 202: { $ref: 'clearance-request.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request, reply) => {
      const outcome = users.grantClearance(request.params.id, request.body.incidentId, actorOf(request))
      return outcome.status === 'effective' ? reply.code(201).send(outcome.clearance) : reply.code(202).send(outcome.request)
    }
  )

  app.get<{ Querystring: { status?: 'pending' | 'approved' | 'rejected' } }>(
    '/clearance-requests',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: "Clearance requests waiting for (or given) a second admin's decision",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['pending', 'approved', 'rejected'] } }
        },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'clearance-request.json#' } } } }
        }
      }
    },
    async (request) => ({ items: users.clearanceRequests(request.query.status) })
  )

  app.post<{ Params: { id: string } }>(
    '/clearance-requests/:id/approve',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Approve a clearance request: it takes effect now. Not by the admin who asked, nor by the account cleared (403).',
        params: idParams,
        response: { 200: clearance, 403: error, 404: error, 409: error }
      }
    },
    async (request) => users.approveClearance(request.params.id, actorOf(request))
  )

  app.post<{ Params: { id: string } }>(
    '/clearance-requests/:id/reject',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Reject a clearance request (the admin who asked thereby withdraws it)',
        params: idParams,
        response: { 200: { $ref: 'clearance-request.json#' }, 404: error, 409: error }
      }
    },
    async (request) => users.rejectClearance(request.params.id, actorOf(request))
  )

  app.delete<{ Params: { id: string; incidentId: string } }>(
    '/users/:id/clearances/:incidentId',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Revoke a clearance',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'incidentId'],
          properties: { id: { $ref: 'common.json#/$defs/uuid' }, incidentId: { $ref: 'common.json#/$defs/uuid' } }
        },
        response: { 204: { type: 'null' }, 404: error }
      }
    },
    async (request, reply) => {
      users.revokeClearance(request.params.id, request.params.incidentId, actorOf(request))
      return reply.code(204).send()
    }
  )
}

/** An admin reads one account's security events (the same list the account's owner sees). */
function securityEventRoutes(app: Parameters<FastifyPluginAsync>[0]): void {
  app.get<{ Params: { id: string } }>(
    '/users/:id/security-events',
    {
      config: { permission: 'user:manage' },
      schema: {
        tags: ['users'],
        summary: 'Security events of an account (sign-ins, failures, second factor, API tokens), newest first',
        params: idParams,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'security-event.json#' } } }
          },
          404: error
        }
      }
    },
    async (request) => ({ items: app.auth.securityEventsOf(request.params.id) })
  )
}

export default routes
