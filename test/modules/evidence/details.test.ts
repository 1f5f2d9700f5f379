// Editing an exhibit's descriptive details (#19 item 5): description, source, collector and collection
// date, never the file, hashes or custody; an optimistic check on `detailsRevision`; need-to-know as for
// the incident; each change an `evidence-details-revised` ledger entry with ids, a reason code, the
// fields changed and the new collection fields' hash (never the text), which `npm run verify` re-derives.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import Database from 'better-sqlite3'
import { asRole, asUsername, clearFor, incidentInput, testApp, TEST_PASSWORD } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { databaseFile, openSqlite } from '../../../server/db/connection.ts'
import { BlobStore } from '../../../server/blobs/store.ts'
import { loadLedgerSigner } from '../../../server/keys/key-files.ts'
import { verifyDataDir } from '../../../server/modules/verify/service.ts'

const DESCRIPTION = 'Photo sent by Zarghuna Ahmadi from the checkpoint'

async function exhibit(app: FastifyInstance, headers: Record<string, string>, categories = ['cah-murder']) {
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: incidentInput({ categories }) })).json()
  const form = multipart([
    { name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' },
    { name: 'description', value: 'first words' },
    { name: 'source', value: 'device-handover' },
    { name: 'collectedBy', value: 'FD-07' },
    { name: 'collectedAt', value: '2023-08-05' }
  ])
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/evidence`,
    payload: form.payload,
    headers: { ...headers, ...form.headers }
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return {
    incident: incident.id as string,
    item: res.json() as { id: string; sha256: string; detailsRevision: number; ingestIndex: number }
  }
}

const patch = (app: FastifyInstance, headers: Record<string, string>, id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'PATCH', url: `/api/v1/evidence/${id}`, headers, payload })

function revisedEntries(
  app: FastifyInstance
): Array<{ subject: { id: string; sha256: string }; details: Record<string, unknown>; text: string }> {
  return (
    app.sqlite.prepare("SELECT canonical FROM ledger_entries WHERE type = 'evidence-details-revised' ORDER BY idx").all() as Array<{
      canonical: Buffer
    }>
  ).map((r) => ({ ...JSON.parse(r.canonical.toString('utf8')), text: r.canonical.toString('utf8') }))
}

const row = (app: FastifyInstance, id: string) =>
  app.sqlite.prepare('SELECT description, source, collected_by, collected_at, details_revision, sha256 FROM evidence WHERE id = ?').get(id)

t.test('a documenter revises the details: a new revision, the ledger gets ids, codes and a hash, never the text', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const { incident, item } = await exhibit(app, doc)
  t.equal(item.detailsRevision, 0)
  const res = await patch(app, doc, item.id, {
    baseRevision: 0,
    reason: 'correction',
    description: DESCRIPTION,
    source: 'url-download',
    sourceUrl: 'https://example.org/v/1',
    collectedBy: 'FD-09',
    collectedAt: '2023-08-06'
  })
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.match(body, {
    detailsRevision: 1,
    description: DESCRIPTION,
    source: { type: 'url-download', url: 'https://example.org/v/1' },
    collectedBy: 'FD-09',
    collectedAt: '2023-08-06',
    sha256: item.sha256,
    ingestIndex: item.ingestIndex
  })
  const read = (await app.inject({ url: `/api/v1/evidence/${item.id}`, headers: doc })).json()
  t.equal(read.description, DESCRIPTION)
  t.equal(read.detailsRevision, 1)
  const [entry, ...more] = revisedEntries(app)
  t.equal(more.length, 0)
  t.match(entry, { subject: { id: item.id, sha256: item.sha256 } })
  t.match(entry?.details, {
    incident,
    revision: 1,
    reason: 'correction',
    fields: ['description', 'source', 'sourceUrl', 'collectedBy', 'collectedAt'],
    sourceType: 'url-download',
    collectedAt: '2023-08-06',
    collectionSha256: /^[0-9a-f]{64}$/
  })
  for (const secret of ['Zarghuna', 'example.org', 'FD-09', 'first words'])
    t.notOk(entry?.text.includes(secret), `no "${secret}" in the ledger`)
  // At rest: the description and the values replaced are sealed.
  const stored = row(app, item.id) as { description: string }
  t.notOk(stored.description.includes('Zarghuna'), 'the description is sealed')
  const history = app.sqlite.prepare('SELECT * FROM evidence_detail_revisions').all() as Array<Record<string, unknown>>
  t.equal(history.length, 1)
  t.match(history[0], { revision: 1, reason: 'correction' })
  t.notOk(JSON.stringify(history).includes('first words'), 'the replaced description is kept sealed')
  // Only the fields sent change; an edit that changes nothing records nothing.
  const second = await patch(app, doc, item.id, { baseRevision: 1, reason: 'new-information', collectedBy: 'FD-09' })
  t.equal(second.statusCode, 200)
  t.equal(second.json().detailsRevision, 1, 'no change, no revision')
  t.equal(revisedEntries(app).length, 1)
  const cleared = await patch(app, doc, item.id, { baseRevision: 1, reason: 'correction', description: null, source: 'own-capture' })
  t.equal(cleared.statusCode, 200, cleared.body)
  t.equal(cleared.json().description, undefined)
  t.same(cleared.json().source, { type: 'own-capture' }, 'leaving url-download drops its URL')
  t.same(revisedEntries(app)[1]?.details.fields, ['description', 'source', 'sourceUrl'])
})

t.test('a stale baseRevision is 409 and changes nothing', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const { item } = await exhibit(app, doc)
  t.equal((await patch(app, doc, item.id, { baseRevision: 0, reason: 'correction', collectedBy: 'FD-08' })).statusCode, 200)
  const before = row(app, item.id)
  const stale = await patch(app, doc, item.id, { baseRevision: 0, reason: 'correction', collectedBy: 'FD-01' })
  t.equal(stale.statusCode, 409)
  t.equal(stale.json().code, 'SANAD_ERR_REVISION_CONFLICT')
  t.same(row(app, item.id), before)
  t.equal(revisedEntries(app).length, 1)
})

t.test('refusals: unknown or hash fields, a URL without url-download, no reason', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const { item } = await exhibit(app, doc)
  const before = row(app, item.id)
  for (const payload of [
    { baseRevision: 0, reason: 'correction', sha256: 'a'.repeat(64) },
    { baseRevision: 0, reason: 'correction', originalName: 'x.jpg' },
    { baseRevision: 0, reason: 'because I said so', collectedBy: 'FD-01' },
    { baseRevision: 0, collectedBy: 'FD-01' },
    { baseRevision: 0, reason: 'correction', sourceUrl: 'https://example.org/' },
    { baseRevision: 0, reason: 'correction', collectedAt: '5 August' }
  ]) {
    const res = await patch(app, doc, item.id, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
  }
  t.same(row(app, item.id), before)
  t.equal(revisedEntries(app).length, 0)
})

t.test('insider: an auditor, or a documenter without need-to-know, gets 403 and nothing changes', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const { incident, item } = await exhibit(app, doc, ['cah-sexual-violence-other'])
  const other = await app.users.create({ username: 'nadia', password: TEST_PASSWORD, role: 'documenter' }, 'system')
  const nadia = await asUsername(app, 'nadia')
  const before = row(app, item.id)
  const barred = await patch(app, nadia, item.id, { baseRevision: 0, reason: 'correction', description: 'overwritten' })
  t.equal(barred.statusCode, 403)
  t.equal(barred.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  const auditor = await patch(app, await asRole(app, 'auditor'), item.id, { baseRevision: 0, reason: 'correction', collectedBy: 'X' })
  t.equal(auditor.statusCode, 403)
  t.equal(auditor.json().code, 'SANAD_ERR_FORBIDDEN')
  const legal = await patch(app, await asRole(app, 'legal'), item.id, { baseRevision: 0, reason: 'correction', collectedBy: 'X' })
  t.equal(legal.statusCode, 403, 'legal reads evidence but does not edit it')
  t.same(row(app, item.id), before)
  t.equal(revisedEntries(app).length, 0)
  // Cleared for the incident, the same account may.
  await clearFor(app, other.id, incident)
  const cleared = await patch(app, nadia, item.id, { baseRevision: 0, reason: 'correction', collectedBy: 'FD-11' })
  t.equal(cleared.statusCode, 200, cleared.body)
})

async function verifyApp(t: Test, app: FastifyInstance) {
  const dir = app.config.dataDir
  const origin = app.config.ledgerOrigin
  app.ledger.checkpoint()
  await app.close()
  const run = async () => {
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
  const edit = (sql: string, ...params: unknown[]) => {
    const db = new Database(databaseFile(dir))
    try {
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'evidence'").all() as {
        name: string
      }[])
        db.exec(`DROP TRIGGER ${name}`)
      t.equal(db.prepare(sql).run(...params).changes, 1, sql)
    } finally {
      db.close()
    }
  }
  return { run, edit }
}

t.test('verify re-derives the revised collection fields; a database edit, even back to the ingested values, is named', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const { item } = await exhibit(app, doc)
  const res = await patch(app, doc, item.id, { baseRevision: 0, reason: 'correction', collectedAt: '2023-08-09', collectedBy: 'FD-09' })
  t.equal(res.statusCode, 200, res.body)
  const { run, edit } = await verifyApp(t, app)
  const clean = await run()
  t.same(clean.problems, [], 'the revised record matches its latest ledger entry')
  edit("UPDATE evidence SET collected_at = '2023-08-05', collected_by = 'FD-07' WHERE id = ?", item.id)
  const rolledBack = await run()
  t.equal(rolledBack.ok, false)
  t.ok(
    rolledBack.problems.some(
      (p) => p.code === 'SANAD_ERR_RECORD_LEDGER_MISMATCH' && p.evidenceId === item.id && p.message.includes('collection fields')
    ),
    'the ingested values written back are not the latest revision'
  )
  edit("UPDATE evidence SET collected_at = '2023-08-09', collected_by = 'FD-09', source = NULL WHERE id = ?", item.id)
  t.equal((await run()).ok, false, 'a source removed in the database is named')
})
