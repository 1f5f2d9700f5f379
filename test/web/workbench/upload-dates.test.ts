import t from 'tap'
import { join } from 'node:path'
import {
  FIXTURES,
  PHONE,
  TEXT,
  USER_PASSWORD,
  dropFiles,
  guardedPage,
  screenshot,
  signIn,
  startEnv,
  waitUntil
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const fa = TEXT.fa

// A documenter in Dari types the collection date as they know it, in the Solar Hijri calendar with
// Persian digits; the upload carries the Gregorian date. When the server refuses a detail, the
// documenter corrects it and sends again without the file being hashed a second time.
t.test(
  'documenter on a phone, in Dari: a Solar Hijri collection date uploads; a refused upload is sent again without hashing again',
  async (t) => {
    if (!requireTool(t, 'chromium')) return
    const env = await startEnv(t)
    const documenter = await env.createUser('documenter')
    const api = await env.apiLogin(documenter, USER_PASSWORD)
    const incident = (await (
      await env.api(api, 'POST', '/api/v1/incidents', {
        title: 'تخریب خانه‌ها در دایکندی',
        narrative: 'چند خانه در روستا ویران شد.',
        narrativeLanguage: 'fa',
        occurred: { from: '1402-07-10', calendar: 'solar-hijri' },
        location: { province: 'AF-DAY' },
        categories: ['cah-deportation-forcible-transfer']
      })
    ).json()) as { id: string }

    const { page, context, problems, expectErrorAnswer } = await guardedPage(env, { locale: 'fa-AF', viewport: PHONE })
    t.teardown(() => context.close())
    await signIn(page, env.url, documenter, USER_PASSWORD, 'fa')
    await page.goto(`${env.url}/incidents/${incident.id}/evidence`)
    await page.waitForSelector('[data-testid=evidence-drop]')
    await page.click('details.upload-fields summary')
    await page.fill('input[name=collectedAt]', '۱۴۰۲-۰۷-۱۳')
    t.match(await page.textContent('.upload-date .date-preview'), /۲۰۲۳|2023/, 'the Gregorian date is previewed beside the Solar Hijri one')

    // The first answer refuses a detail (as the server does for a field it cannot take).
    let refused = 0
    await page.route(`${env.url}/api/v1/incidents/${incident.id}/evidence`, async (route) => {
      if (refused++ > 0) return route.continue()
      return route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 400,
          code: 'SANAD_ERR_VALIDATION',
          error: 'Bad Request',
          message: 'collectedBy',
          field: 'collectedBy'
        })
      })
    })
    expectErrorAnswer(`/api/v1/incidents/${incident.id}/evidence`, 400)
    await dropFiles(page, '[data-testid=evidence-drop]', [
      { path: join(FIXTURES, 'statement.txt'), name: 'statement.txt', type: 'text/plain' }
    ])
    await waitUntil(page, 'document.querySelector("li.upload-failed") !== null', 30_000)
    await screenshot(page, 'workbench-upload-refused', 'fa')
    const retry = page.getByRole('button', { name: fa['upload.retryKeepHash'] })
    t.equal(await retry.count(), 1, 'a refused upload offers to send again, keeping its hash')
    await page.fill('input[name=collectedAt]', '۱۴۰۲-۰۷-۱۴')
    await retry.click()
    await waitUntil(page, 'document.querySelector("li.upload-done") !== null', 30_000)
    t.ok(refused >= 2, 'sent again after the refusal')
    t.equal(await page.locator('li.upload-done .badge-ok').count(), 1, 'the server computed the same SHA-256 the browser did once')

    const items = (await (await env.api(api, 'GET', `/api/v1/incidents/${incident.id}/evidence`)).json()) as {
      items: Array<{ collectedAt?: string }>
    }
    t.equal(items.items.length, 1, 'one exhibit')
    t.equal(items.items[0]?.collectedAt, '2023-10-06', 'the corrected Solar Hijri date 1402-07-14 arrived as its Gregorian date')
    t.same(problems, [], 'no page error')
  }
)
