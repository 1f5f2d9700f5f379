import t from 'tap'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asRole } from '../../helpers/app.ts'
import { world, createCase, type World } from '../../helpers/case-world.ts'
import { isZip, recipientKeyPair, testRecipient, type KeyPair } from '../../helpers/recipient-key.ts'
import { decryptMessage } from '../../../server/lib/crypto/recipient-encryption.ts'
import { toolPresent } from '../../helpers/system-tools.ts'
import { verifyExportInProcess } from '../../helpers/script-in-process.ts'

// A full-profile package names protected persons: it leaves the server only as an OpenPGP message to
// the recipient's key, and its plain ZIP is never on disk, not even while it is built.

t.setTimeout(300_000)
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
// Not t.testdir(): the test app takes that folder as its data dir and empties it.
const dir = mkdtempSync(join(tmpdir(), 'sanad-encrypted-'))
// This process's own temporary folder (os.tmpdir() reads TMPDIR at each call): the scan for a plain
// package looks there, so packages other test files build at the same time in /tmp are not mistaken
// for this server's.
const scratch = mkdtempSync(join(tmpdir(), 'sanad-encrypted-tmp-'))
process.env.TMPDIR = scratch
t.teardown(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})

let w: World
let recipient: KeyPair
t.before(async () => {
  w = await world(t)
  recipient = await testRecipient()
})

const dossierCount = (): number => (w.app.sqlite.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n
const exportedCount = (): number =>
  (w.app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>).filter(
    (r) => JSON.parse(r.canonical.toString('utf8')).type === 'exported'
  ).length

/** Every file under `folder` (recursively) changed since `since`, with the first bytes of its content checked for `needle`. */
function filesHolding(folder: string, needles: Buffer[], since: number, depth = 6): string[] {
  const found: string[] = []
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return found
  }
  for (const name of names) {
    const path = join(folder, name)
    let st: ReturnType<typeof statSync>
    try {
      st = statSync(path)
    } catch {
      continue
    }
    if (st.isDirectory()) {
      if (depth > 0) found.push(...filesHolding(path, needles, since, depth - 1))
      continue
    }
    if (!st.isFile() || st.mtimeMs < since || st.size > 64 * 2 ** 20) continue
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch {
      continue
    }
    if (needles.some((n) => bytes.includes(n))) found.push(path)
  }
  return found
}

t.test('a full-profile dossier without the recipient key is refused with a coded error, and nothing is built', async (t) => {
  const caseId = await createCase(w, { profile: 'full' })
  const before = { dossiers: dossierCount(), exported: exportedCount() }
  for (const payload of [{}, { namesReviewed: true }, { language: 'fa' }]) {
    const res = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload })
    t.equal(res.statusCode, 400)
    t.equal(res.json().code, 'SANAD_ERR_RECIPIENT_KEY_REQUIRED')
    t.equal(res.json().details.field, 'recipientKey')
  }
  const bare = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers` })
  t.equal(bare.json().code, 'SANAD_ERR_RECIPIENT_KEY_REQUIRED', 'also without a body')
  t.same({ dossiers: dossierCount(), exported: exportedCount() }, before)
})

t.test('a key that cannot encrypt is refused: garbage, a private key, an empty string', async (t) => {
  const caseId = await createCase(w, { profile: 'full' })
  const before = dossierCount()
  for (const recipientKey of [
    'not a key',
    recipient.privateKey,
    '',
    '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----'
  ]) {
    const res = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { recipientKey } })
    t.equal(res.statusCode, 400)
    t.equal(res.json().code, 'SANAD_ERR_RECIPIENT_KEY_INVALID')
    t.notMatch(res.body, /PRIVATE KEY/, 'the answer never echoes the key')
  }
  t.equal(dossierCount(), before)
})

t.test('the full package is an OpenPGP message to the recipient; decrypted, it is the exported ZIP and verifies', async (t) => {
  const caseId = await createCase(w, { profile: 'full' })
  const asked = await w.legal({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/dossiers`,
    payload: { recipientKey: recipient.publicKey }
  })
  t.equal(asked.statusCode, 202, asked.body)
  const id = asked.json().id as string

  // While the build runs and after, no file in the data dir or the temporary folder holds the plain
  // package: neither a ZIP entry name of its bag nor its README.
  const started = Date.now() - 1000
  const bagName = (await w.legal(`/api/v1/cases/${caseId}`)).json().reference + `-${id.slice(0, 8)}`
  const needles = [Buffer.from(`${bagName}/bagit.txt`), Buffer.from(`${bagName}/data/`), Buffer.from('Evidence package of case')]
  const seen = new Set<string>()
  let building = true
  const settled = w.app.jobs.settle().finally(() => {
    building = false
  })
  let scans = 0
  while (building) {
    for (const f of [...filesHolding(w.app.config.dataDir, needles, started), ...filesHolding(scratch, needles, started, 2)]) seen.add(f)
    scans++
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  await settled
  for (const f of [...filesHolding(w.app.config.dataDir, needles, started), ...filesHolding(scratch, needles, started, 2)]) seen.add(f)
  t.ok(scans > 0)
  t.same([...seen], [], 'no plain package on disk')

  const d = (await w.legal(`/api/v1/dossiers/${id}`)).json()
  t.equal(d.status, 'ready', JSON.stringify(d))
  t.match(d.summary.encryption, { format: 'openpgp', recipientKeyFingerprint: recipient.fingerprint })

  const res = await w.legal(`/api/v1/dossiers/${id}/package`)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/pgp-encrypted')
  t.match(res.headers['content-disposition'], /\.zip\.gpg"/)
  const message = res.rawPayload
  t.notOk(isZip(message), 'not a ZIP')
  t.notOk(message.includes(Buffer.from(bagName)), 'no bag name in clear')
  t.equal(res.headers['x-sanad-sha256'], sha256(message))
  t.equal(d.summary.encryption.sha256, sha256(message))
  t.equal(d.summary.encryption.size, message.length)

  // The ledger records the fingerprint and the message's hash beside the ZIP's.
  const exported = (w.app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>)
    .map((r) => JSON.parse(r.canonical.toString('utf8')))
    .find((e) => e.type === 'exported' && e.subject.id === id)
  t.same(exported.details.packageEncryption, d.summary.encryption)

  const zip = Buffer.from(await decryptMessage(message, recipient.privateKey))
  t.ok(isZip(zip))
  t.equal(sha256(zip), d.packageSha256, 'the ZIP inside is the one the receipt records')
  t.equal(zip.length, d.packageSize)

  const zipFile = join(dir, 'full.zip')
  const receiptFile = join(dir, 'full.receipt.json')
  writeFileSync(zipFile, zip)
  writeFileSync(receiptFile, (await w.legal(`/api/v1/dossiers/${id}/receipt`)).rawPayload)
  // verify-export run in this process: what it finds is the point (test/scripts runs the command).
  const verified = await verifyExportInProcess(zipFile, '--key', w.app.ledger.verifierKey(), '--receipt', receiptFile)
  t.equal(verified.status, 0, verified.stdout + verified.stderr)
  t.match(verified.stdout, /RESULT: verified/)

  // Another key cannot open it.
  const stranger = await recipientKeyPair('Someone else')
  await t.rejects(decryptMessage(message, stranger.privateKey))

  // GnuPG opens it too, as the README tells the recipient.
  if (toolPresent(t, 'gpg', 'gpgconf')) {
    const home = mkdtempSync(join(tmpdir(), 'sanad-gpg-'))
    t.teardown(() => {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } })
      rmSync(home, { recursive: true, force: true })
    })
    const env = { ...process.env, GNUPGHOME: home }
    writeFileSync(join(home, 'recipient.asc'), recipient.privateKey)
    writeFileSync(join(dir, 'full.zip.gpg'), message)
    const imported = spawnSync('gpg', ['--batch', '--import', join(home, 'recipient.asc')], { env, encoding: 'utf8' })
    t.equal(imported.status, 0, imported.stderr)
    const out = join(dir, 'gpg.zip')
    const decrypted = spawnSync(
      'gpg',
      ['--batch', '--pinentry-mode', 'loopback', '--output', out, '--decrypt', join(dir, 'full.zip.gpg')],
      {
        env,
        encoding: 'utf8'
      }
    )
    t.equal(decrypted.status, 0, decrypted.stderr)
    t.equal(sha256(readFileSync(out)), d.packageSha256, 'gpg --decrypt gives the exported ZIP')
  }
})

