import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { evidence, incidents, organisations } from './schema.ts'

/**
 * Identity tables: accounts, sessions, API tokens, login throttling, persons and their consent.
 *
 * Secrets are never stored as given: passwords as argon2id hashes, session ids, CSRF tokens and API
 * tokens as SHA-256 hex, throttling keys as HMACs. Identifying fields of persons and TOTP secrets are
 * AES-256-GCM envelopes (server/lib/crypto/field-crypto.ts) under the master key kept outside the database.
 * Append-only and no-delete triggers live in the hand-written part of the `identity` migration.
 */

// Accounts. Never deleted (disabled instead), so that every `user:<id>` in the ledger stays resolvable.
export const users = sqliteTable(
  'users',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    // Lower-case login handle. Never written to the ledger or the log: the actor is `user:<id>`.
    username: text('username').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: text('password_changed_at').notNull(),
    // Field-crypto envelopes (AAD: users/<column>/<id>); totpPending holds a secret being enrolled.
    totpSecret: text('totp_secret'),
    totpPending: text('totp_pending'),
    totpEnabledAt: text('totp_enabled_at'),
    // Highest TOTP time step accepted so far: a code is never accepted twice.
    totpLastStep: integer('totp_last_step'),
    disabledAt: text('disabled_at'),
    lastLoginAt: text('last_login_at'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    // The organisation's staff code (closed format, e.g. KBL-07), set by an admin: how custody events and
    // the dossier's custodian register name a custodian without a name. Unique when set.
    staffCode: text('staff_code')
  },
  (t) => [uniqueIndex('users_id').on(t.id), uniqueIndex('users_username').on(t.username), uniqueIndex('users_staff_code').on(t.staffCode)]
)

// Server-side sessions. The cookie holds a random id; only its SHA-256 is stored. Times in epoch ms.
// `publicId` names the session in the owner's session list (ending one by it): it is not the secret
// nor derived from it. `userAgent` is a short summary ("Chromium on Linux"), never the full header.
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    csrfHash: text('csrf_hash').notNull(),
    createdMs: integer('created_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    expiresMs: integer('expires_ms').notNull(),
    publicId: text('public_id'),
    userAgent: text('user_agent')
  },
  (t) => [index('sessions_user').on(t.userSeq), uniqueIndex('sessions_public_id').on(t.publicId)]
)

// API tokens for scripts (`Authorization: Bearer sanad_pat_…`); only the SHA-256 is stored.
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: text('created_at').notNull(),
    expiresMs: integer('expires_ms'),
    lastUsedMs: integer('last_used_ms'),
    revokedAt: text('revoked_at')
  },
  (t) => [uniqueIndex('api_tokens_id').on(t.id), uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_user').on(t.userSeq)]
)

// Single-use recovery codes of the second factor, replaced as a set at each enrolment or regeneration.
// Only the SHA-256 of the normalised code is stored. A code carries 80 random bits, so neither a slow
// hash nor a key is needed (2^80 guesses is out of reach offline), and it survives a master-key rotation.
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    codeHash: text('code_hash').notNull(),
    createdAt: text('created_at').notNull(),
    usedAt: text('used_at')
  },
  (t) => [uniqueIndex('recovery_codes_hash').on(t.codeHash), index('recovery_codes_user').on(t.userSeq)]
)

// Account-security events (sign-ins, failures, second factor, API tokens), shown to the account's owner
// and to admins. Not the custody ledger. Closed vocabularies only: no password, code, token, username
// or client address; `detail` is a closed word or an id (of a token), `userAgent` a short summary.
export const securityEvents = sqliteTable(
  'security_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    type: text('type').notNull(),
    detail: text('detail'),
    at: text('at').notNull(),
    // `user:<id>` of whoever caused it (an admin for a reset), or `system` for the command line.
    actor: text('actor').notNull(),
    userAgent: text('user_agent')
  },
  (t) => [index('security_events_user').on(t.userSeq, t.seq)]
)

// Failed sign-ins per account and per client address. `key` is an HMAC of the username or address
// (never the value itself: people type passwords into the username field).
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartMs: integer('window_start_ms').notNull(),
  lockedUntilMs: integer('locked_until_ms')
})

