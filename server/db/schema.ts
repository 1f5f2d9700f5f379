import { sqliteTable, text, integer, real, blob, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * Tables. The FTS5 index and the ledger's append-only triggers cannot be expressed here; they live in
 * hand-written migrations next to the generated ones (see migrations/).
 */

// One row per incident, holding its current document plus the columns filters need.
export const incidents = sqliteTable(
  'incidents',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    province: text('province').notNull(),
    occurredFrom: text('occurred_from').notNull(),
    occurredTo: text('occurred_to').notNull(),
    revision: integer('revision').notNull(),
    document: text('document', { mode: 'json' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    retractedAt: text('retracted_at'),
    retractedBy: text('retracted_by'),
    retractionReason: text('retraction_reason'),
    // Who is to review it (`user:<id>`), set by a reviewer; not part of the revisioned document.
    assignee: text('assignee'),
    // The id the creator's client gave the record (offline capture): a retry answers the same record.
    clientId: text('client_id')
  },
  (t) => [
    uniqueIndex('incidents_id').on(t.id),
    uniqueIndex('incidents_client_id').on(t.createdBy, t.clientId),
    index('incidents_assignee').on(t.assignee),
    uniqueIndex('incidents_reference').on(t.reference),
    index('incidents_occurred').on(t.occurredFrom, t.seq),
    index('incidents_province').on(t.province, t.occurredFrom),
    index('incidents_status').on(t.status)
  ]
)

// Every state an incident has had; never updated, never deleted.
export const incidentRevisions = sqliteTable(
  'incident_revisions',
  {
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    revision: integer('revision').notNull(),
    document: text('document', { mode: 'json' }).notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    createdAt: text('created_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.incidentSeq, t.revision] })]
)

// Every status change of an incident (review before verified); never updated, never deleted. The
// reviewer's comment is free text, sealed at rest (field envelope bound to this row's id).
export const incidentTransitions = sqliteTable(
  'incident_transitions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    revision: integer('revision').notNull(),
    actor: text('actor').notNull(),
    commentEnc: text('comment_enc'),
    createdAt: text('created_at').notNull()
  },
  (t) => [uniqueIndex('incident_transitions_id').on(t.id), index('incident_transitions_incident').on(t.incidentSeq, t.seq)]
)

// Values the list filters on (category, crime group, victim group, perpetrator type, pattern),
// kept as rows so each filter is an indexed lookup rather than a JSON scan.
export const incidentFacets = sqliteTable(
  'incident_facets',
  {
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    facet: text('facet').notNull(),
    value: text('value').notNull()
  },
  (t) => [primaryKey({ columns: [t.facet, t.value, t.incidentSeq] }), index('incident_facets_incident').on(t.incidentSeq)]
)

// The shared context of many incidents: widespread or systematic attack, policy evidence.
export const patterns = sqliteTable(
  'patterns',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    revision: integer('revision').notNull(),
    document: text('document', { mode: 'json' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull()
  },
  (t) => [uniqueIndex('patterns_id').on(t.id), uniqueIndex('patterns_reference').on(t.reference)]
)

export const patternRevisions = sqliteTable(
  'pattern_revisions',
  {
    patternSeq: integer('pattern_seq')
      .notNull()
      .references(() => patterns.seq),
    revision: integer('revision').notNull(),
    document: text('document', { mode: 'json' }).notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    createdAt: text('created_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.patternSeq, t.revision] })]
)

// Per-year counters behind human-readable references (SND-2026-000042).
export const referenceCounters = sqliteTable('reference_counters', {
  scope: text('scope').primaryKey(),
  next: integer('next').notNull()
})

// The custody ledger: leaves of an RFC 6962 tree. Rows are append-only (triggers refuse UPDATE/DELETE).
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    idx: integer('idx').primaryKey(),
    leafHash: blob('leaf_hash', { mode: 'buffer' }).notNull(),
    canonical: blob('canonical', { mode: 'buffer' }).notNull(),
    type: text('type').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    time: text('time').notNull(),
    // The entry's actor (`user:<id>`, `system`), copied from the canonical bytes so auditors can filter
    // by it; filled for older rows by the migration that added it.
    actor: text('actor').notNull().default('')
  },
  (t) => [
    index('ledger_entries_subject').on(t.subjectKind, t.subjectId, t.idx),
    // Filters of GET /ledger/entries (type, actor, time) page by idx.
    index('ledger_entries_type').on(t.type, t.idx),
    index('ledger_entries_actor').on(t.actor, t.idx),
    index('ledger_entries_time').on(t.time, t.idx)
  ]
)

// Hashes of complete subtrees (size 2^level starting at index·2^level), written with each append so
// that proofs cost O(log n) lookups at any ledger size.
export const ledgerNodes = sqliteTable(
  'ledger_nodes',
  {
    level: integer('level').notNull(),
    idx: integer('idx').notNull(),
    hash: blob('hash', { mode: 'buffer' }).notNull()
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })]
)

// Every checkpoint ever signed, so that old proofs stay checkable.
export const ledgerCheckpoints = sqliteTable(
  'ledger_checkpoints',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    size: integer('size').notNull(),
    rootHash: blob('root_hash', { mode: 'buffer' }).notNull(),
    note: text('note').notNull(),
    issuedAt: text('issued_at').notNull(),
    timestampToken: blob('timestamp_token', { mode: 'buffer' })
  },
  (t) => [index('ledger_checkpoints_size').on(t.size)]
)

// Evidence items. Several items may share one blob (the same bytes received twice); each keeps its
// own record, source and custody.
export const evidence = sqliteTable(
  'evidence',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    sha256: text('sha256').notNull(),
    sha512: text('sha512').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    source: text('source', { mode: 'json' }),
    collectedBy: text('collected_by'),
    collectedAt: text('collected_at'),
    metadata: text('metadata', { mode: 'json' }).notNull(),
    flags: text('flags', { mode: 'json' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    ingestIndex: integer('ingest_index').notNull(),
    // A capture record signed by the documenter's device (schemas/capture-record.json), as its RFC 8785
    // text, its signature (base64url) and the index of its `captured` ledger entry; null without one.
    captureRecord: text('capture_record'),
    captureSignature: text('capture_signature'),
    captureIndex: integer('capture_index'),
    // The organisation-wide exhibit id SND-E-YYYY-NNNNNN, given once at ingest (null only between the
    // column's migration and its backfill, which runs in the same migration).
    stableId: text('stable_id'),
    // How many times its descriptive details (description, source, collector, collection date) were
    // revised after ingest; an edit names the revision it started from (409 when stale).
    detailsRevision: integer('details_revision').notNull().default(0)
  },
  (t) => [
    uniqueIndex('evidence_id').on(t.id),
    uniqueIndex('evidence_stable_id').on(t.stableId),
    index('evidence_sha256').on(t.sha256),
    index('evidence_incident').on(t.incidentSeq, t.seq)
  ]
)

// Copies derived from an original (e.g. the shared copy with metadata removed), with their lineage.
export const evidenceCopies = sqliteTable(
  'evidence_copies',
  {
    evidenceSeq: integer('evidence_seq')
      .notNull()
      .references(() => evidence.seq),
    variant: text('variant').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    method: text('method').notNull(),
    createdAt: text('created_at').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [primaryKey({ columns: [t.evidenceSeq, t.variant] }), index('evidence_copies_sha256').on(t.sha256)]
)

// Derivatives made by Sanad from an exhibit that are exhibits of their own (#17 item 9): a blurred copy
// of an image for recipients some person it shows has not consented to. `derivativeSeq` is the new
// evidence row, `sourceSeq` the exhibit it was made from; `method` and `parameters` (JSON) say how,
// so anyone can redo it from the source's bytes. `contentSha256` is the RFC 8785 SHA-256 of the
// lineage (server/lib/analysis/derivative-records.ts), the hash its `redacted-copy-made` ledger entry
// (`ledgerIndex`, subject: the source) carries and `npm run verify` re-derives.
export const evidenceDerivatives = sqliteTable(
  'evidence_derivatives',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    derivativeSeq: integer('derivative_seq')
      .notNull()
      .references(() => evidence.seq),
    sourceSeq: integer('source_seq')
      .notNull()
      .references(() => evidence.seq),
    kind: text('kind').notNull(),
    method: text('method').notNull(),
    parameters: text('parameters').notNull(),
    sourceSha256: text('source_sha256').notNull(),
    derivativeSha256: text('derivative_sha256').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    contentSha256: text('content_sha256').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [uniqueIndex('evidence_derivatives_derivative').on(t.derivativeSeq), index('evidence_derivatives_source').on(t.sourceSeq, t.kind)]
)

// RFC 3161 timestamps of checkpoints. A checkpoint is signed inside a transaction; its timestamp is
// asked for after commit and arrives later, so it is a row of its own (checkpoints refuse UPDATE).
// `token` is the TimeStampToken (CMS ContentInfo DER) exactly as the authority signed it, over
// SHA-256 of the checkpoint's full signed note text. Append-only (triggers refuse UPDATE/DELETE).
export const checkpointTimestamps = sqliteTable(
  'checkpoint_timestamps',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    checkpointSeq: integer('checkpoint_seq')
      .notNull()
      .references(() => ledgerCheckpoints.seq),
    token: blob('token', { mode: 'buffer' }).notNull(),
    genTime: text('gen_time').notNull(),
    serial: text('serial').notNull(),
    tsaUrl: text('tsa_url').notNull(),
    createdAt: text('created_at').notNull()
  },
  (t) => [index('checkpoint_timestamps_checkpoint').on(t.checkpointSeq, t.seq)]
)

// Long-running work (verification, dossier builds). Status rows are updated as the job runs; a
// restart marks jobs that were queued or running as failed.
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    progress: real('progress').notNull(),
    message: text('message'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    result: text('result'),
    error: text('error')
  },
  (t) => [index('jobs_kind').on(t.kind, t.createdAt)]
)

// Case files: a legal liaison's grouping of incidents (and patterns) for one recipient under one
// disclosure profile. `document` holds the rest of the case input (purpose, patterns, the links
// from legal elements to exhibits).
export const cases = sqliteTable(
  'cases',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    recipient: text('recipient').notNull(),
    profile: text('profile').notNull(),
    document: text('document', { mode: 'json' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    // The current revision (1 when built); each later one is a row of case_revisions.
    revision: integer('revision').notNull().default(1)
  },
  (t) => [uniqueIndex('cases_id').on(t.id), uniqueIndex('cases_reference').on(t.reference)]
)

// Every revision of a case, whole (title, recipient, profile and the document with its incident ids),
// with the RFC 8785 SHA-256 of that content its ledger entry records. Append-only (triggers).
export const caseRevisions = sqliteTable(
  'case_revisions',
  {
    caseSeq: integer('case_seq')
      .notNull()
      .references(() => cases.seq),
    revision: integer('revision').notNull(),
    content: text('content', { mode: 'json' }).notNull(),
    contentSha256: text('content_sha256').notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    createdAt: text('created_at').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [primaryKey({ columns: [t.caseSeq, t.revision] })]
)

// The incidents of a case, in the order the dossier presents them.
export const caseIncidents = sqliteTable(
  'case_incidents',
  {
    caseSeq: integer('case_seq')
      .notNull()
      .references(() => cases.seq),
    position: integer('position').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq)
  },
  (t) => [primaryKey({ columns: [t.caseSeq, t.position] }), index('case_incidents_incident').on(t.incidentSeq)]
)

// Each dossier asked for (its build is the job of the same id). Append-only (triggers).
export const dossiers = sqliteTable(
  'dossiers',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    caseSeq: integer('case_seq')
      .notNull()
      .references(() => cases.seq),
    language: text('language').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: text('requested_at').notNull(),
    // The case revision the dossier is built from (null: asked for before cases had revisions, i.e. 1).
    caseRevision: integer('case_revision')
  },
  (t) => [uniqueIndex('dossiers_id').on(t.id), index('dossiers_case').on(t.caseSeq, t.seq)]
)

// The export history: one row per dossier built, with the hashes of what left the system and the
// ledger entry that records it. Append-only (triggers): what was exported never changes.
export const dossierExports = sqliteTable('dossier_exports', {
  dossierSeq: integer('dossier_seq')
    .primaryKey()
    .references(() => dossiers.seq),
  generatedAt: text('generated_at').notNull(),
  pdfSha256: text('pdf_sha256').notNull(),
  pdfSize: integer('pdf_size').notNull(),
  packageSha256: text('package_sha256').notNull(),
  packageSize: integer('package_size').notNull(),
  manifestSha256: text('manifest_sha256').notNull(),
  checkpointSize: integer('checkpoint_size').notNull(),
  timestamped: integer('timestamped', { mode: 'boolean' }).notNull(),
  exportedIndex: integer('exported_index').notNull(),
  summary: text('summary', { mode: 'json' }).notNull(),
  exhibits: text('exhibits', { mode: 'json' }).notNull(),
  // Who the dossier names and the consent it relied on (ids and consent states only): decides who may
  // download it and whether it is stale. Null for dossiers built before this was recorded.
  basis: text('basis', { mode: 'json' })
})

// Each time a dossier was handed to its recipient (a `shared-with-recipient` ledger entry). Append-only.
export const dossierDeliveries = sqliteTable(
  'dossier_deliveries',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    dossierSeq: integer('dossier_seq')
      .notNull()
      .references(() => dossiers.seq),
    artefact: text('artefact').notNull(),
    method: text('method').notNull(),
    recipientReference: text('recipient_reference'),
    deliveredAt: text('delivered_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [index('dossier_deliveries_dossier').on(t.dossierSeq, t.seq)]
)

// Typed links between incidents (#18): connected crimes, the same event, related, duplicates. Never
// deleted: a removal is recorded on the row (and in the ledger). `category` is the connected crime's
// category on the target incident (connected-to only); `fromCategory` optionally names the source
// incident's qualification the connection serves (a link between qualifications). `contentSha256` is
// the RFC 8785 SHA-256 of the link as it now stands (server/lib/analysis/incident-links.ts), the hash
// its latest ledger entry (`ledgerIndex`, or `removedLedgerIndex` once removed) carries.
export const incidentLinks = sqliteTable(
  'incident_links',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    fromIncidentSeq: integer('from_incident_seq')
      .notNull()
      .references(() => incidents.seq),
    toIncidentSeq: integer('to_incident_seq')
      .notNull()
      .references(() => incidents.seq),
    type: text('type').notNull(),
    category: text('category'),
    fromCategory: text('from_category'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    ledgerIndex: integer('ledger_index').notNull(),
    removedAt: text('removed_at'),
    removedBy: text('removed_by'),
    removedLedgerIndex: integer('removed_ledger_index'),
    contentSha256: text('content_sha256').notNull()
  },
  (t) => [
    uniqueIndex('incident_links_id').on(t.id),
    index('incident_links_from').on(t.fromIncidentSeq, t.seq),
    index('incident_links_to').on(t.toIncidentSeq, t.seq)
  ]
)

// Verification records of an exhibit (Berkeley Protocol phases: source, technical, content). The
// finding is free text, sealed at rest like evidence descriptions (`findingEnc`, a field envelope);
// `findingDigest` is SHA-256(salt ‖ finding) with a random per-record salt, so the content hash the
// ledger carries covers the finding without the ledger (or `npm run verify`, which has no key)
// needing it. Append-only in use: a later finding is a new record.
export const evidenceVerifications = sqliteTable(
  'evidence_verifications',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    evidenceSeq: integer('evidence_seq')
      .notNull()
      .references(() => evidence.seq),
    phase: text('phase').notNull(),
    method: text('method').notNull(),
    status: text('status').notNull(),
    findingEnc: text('finding_enc').notNull(),
    findingSalt: text('finding_salt').notNull(),
    findingDigest: text('finding_digest').notNull(),
    analyst: text('analyst').notNull(),
    createdAt: text('created_at').notNull(),
    contentSha256: text('content_sha256').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [uniqueIndex('evidence_verifications_id').on(t.id), index('evidence_verifications_evidence').on(t.evidenceSeq, t.seq)]
)

// Custody events recorded by people about an exhibit (#17 item 4): what happened to it before and
// outside Sanad (received, transferred, captured online, physical item sealed) and the collector's
// declaration. `codes` holds the closed-vocabulary fields and staff codes (JSON); `sealedEnc` the free
// fields (URL, post id, tool, seal number, note) as a field envelope, `sealedDigest` their salted
// SHA-256, which the content hash covers. The ledger entry carries codes and the content hash only.
export const custodyEvents = sqliteTable(
  'custody_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    evidenceSeq: integer('evidence_seq')
      .notNull()
      .references(() => evidence.seq),
    type: text('type').notNull(),
    occurredAt: text('occurred_at').notNull(),
    codes: text('codes').notNull(),
    itemSha256: text('item_sha256'),
    sealedEnc: text('sealed_enc').notNull(),
    sealedSalt: text('sealed_salt').notNull(),
    sealedDigest: text('sealed_digest').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
    contentSha256: text('content_sha256').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [uniqueIndex('custody_events_id').on(t.id), index('custody_events_evidence').on(t.evidenceSeq, t.seq)]
)

// Resumable (tus) uploads in progress, and finished ones until they expire (their link to the evidence
// record answers a client that lost the final answer). The bytes live in $SANAD_DATA_DIR/uploads/<id>
// until completion moves them into the blob store. `metadata` is the client's Upload-Metadata as a
// field envelope sealed under the master key (file name, description, capture record).
export const uploads = sqliteTable(
  'uploads',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    owner: text('owner').notNull(),
    incidentId: text('incident_id').notNull(),
    size: integer('size').notNull(),
    metadata: text('metadata').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    // Set when completion first handed the bytes to the evidence service: after a crash, the record it
    // may have committed is looked for (by hash, incident and uploader) before ingesting again.
    ingestStartedAt: text('ingest_started_at'),
    evidenceId: text('evidence_id'),
    completedAt: text('completed_at')
  },
  (t) => [uniqueIndex('uploads_id').on(t.id), index('uploads_owner').on(t.owner, t.evidenceId), index('uploads_expires').on(t.expiresAt)]
)

// Contextual elements of crimes against humanity assessed on a pattern (incident_seq null) or
// overridden on one of its incidents (incident_seq set, with a reason from a closed list). Append-only
// in use: a new assessment of the same element supersedes the last (the latest seq wins), so the
// history stays. `evidence_ids` is a JSON array of evidence ids; `content_sha256` is what the
// `context-assessed` ledger entry carries (npm run verify re-derives it).
export const contextAssessments = sqliteTable(
  'context_assessments',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    patternSeq: integer('pattern_seq')
      .notNull()
      .references(() => patterns.seq),
    incidentSeq: integer('incident_seq').references(() => incidents.seq),
    element: text('element').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    evidenceIds: text('evidence_ids', { mode: 'json' }).notNull(),
    assessor: text('assessor').notNull(),
    assessedAt: text('assessed_at').notNull(),
    contentSha256: text('content_sha256').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [
    uniqueIndex('context_assessments_id').on(t.id),
    index('context_assessments_pattern').on(t.patternSeq, t.incidentSeq, t.seq),
    index('context_assessments_incident').on(t.incidentSeq, t.seq)
  ]
)

// The register of perpetrator organisations and their units (#18 item 3): a unit has a parent (an
// organisation or another unit); `type` is the closed list of perpetrator types, `organ` the taxonomy's
// organ id (gdi, mpvpv, police…). The name is free text and stays out of the ledger: entries carry
// ids, closed words and `contentSha256` (RFC 8785 SHA-256 of the record, see
// server/lib/analysis/involvements.ts). Rows moved here from incidents' perpetrator objects by the
// migration are sealed at the next start (their hash and ledger entry are written then: SQL cannot
// hash); until then `ledger_index` and `content_sha256` are null. Never deleted (triggers).
export const organisations = sqliteTable(
  'organisations',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    organ: text('organ'),
    name: text('name').notNull(),
    parentSeq: integer('parent_seq'),
    origin: text('origin').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    ledgerIndex: integer('ledger_index'),
    contentSha256: text('content_sha256')
  },
  (t) => [uniqueIndex('organisations_id').on(t.id), index('organisations_parent').on(t.parentSeq, t.seq)]
)

