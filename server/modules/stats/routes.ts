import type { FastifyPluginAsync } from 'fastify'
import { viewerOf } from '../../auth/actor.ts'
import { statsRepo } from './repo.ts'
import { victimStatsRepo } from './victims-repo.ts'

/**
 * Counts of incidents by category × province × month (of the start date), for charts. Retracted
 * incidents are left out. An incident with several categories counts once in each.
 */
const routes: FastifyPluginAsync = async (app) => {
  const repo = statsRepo(app.db)
  app.get(
    '/stats',
    {
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
                  properties: {
                    category: { type: 'string' },
                    province: { type: 'string' },
                    month: { type: 'string' },
                    count: { type: 'integer' }
                  }
                }
              },
              byCategory: { type: 'object', additionalProperties: { type: 'integer' } },
              byProvince: { type: 'object', additionalProperties: { type: 'integer' } },
              byMonth: { type: 'object', additionalProperties: { type: 'integer' } }
            }
          }
        }
      }
    },
    async () => {
      const cells = repo.cells()
      const total = repo.total()
      return { total, cells, byCategory: repo.byCategory(), byProvince: repo.byProvince(), byMonth: repo.byMonth() }
    }
  )

  const victims = victimStatsRepo(app.db)
  const countMap = { type: 'object', additionalProperties: { type: 'integer' } } as const
  app.get(
    '/stats/victims',
    {
      config: { permission: 'stats:read' },
      schema: {
        tags: ['stats'],
        summary: "Victims summed from the incidents' counts: totals, by sex, age group, province and month",
        response: {
          200: {
            type: 'object',
            required: ['total', 'killed', 'injured', 'incidentsWithoutCount', 'bySex', 'byAgeGroup', 'byProvince', 'byMonth'],
            properties: {
              total: { type: 'integer' },
              killed: { type: 'integer' },
              injured: { type: 'integer' },
              incidentsWithoutCount: { type: 'integer' },
              bySex: countMap,
              byAgeGroup: countMap,
              byProvince: countMap,
              byMonth: countMap
            }
          }
        }
      }
    },
    async (request) => victims.victims(viewerOf(request))
  )
}
export default routes
