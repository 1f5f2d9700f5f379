import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { compileSchemasOnFirstUse } from '../../server/http/schema-compilers.ts'
import { TEST_ADMIN_PASSWORD, testApp } from '../helpers/app.ts'

// test/helpers/app.ts switches this process to compiling on first use; each test here says which it uses.
function compiling(t: Test, mode: 'at start' | 'on first use'): void {
  compileSchemasOnFirstUse(mode === 'on first use')
  t.teardown(() => compileSchemasOnFirstUse())
}

/** An app with one extra route whose schemas exercise what Fastify needs from a compiled function. */
async function appWithProbe(t: Test, schema: Record<string, unknown>): Promise<FastifyInstance> {
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SANAD_REQUIRE_MFA: '0' },
    config: { dataDir: t.testdir({}), checkpointIntervalMs: 0 }
  })
  t.teardown(() => app.close())
  app.post('/probe', { schema }, async (request) => ({ body: request.body, query: request.query, secret: 'not in the schema' }))
  return app
}

const probeSchema = {
  querystring: { type: 'object', properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } },
  body: {
    type: 'object',
    additionalProperties: false,
    properties: { name: { type: 'string' }, count: { type: 'integer', default: 1 } },
    required: ['name']
  },
  response: {
    200: {
      type: 'object',
      properties: { body: { type: 'object', additionalProperties: true }, query: { type: 'object', additionalProperties: true } }
    }
  }
}

t.test('a server compiles every route schema while it starts: all of Sanad’s compile', async (t) => {
  compiling(t, 'at start')
  const app = await testApp(t)
  const res = await app.inject({ method: 'GET', url: '/api/v1/health' })
  t.equal(res.statusCode, 200)
})

t.test('at start, a route schema that does not compile stops the start', async (t) => {
  compiling(t, 'at start')
  const app = await appWithProbe(t, { body: { type: 'object', properties: { a: { $ref: 'no-such-schema#' } } } })
  await t.rejects(async () => {
    await app.ready()
  })
})

t.test('on first use, the same broken schema fails its route only, as a coded 500', async (t) => {
  compiling(t, 'on first use')
  const app = await appWithProbe(t, { body: { type: 'object', properties: { a: { $ref: 'no-such-schema#' } } } })
  await app.ready()
  const res = await app.inject({ method: 'POST', url: '/probe', payload: { a: 1 } })
  t.equal(res.statusCode, 500)
  t.notMatch(res.body, /no-such-schema/, 'no internals in the answer')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode, 200)
})

for (const mode of ['at start', 'on first use'] as const) {
  t.test(`compiled ${mode}, a route validates, coerces, fills defaults and serializes alike`, async (t) => {
    compiling(t, mode)
    const app = await appWithProbe(t, probeSchema)
    await app.ready()
    const ok = await app.inject({ method: 'POST', url: '/probe?n=5&tags=a', payload: { name: 'x' } })
    t.equal(ok.statusCode, 200)
    t.same(
      ok.json(),
      { body: { name: 'x', count: 1 }, query: { n: 5, tags: ['a'] } },
      'query coerced, default filled, extra field not sent'
    )
    const unknown = await app.inject({ method: 'POST', url: '/probe', payload: { name: 'x', extra: true } })
    t.equal(unknown.statusCode, 400)
    t.match(unknown.json(), { code: 'SANAD_ERR_UNKNOWN_FIELD', field: 'extra' }, 'ajv’s errors reach the answer')
    const wrongType = await app.inject({ method: 'POST', url: '/probe', payload: { name: 'x', count: '2' } })
    t.equal(wrongType.statusCode, 400, 'a body is never coerced')
    t.match(wrongType.json(), { code: 'SANAD_ERR_VALIDATION', field: 'count' })
    const badQuery = await app.inject({ method: 'POST', url: '/probe?n=five', payload: { name: 'x' } })
    t.equal(badQuery.statusCode, 400)
    const again = await app.inject({ method: 'POST', url: '/probe?n=6', payload: { name: 'y' } })
    t.same(again.json(), { body: { name: 'y', count: 1 }, query: { n: 6 } }, 'the second request uses the same compiled functions')
  })
}

t.test('only a test process run by tap may compile on first use', async (t) => {
  const tap = process.env.TAP
  t.teardown(() => {
    process.env.TAP = tap
    compileSchemasOnFirstUse()
  })
  delete process.env.TAP
  t.throws(() => compileSchemasOnFirstUse(), /tap only/)
  t.doesNotThrow(() => compileSchemasOnFirstUse(false))
})