// Comments on incidents and exhibits (#19 item 7). The text is free text that may name someone: sealed
// at rest like narratives (`bodyEnc`, a field envelope bound to the row id), never in the ledger, whose
// `comment-posted` entry carries ids and `contentSha256` (over the salted `bodyDigest`). `mentions` is
// the JSON array of accounts notified (`user:<id>`). Never updated, never deleted.
export const comments = sqliteTable(
  'comments',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    evidenceSeq: integer('evidence_seq').references(() => evidence.seq),
    author: text('author').notNull(),
    bodyEnc: text('body_enc').notNull(),
    bodySalt: text('body_salt').notNull(),
    bodyDigest: text('body_digest').notNull(),
    mentions: text('mentions', { mode: 'json' }).notNull(),
    createdAt: text('created_at').notNull(),
    contentSha256: text('content_sha256').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [uniqueIndex('comments_id').on(t.id), index('comments_incident').on(t.incidentSeq, t.seq)]
)

// Notifications inside the app: who did what where, by ids only (the web app words them: "KBL-07
// mentioned you on incident SND-2025-0012"); never the comment's text or a person's name. `userSeq` is
// the recipient's account row; `readAt` is set when they open or clear it.
export const notifications = sqliteTable(
  'notifications',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    userSeq: integer('user_seq').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    evidenceSeq: integer('evidence_seq').references(() => evidence.seq),
    commentId: text('comment_id').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at')
  },
  (t) => [uniqueIndex('notifications_id').on(t.id), index('notifications_user').on(t.userSeq, t.seq)]
)

