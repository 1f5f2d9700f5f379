import t from 'tap'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { Secret, TOTP } from 'otpauth'
import {
  ADMIN_PASSWORD,
  FIXTURES,
  TEXT,
  USER_PASSWORD,
  dropFiles,
  guardedPage,
  screenshotBoth,
  seriousAxeViolations,
  startEnv,
  waitUntil,
  type AxeViolation
} from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'

const en = TEXT.en
const photo = join(FIXTURES, 'kabul-phone.jpg')
const photoBytes = readFileSync(photo)
const photoSha256 = createHash('sha256').update(photoBytes).digest('hex')

t.test('auditor verifies a dropped file in the browser (never uploaded); admin creates an account', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const auditor = await env.createUser('auditor')
  // The auditor has a second factor: sign-in asks for the code.
  const auditorApi = await env.apiLogin(auditor, USER_PASSWORD)
  const setup = (await (await env.api(auditorApi, 'POST', '/api/v1/auth/totp/setup', { password: USER_PASSWORD })).json()) as {
    secret: string
  }
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(setup.secret) })
  t.equal((await env.api(auditorApi, 'POST', '/api/v1/auth/totp/confirm', { code: totp.generate() })).status, 200, 'TOTP enrolled')
  const documenter = await env.createUser('documenter')

  // Evidence to verify, recorded through the API by a documenter.
  const doc = await env.apiLogin(documenter, USER_PASSWORD)
  const incident = (await (
    await env.api(doc, 'POST', '/api/v1/incidents', {
      title: 'Killing of a former police officer',
      narrative: 'Taken from his home at night, found dead in the morning.',
      narrativeLanguage: 'en',
      occurred: { from: '2023-09-14' },
      location: { province: 'AF-KAB' },
      categories: ['cah-murder']
    })
  ).json()) as { id: string }
  const form = new FormData()
  form.append('sha256', photoSha256)
  form.append('file', new Blob([photoBytes], { type: 'image/jpeg' }), 'kabul-phone.jpg')
  const up = await fetch(`${env.url}/api/v1/incidents/${incident.id}/evidence`, {
    method: 'POST',
    headers: { cookie: doc.cookie, 'x-csrf-token': doc.csrf },
    body: form
  })
  t.equal(up.status, 201, 'evidence recorded')

  const axe: Record<string, AxeViolation[]> = {}

  // --- Auditor ---
  const a = await guardedPage(env)
  t.teardown(() => a.context.close())
  const page = a.page
  await page.goto(`${env.url}/?lang=en`)
  await page.waitForSelector('form input[name=username]')
  t.equal(await page.getAttribute('html', 'dir'), 'ltr')
  axe['sign-in'] = await seriousAxeViolations(page)
  await screenshotBoth(page, '00-sign-in', 'en')
  await page.fill('input[name=username]', auditor)
  await page.fill('input[name=password]', USER_PASSWORD)
  a.expectErrorAnswer('/api/v1/auth/login', 401)
  await page.click('button[type=submit]')
  await page.waitForSelector('input[name=totp]')
  axe['sign-in-totp'] = await seriousAxeViolations(page)
  await screenshotBoth(page, '00-sign-in-totp', 'en')
  // The code of the next period (accepted within the ±30 s drift; the current one was used to enrol).
  await page.fill('input[name=totp]', totp.generate({ timestamp: Date.now() + 30_000 }))
  await page.click('button[type=submit]')
  await waitUntil(page, `document.querySelector('#page-title')?.textContent === ${JSON.stringify(en['dashboard.title'])}`)

  await page.click('.main-nav a[href="/verify"]')
  await page.waitForSelector('[data-testid=verify-drop]')
  const sent: { method: string; url: string; body: number }[] = []
  page.on('request', (req) => sent.push({ method: req.method(), url: req.url(), body: req.postDataBuffer()?.length ?? 0 }))
  await dropFiles(page, '[data-testid=verify-drop]', [{ path: photo, name: 'kabul-phone.jpg', type: 'image/jpeg' }])
  await waitUntil(
    page,
    'document.querySelector(".verdict") !== null || document.querySelector(".verify-result .alert-error, .verify-result .alert-warning") !== null',
    20_000
  )
  t.equal(await page.getAttribute('.verdict', 'data-verdict'), 'verified', 'the file is verified')
  t.match(await page.textContent('.verify-result'), photoSha256, 'hashed in the browser')
  t.equal(await page.locator('.verify-result .checks .badge-ok').count(), 5, 'hash, record, entry, signature and inclusion proof all check')
  t.same(
    sent.filter((r) => r.method !== 'GET' || r.body > 0),
    [],
    'nothing but GET requests: the file never left the browser'
  )
  t.ok(
    sent.some((r) => r.url.endsWith(`/api/v1/evidence/by-hash/${photoSha256}`)),
    'looked up by its hash'
  )

  // A file Sanad never received.
  await dropFiles(page, '[data-testid=verify-drop]', [{ path: join(FIXTURES, 'edited.jpg'), name: 'edited.jpg', type: 'image/jpeg' }])
  await waitUntil(page, 'document.querySelector(".verify-result .alert-warning") !== null', 20_000)
  t.match(await page.textContent('.verify-result .alert-warning'), en['verify.noRecord'])
  axe.verify = await seriousAxeViolations(page)
  await screenshotBoth(page, '09-verify', 'en')

  await page.click('.main-nav a[href="/ledger"]')
  await page.waitForSelector('.ledger-size')
  t.match(await page.textContent('.alert-success'), en['ledger.signatureOk'], 'checkpoint signature checked in the browser')
  await page.getByRole('button', { name: en['ledger.runJob'] }).first().click()
  await waitUntil(page, 'document.querySelector(".job .verdict") !== null', 30_000)
  t.equal(await page.getAttribute('.job .verdict', 'data-verdict'), 'verified', 'the full verification job finds no problem')
  // The ledger search: filters typed in the form land in the URL; the entries found are proven here.
  await page.waitForSelector('.sensitive-actions table')
  t.ok(
    (await page.locator('.sensitive-actions tr[data-type="user-created"]').count()) >= 1,
    'the auditor sees new admin accounts among the sensitive actions'
  )
  await page.fill('.ledger-search input[name=type]', 'user-created')
  await page.click(`.ledger-search button[type=submit]`)
  await waitUntil(
    page,
    'location.search.includes("type=user-created") && document.querySelector(".ledger-search .alert-success") !== null',
    20_000
  )
  t.match(
    await page.textContent('.ledger-search .alert-success'),
    /proven/,
    'every entry of the page proven against the signed checkpoint in the browser'
  )
  t.ok((await page.locator('.ledger-results tbody tr').count()) >= 1)
  await page.reload()
  await page.waitForSelector('.ledger-results')
  t.equal(await page.inputValue('.ledger-search input[name=type]'), 'user-created', 'the filter survives a reload: it lives in the URL')
  axe.ledger = await seriousAxeViolations(page)
  await screenshotBoth(page, '10-ledger', 'en')
  t.same(a.problems, [], 'auditor: no console error, no request leaving the server')

  // --- Admin ---
  const b = await guardedPage(env)
  t.teardown(() => b.context.close())
  const admin = b.page
  // Signing in with the keyboard alone; the first Tab stop is the skip link.
  await admin.goto(`${env.url}/?lang=en`)
  await admin.waitForSelector('input[name=username]')
  await admin.keyboard.press('Tab')
  t.equal(await admin.evaluate('document.activeElement?.className'), 'skip-link', 'the first Tab reaches "Skip to content"')
  await admin.focus('input[name=username]')
  await admin.keyboard.type('admin')
  await admin.keyboard.press('Tab')
  await admin.keyboard.type(ADMIN_PASSWORD)
  await admin.keyboard.press('Enter')
  await waitUntil(admin, `document.querySelector('#page-title')?.textContent === ${JSON.stringify(en['dashboard.title'])}`)
  await admin.click('.main-nav a[href="/users"]')
  await admin.waitForSelector('table.users-table')
  await admin.fill('input[name=new-username]', 'field-worker-2')
  await admin.fill('input[name=new-password]', 'mountain orchard 4417 lantern')
  await admin.selectOption('select[name=new-role]', 'legal')
  await admin.getByRole('button', { name: en['users.createSubmit'] }).click()
  await admin.waitForSelector('tr[data-username="field-worker-2"]')
  t.match(await admin.textContent('tr[data-username="field-worker-2"]'), en['role.legal'])
  const login = await fetch(`${env.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'field-worker-2', password: 'mountain orchard 4417 lantern' })
  })
  t.equal(login.status, 200, 'the new account signs in')
  // The admin reads an account's security events: the auditor's sign-in with a second factor is there.
  await admin.click(`tr[data-username="${auditor}"] button[aria-expanded]:has-text("${en['users.events']}")`)
  await admin.waitForSelector('table[data-testid=security-events] tr[data-type=mfa-enrolled]')
  t.match(await admin.textContent('table[data-testid=security-events]'), en['events.detail.totp'], 'signed in with the authenticator code')
  axe.users = await seriousAxeViolations(admin)
  await screenshotBoth(admin, '11-users', 'en')
  t.same(b.problems, [], 'admin: no console error, no request leaving the server')

  t.same(Object.fromEntries(Object.entries(axe).filter(([, v]) => v.length > 0)), {}, 'no serious or critical axe-core violation')
})
