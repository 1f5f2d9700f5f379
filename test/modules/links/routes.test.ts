// Typed links between incidents (#18 item 2): connected crimes, same event, related, duplicates merged
// without deleting anything; each change a ledger entry of ids, type and content hash.
import t from 'tap'
import { testApp, incidentInput } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { linkContentSha256 } from '../../../server/lib/analysis/incident-links.ts'

async function incident(inject: Inject, overrides: Record<string, unknown> = {}): Promise<{ id: string; reference: string }> {
  const res = await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

t.test(
  'a persecution incident is connected to an imprisonment incident: 201, listed on both, recorded with its content hash',
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const persecution = await incident(doc, { title: 'Girls barred from school in Herat', categories: ['cah-persecution-gender'] })
    const prison = await incident(doc, { title: 'Detention of protesters in Herat', categories: ['cah-imprisonment'] })
    const res = await doc({
      method: 'POST',
      url: `/api/v1/incidents/${persecution.id}/links`,
      payload: { to: prison.id, type: 'connected-to', category: 'cah-imprisonment', fromCategory: 'cah-persecution-gender' }
    })
    t.equal(res.statusCode, 201, res.body)
    const link = res.json()
    t.match(link, {
      type: 'connected-to',
      direction: 'outgoing',
      category: 'cah-imprisonment',
      fromCategory: 'cah-persecution-gender',
      other: { id: prison.id, reference: prison.reference, title: 'Detention of protesters in Herat' }
    })
    const entry = (await doc({ url: `/api/v1/ledger/entries/${link.ledgerIndex}` })).json().entry
    t.equal(entry.type, 'incident-linked')
    t.same(entry.subject, { kind: 'incident', id: persecution.id })
    t.same(entry.details, {
      link: link.id,
      from: persecution.id,
      to: prison.id,
      linkType: 'connected-to',
      category: 'cah-imprisonment',
      fromCategory: 'cah-persecution-gender',
      contentSha256: link.contentSha256
    })
    t.equal(
      linkContentSha256({
        id: link.id,
        from: persecution.id,
        to: prison.id,
        type: 'connected-to',
        category: 'cah-imprisonment',
        fromCategory: 'cah-persecution-gender',
        createdAt: link.createdAt,
        createdBy: link.createdBy
      }),
      link.contentSha256,
      'the hash is the RFC 8785 SHA-256 of the link'
    )
    const incoming = (await doc({ url: `/api/v1/incidents/${prison.id}/links` })).json().items
    t.equal(incoming.length, 1)
    t.match(incoming[0], { id: link.id, direction: 'incoming', other: { id: persecution.id } })
    const legal = await as(app, 'legal')
    t.equal((await legal({ url: `/api/v1/incidents/${persecution.id}/links` })).statusCode, 200, 'legal reads links')
  }
)

