// Dates as Afghans read them: Solar Hijri by default in Dari and Pashto, Gregorian beside it.
// The calendar arithmetic is the server's own module (server/lib/text/solar-hijri.ts, over jalaali-js),
// shared so that the browser and the server can never disagree about a date.

import {
  fromSolarHijri,
  toSolarHijri,
  formatSolarHijri,
  isValidSolarHijri,
  InvalidDateError
} from '../../../server/lib/text/solar-hijri.ts'

export { fromSolarHijri, toSolarHijri, isValidSolarHijri, InvalidDateError }

export type UiLang = 'en' | 'fa' | 'ps'
export type Calendar = 'gregorian' | 'solar-hijri'

const GREGORIAN_MONTHS: Record<UiLang, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  // Dari and Pashto write the Gregorian months with their English names transliterated.
  fa: ['جنوری', 'فبروری', 'مارچ', 'اپریل', 'می', 'جون', 'جولای', 'آگست', 'سپتمبر', 'اکتوبر', 'نومبر', 'دسامبر'],
  ps: ['جنوري', 'فبروري', 'مارچ', 'اپریل', 'می', 'جون', 'جولای', 'اګست', 'سپتمبر', 'اکتوبر', 'نومبر', 'دسمبر']
}

export const toNativeDigits = (s: string, lang: UiLang): string =>
  lang === 'en' ? s : s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII. */
export const toLatinDigits = (s: string): string =>
  s
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))

/** '2021-08-15' → '15 August 2021' (en) or '۱۵ آگست ۲۰۲۱' (fa). */
export function formatGregorian(iso: string, lang: UiLang): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso)
  if (!m) return iso
  const month = GREGORIAN_MONTHS[lang][Number(m[2]) - 1] ?? m[2]
  const text = m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`
  return toNativeDigits(text, lang)
}

/** A Gregorian 'YYYY-MM-DD' as Solar Hijri text in the language ('24 Asad 1400', '۲۴ اسد ۱۴۰۰'). */
export function formatSolarHijriOf(iso: string, lang: UiLang): string {
  try {
    return formatSolarHijri(toSolarHijri(iso.slice(0, 10)), lang)
  } catch {
    return iso
  }
}

/** Both calendars for one Gregorian date: the language's main calendar first. */
export function bothCalendars(iso: string, lang: UiLang): { primary: string; secondary: string; primaryCalendar: Calendar } {
  const g = formatGregorian(iso, lang)
  const sh = formatSolarHijriOf(iso, lang)
  return lang === 'en'
    ? { primary: g, secondary: sh, primaryCalendar: 'gregorian' }
    : { primary: sh, secondary: g, primaryCalendar: 'solar-hijri' }
}

/** The calendar a language enters and shows dates in by default. */
export const defaultCalendar = (lang: UiLang): Calendar => (lang === 'en' ? 'gregorian' : 'solar-hijri')

/**
 * Reads a date typed in `calendar` (any digits, '-', '/' or '.') and returns the Gregorian
 * 'YYYY-MM-DD', or null when it is not a real date.
 */
export function toGregorianIso(input: string, calendar: Calendar): string | null {
  const text = toLatinDigits(input.trim()).replace(/[/.]/g, '-')
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  if (!m) return null
  const norm = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  try {
    if (calendar === 'solar-hijri') return fromSolarHijri(norm)
    // Round-trips through the Solar Hijri conversion, which validates the Gregorian date.
    toSolarHijri(norm)
    const d = new Date(`${norm}T00:00:00Z`)
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== norm ? null : norm
  } catch {
    return null
  }
}

/**
 * A date typed in either calendar, told apart by its year: Solar Hijri years stay below 1700 until
 * Gregorian 2321, and no Gregorian date Sanad records is that old. Returns 'YYYY-MM-DD' or null.
 */
export function anyCalendarToIso(input: string): string | null {
  const m = /^(\d{4})/.exec(toLatinDigits(input.trim()))
  if (!m) return null
  return toGregorianIso(input, Number(m[1]) < 1700 ? 'solar-hijri' : 'gregorian')
}

/** A date as typed in `calendar`, or in either calendar ('any'), as Gregorian 'YYYY-MM-DD' (null: not a date). */
export const typedToIso = (input: string, calendar: Calendar | 'any'): string | null =>
  calendar === 'any' ? anyCalendarToIso(input) : toGregorianIso(input, calendar)

/** A Gregorian 'YYYY-MM-DD' written in `calendar` as 'YYYY-MM-DD' (ASCII digits). */
export function isoIn(iso: string, calendar: Calendar): string {
  if (calendar === 'gregorian') return iso
  try {
    return toSolarHijri(iso)
  } catch {
    return iso
  }
}

/** A timestamp ('2024-05-01T10:20:30Z') as a date in both calendars and the time (UTC). */
export function formatInstant(value: string, lang: UiLang): string {
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const iso = d.toISOString()
  const both = bothCalendars(iso.slice(0, 10), lang)
  return `${both.primary} (${both.secondary}) ${toNativeDigits(iso.slice(11, 16), lang)} UTC`
}

/**
 * A recorded time as the device wrote it, keeping its offset ('2023-09-14T08:12:45+04:30' →
 * '14 September 2023 (23 Sunbula 1402) 08:12 (UTC+04:30)'): the local time is what a witness
 * would remember, the offset makes it exact.
 */
export function formatRecorded(value: string, lang: UiLang): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value)
  if (!m) return value
  const both = bothCalendars(m[1]!, lang)
  const zone = m[3] === undefined ? '' : m[3] === 'Z' ? ' (UTC)' : ` (UTC${m[3]})`
  return `${both.primary} (${both.secondary}) ${toNativeDigits(m[2]!, lang)}${toNativeDigits(zone, lang)}`
}
