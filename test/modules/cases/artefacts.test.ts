import t from 'tap'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TEST_PASSWORD } from '../../helpers/app.ts'
import { world, createCase, generate, download, service, type World } from '../../helpers/case-world.ts'
import type { InjectOptions } from 'fastify'
import type { Inject } from '../../helpers/client.ts'

// Dossier files kept at rest: sealed under the master key, deleted by their builder once delivered,
// deleted after the retention period; the ledger keeps their hashes and a download says to rebuild.

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
const exportsDir = (w: World): string => join(w.app.config.dataDir, 'exports')
const filesOf = (w: World, id: string): string[] =>
  readdirSync(exportsDir(w))
    .filter((n) => n.startsWith(id))
    .sort()

let w: World
let otherLegal: Inject
t.before(async () => {
  w = await world(t)
  // A second legal liaison, who did not build the dossiers below.
  const view = await w.app.users.create({ username: 'legal-two', password: TEST_PASSWORD, role: 'legal' }, 'system')
  const seq = (w.app.sqlite.prepare('SELECT seq FROM users WHERE id = ?').get(view.id) as { seq: number }).seq
  const { token } = w.app.auth.createToken(seq, 'test', null)
  otherLegal = async (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    return await w.app.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...(o.headers ?? {}) } } as InjectOptions)
  }
})

async function readyDossier(): Promise<{ id: string; sha256: string; packageSha256: string }> {
  const caseId = await createCase(w, { incidentIds: [w.incidents.b], elementLinks: [] })
  const d = await generate(w, caseId)
  if (d.status !== 'ready') throw new Error(`dossier ${d.status}: ${String(d.error)}`)
  return d
}

t.test(
  "a dossier's PDF and package are stored sealed (0600, no PDF or ZIP bytes on disk) and download as the exact bytes the ledger records",
  async (t) => {
    const d = await readyDossier()
    t.same(filesOf(w, d.id), [`${d.id}.pdf.sealed`, `${d.id}.zip.sealed`])
    const pdf = await download(w, d.id, 'pdf')
    const zip = await download(w, d.id, 'package')
    t.equal(sha256(pdf), d.sha256, 'the PDF downloaded is the one exported')
    t.equal(sha256(zip), d.packageSha256, 'the package downloaded is the one exported')
    for (const [name, plain] of [
      [`${d.id}.pdf.sealed`, pdf],
      [`${d.id}.zip.sealed`, zip]
    ] as const) {
      const path = join(exportsDir(w), name)
      t.equal(statSync(path).mode & 0o777, 0o600, `${name} is 0600`)
      const stored = readFileSync(path)
      t.equal(stored.subarray(0, 8).toString('latin1'), 'SNDSEAL1', `${name} is a sealed file`)
      for (const at of [0, 1000, plain.length >> 1, plain.length - 64]) {
        t.notOk(stored.includes(plain.subarray(at, at + 48)), `${name}: no 48 plaintext bytes from offset ${at}`)
      }
    }
    t.equal(statSync(exportsDir(w)).mode & 0o777, 0o700, 'the exports folder is 0700')
  }
)

t.test("a sealed file put in another dossier's place, or altered, is never served as that dossier", async (t) => {
  const a = await readyDossier()
  const b = await readyDossier()
  const pathB = join(exportsDir(w), `${b.id}.zip.sealed`)
  const original = readFileSync(pathB)
  t.teardown(() => writeFileSync(pathB, original))
  const served = async (): Promise<string> => {
    try {
      const res = await w.legal(`/api/v1/dossiers/${b.id}/package`)
      return res.statusCode === 200 ? sha256(res.rawPayload) : `${res.statusCode} ${String(res.json().code)}`
    } catch {
      return 'stream failed'
    }
  }
  copyFileSync(join(exportsDir(w), `${a.id}.zip.sealed`), pathB)
  t.not(await served(), b.packageSha256, "dossier A's package in B's place: not served as B")
  t.not(await served(), a.packageSha256, 'nor as A')
  const altered = Buffer.from(original)
  altered[altered.length >> 1]! ^= 1
  writeFileSync(pathB, altered)
  t.not(await served(), b.packageSha256, 'a flipped bit: not served')
  writeFileSync(pathB, original)
  t.equal(await served(), b.packageSha256, 'control: the file put back is served')
})

