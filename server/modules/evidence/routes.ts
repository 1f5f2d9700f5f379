import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import multipart, { type MultipartFile, type FastifyMultipartAttachFieldsToBodyOptions } from '@fastify/multipart'
import { createReadStream } from 'node:fs'
import type { EvidenceDetailsPatch, EvidenceUpload } from '../../types/schemas.ts'
import type { Received } from '../../blobs/store.ts'
import { parseCaptureField, type Intake } from './service.ts'
import { actorOf, viewerOf } from '../../auth/actor.ts'
import { ACCESS_PURPOSE_PATTERN } from '../../lib/protection/access-purposes.ts'
import { fail } from '../../errors.ts'
import { error, idParams } from '../../http/route-schemas.ts'

declare module 'fastify' {
  interface FastifyRequest {
    received?: Received & { filename: string }
  }
}

const list = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'evidence.json#' } } } } as const

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

const routes: FastifyPluginAsync = async (app) => {
  const service = app.evidence
  // Records from before names and descriptions were sealed at rest are sealed now, before any read.
  const sealed = service.sealLegacyText()
  if (sealed > 0) app.log.info({ sealed }, 'sealed the file names and descriptions of older evidence records')

  // Multipart only in this plugin's scope. The file part streams straight into tmp/ while it is hashed;
  // every limit is set so that no part of a hostile request can grow without bound.
  const multipartOptions = {
    attachFieldsToBody: 'keyValues' as const,
    // Keep the name as sent (path included) as metadata; it is never used as a path. Names from
    // Dari and Pashto phones are UTF-8.
    preservePath: true,
    defParamCharset: 'utf8',
    limits: {
      fileSize: app.config.maxUploadBytes,
      files: 1,
      fields: 10,
      parts: 11,
      fieldSize: 64 * 1024,
      fieldNameSize: 100,
      headerPairs: 100
    },
    async onFile(this: FastifyRequest, part: MultipartFile & { value?: unknown }) {
      if (part.fieldname !== 'file') {
        part.file.resume()
        fail('SANAD_ERR_VALIDATION', `Unexpected file field "${part.fieldname}"; send the file as "file"`, { field: part.fieldname })
      }
      const received = await app.blobs.receive(part.file)
      if (part.file.truncated) {
        await app.blobs.discard(received.tmpPath)
        fail('SANAD_ERR_FILE_TOO_LARGE')
      }
      this.received = { ...received, filename: part.filename ?? '' }
      part.value = { size: received.size }
    }
  }
  await app.register(multipart, multipartOptions as FastifyMultipartAttachFieldsToBodyOptions)
  // Whatever happens after the file arrived (refusal, error, abort), its temp file goes — before the
  // answer leaves, so a client that sees a refusal never races a leftover file.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.received) await app.blobs.discard(request.received.tmpPath)
    return payload
  })
  app.addHook('onRequestAbort', async (request) => {
    if (request.received) await app.blobs.discard(request.received.tmpPath)
  })

  app.post<{ Params: { id: string }; Body: EvidenceUpload }>(
    '/incidents/:id/evidence',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: 'Upload an evidence file (multipart, field "file")',
        description:
          "Streams the file: SHA-256 and SHA-512 while it arrives, fsync, atomic rename into the content-addressed store, then the record and its custody entry in one transaction. A declared `sha256` that differs from what arrived is refused with 422 and nothing is kept. With `capture` (a capture record signed by the uploader's enrolled device) the record is checked against the file and becomes the item's first custody entry, `captured`, before `ingested`.",
        consumes: ['multipart/form-data'],
        params: idParams,
        body: { $ref: 'evidence-upload.json#' },
        response: { 201: { $ref: 'evidence.json#' }, 400: error, 403: error, 404: error, 409: error, 413: error, 422: error }
      },
      // Refuse before a byte is stored when the incident cannot take evidence.
      onRequest: async (request) => {
        service.assertIncidentAcceptsEvidence((request.params as { id: string }).id, viewerOf(request))
        const type = request.headers['content-type'] ?? ''
        if (/^multipart\/form-data\b/i.test(type) && !/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(type)) {
          fail('SANAD_ERR_BAD_REQUEST', 'The multipart content type has no boundary.')
        }
        if (!/^multipart\/form-data\b/i.test(type))
          fail('SANAD_ERR_MEDIA_TYPE', 'Send the file as multipart/form-data with a part named "file".')
      }
    },
    async (request, reply) => {
      const received = request.received
      if (!received) fail('SANAD_ERR_FILE_MISSING')
      const { file: _file, capture, ...fields } = request.body
      const intake: Intake = { ...fields, file: received, ...(capture === undefined ? {} : { capture: parseCaptureField(capture) }) }
      const result = await service.ingest(request.params.id, intake, actorOf(request))
      return reply.code(201).send(result)
    }
  )

  app.get<{ Params: { id: string } }>(
    '/incidents/:id/evidence',
    {
      config: { permission: 'evidence:read' },
      schema: { tags: ['evidence'], summary: "An incident's evidence items", params: idParams, response: { 200: list, 404: error } }
    },
    async (request) => service.forIncident(request.params.id, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/evidence/:id',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: 'One evidence record',
        params: idParams,
        response: { 200: { $ref: 'evidence.json#' }, 404: error }
      }
    },
    async (request) => service.get(request.params.id, viewerOf(request))
  )

  app.patch<{ Params: { id: string }; Body: EvidenceDetailsPatch }>(
    '/evidence/:id',
    {
      config: { permission: 'evidence:write' },
      schema: {
        tags: ['evidence'],
        summary: "Revise an exhibit's descriptive details (description, source, collector, collection date)",
        description:
          "Never the file, its hashes or its custody. `baseRevision` is the `detailsRevision` read: an older one is 409 `SANAD_ERR_REVISION_CONFLICT` and changes nothing. Need-to-know applies as for the incident. Each change is an `evidence-details-revised` ledger entry (ids, reason code, fields changed, the new collection fields' RFC 8785 SHA-256; never the text); the values replaced are kept sealed.",
        params: idParams,
        body: { $ref: 'evidence-details-patch.json#' },
        response: { 200: { $ref: 'evidence.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request) => service.reviseDetails(request.params.id, request.body, viewerOf(request))
  )

  app.get<{ Params: { sha256: string } }>(
    '/evidence/by-hash/:sha256',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: 'Evidence records holding exactly these bytes',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['sha256'],
          properties: { sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } }
        },
        response: { 200: list, 400: error }
      }
    },
    async (request) => service.byHash(request.params.sha256, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/evidence/:id/custody',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence', 'ledger'],
        summary: "An item's custody events with ledger indices and inclusion proofs against the signed checkpoint",
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['evidenceId', 'checkpoint', 'size', 'items'],
            properties: {
              evidenceId: { type: 'string' },
              checkpoint: { type: 'string' },
              size: { type: 'integer' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    index: { type: 'integer' },
                    leafHash: { type: 'string' },
                    entry: { type: 'object', additionalProperties: true },
                    proof: { type: 'array', items: { type: 'string' } }
                  }
                }
              }
            }
          },
          404: error
        }
      }
    },
    async (request) => service.custody(request.params.id)
  )

  app.get<{ Params: { id: string }; Querystring: { variant: 'original' | 'shared'; purpose?: string } }>(
    '/evidence/:id/content',
    {
      config: { permission: 'evidence:content' },
      schema: {
        tags: ['evidence'],
        summary: 'Download the original, or a shared copy without embedded metadata (every access is recorded)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            variant: { type: 'string', enum: ['original', 'shared'], default: 'original' },
            purpose: {
              type: 'string',
              pattern: ACCESS_PURPOSE_PATTERN,
              description:
                'Why the file is opened, from a closed list (or case:<id>); kept in the custody entry, which never holds free text.'
            }
          }
        },
        response: { 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => {
      const file = await service.content(request.params.id, request.query.variant, viewerOf(request), request.query.purpose)
      reply
        .type(file.mediaType)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('etag', `"${file.sha256}"`)
        .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
      return reply.send(createReadStream(file.path))
    }
  )
}
export default routes
