// Cases are revisable: PATCH from a base revision with a reason code, a case-revised ledger entry
// carrying the RFC 8785 hash of the new content, the revisions readable, and each dossier built
// from (and saying) the revision it was asked for, both staying verifiable.
import t from 'tap'
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson } from '../../../server/lib/ledger/canonical-json.ts'
import { incidentInput } from '../../helpers/app.ts'
import { world, createCase, generate, download, type World } from '../../helpers/case-world.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { verifyExportInProcess } from '../../helpers/script-in-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'sanad-case-revisions-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

type Entry = { index: number; type: string; subject: { kind: string; id: string; sha256?: string }; details: Record<string, unknown> }
function entries(w: World): Entry[] {
  return (w.app.sqlite.prepare('SELECT canonical FROM ledger_entries ORDER BY idx').all() as Array<{ canonical: Buffer }>).map((r) =>
    JSON.parse(r.canonical.toString('utf8'))
  )
}

let w: World
t.before(async () => {
  w = await world(t)
})

const patch = (id: string, payload: Record<string, unknown>) => w.legal({ method: 'PATCH', url: `/api/v1/cases/${id}`, payload })

t.test(
  'PATCH revises a case from its base revision: a case-revised entry hashes the new content, and every revision reads back',
  async (t) => {
    const id = await createCase(w, { incidentIds: [w.incidents.a, w.incidents.c] })
    const before = (await w.legal(`/api/v1/cases/${id}`)).json()
    t.equal(before.revision, 1)
    const links = [
      ...before.elementLinks,
      { incidentId: w.incidents.b, category: 'cah-murder', element: 'killing', evidenceIds: [w.evidence['edited.jpg']] }
    ]
    const res = await patch(id, {
      baseRevision: 1,
      reason: 'legal-review',
      incidentIds: [w.incidents.a, w.incidents.b, w.incidents.c],
      elementLinks: links,
      title: 'Detention and killings, revised'
    })
    t.equal(res.statusCode, 200, res.body)
    const c = res.json()
    t.match(c, { revision: 2, title: 'Detention and killings, revised', incidentIds: [w.incidents.a, w.incidents.b, w.incidents.c] })
    t.same(c.elementLinks, links, 'links replaced whole, notes kept')
    t.ok(Array.isArray(c.warnings), 'the answer carries warnings')

    const revisions = (await w.legal(`/api/v1/cases/${id}/revisions`)).json().items
    t.same(
      revisions.map((r: { revision: number; reason: string }) => [r.revision, r.reason]),
      [
        [1, 'created'],
        [2, 'legal-review']
      ]
    )
    const all = entries(w)
    const created = all.find((e) => e.type === 'case-created' && e.subject.id === id)
    const revised = all.find((e) => e.type === 'case-revised' && e.subject.id === id)
    t.equal(created?.details.contentSha256, sha256(canonicalJson(revisions[0].content)), 'case-created hashes revision 1 (RFC 8785)')
    t.match(revised, {
      subject: { kind: 'case', id, sha256: sha256(canonicalJson(revisions[1].content)) },
      details: {
        revision: 2,
        reason: 'legal-review',
        contentSha256: sha256(canonicalJson(revisions[1].content)),
        fields: ['title', 'incidentIds', 'elementLinks'],
        incidents: 3,
        elementLinks: 2
      }
    })
    t.equal(revisions[1].ledgerIndex, revised?.index)
    t.equal(revisions[0].content.title, 'Detention and killings 2022–2023', 'revision 1 is kept as it was')
    t.notOk(JSON.stringify(revised?.details).includes('revised'), 'no free text (the title) in the ledger')

    const same = await patch(id, { baseRevision: 2, reason: 'correction', title: 'Detention and killings, revised' })
    t.equal(same.json().revision, 2, 'an edit that changes nothing makes no revision')
  }
)

