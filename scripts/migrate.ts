/**
 * Applies pending migrations to $SANAD_DATA_DIR/sanad.db (or --data-dir DIR) and exits.
 * The server applies schema migrations at start too; the data steps that need the master key (sealing
 * positions' titles stored in clear by an older version) run only here, and the server refuses to
 * start until they have.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { loadConfig } from '../server/config.ts'
import { openDatabase, databaseFile } from '../server/db/open.ts'
import { loadLedgerSigner, loadMasterKey } from '../server/keys/key-files.ts'
import { ledgerService } from '../server/ledger/service.ts'
import { fieldKey } from '../server/lib/crypto/field-crypto.ts'
import { sealPositionTitles, unsealedTitleCount } from '../server/modules/perpetrators/position-titles.ts'

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
if (values.help) {
  console.log(
    "usage: npm run migrate [-- --data-dir DIR]\nApplies pending migrations from migrations/ to DIR/sanad.db (default $SANAD_DATA_DIR or ./data),\nthen seals what older versions stored in clear (positions' titles) under the master key."
  )
  process.exit(0)
}
const config = loadConfig()
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : config.dataDir
const file = databaseFile(dataDir)
const { sqlite } = openDatabase(file)
try {
  const applied = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
  let sealed = 0
  if (unsealedTitleCount(sqlite) > 0) {
    const master = loadMasterKey(dataDir, config.masterKeyFile || undefined, { create: false })
    const ledger = ledgerService({ sqlite, signer: loadLedgerSigner(dataDir, config.ledgerOrigin), origin: config.ledgerOrigin })
    sealed = sealPositionTitles(sqlite, fieldKey(master), ledger)
    ledger.checkpoint()
  }
  console.log(`${file}: schema up to date (${applied.n} migrations applied)${sealed > 0 ? `; ${sealed} position titles sealed` : ''}`)
} finally {
  sqlite.close()
}
