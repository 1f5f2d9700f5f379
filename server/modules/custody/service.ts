import { randomBytes, randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { CustodyEvent, CustodyEventInput } from '../../types/schemas.ts'
import type { JsonObject } from '../../lib/ledger/canonical-json.ts'
import { mayReadExhibitIncident } from '../../lib/protection/need-to-know.ts'
import { decryptField, encryptField, fieldKey, type FieldContext } from '../../lib/crypto/field-crypto.ts'
import {
  byOccurrence,
  custodyEventContentSha256,
  declarationTextSha256,
  normaliseOccurredAt,
  RECEIPT_METHODS,
  sealedDigest,
  TRANSFER_METHODS,
  TRANSLATION_METHODS,
  type CustodyCodes,
  type CustodyEventType,
  type CustodySealed
} from '../../lib/analysis/custody-records.ts'
import { custodyRepo, type CustodyExhibitRef, type CustodyEventRow } from './repo.ts'

export type CustodyDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  /** Seals the free fields at rest (a field envelope bound to the event). */
  master: Buffer
  /** Whether an account holds a clearance for an incident (by row numbers). */
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
  now?: () => Date
}

/** Where an event's sealed fields live: key rotation re-encrypts them under the same context. */
export const SEALED_CONTEXT = (id: string): FieldContext => ({ table: 'custody_events', column: 'sealed', rowId: id })

/** The ledger entry type of each event type (custody_events.json names, as ledger-entry.ts maps them). */
const ENTRY_TYPE = {
  received: 'received',
  transferred: 'transferred',
  'captured-online': 'captured-online',
  'physical-item-sealed': 'physical-item-sealed',
  'collector-declaration': 'collector-declared',
  'transcribed-or-translated': 'transcribed-or-translated'
} as const

type Field = Exclude<keyof CustodyEventInput, 'type' | 'occurredAt'>

/** Which fields each type takes: required ones, then optional ones; any other field is refused. */
const FIELDS: Record<CustodyEventType, { required: Field[]; optional: Field[] }> = {
  received: { required: ['medium', 'method'], optional: ['fromStaffCode', 'fromSource', 'by', 'itemSha256', 'note'] },
  transferred: { required: ['toStaffCode', 'method'], optional: ['fromStaffCode', 'by', 'itemSha256', 'note'] },
  'captured-online': { required: ['url', 'tool', 'toolVersion'], optional: ['postId', 'platform', 'by', 'itemSha256', 'note'] },
  'physical-item-sealed': { required: ['sealNumber'], optional: ['action', 'by', 'note'] },
  'collector-declaration': { required: ['template'], optional: ['by', 'itemSha256', 'note'] },
  // Recorded on the translation or transcript; `by` is the translator (the caller by default).
  'transcribed-or-translated': {
    required: ['originalId', 'kind', 'sourceLanguage', 'targetLanguage', 'method', 'certification'],
    optional: ['reviewedBy', 'by', 'itemSha256', 'note']
  }
}

const ALL_FIELDS: readonly Field[] = [
  'by',
  'itemSha256',
  'fromStaffCode',
  'fromSource',
  'toStaffCode',
  'medium',
  'method',
  'platform',
  'url',
  'postId',
  'tool',
  'toolVersion',
  'sealNumber',
  'action',
  'template',
  'originalId',
  'kind',
  'sourceLanguage',
  'targetLanguage',
  'certification',
  'reviewedBy',
  'note'
]

// Clocks of field devices drift; an event up to a few minutes ahead is not "in the future".
const FUTURE_SLACK_MS = 5 * 60 * 1000

/** An event as the dossier prints it: codes always; sealed fields for the profile to keep or drop. */
export type ExhibitCustodyEvent = {
  id: string
  type: CustodyEventType
  occurredAt: string
  codes: CustodyCodes
  itemSha256?: string
  sealed: CustodySealed
  recordedBy: string
  recordedAt: string
  ledgerIndex: number
  contentSha256: string
}

/**
 * Custody events recorded by people (#17 item 4): what happened to an exhibit before and outside
 * Sanad, so that its custody begins at collection. Custodians are named by staff code, external
 * sources by a category; the URL, post id, tool, seal number and note are sealed at rest. Each event
 * is one ledger entry of closed codes and the RFC 8785 hash of its content, which `npm run verify`
 * re-derives from the row. Only those who may write the exhibit's incident add events.
 */