// Exhibits marked graphic (#19 item 9), and unmarked: append-only, the latest row of an exhibit wins;
// each one has its `evidence-graphic-marked` ledger entry (ids and a boolean).
export const evidenceGraphicMarks = sqliteTable(
  'evidence_graphic_marks',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    evidenceSeq: integer('evidence_seq')
      .notNull()
      .references(() => evidence.seq),
    graphic: integer('graphic', { mode: 'boolean' }).notNull(),
    actor: text('actor').notNull(),
    createdAt: text('created_at').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [index('evidence_graphic_marks_evidence').on(t.evidenceSeq, t.seq)]
)

// Each account's own display preferences (one row per account): whether graphic media stays blurred
// until revealed one by one (the default) or is shown at once.
export const userPreferences = sqliteTable('user_preferences', {
  userSeq: integer('user_seq').primaryKey(),
  keepGraphicBlurred: integer('keep_graphic_blurred', { mode: 'boolean' }).notNull(),
  updatedAt: text('updated_at').notNull()
})

// Each revision of an exhibit's descriptive details (#19 item 5): the values it replaced, sealed as one
// envelope (the description is free text), who and when, and its `evidence-details-revised` ledger entry.
export const evidenceDetailRevisions = sqliteTable(
  'evidence_detail_revisions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    evidenceSeq: integer('evidence_seq')
      .notNull()
      .references(() => evidence.seq),
    revision: integer('revision').notNull(),
    reason: text('reason').notNull(),
    previousEnc: text('previous_enc').notNull(),
    actor: text('actor').notNull(),
    createdAt: text('created_at').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [uniqueIndex('evidence_detail_revisions_id').on(t.id), uniqueIndex('evidence_detail_revisions_rev').on(t.evidenceSeq, t.revision)]
)

