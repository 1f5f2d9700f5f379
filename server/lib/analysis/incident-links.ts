// Typed links between incidents (#18 item 2): the rules a link must obey and the content hash its
// ledger entries carry. Pure: the incidents' categories come in as plain data.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

export const LINK_TYPES = ['connected-to', 'same-event', 'related', 'duplicate-of'] as const
export type LinkType = (typeof LINK_TYPES)[number]

/** Elements of the taxonomy that need a connected crime (persecution's Art. 7(1)(h) connection requirement). */
export const CONNECTED_CRIME_ELEMENTS: ReadonlySet<string> = new Set(['connected-to-other-crime'])

export type LinkRequest = { type: LinkType; category?: string; fromCategory?: string }

/** What the rules need to know of each end. */
export type LinkEnd = { id: string; categories: readonly string[]; retracted: boolean; mergedInto?: string | undefined }

/** Why a link is refused: the field it concerns and a message without any recorded text. */
export type LinkProblem = { field: string; message: string; code: 'validation' | 'category-unknown' | 'conflict' }

/**
 * The problems of a new link from `from` to `to`, or none. `knownCategory` says whether an id is in
 * the taxonomy; `active` are the links either end already has (not removed).
 */
export function linkProblems(
  request: LinkRequest,
  from: LinkEnd,
  to: LinkEnd,
  knownCategory: (id: string) => boolean,
  active: ReadonlyArray<{ type: LinkType; from: string; to: string; category?: string | undefined }>
): LinkProblem[] {
  const out: LinkProblem[] = []
  if (from.id === to.id) out.push({ field: 'to', message: 'An incident cannot be linked to itself.', code: 'validation' })
  if (request.type === 'connected-to') {
    if (request.category === undefined)
      out.push({ field: 'category', message: 'A connected-to link names the connected crime: category.', code: 'validation' })
    else if (!knownCategory(request.category))
      out.push({ field: 'category', message: `Unknown violation category "${request.category}".`, code: 'category-unknown' })
    else if (!to.categories.includes(request.category))
      out.push({ field: 'category', message: 'The linked incident does not carry that category.', code: 'validation' })
  } else if (request.category !== undefined) {
    out.push({ field: 'category', message: 'Only a connected-to link has a category.', code: 'validation' })
  }
  if (request.fromCategory !== undefined) {
    if (request.type !== 'connected-to')
      out.push({ field: 'fromCategory', message: 'Only a connected-to link names a qualification.', code: 'validation' })
    else if (!knownCategory(request.fromCategory))
      out.push({ field: 'fromCategory', message: `Unknown violation category "${request.fromCategory}".`, code: 'category-unknown' })
    else if (!from.categories.includes(request.fromCategory))
      out.push({ field: 'fromCategory', message: 'This incident does not carry that category.', code: 'validation' })
  }
  // Symmetric types are the same link either way round; a connected-to link is the same when it names the same crime.
  const symmetric = request.type === 'same-event' || request.type === 'related'
  const same = active.some(
    (l) =>
      l.type === request.type &&
      ((l.from === from.id && l.to === to.id && (request.type !== 'connected-to' || l.category === request.category)) ||
        (symmetric && l.from === to.id && l.to === from.id))
  )
  if (same) out.push({ field: 'to', message: 'The two incidents already have this link.', code: 'conflict' })
  if (request.type === 'duplicate-of') {
    if (from.retracted || to.retracted) out.push({ field: 'to', message: 'A retracted incident takes part in no merge.', code: 'conflict' })
    if (from.mergedInto !== undefined) out.push({ field: 'to', message: 'This incident is already merged into another.', code: 'conflict' })
    // The survivor must itself survive: no chains, no cycles.
    if (to.mergedInto !== undefined)
      out.push({ field: 'to', message: 'The survivor is itself merged into another incident.', code: 'conflict' })
    if (active.some((l) => l.type === 'duplicate-of' && l.to === from.id))
      out.push({ field: 'to', message: 'Other incidents are merged into this one: merge the survivor instead.', code: 'conflict' })
  }
  return out
}

/** A link as its content hash covers it. */
export type LinkContent = {
  id: string
  from: string
  to: string
  type: LinkType
  category?: string | undefined
  fromCategory?: string | undefined
  createdAt: string
  createdBy: string
  removedAt?: string | undefined
  removedBy?: string | undefined
}

/**
 * SHA-256 (hex) of the link's RFC 8785 bytes: ids, type, categories, times and actors only. A removal
 * changes the content (removedAt, removedBy), so each ledger entry hashes the link as it then stood.
 */
export function linkContentSha256(link: LinkContent): string {
  const content: Record<string, string | number> = {
    v: 1,
    kind: 'incident-link',
    id: link.id,
    from: link.from,
    to: link.to,
    type: link.type,
    createdAt: link.createdAt,
    createdBy: link.createdBy
  }
  if (link.category !== undefined) content.category = link.category
  if (link.fromCategory !== undefined) content.fromCategory = link.fromCategory
  if (link.removedAt !== undefined) content.removedAt = link.removedAt
  if (link.removedBy !== undefined) content.removedBy = link.removedBy
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}
