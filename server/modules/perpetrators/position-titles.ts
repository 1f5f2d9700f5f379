import type { Sqlite } from '../../db/open.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import { decryptField, encryptField, envelopeKeyId, type FieldContext, type FieldKey } from '../../lib/crypto/field-crypto.ts'
import { positionContentSha256 } from '../../lib/analysis/involvements.ts'
import { positionTitleRepo } from './repo.ts'

/**
 * A position's title ("commander of the Jaghori district police") can name the person who held it, so it
 * is sealed like a person's identifying fields: an AES-GCM envelope under the master key, bound to its
 * row (server/lib/crypto/field-crypto.ts). Its content hash covers the envelope, never the title, so the
 * ledger holds nothing a guessed title could be checked against; a new envelope (key rotation, the
 * migration of titles stored in clear) is recorded as `position-resealed` with the new hash.
 */

export const positionTitleContext = (positionId: string): FieldContext => ({ table: 'positions', column: 'title', rowId: positionId })

export function sealTitle(key: FieldKey, positionId: string, title: string): string {
  return encryptField(key, positionTitleContext(positionId), title)
}

export function openTitle(key: FieldKey, positionId: string, stored: string): string {
  return decryptField(key, positionTitleContext(positionId), stored)
}

type PositionRecord = {
  seq: number
  id: string
  person: string
  organisation: string
  title: string
  fromDate: string | null
  toDate: string | null
  createdAt: string
  createdBy: string
}

/** How many positions still hold their title in clear (written before titles were sealed). */
export function unsealedTitleCount(sqlite: Sqlite): number {
  return positionTitleRepo(sqlite).unsealedCount()
}

/** Records a position's new envelope: its content hash, a `position-resealed` entry, the row pointing at it. */
function recordResealed(sqlite: Sqlite, ledger: LedgerAppend, p: PositionRecord, envelope: string): void {
  const contentSha256 = positionContentSha256({
    id: p.id,
    person: p.person,
    organisation: p.organisation,
    title: envelope,
    from: p.fromDate ?? undefined,
    to: p.toDate ?? undefined,
    createdAt: p.createdAt,
    createdBy: p.createdBy
  })
  const { index } = ledger.append({
    type: 'position-resealed',
    actor: 'system',
    subject: { kind: 'organisation', id: p.organisation },
    details: { position: p.id, keyId: envelopeKeyId(envelope), contentSha256 }
  })
  positionTitleRepo(sqlite).setTitle(p.seq, envelope, contentSha256, index)
}

/**
 * The migration step (`npm run migrate`, with the master key): seals every title stored in clear and
 * records each as resealed, in one transaction. Does nothing when every title is sealed.
 */
export function sealPositionTitles(sqlite: Sqlite, key: FieldKey, ledger: LedgerAppend): number {
  if (unsealedTitleCount(sqlite) === 0) return 0
  return sqlite
    .transaction(() => {
      const rows = positionTitleRepo(sqlite).records('clear') as PositionRecord[]
      for (const p of rows) recordResealed(sqlite, ledger, p, sealTitle(key, p.id, p.title))
      return rows.length
    })
    .immediate()
}

/**
 * After a key rotation re-encrypted the titles (inside its transaction): each position's content hash
 * covers its new envelope, so record it. A title still in clear is left to the migration step.
 */
export function recordResealedPositions(sqlite: Sqlite, ledger: LedgerAppend): void {
  for (const p of positionTitleRepo(sqlite).records('sealed') as PositionRecord[]) recordResealed(sqlite, ledger, p, p.title)
}
