import fp from 'fastify-plugin'
import { loadLedgerSigner, loadMasterKey } from '../keys/key-files.ts'
import type { NoteSigner } from '../lib/ledger/signed-note.ts'

declare module 'fastify' {
  interface FastifyInstance {
    // master: the 32-byte key protecting identities and TOTP secrets (see server/lib/crypto/field-crypto.ts).
    keys: { ledger: NoteSigner; master: Buffer }
  }
}

export default fp(
  async (app) => {
    app.decorate('keys', {
      ledger: loadLedgerSigner(app.config.dataDir, app.config.ledgerOrigin),
      master: loadMasterKey(app.config.dataDir, app.config.masterKeyFile || undefined)
    })
  },
  { name: 'sanad-keys', dependencies: ['sanad-config'] }
)
