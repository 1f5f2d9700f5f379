// The custody timeline by itself (test/web/component-harness.ts): each ledger entry of an exhibit,
// oldest first, in the reader's language, with whether this browser proved it in the checkpoint.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { formatNumber } from '../../../web/src/lib/format.ts'
import type { CustodyAnswer, CustodyCheck } from '../../../web/src/lib/custody-check.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage } from '../component-harness.ts'

const entry = (type: string, details: Record<string, unknown>, time = '2026-01-10T08:30:00.000Z') => ({
  v: 1,
  type,
  time,
  actor: 'documenter1',
  subject: { kind: 'evidence', id: 'ev-1' },
  details
})

const CUSTODY: CustodyAnswer = {
  evidenceId: 'ev-1',
  checkpoint: 'sanad.test/ledger\n12\nroot\n',
  size: 12,
  items: [
    // Out of order on purpose: the timeline sorts them.
    { index: 7, leafHash: 'bb'.repeat(32), entry: entry('accessed', { variant: 'original', purpose: 'review' }), proof: [] },
    {
      index: 3,
      leafHash: 'aa'.repeat(32),
      entry: entry('ingested', { size: 1234567, mediaType: 'image/jpeg', declaredSha256Matched: true, incident: 'inc-1' }),
      proof: []
    },
    { index: 9, leafHash: 'cc'.repeat(32), entry: entry('some-future-type', {}), proof: [] }
  ]
}

const check = (included: Record<number, boolean>): CustodyCheck => ({
  checkpoint: null,
  checkpointProblem: null,
  ok: Object.values(included).every(Boolean),
  items: Object.entries(included).map(([index, ok]) => ({
    index: Number(index),
    leafMatches: ok,
    included: ok,
    problem: ok ? null : 'root mismatch'
  }))
})

t.test('the custody timeline', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('entries oldest first, named in Dari, with their details and the proof of each', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('custody', { custody: CUSTODY, check: check({ 3: true, 7: true, 9: true }) }, { lang: 'fa' })
    await s.waitFor('.timeline-item')
    const heads = await s.page.locator('.timeline-head strong').allTextContents()
    t.same(heads, [fa['custodyType.ingested'], fa['custodyType.accessed'], 'some-future-type'], 'by index; an unknown type by its name')
    const first = s.page.locator('.timeline-item').first()
    const details = await first.locator('ul.details li').allTextContents()
    t.ok(
      details.some((d) => d.startsWith(fa['custodyDetail.size']) && d.includes(formatNumber(1234567, 'fa'))),
      'the size in Dari digits'
    )
    t.ok(
      details.some((d) => d === `${fa['custodyDetail.declaredSha256Matched']}: ${fa['common.yes']}`),
      'the sender’s hash matched: yes'
    )
    t.ok(details.some((d) => d.startsWith(fa['custodyDetail.mediaType']) && d.includes('image/jpeg')))
    t.match((await first.locator('.meta').textContent()) ?? '', 'documenter1', 'who did it')
    t.equal(await s.page.locator('.badge-ok').count(), 3, 'each entry proven in the checkpoint')
    t.match((await s.text('.badge-ok')) ?? '', fa['custody.included'].replace('{size}', '۱۲'), 'with the checkpoint’s size in Dari digits')
    t.equal(await first.locator('pre').textContent(), JSON.stringify(CUSTODY.items[1]!.entry, null, 2), 'the entry exactly as recorded')
    t.match((await first.locator('.raw').textContent()) ?? '', 'aa'.repeat(32), 'and its leaf hash')
    t.same(s.problems, [])
  })

  t.test('an entry this browser could not prove says so, with the reason', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('custody', { custody: CUSTODY, check: check({ 3: true, 7: false, 9: true }) }, { lang: 'en' })
    await s.waitFor('.timeline-item')
    const second = s.page.locator('.timeline-item').nth(1)
    t.equal(await second.locator('.badge-error').textContent(), en['custody.notIncluded'])
    t.equal(await second.locator('.problem').textContent(), 'root mismatch')
    t.equal(await s.page.locator('.badge-error').count(), 1, 'only that one')
  })

  t.test('while the proofs are being checked, no entry claims to be proven', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('custody', { custody: CUSTODY, check: null }, { lang: 'en' })
    await s.waitFor('.timeline-item')
    t.equal(await s.page.locator('.badge-ok, .badge-error').count(), 0)
    t.same(await s.page.locator('.proof-line').allTextContents(), [en['custody.checking'], en['custody.checking'], en['custody.checking']])
  })

  t.test('a sender’s hash that did not match reads “no”, never “yes”', async (t) => {
    const s = await screenPage(t, browser)
    const custody: CustodyAnswer = {
      ...CUSTODY,
      items: [{ index: 1, leafHash: 'dd'.repeat(32), entry: entry('ingested', { declaredSha256Matched: false }), proof: [] }]
    }
    await s.mount('custody', { custody, check: check({ 1: true }) }, { lang: 'en' })
    await s.waitFor('.timeline-item')
    t.same(await s.page.locator('ul.details li').allTextContents(), [`${en['custodyDetail.declaredSha256Matched']}: ${en['common.no']}`])
  })
})
