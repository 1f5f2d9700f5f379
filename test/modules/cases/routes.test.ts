import t from 'tap'
import { createHash } from 'node:crypto'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { asRole } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { world, createCase, generate, download, type World } from '../../helpers/case-world.ts'

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

type Entry = {
  index: number
  type: string
  actor: string
  subject: { kind: string; id: string; sha256?: string }
  details: Record<string, unknown>
}
function entries(w: World): Entry[] {
  return (w.app.sqlite.prepare('SELECT canonical FROM ledger_entries ORDER BY idx').all() as Array<{ canonical: Buffer }>).map((r) =>
    JSON.parse(r.canonical.toString('utf8'))
  )
}

let w: World
t.before(async () => {
  w = await world(t)
})

t.test('POST /cases builds a case: 201 with id and reference, a case-created ledger entry, and GET reads it back', async (t) => {
  const res = await w.legal({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { title: 'Detentions in Kabul', incidentIds: [w.incidents.a, w.incidents.b], recipient: 'icc-otp', profile: 'restricted' }
  })
  t.equal(res.statusCode, 201, res.body)
  const c = res.json()
  t.match(c, {
    id: /^[0-9a-f-]{36}$/,
    reference: /^SND-C-\d{4}-\d{4}$/,
    title: 'Detentions in Kabul',
    recipient: 'icc-otp',
    profile: 'restricted',
    incidentIds: [w.incidents.a, w.incidents.b],
    patternIds: [],
    elementLinks: [],
    dossiers: []
  })
  const created = entries(w).find((e) => e.type === 'case-created' && e.subject.id === c.id)
  t.ok(created, 'case-created entry')
  t.same(created?.details, {
    reference: c.reference,
    recipient: 'icc-otp',
    profile: 'restricted',
    incidents: 2,
    patterns: 0,
    elementLinks: 0,
    revision: 1,
    contentSha256: (await w.legal(`/api/v1/cases/${c.id}/revisions`)).json().items[0].contentSha256
  })
  t.equal(c.ledgerIndex, created?.index)
  const read = await w.legal(`/api/v1/cases/${c.id}`)
  t.equal(read.statusCode, 200)
  t.same(read.json().incidentIds, [w.incidents.a, w.incidents.b], 'incidents kept in the order given')
  const list = (await w.legal('/api/v1/cases')).json()
  t.ok(list.items.some((x: { id: string }) => x.id === c.id))
})

t.test('a case is refused with a coded error when it names what does not exist or cannot be disclosed', async (t) => {
  const base = { title: 'x', incidentIds: [w.incidents.a], recipient: 'icc-otp', profile: 'restricted' }
  const post = async (payload: Record<string, unknown>) => w.legal({ method: 'POST', url: '/api/v1/cases', payload })
  const unknown = await post({ ...base, incidentIds: [w.incidents.a, '00000000-0000-4000-8000-000000000000'] })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json(), { code: 'SANAD_ERR_INCIDENT_UNKNOWN', field: 'incidentIds.1' })
  const publicFull = await post({ ...base, recipient: 'public', profile: 'full' })
  t.match(publicFull.json(), { statusCode: 400, code: 'SANAD_ERR_CASE_PROFILE_NOT_ALLOWED' })
  t.equal((await post({ ...base, recipient: 'public', profile: 'public' })).statusCode, 201, 'public recipient, public profile')
  const pattern = await post({ ...base, patternIds: ['00000000-0000-4000-8000-000000000000'] })
  t.match(pattern.json(), { code: 'SANAD_ERR_PATTERN_UNKNOWN', field: 'patternIds.0' })
  const badElement = await post({
    ...base,
    elementLinks: [
      { incidentId: w.incidents.a, category: 'cah-imprisonment', element: 'killing', evidenceIds: [w.evidence['kabul-phone.jpg']] }
    ]
  })
  t.match(badElement.json(), { code: 'SANAD_ERR_VALIDATION', field: 'elementLinks.0.element' })
  const otherIncident = await post({
    ...base,
    elementLinks: [
      {
        incidentId: w.incidents.a,
        category: 'cah-imprisonment',
        element: 'deprivation-of-liberty',
        evidenceIds: [w.evidence['edited.jpg']]
      }
    ]
  })
  t.match(otherIncident.json(), { code: 'SANAD_ERR_VALIDATION', field: 'elementLinks.0.evidenceIds' })
  const notInCase = await post({
    ...base,
    elementLinks: [{ incidentId: w.incidents.b, category: 'cah-murder', element: 'killing', evidenceIds: [w.evidence['edited.jpg']] }]
  })
  t.match(notInCase.json(), { code: 'SANAD_ERR_VALIDATION', field: 'elementLinks.0.incidentId' })
  const extra = await post({ ...base, secret: 1 })
  t.match(extra.json(), { code: 'SANAD_ERR_UNKNOWN_FIELD', field: 'secret' })
  const badProfile = await post({ ...base, profile: 'everything' })
  t.equal(badProfile.statusCode, 400)
  t.equal((await w.legal('/api/v1/cases/00000000-0000-4000-8000-000000000000')).json().code, 'SANAD_ERR_CASE_NOT_FOUND')
  t.equal((await w.legal('/api/v1/dossiers/00000000-0000-4000-8000-000000000000')).json().code, 'SANAD_ERR_DOSSIER_NOT_FOUND')
})

