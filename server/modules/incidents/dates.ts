import { fail } from '../../errors.ts'
import { fromSolarHijri, toSolarHijri } from '../../lib/text/solar-hijri.ts'
import type { OccurredInput, Precision } from '../../types/schemas.ts'

export type StoredOccurred = {
  from: string
  to: string
  precision: Precision
  enteredAs: 'gregorian' | 'solar-hijri'
}

const DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/g

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII, so dates typed on a Dari keyboard parse. */
export function asciiDigits(s: string): string {
  return s.replace(DIGITS, (d) => String(d.charCodeAt(0) & 0xf))
}

export function isValidGregorian(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === date
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Last day of the month or year that `date` (Gregorian) opens, counted in the calendar it was entered in. */
function periodEnd(date: string, precision: 'month' | 'year', calendar: 'gregorian' | 'solar-hijri'): string {
  if (calendar === 'gregorian') {
    const [y, m] = date.split('-').map(Number) as [number, number]
    const next = precision === 'month' ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y + 1, 0, 1))
    return addDays(next.toISOString().slice(0, 10), -1)
  }
  const [y, m] = toSolarHijri(date).split('-').map(Number) as [number, number]
  const nextStart = precision === 'month' ? (m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`) : `${y + 1}-01-01`
  return addDays(fromSolarHijri(nextStart), -1)
}

function toGregorian(value: string, calendar: 'gregorian' | 'solar-hijri', field: string): string {
  const ascii = asciiDigits(value.trim())
  if (calendar === 'solar-hijri') {
    try {
      return fromSolarHijri(ascii)
    } catch {
      fail('SANAD_ERR_DATE_INVALID', `occurred.${field} "${value}" is not a valid Solar Hijri date (YYYY-MM-DD)`, {
        field: `occurred.${field}`
      })
    }
  }
  if (!isValidGregorian(ascii)) {
    fail('SANAD_ERR_DATE_INVALID', `occurred.${field} "${value}" is not a valid Gregorian date (YYYY-MM-DD)`, {
      field: `occurred.${field}`
    })
  }
  return ascii
}

/**
 * Turns the date as a documenter entered it (either calendar, any precision) into a Gregorian range.
 * A month or year without an end becomes that whole month or year, so date filters find it.
 */
export function normaliseDateRange(input: OccurredInput): StoredOccurred {
  const calendar = input.calendar ?? 'gregorian'
  const from = toGregorian(input.from, calendar, 'from')
  let to = input.to !== undefined ? toGregorian(input.to, calendar, 'to') : undefined
  let precision: Precision = input.precision ?? (to !== undefined && to !== from ? 'range' : 'day')
  if (to === undefined && (precision === 'month' || precision === 'year')) to = periodEnd(from, precision, calendar)
  to ??= from
  if (to < from) fail('SANAD_ERR_DATE_INVALID', 'occurred.to is before occurred.from', { field: 'occurred.to' })
  if (precision === 'day' && to !== from) precision = 'range'
  return { from, to, precision, enteredAs: calendar }
}
