// `npm run verify` re-derives the content hash of every verification record and incident link from
// the row as stored and compares it with its ledger entry: a direct database edit shows.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { tamperCopies } from '../../helpers/tamper-copies.ts'
import { verifyInProcess } from '../../helpers/script-in-process.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'

// What `npm run verify` finds, run in this process (test/scripts/verify.test.ts runs the command itself).
const verify = (dir: string) => verifyInProcess('--data-dir', dir)

/** A data dir with a geolocated exhibit's verification record and a connected-crime link; app closed. */
async function buildDataDir(t: Test): Promise<{ dir: string; verification: string; link: string }> {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const persecution = (
    await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ categories: ['cah-persecution-gender'] }) })
  ).json().id
  const prison = (
    await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ categories: ['cah-imprisonment'] }) })
  ).json().id
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${persecution}/evidence`, payload, headers })).json().id
  const verification = (
    await doc({
      method: 'POST',
      url: `/api/v1/evidence/${item}/verifications`,
      payload: { phase: 'technical', method: 'geolocation', finding: 'Matched the mosque and the ridge line', status: 'partly-verified' }
    })
  ).json().id
  const link = (
    await doc({
      method: 'POST',
      url: `/api/v1/incidents/${persecution}/links`,
      payload: { to: prison, type: 'connected-to', category: 'cah-imprisonment' }
    })
  ).json().id
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, verification, link }
}

// Built once; each test tampers with a copy of its own.
const dataDir = tamperCopies(t, buildDataDir)

t.test('verify passes on intact records and fails naming a verification record whose status was raised in the database', async (t) => {
  const { dir, verification } = await dataDir(t)
  const clean = await verify(dir)
  t.equal(clean.status, 0, clean.stdout + clean.stderr)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare("UPDATE evidence_verifications SET status = 'verified' WHERE id = ?").run(verification)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: verification record ${verification}`))
})

t.test('a link whose connected crime was changed in the database, and a deleted verification record, fail verification', async (t) => {
  const { dir, verification, link } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare("UPDATE incident_links SET category = 'cah-murder' WHERE id = ?").run(link)
  db.exec('DROP TRIGGER evidence_verifications_no_delete')
  db.prepare('DELETE FROM evidence_verifications WHERE id = ?').run(verification)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: incident link ${link}`))
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_MISSING: ledger entry \\d+ records verification record ${verification}`))
})

t.test('a qualification link re-pointed in the database to another qualification it serves fails verification', async (t) => {
  const { dir, link } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare("UPDATE incident_links SET from_category = 'cah-persecution-political' WHERE id = ?").run(link)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: incident link ${link}`))
})
