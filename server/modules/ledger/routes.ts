import type { FastifyPluginAsync } from 'fastify'
import { TIMESTAMP_REPLY_TYPE, timestampResponseFromToken } from '../../lib/ledger/timestamp.ts'
import type {
  LedgerCheckpointList,
  LedgerConsistencyProof,
  LedgerEntryQuery,
  LedgerInclusionProof,
  SensitiveActionQuery
} from '../../types/schemas.ts'
import { error } from '../../http/route-schemas.ts'

const index = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const

/**
 * Public, read-only views of the custody ledger in the formats independent tools understand:
 * C2SP tlog-checkpoint + signed-note, RFC 9162 inclusion and consistency proofs.
 */
const routes: FastifyPluginAsync = async (app) => {
  const ledger = app.ledger

  app.get(
    '/ledger/checkpoint',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)',
        description:
          'Line 1: origin; line 2: tree size; line 3: base64 root hash; then a blank line and the Ed25519 signature line. A new checkpoint is signed first if the ledger grew since the last one.',
        produces: ['text/plain'],
        response: { 200: { type: 'string' } }
      }
    },
    async (_request, reply) => {
      reply.type('text/plain; charset=utf-8')
      return ledger.checkpoint().note
    }
  )

  app.get(
    '/ledger/key',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'The note verifier key that signs checkpoints (name+keyid+base64)',
        produces: ['text/plain'],
        response: { 200: { type: 'string' } }
      }
    },
    async (_request, reply) => {
      reply.type('text/plain; charset=utf-8')
      return ledger.verifierKey() + '\n'
    }
  )

  app.get(
    '/ledger/checkpoints',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'Every checkpoint ever signed, oldest first',
        response: { 200: { $ref: 'ledger-checkpoint-list.json#' } }
      }
    },
    async (): Promise<LedgerCheckpointList> => ({ items: ledger.checkpoints() })
  )

  app.get<{ Params: { size: number } }>(
    '/ledger/checkpoints/:size/timestamp',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'The RFC 3161 timestamp of the checkpoint of tree size `size` (DER TimeStampResp)',
        description:
          "The token is over SHA-256 of the checkpoint's full signed note text, exactly as `/ledger/checkpoints` lists it. Check it independently with `openssl ts -verify -data note.txt -in timestamp.tsr -CAfile tsa-root.pem`.",
        params: { type: 'object', additionalProperties: false, required: ['size'], properties: { size: index } },
        response: {
          200: {
            description: 'DER TimeStampResp (RFC 3161 §2.4.2) holding the stored TimeStampToken unchanged',
            content: { [TIMESTAMP_REPLY_TYPE]: { schema: { type: 'string', format: 'binary' } } }
          },
          404: error
        }
      }
    },
    async (request, reply) => {
      const ts = ledger.checkpointTimestamp(request.params.size)
      reply.type(TIMESTAMP_REPLY_TYPE)
      reply.header('content-disposition', `attachment; filename="checkpoint-${request.params.size}.tsr"`)
      return timestampResponseFromToken(ts.token)
    }
  )

  app.get<{ Querystring: LedgerEntryQuery }>(
    '/ledger/entries',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: 'Ledger entries filtered by subject, type, actor and time (AND), oldest first, paged, each with its inclusion proof',
        description:
          'Answers "who read this witness\'s identity, when, why": `?subject=person:<id>&type=accessed`. Every item carries its RFC 9162 inclusion proof against the checkpoint the page gives once; `next` is the cursor of the following page.',
        querystring: { $ref: 'ledger-entry-query.json#' },
        response: { 200: { $ref: 'ledger-entry-page.json#' }, 400: error }
      }
    },
    async (request) => ledger.query(request.query)
  )

  app.get<{ Querystring: SensitiveActionQuery }>(
    '/audit/sensitive-actions',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['ledger'],
        summary:
          'Sensitive actions for auditors: clearances (requested, approved, rejected, granted without a second admin, revoked), password resets of legal accounts, new admin accounts',
        querystring: { $ref: 'sensitive-action-query.json#' },
        response: { 200: { $ref: 'sensitive-action-page.json#' }, 400: error }
      }
    },
    async (request) => ledger.sensitive(request.query)
  )

  app.get<{ Params: { index: number } }>(
    '/ledger/entries/:index',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: 'One ledger entry with its exact canonical bytes and leaf hash',
        params: { type: 'object', additionalProperties: false, required: ['index'], properties: { index } },
        response: { 200: { $ref: 'ledger-entry-view.json#' }, 404: error }
      }
    },
    async (request) => ledger.entry(request.params.index)
  )

  app.get<{ Querystring: { index: number; size: number } }>(
    '/ledger/proof/inclusion',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: 'RFC 9162 §2.1.3 inclusion proof of entry `index` in the tree of `size` entries',
        querystring: { type: 'object', additionalProperties: false, required: ['index', 'size'], properties: { index, size: index } },
        response: { 200: { $ref: 'ledger-inclusion-proof.json#' }, 400: error }
      }
    },
    async (request): Promise<LedgerInclusionProof> => {
      const { index: i, size } = request.query
      return { index: i, size, proof: ledger.inclusionProof(i, size) }
    }
  )

  app.get<{ Querystring: { from: number; to: number } }>(
    '/ledger/proof/consistency',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: 'RFC 9162 §2.1.4 consistency proof between tree sizes `from` and `to`',
        querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: index, to: index } },
        response: { 200: { $ref: 'ledger-consistency-proof.json#' }, 400: error }
      }
    },
    async (request): Promise<LedgerConsistencyProof> => {
      const { from, to } = request.query
      return { from, to, proof: ledger.consistencyProof(from, to) }
    }
  )
}
export default routes
