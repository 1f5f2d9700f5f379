import type { FastifyPluginAsync } from 'fastify'
import type { IncidentLinkInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const errors = { 400: error, 403: error, 404: error, 409: error } as const

/** Typed links between incidents: connected crimes, the same event, related incidents, duplicates. */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.links

  app.post<{ Params: { id: string }; Body: IncidentLinkInput }>(
    '/incidents/:id/links',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Link this incident to another (connected-to with the connected crime, same-event, related, duplicate-of)',
        params: idParams,
        body: { $ref: 'incident-link-input.json#' },
        response: { 201: { $ref: 'incident-link.json#' }, ...errors }
      }
    },
    async (request, reply) => reply.code(201).send(service.create(request.params.id, request.body, viewerOf(request)))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/links',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: "An incident's links, both directions, removed ones included (marked)",
        params: idParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'incident-link.json#' } } } },
          ...errors
        }
      }
    },
    async (request) => service.list(request.params.id, viewerOf(request))
  )

  app.delete<{ Params: { id: string; linkId: string } }>(
    '/incidents/:id/links/:linkId',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Remove a link: it is marked removed and recorded, never deleted',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'linkId'],
          properties: { id: { $ref: 'common.json#/$defs/uuid' }, linkId: { $ref: 'common.json#/$defs/uuid' } }
        },
        response: { 200: { $ref: 'incident-link.json#' }, ...errors }
      }
    },
    async (request) => service.remove(request.params.id, request.params.linkId, viewerOf(request))
  )
}

export default routes
