// Solar Hijri (هجری شمسی) dates as Afghanistan writes them, over jalaali-js.
//
// Afghanistan and Iran share the calendar arithmetic (Nowruz at the March
// equinox, same leap years); only the month names differ. Afghanistan uses the
// zodiac names (حمل، ثور …) in Dari and their Pashto equivalents (وری، غویی …).
//
// All dates here are plain calendar dates ('YYYY-MM-DD'), never instants, so no
// time zone is involved. Input may use Persian (۰–۹) or Arabic-Indic (٠–٩)
// digits and '-', '/' or '.' as the separator; output is always ASCII
// 'YYYY-MM-DD', zero-padded.

import { isValidJalaaliDate, jalaaliMonthLength, isLeapJalaaliYear, toGregorian, toJalaali } from 'jalaali-js'
import { foldDigits } from './normalise-text.ts'

export const DATE_INVALID = 'SANAD_ERR_DATE_INVALID'

/** Thrown for any date that does not exist or cannot be parsed. */
export class InvalidDateError extends Error {
  readonly code = DATE_INVALID
  /** The text as it was given. */
  readonly input: string
  constructor(input: string, message: string) {
    super(message)
    this.name = 'InvalidDateError'
    this.input = input
  }
}

export type SolarHijriDate = { year: number; month: number; day: number }
export type CalendarLang = 'fa' | 'ps' | 'en'

/** Month names in Afghan use: Dari, Pashto, and the usual English transliteration of the Dari names. */
export const SOLAR_HIJRI_MONTHS: Readonly<Record<CalendarLang, readonly string[]>> = Object.freeze({
  fa: Object.freeze(['حمل', 'ثور', 'جوزا', 'سرطان', 'اسد', 'سنبله', 'میزان', 'عقرب', 'قوس', 'جدی', 'دلو', 'حوت']),
  ps: Object.freeze(['وری', 'غویی', 'غبرګولی', 'چنګاښ', 'زمری', 'وږی', 'تله', 'لړم', 'لیندۍ', 'مرغومی', 'سلواغه', 'کب']),
  en: Object.freeze(['Hamal', 'Sawr', 'Jawza', 'Saratan', 'Asad', 'Sunbula', 'Mizan', 'Aqrab', 'Qaws', 'Jadi', 'Dalw', 'Hut'])
})

// jalaali-js is exact for Solar Hijri years -61…3177; we accept the positive part.
const MIN_YEAR = 1
const MAX_YEAR = 3177

const DATE_RE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/

type Parts = { y: number; m: number; d: number }

