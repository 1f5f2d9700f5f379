import t from 'tap'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { testApp, asRole, incidentInput, loginAs, TEST_ADMIN_PASSWORD } from '../helpers/app.ts'
import { keysDir } from '../../server/keys/key-files.ts'

// A stolen laptop or a copied database must not reveal who the witnesses are: the database file, its
// write-ahead log and a backup copy are searched for every identifying value, in UTF-8 and UTF-16
// (both byte orders) and in both Unicode normal forms, and nothing may be found.

const SECRETS = {
  name: 'Zarghuna Ahmadi-Qaderi',
  persianName: 'زرغونه احمدی قادری',
  alias: 'Zari-of-Karte-Se',
  phone: '+93 799 314 159',
  address: 'Kuche-ye Golha, Karte Se, Kabul',
  notes: 'Fled to Quetta with her two daughters',
  homeLat: '34.512345'
}

function encodings (text: string): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = []
  for (const form of ['NFC', 'NFD'] as const) {
    const s = text.normalize(form)
    const le = Buffer.from(s, 'utf16le')
    const be = Buffer.from(le)
    be.swap16()
    out.push([`${form} UTF-8`, Buffer.from(s, 'utf8')], [`${form} UTF-16LE`, le], [`${form} UTF-16BE`, be])
  }
  return out
}

t.test('the database, its WAL and a backup hold no protected identity in any encoding', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput({ title: 'Control title in the clear' }) })).json()
  for (const [role, name] of [['witness', SECRETS.name], ['victim', SECRETS.persianName]] as const) {
    const res = await app.inject({
      method: 'POST', url: `/api/v1/incidents/${incident.id}/persons`, headers: doc,
      payload: {
        role, name, protected: true, aliases: [SECRETS.alias], contacts: [{ type: 'phone', value: SECRETS.phone }],
        address: SECRETS.address, homeLocation: { lat: Number(SECRETS.homeLat), lon: 69.2 }, notes: SECRETS.notes,
        consent: { icc: true, un: false, national: false, publication: false, image: false }
      }
    })
    t.equal(res.statusCode, 201, res.body)
    // Reading it back puts it through every code path that touches the identity.
    t.equal((await app.inject({ url: `/api/v1/persons/${res.json().id}?purpose=verification`, headers: doc })).json().identity.name, name)
  }
  // A TOTP secret is protected the same way.
  const admin = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const totpSecret = (await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: admin, payload: { password: TEST_ADMIN_PASSWORD } })).json().secret as string

  const dbFile = join(app.config.dataDir, 'sanad.db')
  const walFile = `${dbFile}-wal`
  t.ok(existsSync(walFile) && statSync(walFile).size > 0, 'the WAL holds the recent writes')
  const backupFile = join(app.config.dataDir, 'backup-copy.db')
  await app.sqlite.backup(backupFile)

  const files: Array<[string, Buffer]> = [['sanad.db', readFileSync(dbFile)], ['sanad.db-wal', readFileSync(walFile)], ['backup', readFileSync(backupFile)]]
  t.ok(files.some(([, bytes]) => bytes.includes(Buffer.from('Control title in the clear'))), 'control: the search does find clear text')
  for (const [label, secret] of [...Object.entries(SECRETS), ['totp secret', totpSecret]] as Array<[string, string]>) {
    for (const [encoding, needle] of encodings(secret)) {
      for (const [file, bytes] of files) {
        t.notOk(bytes.includes(needle), `${label} (${encoding}) not in ${file}`)
      }
    }
  }
  // Parts of names are not there either (no plaintext index, no search text of persons).
  for (const fragment of ['Zarghuna', 'Qaderi', 'زرغونه', 'Quetta', 'Golha']) {
    for (const [, needle] of encodings(fragment)) t.notOk(files.some(([, bytes]) => bytes.includes(needle)), `fragment ${fragment}`)
  }
  const master = readFileSync(join(keysDir(app.config.dataDir), 'master.key'), 'utf8').trim()
  t.notOk(files.some(([, bytes]) => bytes.includes(Buffer.from(master)) || bytes.includes(Buffer.from(master, 'base64'))), 'the key is not in the database')
  t.equal(statSync(join(keysDir(app.config.dataDir), 'master.key')).mode & 0o777, 0o600, 'the key file is 0600')
  t.equal(statSync(keysDir(app.config.dataDir)).mode & 0o777, 0o700, 'the keys folder is 0700')
})

t.test('after a clean stop (WAL folded into the file) the database still holds no identity', async (t) => {
  const dataDir = t.testdir({})
  const { buildApp } = await import('../../server/app.ts')
  const app = await buildApp({ logger: false, env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }, config: { dataDir, checkpointIntervalMs: 0 } })
  await app.ready()
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/persons`, headers: doc, payload: { role: 'witness', name: SECRETS.name, notes: SECRETS.notes } })
  await app.close()
  const bytes = readFileSync(join(dataDir, 'sanad.db'))
  for (const secret of [SECRETS.name, SECRETS.notes]) {
    for (const [encoding, needle] of encodings(secret)) t.notOk(bytes.includes(needle), `${encoding}`)
  }
})
