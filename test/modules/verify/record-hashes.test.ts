// The ledger entries of incident revisions, person snapshots, consent changes, case element links and
// ingested items' collection fields carry the RFC 8785 hash of what they record; `npm run verify`
// re-derives each from the database. Each tamper case (test/fixtures/record-tamper/*.json) is a
// direct database edit that verification must name.
import t, { type Test } from 'tap'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { testApp, incidentInput, accountFor, asRole } from '../../helpers/app.ts'
import { as } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { openSqlite, databaseFile } from '../../../server/db/connection.ts'
import { BlobStore } from '../../../server/blobs/store.ts'
import { loadLedgerSigner } from '../../../server/keys/key-files.ts'
import { verifyDataDir, type VerifyReport } from '../../../server/modules/verify/service.ts'
import { main } from '../../../scripts/sanad.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const CASES_DIR = fileURLToPath(new URL('../../fixtures/record-tamper/', import.meta.url))

type TamperCase = {
  attack: string
  description: string
  dropTriggersOn?: string[]
  sql: string[]
  expect: { code: string; messageIncludes: string }
}
type Ids = { incident: string; person: string; evidence: string; case: string; translation: string; linked: string }

/** A data dir with an edited incident, a protected witness whose consent changed, an exhibit and a case; app closed. */
async function world(t: Test): Promise<{ dir: string; ids: Ids; origin: string }> {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const legal = await as(app, 'legal')
  const createdIncident = await doc({
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ categories: ['cah-imprisonment'] })
  })
  if (createdIncident.statusCode !== 201) throw new Error(createdIncident.body)
  const incident = createdIncident.json()
  const edited = await doc({
    method: 'PATCH',
    url: `/api/v1/incidents/${incident.id}`,
    payload: { baseRevision: 1, narrative: 'Men were led away blindfolded and held for three weeks.' }
  })
  if (edited.statusCode !== 200) throw new Error(edited.body)
  const createdPerson = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/persons`,
    payload: {
      role: 'witness',
      name: 'Zarghuna Ahmadi',
      contacts: [{ type: 'phone', value: '+93 700 000 000' }],
      protected: true,
      consent: { icc: true, un: false, national: true, publication: false, image: false }
    }
  })
  if (createdPerson.statusCode !== 201) throw new Error(createdPerson.body)
  const person = createdPerson.json()
  // The same witness linked to a second incident as a victim (one person, one pseudonym).
  const second = await doc({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })
  if (second.statusCode !== 201) throw new Error(second.body)
  const linkedTo = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${second.json().id}/persons`,
    payload: { personId: person.id, role: 'victim' }
  })
  if (linkedTo.statusCode !== 201) throw new Error(linkedTo.body)
  const withdrawn = await doc({ method: 'POST', url: `/api/v1/persons/${person.id}/consent`, payload: { icc: false } })
  if (withdrawn.statusCode !== 201) throw new Error(withdrawn.body)
  const { payload, headers } = multipart([
    { name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' },
    { name: 'source', value: 'device-handover' },
    { name: 'collectedBy', value: 'FD-07' },
    { name: 'collectedAt', value: '2023-08-05' },
    { name: 'description', value: 'Taken at the Pul-e-Charkhi gate by the brother' }
  ])
  const item = await doc({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers })
  if (item.statusCode !== 201) throw new Error(item.body)
  // An informal English translation of the exhibit, by the documenter (staff code TR-03).
  const account = await accountFor(app, 'documenter')
  const code = await app.inject({
    method: 'PUT',
    url: `/api/v1/users/${account.id}/staff-code`,
    headers: await asRole(app, 'admin'),
    payload: { staffCode: 'TR-03' }
  })
  if (code.statusCode !== 200) throw new Error(code.body)
  const secondFile = multipart([
    { name: 'file', value: evidenceFixture('statement.txt'), filename: 'statement.txt' },
    { name: 'description', value: 'Statement typed up from the voice note' }
  ])
  const translation = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/evidence`,
    payload: secondFile.payload,
    headers: secondFile.headers
  })
  if (translation.statusCode !== 201) throw new Error(translation.body)
  const linked = await doc({
    method: 'POST',
    url: `/api/v1/evidence/${translation.json().id}/custody-events`,
    payload: {
      type: 'transcribed-or-translated',
      occurredAt: '2023-09-01',
      originalId: item.json().id,
      kind: 'translation',
      sourceLanguage: 'fa',
      targetLanguage: 'en',
      method: 'human',
      certification: 'informal'
    }
  })
  if (linked.statusCode !== 201) throw new Error(linked.body)
  const created = await legal({
    method: 'POST',
    url: '/api/v1/cases',
    payload: {
      title: 'Detention 2023',
      incidentIds: [incident.id],
      recipient: 'icc-otp',
      profile: 'restricted',
      elementLinks: [
        { incidentId: incident.id, category: 'cah-imprisonment', element: 'deprivation-of-liberty', evidenceIds: [item.json().id] }
      ]
    }
  })
  if (created.statusCode !== 201) throw new Error(created.body)
  app.ledger.checkpoint()
  await app.close()
  return {
    dir: app.config.dataDir,
    origin: app.config.ledgerOrigin,
    ids: {
      incident: incident.id,
      person: person.id,
      evidence: item.json().id,
      case: created.json().id,
      translation: translation.json().id,
      linked: second.json().id
    }
  }
}

async function verifyDir(dir: string, origin: string): Promise<VerifyReport> {
  const sqlite = openSqlite(databaseFile(dir), { readonly: true })
  try {
    return await verifyDataDir({
      sqlite,
      blobs: new BlobStore(dir),
      verifierKey: loadLedgerSigner(dir, origin, { create: false }).verifierKey,
      workers: 1
    })
  } finally {
    sqlite.close()
  }
}

function fill(text: string, ids: Ids): string {
  return text.replace(/:(incident|person|evidence|case|translation|linked)\b/g, (_, k: keyof Ids) => ids[k])
}

function tamper(dir: string, c: TamperCase, ids: Ids): void {
  const db = new Database(databaseFile(dir))
  try {
    for (const table of c.dropTriggersOn ?? []) {
      const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as { name: string }[]
      for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`)
    }
    for (const sql of c.sql) {
      const changed = db.prepare(sql).run(Object.fromEntries(Object.entries(ids).filter(([k]) => sql.includes(`:${k}`)))).changes
      if (changed === 0) throw new Error(`${c.attack}: "${sql}" changed nothing`)
    }
  } finally {
    db.close()
  }
}

