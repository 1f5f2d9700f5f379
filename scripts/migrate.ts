/**
 * Applies pending migrations to $SANAD_DATA_DIR/sanad.db (or --data-dir DIR) and exits.
 * The server does the same at start; this is for operators who want it as a separate step.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { loadConfig } from '../server/config.ts'
import { openDatabase, databaseFile } from '../server/db/open.ts'

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
if (values.help) {
  console.log(
    'usage: npm run migrate [-- --data-dir DIR]\nApplies pending migrations from migrations/ to DIR/sanad.db (default $SANAD_DATA_DIR or ./data).'
  )
  process.exit(0)
}
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : loadConfig().dataDir
const file = databaseFile(dataDir)
const { sqlite } = openDatabase(file)
const applied = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
sqlite.close()
console.log(`${file}: schema up to date (${applied.n} migrations applied)`)
