import type { Sqlite } from '../../db/open.ts'
import type { LedgerEntry } from '../../lib/ledger/ledger-entry.ts'
import {
  caseContentSha256,
  collectionSha256,
  consentChangeSha256,
  descriptionSha256,
  incidentRevisionSha256,
  personSnapshotSha256,
  type ConsentRowContent
} from '../../lib/analysis/record-content.ts'
import { personSnapshots } from '../persons/snapshot.ts'
import { importDigest } from '../../lib/export/recipient-references.ts'
import { personLinkProblems, type LinkEntry } from './person-link-checks-repo.ts'

// Records whose content hash the ledger carries (#17 item 2): incident revisions, person snapshots,
// consent changes, case revisions (element links) and the collection fields of ingested items.
// Each hash is re-derived from the row as stored, so a direct database edit shows. Entries written
// before these hashes existed carry none: their records are not checked (nothing to compare with).

type Problem = { code: string; message: string; index?: number; evidenceId?: string }

/** Byte patterns of the entries worth parsing for these checks (canonical JSON: no spaces). */
export const RECORD_HASH_PATTERNS = [Buffer.from('"kind":"incident"'), Buffer.from('"kind":"person"'), Buffer.from('"kind":"case"')]

const MISMATCH = 'SANAD_ERR_RECORD_LEDGER_MISMATCH'
const INCIDENT_REVISION_TYPES = new Set(['incident-created', 'incident-revised', 'incident-transitioned', 'retracted'])
const PERSON_SNAPSHOT_TYPES = new Set(['person-created', 'person-revised', 'person-resealed'])

type Hashed = { index: number; contentSha256: string | undefined }

export class RecordHashes {
  /** `incidentId revision` → its entry. */
  private readonly incidentRevisions = new Map<string, Hashed>()
  /** person id → the latest entry recording its snapshot. */
  private readonly personLatest = new Map<string, Hashed>()
  /** person id → its consent-changed entries in ledger order. */
  private readonly consents = new Map<string, Hashed[]>()
  /** ledger index → case entry's content hash. */
  private readonly caseEntries = new Map<number, { id: string; contentSha256: string | undefined }>()
  /** case id → its case-created entry. */
  private readonly caseCreated = new Map<string, Hashed>()

  /** ledger index → a `recipient-references-imported` entry's case and content hash. */
  private readonly referenceImports = new Map<number, { id: string; contentSha256: string | undefined }>()

  /** person id → the entries recording its links to incidents (person-created, person-linked), in ledger order. */
  private readonly personLinks = new Map<string, LinkEntry[]>()
  /** Link entries written before they carried a link hash (set by problems()). */
  private olderPersonLinks = 0

  consider(index: number, entry: LedgerEntry): void {
    const hash = typeof entry.details.contentSha256 === 'string' ? entry.details.contentSha256 : undefined
    const { kind, id } = entry.subject
    if (kind === 'person' && (entry.type === 'person-created' || entry.type === 'person-linked')) {
      const { incident, role, linkSha256 } = entry.details
      const list = this.personLinks.get(id) ?? []
      list.push({
        index,
        incident: String(incident),
        role: String(role),
        linkSha256: typeof linkSha256 === 'string' ? linkSha256 : undefined
      })
      this.personLinks.set(id, list)
    }
    if (kind === 'incident' && INCIDENT_REVISION_TYPES.has(entry.type) && typeof entry.details.revision === 'number')
      this.incidentRevisions.set(`${id} ${entry.details.revision}`, { index, contentSha256: hash })
    else if (kind === 'person' && PERSON_SNAPSHOT_TYPES.has(entry.type)) this.personLatest.set(id, { index, contentSha256: hash })
    else if (kind === 'person' && entry.type === 'consent-changed') {
      const list = this.consents.get(id) ?? []
      list.push({ index, contentSha256: hash })
      this.consents.set(id, list)
    } else if (kind === 'case' && entry.type === 'recipient-references-imported') {
      this.referenceImports.set(index, { id, contentSha256: hash })
    } else if (kind === 'case' && (entry.type === 'case-created' || entry.type === 'case-revised')) {
      this.caseEntries.set(index, { id, contentSha256: hash })
      if (entry.type === 'case-created') this.caseCreated.set(id, { index, contentSha256: hash })
    }
  }

