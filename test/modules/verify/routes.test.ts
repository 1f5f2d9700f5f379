import t from 'tap'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { JobRunner } from '../../../server/jobs/runner.ts'
import { evidenceFixture } from '../../helpers/files.ts'

t.test('an auditor runs the full verification as a job and follows its progress to a report', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const auditor = await as(app, 'auditor')
  const incident = (await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'a.jpg' }])
  const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })).json()
  app.ledger.checkpoint()
  const started = await auditor({ method: 'POST', url: '/api/v1/verification-jobs' })
  t.equal(started.statusCode, 202)
  t.match(started.json(), { status: /queued|running/ })
  await app.jobs.settle()
  const done = (await auditor({ url: `/api/v1/verification-jobs/${started.json().id}` })).json()
  t.equal(done.status, 'ready')
  t.equal(done.progress, 1)
  t.equal(done.report.ok, true)
  t.equal(done.report.evidence.records, 1)
  const list = (await auditor({ url: '/api/v1/verification-jobs' })).json()
  t.equal(list.items[0].id, started.json().id)

  // One flipped byte: the next job names the item.
  const blob = app.blobs.pathOf(item.sha256)
  chmodSync(blob, 0o644)
  const bytes = readFileSync(blob)
  bytes[500]! ^= 1
  writeFileSync(blob, bytes)
  const second = (await auditor({ method: 'POST', url: '/api/v1/verification-jobs' })).json()
  await app.jobs.settle()
  const failed = (await auditor({ url: `/api/v1/verification-jobs/${second.id}` })).json()
  t.equal(failed.status, 'ready')
  t.equal(failed.report.ok, false)
  t.match(failed.report.problems[0], { code: 'SANAD_ERR_BLOB_ALTERED', message: new RegExp(item.id) })
  const documenter = await doc({ method: 'POST', url: '/api/v1/verification-jobs' })
  t.equal(documenter.statusCode, 403, 'documenters do not run verification jobs')
})

t.test('a restart marks jobs that were running as failed, never silently lost', async (t) => {
  const app = await testApp(t)
  app.sqlite
    .prepare(
      "INSERT INTO jobs (id, kind, status, progress, created_by, created_at) VALUES ('00000000-0000-4000-8000-000000000001', 'verification', 'running', 0.4, 'user:x', '2026-01-01T00:00:00Z')"
    )
    .run()
  const runner = new JobRunner(app.sqlite)
  const row = runner.get('00000000-0000-4000-8000-000000000001')
  t.equal(row?.status, 'failed')
  t.match(row?.error, /restart/)
})
