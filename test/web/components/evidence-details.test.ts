// "Edit details" on the exhibit view (#19 item 5; test/web/component-harness.ts): the description,
// source, collector and collection date edited in a form kept as a draft; the date typed in either
// calendar and sent as ISO; only what changed sent, with the revision it started from and a reason
// code; the form clean again after saving; a stale revision explained. Every request scripted.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import type { Evidence } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { asRole, incidentInput, testApp } from '../../helpers/app.ts'
import { multipart } from '../../helpers/multipart.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

t.test('edit details of an exhibit', async (t) => {
  if (!requireTool(t, 'chromium')) return
  // What the server answers, recorded once from a real app.
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const photo = readFileSync(new URL('../../fixtures/evidence/edited.jpg', import.meta.url))
  const form = multipart([
    { name: 'sha256', value: createHash('sha256').update(photo).digest('hex') },
    { name: 'description', value: 'Photo of the gate' },
    { name: 'collectedBy', value: 'FD-07' },
    { name: 'file', value: photo, filename: 'edited.jpg', contentType: 'image/jpeg' }
  ])
  const uploaded = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/evidence`,
    headers: { ...doc, ...form.headers },
    payload: form.payload
  })
  const id = (uploaded.json() as Evidence).id
  const ev = (await app.inject({ url: `/api/v1/evidence/${id}`, headers: doc })).json() as Evidence
  const custody = (await app.inject({ url: `/api/v1/evidence/${id}/custody`, headers: doc })).json() as unknown
  const key = (await app.inject({ url: '/api/v1/ledger/key' })).body
  const revised = (
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/evidence/${id}`,
      headers: doc,
      payload: { baseRevision: 0, reason: 'correction', description: 'عکس دروازهٔ شمالی', collectedAt: '2023-08-05' }
    })
  ).json() as Evidence
  t.equal(revised.detailsRevision, 1)

  const browser = await launch(t)
  const PATCH = `PATCH /api/v1/evidence/${id}`
  const open = async (s: Screen, ctx: Ctx, evidence: Evidence[] = [ev]): Promise<void> => {
    s.answer(`GET /api/v1/evidence/${id}`, ...evidence.map((body) => ({ body })))
    s.answer(`GET /api/v1/evidence/${id}/custody`, { body: custody })
    s.answer(`GET /api/v1/evidence/${id}/custody-events`, { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${ev.incidentId}/evidence`, { body: { items: [] } })
    s.answer('GET /api/v1/ledger/key', { text: key })
    s.answer(`GET /api/v1/evidence/${id}/verifications`, { body: { items: [] } })
    s.answer(`GET /api/v1/evidence/${id}/graphic`, { body: { graphic: false } })
    s.answer(`GET /api/v1/incidents/${ev.incidentId}/comments?evidenceId=${id}`, { body: { items: [] } })
    // The depicts section lists the incident's persons (pseudonyms) to choose from.
    s.answer(`GET /api/v1/incidents/${ev.incidentId}/persons`, { body: { items: [] } })
    await s.mount('exhibit', { id }, ctx)
    await s.waitFor('article.exhibit')
  }

  t.test('in Dari: a Solar Hijri date and a new description are sent as ISO with the reason; the form is clean after', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(PATCH, { body: revised })
    await open(s, { lang: 'fa', role: 'documenter', username: 'doc1' })
    await s.page.getByRole('button', { name: fa['details.edit'] }).click()
    const description = s.page.locator('.evidence-details-form textarea[name="description"]')
    t.equal(await description.inputValue(), 'Photo of the gate', 'the form starts from the record')
    const save = s.page.getByRole('button', { name: fa['details.save'] })
    await description.fill('عکس دروازهٔ شمالی')
    await s.page.locator('.evidence-details-form input[name="collectedAt"]').fill('۱۴۰۲-۰۵-۱۴')
    await s.page.waitForFunction(() => (document.querySelector('.evidence-details-form .date-preview')?.textContent ?? '').length > 0)
    t.equal(await save.isDisabled(), true, 'no reason chosen yet')
    await s.page.getByLabel(fa['details.reason'], { exact: false }).selectOption('correction')
    await save.click()
    await s.page.getByRole('button', { name: fa['details.edit'] }).waitFor()
    t.same(s.bodies[PATCH], [{ baseRevision: 0, reason: 'correction', description: 'عکس دروازهٔ شمالی', collectedAt: '2023-08-05' }])
    await s.page.getByText('عکس دروازهٔ شمالی').first().waitFor()
    await s.page.getByRole('button', { name: fa['details.edit'] }).click()
    t.equal(await description.inputValue(), 'عکس دروازهٔ شمالی', 'it opens again on what was saved')
    t.equal(await s.page.getByTestId('draft-restored').count(), 0, 'no draft left behind')
    t.equal(await save.isDisabled(), true, 'nothing to save')
    t.same(s.problems, [])
  })

  t.test('in English: only a changed collector is sent; a stale revision says so and keeps what was typed', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(PATCH, apiError(409, 'SANAD_ERR_REVISION_CONFLICT'))
    await open(s, { lang: 'en', role: 'reviewer', username: 'rev1' })
    await s.page.getByRole('button', { name: en['details.edit'] }).click()
    await s.page.getByLabel(en['upload.collectedBy'], { exact: false }).fill('FD-09')
    await s.page.getByLabel(en['details.reason'], { exact: false }).selectOption('new-information')
    await s.page.getByRole('button', { name: en['details.save'] }).click()
    await s.page.locator('.evidence-details-form [role="alert"]').waitFor()
    t.same(s.bodies[PATCH], [{ baseRevision: 0, reason: 'new-information', collectedBy: 'FD-09' }])
    t.equal(await s.page.getByLabel(en['upload.collectedBy'], { exact: false }).inputValue(), 'FD-09')
  })

  t.test('an auditor, and the integrity view, get no form', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, { lang: 'en', role: 'auditor', username: 'aud1' })
    t.equal(await s.page.locator('.evidence-details').count(), 0)
    const legal = await screenPage(t, browser)
    await open(legal, { lang: 'en', role: 'legal', username: 'legal1' })
    t.equal(await legal.page.locator('.evidence-details').count(), 0, 'legal reads, does not edit')
  })
})
