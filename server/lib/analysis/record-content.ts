// Content hashes the ledger carries for records that change (#17 item 2): incident revisions, person
// snapshots, consent changes and the collection fields of an ingested item. Each is the SHA-256 of
// the record's RFC 8785 bytes, never the content itself: the ledger is shown to auditors and gets no
// free text or personal data. `npm run verify` re-derives each from the database as stored.
// Pure.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

function sha256OfCanonical(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}

/** One revision of an incident as `incident_revisions` stores it. */
export type IncidentRevisionContent = {
  incident: string
  revision: number
  kind: string
  document: unknown
  actor: string
  reason: string | null
  createdAt: string
}

/** SHA-256 (hex) of an incident revision: the whole document (narrative, categories, places), who, when and why. */
export function incidentRevisionSha256(r: IncidentRevisionContent): string {
  return sha256OfCanonical({
    v: 1,
    kind: 'incident-revision',
    incident: r.incident,
    revision: r.revision,
    revisionKind: r.kind,
    // As stored (JSON): members left undefined are not part of the record.
    document: JSON.parse(JSON.stringify(r.document)) as unknown,
    actor: r.actor,
    reason: r.reason,
    createdAt: r.createdAt
  })
}

/**
 * A person as the `persons` row stores it. The identifying fields are their sealed envelopes
 * (field-crypto), not the plaintext: `npm run verify` is run by auditors who hold no master key, so
 * it can only re-derive a hash of what is stored; and a hash of a plaintext name would let anyone
 * holding the ledger test guesses. An envelope is random (IV) and bound to its row and column, so a
 * database edit of any field, an envelope removed or copied from elsewhere, changes this hash. A key
 * rotation re-seals every envelope: it records each person's new hash (`person-resealed`).
 */
export type PersonSnapshot = {
  id: string
  incident: string
  role: string
  pseudonym: string
  protected: boolean
  sensitive: boolean
  deceased: boolean
  revision: number
  createdAt: string
  createdBy: string
  /** Envelope per identifying field present (absent fields left out). */
  sealed: Record<string, string>
}

export function personSnapshotSha256(p: PersonSnapshot): string {
  return sha256OfCanonical({
    v: 1,
    kind: 'person',
    id: p.id,
    incident: p.incident,
    role: p.role,
    pseudonym: p.pseudonym,
    protected: p.protected,
    sensitive: p.sensitive,
    deceased: p.deceased,
    revision: p.revision,
    createdAt: p.createdAt,
    createdBy: p.createdBy,
    sealed: p.sealed
  })
}

/** One consent row (one purpose) as `person_consents` stores it: closed words, dates and actors only. */
export type ConsentRowContent = {
  purpose: string
  granted: boolean
  kind: string
  givenOn: string
  method: string | null
  language: string | null
  interpreter: boolean | null
  givenBy: string | null
  childAssent: boolean | null
  obtainedBy: string
  recordedAt: string
  recordedBy: string
}

/** SHA-256 (hex) of the consent rows one change wrote (in the order written), for one person. */
export function consentChangeSha256(person: string, rows: readonly ConsentRowContent[]): string {
  return sha256OfCanonical({
    v: 1,
    kind: 'consent-change',
    person,
    rows: rows.map((r) => ({
      purpose: r.purpose,
      granted: r.granted,
      kind: r.kind,
      givenOn: r.givenOn,
      method: r.method,
      language: r.language,
      interpreter: r.interpreter,
      givenBy: r.givenBy,
      childAssent: r.childAssent,
      obtainedBy: r.obtainedBy,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy
    }))
  })
}

/** How an item was collected, as the evidence row stores it (source may hold a URL: free text). */
export type CollectionContent = {
  source: { type: string; url?: string } | null
  collectedBy: string | null
  collectedAt: string | null
}

/** SHA-256 (hex) of the collection fields: what the `ingested` entry records beside the closed words. */
export function collectionSha256(c: CollectionContent): string {
  return sha256OfCanonical({ v: 1, kind: 'collection', source: c.source, collectedBy: c.collectedBy, collectedAt: c.collectedAt })
}

/**
 * What the `ingested` entry says of the collection in clear: the source type (a closed word), the
 * collection date (a date, no one's name) and the hash of all collection fields (the URL and the
 * collector's free text stay out of the ledger).
 */
export function collectionDetails(c: CollectionContent): { sourceType?: string; collectedAt?: string; collectionSha256: string } {
  return {
    ...(c.source ? { sourceType: c.source.type } : {}),
    ...(c.collectedAt !== null ? { collectedAt: c.collectedAt } : {}),
    collectionSha256: collectionSha256(c)
  }
}

/**
 * SHA-256 (hex) of an exhibit's description as the `evidence` row stores it: its sealed envelope (or
 * null), like a person's identifying fields — verify needs no master key, and a hash of the free text
 * could be tested against guesses. An envelope is random and bound to its row, so rewriting, removing,
 * planting or replaying an older envelope changes this hash; a key rotation records the new one
 * (`evidence-description-resealed`).
 */
export function descriptionSha256(evidenceId: string, sealed: string | null): string {
  return sha256OfCanonical({ v: 1, kind: 'evidence-description', evidence: evidenceId, sealed })
}

/** SHA-256 (hex) of a case revision's content (its element links, incidents, recipient): RFC 8785 as stored. */
export function caseContentSha256(content: unknown): string {
  return sha256OfCanonical(JSON.parse(JSON.stringify(content)) as unknown)
}
