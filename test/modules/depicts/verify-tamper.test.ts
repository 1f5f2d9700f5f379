// `npm run verify` re-derives the content hash of every depicts link and every blurred copy's lineage
// from the row as stored (#17 item 9): a direct database edit shows, and so does a deletion.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { tamperCopies } from '../../helpers/tamper-copies.ts'
import { verifyInProcess } from '../../helpers/script-in-process.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { depictsContentSha256 } from '../../../server/lib/analysis/depicts-links.ts'

// What `npm run verify` finds, run in this process (test/scripts/verify.test.ts runs the command itself).
const verify = (dir: string) => verifyInProcess('--data-dir', dir)

/** A data dir with a photo linked to two witnesses (one link removed) and its blurred copy; app closed. */
async function buildDataDir(t: Test) {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const incident = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const person = async (name: string): Promise<string> =>
    (await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/persons`, payload: { role: 'witness', name } })).json().id
  const first = await person('Zarghuna Ahmadi')
  const second = await person('Mohammad Nabi Rahimi')
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'photo.jpg' }])
  const photo = (await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })).json().id
  const link = (await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: first } })).json().id
  const removed = (await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/depicts`, payload: { personId: second } })).json().id
  await doc({ method: 'DELETE', url: `/api/v1/evidence/${photo}/depicts/${second}` })
  const copy = (await doc({ method: 'POST', url: `/api/v1/evidence/${photo}/derivatives`, payload: { kind: 'blurred' } })).json().evidence
    .id
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, link, removed, second, copy, photo }
}

// Built once; each test tampers with a copy of its own.
const dataDir = tamperCopies(t, buildDataDir)

t.test('verify passes on intact links and lineage, and names a link moved to another person in the database', async (t) => {
  const { dir, link, second } = await dataDir(t)
  const clean = await verify(dir)
  t.equal(clean.status, 0, clean.stdout + clean.stderr)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare('UPDATE evidence_depicts SET person_seq = (SELECT seq FROM persons WHERE id = ?) WHERE id = ?').run(second, link)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: depicts link ${link}`))
})

t.test('a removal undone in the database, and a link deleted, fail verification', async (t) => {
  const { dir, link, removed } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  // Undo the removal, with the hash the link had before it (as a careful forger would).
  const row = db
    .prepare(
      'SELECT e.id AS evidence, p.id AS person, d.created_at AS createdAt, d.created_by AS createdBy FROM evidence_depicts d JOIN evidence e ON e.seq = d.evidence_seq JOIN persons p ON p.seq = d.person_seq WHERE d.id = ?'
    )
    .get(removed) as { evidence: string; person: string; createdAt: string; createdBy: string }
  db.prepare(
    'UPDATE evidence_depicts SET removed_at = NULL, removed_by = NULL, removed_ledger_index = NULL, content_sha256 = ? WHERE id = ?'
  ).run(depictsContentSha256({ id: removed, ...row }), removed)
  db.exec('DROP TRIGGER evidence_depicts_no_delete')
  db.prepare('DELETE FROM evidence_depicts WHERE id = ?').run(link)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: ledger entry \\d+ records the removal of depicts link ${removed}`))
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_MISSING: ledger entry \\d+ records depicts link ${link}`))
})

t.test("a blurred copy's lineage edited (parameters, source) or deleted fails verification", async (t) => {
  const { dir, copy } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  db.exec('DROP TRIGGER evidence_derivatives_no_update')
  db.prepare(
    'UPDATE evidence_derivatives SET parameters = \'{"blocksPerShortSide":96,"boxPasses":0,"jpegQuality":85,"block":6}\' WHERE derivative_seq = (SELECT seq FROM evidence WHERE id = ?)'
  ).run(copy)
  db.close()
  const edited = await verify(dir)
  t.equal(edited.status, 1)
  t.match(edited.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: derivative ${copy}`))
  const db2 = new Database(join(dir, 'sanad.db'))
  db2.exec('DROP TRIGGER evidence_derivatives_no_delete')
  db2.prepare('DELETE FROM evidence_derivatives WHERE derivative_seq = (SELECT seq FROM evidence WHERE id = ?)').run(copy)
  db2.close()
  const deleted = await verify(dir)
  t.equal(deleted.status, 1)
  t.match(deleted.stdout, new RegExp(`SANAD_ERR_RECORD_MISSING: ledger entry \\d+ records derivative \\(lineage\\) ${copy}`))
})

t.test('the database refuses to delete a link or change a lineage (triggers)', async (t) => {
  const { dir, link, copy } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  t.throws(() => db.prepare('DELETE FROM evidence_depicts WHERE id = ?').run(link), /never deleted/)
  t.throws(
    () =>
      db
        .prepare("UPDATE evidence_derivatives SET method = 'none' WHERE derivative_seq = (SELECT seq FROM evidence WHERE id = ?)")
        .run(copy),
    /never changed/
  )
  db.close()
})

t.test('the orientation a copy was turned by is part of its lineage: changed or dropped in the database, verify fails', async (t) => {
  const { dir, copy } = await dataDir(t)
  const where = 'derivative_seq = (SELECT seq FROM evidence WHERE id = ?)'
  const db = new Database(join(dir, 'sanad.db'))
  t.equal(
    (
      db.prepare(`SELECT json_extract(parameters, '$.orientation') AS o FROM evidence_derivatives WHERE ${where}`).get(copy) as {
        o: number
      }
    ).o,
    1,
    'recorded as 1 for a photo stored upright'
  )
  db.exec('DROP TRIGGER evidence_derivatives_no_update')
  db.prepare(`UPDATE evidence_derivatives SET parameters = json_set(parameters, '$.orientation', 6) WHERE ${where}`).run(copy)
  db.close()
  const turned = await verify(dir)
  t.equal(turned.status, 1)
  t.match(turned.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: derivative ${copy}`))
  const db2 = new Database(join(dir, 'sanad.db'))
  db2.prepare(`UPDATE evidence_derivatives SET parameters = json_remove(parameters, '$.orientation') WHERE ${where}`).run(copy)
  db2.close()
  const dropped = await verify(dir)
  t.equal(dropped.status, 1)
  t.match(dropped.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: derivative ${copy}`))
})
