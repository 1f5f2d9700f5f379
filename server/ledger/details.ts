import { Ajv, type ValidateFunction } from 'ajv'
import { loadSchemas } from '../http/schema-files.ts'

/**
 * The ledger receives no free text: each entry type's details must match its schema in
 * schemas/ledger-entry-details.json (ids, hashes, counts, dates, closed lists). Checked at every
 * append, so a feature that tried to record a note, a name or a free-text purpose fails loudly
 * instead of writing it where it can never be removed.
 */
// Compiled on first use, each type on its own first use: compiling all of them at the first append cost
// a second of CPU in every process that starts an app, and most processes record a few types only.
let schemas: { ajv: Ajv; types: string[]; byType: Map<string, ValidateFunction>; empty: ValidateFunction } | undefined

function load(): NonNullable<typeof schemas> {
  if (schemas) return schemas
  const ajv = new Ajv({ allErrors: false, strict: false })
  for (const schema of loadSchemas()) ajv.addSchema(schema)
  const details = ajv.getSchema('ledger-entry-details.json')?.schema
  if (!details) throw new Error('schemas/ledger-entry-details.json is not loaded')
  const types = Object.keys((details as { $defs: { types: { properties: Record<string, unknown> } } }).$defs.types.properties)
  schemas = { ajv, types, byType: new Map(), empty: ajv.compile({ type: 'object', additionalProperties: false }) }
  return schemas
}

function validatorFor(type: string): ValidateFunction {
  const { ajv, types, byType, empty } = load()
  if (!types.includes(type)) return empty
  let validate = byType.get(type)
  if (!validate) byType.set(type, (validate = ajv.compile({ $ref: `ledger-entry-details.json#/$defs/types/properties/${type}` })))
  return validate
}

/** Entry types whose details have a schema. */
export function typesWithDetailSchemas(): string[] {
  return [...load().types]
}

/**
 * Throws when `details` do not match the schema of `type` (a type without one takes no details). The
 * message names the type and the failing place, never a value: the value may be the very free text
 * that must not be recorded or logged.
 */
export function checkLedgerDetails(type: string, details: unknown): void {
  const validate = validatorFor(type)
  if (validate(details ?? {})) return
  const first = validate.errors?.[0]
  throw new Error(
    `ledger entry ${type}: details do not match their schema (${first?.instancePath || '/'} ${first?.keyword ?? ''}); free text and unknown fields are never recorded`
  )
}
