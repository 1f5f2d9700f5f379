// Care with graphic media (#19 item 9): an exhibit marked graphic (recorded, latest mark wins) and each
// account's own preference to keep graphic media blurred.
import t from 'tap'
import { accountFor, asRole, clearFor, incidentInput, testApp } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { evidenceFixture } from '../../helpers/files.ts'

t.test('an exhibit marked graphic says so, each change is a ledger entry, and unmarking is recorded too', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers: { ...doc, ...headers } })
  ).json()
  t.same((await app.inject({ url: `/api/v1/evidence/${item.id}/graphic`, headers: doc })).json(), { evidenceId: item.id, graphic: false })
  const count = (): number =>
    (app.sqlite.prepare("SELECT COUNT(*) AS n FROM ledger_entries WHERE type = 'evidence-graphic-marked'").get() as { n: number }).n
  const marked = await app.inject({ method: 'PUT', url: `/api/v1/evidence/${item.id}/graphic`, headers: doc, payload: { graphic: true } })
  t.equal(marked.statusCode, 200, marked.body)
  t.match(marked.json(), { evidenceId: item.id, graphic: true, markedBy: /^user:/ })
  t.equal(count(), 1)
  await app.inject({ method: 'PUT', url: `/api/v1/evidence/${item.id}/graphic`, headers: doc, payload: { graphic: true } })
  t.equal(count(), 1, 'marking what is already so records nothing')
  t.same((await app.inject({ url: `/api/v1/incidents/${incident.id}/graphic-evidence`, headers: doc })).json(), { items: [item.id] })
  t.equal((await app.inject({ url: `/api/v1/evidence/${item.id}/graphic`, headers: await asRole(app, 'auditor') })).json().graphic, true)
  await app.inject({ method: 'PUT', url: `/api/v1/evidence/${item.id}/graphic`, headers: doc, payload: { graphic: false } })
  t.equal(count(), 2)
  t.same((await app.inject({ url: `/api/v1/incidents/${incident.id}/graphic-evidence`, headers: doc })).json(), { items: [] })
  const auditor = await app.inject({
    method: 'PUT',
    url: `/api/v1/evidence/${item.id}/graphic`,
    headers: await asRole(app, 'auditor'),
    payload: { graphic: true }
  })
  t.equal(auditor.statusCode, 403, 'an auditor may not mark')
  t.equal(count(), 2)
})

t.test('an uncleared documenter cannot mark an exhibit of a need-to-know incident', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const incident = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: doc,
      payload: incidentInput({ categories: ['cah-sexual-violence-other'] })
    })
  ).json()
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers: { ...doc, ...headers } })
  ).json()
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/evidence/${item.id}/graphic`,
    headers: await asRole(app, 'reviewer'),
    payload: { graphic: true }
  })
  t.equal(res.statusCode, 403)
  t.equal(res.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  t.equal((app.sqlite.prepare('SELECT COUNT(*) AS n FROM evidence_graphic_marks').get() as { n: number }).n, 0)
})

t.test('the graphic mark of a need-to-know exhibit is read only by whom may read its record in full', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const incident = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: doc,
      payload: incidentInput({ categories: ['cah-sexual-violence-other'] })
    })
  ).json()
  const { payload, headers } = multipart([{ name: 'file', value: evidenceFixture('kabul-phone.jpg'), filename: 'kabul-phone.jpg' }])
  const item = (
    await app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/evidence`, payload, headers: { ...doc, ...headers } })
  ).json()
  const marked = await app.inject({ method: 'PUT', url: `/api/v1/evidence/${item.id}/graphic`, headers: doc, payload: { graphic: true } })
  t.equal(marked.statusCode, 200, 'the recorder marks it')
  t.equal((await app.inject({ url: `/api/v1/evidence/${item.id}/graphic`, headers: doc })).json().graphic, true)
  for (const role of ['reviewer', 'legal', 'auditor'] as const) {
    const h = await asRole(app, role)
    const record = await app.inject({ url: `/api/v1/evidence/${item.id}`, headers: h })
    t.equal(record.json().withheld, role === 'auditor' ? 'integrity-only' : 'need-to-know', `${role}: the record is withheld`)
    for (const url of [`/api/v1/evidence/${item.id}/graphic`, `/api/v1/incidents/${incident.id}/graphic-evidence`]) {
      const res = await app.inject({ url, headers: h })
      t.equal(res.statusCode, 403, `${role} ${url}`)
      t.equal(res.json().code, 'SANAD_ERR_NEED_TO_KNOW')
      t.notOk(res.body.includes('markedBy') || res.body.includes(item.id) || res.body.includes('"graphic"'), 'nothing of the mark')
    }
  }
  // Cleared, the legal liaison reads it like the record.
  await clearFor(app, (await accountFor(app, 'legal')).id, incident.id)
  const legal = await asRole(app, 'legal')
  t.equal((await app.inject({ url: `/api/v1/evidence/${item.id}/graphic`, headers: legal })).json().graphic, true)
  t.same((await app.inject({ url: `/api/v1/incidents/${incident.id}/graphic-evidence`, headers: legal })).json(), { items: [item.id] })
})

t.test('each account keeps its own preference for graphic media; blurred is the default', async (t) => {
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const rev = await asRole(app, 'reviewer')
  t.same((await app.inject({ url: '/api/v1/auth/preferences/media', headers: doc })).json(), { keepGraphicBlurred: true })
  const set = await app.inject({
    method: 'PUT',
    url: '/api/v1/auth/preferences/media',
    headers: doc,
    payload: { keepGraphicBlurred: false }
  })
  t.same(set.json(), { keepGraphicBlurred: false })
  t.same((await app.inject({ url: '/api/v1/auth/preferences/media', headers: doc })).json(), { keepGraphicBlurred: false })
  t.same(
    (await app.inject({ url: '/api/v1/auth/preferences/media', headers: rev })).json(),
    { keepGraphicBlurred: true },
    'another account is unaffected'
  )
  const bad = await app.inject({
    method: 'PUT',
    url: '/api/v1/auth/preferences/media',
    headers: doc,
    payload: { keepGraphicBlurred: 'no' }
  })
  t.equal(bad.statusCode, 400)
})
