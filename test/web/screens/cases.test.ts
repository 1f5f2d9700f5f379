// The cases screens by themselves (test/web/component-harness.ts): what they show for each answer
// of the server, in Dari, and that they never show anything the browser kept from before.
import t from 'tap'
import type { Case, Dossier } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx } from '../component-harness.ts'

const CASE_ID = '0190a2b4-0000-7000-8000-000000000001'
const DARI_LEGAL: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }
const DARI_AUDITOR: Ctx = { lang: 'fa', role: 'auditor', username: 'auditor1' }

const aCase = (over: Partial<Case> = {}): Case => ({
  id: CASE_ID,
  reference: 'SND-C-2026-0001',
  title: 'قتل‌های هدفمند افسران پیشین در غزنی',
  recipient: 'icc-otp',
  profile: 'restricted',
  revision: 1,
  incidentIds: ['0190a2b4-0000-7000-8000-00000000000a', '0190a2b4-0000-7000-8000-00000000000b'],
  patternIds: [],
  elementLinks: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  createdBy: 'legal1',
  ...over
})

// The recipient's reference numbers section asks for them (test/web/components/recipient-references.test.ts).
const NO_REFERENCES = { caseId: CASE_ID, imports: 0, references: [] }

const aDossier = (over: Partial<Dossier> = {}): Dossier => ({
  id: '0190a2b4-0000-7000-8000-0000000000d1',
  caseId: CASE_ID,
  status: 'ready',
  progress: 1,
  language: 'fa',
  requestedAt: '2026-01-11T09:00:00.000Z',
  requestedBy: 'legal1',
  sha256: 'ab'.repeat(32),
  ...over
})

// The evidence chart of the case (GET /cases/:id/evidence-chart): one graded, partly verified exhibit.
const CHART = {
  rows: [
    {
      incidentId: '0190a2b4-0000-7000-8000-00000000000a',
      incidentReference: 'SND-2026-000001',
      category: 'cah-murder',
      element: 'killing',
      contextual: false,
      exhibit: { id: '0190a2b4-0000-7000-8000-0000000000e1', stableId: 'SND-E-2026-000001' },
      admiralty: ['B2'],
      verification: 'partly-verified'
    }
  ],
  legend: { reliability: {}, credibility: {} }
}

// What an older version of the app kept in this browser: a case the server does not have.
const STALE = {
  'sanad.cases.legal1': JSON.stringify([
    {
      id: 'stale-1',
      title: 'STALE COPY FROM THE BROWSER',
      recipient: 'public',
      profile: 'public',
      incidentIds: [],
      createdAt: '2025-01-01T00:00:00.000Z',
      dossiers: []
    }
  ]),
  'sanad.apiRoutes': JSON.stringify([])
}

const dariDigits = (n: number): string => String(n).replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))

