import type { Sqlite } from '../../db/open.ts'

/**
 * What full verification reads, straight from the tables (raw SQL on its own connection): the
 * ledger as stored, and the evidence records and copies the ledger must account for.
 */
export function verifyRepo(sqlite: Sqlite) {
  return {
    checkpointNotes(): string[] {
      return sqlite
        .prepare<[], { note: string }>('SELECT note FROM ledger_checkpoints ORDER BY seq')
        .all()
        .map((r) => r.note)
    },
    entryCount(): number {
      return (sqlite.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n
    },
    /** Every ledger entry in index order, one row at a time. */
    entries(): IterableIterator<{ idx: number; canonical: Buffer; leafHash: Buffer }> {
      return sqlite
        .prepare<[], { idx: number; canonical: Buffer; leafHash: Buffer }>(
          'SELECT idx, canonical, leaf_hash AS leafHash FROM ledger_entries ORDER BY idx'
        )
        .iterate()
    },
    /** Evidence records with their collection fields (source as stored JSON). */
    evidenceRecords(): EvidenceRecordRow[] {
      return sqlite
        .prepare<[], EvidenceRecordRow>(
          'SELECT id, sha256, sha512, size, ingest_index AS ingestIndex, source, collected_by AS collectedBy, collected_at AS collectedAt, description FROM evidence ORDER BY seq'
        )
        .all()
    },
    evidenceCopies(): Array<{ id: string; sha256: string; size: number; ledgerIndex: number }> {
      return sqlite
        .prepare<[], { id: string; sha256: string; size: number; ledgerIndex: number }>(
          'SELECT e.id AS id, c.sha256 AS sha256, c.size AS size, c.ledger_index AS ledgerIndex FROM evidence_copies c JOIN evidence e ON e.seq = c.evidence_seq'
        )
        .all()
    },
    /** Verification records with what their content hash covers (the finding as its salted digest). */
    verificationRecords(): VerificationRecordRow[] {
      return sqlite
        .prepare<[], VerificationRecordRow>(
          `SELECT v.id AS id, e.id AS evidenceId, v.phase AS phase, v.method AS method, v.status AS status,
            v.finding_digest AS findingDigest, v.analyst AS analyst, v.created_at AS createdAt,
            v.content_sha256 AS contentSha256, v.ledger_index AS ledgerIndex
          FROM evidence_verifications v JOIN evidence e ON e.seq = v.evidence_seq ORDER BY v.seq`
        )
        .all()
    },
    /** Incident links with both ends' ids, as their content hash covers them. */
    incidentLinks(): LinkRecordRow[] {
      return sqlite
        .prepare<[], LinkRecordRow>(
          `SELECT l.id AS id, f.id AS "from", t.id AS "to", l.type AS type, l.category AS category, l.from_category AS fromCategory,
            l.created_at AS createdAt, l.created_by AS createdBy, l.removed_at AS removedAt, l.removed_by AS removedBy,
            l.ledger_index AS ledgerIndex, l.removed_ledger_index AS removedLedgerIndex, l.content_sha256 AS contentSha256
          FROM incident_links l JOIN incidents f ON f.seq = l.from_incident_seq JOIN incidents t ON t.seq = l.to_incident_seq
          ORDER BY l.seq`
        )
        .all()
    },
    /** Contextual-element assessments with their pattern's and incident's ids (none in data dirs older than the table). */
    contextAssessments(): ContextAssessmentRecordRow[] {
      if (sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'context_assessments'").get() === undefined) return []
      return sqlite
        .prepare<[], ContextAssessmentRecordRow>(
          `SELECT a.id AS id, p.id AS pattern, i.id AS incident, a.element AS element, a.status AS status, a.reason AS reason,
            a.evidence_ids AS evidenceIds, a.assessor AS assessor, a.assessed_at AS assessedAt,
            a.content_sha256 AS contentSha256, a.ledger_index AS ledgerIndex
          FROM context_assessments a JOIN patterns p ON p.seq = a.pattern_seq LEFT JOIN incidents i ON i.seq = a.incident_seq
          ORDER BY a.seq`
        )
        .all()
    },
    /** Custody events recorded by people, as their content hash covers them (none in older data dirs). */
    custodyEvents(): CustodyEventRecordRow[] {
      if (sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'custody_events'").get() === undefined) return []
      return sqlite
        .prepare<[], CustodyEventRecordRow>(
          `SELECT c.id AS id, e.id AS evidenceId, c.type AS type, c.occurred_at AS occurredAt, c.codes AS codes,
            c.item_sha256 AS itemSha256, c.sealed_digest AS sealedDigest, c.recorded_by AS recordedBy, c.recorded_at AS recordedAt,
            c.content_sha256 AS contentSha256, c.ledger_index AS ledgerIndex
          FROM custody_events c JOIN evidence e ON e.seq = c.evidence_seq ORDER BY c.seq`
        )
        .all()
    },
    /** Whether the data dir has a table (older data dirs lack the newer ones). */
    hasTable(name: string): boolean {
      return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
    },
    /** The perpetrators' register with parents' ids, as the content hash covers it. */
    organisations(): OrganisationRecordRow[] {
      return sqlite
        .prepare<[], OrganisationRecordRow>(
          `SELECT o.id AS id, o.kind AS kind, o.type AS type, o.organ AS organ, o.name AS name, p.id AS parentId, o.origin AS origin,
            o.created_at AS createdAt, o.created_by AS createdBy, o.ledger_index AS ledgerIndex, o.content_sha256 AS contentSha256
          FROM organisations o LEFT JOIN organisations p ON p.seq = o.parent_seq ORDER BY o.seq`
        )
        .all()
    },
    positions(): PositionRecordRow[] {
      return sqlite
        .prepare<[], PositionRecordRow>(
          `SELECT x.id AS id, p.id AS person, o.id AS organisation, x.title AS title, x.from_date AS fromDate, x.to_date AS toDate,
            x.created_at AS createdAt, x.created_by AS createdBy, x.ledger_index AS ledgerIndex, x.content_sha256 AS contentSha256
          FROM positions x JOIN persons p ON p.seq = x.person_seq JOIN organisations o ON o.seq = x.organisation_seq ORDER BY x.seq`
        )
        .all()
    },
    involvements(): InvolvementRecordRow[] {
      return sqlite
        .prepare<[], InvolvementRecordRow>(
          `SELECT v.id AS id, i.id AS incident, p.id AS person, o.id AS organisation, v.mode AS mode, v.category AS category,
            v.element AS element, v.period_from AS periodFrom, v.period_to AS periodTo, v.exhibits AS exhibits, v.sources AS sources,
            v.origin AS origin, v.legacy_involvement AS legacyInvolvement, v.legacy_index AS legacyIndex, v.created_at AS createdAt,
            v.created_by AS createdBy, v.ledger_index AS ledgerIndex, v.content_sha256 AS contentSha256, v.retracted_at AS retractedAt,
            v.retracted_by AS retractedBy, v.retracted_ledger_index AS retractedLedgerIndex
          FROM involvements v JOIN incidents i ON i.seq = v.incident_seq LEFT JOIN persons p ON p.seq = v.person_seq
            LEFT JOIN organisations o ON o.seq = v.organisation_seq ORDER BY v.seq`
        )
        .all()
    },
    /** Whether the data dir has device keys and capture records at all (older data dirs do not). */
    hasCaptures(): boolean {
      return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'devices'").get() !== undefined
    },
    /** Evidence records that arrived with a device-signed capture record. */
    capturedRecords(): CapturedRow[] {
      return sqlite
        .prepare<[], CapturedRow>(
          'SELECT id, sha256, size, created_by AS createdBy, capture_record AS record, capture_signature AS signature, capture_index AS captureIndex FROM evidence WHERE capture_index IS NOT NULL OR capture_record IS NOT NULL ORDER BY seq'
        )
        .all()
    },
    /** Every enrolled device key with its owner's id. */
    devices(): DeviceKeyRow[] {
      return sqlite
        .prepare<[], DeviceKeyRow>(
          'SELECT d.id AS id, u.id AS userId, d.public_key AS publicKey, d.key_sha256 AS keySha256 FROM devices d JOIN users u ON u.seq = d.user_seq'
        )
        .all()
    }
  }
}

export type EvidenceRecordRow = {
  id: string
  sha256: string
  sha512: string
  size: number
  ingestIndex: number
  source: string | null
  collectedBy: string | null
  collectedAt: string | null
  /** The description's sealed envelope, or null. */
  description: string | null
}

export type VerificationRecordRow = {
  id: string
  evidenceId: string
  phase: string
  method: string
  status: string
  findingDigest: string
  analyst: string
  createdAt: string
  contentSha256: string
  ledgerIndex: number
}

export type CustodyEventRecordRow = {
  id: string
  evidenceId: string
  type: string
  occurredAt: string
  codes: string
  itemSha256: string | null
  sealedDigest: string
  recordedBy: string
  recordedAt: string
  contentSha256: string
  ledgerIndex: number
}

export type LinkRecordRow = {
  id: string
  from: string
  to: string
  type: string
  category: string | null
  fromCategory: string | null
  createdAt: string
  createdBy: string
  removedAt: string | null
  removedBy: string | null
  ledgerIndex: number
  removedLedgerIndex: number | null
  contentSha256: string
}
export type OrganisationRecordRow = {
  id: string
  kind: string
  type: string
  organ: string | null
  name: string
  parentId: string | null
  origin: string
  createdAt: string
  createdBy: string
  ledgerIndex: number | null
  contentSha256: string | null
}
export type PositionRecordRow = {
  id: string
  person: string
  organisation: string
  title: string
  fromDate: string | null
  toDate: string | null
  createdAt: string
  createdBy: string
  ledgerIndex: number
  contentSha256: string
}
export type InvolvementRecordRow = {
  id: string
  incident: string
  person: string | null
  organisation: string | null
  mode: string
  category: string | null
  element: string | null
  periodFrom: string | null
  periodTo: string | null
  exhibits: string
  sources: string
  origin: string
  legacyInvolvement: string | null
  legacyIndex: number | null
  createdAt: string
  createdBy: string
  ledgerIndex: number | null
  contentSha256: string | null
  retractedAt: string | null
  retractedBy: string | null
  retractedLedgerIndex: number | null
}
export type CapturedRow = {
  id: string
  sha256: string
  size: number
  createdBy: string
  record: string | null
  signature: string | null
  captureIndex: number | null
}
export type DeviceKeyRow = { id: string; userId: string; publicKey: string; keySha256: string }

export type ContextAssessmentRecordRow = {
  id: string
  pattern: string
  incident: string | null
  element: string
  status: string
  reason: string | null
  /** JSON array text, as stored. */
  evidenceIds: string
  assessor: string
  assessedAt: string
  contentSha256: string
  ledgerIndex: number
}
