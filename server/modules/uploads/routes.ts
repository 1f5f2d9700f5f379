import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingMessage } from 'node:http'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { Server } from '@tus/server'
import type { Viewer } from '../../auth/actor.ts'
import { viewerOf } from '../../auth/actor.ts'
import { SanadError } from '../../errors.ts'
import { error, idParams } from '../../http/route-schemas.ts'
import type { UploadMetadata } from '../../types/schemas.ts'
import { uploadsService, type IngestResult } from './service.ts'

/** What one HTTP request carries into the tus server's hooks, which see only a web Request. */
type Exchange = { request: FastifyRequest; viewer: Viewer; error: Error | null; evidence: IngestResult | null }

const TUS_BODY = 'application/offset+octet-stream'
const METADATA_SCHEMA = { $ref: 'upload-metadata.json#' } as const
// Expired uploads go at start, then at this interval (and tus answers 410 for them meanwhile).
const SWEEP_MS = 10 * 60 * 1000

/**
 * The request body as the web stream tus reads. A connection cut mid-request ends the stream instead
 * of failing it: the bytes that arrived are kept and the client resumes after them (tus's own file
 * store does the same), and the hash of the upload need not be rebuilt.
 */
function bodyOf(raw: IncomingMessage): ReadableStream<Uint8Array> {
  let ended = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const end = (): void => {
          if (ended) return
          ended = true
          raw.off('data', data)
          controller.close()
        }
        const data = (chunk: Buffer): void => {
          controller.enqueue(chunk)
          if ((controller.desiredSize ?? 0) <= 0) raw.pause()
        }
        raw.pause()
        raw.on('data', data)
        raw.once('end', end)
        raw.once('error', end)
        raw.once('close', end)
      },
      pull() {
        raw.resume()
      },
      cancel() {
        ended = true
        // Let Node discard what is left of the body.
        raw.resume()
      }
    },
    { highWaterMark: 1 }
  )
}

function webRequest(request: FastifyRequest): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const streams = (request.method === 'PATCH' || request.method === 'POST') && request.headers['content-type'] === TUS_BODY
  return new Request(`http://sanad.invalid${request.url}`, {
    method: request.method,
    headers,
    ...(streams ? { body: bodyOf(request.raw), duplex: 'half' } : {})
  } as RequestInit)
}

/** tus answers its own refusals with a status and a line of text; they become coded errors here. */
function fromTus(status: number, text: string): Error {
  const message = text.trim()
  if (status === 404) return new SanadError('SANAD_ERR_UPLOAD_NOT_FOUND')
  if (status === 409) return new SanadError('SANAD_ERR_UPLOAD_OFFSET_CONFLICT')
  if (status === 410) return new SanadError('SANAD_ERR_UPLOAD_EXPIRED')
  if (status === 413) return new SanadError('SANAD_ERR_FILE_TOO_LARGE', message || undefined)
  if (status >= 500) return new Error(`tus answered ${status}`)
  // The rest are tus's fixed protocol messages (missing Tus-Resumable, bad headers…): nothing internal.
  // tus answers a missing Upload-Offset or Content-Type with 403; here 403 means a permission refusal.
  return Object.assign(new Error(message || 'The request does not follow the tus protocol.'), { statusCode: status === 403 ? 400 : status })
}

