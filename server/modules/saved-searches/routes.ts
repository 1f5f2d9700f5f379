import type { FastifyPluginAsync } from 'fastify'
import type { SavedSearchInput, SavedSearchPatch } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'
import type { SavedSearchesService } from './service.ts'

const list = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { $ref: 'saved-search.json#' } } }
} as const

/** The signed-in account's saved searches of the incident list (#19 item 8); nobody else's are reachable. */
export function savedSearchRoutes(service: SavedSearchesService): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/saved-searches',
      {
        config: { permission: 'incident:read' },
        schema: { tags: ['incidents'], summary: 'Your saved searches of the incident list, oldest first', response: { 200: list } }
      },
      async (request) => service.list(viewerOf(request))
    )

    app.post<{ Body: SavedSearchInput }>(
      '/saved-searches',
      {
        config: { permission: 'incident:read' },
        schema: {
          tags: ['incidents'],
          summary: 'Save a search of the incident list under a name (its query checked like GET /incidents)',
          body: { $ref: 'saved-search-input.json#' },
          response: { 201: { $ref: 'saved-search.json#' }, 400: error }
        }
      },
      async (request, reply) => reply.code(201).send(service.create(viewerOf(request), request.body))
    )

    app.patch<{ Params: { id: string }; Body: SavedSearchPatch }>(
      '/saved-searches/:id',
      {
        config: { permission: 'incident:read' },
        schema: {
          tags: ['incidents'],
          summary: 'Rename one of your saved searches or change its query',
          params: idParams,
          body: { $ref: 'saved-search-patch.json#' },
          response: { 200: { $ref: 'saved-search.json#' }, 400: error, 404: error }
        }
      },
      async (request) => service.update(viewerOf(request), request.params.id, request.body)
    )

    app.delete<{ Params: { id: string } }>(
      '/saved-searches/:id',
      {
        config: { permission: 'incident:read' },
        schema: {
          tags: ['incidents'],
          summary: 'Delete one of your saved searches',
          params: idParams,
          response: { 204: { type: 'null' }, 404: error }
        }
      },
      async (request, reply) => {
        service.remove(viewerOf(request), request.params.id)
        return reply.code(204).send()
      }
    )
  }
}
