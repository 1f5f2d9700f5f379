import type { FastifyPluginAsync } from 'fastify'
import type { AssignmentInput, IncidentInput, IncidentPatch, IncidentQuery, Retraction, TransitionInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const errors = { 400: error, 403: error, 404: error, 409: error } as const

const routes: FastifyPluginAsync = async (app) => {
  const service = app.incidents

  app.post<{ Body: IncidentInput }>(
    '/incidents',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Record an incident',
        description:
          'With `clientId` (a UUID the client made), a repeated POST from the same account answers the incident already recorded under it with 200 instead of recording another (a retry after a lost answer); another account’s clientId finds nothing of theirs.',
        body: { $ref: 'incident-input.json#' },
        response: { 200: { $ref: 'incident.json#' }, 201: { $ref: 'incident.json#' }, 400: error }
      }
    },
    async (request, reply) => {
      const { incident, created } = service.createOnce(request.body, viewerOf(request))
      return reply.code(created ? 201 : 200).send(incident)
    }
  )

  app.get<{ Querystring: IncidentQuery }>(
    '/incidents',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Search and filter incidents',
        querystring: { $ref: 'incident-query.json#' },
        response: { 200: { $ref: 'incident-list.json#' }, 400: error }
      }
    },
    async (request) => service.list(request.query, viewerOf(request))
  )

  app.get<{ Querystring: IncidentQuery }>(
    '/incidents/export.csv',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Export a search as CSV (UTF-8 with BOM; no narrative, no identities; recorded in the ledger)',
        querystring: { $ref: 'incident-query.json#' },
        response: { 200: { type: 'string' }, 400: error }
      }
    },
    async (request, reply) => {
      const { csv, count, exportId } = service.exportCsv(request.query, viewerOf(request))
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sanad-incidents-${new Date().toISOString().slice(0, 10)}.csv"`)
        .header('x-sanad-export-id', exportId)
        .header('x-sanad-export-count', String(count))
        .send(csv)
    }
  )

  app.get<{ Querystring: IncidentQuery }>(
    '/incidents/by-province',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Count a search by province (the map); the same filters as the list',
        querystring: { $ref: 'incident-query.json#' },
        response: {
          200: {
            type: 'object',
            required: ['total', 'provinces'],
            properties: {
              total: { type: 'integer' },
              provinces: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['province', 'count'],
                  properties: { province: { type: 'string' }, count: { type: 'integer' } }
                }
              }
            }
          },
          400: error
        }
      }
    },
    async (request) => service.countByProvince(request.query, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Read an incident',
        params: idParams,
        response: { 200: { $ref: 'incident.json#' }, ...errors }
      }
    },
    async (request) => service.get(request.params.id, viewerOf(request))
  )

  app.patch<{ Params: { id: string }; Body: IncidentPatch }>(
    '/incidents/:id',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Change an incident (makes a new revision)',
        params: idParams,
        body: { $ref: 'incident-patch.json#' },
        response: { 200: { $ref: 'incident.json#' }, ...errors }
      }
    },
    async (request) => service.update(request.params.id, request.body, viewerOf(request))
  )

  app.post<{ Params: { id: string }; Body: Retraction }>(
    '/incidents/:id/retract',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Retract an incident (it stays readable; nothing is deleted)',
        params: idParams,
        body: { $ref: 'retraction.json#' },
        response: { 200: { $ref: 'incident.json#' }, ...errors }
      }
    },
    async (request) => service.retract(request.params.id, request.body.reason, viewerOf(request))
  )

  app.post<{ Params: { id: string }; Body: TransitionInput }>(
    '/incidents/:id/transitions',
    {
      // Who may make which move is decided per incident (author or reviewer, never both): see the service.
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Move an incident along the review: submit, take for review, verify or return it',
        params: idParams,
        body: { $ref: 'transition-input.json#' },
        response: { 200: { $ref: 'incident.json#' }, ...errors }
      }
    },
    async (request) => service.transition(request.params.id, request.body, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/transitions',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: "The review history of an incident, with reviewers' comments",
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'from', 'to', 'revision', 'actor', 'createdAt'],
                  properties: {
                    id: { type: 'string' },
                    from: { type: 'string' },
                    to: { type: 'string' },
                    revision: { type: 'integer' },
                    actor: { type: 'string' },
                    comment: { type: 'string' },
                    createdAt: { type: 'string' }
                  }
                }
              }
            }
          },
          ...errors
        }
      }
    },
    async (request) => service.transitions(request.params.id, viewerOf(request))
  )

  app.put<{ Params: { id: string }; Body: AssignmentInput }>(
    '/incidents/:id/assignee',
    {
      config: { permission: 'incident:review' },
      schema: {
        tags: ['incidents'],
        summary: 'Assign an incident to a reviewer (or clear the assignment)',
        params: idParams,
        body: { $ref: 'assignment-input.json#' },
        response: { 200: { $ref: 'incident.json#' }, ...errors }
      }
    },
    async (request) => service.assign(request.params.id, request.body.assignee, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/revisions',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'List the revisions of an incident',
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['revision', 'kind', 'actor', 'createdAt'],
                  properties: {
                    revision: { type: 'integer' },
                    kind: { type: 'string', enum: ['created', 'edited', 'transitioned', 'retracted'] },
                    actor: { type: 'string' },
                    reason: { type: ['string', 'null'] },
                    createdAt: { type: 'string' }
                  }
                }
              }
            }
          },
          ...errors
        }
      }
    },
    async (request) => service.revisions(request.params.id, viewerOf(request))
  )

  app.get<{ Params: { id: string; revision: number } }>(
    '/incidents/:id/revisions/:revision',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Read an incident whole as it stood at one revision',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'revision'],
          properties: { id: { $ref: 'common.json#/$defs/uuid' }, revision: { type: 'integer', minimum: 1 } }
        },
        response: { 200: { $ref: 'incident.json#' }, ...errors }
      }
    },
    async (request) => service.revision(request.params.id, request.params.revision, viewerOf(request))
  )
}

export default routes
