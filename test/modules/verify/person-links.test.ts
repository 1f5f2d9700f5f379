// Person-to-incident links against their ledger entries (#18 item 5): older `person-linked` entries,
// written before they carried the link's hash, are checked on ids only and the report says so; and a
// person's rows are aligned with its entries so that one deleted link is named as such, not as a
// chain of edits.
import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { openSqlite, databaseFile } from '../../../server/db/connection.ts'
import { BlobStore } from '../../../server/blobs/store.ts'
import { loadLedgerSigner } from '../../../server/keys/key-files.ts'
import { verifyDataDir, type VerifyReport } from '../../../server/modules/verify/service.ts'
import { alignPersonLinks, type LinkEntry } from '../../../server/modules/verify/person-link-checks-repo.ts'
import { personLinkContentSha256 } from '../../../server/lib/analysis/person-links.ts'

async function verifyDir(dir: string, origin: string): Promise<VerifyReport> {
  const sqlite = openSqlite(databaseFile(dir), { readonly: true })
  try {
    return await verifyDataDir({
      sqlite,
      blobs: new BlobStore(dir),
      verifierKey: loadLedgerSigner(dir, origin, { create: false }).verifierKey,
      workers: 1
    })
  } finally {
    sqlite.close()
  }
}

/** A witness recorded in one incident and linked to a second the way the server did before link hashes. */
async function olderWorld(t: Test): Promise<{ dir: string; origin: string; person: string; second: string }> {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const first = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const second = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const person = (
    await doc({ method: 'POST', url: `/api/v1/incidents/${first.id}/persons`, payload: { role: 'witness', name: 'Zarghuna Ahmadi' } })
  ).json()
  const seq = (table: string, id: string): number =>
    (app.sqlite.prepare(`SELECT seq FROM ${table} WHERE id = ?`).get(id) as { seq: number }).seq
  app.sqlite
    .prepare('INSERT INTO person_incidents (person_seq, incident_seq, role, linked_at, linked_by) VALUES (?, ?, ?, ?, ?)')
    .run(seq('persons', person.id), seq('incidents', second.id), 'victim', new Date().toISOString(), 'documenter')
  app.ledger.append({
    type: 'person-linked',
    actor: 'documenter',
    subject: { kind: 'person', id: person.id },
    details: { incident: second.id, role: 'victim' }
  })
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, origin: app.config.ledgerOrigin, person: person.id, second: second.id }
}

function edit(dir: string, sql: string, ...params: string[]): void {
  const db = new Database(databaseFile(dir))
  try {
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person_incidents'").all() as {
      name: string
    }[])
      db.exec(`DROP TRIGGER ${name}`)
    if (db.prepare(sql).run(...params).changes !== 1) throw new Error(`${sql}: changed nothing`)
  } finally {
    db.close()
  }
}

t.test('an older link entry (no hash) passes, and the report says it was checked on ids only', async (t) => {
  const { dir, origin } = await olderWorld(t)
  const report = await verifyDir(dir, origin)
  t.same(report.problems, [])
  t.same(report.notes, [
    '1 person link(s) recorded by older ledger entries without a link hash: checked on ids only (person, incident, role)'
  ])
})

t.test('npm run verify prints the older link entries as a note and still passes', async (t) => {
  const { dir } = await olderWorld(t)
  const root = fileURLToPath(new URL('../../..', import.meta.url))
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), '--data-dir', dir], {
    cwd: root,
    encoding: 'utf8'
  })
  t.equal(res.status, 0, 'verification passes', { stdout: res.stdout, stderr: res.stderr })
  t.match(res.stdout, /note: +1 person link\(s\) recorded by older ledger entries without a link hash: checked on ids only/)
})

t.test('an older link entry still catches its role edited, and says it was checked on ids only', async (t) => {
  const { dir, origin, person, second } = await olderWorld(t)
  edit(dir, "UPDATE person_incidents SET role = 'perpetrator' WHERE incident_seq = (SELECT seq FROM incidents WHERE id = ?)", second)
  const report = await verifyDir(dir, origin)
  t.equal(report.ok, false)
  t.ok(
    report.problems.some(
      (p) =>
        p.message.includes(`person ${person}: its link to incident ${second} as victim`) &&
        p.message.includes('now reads role perpetrator') &&
        p.message.includes('an older entry without a link hash: checked on ids only')
    ),
    'named, with its limit',
    { problems: report.problems }
  )
})

t.test('an older link entry cannot see its time edited (ids only): the limit the note states', async (t) => {
  const { dir, origin, second } = await olderWorld(t)
  edit(
    dir,
    "UPDATE person_incidents SET linked_at = '2001-01-01T00:00:00.000Z' WHERE incident_seq = (SELECT seq FROM incidents WHERE id = ?)",
    second
  )
  const report = await verifyDir(dir, origin)
  t.same(report.problems, [])
  t.equal(report.notes?.length, 1)
})

t.test('one deleted link among several is named as deleted, and the links after it still match', async (t) => {
  const row = (incident: string, role: string) => ({
    person: 'P',
    incident,
    role,
    linkedAt: `2026-01-0${incident.length}T00:00:00.000Z`,
    linkedBy: 'documenter',
    removedAt: null,
    removedBy: null,
    removalReason: null
  })
  const rows = [row('A', 'witness'), row('BB', 'victim'), row('CCC', 'source')]
  const entries: LinkEntry[] = rows.map((r, index) => ({
    index,
    incident: r.incident,
    role: r.role,
    linkSha256: personLinkContentSha256({ ...r, removedAt: undefined, removedBy: undefined, removalReason: undefined })
  }))
  t.same(alignPersonLinks('P', entries, rows), [], 'all in order: nothing to say')
  const afterDelete = alignPersonLinks('P', entries, [rows[0]!, rows[2]!])
  t.equal(afterDelete.length, 1)
  t.match(afterDelete[0]!.message, /ledger entry 1 records its link to incident BB as victim, but the database no longer holds that link/)
  const planted = alignPersonLinks('P', entries, [rows[0]!, row('DDDD', 'perpetrator'), rows[1]!, rows[2]!])
  t.equal(planted.length, 1)
  t.match(planted[0]!.message, /the database links it to incident DDDD as perpetrator, but no ledger entry records that link/)
  const older = alignPersonLinks('P', [{ ...entries[0]!, linkSha256: undefined }], [row('A', 'victim')])
  t.match(older[0]!.message, /now reads role victim .*checked on ids only/)
})
