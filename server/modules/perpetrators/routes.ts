import type { FastifyPluginAsync } from 'fastify'
import type { InvolvementInput, OrganisationInput, PositionInput, Retraction } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const errors = { 400: error, 403: error, 404: error, 409: error } as const
const list = (ref: string) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { $ref: ref } } }
})
const twoIds = (second: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['id', second],
  properties: { id: { $ref: 'common.json#/$defs/uuid' }, [second]: { $ref: 'common.json#/$defs/uuid' } }
})

/** The perpetrators' register (organisations, units, positions) and involvement records of incidents. */
const routes: FastifyPluginAsync = async (app) => {
  const service = app.perpetrators

  app.post<{ Body: OrganisationInput }>(
    '/organisations',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['perpetrators'],
        summary: 'Record an organisation or a unit (with its parent) in the register',
        body: { $ref: 'organisation-input.json#' },
        response: { 201: { $ref: 'organisation.json#' }, ...errors }
      }
    },
    async (request, reply) => reply.code(201).send(service.createOrganisation(request.body, viewerOf(request)))
  )

  app.get(
    '/organisations',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['perpetrators'],
        summary: 'The register: organisations and units with their positions (persons by pseudonym, withheld under need-to-know)',
        response: { 200: list('organisation.json#'), ...errors }
      }
    },
    async (request) => service.listOrganisations(viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/organisations/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['perpetrators'],
        summary: 'One organisation or unit with its positions',
        params: idParams,
        response: { 200: { $ref: 'organisation.json#' }, ...errors }
      }
    },
    async (request) => service.getOrganisation(request.params.id, viewerOf(request))
  )

  app.post<{ Params: { id: string }; Body: PositionInput }>(
    '/organisations/:id/positions',
    {
      config: { permission: 'person:write' },
      schema: {
        tags: ['perpetrators'],
        summary: 'A perpetrator person record holds a position in this organisation or unit over a period',
        params: idParams,
        body: { $ref: 'position-input.json#' },
        response: { 201: { $ref: 'position.json#' }, ...errors }
      }
    },
    async (request, reply) => reply.code(201).send(service.addPosition(request.params.id, request.body, viewerOf(request)))
  )

  app.post<{ Params: { id: string }; Body: InvolvementInput }>(
    '/incidents/:id/involvements',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Record who is alleged to be responsible and how (mode of liability, Rome Statute Arts 25 and 28)',
        params: idParams,
        body: { $ref: 'involvement-input.json#' },
        response: { 201: { $ref: 'involvement.json#' }, ...errors }
      }
    },
    async (request, reply) => reply.code(201).send(service.createInvolvement(request.params.id, request.body, viewerOf(request)))
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/involvements',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: "An incident's involvement records, retracted ones included (marked)",
        params: idParams,
        response: { 200: list('involvement.json#'), ...errors }
      }
    },
    async (request) => service.listInvolvements(request.params.id, viewerOf(request))
  )

  app.delete<{ Params: { id: string; involvementId: string }; Body: Retraction }>(
    '/incidents/:id/involvements/:involvementId',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Retract an involvement record: it is marked retracted with a reason and recorded, never deleted',
        params: twoIds('involvementId'),
        body: { $ref: 'retraction.json#' },
        response: { 200: { $ref: 'involvement.json#' }, ...errors }
      }
    },
    async (request) => service.retractInvolvement(request.params.id, request.params.involvementId, request.body.reason, viewerOf(request))
  )
}

export default routes
