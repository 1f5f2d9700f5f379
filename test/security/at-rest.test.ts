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

function encodings(text: string): Array<[string, Buffer]> {
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
  const incident = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: doc,
      payload: incidentInput({ title: 'Control title in the clear' })
    })
  ).json()
  for (const [role, name] of [
    ['witness', SECRETS.name],
    ['victim', SECRETS.persianName]
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/persons`,
      headers: doc,
      payload: {
        role,
        name,
        protected: true,
        aliases: [SECRETS.alias],
        contacts: [{ type: 'phone', value: SECRETS.phone }],
        address: SECRETS.address,
        homeLocation: { lat: Number(SECRETS.homeLat), lon: 69.2 },
        notes: SECRETS.notes,
        consent: { icc: true, un: false, national: false, publication: false, image: false }
      }
    })
    t.equal(res.statusCode, 201, res.body)
    // Reading it back puts it through every code path that touches the identity.
    t.equal((await app.inject({ url: `/api/v1/persons/${res.json().id}?purpose=verification`, headers: doc })).json().identity.name, name)
  }
  // A TOTP secret is protected the same way.
  const admin = await loginAs(app, 'admin', TEST_ADMIN_PASSWORD)
  const totpSecret = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: admin, payload: { password: TEST_ADMIN_PASSWORD } })
  ).json().secret as string

  const dbFile = join(app.config.dataDir, 'sanad.db')
  const walFile = `${dbFile}-wal`
  t.ok(existsSync(walFile) && statSync(walFile).size > 0, 'the WAL holds the recent writes')
  const backupFile = join(app.config.dataDir, 'backup-copy.db')
  await app.sqlite.backup(backupFile)

  const files: Array<[string, Buffer]> = [
    ['sanad.db', readFileSync(dbFile)],
    ['sanad.db-wal', readFileSync(walFile)],
    ['backup', readFileSync(backupFile)]
  ]
  t.ok(
    files.some(([, bytes]) => bytes.includes(Buffer.from('Control title in the clear'))),
    'control: the search does find clear text'
  )
  for (const [label, secret] of [...Object.entries(SECRETS), ['totp secret', totpSecret]] as Array<[string, string]>) {
    for (const [encoding, needle] of encodings(secret)) {
      for (const [file, bytes] of files) {
        t.notOk(bytes.includes(needle), `${label} (${encoding}) not in ${file}`)
      }
    }
  }
  // Parts of names are not there either (no plaintext index, no search text of persons).
  for (const fragment of ['Zarghuna', 'Qaderi', 'زرغونه', 'Quetta', 'Golha']) {
    for (const [, needle] of encodings(fragment))
      t.notOk(
        files.some(([, bytes]) => bytes.includes(needle)),
        `fragment ${fragment}`
      )
  }
  const master = readFileSync(join(keysDir(app.config.dataDir), 'master.key'), 'utf8').trim()
  t.notOk(
    files.some(([, bytes]) => bytes.includes(Buffer.from(master)) || bytes.includes(Buffer.from(master, 'base64'))),
    'the key is not in the database'
  )
  t.equal(statSync(join(keysDir(app.config.dataDir), 'master.key')).mode & 0o777, 0o600, 'the key file is 0600')
  t.equal(statSync(keysDir(app.config.dataDir)).mode & 0o777, 0o700, 'the keys folder is 0700')
})

t.test('after a clean stop (WAL folded into the file) the database still holds no identity', async (t) => {
  const dataDir = t.testdir({})
  const { buildApp } = await import('../../server/app.ts')
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    config: { dataDir, checkpointIntervalMs: 0 }
  })
  await app.ready()
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/persons`,
    headers: doc,
    payload: { role: 'witness', name: SECRETS.name, notes: SECRETS.notes }
  })
  await app.close()
  const bytes = readFileSync(join(dataDir, 'sanad.db'))
  for (const secret of [SECRETS.name, SECRETS.notes]) {
    for (const [encoding, needle] of encodings(secret)) t.notOk(bytes.includes(needle), `${encoding}`)
  }
})

// Everything under the data dir, and every backup and restore of it, is private whatever the umask:
// folders 0700, files 0600, stored blobs 0400. Run with umask 000, the loosest there is.
t.test('with umask 000, the data dir, a backup and a restore hold only 0700 folders, 0600 files and 0400 blobs', async (t) => {
  const { readdirSync, lstatSync } = await import('node:fs')
  const { spawnSync } = await import('node:child_process')
  const { fileURLToPath } = await import('node:url')
  const { world, createCase, generate } = await import('../helpers/case-world.ts')
  const { backup } = await import('../../scripts/backup.ts')
  const previous = process.umask(0)
  t.teardown(() => {
    process.umask(previous)
  })

  const w = await world(t) // incidents, persons, evidence of every kind: uploads through tmp/, blobs
  const caseId = await createCase(w) // restricted: shared copies are derived into the blob store too
  const d = await generate(w, caseId)
  t.equal(d.status, 'ready', String(d.error))
  const dataDir = w.app.config.dataDir

  type Found = { path: string; kind: 'dir' | 'file'; mode: number }
  const walk = (root: string): Found[] => {
    const out: Found[] = [{ path: '.', kind: 'dir', mode: lstatSync(root).mode & 0o777 }]
    const visit = (dir: string, rel: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const st = lstatSync(join(dir, name))
        const r = rel === '' ? name : `${rel}/${name}`
        out.push({ path: r, kind: st.isDirectory() ? 'dir' : 'file', mode: st.mode & 0o777 })
        if (st.isDirectory()) visit(join(dir, name), r)
      }
    }
    visit(root, '')
    return out
  }
  const expected = (f: Found): number => (f.kind === 'dir' ? 0o700 : f.path.startsWith('blobs/') ? 0o400 : 0o600)
  const check = (label: string, root: string, mustHave: string[]): void => {
    const found = walk(root)
    for (const p of mustHave)
      t.ok(
        found.some((f) => f.path === p || f.path.startsWith(`${p}/`)),
        `${label}: has ${p}`
      )
    const wrong = found.filter((f) => f.mode !== expected(f)).map((f) => `${f.path} ${f.mode.toString(8)}`)
    t.same(wrong, [], `${label}: ${found.length} entries, every one private`)
  }

  check('data dir', dataDir, [
    'sanad.db',
    'sanad.db-wal',
    'sanad.db-shm',
    'keys/master.key',
    'keys/ledger-signing.key',
    'blobs/sha256',
    'tmp',
    `exports/${d.id}.pdf.sealed`,
    `exports/${d.id}.zip.sealed`
  ])

  // testApp() owns t.testdir(); the backup and the restore go beside it.
  const { mkdtempSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const work = mkdtempSync(join(tmpdir(), 'sanad-at-rest-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  await backup(dataDir, join(work, 'backup'), () => {}, { withKeys: true })
  check('backup', join(work, 'backup'), ['sanad.db', 'keys/master.key', 'blobs/sha256', 'backup-manifest.json'])

  // The restore runs as its own process, which inherits the umask.
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'restore.ts'), join(work, 'backup'), '--data-dir', join(work, 'restored')],
    { cwd: root, encoding: 'utf8' }
  )
  t.equal(r.status, 0, r.stderr)
  check('restore', join(work, 'restored'), ['sanad.db', 'keys/master.key', 'blobs/sha256'])
})
