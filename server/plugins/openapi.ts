import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

/**
 * OpenAPI document generated from the route schemas: JSON at /api/docs/json, browsable at /api/docs.
 * swagger-ui's assets are served from node_modules, never from a CDN, so the docs work air-gapped.
 */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Sanad API',
          version: '1',
          description: 'Documenting human-rights violations in Afghanistan and keeping their evidence fit for court.'
        },
        tags: [
          { name: 'health' },
          { name: 'auth', description: 'Signing in, sessions, API tokens, second factor' },
          { name: 'users', description: 'Accounts (admin)' },
          { name: 'incidents' },
          { name: 'patterns' },
          { name: 'persons', description: 'Victims, witnesses, sources and perpetrators; identities encrypted, consent per purpose' },
          { name: 'perpetrators', description: 'The register of organisations, units and positions behind involvement records' },
          { name: 'taxonomy' },
          { name: 'context' },
          { name: 'stats' },
          { name: 'evidence' },
          { name: 'devices', description: 'Device keys that sign capture records' },
          { name: 'ledger', description: 'Custody ledger, checkpoints, proofs, verification jobs' },
          { name: 'cases', description: 'Cases, dossiers and evidence packages' }
        ]
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => String(json.title ?? json.$id ?? `def-${i}`)
      }
    })
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { deepLinking: false, validatorUrl: null },
      staticCSP: true
    })
  },
  { name: 'sanad-openapi', dependencies: ['sanad-schemas'] }
)
