import t from 'tap'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { readQr } from '../helpers/read-qr.ts'
import { Secret, TOTP } from 'otpauth'
import {
  FIXTURES,
  TEXT,
  USER_PASSWORD,
  dropFiles,
  guardedPage,
  screenshotBoth,
  seriousAxeViolations,
  signIn,
  startEnv,
  waitUntil,
  type AxeViolation
} from './browser-harness.ts'
import { requireTool } from '../helpers/system-tools.ts'
import { ownerTag } from '../../web/src/lib/owner-tag.ts'

const fa = TEXT.fa
const photo = join(FIXTURES, 'kabul-phone.jpg')
const photoSha256 = createHash('sha256').update(readFileSync(photo)).digest('hex')

// The documenter's whole job in Dari: record an incident with a Solar Hijri date, a person with
// consent, upload a photo (hashed in the browser), open the exhibit, change the record and read the
// diff — with screenshots of each screen in Dari and English and axe-core on each.
t.test('documenter, in Dari: incident with a Solar Hijri date, person, photo upload with browser SHA-256, exhibit, revision', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const username = await env.createUser('documenter')
  const session = await env.apiLogin(username, USER_PASSWORD)
  const { page, problems, context } = await guardedPage(env, { locale: 'fa-AF' })
  t.teardown(() => context.close())
  const axe: Record<string, AxeViolation[]> = {}
  const check = async (name: string): Promise<void> => {
    axe[name] = await seriousAxeViolations(page)
  }

  await signIn(page, env.url, username, USER_PASSWORD, 'fa')
  t.equal(await page.getAttribute('html', 'lang'), 'fa-AF', '<html lang="fa-AF">')
  t.equal(await page.getAttribute('html', 'dir'), 'rtl', '<html dir="rtl">')

  // Record the incident.
  await page.click('.main-nav a[href="/incidents/new"]')
  await page.waitForSelector('form.incident-form')
  await page.fill('input[name=title]', 'بازداشت خودسرانهٔ یک خبرنگار در کابل')
  await page.fill(
    'textarea[name=narrative]',
    'یک خبرنگار محلی در ۱۵ سنبله ۱۴۰۱ از دفتر کارش در ناحیهٔ سوم شهر کابل توسط افراد استخبارات بازداشت شد و تا سه هفته از او خبری نبود.'
  )
  await page.fill('input[name=from]', '۱۴۰۱-۰۶-۱۵')
  await waitUntil(page, 'document.querySelector(".date-preview")?.textContent.includes("۱۵ سنبله ۱۴۰۱")')
  t.match(await page.textContent('.date-preview'), /۲۰۲۲/, 'the Gregorian date is shown beside the Solar Hijri one')
  await page.selectOption('select[name=province]', 'AF-KAB')
  await page.fill('input[name=district]', 'ناحیهٔ سوم')
  await page.evaluate('document.querySelectorAll("details.category-group").forEach((d) => { d.open = true })')
  await page.check('input[name=categories][value=cah-imprisonment]')
  await check('incident-form')
  await screenshotBoth(page, '02-incident-form', 'fa')
  // The form goes in steps, each saved: the first creates the draft, the next ones change it.
  await page.getByRole('button', { name: fa['form.step.create'], exact: true }).click()
  await page.waitForSelector('ol.steps li:nth-child(2).current')
  await page.selectOption('#el-cah-imprisonment-deprivation-of-liberty', 'supported')
  await page.getByRole('button', { name: fa['form.step.next'], exact: true }).click()
  await page.waitForSelector('ol.steps li:nth-child(3).current')
  await page.fill('input[name=victims-count]', '۱')
  await page.getByRole('button', { name: fa['form.addPerpetrator'] }).click()
  await page.selectOption('.repeat-row select >> nth=1', 'gdi')
  await page.getByRole('button', { name: fa['form.step.next'], exact: true }).click()
  await page.waitForSelector('ol.steps li:nth-child(4).current')
  await page.getByRole('button', { name: fa['form.step.finish'], exact: true }).click()
  // A same-document navigation: wait for the address itself (the app routes with the History API).
  await waitUntil(page, String.raw`/\/incidents\/[0-9a-f-]{36}$/.test(location.pathname)`)
  const incidentId = page.url().split('/').pop() ?? ''

  const stored = (await (await env.api(session, 'GET', `/api/v1/incidents/${incidentId}`)).json()) as {
    occurred: { from: string; enteredAs: string; fromSolarHijri: string }
    categories: string[]
    qualifications: unknown[]
    victims: { count: number }
  }
  t.match(
    stored.occurred,
    { from: '2022-09-06', enteredAs: 'solar-hijri', fromSolarHijri: '1401-06-15' },
    'the server stored the Solar Hijri date as 6 September 2022'
  )
  t.same(stored.categories, ['cah-imprisonment'])
  t.match(stored.qualifications, [{ category: 'cah-imprisonment', elements: [{ element: 'deprivation-of-liberty', status: 'supported' }] }])
  t.equal(stored.victims.count, 1, 'Dari digits read as a number')
  await page.waitForSelector('.incident-details')
  t.match(await page.textContent('.incident-details'), /۱۵ سنبله ۱۴۰۱/, 'Solar Hijri first in Dari')
  await check('incident-view')
  await screenshotBoth(page, '03-incident-view', 'fa')

  // A witness with per-purpose consent.
  await page.click(`a[href="/incidents/${incidentId}/persons"]`)
  await page.getByRole('button', { name: fa['persons.add'] }).click()
  await page.selectOption('form.card select >> nth=0', 'witness')
  await page.getByLabel(fa['persons.name'], { exact: false }).first().fill('محمد ظاهر')
  await page.selectOption('#new-icc', 'yes')
  await page.selectOption('#new-storage', 'yes')
  await page.getByRole('button', { name: fa['persons.save'] }).click()
  await page.waitForSelector('li.person')
  t.match(await page.textContent('li.person'), /W-\d{4}/, 'the person appears by pseudonym')
  t.notMatch(await page.textContent('li.person'), /محمد ظاهر/, 'never by name')
  await check('persons')
  await screenshotBoth(page, '04-persons', 'fa')

  // Evidence: two files dropped at once, each hashed in the browser and sent with its sha256.
  await page.click(`a[href="/incidents/${incidentId}/evidence"]`)
  await page.waitForSelector('[data-testid=evidence-drop]')
  await dropFiles(page, '[data-testid=evidence-drop]', [
    { path: photo, name: 'kabul-phone.jpg', type: 'image/jpeg' },
    { path: join(FIXTURES, 'statement.txt'), name: 'statement.txt', type: 'text/plain' }
  ])
  await waitUntil(
    page,
    'document.querySelectorAll("li.upload-done").length === 2 || document.querySelector("li.upload-failed") !== null',
    30_000
  )
  t.equal(await page.locator('li.upload-failed').count(), 0, 'no upload failed')
  t.equal(await page.locator('li.upload-done progress').count(), 2, 'a progress bar for each file')
  t.match(await page.textContent('li.upload:has-text("kabul-phone.jpg")'), photoSha256, 'the browser computed the SHA-256 of the photo')
  t.equal(await page.locator('li.upload-done .badge-ok').count(), 2, 'the server computed the same SHA-256 for both')
  await page.waitForSelector('table.evidence-table')
  await check('evidence')
  await screenshotBoth(page, '05-evidence-upload', 'fa')

  const found = (await (await env.api(session, 'GET', `/api/v1/evidence/by-hash/${photoSha256}`)).json()) as {
    items: { id: string; ingestIndex: number }[]
  }
  t.equal(found.items.length, 1, 'the server holds the photo under the browser-computed hash')
  const evidenceId = found.items[0]?.id ?? ''
  const custody = (await (await env.api(session, 'GET', `/api/v1/evidence/${evidenceId}/custody`)).json()) as {
    items: { index: number; entry: { type: string; details: Record<string, unknown> } }[]
  }
  const ingest = custody.items.find((i) => i.index === found.items[0]?.ingestIndex)
  t.match(ingest?.entry, { type: 'ingested', details: { declaredSha256Matched: true } }, 'custody shows the declared sha256 matched')

  // The exhibit: hashes, flags, preview of the shared copy, custody proven in the browser.
  await page.click('li.upload:has-text("kabul-phone.jpg") a')
  await waitUntil(page, `location.pathname.includes('/evidence/')`)
  await page.waitForSelector('.alert-success')
  t.match(await page.textContent('.exhibit'), photoSha256)
  await page.getByRole('button', { name: fa['exhibit.showPreview'] }).click()
  await waitUntil(page, 'document.querySelector("img.thumbnail")?.complete && document.querySelector("img.thumbnail").naturalWidth > 0')
  // Showing the shared copy made a copy and opened it: both are custody events, proven like the intake.
  await waitUntil(
    page,
    'document.querySelectorAll(".timeline-item").length >= 3 && document.querySelectorAll(".timeline .badge-ok").length === document.querySelectorAll(".timeline-item").length'
  )
  t.match(await page.textContent('.exhibit'), /۲۳ سنبله ۱۴۰۲/, "capture date in Solar Hijri, from the photo's metadata")
  await check('exhibit')
  await screenshotBoth(page, '06-exhibit', 'fa')

  // A change with a reason, and the diff between revisions.
  await page.goto(`${env.url}/incidents/${incidentId}/edit`)
  await page.waitForSelector('form.incident-form input[name=title]')
  await page.fill('input[name=title]', 'بازداشت خودسرانه و ناپدیدسازی یک خبرنگار در کابل')
  await page.fill('textarea[name=reason]', 'معلومات تازه از خانوادهٔ او')
  await page.getByRole('button', { name: fa['form.step.next'], exact: true }).click()
  await page.waitForSelector('ol.steps li:nth-child(2).current')
  await page.getByRole('link', { name: fa['form.step.close'] }).click()
  await waitUntil(page, `location.pathname === '/incidents/${incidentId}'`)
  await page.click(`a[href="/incidents/${incidentId}/revisions"]`)
  await page.waitForSelector('.diff-table')
  t.match(await page.textContent('.diff-table'), /ناپدیدسازی/, 'the diff shows the new title')
  await check('revisions')
  await screenshotBoth(page, '07-revisions', 'fa')

  // Search, then the overview.
  await page.click('.main-nav a[href="/incidents"]')
  await page.fill('input[type=search]', 'خبرنگار')
  await page.getByRole('button', { name: fa['list.search'] }).click()
  await page.waitForSelector('ol.incident-list > li')
  t.equal(await page.locator('ol.incident-list > li').count(), 1)
  await check('incident-list')
  await screenshotBoth(page, '08-incident-list', 'fa')
  await page.click('.main-nav a[href="/"]')
  await page.waitForSelector('svg.chart-svg')
  await check('dashboard')
  await screenshotBoth(page, '01-dashboard', 'fa')

  // The choice of language stays with the account, and the session survives a reload.
  t.equal(await page.evaluate(`localStorage.getItem('sanad.lang.user.${ownerTag(username)}')`), 'fa', 'Dari remembered for this account')
  await page.reload()
  await page.waitForSelector('svg.chart-svg')
  t.equal(await page.getAttribute('html', 'lang'), 'fa-AF', 'still Dari after a reload, still signed in')

  // Two-factor set-up asks for the password again, then shows a QR code drawn in the page; read back,
  // it is the very link shown beside it.
  await page.click('a.user-name')
  await page.fill('input[name=totp-password]', USER_PASSWORD)
  await page.getByRole('button', { name: fa['account.startTotp'] }).click()
  await page.waitForSelector('svg[data-testid=totp-qr]')
  t.equal(await page.getAttribute('svg[data-testid=totp-qr]', 'aria-label'), fa['account.qr'])
  const shownUri = (await page.textContent('dl.facts dd >> nth=1'))?.trim() ?? ''
  t.match(shownUri, /^otpauth:\/\/totp\//)
  const viewBox = (await page.getAttribute('svg[data-testid=totp-qr]', 'viewBox')) ?? ''
  const d = (await page.getAttribute('svg[data-testid=totp-qr] path', 'd')) ?? ''
  t.equal(readQr(Number(viewBox.split(' ')[2]), d), shownUri, 'the QR code decodes to the link for the app')
  await check('account-totp-setup')

  // Confirming shows the ten recovery codes once; the account page then lists the sessions (this one
  // marked) and the security events.
  const secret = (await page.textContent('dl.facts dd >> nth=0'))?.trim() ?? ''
  const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate()
  await page.fill('input[autocomplete=one-time-code]', code)
  await page.getByRole('button', { name: fa['account.confirmTotp'] }).click()
  await page.waitForSelector('[data-testid=recovery-codes] ol li')
  t.equal(await page.locator('[data-testid=recovery-codes] ol li').count(), 10, 'ten recovery codes shown')
  await check('account-recovery-codes')
  await page.getByRole('button', { name: fa['account.recoverySaved'] }).click()
  await page.waitForSelector('[data-testid=recovery-left]')
  t.match(await page.textContent('[data-testid=recovery-left]'), '۱۰', 'the count of codes left, in Dari digits')
  await page.waitForSelector('table[data-testid=sessions] tbody tr')
  t.match(await page.textContent('table[data-testid=sessions]'), fa['account.thisSession'], 'this session is marked')
  await page.waitForSelector('table[data-testid=security-events] tr[data-type=mfa-enrolled]')
  await check('account-security')
  await screenshotBoth(page, '14-account', 'fa')

  t.same(Object.fromEntries(Object.entries(axe).filter(([, v]) => v.length > 0)), {}, 'no serious or critical axe-core violation')
  t.same(problems, [], 'no console error, no request leaving the server')
})
