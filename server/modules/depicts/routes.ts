import type { FastifyPluginAsync } from 'fastify'
import type { DepictsInput, DerivativeInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const personParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'personId'],
  properties: { id: idParams.properties.id, personId: idParams.properties.id }
} as const

/** Who an exhibit shows, and blurred copies of it (#17 item 9: image consent per exhibit). */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.depicts

  app.post<{ Params: { id: string }; Body: DepictsInput }>(
    '/evidence/:id/depicts',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: 'Record that an exhibit shows a person of its incident (a `depicts-linked` ledger entry with ids and content hash)',
        params: idParams,
        body: { $ref: 'depicts-input.json#' },
        response: { 201: { $ref: 'depicts-link.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.link(request.params.id, request.body.personId, viewerOf(request)))
  )

  app.delete<{ Params: { id: string; personId: string } }>(
    '/evidence/:id/depicts/:personId',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: 'Record that an exhibit no longer counts as showing a person (needs the right to read the person)',
        params: personParams,
        response: { 200: { $ref: 'depicts-link.json#' }, 403: error, 404: error, 409: error }
      }
    },
    async (request) => service.unlink(request.params.id, request.params.personId, viewerOf(request))
  )

  app.post<{ Params: { id: string }; Body: DerivativeInput }>(
    '/evidence/:id/derivatives',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: 'Make a blurred copy of an image exhibit, kept as an exhibit of its own with its lineage in the ledger',
        description:
          'Answers 201 with the lineage and the new evidence record, or 200 with the copy made before. JPEG and PNG only; a video or any other type is 409 `SANAD_ERR_VARIANT_UNAVAILABLE`.',
        params: idParams,
        body: { $ref: 'derivative-input.json#' },
        response: {
          200: {
            type: 'object',
            required: ['lineage', 'evidence'],
            properties: { lineage: { $ref: 'derivative.json#' }, evidence: { $ref: 'evidence.json#' } }
          },
          201: {
            type: 'object',
            required: ['lineage', 'evidence'],
            properties: { lineage: { $ref: 'derivative.json#' }, evidence: { $ref: 'evidence.json#' } }
          },
          400: error,
          403: error,
          404: error,
          409: error,
          422: error
        }
      }
    },
    async (request, reply) => {
      const viewer = viewerOf(request)
      const { lineage, created } = await service.derive(request.params.id, request.body.kind, viewer)
      return reply.code(created ? 201 : 200).send({ lineage, evidence: app.evidence.get(lineage.derivativeId, viewer) })
    }
  )
}

export default routes
