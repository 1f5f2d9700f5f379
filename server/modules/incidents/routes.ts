import type { FastifyPluginAsync } from 'fastify'
import type { IncidentInput, IncidentPatch, IncidentQuery, Retraction } from '../../types/schemas.ts'
import { incidentService } from './service.ts'
import { patternService } from '../patterns/service.ts'
import { mergedIntoLookup } from '../links/service.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const errors = { 400: error, 403: error, 404: error, 409: error } as const

const routes: FastifyPluginAsync = async (app) => {
  const patterns = patternService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger })
  const service = incidentService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    patternExists: (id) => patterns.exists(id),
    mergedInto: mergedIntoLookup(app.db)
  })
  app.decorate('incidents', service)

  app.post<{ Body: IncidentInput }>(
    '/incidents',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Record an incident',
        body: { $ref: 'incident-input.json#' },
        response: { 201: { $ref: 'incident.json#' }, 400: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.create(request.body, viewerOf(request).actor))
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
                    kind: { type: 'string', enum: ['created', 'edited', 'retracted'] },
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

declare module 'fastify' {
  interface FastifyInstance {
    incidents: ReturnType<typeof incidentService>
  }
}

export default routes
