import t from 'tap'
import { join } from 'node:path'
import { openDatabase } from '../../server/db/open.ts'
import { testApp, incidentInput, asRole } from '../helpers/app.ts'

t.test('every connection runs in WAL mode with synchronous=FULL, foreign keys and a busy timeout', async (t) => {
  const dir = t.testdir({})
  const first = openDatabase(join(dir, 'sanad.db'))
  const second = openDatabase(join(dir, 'sanad.db'))
  for (const { sqlite } of [first, second]) {
    t.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal')
    t.equal(sqlite.pragma('synchronous', { simple: true }), 2, 'synchronous = FULL (2)')
    t.equal(sqlite.pragma('foreign_keys', { simple: true }), 1)
    t.equal(sqlite.pragma('busy_timeout', { simple: true }), 5000)
  }
  first.sqlite.close()
  second.sqlite.close()
})

t.test('the app creates sanad.db in the data dir and applies every migration', async (t) => {
  const app = await testApp(t)
  t.equal(app.sqlite.name, join(app.config.dataDir, 'sanad.db'))
  const tables = app.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
    .all()
    .map((r) => (r as { name: string }).name)
  for (const name of ['incidents', 'incident_revisions', 'incidents_fts', 'ledger_entries', 'ledger_checkpoints']) {
    t.ok(tables.includes(name), `table ${name} exists`)
  }
  t.equal(app.sqlite.pragma('synchronous', { simple: true }), 2)
})

t.test('migrations are idempotent: opening twice applies nothing twice', async (t) => {
  const dir = t.testdir({})
  openDatabase(join(dir, 'sanad.db')).sqlite.close()
  const { sqlite } = openDatabase(join(dir, 'sanad.db'))
  const n = (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
  t.ok(n >= 2)
  sqlite.close()
})

t.test('revisions, incidents and ledger rows cannot be updated or deleted, not even by hand-written SQL', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  for (let i = 0; i < 2; i++) {
    const created = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })
    t.equal(created.statusCode, 201)
  }
  app.ledger.checkpoint()
  const attempts: Array<[string, RegExp]> = [
    ["UPDATE ledger_entries SET type = 'accessed'", /append-only/],
    ['DELETE FROM ledger_entries', /append-only/],
    ["UPDATE ledger_nodes SET hash = x'00'", /append-only/],
    ['DELETE FROM ledger_checkpoints', /append-only/],
    ["UPDATE ledger_checkpoints SET note = ''", /append-only/],
    ['DELETE FROM incidents', /never deleted/],
    ['DELETE FROM incident_revisions', /append-only/],
    ["UPDATE incident_revisions SET actor = 'someone else'", /append-only/]
  ]
  for (const [statement, message] of attempts) {
    t.throws(() => app.sqlite.prepare(statement).run(), message, statement)
  }
  t.equal((app.sqlite.prepare("SELECT count(*) AS n FROM ledger_entries WHERE type = 'incident-created'").get() as { n: number }).n, 2)
})
