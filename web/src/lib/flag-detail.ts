// Consistency flags of an exhibit explained in the reader's language: the server gives each flag's
// facts (params) beside its English message (server/lib/media/flags.ts); the catalogues hold one
// template per flag and variant.

import { en } from '../i18n/en.ts'
import { translate, type Lang, type MessageKey } from '../i18n/index.ts'
import { bothCalendars, toNativeDigits } from './dates.ts'

// Unicode isolates: a Latin run (a time zone, a program's name, a file type) inside a right-to-left
// sentence keeps its own left-to-right order and does not pull the words around it out of place.
const LRI = '\u2066'
const PDI = '\u2069'

/** A Latin run isolated for a Dari or Pashto sentence (left alone in English or with no Latin in it). */
export function isolateLatin(text: string, lang: Lang): string {
  return lang === 'en' || !/[A-Za-z0-9]/.test(text) ? text : `${LRI}${text}${PDI}`
}

// A recorded time as the server states it (server/lib/media/flags.ts): ISO local time with its offset,
// 'Z', or none, and then perhaps a note on the zone.
const RECORDED =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?(?: \((time zone unknown|UTC; local time zone unknown)\))?$/

/**
 * A recorded time in the reader's calendar and digits, the time and zone isolated ('۲۳ سنبله ۱۴۰۲
 * ⁦۰۸:۱۲ UTC+۰۴:۳۰⁩'); the server's English note on an unknown zone in the reader's language.
 */
function recordedIn(value: string, lang: Lang): string | null {
  const m = RECORDED.exec(value)
  if (!m) return null
  const zone = m[3] === undefined ? '' : m[3] === 'Z' ? ' UTC' : ` UTC${m[3]}`
  const note =
    m[4] === undefined ? '' : ` (${translate(lang, m[4] === 'time zone unknown' ? 'exhibit.localTime' : 'flagTime.utcLocalUnknown')})`
  return `${bothCalendars(m[1]!, lang).primary} ${isolateLatin(toNativeDigits(`${m[2]}${zone}`, lang), lang)}${note}`
}

/**
 * The server's explanation of a flag in the reader's language, from the facts it gives (params):
 * the template for the flag (and its variant: before/after, minutes/hours/days, what is missing).
 * Flags raised before the facts were kept have none: their English message is shown as it is.
 */
export function flagDetail(code: string | undefined, params: Record<string, string | number | undefined>): MessageKey | null {
  const variant = params.side ?? params.unit ?? params.missing
  const key = `mediaFlag.${code ?? ''}.detail${variant === undefined ? '' : `.${variant}`}`
  return key in en ? (key as MessageKey) : null
}

/**
 * The facts as the reader writes them: dates and recorded times in the reader's calendar, numbers in
 * their digits, and any other Latin text (a program, a file type) isolated in a right-to-left sentence.
 */
export function flagVars(params: Record<string, string | number | undefined>, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue
    if (typeof v === 'number') out[k] = v
    else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) out[k] = bothCalendars(v, lang).primary
    else out[k] = recordedIn(v, lang) ?? isolateLatin(v, lang)
  }
  return out
}
