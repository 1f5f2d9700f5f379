import fp from 'fastify-plugin'
import { readFileSync } from 'node:fs'
import { certificateDer } from '../lib/ledger/timestamp.ts'
import { ledgerService, type LedgerService } from '../ledger/service.ts'
import { timestampClientFromConfig } from '../ledger/timestamp-client.ts'
import { checkpointTimestamper } from '../ledger/timestamp-service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    ledger: LedgerService
  }
}

/**
 * The custody ledger as shared infrastructure: every feature appends to it inside its own
 * transaction. A timer signs a new checkpoint when the ledger grew; one more is signed at shutdown.
 * With SANAD_TSA_URL set, each new checkpoint is then timestamped (RFC 3161) in the background.
 */
export default fp(
  async (app) => {
    const client = timestampClientFromConfig(app.config)
    const timestamper = client
      ? checkpointTimestamper({
          sqlite: app.sqlite,
          client,
          log: app.log,
          // Read and checked once at start: a wrong SANAD_TSA_CA_FILE stops the server rather than every token.
          ...(app.config.tsaCaFile ? { trustedCa: certificateDer(readFileSync(app.config.tsaCaFile)) } : {})
        })
      : undefined
    const ledger = ledgerService({
      sqlite: app.sqlite,
      signer: app.keys.ledger,
      origin: app.config.ledgerOrigin,
      ...(timestamper ? { timestamper } : {})
    })
    app.decorate('ledger', ledger)
    // Entries a previous run left beyond its last checkpoint (it was killed before its final one) are
    // anchored now, before anything new is written: an audit or a restore then finds them signed.
    const latest = ledger.latestCheckpoint()
    if (ledger.size() > (latest?.size ?? 0)) ledger.checkpoint()
    if (app.config.checkpointIntervalMs > 0) {
      const timer = setInterval(() => {
        try {
          ledger.checkpoint()
        } catch (err) {
          app.log.error({ err }, 'checkpoint signing failed')
        }
      }, app.config.checkpointIntervalMs)
      timer.unref()
      app.addHook('onClose', async () => {
        clearInterval(timer)
      })
    }
    // The latest checkpoint may still lack a timestamp from before a restart.
    if (timestamper)
      app.addHook('onReady', async () => {
        timestamper.kick()
      })
    app.addHook('onClose', async () => {
      try {
        ledger.checkpoint()
      } catch (err) {
        app.log.error({ err }, 'final checkpoint failed')
      }
      // The final checkpoint's timestamp gets a short grace before the database closes.
      await timestamper?.close(Math.min(app.config.tsaTimeoutMs, 5000))
    })
  },
  { name: 'sanad-ledger', dependencies: ['sanad-db', 'sanad-keys'] }
)
