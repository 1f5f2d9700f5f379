// Who did what, by name (test/web/component-harness.ts): `user:<id>` shown as the account's name from
// GET /users/directory, the id kept as its tooltip; anything the directory does not know shown exactly
// as recorded; the directory asked once, whatever the number of actors on the page.
import t from 'tap'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage } from '../component-harness.ts'

const DIRECTORY = 'GET /api/v1/users/directory'
const DOC_ID = '0190a2b4-0000-7000-8000-0000000000d1'
const AUD_ID = '0190a2b4-0000-7000-8000-0000000000d2'
const UNKNOWN = 'user:0190a2b4-0000-7000-8000-0000000000ff'
const ITEMS = [
  { id: DOC_ID, username: 'doc1', role: 'documenter' },
  { id: AUD_ID, username: 'auditor1', role: 'auditor' }
]

t.test('an actor', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a known account is shown by name, its id as the tooltip; the directory is asked once', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(DIRECTORY, { body: { items: ITEMS } })
    await s.mount(
      'actor',
      { load: true, actors: [`user:${DOC_ID}`, `user:${AUD_ID}`, `user:${DOC_ID}`, DOC_ID] },
      { lang: 'fa', role: 'auditor' }
    )
    await s.waitFor('#actors bdi.actor')
    t.same(await s.page.locator('#actors li').allTextContents(), ['doc1', 'auditor1', 'doc1', 'doc1'], 'a bare id is named too')
    t.equal(
      await s.page.locator('#actors li').first().locator('bdi').getAttribute('title'),
      `user:${DOC_ID}`,
      'the id, to match the ledger'
    )
    t.equal(await s.page.locator('#actors li').first().locator('bdi').getAttribute('dir'), 'ltr', 'a Latin name kept whole in Dari')
    t.same(s.requests, [DIRECTORY], 'one request for every actor on the page')
    t.same(s.problems, [])
  })

  t.test('what the directory does not know is shown exactly as recorded', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(DIRECTORY, { body: { items: ITEMS } })
    await s.mount('actor', { load: true, actors: [UNKNOWN, 'system', `user:${DOC_ID}`, null] }, { lang: 'en', role: 'documenter' })
    await s.waitFor('#actors bdi.actor')
    const cells = s.page.locator('#actors li')
    t.equal(await cells.nth(0).textContent(), UNKNOWN, 'an account of unknown id: the raw id')
    t.equal(await cells.nth(0).locator('code.mono').count(), 1, 'as an id, in monospace')
    t.equal(await cells.nth(1).textContent(), 'system')
    t.equal(await cells.nth(2).textContent(), 'doc1')
    t.equal(await cells.nth(3).textContent(), '—', 'no actor at all: a dash, not an empty cell')
  })

  t.test('a directory that cannot be read leaves every id as it is, with no error shown', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(DIRECTORY, { status: 500, body: { code: 'SANAD_ERR_INTERNAL', message: 'failed' } })
    await s.mount('actor', { load: true, actors: [`user:${DOC_ID}`] }, { lang: 'en', role: 'documenter' })
    await s.waitForRequest(DIRECTORY)
    await s.page.waitForTimeout(100)
    t.equal(await s.text('#actors li'), `user:${DOC_ID}`)
    t.equal(await s.page.locator('[role=alert]').count(), 0)
  })

  t.test('the custody timeline names who acted', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(DIRECTORY, { body: { items: ITEMS } })
    await s.mount('actor', { load: true, actors: [] }, { lang: 'en', role: 'auditor' })
    await s.page.waitForFunction(
      () => (window as unknown as { sanad: { values: Record<string, unknown[]> } }).sanad.values.directory?.length === 1
    )
    const entry = {
      v: 1,
      type: 'accessed',
      time: '2026-01-10T08:30:00.000Z',
      actor: `user:${DOC_ID}`,
      subject: { kind: 'evidence', id: 'ev-1' },
      details: {}
    }
    await s.mount(
      'custody',
      {
        custody: { evidenceId: 'ev-1', checkpoint: 'c', size: 2, items: [{ index: 1, leafHash: 'aa'.repeat(32), entry, proof: [] }] },
        check: {
          checkpoint: null,
          checkpointProblem: null,
          ok: true,
          items: [{ index: 1, leafMatches: true, included: true, problem: null }]
        }
      },
      { lang: 'en', role: 'auditor' }
    )
    await s.waitFor('bdi.actor')
    t.equal(await s.text('bdi.actor'), 'doc1')
    t.match((await s.text('.timeline-item')) ?? '', 'by doc1', 'named in the entry’s line (the entry as recorded keeps its id)')
  })

  t.test('signing out forgets the names', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(DIRECTORY, { body: { items: ITEMS } })
    await s.mount('actor', { load: true, actors: [`user:${DOC_ID}`] }, { lang: 'en', role: 'auditor' })
    await s.waitFor('bdi.actor')
    await s.mount('actor', { clear: true, actors: [`user:${DOC_ID}`] }, { lang: 'en', role: 'auditor' })
    await s.page.locator('bdi.actor').waitFor({ state: 'detached' })
    t.equal(await s.text('#actors li'), `user:${DOC_ID}`)
  })
})
