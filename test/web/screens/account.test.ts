// One's own account by itself (test/web/component-harness.ts): the password change checked before
// sending, the second factor set up with the password asked again and the code checked, recovery
// codes shown once, sessions ended here or elsewhere, and the security events in the reader's words.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

const ENGLISH: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const DARI: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const ENROLLING: Ctx = { lang: 'fa', role: 'legal', username: 'legal1', mfa: 'enrolment-required' }
const SID = (n: number): string => `0190a2b4-0000-7000-8000-0000000005${String(n).padStart(2, '0')}`
const session = (n: number, current: boolean) => ({
  id: SID(n),
  createdAt: '2026-01-10T08:30:00.000Z',
  lastSeenAt: '2026-01-10T09:30:00.000Z',
  expiresAt: '2026-01-11T08:30:00.000Z',
  userAgent: current ? 'Firefox on Linux' : null,
  current
})
const CODES = ['abcd-efgh', 'ijkl-mnop', 'qrst-uvwx']
const URI = 'otpauth://totp/Sanad:legal1?secret=JBSWY3DPEHPK3PXP&issuer=Sanad'

async function open(s: Screen, ctx: Ctx, totp = { enabled: true, required: true, recoveryCodesLeft: 7 }): Promise<void> {
  s.answer('GET /api/v1/auth/totp', { body: totp })
  s.answer('GET /api/v1/auth/sessions', { body: { items: [session(1, true), session(2, false)] } })
  s.answer('GET /api/v1/auth/tokens', { body: { items: [] } })
  s.answer('GET /api/v1/auth/preferences/media', { body: { keepGraphicBlurred: true } })
  s.answer('GET /api/v1/auth/events', {
    body: {
      items: [
        { type: 'signed-in', detail: 'totp', at: '2026-01-10T08:30:00.000Z', actor: 'user:doc1', userAgent: 'Firefox on Linux' },
        { type: 'sign-in-failed', detail: 'password', at: '2026-01-09T08:30:00.000Z', actor: 'user:doc1', userAgent: null },
        { type: 'token-created', detail: 'laptop-sync', at: '2026-01-08T08:30:00.000Z', actor: 'user:doc1', userAgent: null }
      ]
    }
  })
  await s.mount('account', { enrolmentRequired: ctx.mfa === 'enrolment-required' }, ctx)
  await s.waitFor('#page-title')
}

const csrf = async (s: Screen): Promise<string | null> => await s.page.evaluate(() => sessionStorage.getItem('sanad.csrf'))

