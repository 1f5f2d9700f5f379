import t from 'tap'
import { buildApp } from '../../../server/app.ts'
import { testApp, asRole, incidentInput, TEST_ADMIN_PASSWORD } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'

async function upload(app: Awaited<ReturnType<typeof testApp>>): Promise<{ id: string; incidentId: string }> {
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const body = multipart([
    { name: 'description', value: 'Zarghuna at her door' },
    { name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'zarghuna-ahmadi.jpg' }
  ])
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/evidence`,
    headers: { ...doc, ...body.headers },
    payload: body.payload
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return { id: res.json().id, incidentId: incident.id }
}

t.test('the original file name and the description are sealed at rest and opened for readers who may see them', async (t) => {
  const app = await testApp(t)
  const { id } = await upload(app)
  const row = app.sqlite.prepare('SELECT original_name AS o, description AS d, name AS n FROM evidence WHERE id = ?').get(id) as {
    o: string
    d: string
    n: string
  }
  t.match(row.o, /^sf1:/)
  t.match(row.d, /^sf1:/)
  t.match(row.n, /^E-[0-9a-f]{8}\.jpg$/, 'the stored display name is neutral')
  t.notOk(
    JSON.stringify(app.sqlite.prepare('SELECT * FROM evidence').all()).toLowerCase().includes('zarghuna'),
    'no column holds the name in clear'
  )
  const res = await app.inject({ url: `/api/v1/evidence/${id}`, headers: await asRole(app, 'documenter') })
  t.match(res.json(), { originalName: 'zarghuna-ahmadi.jpg', name: 'zarghuna-ahmadi.jpg', description: 'Zarghuna at her door' })
  t.throws(
    () => app.sqlite.prepare('UPDATE evidence SET original_name = ? WHERE id = ?').run('renamed.jpg', id),
    /immutable/,
    'only an envelope may replace it'
  )
  t.throws(() => app.sqlite.prepare('UPDATE evidence SET sha256 = ? WHERE id = ?').run('0'.repeat(64), id), /immutable/)
})

t.test('records written before sealing are sealed at the next start', async (t) => {
  const app = await testApp(t)
  const { id } = await upload(app)
  const dataDir = app.config.dataDir
  // As an older version wrote it: name and description in clear.
  app.sqlite.exec('DROP TRIGGER evidence_text_sealed_only')
  app.sqlite
    .prepare(
      "UPDATE evidence SET original_name = 'zarghuna-ahmadi.jpg', description = 'Zarghuna at her door', name = 'zarghuna-ahmadi.jpg' WHERE id = ?"
    )
    .run(id)
  await app.close()
  const again = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    config: { dataDir, checkpointIntervalMs: 0 }
  })
  t.teardown(() => again.close())
  await again.ready()
  t.notOk(JSON.stringify(again.sqlite.prepare('SELECT * FROM evidence').all()).toLowerCase().includes('zarghuna'))
  const res = await again.inject({ url: `/api/v1/evidence/${id}`, headers: await asRole(again, 'documenter') })
  t.match(res.json(), { originalName: 'zarghuna-ahmadi.jpg', description: 'Zarghuna at her door' })
})
