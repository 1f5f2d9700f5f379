import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from '../../server/app.ts'

/** A fresh app on a fresh database in the test's own directory, closed when the test ends. */
export async function testApp (t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  const dataDir = t.testdir({})
  const app = await buildApp({
    logger: false,
    env: {},
    ...options,
    config: { dataDir, checkpointIntervalMs: 0, ...options.config }
  })
  t.teardown(() => app.close())
  await app.ready()
  return app
}

export const incidentInput = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Killing of a former police officer',
  narrative: 'A former police officer was taken from his home at night and found dead the next morning.',
  narrativeLanguage: 'en',
  occurred: { from: '2022-03-14' },
  location: { province: 'AF-GHA', district: 'Jaghori', place: 'Sang-e Masha' },
  categories: ['cah-murder'],
  ...overrides
})
