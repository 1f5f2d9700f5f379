import type { FastifyPluginAsync } from 'fastify'
import type { DeviceInput } from '../../types/schemas.ts'
import { viewerOf } from '../../auth/actor.ts'
import { error, idParams } from '../../http/route-schemas.ts'
import { devicesService } from './service.ts'

const list = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'device.json#' } } } } as const

/** Device keys that sign capture records: enrol, list, revoke. */
const routes: FastifyPluginAsync = async (app) => {
  const service = devicesService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger })

  app.post<{ Body: DeviceInput }>(
    '/devices',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['devices'],
        summary: 'Enrol a device key (ECDSA P-256 public key as JWK or SPKI) that will sign capture records',
        body: { $ref: 'device-input.json#' },
        response: { 201: { $ref: 'device.json#' }, 400: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.enrol(request.body, viewerOf(request)))
  )

  app.get(
    '/devices',
    {
      config: { permission: 'session' },
      schema: { tags: ['devices'], summary: 'Your device keys (an admin: every account’s)', response: { 200: list } }
    },
    async (request) => service.list(viewerOf(request))
  )

  app.delete<{ Params: { id: string } }>(
    '/devices/:id',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['devices'],
        summary: 'Revoke a device key (your own; an admin: any); it signs nothing accepted from then on',
        params: idParams,
        response: { 204: { type: 'null' }, 403: error, 404: error }
      }
    },
    async (request, reply) => {
      service.revoke(request.params.id, viewerOf(request))
      return reply.code(204).send()
    }
  )
}
export default routes
