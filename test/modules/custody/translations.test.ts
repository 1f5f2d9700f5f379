// Translations and transcripts (#17 item 6): an exhibit recorded as the translation or transcript of
// another exhibit of its incident — kind, languages, translator and reviewer by staff code, method,
// informal or certified, date — as a `transcribed-or-translated` custody event whose ledger entry holds
// ids, hashes and closed words only, and the content hash `npm run verify` re-derives.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, accountFor, asRole } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { authRepo } from '../../../server/auth/repo.ts'

async function incident(inject: Inject, input?: Record<string, unknown>): Promise<string> {
  return (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(input) })).json().id
}

async function upload(inject: Inject, incidentId: string, fixture: string): Promise<{ id: string; sha256: string }> {
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture(fixture), filename: fixture }])
  const res = await inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/evidence`, payload, headers })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function staffCode(app: FastifyInstance, role: 'documenter' | 'reviewer' | 'legal', code: string): Promise<void> {
  const account = await accountFor(app, role)
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/users/${account.id}/staff-code`,
    headers: await asRole(app, 'admin'),
    payload: { staffCode: code }
  })
  if (res.statusCode !== 200) throw new Error(res.body)
}

const link = (originalId: string, extra: Record<string, unknown> = {}) => ({
  type: 'transcribed-or-translated',
  occurredAt: '2024-03-02',
  originalId,
  kind: 'translation',
  sourceLanguage: 'fa-AF',
  targetLanguage: 'en',
  method: 'human',
  certification: 'certified',
  ...extra
})

t.test(
  'a certified English translation of a Dari statement: 201, the link read back, one ledger entry of ids, hashes and codes',
  async (t) => {
    const app = await testApp(t)
    await staffCode(app, 'documenter', 'TR-03')
    await staffCode(app, 'reviewer', 'RV-01')
    const doc = await as(app, 'documenter')
    const inc = await incident(doc)
    const original = await upload(doc, inc, 'kabul-phone.jpg')
    const translation = await upload(doc, inc, 'statement.txt')
    const before = app.ledger.size()
    const res = await doc({
      method: 'POST',
      url: `/api/v1/evidence/${translation.id}/custody-events`,
      payload: link(original.id, { reviewedBy: 'RV-01', note: 'Translated from the handwritten statement of Zarghuna' })
    })
    t.equal(res.statusCode, 201, res.body)
    t.match(res.json(), {
      type: 'transcribed-or-translated',
      evidenceId: translation.id,
      originalId: original.id,
      originalSha256: original.sha256,
      itemSha256: translation.sha256,
      kind: 'translation',
      sourceLanguage: 'fa-AF',
      targetLanguage: 'en',
      method: 'human',
      certification: 'certified',
      by: 'TR-03',
      reviewedBy: 'RV-01',
      occurredAt: '2024-03-02'
    })
    t.equal(app.ledger.size(), before + 1, 'one ledger entry')
    const entry = (await doc({ url: `/api/v1/ledger/entries/${res.json().ledgerIndex}` })).json().entry
    t.equal(entry.type, 'transcribed-or-translated')
    t.equal(entry.subject.id, translation.id)
    t.same(entry.details, {
      event: res.json().id,
      occurredAt: '2024-03-02',
      contentSha256: res.json().contentSha256,
      itemSha256: translation.sha256,
      original: original.id,
      originalSha256: original.sha256,
      kind: 'translation',
      sourceLanguage: 'fa-AF',
      targetLanguage: 'en',
      method: 'human',
      certification: 'certified'
    })
    const raw = JSON.stringify(entry)
    for (const s of ['TR-03', 'RV-01', 'Zarghuna']) t.notOk(raw.includes(s), `the ledger holds no ${s}`)
    const listed = (await doc({ url: `/api/v1/evidence/${translation.id}/custody-events` })).json().items
    t.equal(listed.length, 1)
    t.equal(listed[0].originalId, original.id)
  }
)

t.test('a transcript made machine-assisted by a named translator; only one link per exhibit', async (t) => {
  const app = await testApp(t)
  await staffCode(app, 'documenter', 'KBL-07')
  await staffCode(app, 'legal', 'TR-09')
  const doc = await as(app, 'documenter')
  const inc = await incident(doc)
  const original = await upload(doc, inc, 'kabul-phone.jpg')
  const transcript = await upload(doc, inc, 'statement.txt')
  const res = await doc({
    method: 'POST',
    url: `/api/v1/evidence/${transcript.id}/custody-events`,
    payload: link(original.id, {
      kind: 'transcript',
      targetLanguage: 'fa',
      method: 'machine-assisted',
      certification: 'informal',
      by: 'TR-09'
    })
  })
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { kind: 'transcript', method: 'machine-assisted', certification: 'informal', by: 'TR-09' })
  const again = await doc({ method: 'POST', url: `/api/v1/evidence/${transcript.id}/custody-events`, payload: link(original.id) })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'SANAD_ERR_TRANSLATION_EXISTS')
})

