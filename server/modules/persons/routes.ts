import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ConsentInput, InterviewInput, PersonInput, PersonLinkInput, PersonPatch, PersonQuery } from '../../types/schemas.ts'
import { viewerOf as viewer } from '../../auth/actor.ts'
import { fail } from '../../errors.ts'
import { IDENTITY_FIELDS } from './service.ts'
import { ACCESS_PURPOSE_PATTERN } from '../../lib/protection/access-purposes.ts'
import type { LoweringReason } from '../../lib/protection/need-to-know.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const purposeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    purpose: {
      type: 'string',
      pattern: ACCESS_PURPOSE_PATTERN,
      description: 'Why the identity is read (recorded with the access). Also accepted as header x-sanad-purpose.'
    }
  }
} as const
const purposeRe = new RegExp(ACCESS_PURPOSE_PATTERN)

function purposeOf(request: FastifyRequest<{ Querystring: { purpose?: string } }>): string | undefined {
  if (request.query.purpose) return request.query.purpose
  const header = request.headers['x-sanad-purpose']
  if (header === undefined) return undefined
  if (typeof header !== 'string' || !purposeRe.test(header))
    fail('SANAD_ERR_VALIDATION', 'x-sanad-purpose is not a known purpose', { field: 'x-sanad-purpose' })
  return header
}

