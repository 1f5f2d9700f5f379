// The small parts of every screen by themselves (test/web/component-harness.ts): how an API error
// reads, how a field is tied to its hint and error, numbers and dates in the reader's digits and
// calendar, and a hash that a screen reader can name.
import t from 'tap'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { bothCalendars } from '../../../web/src/lib/dates.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx } from '../component-harness.ts'

const DARI: Ctx = { lang: 'fa' }

t.test('the ui components', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a hash with a label is named for screen readers, and still reads left to right', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { mono: { text: 'K7-PQ2-XZ9', label: fa['users.oneTimePassword'] } }, DARI)
    await s.waitFor('#mono code')
    t.equal(await s.page.getAttribute('#mono code', 'aria-label'), null, 'no aria-label on <code>, which screen readers ignore')
    t.equal(await s.page.getAttribute('#mono code', 'dir'), 'ltr')
    t.equal(await s.text('#mono .visually-hidden'), `${fa['users.oneTimePassword']}: `)
    const snapshot = await s.page.locator('#mono').ariaSnapshot()
    t.match(snapshot, fa['users.oneTimePassword'], 'the name is in what assistive technology reads')
    t.match(snapshot, 'K7-PQ2-XZ9')
    t.equal(await s.page.locator('#mono').textContent(), `${fa['users.oneTimePassword']}: K7-PQ2-XZ9`, 'the label comes first')
  })

  t.test('a hash without a label is just the hash', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { mono: { text: 'ab'.repeat(32) } }, DARI)
    await s.waitFor('#mono code')
    t.equal(await s.page.locator('#mono').textContent(), 'ab'.repeat(32))
    t.equal(await s.page.locator('#mono .visually-hidden').count(), 0)
  })

  t.test('an error the server coded reads in the reader’s language, naming the field', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { error: { status: 409, code: 'SANAD_ERR_USERNAME_TAKEN', message: 'That username is taken.' } }, DARI)
    await s.waitFor('#error-box [role=alert]')
    t.equal(await s.text('#error-box [role=alert]'), fa['error.SANAD_ERR_USERNAME_TAKEN'])
    const f = await screenPage(t, browser)
    await f.mount('ui', { error: { status: 400, code: 'SANAD_ERR_VALIDATION', message: 'bad', field: 'occurred.from' } }, { lang: 'ps' })
    await f.waitFor('#error-box [role=alert]')
    t.equal(await f.text('#error-box [role=alert]'), `${ps['error.SANAD_ERR_VALIDATION']} (occurred.from)`)
  })

  t.test('a code the app cannot name yet reads by its status, never in the server’s English', async (t) => {
    const cases: [number, string][] = [
      [500, fa['error.SANAD_ERR_UNAVAILABLE']],
      [503, fa['error.SANAD_ERR_UNAVAILABLE']],
      [404, fa['error.SANAD_ERR_NOT_FOUND']],
      [403, fa['error.SANAD_ERR_FORBIDDEN']]
    ]
    // One subtest per status: each gives its page back for the next.
    for (const [status, want] of cases)
      await t.test(String(status), async (t) => {
        const s = await screenPage(t, browser)
        await s.mount('ui', { error: { status, code: 'SANAD_ERR_FUTURE_CODE', message: 'English from the server' } }, DARI)
        await s.waitFor('#error-box [role=alert]')
        t.equal(await s.text('#error-box [role=alert]'), want, String(status))
      })
    const other = await screenPage(t, browser)
    await other.mount('ui', { error: { status: 418, code: 'SANAD_ERR_FUTURE_CODE', message: 'As the server said' } }, DARI)
    await other.waitFor('#error-box [role=alert]')
    t.equal(await other.text('#error-box [role=alert]'), 'As the server said', 'else the server’s own message, not nothing')
  })

  t.test('a connection that failed reads in the reader’s language', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { error: { status: 0, code: 'NETWORK', message: 'network error' } }, DARI)
    await s.waitFor('#error-box [role=alert]')
    t.equal(await s.text('#error-box [role=alert]'), fa['error.NETWORK'])
  })

  t.test('no error, no alert', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { error: null, num: 1 }, DARI)
    await s.waitFor('#num')
    t.equal(await s.page.locator('#error-box *').count(), 0)
  })

  t.test('a load error says what failed and why, and its retry asks again', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount(
      'ui',
      { loadError: { what: fa['cases.loadFailed'], error: { status: 500, code: 'SANAD_ERR_INTERNAL', message: 'x' } } },
      DARI
    )
    await s.waitFor('#load-error [role=alert]')
    t.equal(await s.text('#load-error p'), `${fa['cases.loadFailed']} ${fa['error.SANAD_ERR_INTERNAL']}`)
    await s.page.getByRole('button', { name: fa['common.retry'] }).click()
    t.same((await s.recorded()).values.retry, [true])
  })

  t.test('a field is labelled, marked required in words, and tied to its hint and error', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { field: { label: 'نام کاربری', hint: 'دست‌کم سه حرف', error: 'لازم است', required: true } }, DARI)
    await s.waitFor('#field input')
    const input = s.page.getByLabel(/نام کاربری/)
    t.equal(await input.count(), 1, 'the label names the input')
    t.equal(await input.getAttribute('aria-invalid'), 'true')
    const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ')
    t.same(
      await Promise.all(ids.map(async (id) => await s.page.locator(`[id="${id}"]`).textContent())),
      ['دست‌کم سه حرف', 'لازم است'],
      'hint, then error'
    )
    t.equal(await s.text('#field .required .visually-hidden'), fa['form.required'])
    t.ok(await s.page.locator('#field .field').evaluate((el) => el.classList.contains('field-invalid')))

    const ok = await screenPage(t, browser)
    await ok.mount('ui', { field: { label: 'Name' } }, { lang: 'en' })
    await ok.waitFor('#field input')
    t.equal(await ok.page.getAttribute('#field input', 'aria-describedby'), null, 'nothing to describe, no dangling reference')
    t.equal(await ok.page.getAttribute('#field input', 'aria-invalid'), null)
  })

  t.test('numbers, progress and dates in the reader’s digits and calendar', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('ui', { num: 1402, progress: { value: 0.25, label: 'بارگذاری' }, date: '2021-08-15', instant: null }, DARI)
    await s.waitFor('#num')
    t.equal(await s.text('#num'), '۱,۴۰۲')
    t.equal(await s.text('#progress .progress-pct'), '۲۵٪')
    t.equal(await s.page.getByLabel('بارگذاری').getAttribute('value'), '0.25', 'the bar itself is labelled')
    const both = bothCalendars('2021-08-15', 'fa')
    t.equal(await s.text('#date time'), both.primary, 'Solar Hijri first in Dari')
    t.equal(await s.page.getAttribute('#date time', 'datetime'), '2021-08-15', 'machine-readable Gregorian')
    t.match((await s.text('#date')) ?? '', both.secondary)
    t.equal(await s.text('#instant'), '—', 'no time: a dash, not “Invalid Date”')

    const e = await screenPage(t, browser)
    await e.mount('ui', { num: 1402, progress: { value: 3, max: 4, label: 'Upload' }, date: '2021-08-15' }, { lang: 'en' })
    await e.waitFor('#num')
    t.equal(await e.text('#num'), '1,402')
    t.equal(await e.text('#progress .progress-pct'), '75%')
    t.equal(await e.text('#date time'), bothCalendars('2021-08-15', 'en').primary, 'Gregorian first in English')
  })
})