  problems(sqlite: Sqlite): Problem[] {
    const links = personLinkProblems(sqlite, this.personLinks)
    this.olderPersonLinks = links.older
    return [
      ...this.incidentProblems(sqlite),
      ...links.problems,
      ...this.personProblems(sqlite),
      ...this.consentProblems(sqlite),
      ...this.caseProblems(sqlite),
      ...referenceImportProblems(sqlite, this.referenceImports)
    ]
  }

  /** What the report says besides problems: person links checked on ids only (older entries). */
  notes(): string[] {
    return this.olderPersonLinks === 0
      ? []
      : [
          `${this.olderPersonLinks} person link(s) recorded by older ledger entries without a link hash: checked on ids only (person, incident, role)`
        ]
  }

  private incidentProblems(sqlite: Sqlite): Problem[] {
    const out: Problem[] = []
    const rows = sqlite
      .prepare<
        [],
        { incident: string; revision: number; kind: string; document: string; actor: string; reason: string | null; createdAt: string }
      >(
        `SELECT i.id AS incident, r.revision AS revision, r.kind AS kind, r.document AS document, r.actor AS actor,
          r.reason AS reason, r.created_at AS createdAt
        FROM incident_revisions r JOIN incidents i ON i.seq = r.incident_seq ORDER BY r.incident_seq, r.revision`
      )
      .all()
    const latest = new Map<string, { row: (typeof rows)[number]; sha256: string }>()
    for (const r of rows) {
      const derived = incidentRevisionSha256({ ...r, document: JSON.parse(r.document) as unknown })
      latest.set(r.incident, { row: r, sha256: derived })
      const entry = this.incidentRevisions.get(`${r.incident} ${r.revision}`)
      if (entry === undefined)
        out.push({
          code: MISMATCH,
          message: `incident ${r.incident} revision ${r.revision}: no ledger entry records this revision (added in the database?)`
        })
      else if (entry.contentSha256 !== undefined && entry.contentSha256 !== derived)
        out.push({
          code: MISMATCH,
          index: entry.index,
          message: `incident ${r.incident} revision ${r.revision}: its content no longer hashes to what ledger entry ${entry.index} recorded (narrative, qualification or another field edited in the database?)`
        })
    }
    // The incident as read (its current document) must be its latest revision.
    const current = sqlite
      .prepare<[], { id: string; revision: number; document: string }>('SELECT id, revision, document FROM incidents ORDER BY seq')
      .all()
    for (const c of current) {
      const last = latest.get(c.id)
      if (last === undefined) continue
      const asRevision = incidentRevisionSha256({ ...last.row, document: JSON.parse(c.document) as unknown })
      if (last.row.revision !== c.revision || asRevision !== last.sha256)
        out.push({
          code: MISMATCH,
          message: `incident ${c.id}: its current content is not its latest recorded revision ${last.row.revision} (narrative or qualification edited in the database?)`
        })
    }
    return out
  }

  private personProblems(sqlite: Sqlite): Problem[] {
    const out: Problem[] = []
    for (const p of personSnapshots(sqlite)) {
      const entry = this.personLatest.get(p.id)
      if (entry?.contentSha256 === undefined) continue
      if (entry.contentSha256 !== personSnapshotSha256(p))
        out.push({
          code: MISMATCH,
          index: entry.index,
          message: `person ${p.id}: the record as stored no longer hashes to what ledger entry ${entry.index} recorded (a field, role or protection edited in the database?)`
        })
    }
    return out
  }

