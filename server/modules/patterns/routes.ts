import type { FastifyPluginAsync } from 'fastify'
import type { ContextAssessmentInput, PatternInput } from '../../types/schemas.ts'
import { actorOf, viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'
import { CONTEXT_ELEMENTS, type ContextElement } from '../../lib/analysis/pattern-context.ts'

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
    attackingOrganisation: { $ref: 'pattern-input.json#/properties/attackingOrganisation' },
    policyEvidence: { $ref: 'pattern-input.json#/properties/policyEvidence' }
  }
} as const

/** A pattern as GET /patterns/:id answers it: with its contextual elements, members and scale. */
const patternView = {
  ...pattern,
  required: [...pattern.required, 'context', 'members', 'scale'],
  properties: {
    ...pattern.properties,
    context: { type: 'array', items: { $ref: 'context-assessment.json#' } },
    members: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'reference', 'title', 'province', 'from', 'to'],
        properties: {
          id: { type: 'string' },
          reference: { type: 'string' },
          title: { type: 'string' },
          province: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' }
        }
      }
    },
    scale: { $ref: 'pattern-scale.json#' }
  }
} as const

const elementParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'element'],
  properties: { id: { $ref: 'common.json#/$defs/uuid' }, element: { type: 'string', enum: [...CONTEXT_ELEMENTS] } }
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
      schema: {
        tags: ['patterns'],
        summary: 'Read a pattern with its contextual elements, member incidents and computed scale (only incidents the reader may read)',
        params: idParams,
        response: { 200: patternView, 404: error }
      }
    },
    async (request) => service.view(request.params.id, viewerOf(request))
  )

  app.put<{ Params: { id: string; element: ContextElement }; Body: ContextAssessmentInput }>(
    '/patterns/:id/context/:element',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['patterns'],
        summary: 'Assess one contextual element of crimes against humanity on the pattern (its incidents inherit it)',
        params: elementParams,
        body: { $ref: 'context-assessment-input.json#' },
        response: { 200: { $ref: 'context-assessment.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request) => service.assess(request.params.id, request.params.element, request.body, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/context',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: "An incident's contextual elements under each of its patterns: inherited, or overridden with a reason",
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
                  required: ['pattern', 'elements'],
                  properties: {
                    pattern: { type: 'object', properties: { id: { type: 'string' }, reference: { type: 'string' } } },
                    elements: { type: 'array', items: { $ref: 'context-assessment.json#' } }
                  }
                }
              }
            }
          },
          403: error,
          404: error
        }
      }
    },
    async (request) => service.incidentContext(request.params.id, viewerOf(request))
  )

  app.put<{ Params: { id: string; patternId: string; element: ContextElement }; Body: ContextAssessmentInput }>(
    '/incidents/:id/patterns/:patternId/context/:element',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: "Override one of the pattern's contextual elements on this incident, with a reason from the closed list",
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'patternId', 'element'],
          properties: { ...elementParams.properties, patternId: { $ref: 'common.json#/$defs/uuid' } }
        },
        body: { $ref: 'context-assessment-input.json#' },
        response: { 200: { $ref: 'context-assessment.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request) =>
      service.override(request.params.id, request.params.patternId, request.params.element, request.body, viewerOf(request))
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
