// #19 item 10 in real Chromium, at desktop and phone sizes, in English and Dari: a bulk tag of three
// incidents tags all three, and a bulk verify of one's own incidents is refused item by item with the
// reason (#19 item 6: an author cannot verify their own). One server and browser for the four.
import t from 'tap'
import {
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil,
  type UiLang
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { incidentInput } from '../../helpers/app.ts'

const DESKTOP = { width: 1280, height: 800 }
// Each journey's incidents carry a word of their own; the list is searched for it, so each selects its three.
const COMBOS: { lang: UiLang; size: 'desktop' | 'phone'; word: string }[] = [
  { lang: 'fa', size: 'phone', word: 'alpha' },
  { lang: 'en', size: 'desktop', word: 'bravo' },
  { lang: 'fa', size: 'desktop', word: 'charlie' },
  { lang: 'en', size: 'phone', word: 'delta' }
]

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

t.setTimeout(300_000)

t.test('bulk actions: a tag for all three, a verify of one’s own refused item by item', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  for (const [n, { lang, size, word }] of COMBOS.entries()) {
    t.test(`${lang}, ${size}`, async (t) => {
      const text = TEXT[lang]
      const reviewer = await env.createUser('reviewer' as 'legal', `bt-reviewer-${n}`)
      const s = await env.apiLogin(reviewer, USER_PASSWORD)
      const ids: string[] = []
      for (const title of ['Night raid in Chaharda', 'Shelling of a school in Nangarhar', 'Detention at a checkpoint in Kunduz']) {
        const i = await json<{ id: string; revision: number }>(
          await env.api(s, 'POST', '/api/v1/incidents', incidentInput({ title: `${title} ${word}` }))
        )
        await json(await env.api(s, 'POST', `/api/v1/incidents/${i.id}/transitions`, { to: 'submitted', baseRevision: i.revision }))
        ids.push(i.id)
      }
      const { page, context, problems } = await guardedPage(env, {
        locale: lang === 'fa' ? 'fa-AF' : 'en-US',
        viewport: size === 'phone' ? PHONE : DESKTOP
      })
      t.teardown(() => context.close())
      await signIn(page, env.url, reviewer, USER_PASSWORD, lang)
      await page.goto(`${env.url}/incidents?q=${word}`)
      await page.waitForSelector('.bulk-actions summary')
      await page.click('.bulk-actions summary')
      await page.getByRole('button', { name: text['bulk.selectAll'] }).click()
      t.equal(await page.locator('input[name=bulk-incident]:checked').count(), 3)
      await page.selectOption('select[name=bulk-action]', 'tag')
      await page.fill('input[name=bulk-tag]', 'massacre')
      await page.click('.bulk-actions button[type=submit]')
      await page.waitForSelector('.bulk-results')
      t.equal(await page.locator('.bulk-results [data-result=ok]').count(), 3, 'all three tagged')
      for (const id of ids) {
        const i = await json<{ tags?: string[] }>(await env.api(s, 'GET', `/api/v1/incidents/${id}`))
        t.ok(i.tags?.includes('massacre'), `incident ${id} carries the tag`)
      }
      t.same(await seriousAxeViolations(page), [], 'axe-core: the bulk actions with their results')
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
      t.equal(overflow, 0, 'no sideways scrolling')
      await screenshot(page, `workbench-bulk-tag-${size}`, lang)

      await page.selectOption('select[name=bulk-action]', 'status')
      await page.selectOption('select[name=bulk-status]', 'verified')
      await page.click('.bulk-actions button[type=submit]')
      await waitUntil(page, `document.querySelectorAll('.bulk-results [data-result=refused]').length === 3`)
      const refused = await page.locator('.bulk-results [data-result=refused]').allTextContents()
      for (const r of refused) t.match(r, text['bulk.refused'], 'each item says it was refused, with the reason')
      t.ok(
        refused.every((r) => r.split('—')[1]?.trim()),
        'each refusal gives a reason'
      )
      for (const id of ids) {
        const i = await json<{ status: string }>(await env.api(s, 'GET', `/api/v1/incidents/${id}`))
        t.equal(i.status, 'submitted', 'not verified')
      }
      await screenshot(page, `workbench-bulk-refused-${size}`, lang)
      // The refusals are answers the test provokes: only those may show as failed requests.
      t.same(
        problems.filter((p) => !/\/transitions/.test(p)),
        [],
        'no page error besides the refused transitions'
      )
    })
  }
})
