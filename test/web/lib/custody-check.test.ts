import t from 'tap'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { testApp, asRole, incidentInput } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { checkCustody, entryLeafHash, type CustodyAnswer } from '../../../web/src/lib/custody-check.ts'
import { parseVerifierKey } from '../../../web/src/lib/signed-note.ts'

// The browser's custody check, run on what the real API answers: every entry of an exhibit proven
// in the signed checkpoint, and any alteration caught.
t.test('the custody of an uploaded exhibit checks out, and tampering is caught', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: incidentInput() })).json()
  const photo = readFileSync(new URL('../../fixtures/evidence/kabul-phone.jpg', import.meta.url))
  const sha256 = createHash('sha256').update(photo).digest('hex')
  const body = multipart([
    { name: 'sha256', value: sha256 },
    { name: 'file', value: photo, filename: 'kabul-phone.jpg', contentType: 'image/jpeg' }
  ])
  const up = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/evidence`,
    headers: { ...headers, ...body.headers },
    payload: body.payload
  })
  t.equal(up.statusCode, 201, up.body)
  const evidence = up.json()
  // A second custody event after the ingest (the shared copy and its access).
  t.equal((await app.inject({ url: `/api/v1/evidence/${evidence.id}/content?variant=shared`, headers })).statusCode, 200)

  const custody = (await app.inject({ url: `/api/v1/evidence/${evidence.id}/custody`, headers })).json() as CustodyAnswer
  const key = parseVerifierKey((await app.inject({ url: '/api/v1/ledger/key' })).body)
  const check = await checkCustody(custody, key)
  t.equal(check.checkpointProblem, null)
  t.ok(check.ok, 'every entry proven')
  t.ok(custody.items.length >= 3, 'ingest, copy, access')
  const ingest = custody.items.find((i) => i.index === evidence.ingestIndex)!
  t.match(ingest.entry, { type: 'ingested', subject: { sha256 }, details: { declaredSha256Matched: true } })
  t.equal(entryLeafHash(ingest.entry), ingest.leafHash, 'leaf recomputed from the entry (RFC 8785)')

  const altered = structuredClone(custody)
  ;(altered.items[0]!.entry as { actor: string }).actor = 'user:someone-else'
  const bad = await checkCustody(altered, key)
  t.notOk(bad.ok)
  t.match(bad.items[0], { leafMatches: false, included: false })

  const lying = structuredClone(custody)
  lying.checkpoint = lying.checkpoint.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`)
  t.match((await checkCustody(lying, key)).checkpointProblem, /does not verify/)

  const otherKey = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')
  t.match((await checkCustody(custody, otherKey)).checkpointProblem, /no signature by/)
})
