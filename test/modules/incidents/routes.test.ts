import t from 'tap'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'

t.test('POST /incidents records an incident and answers 201 with id, reference and revision 1', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const res = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.match(body.id, /^[0-9a-f-]{36}$/)
  t.match(body.reference, /^SND-\d{4}-\d{6}$/)
  t.equal(body.revision, 1)
  t.equal(body.status, 'draft', 'new incidents start as drafts')
  t.same(body.categories, ['cah-murder'])
  const second = (await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  t.not(second.reference, body.reference, 'references are unique')
})

t.test('GET /incidents/:id gives the date in Gregorian and Solar Hijri', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const { id } = (
    await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ occurred: { from: '2021-08-15' } }) })
  ).json()
  const got = (await app.inject({ headers, url: `/api/v1/incidents/${id}` })).json()
  t.equal(got.occurred.from, '2021-08-15')
  t.equal(got.occurred.fromSolarHijri, '1400-05-24')
  t.equal(got.occurred.precision, 'day')
  t.equal(got.location.provinceName.en, 'Ghazni')
})

t.test('a Solar Hijri date, typed with Persian digits, is stored in Gregorian', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const res = await app.inject({
    headers,
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ occurred: { from: '۱۴۰۰-۰۵-۲۴', calendar: 'solar-hijri' } })
  })
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.json().occurred.from, '2021-08-15')
  t.equal(res.json().occurred.enteredAs, 'solar-hijri')
})

t.test('a month-precision date covers the whole month, in the calendar it was entered in', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const greg = (
    await app.inject({
      headers,
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentInput({ occurred: { from: '2024-02-01', precision: 'month' } })
    })
  ).json()
  t.same([greg.occurred.from, greg.occurred.to], ['2024-02-01', '2024-02-29'])
  const sh = (
    await app.inject({
      headers,
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentInput({ occurred: { from: '1403-12-01', calendar: 'solar-hijri', precision: 'month' } })
    })
  ).json()
  t.equal(sh.occurred.fromSolarHijri, '1403-12-01')
  t.equal(sh.occurred.toSolarHijri, '1403-12-30', '1403 is a leap year: Hut has 30 days')
})

t.test('invalid dates, provinces and categories are refused with coded errors naming the field', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [{ occurred: { from: '2023-02-30' } }, 400, 'SANAD_ERR_DATE_INVALID', 'occurred.from'],
    [{ occurred: { from: '1402-12-30', calendar: 'solar-hijri' } }, 400, 'SANAD_ERR_DATE_INVALID', 'occurred.from'],
    [{ occurred: { from: '2023-05-02', to: '2023-05-01' } }, 400, 'SANAD_ERR_DATE_INVALID', 'occurred.to'],
    [{ location: { province: 'AF-XXX' } }, 400, 'SANAD_ERR_PROVINCE_UNKNOWN', 'location.province'],
    [{ categories: ['not-a-crime'] }, 400, 'SANAD_ERR_CATEGORY_UNKNOWN', 'categories']
  ]
  for (const [overrides, status, code, field] of cases) {
    const res = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput(overrides) })
    t.equal(res.statusCode, status, JSON.stringify(overrides))
    t.equal(res.json().code, code)
    t.equal(res.json().field, field)
  }
})

t.test('unknown fields are refused with 400 naming the field, at any depth', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const top = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ victimName: 'x' }) })
  t.equal(top.statusCode, 400)
  t.equal(top.json().code, 'SANAD_ERR_UNKNOWN_FIELD')
  t.equal(top.json().field, 'victimName')
  const deep = await app.inject({
    headers,
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ location: { province: 'AF-KAB', village: 'x' } })
  })
  t.equal(deep.json().code, 'SANAD_ERR_UNKNOWN_FIELD')
  t.equal(deep.json().field, 'location.village')
  const missing = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: { title: 'only a title' } })
  t.equal(missing.statusCode, 400)
  t.equal(missing.json().code, 'SANAD_ERR_VALIDATION')
  t.equal(missing.json().field, 'narrative')
})

t.test('a full HURIDOCS-style record round-trips: qualifications, victims, perpetrators, sources, pattern', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const pattern = await app.inject({
    headers,
    method: 'POST',
    url: '/api/v1/patterns',
    payload: {
      title: 'Campaign against Hazara communities',
      description: 'Repeated killings and evictions in Hazara areas.',
      attack: { widespread: true, systematic: true, targetedPopulation: 'Hazara civilians', provinces: ['AF-DAY', 'AF-GHA'] },
      policyEvidence: [{ title: 'Eviction order', issuedBy: 'Provincial administration', issuedOn: '2021-10-01' }]
    }
  })
  t.equal(pattern.statusCode, 201, pattern.body)
  const full = incidentInput({
    categories: ['cah-murder', 'cah-persecution-ethnic'],
    qualifications: [{ category: 'cah-murder', assessor: 'legal-1', elements: [] }],
    victims: {
      count: 9,
      killed: 9,
      bySex: { male: 9 },
      byAgeGroup: { adult: 7, child: 2 },
      byEthnicity: { hazara: 9 },
      byReligion: { 'shia-muslim': 9 }
    },
    perpetrators: [{ type: 'de-facto-authorities', organ: 'gdi', unit: 'Provincial GDI', involvement: 'direct' }],
    sources: [{ type: 'witness-testimony', reliability: 'B', credibility: 2 }],
    patternIds: [pattern.json().id],
    location: { province: 'AF-DAY', district: 'Khedir', place: 'Kahor', lat: 34.1, lon: 66.0, coordinatePrecision: 'settlement' }
  })
  const created = await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: full })
  t.equal(created.statusCode, 201, created.body)
  const got = created.json()
  t.same(got.victims, full.victims)
  t.same(got.perpetrators, full.perpetrators)
  t.same(got.sources, full.sources)
  t.same(got.patternIds, full.patternIds)
  t.equal(got.location.lat, 34.1)
  const badPattern = await app.inject({
    headers,
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ patternIds: ['00000000-0000-4000-8000-000000000000'] })
  })
  t.equal(badPattern.json().code, 'SANAD_ERR_PATTERN_UNKNOWN')
})

