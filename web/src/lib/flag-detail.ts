// Consistency flags of an exhibit explained in the reader's language: the server gives each flag's
// facts (params) beside its English message (server/lib/media/flags.ts); the catalogues hold one
// template per flag and variant.

import { en } from '../i18n/en.ts'
import type { Lang, MessageKey } from '../i18n/index.ts'
import { bothCalendars } from './dates.ts'

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

/** The facts as the reader writes them: ISO dates in both calendars' main one, numbers in their digits. */
export function flagVars(params: Record<string, string | number | undefined>, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(params))
    if (v !== undefined) out[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? bothCalendars(v, lang).primary : v
  return out
}
