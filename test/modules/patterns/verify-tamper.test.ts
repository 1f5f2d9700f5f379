// `npm run verify` re-derives the content hash of every contextual-element assessment from the row as
// stored and compares it with its ledger entry: a status raised in the database shows.
import t from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { verifyInProcess } from '../../helpers/script-in-process.ts'

// What `npm run verify` finds, run in this process (test/scripts/verify.test.ts runs the command itself).
const verify = (dir: string) => verifyInProcess('--data-dir', dir)

t.test('verify passes on intact assessments and names one whose status or override was edited in the database', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const p = (await doc({ method: 'POST', url: '/api/v1/patterns', payload: { title: 'P', description: 'D' } })).json().id
  const inc = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ patternIds: [p] }) })).json().id
  const onPattern = (
    await doc({ method: 'PUT', url: `/api/v1/patterns/${p}/context/attack-on-civilian-population`, payload: { status: 'alleged' } })
  ).json().id
  const override = (
    await doc({
      method: 'PUT',
      url: `/api/v1/incidents/${inc}/patterns/${p}/context/part-of-the-attack`,
      payload: { status: 'not-supported', reason: 'nexus-not-shown' }
    })
  ).json().id
  app.ledger.checkpoint()
  await app.close()
  const dir = app.config.dataDir
  const clean = await verify(dir)
  t.equal(clean.status, 0, clean.stdout + clean.stderr)

  const db = new Database(join(dir, 'sanad.db'))
  t.throws(() => db.prepare("UPDATE context_assessments SET status = 'supported' WHERE id = ?").run(onPattern), 'a trigger refuses edits')
  db.exec('DROP TRIGGER context_assessments_no_update')
  db.prepare("UPDATE context_assessments SET status = 'supported' WHERE id = ?").run(onPattern)
  db.prepare('UPDATE context_assessments SET reason = NULL WHERE id = ?').run(override)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: contextual-element assessment ${onPattern}`))
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: contextual-element assessment ${override}`))
})
