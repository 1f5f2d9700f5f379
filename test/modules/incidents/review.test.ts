import t from 'tap'
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { testApp, incidentInput, asRole, accountFor, TEST_PASSWORD, clearFor } from '../../helpers/app.ts'
import type { Role } from '../../../server/auth/permissions.ts'
import { authRepo } from '../../../server/auth/repo.ts'

/** A further account of `role` (accountFor gives one per role): its API-token headers and id. */
async function another(app: FastifyInstance, role: Role, username: string): Promise<{ headers: Record<string, string>; id: string }> {
  const view = await app.users.create({ username, password: TEST_PASSWORD, role }, 'system')
  const row = authRepo(app.db).userById(view.id)
  if (!row) throw new Error('account vanished')
  return { headers: { authorization: `Bearer ${app.auth.createToken(row.seq, 'test', null).token}` }, id: view.id }
}

async function record(app: FastifyInstance, headers: Record<string, string>, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().id
}

const move = (app: FastifyInstance, headers: Record<string, string>, id: string, payload: Record<string, unknown>) =>
  app.inject({ headers, method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload })

const ledgerText = (app: FastifyInstance): string =>
  (app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>)
    .map((r) => Buffer.from(r.canonical).toString('utf8'))
    .join('\n')

t.test(
  'an incident goes draft → submitted → under review → returned → submitted → verified, each step a revision and a ledger entry',
  async (t) => {
    const app = await testApp(t)
    const author = await asRole(app, 'documenter')
    const reviewer = await asRole(app, 'reviewer')
    const legal = await asRole(app, 'legal')
    const id = await record(app, author)

    const submitted = await move(app, author, id, { to: 'submitted' })
    t.equal(submitted.statusCode, 200, submitted.body)
    t.equal(submitted.json().status, 'submitted')
    t.equal(submitted.json().revision, 2, 'a status change is a revision')
    t.same(submitted.json().moves, ['draft'], 'the author may only take the submission back')

    const taken = await move(app, reviewer, id, { to: 'under-review', baseRevision: 2 })
    t.equal(taken.statusCode, 200, taken.body)
    t.equal(taken.json().status, 'under-review')
    t.equal(taken.json().assignee, `user:${(await accountFor(app, 'reviewer')).id}`, 'the one who takes it for review becomes its reviewer')

    const comment = 'The date of the second witness statement contradicts the narrative: check with Wahidullah.'
    const returned = await move(app, reviewer, id, { to: 'returned', comment })
    t.equal(returned.statusCode, 200, returned.body)
    t.equal(returned.json().status, 'returned')

    const again = await move(app, author, id, { to: 'submitted' })
    t.equal(again.json().status, 'submitted')
    t.equal((await move(app, legal, id, { to: 'under-review' })).statusCode, 200)
    const verified = await move(app, legal, id, { to: 'verified' })
    t.equal(verified.statusCode, 200, verified.body)
    t.equal(verified.json().status, 'verified')
    t.equal(verified.json().revision, 7)

    const history = (await app.inject({ headers: author, url: `/api/v1/incidents/${id}/transitions` })).json()
    t.same(
      history.items.map((s: { from: string; to: string }) => `${s.from}→${s.to}`),
      [
        'draft→submitted',
        'submitted→under-review',
        'under-review→returned',
        'returned→submitted',
        'submitted→under-review',
        'under-review→verified'
      ]
    )
    t.equal(history.items[2].comment, comment, "the author reads the reviewer's comment")
    t.equal(history.items[2].revision, 4)

    const revisions = (await app.inject({ headers: author, url: `/api/v1/incidents/${id}/revisions` })).json()
    t.same(
      revisions.items.map((r: { kind: string }) => r.kind),
      ['created', 'transitioned', 'transitioned', 'transitioned', 'transitioned', 'transitioned', 'transitioned']
    )

    const entries = app.ledger.subjectEntries('incident', id).map((e) => e.entry as { type: string; details: Record<string, unknown> })
    const steps = entries.filter((e) => e.type === 'incident-transitioned')
    t.equal(steps.length, 6, 'each transition is a ledger entry')
    t.same(steps[2]?.details, {
      from: 'under-review',
      to: 'returned',
      revision: 4,
      commented: true,
      contentSha256: steps[2]?.details.contentSha256
    })
    t.same(steps[5]?.details, { from: 'under-review', to: 'verified', revision: 7, contentSha256: steps[5]?.details.contentSha256 })
    t.match(steps[5]?.details.contentSha256, /^[0-9a-f]{64}$/, 'with the hash of the revision it made')
    t.notMatch(ledgerText(app), /Wahidullah|contradicts/, 'the comment never reaches the ledger')

    const stored = app.sqlite.prepare('SELECT comment_enc FROM incident_transitions WHERE comment_enc IS NOT NULL').all() as Array<{
      comment_enc: string
    }>
    t.equal(stored.length, 1)
    t.match(stored[0]?.comment_enc, /^sf1:/, 'the comment is sealed at rest')
    t.notMatch(stored[0]?.comment_enc, /Wahidullah/)
  }
)

