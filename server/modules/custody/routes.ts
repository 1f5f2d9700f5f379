import type { FastifyPluginAsync } from 'fastify'
import type { CustodyEventInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

/** Custody events recorded by people: what happened to an exhibit before and outside Sanad. */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.custody

  app.post<{ Params: { id: string }; Body: CustodyEventInput }>(
    '/evidence/:id/custody-events',
    {
      // Writing an exhibit's custody is writing its incident: the same role, and need-to-know in the service.
      config: { permission: 'incident:write' },
      schema: {
        tags: ['evidence'],
        summary:
          'Record a custody event (received, transferred, captured-online, physical-item-sealed, collector-declaration); its ledger entry carries closed codes and the content hash',
        params: idParams,
        body: { $ref: 'custody-event-input.json#' },
        response: { 201: { $ref: 'custody-event.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.record(request.params.id, request.body, viewerOf(request)))
  )

  app.get<{ Params: { id: string } }>(
    '/evidence/:id/custody-events',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: "An exhibit's recorded custody events in the order they happened (auditors and barred readers: codes only)",
        params: idParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'custody-event.json#' } } } },
          403: error,
          404: error
        }
      }
    },
    async (request) => service.list(request.params.id, viewerOf(request))
  )
}

export default routes
