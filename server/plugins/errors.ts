import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import { ERRORS, SanadError, type ErrorCode } from '../errors.ts'

type Body = { statusCode: number; code: ErrorCode; error: string; message: string; field?: string; details?: Record<string, unknown> }

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

function body(code: ErrorCode, message: string, extra: Partial<Body> = {}): Body {
  const statusCode = ERRORS[code].status
  return { statusCode, code, error: REASONS[statusCode] ?? 'Error', message, ...extra }
}

/** Maps an ajv validation failure to a coded error that names the offending field. */
function fromValidation(err: FastifyError): Body {
  const first = err.validation?.[0]
  const where = err.validationContext ?? 'body'
  const path = (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.')
  if (first?.keyword === 'additionalProperties') {
    const extra = String((first.params as { additionalProperty?: string }).additionalProperty)
    const field = path ? `${path}.${extra}` : extra
    return body('SANAD_ERR_UNKNOWN_FIELD', `${where} has an unknown field "${field}"`, { field })
  }
  if (first?.keyword === 'required') {
    const missing = String((first.params as { missingProperty?: string }).missingProperty)
    const field = path ? `${path}.${missing}` : missing
    return body('SANAD_ERR_VALIDATION', `${where} is missing the required field "${field}"`, { field })
  }
  const field = path || undefined
  return body('SANAD_ERR_VALIDATION', `${where}${field ? `.${field}` : ''} ${first?.message ?? 'is invalid'}`, field ? { field } : {})
}

export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | SanadError, request, reply) => {
      if (err instanceof SanadError) {
        const extra: Partial<Body> = {}
        if (err.details) extra.details = err.details
        if (typeof err.details?.field === 'string') extra.field = err.details.field
        return reply.code(err.statusCode).send(body(err.code, err.message, extra))
      }
      if ('validation' in err && err.validation) return reply.code(400).send(fromValidation(err))
      const status = typeof err.statusCode === 'number' ? err.statusCode : 500
      if (
        status === 413 ||
        err.code === 'FST_REQ_FILE_TOO_LARGE' ||
        err.code === 'FST_FILES_LIMIT' ||
        err.code === 'FST_PARTS_LIMIT' ||
        err.code === 'FST_FIELDS_LIMIT'
      ) {
        return reply.code(413).send(body('SANAD_ERR_FILE_TOO_LARGE', err.message))
      }
      if (status === 415) return reply.code(415).send(body('SANAD_ERR_MEDIA_TYPE', err.message))
      if (status === 429) return reply.code(429).send(body('SANAD_ERR_RATE_LIMITED', ERRORS.SANAD_ERR_RATE_LIMITED.message))
      if (status >= 400 && status < 500) {
        // Fastify's own client errors (bad JSON, wrong content type…): their messages describe the request
        // and hold nothing internal.
        const code: ErrorCode = status === 404 ? 'SANAD_ERR_NOT_FOUND' : 'SANAD_ERR_BAD_REQUEST'
        return reply.code(status).send({ ...body(code, err.message), statusCode: status, error: REASONS[status] ?? 'Error' })
      }
      // 5xx: log the cause (no request body is ever logged), answer with nothing internal.
      request.log.error({ err }, 'request failed')
      return reply.code(500).send(body('SANAD_ERR_INTERNAL', ERRORS.SANAD_ERR_INTERNAL.message))
    })
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(body('SANAD_ERR_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`))
    })
  },
  { name: 'sanad-errors' }
)
