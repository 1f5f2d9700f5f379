// Custody events recorded by people (#17 item 4): the closed vocabularies, staff codes, the digest of
// the sealed free fields, the content hash the ledger carries, and the gap between collection and
// upload. Vocabulary after custody_events.json (received, transferred, captured-online,
// physical-sealed) and the Berkeley Protocol (para 153-155, 167: custody starts at collection). Pure.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

export const CUSTODY_EVENT_TYPES = [
  'received',
  'transferred',
  'captured-online',
  'physical-item-sealed',
  'collector-declaration',
  'transcribed-or-translated'
] as const
export type CustodyEventType = (typeof CUSTODY_EVENT_TYPES)[number]

/** A staff code: 2–16 capitals, digits and dashes, given by an admin (never a name). */
export const STAFF_CODE_PATTERN = /^[A-Z0-9-]{2,16}$/

/** Who handed an item over when it is no staff member (HURIDOCS source connection, coarsened). */
export const EXTERNAL_SOURCES = [
  'victim',
  'witness',
  'relative',
  'community-member',
  'partner-organisation',
  'journalist',
  'medical-facility',
  'public-authority',
  'anonymous',
  'other'
] as const

/** What the item came on. */
export const RECEIPT_MEDIA = [
  'original-device',
  'memory-card',
  'usb-drive',
  'optical-disc',
  'paper',
  'messaging-app',
  'email',
  'cloud-link',
  'physical-item',
  'other'
] as const

/** How it was received (custody_events.json `channel`). */
export const RECEIPT_METHODS = ['in-person', 'secure-upload', 'messaging-app', 'email', 'usb-or-media', 'post', 'courier', 'other'] as const

/** How custody moved (custody_events.json `transfer_method`). */
export const TRANSFER_METHODS = ['hand-delivery', 'courier', 'secure-network-transfer', 'encrypted-media', 'other'] as const

export const ONLINE_PLATFORMS = ['facebook', 'x', 'youtube', 'telegram', 'tiktok', 'instagram', 'whatsapp', 'website', 'other'] as const

export const SEAL_ACTIONS = ['sealed', 'seal-broken', 'resealed'] as const

/** What a translation or transcript is of its original (custody_events.json `kind`). */
export const TRANSLATION_KINDS = ['translation', 'transcript', 'transcript-and-translation'] as const

/** How a translation or transcript was made (custody_events.json `method`, machine output always post-edited by a person). */
export const TRANSLATION_METHODS = ['human', 'machine-assisted'] as const

/** Whether a translation is certified (sworn or attested by the translator) or an informal working copy. */
export const TRANSLATION_CERTIFICATIONS = ['informal', 'certified'] as const

/** The declaration texts a collector may sign (the text itself is in the web app and the dossier labels). */
export const DECLARATION_TEMPLATES = ['collector-declaration-v1'] as const

/**
 * The English text of each declaration template: its SHA-256 is part of the content hash, so the
 * wording signed is fixed by the ledger. A new wording is a new template id, never an edit.
 */
export const DECLARATION_TEXTS: Readonly<Record<(typeof DECLARATION_TEMPLATES)[number], string>> = {
  'collector-declaration-v1':
    'I declare that I collected or received this item as recorded, that to my knowledge it has not been altered since it came into my custody, and that the custody events I recorded are true.'
}

export function declarationTextSha256(template: (typeof DECLARATION_TEMPLATES)[number]): string {
  return createHash('sha256').update(DECLARATION_TEXTS[template], 'utf8').digest('hex')
}

