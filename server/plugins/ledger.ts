import fp from 'fastify-plugin'
import { ledgerService, type LedgerService } from '../modules/ledger/service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    ledger: LedgerService
  }
}

/**
 * The custody ledger as shared infrastructure: every feature appends to it inside its own
 * transaction. A timer signs a new checkpoint when the ledger grew; one more is signed at shutdown.
 */
export default fp(async (app) => {
  const ledger = ledgerService({ sqlite: app.sqlite, signer: app.keys.ledger, origin: app.config.ledgerOrigin })
  app.decorate('ledger', ledger)
  if (app.config.checkpointIntervalMs > 0) {
    const timer = setInterval(() => {
      try { ledger.checkpoint() } catch (err) { app.log.error({ err }, 'checkpoint signing failed') }
    }, app.config.checkpointIntervalMs)
    timer.unref()
    app.addHook('onClose', async () => { clearInterval(timer) })
  }
  app.addHook('onClose', async () => {
    try { ledger.checkpoint() } catch (err) { app.log.error({ err }, 'final checkpoint failed') }
  })
}, { name: 'sanad-ledger', dependencies: ['sanad-db', 'sanad-keys'] })
