// `npm run verify` checks every device-signed capture record again, offline: against its `captured`
// ledger entry and the device key enrolled in the ledger.
import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { testApp, incidentInput, asRole, accountFor } from '../helpers/app.ts'
import { multipart } from '../helpers/multipart.ts'
import { evidenceFixture } from '../helpers/files.ts'
import { captureRecord, deviceKey, enrolDevice, signedCapture, type TestDeviceKey } from '../helpers/devices.ts'
import { canonicalJsonString } from '../../server/lib/ledger/canonical-json.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

function verify(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), ...args], { cwd: root, encoding: 'utf8' })
}

/** A data dir holding one photo uploaded with a device-signed capture record; app closed. */
async function dataDir(t: Test): Promise<{ dir: string; id: string; device: string; key: TestDeviceKey; documenter: string }> {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const me = await accountFor(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: incidentInput() })).json().id
  const key = deviceKey()
  const device = await enrolDevice(app, headers, key)
  const photo = evidenceFixture('kabul-phone.jpg')
  const body = multipart([
    { name: 'capture', value: signedCapture(captureRecord(photo, me.id, device), key) },
    { name: 'file', value: photo, filename: 'photo.jpg' }
  ])
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident}/evidence`,
    headers: { ...headers, ...body.headers },
    payload: body.payload
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  // Revoking the device afterwards does not undo what it signed before.
  await app.inject({ method: 'DELETE', url: `/api/v1/devices/${device}`, headers })
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, id: res.json().id, device, key, documenter: me.id }
}

/** An insider with the database file: the triggers that keep capture records and device keys fixed go first. */
function tamper(dir: string, edit: (db: Database.Database) => void): void {
  const db = new Database(join(dir, 'sanad.db'))
  db.exec('DROP TRIGGER evidence_capture_stable; DROP TRIGGER devices_revoked_once')
  edit(db)
  db.close()
}

t.test('verify checks the device signature of every capture record and passes when they hold', async (t) => {
  const { dir } = await dataDir(t)
  const res = verify('--data-dir', dir)
  t.equal(res.status, 0, res.stdout + res.stderr)
  t.match(res.stdout, /1 device-signed capture records verified/)
  t.equal(JSON.parse(verify('--data-dir', dir, '--json').stdout).evidence.captures, 1)
})

t.test('a capture record edited in the database fails verification, naming the item', async (t) => {
  const { dir, id } = await dataDir(t)
  tamper(dir, (db) => {
    const { r } = db.prepare('SELECT capture_record AS r FROM evidence WHERE id = ?').get(id) as { r: string }
    const record = JSON.parse(r)
    record.capturedAt = '2023-09-10T08:30:00.000+04:30'
    db.prepare('UPDATE evidence SET capture_record = ? WHERE id = ?').run(canonicalJsonString(record), id)
  })
  const res = verify('--data-dir', dir)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, new RegExp(`SANAD_ERR_CAPTURE_ALTERED: evidence ${id}: its stored capture record was altered`))
})

t.test('a capture signature swapped in the database fails verification', async (t) => {
  const { dir, id, device, key, documenter } = await dataDir(t)
  // A valid signature by the same key, over another record: it does not cover this one.
  const other = JSON.parse(signedCapture(captureRecord(evidenceFixture('edited.jpg'), documenter, device), key))
  tamper(dir, (db) => db.prepare('UPDATE evidence SET capture_signature = ? WHERE id = ?').run(other.signature, id))
  const res = verify('--data-dir', dir)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, new RegExp(`SANAD_ERR_CAPTURE_SIGNATURE: evidence ${id}: the capture record is not signed by device ${device}`))
})

t.test('a device key replaced in the database, with the record re-signed by the new key, fails verification', async (t) => {
  const { dir, id, device } = await dataDir(t)
  const forged = deviceKey()
  tamper(dir, (db) => {
    const { r } = db.prepare('SELECT capture_record AS r FROM evidence WHERE id = ?').get(id) as { r: string }
    const resigned = JSON.parse(signedCapture(JSON.parse(r), forged))
    db.prepare('UPDATE evidence SET capture_signature = ? WHERE id = ?').run(resigned.signature, id)
    db.prepare('UPDATE devices SET public_key = ? WHERE id = ?').run(forged.spki, device)
  })
  const res = verify('--data-dir', dir)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, new RegExp(`SANAD_ERR_DEVICE_KEY_ALTERED: device ${device}`))
})
