import type { FastifyPluginAsync } from 'fastify'
import { databaseAnswers } from './repo.ts'

const routes: FastifyPluginAsync = async (app) => {
  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness and database check',
        response: {
          200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } }
        }
      }
    },
    async () => {
      databaseAnswers(app.sqlite)
      return { status: 'ok' as const }
    }
  )
}
export default routes