// Persons linked to an incident in one role. Identifying fields are envelopes, whatever `protected`
// says: `protected` decides who may see the identity, not whether it is encrypted at rest.
export const persons = sqliteTable(
  'persons',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    role: text('role').notNull(),
    pseudonym: text('pseudonym').notNull(),
    protected: integer('protected', { mode: 'boolean' }).notNull(),
    // Need-to-know by decision of the documenter (in addition to the incident's categories).
    sensitive: integer('sensitive', { mode: 'boolean' }).notNull(),
    nameEnc: text('name_enc').notNull(),
    aliasesEnc: text('aliases_enc'),
    contactsEnc: text('contacts_enc'),
    addressEnc: text('address_enc'),
    homeLocationEnc: text('home_location_enc'),
    notesEnc: text('notes_enc'),
    // Age (or age at the time), sex and group membership: envelopes like the identity, because together
    // they identify, and group membership (ethnicity, religion, gender) is sensitive data.
    ageEnc: text('age_enc'),
    sexEnc: text('sex_enc'),
    groupsEnc: text('groups_enc'),
    // Consent for a deceased person comes from the next of kin (enforced when consent is recorded).
    deceased: integer('deceased', { mode: 'boolean' }).notNull().default(false),
    revision: integer('revision').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    // The id the creator's client gave the record (offline capture): a retry answers the same record.
    clientId: text('client_id')
  },
  (t) => [
    uniqueIndex('persons_id').on(t.id),
    uniqueIndex('persons_client_id').on(t.createdBy, t.clientId),
    uniqueIndex('persons_pseudonym').on(t.pseudonym),
    index('persons_incident').on(t.incidentSeq, t.seq)
  ]
)

// A person in an incident in one role: one person record (one pseudonym) may be linked to several
// incidents in several roles. `persons.incident_seq` and `persons.role` stay the incident and role the
// person was first recorded in. A link is never deleted: removing it sets `removed_*` (triggers).
export const personIncidents = sqliteTable(
  'person_incidents',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    personSeq: integer('person_seq')
      .notNull()
      .references(() => persons.seq),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    role: text('role').notNull(),
    linkedAt: text('linked_at').notNull(),
    linkedBy: text('linked_by').notNull(),
    removedAt: text('removed_at'),
    removedBy: text('removed_by'),
    // A word from the closed list of lowering reasons (removing a need-to-know link lowers protection).
    removalReason: text('removal_reason')
  },
  (t) => [index('person_incidents_incident').on(t.incidentSeq, t.seq), index('person_incidents_person').on(t.personSeq, t.seq)]
)

// Interviews of a person. Everything said about an interview (date, place, language, interpreter,
// who was present, duration, consent, referral) is one envelope (AAD: person_interviews/details/<id>);
// `content_sha256` is the SHA-256 of the sealed plaintext, which holds a random salt, so the ledger
// can carry it without letting anyone guess the content. Append-only (triggers) but for key rotation.
export const personInterviews = sqliteTable(
  'person_interviews',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    personSeq: integer('person_seq')
      .notNull()
      .references(() => persons.seq),
    detailsEnc: text('details_enc').notNull(),
    contentSha256: text('content_sha256').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull()
  },
  (t) => [uniqueIndex('person_interviews_id').on(t.id), index('person_interviews_person').on(t.personSeq, t.seq)]
)

// Consent history, one row per purpose per change; append-only (triggers). The current consent for a
// purpose is its latest row. No free text: nothing here can hold an identity.
export const personConsents = sqliteTable(
  'person_consents',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    personSeq: integer('person_seq')
      .notNull()
      .references(() => persons.seq),
    purpose: text('purpose').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    kind: text('kind').notNull(),
    givenOn: text('given_on').notNull(),
    method: text('method'),
    language: text('language'),
    interpreter: integer('interpreter', { mode: 'boolean' }),
    // person | guardian | next-of-kin (null: rows recorded before it was asked, i.e. the person).
    givenBy: text('given_by'),
    // The child's own assent, recorded with a guardian's consent for a person under 18.
    childAssent: integer('child_assent', { mode: 'boolean' }),
    obtainedBy: text('obtained_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull()
  },
  (t) => [index('person_consents_person').on(t.personSeq, t.purpose, t.seq)]
)

// Explicit need-to-know clearances: a user may see identities in one incident. Revoked, never deleted.
export const clearances = sqliteTable(
  'clearances',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    grantedAt: text('granted_at').notNull(),
    grantedBy: text('granted_by').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by')
  },
  (t) => [index('clearances_user_incident').on(t.userSeq, t.incidentSeq)]
)

// Earlier values of identifying fields, one row per field each time it is changed or cleared. Each value
// is an envelope like the current one (AAD: person_identity_history/value/<id>), readable only by those
// who may read the identity. Append-only (triggers); the value is re-encrypted only by key rotation.
export const personIdentityHistory = sqliteTable(
  'person_identity_history',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    personSeq: integer('person_seq')
      .notNull()
      .references(() => persons.seq),
    field: text('field').notNull(),
    // The revision that replaced this value: the value held from the previous revision until this one.
    replacedInRevision: integer('replaced_in_revision').notNull(),
    valueEnc: text('value_enc').notNull(),
    replacedAt: text('replaced_at').notNull(),
    replacedBy: text('replaced_by').notNull()
  },
  (t) => [uniqueIndex('person_identity_history_id').on(t.id), index('person_identity_history_person').on(t.personSeq, t.seq)]
)
// Four eyes on clearances: with two or more active admins a clearance is first a request, effective
// only once another admin approves it (then a `clearances` row is written). Decided once, never deleted.
export const clearanceRequests = sqliteTable(
  'clearance_requests',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    requestedAt: text('requested_at').notNull(),
    requestedBy: text('requested_by').notNull(),
    // pending | approved | rejected
    status: text('status').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by')
  },
  (t) => [uniqueIndex('clearance_requests_id').on(t.id), index('clearance_requests_status').on(t.status, t.seq)]
)