t.test('the original must be another exhibit of the same incident, and links never make a cycle', async (t) => {
  const app = await testApp(t)
  await staffCode(app, 'documenter', 'TR-03')
  const doc = await as(app, 'documenter')
  const inc = await incident(doc)
  const a = await upload(doc, inc, 'kabul-phone.jpg')
  const b = await upload(doc, inc, 'statement.txt')
  const elsewhere = await upload(doc, await incident(doc), 'statement.txt')
  const post = (on: string, body: Record<string, unknown>) =>
    doc({ method: 'POST', url: `/api/v1/evidence/${on}/custody-events`, payload: body })
  const before = app.ledger.size()
  for (const [why, on, original] of [
    ['itself', a.id, a.id],
    ['another incident', a.id, elsewhere.id],
    ['no such exhibit', a.id, '00000000-0000-4000-8000-000000000000']
  ] as const) {
    const res = await post(on, link(original))
    t.equal(res.statusCode, 400, why)
    t.equal(res.json().code, 'SANAD_ERR_ORIGINAL_INVALID', why)
  }
  t.equal(app.ledger.size(), before, 'nothing written')
  t.equal((await post(b.id, link(a.id))).statusCode, 201, 'b translates a')
  const cycle = await post(a.id, link(b.id))
  t.equal(cycle.statusCode, 400, 'a cannot then translate b')
  t.equal(cycle.json().code, 'SANAD_ERR_ORIGINAL_INVALID')
})

t.test('refused: a method of another event type, a missing field, an unknown reviewer, no translator', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const inc = await incident(doc)
  const a = await upload(doc, inc, 'kabul-phone.jpg')
  const b = await upload(doc, inc, 'statement.txt')
  const post = (body: Record<string, unknown>) => doc({ method: 'POST', url: `/api/v1/evidence/${b.id}/custody-events`, payload: body })
  const noTranslator = await post(link(a.id))
  t.equal(noTranslator.statusCode, 400, 'the caller has no staff code and named no translator')
  t.equal(noTranslator.json().details?.field, 'by')
  await staffCode(app, 'documenter', 'TR-03')
  const courier = await post(link(a.id, { method: 'courier' }))
  t.equal(courier.json().code, 'SANAD_ERR_VALIDATION')
  const { certification: _c, ...missing } = link(a.id)
  t.equal((await post(missing)).json().code, 'SANAD_ERR_VALIDATION')
  t.equal((await post(link(a.id, { reviewedBy: 'NO-ONE' }))).json().code, 'SANAD_ERR_STAFF_CODE_UNKNOWN')
  t.equal((await post(link(a.id, { sourceLanguage: 'Dari language' }))).statusCode, 400, 'a language is a BCP 47 tag')
  const received = await post({
    type: 'received',
    occurredAt: '2024-01-01',
    fromSource: 'witness',
    medium: 'paper',
    method: 'in-person',
    originalId: a.id
  })
  t.equal(received.json().code, 'SANAD_ERR_UNKNOWN_FIELD', 'originalId belongs to translations only')
  t.same((await doc({ url: `/api/v1/evidence/${b.id}/custody-events` })).json().items, [])
})

t.test('insider: a documenter not cleared for a need-to-know incident cannot link its exhibits; nothing is written', async (t) => {
  const app = await testApp(t)
  await staffCode(app, 'documenter', 'TR-03')
  const doc = await as(app, 'documenter')
  const inc = await incident(doc, { categories: ['cah-rape'] })
  const a = await upload(doc, inc, 'kabul-phone.jpg')
  const b = await upload(doc, inc, 'statement.txt')
  const user = await app.users.create({ username: 'second-documenter', password: 'another pass-phrase 5521', role: 'documenter' }, 'system')
  const seq = authRepo(app.db).userById(user.id)?.seq as number
  const { token } = app.auth.createToken(seq, 'test', null)
  const before = app.ledger.size()
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/evidence/${b.id}/custody-events`,
    headers: { authorization: `Bearer ${token}` },
    payload: link(a.id, { by: 'TR-03' })
  })
  t.equal(res.statusCode, 403)
  t.equal(res.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  t.equal(app.ledger.size(), before, 'nothing written')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM custody_events').get() as { n: number }).n, 0)
})
