import type { CaseRecipient } from '../../../types/schemas.ts'
import { ACCESS_PURPOSES } from '../../../lib/protection/access-purposes.ts'
import {
  DECLARATION_TEMPLATES,
  EXTERNAL_SOURCES,
  ONLINE_PLATFORMS,
  RECEIPT_MEDIA,
  RECEIPT_METHODS,
  SEAL_ACTIONS,
  TRANSFER_METHODS,
  TRANSLATION_CERTIFICATIONS,
  TRANSLATION_KINDS,
  TRANSLATION_METHODS
} from '../../../lib/analysis/custody-records.ts'

/**
 * What an export may print of a custody ledger entry. The ledger is append-only, so an entry written
 * with free text (an access `purpose` typed by a user, a delivery's submission reference) stays there
 * for ever; it must not be copied into every later export. Pure.
 *
 * - `shown`: every detail is an id, a hash, a number or a word of a closed vocabulary: the entry's
 *   canonical bytes travel (custody.json) and its details are summarised (PDF).
 * - `hash-only`: the entry may hold free text: only its index, leaf hash and inclusion proof travel;
 *   the PDF shows its time, type and actor but not its details.
 * - `hidden`: a delivery to another recipient: what went where is no business of this recipient; only
 *   its index, leaf hash and proof travel, and the PDF shows no time, type or actor either.
 */
export type CustodyDisclosure = 'shown' | 'hash-only' | 'hidden'

const HEX64 = /^[0-9a-f]{64}$/
const HEX128 = /^[0-9a-f]{128}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]{1,80}$/
// Names of metadata segments a shared copy dropped (JPEG APPn identifiers, PNG chunk types).
const SEGMENT = /^[A-Za-z0-9 ._-]{1,40}$/
const CASE_PURPOSE = /^case:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const PURPOSES: ReadonlySet<string> = new Set(ACCESS_PURPOSES)

type Check = (v: unknown) => boolean
const str =
  (re: RegExp): Check =>
  (v) =>
    typeof v === 'string' && re.test(v)
const oneOf =
  (...words: string[]): Check =>
  (v) =>
    typeof v === 'string' && words.includes(v)
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const bool: Check = (v) => typeof v === 'boolean'
const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.length <= 200 && v.every(check)
const purpose: Check = (v) => typeof v === 'string' && (PURPOSES.has(v) || CASE_PURPOSE.test(v))

const EVENT: Record<string, Check> = {
  event: str(UUID),
  occurredAt: str(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\.\d{3}Z)?$/),
  contentSha256: str(HEX64),
  itemSha256: str(HEX64)
}

/** Entry types whose details are printed, and the closed form of every detail they may carry. */
export const SHOWN_DETAILS: Record<string, Record<string, Check>> = {
  ingested: {
    incident: str(UUID),
    sha512: str(HEX128),
    size: count,
    mediaType: str(MEDIA_TYPE),
    stableId: str(/^SND-E-\d{4}-\d{6}$/),
    declaredSha256Matched: bool,
    sameBytesAs: listOf(str(UUID)),
    // How it was collected: a closed word, a date, the hash of all collection fields (#17 item 2).
    sourceType: oneOf('own-capture', 'messaging-app', 'url-download', 'device-handover', 'other'),
    collectedAt: str(/^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/),
    collectionSha256: str(HEX64),
    // The hash of the description's sealed envelope (never the text).
    descriptionSha256: str(HEX64),
    // A blurred copy Sanad made: the exhibit it was made from (#17 item 9).
    derivedFrom: str(UUID)
  },
  // The lineage of a blurred copy: ids, hashes, a method and its numeric parameters.
  'redacted-copy-made': {
    derivative: str(UUID),
    derivativeStableId: str(/^SND-E-\d{4}-\d{6}$/),
    kind: oneOf('blurred'),
    method: oneOf('pixelate-then-box-blur-v1'),
    parameters: (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v).every((n) => typeof n === 'number' && Number.isSafeInteger(n)),
    sourceSha256: str(HEX64),
    derivativeSha256: str(HEX64),
    contentSha256: str(HEX64)
  },
  'derived-copy-made': {
    variant: oneOf('shared'),
    copySha256: str(HEX64),
    copySize: count,
    method: oneOf('metadata-removed-lossless'),
    removed: listOf(str(SEGMENT))
  },
  accessed: { variant: oneOf('original', 'shared'), servedSha256: str(HEX64), purpose },
  // Custody events recorded by people: codes, the time and hashes only (custody/service.ts).
  received: {
    ...EVENT,
    fromSource: oneOf(...EXTERNAL_SOURCES),
    medium: oneOf(...RECEIPT_MEDIA),
    method: oneOf(...RECEIPT_METHODS)
  },
  transferred: { ...EVENT, method: oneOf(...TRANSFER_METHODS) },
  'captured-online': { ...EVENT, platform: oneOf(...ONLINE_PLATFORMS) },
  'physical-item-sealed': { ...EVENT, action: oneOf(...SEAL_ACTIONS) },
  'collector-declared': { ...EVENT, template: oneOf(...DECLARATION_TEMPLATES), templateSha256: str(HEX64) },
  'transcribed-or-translated': {
    ...EVENT,
    original: str(UUID),
    originalSha256: str(HEX64),
    kind: oneOf(...TRANSLATION_KINDS),
    sourceLanguage: str(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/),
    targetLanguage: str(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/),
    method: oneOf(...TRANSLATION_METHODS),
    certification: oneOf(...TRANSLATION_CERTIFICATIONS)
  }
}

export function custodyDisclosure(entry: { type: string; details: object }, recipient: CaseRecipient): CustodyDisclosure {
  const details = entry.details as Record<string, unknown>
  if (entry.type === 'shared-with-recipient') return details.recipient === recipient ? 'hash-only' : 'hidden'
  const allowed = SHOWN_DETAILS[entry.type]
  if (allowed === undefined) return 'hash-only'
  for (const [key, value] of Object.entries(details)) {
    const check = allowed[key]
    if (check === undefined || !check(value)) return 'hash-only'
  }
  return 'shown'
}

/** A short, code-like summary of a shown entry for the PDF (only closed-vocabulary details are here). */
export function custodySummary(entry: { type: string; details: object }): string {
  const d = entry.details as Record<string, unknown>
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))
  switch (entry.type) {
    case 'ingested':
      return `size=${text(d.size)} type=${text(d.mediaType)}`
    case 'accessed':
      return `variant=${text(d.variant)}${d.purpose === undefined ? '' : ` purpose=${text(d.purpose)}`}`
    case 'derived-copy-made':
      return `copy=${text(d.copySha256).slice(0, 16)}… ${text(d.method)}`
    case 'redacted-copy-made':
      return `copy=${text(d.derivativeSha256).slice(0, 16)}… ${text(d.method)}`
    case 'received':
    case 'transferred':
    case 'captured-online':
    case 'physical-item-sealed':
    case 'collector-declared':
    case 'transcribed-or-translated':
      // The event's own codes; when it happened is in its timeline row.
      return [
        'fromSource',
        'medium',
        'kind',
        'sourceLanguage',
        'targetLanguage',
        'method',
        'certification',
        'platform',
        'action',
        'template'
      ]
        .filter((k) => d[k] !== undefined)
        .map((k) => `${k}=${text(d[k])}`)
        .join(' ')
    default:
      return Object.keys(d)
        .sort()
        .slice(0, 4)
        .map((k) => `${k}=${text(d[k]).slice(0, 40)}`)
        .join(' ')
  }
}
