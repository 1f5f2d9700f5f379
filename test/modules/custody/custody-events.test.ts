// Custody before Sanad (#17 item 4): custody events recorded by people on an exhibit — received,
// transferred, captured online, physical item sealed, the collector's declaration — with staff codes
// and closed lists, free fields sealed at rest, one ledger entry of codes and the content hash each.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, accountFor, asRole } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { authRepo } from '../../../server/auth/repo.ts'

async function exhibit(inject: Inject, incident?: Record<string, unknown>): Promise<string> {
  const id = (await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(incident) })).json().id
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  return (await inject({ method: 'POST', url: `/api/v1/incidents/${id}/evidence`, payload, headers })).json().id
}

/** Gives the test account of `role` a staff code through the admin API. */
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

/** An account of its own (a second documenter), by API token. */
async function another(app: FastifyInstance, username: string): Promise<Inject> {
  const user = await app.users.create({ username, password: 'another pass-phrase 5521', role: 'documenter' }, 'system')
  const seq = authRepo(app.db).userById(user.id)?.seq as number
  const { token } = app.auth.createToken(seq, 'test', null)
  return async (opts) => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    return await app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${token}` } } as never)
  }
}

const URL_TEXT = 'https://www.facebook.com/some.page/posts/pfbid0secretpost'

t.test(
  'an item received from a witness years before upload: 201, one ledger entry of codes and the content hash, nothing free',
  async (t) => {
    const app = await testApp(t)
    await staffCode(app, 'documenter', 'KBL-07')
    const doc = await as(app, 'documenter')
    const item = await exhibit(doc)
    const before = app.ledger.size()
    const res = await doc({
      method: 'POST',
      url: `/api/v1/evidence/${item}/custody-events`,
      payload: {
        type: 'received',
        occurredAt: '2021-09-14',
        fromSource: 'witness',
        medium: 'memory-card',
        method: 'in-person',
        note: 'Handed over at the Herat office by the brother'
      }
    })
    t.equal(res.statusCode, 201, res.body)
    const e = res.json()
    t.match(e, {
      evidenceId: item,
      type: 'received',
      occurredAt: '2021-09-14',
      by: 'KBL-07',
      fromSource: 'witness',
      medium: 'memory-card',
      method: 'in-person'
    })
    t.equal(e.note, 'Handed over at the Herat office by the brother', 'the recorder reads the note back')
    t.equal(app.ledger.size(), before + 1, 'one ledger entry')
    const entry = (await doc({ url: `/api/v1/ledger/entries/${e.ledgerIndex}` })).json()
    t.equal(entry.entry.type, 'received')
    t.equal(entry.entry.subject.id, item)
    t.same(entry.entry.details, {
      event: e.id,
      occurredAt: '2021-09-14',
      contentSha256: e.contentSha256,
      fromSource: 'witness',
      medium: 'memory-card',
      method: 'in-person'
    })
    const canonical = Buffer.from(entry.canonical, 'base64').toString()
    t.notMatch(canonical, /Herat|brother|KBL-07/, 'no note and no staff code in the ledger')
    // Listed with the exhibit's custody: the ledger entry among its custody entries, the event in its list.
    const custody = (await doc({ url: `/api/v1/evidence/${item}/custody` })).json()
    t.ok(
      custody.items.some((i: { index: number }) => i.index === e.ledgerIndex) || custody.size <= e.ledgerIndex,
      'custody lists it once checkpointed'
    )
    const listed = (await doc({ url: `/api/v1/evidence/${item}/custody-events` })).json().items
    t.same(
      listed.map((x: { id: string }) => x.id),
      [e.id]
    )
  }
)

t.test('events list in the order they happened; URL, post id and tool are sealed at rest; auditors see codes only', async (t) => {
  const app = await testApp(t)
  await staffCode(app, 'documenter', 'KBL-07')
  await staffCode(app, 'reviewer', 'HRT-02')
  const doc = await as(app, 'documenter')
  const item = await exhibit(doc)
  const post = async (payload: Record<string, unknown>) => {
    const res = await doc({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload })
    t.equal(res.statusCode, 201, res.body)
    return res.json()
  }
  const handover = await post({
    type: 'transferred',
    occurredAt: '2022-03-01T10:00:00+04:30',
    toStaffCode: 'HRT-02',
    method: 'hand-delivery'
  })
  const capture = await post({
    type: 'captured-online',
    occurredAt: '2021-08-20T06:12:00Z',
    url: URL_TEXT,
    postId: 'pfbid0secretpost',
    tool: 'Hunchly',
    toolVersion: '2.4.1',
    platform: 'facebook',
    itemSha256: 'A'.repeat(64)
  })
  const sealed = await post({ type: 'physical-item-sealed', occurredAt: '2022-03-02', sealNumber: 'SEAL-000417' })
  t.equal(handover.occurredAt, '2022-03-01T05:30:00.000Z', 'a time is kept in UTC')
  t.equal(capture.itemSha256, 'a'.repeat(64), 'the hash where known, lower-case')
  t.equal(sealed.action, 'sealed')
  const listed = (await doc({ url: `/api/v1/evidence/${item}/custody-events` })).json().items
  t.same(
    listed.map((x: { type: string }) => x.type),
    ['captured-online', 'transferred', 'physical-item-sealed'],
    'by the time they happened, not the order they were recorded'
  )
  t.equal(listed[0].url, URL_TEXT)
  const auditor = await as(app, 'auditor')
  const seen = (await auditor({ url: `/api/v1/evidence/${item}/custody-events` })).json().items
  t.equal(seen[0].withheld, 'integrity-only')
  t.equal(seen[0].platform, 'facebook')
  t.notOk('url' in seen[0] || 'postId' in seen[0] || 'tool' in seen[0], 'no free fields for auditors')
  t.notOk('sealNumber' in seen[2])
  const canonical = (await doc({ url: `/api/v1/ledger/entries/${capture.ledgerIndex}` })).json().canonical
  t.notMatch(Buffer.from(canonical, 'base64').toString(), /facebook\.com|pfbid|Hunchly/, 'no URL, post id or tool in the ledger')
  app.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const file = readFileSync(join(app.config.dataDir, 'sanad.db'))
  t.notOk(file.includes(Buffer.from('pfbid0secretpost')), 'the post id is sealed at rest')
  t.notOk(file.includes(Buffer.from('SEAL-000417')), 'the seal number is sealed at rest')
})

t.test(
  'closed lists and fields by type: unknown fields, wrong methods, unknown staff codes, names and future dates are 400; nothing is written',
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const item = await exhibit(doc)
    const before = app.ledger.size()
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { type: 'received', occurredAt: '2021-01-01', fromName: 'Gul Ahmad', medium: 'paper', method: 'post' },
        'SANAD_ERR_UNKNOWN_FIELD',
        'fromName'
      ],
      [
        { type: 'received', occurredAt: '2021-01-01', fromSource: 'cousin', medium: 'paper', method: 'post' },
        'SANAD_ERR_VALIDATION',
        'fromSource'
      ],
      [
        { type: 'received', occurredAt: '2021-01-01', fromStaffCode: 'Gul Ahmad', medium: 'paper', method: 'post' },
        'SANAD_ERR_VALIDATION',
        'fromStaffCode'
      ],
      [
        { type: 'received', occurredAt: '2021-01-01', fromSource: 'witness', medium: 'paper', method: 'courier-pigeon' },
        'SANAD_ERR_VALIDATION',
        'method'
      ],
      [
        { type: 'received', occurredAt: '2021-01-01', fromSource: 'witness', medium: 'paper', method: 'hand-delivery' },
        'SANAD_ERR_VALIDATION',
        'method'
      ],
      [{ type: 'received', occurredAt: '2021-01-01', medium: 'paper', method: 'post' }, 'SANAD_ERR_VALIDATION', 'fromSource'],
      [
        { type: 'received', occurredAt: '2021-01-01', fromStaffCode: 'NOBODY-1', medium: 'paper', method: 'post' },
        'SANAD_ERR_STAFF_CODE_UNKNOWN',
        'fromStaffCode'
      ],
      [
        { type: 'received', occurredAt: '2021-01-01', fromSource: 'witness', medium: 'paper', method: 'post', url: 'https://x.example/a' },
        'SANAD_ERR_UNKNOWN_FIELD',
        'url'
      ],
      [{ type: 'transferred', occurredAt: '2021-01-01', method: 'courier' }, 'SANAD_ERR_VALIDATION', 'toStaffCode'],
      [
        { type: 'captured-online', occurredAt: '2021-01-01', url: 'https://x.example/a', tool: 'wget' },
        'SANAD_ERR_VALIDATION',
        'toolVersion'
      ],
      [{ type: 'physical-item-sealed', occurredAt: '2099-01-01', sealNumber: 'S-1' }, 'SANAD_ERR_DATE_INVALID', 'occurredAt'],
      [{ type: 'physical-item-sealed', occurredAt: '2021-02-30', sealNumber: 'S-1' }, 'SANAD_ERR_DATE_INVALID', 'occurredAt'],
      [{ type: 'disposed', occurredAt: '2021-01-01' }, 'SANAD_ERR_VALIDATION', 'type']
    ]
    for (const [payload, code, field] of cases) {
      const res = await doc({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.equal(res.json().code, code, JSON.stringify(payload))
      t.match(res.json().field ?? res.json().message, field, JSON.stringify(payload))
    }
    t.equal(app.ledger.size(), before, 'no ledger entry')
    t.same((await doc({ url: `/api/v1/evidence/${item}/custody-events` })).json().items, [], 'no event')
  }
)

t.test(
  'insider: a documenter not cleared for a need-to-know incident cannot add custody to its exhibit; legal and auditors may not at all',
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const item = await exhibit(doc, { categories: ['cah-rape'] })
    const outsider = await another(app, 'second-documenter')
    const headers = { legal: await asRole(app, 'legal'), auditor: await asRole(app, 'auditor'), admin: await asRole(app, 'admin') }
    const before = app.ledger.size()
    const payload = { type: 'received', occurredAt: '2021-01-01', fromSource: 'victim', medium: 'original-device', method: 'in-person' }
    const res = await outsider({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload })
    t.equal(res.statusCode, 403)
    t.equal(res.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    const listed = (await outsider({ url: `/api/v1/evidence/${item}/custody-events` })).json().items
    t.same(listed, [])
    for (const role of ['legal', 'auditor', 'admin'] as const) {
      const r = await app.inject({
        method: 'POST',
        url: `/api/v1/evidence/${item}/custody-events`,
        headers: headers[role],
        payload
      })
      t.equal(r.statusCode, 403, role)
      t.equal(r.json().code, 'SANAD_ERR_FORBIDDEN', role)
    }
    t.equal(app.ledger.size(), before, 'nothing written')
    t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM custody_events').get() as { n: number }).n, 0)
    // The one who recorded the incident may.
    t.equal((await doc({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload })).statusCode, 201)
  }
)

t.test(
  "the collector's declaration: signed by the caller under their own staff code, once per exhibit, its text's hash in the ledger",
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const item = await exhibit(doc)
    const declare = (payload: Record<string, unknown>) => doc({ method: 'POST', url: `/api/v1/evidence/${item}/custody-events`, payload })
    const noCode = await declare({ type: 'collector-declaration', occurredAt: '2024-05-01', template: 'collector-declaration-v1' })
    t.equal(noCode.json().code, 'SANAD_ERR_DECLARATION_NOT_YOURS', 'no staff code, no declaration')
    await staffCode(app, 'documenter', 'KBL-07')
    await staffCode(app, 'reviewer', 'HRT-02')
    const forOther = await declare({
      type: 'collector-declaration',
      occurredAt: '2024-05-01',
      template: 'collector-declaration-v1',
      by: 'HRT-02'
    })
    t.equal(forOther.statusCode, 403)
    t.equal(forOther.json().code, 'SANAD_ERR_DECLARATION_NOT_YOURS', 'nobody declares for a colleague')
    const ok = await declare({ type: 'collector-declaration', occurredAt: '2024-05-01', template: 'collector-declaration-v1' })
    t.equal(ok.statusCode, 201, ok.body)
    t.equal(ok.json().by, 'KBL-07')
    t.match(ok.json().templateSha256, /^[0-9a-f]{64}$/)
    const entry = (await doc({ url: `/api/v1/ledger/entries/${ok.json().ledgerIndex}` })).json().entry
    t.equal(entry.type, 'collector-declared')
    t.equal(entry.details.templateSha256, ok.json().templateSha256)
    const again = await declare({ type: 'collector-declaration', occurredAt: '2024-05-02', template: 'collector-declaration-v1' })
    t.equal(again.statusCode, 409)
    t.equal(again.json().code, 'SANAD_ERR_DECLARATION_EXISTS')
  }
)