const routes: FastifyPluginAsync = async (app) => {
  const evidence = app.evidence
  const service = uploadsService({
    db: app.db,
    sqlite: app.sqlite,
    master: app.keys.master,
    evidence,
    dir: join(app.config.dataDir, 'uploads'),
    tmpDir: app.blobs.tmpDir,
    maxUploadBytes: app.config.maxUploadBytes,
    quotaBytes: app.config.uploadQuotaBytes,
    expiryHours: app.config.uploadExpiryHours
  })
  await service.init()
  const sweeper = setInterval(() => {
    service.sweep().catch((err: unknown) => app.log.error({ err }, 'removing expired uploads failed'))
  }, SWEEP_MS)
  sweeper.unref()
  app.addHook('onClose', async () => {
    clearInterval(sweeper)
    service.files.close()
  })

  const exchanges = new WeakMap<Request, Exchange>()
  const exchange = (req: Request): Exchange => {
    const found = exchanges.get(req)
    if (!found) throw new Error('a tus request without its exchange')
    return found
  }

  const tus = new Server({
    path: `${app.prefix}/uploads`,
    datastore: service.files,
    relativeLocation: true,
    // Same origin only: no CORS headers at all.
    allowedOrigins: [],
    maxSize: app.config.maxUploadBytes,
    disableTerminationForFinishedUploads: true,
    namingFunction: () => randomUUID(),
    onIncomingRequest: async (req, id) => {
      const { viewer } = exchange(req)
      if (req.method === 'POST') return
      if (req.method === 'PATCH') service.assertMayAppend(id, viewer)
      else service.assertOwner(id, viewer)
    },
    onUploadCreate: async (req, upload) => {
      const ex = exchange(req)
      const given = Object.fromEntries(Object.entries(upload.metadata ?? {}).filter(([, v]) => v !== null && v !== undefined))
      const validate = ex.request.compileValidationSchema(METADATA_SCHEMA, 'body')
      if (!validate(given)) {
        throw Object.assign(new Error('Upload-Metadata does not match its schema'), {
          statusCode: 400,
          validation: validate.errors ?? [],
          validationContext: 'Upload-Metadata'
        })
      }
      service.reserve({ id: upload.id, size: upload.size, metadata: given as unknown as UploadMetadata }, ex.viewer)
      return {}
    },
    onUploadFinish: async (req, upload) => {
      const ex = exchange(req)
      ex.evidence = await service.complete(upload.id, ex.viewer)
      // 201 when the whole file came with the creation (tus then adds Location), 200 for the last PATCH.
      return { status_code: req.method === 'POST' ? 201 : 200, headers: { 'Sanad-Evidence-Id': ex.evidence.id } }
    },
    onResponseError: async (req, err) => {
      // Sanad's own errors (and faults) are answered by Fastify's error handler, coded and without internals.
      if (err instanceof Error) {
        exchange(req).error = err
        return { status_code: 500, body: '' }
      }
      return undefined
    }
  })

  app.addContentTypeParser(TUS_BODY, (_request, _payload, done) => done(null))

  async function viaTus(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const ex: Exchange = { request, viewer: viewerOf(request), error: null, evidence: null }
    const req = webRequest(request)
    exchanges.set(req, ex)
    const res = await tus.handleWeb(req)
    if (ex.error) throw ex.error
    const text = await res.text()
    if (res.status >= 400) throw fromTus(res.status, text)
    res.headers.forEach((value, name) => {
      if (name === 'content-length' || name === 'content-type' || name.startsWith('access-control-')) return
      void reply.header(name, value)
    })
    // The last PATCH answers with the evidence record, as the multipart upload's 201 does.
    if (ex.evidence) return reply.code(res.status).send(ex.evidence)
    return reply.code(res.status).send()
  }

  const tusRoute = { config: { permission: 'evidence:write' as const } }
  const answers = { 400: error, 403: error, 404: error, 409: error, 410: error, 413: error, 415: error, 422: error }

  app.route({
    method: ['POST', 'OPTIONS'],
    url: '/uploads',
    ...tusRoute,
    schema: {
      tags: ['evidence'],
      summary: 'Create a resumable upload (tus 1.0 creation)',
      description:
        'tus 1.0 with the creation, creation-with-upload, termination and expiration extensions. `Upload-Length` is required; `Upload-Metadata` carries `incidentId`, `filename`, `sha256` and optionally `capture`, `description`, `source`, `sourceUrl`, `collectedBy`, `collectedAt` (upload-metadata.json). Checked like the multipart upload before any byte is stored; answers 201 with `Location`.',
      response: { 201: { $ref: 'evidence.json#' }, ...answers }
    },
    handler: viaTus
  })

  app.route({
    method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/uploads/:id',
    ...tusRoute,
    schema: {
      tags: ['evidence'],
      summary: 'Resume (HEAD gives Upload-Offset), append (PATCH) or delete (DELETE) one of your uploads',
      description:
        "Another user's upload is 404. The PATCH that completes the upload stores the file as evidence (same path as the multipart upload) and answers 200 with the evidence record and `Sanad-Evidence-Id`; a declared `sha256` that differs from what arrived is 422 `SANAD_ERR_HASH_MISMATCH` and the upload is deleted.",
      params: idParams,
      response: { 200: { $ref: 'evidence.json#' }, ...answers }
    },
    handler: viaTus
  })

  app.get<{ Params: { id: string } }>(
    '/uploads/:id/evidence',
    {
      ...tusRoute,
      schema: {
        tags: ['evidence'],
        summary: 'The evidence record a finished upload became (for a client that lost the last answer)',
        params: idParams,
        response: { 200: { $ref: 'evidence.json#' }, 404: error, 409: error, 410: error, 422: error }
      }
    },
    async (request) => await service.evidenceOf(request.params.id, viewerOf(request))
  )
}
export default routes
