import t from 'tap'
import { createHash } from 'node:crypto'
import { asRole } from '../../helpers/app.ts'
import { world, createCase, type World } from '../../helpers/case-world.ts'
import { isPdf, recipientKeyPair, testRecipient, type KeyPair } from '../../helpers/recipient-key.ts'
import { decryptMessage } from '../../../server/lib/crypto/recipient-encryption.ts'
import { artefactFiles } from '../../../server/modules/cases/artefact-files.ts'

// A full-profile dossier names protected persons: its PDF, like its package, leaves the server only as
// an OpenPGP message to the recipient's key, and the plain PDF is never written to disk (not even sealed).

t.setTimeout(300_000)
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

let w: World
let recipient: KeyPair
t.before(async () => {
  w = await world(t)
  recipient = await testRecipient()
})

type Entry = { type: string; subject: { id: string }; details: Record<string, unknown> }
const entries = (): Entry[] =>
  (w.app.sqlite.prepare('SELECT canonical FROM ledger_entries ORDER BY idx').all() as Array<{ canonical: Buffer }>).map((r) =>
    JSON.parse(r.canonical.toString('utf8'))
  )

async function fullDossier(): Promise<{ caseId: string; id: string }> {
  const caseId = await createCase(w, { profile: 'full' })
  const asked = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { recipientKey: recipient.publicKey } })
  if (asked.statusCode !== 202) throw new Error(asked.body)
  await w.app.jobs.settle()
  return { caseId, id: asked.json().id as string }
}

/** Makes a dossier look like one built before its PDF (or package) was encrypted: its summary loses the encryption. */
function asIfBuiltInClear(id: string, field: 'pdfEncryption' | 'encryption'): void {
  const row = w.app.sqlite
    .prepare('SELECT e.dossier_seq AS seq, e.summary FROM dossier_exports e JOIN dossiers d ON d.seq = e.dossier_seq WHERE d.id = ?')
    .get(id) as { seq: number; summary: string }
  const summary = JSON.parse(row.summary)
  delete summary[field]
  // The export history is append-only: the test lifts its guard for this one rewrite and puts it back.
  w.app.sqlite.exec('DROP TRIGGER dossier_exports_no_update')
  w.app.sqlite.prepare('UPDATE dossier_exports SET summary = ? WHERE dossier_seq = ?').run(JSON.stringify(summary), row.seq)
  w.app.sqlite.exec(
    "CREATE TRIGGER `dossier_exports_no_update` BEFORE UPDATE ON `dossier_exports` BEGIN SELECT RAISE(ABORT, 'the export history is append-only'); END;"
  )
}

t.test('the full-profile PDF is an OpenPGP message to the recipient; decrypted, it is the exported PDF', async (t) => {
  const { id } = await fullDossier()
  const d = (await w.legal(`/api/v1/dossiers/${id}`)).json()
  t.equal(d.status, 'ready', JSON.stringify(d))
  t.match(d.summary.pdfEncryption, { format: 'openpgp', recipientKeyFingerprint: recipient.fingerprint })

  for (const query of ['', '?format=pdf', '?plain=1']) {
    const res = await w.legal(`/api/v1/dossiers/${id}/pdf${query}`)
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/pgp-encrypted')
    t.match(res.headers['content-disposition'], /\.pdf\.gpg"/)
    const message = res.rawPayload
    t.notOk(isPdf(message), `not a PDF with "${query}"`)
    t.notOk(message.includes(Buffer.from('%PDF-')), 'no PDF header anywhere in clear')
    t.equal(res.headers['x-sanad-sha256'], sha256(message))
    t.equal(d.summary.pdfEncryption.sha256, sha256(message))
    t.equal(d.summary.pdfEncryption.size, message.length)
    const pdf = Buffer.from(await decryptMessage(message, recipient.privateKey))
    t.ok(isPdf(pdf))
    t.equal(sha256(pdf), d.sha256, 'the PDF inside is the one the receipt records')
  }
  const stranger = await recipientKeyPair('Someone else')
  await t.rejects(decryptMessage((await w.legal(`/api/v1/dossiers/${id}/pdf`)).rawPayload, stranger.privateKey))

  // What is sealed at rest is the message too: opened with the master key, it is still no PDF.
  const files = artefactFiles(w.app.config.dataDir, w.app.keys.master)
  const open = await files.open(id, 'pdf', d.summary.pdfEncryption.size)
  const chunks: Buffer[] = []
  for await (const c of open()) chunks.push(c as Buffer)
  const atRest = Buffer.concat(chunks)
  t.notOk(atRest.includes(Buffer.from('%PDF-')), 'the file on disk, unsealed, holds no plain PDF')
  t.equal(sha256(atRest), d.summary.pdfEncryption.sha256)

  // The ledger records the fingerprint and the message's hash (hashes only).
  const exported = entries().find((e) => e.type === 'exported' && e.subject.id === id)!
  t.same(exported.details.pdfEncryption, d.summary.pdfEncryption)
})

t.test('a full-profile dossier stored in clear (built before) is never handed out, nor recorded as delivered', async (t) => {
  const { id } = await fullDossier()
  asIfBuiltInClear(id, 'pdfEncryption')
  const before = entries().length
  const pdf = await w.legal(`/api/v1/dossiers/${id}/pdf`)
  t.equal(pdf.statusCode, 409)
  t.equal(pdf.json().code, 'SANAD_ERR_DOSSIER_NOT_ENCRYPTED')
  const delivered = await w.legal({
    method: 'POST',
    url: `/api/v1/dossiers/${id}/deliveries`,
    payload: { artefact: 'pdf', method: 'encrypted-email' }
  })
  t.equal(delivered.statusCode, 409)
  t.equal(delivered.json().code, 'SANAD_ERR_DOSSIER_NOT_ENCRYPTED')
  t.equal(entries().length, before, 'no download or delivery recorded')
  t.equal((await w.legal(`/api/v1/dossiers/${id}/package`)).statusCode, 200, 'its encrypted package still goes out')

  const other = await fullDossier()
  asIfBuiltInClear(other.id, 'encryption')
  const pkg = await w.legal(`/api/v1/dossiers/${other.id}/package`)
  t.equal(pkg.json().code, 'SANAD_ERR_DOSSIER_NOT_ENCRYPTED')
  const pkgDelivery = await w.legal({
    method: 'POST',
    url: `/api/v1/dossiers/${other.id}/deliveries`,
    payload: { method: 'otplink' }
  })
  t.equal(pkgDelivery.json().code, 'SANAD_ERR_DOSSIER_NOT_ENCRYPTED')
  // Other accounts are refused before that, as ever.
  const res = await w.app.inject({ url: `/api/v1/dossiers/${id}/pdf`, headers: await asRole(w.app, 'documenter') })
  t.equal(res.statusCode, 403)
})

t.test('a restricted dossier without a key keeps its plain PDF; with a key its PDF is encrypted too', async (t) => {
  const caseId = await createCase(w)
  const plain = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { namesReviewed: true } })
  const sealed = await w.legal({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/dossiers`,
    payload: { namesReviewed: true, recipientKey: recipient.publicKey }
  })
  await w.app.jobs.settle()
  const a = await w.legal(`/api/v1/dossiers/${plain.json().id}/pdf`)
  t.equal(a.headers['content-type'], 'application/pdf')
  t.ok(isPdf(a.rawPayload))
  const b = await w.legal(`/api/v1/dossiers/${sealed.json().id}/pdf`)
  t.equal(b.headers['content-type'], 'application/pgp-encrypted')
  t.ok(isPdf(await decryptMessage(b.rawPayload, recipient.privateKey)))
})