t.test('a retracted incident cannot go into a case, and one retracted later is left out of the dossier and said so', async (t) => {
  const doc = w.doc
  const extra = (
    await doc({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: {
        title: 'To be retracted',
        narrative: 'Duplicate report.',
        narrativeLanguage: 'en',
        occurred: { from: '2023-01-01' },
        location: { province: 'AF-KDZ' },
        categories: ['hr-arbitrary-detention']
      }
    })
  ).json().id
  const caseId = await createCase(w, { incidentIds: [w.incidents.b, extra], elementLinks: [] })
  t.equal(
    (await doc({ method: 'POST', url: `/api/v1/incidents/${extra}/retract`, payload: { reason: 'duplicate of another report' } }))
      .statusCode,
    200
  )
  const refused = await w.legal({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { title: 'x', incidentIds: [extra], recipient: 'icc-otp', profile: 'restricted' }
  })
  t.match(refused.json(), { statusCode: 409, code: 'SANAD_ERR_INCIDENT_RETRACTED' })
  const d = await generate(w, caseId)
  t.equal(d.status, 'ready')
  t.match(d.summary, { incidents: 1, incidentsLeftOut: 1 })
})

t.test('roles: legal builds and downloads; an auditor reads cases and export history but no file; a documenter neither', async (t) => {
  const caseId = await createCase(w)
  const auditor = await as(w.app, 'auditor')
  const documenter = await as(w.app, 'documenter')
  t.equal(
    (
      await documenter({
        method: 'POST',
        url: '/api/v1/cases',
        payload: { title: 'x', incidentIds: [w.incidents.a], recipient: 'icc-otp', profile: 'full' }
      })
    ).statusCode,
    403
  )
  t.equal((await documenter('/api/v1/cases')).statusCode, 403)
  t.equal((await auditor('/api/v1/cases')).statusCode, 200)
  t.equal((await auditor(`/api/v1/cases/${caseId}`)).statusCode, 200)
  t.equal((await auditor({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: {} })).statusCode, 403)
  const d = await generate(w, caseId)
  t.equal((await auditor(`/api/v1/dossiers/${d.id}`)).json().sha256, d.sha256, 'the auditor sees the hashes')
  for (const kind of ['pdf', 'package']) {
    const res = await auditor(`/api/v1/dossiers/${d.id}/${kind}`)
    t.equal(res.statusCode, 403, `auditor ${kind}`)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN')
  }
  t.equal((await w.app.inject({ url: `/api/v1/dossiers/${d.id}` })).statusCode, 401, 'no session')
  t.equal(
    (await w.app.inject({ url: `/api/v1/dossiers/${d.id}/pdf`, headers: await asRole(w.app, 'admin') })).statusCode,
    403,
    'admin sees no records'
  )
})

