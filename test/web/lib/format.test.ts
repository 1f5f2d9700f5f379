import t from 'tap'
import { formatBytes, formatNumber, monthKeyLabel } from '../../../web/src/lib/format.ts'

t.test('numbers are grouped and written in the reader’s digits', async (t) => {
  const cases: [number, 'en' | 'fa' | 'ps', string][] = [
    [0, 'en', '0'],
    [1234567, 'en', '1,234,567'],
    [1234567, 'fa', '۱,۲۳۴,۵۶۷'],
    [2.345, 'ps', '۲.۳۵'],
    [12, 'fa', '۱۲']
  ]
  for (const [n, lang, want] of cases) t.equal(formatNumber(n, lang), want, `${n} in ${lang}`)
})

t.test('sizes use binary units, named in the reader’s language', async (t) => {
  const cases: [number, 'en' | 'fa' | 'ps', string][] = [
    [0, 'en', '0 bytes'],
    [1023, 'en', '1023 bytes'],
    [1024, 'en', '1.0 KB'],
    [1536, 'en', '1.5 KB'],
    [10 * 1024, 'en', '10 KB'],
    [5 * 1024 ** 2, 'fa', '۵.۰ مگابایت'],
    [3 * 1024 ** 3, 'ps', '۳.۰ ګیګابایټ'],
    [2048 * 1024 ** 4, 'en', '2048 TB']
  ]
  for (const [n, lang, want] of cases) t.equal(formatBytes(n, lang), want, `${n} in ${lang}`)
})

t.test('a month key keeps its form, in the reader’s digits', async (t) => {
  t.equal(monthKeyLabel('2026-01', 'en'), '2026-01')
  t.equal(monthKeyLabel('2026-01', 'fa'), '۲۰۲۶-۰۱')
})
