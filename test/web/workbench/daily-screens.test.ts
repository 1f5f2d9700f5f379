// #19 item 5 ("everything a role needs, in the web app") and item 8's victim stats in real Chromium, at
// desktop and phone sizes, in English and Dari, with one server and one browser for the file: a person's
// attribute edited and saved; a pattern recorded and its title edited; an API token minted (its secret
// shown once, in place), listed and revoked; past verification jobs opened; a clearance granted by
// typing an incident's reference; the dashboard counted in victims. Every screen at desktop-en and
// phone-fa, a subset at the other two; each screen passes axe-core and scrolls only up and down.
import t from 'tap'
import type { Page } from 'playwright-core'
import {
  ADMIN_PASSWORD,
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
type Screen = 'person' | 'pattern' | 'tag' | 'tokens' | 'jobs' | 'clearance' | 'victims'
const ALL: Screen[] = ['person', 'pattern', 'tag', 'tokens', 'jobs', 'clearance', 'victims']
const COMBOS: { lang: UiLang; size: 'desktop' | 'phone'; screens: Screen[] }[] = [
  { lang: 'en', size: 'desktop', screens: ALL },
  { lang: 'fa', size: 'phone', screens: ALL },
  { lang: 'fa', size: 'desktop', screens: ['person', 'tag', 'tokens', 'victims'] },
  { lang: 'en', size: 'phone', screens: ['pattern', 'clearance', 'jobs'] }
]

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Latin digits for Persian ones, to compare numbers shown in Dari with the API's. */
const latin = (s: string): string => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/[٬,\s]/g, '')

const latinToFa = (n: number): string => String(n).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)

t.setTimeout(300_000)