t.test(
  'POST /cases/:id/dossiers answers 202 and builds a job; GET /dossiers/:id polls it; each generation is an exported ledger event with the dossier hash',
  async (t) => {
    const caseId = await createCase(w)
    const unreviewed = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers` })
    t.match(
      unreviewed.json(),
      {
        statusCode: 409,
        code: 'SANAD_ERR_NAMES_REVIEW_REQUIRED',
        details: { possibleNames: [{ field: /^incident SND-\d{4}-\d{6} narrative$/, excerpt: /محمّد/ }] }
      },
      'the body is optional, but a restricted dossier whose text may still name people needs its review confirmed'
    )
    const first = await w.legal({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/dossiers`,
      payload: { language: 'en', namesReviewed: true }
    })
    const second = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { namesReviewed: true } })
    t.equal(first.statusCode, 202, first.body)
    t.equal(second.statusCode, 202)
    const a = first.json()
    const b = second.json()
    t.match(a, { id: /^[0-9a-f-]{36}$/, status: /^(queued|running)$/, progress: Number, caseId, language: 'en' })
    t.equal(b.status, 'queued', 'dossier builds run one at a time')
    const notReady = await w.legal(`/api/v1/dossiers/${b.id}/pdf`)
    t.match(notReady.json(), { statusCode: 409, code: 'SANAD_ERR_DOSSIER_NOT_READY' })
    await w.app.jobs.settle()
    const ready = (await w.legal(`/api/v1/dossiers/${a.id}`)).json()
    t.match(ready, {
      status: 'ready',
      progress: 1,
      sha256: /^[0-9a-f]{64}$/,
      packageSha256: /^[0-9a-f]{64}$/,
      manifestSha256: /^[0-9a-f]{64}$/,
      checkpointSize: Number,
      exportedIndex: Number
    })
    t.match(ready.summary, { incidents: 3, exhibits: 6, sharedCopies: 4, withheld: 2, personsNamed: 0, personsLeftOut: 1, warnings: [] })

    const pdf = await w.legal(`/api/v1/dossiers/${a.id}/pdf`)
    t.equal(pdf.statusCode, 200)
    t.equal(pdf.headers['content-type'], 'application/pdf')
    t.match(pdf.headers['content-disposition'], /^attachment; filename="SND-C-\d{4}-\d{4}-[0-9a-f]{8}\.pdf"/)
    t.equal(sha256(pdf.rawPayload), ready.sha256, 'the PDF served is the one whose hash was recorded')
    t.equal(pdf.headers['x-sanad-sha256'], ready.sha256)
    const zip = await download(w, a.id, 'package')
    t.equal(sha256(zip), ready.packageSha256)
    t.equal(zip.length, ready.packageSize)

    const log = entries(w)
    const exported = log.filter((e) => e.type === 'exported' && e.subject.id === a.id)
    t.equal(exported.length, 1, 'one exported entry per generation')
    t.match(exported[0], {
      index: ready.exportedIndex,
      subject: { kind: 'dossier', sha256: ready.sha256 },
      details: {
        case: caseId,
        packageSha256: ready.packageSha256,
        manifestSha256: ready.manifestSha256,
        checkpointSize: ready.checkpointSize,
        recipient: 'icc-otp',
        profile: 'restricted'
      }
    })
    t.ok(ready.checkpointSize <= ready.exportedIndex, 'the export is recorded after the checkpoint it is anchored to')
    const downloads = log.filter((e) => e.type === 'accessed' && e.subject.kind === 'dossier' && e.subject.id === a.id)
    t.same(
      downloads.map((e) => [e.details.artefact, e.subject.sha256]),
      [
        ['pdf', ready.sha256],
        ['package', ready.packageSha256]
      ],
      'every download is recorded'
    )
    const reads = log.filter((e) => e.type === 'accessed' && e.subject.kind === 'evidence' && e.details.purpose === `case:${caseId}`)
    t.ok(reads.length >= 4, 'each exhibit read for the dossier is a custody entry with the case as purpose')

    const c = (await w.legal(`/api/v1/cases/${caseId}`)).json()
    t.same(
      c.dossiers.map((d: { id: string }) => d.id),
      [b.id, a.id],
      'export history, newest first'
    )
    t.equal(c.dossiers[1].sha256, ready.sha256)
  }
)