t.test('the cases screens', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('the list shows the server’s cases in Dari, and nothing the browser kept', async (t) => {
    const s = await screenPage(t, browser, { storage: STALE })
    s.answer('GET /api/v1/cases', { body: { items: [aCase()] } })
    await s.mount('cases', {}, DARI_LEGAL)
    await s.waitFor('ul.case-list > li')
    const item = (await s.text('ul.case-list > li')) ?? ''
    t.match(item, aCase().title)
    t.match(item, 'SND-C-2026-0001')
    t.match(item, fa['recipient.icc-otp'], 'the recipient in Dari')
    t.match(item, fa['cases.incidentCount'].replace('{n}', dariDigits(2)), 'the count in Dari digits')
    t.equal(await s.page.locator('ul.case-list > li').count(), 1, 'one case: the server’s')
    t.notMatch((await s.text('section')) ?? '', 'STALE COPY', 'the old browser copy is not shown')
    t.same(s.requests, ['GET /api/v1/cases'], 'the list is asked of the server, and nothing else (no OpenAPI probe)')
    t.same(s.problems, [])
  })

  t.test('when the server fails the list says so in Dari and offers a retry, never a stale copy', async (t) => {
    const s = await screenPage(t, browser, { storage: STALE })
    s.answer('GET /api/v1/cases', apiError(500, 'SANAD_ERR_INTERNAL'), { body: { items: [aCase()] } })
    await s.mount('cases', {}, DARI_LEGAL)
    await s.waitFor('.load-error')
    const alert = (await s.text('[role=alert]')) ?? ''
    t.match(alert, fa['cases.loadFailed'], 'what failed')
    t.match(alert, fa['error.SANAD_ERR_INTERNAL'], 'why, in Dari')
    t.equal(await s.page.locator('ul.case-list').count(), 0, 'no list at all')
    t.notMatch((await s.text('section')) ?? '', 'STALE COPY')
    t.notMatch((await s.text('section')) ?? '', fa['cases.none'], 'a failure is not an empty list')

    await s.page.getByRole('button', { name: fa['common.retry'] }).click()
    await s.waitFor('ul.case-list > li')
    t.equal(await s.page.locator('.load-error').count(), 0, 'the error is gone once the server answers')
    t.same(s.requests, ['GET /api/v1/cases', 'GET /api/v1/cases'], 'the retry asked the server again')
    t.same(s.problems, [])
  })

  t.test('a connection that never reaches the server, or a gateway error, still reads in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/cases', 'network-down', { status: 502, body: '<html>Bad Gateway</html>' })
    await s.mount('cases', {}, DARI_LEGAL)
    await s.waitFor('.load-error')
    t.match((await s.text('.load-error')) ?? '', fa['error.NETWORK'], 'network failure')
    await s.page.getByRole('button', { name: fa['common.retry'] }).click()
    await s.page.waitForFunction(
      (text) => document.querySelector('.load-error')?.textContent?.includes(text),
      fa['error.SANAD_ERR_UNAVAILABLE']
    )
    t.notMatch((await s.text('.load-error')) ?? '', /Bad Gateway|Failed to fetch/, 'no English from the browser or a proxy')
    t.same(s.problems, [])
  })

  t.test('an empty list says there is no case yet', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/cases', { body: { items: [] } })
    await s.mount('cases', {}, DARI_LEGAL)
    await s.waitFor('.empty')
    t.equal(await s.text('.empty'), fa['cases.none'])
  })

  t.test('only a role that may build cases is offered to build one', async (t) => {
    const legal = await screenPage(t, browser)
    legal.answer('GET /api/v1/cases', { body: { items: [] } })
    await legal.mount('cases', {}, DARI_LEGAL)
    await legal.waitFor('.empty')
    t.equal(await legal.page.locator('a[href="/cases/new"]').count(), 1, 'legal: case:write')
    const auditor = await screenPage(t, browser)
    auditor.answer('GET /api/v1/cases', { body: { items: [] } })
    await auditor.mount('cases', {}, DARI_AUDITOR)
    await auditor.waitFor('.empty')
    t.equal(await auditor.page.locator('a[href="/cases/new"]').count(), 0, 'auditor: case:read only')
  })

  t.test('a case shows the server’s facts and export history', async (t) => {
    const s = await screenPage(t, browser, { storage: STALE })
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: CHART })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: NO_REFERENCES })
    s.answer(`GET /api/v1/cases/${CASE_ID}`, {
      body: aCase({ dossiers: [aDossier(), aDossier({ id: '0190a2b4-0000-7000-8000-0000000000d2', status: 'failed', sha256: undefined })] })
    })
    for (const id of aCase().incidentIds)
      s.answer(`GET /api/v1/incidents/${id}`, { body: { id, reference: `SND-${id.slice(-1)}`, title: 'رویداد' } })
    await s.mount('case', { id: CASE_ID }, DARI_LEGAL)
    await s.waitFor('table:not(.chart-table) tbody tr')
    t.match((await s.text('#page-title')) ?? (await s.text('h1')) ?? '', aCase().title)
    t.match((await s.text('dl.facts')) ?? '', 'SND-C-2026-0001')
    t.equal(await s.page.locator('table:not(.chart-table) tbody tr').count(), 2, 'both dossiers the server lists')
    t.match((await s.text('table:not(.chart-table) tbody')) ?? '', fa['jobStatus.failed'])
    t.equal(
      await s.page.locator('table:not(.chart-table) [data-testid=download-pdf]').count(),
      1,
      'files of the ready dossier for its builder'
    )
    t.equal(await s.page.getByRole('button', { name: fa['cases.generate'] }).count(), 1)
    await s.waitFor('.evidence-chart tbody tr')
    const chart = (await s.text('.evidence-chart')) ?? ''
    t.match(chart, fa['chart.title'], 'the evidence chart in Dari')
    t.match(chart, 'SND-E-2026-000001')
    t.match(chart, 'B2', 'the source grade')
    t.match(chart, fa['chart.status.partly-verified'], 'the verification status in Dari')
    t.match(chart, fa['admiralty.A'], 'the admiralty legend in Dari')
    t.same(s.problems, [])
  })

  t.test('a case shows its warnings, and a revision from a stale base says someone else revised it', async (t) => {
    const s = await screenPage(t, browser)
    const [a] = aCase().incidentIds
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: CHART })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: NO_REFERENCES })
    s.answer(`GET /api/v1/cases/${CASE_ID}`, {
      body: aCase({ warnings: [{ code: 'OUTSIDE_ICC_JURISDICTION_WINDOW', message: 'English from the server', incidentId: a! }] })
    })
    for (const id of aCase().incidentIds)
      s.answer(`GET /api/v1/incidents/${id}`, {
        body: { id, reference: `SND-${id.slice(-1)}`, title: 'رویداد', categories: ['cah-murder'] }
      })
    for (const id of aCase().incidentIds) s.answer(`GET /api/v1/incidents/${id}/evidence`, { body: { items: [] } })
    s.answer('POST /api/v1/cases/warnings', { body: { warnings: [] } })
    s.answer(`PATCH /api/v1/cases/${CASE_ID}`, {
      status: 409,
      body: { code: 'SANAD_ERR_REVISION_CONFLICT', message: 'The case is at revision 2', details: { current: 2 } }
    })
    await s.mount('case', { id: CASE_ID }, DARI_LEGAL)
    await s.waitFor('.case-warnings li')
    const warning = (await s.text('.case-warnings')) ?? ''
    t.match(warning, fa['cases.warning.OUTSIDE_ICC_JURISDICTION_WINDOW'], 'the warning in Dari')
    t.notMatch(warning, 'English from the server')
    await s.page.locator('details.case-editor summary').click()
    await s.page.getByRole('button', { name: fa['cases.save'] }).click()
    await s.waitFor('details.case-editor [role=alert]')
    t.match((await s.text('details.case-editor [role=alert]')) ?? '', fa['cases.conflict'].replace('{n}', dariDigits(2)).slice(0, 20))
    t.same(s.bodies[`PATCH /api/v1/cases/${CASE_ID}`], [{ baseRevision: 1, reason: 'correction' }], 'the edit names its base revision')
    t.equal(await s.page.getByRole('button', { name: fa['cases.reload'] }).count(), 1, 'a reload is offered')
  })

  t.test('an auditor sees the receipts but is offered no files and no generation', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: CHART })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: NO_REFERENCES })
    s.answer(`GET /api/v1/cases/${CASE_ID}`, { body: aCase({ dossiers: [aDossier()] }) })
    await s.mount('case', { id: CASE_ID }, DARI_AUDITOR)
    await s.waitFor('table:not(.chart-table) tbody tr')
    t.equal(await s.page.locator('[data-testid=download-receipt]').count(), 1)
    t.equal(await s.page.locator('[data-testid=download-pdf], [data-testid=download-package]').count(), 0)
    t.equal(await s.page.getByRole('button', { name: fa['cases.generate'] }).count(), 0)
    t.notOk(
      s.requests.some((r) => r.startsWith('GET /api/v1/incidents/')),
      'no incident is asked for: the auditor may not read them'
    )
    t.notOk(
      s.requests.includes(`GET /api/v1/cases/${CASE_ID}/recipient-references`),
      "no recipient's references section: the auditor may not import them"
    )
    t.same(s.problems, [])
  })

  t.test('a case the server cannot give is an error with a retry, and nothing to act on', async (t) => {
    const s = await screenPage(t, browser, { storage: STALE })
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: CHART })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: NO_REFERENCES })
    s.answer(
      `GET /api/v1/cases/${CASE_ID}`,
      apiError(404, 'SANAD_ERR_CASE_NOT_FOUND', 'No such case'),
      apiError(404, 'SANAD_ERR_NOT_YET_TRANSLATED', 'English only'),
      { body: aCase() }
    )
    for (const id of aCase().incidentIds) s.answer(`GET /api/v1/incidents/${id}`, { body: { id, reference: 'SND-1', title: 'رویداد' } })
    await s.mount('case', { id: CASE_ID }, DARI_LEGAL)
    await s.waitFor('.load-error')
    t.match((await s.text('.load-error')) ?? '', fa['cases.caseLoadFailed'])
    t.match((await s.text('.load-error')) ?? '', fa['error.SANAD_ERR_CASE_NOT_FOUND'], 'the server’s code, in Dari')
    t.equal(await s.page.getByRole('button', { name: fa['cases.generate'] }).count(), 0, 'no generation for a case not loaded')
    t.equal(await s.page.locator('table:not(.chart-table)').count(), 0, 'no export history from anywhere else')
    await s.page.getByRole('button', { name: fa['common.retry'] }).click()
    await s.page.waitForFunction(
      (text) => document.querySelector('.load-error')?.textContent?.includes(text),
      fa['error.SANAD_ERR_NOT_FOUND']
    )
    t.notMatch((await s.text('.load-error')) ?? '', 'English only', 'a code without a translation yet reads by its status')
    await s.page.getByRole('button', { name: fa['common.retry'] }).click()
    await s.waitFor('dl.facts')
    t.equal(await s.page.locator('.load-error').count(), 0)
  })

  t.test('generating a dossier follows the server’s answers and keeps nothing in the browser', async (t) => {
    const s = await screenPage(t, browser)
    const id = '0190a2b4-0000-7000-8000-0000000000d9'
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: CHART })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: NO_REFERENCES })
    s.answer(`GET /api/v1/cases/${CASE_ID}`, { body: aCase({ incidentIds: [] }) })
    s.answer(`POST /api/v1/cases/${CASE_ID}/dossiers`, { status: 202, body: { id, status: 'queued' } })
    s.answer(
      `GET /api/v1/dossiers/${id}`,
      { body: aDossier({ id, status: 'running', progress: 0.5, sha256: undefined }) },
      { body: aDossier({ id, summary: { incidents: 2, pages: 7 } }) }
    )
    await s.mount('case', { id: CASE_ID }, { lang: 'en', role: 'legal', username: 'legal1' })
    await s.waitFor('dl.facts')
    t.equal(await s.page.locator('table:not(.chart-table)').count(), 0, 'no export yet')
    await s.page.getByRole('button', { name: en['cases.generate'] }).click()
    await s.page.waitForSelector('.dossier-progress[data-status=ready]', { timeout: 15_000 })
    t.same(s.bodies[`POST /api/v1/cases/${CASE_ID}/dossiers`], [{ language: 'en' }], 'the language chosen')
    t.match((await s.text('.dossier-progress')) ?? '', 'ab'.repeat(32), 'the server’s hash of the PDF')
    t.equal(await s.page.locator('table:not(.chart-table) tbody tr').count(), 1, 'the history holds it once')
    const kept = await s.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sanad.cases')))
    t.same(kept, [], 'no case or dossier in localStorage')
    t.same(s.problems, [])
  })

  t.test('a full-profile dossier is asked for only with the recipient’s public key, which goes with the request', async (t) => {
    const s = await screenPage(t, browser)
    const id = '0190a2b4-0000-7000-8000-0000000000da'
    s.answer(`GET /api/v1/cases/${CASE_ID}`, { body: aCase({ incidentIds: [], profile: 'full' }) })
    s.answer(`POST /api/v1/cases/${CASE_ID}/dossiers`, { status: 202, body: { id, status: 'queued' } })
    s.answer(`GET /api/v1/dossiers/${id}`, { body: aDossier({ id }) })
    s.answer(`GET /api/v1/cases/${CASE_ID}/evidence-chart`, { body: CHART })
    s.answer(`GET /api/v1/cases/${CASE_ID}/recipient-references`, { body: NO_REFERENCES })
    await s.mount('case', { id: CASE_ID }, { lang: 'en', role: 'legal', username: 'legal1' })
    await s.waitFor('dl.facts')
    const generate = s.page.getByRole('button', { name: en['cases.generate'] })
    t.ok(await generate.isDisabled(), 'no generation without a key')
    const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ\n-----END PGP PUBLIC KEY BLOCK-----'
    await s.page.fill('textarea[name=recipientKey]', key)
    await generate.click()
    await s.page.waitForSelector('.dossier-progress[data-status=ready]', { timeout: 15_000 })
    t.same(s.bodies[`POST /api/v1/cases/${CASE_ID}/dossiers`], [{ language: 'en', recipientKey: key }])
    t.same(s.problems, [])
  })

  t.test('building a case posts it and opens it, keeping no copy', async (t) => {
    const s = await screenPage(t, browser)
    const incident = {
      id: '0190a2b4-0000-7000-8000-00000000000a',
      reference: 'SND-2026-0001',
      title: 'رویداد غزنی',
      occurred: { from: '2026-01-01', to: '2026-01-01' },
      location: { province: 'AF-GHA' },
      categories: [],
      status: 'verified',
      flags: []
    }
    s.answer('GET /api/v1/incidents?limit=25&offset=0', { body: { items: [incident], total: 1 } })
    s.answer('POST /api/v1/cases', { status: 201, body: aCase({ incidentIds: [incident.id] }) })
    s.answer('POST /api/v1/cases/warnings', { body: { warnings: [] } })
    await s.mount('case-builder', {}, DARI_LEGAL)
    await s.page.getByRole('button', { name: fa['list.search'] }).click()
    await s.waitFor('ul.pick-list > li')
    await s.page.getByRole('button', { name: new RegExp(fa['cases.add']) }).click()
    await s.page.fill('input[name=case-title]', 'پروندهٔ آزمایشی')
    await s.page.getByRole('button', { name: fa['cases.create'] }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.same(s.bodies['POST /api/v1/cases'], [
      { title: 'پروندهٔ آزمایشی', incidentIds: [incident.id], recipient: 'icc-otp', profile: 'restricted' }
    ])
    t.same(await s.page.evaluate(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations), [
      `/cases/${CASE_ID}`
    ])
    t.same(await s.page.evaluate(() => Object.keys(localStorage)), [], 'nothing kept in localStorage')
    t.same(s.problems, [])
  })

  t.test('the builder shows the warnings of the picked incidents before the case is saved', async (t) => {
    const s = await screenPage(t, browser)
    const incident = {
      id: '0190a2b4-0000-7000-8000-00000000000a',
      reference: 'SND-1998-0001',
      title: 'کشتار مزار شریف',
      occurred: { from: '1998-08-08', to: '1998-08-08' },
      location: { province: 'AF-BAL' },
      categories: [],
      status: 'draft',
      flags: []
    }
    s.answer('GET /api/v1/incidents?limit=25&offset=0', { body: { items: [incident], total: 1 } })
    s.answer(`GET /api/v1/incidents/${incident.id}`, { body: incident })
    s.answer('POST /api/v1/cases/warnings', {
      body: {
        warnings: [
          { code: 'OUTSIDE_ICC_JURISDICTION_WINDOW', message: 'x', incidentId: incident.id },
          { code: 'INCIDENT_NOT_VERIFIED', message: 'x', incidentId: incident.id }
        ]
      }
    })
    await s.mount('case-builder', {}, DARI_LEGAL)
    await s.page.getByRole('button', { name: fa['list.search'] }).click()
    await s.waitFor('ul.pick-list > li')
    await s.page.getByRole('button', { name: new RegExp(fa['cases.add']) }).click()
    await s.waitFor('.case-warnings li')
    const text = (await s.text('.case-warnings')) ?? ''
    t.match(text, fa['cases.warning.OUTSIDE_ICC_JURISDICTION_WINDOW'])
    t.match(text, fa['cases.warning.INCIDENT_NOT_VERIFIED'])
    t.same(s.bodies['POST /api/v1/cases/warnings'], [{ incidentIds: [incident.id], recipient: 'icc-otp' }], 'asked before saving')
    t.notOk(s.bodies['POST /api/v1/cases'], 'nothing saved yet')
  })
})