/** Persons linked to incidents (victims, witnesses, sources, perpetrators) and their consent. */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.persons

  app.post<{ Params: { id: string }; Body: PersonInput | PersonLinkInput }>(
    '/incidents/:id/persons',
    {
      config: { permission: 'person:write' },
      schema: {
        tags: ['persons'],
        summary: 'Record a person in an incident, or link an existing person ({personId, role}) to it; answers with the pseudonym',
        description:
          'A new person (person-input) is recorded with its identity encrypted; with `clientId`, the same account repeating the POST is answered the person already recorded (200), and the same clientId for another incident is 409 `SANAD_ERR_CLIENT_ID_REUSED`. {personId, role} links a person already recorded to this incident in that role: the answer carries the same pseudonym. Linking needs the right to read the person and the incident.',
        params: idParams,
        body: { $ref: 'incident-person-input.json#' },
        response: { 200: { $ref: 'person.json#' }, 201: { $ref: 'person.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => {
      const body = request.body
      if ('personId' in body) return reply.code(201).send(service.link(request.params.id, body, viewer(request)))
      const { person, created } = service.createOnce(request.params.id, body, viewer(request))
      return reply.code(created ? 201 : 200).send(person)
    }
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/persons',
    {
      config: { permission: 'person:read' },
      schema: {
        tags: ['persons'],
        summary: 'Persons of an incident, by pseudonym',
        params: idParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'person.json#' } } } },
          403: error,
          404: error
        }
      }
    },
    async (request) => service.list(request.params.id, viewer(request))
  )

  app.get<{ Querystring: PersonQuery }>(
    '/persons',
    {
      config: { permission: 'person:read' },
      schema: {
        tags: ['persons'],
        summary: 'Find persons by pseudonym (a prefix or the whole): pseudonym, roles and the incidents you may read; never an identity',
        description:
          'A person reachable only through incidents you may not read, or under need-to-know you may not pass, is not listed (not even that it exists). Nothing is decrypted, so nothing is recorded.',
        querystring: { $ref: 'person-query.json#' },
        response: { 200: { $ref: 'person-search.json#' }, 400: error, 403: error }
      }
    },
    async (request) => service.search(request.query.pseudonym, request.query.limit ?? 20, viewer(request))
  )

  app.get<{ Params: { id: string }; Querystring: { purpose?: string } }>(
    '/persons/:id',
    {
      config: { permission: 'person:read' },
      schema: {
        tags: ['persons'],
        summary: 'Read a person (the identity only where you are cleared; every such reading is recorded)',
        params: idParams,
        querystring: purposeQuery,
        response: { 200: { $ref: 'person.json#' }, 400: error, 404: error }
      }
    },
    async (request) => service.get(request.params.id, viewer(request), purposeOf(request))
  )

  app.patch<{ Params: { id: string }; Body: PersonPatch }>(
    '/persons/:id',
    {
      config: { permission: 'person:write' },
      schema: {
        tags: ['persons'],
        summary: 'Change a person (identity fields, protected, sensitive)',
        params: idParams,
        body: { $ref: 'person-patch.json#' },
        response: { 200: { $ref: 'person.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request) => service.update(request.params.id, request.body, viewer(request))
  )

  app.post<{ Params: { id: string }; Body: { sensitive?: false; protected?: false; loweringReason: LoweringReason } }>(
    '/persons/:id/lowering',
    {
      config: { permission: 'user:manage' },
      schema: {
        tags: ['persons'],
        summary: 'An admin lowers need-to-know (sensitive) or protection of a person, with a reason, without seeing the person',
        description:
          'Admins see no records: this answers 204 and shows nothing. Documenters who may read the identity use PATCH /persons/:id with loweringReason instead.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['loweringReason'],
          minProperties: 2,
          properties: {
            sensitive: { const: false },
            protected: { const: false },
            loweringReason: { $ref: 'common.json#/$defs/loweringReason' }
          }
        },
        response: { 204: { type: 'null' }, 400: error, 403: error, 404: error }
      }
    },
    async (request, reply) => {
      service.lowerByAdmin(request.params.id, request.body, viewer(request))
      return reply.code(204).send()
    }
  )

  app.get<{ Params: { id: string }; Querystring: { purpose?: string } }>(
    '/persons/:id/identity-history',
    {
      config: { permission: 'person:read' },
      schema: {
        tags: ['persons'],
        summary: 'Earlier values of the identifying fields (for whom may read the identity; the reading is recorded)',
        params: idParams,
        querystring: purposeQuery,
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
                  required: ['field', 'value', 'replacedInRevision', 'replacedAt', 'replacedBy'],
                  properties: {
                    field: { type: 'string', enum: [...IDENTITY_FIELDS] },
                    value: {},
                    replacedInRevision: { type: 'integer' },
                    replacedAt: { type: 'string' },
                    replacedBy: { type: 'string' }
                  }
                }
              }
            }
          },
          400: error,
          403: error,
          404: error
        }
      }
    },
    async (request) => service.identityHistory(request.params.id, viewer(request), purposeOf(request))
  )

  app.post<{ Params: { id: string }; Body: InterviewInput }>(
    '/persons/:id/interviews',
    {
      config: { permission: 'person:write' },
      schema: {
        tags: ['persons'],
        summary: 'Record an interview of a person (sealed like the identity); warns ALREADY_INTERVIEWED when there were earlier ones',
        params: idParams,
        body: { $ref: 'interview-input.json#' },
        response: { 201: { $ref: 'interview.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.recordInterview(request.params.id, request.body, viewer(request)))
  )

  app.get<{ Params: { id: string }; Querystring: { purpose?: string } }>(
    '/persons/:id/interviews',
    {
      config: { permission: 'person:read' },
      schema: {
        tags: ['persons'],
        summary: 'Earlier interviews of a person (for whom may read the identity; the reading is recorded)',
        params: idParams,
        querystring: purposeQuery,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'interview.json#' } } } },
          400: error,
          403: error,
          404: error
        }
      }
    },
    async (request) => service.interviews(request.params.id, viewer(request), purposeOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/persons/:id/consent',
    {
      config: { permission: 'person:read' },
      schema: {
        tags: ['persons'],
        summary: 'Current consent per purpose and its full history',
        params: idParams,
        response: { 200: { $ref: 'consent-history.json#' }, 403: error, 404: error }
      }
    },
    async (request) => service.consentHistory(request.params.id, viewer(request))
  )

  app.post<{ Params: { id: string }; Body: ConsentInput }>(
    '/persons/:id/consent',
    {
      config: { permission: 'person:write' },
      schema: {
        tags: ['persons'],
        summary: 'Record consent given or withdrawn (dated; history is never overwritten)',
        params: idParams,
        body: { $ref: 'consent.json#' },
        response: { 201: { $ref: 'consent-history.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.recordConsent(request.params.id, request.body, viewer(request)))
  )
}

export default routes