t.test('a delivery to the recipient is a shared-with-recipient entry for the dossier and each exhibit it carried', async (t) => {
  const caseId = await createCase(w)
  const d = await generate(w, caseId)
  const res = await w.legal({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/deliveries`,
    payload: { method: 'otplink', reference: 'OTP-CR-2025/117' }
  })
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json().deliveries, [
    { artefact: 'package', method: 'otplink', reference: 'OTP-CR-2025/117', recordedBy: w.legalActor, ledgerIndex: Number }
  ])
  const shared = entries(w).filter((e) => e.type === 'shared-with-recipient' && e.details.dossier === d.id)
  t.equal(shared.length, 1 + 4, 'the dossier and its four carried exhibits (two were listed by hash only)')
  t.match(shared[0], {
    subject: { kind: 'dossier', id: d.id, sha256: d.packageSha256 },
    details: { recipient: 'icc-otp', method: 'otplink' }
  })
  const custody = (await w.legal(`/api/v1/evidence/${w.evidence['kabul-phone.jpg']}/custody`)).json()
  t.ok(
    custody.items.some((i: { entry: Entry }) => i.entry.type === 'shared-with-recipient' && i.entry.details.dossier === d.id),
    "in the exhibit's own custody timeline"
  )
  const bad = await w.legal({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/deliveries`,
    payload: { method: 'otplink', reference: 'Name: Zarghuna\n' }
  })
  t.equal(bad.statusCode, 400, 'no free text in the reference')
  const future = await w.legal({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/deliveries`,
    payload: { method: 'courier', deliveredOn: '2999-01-01' }
  })
  t.equal(future.json().code, 'SANAD_ERR_DATE_INVALID')
})

t.test('the export history is append-only in the database', async (t) => {
  for (const sql of [
    "UPDATE dossier_exports SET pdf_sha256 = 'x'",
    'DELETE FROM dossier_exports',
    "UPDATE dossiers SET language = 'fa'",
    'DELETE FROM dossiers',
    'DELETE FROM dossier_deliveries',
    'DELETE FROM case_incidents',
    'DELETE FROM cases'
  ]) {
    t.throws(() => w.app.sqlite.prepare(sql).run(), /append-only|never deleted|do not change/, sql)
  }
})

t.test('an original that no longer matches its hashes stops the build with a coded error, and nothing is exported', async (t) => {
  const caseId = await createCase(w, { profile: 'full', incidentIds: [w.incidents.b], elementLinks: [] })
  const path = w.app.blobs.pathOf(
    createHash('sha256')
      .update(readFileSync(new URL('../../fixtures/evidence/edited.jpg', import.meta.url)))
      .digest('hex')
  )
  const original = readFileSync(path)
  const altered = Buffer.from(original)
  altered[altered.length >> 1] = altered[altered.length >> 1]! ^ 0x01
  chmodSync(path, 0o644)
  writeFileSync(path, altered)
  t.teardown(() => writeFileSync(path, original))
  const before = entries(w).filter((e) => e.type === 'exported').length
  const d = await generate(w, caseId)
  t.equal(d.status, 'failed')
  t.match(d.error, /no longer matches its recorded hashes/)
  t.equal(entries(w).filter((e) => e.type === 'exported').length, before, 'no exported entry')
  t.equal((await w.legal(`/api/v1/dossiers/${d.id}/pdf`)).json().code, 'SANAD_ERR_DOSSIER_NOT_READY')
  writeFileSync(path, original)
})

t.test('a dossier file left half-written by a crash is removed at the next start', async (t) => {
  const { mkdirSync, writeFileSync, readdirSync } = await import('node:fs')
  const { join } = await import('node:path')
  const { testApp } = await import('../../helpers/app.ts')
  const first = await testApp(t)
  const dir = join(first.config.dataDir, 'exports')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'abc.pdf.1234.partial'), 'half a dossier')
  writeFileSync(join(dir, '.abc.zip.1234.partial'), 'half a package')
  await first.close()
  const { buildApp } = await import('../../../server/app.ts')
  const again = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: 'first-start pass-phrase 7913' },
    config: { dataDir: first.config.dataDir, checkpointIntervalMs: 0 }
  })
  await again.ready()
  t.same(readdirSync(dir), [])
  await again.close()
})

t.test(
  'GET /dossiers/:id/receipt proves the exported entry, with the hashes of both files, in a signed checkpoint; an auditor may fetch it',
  async (t) => {
    const { parseReceipt, verifyReceipt } = await import('../../../server/lib/export/export-receipt.ts')
    const caseId = await createCase(w)
    const queued = (await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { namesReviewed: true } })).json()
    const early = await w.legal(`/api/v1/dossiers/${queued.id}/receipt`)
    if (early.statusCode !== 200)
      t.match(early.json(), { statusCode: 409, code: 'SANAD_ERR_DOSSIER_NOT_READY' }, 'not before the build is done')
    await w.app.jobs.settle()
    const ready = (await w.legal(`/api/v1/dossiers/${queued.id}`)).json()
    const pdf = await download(w, queued.id, 'pdf')
    const zip = await download(w, queued.id, 'package')
    const auditor = await as(w.app, 'auditor')
    const res = await auditor(`/api/v1/dossiers/${queued.id}/receipt`)
    t.equal(res.statusCode, 200, res.body)
    t.match(res.headers['content-disposition'], /^attachment; filename="SND-C-\d{4}-\d{4}-[0-9a-f]{8}\.receipt\.json"/)
    const receipt = parseReceipt(res.rawPayload)
    t.equal(receipt.entry.index, ready.exportedIndex)
    const key = w.app.ledger.verifierKey()
    const manifestSha256 = ready.manifestSha256
    const anchored = (await w.legal('/api/v1/ledger/checkpoints'))
      .json()
      .items.find((c: { size: number }) => c.size === ready.checkpointSize)
    const anchor = { size: anchored.size, rootHash: anchored.rootHash }
    t.equal(receipt.consistency.from, ready.checkpointSize, 'the consistency proof starts at the checkpoint the export is anchored to')
    t.match(
      verifyReceipt(receipt, { file: { kind: 'pdf', sha256: sha256(pdf), size: pdf.length }, verifierKey: key, manifestSha256, anchor }),
      { ok: true, index: ready.exportedIndex }
    )
    t.match(
      verifyReceipt(receipt, { file: { kind: 'package', sha256: sha256(zip), size: zip.length }, verifierKey: key, manifestSha256 }),
      { ok: true }
    )
    t.match(
      verifyReceipt(receipt, { file: { kind: 'package', sha256: sha256(pdf), size: pdf.length }, verifierKey: key }),
      { ok: false, problems: [{ code: 'SANAD_ERR_EXPORT_NOT_AS_ISSUED' }] },
      'a PDF is not the package'
    )
    t.ok(receipt.checkpoint.includes(`\n${w.app.ledger.size()}\n`), 'the checkpoint covers the downloads recorded after the export')

    t.equal((await w.legal('/api/v1/dossiers/00000000-0000-4000-8000-000000000000/receipt')).statusCode, 404)
    const documenter = await as(w.app, 'documenter')
    t.equal((await documenter(`/api/v1/dossiers/${queued.id}/receipt`)).statusCode, 403)
  }
)
