import type { FastifyPluginAsync } from 'fastify'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  CaseInput,
  CasePatch,
  CaseWarningsInput,
  DossierDeliveryInput,
  ConsentNoticeInput,
  DossierInput
} from '../../types/schemas.ts'
import { actorOf, viewerOf } from '../../auth/actor.ts'
import { casesService } from './service.ts'
import { mergedIntoLookup } from '../links/service.ts'
import { error, idParams } from '../../http/route-schemas.ts'

const caseList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: 'case.json#' } } } } as const

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/**
 * Case files: a legal liaison groups incidents into a case for one recipient under one disclosure
 * profile, and asks for dossiers (a PDF and a BagIt evidence package), built as jobs.
 */
const routes: FastifyPluginAsync = async (app) => {
  // A dossier file still being written when the process died was never handed out: remove it.
  const exportsDir = join(app.config.dataDir, 'exports')
  for (const name of await readdir(exportsDir).catch(() => [] as string[])) {
    if (name.endsWith('.partial')) await rm(join(exportsDir, name), { force: true })
  }
  const service = casesService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    blobs: app.blobs,
    incidents: app.incidents,
    evidence: app.evidence,
    patterns: app.patterns,
    links: app.links,
    verifications: app.verifications,
    custody: app.custody,
    depicts: app.depicts,
    perpetrators: app.perpetrators,
    mergedInto: mergedIntoLookup(app.db),
    persons: app.persons,
    master: app.keys.master,
    jobs: app.jobs,
    signer: app.keys.ledger,
    pdfSigner: app.keys.pdf,
    dataDir: app.config.dataDir,
    retentionDays: app.config.dossierRetentionDays,
    attachmentBudgetBytes: app.config.dossierAttachmentBudgetBytes,
    timestampWaitMs: app.config.tsaUrl === '' ? 0 : app.config.tsaTimeoutMs + 1000,
    organisation: {
      name: app.config.organisationName,
      contact: app.config.organisationContact,
      focalPoint: app.config.organisationFocalPoint
    }
  })

  app.post<{ Body: CaseInput }>(
    '/cases',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: 'Build a case from incidents (and patterns) for one recipient under one disclosure profile',
        body: { $ref: 'case-input.json#' },
        response: { 201: { $ref: 'case.json#' }, 400: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.create(request.body, viewerOf(request)))
  )

  app.post<{ Body: CaseWarningsInput }>(
    '/cases/warnings',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: 'Preview the warnings a case of these incidents for this recipient would carry, before it is saved',
        body: { $ref: 'case-warnings-input.json#' },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['warnings'],
            properties: { warnings: { $ref: 'case-warnings.json#' } }
          },
          400: error
        }
      }
    },
    async (request) => service.warnings(request.body)
  )

  app.patch<{ Params: { id: string }; Body: CasePatch }>(
    '/cases/:id',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary:
          'Revise a case (incidents, patterns, element links, title, purpose, recipient, profile) from `baseRevision`, with a reason code',
        params: idParams,
        body: { $ref: 'case-patch.json#' },
        response: { 200: { $ref: 'case.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request) => service.revise(request.params.id, request.body, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/cases/:id/revisions',
    {
      config: { permission: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: 'Every revision of a case, oldest first, with the SHA-256 its ledger entry records',
        params: idParams,
        response: { 200: { $ref: 'case-revision-list.json#' }, 404: error }
      }
    },
    async (request) => service.revisions(request.params.id, viewerOf(request))
  )

  app.get(
    '/cases',
    {
      config: { permission: 'case:read' },
      schema: { tags: ['cases'], summary: 'List cases, newest first', response: { 200: caseList } }
    },
    async (request) => service.list(viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/cases/:id/evidence-chart',
    {
      config: { permission: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: "The case's evidence chart: element × exhibit × source grades (admiralty) × verification status, with the legend",
        params: idParams,
        response: { 200: { $ref: 'evidence-chart.json#' }, 404: error }
      }
    },
    async (request) => service.evidenceChart(request.params.id, viewerOf(request))
  )

  app.get<{ Params: { id: string } }>(
    '/cases/:id',
    {
      config: { permission: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: 'Read a case with its export history (dossiers, newest first)',
        params: idParams,
        response: { 200: { $ref: 'case.json#' }, 404: error }
      }
    },
    async (request) => service.get(request.params.id, viewerOf(request))
  )

  app.post<{ Params: { id: string }; Body: DossierInput | undefined }>(
    '/cases/:id/dossiers',
    {
      config: { permission: 'case:write' },
      // The body is optional: a POST without one asks for the default language.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {}
      },
      schema: {
        tags: ['cases'],
        summary: 'Generate a dossier (PDF and evidence package) of a case; built as a job: poll GET /dossiers/:id',
        params: idParams,
        body: { $ref: 'dossier-input.json#' },
        response: { 202: { $ref: 'dossier.json#' }, 400: error, 404: error, 409: error }
      }
    },
    async (request, reply) => reply.code(202).send(await service.requestDossier(request.params.id, request.body ?? {}, viewerOf(request)))
  )

  app.get<{ Params: { id: string } }>(
    '/dossiers/:id',
    {
      config: { permission: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: 'Status and progress of a dossier; once ready, its hashes and what it exported',
        params: idParams,
        response: { 200: { $ref: 'dossier.json#' }, 404: error }
      }
    },
    async (request) => service.dossier(request.params.id)
  )

  for (const kind of ['pdf', 'package'] as const) {
    app.get<{ Params: { id: string } }>(
      `/dossiers/:id/${kind}`,
      {
        config: { permission: 'case:write' },
        schema: {
          tags: ['cases'],
          summary:
            kind === 'pdf'
              ? 'Download the dossier PDF (the download is recorded)'
              : 'Download the evidence package, a zipped BagIt bag, or the OpenPGP message it was encrypted to (the download is recorded)',
          params: idParams,
          response: { 403: error, 404: error, 409: error, 410: error }
        }
      },
      async (request, reply) => {
        const file = await service.artefact(request.params.id, kind, viewerOf(request))
        return reply
          .header('content-type', file.mediaType)
          .header('content-length', String(file.size))
          .header('content-disposition', contentDisposition(file.fileName))
          .header('x-sanad-sha256', file.sha256)
          .send(file.stream())
      }
    )
  }

  app.delete<{ Params: { id: string } }>(
    '/dossiers/:id/artefacts',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: 'Delete the PDF and package of a delivered dossier from the server (its builder only); the ledger keeps their hashes',
        params: idParams,
        response: { 204: { type: 'null' }, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => {
      await service.deleteArtefacts(request.params.id, actorOf(request))
      return reply.code(204).send()
    }
  )

  // Retention (SANAD_DOSSIER_RETENTION_DAYS): expired artefacts are deleted at start and every hour.
  let sweeping: Promise<void> = Promise.resolve()
  const sweep = async (): Promise<void> => {
    try {
      const ids = await service.sweepArtefacts()
      if (ids.length > 0)
        app.log.info({ dossiers: ids.length }, 'deleted dossier files past their retention or left by an interrupted build')
    } catch (err) {
      app.log.error({ err }, 'the sweep of dossier files failed')
    }
  }
  const timer = setInterval(() => {
    sweeping = sweeping.then(sweep)
  }, 3_600_000)
  timer.unref()
  app.addHook('onReady', async () => {
    await (sweeping = sweep())
  })
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await sweeping
  })

  app.get<{ Params: { id: string } }>(
    '/dossiers/:id/receipt',
    {
      config: { permission: 'case:read' },
      schema: {
        tags: ['cases'],
        summary:
          'The receipt of a ready dossier: its `exported` ledger entry, which records the hashes of the PDF and the package, with an inclusion proof against a signed checkpoint',
        description:
          'Save it next to the PDF or package and run `npm run verify-export -- FILE --receipt RECEIPT.json --key KEY`: that shows the file is byte for byte the one exported, its pages, exhibits.csv and README.txt included, which the manifest signature alone does not cover.',
        params: idParams,
        response: { 200: { $ref: 'export-receipt.json#' }, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => {
      const { receipt, fileName } = service.receipt(request.params.id, viewerOf(request))
      return reply.header('content-disposition', contentDisposition(fileName)).send(receipt)
    }
  )

  app.post<{ Params: { id: string }; Body: DossierDeliveryInput }>(
    '/dossiers/:id/deliveries',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: "Record that a dossier was handed to the case's recipient (custody entries for it and each exhibit)",
        params: idParams,
        body: { $ref: 'dossier-delivery-input.json#' },
        response: { 201: { $ref: 'dossier.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.deliver(request.params.id, request.body, viewerOf(request)))
  )

  app.post<{ Params: { id: string }; Body: ConsentNoticeInput }>(
    '/cases/:id/consent-notices',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: "Record that a dossier's recipient was sent the notice of a consent withdrawn after delivery (closes the case's task)",
        params: idParams,
        body: { $ref: 'consent-notice-input.json#' },
        response: { 201: { $ref: 'consent-notice.json#' }, 400: error, 403: error, 404: error, 409: error }
      }
    },
    async (request, reply) => reply.code(201).send(service.recordConsentNotice(request.params.id, request.body, viewerOf(request)))
  )
}

export default routes