  private consentProblems(sqlite: Sqlite): Problem[] {
    const out: Problem[] = []
    const rows = sqlite
      .prepare<
        [],
        Omit<ConsentRowContent, 'granted' | 'interpreter' | 'childAssent'> & {
          person: string
          granted: number
          interpreter: number | null
          childAssent: number | null
        }
      >(
        `SELECT p.id AS person, c.purpose AS purpose, c.granted AS granted, c.kind AS kind, c.given_on AS givenOn,
          c.method AS method, c.language AS language, c.interpreter AS interpreter, c.given_by AS givenBy,
          c.child_assent AS childAssent, c.obtained_by AS obtainedBy, c.recorded_at AS recordedAt, c.recorded_by AS recordedBy
        FROM person_consents c JOIN persons p ON p.seq = c.person_seq ORDER BY c.seq`
      )
      .all()
    // One change wrote its rows together (same time, same actor): group them back, per person, in order.
    const groups = new Map<string, ConsentRowContent[][]>()
    for (const r of rows) {
      const row: ConsentRowContent = {
        purpose: r.purpose,
        granted: r.granted === 1,
        kind: r.kind,
        givenOn: r.givenOn,
        method: r.method,
        language: r.language,
        interpreter: r.interpreter === null ? null : r.interpreter === 1,
        givenBy: r.givenBy,
        childAssent: r.childAssent === null ? null : r.childAssent === 1,
        obtainedBy: r.obtainedBy,
        recordedAt: r.recordedAt,
        recordedBy: r.recordedBy
      }
      const list = groups.get(r.person) ?? []
      const last = list.at(-1)?.[0]
      if (last && last.recordedAt === row.recordedAt && last.recordedBy === row.recordedBy) list.at(-1)!.push(row)
      else list.push([row])
      groups.set(r.person, list)
    }
    for (const person of new Set([...groups.keys(), ...this.consents.keys()])) {
      const changes = groups.get(person) ?? []
      const entries = this.consents.get(person) ?? []
      if (!entries.some((e) => e.contentSha256 !== undefined)) continue
      if (changes.length !== entries.length) {
        out.push({
          code: MISMATCH,
          message: `person ${person}: the ledger records ${entries.length} consent change(s), the database holds ${changes.length} (added or deleted in the database?)`
        })
        continue
      }
      entries.forEach((e, i) => {
        if (e.contentSha256 !== undefined && e.contentSha256 !== consentChangeSha256(person, changes[i]!))
          out.push({
            code: MISMATCH,
            index: e.index,
            message: `person ${person}: consent as stored no longer hashes to what ledger entry ${e.index} recorded (edited in the database?)`
          })
      })
    }
    return out
  }

  private caseProblems(sqlite: Sqlite): Problem[] {
    const out: Problem[] = []
    const revisions = sqlite
      .prepare<[], { id: string; revision: number; content: string; contentSha256: string; ledgerIndex: number }>(
        `SELECT c.id AS id, r.revision AS revision, r.content AS content, r.content_sha256 AS contentSha256, r.ledger_index AS ledgerIndex
        FROM case_revisions r JOIN cases c ON c.seq = r.case_seq ORDER BY r.case_seq, r.revision`
      )
      .all()
    const latest = new Map<string, string>()
    for (const r of revisions) {
      const derived = caseContentSha256(JSON.parse(r.content) as unknown)
      latest.set(r.id, derived)
      const entry = this.caseEntries.get(r.ledgerIndex)
      if (
        derived !== r.contentSha256 ||
        (r.ledgerIndex >= 0 &&
          (entry === undefined || entry.id !== r.id || (entry.contentSha256 !== undefined && entry.contentSha256 !== derived)))
      )
        out.push({
          code: MISMATCH,
          index: r.ledgerIndex,
          message: `case ${r.id} revision ${r.revision}: its content (element links, incidents, recipient) no longer hashes to what ledger entry ${r.ledgerIndex} recorded (edited in the database?)`
        })
    }
    const cases = sqlite
      .prepare<
        [],
        {
          seq: number
          id: string
          reference: string
          revision: number
          title: string
          recipient: string
          profile: string
          document: string
        }
      >('SELECT seq, id, reference, revision, title, recipient, profile, document FROM cases ORDER BY seq')
      .all()
    const incidentIds = sqlite.prepare<[number], { id: string }>(
      'SELECT i.id AS id FROM case_incidents ci JOIN incidents i ON i.seq = ci.incident_seq WHERE ci.case_seq = ? ORDER BY ci.position'
    )
    for (const c of cases) {
      const doc = JSON.parse(c.document) as { purpose?: string; patternIds?: unknown; elementLinks?: unknown; incidentIds?: string[] }
      // The case as the service reads it (cases/service.ts contentOf).
      const content = {
        case: c.id,
        reference: c.reference,
        revision: c.revision,
        title: c.title,
        ...(doc.purpose === undefined ? {} : { purpose: doc.purpose }),
        recipient: c.recipient,
        profile: c.profile,
        incidentIds: doc.incidentIds ?? incidentIds.all(c.seq).map((r) => r.id),
        patternIds: doc.patternIds,
        elementLinks: doc.elementLinks
      }
      const expected = latest.get(c.id) ?? this.caseCreated.get(c.id)?.contentSha256
      if (expected !== undefined && caseContentSha256(content) !== expected)
        out.push({
          code: MISMATCH,
          message: `case ${c.id}: its current content (element links, incidents, recipient) is not what its latest ledger entry recorded (edited in the database?)`
        })
    }
    return out
  }
}