t.test("an author's own verification is refused; another documenter's review may verify it", async (t) => {
  const app = await testApp(t)
  const authorReviewer = await asRole(app, 'reviewer')
  const colleague = await another(app, 'reviewer', 'second-reviewer')
  const id = await record(app, authorReviewer)
  t.equal((await move(app, authorReviewer, id, { to: 'submitted' })).statusCode, 200)

  const ownTake = await move(app, authorReviewer, id, { to: 'under-review' })
  t.equal(ownTake.statusCode, 403)
  t.equal(ownTake.json().code, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED', 'the author cannot take their own incident for review')

  t.equal((await move(app, colleague.headers, id, { to: 'under-review' })).statusCode, 200)
  const before = app.ledger.size()
  const own = await move(app, authorReviewer, id, { to: 'verified' })
  t.equal(own.statusCode, 403)
  t.equal(own.json().code, 'SANAD_ERR_SECOND_REVIEWER_REQUIRED')
  t.equal(app.ledger.size(), before, 'a refused move appends nothing')
  const read = (await app.inject({ headers: authorReviewer, url: `/api/v1/incidents/${id}` })).json()
  t.equal(read.status, 'under-review', 'and changes nothing')
  t.same(read.moves, [], 'the author is offered no review step')

  const byColleague = await move(app, colleague.headers, id, { to: 'verified' })
  t.equal(byColleague.statusCode, 200, byColleague.body)
  t.equal(byColleague.json().status, 'verified')
})

t.test('a documenter without the review role cannot review, and nobody skips a step', async (t) => {
  const app = await testApp(t)
  const author = await asRole(app, 'documenter')
  const colleague = await another(app, 'documenter', 'plain-colleague')
  const reviewer = await asRole(app, 'reviewer')
  const id = await record(app, author)

  const skip = await move(app, reviewer, id, { to: 'verified' })
  t.equal(skip.statusCode, 409)
  t.equal(skip.json().code, 'SANAD_ERR_TRANSITION_INVALID')
  t.same(skip.json().details, { from: 'draft', to: 'verified' })

  const notAuthor = await move(app, colleague.headers, id, { to: 'submitted' })
  t.equal(notAuthor.statusCode, 403)
  t.equal(notAuthor.json().code, 'SANAD_ERR_FORBIDDEN', 'only the author submits')

  await move(app, author, id, { to: 'submitted' })
  const take = await move(app, colleague.headers, id, { to: 'under-review' })
  t.equal(take.statusCode, 403)
  t.equal(take.json().code, 'SANAD_ERR_FORBIDDEN')

  const bare = await move(app, reviewer, id, { to: 'returned' })
  t.equal(bare.statusCode, 400)
  t.equal(bare.json().code, 'SANAD_ERR_COMMENT_REQUIRED', 'returning needs a comment')

  const auditor = await move(app, await asRole(app, 'auditor'), id, { to: 'under-review' })
  t.equal(auditor.statusCode, 403)
  t.equal(auditor.json().code, 'SANAD_ERR_FORBIDDEN')
})

t.test('status is never changed by POST or PATCH: the error points to transitions', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const created = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ status: 'verified' }) })
  t.equal(created.statusCode, 400)
  t.equal(created.json().code, 'SANAD_ERR_STATUS_VIA_TRANSITIONS')
  t.equal(created.json().field, 'status')
  t.match(created.json().message, /transitions/)

  const id = await record(app, headers, { status: 'draft' })
  const patched = await app.inject({ headers, method: 'PATCH', url: `/api/v1/incidents/${id}`, payload: { status: 'verified' } })
  t.equal(patched.statusCode, 400)
  t.equal(patched.json().code, 'SANAD_ERR_STATUS_VIA_TRANSITIONS')
  t.equal((await app.inject({ headers, url: `/api/v1/incidents/${id}` })).json().status, 'draft')

  const unchanged = await app.inject({
    headers,
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    payload: { status: 'draft', title: 'Killing of a former police officer in Jaghori' }
  })
  t.equal(unchanged.statusCode, 200, 'an edit form sending the unchanged status back is fine')
  const last = app.ledger.subjectEntries('incident', id).at(-1)?.entry as unknown as { details: { fields: string[] } }
  t.same(last.details.fields, ['title'])
})

