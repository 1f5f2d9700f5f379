import fp from 'fastify-plugin'
import { JobRunner } from '../jobs/runner.ts'

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner
  }
}

export default fp(
  async (app) => {
    const jobs = new JobRunner(app.sqlite)
    jobs.onError = (err, jobId) => {
      app.log.error({ err, jobId }, 'job failed')
    }
    app.decorate('jobs', jobs)
    app.addHook('onClose', async () => {
      await jobs.close()
    })
  },
  { name: 'sanad-jobs', dependencies: ['sanad-db'] }
)
