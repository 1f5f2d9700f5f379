// "Depicts" links from an exhibit to the persons it shows (#17 item 9) and lineage of derivatives
// Sanad makes from an exhibit (a blurred copy): the content hashes their ledger entries carry. Pure.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

/** A depicts link as its content hash covers it: ids, times and actors only (never a name). */
export type DepictsContent = {
  id: string
  evidence: string
  person: string
  createdAt: string
  createdBy: string
  removedAt?: string | undefined
  removedBy?: string | undefined
}

/**
 * SHA-256 (hex) of the link's RFC 8785 bytes. A removal changes the content (removedAt, removedBy),
 * so each ledger entry hashes the link as it then stood.
 */
export function depictsContentSha256(link: DepictsContent): string {
  const content: Record<string, string | number> = {
    v: 1,
    kind: 'evidence-depicts',
    id: link.id,
    evidence: link.evidence,
    person: link.person,
    createdAt: link.createdAt,
    createdBy: link.createdBy
  }
  if (link.removedAt !== undefined) content.removedAt = link.removedAt
  if (link.removedBy !== undefined) content.removedBy = link.removedBy
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}

export const DERIVATIVE_KINDS = ['blurred'] as const
export type DerivativeKind = (typeof DERIVATIVE_KINDS)[number]

/** The lineage of a derivative: from which bytes, to which bytes, how. */
export type DerivativeContent = {
  derivative: string
  source: string
  kind: DerivativeKind
  method: string
  parameters: Record<string, number | string>
  sourceSha256: string
  derivativeSha256: string
  createdAt: string
  createdBy: string
}

/** SHA-256 (hex) of the lineage's RFC 8785 bytes: what the `redacted-copy-made` entry carries. */
export function derivativeContentSha256(d: DerivativeContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        kind: 'evidence-derivative',
        derivative: d.derivative,
        source: d.source,
        derivativeKind: d.kind,
        method: d.method,
        parameters: d.parameters,
        sourceSha256: d.sourceSha256,
        derivativeSha256: d.derivativeSha256,
        createdAt: d.createdAt,
        createdBy: d.createdBy
      })
    )
    .digest('hex')
}