t.test('the account screen', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a new password is checked before sending: the current one given, at least 12 characters', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    await s.page.getByLabel(fa['account.newPassword']).fill('short')
    await s.page.getByRole('button', { name: fa['account.changePassword'] }).click()
    await s.waitFor('form .field-error')
    t.same(await s.page.locator('form .field-error').allTextContents(), [fa['validation.required'], fa['users.passwordRule']])
    t.notOk(s.requests.includes('POST /api/v1/auth/password'))
  })

  t.test('a password change posts both, keeps the session’s new token and clears the fields', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('POST /api/v1/auth/password', { body: { csrfToken: 'token-after-change' } })
    await open(s, ENGLISH)
    await s.page.getByLabel(en['account.currentPassword']).fill('the old pass-phrase 1')
    await s.page.getByLabel(en['account.newPassword']).fill('a brand new pass-phrase 2')
    await s.page.getByRole('button', { name: en['account.changePassword'] }).click()
    await s.waitFor('form .alert-success')
    t.same(s.bodies['POST /api/v1/auth/password'], [{ currentPassword: 'the old pass-phrase 1', newPassword: 'a brand new pass-phrase 2' }])
    t.equal(await csrf(s), 'token-after-change', 'the renewed session’s token is used from now on')
    t.equal(await s.page.getByLabel(en['account.newPassword']).inputValue(), '', 'no password left in the page')
    t.same((await s.recorded()).announcements, [en['account.passwordChanged']])
  })

  t.test('a wrong current password is said in Dari, and nothing changes', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('POST /api/v1/auth/password', apiError(400, 'SANAD_ERR_PASSWORD_WRONG'))
    await open(s, DARI)
    await s.page.getByLabel(fa['account.currentPassword']).fill('not my password')
    await s.page.getByLabel(fa['account.newPassword']).fill('a brand new pass-phrase 2')
    await s.page.getByRole('button', { name: fa['account.changePassword'] }).click()
    await s.waitFor('form [role=alert]')
    t.equal(await s.text('form [role=alert]'), fa['error.SANAD_ERR_PASSWORD_WRONG'])
    t.equal(await s.page.locator('form .alert-success').count(), 0)
    t.equal(await csrf(s), null)
  })

  t.test('enrolment: only the second factor, set up with the password asked again and the code checked', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('POST /api/v1/auth/totp/setup', { body: { secret: 'JBSWY3DPEHPK3PXP', uri: URI } })
    s.answer('POST /api/v1/auth/totp/confirm', { body: { csrfToken: 'token-after-mfa', recoveryCodes: CODES } })
    await open(s, ENROLLING, { enabled: false, required: true, recoveryCodesLeft: 0 })
    t.equal(await s.text('#page-title'), fa['account.enrolTitle'])
    t.equal(await s.text('.alert-warning'), fa['account.enrolRequired'])
    t.equal(await s.page.getByLabel(fa['account.currentPassword']).count(), 0, 'no password change before enrolling')
    t.equal(await s.page.locator('[data-testid=sessions]').count(), 0)
    t.same(s.requests, ['GET /api/v1/auth/totp'], 'nothing else is asked of the server')

    await s.page.getByRole('button', { name: fa['account.startTotp'] }).click()
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['account.passwordAgainMissing'])
    t.notOk(s.requests.includes('POST /api/v1/auth/totp/setup'), 'no secret issued without the password')

    await s.page.getByLabel(new RegExp(fa['account.passwordAgain'])).fill('my pass-phrase 3')
    await s.page.getByRole('button', { name: fa['account.startTotp'] }).click()
    await s.waitFor('[data-testid=totp-qr]')
    t.same(s.bodies['POST /api/v1/auth/totp/setup'], [{ password: 'my pass-phrase 3' }])
    t.equal(await s.page.getAttribute('[data-testid=totp-qr]', 'aria-label'), fa['account.qr'])
    t.match((await s.text('dl.facts')) ?? '', 'JBSWY3DPEHPK3PXP', 'the secret to type in by hand')

    const codeField = s.page.getByLabel(new RegExp(fa['signin.totp']))
    await codeField.fill('12345')
    await s.page.getByRole('button', { name: fa['account.confirmTotp'] }).click()
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['account.codeInvalid'])
    t.notOk(s.requests.includes('POST /api/v1/auth/totp/confirm'), 'five digits are not sent')

    await codeField.fill('123456')
    await s.page.getByRole('button', { name: fa['account.confirmTotp'] }).click()
    await s.waitFor('[data-testid=recovery-codes]')
    t.same(s.bodies['POST /api/v1/auth/totp/confirm'], [{ code: '123456' }])
    t.equal(await csrf(s), 'token-after-mfa')
    t.same(await s.page.locator('[data-testid=recovery-codes] code').allTextContents(), CODES)
    t.equal(await s.text('[data-testid=recovery-codes] .alert-warning'), fa['account.recoveryShownOnce'])
    t.same((await s.recorded()).sessions, [], 'still enrolling until the codes are put away')

    await s.page.getByRole('button', { name: fa['account.recoverySaved'] }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { sessions: unknown[] } }).sanad.sessions.length > 0)
    t.same((await s.recorded()).sessions, [{ username: 'legal1', role: 'legal', mfa: 'ok' }], 'then the session is enrolled')
    await s.page.locator('[data-testid=recovery-codes]').waitFor({ state: 'detached' })
    t.equal(await s.page.locator('[data-testid=recovery-codes]').count(), 0, 'the codes are not shown again')
  })

  t.test('with a second factor: the codes left in Dari digits, and new codes only with the password', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('POST /api/v1/auth/recovery-codes', { body: { recoveryCodes: CODES } })
    await open(s, DARI)
    await s.waitFor('[data-testid=recovery-left]')
    t.equal(await s.text('[data-testid=recovery-left]'), fa['account.recoveryLeft'].replace('{n}', '۷'))
    t.equal(await s.page.getByRole('button', { name: fa['account.startTotp'] }).count(), 0)
    await s.page.getByRole('button', { name: fa['account.recoveryRegenerate'] }).click()
    await s.waitFor('.inline-form [role=alert]')
    t.equal(await s.text('.inline-form [role=alert]'), fa['account.passwordAgainMissing'])
    t.notOk(s.requests.includes('POST /api/v1/auth/recovery-codes'))
    await s.page.locator('input[name=recovery-password]').fill('my pass-phrase 3')
    await s.page.getByRole('button', { name: fa['account.recoveryRegenerate'] }).click()
    await s.waitFor('[data-testid=recovery-codes]')
    t.same(s.bodies['POST /api/v1/auth/recovery-codes'], [{ password: 'my pass-phrase 3' }])
    t.same(await s.page.locator('[data-testid=recovery-codes] code').allTextContents(), CODES)
  })

  t.test('sessions: this one marked; ending another says so, ending this one signs out here', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`DELETE /api/v1/auth/sessions/${SID(2)}`, { status: 204 })
    s.answer(`DELETE /api/v1/auth/sessions/${SID(1)}`, { status: 204 })
    await open(s, ENGLISH)
    await s.waitFor('[data-testid=sessions] tbody tr')
    const rows = s.page.locator('[data-testid=sessions] tbody tr')
    t.equal(await rows.nth(0).locator('.badge-ok').textContent(), en['account.thisSession'])
    t.match((await rows.nth(1).textContent()) ?? '', en['account.unknownDevice'])
    await rows.nth(1).getByRole('button', { name: en['account.endSession'] }).click()
    await s.waitForRequest('GET /api/v1/auth/sessions', 2)
    t.same((await s.recorded()).announcements, [en['account.sessionEnded']])
    t.same((await s.recorded()).sessions, [], 'still signed in')
    await rows.nth(0).getByRole('button', { name: en['account.endThis'] }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { sessions: unknown[] } }).sanad.sessions.length > 0)
    t.same((await s.recorded()).sessions, [null], 'signed out in this tab')
  })

  t.test('ending every other session says how many ended', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('DELETE /api/v1/auth/sessions', { body: { ended: 3 } })
    await open(s, DARI)
    await s.page.getByRole('button', { name: fa['account.endOthers'] }).click()
    await s.waitForRequest('GET /api/v1/auth/sessions', 2)
    t.same((await s.recorded()).announcements, [fa['account.othersEnded'].replace('{n}', '۳')])
  })

  t.test('security events in Dari: what, how, and a name the app does not know kept as it is', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    await s.waitFor('[data-testid=security-events] tbody tr')
    const cells = await s.page.locator('[data-testid=security-events] tbody tr td:nth-child(2)').allTextContents()
    t.same(cells, [
      `${fa['events.type.signed-in']} · ${fa['events.detail.totp']}`,
      `${fa['events.type.sign-in-failed']} · ${fa['events.detail.password']}`,
      `${fa['events.type.token-created']} · laptop-sync`
    ])
    t.equal(
      await s.page.locator('[data-testid=security-events] tbody tr').nth(2).locator('td:nth-child(2) code').textContent(),
      'laptop-sync'
    )
  })

  t.test('API tokens: a name is asked for in Dari before anything is sent', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    const form = s.page.locator('.api-tokens form')
    await form.getByRole('button', { name: fa['tokens.create'] }).click()
    await s.waitFor('.api-tokens .field-error')
    t.same(await s.page.locator('.api-tokens .field-error').allTextContents(), [fa['validation.required']])
    t.notOk(s.requests.includes('POST /api/v1/auth/tokens'))
    await s.page.getByLabel(fa['tokens.name']).fill('تأیید شبانه')
    t.equal(await s.page.locator('.api-tokens .field-error').count(), 0, 'the error goes when the field is filled')
  })

  t.test('API tokens: a new token is shown once in place with a copy button, listed, and revoked after asking', async (t) => {
    const s = await screenPage(t, browser)
    const minted = {
      id: '0190a2b4-0000-7000-8000-0000000006a1',
      name: 'nightly verify',
      token: 'snd_secret_once_value',
      createdAt: '2026-01-10T08:30:00.000Z',
      expiresAt: '2099-04-10T08:30:00.000Z',
      lastUsedAt: null,
      revokedAt: null
    }
    const { token: _, ...listed } = minted
    const old = { ...listed, id: '0190a2b4-0000-7000-8000-0000000006a2', name: 'old laptop', revokedAt: '2026-01-09T08:30:00.000Z' }
    s.answer('POST /api/v1/auth/tokens', { status: 201, body: minted })
    s.answer(`DELETE /api/v1/auth/tokens/${minted.id}`, { status: 204 })
    await open(s, ENGLISH)
    s.answer(
      'GET /api/v1/auth/tokens',
      { body: { items: [listed, old] } },
      { body: { items: [{ ...listed, revokedAt: '2026-01-10T09:00:00.000Z' }, old] } }
    )
    await s.page.getByLabel(en['tokens.name']).fill('nightly verify')
    await s.page.getByLabel(en['tokens.days']).fill('30')
    await s.page.getByRole('button', { name: en['tokens.create'] }).click()
    await s.waitFor('.api-tokens .one-time-password-box')
    t.same(s.bodies['POST /api/v1/auth/tokens'], [{ name: 'nightly verify', expiresInDays: 30 }])
    t.equal(await s.text('.api-tokens .one-time-password-box code'), 'snd_secret_once_value')
    t.ok(await s.page.getByRole('button', { name: `${en['tokens.copy']} nightly verify` }).isVisible())
    await s.waitFor('[data-testid=api-tokens] tbody tr[data-state=revoked]')
    t.same(await s.page.locator('[data-testid=api-tokens] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state'))), [
      'active',
      'revoked'
    ])
    t.equal(
      await s.page
        .locator('[data-testid=api-tokens]')
        .getByRole('button', { name: /Revoke/ })
        .count(),
      1,
      'only an active token can be revoked'
    )
    t.notOk(
      (await s.page.locator('[data-testid=api-tokens]').textContent())?.includes('snd_secret_once_value'),
      'the list never shows a secret'
    )
    s.page.once('dialog', (d) => void d.accept())
    await s.page.getByRole('button', { name: `${en['tokens.revoke']} nightly verify` }).click()
    await s.page.waitForFunction(() => document.querySelectorAll('[data-testid=api-tokens] tbody tr[data-state=revoked]').length === 2)
    t.ok(s.requests.includes(`DELETE /api/v1/auth/tokens/${minted.id}`))
    await s.page.getByRole('button', { name: en['users.hidePassword'] }).click()
    t.equal(await s.page.locator('.api-tokens .one-time-password-box').count(), 0, 'hidden when done')
    t.same(s.problems, [])
  })
})
