import t from 'tap'
import { insiderWorld, SECRET_NAMES } from '../../helpers/insider-world.ts'
import { testRecipient } from '../../helpers/recipient-key.ts'

t.test('a withdrawal of consent after delivery shows as an alert on the case, and the dossier is stale', async (t) => {
  const w = await insiderWorld(t)
  await w.buildDossier()
  const caseOf = async (): Promise<Record<string, unknown>> =>
    (await w.app.inject({ url: `/api/v1/cases/${w.ids.case}`, headers: w.headers.clearedLegal })).json()
  t.notOk('alerts' in (await caseOf()), 'no alert while consent holds')
  const pdf = await w.app.inject({ url: `/api/v1/dossiers/${w.ids.dossier}/pdf`, headers: w.headers.clearedLegal })
  t.equal(pdf.statusCode, 200, 'the builder takes the files')
  const withdrawn = await w.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${w.ids.ntkPerson}/consent`,
    headers: w.headers.recorder,
    payload: { icc: false }
  })
  t.equal(withdrawn.statusCode, 201)
  t.match((await caseOf()).alerts, [
    { code: 'CONSENT_WITHDRAWN_AFTER_DELIVERY', dossierId: w.ids.dossier, personId: w.ids.ntkPerson, consent: 'purpose' }
  ])
  const again = await w.app.inject({ url: `/api/v1/dossiers/${w.ids.dossier}/pdf`, headers: w.headers.clearedLegal })
  t.equal(again.json().code, 'SANAD_ERR_DOSSIER_STALE')
})

t.test('the withdrawal is a task with a draft notice to the recipient; recording it sent closes the task in the ledger', async (t) => {
  const w = await insiderWorld(t)
  await w.buildDossier()
  const caseAs = async (who: 'clearedLegal' | 'legalIntruder') =>
    (await w.app.inject({ url: `/api/v1/cases/${w.ids.case}`, headers: w.headers[who] })).json()
  const notice = (who: 'clearedLegal' | 'legalIntruder' | 'auditor', payload: Record<string, unknown>) =>
    w.app.inject({ method: 'POST', url: `/api/v1/cases/${w.ids.case}/consent-notices`, headers: w.headers[who], payload })
  const task = { dossierId: w.ids.dossier, personId: w.ids.ntkPerson, consent: 'purpose' }

  const early = await notice('clearedLegal', task)
  t.equal(early.statusCode, 409, 'no task while consent holds')
  t.equal(early.json().code, 'SANAD_ERR_NOTICE_NOT_DUE')
  await w.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${w.ids.ntkPerson}/consent`,
    headers: w.headers.recorder,
    payload: { icc: false }
  })

  const [alert] = (await caseAs('clearedLegal')).alerts
  t.match(alert, { ...task, pseudonym: /^[A-Z]+-\d+$/, deliveredOn: /^\d{4}-\d{2}-\d{2}$/ })
  t.match(alert.draftNotice, new RegExp(`^Subject: consent withdrawn — case ${(await caseAs('clearedLegal')).reference}`))
  t.match(alert.draftNotice, alert.pseudonym, 'the notice names the person by the pseudonym the dossier used')
  for (const name of Object.values(SECRET_NAMES)) t.notMatch(alert.draftNotice, name, 'and never by name')

  const [hidden] = (await caseAs('legalIntruder')).alerts
  t.same(
    hidden,
    {
      dossierId: w.ids.dossier,
      consent: 'purpose',
      code: 'CONSENT_WITHDRAWN_AFTER_DELIVERY',
      deliveredOn: alert.deliveredOn,
      withheld: 'need-to-know'
    },
    'an uncleared reader sees that a task exists, not whom: no person id (it would open the pseudonym at /persons/:id)'
  )
  const byUncleared = await notice('legalIntruder', task)
  t.equal(byUncleared.json().code, 'SANAD_ERR_NEED_TO_KNOW')
  t.equal((await notice('auditor', task)).statusCode, 403, 'an auditor records nothing')
  t.equal((await notice('clearedLegal', { ...task, sentOn: '2999-01-01' })).json().code, 'SANAD_ERR_DATE_INVALID')
  t.equal((await notice('clearedLegal', { ...task, note: 'sent by mail' })).statusCode, 400, 'no free text rides along')

  const sent = await notice('clearedLegal', task)
  t.equal(sent.statusCode, 201, sent.body)
  const entry = w.app.ledger.entry(sent.json().ledgerIndex)
  t.equal(entry.entry.type, 'consent-notice-sent')
  t.same(Object.keys(entry.entry.details ?? {}).sort(), ['case', 'consent', 'person', 'recipient', 'sentOn'], 'ids, codes and a date only')
  t.notMatch(JSON.stringify(entry.entry), /Subject|withdrawn consent/)
  const [closed] = (await caseAs('clearedLegal')).alerts
  t.equal(closed.noticeSentOn, entry.entry.details?.sentOn)
  t.notOk('draftNotice' in closed, 'the task is closed')
  t.equal((await notice('clearedLegal', task)).json().code, 'SANAD_ERR_NOTICE_NOT_DUE', 'once only')
  const [closedHidden] = (await caseAs('legalIntruder')).alerts
  t.same(
    Object.keys(closedHidden).sort(),
    ['code', 'consent', 'deliveredOn', 'dossierId', 'noticeSentOn', 'withheld'],
    'the closed task, for an uncleared reader: no ledger index, whose entry names the person'
  )
})

t.test('a Dari dossier gets its notice in Dari', async (t) => {
  const w = await insiderWorld(t)
  await w.buildDossier()
  const legal = w.headers.clearedLegal
  const asked = await w.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${w.ids.case}/dossiers`,
    headers: legal,
    payload: { language: 'fa', namesReviewed: true, recipientKey: (await testRecipient()).publicKey }
  })
  await w.app.jobs.settle()
  const dari = asked.json().id
  const delivered = await w.app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${dari}/deliveries`,
    headers: legal,
    payload: { method: 'courier' }
  })
  t.equal(delivered.statusCode, 201, delivered.body)
  await w.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${w.ids.ntkPerson}/consent`,
    headers: w.headers.recorder,
    payload: { icc: false }
  })
  const alerts = (await w.app.inject({ url: `/api/v1/cases/${w.ids.case}`, headers: legal })).json().alerts
  t.match(alerts.find((a: { dossierId: string }) => a.dossierId === dari).draftNotice, /^موضوع: پس‌گرفتن رضایت/)
  t.match(
    alerts.find((a: { dossierId: string }) => a.dossierId === w.ids.dossier).draftNotice,
    /^Subject:/,
    'each dossier in its own language'
  )
})