t.test('assignment: a reviewer assigns another, "assigned to me" and "waiting for review" list them', async (t) => {
  const app = await testApp(t)
  const author = await asRole(app, 'documenter')
  const reviewer = await asRole(app, 'reviewer')
  const second = await another(app, 'reviewer', 'second-reviewer')
  const waiting = await record(app, author, { title: 'Waiting' })
  await record(app, author, { title: 'Still a draft' })
  await move(app, author, waiting, { to: 'submitted' })

  const put = (headers: Record<string, string>, assignee: string | null) =>
    app.inject({ headers, method: 'PUT', url: `/api/v1/incidents/${waiting}/assignee`, payload: { assignee } })
  const assigned = await put(reviewer, second.id)
  t.equal(assigned.statusCode, 200, assigned.body)
  t.equal(assigned.json().assignee, `user:${second.id}`)
  const entry = app.ledger.subjectEntries('incident', waiting).at(-1)?.entry as { type: string; details: Record<string, unknown> }
  t.equal(entry.type, 'incident-assigned')
  t.same(entry.details, { assignee: `user:${second.id}`, previous: null })

  const titles = async (headers: Record<string, string>, qs: string) =>
    (await app.inject({ headers, url: `/api/v1/incidents?${qs}` })).json().items.map((i: { title: string }) => i.title)
  t.same(await titles(second.headers, 'assignee=me'), ['Waiting'], 'assigned to me')
  t.same(await titles(reviewer, 'assignee=me'), [])
  t.same(await titles(reviewer, 'status=submitted'), ['Waiting'], 'waiting for review')
  t.same(await titles(reviewer, `assignee=${second.id}`), ['Waiting'])

  const documenter = await accountFor(app, 'documenter')
  const notReviewer = await put(reviewer, documenter.id)
  t.equal(notReviewer.statusCode, 400)
  t.equal(notReviewer.json().code, 'SANAD_ERR_ASSIGNEE_INVALID', 'a documenter without the review role cannot be assigned')
  const byDocumenter = await put(author, second.id)
  t.equal(byDocumenter.statusCode, 403)
  t.equal(byDocumenter.json().code, 'SANAD_ERR_FORBIDDEN')

  // A reviewer's own incident cannot be assigned to them: review needs a second person.
  const own = await record(app, reviewer)
  const self = await app.inject({
    headers: reviewer,
    method: 'PUT',
    url: `/api/v1/incidents/${own}/assignee`,
    payload: { assignee: (await accountFor(app, 'reviewer')).id }
  })
  t.equal(self.json().code, 'SANAD_ERR_ASSIGNEE_INVALID')

  const cleared = await put(reviewer, null)
  t.equal(cleared.json().assignee, null)
})

t.test("a need-to-know incident's review history is read only by its readers", async (t) => {
  const app = await testApp(t)
  const author = await asRole(app, 'documenter')
  const legal = await asRole(app, 'legal')
  const id = await record(app, author, { categories: ['cah-sexual-violence-other'] })
  await move(app, author, id, { to: 'submitted' })
  const take = await move(app, legal, id, { to: 'under-review' })
  t.equal(take.statusCode, 403)
  t.equal(take.json().code, 'SANAD_ERR_NEED_TO_KNOW', 'an uncleared reviewer cannot review it')
  t.equal((await app.inject({ headers: legal, url: `/api/v1/incidents/${id}/transitions` })).json().code, 'SANAD_ERR_NEED_TO_KNOW')
  await clearFor(app, (await accountFor(app, 'legal')).id, id)
  t.equal((await move(app, legal, id, { to: 'returned', comment: 'Consent form missing.' })).statusCode, 200)
  const history = (await app.inject({ headers: author, url: `/api/v1/incidents/${id}/transitions` })).json()
  t.equal(history.items.at(-1).comment, 'Consent form missing.')
})

