// The exhibit-stable-ids migration on a populated database: items written before it (migrated up to the
// previous migration only) get SND-E-<year of ingest>-<six digits> in ingest order, numbered per year,
// lose nothing else, and items ingested afterwards go on from the last number of their year.
import t from 'tap'
import { randomBytes, randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { buildApp } from '../../server/app.ts'
import { openSqlite } from '../../server/db/connection.ts'
import { databaseFile, MIGRATIONS_DIR } from '../../server/db/open.ts'
import { asRole, incidentInput, TEST_ADMIN_PASSWORD } from '../helpers/app.ts'
import { multipart } from '../helpers/multipart.ts'
import { evidenceFixture } from '../helpers/files.ts'

const TAG = 'exhibit-stable-ids'

/** A copy of migrations/ that stops just before this one (found by name, so a renumbering keeps it right). */
function migrationsBefore(dir: string): string {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> }
  const at = journal.entries.findIndex((e) => e.tag.endsWith(TAG))
  if (at < 1) throw new Error(`no migration ${TAG}`)
  const kept = journal.entries.slice(0, at)
  mkdirSync(join(dir, 'meta'), { recursive: true })
  for (const e of kept) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`))
  for (const f of readdirSync(join(MIGRATIONS_DIR, 'meta'))) {
    if (f.endsWith('_snapshot.json')) copyFileSync(join(MIGRATIONS_DIR, 'meta', f), join(dir, 'meta', f))
  }
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }))
  return dir
}

t.test('existing items get stable ids in ingest order per year, nothing else changes, new items continue the count', async (t) => {
  const root = t.testdir({ data: {}, migrations: {} })
  const dataDir = join(root, 'data')
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
  writeFileSync(join(dataDir, 'keys', 'master.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })

  // 1. The database as the previous version left it.
  const sqlite = openSqlite(databaseFile(dataDir))
  migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(join(root, 'migrations')) })
  const at = '2025-05-01T10:00:00.000Z'
  const incidentSeq = Number(
    sqlite
      .prepare(
        `INSERT INTO incidents (id, reference, title, status, province, occurred_from, occurred_to, revision, document, created_at, created_by, updated_at)
         VALUES (?, 'SND-2025-0001', 'Old incident', 'draft', 'AF-GHA', '2022-03-14', '2022-03-14', 1, ?, ?, 'user:legacy', ?)`
      )
      .run(randomUUID(), JSON.stringify({ ...incidentInput(), tags: [] }), at, at).lastInsertRowid
  )
  // Ingest order is row order; the years interleave with it as they did in time.
  const ingested = ['2025-03-02T08:00:00.000Z', '2025-12-31T23:59:59.000Z', '2026-01-01T00:00:01.000Z', '2026-02-10T12:00:00.000Z']
  const insert = sqlite.prepare(
    `INSERT INTO evidence (id, incident_seq, sha256, sha512, size, media_type, original_name, name, metadata, flags, created_at, created_by, ingest_index)
     VALUES (?, ?, ?, ?, 10, 'image/jpeg', 'old.jpg', 'old.jpg', '{"status":"none"}', '[]', ?, 'user:legacy', ?)`
  )
  for (const [i, createdAt] of ingested.entries()) {
    insert.run(randomUUID(), incidentSeq, String(i).repeat(64), String(i).repeat(128), createdAt, i)
  }
  const before = sqlite.prepare('SELECT seq, id, sha256, created_at, ingest_index, metadata FROM evidence ORDER BY seq').all()
  sqlite.close()

  // 2. The new version starts on it and migrates.
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SANAD_REQUIRE_MFA: '0' },
    config: { dataDir, checkpointIntervalMs: 0 },
    now: () => new Date('2026-06-01T09:00:00.000Z')
  })
  t.teardown(() => app.close())
  await app.ready()

  t.same(
    (app.sqlite.prepare('SELECT stable_id AS s FROM evidence ORDER BY seq').all() as Array<{ s: string }>).map((r) => r.s),
    ['SND-E-2025-000001', 'SND-E-2025-000002', 'SND-E-2026-000001', 'SND-E-2026-000002'],
    'numbered in ingest order, per year of ingest'
  )
  t.same(
    app.sqlite.prepare('SELECT seq, id, sha256, created_at, ingest_index, metadata FROM evidence ORDER BY seq').all(),
    before,
    'nothing else of the rows changed'
  )
  t.same(
    app.sqlite.prepare("SELECT scope, next FROM reference_counters WHERE scope LIKE 'exhibit-%' ORDER BY scope").all(),
    [
      { scope: 'exhibit-2025', next: 3 },
      { scope: 'exhibit-2026', next: 3 }
    ],
    'the counters go on after the backfilled numbers'
  )

  // 3. A new item continues its year's count.
  const doc = await asRole(app, 'documenter')
  const incident = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'new.jpg' }])
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.json().id}/evidence`,
    payload,
    headers: { ...doc, ...headers }
  })
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.json().stableId, 'SND-E-2026-000003')
})