t.test('a stale baseRevision is 409 and changes nothing; a reason off the list or free text is 400', async (t) => {
  const id = await createCase(w)
  t.equal((await patch(id, { baseRevision: 1, reason: 'correction', title: 'Second title' })).statusCode, 200)
  const size = w.app.ledger.size()
  const stale = await patch(id, { baseRevision: 1, reason: 'correction', title: 'Someone else' })
  t.equal(stale.statusCode, 409)
  t.match(stale.json(), { code: 'SANAD_ERR_REVISION_CONFLICT' })
  t.equal((await w.legal(`/api/v1/cases/${id}`)).json().title, 'Second title', 'the other edit is not overwritten')
  t.equal(w.app.ledger.size(), size, 'nothing appended')
  for (const [body, code] of [
    [{ baseRevision: 2, reason: 'because the witness Zarghuna asked', title: 'x' }, 'SANAD_ERR_VALIDATION'],
    [{ baseRevision: 2, title: 'x' }, 'SANAD_ERR_VALIDATION'],
    [{ reason: 'correction', title: 'x' }, 'SANAD_ERR_VALIDATION'],
    [{ baseRevision: 2, reason: 'correction', title: 'x', note: 'free text' }, 'SANAD_ERR_UNKNOWN_FIELD']
  ] as const) {
    const res = await patch(id, body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.equal(res.json().code, code)
  }
  const badProfile = await patch(id, { baseRevision: 2, reason: 'recipient-request', recipient: 'public', profile: 'full' })
  t.equal(badProfile.json().code, 'SANAD_ERR_CASE_PROFILE_NOT_ALLOWED')
  const unknown = await patch(id, { baseRevision: 2, reason: 'scope-change', incidentIds: ['00000000-0000-4000-8000-000000000000'] })
  t.match(unknown.json(), { code: 'SANAD_ERR_INCIDENT_UNKNOWN', field: 'incidentIds.0' })
  const dangling = await patch(id, { baseRevision: 2, reason: 'scope-change', incidentIds: [w.incidents.b] })
  t.match(dangling.json(), { statusCode: 400, field: 'elementLinks.0.incidentId' }, 'a link to an incident taken out must go too')
  t.equal(w.app.ledger.size(), size, 'nothing appended by any refusal')
  const auditor = await w.app.inject({
    method: 'PATCH',
    url: `/api/v1/cases/${id}`,
    payload: { baseRevision: 2, reason: 'other', title: 'y' }
  })
  t.equal(auditor.statusCode, 401, 'no session, no revision')
})

t.test('a case revised after a dossier keeps both dossiers verifiable, each saying its case revision', async (t) => {
  if (!requireTool(t, 'unzip')) return
  const id = await createCase(w)
  const first = await generate(w, id)
  t.equal(first.status, 'ready')
  t.equal(first.caseRevision, 1)
  const revised = await patch(id, { baseRevision: 1, reason: 'scope-change', incidentIds: [w.incidents.a, w.incidents.b] })
  t.equal(revised.statusCode, 200, revised.body)
  const second = await generate(w, id)
  t.equal(second.caseRevision, 2)
  const key = join(dir, 'ledger.key')
  writeFileSync(key, `${w.app.ledger.verifierKey()}\n`)
  for (const [name, d, revision] of [
    ['first', first, 1],
    ['second', second, 2]
  ] as const) {
    const zip = join(dir, `${name}.zip`)
    writeFileSync(zip, await download(w, d.id, 'package'))
    const receipt = join(dir, `${name}.receipt.json`)
    writeFileSync(receipt, (await w.legal(`/api/v1/dossiers/${d.id}/receipt`)).rawPayload)
    // verify-export run in this process: what it finds is the point (test/scripts runs the command).
    const run = await verifyExportInProcess(zip, '--key', key, '--receipt', receipt)
    t.equal(run.status, 0, `${name} dossier verifies after the revision: ${run.stdout}${run.stderr}`)
    const exported = entries(w).find((e) => e.type === 'exported' && e.subject.id === d.id)
    t.equal(exported?.details.caseRevision, revision, `${name}: the exported entry (and so the receipt) names revision ${revision}`)
    const bagInfo = spawnSync('unzip', ['-p', zip, '*/bag-info.txt'], { encoding: 'utf8' }).stdout
    t.match(bagInfo, new RegExp(`Sanad-Case-Revision: ${revision}\\b`))
    const manifest = JSON.parse(spawnSync('unzip', ['-p', zip, '*/data/manifest.json'], { encoding: 'utf8' }).stdout)
    t.equal(manifest.case.revision, revision, `${name}: the signed manifest names revision ${revision}`)
  }
  const view = (await w.legal(`/api/v1/cases/${id}`)).json()
  t.same(
    view.dossiers.map((d: { caseRevision: number }) => d.caseRevision),
    [2, 1]
  )
})

t.test('a dossier asked for before a revision is built from the revision it was asked for', async (t) => {
  const id = await createCase(w)
  const asked = await w.legal({ method: 'POST', url: `/api/v1/cases/${id}/dossiers`, payload: { namesReviewed: true } })
  t.equal(asked.statusCode, 202)
  // Revised before the job runs: the job still builds revision 1 (three incidents).
  t.equal((await patch(id, { baseRevision: 1, reason: 'scope-change', incidentIds: [w.incidents.a] })).statusCode, 200)
  await w.app.jobs.settle()
  const d = (await w.legal(`/api/v1/dossiers/${asked.json().id}`)).json()
  t.equal(d.status, 'ready', d.error)
  t.equal(d.caseRevision, 1)
  t.equal(d.summary.incidents, 3)
})

t.test('warnings: an ICC case with conduct before 1 May 2003 or unverified incidents is built, and says why', async (t) => {
  const old = (
    await w.doc({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentInput({ title: 'Killings in Mazar-e Sharif', occurred: { from: '1998-08-08' }, status: 'draft' })
    })
  ).json().id
  const res = await w.legal({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { title: 'Old and new', incidentIds: [old, w.incidents.b], recipient: 'icc-otp', profile: 'restricted' }
  })
  t.equal(res.statusCode, 201, 'warnings never refuse a case')
  const codes = res.json().warnings.map((x: { code: string; incidentId: string }) => `${x.code}:${x.incidentId === old ? 'old' : 'b'}`)
  t.ok(codes.includes('OUTSIDE_ICC_JURISDICTION_WINDOW:old'), codes.join())
  t.ok(codes.includes('INCIDENT_NOT_VERIFIED:old'), codes.join())
  t.match(res.json().warnings.find((x: { code: string }) => x.code === 'OUTSIDE_ICC_JURISDICTION_WINDOW').message, /2003-05-01/)
  for (const x of res.json().warnings) t.match(x, { code: String, message: String })

  const preview = await w.legal({ method: 'POST', url: '/api/v1/cases/warnings', payload: { incidentIds: [old], recipient: 'national' } })
  t.equal(preview.statusCode, 200)
  t.same(
    preview.json().warnings.map((x: { code: string }) => x.code),
    ['INCIDENT_NOT_VERIFIED'],
    'no ICC warning for national prosecutors'
  )
  const revised = await patch(res.json().id, { baseRevision: 1, reason: 'recipient-request', recipient: 'un-iima' })
  t.notOk(
    revised.json().warnings.some((x: { code: string }) => x.code.includes('ICC')),
    'PATCH answers with warnings too, for the new recipient'
  )
  const unknown = await w.legal({
    method: 'POST',
    url: '/api/v1/cases/warnings',
    payload: { incidentIds: ['00000000-0000-4000-8000-000000000000'], recipient: 'icc-otp' }
  })
  t.match(unknown.json(), { statusCode: 400, code: 'SANAD_ERR_INCIDENT_UNKNOWN' })
})
