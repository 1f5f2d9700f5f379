// Patterns carry the context (#18 item 1): the contextual elements of crimes against humanity are
// assessed once on the pattern, each assessment a ledger entry with the RFC 8785 hash of its content;
// the pattern's incidents inherit them unless overridden with a reason from a closed list. The pattern
// shows its member incidents and their scale, counted only over incidents the reader may read.
import t from 'tap'
import { testApp, incidentInput, accountFor, clearFor } from '../../helpers/app.ts'
import { as, type Inject } from '../../helpers/client.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'
import { assessmentContentSha256 } from '../../../server/lib/analysis/pattern-context.ts'

const PATTERN = {
  title: 'Persecution of Hazaras in the central highlands',
  description: 'Killings and detentions of Hazara men by the de facto authorities, 2022.',
  attackingOrganisation: { type: 'de-facto-authorities', name: 'General Directorate of Intelligence' }
}

async function pattern(inject: Inject): Promise<{ id: string; reference: string }> {
  const res = await inject({ method: 'POST', url: '/api/v1/patterns', payload: PATTERN })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function incident(inject: Inject, overrides: Record<string, unknown>): Promise<{ id: string; reference: string }> {
  const res = await inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(overrides) })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

async function victim(inject: Inject, incidentId: string, extra: Record<string, unknown>): Promise<void> {
  const res = await inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/persons`,
    payload: { role: 'victim', name: 'X Y', ...extra }
  })
  if (res.statusCode !== 201) throw new Error(res.body)
}

t.test('a contextual element assessed on the pattern is a ledger entry of ids, closed words and its content hash', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const p = await pattern(doc)
  const res = await doc({
    method: 'PUT',
    url: `/api/v1/patterns/${p.id}/context/state-or-organisational-policy`,
    payload: { status: 'supported' }
  })
  t.equal(res.statusCode, 200, res.body)
  const a = res.json()
  t.match(a, { element: 'state-or-organisational-policy', status: 'supported', basis: 'pattern', evidenceIds: [] })
  t.match(a.assessor, /^user:/)
  const entry = (await doc({ url: `/api/v1/ledger/entries/${a.ledgerIndex}` })).json().entry
  t.equal(entry.type, 'context-assessed')
  t.same(entry.details, {
    assessment: a.id,
    pattern: p.id,
    element: 'state-or-organisational-policy',
    status: 'supported',
    exhibits: 0,
    contentSha256: a.contentSha256
  })
  t.equal(
    assessmentContentSha256({
      id: a.id,
      pattern: p.id,
      element: 'state-or-organisational-policy',
      status: 'supported',
      evidenceIds: [],
      assessor: a.assessor,
      assessedAt: a.assessedAt
    }),
    a.contentSha256
  )
  const view = (await doc({ url: `/api/v1/patterns/${p.id}` })).json()
  t.same(view.attackingOrganisation, PATTERN.attackingOrganisation)
  t.equal(view.context.length, 1)
  t.equal(view.context[0].id, a.id)

  const refused = await doc({
    method: 'PUT',
    url: `/api/v1/patterns/${p.id}/context/nexus`,
    payload: { status: 'supported' }
  })
  t.equal(refused.statusCode, 400, 'an element outside the closed list is refused')
  const withReason = await doc({
    method: 'PUT',
    url: `/api/v1/patterns/${p.id}/context/part-of-the-attack`,
    payload: { status: 'supported', reason: 'nexus-not-shown' }
  })
  t.equal(withReason.statusCode, 400)
  t.equal(withReason.json().code, 'SANAD_ERR_VALIDATION')
})

t.test('incidents inherit the pattern assessment with its assessor and date unless overridden with a reason', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const p = await pattern(doc)
  const inc = await incident(doc, { patternIds: [p.id] })
  const a = (
    await doc({ method: 'PUT', url: `/api/v1/patterns/${p.id}/context/knowledge-of-the-attack`, payload: { status: 'alleged' } })
  ).json()
  let ctx = (await doc({ url: `/api/v1/incidents/${inc.id}/context` })).json().items
  t.equal(ctx.length, 1)
  t.same(ctx[0].pattern, { id: p.id, reference: p.reference })
  const knowledge = ctx[0].elements.find((e: { element: string }) => e.element === 'knowledge-of-the-attack')
  t.match(knowledge, { basis: 'inherited', status: 'alleged', assessor: a.assessor, assessedAt: a.assessedAt })
  t.match(
    ctx[0].elements.find((e: { element: string }) => e.element === 'part-of-the-attack'),
    {
      basis: 'inherited',
      status: 'not-assessed'
    }
  )

  const noReason = await doc({
    method: 'PUT',
    url: `/api/v1/incidents/${inc.id}/patterns/${p.id}/context/knowledge-of-the-attack`,
    payload: { status: 'not-supported' }
  })
  t.equal(noReason.statusCode, 400)
  t.equal(noReason.json().code, 'SANAD_ERR_VALIDATION')
  const over = await doc({
    method: 'PUT',
    url: `/api/v1/incidents/${inc.id}/patterns/${p.id}/context/knowledge-of-the-attack`,
    payload: { status: 'not-supported', reason: 'knowledge-not-shown' }
  })
  t.equal(over.statusCode, 200, over.body)
  const entry = (await doc({ url: `/api/v1/ledger/entries/${over.json().ledgerIndex}` })).json().entry
  t.match(entry.details, { incident: inc.id, reason: 'knowledge-not-shown', status: 'not-supported' })
  ctx = (await doc({ url: `/api/v1/incidents/${inc.id}/context` })).json().items
  t.match(
    ctx[0].elements.find((e: { element: string }) => e.element === 'knowledge-of-the-attack'),
    { basis: 'overridden', status: 'not-supported', reason: 'knowledge-not-shown' }
  )

  const outsider = await incident(doc, {})
  const notMember = await doc({
    method: 'PUT',
    url: `/api/v1/incidents/${outsider.id}/patterns/${p.id}/context/knowledge-of-the-attack`,
    payload: { status: 'not-supported', reason: 'knowledge-not-shown' }
  })
  t.equal(notMember.statusCode, 400, 'an incident outside the pattern cannot override it')
})

t.test('the pattern lists its members and their scale: incidents, victims by sex and age group, provinces, period', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const p = await pattern(doc)
  const a = await incident(doc, { patternIds: [p.id], occurred: { from: '2022-03-14' }, location: { province: 'AF-GHA' } })
  const b = await incident(doc, { patternIds: [p.id], occurred: { from: '2022-05-02' }, location: { province: 'AF-BAM' } })
  const c = await incident(doc, {
    patternIds: [p.id],
    occurred: { from: '2022-08-01', to: '2022-08-20' },
    location: { province: 'AF-DAY' }
  })
  await incident(doc, { occurred: { from: '2021-01-01' }, location: { province: 'AF-KAB' } })
  await victim(doc, a.id, { sex: 'male', age: { at: 'incident', years: 40 } })
  await victim(doc, b.id, { sex: 'male', age: { at: 'incident', years: 16 } })
  await victim(doc, c.id, { sex: 'female', age: { at: 'incident', min: 60, max: 70 } })
  await victim(doc, c.id, {})
  const witness = await doc({
    method: 'POST',
    url: `/api/v1/incidents/${c.id}/persons`,
    payload: { role: 'witness', name: 'W', sex: 'male' }
  })
  t.equal(witness.statusCode, 201)
  const view = (await doc({ url: `/api/v1/patterns/${p.id}` })).json()
  t.same(
    view.members.map((m: { reference: string }) => m.reference),
    [a.reference, b.reference, c.reference]
  )
  t.same(view.scale, {
    incidents: 3,
    victims: 4,
    victimsBySex: { male: 2, female: 1, unknown: 1 },
    victimsByAgeGroup: { adult: 1, child: 1, 'older-person': 1, unknown: 1 },
    provinces: ['AF-BAM', 'AF-DAY', 'AF-GHA'],
    period: { from: '2022-03-14', to: '2022-08-20' }
  })
})

t.test('insider: a need-to-know incident of the pattern counts nowhere for an uncleared reader, who cannot override it', async (t) => {
  const app = await testApp(t)
  const doc = await as(app, 'documenter')
  const reviewer = await as(app, 'reviewer')
  const p = await pattern(doc)
  const open = await incident(doc, { patternIds: [p.id], location: { province: 'AF-GHA' } })
  const secret = await incident(doc, {
    patternIds: [p.id],
    categories: ['cah-rape'],
    occurred: { from: '2023-01-05' },
    location: { province: 'AF-BAM' }
  })
  await victim(doc, open.id, { sex: 'male' })
  await victim(doc, secret.id, { sex: 'female', age: { at: 'incident', years: 15 } })

  const mine = (await doc({ url: `/api/v1/patterns/${p.id}` })).json()
  t.equal(mine.scale.incidents, 2, 'the recorder counts both')
  t.same(mine.scale.victimsBySex, { male: 1, female: 1 })

  const res = await reviewer({ url: `/api/v1/patterns/${p.id}` })
  t.equal(res.statusCode, 200)
  const theirs = res.json()
  t.same(
    theirs.members.map((m: { id: string }) => m.id),
    [open.id]
  )
  t.same(theirs.scale, {
    incidents: 1,
    victims: 1,
    victimsBySex: { male: 1 },
    victimsByAgeGroup: { unknown: 1 },
    provinces: ['AF-GHA'],
    period: { from: '2022-03-14', to: '2022-03-14' }
  })
  t.notOk(res.body.includes(secret.id) || res.body.includes(secret.reference) || res.body.includes('AF-BAM'))

  const before = app.patterns.allAssessments().length
  const over = await reviewer({
    method: 'PUT',
    url: `/api/v1/incidents/${secret.id}/patterns/${p.id}/context/part-of-the-attack`,
    payload: { status: 'not-supported', reason: 'nexus-not-shown' }
  })
  t.equal(over.statusCode, 403)
  t.equal(over.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  const read = await reviewer({ url: `/api/v1/incidents/${secret.id}/context` })
  t.equal(read.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  t.equal(app.patterns.allAssessments().length, before, 'nothing was recorded')
})

t.test(
  'insider: an exhibit of a need-to-know incident cannot be cited on a pattern by an uncleared account, and the chart withholds its row',
  async (t) => {
    const app = await testApp(t)
    const doc = await as(app, 'documenter')
    const reviewer = await as(app, 'reviewer')
    const p = await pattern(doc)
    const secret = await incident(doc, { patternIds: [p.id], categories: ['cah-rape'] })
    const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
    const item = (await doc({ method: 'POST', url: `/api/v1/incidents/${secret.id}/evidence`, payload, headers })).json()
    const before = app.patterns.allAssessments().length
    const res = await reviewer({
      method: 'PUT',
      url: `/api/v1/patterns/${p.id}/context/attack-on-civilian-population`,
      payload: { status: 'supported', evidenceIds: [item.id] }
    })
    t.equal(res.statusCode, 403)
    t.equal(res.json().code, 'SANAD_ERR_NEED_TO_KNOW')
    t.equal(app.patterns.allAssessments().length, before, 'nothing was recorded')
    const unknown = await doc({
      method: 'PUT',
      url: `/api/v1/patterns/${p.id}/context/attack-on-civilian-population`,
      payload: { status: 'supported', evidenceIds: ['00000000-0000-4000-8000-000000000000'] }
    })
    t.equal(unknown.statusCode, 400)
    t.equal(unknown.json().code, 'SANAD_ERR_VALIDATION')

    const legal = await as(app, 'legal')
    // A cleared liaison builds the case; an uncleared auditor reads its chart.
    await clearFor(app, (await accountFor(app, 'legal')).id, secret.id)
    const auditor = await as(app, 'auditor')
    const open = await incident(doc, { sources: [{ type: 'victim-testimony', reliability: 'A', credibility: 1 }] })
    const c = await legal({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        title: 'Case',
        incidentIds: [open.id, secret.id],
        recipient: 'icc-otp',
        profile: 'full',
        elementLinks: [{ incidentId: secret.id, category: 'cah-rape', element: 'part-of-the-attack', evidenceIds: [item.id] }]
      }
    })
    t.equal(c.statusCode, 201, c.body)
    const chart = await auditor({ url: `/api/v1/cases/${c.json().id}/evidence-chart` })
    t.equal(chart.statusCode, 200, chart.body)
    t.same(chart.json().rows, [
      {
        incidentId: secret.id,
        incidentReference: secret.reference,
        category: 'cah-rape',
        element: 'part-of-the-attack',
        contextual: true,
        exhibit: { id: item.id, stableId: item.stableId },
        admiralty: [],
        withheld: 'need-to-know'
      }
    ])
  }
)