t.test('?tag= filters by theme: the tags the categories carry, and the incident’s own tags', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const massacre = await record(app, headers, { title: 'Massacre in a village', categories: ['wc-attack-civilians'] })
  const tagged = await record(app, headers, { title: 'Tagged by hand', categories: ['cah-murder'], tags: ['massacre'] })
  await record(app, headers, { title: 'A murder', categories: ['cah-murder'] })
  const ids = async (qs: string) =>
    (await app.inject({ headers, url: `/api/v1/incidents?${qs}` }))
      .json()
      .items.map((i: { id: string }) => i.id)
      .sort()
  t.same(await ids('tag=massacre'), [massacre, tagged].sort())
  t.same(await ids('tag=massacre&province=AF-KAB'), [])
  t.same(await ids('tag=no-such-theme'), [])
  t.equal((await app.inject({ headers, url: '/api/v1/incidents?tag=Not%20A%20Tag' })).statusCode, 400)
})

t.test('a theme filter does not reveal the own tags of a need-to-know incident the reader may not read', async (t) => {
  const app = await testApp(t)
  const author = await asRole(app, 'documenter')
  const legal = await asRole(app, 'legal')
  await record(app, author, { categories: ['cah-murder'], tags: ['need-to-know', 'massacre'] })
  const byCategory = await record(app, author, { categories: ['cah-sexual-violence-other'] })
  const own = (await app.inject({ headers: author, url: '/api/v1/incidents?tag=massacre' })).json()
  t.equal(own.total, 1, 'its recorder finds it by its tag')
  const other = (await app.inject({ headers: legal, url: '/api/v1/incidents?tag=massacre' })).json()
  t.equal(other.total, 0, 'an uncleared reader does not')
  const sv = (await app.inject({ headers: legal, url: '/api/v1/incidents?tag=sexual-violence' })).json()
  t.same(
    sv.items.map((i: { id: string; withheld?: string }) => [i.id, i.withheld]),
    [[byCategory, 'need-to-know']],
    'a match by category (which anyone may see) is listed, withheld'
  )
})

