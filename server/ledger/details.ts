import { Ajv, type ValidateFunction } from 'ajv'
import { loadSchemas } from '../http/schema-files.ts'

/**
 * The ledger receives no free text: each entry type's details must match its schema in
 * schemas/ledger-entry-details.json (ids, hashes, counts, dates, closed lists). Checked at every
 * append, so a feature that tried to record a note, a name or a free-text purpose fails loudly
 * instead of writing it where it can never be removed.
 */
let validators: { byType: Map<string, ValidateFunction>; empty: ValidateFunction } | undefined

function compile(): NonNullable<typeof validators> {
  const ajv = new Ajv({ allErrors: false, strict: false })
  for (const schema of loadSchemas()) ajv.addSchema(schema)
  const details = ajv.getSchema('ledger-entry-details.json')?.schema
  if (!details) throw new Error('schemas/ledger-entry-details.json is not loaded')
  const types = (details as { $defs: { types: { properties: Record<string, unknown> } } }).$defs.types.properties
  const byType = new Map<string, ValidateFunction>()
  for (const type of Object.keys(types)) {
    byType.set(type, ajv.compile({ $ref: `ledger-entry-details.json#/$defs/types/properties/${type}` }))
  }
  return { byType, empty: ajv.compile({ type: 'object', additionalProperties: false }) }
}

/** Entry types whose details have a schema. */
export function typesWithDetailSchemas(): string[] {
  validators ??= compile()
  return [...validators.byType.keys()]
}

/**
 * Throws when `details` do not match the schema of `type` (a type without one takes no details). The
 * message names the type and the failing place, never a value: the value may be the very free text
 * that must not be recorded or logged.
 */
export function checkLedgerDetails(type: string, details: unknown): void {
  validators ??= compile()
  const validate = validators.byType.get(type) ?? validators.empty
  if (validate(details ?? {})) return
  const first = validate.errors?.[0]
  throw new Error(
    `ledger entry ${type}: details do not match their schema (${first?.instancePath || '/'} ${first?.keyword ?? ''}); free text and unknown fields are never recorded`
  )
}
