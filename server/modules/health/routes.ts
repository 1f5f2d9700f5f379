import type { FastifyPluginAsync } from 'fastify'

const routes: FastifyPluginAsync = async (app) => {
  app.get('/health', {
    config: { permission: 'public' },
    schema: {
      tags: ['health'],
      summary: 'Liveness and database check',
      response: {
        200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } }
      }
    }
  }, async () => {
    app.sqlite.prepare('SELECT 1').get()
    return { status: 'ok' as const }
  })
}
export default routes
