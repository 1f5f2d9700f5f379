import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import { loadConfig, type Config } from './config.ts'
import { allows, type Role } from './auth/permissions.ts'
import { authRepo } from './auth/repo.ts'
import { bodyStrictValidators, sharedSerializers } from './http/schema-compilers.ts'
// Infrastructure, in dependency order.
import configPlugin from './plugins/config.ts'
import schemasPlugin from './plugins/schemas.ts'
import errorsPlugin from './plugins/errors.ts'
import dbPlugin from './plugins/db.ts'
import keysPlugin from './plugins/keys.ts'
import ledgerPlugin from './plugins/ledger.ts'
import securityPlugin from './plugins/security.ts'
import authPlugin from './plugins/auth.ts'
import blobsPlugin from './plugins/blobs.ts'
import jobsPlugin from './plugins/jobs.ts'
import openapiPlugin from './plugins/openapi.ts'
import webPlugin from './plugins/web.ts'
// Feature services, built once here (the composition root), never in a plugin; routes and other features use them.
import { firstAdminMessage, usersService, type UsersService } from './modules/users/service.ts'
import { personsService, type PersonsService } from './modules/persons/service.ts'
import { patternService, type PatternService } from './modules/patterns/service.ts'
import { incidentLookup, incidentService, type IncidentService } from './modules/incidents/service.ts'
import { evidenceRecords, evidenceService, type EvidenceService } from './modules/evidence/service.ts'
import { deviceLookup } from './modules/devices/service.ts'
import { linksService, mergedIntoLookup, type LinksService } from './modules/links/service.ts'
import { verificationsService, verificationSummaryLookup, type VerificationsService } from './modules/verifications/service.ts'
import { perpetratorsService, type PerpetratorsService } from './modules/perpetrators/service.ts'
import { commentsService, type CommentsService } from './modules/comments/service.ts'
import { graphicMediaService, type GraphicMediaService } from './modules/graphic-media/service.ts'
import { unsealedTitleCount } from './modules/perpetrators/position-titles.ts'
// Features under /api/v1.
import healthRoutes from './modules/health/routes.ts'
import authRoutes from './modules/auth/routes.ts'
import userRoutes from './modules/users/routes.ts'
import personRoutes from './modules/persons/routes.ts'
import taxonomyRoutes from './modules/taxonomy/routes.ts'
import incidentRoutes from './modules/incidents/routes.ts'
import patternRoutes from './modules/patterns/routes.ts'
import linkRoutes from './modules/links/routes.ts'
import verificationRoutes from './modules/verifications/routes.ts'
import custodyRoutes from './modules/custody/routes.ts'
import depictsRoutes from './modules/depicts/routes.ts'
import { depictsService, type DepictsService } from './modules/depicts/service.ts'
import { custodyService, type CustodyService } from './modules/custody/service.ts'
import perpetratorRoutes from './modules/perpetrators/routes.ts'
import statsRoutes from './modules/stats/routes.ts'
import ledgerRoutes from './modules/ledger/routes.ts'
import evidenceRoutes from './modules/evidence/routes.ts'
import uploadRoutes from './modules/uploads/routes.ts'
import verifyRoutes from './modules/verify/routes.ts'
import caseRoutes from './modules/cases/routes.ts'
import deviceRoutes from './modules/devices/routes.ts'
import commentRoutes from './modules/comments/routes.ts'
import graphicMediaRoutes from './modules/graphic-media/routes.ts'
import { savedSearchRoutes } from './modules/saved-searches/routes.ts'
import { savedSearchesService } from './modules/saved-searches/service.ts'
import recipientReferenceRoutes from './modules/recipient-references/routes.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Accounts and clearances (users routes, case files, first start). */
    users: UsersService
    /** Persons, consent and the disclosure function (case files call app.persons.discloseFor). */
    persons: PersonsService
    /** Incidents (incident routes, case files). */
    incidents: IncidentService
    /** Patterns (pattern routes, incident references to patterns, case files). */
    patterns: PatternService
    /** Evidence (evidence routes, case files). */
    evidence: EvidenceService
    /** Links between incidents (link routes, case files). */
    links: LinksService
    /** Verification records of exhibits (verification routes, case files). */
    verifications: VerificationsService
    custody: CustodyService
    depicts: DepictsService
    /** The perpetrators' register and involvement records (their routes, case files). */
    perpetrators: PerpetratorsService
    /** Comments on incidents and exhibits, and the notifications their mentions make. */
    comments: CommentsService
    /** Graphic marks of exhibits and each account's display preference for them. */
    graphicMedia: GraphicMediaService
  }
}

