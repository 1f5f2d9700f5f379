// The date field by itself (test/web/component-harness.ts): a date typed in the Solar Hijri or the
// Gregorian calendar, with Dari or Latin digits, read back as the day it means in both calendars.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { bothCalendars } from '../../../web/src/lib/dates.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage } from '../component-harness.ts'

const INPUT = 'input[name=d]'

t.test('the date field', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a Solar Hijri date in Dari digits shows the day it means in both calendars, Solar Hijri first', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'solar-hijri', label: 'تاریخ رویداد' }, { lang: 'fa' })
    await s.page.fill(INPUT, '۱۴۰۳-۰۵-۲۴')
    const want = bothCalendars('2024-08-14', 'fa')
    await s.page.waitForFunction(() => document.querySelector('.date-preview')?.textContent !== '')
    t.equal(await s.text('.date-preview'), `${want.primary} — ${want.secondary}`)
    t.match(want.primary, /۱۴۰۳/, 'the Solar Hijri year, in Dari digits')
    t.match(want.secondary, /۲۰۲۴/, 'and the Gregorian one')
    t.equal(await s.page.locator('.field-error').count(), 0, 'a real date is not an error')
    t.equal(await s.page.getAttribute(INPUT, 'aria-invalid'), null)
    t.equal(await s.text('.hint'), fa['date.hintSolarHijri'], 'the hint of the calendar, in Dari')
    t.equal(await s.page.getAttribute(INPUT, 'placeholder'), '1403-05-24')
    t.equal(await s.page.getAttribute(INPUT, 'dir'), 'ltr', 'digits read left to right even in a right-to-left page')
    t.same((await s.recorded()).values.date?.at(-1), '۱۴۰۳-۰۵-۲۴', 'what was typed is handed on as typed')
    t.same(s.problems, [])
  })

  t.test('Latin digits and slashes are read too', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'solar-hijri' }, { lang: 'ps' })
    await s.page.fill(INPUT, '1400/5/24')
    const want = bothCalendars('2021-08-15', 'ps')
    await s.page.waitForFunction(() => document.querySelector('.date-preview')?.textContent !== '')
    t.equal(await s.text('.date-preview'), `${want.primary} — ${want.secondary}`, '24 Asad 1400 is 15 August 2021')
    t.equal(await s.text('.hint'), ps['date.hintSolarHijri'])
  })

  t.test('a day that does not exist in the chosen calendar is an error, tied to the field', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'solar-hijri' }, { lang: 'fa' })
    // Mizan (month 7) has 30 days: the 31st does not exist.
    await s.page.fill(INPUT, '۱۴۰۲-۰۷-۳۱')
    await s.waitFor('.field-error')
    t.equal(await s.text('.field-error'), fa['date.invalid'])
    t.equal(await s.page.getAttribute(INPUT, 'aria-invalid'), 'true')
    const errId = await s.page.getAttribute('.field-error', 'id')
    t.match((await s.page.getAttribute(INPUT, 'aria-describedby')) ?? '', errId ?? 'missing', 'read out with the field')
    t.equal(await s.text('.date-preview'), '', 'no day is shown for it')
  })

  t.test('a Gregorian date is checked as Gregorian: 29 February only in a leap year', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'gregorian' }, { lang: 'en' })
    t.equal(await s.text('.hint'), en['date.hintGregorian'])
    await s.page.fill(INPUT, '2023-02-29')
    await s.waitFor('.field-error')
    t.equal(await s.text('.field-error'), en['date.invalid'])
    await s.page.fill(INPUT, '2024-02-29')
    await s.page.waitForFunction(() => document.querySelector('.field-error') === null)
    const want = bothCalendars('2024-02-29', 'en')
    t.equal(await s.text('.date-preview'), `${want.primary} — ${want.secondary}`, 'English: Gregorian first')
  })

  t.test('an empty field is no error, and the required mark is read out in the reader’s language', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'solar-hijri', required: true, label: 'تاریخ' }, { lang: 'fa' })
    await s.waitFor(INPUT)
    t.equal(await s.page.locator('.field-error').count(), 0)
    t.equal(await s.page.getAttribute(INPUT, 'required'), '')
    t.equal(await s.text('label .visually-hidden'), fa['form.required'])
    t.equal(await s.page.getByLabel(/تاریخ/).count(), 1, 'the input is labelled')
  })

  t.test('an error given by the form is shown instead of the field’s own', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'gregorian', error: 'From the server' }, { lang: 'en' })
    await s.waitFor('.field-error')
    t.equal(await s.text('.field-error'), 'From the server')
    t.equal(await s.page.getAttribute(INPUT, 'aria-invalid'), 'true')
  })

  t.test('the calendar switch offers both calendars in Dari and says which was chosen', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('date-input', { calendar: 'solar-hijri' }, { lang: 'fa' })
    t.equal(await s.text('.calendar-switch legend'), fa['date.calendar'])
    t.ok(await s.page.getByLabel(fa['date.solarHijri']).isChecked(), 'Solar Hijri is chosen')
    await s.page.getByLabel(fa['date.gregorian']).check()
    t.same((await s.recorded()).values.calendar, ['gregorian'])
    await s.page.waitForFunction((hint) => document.querySelector('.hint')?.textContent === hint, fa['date.hintGregorian'])
    t.equal(await s.text('.hint'), fa['date.hintGregorian'], 'the hint follows the calendar')
    t.equal(await s.page.getAttribute(INPUT, 'placeholder'), '2024-08-14')
  })
})