t.test('the daily screens: persons, patterns, tokens, past jobs, clearances, victim stats', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const admin = await env.apiLogin('admin', ADMIN_PASSWORD)

  for (const [n, { lang, size, screens }] of COMBOS.entries()) {
    t.test(`${lang}, ${size}`, async (t) => {
      const text = TEXT[lang]
      const options = { locale: lang === 'fa' ? 'fa-AF' : 'en-US', viewport: size === 'phone' ? PHONE : DESKTOP }
      const documenter = await env.createUser('documenter', `bt-documenter-${n}`)
      const doc = await env.apiLogin(documenter, USER_PASSWORD)
      const incident = await json<{ id: string; reference: string }>(
        await env.api(
          doc,
          'POST',
          '/api/v1/incidents',
          incidentInput({ title: `Night raid ${n}`, victims: { count: 7, killed: 3, injured: 4 } })
        )
      )

      /** axe-core and the no-sideways-scroll check, then a screenshot. */
      async function check(page: Page, name: string): Promise<void> {
        t.same(await seriousAxeViolations(page), [], `axe-core: ${name}`)
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
        t.equal(overflow, 0, `${name}: no sideways scrolling`)
        await screenshot(page, `workbench-daily-${name}-${size}`, lang)
      }

      const g = await guardedPage(env, options)
      t.teardown(() => g.context.close())
      const page = g.page
      await signIn(page, env.url, documenter, USER_PASSWORD, lang)

      if (screens.includes('person')) {
        const person = await json<{ id: string }>(
          await env.api(doc, 'POST', `/api/v1/incidents/${incident.id}/persons`, { role: 'victim', name: 'Zahra Ahmadi', protected: false })
        )
        const personId = (person as { id: string; personId?: string }).personId ?? person.id
        await page.goto(`${env.url}/persons/${personId}?purpose=case-preparation`)
        await page.getByRole('button', { name: text['personAttr.edit'] }).click()
        await page.selectOption('.person-attributes-form select[name=sex]', 'female')
        await page.getByRole('button', { name: text['personAttr.save'] }).click()
        await waitUntil(page, `document.querySelector('.attr-sex')?.textContent.trim() === ${JSON.stringify(text['sex.female'])}`)
        t.pass('the person’s sex is shown as saved')
        const saved = await json<{ identity?: { sex?: string } }>(
          await env.api(doc, 'GET', `/api/v1/persons/${personId}?purpose=case-preparation`)
        )
        t.equal(saved.identity?.sex, 'female', 'and recorded')
        await check(page, 'person')
      }

      if (screens.includes('pattern')) {
        await page.goto(`${env.url}/patterns`)
        await page.fill('.pattern-form input[name=title]', `Raids on Hazara villages ${n}`)
        await page.fill('.pattern-form textarea[name=description]', 'Night raids on villages, one after the other.')
        await page.getByRole('button', { name: text['patterns.create'] }).click()
        await waitUntil(page, `/^\\/patterns\\/[^/]+$/.test(location.pathname)`)
        await page.waitForSelector('.pattern-form input[name=title]')
        t.match(await page.textContent('#page-title'), `Raids on Hazara villages ${n}`, 'the new pattern is shown')
        await page.fill('.pattern-form input[name=title]', `Raids on Hazara villages in Ghazni ${n}`)
        await page.getByRole('button', { name: text['patterns.save'] }).click()
        await page.waitForSelector(`text=${text['patterns.saved']}`)
        await waitUntil(page, `document.querySelector('#page-title').textContent.includes('in Ghazni ${n}')`)
        t.pass('the edited title is shown')
        await check(page, 'pattern')
      }

      if (screens.includes('tag')) {
        await page.goto(`${env.url}/incidents/${incident.id}/edit`)
        const sources = page.locator('.steps .step-button', { hasText: text['form.step.sources'] })
        await waitUntil(page, `[...document.querySelectorAll('.steps .step-button')].every((b, i) => i === 0 || !b.disabled)`)
        await sources.click()
        await page.check('.tag-choices input[name=tags][value=massacre]')
        t.match(await page.textContent('.tag-choices'), TEXT[lang]['form.tags'], 'the themes, named in the language')
        await check(page, 'tags')
        await page.fill('textarea[name=reason]', 'Themed after the review')
        await page.getByRole('button', { name: text['form.step.finish'] }).click()
        await waitUntil(page, `location.pathname === ${JSON.stringify(`/incidents/${incident.id}`)}`)
        const tagged = await json<{ tags?: string[] }>(await env.api(doc, 'GET', `/api/v1/incidents/${incident.id}`))
        t.same(tagged.tags, ['massacre'], 'the tag is recorded')
        await page.goto(`${env.url}/incidents?tag=massacre`)
        await page.waitForSelector(`main a[href="/incidents/${incident.id}"]:visible`)
        t.pass('the theme filter finds the tagged incident')
      }

      if (screens.includes('tokens')) {
        await page.goto(`${env.url}/account`)
        await page.fill('.token-form input[name=name]', `nightly verify ${n}`)
        await page.getByRole('button', { name: text['tokens.create'] }).click()
        await page.waitForSelector('.api-tokens .one-time-password-box code')
        const secret = (await page.textContent('.api-tokens .one-time-password-box code'))?.trim() ?? ''
        t.ok(secret.length >= 20, 'the secret is shown')
        const inView = await page.evaluate(`(() => {
          const r = document.querySelector('.api-tokens .one-time-password-box').getBoundingClientRect()
          return r.top >= 0 && r.top < innerHeight
        })()`)
        t.ok(inView, 'the secret is brought into view where it was asked for')
        const withToken = await fetch(`${env.url}/api/v1/auth/tokens`, { headers: { authorization: `Bearer ${secret}` } })
        t.equal(withToken.status, 200, 'the token works')
        await page.waitForSelector('[data-testid=api-tokens] tr[data-state=active]')
        await check(page, 'tokens')
        page.once('dialog', (d) => void d.accept())
        await page.getByRole('button', { name: `${text['tokens.revoke']} nightly verify ${n}` }).click()
        await page.waitForSelector('[data-testid=api-tokens] tr[data-state=revoked]')
        t.match(await page.textContent('[data-testid=api-tokens] tr[data-state=revoked]'), text['tokens.state.revoked'])
        const after = await fetch(`${env.url}/api/v1/auth/tokens`, { headers: { authorization: `Bearer ${secret}` } })
        t.equal(after.status, 401, 'the revoked token is refused')
        await page.reload()
        await page.waitForSelector('[data-testid=api-tokens] tr[data-state=revoked]')
        t.equal(await page.locator('.api-tokens .one-time-password-box').count(), 0, 'the secret is not shown again')
        t.notMatch(await page.textContent('main'), secret, 'nor anywhere on the page')
      }

      if (screens.includes('victims')) {
        await page.goto(`${env.url}/?count=victims`)
        await page.waitForSelector('.victim-stats .stat-number')
        const stats = await json<{ total: number }>(await env.api(doc, 'GET', '/api/v1/stats/victims'))
        t.ok(stats.total >= 7, 'the seeded victims are counted')
        t.equal(latin((await page.textContent('.victim-stats .stat-number')) ?? ''), String(stats.total), 'the total in victims')
        t.match(await page.textContent('.victim-stats'), text['dashboard.victims'])
        await check(page, 'victims')
      }
      t.same(g.problems, [], 'no page error for the documenter')

      if (screens.includes('jobs')) {
        const auditor = await env.createUser('auditor', `bt-auditor-${n}`)
        const aud = await env.apiLogin(auditor, USER_PASSWORD)
        const job = await json<{ id: string }>(await env.api(aud, 'POST', '/api/v1/verification-jobs'))
        type Job = { status: string; report?: { ok: boolean; problems: { code: string; message: string }[] } }
        let done: Job = { status: 'queued' }
        for (let i = 0; i < 100 && (done.status === 'queued' || done.status === 'running'); i++) {
          await new Promise((r) => setTimeout(r, 200))
          done = await json<Job>(await env.api(aud, 'GET', `/api/v1/verification-jobs/${job.id}`))
        }
        const report = done.report
        if (!report) throw new Error(`the verification job ended ${done.status} without a report`)
        if (!report.ok) t.comment(`the verification job found: ${JSON.stringify(report.problems)}`)
        const a = await guardedPage(env, options)
        t.teardown(() => a.context.close())
        await signIn(a.page, env.url, auditor, USER_PASSWORD, lang)
        await a.page.goto(`${env.url}/ledger`)
        await a.page.waitForSelector('[data-testid=past-jobs] tbody tr')
        const shown = report.ok
          ? text['ledger.jobResultOk']
          : text['ledger.jobResultProblems'].replace(
              '{n}',
              lang === 'en' ? String(report.problems.length) : latinToFa(report.problems.length)
            )
        t.match(await a.page.textContent('[data-testid=past-jobs] tbody tr'), shown, 'the past job with its result')
        await a.page.getByRole('button', { name: text['ledger.showReport'] }).first().click()
        await a.page.waitForSelector(`.verdict[data-verdict=${report.ok ? 'verified' : 'failed'}]`)
        await check(a.page, 'past-jobs')
        t.same(a.problems, [], 'no page error for the auditor')
      }

      if (screens.includes('clearance')) {
        const legal = await env.createUser('legal', `bt-legal-${n}`)
        const ad = await guardedPage(env, options)
        t.teardown(() => ad.context.close())
        await signIn(ad.page, env.url, 'admin', ADMIN_PASSWORD, lang)
        await ad.page.goto(`${env.url}/users`)
        await ad.page.getByRole('button', { name: `${text['users.clearances']} ${legal}` }).click()
        await ad.page.fill('.clearance-form input[type=search]', incident.reference)
        await ad.page.waitForSelector('.clearance-form input[name=clearance-incident]')
        await ad.page.check('.clearance-form input[name=clearance-incident]')
        await ad.page.getByRole('button', { name: text['users.grant'] }).click()
        await ad.page.waitForSelector('.clearances li')
        t.match(await ad.page.textContent('.clearances li'), incident.reference, 'the clearance is listed by reference')
        const users = await json<{ items: { id: string; username: string }[] }>(await env.api(admin, 'GET', '/api/v1/users'))
        const id = users.items.find((u) => u.username === legal)?.id
        const list = await json<{ items: { incidentId: string }[] }>(await env.api(admin, 'GET', `/api/v1/users/${id}/clearances`))
        t.same(
          list.items.map((c) => c.incidentId),
          [incident.id],
          'and recorded for that incident'
        )
        await check(ad.page, 'clearance')
        t.same(ad.problems, [], 'no page error for the admin')
      }
    })
  }
})
