// The custody ledger entry: its shape, validation and canonical bytes.
//
// An entry's canonical bytes are canonicalJson(entry) (RFC 8785); its Merkle
// leaf hash is SHA-256(0x00 || bytes). Each entry also names the previous
// entry's leaf hash (`prevHash`), so the ledger is both a hash chain (cheap
// sequential check) and an RFC 6962 tree (signed checkpoints and proofs).

import { canonicalJson, parseCanonicalJson, type JsonObject } from './canonical-json.ts'
import { leafHash } from './merkle.ts'

export const ENTRY_VERSION = 1

/** prevHash of entry 0: 64 hex zeros. */
export const ZERO_HASH = '0'.repeat(64)

/**
 * Custody event ids of the reference vocabulary (custody_events.json) mapped
 * to ledger entry types: kebab-case, past tense, and where the project already
 * has a more general name (ingested, derived-copy-made, shared-with-recipient,
 * consent-changed) that name.
 */
export const CUSTODY_EVENT_ENTRY_TYPES = {
  collected: 'collected',
  'captured-online': 'captured-online',
  received: 'received',
  hashed: 'hashed',
  stored: 'ingested',
  'integrity-verified': 'integrity-verified',
  accessed: 'accessed',
  'working-copy-created': 'derived-copy-made',
  'redacted-copy-made': 'redacted-copy-made',
  'transcribed-or-translated': 'transcribed-or-translated',
  verified: 'verified',
  transferred: 'transferred',
  'shared-with-authority': 'shared-with-recipient',
  exported: 'exported',
  'consent-updated': 'consent-changed',
  'classification-changed': 'classification-changed',
  'physical-sealed': 'physical-item-sealed',
  'physical-moved': 'physical-item-moved',
  'security-incident': 'security-incident-recorded',
  restored: 'restored',
  disposed: 'disposed'
} as const

/** Entry types for records (incidents, persons, cases), annotations and the ledger itself. */
export const SYSTEM_ENTRY_TYPES = [
  'annotated',
  'retracted',
  'incident-created',
  'incident-revised',
  // Review before verified: each status change (ids, from, to; never the reviewer's comment), and who reviews.
  'incident-transitioned',
  'incident-assigned',
  // A comment on an incident or exhibit (ids, how many were notified, content hash; never the text).
  'comment-posted',
  // An exhibit marked graphic or unmarked (a boolean).
  'evidence-graphic-marked',
  // An exhibit's descriptive details revised (ids, a reason code, which fields, the collection fields' hash; never the text).
  'evidence-details-revised',
  // A key rotation re-sealed an exhibit's description: the new hash of its sealed envelope.
  'evidence-description-resealed',
  // A CSV export of a search: how many rows and which filters (codes), never the rows.
  'incidents-exported',
  // Typed links between incidents (connected crimes, same event, related, duplicates): ids, type, content hash.
  'incident-linked',
  'incident-link-removed',
  // An exhibit recorded as showing a person, or no longer (#17 item 9): ids and content hash, never a name.
  'depicts-linked',
  'depicts-link-removed',
  // The perpetrators' register and involvement records (#18): ids, closed words, content hash; never a name or title.
  'organisation-recorded',
  'position-recorded',
  // A position's sealed title re-sealed (key rotation, or sealed by the migration step): the new content hash.
  'position-resealed',
  'involvement-recorded',
  'involvement-retracted',
  'pattern-created',
  'pattern-revised',
  // A contextual element assessed on a pattern, or overridden on one of its incidents: ids, closed words, content hash.
  'context-assessed',
  'person-created',
  'person-revised',
  // A key rotation re-sealed a person's identifying fields: the snapshot's new content hash (nothing else changed).
  'person-resealed',
  // A person linked to another incident in a role; an interview recorded (id and hash of its sealed content).
  'person-linked',
  'interview-recorded',
  'case-created',
  'case-revised',
  // Dossier files deleted from the server (by their builder after delivery, or by retention); hashes only.
  'dossier-artefacts-deleted',
  // A dossier's PDF as rendered, before its package is written: the PDF's hash and size, so that the
  // package can carry the PDF's receipt (this entry, proven) under its signed statement.
  'dossier-pdf-issued',
  // The recipient's reference numbers of a case's exhibits imported back: import number, count, content hash.
  'recipient-references-imported',
  // The recipient of a delivered dossier told of a consent withdrawn since: ids, code, date; never the text.
  'consent-notice-sent',
  'key-rotated',
  'checkpoint-signed',
  // Accounts and access (subject: user:<id>; never a username or any other personal data).
  'user-created',
  'user-disabled',
  'user-enabled',
  'password-reset',
  'mfa-reset',
  // An admin set or removed an account's staff code (the name custody events and dossiers use).
  'staff-code-assigned',
  'clearance-granted',
  'clearance-revoked',
  // Four eyes: with two or more active admins a clearance is requested, then approved or rejected by another.
  'clearance-requested',
  'clearance-approved',
  'clearance-rejected',
  // Device keys (subject device:<id>, with the SHA-256 of the public key) and what they sign: `captured`
  // is an item's first custody entry, the device-signed capture record checked on arrival.
  'device-enrolled',
  'device-revoked',
  'captured',
  // A collector's signed declaration about an exhibit (template id and its text's hash, content hash).
  'collector-declared'
] as const

