// Stable exhibit ids: every item gets SND-E-<year of ingest>-<six digits> at ingest, numbered in ingest
// order across the whole organisation, restarting each year, shown to every reader, recorded in custody.
import t from 'tap'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { evidenceFixture } from '../../helpers/files.ts'

const FORMAT = /^SND-E-\d{4}-\d{6}$/

async function incident(inject: Inject): Promise<string> {
  const res = await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

async function upload(inject: Inject, incidentId: string, file: Buffer, filename: string) {
  const { payload, headers } = multipart([{ name: 'file', value: file, filename }])
  const res = await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/evidence`, payload, headers })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

t.test('items get organisation-wide ids in ingest order, across incidents, shown to auditors too', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const a = await incident(doc)
  const b = await incident(doc)
  const year = new Date().toISOString().slice(0, 4)
  const items = [
    await upload(doc, a, evidenceFixture('kabul-phone.jpg'), 'a.jpg'),
    await upload(doc, b, evidenceFixture('screenshot.png'), 'b.png'),
    // The same bytes again are a new item with a new id.
    await upload(doc, a, evidenceFixture('kabul-phone.jpg'), 'c.jpg')
  ]
  t.same(
    items.map((i) => i.stableId),
    [`SND-E-${year}-000001`, `SND-E-${year}-000002`, `SND-E-${year}-000003`],
    'numbered one after another, six digits, year of ingest'
  )
  for (const i of items) t.match(i.stableId, FORMAT)

  const auditor = await asRole(app, 'auditor')
  const audited = (await app.inject({ url: `/api/v1/evidence/${items[1].id}`, headers: auditor })).json()
  t.equal(audited.withheld, 'integrity-only')
  t.equal(audited.stableId, items[1].stableId, 'auditors see the id (it says nothing about the item)')
  const listed = (await doc({ url: `/api/v1/incidents/${a}/evidence` })).json().items
  t.same(
    listed.map((i: { stableId: string }) => i.stableId),
    [items[0].stableId, items[2].stableId]
  )

  const entry = (await doc({ url: `/api/v1/ledger/entries/${items[0].ingestIndex}` })).json()
  t.equal(entry.entry.details.stableId, items[0].stableId, 'the ingest custody entry records it')
})

t.test('numbering restarts each year and never repeats an id', async (t) => {
  let clock = Date.parse('2026-12-31T23:58:00.000Z')
  const app = await testApp(t, { now: () => new Date(clock) })
  const doc = await as(app, 'documenter')
  const a = await incident(doc)
  const first = await upload(doc, a, evidenceFixture('kabul-phone.jpg'), 'a.jpg')
  const second = await upload(doc, a, evidenceFixture('screenshot.png'), 'b.png')
  clock = Date.parse('2027-01-01T00:01:00.000Z')
  const third = await upload(doc, a, evidenceFixture('kabul-phone.jpg'), 'c.jpg')
  const fourth = await upload(doc, a, evidenceFixture('screenshot.png'), 'd.png')
  t.same(
    [first, second, third, fourth].map((i) => i.stableId),
    ['SND-E-2026-000001', 'SND-E-2026-000002', 'SND-E-2027-000001', 'SND-E-2027-000002']
  )
  const all = app.sqlite.prepare('SELECT stable_id AS s FROM evidence').all() as Array<{ s: string }>
  t.equal(new Set(all.map((r) => r.s)).size, 4, 'unique')
})

t.test('the database refuses an item without an id and a change of one', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const item = await upload(doc, await incident(doc), evidenceFixture('kabul-phone.jpg'), 'a.jpg')
  t.throws(() => app.sqlite.prepare("UPDATE evidence SET stable_id = 'SND-E-2020-000009' WHERE id = ?").run(item.id), /never changes/)
  t.throws(
    () =>
      app.sqlite
        .prepare(
          `INSERT INTO evidence (id, incident_seq, sha256, sha512, size, media_type, original_name, name, metadata, flags, created_at, created_by, ingest_index)
           SELECT 'x', incident_seq, sha256, sha512, size, media_type, original_name, name, metadata, flags, created_at, created_by, ingest_index FROM evidence`
        )
        .run(),
    /needs its stable exhibit id/
  )
  t.equal((await doc({ url: `/api/v1/evidence/${item.id}` })).json().stableId, item.stableId, 'unchanged')
})
