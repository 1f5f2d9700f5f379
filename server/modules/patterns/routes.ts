import type { FastifyPluginAsync } from 'fastify'
import type { PatternInput } from '../../types/schemas.ts'
import { actorOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const pattern = {
  type: 'object',
  required: ['id', 'reference', 'revision', 'title', 'description'],
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    revision: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    descriptionLanguage: { type: 'string' },
    categories: { type: 'array', items: { type: 'string' } },
    attack: { $ref: 'pattern-input.json#/properties/attack' },
    policyEvidence: { $ref: 'pattern-input.json#/properties/policyEvidence' }
  }
} as const

const routes: FastifyPluginAsync = async (app) => {
  const service = app.patterns

  app.post<{ Body: PatternInput }>(
    '/patterns',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['patterns'],
        summary: 'Record a pattern (the shared context of many incidents)',
        body: { $ref: 'pattern-input.json#' },
        response: { 201: pattern, 400: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.create(request.body, actorOf(request)))
  )

  app.get(
    '/patterns',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['patterns'],
        summary: 'List patterns',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: pattern } } } }
      }
    },
    async () => service.list()
  )

  app.get<{ Params: { id: string } }>(
    '/patterns/:id',
    {
      config: { permission: 'incident:read' },
      schema: { tags: ['patterns'], summary: 'Read a pattern', params: idParams, response: { 200: pattern, 404: error } }
    },
    async (request) => service.get(request.params.id)
  )

  app.put<{ Params: { id: string }; Body: PatternInput }>(
    '/patterns/:id',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['patterns'],
        summary: 'Replace a pattern (makes a new revision)',
        params: idParams,
        body: { $ref: 'pattern-input.json#' },
        response: { 200: pattern, 400: error, 404: error }
      }
    },
    async (request) => service.replace(request.params.id, request.body, actorOf(request))
  )
}
export default routes