// An account's saved searches of the incident list (#19 item 8): its own, never shown to anyone else.
// The name is what the owner typed and the query may hold search words (a name): both sealed.
export const savedSearches = sqliteTable(
  'saved_searches',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    userSeq: integer('user_seq').notNull(),
    nameEnc: text('name_enc').notNull(),
    queryEnc: text('query_enc').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull()
  },
  (t) => [uniqueIndex('saved_searches_id').on(t.id), index('saved_searches_user').on(t.userSeq, t.seq)]
)

// The recipient's own reference numbers of a case's exhibits (#17 item 7), one row per import, whole:
// `content` is the RFC 8785 JSON {case, references: [{exhibitId, reference}]} sorted by exhibit id, whose
// SHA-256 the `recipient-references-imported` ledger entry records (npm run verify re-derives it). The
// current reference of an exhibit is the one of the latest import naming it. Append-only (triggers).
export const recipientReferenceImports = sqliteTable(
  'recipient_reference_imports',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    caseSeq: integer('case_seq')
      .notNull()
      .references(() => cases.seq),
    content: text('content').notNull(),
    contentSha256: text('content_sha256').notNull(),
    count: integer('count').notNull(),
    source: text('source').notNull(),
    actor: text('actor').notNull(),
    createdAt: text('created_at').notNull(),
    ledgerIndex: integer('ledger_index').notNull()
  },
  (t) => [index('recipient_reference_imports_case').on(t.caseSeq, t.seq)]
)
