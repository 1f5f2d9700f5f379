// Comments on incidents and exhibits (#19 item 7): a feed with @mentions that notify, inside the app,
// only accounts that may read the incident; the text sealed at rest and never in the ledger or a
// notification.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { accountFor, asRole, asUsername, clearFor, incidentInput, testApp, TEST_PASSWORD } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'

const TEXT = 'Zarghuna Ahmadi told us the checkpoint moved'

async function account(app: FastifyInstance, username: string, role: 'documenter' | 'reviewer' | 'legal' | 'auditor') {
  const view = await app.users.create({ username, password: TEST_PASSWORD, role }, 'system')
  return { id: view.id, headers: await asUsername(app, username) }
}

async function post(app: FastifyInstance, headers: Record<string, string>, url: string, payload?: unknown) {
  return await app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
}

t.test(
  'a comment with an @mention notifies that account by ids and reference only; the text is sealed and kept out of the ledger',
  async (t) => {
    const app = await testApp(t)
    const doc = await asRole(app, 'documenter')
    const farid = await account(app, 'farid', 'reviewer')
    const incident = (await post(app, doc, '/api/v1/incidents', incidentInput())).json()
    const res = await post(app, doc, `/api/v1/incidents/${incident.id}/comments`, { body: `@Farid please look: ${TEXT}` })
    t.equal(res.statusCode, 201, res.body)
    const comment = res.json()
    t.equal(comment.body, `@Farid please look: ${TEXT}`)
    t.same(comment.mentions, [`user:${farid.id}`])
    t.match(comment.author, /^user:/)

    const feed = (await app.inject({ url: `/api/v1/incidents/${incident.id}/comments`, headers: farid.headers })).json()
    t.same(
      feed.items.map((c: { id: string }) => c.id),
      [comment.id],
      'the mentioned reviewer reads the feed'
    )

    const inbox = await app.inject({ url: '/api/v1/notifications', headers: farid.headers })
    t.equal(inbox.statusCode, 200)
    t.equal(inbox.json().unread, 1)
    t.match(inbox.json().items[0], {
      kind: 'mention',
      incidentId: incident.id,
      incidentReference: incident.reference,
      commentId: comment.id,
      read: false
    })
    t.notMatch(inbox.body, /Zarghuna|checkpoint|please/, 'the notification carries no text')
    t.equal((await app.inject({ url: '/api/v1/notifications', headers: doc })).json().unread, 0, 'the author is not notified')

    const entry = (await app.inject({ url: `/api/v1/ledger/entries/${comment.ledgerIndex}`, headers: doc })).json()
    t.equal(entry.entry.type, 'comment-posted')
    t.same(entry.entry.details, { comment: comment.id, mentions: 1, contentSha256: comment.contentSha256 })
    t.notMatch(Buffer.from(entry.canonical, 'base64').toString(), /Zarghuna|Farid/i, 'no text in the ledger')
    const stored = app.sqlite.prepare('SELECT body_enc FROM comments WHERE id = ?').get(comment.id) as { body_enc: string }
    t.match(stored.body_enc, /^sf1:/, 'sealed at rest')
    t.notMatch(stored.body_enc, /Zarghuna/)

    const one = await post(app, farid.headers, `/api/v1/notifications/${inbox.json().items[0].id}/read`)
    t.same(one.json(), { marked: 1 })
    t.equal((await app.inject({ url: '/api/v1/notifications', headers: farid.headers })).json().unread, 0)
    t.equal(
      (await post(app, doc, `/api/v1/notifications/${inbox.json().items[0].id}/read`)).statusCode,
      404,
      "another's notification is not found"
    )
  }
)

t.test('a staff code mentions its account; a comment on an exhibit names it, and an exhibit of another incident is refused', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const legal = await accountFor(app, 'legal')
  const code = await app.inject({
    method: 'PUT',
    url: `/api/v1/users/${legal.id}/staff-code`,
    headers: await asRole(app, 'admin'),
    payload: { staffCode: 'KBL-07' }
  })
  t.ok(code.statusCode < 300, code.body)
  const incident = (await post(app, doc, '/api/v1/incidents', incidentInput())).json()
  const other = (await post(app, doc, '/api/v1/incidents', incidentInput())).json()
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers: { ...doc, ...headers } })
  ).json()
  const res = await post(app, doc, `/api/v1/incidents/${incident.id}/comments`, {
    body: 'for @kbl-07: the frame at 0:12',
    evidenceId: item.id
  })
  t.equal(res.statusCode, 201, res.body)
  t.same(res.json().mentions, [`user:${legal.id}`])
  const n = (await app.inject({ url: '/api/v1/notifications', headers: await asRole(app, 'legal') })).json().items[0]
  t.match(n, { evidenceId: item.id, evidenceStableId: item.stableId, incidentReference: incident.reference })
  t.equal(
    (await app.inject({ url: `/api/v1/incidents/${incident.id}/comments?evidenceId=${item.id}`, headers: doc })).json().items.length,
    1
  )
  const wrong = await post(app, doc, `/api/v1/incidents/${other.id}/comments`, { body: 'misplaced', evidenceId: item.id })
  t.equal(wrong.statusCode, 404)
  t.equal(wrong.json().code, 'SANAD_ERR_EVIDENCE_NOT_FOUND')
  t.equal(
    (await post(app, doc, `/api/v1/incidents/${incident.id}/comments`, { body: '   ' })).statusCode,
    400,
    'an empty comment is refused'
  )
})

t.test(
  'need-to-know: an uncleared account can neither read nor post, and a mention of it notifies no one; cleared, it is notified',
  async (t) => {
    const app = await testApp(t)
    const doc = await asRole(app, 'documenter')
    const nadia = await account(app, 'nadia', 'reviewer')
    const ntk = (await post(app, doc, '/api/v1/incidents', incidentInput({ categories: ['cah-sexual-violence-other'] }))).json()
    const before = app.sqlite.prepare('SELECT COUNT(*) AS n FROM ledger_entries').get() as { n: number }
    const refused = await post(app, nadia.headers, `/api/v1/incidents/${ntk.id}/comments`, { body: 'let me in' })
    t.equal(refused.statusCode, 403)
    t.equal(refused.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    const read = await app.inject({ url: `/api/v1/incidents/${ntk.id}/comments`, headers: nadia.headers })
    t.equal(read.statusCode, 403)
    t.equal(read.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    t.same(app.sqlite.prepare('SELECT COUNT(*) AS n FROM ledger_entries').get(), before, 'nothing recorded')

    const c = (await post(app, doc, `/api/v1/incidents/${ntk.id}/comments`, { body: `@nadia ${TEXT}` })).json()
    t.same(c.mentions, [], 'the uncleared reviewer is not among the notified')
    t.same((await app.inject({ url: '/api/v1/notifications', headers: nadia.headers })).json(), { items: [], unread: 0 })

    const auditor = await account(app, 'aziz', 'auditor')
    const c2 = (await post(app, doc, `/api/v1/incidents/${ntk.id}/comments`, { body: '@aziz have a look' })).json()
    t.same(c2.mentions, [], 'an auditor (no incident reading) is never notified')
    t.equal((await app.inject({ url: `/api/v1/incidents/${ntk.id}/comments`, headers: auditor.headers })).statusCode, 403)

    await clearFor(app, nadia.id, ntk.id)
    const c3 = (await post(app, doc, `/api/v1/incidents/${ntk.id}/comments`, { body: '@nadia now you may' })).json()
    t.same(c3.mentions, [`user:${nadia.id}`])
    t.equal((await app.inject({ url: '/api/v1/notifications', headers: nadia.headers })).json().unread, 1)
  }
)
