import type { FastifyPluginAsync } from 'fastify'
import type { GraphicMarkInput, MediaPreferences } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const mark = {
  type: 'object',
  required: ['evidenceId', 'graphic'],
  properties: { evidenceId: { type: 'string' }, graphic: { type: 'boolean' }, markedBy: { type: 'string' }, markedAt: { type: 'string' } }
} as const

/** Graphic marks of exhibits and the signed-in account's media preference (#19 item 9). */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.graphicMedia

  app.put<{ Params: { id: string }; Body: GraphicMarkInput }>(
    '/evidence/:id/graphic',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: 'Mark an exhibit graphic, or clear the mark (recorded in the ledger)',
        params: idParams,
        body: { $ref: 'graphic-mark-input.json#' },
        response: { 200: mark, 400: error, 403: error, 404: error }
      }
    },
    async (request) => service.mark(request.params.id, request.body.graphic, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/evidence/:id/graphic',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: 'Whether an exhibit is marked graphic (need-to-know as for the exhibit record: 403 for whom may not read its incident)',
        params: idParams,
        response: { 200: mark, 403: error, 404: error }
      }
    },
    async (request) => service.get(request.params.id, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/graphic-evidence',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: "Ids of an incident's exhibits marked graphic",
        params: idParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'string' } } } },
          403: error,
          404: error
        }
      }
    },
    async (request) => service.ofIncident(request.params.id, viewerOf(request))
  )

  app.get(
    '/auth/preferences/media',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "The signed-in account's preference for graphic media",
        response: { 200: { $ref: 'media-preferences.json#' } }
      }
    },
    async (request) => service.preferences(viewerOf(request))
  )

  app.put<{ Body: MediaPreferences }>(
    '/auth/preferences/media',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "Set the signed-in account's preference for graphic media (keep it blurred until revealed, or not)",
        body: { $ref: 'media-preferences.json#' },
        response: { 200: { $ref: 'media-preferences.json#' }, 400: error }
      }
    },
    async (request) => service.setPreferences(viewerOf(request), request.body.keepGraphicBlurred)
  )
}

export default routes
