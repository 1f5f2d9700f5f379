import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

/**
 * SHA-256 (hex) of the salt and the comment's UTF-8 bytes: the content hash covers the text without
 * the ledger (or anyone holding only the ledger) being able to guess a short comment back.
 */
export function commentBodyDigest(saltHex: string, body: string): string {
  return createHash('sha256').update(Buffer.from(saltHex, 'hex')).update(body, 'utf8').digest('hex')
}

export type CommentContent = {
  id: string
  incidentId: string
  evidenceId: string | null
  author: string
  bodyDigest: string
  /** Accounts notified, as `user:<id>`, sorted. */
  mentions: string[]
  createdAt: string
}

/** SHA-256 (hex) of the comment's RFC 8785 bytes: what its `comment-posted` ledger entry carries. */
export function commentContentSha256(c: CommentContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        kind: 'comment',
        id: c.id,
        incidentId: c.incidentId,
        evidenceId: c.evidenceId,
        author: c.author,
        bodyDigest: c.bodyDigest,
        mentions: [...c.mentions].sort(),
        createdAt: c.createdAt
      })
    )
    .digest('hex')
}
