import type { FastifyPluginAsync } from 'fastify'
import type { VerificationInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

/** Verification records of exhibits (Berkeley Protocol: source, technical and content analysis). */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.verifications

  app.post<{ Params: { id: string }; Body: VerificationInput }>(
    '/evidence/:id/verifications',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: 'Record a verification step on an exhibit (its `verified` ledger entry carries the content hash)',
        params: idParams,
        body: { $ref: 'verification-input.json#' },
        response: { 201: { $ref: 'verification.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.record(request.params.id, request.body, viewerOf(request)))
  )

  app.get<{ Params: { id: string } }>(
    '/evidence/:id/verifications',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: "An exhibit's verification records, oldest first (auditors and barred readers: phase and status only)",
        params: idParams,
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'verification.json#' } } } },
          403: error,
          404: error
        }
      }
    },
    async (request) => service.list(request.params.id, viewerOf(request))
  )
}

export default routes