// Device keys enrolled by their owners: the public half of an ECDSA P-256 key made on a phone or
// browser (its private half never leaves it), stored as SPKI DER in base64 with its SHA-256. Capture
// records are signed with them, and `npm run verify` checks those signatures with the key kept here
// (its SHA-256 is also in the `device-enrolled` ledger entry). Revoked, never deleted nor changed
// (triggers); the label is free text and stays out of the ledger.
export const devices = sqliteTable(
  'devices',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    userSeq: integer('user_seq')
      .notNull()
      .references(() => users.seq),
    label: text('label').notNull(),
    algorithm: text('algorithm').notNull(),
    publicKey: text('public_key').notNull(),
    keySha256: text('key_sha256').notNull(),
    createdAt: text('created_at').notNull(),
    enrolIndex: integer('enrol_index').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by')
  },
  (t) => [uniqueIndex('devices_id').on(t.id), uniqueIndex('devices_key').on(t.keySha256), index('devices_user').on(t.userSeq, t.seq)]
)

// Time-bounded positions of perpetrator person records in the register's organisations and units
// (#18 item 3). The person is named by its record (pseudonym; identity sealed there), never here.
// `title` is free text (commander, head of department) and stays out of the ledger. Append-only.
export const positions = sqliteTable(
  'positions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    personSeq: integer('person_seq')
      .notNull()
      .references(() => persons.seq),
    organisationSeq: integer('organisation_seq')
      .notNull()
      .references(() => organisations.seq),
    title: text('title').notNull(),
    fromDate: text('from_date'),
    toDate: text('to_date'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    ledgerIndex: integer('ledger_index').notNull(),
    contentSha256: text('content_sha256').notNull()
  },
  (t) => [
    uniqueIndex('positions_id').on(t.id),
    index('positions_person').on(t.personSeq, t.seq),
    index('positions_organisation').on(t.organisationSeq, t.seq)
  ]
)

// Involvement records (#18 item 3, after the HURIDOCS ESF): a perpetrator person or a unit of the
// register, in an incident (optionally one qualification's element), under a mode of liability of
// Rome Statute Art. 25(3) or 28 (closed list), over a period, supported by exhibits (evidence ids) and
// sources (person ids of the incident). Retracted, never deleted. Rows moved from the old perpetrator
// objects keep the old involvement word and position (`legacy_*`) and are sealed at the next start
// like organisations (null hash and ledger index until then).
export const involvements = sqliteTable(
  'involvements',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    incidentSeq: integer('incident_seq')
      .notNull()
      .references(() => incidents.seq),
    personSeq: integer('person_seq').references(() => persons.seq),
    organisationSeq: integer('organisation_seq').references(() => organisations.seq),
    mode: text('mode').notNull(),
    category: text('category'),
    element: text('element'),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    exhibits: text('exhibits', { mode: 'json' }).notNull(),
    sources: text('sources', { mode: 'json' }).notNull(),
    origin: text('origin').notNull(),
    legacyInvolvement: text('legacy_involvement'),
    legacyIndex: integer('legacy_index'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    ledgerIndex: integer('ledger_index'),
    contentSha256: text('content_sha256'),
    retractedAt: text('retracted_at'),
    retractedBy: text('retracted_by'),
    retractionReason: text('retraction_reason'),
    retractedLedgerIndex: integer('retracted_ledger_index')
  },
  (t) => [uniqueIndex('involvements_id').on(t.id), index('involvements_incident').on(t.incidentSeq, t.seq)]
)

// Who an exhibit shows (#17 item 9): a "depicts" link from an image or video to a person of its
// incident, so that image consent is decided per exhibit. Never deleted: a removal is recorded on the
// row. `contentSha256` is the RFC 8785 SHA-256 of the link as it now stands
// (server/lib/analysis/depicts-links.ts), the hash its latest ledger entry (`ledgerIndex`, or
// `removedLedgerIndex` once removed) carries and `npm run verify` re-derives.
export const evidenceDepicts = sqliteTable(
  'evidence_depicts',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    evidenceSeq: integer('evidence_seq')
      .notNull()
      .references(() => evidence.seq),
    personSeq: integer('person_seq')
      .notNull()
      .references(() => persons.seq),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    ledgerIndex: integer('ledger_index').notNull(),
    removedAt: text('removed_at'),
    removedBy: text('removed_by'),
    removedLedgerIndex: integer('removed_ledger_index'),
    contentSha256: text('content_sha256').notNull()
  },
  (t) => [
    uniqueIndex('evidence_depicts_id').on(t.id),
    index('evidence_depicts_evidence').on(t.evidenceSeq, t.seq),
    index('evidence_depicts_person').on(t.personSeq)
  ]
)
