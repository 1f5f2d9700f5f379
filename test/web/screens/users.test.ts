// The accounts screen by itself (test/web/component-harness.ts): what an admin is shown of each
// account, what each action sends (after a confirmation where it cannot be undone), the one-time
// password shown once, and the need-to-know clearances that take a second admin.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

const ADMIN: Ctx = { lang: 'en', role: 'admin', username: 'admin' }
const DARI_ADMIN: Ctx = { lang: 'fa', role: 'admin', username: 'admin' }
const id = (n: number): string => `0190a2b4-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`
const user = (n: number, username: string, over: Record<string, unknown> = {}) => ({
  id: id(n),
  username,
  role: 'documenter',
  disabled: false,
  totpEnabled: false,
  createdAt: '2026-01-10T08:30:00.000Z',
  lastLoginAt: null,
  ...over
})
const ADMIN_USER = user(1, 'admin', { role: 'admin', totpEnabled: true })
const DOC = user(2, 'doc1', { totpEnabled: true })
const LEGAL = user(3, 'legal1', { role: 'legal', disabled: true })
const INCIDENT = '0190a2b4-0000-7000-8000-0000000000aa'
const PENDING = 'GET /api/v1/clearance-requests?status=pending'

async function open(s: Screen, ctx: Ctx, users = [ADMIN_USER, DOC, LEGAL], pending: unknown[] = []): Promise<void> {
  s.answer('GET /api/v1/users', { body: { items: users } })
  s.answer(PENDING, { body: { items: pending } })
  await s.mount('users', {}, ctx)
  await s.waitFor('table.users-table tbody tr')
}

/** Accepts every confirm() and records its text. */
function acceptDialogs(s: Screen): string[] {
  const seen: string[] = []
  s.page.on('dialog', (d) => {
    seen.push(d.message())
    void d.accept()
  })
  return seen
}

