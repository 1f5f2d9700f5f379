import type { FastifyPluginAsync } from 'fastify'
import type { CommentInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const errors = { 400: error, 403: error, 404: error } as const

/** Comments on incidents and exhibits, and the signed-in account's notifications (#19 item 7). */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.comments

  app.post<{ Params: { id: string }; Body: CommentInput }>(
    '/incidents/:id/comments',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Comment on an incident or one of its exhibits (@mentions notify accounts that may read it)',
        description:
          'The text is sealed at rest and never written to the ledger: the `comment-posted` entry carries the ids, how many accounts were notified and the content hash. Need-to-know applies: whom may not read the incident can neither post nor read its comments and is never notified.',
        params: idParams,
        body: { $ref: 'comment-input.json#' },
        response: { 201: { $ref: 'comment.json#' }, ...errors }
      }
    },
    async (request, reply) => reply.code(201).send(service.post(request.params.id, request.body, viewerOf(request)))
  )

  app.get<{ Params: { id: string }; Querystring: { evidenceId?: string } }>(
    '/incidents/:id/comments',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: "An incident's comments, oldest first (with `evidenceId`, that exhibit's only)",
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { evidenceId: { $ref: 'common.json#/$defs/uuid' } }
        },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'comment.json#' } } } },
          ...errors
        }
      }
    },
    async (request) => service.list(request.params.id, viewerOf(request), request.query.evidenceId)
  )

  app.get(
    '/notifications',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "The signed-in account's newest notifications and its unread count (ids and references only, never a comment's text)",
        response: {
          200: {
            type: 'object',
            required: ['items', 'unread'],
            properties: { items: { type: 'array', items: { $ref: 'notification.json#' } }, unread: { type: 'integer' } }
          }
        }
      }
    },
    async (request) => service.notifications(viewerOf(request))
  )

  app.post(
    '/notifications/read',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "Mark all the signed-in account's notifications read",
        response: { 200: { type: 'object', required: ['marked'], properties: { marked: { type: 'integer' } } } }
      }
    },
    async (request) => service.markRead(viewerOf(request))
  )

  app.post<{ Params: { id: string } }>(
    '/notifications/:id/read',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Mark one notification of the signed-in account read',
        params: idParams,
        response: { 200: { type: 'object', required: ['marked'], properties: { marked: { type: 'integer' } } }, 404: error }
      }
    },
    async (request) => service.markRead(viewerOf(request), request.params.id)
  )
}

export default routes
