import type { FastifyPluginAsync } from 'fastify'
import { openSqlite } from '../../db/connection.ts'
import { fail } from '../../errors.ts'
import { actorOf } from '../../auth/actor.ts'
import { verifyDataDir } from './service.ts'
import { error } from '../../http/route-schemas.ts'

const job = {
  type: 'object',
  required: ['id', 'status', 'progress'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'running', 'ready', 'failed'] },
    progress: { type: 'number', description: '0 to 1' },
    message: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    startedAt: { type: ['string', 'null'] },
    finishedAt: { type: ['string', 'null'] },
    error: { type: ['string', 'null'] },
    report: { type: ['object', 'null'], additionalProperties: true }
  }
} as const

const PHASES = { ledger: [0, 0.4], records: [0.4, 0.5], blobs: [0.5, 1] } as const

/**
 * The full verification (the same check as `npm run verify`) as a job with progress, for the web.
 * It reads through its own read-only connection so the server keeps serving while it runs.
 */
const routes: FastifyPluginAsync = async (app) => {
  const present = (id: string) => {
    const row = app.jobs.get(id)
    if (row?.kind !== 'verification') fail('SANAD_ERR_NOT_FOUND', 'No such verification job.')
    return {
      id: row.id,
      status: row.status,
      progress: row.progress,
      message: row.message,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      error: row.error,
      report: row.result as Record<string, unknown> | null
    }
  }

  app.post(
    '/verification-jobs',
    {
      config: { permission: 'verify:run' },
      schema: { tags: ['ledger'], summary: 'Start a full verification of blobs, records and the ledger', response: { 202: job } }
    },
    async (request, reply) => {
      const row = app.jobs.submit('verification', actorOf(request), async (ctx) => {
        const sqlite = openSqlite(app.sqlite.name, { readonly: true })
        try {
          const report = await verifyDataDir({
            sqlite,
            blobs: app.blobs,
            verifierKey: app.ledger.verifierKey(),
            onProgress: (p) => {
              const [from, to] = PHASES[p.phase]
              ctx.progress(from + (to - from) * (p.total === 0 ? 1 : p.done / p.total), `${p.phase} ${p.done}/${p.total}`)
            }
          })
          return report
        } finally {
          sqlite.close()
        }
      })
      return reply.code(202).send(present(row.id))
    }
  )

  app.get<{ Params: { id: string } }>(
    '/verification-jobs/:id',
    {
      config: { permission: 'verify:run' },
      schema: {
        tags: ['ledger'],
        summary: 'Status, progress and report of a verification job',
        params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { $ref: 'common.json#/$defs/uuid' } } },
        response: { 200: job, 404: error }
      }
    },
    async (request) => present(request.params.id)
  )

  app.get(
    '/verification-jobs',
    {
      config: { permission: 'verify:run' },
      schema: {
        tags: ['ledger'],
        summary: 'Recent verification jobs, newest first',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: job } } } }
      }
    },
    async () => ({ items: app.jobs.list('verification').map((r) => present(r.id)) })
  )
}
export default routes