const cases = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(CASES_DIR, f), 'utf8')) as TamperCase)

t.test('the ledger carries content hashes, never the content, and verify passes on the intact data dir', async (t) => {
  const { dir, ids, origin } = await world(t)
  const db = new Database(databaseFile(dir), { readonly: true })
  const entries = (db.prepare('SELECT canonical FROM ledger_entries ORDER BY idx').all() as Array<{ canonical: Buffer }>).map(
    (r) => JSON.parse(r.canonical.toString('utf8')) as { type: string; subject: { id: string }; details: Record<string, unknown> }
  )
  const text = entries.map((e) => JSON.stringify(e)).join('\n')
  db.close()
  for (const type of ['incident-created', 'incident-revised', 'person-created', 'consent-changed', 'case-created'])
    t.match(entries.find((e) => e.type === type)?.details.contentSha256, /^[0-9a-f]{64}$/, `${type} carries a content hash`)
  for (const type of ['person-created', 'person-linked'])
    t.match(entries.find((e) => e.type === type)?.details.linkSha256, /^[0-9a-f]{64}$/, `${type} carries its link's hash`)
  const ingested = entries.find((e) => e.type === 'ingested' && e.subject.id === ids.evidence)
  t.match(ingested?.details, {
    sourceType: 'device-handover',
    collectedAt: '2023-08-05',
    collectionSha256: /^[0-9a-f]{64}$/,
    descriptionSha256: /^[0-9a-f]{64}$/
  })
  for (const secret of ['Zarghuna', '+93 700', 'blindfolded', 'FD-07', 'Pul-e-Charkhi', 'voice note'])
    t.notOk(text.includes(secret), `the ledger never holds "${secret}"`)
  const report = await verifyDir(dir, origin)
  t.same(report.problems, [])
  t.equal(report.ok, true)
})

t.test('each direct database edit of a recorded content is named by verify', async (t) => {
  const { dir, ids, origin } = await world(t)
  const work = mkdtempSync(join(tmpdir(), 'sanad-record-tamper-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  t.ok(cases.length >= 8, 'the tamper cases are there')
  for (const c of cases) {
    const copy = join(work, c.attack)
    cpSync(dir, copy, { recursive: true })
    tamper(copy, c, ids)
    const report = await verifyDir(copy, origin)
    t.equal(report.ok, false, `${c.attack}: verification fails`)
    const message = fill(c.expect.messageIncludes, ids)
    t.ok(
      report.problems.some((p) => p.code === c.expect.code && p.message.includes(message)),
      `${c.attack}: ${c.description} → ${c.expect.code}`,
      { expected: message, problems: report.problems }
    )
  }
})

t.test('npm run verify exits 1 naming an edited collection date', async (t) => {
  const { dir, ids } = await world(t)
  const c = cases.find((x) => x.attack === 'collection-date-edited')!
  tamper(dir, c, ids)
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify.ts'), '--data-dir', dir], {
    cwd: root,
    encoding: 'utf8'
  })
  t.equal(res.status, 1, 'verification fails', { stdout: res.stdout, stderr: res.stderr })
  t.match(res.stdout, new RegExp(`SANAD_ERR_RECORD_LEDGER_MISMATCH: evidence ${ids.evidence}: its collection fields`))
})

t.test('a master-key rotation re-seals every person and records each new hash: verify still passes, and still sees an edit', async (t) => {
  const { dir, ids, origin } = await world(t)
  let err = ''
  const io = { out: () => undefined, err: (s: string) => void (err += s), readStdin: async () => '', env: {} }
  t.equal(await main(['key', 'rotate', '--data-dir', dir], io), 0, err)
  const db = new Database(databaseFile(dir), { readonly: true })
  const resealed = db.prepare("SELECT count(*) AS n FROM ledger_entries WHERE type = 'person-resealed'").get() as { n: number }
  const descriptions = db.prepare("SELECT count(*) AS n FROM ledger_entries WHERE type = 'evidence-description-resealed'").get() as {
    n: number
  }
  db.close()
  t.equal(resealed.n, 1, 'one person-resealed entry per person')
  t.equal(descriptions.n, 2, 'one evidence-description-resealed entry per exhibit with a description')
  const report = await verifyDir(dir, origin)
  t.same(report.problems, [], 'every person and description re-derives to its re-sealed hash')
  tamper(dir, cases.find((c) => c.attack === 'person-protection-lowered')!, ids)
  tamper(dir, cases.find((c) => c.attack === 'description-replaced')!, ids)
  const after = await verifyDir(dir, origin)
  t.ok(after.problems.some((p) => p.message.includes(`person ${ids.person}: the record as stored no longer hashes`)))
  t.ok(after.problems.some((p) => p.message.includes(`evidence ${ids.evidence}: its description no longer hashes`)))
})
