import t from 'tap'
import { bothCalendars, formatGregorian, formatSolarHijriOf, isoIn, toGregorianIso, toLatinDigits } from '../../../web/src/lib/dates.ts'

t.test('reads dates typed in either calendar, with Dari digits', async (t) => {
  t.equal(toGregorianIso('۱۴۰۰-۰۵-۲۴', 'solar-hijri'), '2021-08-15')
  t.equal(toGregorianIso('1400/5/24', 'solar-hijri'), '2021-08-15')
  t.equal(toGregorianIso('2021-08-15', 'gregorian'), '2021-08-15')
  t.equal(toGregorianIso('1402-12-30', 'solar-hijri'), null, '1402 is not a leap year')
  t.equal(toGregorianIso('2023-02-29', 'gregorian'), null)
  t.equal(toGregorianIso('yesterday', 'gregorian'), null)
  t.equal(toLatinDigits('۱۲٣'), '123')
  t.equal(isoIn('2021-08-15', 'solar-hijri'), '1400-05-24')
})

t.test('shows Solar Hijri first in Dari and Pashto, Gregorian first in English', async (t) => {
  t.same(bothCalendars('2021-08-15', 'fa'), { primary: '۲۴ اسد ۱۴۰۰', secondary: '۱۵ آگست ۲۰۲۱', primaryCalendar: 'solar-hijri' })
  t.equal(bothCalendars('2021-08-15', 'ps').primary, '۲۴ زمری ۱۴۰۰')
  t.same(bothCalendars('2021-08-15', 'en'), { primary: '15 August 2021', secondary: '24 Asad 1400', primaryCalendar: 'gregorian' })
  t.equal(formatGregorian('2021-08', 'en'), 'August 2021')
  t.equal(formatSolarHijriOf('not a date', 'fa'), 'not a date')
})
