import type { FastifyPluginAsync } from 'fastify'
import { TAXONOMY, PROVINCES, ICC_JURISDICTION_START } from '../../lib/context/afghan-context.ts'

const labels = { type: 'object', properties: { en: { type: 'string' }, fa: { type: 'string' }, ps: { type: 'string' } } } as const

/** Reference data: the violation taxonomy and the Afghan provinces. Both are static, so cacheable. */
const routes: FastifyPluginAsync = async (app) => {
  app.get(
    '/taxonomy',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['taxonomy'],
        summary: 'Violation categories with their Rome Statute articles and elements to substantiate',
        response: {
          200: {
            type: 'object',
            required: ['categories', 'groups'],
            properties: {
              version: { type: 'integer' },
              groups: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, labels } } },
              // The themes (`?tag=` of the incident list): roadmap tags the categories carry.
              tags: {
                type: 'array',
                items: { type: 'object', properties: { id: { type: 'string' }, roadmap: { type: 'boolean' }, labels } }
              },
              categories: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'romeStatute', 'group', 'labels', 'elements'],
                  properties: {
                    id: { type: 'string' },
                    romeStatute: { type: ['string', 'null'] },
                    group: { type: 'string' },
                    labels,
                    description: labels,
                    elements: {
                      type: 'array',
                      items: { type: 'object', properties: { id: { type: 'string' }, labels, contextual: { type: 'boolean' } } }
                    },
                    tags: { type: 'array', items: { type: 'string' } },
                    parent: { type: ['string', 'null'] },
                    related: { type: 'array', items: { type: 'string' } }
                  }
                }
              }
            }
          }
        }
      }
    },
    async () => TAXONOMY
  )

  app.get(
    '/provinces',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['context'],
        summary: 'The 34 provinces of Afghanistan (ISO 3166-2:AF) with names and centroids',
        response: {
          200: {
            type: 'object',
            properties: {
              iccJurisdictionStart: { type: 'string' },
              provinces: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    code: { type: 'string' },
                    en: { type: 'string' },
                    fa: { type: 'string' },
                    ps: { type: 'string' },
                    centroid: { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } }
                  }
                }
              }
            }
          }
        }
      }
    },
    async () => ({ iccJurisdictionStart: ICC_JURISDICTION_START, provinces: PROVINCES })
  )
}
export default routes