t.test('the accounts screen', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('each account with its role, state and second factor, in Dari', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI_ADMIN)
    t.equal(await s.text('caption'), fa['users.caption'].replace('{n}', '۳'))
    const doc = s.page.locator('tr[data-username=doc1]')
    t.match((await doc.textContent()) ?? '', fa['role.documenter'])
    t.equal(await doc.locator('.badge-ok').textContent(), fa['users.active'])
    const legal = s.page.locator('tr[data-username=legal1]')
    t.equal(await legal.locator('.badge-error').textContent(), fa['users.disabled'])
    t.equal(await legal.getByRole('button', { name: `${fa['users.enable']} legal1` }).count(), 1, 'a disabled account is offered enabling')
    t.equal(await legal.getByRole('button', { name: `${fa['users.disable']} legal1` }).count(), 0)
    t.equal(await doc.getByRole('button', { name: `${fa['users.resetMfa']} doc1` }).count(), 1, 'a second factor can be reset')
    t.equal(await legal.getByRole('button', { name: `${fa['users.resetMfa']} legal1` }).count(), 0, 'none to reset without one')
    t.same(s.problems, [])
  })

  t.test('a new account is checked before sending: the username rule and at least 12 characters', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ADMIN)
    await s.page.fill('input[name=new-username]', 'bad name!')
    await s.page.fill('input[name=new-password]', 'short')
    await s.page.getByRole('button', { name: en['users.createSubmit'] }).click()
    await s.waitFor('.create-user .field-error')
    t.same(await s.page.locator('.create-user .field-error').allTextContents(), [en['validation.pattern'], en['users.passwordRule']])
    t.notOk(s.requests.includes('POST /api/v1/users'))
  })

  t.test('creating an account posts it and says so; the list is asked again', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('POST /api/v1/users', { status: 201, body: user(4, 'legal2', { role: 'legal' }) })
    s.answer('GET /api/v1/users/directory', { body: { items: [] } })
    await open(s, ADMIN)
    await s.page.fill('input[name=new-username]', ' legal2 ')
    await s.page.getByRole('button', { name: en['users.generate'] }).click()
    await s.page.waitForFunction(() => (document.querySelector('input[name=new-password]') as HTMLInputElement).value !== '')
    const generated = await s.page.inputValue('input[name=new-password]')
    t.match(generated, /^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/, 'a generated passphrase')
    await s.page.selectOption('select[name=new-role]', 'legal')
    await s.page.getByRole('button', { name: en['users.createSubmit'] }).click()
    await s.waitFor('.alert-success')
    t.same(s.bodies['POST /api/v1/users'], [{ username: 'legal2', password: generated, role: 'legal' }])
    t.equal(await s.text('.alert-success'), en['users.created'].replace('{name}', 'legal2'))
    t.equal(await s.page.inputValue('input[name=new-password]'), '', 'the password is not left on the screen')
    t.equal(await s.page.inputValue('select[name=new-role]'), 'documenter', 'the next account starts from the default role')
    t.equal(s.requests.filter((r) => r === 'GET /api/v1/users').length, 2)
    await s.waitForRequest('GET /api/v1/users/directory')
    t.pass('the directory of names is fetched again, so the new account is named where it acts')
    t.same(s.problems, [])
  })

  t.test('a taken username is the server’s word, in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('POST /api/v1/users', apiError(409, 'SANAD_ERR_USERNAME_TAKEN'))
    await open(s, DARI_ADMIN)
    await s.page.fill('input[name=new-username]', 'doc1')
    await s.page.fill('input[name=new-password]', 'a long enough pass-phrase')
    await s.page.getByRole('button', { name: fa['users.createSubmit'] }).click()
    await s.waitFor('.create-user [role=alert]')
    t.equal(await s.text('.create-user [role=alert]'), fa['error.SANAD_ERR_USERNAME_TAKEN'])
  })

  t.test('disabling asks first, names the account, and nothing is sent when declined', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ADMIN)
    const seen: string[] = []
    s.page.once('dialog', (d) => {
      seen.push(d.message())
      void d.dismiss()
    })
    await s.page.getByRole('button', { name: `${en['users.disable']} doc1` }).click()
    t.same(seen, [en['users.confirmDisable'].replace('{name}', 'doc1')])
    t.notOk(
      s.requests.some((r) => r.startsWith('POST')),
      'declined: nothing sent'
    )
    s.answer(`POST /api/v1/users/${DOC.id}/disable`, { body: {} })
    acceptDialogs(s)
    await s.page.getByRole('button', { name: `${en['users.disable']} doc1` }).click()
    await s.waitFor('.alert-success')
    t.ok(s.requests.includes(`POST /api/v1/users/${DOC.id}/disable`))
    t.equal(await s.text('.alert-success'), en['users.disabledDone'].replace('{name}', 'doc1'))
  })

  t.test('an admin gives an account its staff code (upper-cased); a taken code is the server’s word, in Dari', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ADMIN, [ADMIN_USER, user(2, 'doc1', { totpEnabled: true, staffCode: 'KBL-07' }), LEGAL])
    t.equal(await s.page.getByLabel(`${en['users.staffCode']} doc1`).inputValue(), 'KBL-07', 'the code it has')
    s.answer(`PUT /api/v1/users/${LEGAL.id}/staff-code`, { body: { ...LEGAL, staffCode: 'HRT-02' } })
    s.answer('GET /api/v1/users/directory', { body: { items: [] } })
    await s.page.getByLabel(`${en['users.staffCode']} legal1`).fill('hrt-02')
    await s.page.getByRole('button', { name: `${en['users.staffCodeSave']} legal1` }).click()
    await s.waitFor('.alert-success')
    t.same(s.bodies[`PUT /api/v1/users/${LEGAL.id}/staff-code`], [{ staffCode: 'HRT-02' }])
    t.equal(await s.text('.alert-success'), en['users.staffCodeSaved'].replace('{name}', 'legal1'))
    const d = await screenPage(t, browser)
    await open(d, DARI_ADMIN)
    d.answer(`PUT /api/v1/users/${DOC.id}/staff-code`, apiError(409, 'SANAD_ERR_STAFF_CODE_TAKEN'))
    await d.page.getByLabel(`${fa['users.staffCode']} doc1`).fill('KBL-07')
    await d.page.getByRole('button', { name: `${fa['users.staffCodeSave']} doc1` }).click()
    await d.page.getByText(fa['error.SANAD_ERR_STAFF_CODE_TAKEN']).waitFor()
    t.pass('the refusal is shown in Dari')
  })

  t.test('the last admin cannot be disabled: the server’s refusal is shown', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`POST /api/v1/users/${ADMIN_USER.id}/disable`, apiError(409, 'SANAD_ERR_LAST_ADMIN'))
    await open(s, DARI_ADMIN)
    acceptDialogs(s)
    await s.page.getByRole('button', { name: `${fa['users.disable']} admin` }).click()
    await s.waitFor('section > [role=alert]')
    t.equal(await s.text('section > [role=alert]'), fa['error.SANAD_ERR_LAST_ADMIN'])
  })

  t.test('a password reset shows the one-time password once, named for screen readers', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`POST /api/v1/users/${DOC.id}/password`, { body: { password: 'k7pq2-xz9ab-cdefg-hjkmn' } })
    await open(s, ADMIN)
    const dialogs = acceptDialogs(s)
    await s.page.getByRole('button', { name: `${en['users.resetPassword']} doc1` }).click()
    await s.waitFor('.alert-info code')
    t.same(dialogs, [en['users.confirmReset'].replace('{name}', 'doc1')])
    t.same(s.bodies[`POST /api/v1/users/${DOC.id}/password`], [{}])
    t.equal(await s.text('.alert-info code'), 'k7pq2-xz9ab-cdefg-hjkmn')
    t.match((await s.text('.alert-info')) ?? '', en['users.shownOnce'])
    const read = await s.page.locator('.alert-info').ariaSnapshot()
    t.ok(
      read.indexOf(en['users.oneTimePassword']) >= 0 && read.indexOf(en['users.oneTimePassword']) < read.indexOf('k7pq2'),
      'named before it is read'
    )
  })

  t.test('the one-time password is shown in the account’s own row, in view, with a copy button', async (t) => {
    const s = await screenPage(t, browser, { viewport: { width: 390, height: 500 } })
    await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'http://sanad.test' })
    const many = Array.from({ length: 30 }, (_, i) => user(10 + i, `doc-${10 + i}`))
    const last = many[many.length - 1]!
    s.answer(`POST /api/v1/users/${last.id}/password`, { body: { password: 'k7pq2-xz9ab-cdefg-hjkmn' } })
    await open(s, DARI_ADMIN, [ADMIN_USER, ...many])
    acceptDialogs(s)
    await s.page.getByRole('button', { name: `${fa['users.resetPassword']} ${last.username}` }).click()
    await s.waitFor('tr.one-time-password code')
    const row = s.page.locator('tr.one-time-password')
    t.equal(await row.locator('code').textContent(), 'k7pq2-xz9ab-cdefg-hjkmn')
    t.equal(
      await s.page.evaluate(() => document.querySelector('tr.one-time-password')?.previousElementSibling?.getAttribute('data-username')),
      last.username,
      'right under the account that was reset'
    )
    t.ok(await row.isVisible(), 'brought into view')
    const where = await row.locator('code').evaluate((el) => {
      const r = el.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, height: window.innerHeight }
    })
    t.ok(where.top >= 0 && where.bottom <= where.height, `the password within the window, not off-screen (${JSON.stringify(where)})`)
    t.match((await row.textContent()) ?? '', fa['users.shownOnce'])
    await row.getByRole('button', { name: `${fa['users.copyPassword']} ${last.username}` }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { announcements: string[] } }).sanad.announcements.length > 0)
    t.equal(await s.page.evaluate(() => navigator.clipboard.readText()), 'k7pq2-xz9ab-cdefg-hjkmn', 'copied as is')
    t.same((await s.recorded()).announcements, [fa['users.copied']])
    await row.getByRole('button', { name: fa['users.hidePassword'] }).click()
    await s.page.locator('tr.one-time-password').waitFor({ state: 'detached' })
    t.notMatch((await s.text('section')) ?? '', 'k7pq2', 'gone from the page when done')
    t.same(s.problems, [])
  })

  t.test('a second admin approves a pending clearance; one’s own request can only be withdrawn', async (t) => {
    const s = await screenPage(t, browser)
    const request = (n: number, by: string) => ({
      id: id(50 + n),
      userId: LEGAL.id,
      incidentId: INCIDENT,
      status: 'pending',
      requestedAt: '2026-01-10T08:30:00.000Z',
      requestedBy: by,
      decidedAt: null,
      decidedBy: null
    })
    const mine = request(1, `user:${ADMIN_USER.id}`)
    const theirs = request(2, `user:${user(9, 'admin2').id}`)
    s.answer(`POST /api/v1/clearance-requests/${theirs.id}/approve`, { body: {} })
    await open(s, ADMIN, [ADMIN_USER, DOC, LEGAL, user(9, 'admin2', { role: 'admin' })], [mine, theirs])
    await s.waitFor('.pending-clearances tbody tr')
    const mineRow = s.page.locator(`tr[data-request="${mine.id}"]`)
    t.equal(await mineRow.locator('.hint').textContent(), en['users.ownRequest'])
    t.equal(await mineRow.getByRole('button', { name: new RegExp(en['users.approve']) }).count(), 0, 'not offered to approve one’s own')
    t.equal(await mineRow.getByRole('button', { name: `${en['users.reject']} legal1` }).count(), 1)
    const theirsRow = s.page.locator(`tr[data-request="${theirs.id}"]`)
    t.match((await theirsRow.textContent()) ?? '', 'admin2', 'who asked, by name')
    await theirsRow.getByRole('button', { name: `${en['users.approve']} legal1` }).click()
    await s.waitForRequest(PENDING, 2)
    t.ok(s.requests.includes(`POST /api/v1/clearance-requests/${theirs.id}/approve`))
  })

  t.test('granting a clearance with another admin active files a request, and says so', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ADMIN)
    s.answer(`GET /api/v1/users/${LEGAL.id}/clearances`, { body: { items: [] } })
    s.answer(`POST /api/v1/users/${LEGAL.id}/clearances`, {
      status: 202,
      body: { id: id(60), userId: LEGAL.id, incidentId: INCIDENT, status: 'pending' }
    })
    await s.page.getByRole('button', { name: `${en['users.clearances']} legal1` }).click()
    await s.waitFor('.clearances')
    t.equal(await s.text('.clearances h3'), en['users.clearancesOf'].replace('{name}', 'legal1'))
    t.equal(await s.text('.clearances .empty'), en['users.noClearances'])
    s.answer('GET /api/v1/clearance-incidents?q=2025-001', {
      body: {
        items: [
          { id: INCIDENT, reference: 'SND-2025-0012' },
          { id: id(61), reference: 'SND-2025-0010' }
        ]
      }
    })
    await s.page.getByRole('button', { name: en['users.grant'] }).click()
    await s.waitFor('.clearances .field-error')
    t.equal(await s.text('.clearances .field-error'), en['users.pickIncident'], 'nothing is sent before an incident is chosen')
    t.notOk(s.requests.includes(`POST /api/v1/users/${LEGAL.id}/clearances`))
    await s.page.locator('.clearances').getByLabel(en['users.incidentSearch']).fill(' 2025-001 ')
    await s.waitFor('.incident-choices label')
    t.same(
      (await s.page.locator('.incident-choices label').allTextContents()).map((x) => x.trim()),
      ['SND-2025-0012', 'SND-2025-0010']
    )
    await s.page.getByLabel('SND-2025-0012').check()
    t.equal(await s.page.locator('.clearances .field-error').count(), 0, 'the error goes once an incident is chosen')
    await s.page.getByRole('button', { name: en['users.grant'] }).click()
    await s.waitFor('.clearances .alert-info')
    t.same(s.bodies[`POST /api/v1/users/${LEGAL.id}/clearances`], [{ incidentId: INCIDENT }])
    t.equal(await s.text('.clearances .alert-info'), en['users.requestFiled'])
    t.equal(await s.page.locator('.clearances').getByLabel(en['users.incidentSearch']).inputValue(), '', 'the picker starts clean again')
  })

  t.test('an incident reference nobody has is said in Dari, and clearances are listed by reference', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, { ...ADMIN, lang: 'fa' })
    const clearance = {
      incidentId: INCIDENT,
      incidentReference: 'SND-2025-0012',
      grantedAt: '2026-01-10T08:30:00.000Z',
      grantedBy: 'admin',
      revokedAt: null,
      revokedBy: null
    }
    s.answer(`GET /api/v1/users/${LEGAL.id}/clearances`, { body: { items: [clearance] } })
    s.answer('GET /api/v1/clearance-incidents?q=9999', { body: { items: [] } })
    await s.page.getByRole('button', { name: `${fa['users.clearances']} legal1` }).click()
    await s.waitFor('.clearances li')
    t.match(await s.text('.clearances li'), /SND-2025-0012/)
    await s.page.locator('.clearances').getByLabel(fa['users.incidentSearch']).fill('9999')
    await s.waitFor('.incident-picker .empty')
    t.equal(await s.text('.incident-picker .empty'), fa['users.noIncidentFound'])
  })

  t.test('an active clearance can be revoked', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ADMIN)
    const clearance = { incidentId: INCIDENT, grantedAt: '2026-01-10T08:30:00.000Z', grantedBy: 'admin', revokedAt: null, revokedBy: null }
    const revoked = { ...clearance, incidentId: id(77), revokedAt: '2026-01-11T08:30:00.000Z', revokedBy: 'admin' }
    s.answer(`GET /api/v1/users/${LEGAL.id}/clearances`, { body: { items: [clearance, revoked] } }, { body: { items: [] } })
    s.answer(`DELETE /api/v1/users/${LEGAL.id}/clearances/${INCIDENT}`, { status: 204 })
    await s.page.getByRole('button', { name: `${en['users.clearances']} legal1` }).click()
    await s.waitFor('.clearances li')
    t.equal(await s.page.locator('.clearances li').count(), 1, 'a revoked clearance is not listed as active')
    await s.page.getByRole('button', { name: en['users.revoke'] }).click()
    await s.waitFor('.clearances .empty')
    t.ok(s.requests.includes(`DELETE /api/v1/users/${LEGAL.id}/clearances/${INCIDENT}`))
  })
})