export function custodyService(deps: CustodyDeps) {
  const repo = custodyRepo(deps.db)
  const key = fieldKey(deps.master)
  const now = (): Date => deps.now?.() ?? new Date()

  function mustExhibit(id: string): CustodyExhibitRef {
    const row = repo.exhibit(id)
    if (!row) fail('SANAD_ERR_EVIDENCE_NOT_FOUND')
    return row
  }

  const barred = (ex: CustodyExhibitRef, viewer: Viewer): boolean => !mayReadExhibitIncident(ex, viewer, deps.hasClearance)

  function checkShape(input: CustodyEventInput): void {
    const rule = FIELDS[input.type]
    for (const f of ALL_FIELDS)
      if (input[f] !== undefined && !rule.required.includes(f) && !rule.optional.includes(f))
        fail('SANAD_ERR_UNKNOWN_FIELD', `"${f}" is not a field of a ${input.type} event`, { field: f })
    for (const f of rule.required)
      if (input[f] === undefined) fail('SANAD_ERR_VALIDATION', `a ${input.type} event needs "${f}"`, { field: f })
    if (input.type === 'received' && (input.fromStaffCode === undefined) === (input.fromSource === undefined))
      fail('SANAD_ERR_VALIDATION', 'say from whom: a staff code or an external source category, not both', { field: 'fromSource' })
    const methods: readonly string[] | undefined =
      input.type === 'received'
        ? RECEIPT_METHODS
        : input.type === 'transferred'
          ? TRANSFER_METHODS
          : input.type === 'transcribed-or-translated'
            ? TRANSLATION_METHODS
            : undefined
    if (methods !== undefined && input.method !== undefined && !methods.includes(input.method))
      fail('SANAD_ERR_VALIDATION', `"${input.method}" is not a method of a ${input.type} event`, { field: 'method' })
  }

  /**
   * The original of a translation: another exhibit of the same incident, and not one that is (through
   * a chain of translations) a translation of this exhibit — a link never makes a cycle.
   */
  function mustOriginal(ex: CustodyExhibitRef, originalId: string): CustodyExhibitRef {
    const original = repo.exhibit(originalId)
    if (original === undefined || original.incidentSeq !== ex.incidentSeq || original.seq === ex.seq)
      fail('SANAD_ERR_ORIGINAL_INVALID', undefined, { field: 'originalId' })
    const seen = new Set<number>([ex.seq])
    let at: CustodyExhibitRef | undefined = original
    while (at !== undefined) {
      if (seen.has(at.seq)) fail('SANAD_ERR_ORIGINAL_INVALID', undefined, { field: 'originalId' })
      seen.add(at.seq)
      const link: CustodyEventRow | undefined = repo.ofExhibit(at.seq).find((e) => e.type === 'transcribed-or-translated')
      const next: string | undefined = link === undefined ? undefined : (JSON.parse(link.codes) as CustodyCodes).originalId
      at = next === undefined ? undefined : repo.exhibit(next)
    }
    return original
  }

  function mustStaffCode(code: string | undefined, field: string): void {
    if (code !== undefined && repo.userByStaffCode(code) === undefined)
      fail('SANAD_ERR_STAFF_CODE_UNKNOWN', `no account has the staff code ${code}`, { field })
  }

  function codesOf(input: CustodyEventInput, by: string | undefined, originalSha256?: string): CustodyCodes {
    const codes: CustodyCodes = {}
    if (by !== undefined) codes.by = by
    if (input.fromStaffCode !== undefined) codes.fromStaffCode = input.fromStaffCode
    if (input.fromSource !== undefined) codes.fromSource = input.fromSource
    if (input.toStaffCode !== undefined) codes.toStaffCode = input.toStaffCode
    if (input.medium !== undefined) codes.medium = input.medium
    if (input.method !== undefined) codes.method = input.method
    if (input.platform !== undefined) codes.platform = input.platform
    if (input.type === 'physical-item-sealed') codes.action = input.action ?? 'sealed'
    if (input.template !== undefined) {
      codes.template = input.template
      codes.templateSha256 = declarationTextSha256(input.template)
    }
    if (input.originalId !== undefined) codes.originalId = input.originalId
    if (originalSha256 !== undefined) codes.originalSha256 = originalSha256
    if (input.kind !== undefined) codes.kind = input.kind
    if (input.sourceLanguage !== undefined) codes.sourceLanguage = input.sourceLanguage
    if (input.targetLanguage !== undefined) codes.targetLanguage = input.targetLanguage
    if (input.certification !== undefined) codes.certification = input.certification
    if (input.reviewedBy !== undefined) codes.reviewedBy = input.reviewedBy
    return codes
  }

  function sealedOf(input: CustodyEventInput): CustodySealed {
    const s: CustodySealed = {}
    if (input.url !== undefined) s.url = input.url
    if (input.postId !== undefined) s.postId = input.postId
    if (input.tool !== undefined) s.tool = input.tool
    if (input.toolVersion !== undefined) s.toolVersion = input.toolVersion
    if (input.sealNumber !== undefined) s.sealNumber = input.sealNumber
    if (input.note !== undefined) s.note = input.note
    return s
  }

  /** The ledger details: closed codes, the time and the content hash; never a staff code or free text. */
  function ledgerDetails(
    id: string,
    type: CustodyEventType,
    occurredAt: string,
    codes: CustodyCodes,
    item: string | undefined,
    content: string
  ): JsonObject {
    const d: JsonObject = { event: id, occurredAt, contentSha256: content }
    if (item !== undefined) d.itemSha256 = item
    if (type === 'received') {
      if (codes.fromSource !== undefined) d.fromSource = codes.fromSource
      if (codes.medium !== undefined) d.medium = codes.medium
      if (codes.method !== undefined) d.method = codes.method
    }
    if (type === 'transferred' && codes.method !== undefined) d.method = codes.method
    if (type === 'captured-online' && codes.platform !== undefined) d.platform = codes.platform
    if (type === 'physical-item-sealed' && codes.action !== undefined) d.action = codes.action
    if (type === 'collector-declaration' && codes.template !== undefined && codes.templateSha256 !== undefined) {
      d.template = codes.template
      d.templateSha256 = codes.templateSha256
    }
    if (type === 'transcribed-or-translated') {
      // Ids, hashes and closed words; the translator's and reviewer's staff codes stay in the hashed content.
      if (codes.originalId !== undefined) d.original = codes.originalId
      if (codes.originalSha256 !== undefined) d.originalSha256 = codes.originalSha256
      if (codes.kind !== undefined) d.kind = codes.kind
      if (codes.sourceLanguage !== undefined) d.sourceLanguage = codes.sourceLanguage
      if (codes.targetLanguage !== undefined) d.targetLanguage = codes.targetLanguage
      if (codes.method !== undefined) d.method = codes.method
      if (codes.certification !== undefined) d.certification = codes.certification
    }
    return d
  }

  function unseal(row: CustodyEventRow): CustodySealed {
    return JSON.parse(decryptField(key, SEALED_CONTEXT(row.id), row.sealedEnc)) as CustodySealed
  }

  function present(row: CustodyEventRow, withheld?: 'integrity-only' | 'need-to-know'): CustodyEvent {
    const codes = JSON.parse(row.codes) as CustodyCodes
    const out: CustodyEvent = {
      id: row.id,
      evidenceId: row.evidenceId,
      type: row.type as CustodyEventType,
      occurredAt: row.occurredAt,
      ...codes,
      ...(row.itemSha256 === null ? {} : { itemSha256: row.itemSha256 }),
      recordedBy: row.recordedBy,
      recordedAt: row.recordedAt,
      ledgerIndex: row.ledgerIndex,
      contentSha256: row.contentSha256
    }
    if (withheld !== undefined) return { ...out, withheld }
    return { ...out, ...unseal(row) }
  }

  return {
    record(evidenceId: string, input: CustodyEventInput, viewer: Viewer): CustodyEvent {
      checkShape(input)
      const occurredAt = normaliseOccurredAt(input.occurredAt)
      const at = now()
      if (occurredAt === null)
        fail('SANAD_ERR_DATE_INVALID', 'occurredAt is a day (YYYY-MM-DD) or an RFC 3339 time with its zone', { field: 'occurredAt' })
      const whenMs = new Date(occurredAt.length === 10 ? `${occurredAt}T00:00:00.000Z` : occurredAt).getTime()
      if (whenMs > at.getTime() + FUTURE_SLACK_MS) fail('SANAD_ERR_DATE_INVALID', 'occurredAt is in the future', { field: 'occurredAt' })
      const id = randomUUID()
      const recordedAt = at.toISOString()
      const salt = randomBytes(16).toString('hex')
      const sealed = sealedOf(input)
      const digest = sealedDigest(salt, sealed)
      const given = input.itemSha256?.toLowerCase()
      const row = deps.sqlite
        .transaction(() => {
          const ex = mustExhibit(evidenceId)
          // A translation's own bytes are known: the link binds the output's hash as well as the original's.
          const itemSha256 = given ?? (input.type === 'transcribed-or-translated' ? ex.sha256 : undefined)
          // Need-to-know first: a barred caller learns nothing from the other checks.
          if (barred(ex, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (ex.incidentRetractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
          const own = repo.staffCodeOf(viewer.userSeq) ?? undefined
          if (input.type === 'collector-declaration') {
            // Signed by the collector: the caller declares as themself, once per exhibit.
            if (own === undefined || (input.by !== undefined && input.by !== own)) fail('SANAD_ERR_DECLARATION_NOT_YOURS')
            if (repo.ofExhibit(ex.seq).some((e) => e.type === 'collector-declaration')) fail('SANAD_ERR_DECLARATION_EXISTS')
          }
          const by = input.by ?? own
          mustStaffCode(by, 'by')
          mustStaffCode(input.fromStaffCode, 'fromStaffCode')
          mustStaffCode(input.toStaffCode, 'toStaffCode')
          mustStaffCode(input.reviewedBy, 'reviewedBy')
          let originalSha256: string | undefined
          if (input.type === 'transcribed-or-translated') {
            // A translation names its translator: the caller's staff code, or one given.
            if (by === undefined)
              fail('SANAD_ERR_VALIDATION', 'name the translator by staff code ("by") or set your own staff code', { field: 'by' })
            originalSha256 = mustOriginal(ex, input.originalId ?? '').sha256
            if (repo.ofExhibit(ex.seq).some((e) => e.type === 'transcribed-or-translated')) fail('SANAD_ERR_TRANSLATION_EXISTS')
          }
          const codes = codesOf(input, by, originalSha256)
          const content = custodyEventContentSha256({
            id,
            evidenceId: ex.id,
            type: input.type,
            occurredAt,
            codes,
            itemSha256,
            sealedDigest: digest,
            recordedBy: viewer.actor,
            recordedAt
          })
          const { index } = deps.ledger.append({
            type: ENTRY_TYPE[input.type],
            actor: viewer.actor,
            subject: { kind: 'evidence', id: ex.id, sha256: ex.sha256 },
            details: ledgerDetails(id, input.type, occurredAt, codes, itemSha256, content)
          })
          repo.insert({
            id,
            evidenceSeq: ex.seq,
            type: input.type,
            occurredAt,
            codes: JSON.stringify(codes),
            itemSha256: itemSha256 ?? null,
            sealedEnc: encryptField(key, SEALED_CONTEXT(id), JSON.stringify(sealed)),
            sealedSalt: salt,
            sealedDigest: digest,
            recordedBy: viewer.actor,
            recordedAt,
            contentSha256: content,
            ledgerIndex: index
          })
          const saved = repo.byId(id)
          if (!saved) fail('SANAD_ERR_INTERNAL')
          return saved
        })
        .immediate()
      return present(row)
    },

    /** An exhibit's events in the order they happened (auditors and barred readers: codes only). */
    list(evidenceId: string, viewer: Viewer): { items: CustodyEvent[] } {
      const ex = mustExhibit(evidenceId)
      const withheld = viewer.role === 'auditor' ? 'integrity-only' : barred(ex, viewer) ? 'need-to-know' : undefined
      return { items: byOccurrence(repo.ofExhibit(ex.seq)).map((r) => present(r, withheld)) }
    },

    /** Every event of these exhibits whole, in the order they happened, for the export pipeline (which applies the profile). */
    forExport(evidenceIds: string[]): Map<string, ExhibitCustodyEvent[]> {
      const out = new Map<string, ExhibitCustodyEvent[]>()
      for (const r of byOccurrence(repo.ofExhibitsById(evidenceIds))) {
        const list = out.get(r.evidenceId) ?? []
        list.push({
          id: r.id,
          type: r.type as CustodyEventType,
          occurredAt: r.occurredAt,
          codes: JSON.parse(r.codes) as CustodyCodes,
          ...(r.itemSha256 === null ? {} : { itemSha256: r.itemSha256 }),
          sealed: unseal(r),
          recordedBy: r.recordedBy,
          recordedAt: r.recordedAt,
          ledgerIndex: r.ledgerIndex,
          contentSha256: r.contentSha256
        })
        out.set(r.evidenceId, list)
      }
      return out
    },

    /** Every account's id, staff code and role (the dossier's custodian register picks those in its custody). */
    accounts: () => repo.accounts()
  }
}

export type CustodyService = ReturnType<typeof custodyService>
