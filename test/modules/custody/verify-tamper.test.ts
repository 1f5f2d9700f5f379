// `npm run verify` re-derives the content hash of every custody event recorded by people from the row
// as stored and compares it with its ledger entry: a database edit of a date, a staff code or a sealed
// field's digest shows, and so does a deleted event.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { testApp, incidentInput, accountFor, asRole } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { tamperCopies } from '../../helpers/tamper-copies.ts'
import { verifyInProcess } from '../../helpers/script-in-process.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'

// What `npm run verify` finds, run in this process (test/scripts/verify.test.ts runs the command itself).
const verify = (dir: string) => verifyInProcess('--data-dir', dir)

/** A data dir with an exhibit received in 2019 and handed over in 2020; app closed. */
async function buildDataDir(t: Test): Promise<{ dir: string; received: string; handover: string }> {
  const app = await testApp(t)
  const reviewer = await accountFor(app, 'reviewer')
  await app.inject({
    method: 'PUT',
    url: `/api/v1/users/${reviewer.id}/staff-code`,
    headers: await asRole(app, 'admin'),
    payload: { staffCode: 'HRT-02' }
  })
  const doc = await as(app, 'documenter')
  const incident = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })).json().id
  const post = async (body: Record<string, unknown>) =>
    (await doc({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload: body })).json().id
  const received = await post({
    type: 'received',
    occurredAt: '2019-06-01',
    fromSource: 'witness',
    medium: 'memory-card',
    method: 'in-person'
  })
  const handover = await post({
    type: 'transferred',
    occurredAt: '2020-01-15',
    toStaffCode: 'HRT-02',
    method: 'courier',
    note: 'sealed envelope'
  })
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, received, handover }
}

// Built once; each test tampers with a copy of its own.
const dataDir = tamperCopies(t, buildDataDir)

t.test('verify passes on intact events and fails naming an event whose date was moved in the database', async (t) => {
  const { dir, received } = await dataDir(t)
  const clean = await verify(dir)
  t.equal(clean.status, 0, clean.stdout + clean.stderr)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare("UPDATE custody_events SET occurred_at = '2021-06-01' WHERE id = ?").run(received)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: custody event ${received}`))
})

t.test('a hand-over whose recipient was changed, and a deleted event, fail verification', async (t) => {
  const { dir, received, handover } = await dataDir(t)
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare(`UPDATE custody_events SET codes = replace(codes, 'HRT-02', 'KBL-99') WHERE id = ?`).run(handover)
  db.exec('DROP TRIGGER custody_events_no_delete')
  db.prepare('DELETE FROM custody_events WHERE id = ?').run(received)
  db.close()
  const res = await verify(dir)
  t.equal(res.status, 1)
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: custody event ${handover}`))
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_MISSING: ledger entry \\d+ records custody event ${received}`))
})