t.test('the builder deletes the files of a delivered dossier; the ledger keeps their hashes and a download says to rebuild', async (t) => {
  const d = await readyDossier()
  const del = async (inject: Inject) => inject({ method: 'DELETE', url: `/api/v1/dossiers/${d.id}/artefacts` })
  const before = entries(w).length

  const early = await del(w.legal)
  t.equal(early.statusCode, 409, 'not before delivery')
  t.equal(early.json().code, 'SANAD_ERR_DOSSIER_NOT_DELIVERED')
  t.equal(filesOf(w, d.id).length, 2, 'files kept')

  t.equal((await w.legal({ method: 'POST', url: `/api/v1/dossiers/${d.id}/deliveries`, payload: { method: 'otplink' } })).statusCode, 201)
  const afterDelivery = entries(w).length

  // Insider: another legal user may not delete what someone else built.
  const other = await del(otherLegal)
  t.equal(other.statusCode, 403)
  t.equal(other.json().code, 'SANAD_ERR_FORBIDDEN')
  t.equal(filesOf(w, d.id).length, 2, 'files kept')
  t.equal(entries(w).length, afterDelivery, 'nothing recorded')
  t.ok(afterDelivery > before)

  const res = await del(w.legal)
  t.equal(res.statusCode, 204, res.body)
  t.same(filesOf(w, d.id), [], 'both files gone')
  const deleted = entries(w).filter((e) => e.type === 'dossier-artefacts-deleted' && e.subject.id === d.id)
  t.equal(deleted.length, 1)
  t.same(deleted[0]?.subject, { kind: 'dossier', id: d.id, sha256: d.sha256 })
  t.equal(deleted[0]?.actor, w.legalActor)
  t.same(Object.keys(deleted[0]?.details ?? {}).sort(), ['case', 'packageSha256', 'pdfSha256', 'reason'], 'ids and hashes only')
  t.match(deleted[0]?.details, { reason: 'builder', pdfSha256: d.sha256, packageSha256: d.packageSha256 })

  for (const kind of ['pdf', 'package']) {
    const gone = await w.legal(`/api/v1/dossiers/${d.id}/${kind}`)
    t.equal(gone.statusCode, 410)
    t.equal(gone.json().code, 'SANAD_ERR_DOSSIER_EXPIRED')
    t.match(gone.json().message, /generate the dossier again/)
  }
  t.equal((await w.legal(`/api/v1/dossiers/${d.id}/receipt`)).statusCode, 200, 'the receipt still proves what was issued')
  t.equal((await del(w.legal)).statusCode, 204, 'deleting again is harmless')
  t.equal(entries(w).filter((e) => e.type === 'dossier-artefacts-deleted' && e.subject.id === d.id).length, 1, '…and records nothing more')
})

