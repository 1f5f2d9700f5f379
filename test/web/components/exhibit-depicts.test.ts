// "Depicts" and "Make a blurred copy" on the exhibit view (#17 item 9; test/web/component-harness.ts):
// who an image shows, by pseudonym only, chosen from the persons of its incident; the blurred copy
// made on request, and its lineage shown; a video says plainly it cannot be blurred. Every request is
// scripted: nothing else is asked of the server.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage } from '../component-harness.ts'

const ID = 'ev-1'
const INCIDENT = 'inc-1'
const PERSONS = `GET /api/v1/incidents/${INCIDENT}/persons`
const LINK = `POST /api/v1/evidence/${ID}/depicts`
const UNLINK = `DELETE /api/v1/evidence/${ID}/depicts/p-2`
const DERIVE = `POST /api/v1/evidence/${ID}/derivatives`

const photo = (over: Record<string, unknown> = {}) => ({
  id: ID,
  incidentId: INCIDENT,
  stableId: 'SND-E-2026-000001',
  sha256: 'a'.repeat(64),
  sha512: 'b'.repeat(128),
  size: 1000,
  mediaType: 'image/jpeg',
  name: 'photo.jpg',
  metadata: { status: 'none' },
  flags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  depicts: [{ personId: 'p-2', pseudonym: 'W-0002' }],
  ...over
})
const persons = {
  items: [
    { id: 'p-1', pseudonym: 'W-0001', role: 'witness' },
    { id: 'p-2', pseudonym: 'W-0002', role: 'witness' },
    { id: 'p-3', pseudonym: 'V-0001', role: 'victim' }
  ]
}
const LINEAGE = {
  derivativeId: 'ev-9',
  sourceId: ID,
  kind: 'blurred',
  method: 'pixelate-then-box-blur-v1',
  parameters: { blocksPerShortSide: 24, boxPasses: 2, jpegQuality: 85, block: 25 },
  sourceSha256: 'a'.repeat(64),
  derivativeSha256: 'c'.repeat(64),
  createdAt: '2026-01-02T00:00:00.000Z',
  createdBy: 'user:x',
  ledgerIndex: 31,
  contentSha256: 'd'.repeat(64)
}