t.test('a qualification may only name elements of its own category', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const res = await app.inject({
    headers,
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incidentInput({ qualifications: [{ category: 'cah-murder', elements: [{ element: 'no-such-element', status: 'alleged' }] }] })
  })
  t.equal(res.statusCode, 400)
  t.equal(res.json().field, 'qualifications.0.elements.0.element')
})

t.test('incidents before 1 May 2003 are flagged as outside the ICC jurisdiction window', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const old = (
    await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ occurred: { from: '2001-03-01' } }) })
  ).json()
  t.ok(old.flags.includes('OUTSIDE_ICC_JURISDICTION_WINDOW'))
  const recent = (
    await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput({ occurred: { from: '2003-05-01' } }) })
  ).json()
  t.notOk(recent.flags.includes('OUTSIDE_ICC_JURISDICTION_WINDOW'))
})

t.test('every change makes a new revision with who, when and why; each reads back whole', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const { id } = (await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const patched = await app.inject({
    headers,
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    payload: { title: 'Killing of a former police officer in Jaghori', reason: 'added district', baseRevision: 1 }
  })
  t.equal(patched.statusCode, 200, patched.body)
  t.equal(patched.json().revision, 2)
  const noop = await app.inject({
    headers,
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    payload: { title: 'Killing of a former police officer in Jaghori' }
  })
  t.equal(noop.json().revision, 2, 'an edit that changes nothing makes no revision')
  const stale = await app.inject({
    headers,
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    payload: { status: 'under-review', baseRevision: 1 }
  })
  t.equal(stale.statusCode, 409)
  t.equal(stale.json().code, 'SANAD_ERR_REVISION_CONFLICT')
  const list = (await app.inject({ headers, url: `/api/v1/incidents/${id}/revisions` })).json()
  t.equal(list.items.length, 2)
  t.match(list.items[1], { revision: 2, kind: 'edited', actor: /^user:[0-9a-f-]{36}$/, reason: 'added district' })
  t.ok(list.items[1].createdAt)
  const first = (await app.inject({ headers, url: `/api/v1/incidents/${id}/revisions/1` })).json()
  t.equal(first.title, 'Killing of a former police officer')
  t.equal(first.revision, 1)
  t.equal((await app.inject({ headers, url: `/api/v1/incidents/${id}/revisions/9` })).json().code, 'SANAD_ERR_REVISION_NOT_FOUND')
})

t.test('retraction marks the incident, keeps it readable and blocks further edits', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  const { id } = (await app.inject({ headers, method: 'POST', url: '/api/v1/incidents', payload: incidentInput() })).json()
  const res = await app.inject({
    headers,
    method: 'POST',
    url: `/api/v1/incidents/${id}/retract`,
    payload: { reason: 'duplicate of SND-2026-000001' }
  })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().retracted.reason, 'duplicate of SND-2026-000001')
  const got = await app.inject({ headers, url: `/api/v1/incidents/${id}` })
  t.equal(got.statusCode, 200, 'still readable')
  t.ok(got.json().retracted)
  const edit = await app.inject({ headers, method: 'PATCH', url: `/api/v1/incidents/${id}`, payload: { title: 'x' } })
  t.equal(edit.json().code, 'SANAD_ERR_INCIDENT_RETRACTED')
  const revs = (await app.inject({ headers, url: `/api/v1/incidents/${id}/revisions` })).json()
  t.equal(revs.items.at(-1).kind, 'retracted')
  t.equal((await app.inject({ headers, url: '/api/v1/incidents' })).json().total, 0, 'retracted incidents leave the default list')
  t.equal((await app.inject({ headers, url: '/api/v1/incidents?status=retracted' })).json().total, 1)
  t.notOk(
    (await app.inject({ headers, url: `/api/v1/incidents/${id}/revisions/1` })).json().retracted,
    'revision 1 predates the retraction'
  )
})

t.test('unknown incident ids answer 404, malformed ids 400', async (t) => {
  const app = await testApp(t)
  const headers = await asRole(app, 'documenter')
  t.equal(
    (await app.inject({ headers, url: '/api/v1/incidents/00000000-0000-4000-8000-000000000000' })).json().code,
    'SANAD_ERR_INCIDENT_NOT_FOUND'
  )
  t.equal((await app.inject({ headers, url: '/api/v1/incidents/..%2F..%2Fetc%2Fpasswd' })).statusCode, 400)
})
