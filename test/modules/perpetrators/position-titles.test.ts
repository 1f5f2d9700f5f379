// A position's title can name who held it ("commander of the Jaghori district police"): it is sealed at
// rest like a person's identifying fields, its ledger entries carry only hashes of the sealed form, a key
// rotation reseals it, and titles an older version stored in clear are sealed by `npm run migrate`.
import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { buildApp } from '../../../server/app.ts'
import { testApp, incidentInput, TEST_ADMIN_PASSWORD } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { main } from '../../../scripts/sanad.ts'
import { fieldKey } from '../../../server/lib/crypto/field-crypto.ts'
import { positionContentSha256 } from '../../../server/lib/analysis/involvements.ts'
import { openTitle } from '../../../server/modules/perpetrators/position-titles.ts'

// Each case spawns the migration and verify scripts: more than tap's default on 2 busy cores.
t.setTimeout(600_000)
const root = fileURLToPath(new URL('../../..', import.meta.url))
const TITLE = 'commander of the Jaghori district police'

function script(name: string, dir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, `scripts/${name}.ts`), '--data-dir', dir], {
    cwd: root,
    encoding: 'utf8'
  })
}

async function reopen(dir: string) {
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    config: { dataDir: dir, checkpointIntervalMs: 0 }
  })
  await app.ready()
  return app
}

type Row = { title: string; content_sha256: string; ledger_index: number }

/** A data dir with a perpetrator holding a position titled TITLE; app closed. */
async function dataDir(t: Test): Promise<{ dir: string; position: string; unit: string; person: string; master: Buffer }> {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const inc = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const person = (
    await doc({ method: 'POST', url: `/api/v1/incidents/${inc}/persons`, payload: { role: 'perpetrator', name: 'X' } })
  ).json().id
  const unit = (
    await doc({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { kind: 'organisation', name: 'Police', type: 'de-facto-authorities' }
    })
  ).json().id
  const res = await doc({ method: 'POST', url: `/api/v1/organisations/${unit}/positions`, payload: { personId: person, title: TITLE } })
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.json().title, TITLE, 'whom may read the holder reads the title')
  const master = Buffer.from(app.keys.master)
  app.ledger.checkpoint()
  await app.close()
  return { dir: app.config.dataDir, position: res.json().id, unit, person, master }
}

function ledgerHolds(dir: string, text: string): string[] {
  const db = new Database(join(dir, 'sanad.db'), { readonly: true })
  try {
    return (db.prepare('SELECT type, canonical FROM ledger_entries').all() as Array<{ type: string; canonical: Buffer }>)
      .filter((r) => r.canonical.toString('utf8').includes(text))
      .map((r) => r.type)
  } finally {
    db.close()
  }
}

function rowOf(dir: string, id: string): Row {
  const db = new Database(join(dir, 'sanad.db'), { readonly: true })
  try {
    return db.prepare('SELECT title, content_sha256, ledger_index FROM positions WHERE id = ?').get(id) as Row
  } finally {
    db.close()
  }
}

t.test('a title is sealed at rest; the ledger carries only the hash of its sealed form', async (t) => {
  const { dir, position, unit, person, master } = await dataDir(t)
  const row = rowOf(dir, position)
  t.match(row.title, /^sf1:[0-9a-f]{16}:/, 'stored as an envelope')
  t.notOk(row.title.includes('Jaghori'))
  t.equal(openTitle(fieldKey(master), position, row.title), TITLE)
  t.same(ledgerHolds(dir, 'Jaghori'), [], 'no ledger entry holds the title')
  const db = new Database(join(dir, 'sanad.db'), { readonly: true })
  const created = db.prepare('SELECT created_at AS at, created_by AS by FROM positions WHERE id = ?').get(position) as {
    at: string
    by: string
  }
  db.close()
  const overPlain = positionContentSha256({
    id: position,
    person,
    organisation: unit,
    title: TITLE,
    createdAt: created.at,
    createdBy: created.by
  })
  t.not(row.content_sha256, overPlain, 'the recorded hash is not one a guessed title could be checked against')
  const clean = script('verify', dir)
  t.equal(clean.status, 0, clean.stdout + clean.stderr)
})

t.test('titles stored in clear: the server refuses to start until npm run migrate seals them, each recorded as resealed', async (t) => {
  const { dir, position } = await dataDir(t)
  // As an older version left it: the title in clear.
  const db = new Database(join(dir, 'sanad.db'))
  db.prepare('UPDATE positions SET title = ? WHERE id = ?').run(TITLE, position)
  db.close()
  await t.rejects(reopen(dir), /npm run migrate/, 'no start with a title in clear')

  const migrated = script('migrate', dir)
  t.equal(migrated.status, 0, migrated.stdout + migrated.stderr)
  t.match(migrated.stdout, /1 position titles sealed/)
  const row = rowOf(dir, position)
  t.match(row.title, /^sf1:/)
  const db2 = new Database(join(dir, 'sanad.db'), { readonly: true })
  const entry = JSON.parse(
    (db2.prepare('SELECT canonical FROM ledger_entries WHERE idx = ?').get(row.ledger_index) as { canonical: Buffer }).canonical.toString(
      'utf8'
    )
  )
  db2.close()
  t.equal(entry.type, 'position-resealed')
  t.same(Object.keys(entry.details).sort(), ['contentSha256', 'keyId', 'position'])
  t.equal(entry.details.contentSha256, row.content_sha256)
  t.same(ledgerHolds(dir, 'Jaghori'), [], 'the ledger never holds the title')
  const verified = script('verify', dir)
  t.equal(verified.status, 0, verified.stdout + verified.stderr)
  const again = script('migrate', dir)
  t.equal(again.status, 0, again.stderr)
  t.notMatch(again.stdout, /titles sealed/, 'a second run seals nothing')

  const app = await reopen(dir)
  t.teardown(() => app.close())
  t.equal(openTitle(fieldKey(app.keys.master), position, rowOf(dir, position).title), TITLE)
})

t.test('a key rotation reseals titles under the new key and records their new hashes; verify still passes', async (t) => {
  const { dir, position } = await dataDir(t)
  const before = rowOf(dir, position)
  const io = { out: () => {}, err: () => {}, readStdin: async () => '', env: {} }
  t.equal(await main(['key', 'rotate', '--data-dir', dir], io), 0)
  const after = rowOf(dir, position)
  t.not(after.title, before.title, 'a new envelope')
  t.not(after.content_sha256, before.content_sha256)
  t.ok(after.ledger_index > before.ledger_index, 'pointing at its position-resealed entry')
  const verified = script('verify', dir)
  t.equal(verified.status, 0, verified.stdout + verified.stderr)
  const app = await reopen(dir)
  t.teardown(() => app.close())
  t.equal(openTitle(fieldKey(app.keys.master), position, after.title), TITLE)
})
