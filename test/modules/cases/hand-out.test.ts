import t from 'tap'
import { insiderWorld } from '../../helpers/insider-world.ts'

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
  t.same((await caseOf()).alerts, [
    { code: 'CONSENT_WITHDRAWN_AFTER_DELIVERY', dossierId: w.ids.dossier, personId: w.ids.ntkPerson, consent: 'purpose' }
  ])
  const again = await w.app.inject({ url: `/api/v1/dossiers/${w.ids.dossier}/pdf`, headers: w.headers.clearedLegal })
  t.equal(again.json().code, 'SANAD_ERR_DOSSIER_STALE')
})