/** Closed fields of an event (codes and staff codes): stored as JSON, covered by the content hash. */
export type CustodyCodes = {
  /** The custodian who acted (received it, handed it over, captured it, sealed it, declared). */
  by?: string
  fromStaffCode?: string
  fromSource?: (typeof EXTERNAL_SOURCES)[number]
  toStaffCode?: string
  medium?: (typeof RECEIPT_MEDIA)[number]
  method?: string
  platform?: (typeof ONLINE_PLATFORMS)[number]
  action?: (typeof SEAL_ACTIONS)[number]
  template?: (typeof DECLARATION_TEMPLATES)[number]
  templateSha256?: string
  /** A translation or transcript: the exhibit it renders (id), that exhibit's SHA-256 at the time, and how. */
  originalId?: string
  originalSha256?: string
  kind?: (typeof TRANSLATION_KINDS)[number]
  sourceLanguage?: string
  targetLanguage?: string
  certification?: (typeof TRANSLATION_CERTIFICATIONS)[number]
  /** Who reviewed the translation (staff code). */
  reviewedBy?: string
}

/** Free fields: sealed at rest, never in the ledger (URL, post id, tool and version, seal number, note). */
export type CustodySealed = {
  url?: string
  postId?: string
  tool?: string
  toolVersion?: string
  sealNumber?: string
  note?: string
}

/** SHA-256 (hex) of the salt and the sealed fields' RFC 8785 bytes: binds them without revealing them. */
export function sealedDigest(saltHex: string, sealed: CustodySealed): string {
  return createHash('sha256').update(Buffer.from(saltHex, 'hex')).update(canonicalJson(sealed)).digest('hex')
}

export type CustodyEventContent = {
  id: string
  evidenceId: string
  type: CustodyEventType
  occurredAt: string
  codes: CustodyCodes
  itemSha256?: string | undefined
  sealedDigest: string
  recordedBy: string
  recordedAt: string
}

/** SHA-256 (hex) of the event's RFC 8785 bytes: what its ledger entry carries and `npm run verify` re-derives. */
export function custodyEventContentSha256(e: CustodyEventContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        kind: 'custody-event',
        id: e.id,
        evidenceId: e.evidenceId,
        type: e.type,
        occurredAt: e.occurredAt,
        codes: e.codes,
        ...(e.itemSha256 === undefined ? {} : { itemSha256: e.itemSha256 }),
        sealedDigest: e.sealedDigest,
        recordedBy: e.recordedBy,
        recordedAt: e.recordedAt
      })
    )
    .digest('hex')
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * When an event happened, as given: a day (YYYY-MM-DD) or an RFC 3339 time with its zone. Returns the
 * normalised form (a day stays a day; a time becomes UTC with milliseconds) or null when invalid.
 */
export function normaliseOccurredAt(value: string): string | null {
  const d = DATE.exec(value)
  if (d) {
    const t = new Date(`${value}T00:00:00.000Z`)
    return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== value ? null : value
  }
  const m = DATE_TIME.exec(value)
  if (!m) return null
  const day = `${m[1]}-${m[2]}-${m[3]}`
  const check = new Date(`${day}T00:00:00.000Z`)
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== day) return null
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? '0') > 59) return null
  const t = new Date(value)
  return Number.isNaN(t.getTime()) ? null : t.toISOString()
}

/** Sort key of an occurrence: a day counts from its start. */
export function occurredMs(occurredAt: string): number {
  return new Date(occurredAt.length === 10 ? `${occurredAt}T00:00:00.000Z` : occurredAt).getTime()
}

/** Events in the order they happened (ties: the order they were recorded). */
export function byOccurrence<T extends { occurredAt: string; seq?: number }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => occurredMs(a.occurredAt) - occurredMs(b.occurredAt) || (a.seq ?? 0) - (b.seq ?? 0))
}

/**
 * Whole days between the earliest custody event and the upload (null without an event before it):
 * the dossier prints it so a reader sees how long the item was outside the system.
 */
export function collectionGapDays(events: ReadonlyArray<{ occurredAt: string }>, uploadedAt: string): number | null {
  const up = new Date(uploadedAt).getTime()
  const first = events.map((e) => occurredMs(e.occurredAt)).filter((ms) => ms <= up)
  if (first.length === 0) return null
  return Math.floor((up - Math.min(...first)) / 86_400_000)
}
