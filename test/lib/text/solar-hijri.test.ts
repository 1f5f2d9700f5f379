import t from 'tap'
import fc from 'fast-check'
import {
  InvalidDateError,
  SOLAR_HIJRI_MONTHS,
  formatSolarHijri,
  fromSolarHijri,
  isLeapSolarHijriYear,
  isValidSolarHijri,
  parseSolarHijri,
  solarHijriMonthLength,
  solarHijriMonthName,
  toSolarHijri
} from '../../../server/lib/text/solar-hijri.ts'

const DAY_MS = 86_400_000
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

// Independent oracle: ICU's Persian calendar (same arithmetic for 1800–2256).
const icu = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' })
function icuSolarHijri(ms: number): string {
  const parts = Object.fromEntries(icu.formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
  return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`
}

t.test('known conversions', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['2021-08-15', '1400-05-24', 'fall of Kabul, 24 Asad 1400'],
    ['2003-05-01', '1382-02-11', 'start of ICC jurisdiction over Afghanistan'],
    ['2002-07-01', '1381-04-10', 'entry into force of the Rome Statute'],
    ['2020-03-20', '1399-01-01', 'Nowruz 1399'],
    ['2021-03-21', '1400-01-01', 'Nowruz 1400'],
    ['2023-03-21', '1402-01-01', 'Nowruz 1402'],
    ['2024-03-20', '1403-01-01', 'Nowruz 1403'],
    ['2025-03-21', '1404-01-01', 'Nowruz 1404'],
    ['2021-03-20', '1399-12-30', 'last day of leap year 1399'],
    ['2025-03-20', '1403-12-30', 'last day of leap year 1403'],
    ['2023-03-20', '1401-12-29', 'last day of common year 1401'],
    ['2023-08-03', '1402-05-12', 'mid-year'],
    ['2022-12-22', '1401-10-01', '1 Jadi (Yalda night is the eve)']
  ]
  for (const [g, sh, why] of cases) {
    t.equal(toSolarHijri(g), sh, `${g} → ${sh} (${why})`)
    t.equal(fromSolarHijri(sh), g, `${sh} → ${g} (${why})`)
  }
})

t.test('leap years', async (t) => {
  t.ok(isLeapSolarHijriYear(1399))
  t.ok(isLeapSolarHijriYear(1403))
  for (const y of [1400, 1401, 1402, 1404]) t.notOk(isLeapSolarHijriYear(y), `${y} is common`)
  t.equal(solarHijriMonthLength(1403, 12), 30)
  t.equal(solarHijriMonthLength(1402, 12), 29)
  t.equal(solarHijriMonthLength(1402, 1), 31, 'Hamal–Sunbula have 31 days')
  t.equal(solarHijriMonthLength(1402, 7), 30, 'Mizan–Dalw have 30 days')
  t.throws(() => solarHijriMonthLength(1402, 13), InvalidDateError)
  t.throws(() => isLeapSolarHijriYear(0), InvalidDateError)
})

t.test('invalid dates are rejected with a clear error', async (t) => {
  const err = (() => {
    try {
      fromSolarHijri('1402-12-30')
    } catch (e) {
      return e
    }
    return undefined
  })()
  t.ok(err instanceof InvalidDateError, 'InvalidDateError')
  t.equal((err as InvalidDateError).code, 'SANAD_ERR_DATE_INVALID')
  t.equal((err as InvalidDateError).input, '1402-12-30')
  t.match((err as Error).message, /1402 is not a leap year/)

  for (const bad of [
    '1400-12-30',
    '1402-12-30',
    '1400-13-01',
    '1400-00-10',
    '1400-07-31',
    '1400-01-32',
    '1400-01-00',
    '0000-01-01',
    'abc',
    '',
    '14000-01-01',
    '1400-01/01',
    '1400_01_01',
    '1400-01-01T00:00'
  ]) {
    t.notOk(isValidSolarHijri(bad), `${JSON.stringify(bad)} is invalid`)
    t.throws(() => fromSolarHijri(bad), InvalidDateError)
  }
  for (const bad of ['2021-02-29', '2021-13-01', '2021-04-31', '21-08-15', 'yesterday', '1900-02-29']) {
    t.throws(() => toSolarHijri(bad), InvalidDateError, `Gregorian ${bad}`)
  }
  t.equal(toSolarHijri('2020-02-29'), '1398-12-10', 'Gregorian leap day is fine')
  t.throws(() => toSolarHijri(new Date('nonsense')), InvalidDateError)
})

t.test('Persian and Arabic-Indic digits and other separators are accepted', async (t) => {
  t.ok(isValidSolarHijri('۱۴۰۲-۰۵-۱۲'))
  t.equal(fromSolarHijri('۱۴۰۲-۰۵-۱۲'), '2023-08-03')
  t.equal(fromSolarHijri('١٤٠٢/٠٥/١٢'), '2023-08-03', 'Arabic-Indic digits, slashes')
  t.equal(fromSolarHijri('1402/5/12'), '2023-08-03', 'unpadded month and day')
  t.equal(fromSolarHijri(' ۱۴۰۰.۰۵.۲۴ '), '2021-08-15', 'dots, surrounding spaces')
  t.equal(toSolarHijri('۲۰۲۱-۰۸-۱۵'), '1400-05-24', 'Gregorian typed with Persian digits')
  t.same(parseSolarHijri('۱۴۰۳-۱۲-۳۰'), { year: 1403, month: 12, day: 30 })
  t.equal(fromSolarHijri({ year: 1400, month: 5, day: 24 }), '2021-08-15')
  t.equal(toSolarHijri(new Date('2021-08-15T23:30:00Z')), '1400-05-24', 'a Date is read in UTC')
})

t.test('month names are the Afghan ones', async (t) => {
  for (const lang of ['fa', 'ps', 'en'] as const) t.equal(SOLAR_HIJRI_MONTHS[lang].length, 12, `${lang} has 12 months`)
  t.same(SOLAR_HIJRI_MONTHS.fa, ['حمل', 'ثور', 'جوزا', 'سرطان', 'اسد', 'سنبله', 'میزان', 'عقرب', 'قوس', 'جدی', 'دلو', 'حوت'])
  t.notOk(SOLAR_HIJRI_MONTHS.fa.includes('فروردین'), 'not the Iranian names')
  t.equal(solarHijriMonthName(5, 'ps'), 'زمری')
  t.equal(solarHijriMonthName(1, 'en'), 'Hamal')
  t.throws(() => solarHijriMonthName(0, 'fa'), InvalidDateError)
  t.throws(() => solarHijriMonthName(1.5, 'fa'), InvalidDateError)
})

t.test('formatSolarHijri', async (t) => {
  t.equal(formatSolarHijri('1400-05-24', 'fa'), '۲۴ اسد ۱۴۰۰')
  t.equal(formatSolarHijri('1400-05-24', 'ps'), '۲۴ زمری ۱۴۰۰')
  t.equal(formatSolarHijri('1400-05-24', 'en'), '24 Asad 1400')
  t.equal(formatSolarHijri('1400-05-24', 'fa', { digits: 'latin' }), '24 اسد 1400')
  t.equal(formatSolarHijri({ year: 1403, month: 12, day: 30 }, 'en'), '30 Hut 1403')
  t.equal(formatSolarHijri(new Date(Date.UTC(2021, 7, 15)), 'fa'), '۲۴ اسد ۱۴۰۰', 'a Date is converted first')
  t.throws(() => formatSolarHijri('1402-12-30', 'fa'), InvalidDateError)
})

t.test('property: Gregorian → Solar Hijri agrees with ICU and round-trips', async () => {
  const min = Date.UTC(1900, 0, 1) / DAY_MS
  const max = Date.UTC(2100, 11, 31) / DAY_MS
  fc.assert(
    fc.property(fc.integer({ min, max }), (day) => {
      const g = isoOf(day * DAY_MS)
      const sh = toSolarHijri(g)
      return sh === icuSolarHijri(day * DAY_MS) && fromSolarHijri(sh) === g && isValidSolarHijri(sh)
    }),
    { numRuns: 2000 }
  )
})

t.test('property: Solar Hijri → Gregorian → Solar Hijri', async () => {
  const shDate = fc
    .record({ year: fc.integer({ min: 1300, max: 1500 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .filter(({ year, month, day }) => day <= solarHijriMonthLength(year, month))
  fc.assert(
    fc.property(shDate, ({ year, month, day }) => {
      const sh = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
      return toSolarHijri(fromSolarHijri(sh)) === sh
    }),
    { numRuns: 2000 }
  )
})

t.test('property: consecutive Gregorian days are consecutive Solar Hijri days', async () => {
  const min = Date.UTC(1950, 0, 1) / DAY_MS
  const max = Date.UTC(2050, 0, 1) / DAY_MS
  fc.assert(
    fc.property(fc.integer({ min, max }), (day) => {
      const a = parseSolarHijri(toSolarHijri(isoOf(day * DAY_MS)))
      const b = parseSolarHijri(toSolarHijri(isoOf((day + 1) * DAY_MS)))
      if (b.day === a.day + 1) return b.month === a.month && b.year === a.year
      // Month or year rolled over: a was the last day of its month.
      return (
        b.day === 1 &&
        a.day === solarHijriMonthLength(a.year, a.month) &&
        (b.month === a.month + 1 || (a.month === 12 && b.month === 1 && b.year === a.year + 1))
      )
    }),
    { numRuns: 2000 }
  )
})

t.test('Nowruz (1 Hamal) falls on 20–22 March, and since 1340 (1961) on 20 or 21 March', async (t) => {
  let checked = 0
  for (let y = 1300; y <= 1450; y++, checked++) {
    const g = fromSolarHijri(`${y}-01-01`)
    const ok = y >= 1340 ? /^\d{4}-03-2[01]$/.test(g) : /^\d{4}-03-2[012]$/.test(g)
    if (!ok) t.fail(`Nowruz ${y} = ${g}`)
  }
  t.equal(checked, 151)
})
