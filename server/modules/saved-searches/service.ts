import { randomUUID } from 'node:crypto'
import { Ajv, type ValidateFunction } from 'ajv'
import type { Db } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { SavedSearch, SavedSearchInput, SavedSearchPatch } from '../../types/schemas.ts'
import { loadSchemas } from '../../http/schema-files.ts'
import { decryptField, encryptField, fieldKey, type FieldContext } from '../../lib/crypto/field-crypto.ts'
import { savedSearchesRepo, type SavedSearchRow } from './repo.ts'

export type SavedSearchesDeps = { db: Db; master: Buffer; now?: () => Date }

/** Enough for a team member's daily searches; a bound keeps one account from filling the database. */
export const MAX_SAVED_SEARCHES = 200

let incidentQuery: ValidateFunction | undefined

/**
 * The query string as `GET /api/v1/incidents` would read it, checked against the same schema with the
 * same coercion (numbers and booleans from text; a repeated filter is refused): the normalised string
 * without `?`, or 400 naming `query`.
 */
export function checkedIncidentQuery(text: string): string {
  if (!incidentQuery) {
    const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: 'array', useDefaults: false })
    for (const schema of loadSchemas()) ajv.addSchema(schema)
    incidentQuery = ajv.compile({ $ref: 'incident-query.json#' })
  }
  const params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text)
  const object: Record<string, string | string[]> = {}
  const kept = new URLSearchParams()
  for (const [k, v] of params) {
    if (v === '') continue // an empty filter is no filter (the web app leaves them out too)
    const prior = object[k]
    object[k] = prior === undefined ? v : [...(Array.isArray(prior) ? prior : [prior]), v]
    kept.append(k, v)
  }
  if (!incidentQuery(object)) {
    const first = incidentQuery.errors?.[0]
    const where = first?.instancePath
      ? first.instancePath.slice(1)
      : ((first?.params as { additionalProperty?: string })?.additionalProperty ?? '')
    // Names the filter, not its value (a search word can be a name).
    fail('SANAD_ERR_VALIDATION', `query: ${where ? `filter ${where} ` : ''}${first?.message ?? 'is not an incident search'}`, {
      field: 'query'
    })
  }
  return kept.toString()
}

/**
 * Saved searches of the incident list (#19 item 8), each account's own. The name is free text the owner
 * typed and the query may hold a search word (a name): both are sealed at rest, never in the ledger or
 * an export, and only their owner reads or changes them — another account's id answers 404, as if it
 * did not exist.
 */
export function savedSearchesService(deps: SavedSearchesDeps) {
  const repo = savedSearchesRepo(deps.db)
  const key = fieldKey(deps.master)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()
  const ctx = (id: string, column: 'name' | 'query'): FieldContext => ({ table: 'saved_searches', column, rowId: id })
  const seal = (id: string, column: 'name' | 'query', text: string): string => encryptField(key, ctx(id, column), text)
  const open = (id: string, column: 'name' | 'query', envelope: string): string => decryptField(key, ctx(id, column), envelope)

  function present(row: SavedSearchRow): SavedSearch {
    return {
      id: row.id,
      name: open(row.id, 'name', row.nameEnc),
      query: open(row.id, 'query', row.queryEnc),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  function mustOwn(viewer: Viewer, id: string): SavedSearchRow {
    const row = repo.owned(viewer.userSeq, id)
    if (!row) fail('SANAD_ERR_SAVED_SEARCH_NOT_FOUND')
    return row
  }

  function cleanName(name: string): string {
    const trimmed = name.trim()
    if (trimmed === '') fail('SANAD_ERR_VALIDATION', 'name is empty', { field: 'name' })
    return trimmed
  }

  return {
    list(viewer: Viewer): { items: SavedSearch[] } {
      return { items: repo.ofUser(viewer.userSeq).map(present) }
    },

    create(viewer: Viewer, input: SavedSearchInput): SavedSearch {
      const name = cleanName(input.name)
      const query = checkedIncidentQuery(input.query)
      if (repo.countOf(viewer.userSeq) >= MAX_SAVED_SEARCHES)
        fail('SANAD_ERR_VALIDATION', `At most ${MAX_SAVED_SEARCHES} saved searches per account; delete one first.`)
      const id = randomUUID()
      const at = now()
      repo.insert({
        id,
        userSeq: viewer.userSeq,
        nameEnc: seal(id, 'name', name),
        queryEnc: seal(id, 'query', query),
        createdAt: at,
        updatedAt: at
      })
      return present(mustOwn(viewer, id))
    },

    update(viewer: Viewer, id: string, patch: SavedSearchPatch): SavedSearch {
      const row = mustOwn(viewer, id)
      const set: Partial<Pick<SavedSearchRow, 'nameEnc' | 'queryEnc' | 'updatedAt'>> = { updatedAt: now() }
      if (patch.name !== undefined) set.nameEnc = seal(id, 'name', cleanName(patch.name))
      if (patch.query !== undefined) set.queryEnc = seal(id, 'query', checkedIncidentQuery(patch.query))
      repo.update(row.seq, set)
      return present(mustOwn(viewer, id))
    },

    remove(viewer: Viewer, id: string): void {
      repo.remove(mustOwn(viewer, id).seq)
    }
  }
}

export type SavedSearchesService = ReturnType<typeof savedSearchesService>