export type EntryType = (typeof CUSTODY_EVENT_ENTRY_TYPES)[keyof typeof CUSTODY_EVENT_ENTRY_TYPES] | (typeof SYSTEM_ENTRY_TYPES)[number]

/** Every accepted entry type: the custody vocabulary plus records and system events. */
export const ENTRY_TYPES: readonly EntryType[] = Object.freeze([
  ...new Set<EntryType>([...Object.values(CUSTODY_EVENT_ENTRY_TYPES), ...SYSTEM_ENTRY_TYPES])
])

const ENTRY_TYPE_SET: ReadonlySet<string> = new Set(ENTRY_TYPES)

export function isEntryType(value: unknown): value is EntryType {
  return typeof value === 'string' && ENTRY_TYPE_SET.has(value)
}

export interface EntrySubject {
  /** What the entry is about, kebab-case: 'evidence', 'incident', 'person', 'case', 'checkpoint', ... */
  kind: string
  id: string
  /** Lowercase hex SHA-256 of the subject's content at this event, when it has content. */
  sha256?: string
}

export interface LedgerEntry {
  v: 1
  index: number
  /** RFC 3339 UTC with milliseconds, e.g. 2025-01-31T12:00:00.000Z. */
  time: string
  type: EntryType
  /** Pseudonymous user id, or 'system'. */
  actor: string
  subject: EntrySubject
  /** Event-specific JSON. Never personal data: the ledger is shown to auditors. */
  details: JsonObject
  /** Hex leaf hash of entry index - 1; ZERO_HASH for index 0. */
  prevHash: string
}

export const LEDGER_ENTRY_INVALID = 'SANAD_ERR_LEDGER_ENTRY_INVALID'

export class LedgerEntryError extends Error {
  readonly code: string
  readonly problems: string[]
  constructor(code: string, problems: string[]) {
    super(`ledger entry: ${problems.join('; ')}`)
    this.name = 'LedgerEntryError'
    this.code = code
    this.problems = problems
  }
}

const HEX64 = /^[0-9a-f]{64}$/
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const RFC3339_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const ENTRY_KEYS = ['actor', 'details', 'index', 'prevHash', 'subject', 'time', 'type', 'v']
const SUBJECT_KEYS = new Set(['kind', 'id', 'sha256'])

/** Formats a Date as the entry time format (always UTC, milliseconds, 'Z'). */
export function formatEntryTime(date: Date): string {
  return date.toISOString()
}

/** True for RFC 3339 UTC timestamps with exactly 3 fractional digits that name a real instant. */
export function isEntryTime(value: unknown): value is string {
  if (typeof value !== 'string' || !RFC3339_MS_UTC.test(value)) return false
  const ms = Date.parse(value)
  // Round-tripping rejects impossible dates such as 2025-02-30 and years < 0.
  return Number.isFinite(ms) && new Date(ms).toISOString() === value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function shortText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256 && !/[\u0000-\u001f\u007f]/.test(value)
}

