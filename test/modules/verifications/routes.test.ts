// Verification records of exhibits (#18 item 4): Berkeley Protocol phases, a method from the phase's
// closed list, the finding sealed at rest and never in the ledger, the analyst the caller.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'

async function exhibit(inject: Inject): Promise<string> {
  const incident = (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json().id
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  return (await inject({ method: 'POST', url: `/api/v1/incidents/${incident}/evidence`, payload, headers })).json().id
}

const FINDING = 'Geolocated to the Sang-e Masha bazaar: the minaret and the ridge line match'

t.test('a geolocation record is 201 with the ledger index of its entry, which carries the content hash and no free text', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const item = await exhibit(doc)
  const res = await doc({
    method: 'POST',
    url: `/api/v1/evidence/${item}/verifications`,
    payload: { phase: 'technical', method: 'geolocation', finding: FINDING, status: 'verified' }
  })
  t.equal(res.statusCode, 201, res.body)
  const v = res.json()
  t.match(v, { evidenceId: item, phase: 'technical', method: 'geolocation', finding: FINDING, status: 'verified' })
  t.match(v.analyst, /^user:/, 'the analyst is the caller')
  const entry = (await doc({ url: `/api/v1/ledger/entries/${v.ledgerIndex}` })).json()
  t.equal(entry.entry.type, 'verified')
  t.equal(entry.entry.subject.id, item)
  t.same(entry.entry.details, { verification: v.id, phase: 'technical', status: 'verified', contentSha256: v.contentSha256 })
  t.notMatch(Buffer.from(entry.canonical, 'base64').toString(), /minaret|geolocation/, 'no finding and no method in the ledger')
  const listed = (await doc({ url: `/api/v1/evidence/${item}/verifications` })).json().items
  t.same(
    listed.map((x: { id: string }) => x.id),
    [v.id]
  )
  const shown = (await doc({ url: `/api/v1/evidence/${item}` })).json()
  t.same(shown.verification, { status: 'partly-verified', phases: ['technical'] }, 'one phase of three verified: partly')
  // Sealed at rest: the finding is nowhere in the database file.
  app.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  t.notOk(readFileSync(join(app.config.dataDir, 'sanad.db')).includes(Buffer.from('minaret')), 'the finding is sealed at rest')
})

t.test('the method must belong to the phase; unknown fields, methods and statuses are 400; nothing is recorded', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const item = await exhibit(doc)
  const before = app.ledger.size()
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ phase: 'source', method: 'geolocation', finding: 'x', status: 'verified' }, 'method'],
    [{ phase: 'content', method: 'chronolocation', finding: 'x', status: 'verified' }, 'method'],
    [{ phase: 'technical', method: 'gut-feeling', finding: 'x', status: 'verified' }, 'method'],
    [{ phase: 'technical', method: 'geolocation', finding: 'x', status: 'probably' }, 'status'],
    [{ phase: 'technical', method: 'geolocation', finding: '', status: 'verified' }, 'finding'],
    [{ phase: 'technical', method: 'geolocation', finding: 'x', status: 'verified', analyst: 'someone else' }, 'analyst']
  ]
  for (const [payload, field] of cases) {
    const res = await doc({ method: 'POST', url: `/api/v1/evidence/${item}/verifications`, payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.json().field ?? res.json().message, field, JSON.stringify(payload))
  }
  const missing = await doc({
    method: 'POST',
    url: '/api/v1/evidence/00000000-0000-4000-8000-000000000000/verifications',
    payload: { phase: 'source', method: 'source-interview', finding: 'x', status: 'unverified' }
  })
  t.equal(missing.json().code, 'SANAD_ERR_EVIDENCE_NOT_FOUND')
  t.equal(app.ledger.size(), before)
})

t.test('a later record of a phase supersedes the earlier one; three verified phases make the exhibit verified', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const item = await exhibit(doc)
  const post = async (phase: string, method: string, status: string) =>
    (await doc({ method: 'POST', url: `/api/v1/evidence/${item}/verifications`, payload: { phase, method, finding: 'f', status } }))
      .statusCode
  t.equal(await post('source', 'source-interview', 'unverified'), 201)
  t.same((await doc({ url: `/api/v1/evidence/${item}` })).json().verification, { status: 'unverified', phases: ['source'] })
  await post('source', 'source-profile', 'verified')
  await post('technical', 'chronolocation', 'verified')
  await post('content', 'corroboration', 'verified')
  t.same((await doc({ url: `/api/v1/evidence/${item}` })).json().verification, {
    status: 'verified',
    phases: ['source', 'technical', 'content']
  })
})

t.test('auditors read phase and status only; legal reads everything; neither records', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const item = await exhibit(doc)
  await doc({
    method: 'POST',
    url: `/api/v1/evidence/${item}/verifications`,
    payload: { phase: 'technical', method: 'geolocation', finding: FINDING, status: 'verified' }
  })
  const auditor = await as(app, 'auditor')
  const seen = (await auditor({ url: `/api/v1/evidence/${item}/verifications` })).json().items[0]
  t.equal(seen.withheld, 'integrity-only')
  t.equal(seen.phase, 'technical')
  t.equal(seen.status, 'verified')
  t.notOk('finding' in seen || 'method' in seen || 'analyst' in seen, 'no finding, method or analyst')
  t.same((await auditor({ url: `/api/v1/evidence/${item}` })).json().verification, { status: 'partly-verified', phases: ['technical'] })
  const legal = await as(app, 'legal')
  t.equal((await legal({ url: `/api/v1/evidence/${item}/verifications` })).json().items[0].finding, FINDING)
  for (const who of [auditor, legal]) {
    const res = await who({
      method: 'POST',
      url: `/api/v1/evidence/${item}/verifications`,
      payload: { phase: 'content', method: 'consistency', finding: 'x', status: 'unverified' }
    })
    t.equal(res.statusCode, 403)
  }
})