function splitDate(input: string, calendar: string): Parts {
  const match = DATE_RE.exec(foldDigits(input.trim()))
  if (match === null) {
    throw new InvalidDateError(input, `"${input}" is not a ${calendar} date of the form YYYY-MM-DD`)
  }
  return { y: Number(match[1]), m: Number(match[3]), d: Number(match[4]) }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')
const iso = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`

/** Parses and validates a Solar Hijri date; throws InvalidDateError (e.g. 1402-12-30: 1402 is not a leap year). */
export function parseSolarHijri(input: string): SolarHijriDate {
  const { y, m, d } = splitDate(input, 'Solar Hijri')
  if (y < MIN_YEAR || y > MAX_YEAR) {
    throw new InvalidDateError(input, `Solar Hijri year ${y} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`)
  }
  if (!isValidJalaaliDate(y, m, d)) {
    const why = m === 12 && d === 30 ? ` (${y} is not a leap year, so Hut has 29 days)` : ''
    throw new InvalidDateError(input, `"${input}" is not a valid Solar Hijri date${why}`)
  }
  return { year: y, month: m, day: d }
}

/** True if `input` names a real Solar Hijri date (Persian and Arabic-Indic digits accepted). */
export function isValidSolarHijri(input: string): boolean {
  try {
    parseSolarHijri(input)
    return true
  } catch (err) {
    if (err instanceof InvalidDateError) return false
    throw err
  }
}

export function isLeapSolarHijriYear(year: number): boolean {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidDateError(String(year), `Solar Hijri year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`)
  }
  return isLeapJalaaliYear(year)
}

/** Days in a Solar Hijri month: 31 for Hamal–Sunbula, 30 for Mizan–Dalw, 29 or 30 for Hut. */
export function solarHijriMonthLength(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new InvalidDateError(String(month), `Month ${month} is not between 1 and 12`)
  }
  isLeapSolarHijriYear(year) // range check
  return jalaaliMonthLength(year, month)
}

function parseGregorian(input: string): Parts {
  const parts = splitDate(input, 'Gregorian')
  const probe = new Date(Date.UTC(2000, parts.m - 1, parts.d))
  probe.setUTCFullYear(parts.y) // Date.UTC maps years 0–99 to 1900–1999
  if (probe.getUTCFullYear() !== parts.y || probe.getUTCMonth() !== parts.m - 1 || probe.getUTCDate() !== parts.d) {
    throw new InvalidDateError(input, `"${input}" is not a valid Gregorian date`)
  }
  return parts
}

/**
 * Gregorian → Solar Hijri. Takes 'YYYY-MM-DD' (any digits) or a Date, read in
 * UTC. 2021-08-15 → '1400-05-24'.
 */
export function toSolarHijri(gregorian: string | Date): string {
  let parts: Parts
  if (gregorian instanceof Date) {
    if (Number.isNaN(gregorian.getTime())) throw new InvalidDateError(String(gregorian), 'Invalid Date')
    parts = { y: gregorian.getUTCFullYear(), m: gregorian.getUTCMonth() + 1, d: gregorian.getUTCDate() }
  } else {
    parts = parseGregorian(gregorian)
  }
  let j: { jy: number; jm: number; jd: number }
  try {
    j = toJalaali(parts.y, parts.m, parts.d)
  } catch (err) {
    if (err instanceof RangeError) throw new InvalidDateError(String(gregorian), `Year ${parts.y} is outside the supported range`)
    throw err
  }
  if (j.jy < MIN_YEAR) throw new InvalidDateError(String(gregorian), `Year ${parts.y} is before Solar Hijri year ${MIN_YEAR}`)
  return iso(j.jy, j.jm, j.jd)
}

/** Solar Hijri → Gregorian 'YYYY-MM-DD'. '۱۴۰۰-۰۵-۲۴' → '2021-08-15'. */
export function fromSolarHijri(solarHijri: string | SolarHijriDate): string {
  const { year, month, day } =
    typeof solarHijri === 'string' ? parseSolarHijri(solarHijri) : parseSolarHijri(iso(solarHijri.year, solarHijri.month, solarHijri.day))
  const g = toGregorian(year, month, day)
  return iso(g.gy, g.gm, g.gd)
}

/** Month name in Dari (fa), Pashto (ps) or English transliteration (en). */
export function solarHijriMonthName(month: number, lang: CalendarLang): string {
  const name = SOLAR_HIJRI_MONTHS[lang][month - 1]
  if (name === undefined || !Number.isInteger(month)) {
    throw new InvalidDateError(String(month), `Month ${month} is not between 1 and 12`)
  }
  return name
}

const toPersianDigits = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))

export type FormatOptions = {
  /** 'native' (default) writes Dari and Pashto with Persian digits ۰–۹; 'latin' keeps 0–9. */
  digits?: 'native' | 'latin'
}

/**
 * Human-readable Solar Hijri date: '24 Asad 1400' (en), '۲۴ اسد ۱۴۰۰' (fa),
 * '۲۴ زمری ۱۴۰۰' (ps). A string is read as a Solar Hijri date; pass a Date to
 * format a Gregorian instant (its UTC day).
 */
export function formatSolarHijri(date: string | SolarHijriDate | Date, lang: CalendarLang, options: FormatOptions = {}): string {
  const sh =
    date instanceof Date
      ? parseSolarHijri(toSolarHijri(date))
      : typeof date === 'string'
        ? parseSolarHijri(date)
        : parseSolarHijri(iso(date.year, date.month, date.day))
  const text = `${sh.day} ${solarHijriMonthName(sh.month, lang)} ${sh.year}`
  return lang !== 'en' && (options.digits ?? 'native') === 'native' ? toPersianDigits(text) : text
}
