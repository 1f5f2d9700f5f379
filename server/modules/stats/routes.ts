import type { FastifyPluginAsync } from 'fastify'
import { sql } from 'drizzle-orm'

type Cell = { category: string, province: string, month: string, count: number }

/**
 * Counts of incidents by category × province × month (of the start date), for charts. Retracted
 * incidents are left out. An incident with several categories counts once in each.
 */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/stats', {
    config: { permission: 'stats:read' },
    schema: {
      tags: ['stats'],
      summary: 'Incident counts by category, province and month',
      response: {
        200: {
          type: 'object',
          required: ['total', 'cells', 'byCategory', 'byProvince', 'byMonth'],
          properties: {
            total: { type: 'integer' },
            cells: {
              type: 'array',
              items: {
                type: 'object',
                properties: { category: { type: 'string' }, province: { type: 'string' }, month: { type: 'string' }, count: { type: 'integer' } }
              }
            },
            byCategory: { type: 'object', additionalProperties: { type: 'integer' } },
            byProvince: { type: 'object', additionalProperties: { type: 'integer' } },
            byMonth: { type: 'object', additionalProperties: { type: 'integer' } }
          }
        }
      }
    }
  }, async () => {
    const cells = app.db.all<Cell>(sql`
      SELECT f.value AS category, i.province AS province, substr(i.occurred_from, 1, 7) AS month, count(*) AS count
      FROM incidents i JOIN incident_facets f ON f.incident_seq = i.seq AND f.facet = 'category'
      WHERE i.retracted_at IS NULL
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
    const one = (q: ReturnType<typeof sql>): Record<string, number> =>
      Object.fromEntries(app.db.all<{ k: string, n: number }>(q).map((r) => [r.k, r.n]))
    const total = app.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM incidents WHERE retracted_at IS NULL`)?.n ?? 0
    return {
      total,
      cells,
      byCategory: one(sql`SELECT f.value AS k, count(*) AS n FROM incidents i JOIN incident_facets f ON f.incident_seq = i.seq AND f.facet = 'category' WHERE i.retracted_at IS NULL GROUP BY 1`),
      byProvince: one(sql`SELECT province AS k, count(*) AS n FROM incidents WHERE retracted_at IS NULL GROUP BY 1`),
      byMonth: one(sql`SELECT substr(occurred_from, 1, 7) AS k, count(*) AS n FROM incidents WHERE retracted_at IS NULL GROUP BY 1`)
    }
  })
}
export default routes
