import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { PatternInput } from '../../types/schemas.ts'
import { categoryById, provinceByCode } from '../../lib/context/afghan-context.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import { patternRepo, type PatternRow } from './repo.ts'

export type Pattern = PatternInput & { id: string; reference: string; revision: number; createdAt: string; updatedAt: string }

export function patternService(deps: { db: Db; sqlite: Sqlite; ledger: LedgerAppend; now?: () => Date }) {
  const repo = patternRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function check(input: PatternInput): void {
    for (const id of input.categories ?? []) {
      if (!categoryById(id)) fail('SANAD_ERR_CATEGORY_UNKNOWN', `Unknown violation category "${id}"`, { field: 'categories' })
    }
    for (const code of input.attack?.provinces ?? []) {
      if (!provinceByCode(code)) fail('SANAD_ERR_PROVINCE_UNKNOWN', `Unknown province "${code}"`, { field: 'attack.provinces' })
    }
  }

  function present(row: PatternRow): Pattern {
    return {
      ...(row.document as PatternInput),
      id: row.id,
      reference: row.reference,
      revision: row.revision,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  return {
    create(input: PatternInput, actor: string): Pattern {
      check(input)
      const at = now()
      return present(
        deps.sqlite.transaction(() => {
          const year = at.slice(0, 4)
          const row = repo.insert({
            id: randomUUID(),
            reference: `SND-P-${year}-${String(repo.nextReference(`pattern-${year}`)).padStart(4, '0')}`,
            title: input.title,
            revision: 1,
            document: input,
            createdAt: at,
            createdBy: actor,
            updatedAt: at
          })
          repo.insertRevision({ patternSeq: row.seq, revision: 1, document: input, actor, reason: null, createdAt: at })
          deps.ledger.append({
            type: 'pattern-created',
            actor,
            subject: { kind: 'pattern', id: row.id },
            details: { reference: row.reference }
          })
          return row
        })()
      )
    },
    replace(id: string, input: PatternInput, actor: string, reason?: string): Pattern {
      check(input)
      const at = now()
      return present(
        deps.sqlite.transaction(() => {
          const row = repo.byId(id)
          if (!row) fail('SANAD_ERR_NOT_FOUND', 'No such pattern.')
          const revision = row.revision + 1
          repo.update(row.seq, { title: input.title, document: input, revision, updatedAt: at })
          repo.insertRevision({ patternSeq: row.seq, revision, document: input, actor, reason: reason ?? null, createdAt: at })
          deps.ledger.append({ type: 'pattern-revised', actor, subject: { kind: 'pattern', id: row.id }, details: { revision } })
          return repo.byId(id) as PatternRow
        })()
      )
    },
    exists(id: string): boolean {
      return repo.byId(id) !== undefined
    },

    get(id: string): Pattern {
      const row = repo.byId(id)
      if (!row) fail('SANAD_ERR_NOT_FOUND', 'No such pattern.')
      return present(row)
    },
    list(): { items: Pattern[] } {
      return { items: repo.list().map(present) }
    }
  }
}

export type PatternService = ReturnType<typeof patternService>
