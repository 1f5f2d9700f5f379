import fp from 'fastify-plugin'
import { SanadError } from '../errors.ts'
import { loadSchemas } from '../http/schema-files.ts'

export default fp(
  async (app) => {
    for (const schema of loadSchemas()) app.addSchema(schema)
    // A form submits untouched filters as empty values (?q=&province=): on every route they mean
    // "not given", so defaults apply and an empty value never fails a pattern.
    app.addHook('preValidation', async (request) => {
      const query = request.query as Record<string, unknown> | undefined
      if (!query || typeof query !== 'object') return
      for (const key of Object.keys(query)) if (query[key] === '') delete query[key]
    })
    // ajv's type coercion turns "1e309" into Infinity and then lets it pass `type: integer` and
    // `maximum`; no handler should ever see a non-finite number from a query string or path.
    app.addHook('preHandler', async (request) => {
      for (const [part, values] of [
        ['querystring', request.query],
        ['params', request.params]
      ] as const) {
        if (!values || typeof values !== 'object') continue
        for (const [key, value] of Object.entries(values)) {
          if (typeof value === 'number' && !Number.isFinite(value)) {
            throw new SanadError('SANAD_ERR_VALIDATION', `${part}.${key} must be a finite number`, { field: key })
          }
        }
      }
    })
  },
  { name: 'sanad-schemas' }
)