t.test('a dossier not ready or unknown cannot have its files deleted', async (t) => {
  const unknown = await w.legal({ method: 'DELETE', url: '/api/v1/dossiers/00000000-0000-4000-8000-000000000000/artefacts' })
  t.equal(unknown.json().code, 'SANAD_ERR_DOSSIER_NOT_FOUND')
  const caseId = await createCase(w, { incidentIds: [w.incidents.b], elementLinks: [] })
  const queued = (await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers` })).json()
  const early = await w.legal({ method: 'DELETE', url: `/api/v1/dossiers/${queued.id}/artefacts` })
  t.equal(early.json().code, 'SANAD_ERR_DOSSIER_NOT_READY')
  await w.app.jobs.settle()
})

t.test('past SANAD_DOSSIER_RETENTION_DAYS the files are deleted with a ledger entry; with 0 they are kept', async (t) => {
  const d = await readyDossier()
  const exportedAt = Date.parse((await w.legal(`/api/v1/dossiers/${d.id}`)).json().generatedAt)
  const day = 86_400_000
  t.same(await service(w).sweepArtefacts(new Date(exportedAt + 400 * day)), [], 'retention 0: nothing deleted')
  const { casesService } = await import('../../../server/modules/cases/service.ts')
  const { mergedIntoLookup } = await import('../../../server/modules/links/service.ts')
  const app = w.app
  const thirty = casesService({
    db: app.db,
    sqlite: app.sqlite,
    ledger: app.ledger,
    blobs: app.blobs,
    incidents: app.incidents,
    evidence: app.evidence,
    patterns: app.patterns,
    links: app.links,
    verifications: app.verifications,
    mergedInto: mergedIntoLookup(app.db),
    persons: app.persons,
    jobs: app.jobs,
    signer: app.keys.ledger,
    dataDir: app.config.dataDir,
    master: app.keys.master,
    attachmentBudgetBytes: app.config.dossierAttachmentBudgetBytes,
    retentionDays: 30
  })
  t.notOk((await thirty.sweepArtefacts(new Date(exportedAt + 29 * day))).includes(d.id), 'kept on day 29')
  t.equal(filesOf(w, d.id).length, 2)
  t.ok((await thirty.sweepArtefacts(new Date(exportedAt + 31 * day))).includes(d.id), 'deleted on day 31')
  t.same(filesOf(w, d.id), [])
  const deleted = entries(w).filter((e) => e.type === 'dossier-artefacts-deleted' && e.subject.id === d.id)
  t.equal(deleted.length, 1)
  t.equal(deleted[0]?.actor, 'system')
  t.match(deleted[0]?.details, { reason: 'retention', pdfSha256: d.sha256, packageSha256: d.packageSha256 })
  t.equal((await w.legal(`/api/v1/dossiers/${d.id}/pdf`)).json().code, 'SANAD_ERR_DOSSIER_EXPIRED')
})

t.test('files of a deletion the ledger records but a crash interrupted, and files no export owns, are removed by the sweep', async (t) => {
  const d = await readyDossier()
  const saved = filesOf(w, d.id).map((n) => [n, readFileSync(join(exportsDir(w), n))] as const)
  t.equal((await w.legal({ method: 'POST', url: `/api/v1/dossiers/${d.id}/deliveries`, payload: { method: 'otplink' } })).statusCode, 201)
  t.equal((await w.legal({ method: 'DELETE', url: `/api/v1/dossiers/${d.id}/artefacts` })).statusCode, 204)
  for (const [n, bytes] of saved) writeFileSync(join(exportsDir(w), n), bytes) // as if the crash came before the unlink
  const stray = '11111111-2222-4333-8444-555555555555'
  writeFileSync(join(exportsDir(w), `${stray}.pdf.sealed`), 'a build cut by a crash')
  const removed = await service(w).sweepArtefacts()
  t.ok(removed.includes(d.id) && removed.includes(stray))
  t.same(filesOf(w, d.id), [])
  t.notOk(existsSync(join(exportsDir(w), `${stray}.pdf.sealed`)))
})

t.test('SANAD_DOSSIER_RETENTION_DAYS defaults to 30 and must be a whole number of days', async (t) => {
  const { loadConfig } = await import('../../../server/config.ts')
  t.equal(loadConfig({}).dossierRetentionDays, 30)
  t.equal(loadConfig({ SANAD_DOSSIER_RETENTION_DAYS: '0' }).dossierRetentionDays, 0)
  t.throws(() => loadConfig({ SANAD_DOSSIER_RETENTION_DAYS: '-1' }), /SANAD_DOSSIER_RETENTION_DAYS/)
  t.throws(() => loadConfig({ SANAD_DOSSIER_RETENTION_DAYS: '1.5' }), /SANAD_DOSSIER_RETENTION_DAYS/)
})
