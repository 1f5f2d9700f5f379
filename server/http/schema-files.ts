import { readdirSync, readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas')

/** Every JSON Schema in schemas/, parsed; the same files drive validation, OpenAPI, types and the ledger's details check. */
export function loadSchemas(): Array<{ $id: string } & Record<string, unknown>> {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')))
}
