import fp from 'fastify-plugin'
import { loadLedgerSigner, loadMasterKey } from '../keys/key-files.ts'
import type { NoteSigner } from '../lib/ledger/signed-note.ts'
import type { PdfSigningIdentity } from '../lib/pdf/pades.ts'
import { loadPdfSigningIdentity } from '../keys/pdf-signing.ts'

declare module 'fastify' {
  interface FastifyInstance {
    // master: the 32-byte key protecting identities and TOTP secrets (see server/lib/crypto/field-crypto.ts).
    // pdf: the organisation's certificate and key that sign dossier PDFs (PAdES).
    keys: { ledger: NoteSigner; master: Buffer; pdf: PdfSigningIdentity }
  }
}

export default fp(
  async (app) => {
    app.decorate('keys', {
      ledger: loadLedgerSigner(app.config.dataDir, app.config.ledgerOrigin),
      master: loadMasterKey(app.config.dataDir, app.config.masterKeyFile || undefined),
      pdf: loadPdfSigningIdentity({
        dataDir: app.config.dataDir,
        p12File: app.config.pdfSigningP12File,
        passphrase: app.config.pdfSigningP12Passphrase,
        commonName: `Sanad (${app.config.ledgerOrigin})`
      })
    })
  },
  { name: 'sanad-keys', dependencies: ['sanad-config'] }
)
