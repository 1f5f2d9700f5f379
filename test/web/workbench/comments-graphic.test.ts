// #19 items 7 and 9 in real Chromium, at desktop and phone sizes, in English and Dari (one server and
// browser for the four): a comment's @mention notifies the mentioned colleague who may
// read the incident and no one who may not; a graphic image stays blurred until revealed.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ADMIN_PASSWORD,
  FIXTURES,
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil,
  type Env,
  type UiLang,
  type Session
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { incidentInput } from '../../helpers/app.ts'

const DESKTOP = { width: 1280, height: 800 }
const COMBOS: { lang: UiLang; size: 'desktop' | 'phone' }[] = [
  { lang: 'en', size: 'desktop' },
  { lang: 'fa', size: 'phone' },
  { lang: 'fa', size: 'desktop' },
  { lang: 'en', size: 'phone' }
]

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function upload(env: Env, s: Session, incidentId: string): Promise<{ id: string }> {
  const form = new FormData()
  form.append('file', new Blob([readFileSync(join(FIXTURES, 'kabul-phone.jpg'))], { type: 'image/jpeg' }), 'kabul-phone.jpg')
  const res = await fetch(`${env.url}/api/v1/incidents/${incidentId}/evidence`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: form
  })
  return await json<{ id: string }>(res)
}

t.setTimeout(300_000)

t.test('a mention notifies the cleared colleague only; a graphic image is blurred until revealed', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  for (const [n, { lang, size }] of COMBOS.entries()) {
    t.test(`${lang}, ${size}`, async (t) => {
      const text = TEXT[lang]
      const options = { locale: lang === 'fa' ? 'fa-AF' : 'en-US', viewport: size === 'phone' ? PHONE : DESKTOP }
      const documenter = await env.createUser('documenter', `bt-documenter-${n}`)
      const legal = await env.createUser('legal', `bt-legal-${n}`)
      const reviewer = await env.createUser('reviewer' as 'legal', `bt-reviewer-${n}`)
      const doc = await env.apiLogin(documenter, USER_PASSWORD)
      const admin = await env.apiLogin('admin', ADMIN_PASSWORD)
      // A need-to-know incident: the legal liaison is cleared for it, the reviewer is not.
      const incident = await json<{ id: string; reference: string }>(
        await env.api(doc, 'POST', '/api/v1/incidents', incidentInput({ categories: ['cah-sexual-violence-other'] }))
      )
      const directory = await json<{ items: { id: string; username: string }[] }>(await env.api(admin, 'GET', '/api/v1/users/directory'))
      const legalAccount = directory.items.find((u) => u.username === legal)
      const cleared = await env.api(admin, 'POST', `/api/v1/users/${legalAccount?.id}/clearances`, { incidentId: incident.id })
      t.ok(cleared.status === 201, `clearance granted (${cleared.status})`)

      const { page, context, problems } = await guardedPage(env, options)
      t.teardown(() => context.close())
      await signIn(page, env.url, documenter, USER_PASSWORD, lang)
      await page.goto(`${env.url}/incidents/${incident.id}`)
      await page.waitForSelector('textarea[name=comment]')
      await page.fill('textarea[name=comment]', `@${legal} and @${reviewer}: the statement of the second witness is in`)
      await page.getByRole('button', { name: text['comments.post'] }).click()
      await page.waitForSelector('.comment-notified')
      t.equal(
        await page.textContent('.comment-notified'),
        text['comments.notified'].replace('{n}', lang === 'en' ? '1' : '۱'),
        'one colleague notified'
      )
      t.match(await page.textContent('.comment-feed'), /statement of the second witness/)
      t.same(await seriousAxeViolations(page), [], 'axe-core: the comment feed')
      await screenshot(page, `workbench-comments-${size}`, lang)

      const legalSession = await env.apiLogin(legal, USER_PASSWORD)
      const legalInbox = await json<{ unread: number; items: { incidentReference: string }[] }>(
        await env.api(legalSession, 'GET', '/api/v1/notifications')
      )
      t.equal(legalInbox.unread, 1, 'the cleared legal liaison is notified')
      const reviewerInbox = await json<{ unread: number }>(
        await env.api(await env.apiLogin(reviewer, USER_PASSWORD), 'GET', '/api/v1/notifications')
      )
      t.equal(reviewerInbox.unread, 0, 'the reviewer without need-to-know is not')

      // The legal liaison sees the count in the header and the notification: who and where, never the text.
      const other = await guardedPage(env, options)
      t.teardown(() => other.context.close())
      await signIn(other.page, env.url, legal, USER_PASSWORD, lang)
      await other.page.waitForSelector('.notifications-unread[data-unread="1"]')
      await other.page.click('.notifications-link')
      await other.page.waitForSelector('.notification-list')
      const line = (await other.page.textContent('.notification-list li a')) ?? ''
      t.equal(line, text['notifications.mention'].replace('{who}', documenter).replace('{reference}', incident.reference))
      t.notMatch(await other.page.textContent('main'), /second witness/, 'no comment text in the notifications')
      t.same(await seriousAxeViolations(other.page), [], 'axe-core: the notifications')
      await screenshot(other.page, `workbench-notifications-${size}`, lang)
      await other.page.click('.notification-list li a')
      await waitUntil(other.page, `location.pathname === ${JSON.stringify(`/incidents/${incident.id}`)}`)
      await other.page.waitForSelector('.comment-feed')
      await waitUntil(other.page, `!document.querySelector('.notifications-unread')`)
      t.same(other.problems, [], 'no page error for the legal liaison')

      // A graphic image: marked, then blurred and greyscale under a warning until revealed.
      const item = await upload(env, doc, (await json<{ id: string }>(await env.api(doc, 'POST', '/api/v1/incidents', incidentInput()))).id)
      await page.goto(`${env.url}/evidence/${item.id}`)
      await page.waitForSelector('input[name=graphic]')
      // A controlled checkbox: it turns on when the server has recorded the mark.
      await page.click('input[name=graphic]')
      await waitUntil(
        page,
        `document.querySelector('input[name=graphic]').checked && !document.querySelector('input[name=graphic]').disabled`
      )
      await page.getByRole('button', { name: text['exhibit.showPreview'] }).click()
      await page.waitForSelector('[data-graphic=veiled] img')
      const filter = await page.evaluate(`getComputedStyle(document.querySelector('.graphic-content')).filter`)
      t.match(filter, /blur\(/, 'blurred')
      t.match(filter, /grayscale\(1\)/, 'in greyscale')
      t.match(await page.textContent('.graphic-warning'), text['graphic.warningTitle'])
      t.same(await seriousAxeViolations(page), [], 'axe-core: the veiled preview')
      await screenshot(page, `workbench-graphic-veiled-${size}`, lang)
      await page.getByRole('button', { name: text['graphic.reveal'] }).click()
      await page.waitForSelector('[data-graphic=revealed] img')
      t.equal(
        await page.evaluate(`getComputedStyle(document.querySelector('.graphic-content')).filter`),
        'none',
        'revealed: shown as it is'
      )
      const mark = await json<{ graphic: boolean }>(await env.api(doc, 'GET', `/api/v1/evidence/${item.id}/graphic`))
      t.equal(mark.graphic, true, 'the mark is recorded')
      t.same(problems, [], 'no page error')
    })
  }
})
