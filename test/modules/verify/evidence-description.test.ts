// An exhibit's description (free text, sealed at rest) is covered by the ledger: `ingested` and
// `evidence-details-revised` carry the SHA-256 of its sealed envelope as stored (never the text), and
// `npm run verify` re-derives it without the master key. Older entries without that hash still verify.
import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { openSqlite, databaseFile } from '../../../server/db/connection.ts'
import { BlobStore } from '../../../server/blobs/store.ts'
import { loadLedgerSigner } from '../../../server/keys/key-files.ts'
import { verifyDataDir, type VerifyReport } from '../../../server/modules/verify/service.ts'
import { collectionSha256, descriptionSha256 } from '../../../server/lib/analysis/record-content.ts'
import { encryptField, fieldKey } from '../../../server/lib/crypto/field-crypto.ts'

const FIRST = 'Taken at the Pul-e-Charkhi gate by the brother'
const SECOND = 'Taken at the gate by a cousin, not the brother'

async function verifyDir(dir: string, origin: string): Promise<VerifyReport> {
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

type Entry = { idx: number; type: string; subject: { id: string }; details: Record<string, unknown>; text: string }
const entries = (app: FastifyInstance): Entry[] =>
  (app.sqlite.prepare('SELECT idx, canonical FROM ledger_entries ORDER BY idx').all() as Array<{ idx: number; canonical: Buffer }>).map(
    (r) => ({
      idx: r.idx,
      text: r.canonical.toString('utf8'),
      ...(JSON.parse(r.canonical.toString('utf8')) as { type: string; subject: { id: string }; details: Record<string, unknown> })
    })
  )
const storedDescription = (app: FastifyInstance, id: string): string | null =>
  (app.sqlite.prepare('SELECT description FROM evidence WHERE id = ?').get(id) as { description: string | null }).description

/** One incident and one exhibit with a description. */
async function exhibit(t: Test): Promise<{ app: FastifyInstance; doc: Awaited<ReturnType<typeof as>>; id: string }> {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const incident = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const { payload, headers } = multipart([
    { name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' },
    { name: 'description', value: FIRST }
  ])
  const item = await doc({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers })
  if (item.statusCode !== 201) throw new Error(item.body)
  return { app, doc, id: item.json().id }
}

function edit(dir: string, sql: string, ...params: Array<string | null>): void {
  const db = new Database(databaseFile(dir))
  try {
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'evidence'").all() as {
      name: string
    }[])
      db.exec(`DROP TRIGGER ${name}`)
    if (db.prepare(sql).run(...params).changes !== 1) throw new Error(`${sql}: changed nothing`)
  } finally {
    db.close()
  }
}

t.test('a revised description records its new envelope’s hash; an older envelope put back is named with that entry', async (t) => {
  const { app, doc, id } = await exhibit(t)
  const ingested = entries(app).find((e) => e.type === 'ingested' && e.subject.id === id)!
  const before = storedDescription(app, id)
  t.equal(ingested.details.descriptionSha256, descriptionSha256(id, before), 'the ingest entry hashes the envelope stored')

  const kept = await doc({
    method: 'PATCH',
    url: `/api/v1/evidence/${id}`,
    payload: { baseRevision: 0, reason: 'correction', collectedBy: 'FD-07' }
  })
  t.equal(kept.statusCode, 200, kept.body)
  t.equal(storedDescription(app, id), before, 'a revision that leaves the description alone keeps its envelope')

  const revised = await doc({
    method: 'PATCH',
    url: `/api/v1/evidence/${id}`,
    payload: { baseRevision: 1, reason: 'new-information', description: SECOND }
  })
  t.equal(revised.statusCode, 200, revised.body)
  t.equal(revised.json().description, SECOND)
  const after = storedDescription(app, id)
  t.not(after, before)
  const entry = entries(app)
    .filter((e) => e.type === 'evidence-details-revised' && e.subject.id === id)
    .at(-1)!
  t.same(entry.details.fields, ['description'])
  t.equal(entry.details.descriptionSha256, descriptionSha256(id, after))
  for (const e of entries(app)) t.notMatch(e.text, /Pul-e-Charkhi|cousin|FD-07/, `${e.type}: no free text in the ledger`)

  app.ledger.checkpoint()
  await app.close()
  const dir = app.config.dataDir
  const origin = app.config.ledgerOrigin
  t.same((await verifyDir(dir, origin)).problems, [], 'verify passes as stored')

  // The first envelope is genuine (it decrypts under the key): only the ledger shows it is not the current one.
  edit(dir, 'UPDATE evidence SET description = ? WHERE id = ?', before, id)
  const report = await verifyDir(dir, origin)
  t.equal(report.ok, false)
  t.ok(
    report.problems.some(
      (p) =>
        p.code === 'SANAD_ERR_RECORD_LEDGER_MISMATCH' &&
        p.message ===
          `evidence ${id}: its description no longer hashes to what ledger entry ${entry.idx} recorded (edited, removed or replaced in the database?)`
    ),
    'named against the revision entry',
    { problems: report.problems }
  )
})

t.test('a description planted on an exhibit that had none is named', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const incident = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const id = (await doc({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers })).json().id as string
  t.equal(
    entries(app).find((e) => e.type === 'ingested')?.details.descriptionSha256,
    descriptionSha256(id, null),
    'no description is hashed too'
  )
  // Sealed with the right key and bound to the right row: it would read back as genuine.
  const planted = encryptField(fieldKey(app.keys.master), { table: 'evidence', column: 'description', rowId: id }, SECOND)
  app.ledger.checkpoint()
  await app.close()
  edit(app.config.dataDir, 'UPDATE evidence SET description = ? WHERE id = ?', planted, id)
  const report = await verifyDir(app.config.dataDir, app.config.ledgerOrigin)
  t.ok(report.problems.some((p) => p.message.startsWith(`evidence ${id}: its description no longer hashes`)))
})

t.test('older entries without a description hash still verify (the description is not compared then)', async (t) => {
  const { app, id } = await exhibit(t)
  // A revision as the server wrote it before descriptions were hashed: the description re-sealed, the
  // entry with the collection hash only.
  const row = app.sqlite
    .prepare(
      'SELECT source, collected_by AS collectedBy, collected_at AS collectedAt, incident_seq AS incidentSeq FROM evidence WHERE id = ?'
    )
    .get(id) as {
    source: string | null
    collectedBy: string | null
    collectedAt: string | null
  }
  const incident = entries(app).find((e) => e.type === 'ingested')!.details.incident as string
  app.ledger.append({
    type: 'evidence-details-revised',
    actor: 'documenter',
    subject: { kind: 'evidence', id },
    details: {
      incident,
      revision: 1,
      reason: 'correction',
      fields: ['description'],
      collectionSha256: collectionSha256({
        source: row.source === null ? null : JSON.parse(row.source),
        collectedBy: row.collectedBy,
        collectedAt: row.collectedAt
      })
    }
  })
  const resealed = encryptField(fieldKey(app.keys.master), { table: 'evidence', column: 'description', rowId: id }, SECOND)
  app.sqlite.prepare('UPDATE evidence SET description = ?, details_revision = 1 WHERE id = ?').run(resealed, id)
  app.ledger.checkpoint()
  await app.close()
  const report = await verifyDir(app.config.dataDir, app.config.ledgerOrigin)
  t.same(report.problems, [], 'the latest entry names no hash: nothing to compare with')
  t.equal(report.ok, true)
})
