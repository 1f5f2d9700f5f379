import fp from 'fastify-plugin'
import { loadLedgerSigner } from '../keys/key-files.ts'
import type { NoteSigner } from '../lib/signed-note.ts'

declare module 'fastify' {
  interface FastifyInstance {
    keys: { ledger: NoteSigner }
  }
}

export default fp(async (app) => {
  app.decorate('keys', { ledger: loadLedgerSigner(app.config.dataDir, app.config.ledgerOrigin) })
}, { name: 'sanad-keys', dependencies: ['sanad-config'] })
