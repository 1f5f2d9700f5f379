// The exhibit page by itself (test/web/component-harness.ts), fed what the real API answers for an
// edited photograph: its hashes and capture facts for those who may see them, the consistency flags
// explained in Dari, the custody proven in this browser, and for an auditor only what integrity needs.
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

const DOC: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const AUDITOR: Ctx = { lang: 'en', role: 'auditor', username: 'auditor1' }

type Custody = { items: { entry: Record<string, unknown> }[] } & Record<string, unknown>

t.test('the exhibit page', async (t) => {
  if (!requireTool(t, 'chromium')) return

  // What the server answers, recorded once from a real app: an edited photo uploaded by a documenter.
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const auditor = await asRole(app, 'auditor')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const photo = readFileSync(new URL('../../fixtures/evidence/edited.jpg', import.meta.url))
  const form = multipart([
    { name: 'sha256', value: createHash('sha256').update(photo).digest('hex') },
    { name: 'file', value: photo, filename: 'edited.jpg', contentType: 'image/jpeg' }
  ])
  const uploaded = await app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incident.id}/evidence`,
    headers: { ...doc, ...form.headers },
    payload: form.payload
  })
  t.equal(uploaded.statusCode, 201)
  const id = (uploaded.json() as Evidence).id
  const asDocumenter = (await app.inject({ url: `/api/v1/evidence/${id}`, headers: doc })).json() as Evidence
  const asAuditor = (await app.inject({ url: `/api/v1/evidence/${id}`, headers: auditor })).json() as Evidence
  const custody = (await app.inject({ url: `/api/v1/evidence/${id}/custody`, headers: doc })).json() as Custody
  const key = (await app.inject({ url: '/api/v1/ledger/key' })).body
  t.equal(asAuditor.metadata.status, 'withheld', 'the server withholds capture facts from an auditor')

  const browser = await launch(t)
  const open = async (s: Screen, ctx: Ctx, over: { evidence?: Evidence; custody?: Custody } = {}): Promise<void> => {
    s.answer(`GET /api/v1/evidence/${id}`, { body: over.evidence ?? asDocumenter })
    s.answer(`GET /api/v1/evidence/${id}/custody`, { body: over.custody ?? custody })
    s.answer(`GET /api/v1/evidence/${id}/custody-events`, { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${asDocumenter.incidentId}/evidence`, { body: { items: [] } })
    s.answer('GET /api/v1/ledger/key', { text: key })
    s.answer(`GET /api/v1/evidence/${id}/verifications`, { body: { items: [] } })
    s.answer(`GET /api/v1/evidence/${id}/graphic`, { body: { graphic: false } })
    s.answer(`GET /api/v1/incidents/${asDocumenter.incidentId}/comments?evidenceId=${id}`, { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${asDocumenter.incidentId}/persons`, { body: { items: [] } })
    await s.mount('exhibit', { id }, ctx)
    await s.waitFor('article.exhibit')
  }

  t.test('a documenter sees the hashes, the capture facts, and each flag explained in Dari', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DOC)
    t.equal(await s.text('#page-title'), 'edited.jpg')
    const facts = (await s.text('dl.facts')) ?? ''
    t.match(facts, asDocumenter.sha256)
    t.match(facts, asDocumenter.sha512)
    t.match(facts, /SND-E-\d{4}-\d{6}/)
    t.match(facts, asDocumenter.stableId, 'the stable exhibit id')
    const capture = (await s.page.locator('section.card').nth(1).textContent()) ?? ''
    t.match(capture, 'Apple iPhone 12', 'the device')
    t.match(capture, 'Adobe Photoshop', 'the editing software the file names')
    const flags = s.page.locator('ul.flag-list > li')
    t.same(
      await flags.locator('.badge-warning').allTextContents(),
      asDocumenter.flags.map((f) => fa[`mediaFlag.${f}` as keyof typeof fa]),
      'every flag the server raised, in Dari'
    )
    t.ok(asDocumenter.flags.includes('EDITING_SOFTWARE'))
    const editing = flags.filter({ hasText: fa['mediaFlag.EDITING_SOFTWARE'] })
    t.match((await editing.textContent()) ?? '', fa['mediaFlag.EDITING_SOFTWARE.explain'], 'with what it means')
    // The flag's facts come filled into a Dari sentence (the English text only for flags stored without them).
    t.match((await editing.locator('.server-detail').textContent()) ?? '', /Adobe Photoshop 25\.0/, 'the facts in a Dari sentence')
    t.equal(await editing.locator('.server-detail [lang=en]').count(), 0, 'no English fallback')
    t.equal(await s.page.locator('a.button[download]').getAttribute('href'), `/api/v1/evidence/${id}/content?purpose=exhibit-download`)
    t.equal(await s.page.getByRole('button', { name: fa['exhibit.showPreview'] }).count(), 1)
    t.equal(await s.page.locator('.breadcrumb a').getAttribute('href'), `/incidents/${asDocumenter.incidentId}/evidence`)
    t.same(s.problems, [])
  })

  t.test('the custody is proven here, against the ledger’s signed checkpoint', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DOC)
    await s.waitFor('.alert-success')
    t.match((await s.text('.alert-success')) ?? '', fa['exhibit.custodyOk'].split('{n}')[0]!.trim())
    t.equal(await s.page.locator('.timeline-item').count(), custody.items.length)
    t.equal(await s.page.locator('.timeline .badge-ok').count(), custody.items.length, 'each entry proven')
    // The recorded custody events and verification records load beside the ledger's, in whichever order the answers come.
    t.same(
      [...s.requests].sort(),
      [
        `GET /api/v1/evidence/${id}`,
        `GET /api/v1/evidence/${id}/custody`,
        `GET /api/v1/evidence/${id}/custody-events`,
        `GET /api/v1/evidence/${id}/verifications`,
        `GET /api/v1/evidence/${id}/graphic`,
        `GET /api/v1/incidents/${asDocumenter.incidentId}/comments?evidenceId=${id}`,
        // The translation link reads the same events, and the incident's exhibits to offer as originals.
        `GET /api/v1/evidence/${id}/custody-events`,
        `GET /api/v1/incidents/${asDocumenter.incidentId}/evidence`,
        // Who the exhibit depicts is chosen among the incident's persons (pseudonyms).
        `GET /api/v1/incidents/${asDocumenter.incidentId}/persons`,
        'GET /api/v1/ledger/key'
      ].sort()
    )
  })

  t.test('a custody entry altered on the way is caught and said', async (t) => {
    const s = await screenPage(t, browser)
    const altered = structuredClone(custody)
    altered.items[0]!.entry.actor = 'user:someone-else'
    await open(s, DOC, { custody: altered })
    await s.waitFor('.exhibit .alert-error')
    t.match((await s.text('.exhibit .alert-error')) ?? '', fa['exhibit.custodyBad'])
    t.equal(await s.page.locator('.alert-success').count(), 0, 'never “proven”')
    t.ok((await s.page.locator('.timeline .badge-error').count()) >= 1)
  })

  t.test('a key pinned in this browser that the server no longer serves is warned about, and used', async (t) => {
    const s = await screenPage(t, browser, {
      storage: { 'sanad.pinnedLedgerKey': 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW' }
    })
    await open(s, DOC)
    await s.page.waitForFunction((text) => document.body.textContent?.includes(text), fa['ledger.keyMismatch'])
    await s.page.waitForFunction((text) => document.body.textContent?.includes(text), fa['exhibit.custodyBad'])
    t.equal(await s.page.locator('.alert-success').count(), 0, 'the pinned key is not silently replaced')
  })

  t.test('an auditor sees what integrity needs and nothing of the content', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, AUDITOR, { evidence: asAuditor })
    t.notMatch((await s.text('#page-title')) ?? '', 'edited.jpg', 'the server’s neutral name, not the file’s')
    t.match((await s.text('dl.facts')) ?? '', asAuditor.sha256)
    t.match((await s.text('dl.facts')) ?? '', asAuditor.stableId, 'the stable exhibit id says nothing of the content')
    t.equal(await s.text('section.card:nth-of-type(2) .hint'), en['exhibit.withheld'])
    t.notMatch((await s.text('article')) ?? '', 'iPhone', 'no capture facts')
    t.equal(await s.page.locator('a[download]').count(), 0, 'no download')
    t.equal(await s.page.getByRole('button', { name: en['exhibit.showPreview'] }).count(), 0, 'no preview')
    t.equal(await s.page.locator('.breadcrumb').count(), 0, 'no way to the incident it may not read')
    await s.waitFor('.alert-success')
    t.same(s.problems, [])
  })

  t.test('the preview is asked for only on request, as the shared copy, and a failure is said', async (t) => {
    const s = await screenPage(t, browser)
    const preview = `GET /api/v1/evidence/${id}/content?variant=shared&purpose=exhibit-preview`
    s.answer(preview, apiError(409, 'SANAD_ERR_VARIANT_UNAVAILABLE'))
    await open(s, DOC)
    t.notOk(s.requests.includes(preview), 'nothing fetched before the user asks')
    await s.page.getByRole('button', { name: fa['exhibit.showPreview'] }).click()
    await s.waitFor('.exhibit .alert-error')
    t.ok(s.requests.includes(preview), 'the metadata-free copy, with its purpose for the ledger')
    t.equal(await s.text('.exhibit .alert-error'), fa['exhibit.previewFailed'])
  })

  t.test('an exhibit the server will not give is an error in Dari and nothing else', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/evidence/${id}`, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    s.answer(`GET /api/v1/evidence/${id}/custody`, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    s.answer(`GET /api/v1/evidence/${id}/custody-events`, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('exhibit', { id }, DOC)
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_NEED_TO_KNOW'])
    t.equal(await s.page.locator('article').count(), 0)
  })
})