t.test('insider: no parameter gets a full-profile package out unencrypted', async (t) => {
  const caseId = await createCase(w, { profile: 'full' })
  const before = { dossiers: dossierCount(), exported: exportedCount() }
  // The legal liaison asking in other words: unknown fields, an empty key, a key smuggled elsewhere.
  for (const payload of [{ encrypt: false }, { recipientKey: null }, { profile: 'restricted' }, { plain: true, namesReviewed: true }]) {
    const res = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.json().code, /^SANAD_ERR_(UNKNOWN_FIELD|VALIDATION|RECIPIENT_KEY_REQUIRED)$/)
  }
  const sneaky = await w.legal({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/dossiers?recipientKey=none&encrypt=0`,
    payload: { namesReviewed: true }
  })
  t.equal(sneaky.json().code, 'SANAD_ERR_RECIPIENT_KEY_REQUIRED')
  t.same({ dossiers: dossierCount(), exported: exportedCount() }, before, 'nothing was built')

  // A built one comes out as the message, whatever the query says.
  const asked = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { recipientKey: recipient.publicKey } })
  const id = asked.json().id as string
  await w.app.jobs.settle()
  for (const query of ['', '?format=zip', '?plain=1', '?decrypt=true']) {
    const res = await w.legal(`/api/v1/dossiers/${id}/package${query}`)
    t.equal(res.statusCode, 200)
    t.notOk(isZip(res.rawPayload), `still encrypted with "${query}"`)
  }
  // Ordinary accounts get nothing at all.
  for (const role of ['documenter', 'reviewer', 'auditor'] as const) {
    const res = await w.app.inject({ url: `/api/v1/dossiers/${id}/package`, headers: await asRole(w.app, role) })
    t.equal(res.statusCode, 403, role)
    t.equal(res.json().code, 'SANAD_ERR_FORBIDDEN')
    const ask = await w.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/dossiers`,
      headers: await asRole(w.app, role),
      payload: { recipientKey: recipient.publicKey }
    })
    t.equal(ask.statusCode, 403, role)
  }
  t.equal(dossierCount(), before.dossiers + 1)
})

t.test('a restricted dossier may be encrypted too when a key is given, and is a plain ZIP otherwise', async (t) => {
  const caseId = await createCase(w)
  const plain = await w.legal({ method: 'POST', url: `/api/v1/cases/${caseId}/dossiers`, payload: { namesReviewed: true } })
  const sealed = await w.legal({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/dossiers`,
    payload: { namesReviewed: true, recipientKey: recipient.publicKey }
  })
  await w.app.jobs.settle()
  const a = await w.legal(`/api/v1/dossiers/${plain.json().id}/package`)
  const b = await w.legal(`/api/v1/dossiers/${sealed.json().id}/package`)
  t.ok(isZip(a.rawPayload))
  t.equal(a.headers['content-type'], 'application/zip')
  t.notOk(isZip(b.rawPayload))
  t.ok(isZip(await decryptMessage(b.rawPayload, recipient.privateKey)))
})
