// Browser-side validation with the server's own JSON Schemas (compiled at build time). The server
// validates again and decides; this only lets people fix mistakes before sending.

import * as validators from 'virtual:schema-validators'
import type { SchemaError, Validate } from 'virtual:schema-validators'
import type { MessageKey, Vars } from './i18n/index.ts'

export type FieldErrors = Record<string, string>
export type SchemaName = Exclude<keyof typeof validators, 'default'>

/** Field path of an error, dotted: "occurred.from", "perpetrators.0.type". */
function pathOf(e: SchemaError): string {
  const base = e.instancePath.replace(/^\//, '').replaceAll('/', '.')
  if (e.keyword === 'required') return [base, String(e.params.missingProperty)].filter(Boolean).join('.')
  if (e.keyword === 'additionalProperties') return [base, String(e.params.additionalProperty)].filter(Boolean).join('.')
  if (e.keyword === 'dependencies' || e.keyword === 'dependentRequired')
    return [base, String(e.params.missingProperty)].filter(Boolean).join('.')
  return base
}

function messageOf(e: SchemaError, t: (k: MessageKey, v?: Vars) => string): string {
  switch (e.keyword) {
    case 'required':
    case 'dependencies':
      return t('validation.required')
    case 'minLength':
      return Number(e.params.limit) <= 1 ? t('validation.required') : t('validation.minLength', { n: Number(e.params.limit) })
    case 'maxLength':
      return t('validation.maxLength', { n: Number(e.params.limit) })
    case 'minimum':
      return t('validation.minimum', { n: Number(e.params.limit) })
    case 'maximum':
      return t('validation.maximum', { n: Number(e.params.limit) })
    case 'minItems':
      return t('validation.minItems', { n: Number(e.params.limit) })
    case 'maxItems':
      return t('validation.maxItems', { n: Number(e.params.limit) })
    case 'pattern':
      return t('validation.pattern')
    case 'enum':
      return t('validation.enum')
    case 'type':
      return t('validation.type')
    case 'uniqueItems':
      return t('validation.unique')
    case 'additionalProperties':
      return t('validation.unknown')
    default:
      return t('validation.invalid')
  }
}

/** Validates `data` against a schema; returns the errors by field (empty when valid). */
export function validate(schema: SchemaName, data: unknown, t: (k: MessageKey, v?: Vars) => string): FieldErrors {
  const fn = validators[schema] as Validate
  // ajv fills defaults and coerces types in place: validate a copy, send what the user entered.
  if (fn(structuredClone(data))) return {}
  const out: FieldErrors = {}
  for (const e of fn.errors ?? []) {
    const path = pathOf(e) || '_'
    if (!(path in out)) out[path] = messageOf(e, t)
  }
  return out
}
