// The perpetrators-and-involvements migration on a populated database: every perpetrator object of the
// old schema (migrated up to the previous migration only) becomes an involvement record of an
// organisation or unit of the register, losing nothing; at the next start each record is sealed with
// its content hash and ledger entry, and `npm run verify` passes on the result.
import t from 'tap'
import { randomBytes, randomUUID } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { buildApp } from '../../server/app.ts'
import { openSqlite } from '../../server/db/connection.ts'
import { databaseFile, MIGRATIONS_DIR } from '../../server/db/open.ts'
import { modeOfLegacy } from '../../server/lib/analysis/involvements.ts'
import { asRole, incidentInput, TEST_ADMIN_PASSWORD } from '../helpers/app.ts'

const TAG = 'perpetrators-and-involvements'
const root = fileURLToPath(new URL('../..', import.meta.url))

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

type OldPerpetrator = { type: string; organ?: string; unit?: string; involvement?: string }

t.test(
  'every old perpetrator object becomes an involvement of a register organisation or unit, nothing is lost, and all is sealed',
  async (t) => {
    const dir = t.testdir({ data: {}, migrations: {} })
    const dataDir = join(dir, 'data')
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
    writeFileSync(join(dataDir, 'keys', 'master.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })

    // 1. The database as the previous version left it.
    const sqlite = openSqlite(databaseFile(dataDir))
    migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(join(dir, 'migrations')) })
    t.notOk(sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'involvements'").get(), 'no involvements table before')
    const at = '2025-05-01T10:00:00.000Z'
    const old: Record<string, OldPerpetrator[]> = {
      'SND-2025-0001': [
        { type: 'de-facto-authorities', organ: 'gdi', unit: 'Directorate 40, Herat', involvement: 'ordered' },
        { type: 'de-facto-authorities', organ: 'gdi', involvement: 'direct' },
        { type: 'armed-group', involvement: 'acquiesced' }
      ],
      'SND-2025-0002': [
        { type: 'de-facto-authorities', organ: 'gdi', unit: 'Directorate 40, Herat', involvement: 'aided' },
        { type: 'unknown' },
        { type: 'militia', organ: 'police', unit: 'Checkpoint 3', involvement: 'alleged' }
      ],
      'SND-2025-0003': [{ type: 'individual', involvement: 'unknown' }],
      'SND-2025-0004': []
    }
    const ids: Record<string, string> = {}
    for (const [ref, perpetrators] of Object.entries(old)) {
      ids[ref] = randomUUID()
      const document = { ...incidentInput(), tags: [], ...(perpetrators.length > 0 ? { perpetrators } : {}) }
      sqlite
        .prepare(
          `INSERT INTO incidents (id, reference, title, status, province, occurred_from, occurred_to, revision, document, created_at, created_by, updated_at, retracted_at)
         VALUES (?, ?, 'Old incident', 'draft', 'AF-GHA', '2022-03-14', '2022-03-14', 1, ?, ?, 'user:legacy', ?, ?)`
        )
        .run(ids[ref], ref, JSON.stringify(document), at, at, ref === 'SND-2025-0002' ? at : null)
    }
    const incidentsBefore = sqlite.prepare('SELECT * FROM incidents ORDER BY seq').all()
    sqlite.close()

    // 2. The new version starts on it, migrates and seals.
    const start = () =>
      buildApp({
        logger: false,
        env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SANAD_REQUIRE_MFA: '0' },
        config: { dataDir, checkpointIntervalMs: 0 }
      })
    const app = await start()
    await app.ready()

    t.same(
      app.sqlite.prepare('SELECT * FROM incidents ORDER BY seq').all(),
      incidentsBefore,
      'the incidents keep their perpetrator objects'
    )
    const register = app.sqlite
      .prepare(
        `SELECT o.kind, o.type, o.organ, o.name, p.name AS parent, o.origin, o.content_sha256 IS NOT NULL AS sealed
       FROM organisations o LEFT JOIN organisations p ON p.seq = o.parent_seq ORDER BY o.kind, o.type, o.name`
      )
      .all()
    t.same(
      register,
      [
        { kind: 'organisation', type: 'armed-group', organ: null, name: 'armed-group', parent: null, origin: 'migrated', sealed: 1 },
        { kind: 'organisation', type: 'de-facto-authorities', organ: 'gdi', name: 'gdi', parent: null, origin: 'migrated', sealed: 1 },
        { kind: 'organisation', type: 'individual', organ: null, name: 'individual', parent: null, origin: 'migrated', sealed: 1 },
        { kind: 'organisation', type: 'militia', organ: 'police', name: 'police', parent: null, origin: 'migrated', sealed: 1 },
        { kind: 'organisation', type: 'unknown', organ: null, name: 'unknown', parent: null, origin: 'migrated', sealed: 1 },
        {
          kind: 'unit',
          type: 'de-facto-authorities',
          organ: 'gdi',
          name: 'Directorate 40, Herat',
          parent: 'gdi',
          origin: 'migrated',
          sealed: 1
        },
        { kind: 'unit', type: 'militia', organ: 'police', name: 'Checkpoint 3', parent: 'police', origin: 'migrated', sealed: 1 }
      ],
      'one organisation per type and organ, one unit per name under it'
    )

    // Each perpetrator object is recovered whole from its involvement record: type, organ, unit, word.
    const rows = app.sqlite
      .prepare(
        `SELECT i.reference, v.legacy_index AS idx, v.mode, v.legacy_involvement AS involvement, o.kind, o.type, o.organ, o.name,
         v.origin, v.ledger_index AS ledgerIndex, v.content_sha256 AS contentSha256, v.id
       FROM involvements v JOIN incidents i ON i.seq = v.incident_seq JOIN organisations o ON o.seq = v.organisation_seq
       ORDER BY v.seq`
      )
      .all() as Array<Record<string, string | number | null>>
    const recovered: Record<string, OldPerpetrator[]> = { 'SND-2025-0004': [] }
    for (const r of rows) {
      const p: OldPerpetrator = { type: String(r.type) }
      if (r.organ !== null) p.organ = String(r.organ)
      if (r.kind === 'unit') p.unit = String(r.name)
      if (r.involvement !== null) p.involvement = String(r.involvement)
      const list = (recovered[String(r.reference)] ??= [])
      t.equal(r.idx, list.length, 'in the order of the incident')
      list.push(p)
      t.equal(r.mode, modeOfLegacy(r.involvement as string | null), `${String(r.involvement)} becomes ${String(r.mode)}`)
      t.equal(r.origin, 'migrated')
    }
    t.same(recovered, old, 'nothing lost')
    t.same(
      rows.map((r) => r.mode),
      ['ordering', 'direct-perpetration', 'unknown', 'aiding-abetting', 'unknown', 'unknown', 'unknown'],
      'only direct, ordered and aided name a mode'
    )

    // Sealed: each record's latest ledger entry carries its content hash.
    for (const r of rows) {
      const { entry } = app.ledger.entry(Number(r.ledgerIndex))
      t.match(entry, {
        type: 'involvement-recorded',
        actor: 'system',
        details: { involvement: r.id, origin: 'migrated', contentSha256: r.contentSha256 }
      })
    }
    t.throws(() => app.sqlite.prepare('DELETE FROM involvements').run(), /never deleted/)

    // 3. Read through the API, and the record of a retracted incident is kept.
    const doc = await asRole(app, 'documenter')
    const listed = (await app.inject({ url: `/api/v1/incidents/${ids['SND-2025-0001']}/involvements`, headers: doc })).json().items
    t.match(listed, [
      { mode: 'ordering', origin: 'migrated', legacyInvolvement: 'ordered', organisation: { kind: 'unit', name: 'Directorate 40, Herat' } },
      { mode: 'direct-perpetration', legacyInvolvement: 'direct', organisation: { kind: 'organisation', organ: 'gdi' } },
      { mode: 'unknown', legacyInvolvement: 'acquiesced', organisation: { type: 'armed-group' } }
    ])
    t.equal((await app.inject({ url: `/api/v1/incidents/${ids['SND-2025-0002']}/involvements`, headers: doc })).json().items.length, 3)
    app.ledger.checkpoint()
    const size = app.ledger.size()
    await app.close()

    // 4. A second start seals nothing twice, and verification passes.
    const again = await start()
    await again.ready()
    t.equal(again.ledger.size(), size, 'nothing appended at the second start')
    await again.close()
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), '--data-dir', dataDir], {
      cwd: root,
      encoding: 'utf8'
    })
    t.equal(res.status, 0, res.stdout + res.stderr)
  }
)