export type BuildOptions = {
  config?: Partial<Config>
  env?: NodeJS.ProcessEnv
  logger?: FastifyServerOptions['logger']
  /** Clock for sessions and sign-in throttling (tests move time forward). */
  now?: () => Date
}

/**
 * Builds the application without listening; tests and scripts use this, server.ts adds the socket.
 */
export async function buildApp(options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig(options.env ?? process.env, options.config)
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Query strings can carry search terms such as a victim's name: log the path only, never bodies.
      serializers: {
        req: (req) => ({ method: req.method, url: String(req.url).split('?')[0], reqId: req.id }),
        res: (res) => ({ statusCode: res.statusCode })
      },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]']
    },
    bodyLimit: 1024 * 1024,
    // Slow clients cannot hold a request open for ever, but a large upload over a poor link can finish.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: 0,
    return503OnClosing: true,
    // Errors raised by the router itself (bad URL encoding, over-long parameters) get coded answers too.
    frameworkErrors: (err, _request, reply) => {
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400
      const code = status === 414 ? 'SANAD_ERR_URI_TOO_LONG' : 'SANAD_ERR_BAD_REQUEST'
      void (reply as FastifyReply).code(status).send({
        statusCode: status,
        code,
        error: status === 414 ? 'URI Too Long' : 'Bad Request',
        message: status === 414 ? 'A path parameter is too long.' : 'The request URL is malformed.'
      })
    },
    ajv: {
      customOptions: {
        // Unknown fields are an error (400 naming the field), never silently dropped.
        removeAdditional: false,
        useDefaults: true,
        // Query strings and parameters only: bodies are never coerced (bodyStrictValidators).
        coerceTypes: 'array',
        allErrors: false
      }
    },
    schemaController: { compilersFactory: { buildValidator: bodyStrictValidators(), buildSerializer: sharedSerializers() } }
  })

  app.decorateRequest('user', null)
  await app.register(configPlugin, { config })
  await app.register(schemasPlugin)
  await app.register(errorsPlugin)
  await app.register(dbPlugin)
  await app.register(keysPlugin)
  await app.register(ledgerPlugin)
  await app.register(securityPlugin)
  // Before any route: it refuses /api/v1 routes without a permission and guards every request.
  await app.register(authPlugin, options.now ? { now: options.now } : {})
  const users = usersService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger, ...(options.now ? { now: options.now } : {}) })
  app.decorate('users', users)
  app.decorate('persons', personsService({ db: app.db, sqlite: app.sqlite, master: app.keys.master, ledger: app.ledger }))
  // First start with no account: create `admin`; a random password is shown once on stdout, never logged.
  const created = await users.ensureAdmin(config.adminPassword)
  if (created?.password) process.stdout.write(firstAdminMessage(created.username, created.password))
  await app.register(blobsPlugin)
  await app.register(jobsPlugin)
  const patterns = patternService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    // Counts of victims by sex and age group for a pattern's scale (sealed fields, counted only).
    victimFacts: (seqs) => app.persons.victimFacts(seqs)
  })
  app.decorate('patterns', patterns)
  app.decorate(
    'incidents',
    incidentService({
      db: app.db,
      sqlite: app.sqlite,
      ledger: app.ledger,
      patternExists: (id) => patterns.exists(id),
      mergedInto: mergedIntoLookup(app.db),
      master: app.keys.master,
      // Only an active account with the review right can be handed an incident to review.
      assignable: (userId) => {
        const user = authRepo(app.db).userById(userId)
        const role = user?.role as Role | undefined
        if (!user || !role || user.disabledAt !== null || !allows(role, 'incident:review')) return undefined
        return { userSeq: user.seq, role, actor: `user:${user.id}` }
      }
    })
  )
  app.decorate(
    'evidence',
    evidenceService({
      db: app.db,
      sqlite: app.sqlite,
      ledger: app.ledger,
      blobs: app.blobs,
      master: app.keys.master,
      incidents: incidentLookup(app.db),
      verificationOf: verificationSummaryLookup(app.db),
      devices: deviceLookup(app.db),
      // Depicts links and lineage of derivatives (#17 item 9), read when a record is shown.
      relationsOf: (seq) => app.depicts.relationsOf(seq),
      ...(options.now ? { now: options.now } : {})
    })
  )
  app.decorate('links', linksService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger }))
  app.decorate(
    'verifications',
    verificationsService({
      db: app.db,
      sqlite: app.sqlite,
      ledger: app.ledger,
      master: app.keys.master,
      hasClearance: incidentLookup(app.db).hasClearance
    })
  )
  app.decorate(
    'custody',
    custodyService({
      db: app.db,
      sqlite: app.sqlite,
      ledger: app.ledger,
      master: app.keys.master,
      hasClearance: incidentLookup(app.db).hasClearance,
      ...(options.now ? { now: options.now } : {})
    })
  )
  app.decorate(
    'depicts',
    depictsService({
      db: app.db,
      sqlite: app.sqlite,
      ledger: app.ledger,
      blobs: app.blobs,
      master: app.keys.master,
      hasClearance: incidentLookup(app.db).hasClearance,
      personReadable: (personId, viewer) => app.persons.identityReadableBy(personId, viewer),
      evidence: evidenceRecords(app.db),
      ...(options.now ? { now: options.now } : {})
    })
  )
  // Titles stored in clear by an older version are sealed by the migration step, never silently here.
  if (unsealedTitleCount(app.sqlite) > 0)
    throw new Error('positions hold titles stored in clear: stop the server and run `npm run migrate`, which seals them (README, Commands)')
  const perpetrators = perpetratorsService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    master: app.keys.master,
    personReadable: (personId, viewer) => app.persons.identityReadableBy(personId, viewer)
  })
  app.decorate('perpetrators', perpetrators)
  // The migration moved old perpetrator objects into the register without hashes (SQL cannot hash): seal them.
  perpetrators.sealMigrated()
  const clearance = incidentLookup(app.db).hasClearance
  app.decorate(
    'comments',
    commentsService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger, master: app.keys.master, hasClearance: clearance })
  )
  app.decorate('graphicMedia', graphicMediaService({ db: app.db, sqlite: app.sqlite, ledger: app.ledger, hasClearance: clearance }))
  await app.register(openapiPlugin)

  await app.register(
    async (api) => {
      await api.register(healthRoutes)
      await api.register(authRoutes)
      await api.register(userRoutes)
      await api.register(personRoutes)
      await api.register(taxonomyRoutes)
      await api.register(incidentRoutes)
      await api.register(patternRoutes)
      await api.register(linkRoutes)
      await api.register(perpetratorRoutes)
      await api.register(statsRoutes)
      await api.register(ledgerRoutes)
      await api.register(evidenceRoutes)
      await api.register(verificationRoutes)
      await api.register(custodyRoutes)
      await api.register(depictsRoutes)
      await api.register(uploadRoutes)
      await api.register(verifyRoutes)
      await api.register(caseRoutes)
      await api.register(deviceRoutes)
      await api.register(commentRoutes)
      await api.register(graphicMediaRoutes)
      await api.register(
        savedSearchRoutes(savedSearchesService({ db: app.db, master: app.keys.master, ...(options.now ? { now: options.now } : {}) }))
      )
      await api.register(recipientReferenceRoutes)
    },
    { prefix: '/api/v1' }
  )

  // Last: the browser application at / (never shadows /api/*).
  await app.register(webPlugin)

  return app
}