t.test('the category is required for connected-to, refused otherwise, and must be a category of the linked incident', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const a = await incident(doc, { categories: ['cah-persecution-gender'] })
  const b = await incident(doc, { categories: ['cah-imprisonment'] })
  const post = async (payload: Record<string, unknown>) =>
    await doc({ method: 'POST', url: `/api/v1/incidents/${a.id}/links`, payload: { to: b.id, ...payload } })
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [{ type: 'connected-to' }, 400, 'SANAD_ERR_VALIDATION', 'category'],
    [{ type: 'related', category: 'cah-imprisonment' }, 400, 'SANAD_ERR_VALIDATION', 'category'],
    [{ type: 'connected-to', category: 'no-such-crime' }, 400, 'SANAD_ERR_CATEGORY_UNKNOWN', 'category'],
    [{ type: 'connected-to', category: 'cah-murder' }, 400, 'SANAD_ERR_VALIDATION', 'category'],
    [{ type: 'connected-to', category: 'cah-imprisonment', fromCategory: 'cah-murder' }, 400, 'SANAD_ERR_VALIDATION', 'fromCategory'],
    [{ type: 'same-event', fromCategory: 'cah-persecution-gender' }, 400, 'SANAD_ERR_VALIDATION', 'fromCategory'],
    [{ type: 'merged-with' }, 400, 'SANAD_ERR_VALIDATION', 'type']
  ]
  const before = app.ledger.size()
  for (const [payload, status, code, field] of cases) {
    const res = await post(payload)
    t.equal(res.statusCode, status, JSON.stringify(payload))
    t.equal(res.json().code, code, JSON.stringify(payload))
    t.match(res.json().field ?? '', field, JSON.stringify(payload))
  }
  const self = await doc({ method: 'POST', url: `/api/v1/incidents/${a.id}/links`, payload: { to: a.id, type: 'related' } })
  t.equal(self.statusCode, 400, 'no link to itself')
  const nowhere = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${a.id}/links`,
    payload: { to: '00000000-0000-4000-8000-000000000000', type: 'related' }
  })
  t.equal(nowhere.json().code, 'SANAD_ERR_INCIDENT_UNKNOWN')
  t.equal(app.ledger.size(), before, 'nothing refused was recorded')
  t.equal((await post({ type: 'same-event' })).statusCode, 201)
  const again = await doc({ method: 'POST', url: `/api/v1/incidents/${b.id}/links`, payload: { to: a.id, type: 'same-event' } })
  t.equal(again.statusCode, 409, 'same-event is the same link either way round')
  t.equal(again.json().code, 'SANAD_ERR_LINK_CONFLICT')
  const legal = await as(app, 'legal')
  t.equal((await legal({ method: 'POST', url: `/api/v1/incidents/${a.id}/links`, payload: { to: b.id, type: 'related' } })).statusCode, 403)
})

t.test('removing a link marks it removed, records it, deletes nothing, and cannot be done twice', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const a = await incident(doc)
  const b = await incident(doc)
  const link = (await doc({ method: 'POST', url: `/api/v1/incidents/${a.id}/links`, payload: { to: b.id, type: 'related' } })).json()
  const res = await doc({ method: 'DELETE', url: `/api/v1/incidents/${b.id}/links/${link.id}` })
  t.equal(res.statusCode, 200, res.body)
  const removed = res.json()
  t.ok(removed.removed, 'marked removed')
  t.not(removed.contentSha256, link.contentSha256, 'the content now includes the removal')
  const entry = (await doc({ url: `/api/v1/ledger/entries/${removed.removed.ledgerIndex}` })).json().entry
  t.equal(entry.type, 'incident-link-removed')
  t.equal(entry.details.contentSha256, removed.contentSha256)
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM incident_links').get() as { n: number }).n, 1, 'the row stays')
  t.throws(() => app.sqlite.prepare('DELETE FROM incident_links').run(), /never deleted/, 'the database refuses a delete')
  const twice = await doc({ method: 'DELETE', url: `/api/v1/incidents/${a.id}/links/${link.id}` })
  t.equal(twice.json().code, 'SANAD_ERR_LINK_CONFLICT')
  const c = await incident(doc)
  const elsewhere = await doc({ method: 'DELETE', url: `/api/v1/incidents/${c.id}/links/${link.id}` })
  t.equal(elsewhere.json().code, 'SANAD_ERR_LINK_NOT_FOUND', 'a link is removed through one of its own incidents')
  const listed = (await doc({ url: `/api/v1/incidents/${a.id}/links` })).json().items
  t.equal(listed.length, 1)
  t.ok(listed[0].removed, 'a removed link stays listed, marked')
})

t.test(
  'a duplicate is merged into its survivor: shown with its reference, out of the counts and of new cases, nothing deleted',
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const survivor = await incident(doc, { title: 'Killing in Jaghori (first report)' })
    const duplicate = await incident(doc, { title: 'Killing in Jaghori (second report)' })
    const before = (await doc({ url: '/api/v1/stats' })).json()
    const res = await doc({
      method: 'POST',
      url: `/api/v1/incidents/${duplicate.id}/links`,
      payload: { to: survivor.id, type: 'duplicate-of' }
    })
    t.equal(res.statusCode, 201, res.body)
    const merged = (await doc({ url: `/api/v1/incidents/${duplicate.id}` })).json()
    t.same(merged.mergedInto, { id: survivor.id, reference: survivor.reference }, 'the duplicate shows the survivor')
    t.equal(merged.title, 'Killing in Jaghori (second report)', 'and keeps everything it held')
    t.notOk((await doc({ url: `/api/v1/incidents/${survivor.id}` })).json().mergedInto)
    const after = (await doc({ url: '/api/v1/stats' })).json()
    t.equal(after.total, before.total - 1, 'the duplicate leaves the counts')
    const legal = await as(app, 'legal')
    const c = await legal({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { title: 'Jaghori', incidentIds: [duplicate.id], recipient: 'icc-otp', profile: 'full' }
    })
    t.equal(c.statusCode, 409)
    t.equal(c.json().code, 'SANAD_ERR_INCIDENT_MERGED')
    const third = await incident(doc)
    const chain = await doc({
      method: 'POST',
      url: `/api/v1/incidents/${third.id}/links`,
      payload: { to: duplicate.id, type: 'duplicate-of' }
    })
    t.equal(chain.json().code, 'SANAD_ERR_LINK_CONFLICT', 'no merge into a merged incident')
    const back = await doc({
      method: 'POST',
      url: `/api/v1/incidents/${survivor.id}/links`,
      payload: { to: third.id, type: 'duplicate-of' }
    })
    t.equal(back.json().code, 'SANAD_ERR_LINK_CONFLICT', 'a survivor is not merged away while others are merged into it')
    // Undoing the merge is removing the link: the incident counts again.
    await doc({ method: 'DELETE', url: `/api/v1/incidents/${duplicate.id}/links/${res.json().id}` })
    t.notOk((await doc({ url: `/api/v1/incidents/${duplicate.id}` })).json().mergedInto)
    t.equal((await doc({ url: '/api/v1/stats' })).json().total, before.total + 1)
  }
)