function subjectProblems(subject: unknown): string[] {
  if (!isPlainObject(subject)) return ['subject must be an object']
  const out: string[] = []
  for (const key of Object.keys(subject)) if (!SUBJECT_KEYS.has(key)) out.push(`subject has unexpected member ${JSON.stringify(key)}`)
  if (typeof subject.kind !== 'string' || !KEBAB.test(subject.kind)) out.push('subject.kind must be a kebab-case word')
  if (!shortText(subject.id)) out.push('subject.id must be a non-empty string of at most 256 characters without control characters')
  if ('sha256' in subject && (typeof subject.sha256 !== 'string' || !HEX64.test(subject.sha256)))
    out.push('subject.sha256 must be 64 lowercase hex digits')
  return out
}

/** Every reason `value` is not a valid LedgerEntry (empty when valid). */
export function entryProblems(value: unknown): string[] {
  if (!isPlainObject(value)) return ['entry must be a JSON object']
  const out: string[] = []
  const keys = Object.keys(value).sort()
  for (const key of keys) if (!ENTRY_KEYS.includes(key)) out.push(`unexpected member ${JSON.stringify(key)}`)
  if (value.v !== ENTRY_VERSION) out.push(`v must be ${ENTRY_VERSION}`)
  if (typeof value.index !== 'number' || !Number.isSafeInteger(value.index) || value.index < 0)
    out.push('index must be a non-negative safe integer')
  if (!isEntryTime(value.time)) out.push('time must be RFC 3339 UTC with milliseconds, e.g. 2025-01-31T12:00:00.000Z')
  if (!isEntryType(value.type)) out.push(`type ${JSON.stringify(value.type)} is not a known entry type`)
  if (!shortText(value.actor)) out.push('actor must be a non-empty string of at most 256 characters without control characters')
  out.push(...subjectProblems(value.subject))
  if (!isPlainObject(value.details)) out.push('details must be a JSON object')
  if (typeof value.prevHash !== 'string' || !HEX64.test(value.prevHash)) out.push('prevHash must be 64 lowercase hex digits')
  else if (value.index === 0 && value.prevHash !== ZERO_HASH) out.push('prevHash of entry 0 must be ZERO_HASH')
  return out
}

/** Throws LedgerEntryError listing every problem unless `value` is a valid entry. */
export function assertEntry(value: unknown): asserts value is LedgerEntry {
  const problems = entryProblems(value)
  if (problems.length > 0) throw new LedgerEntryError(LEDGER_ENTRY_INVALID, problems)
}

/** The entry's canonical bytes: RFC 8785 JSON in UTF-8. Validates first. */
export function entryBytes(entry: LedgerEntry): Buffer {
  assertEntry(entry)
  return canonicalJson(entry)
}

/** The entry's Merkle leaf hash: SHA-256(0x00 || entryBytes(entry)). */
export function entryLeafHash(entry: LedgerEntry): Buffer {
  return leafHash(entryBytes(entry))
}

/**
 * Parses stored bytes back into an entry. Throws CanonicalJsonError when the
 * bytes are not canonical JSON, LedgerEntryError when the JSON is not an entry.
 */
export function parseEntryBytes(bytes: Uint8Array): LedgerEntry {
  const value = parseCanonicalJson(bytes)
  assertEntry(value)
  return value
}

/** Fields the caller chooses; the ledger fills in v, index and prevHash. */
export type EntryInput = Omit<LedgerEntry, 'v' | 'index' | 'prevHash'>

/**
 * Builds the entry that follows `previous` (null for the first entry), with
 * its canonical bytes and leaf hash ready to store.
 */
export function nextEntry(
  previous: { index: number; leafHash: Uint8Array } | null,
  input: EntryInput
): { entry: LedgerEntry; bytes: Buffer; leafHash: Buffer } {
  const entry: LedgerEntry = {
    v: ENTRY_VERSION,
    index: previous === null ? 0 : previous.index + 1,
    time: input.time,
    type: input.type,
    actor: input.actor,
    subject: input.subject,
    details: input.details,
    prevHash: previous === null ? ZERO_HASH : Buffer.from(previous.leafHash).toString('hex')
  }
  const bytes = entryBytes(entry)
  return { entry, bytes, leafHash: leafHash(bytes) }
}
