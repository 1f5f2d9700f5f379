// Links of a person to the incidents it belongs to (#18 item 5): the content hash their ledger entries
// carry (`person-created` for the first link, `person-linked` for each further one). Ids, a closed role,
// times and actors only, never a name. `npm run verify` re-derives it from `person_incidents`. Pure.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

/** A person-to-incident link as `person_incidents` stores it. */
export type PersonLinkContent = {
  person: string
  incident: string
  role: string
  linkedAt: string
  linkedBy: string
  removedAt?: string | undefined
  removedBy?: string | undefined
  removalReason?: string | undefined
}

/**
 * SHA-256 (hex) of the link's RFC 8785 bytes. A removal changes the content (removedAt, removedBy,
 * reason), so an entry recording one would hash the link as it then stood.
 */
export function personLinkContentSha256(link: PersonLinkContent): string {
  const content: Record<string, string | number> = {
    v: 1,
    kind: 'person-incident-link',
    person: link.person,
    incident: link.incident,
    role: link.role,
    linkedAt: link.linkedAt,
    linkedBy: link.linkedBy
  }
  if (link.removedAt !== undefined) content.removedAt = link.removedAt
  if (link.removedBy !== undefined) content.removedBy = link.removedBy
  if (link.removalReason !== undefined) content.removalReason = link.removalReason
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}
