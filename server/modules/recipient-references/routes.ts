import type { FastifyPluginAsync } from 'fastify'
import type { RecipientReferencesInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'
import { recipientReferencesService } from './service.ts'
import { incidentLookup } from '../incidents/service.ts'

/** The recipient's reference numbers of a case's exhibits, imported back by the legal liaison (#17 item 7). */
const routes: FastifyPluginAsync = async (app) => {
  const service = recipientReferencesService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    hasClearance: incidentLookup(app.db).hasClearance
  })

  app.put<{ Params: { id: string }; Body: RecipientReferencesInput }>(
    '/cases/:id/recipient-references',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: "Import the recipient's reference numbers of the case's exhibits, by stable exhibit id (recorded in the ledger by hash)",
        params: idParams,
        body: { $ref: 'recipient-references-input.json#' },
        response: { 200: { $ref: 'recipient-references.json#' }, 400: error, 403: error, 404: error }
      }
    },
    async (request) => service.import(request.params.id, request.body, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/cases/:id/recipient-references',
    {
      config: { permission: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: "The recipient's current reference of each exhibit of the case that has one",
        params: idParams,
        response: { 200: { $ref: 'recipient-references.json#' }, 404: error }
      }
    },
    async (request) => service.get(request.params.id)
  )
}

export default routes
