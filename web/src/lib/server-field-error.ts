// A refusal from the server that names a field (`field` of the error body) shown at that field's
// visible label, never the schema path: the forms of #18 use it beside their own checks.

import { ApiError } from '../api.ts'
import type { MessageKey } from '../i18n/index.ts'
import type { FieldErrors } from '../validation.ts'

/** The server's error as form errors by field, or null when it names no field (shown as a whole). */
export function serverFieldErrors(err: unknown, t: (k: MessageKey) => string): FieldErrors | null {
  if (!(err instanceof ApiError) || !err.field) return null
  const key = `error.${err.code}` as MessageKey
  const translated = err.code === 'SANAD_ERR_VALIDATION' ? key : t(key)
  return { [err.field]: translated === key ? t('validation.invalid') : translated }
}