/** The collection fields of an evidence row against the hash its `ingested` entry recorded. */
export function collectionProblem(
  row: { id: string; source: string | null; collectedBy: string | null; collectedAt: string | null },
  recorded: unknown,
  index: number
): Problem | undefined {
  if (typeof recorded !== 'string') return undefined // ingested before the collection fields were hashed
  const source = row.source === null ? null : (JSON.parse(row.source) as { type: string; url?: string })
  if (collectionSha256({ source, collectedBy: row.collectedBy, collectedAt: row.collectedAt }) === recorded) return undefined
  return {
    code: MISMATCH,
    evidenceId: row.id,
    index,
    message: `evidence ${row.id}: its collection fields (date, collector, source) no longer hash to what ledger entry ${index} recorded (edited in the database?)`
  }
}

/**
 * The description of an evidence row against the hash of the latest entry that recorded it (`ingested`,
 * `evidence-details-revised` or `evidence-description-resealed`). Entries written before descriptions
 * were hashed carry none: the description is not compared then.
 */
export function descriptionProblem(row: { id: string; description: string | null }, recorded: unknown, index: number): Problem | undefined {
  if (typeof recorded !== 'string') return undefined
  if (descriptionSha256(row.id, row.description) === recorded) return undefined
  return {
    code: MISMATCH,
    evidenceId: row.id,
    index,
    message: `evidence ${row.id}: its description no longer hashes to what ledger entry ${index} recorded (edited, removed or replaced in the database?)`
  }
}

/**
 * The recipient's reference imports (#17 item 7): each row's content must hash (RFC 8785) to what its
 * `recipient-references-imported` entry recorded, for the same case; and every such entry must still
 * have its row.
 */
function referenceImportProblems(
  sqlite: Sqlite,
  entries: ReadonlyMap<number, { id: string; contentSha256: string | undefined }>
): Problem[] {
  const out: Problem[] = []
  const rows = sqlite
    .prepare<[], { id: string; content: string; ledgerIndex: number }>(
      `SELECT c.id AS id, r.content AS content, r.ledger_index AS ledgerIndex
      FROM recipient_reference_imports r JOIN cases c ON c.seq = r.case_seq ORDER BY r.seq`
    )
    .all()
  const seen = new Set<number>()
  for (const r of rows) {
    seen.add(r.ledgerIndex)
    let derived: string | undefined
    try {
      derived = importDigest(JSON.parse(r.content) as unknown).sha256
    } catch {
      derived = undefined
    }
    const entry = entries.get(r.ledgerIndex)
    if (entry === undefined || entry.id !== r.id || derived === undefined || entry.contentSha256 !== derived)
      out.push({
        code: MISMATCH,
        index: r.ledgerIndex,
        message: `case ${r.id}: the recipient's references imported at ledger entry ${r.ledgerIndex} no longer hash to what that entry recorded (edited in the database?)`
      })
  }
  for (const [index, e] of entries)
    if (!seen.has(index))
      out.push({
        code: MISMATCH,
        index,
        message: `case ${e.id}: ledger entry ${index} records an import of the recipient's references that the database no longer holds (deleted?)`
      })
  return out
}