t.test('depicts and blurred copies on the exhibit view', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('lists who the photo shows by pseudonym, adds a person of the incident, and removes one', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(PERSONS, { body: persons })
    s.answer(LINK, { status: 201, body: { id: 'l-1', evidenceId: ID, personId: 'p-3', pseudonym: 'V-0001' } })
    s.answer(UNLINK, { body: { id: 'l-0', evidenceId: ID, personId: 'p-2', pseudonym: 'W-0002', removedAt: 'x' } })
    await s.mount('exhibit-depicts', { ev: photo(), canWrite: true }, { lang: 'en', role: 'documenter' })
    await s.waitFor('.depicts-list')
    t.match(await s.text('.depicts-list'), 'W-0002')
    await s.waitFor('select[name="personId"]')
    const options = await s.page.locator('select[name="personId"] option').allTextContents()
    t.same(options, [en['depicts.choose'], 'W-0001', 'V-0001'], 'only persons of the incident not linked yet, by pseudonym')
    await s.page.getByLabel(en['depicts.person']).selectOption('p-3')
    await s.page.getByRole('button', { name: en['depicts.add'] }).click()
    await s.page.locator('.depicts-list li', { hasText: 'V-0001' }).waitFor()
    t.same(s.bodies[LINK], [{ personId: 'p-3' }], 'the person id only')
    await s.page.getByRole('button', { name: en['depicts.remove'].replace('{pseudonym}', 'W-0002') }).click()
    await s.page.locator('.depicts-list li', { hasText: 'W-0002' }).waitFor({ state: 'detached' })
    t.same(s.requests, [PERSONS, LINK, UNLINK])
    t.same(s.problems, [])
  })

  t.test('in Dari and Pashto, with no one linked; a reader without the right sees the list and no form', async (t) => {
    for (const [lang, words] of [
      ['fa', fa],
      ['ps', ps]
    ] as const) {
      const s = await screenPage(t, browser)
      await s.mount('exhibit-depicts', { ev: photo({ depicts: [] }), canWrite: false }, { lang, role: 'legal' })
      await s.waitFor('.depicts-none')
      t.equal(await s.text('.exhibit-depicts h2'), words['depicts.title'])
      t.equal(await s.text('.depicts-none'), words['depicts.none'])
      t.equal(await s.page.locator('form.depicts-form').count(), 0)
      t.same(s.requests, [], 'nothing asked: the list comes with the record')
      t.same(s.problems, [])
    }
  })

  t.test('a refusal (need-to-know) is shown and nothing changes', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(PERSONS, { body: persons })
    s.answer(LINK, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('exhibit-depicts', { ev: photo({ depicts: [] }), canWrite: true }, { lang: 'en', role: 'documenter' })
    await s.waitFor('select[name="personId"]')
    await s.page.getByLabel(en['depicts.person']).selectOption('p-1')
    await s.page.getByRole('button', { name: en['depicts.add'] }).click()
    await s.waitFor('[role="alert"]')
    t.equal(await s.page.locator('.depicts-list').count(), 0, 'still no one listed')
  })

  t.test('the integrity view and documents show no depicts section', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount(
      'exhibit-depicts',
      { ev: photo({ depicts: undefined, withheld: 'integrity-only' }), canWrite: false },
      { lang: 'en', role: 'auditor' }
    )
    await s.mount('blurred-copy', { ev: photo({ mediaType: 'application/pdf' }), canWrite: true }, { lang: 'en', role: 'documenter' })
    await s.page.waitForTimeout(200)
    t.equal(await s.page.locator('.exhibit-depicts, .blurred-copy').count(), 0)
    t.same(s.requests, [])
  })

  t.test('a sound recording has the depicts section (a voice identifies) and no blurred copy', async (t) => {
    const s = await screenPage(t, browser)
    const audio = photo({ mediaType: 'audio/mpeg', depicts: [] })
    await s.mount('exhibit-depicts', { ev: audio, canWrite: false }, { lang: 'en', role: 'legal' })
    await s.waitFor('.exhibit-depicts')
    t.equal(await s.page.locator('.exhibit-depicts').count(), 1)
    const b = await screenPage(t, browser)
    await b.mount('blurred-copy', { ev: audio, canWrite: true }, { lang: 'en', role: 'documenter' })
    await b.page.waitForTimeout(200)
    t.equal(await b.page.locator('.blurred-copy').count(), 0, 'nothing to blur')
  })

  t.test('"Make a blurred copy" posts the kind only and then shows the lineage with a link to the copy', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(DERIVE, { status: 201, body: { lineage: LINEAGE, evidence: photo({ id: 'ev-9' }) } })
    await s.mount('blurred-copy', { ev: photo(), canWrite: true }, { lang: 'en', role: 'documenter' })
    await s.page.getByRole('button', { name: en['blurredCopy.make'] }).click()
    await s.waitFor('.blurred-copy-made')
    t.same(s.bodies[DERIVE], [{ kind: 'blurred' }])
    t.equal(await s.page.locator('.blurred-copy-made a').getAttribute('href'), '/evidence/ev-9')
    const lineage = (await s.text('.lineage')) ?? ''
    t.match(lineage, 'c'.repeat(64))
    t.match(lineage, en['blurredCopy.methodText'].replace('{block}', '25').replace('{passes}', '2'))
    t.same(s.requests, [DERIVE])
    t.same(s.problems, [])
  })

  t.test('a copy names its source in Pashto; a video says it cannot be blurred; no button without the right', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('blurred-copy', { ev: photo({ id: 'ev-9', derivedFrom: LINEAGE }), canWrite: true }, { lang: 'ps', role: 'documenter' })
    await s.waitFor('.blurred-copy-of')
    t.match(await s.text('.blurred-copy-of'), ps['blurredCopy.isCopyOf'])
    t.equal(await s.page.locator('.blurred-copy-of a').getAttribute('href'), `/evidence/${ID}`)
    const v = await screenPage(t, browser)
    await v.mount('blurred-copy', { ev: photo({ mediaType: 'video/mp4' }), canWrite: true }, { lang: 'fa', role: 'documenter' })
    await v.waitFor('.blurred-copy-video')
    t.equal(await v.text('.blurred-copy-video'), fa['blurredCopy.video'])
    t.equal(await v.page.locator('.blurred-copy button').count(), 0)
    const r = await screenPage(t, browser)
    await r.mount('blurred-copy', { ev: photo(), canWrite: false }, { lang: 'en', role: 'legal' })
    await r.waitFor('.blurred-copy')
    t.equal(await r.page.locator('.blurred-copy button').count(), 0)
    t.same([...s.requests, ...v.requests, ...r.requests], [])
  })
})
