import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import { mayReadExhibitIncident } from '../../lib/protection/need-to-know.ts'
import {
  currentReferences,
  duplicateExhibits,
  importContent,
  importDigest,
  type RecipientReference
} from '../../lib/export/recipient-references.ts'
import type { RecipientReferences, RecipientReferencesInput } from '../../types/schemas.ts'
import { recipientReferencesRepo } from './repo.ts'

export type RecipientReferencesDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
  now?: () => Date
}

/**
 * The recipient's own reference numbers (e.g. ICC ERNs) imported back per exhibit of a case (#17
 * item 7). Each import is a row holding its whole content and a `recipient-references-imported`
 * ledger entry with the case, the import's number, the count and the RFC 8785 SHA-256 of the content
 * (the references themselves never enter the ledger). The next dossier prints them.
 */
export function recipientReferencesService(deps: RecipientReferencesDeps) {
  const repo = recipientReferencesRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function mustCase(id: string): { seq: number; id: string } {
    const c = repo.caseOf(id)
    if (!c) fail('SANAD_ERR_CASE_NOT_FOUND')
    return c
  }

  function view(c: { seq: number; id: string }): RecipientReferences {
    const imports = repo.imports(c.seq)
    const current = currentReferences(imports)
    return {
      caseId: c.id,
      imports: imports.length,
      references: [...current.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([exhibitId, r]) => ({
          exhibitId,
          reference: r.reference,
          importedAt: r.from.createdAt,
          importedBy: r.from.actor,
          ledgerIndex: r.from.ledgerIndex
        }))
    }
  }

  return {
    get(caseId: string): RecipientReferences {
      return view(mustCase(caseId))
    },

    /** Sets the references given (others are kept); every exhibit must be one of the case's, readable by the importer. */
    import(caseId: string, input: RecipientReferencesInput, viewer: Viewer): RecipientReferences {
      return deps.sqlite
        .transaction(() => {
          const c = mustCase(caseId)
          const refs: RecipientReference[] = input.references
          const twice = duplicateExhibits(refs)
          if (twice.length > 0) fail('SANAD_ERR_VALIDATION', `Exhibit ${twice[0]} is given more than once.`, { field: 'references' })
          const exhibits = repo.exhibitsOfCase(
            c.seq,
            refs.map((r) => r.exhibitId)
          )
          for (const r of refs) {
            const ex = exhibits.get(r.exhibitId)
            if (ex === undefined)
              fail('SANAD_ERR_EXHIBIT_NOT_IN_CASE', `${r.exhibitId} is not an exhibit of this case.`, { field: 'references' })
            const readable = mayReadExhibitIncident(ex, viewer, deps.hasClearance)
            if (!readable) fail('SANAD_ERR_NEED_TO_KNOW')
          }
          const content = importContent(c.id, refs)
          const digest = importDigest(content)
          const number = repo.imports(c.seq).length + 1
          const source = input.source ?? 'api'
          const { index } = deps.ledger.append({
            type: 'recipient-references-imported',
            actor: viewer.actor,
            subject: { kind: 'case', id: c.id, sha256: digest.sha256 },
            details: { import: number, count: refs.length, contentSha256: digest.sha256, source }
          })
          repo.insert({
            caseSeq: c.seq,
            content: digest.text,
            contentSha256: digest.sha256,
            count: refs.length,
            source,
            actor: viewer.actor,
            createdAt: now(),
            ledgerIndex: index
          })
          return view(c)
        })
        .immediate()
    }
  }
}

export type RecipientReferencesService = ReturnType<typeof recipientReferencesService>

/** The current recipient reference of each exhibit of a case, by stable id (what its next dossier prints). */
export function recipientReferencesOfCase(db: Db, caseId: string): Map<string, string> {
  return new Map([...currentReferences(recipientReferencesRepo(db).importsOfCaseId(caseId)).entries()].map(([id, r]) => [id, r.reference]))
}
