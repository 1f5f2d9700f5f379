// `npm run verify` re-derives the content hash of every organisation, position and involvement record
// from the row as stored and compares it with its ledger entry: a direct database edit shows.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { tamperCopies } from '../../helpers/tamper-copies.ts'
import { verifyInProcess } from '../../helpers/script-in-process.ts'

// What `npm run verify` finds, run in this process (test/scripts/verify.test.ts runs the command itself).
const verify = (dir: string) => verifyInProcess('--data-dir', dir)

/** A data dir with a unit, a commander's position in it and an ordering involvement; app closed. */
async function buildDataDir(t: Test): Promise<{ dir: string; unit: string; position: string; involvement: string }> {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const inc = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ categories: ['cah-imprisonment'] }) })).json()
    .id
  const commander = (
    await doc({ method: 'POST', url: `/api/v1/incidents/${inc}/persons`, payload: { role: 'perpetrator', name: 'X' } })
  ).json()
  const org = (
    await doc({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { kind: 'organisation', name: 'GDI', type: 'de-facto-authorities' }
    })
  ).json().id
  const unit = (
    await doc({ method: 'POST', url: '/api/v1/organisations', payload: { kind: 'unit', name: 'Directorate 40', parent: org } })
  ).json().id
  const position = (
    await doc({ method: 'POST', url: `/api/v1/organisations/${unit}/positions`, payload: { personId: commander.id, title: 'commander' } })
  ).json().id
  const involvement = (
    await doc({ method: 'POST', url: `/api/v1/incidents/${inc}/involvements`, payload: { personId: commander.id, mode: 'ordering' } })
  ).json().id
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, unit, position, involvement }
}

// Built once; each test tampers with a copy of its own.
const dataDir = tamperCopies(t, buildDataDir)

t.test('verify passes on an intact register and fails naming an involvement whose mode was changed in the database', async (t) => {
  const { dir, involvement } = await dataDir(t)
  const clean = await verify(dir)
  t.equal(clean.status, 0, clean.stdout + clean.stderr)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare("UPDATE involvements SET mode = 'aiding-abetting' WHERE id = ?").run(involvement)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: involvement record ${involvement}`))
})

t.test('a renamed unit, a position moved in time and a deleted involvement fail verification', async (t) => {
  const { dir, unit, position, involvement } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare("UPDATE organisations SET name = 'Directorate 41' WHERE id = ?").run(unit)
  db.prepare("UPDATE positions SET to_date = '2020-01-01' WHERE id = ?").run(position)
  db.exec('DROP TRIGGER involvements_no_delete')
  db.prepare('DELETE FROM involvements WHERE id = ?').run(involvement)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: organisation ${unit}`))
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: position ${position}`))
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_MISSING: ledger entry \\d+ records involvement record ${involvement}`))
})
