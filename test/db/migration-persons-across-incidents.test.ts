// The persons-across-incidents migration on a populated database: data written with the schema before
// it (migrated up to the previous migration only) is linked, person by person, to its incident in its
// role, loses nothing, and is then read and linked further through the API.
import t from 'tap'
import { randomBytes, randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { buildApp } from '../../server/app.ts'
import { openSqlite } from '../../server/db/connection.ts'
import { databaseFile, MIGRATIONS_DIR } from '../../server/db/open.ts'
import { encryptField, fieldKey } from '../../server/lib/crypto/field-crypto.ts'
import { personContext } from '../../server/modules/persons/service.ts'
import { asRole, incidentInput, TEST_ADMIN_PASSWORD } from '../helpers/app.ts'

const TAG = 'persons-across-incidents'

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

t.test(
  'every person of the old schema is linked to its incident in its role, nothing is lost, and the API reads and links them',
  async (t) => {
    const root = t.testdir({ data: {}, migrations: {} })
    const dataDir = join(root, 'data')
    const master = randomBytes(32)
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
    writeFileSync(join(dataDir, 'keys', 'master.key'), `${master.toString('base64')}\n`, { mode: 0o600 })
    const key = fieldKey(master)

    // 1. The database as the previous version left it.
    const sqlite = openSqlite(databaseFile(dataDir))
    migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(join(root, 'migrations')) })
    t.notOk(
      sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'person_incidents'").get(),
      'the link table does not exist before the migration'
    )
    const at = '2025-05-01T10:00:00.000Z'
    const addIncident = (id: string, ref: string, categories: string[]): number => {
      const document = { ...incidentInput({ categories }), tags: [] }
      return Number(
        sqlite
          .prepare(
            `INSERT INTO incidents (id, reference, title, status, province, occurred_from, occurred_to, revision, document, created_at, created_by, updated_at)
           VALUES (?, ?, 'Old incident', 'draft', 'AF-GHA', '2022-03-14', '2022-03-14', 1, ?, ?, 'user:legacy', ?)`
          )
          .run(id, ref, JSON.stringify(document), at, at).lastInsertRowid
      )
    }
    const openId = randomUUID()
    const ntkId = randomUUID()
    const openSeq = addIncident(openId, 'SND-2025-0001', ['cah-murder'])
    const ntkSeq = addIncident(ntkId, 'SND-2025-0002', ['cah-sexual-violence-other'])
    const people = [
      { id: randomUUID(), incidentSeq: openSeq, role: 'witness', pseudonym: 'W-0001', name: 'Zarghuna Ahmadi', sensitive: 0, by: 'user:a' },
      { id: randomUUID(), incidentSeq: openSeq, role: 'victim', pseudonym: 'V-0001', name: 'Ahmad Karimi', sensitive: 1, by: 'user:b' },
      { id: randomUUID(), incidentSeq: ntkSeq, role: 'victim', pseudonym: 'V-0002', name: 'Maryam Hashimi', sensitive: 0, by: 'user:c' }
    ]
    for (const [i, p] of people.entries()) {
      sqlite
        .prepare(
          `INSERT INTO persons (id, incident_seq, role, pseudonym, protected, sensitive, name_enc, revision, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, 1, ?, ?, ?)`
        )
        .run(
          p.id,
          p.incidentSeq,
          p.role,
          p.pseudonym,
          p.sensitive,
          encryptField(key, personContext(p.id, 'name'), JSON.stringify(p.name)),
          `2025-05-0${i + 2}T10:00:00.000Z`,
          p.by,
          at
        )
    }
    sqlite
      .prepare(
        `INSERT INTO person_consents (person_seq, purpose, granted, kind, given_on, obtained_by, recorded_at, recorded_by)
       SELECT seq, 'icc', 1, 'granted', '2025-05-02', 'STAFF-1', ?, 'user:a' FROM persons WHERE pseudonym = 'W-0001'`
      )
      .run(at)
    sqlite.prepare("INSERT INTO reference_counters (scope, next) VALUES ('pseudonym-W', 2), ('pseudonym-V', 3)").run()
    const personsBefore = sqlite.prepare('SELECT * FROM persons ORDER BY seq').all()
    const consentsBefore = sqlite.prepare('SELECT * FROM person_consents ORDER BY seq').all()
    sqlite.close()

    // 2. The new version starts on it and migrates.
    const app = await buildApp({
      logger: false,
      env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SANAD_REQUIRE_MFA: '0' },
      config: { dataDir, checkpointIntervalMs: 0 }
    })
    t.teardown(() => app.close())
    await app.ready()

    const links = app.sqlite
      .prepare(
        `SELECT p.id, l.incident_seq AS incidentSeq, l.role, l.linked_at AS linkedAt, l.linked_by AS linkedBy, l.removed_at AS removedAt
       FROM person_incidents l JOIN persons p ON p.seq = l.person_seq ORDER BY l.seq`
      )
      .all()
    t.same(
      links,
      people.map((p, i) => ({
        id: p.id,
        incidentSeq: p.incidentSeq,
        role: p.role,
        linkedAt: `2025-05-0${i + 2}T10:00:00.000Z`,
        linkedBy: p.by,
        removedAt: null
      })),
      'one link per person: its incident, its role, by whom and when it was recorded'
    )
    const personsAfter = (app.sqlite.prepare('SELECT * FROM persons ORDER BY seq').all() as Array<Record<string, unknown>>).map((r) => {
      const { age_enc, sex_enc, groups_enc, deceased, client_id, ...old } = r
      t.same([age_enc, sex_enc, groups_enc, deceased, client_id], [null, null, null, 0, null], 'new fields empty')
      return old
    })
    t.same(personsAfter, personsBefore, 'person rows unchanged')
    t.same(
      (app.sqlite.prepare('SELECT * FROM person_consents ORDER BY seq').all() as Array<Record<string, unknown>>).map(
        ({ given_by, child_assent, ...old }) => old
      ),
      consentsBefore,
      'consent history unchanged'
    )
    t.throws(() => app.sqlite.prepare('DELETE FROM person_incidents').run(), /never deleted/, 'links are never deleted')
    t.throws(() => app.sqlite.prepare("UPDATE person_incidents SET role = 'source'").run(), /never changes/)

    // 3. Read and linked through the API.
    const doc = await asRole(app, 'documenter')
    const listed = (await app.inject({ url: `/api/v1/incidents/${openId}/persons`, headers: doc })).json().items
    t.match(listed, [
      { id: people[0]?.id, pseudonym: 'W-0001', role: 'witness', needToKnow: false },
      { id: people[1]?.id, pseudonym: 'V-0001', role: 'victim', needToKnow: true }
    ])
    const witness = await app.inject({ url: `/api/v1/persons/${people[0]?.id}`, headers: doc })
    t.equal(witness.json().identity.name, 'Zarghuna Ahmadi', 'the identity still opens')
    t.equal(witness.json().consent.icc, 'granted')
    const ntkPerson = await app.inject({ url: `/api/v1/persons/${people[2]?.id}`, headers: doc })
    t.equal(ntkPerson.json().identityWithheld, 'need-to-know', 'need-to-know still applies through the migrated link')
    t.notOk(ntkPerson.body.includes('Hashimi'))

    const fresh = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })
    const linked = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${fresh.json().id}/persons`,
      headers: doc,
      payload: { personId: people[0]?.id, role: 'source' }
    })
    t.equal(linked.statusCode, 201, linked.body)
    t.equal(linked.json().pseudonym, 'W-0001', 'the same pseudonym in the new incident')
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${fresh.json().id}/persons`,
      headers: doc,
      payload: { role: 'witness', name: 'Someone New' }
    })
    t.equal(created.json().pseudonym, 'W-0002', 'creating with an incident works as before')
  }
)
