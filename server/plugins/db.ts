import fp from 'fastify-plugin'
import { openDatabase, databaseFile, type Db, type Sqlite } from '../db/open.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    sqlite: Sqlite
  }
}

/** Opens `$SANAD_DATA_DIR/sanad.db`, applies pending migrations, closes it when the app closes. */
export default fp(
  async (app) => {
    const { sqlite, db } = openDatabase(databaseFile(app.config.dataDir), { busyTimeoutMs: app.config.busyTimeoutMs })
    app.decorate('sqlite', sqlite)
    app.decorate('db', db)
    app.addHook('onClose', async () => {
      // A checkpoint folds the WAL back so a copied sanad.db alone is complete after a clean stop.
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)')
      } catch {
        /* closing anyway */
      }
      sqlite.close()
    })
  },
  { name: 'sanad-db', dependencies: ['sanad-config'] }
)
