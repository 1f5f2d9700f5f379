// The ledger screen by itself (test/web/component-harness.ts), fed what the real API answers: the
// signed checkpoint checked in this browser (and a forged one refused), the search kept in the
// address and each result proven, and the verification job and sensitive actions offered only to
// the roles that may run or read them.
import t from 'tap'
import { query } from '../../../web/src/api.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { asRole, incidentInput, testApp } from '../../helpers/app.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

const DARI_LEGAL: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }
const AUDITOR: Ctx = { lang: 'en', role: 'auditor', username: 'auditor1' }
const DOCUMENTER: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }

t.test('the ledger screen', async (t) => {
  if (!requireTool(t, 'chromium')) return

  // What the server answers, recorded once from a real app with one incident recorded.
  const app = await testApp(t)
  const doc = await asRole(app, 'documenter')
  const incident = (await app.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const checkpoint = (await app.inject({ url: '/api/v1/ledger/checkpoint', headers: doc })).body
  const key = (await app.inject({ url: '/api/v1/ledger/key' })).body.trim()
  const history = (await app.inject({ url: '/api/v1/ledger/checkpoints', headers: doc })).json()
  const search = query({ subject: `incident:${incident.id}` })
  const entriesUrl = `/api/v1/ledger/entries${query({ subject: `incident:${incident.id}`, limit: 50 })}`
  const entries = (await app.inject({ url: entriesUrl, headers: doc })).json()
  t.ok(entries.items.length >= 1, 'the incident’s creation is in the ledger')
  const size = Number(checkpoint.split('\n')[1])

  const browser = await launch(t)
  const open = async (s: Screen, ctx: Ctx, note = checkpoint): Promise<void> => {
    s.answer('GET /api/v1/ledger/checkpoint', { text: note })
    s.answer('GET /api/v1/ledger/key', { text: key })
    s.answer('GET /api/v1/ledger/checkpoints', { body: history })
    s.answer('GET /api/v1/audit/sensitive-actions', { body: { items: [] } })
    s.answer('GET /api/v1/verification-jobs', { body: { items: [] } })
    await s.mount('ledger', {}, ctx)
    await s.waitFor('#page-title')
  }

  t.test('the signed checkpoint is checked here, its size in Dari digits', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI_LEGAL)
    await s.waitFor('.alert-success')
    t.equal(await s.text('.alert-success'), fa['ledger.signatureOk'])
    t.equal(
      await s.text('.ledger-size'),
      String(size).replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))
    )
    t.equal(await s.text('pre.note'), checkpoint, 'the note as the server signed it')
    t.same(s.problems, [])
  })

  t.test('a checkpoint whose size was changed on the way is refused, not shown as signed', async (t) => {
    const s = await screenPage(t, browser)
    await open(
      s,
      DARI_LEGAL,
      checkpoint.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 5}\n`)
    )
    await s.waitFor('.card .alert-error')
    t.match((await s.text('.card .alert-error')) ?? '', fa['ledger.signatureBad'])
    t.equal(await s.page.locator('.alert-success').count(), 0)
    t.equal(await s.page.locator('.ledger-size').count(), 0, 'no size from a note that does not verify')
  })

  t.test('only roles that may run the full verification or read sensitive actions are offered them', async (t) => {
    // One subtest per role: each gives its page back for the next.
    for (const [ctx, want] of [
      [AUDITOR, 1],
      [{ lang: 'en', role: 'admin', username: 'admin' } as Ctx, 1],
      [DOCUMENTER, 0],
      [DARI_LEGAL, 0]
    ] as const)
      await t.test(ctx.role ?? '', async (t) => {
        const s = await screenPage(t, browser)
        await open(s, ctx)
        await s.waitFor('.alert-success')
        const runJob = ctx.lang === 'fa' ? fa['ledger.runJob'] : en['ledger.runJob']
        t.equal(await s.page.getByRole('button', { name: runJob }).count(), want, `${ctx.role}: verify:run`)
        t.equal(await s.page.locator('.sensitive-actions').count(), want, `${ctx.role}: audit:read`)
        t.equal(s.requests.includes('GET /api/v1/audit/sensitive-actions'), want === 1, `${ctx.role}: asked only when offered`)
      })
  })

  t.test('a search goes into the address, so it can be linked and survives a reload', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DOCUMENTER)
    await s.page.locator('select[name=subject-kind]').selectOption('incident')
    await s.page.fill('input[name=subject-id]', ` ${incident.id} `)
    await s.page.fill('input[name=type]', 'incident-created')
    await s.page.getByRole('button', { name: en['ledger.find'] }).click()
    t.same((await s.recorded()).navigations, [`/ledger${query({ subject: `incident:${incident.id}`, type: 'incident-created' })}`])
    await s.page.getByRole('button', { name: en['ledger.clear'] }).click()
    t.same((await s.recorded()).navigations.at(-1), '/ledger')
  })

  t.test('the results of a search in the address are proven here, entry by entry', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET ${entriesUrl}`, { body: entries })
    s.answer('GET /api/v1/ledger/checkpoint', { text: checkpoint })
    s.answer('GET /api/v1/ledger/key', { text: key })
    s.answer('GET /api/v1/ledger/checkpoints', { body: history })
    await s.mount('ledger', {}, { ...DARI_LEGAL, search })
    await s.waitFor('table.ledger-results tbody tr')
    await s.page.waitForFunction(
      (text) => document.querySelector('.ledger-search')?.textContent?.includes(text),
      fa['ledger.proofsOk'].split('{size}')[0]!
    )
    t.equal(await s.page.locator('table.ledger-results tbody tr').count(), entries.items.length)
    t.equal(await s.page.locator('select[name=subject-kind]').inputValue(), 'incident', 'the form shows the search it came from')
    t.equal(await s.page.locator('input[name=subject-id]').inputValue(), incident.id)
  })

  t.test('a result whose entry was altered is not proven', async (t) => {
    const s = await screenPage(t, browser)
    const altered = structuredClone(entries)
    altered.items[0].entry.actor = 'user:someone-else'
    s.answer(`GET ${entriesUrl}`, { body: altered })
    await open(s, { ...DARI_LEGAL, search })
    await s.page.waitForFunction((text) => document.querySelector('.ledger-search')?.textContent?.includes(text), fa['ledger.proofsBad'])
    t.equal(await s.page.locator('.ledger-search .alert-success').count(), 0)
  })

  t.test('the full verification runs on the server and its phases and verdict read in Dari', async (t) => {
    const s = await screenPage(t, browser)
    const job = { id: '0190a2b4-0000-7000-8000-0000000000c1', status: 'queued', progress: 0 }
    const report = {
      ok: true,
      problems: [],
      ledger: { entries: size, checkpoints: 2, checkpointsVerified: 2, root: 'ab'.repeat(32) },
      blobs: { expected: 0, hashed: 0, bytes: 0, orphans: 0 },
      evidence: { records: 0, copies: 0 }
    }
    s.answer('POST /api/v1/verification-jobs', { status: 202, body: job })
    s.answer(
      `GET /api/v1/verification-jobs/${job.id}`,
      { body: { ...job, status: 'running', progress: 0.5, message: 'blobs 3/7' } },
      { body: { ...job, status: 'ready', progress: 1, report, finishedAt: '2026-01-10T08:30:00.000Z' } }
    )
    await open(s, { lang: 'fa', role: 'auditor', username: 'auditor1' })
    await s.page.getByRole('button', { name: fa['ledger.runJob'] }).click()
    await s.page.waitForFunction(
      (text) => document.querySelector('.job [role=status]')?.textContent?.includes(text),
      fa['jobPhase.blobs'].replace('{done}', '۳').replace('{total}', '۷')
    )
    await s.waitFor('.job[data-status=ready] .verdict[data-verdict=verified]')
    t.equal(await s.text('.verdict'), fa['ledger.jobOk'])
    t.same((await s.recorded()).announcements, [fa['ledger.jobOk']])
    t.same(s.bodies['POST /api/v1/verification-jobs'], [{}])
  })

  t.test(
    'earlier verifications are listed with their verdicts, one opens its report, and a new one joins the list when done',
    async (t) => {
      const s = await screenPage(t, browser)
      const report = (ok: boolean) => ({
        ok,
        problems: ok ? [] : [{ code: 'BLOB_HASH_MISMATCH', message: 'blob abc… altered' }],
        ledger: { entries: size, checkpoints: 2, checkpointsVerified: 2, root: 'ab'.repeat(32) },
        blobs: { expected: 1, hashed: 1, bytes: 10, orphans: 0 },
        evidence: { records: 1, copies: 0 }
      })
      const past = [
        {
          id: '0190a2b4-0000-7000-8000-0000000000d2',
          status: 'ready',
          progress: 1,
          createdAt: '2026-01-11T08:00:00.000Z',
          finishedAt: '2026-01-11T08:01:00.000Z',
          report: report(false)
        },
        {
          id: '0190a2b4-0000-7000-8000-0000000000d1',
          status: 'ready',
          progress: 1,
          createdAt: '2026-01-10T08:00:00.000Z',
          finishedAt: '2026-01-10T08:01:00.000Z',
          report: report(true)
        }
      ]
      const job = { id: '0190a2b4-0000-7000-8000-0000000000d3', status: 'queued', progress: 0, createdAt: '2026-01-12T08:00:00.000Z' }
      const done = { ...job, status: 'ready', progress: 1, finishedAt: '2026-01-12T08:01:00.000Z', report: report(true) }
      s.answer('GET /api/v1/ledger/checkpoint', { text: checkpoint })
      s.answer('GET /api/v1/ledger/key', { text: key })
      s.answer('GET /api/v1/ledger/checkpoints', { body: history })
      s.answer('GET /api/v1/audit/sensitive-actions', { body: { items: [] } })
      s.answer('GET /api/v1/verification-jobs', { body: { items: past } }, { body: { items: [done, ...past] } })
      s.answer('POST /api/v1/verification-jobs', { status: 202, body: job })
      s.answer(`GET /api/v1/verification-jobs/${job.id}`, { body: done })
      await s.mount('ledger', {}, { lang: 'fa', role: 'auditor', username: 'auditor1' })
      await s.waitFor('[data-testid=past-jobs] tbody tr')
      const rows = s.page.locator('[data-testid=past-jobs] tbody tr')
      t.equal(await rows.count(), 2)
      t.equal((await rows.nth(0).locator('td').nth(2).textContent())?.trim(), fa['ledger.jobResultProblems'].replace('{n}', '۱'))
      t.equal((await rows.nth(1).locator('td').nth(2).textContent())?.trim(), fa['ledger.jobResultOk'])
      await rows.nth(0).getByRole('button', { name: fa['ledger.showReport'] }).click()
      await s.waitFor('.job .problems li')
      t.match(await s.text('.job .problems li'), /BLOB_HASH_MISMATCH/)
      t.equal(await s.text('.job .verdict'), fa['ledger.jobProblems'])
      await s.page.getByRole('button', { name: fa['ledger.runJob'] }).click()
      await s.page.waitForFunction(() => document.querySelectorAll('[data-testid=past-jobs] tbody tr').length === 3)
      t.equal(await rows.nth(0).getAttribute('aria-current'), 'true', 'the job just run is the one shown above')
      t.same(s.problems, [])
    }
  )

  t.test('pinning the served key keeps it in this browser, and the checks use it', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, AUDITOR)
    await s.waitFor('.alert-success')
    t.match((await s.text('section.card:nth-of-type(2)')) ?? '', en['ledger.notPinned'])
    await s.page.getByRole('button', { name: en['ledger.pin'], exact: true }).click()
    await s.page.waitForFunction(() => localStorage.getItem('sanad.pinnedLedgerKey') !== null)
    t.equal(await s.page.evaluate(() => localStorage.getItem('sanad.pinnedLedgerKey')), key)
  })

  t.test('a pin that is not a verifier key is refused with the reason, and nothing is pinned', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, AUDITOR)
    await s.page.getByLabel(en['ledger.pinLabel']).fill('not a key')
    await s.page.getByRole('button', { name: en['ledger.pin'], exact: true }).click()
    await s.waitFor('.field-error')
    t.equal(await s.page.evaluate(() => localStorage.getItem('sanad.pinnedLedgerKey')), null)
  })

  t.test('a ledger the server cannot give is said in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/ledger/checkpoint', apiError(503, 'SANAD_ERR_UNAVAILABLE'))
    await s.mount('ledger', {}, DARI_LEGAL)
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_UNAVAILABLE'])
  })
})