t.test(
  'GET /incidents/export.csv: the search as CSV with a BOM, no narrative, withheld rows as the list shows them, recorded',
  async (t) => {
    const app = await testApp(t)
    const author = await asRole(app, 'documenter')
    const legal = await asRole(app, 'legal')
    const open = await record(app, author, {
      title: '=HYPERLINK("http://evil.example","قتل عام در جاغوری")',
      narrative: 'Narrative naming Gul Ahmad, who saw it.',
      categories: ['wc-attack-civilians'],
      victims: { count: 12, killed: 9 }
    })
    const ntk = await record(app, author, {
      title: 'Secret title of a need-to-know incident',
      narrative: 'Narrative of a need-to-know incident.',
      categories: ['cah-sexual-violence-other']
    })
    await record(app, author, { title: 'Not a massacre', categories: ['cah-imprisonment'] })

    const res = await app.inject({ headers: legal, url: '/api/v1/incidents/export.csv?group=crimes-against-humanity' })
    t.equal(res.statusCode, 200, res.body)
    t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
    t.match(res.headers['content-disposition'], /^attachment; filename="sanad-incidents-\d{4}-\d{2}-\d{2}\.csv"$/)
    t.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with a byte-order mark, so Excel reads Dari')
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    t.match(lines[0], /^reference,id,status,withheld,title,/)
    t.notMatch(lines[0], /narrative/, 'no narrative column: free text may name people')
    t.equal(lines.length, 3, 'a header and the two crimes-against-humanity incidents')
    t.notMatch(res.body, /Secret title|Narrative|Gul Ahmad/, 'no narrative, and nothing of the need-to-know incident')
    const ntkRow = lines.find((l) => l.includes(ntk))
    t.match(ntkRow, /,need-to-know,,/, 'the need-to-know incident is a withheld row, as in the list')

    const all = await app.inject({ headers: legal, url: '/api/v1/incidents/export.csv?tag=massacre' })
    const rows = all.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    t.equal(rows.length, 2, 'the same filters as the list')
    t.ok(rows[1]?.includes(open))
    t.ok(
      rows[1]?.includes(`"'=HYPERLINK(""http://evil.example"",""قتل عام در جاغوری"")"`),
      'a cell beginning with = is prefixed, so a spreadsheet shows it instead of running it'
    )
    t.match(rows[1], /,12,9,,/, 'victim counts')

    const entry = app.ledger.subjectEntries('incident-export', String(all.headers['x-sanad-export-id'])).at(-1)?.entry as unknown as {
      type: string
      actor: string
      subject: { sha256: string }
      details: Record<string, unknown>
    }
    t.equal(entry.type, 'incidents-exported')
    t.same(entry.details, { format: 'csv', count: 1, withheld: 0, filters: ['tag'] })
    t.equal(entry.subject.sha256, createHash('sha256').update(all.rawPayload).digest('hex'), 'the file that went out, by its hash')
    const first = app.ledger.subjectEntries('incident-export', String(res.headers['x-sanad-export-id'])).at(-1)?.entry as unknown as {
      details: Record<string, unknown>
    }
    t.same(first.details, { format: 'csv', count: 2, withheld: 1, filters: ['group'] })
    t.notMatch(ledgerText(app), /HYPERLINK|جاغوری/, 'the ledger holds no row')

    const q = await app.inject({ headers: author, url: '/api/v1/incidents/export.csv?q=Gul%20Ahmad' })
    t.equal(
      q.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n').length,
      2,
      'full text finds by the narrative without exporting it'
    )
    t.notMatch(ledgerText(app), /Gul Ahmad/, 'the query itself is not recorded, only that there was one')

    const auditor = await app.inject({ headers: await asRole(app, 'auditor'), url: '/api/v1/incidents/export.csv' })
    t.equal(auditor.statusCode, 403)
    t.equal(auditor.json().code, 'SANAD_ERR_FORBIDDEN')
    const bad = await app.inject({ headers: legal, url: '/api/v1/incidents/export.csv?colour=red' })
    t.equal(bad.json().code, 'SANAD_ERR_UNKNOWN_FIELD')
  }
)

t.test('an edit to a verified incident sends it back for review, recorded as a review step', async (t) => {
  const app = await testApp(t)
  const author = await asRole(app, 'documenter')
  const reviewer = await asRole(app, 'reviewer')
  const id = await record(app, author)
  await move(app, author, id, { to: 'submitted' })
  await move(app, reviewer, id, { to: 'under-review' })
  t.equal((await move(app, reviewer, id, { to: 'verified' })).json().status, 'verified')

  const edited = await app.inject({
    headers: author,
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    payload: { title: 'Corrected title' }
  })
  t.equal(edited.statusCode, 200, edited.body)
  t.equal(edited.json().status, 'submitted', 'what was verified is no longer what the incident says')
  const steps = (await app.inject({ headers: author, url: `/api/v1/incidents/${id}/transitions` })).json().items
  t.same(
    steps.map((s: { from: string; to: string }) => `${s.from}→${s.to}`).at(-1),
    'verified→submitted',
    'the step shows in the review history'
  )
  const entries = app.sqlite.prepare('SELECT canonical FROM ledger_entries').all() as Array<{ canonical: Buffer }>
  const last = entries
    .map((r) => JSON.parse(Buffer.from(r.canonical).toString('utf8')))
    .filter((e) => e.type === 'incident-transitioned')
    .at(-1)
  t.same(last.details, {
    from: 'verified',
    to: 'submitted',
    revision: edited.json().revision,
    cause: 'edited',
    contentSha256: last.details.contentSha256
  })

  const unchanged = await app.inject({
    headers: author,
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    payload: { title: 'Corrected title' }
  })
  t.equal(unchanged.json().revision, edited.json().revision, 'an edit that changes nothing makes no step')
})
