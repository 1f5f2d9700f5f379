// Generated from schemas/*.json by `npm run gen:types`. Do not edit.
/* eslint-disable */

export interface AssignmentInput {
  /**
   * The account id of the reviewer, or null to clear the assignment.
   */
  assignee: null | string;
}

/**
 * One of your own sessions. `id` names it for ending it; it is not the session's secret. `userAgent` is a summary such as "Firefox on Windows". `current` marks the session that asks.
 */

export interface SessionView {
  id: string;
  createdAt: string;
  /**
   * Last request, to the nearest minute.
   */
  lastSeenAt: string;
  /**
   * The latest it ends (sign-in + SANAD_SESSION_MAX_HOURS); it ends sooner when idle.
   */
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

/**
 * What a documenter's enrolled device says about a file the moment it was taken or picked, signed by the device key: ECDSA P-256 with SHA-256 over the record's RFC 8785 canonical JSON bytes (UTF-8), the signature in IEEE P1363 form (r‖s, 64 bytes) as WebCrypto produces it. `format` names this layout, so a signature over a record can never be read as a signature over anything else.
 */

export interface CaptureRecord {
  format: "sanad-capture/1";
  /**
   * SHA-256 of the file, lower-case hex.
   */
  sha256: string;
  /**
   * Size of the file in bytes.
   */
  size: number;
  /**
   * The media type the device gave the file (lower case; application/octet-stream when it did not know). The server still detects the type from the content.
   */
  mediaType: string;
  /**
   * When the device took or picked the file, by its own clock: RFC 3339 with its UTC offset (or Z).
   */
  capturedAt: string;
  /**
   * The device's IANA time zone (e.g. Asia/Kabul).
   */
  timeZone: string;
  /**
   * Where the device was, when it knew (WGS 84 degrees; accuracy in metres). Never written to the ledger.
   */
  position?: {
    lat: number;
    lon: number;
    accuracy: number;
  };
  /**
   * User id of the documenter who captured it: the account that uploads it.
   */
  documenter: string;
  /**
   * Id of the enrolled device key that signed the record.
   */
  deviceKeyId: string;
}

/**
 * icc-otp: the Office of the Prosecutor of the International Criminal Court; un-iima: the UN independent investigative mechanism for Afghanistan; national: national prosecuting authorities; public: publication.
 */

export type CaseRecipient = "icc-otp" | "un-iima" | "national" | "public";

export type DisclosureProfileName = "full" | "restricted" | "public";

/**
 * A case file as a legal liaison builds it: incidents (and the patterns they belong to) grouped for one recipient under one disclosure profile. `full` shows identities only where the person consented to that recipient; `restricted` shows pseudonyms only, places at district level and metadata-free copies of media; `public` shows aggregates and pseudonyms, places at province level and no media metadata. A public recipient never gets the `full` profile.
 */

export interface CaseInput {
  title: string;
  /**
   * What the case file is for (e.g. an Article 15 communication).
   */
  purpose?: string;
  /**
   * The incidents of the case, in the order the dossier presents them.
   *
   * @minItems 1
   * @maxItems 2000
   */
  incidentIds: string[];
  /**
   * Patterns (widespread or systematic attacks and their policy) the case relies on; patterns the incidents link to are added.
   *
   * @maxItems 50
   */
  patternIds?: string[];
  recipient: CaseRecipient;
  profile: DisclosureProfileName;
  /**
   * Which exhibits support which legal element of which incident's qualification (the dossier's element checklist).
   *
   * @maxItems 5000
   */
  elementLinks?: ElementLink[];
}

export interface ElementLink {
  incidentId: string;
  category: string;
  element: string;
  /**
   * @minItems 1
   * @maxItems 200
   */
  evidenceIds: string[];
  note?: string;
}

/**
 * Why a case was revised: correction (a mistake in the case), new-information (incidents or evidence came in), legal-review (a lawyer's assessment changed the links), recipient-request (the recipient asked for it), scope-change (incidents or patterns added or taken out), consent-change (a person's consent changed), other.
 */

export type CaseRevisionReason =
  "correction" | "new-information" | "legal-review" | "recipient-request" | "scope-change" | "consent-change" | "other";
/**
 * The incidents of the case, in the order the dossier presents them.
 *
 * @minItems 1
 * @maxItems 2000
 */

export type IncidentIds = string[];
/**
 * Patterns (widespread or systematic attacks and their policy) the case relies on; patterns the incidents link to are added.
 *
 * @maxItems 50
 */

export type PatternIds = string[];
/**
 * icc-otp: the Office of the Prosecutor of the International Criminal Court; un-iima: the UN independent investigative mechanism for Afghanistan; national: national prosecuting authorities; public: publication.
 */

export type ElementLinks = ElementLink[];

/**
 * A revision of a case: each field given replaces the stored one whole; fields left out are kept. `baseRevision` is the revision the edit started from (a newer one answers 409 SANAD_ERR_REVISION_CONFLICT); `reason` is a code from a closed list, since the ledger records it.
 */

export interface CasePatch {
  baseRevision: number;
  reason: CaseRevisionReason;
  title?: string;
  /**
   * What the case file is for (e.g. an Article 15 communication).
   */
  purpose?: string;
  incidentIds?: IncidentIds;
  patternIds?: PatternIds;
  recipient?: CaseRecipient;
  profile?: DisclosureProfileName;
  elementLinks?: ElementLinks;
}

/**
 * icc-otp: the Office of the Prosecutor of the International Criminal Court; un-iima: the UN independent investigative mechanism for Afghanistan; national: national prosecuting authorities; public: publication.
 */

export interface CaseRevisionList {
  items: CaseRevision[];
}

export interface CaseRevision {
  revision: number;
  /**
   * `created` for the first revision, else a CaseRevisionReason.
   */
  reason: string;
  actor: string;
  createdAt: string;
  contentSha256: string;
  /**
   * Ledger index of its `case-created` or `case-revised` entry.
   */
  ledgerIndex: number;
  content: CaseRevisionContent;
}

export interface CaseRevisionContent {
  case: string;
  reference: string;
  revision: number;
  title: string;
  purpose?: string;
  recipient: CaseRecipient;
  profile: DisclosureProfileName;
  incidentIds: string[];
  patternIds: string[];
  elementLinks: ElementLink[];
}

/**
 * The incidents of the case, in the order the dossier presents them.
 *
 * @minItems 1
 * @maxItems 2000
 */

export interface CaseWarningsInput {
  incidentIds: IncidentIds;
  recipient: CaseRecipient;
}

/**
 * What a legal liaison should know before a case goes out; warnings never refuse a case. OUTSIDE_ICC_JURISDICTION_WINDOW: an ICC case holds conduct entirely before 1 May 2003, when the Rome Statute entered into force for Afghanistan (the dossier leaves it out of its ICC totals); PARTLY_OUTSIDE_ICC_JURISDICTION_WINDOW: part of it is before that day; INCIDENT_NOT_VERIFIED: an incident's status is not `verified`; WAR_CRIME_NEXUS_REVIEW: a war-crime category of conduct after 15 August 2021 needs a lawyer's review of the armed-conflict nexus.
 */

export type CaseWarnings = CaseWarning[];

export interface CaseWarning {
  code:
    | "OUTSIDE_ICC_JURISDICTION_WINDOW"
    | "PARTLY_OUTSIDE_ICC_JURISDICTION_WINDOW"
    | "INCIDENT_NOT_VERIFIED"
    | "WAR_CRIME_NEXUS_REVIEW";
  message: string;
  incidentId?: string;
}

/**
 * icc-otp: the Office of the Prosecutor of the International Criminal Court; un-iima: the UN independent investigative mechanism for Afghanistan; national: national prosecuting authorities; public: publication.
 */

export interface Case {
  id: string;
  /**
   * Human reference printed on every page of its dossiers, e.g. SND-C-2026-0001.
   */
  reference: string;
  title: string;
  purpose?: string;
  recipient: CaseRecipient;
  profile: DisclosureProfileName;
  /**
   * The case's current revision (1 when built); send it as `baseRevision` with a PATCH.
   */
  revision: number;
  incidentIds: string[];
  patternIds: string[];
  elementLinks: ElementLink[];
  createdAt: string;
  createdBy: string;
  /**
   * Ledger index of the `case-created` entry.
   */
  ledgerIndex?: number;
  warnings?: CaseWarnings;
  dossiers?: Dossier[];
  /**
   * What needs acting on: a person whose consent a delivered dossier relied on has withdrawn it (`consent`: the recipient's purpose, storage or image). Ids only.
   */
  alerts?: {
    code: "CONSENT_WITHDRAWN_AFTER_DELIVERY";
    dossierId: string;
    /**
     * The person the task concerns; absent when `withheld`.
     */
    personId?: string;
    consent: "purpose" | "storage" | "image";
    /**
     * The person as the dossier named them (never an identity).
     */
    pseudonym?: string;
    /**
     * The dossier's latest recorded delivery.
     */
    deliveredOn?: string;
    /**
     * While no notice is recorded: a draft notice to the recipient in the dossier's language (pseudonym, ids and dates only).
     */
    draftNotice?: string;
    /**
     * When the notice was recorded as sent.
     */
    noticeSentOn?: string;
    /**
     * The `consent-notice-sent` ledger entry.
     */
    noticeLedgerIndex?: number;
    /**
     * The person's incident is need-to-know and the reader is not cleared: no person id, no pseudonym, no draft, no ledger index.
     */
    withheld?: "need-to-know";
  }[];
}

export interface Dossier {
  id: string;
  caseId: string;
  caseReference?: string;
  /**
   * The case revision the dossier is built from (its cover and its `exported` ledger entry say so too).
   */
  caseRevision?: number;
  status: "queued" | "running" | "ready" | "failed";
  /**
   * 0 to 1
   */
  progress: number;
  /**
   * What the build is doing now.
   */
  message?: string | null;
  /**
   * Why the build failed (a SANAD_ERR_* message).
   */
  error?: string | null;
  language: "en" | "fa" | "ps";
  requestedAt: string;
  requestedBy: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  /**
   * The generation time printed in the dossier and signed in its manifest.
   */
  generatedAt?: string;
  /**
   * SHA-256 of the PDF.
   */
  sha256?: string;
  /**
   * Size of the PDF in bytes.
   */
  size?: number;
  packageSha256?: string;
  packageSize?: number;
  manifestSha256?: string;
  /**
   * Tree size of the signed ledger checkpoint the dossier is anchored to.
   */
  checkpointSize?: number;
  /**
   * The package carries an RFC 3161 timestamp of that checkpoint.
   */
  timestamped?: boolean;
  /**
   * Ledger index of the `exported` entry that records this dossier.
   */
  exportedIndex?: number;
  summary?: {
    incidents?: number;
    incidentsLeftOut?: number;
    exhibits?: number;
    originals?: number;
    sharedCopies?: number;
    withheld?: number;
    attachedToPdf?: number;
    packageOnly?: number;
    personsNamed?: number;
    personsPseudonymised?: number;
    personsLeftOut?: number;
    pages?: number;
    warnings?: string[];
    /**
     * The package was encrypted to the recipient's OpenPGP key: the download is that message (`sha256`, `size`); `packageSha256` and `packageSize` are those of the ZIP inside it, which the receipt and verify-export check.
     */
    encryption?: {
      format: "openpgp";
      recipientKeyFingerprint: string;
      sha256: string;
      size: number;
    };
    /**
     * The PDF was encrypted to the recipient's OpenPGP key (always, for a `full` dossier): the download is that message (`sha256`, `size`); the dossier's `sha256` and `size` are those of the PDF inside it, which the receipt and verify-export check.
     */
    pdfEncryption?: {
      format: "openpgp";
      recipientKeyFingerprint: string;
      sha256: string;
      size: number;
    };
  };
  deliveries?: {
    artefact: string;
    method: string;
    reference?: string;
    deliveredOn: string;
    recordedBy: string;
    ledgerIndex: number;
  }[];
}

/**
 * Need-to-know clearance: the user may see the identities of persons in this incident even when it concerns sexual violence or its persons are marked sensitive.
 */

export interface ClearanceInput {
  incidentId: string;
}

/**
 * A need-to-know clearance asked for by one admin while two or more admins are active. It takes effect only when another admin — not the one who asked, not the account to be cleared — approves it.
 */

export interface ClearanceRequest {
  id: string;
  /**
   * The account to be cleared.
   */
  userId: string;
  incidentId: string;
  status: "pending" | "approved" | "rejected";
  requestedAt: string;
  /**
   * user:<id> of the admin who asked.
   */
  requestedBy: string;
  decidedAt: string | null;
  /**
   * user:<id> of the admin who approved or rejected.
   */
  decidedBy: string | null;
}

/**
 * A comment on an incident (or, with `evidenceId`, on one of its exhibits). `body` is free text: sealed at rest, never in the ledger, never in an export. `@username` or `@STAFF-CODE` in it notifies that account, if it may read the incident.
 */

export interface CommentInput {
  body: string;
  evidenceId?: string;
}

/**
 * A comment as its incident's readers see it: the author and the accounts it notified as `user:<id>`.
 */

export interface Comment {
  id: string;
  incidentId: string;
  evidenceId?: string;
  author: string;
  body: string;
  mentions: string[];
  createdAt: string;
  ledgerIndex: number;
  contentSha256: string;
}

export type ConsentValue = "granted" | "refused" | "withdrawn" | "not-recorded";

export interface ConsentHistory {
  current: ConsentState;
  history: ConsentEvent[];
}
/**
 * Current consent per purpose (the latest history row of each).
 */

export interface ConsentState {
  storage: ConsentValue;
  internalAnalysis: ConsentValue;
  icc: ConsentValue;
  un: ConsentValue;
  national: ConsentValue;
  publication: ConsentValue;
  image: ConsentValue;
}

export interface ConsentEvent {
  purpose: "storage" | "internalAnalysis" | "icc" | "un" | "national" | "publication" | "image";
  granted: boolean;
  kind: "granted" | "refused" | "withdrawn" | "confirmed";
  date: string;
  method: string | null;
  language: string | null;
  interpreter: boolean | null;
  obtainedBy: string;
  recordedAt: string;
  recordedBy: string;
  givenBy: "person" | "guardian" | "next-of-kin";
  childAssent: boolean | null;
}

/**
 * Records that the recipient of a delivered dossier was sent the notice of a consent withdrawn since (the task the case's alert shows). Ids, a code and a date: the notice's text is never recorded.
 */

export interface ConsentNoticeInput {
  dossierId: string;
  personId: string;
  consent: "purpose" | "storage" | "image";
  /**
   * Day the notice was sent (default: today).
   */
  sentOn?: string;
}

/**
 * A notice to the recipient recorded as sent.
 */

export interface ConsentNotice {
  /**
   * The `consent-notice-sent` ledger entry.
   */
  ledgerIndex: number;
}

/**
 * Consent given or withdrawn, per purpose: storage, internal analysis, sharing with the ICC, with UN mechanisms, with national prosecutors, publication, use of the person's image or voice. Each purpose named is recorded as one dated, append-only history row; purposes left out are unchanged (never asked = not granted). `false` after `true` is a withdrawal. How and when it was obtained applies to every purpose named. No free text: nothing here may identify anyone.
 */

export interface ConsentInput {
  storage?: boolean;
  internalAnalysis?: boolean;
  icc?: boolean;
  un?: boolean;
  national?: boolean;
  publication?: boolean;
  /**
   * Use of the person's image or voice.
   */
  image?: boolean;
  /**
   * How consent was obtained or withdrawn.
   */
  method?: "written-signed" | "verbal-recorded" | "verbal-witnessed" | "thumbprint" | "electronic" | "guardian";
  /**
   * Who gave it: the person, a guardian (a person under 18: with `childAssent`), or the next of kin (a deceased person). Default: the person.
   */
  givenBy?: "person" | "guardian" | "next-of-kin";
  /**
   * A person under 18 agreed in their own words, besides the guardian's consent.
   */
  childAssent?: boolean;
  /**
   * When it was given or withdrawn (default: today).
   */
  date?: string;
  /**
   * Language consent was explained in.
   */
  language?: string;
  interpreter?: boolean;
  /**
   * Who obtained it, as a pseudonymous staff code or user id (never a name). Default: the recording user.
   */
  obtainedBy?: string;
}

/**
 * An assessment of one contextual element of crimes against humanity. On a pattern: the status and the exhibits that support it (no reason). On an incident of the pattern: an override of the pattern's assessment, with its reason from the closed list (required). The assessor and date are the caller and the time of the request.
 */

export interface ContextAssessmentInput {
  status: "not-assessed" | "alleged" | "partly-supported" | "supported" | "not-supported";
  reason?:
    | "outside-pattern-period"
    | "outside-pattern-area"
    | "different-perpetrator"
    | "nexus-not-shown"
    | "knowledge-not-shown"
    | "incident-specific-evidence";
  /**
   * @maxItems 200
   */
  evidenceIds?: string[];
}

/**
 * One contextual element as it stands: on a pattern, its latest assessment; on an incident, the pattern's (`basis` inherited) or the incident's own override with its reason (`basis` overridden). An element never assessed is `not-assessed` with no assessor. `ledgerIndex` and `contentSha256` are those of the assessment's ledger entry.
 */

export interface ContextAssessment {
  id?: string;
  element:
    | "attack-on-civilian-population"
    | "widespread-or-systematic"
    | "state-or-organisational-policy"
    | "part-of-the-attack"
    | "knowledge-of-the-attack";
  status: "not-assessed" | "alleged" | "partly-supported" | "supported" | "not-supported";
  reason?:
    | "outside-pattern-period"
    | "outside-pattern-area"
    | "different-perpetrator"
    | "nexus-not-shown"
    | "knowledge-not-shown"
    | "incident-specific-evidence";
  basis?: "pattern" | "inherited" | "overridden";
  evidenceIds: string[];
  assessor?: string;
  assessedAt?: string;
  ledgerIndex?: number;
  contentSha256?: string;
}

export type StaffCode = string;

/**
 * A custody event recorded by a person about an exhibit, as it happened outside Sanad or before the upload (Berkeley Protocol para 167: custody starts at collection). Fields by type (any other field is 400): `received` — `fromStaffCode` (a colleague) or `fromSource` (an external source category; never a name), `medium`, `method` (in-person, secure-upload, messaging-app, email, usb-or-media, post, courier, other); `transferred` — `toStaffCode`, `method` (hand-delivery, courier, secure-network-transfer, encrypted-media, other), optional `fromStaffCode`; `captured-online` — `url`, `tool`, `toolVersion`, optional `postId` and `platform`; `physical-item-sealed` — `sealNumber`, optional `action` (sealed by default); `collector-declaration` — `template` (the declaration signed by the caller, whose staff code `by` must be; one per exhibit); `transcribed-or-translated` — recorded on the translation or transcript: `originalId` (another exhibit of the same incident), `kind` (translation, transcript, transcript-and-translation), `sourceLanguage`, `targetLanguage`, `method` (human, machine-assisted), `certification` (informal, certified), optional `reviewedBy` (a staff code); `by` is the translator (one per exhibit). Every type takes `occurredAt` (a day YYYY-MM-DD or an RFC 3339 time, not in the future), optional `by` (the custodian who acted; the caller's staff code by default), `itemSha256` (the item's hash at the event, where known) and `note`. URL, post id, tool, seal number and note are sealed at rest and never reach the ledger.
 */

export interface CustodyEventInput {
  type:
    | "received"
    | "transferred"
    | "captured-online"
    | "physical-item-sealed"
    | "collector-declaration"
    | "transcribed-or-translated";
  occurredAt: string;
  by?: StaffCode;
  itemSha256?: string;
  fromStaffCode?: StaffCode;
  fromSource?:
    | "victim"
    | "witness"
    | "relative"
    | "community-member"
    | "partner-organisation"
    | "journalist"
    | "medical-facility"
    | "public-authority"
    | "anonymous"
    | "other";
  toStaffCode?: StaffCode;
  medium?:
    | "original-device"
    | "memory-card"
    | "usb-drive"
    | "optical-disc"
    | "paper"
    | "messaging-app"
    | "email"
    | "cloud-link"
    | "physical-item"
    | "other";
  method?:
    | "in-person"
    | "secure-upload"
    | "messaging-app"
    | "email"
    | "usb-or-media"
    | "post"
    | "courier"
    | "hand-delivery"
    | "secure-network-transfer"
    | "encrypted-media"
    | "human"
    | "machine-assisted"
    | "other";
  platform?: "facebook" | "x" | "youtube" | "telegram" | "tiktok" | "instagram" | "whatsapp" | "website" | "other";
  url?: string;
  postId?: string;
  tool?: string;
  toolVersion?: string;
  sealNumber?: string;
  action?: "sealed" | "seal-broken" | "resealed";
  template?: "collector-declaration-v1";
  originalId?: string;
  kind?: "translation" | "transcript" | "transcript-and-translation";
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  sourceLanguage?: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  targetLanguage?: string;
  certification?: "informal" | "certified";
  reviewedBy?: StaffCode;
  note?: string;
}

/**
 * A custody event recorded by a person. Auditors, and readers barred by need-to-know, get the type, time and codes only (`withheld` says why): no URL, post id, tool, seal number or note.
 */

export interface CustodyEvent {
  id: string;
  evidenceId: string;
  type:
    | "received"
    | "transferred"
    | "captured-online"
    | "physical-item-sealed"
    | "collector-declaration"
    | "transcribed-or-translated";
  /**
   * When it happened: a day or a UTC time (may be years before the upload).
   */
  occurredAt: string;
  by?: string;
  itemSha256?: string;
  fromStaffCode?: string;
  fromSource?: string;
  toStaffCode?: string;
  medium?: string;
  method?: string;
  platform?: string;
  action?: string;
  template?: string;
  templateSha256?: string;
  /**
   * The exhibit this one translates or transcribes.
   */
  originalId?: string;
  /**
   * The original's SHA-256 when the link was recorded.
   */
  originalSha256?: string;
  kind?: string;
  sourceLanguage?: string;
  targetLanguage?: string;
  certification?: string;
  reviewedBy?: string;
  url?: string;
  postId?: string;
  tool?: string;
  toolVersion?: string;
  sealNumber?: string;
  note?: string;
  withheld?: "integrity-only" | "need-to-know";
  /**
   * The account that recorded it (`user:<id>`).
   */
  recordedBy: string;
  recordedAt: string;
  /**
   * Index of its ledger entry.
   */
  ledgerIndex: number;
  /**
   * RFC 8785 SHA-256 of the event (sealed fields as a salted digest); its ledger entry carries the same.
   */
  contentSha256: string;
}

/**
 * Record that an image or video exhibit shows a person of its incident (by the person's id; the API answers with the pseudonym only). Image consent is then decided for this exhibit by the persons it shows.
 */

export interface DepictsInput {
  personId: string;
}

/**
 * A depicts link: the exhibit, the person by id and pseudonym (never a name), who recorded it and when, the ledger entry and the RFC 8785 content hash it carries; once removed, who removed it, when, and the removal's entry.
 */

export interface DepictsLink {
  id: string;
  evidenceId: string;
  personId: string;
  pseudonym: string;
  createdAt: string;
  createdBy: string;
  ledgerIndex: number;
  contentSha256: string;
  removedAt?: string;
  removedBy?: string;
  removedLedgerIndex?: number;
}

/**
 * Make a derivative of an exhibit that is kept as an exhibit of its own: `blurred`, a strongly blurred copy of a JPEG or PNG image (pixelated in blocks of at least 1/24 of its short side, then box-blurred), for recipients some person it shows has not consented to.
 */

export interface DerivativeInput {
  kind: "blurred";
}

/**
 * The lineage of a derivative: the exhibit it was made from and that exhibit's SHA-256, the derivative's SHA-256, the method and its parameters (enough to make it again from the source and compare hashes), who made it and when, and the source's `redacted-copy-made` ledger entry carrying the RFC 8785 hash of all this.
 */

export interface Derivative {
  derivativeId: string;
  sourceId: string;
  kind: "blurred";
  method: string;
  parameters: {
    [k: string]: number | undefined;
  };
  sourceSha256: string;
  derivativeSha256: string;
  createdAt: string;
  createdBy: string;
  ledgerIndex: number;
  contentSha256: string;
}

/**
 * A device key to enrol: the public half of an ECDSA P-256 key made on the device (WebCrypto, non-extractable private key), as a JWK or as SPKI DER in base64, and a label for its owner. Exactly one of `jwk` and `spki`.
 */

export interface DeviceInput {
  /**
   * What the owner calls the device ("my phone"); shown in the device list, never written to the ledger.
   */
  label: string;
  /**
   * The public key as a JWK (kty EC, crv P-256).
   */
  jwk?: {
    kty: "EC";
    crv: "P-256";
    x: string;
    y: string;
    ext?: boolean;
    /**
     * @maxItems 2
     */
    key_ops?: "verify"[];
    alg?: "ES256";
  };
  /**
   * The public key as SubjectPublicKeyInfo DER, base64.
   */
  spki?: string;
}

/**
 * An enrolled device key. Its owner sees their own; an admin sees every device (no records).
 */

export interface Device {
  /**
   * The device key id: the `deviceKeyId` of the capture records it signs.
   */
  id: string;
  userId: string;
  label: string;
  algorithm: "ECDSA-P256";
  /**
   * SHA-256 of the public key's SPKI DER bytes (also in the `device-enrolled` ledger entry).
   */
  keySha256: string;
  /**
   * The public key, SPKI DER in base64.
   */
  publicKey: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Records that a dossier was handed to the case's recipient. Appends a `shared-with-recipient` custody entry for the dossier and for every exhibit it carries. No free text: the reference is the recipient's own submission or registration number.
 */

export interface DossierDeliveryInput {
  /**
   * What was handed over (default: the evidence package).
   */
  artefact?: "package" | "pdf";
  method: "otplink" | "secure-upload" | "encrypted-email" | "courier" | "in-person" | "other";
  /**
   * The recipient's reference for the submission, e.g. an OTPLink submission number.
   */
  reference?: string;
  /**
   * Day of the delivery (default: today).
   */
  deliveredOn?: string;
}

/**
 * Asks for a dossier (PDF and evidence package) of a case. `language` is the language of the dossier's own headings and labels (default en); narratives always appear in their original language. A restricted or public dossier whose redacted text still holds words that look like names is built only with `namesReviewed: true`; without it the answer is 409 SANAD_ERR_NAMES_REVIEW_REQUIRED with `details.possibleNames: [{field, excerpt}]`.
 */

export interface DossierInput {
  language?: "en" | "fa" | "ps";
  /**
   * The recipient's OpenPGP public key, ASCII-armored. The evidence package is then encrypted to it (a binary OpenPGP message, `gpg --decrypt` reads it) and is never written or served as a plain ZIP. Required for a `full` case (otherwise 400 SANAD_ERR_RECIPIENT_KEY_REQUIRED); a key that cannot encrypt (a private key, expired, revoked, unreadable) is 400 SANAD_ERR_RECIPIENT_KEY_INVALID.
   */
  recipientKey?: string;
  /**
   * For a restricted or public case: the legal user has read the "possible names left" list (the `possibleNames` of a 409 SANAD_ERR_NAMES_REVIEW_REQUIRED answer) and confirms the dossier may be issued. Ignored for full.
   */
  namesReviewed?: boolean;
}

/**
 * A dossier build and, once ready, what it exported: the PDF's SHA-256 (`sha256`), the evidence package's, the signed manifest's, the ledger checkpoint it is anchored to and the ledger entry that records the export.
 */

/**
 * Every error answer. `code` is one of the SANAD_ERR_* codes listed in server/errors.ts.
 */

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  field?: string;
  details?: {
    [k: string]: unknown | undefined;
  };
}

/**
 * A case's evidence chart: one row per legal element × exhibit of its element links, with the admiralty grades of the incident's sources (reliability A–F and credibility 1–6, `?` where a half is not recorded) and the exhibit's verification status (`none`: no verification record). A row of a need-to-know incident the reader may not read says only which element and exhibit (as the case itself does): no grades, no status (`withheld`).
 */

export interface EvidenceChart {
  rows: {
    incidentId: string;
    incidentReference: string;
    category: string;
    element: string;
    contextual: boolean;
    exhibit?: {
      id: string;
      stableId: string;
    };
    admiralty: string[];
    verification?: "verified" | "partly-verified" | "unverified" | "none";
    withheld?: "need-to-know";
  }[];
  legend: {
    reliability: {
      [k: string]: string | undefined;
    };
    credibility: {
      [k: string]: string | undefined;
    };
  };
}

/**
 * A change to an exhibit's descriptive details (never its file, hashes or custody). Each field given replaces the stored one; `null` clears it; fields left out are kept. `baseRevision` is the `detailsRevision` the edit started from (older: 409). `reason` is a code, since the ledger records it.
 */

export interface EvidenceDetailsPatch {
  baseRevision: number;
  reason: "correction" | "new-information" | "translation" | "other";
  description?: null | string;
  source?: null | ("own-capture" | "messaging-app" | "url-download" | "device-handover" | "other");
  sourceUrl?: null | string;
  collectedBy?: null | string;
  collectedAt?: null | string;
}

/**
 * The multipart form of an evidence upload. `file` is the file part; every other field is text.
 */

export interface EvidenceUpload {
  /**
   * The file itself (a multipart file part).
   */
  file: {};
  /**
   * SHA-256 of the file as computed on the sender's device; a mismatch refuses the upload (422).
   */
  sha256?: string;
  description?: string;
  /**
   * How the file reached the documenter.
   */
  source?: "own-capture" | "messaging-app" | "url-download" | "device-handover" | "other";
  /**
   * Where the file was downloaded from (source url-download).
   */
  sourceUrl?: string;
  /**
   * A capture record signed by the uploader's enrolled device, as JSON text of schemas/signed-capture.json ({"record", "signature"}). When given, the server checks the signature, the device, the documenter and the file's SHA-256 and size against it, and records it as the item's first custody entry (`captured`).
   */
  capture?: string;
  /**
   * Pseudonymous id of who collected it.
   */
  collectedBy?: string;
  /**
   * When it was collected: YYYY-MM-DD or an RFC 3339 date-time.
   */
  collectedAt?: string;
}

/**
 * An evidence record. Auditors, and readers barred by need-to-know, get the integrity view: hashes, size, type, flag codes and a neutral name (`E-<id>.<ext>`), with `withheld` saying why; no original name, description, source, metadata or flag explanations.
 */

export interface Evidence {
  id: string;
  /**
   * The organisation-wide exhibit id, `SND-E-<year of ingest>-<six-digit number of that year>`, given once at ingest and never changed; the same in every dossier. Shown to every reader (it says nothing about the item).
   */
  stableId: string;
  incidentId: string;
  sha256: string;
  sha512: string;
  size: number;
  /**
   * Detected from the content (magic numbers), never from the name.
   */
  mediaType: string;
  withheld?: "integrity-only" | "need-to-know";
  /**
   * The file name as sent; metadata only, never used as a path.
   */
  originalName?: string;
  /**
   * Display name: no path, control or bidi-override characters, bounded length.
   */
  name: string;
  description?: string;
  source?: {
    type?: string;
    url?: string;
  };
  collectedBy?: string;
  collectedAt?: string;
  metadata: {
    status: "ok" | "none" | "unreadable" | "withheld";
    error?: string;
    /**
     * ISO-8601 with offset, or Z, when the instant is known.
     */
    capturedAt?: string;
    /**
     * YYYY-MM-DDTHH:mm:ss when the zone is unknown.
     */
    capturedAtLocal?: string;
    gps?: {
      lat: number;
      lon: number;
      alt?: number;
    };
    make?: string;
    model?: string;
    software?: string;
    orientation?: number;
    width?: number;
    height?: number;
    durationSeconds?: number;
    modifiedAt?: string;
    modifiedAtLocal?: string;
    raw?: {
      [k: string]: unknown | undefined;
    };
  };
  flags: string[];
  /**
   * The persons the exhibit is recorded as showing (depicts links), by id and pseudonym only. Absent in the integrity view.
   */
  depicts?: {
    personId: string;
    pseudonym: string;
  }[];
  derivedFrom?: Derivative;
  /**
   * Derivatives made of this exhibit, with their lineage.
   */
  derivatives?: Derivative1[];
  /**
   * Summary of its verification records (/evidence/:id/verifications): `verified` when the latest record of each of the three phases says so, `unverified` when none is even partly verified.
   */
  verification?: {
    status: "verified" | "partly-verified" | "unverified";
    phases: ("source" | "technical" | "content")[];
  };
  flagDetails?: {
    code?: string;
    /**
     * The explanation in English.
     */
    message?: string;
    /**
     * The facts the explanation states (numbers, dates, what the file names), for the explanation in other languages. Absent on flags raised before it existed.
     */
    params?: {
      [k: string]: (string | number) | undefined;
    };
  }[];
  /**
   * True when the store already held these exact bytes.
   */
  alreadyHeld?: boolean;
  /**
   * Other evidence records of the same bytes.
   */
  sameAs?: string[];
  /**
   * The device-signed capture record the item arrived with (checked on arrival; `npm run verify` checks it again). Readers who see the full record get the device's capture time and zone, the position if the device gave one, the ingest time and the gap between the two; the integrity view only the device key, the record's SHA-256 and its ledger index.
   */
  capture?: {
    deviceKeyId: string;
    /**
     * SHA-256 of the record's RFC 8785 bytes, as in its `captured` ledger entry.
     */
    recordSha256: string;
    /**
     * Ledger index of the `captured` custody entry.
     */
    captureIndex: number;
    /**
     * When the device took the file, by its own clock, with its offset.
     */
    capturedAt?: string;
    timeZone?: string;
    position?: {
      lat: number;
      lon: number;
      accuracy: number;
    };
    /**
     * When the server received it (the record's createdAt).
     */
    ingestedAt?: string;
    /**
     * Seconds from capture (device clock) to ingest (server clock); negative when the device clock ran ahead.
     */
    gapSeconds?: number;
  };
  /**
   * How many times its descriptive details (description, source, collector, collection date) were revised since ingest; an edit (`PATCH /api/v1/evidence/:id`) names it as `baseRevision`.
   */
  detailsRevision?: number;
  /**
   * Ledger index of the ingest custody entry.
   */
  ingestIndex?: number;
  createdAt: string;
  createdBy?: string;
}
/**
 * For a derivative Sanad made (a blurred copy): its lineage.
 */

export interface Derivative1 {
  derivativeId: string;
  sourceId: string;
  kind: "blurred";
  method: string;
  parameters: {
    [k: string]: number | undefined;
  };
  sourceSha256: string;
  derivativeSha256: string;
  createdAt: string;
  createdBy: string;
  ledgerIndex: number;
  contentSha256: string;
}

/**
 * Receipt of a dossier export (format `sanad-export-receipt/1`): the `exported` custody ledger entry, which records the SHA-256 and size of the PDF (`subject.sha256`, `details.pdfSize`) and of the evidence package (`details.packageSha256`, `details.packageSize`), with its RFC 9162 inclusion proof against a signed checkpoint, and a consistency proof from the checkpoint the export is anchored to. `npm run verify-export -- FILE --receipt RECEIPT.json` checks that a PDF or package is byte for byte the one exported, pages, exhibits.csv and README.txt included.
 */

export interface ExportReceipt {
  format: "sanad-export-receipt/1";
  dossierId: string;
  entry: {
    /**
     * Ledger index of the `exported` entry.
     */
    index: number;
    /**
     * hex SHA-256(0x00 ‖ canonical bytes)
     */
    leafHash: string;
    /**
     * base64 of the entry's exact RFC 8785 bytes
     */
    canonical: string;
    /**
     * RFC 9162 §2.1.3 inclusion proof against `checkpoint`
     */
    proof: string[];
  };
  /**
   * RFC 9162 §2.1.4 consistency proof from the checkpoint the export is anchored to (its manifest's, of `from` entries) to `checkpoint`: the ledger the export was anchored to was only appended to, never rewritten, up to the receipt.
   */
  consistency: {
    /**
     * Tree size of the export's own checkpoint.
     */
    from: number;
    proof: string[];
  };
  /**
   * The signed checkpoint (C2SP tlog-checkpoint in a signed note) the proof is against; signed now if the ledger grew since the last one.
   */
  checkpoint: string;
}

/**
 * Mark an exhibit as graphic (shown blurred, greyscale and muted until revealed) or clear the mark.
 */

export interface GraphicMarkInput {
  graphic: boolean;
}

/**
 * How exactly the date is known: day, month, year, a range (from–to), or an estimate.
 */

export type Precision = "day" | "month" | "year" | "range" | "estimate";

export type ElementStatus = "not-assessed" | "alleged" | "partly-supported" | "supported" | "not-supported";

/**
 * An incident as a documenter records it, after the HURIDOCS Events Standard Formats: what happened, when, where, to whom, by whom, and on what sources.
 */

export interface IncidentInput {
  title: string;
  narrative: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  narrativeLanguage: string;
  occurred: OccurredInput;
  location: Location;
  /**
   * Taxonomy ids (GET /api/v1/taxonomy). One incident may carry several.
   *
   * @maxItems 30
   */
  categories: string[];
  /**
   * @maxItems 30
   */
  tags?: string[];
  /**
   * @maxItems 30
   */
  qualifications?: Qualification[];
  victims?: Victims;
  /**
   * @maxItems 50
   */
  perpetrators?: Perpetrator[];
  /**
   * @maxItems 100
   */
  sources?: Source[];
  /**
   * Only `draft`: an incident is recorded as a draft and moves on through POST /api/v1/incidents/:id/transitions (any other value is 400 SANAD_ERR_STATUS_VIA_TRANSITIONS).
   */
  status?: "draft" | "submitted" | "under-review" | "returned" | "verified";
  /**
   * @maxItems 20
   */
  patternIds?: string[];
  /**
   * An id the client made for this record (a UUID), so a retry after a lost answer is recognised: a second POST with the same clientId from the same account answers the record already made (200) instead of making another. Unique per account; never shown to anyone else.
   */
  clientId?: string;
}

export interface OccurredInput {
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  from: string;
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  to?: string;
  calendar?: "gregorian" | "solar-hijri";
  precision?: Precision;
}

export interface Location {
  /**
   * ISO 3166-2:AF province code.
   */
  province: string;
  district?: string;
  place?: string;
  lat?: number;
  lon?: number;
  /**
   * How exact the coordinates are.
   */
  coordinatePrecision?: "exact" | "approximate" | "settlement" | "district" | "province";
}
/**
 * A legal qualification of the incident under one taxonomy category, element by element.
 */

export interface Qualification {
  category: string;
  /**
   * @maxItems 30
   */
  elements?: {
    element: string;
    status: ElementStatus;
    note?: string;
  }[];
  assessor?: string;
  assessedAt?: string;
}
/**
 * Victims as counts; identities are person records, not stored here.
 */

export interface Victims {
  count?: number;
  countIsEstimate?: boolean;
  killed?: number;
  injured?: number;
  bySex?: CountMap;
  byAgeGroup?: CountMap;
  byEthnicity?: CountMap;
  byReligion?: CountMap;
}

export interface CountMap {
  [k: string]: number;
}

export interface Perpetrator {
  type: "de-facto-authorities" | "state-agent" | "armed-group" | "militia" | "individual" | "unknown";
  /**
   * Organ or body, e.g. gdi (General Directorate of Intelligence), mpvpv (Ministry for the Propagation of Virtue and Prevention of Vice), police, courts, army, prisons, local-administration.
   */
  organ?: string;
  unit?: string;
  involvement?: "direct" | "ordered" | "aided" | "acquiesced" | "alleged" | "unknown";
}

export interface Source {
  type:
    | "victim-testimony"
    | "witness-testimony"
    | "perpetrator-statement"
    | "photo-video"
    | "document"
    | "official-decree"
    | "media-report"
    | "ngo-report"
    | "un-report"
    | "social-media"
    | "other";
  /**
   * Reliability of the source (A reliable … E unreliable, F cannot be judged), after the admiralty code.
   */
  reliability?: "A" | "B" | "C" | "D" | "E" | "F";
  /**
   * Credibility of the information (1 confirmed … 5 improbable, 6 cannot be judged).
   */
  credibility?: number;
  description?: string;
}

/**
 * A typed link from this incident to another. `connected-to` names the connected crime's category on the other incident (required, refused for every other type) and may name this incident's qualification it serves (`fromCategory`). `duplicate-of` merges this incident into the other (the survivor) without deleting anything.
 */

export interface IncidentLinkInput {
  to: string;
  type: "connected-to" | "same-event" | "related" | "duplicate-of";
  category?: string;
  fromCategory?: string;
}

/**
 * A link as the reader sees it from the incident asked about (`direction`: `outgoing` when that incident is the link's `from`). When the reader may not read the other end (need-to-know), `withheld` is `need-to-know` and the other end shows only its id and reference: no title, no category.
 */

export interface IncidentLink {
  id: string;
  type: "connected-to" | "same-event" | "related" | "duplicate-of";
  direction: "outgoing" | "incoming";
  other: {
    id: string;
    reference: string;
    title?: string;
    categories?: string[];
  };
  /**
   * connected-to: the connected crime's category on the `to` incident.
   */
  category?: string;
  /**
   * connected-to: the `from` incident's qualification the connection serves.
   */
  fromCategory?: string;
  withheld?: "need-to-know";
  createdAt: string;
  createdBy: string;
  ledgerIndex: number;
  removed?: {
    at: string;
    by: string;
    ledgerIndex: number;
  };
  /**
   * RFC 8785 SHA-256 of the link as it now stands; its latest ledger entry carries the same.
   */
  contentSha256: string;
}

export interface IncidentList {
  items: Incident[];
  /**
   * How many incidents match, ignoring limit and offset (capped by `totalCapped` for broad full-text queries).
   */
  total: number;
  totalCapped?: boolean;
  limit: number;
  offset: number;
}
/**
 * An incident. A need-to-know incident the reader may not read comes with `withheld: need-to-know` and only its reference, status, dates, province and categories (enough to count it).
 */

export interface Incident {
  id: string;
  reference: string;
  revision: number;
  /**
   * Review before verified: draft → submitted → under-review → verified, or returned to the author with a comment (then submitted again).
   */
  status: "draft" | "submitted" | "under-review" | "returned" | "verified";
  /**
   * This incident was recorded as a duplicate of another (a `duplicate-of` link): it is shown with the survivor's reference and left out of counts and new cases; nothing of it is deleted.
   */
  mergedInto?: {
    id: string;
    reference: string;
  };
  retracted?: {
    at: string;
    by: string;
    reason: string;
  };
  withheld?: "need-to-know";
  /**
   * Who is to review it (`user:<id>`), or null.
   */
  assignee?: string | null;
  /**
   * The statuses the reader may move this incident to now (only when one incident is read).
   */
  moves?: ("draft" | "submitted" | "under-review" | "returned" | "verified")[];
  title?: string;
  narrative?: string;
  narrativeLanguage?: string;
  occurred: {
    from: string;
    to: string;
    /**
     * How exactly the date is known: day, month, year, a range (from–to), or an estimate.
     */
    precision: "day" | "month" | "year" | "range" | "estimate";
    fromSolarHijri: string;
    toSolarHijri: string;
    enteredAs?: "gregorian" | "solar-hijri";
  };
  location: {
    province: string;
    provinceName?: {
      en?: string;
      fa?: string;
      ps?: string;
    };
    district?: string;
    place?: string;
    lat?: number;
    lon?: number;
    coordinatePrecision?: string;
  };
  categories: string[];
  tags?: string[];
  qualifications?: Qualification[];
  victims?: Victims;
  perpetrators?: Perpetrator[];
  sources?: Source[];
  patternIds?: string[];
  /**
   * Codes computed by the server, e.g. OUTSIDE_ICC_JURISDICTION_WINDOW (conduct before 1 May 2003).
   */
  flags: string[];
  createdAt: string;
  updatedAt: string;
}
/**
 * A legal qualification of the incident under one taxonomy category, element by element.
 */

/**
 * Taxonomy ids (GET /api/v1/taxonomy). One incident may carry several.
 *
 * @maxItems 30
 */

export type Categories = string[];
/**
 * @maxItems 30
 */

export type Tags = string[];
/**
 * @maxItems 30
 */

export type Qualifications = Qualification[];
/**
 * @maxItems 50
 */

export type Perpetrators = Perpetrator[];
/**
 * @maxItems 100
 */

export type Sources = Source[];
/**
 * @maxItems 20
 */

export interface IncidentPatch {
  title?: string;
  narrative?: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  narrativeLanguage?: string;
  occurred?: Occurred;
  location?: Location;
  categories?: Categories;
  tags?: Tags;
  qualifications?: Qualifications;
  victims?: Victims;
  perpetrators?: Perpetrators;
  sources?: Sources;
  /**
   * Only `draft`: an incident is recorded as a draft and moves on through POST /api/v1/incidents/:id/transitions (any other value is 400 SANAD_ERR_STATUS_VIA_TRANSITIONS).
   */
  status?: "draft" | "submitted" | "under-review" | "returned" | "verified";
  patternIds?: PatternIds;
  /**
   * Why the change was made; kept with the revision.
   */
  reason?: string;
  /**
   * Required when the change takes the incident out of need-to-know (e.g. drops its sexual-violence category); only whom may read its identities may do so.
   */
  loweringReason?:
    "entered-in-error" | "category-corrected" | "person-consented" | "risk-reassessed" | "role-corrected";
  /**
   * The revision the edit started from; a newer stored revision makes the change fail with 409 instead of silently overwriting someone else's edit.
   */
  baseRevision?: number;
}

export interface Occurred {
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  from: string;
  /**
   * A calendar date, YYYY-MM-DD (Gregorian unless the enclosing object says solar-hijri; Persian and Arabic-Indic digits are accepted).
   */
  to?: string;
  calendar?: "gregorian" | "solar-hijri";
  /**
   * How exactly the date is known: day, month, year, a range (from–to), or an estimate.
   */
  precision?: "day" | "month" | "year" | "range" | "estimate";
}

/**
 * The body of POST /incidents/:id/persons: a new person (person-input.json), or `{personId, role}` (person-link-input.json) to link a person already recorded. if/then/else rather than oneOf: ajv fills defaults while it tries a branch, which would spoil the other.
 */

export interface IncidentPersonInput {
  [k: string]: unknown | undefined;
}

export interface IncidentQuery {
  /**
   * Full-text query over title, narrative and place; Arabic and Persian letter variants, diacritics and digits are folded.
   */
  q?: string;
  category?: string;
  /**
   * Crime group, e.g. crimes-against-humanity.
   */
  group?: string;
  /**
   * ISO 3166-2:AF province code.
   */
  province?: string;
  /**
   * An area drawn on the map: `minLon,minLat,maxLon,maxLat`. An incident's position is its coordinates, or its province's centre when it has none. Need-to-know incidents the asker may not read are left out.
   */
  bbox?: string;
  /**
   * A radius around a point: `lat,lon,km` (km up to 2000). Positions as for `bbox`; need-to-know incidents the asker may not read are left out.
   */
  near?: string;
  /**
   * Incidents that may have happened on or after this Gregorian date.
   */
  from?: string;
  /**
   * Incidents that may have happened on or before this Gregorian date.
   */
  to?: string;
  /**
   * A victim group with a non-zero count, e.g. hazara, female, child.
   */
  victimGroup?: string;
  /**
   * Incidents with at least one victim of this sex (the victims' counts by sex).
   */
  victimSex?: "female" | "male";
  /**
   * Incidents with at least one victim in this age group (the victims' counts by age group).
   */
  victimAge?: "child" | "adult" | "older-person";
  perpetratorType?: string;
  /**
   * A theme (a roadmap tag of the taxonomy, e.g. massacre): incidents whose categories carry it, or tagged with it.
   */
  tag?: string;
  /**
   * `submitted` is the queue waiting for review; `retracted` lists retracted incidents.
   */
  status?: "draft" | "submitted" | "under-review" | "returned" | "verified" | "retracted";
  /**
   * `me`: incidents assigned to the asker for review; or an account id.
   */
  assignee?: "me" | string;
  pattern?: string;
  limit?: number;
  offset?: number;
}

/**
 * An incident. A need-to-know incident the reader may not read comes with `withheld: need-to-know` and only its reference, status, dates, province and categories (enough to count it).
 */

/**
 * An interview of a person. Sealed at rest as a whole like the identity (it says where and when the person met the documenters); the ledger records only its id and the hash of its sealed content. No names: the interpreter is a staff code, the persons present are roles.
 */

export interface InterviewInput {
  /**
   * The incident the interview was about; the person must be linked to it.
   */
  incidentId?: string;
  date: string;
  /**
   * Where it took place (sealed).
   */
  place?: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  language?: string;
  /**
   * Staff code of the interpreter, never a name.
   */
  interpreter?: string;
  /**
   * Who else was present, by role.
   *
   * @maxItems 20
   */
  present?: (
    | "interviewer"
    | "interpreter"
    | "psychosocial-support"
    | "legal-representative"
    | "guardian"
    | "family-member"
    | "medical-staff"
    | "other"
  )[];
  durationMinutes?: number;
  /**
   * Informed consent to the interview was obtained.
   */
  consentObtained: boolean;
  /**
   * The person was referred to support (medical, psychosocial, legal, protection).
   */
  referralMade?: boolean;
}

/**
 * An interview of a person, as shown to whom may read the person's identity.
 */

export interface Interview {
  id: string;
  personId: string;
  incidentId?: string;
  date: string;
  place?: string;
  language?: string;
  interpreter?: string;
  present?: string[];
  durationMinutes?: number;
  consentObtained: boolean;
  referralMade?: boolean;
  recordedAt: string;
  recordedBy: string;
  /**
   * SHA-256 of the sealed content, as recorded in the `interview-recorded` ledger entry.
   */
  contentSha256: string;
  /**
   * On creation: ALREADY_INTERVIEWED when the person had been interviewed before (re-traumatisation).
   */
  warnings?: {
    code: "ALREADY_INTERVIEWED";
    message: string;
    /**
     * How many interviews were recorded before this one.
     */
    previous?: number;
  }[];
}

export type LiabilityMode =
  | "direct-perpetration"
  | "co-perpetration"
  | "indirect-perpetration"
  | "ordering"
  | "soliciting"
  | "inducing"
  | "aiding-abetting"
  | "common-purpose"
  | "superior-military"
  | "superior-civilian"
  | "unknown";

/**
 * Who is alleged to be responsible for this incident and how: exactly one of `personId` (a person with the role `perpetrator`) or `organisationId` (an organisation or unit of the register), a mode of liability (Rome Statute Art. 25(3)(a) direct-perpetration, co-perpetration, indirect-perpetration; 25(3)(b) ordering, soliciting, inducing; 25(3)(c) aiding-abetting; 25(3)(d) common-purpose; Art. 28(a) superior-military, 28(b) superior-civilian; or unknown), optionally the qualification (`category`, one of the incident's categories) and its `element`, a period, and the supporting exhibits (evidence ids of this incident) and sources (person ids linked to this incident).
 */

export interface InvolvementInput {
  personId?: string;
  organisationId?: string;
  mode: LiabilityMode;
  category?: string;
  element?: string;
  from?: string;
  to?: string;
  /**
   * @maxItems 100
   */
  exhibits?: string[];
  /**
   * @maxItems 100
   */
  sources?: string[];
}

export interface Involvement {
  id: string;
  incidentId: string;
  person?: {
    id: string;
    pseudonym: string;
  };
  organisation?: {
    id: string;
    kind: string;
    type: string;
    organ?: string;
    name: string;
  };
  withheld?: "need-to-know";
  mode: LiabilityMode;
  category?: string;
  element?: string;
  from?: string;
  to?: string;
  exhibits: string[];
  sources: string[];
  origin: "recorded" | "migrated";
  legacyInvolvement?: string;
  createdAt: string;
  createdBy: string;
  ledgerIndex?: number;
  contentSha256?: string;
  retracted?: {
    at: string;
    by: string;
    ledgerIndex: number;
  };
}

/**
 * Every checkpoint ever signed, oldest first.
 */

export interface LedgerCheckpointList {
  items: {
    size: number;
    rootHash: string;
    issuedAt: string;
    note: string;
    /**
     * An RFC 3161 timestamp of this checkpoint is stored (GET …/checkpoints/:size/timestamp)
     */
    timestamped: boolean;
  }[];
}

/**
 * hex node hashes, leaf to root
 */

export type Hashes = string[];

/**
 * RFC 9162 §2.1.4 consistency proof between tree sizes `from` and `to`.
 */

export interface LedgerConsistencyProof {
  from: number;
  to: number;
  proof: Hashes;
}

/**
 * What the `details` of each ledger entry type may hold. The ledger is append-only, shown to auditors and copied into exports, so details hold ids, hashes, counts, dates and words from closed lists — never free text. Every string here has an enum, a pattern or a $ref to one (a test checks). The ledger refuses an entry whose details do not match its type's schema; a type not listed here may have no details at all.
 */

export interface LedgerEntryDetails {
  [k: string]: unknown | undefined;
}

/**
 * One page of ledger entries matching a query, each with its RFC 9162 inclusion proof against the signed checkpoint given once for the page (signed now if the ledger grew). Entries appended after that checkpoint appear on a later request.
 */

export interface LedgerEntryPage {
  items: {
    index: number;
    /**
     * The entry as recorded (see Custody ledger).
     */
    entry: {
      [k: string]: unknown | undefined;
    };
    /**
     * hex SHA-256(0x00 ‖ RFC 8785 bytes of entry)
     */
    leafHash: string;
    /**
     * hex RFC 9162 inclusion proof of `index` in the tree of `size` entries
     */
    proof: string[];
  }[];
  /**
   * Cursor of the next page; absent on the last page.
   */
  next?: string;
  /**
   * The signed checkpoint (C2SP signed note) every proof of this page is against.
   */
  checkpoint: string;
  /**
   * Tree size of that checkpoint.
   */
  size: number;
}

/**
 * Filters of GET /ledger/entries; every filter given must hold (AND). Entries come oldest first, at most `limit` per page; `cursor` is the `next` of the previous page.
 */

export interface LedgerEntryQuery {
  /**
   * What the entry is about, `<kind>:<id>`: person, incident, evidence, case, dossier, pattern, user or device with a UUID, or master-key with its key id.
   */
  subject?: string;
  /**
   * Entry type, e.g. accessed, consent-changed, clearance-approved.
   */
  type?: string;
  /**
   * Who acted: `user:<uuid>`, `system` or `anonymous`.
   */
  actor?: string;
  /**
   * Entries at or after this instant (UTC); a date alone means its start.
   */
  from?: string;
  /**
   * Entries before this instant (UTC); a date alone includes that whole day.
   */
  to?: string;
  /**
   * The `next` of the previous page.
   */
  cursor?: string;
  limit?: number;
}

/**
 * One ledger entry with its exact canonical bytes and leaf hash.
 */

export interface LedgerEntryView {
  index: number;
  /**
   * hex SHA-256(0x00 ‖ canonical bytes)
   */
  leafHash: string;
  /**
   * base64 of the exact RFC 8785 bytes that were hashed
   */
  canonical: string;
  /**
   * The entry as recorded (see Custody ledger).
   */
  entry: {
    [k: string]: unknown | undefined;
  };
}

/**
 * hex node hashes, leaf to root
 */

export interface LedgerInclusionProof {
  index: number;
  size: number;
  proof: Hashes;
}

/**
 * Sign-in. `totp` is the 6-digit code of an account with a second factor; without it such an account gets 401 SANAD_ERR_TOTP_REQUIRED and signs in again with the code. `recoveryCode` is one of the account's single-use recovery codes, sent instead of `totp` when the authenticator is lost.
 */

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/**
 * The signed-in account's display preference for graphic media: `keepGraphicBlurred` (the default, true) blurs each graphic image or video until it is revealed; false shows them at once (still muted).
 */

export interface MediaPreferences {
  keepGraphicBlurred: boolean;
}

/**
 * Something for the signed-in account to look at, by ids only: who (`actor`, `user:<id>`) did what (`kind`) on which incident (its reference) or exhibit. Never the comment's text or a person's name.
 */

export interface Notification {
  id: string;
  kind: "mention";
  actor: string;
  incidentId: string;
  incidentReference: string;
  evidenceId?: string;
  evidenceStableId?: string;
  commentId: string;
  createdAt: string;
  read: boolean;
}

/**
 * An organisation or a unit of the perpetrators' register. A unit names its `parent` (an organisation or another unit) and takes the parent's `type` and `organ` when it gives none. `name` is free text, never written to the ledger.
 */

export interface OrganisationInput {
  kind: "organisation" | "unit";
  name: string;
  type?: "de-facto-authorities" | "state-agent" | "armed-group" | "militia" | "individual" | "unknown";
  organ?: string;
  parent?: string;
}

/**
 * An organisation or unit of the register, with its positions (persons by pseudonym only; a position of a person the reader may not read under need-to-know shows `withheld` and no person). `origin` is `migrated` for one made from the old perpetrator objects. `contentSha256` is the RFC 8785 SHA-256 its ledger entry carries.
 */

export interface Organisation {
  id: string;
  kind: "organisation" | "unit";
  type: "de-facto-authorities" | "state-agent" | "armed-group" | "militia" | "individual" | "unknown";
  organ?: string;
  name: string;
  parent?: string;
  origin: "recorded" | "migrated";
  createdAt: string;
  createdBy: string;
  ledgerIndex?: number;
  contentSha256?: string;
  positions?: Position[];
}
/**
 * A position held by a perpetrator person record. The person appears by id and pseudonym only (its identity is read through the person record, under its rules); when the reader may not read the person (need-to-know), `withheld` is `need-to-know` and neither the person nor the title is shown.
 */

export interface Position {
  id: string;
  organisationId: string;
  person?: {
    id: string;
    pseudonym: string;
  };
  title?: string;
  from?: string;
  to?: string;
  withheld?: "need-to-know";
  createdAt: string;
  createdBy: string;
  ledgerIndex: number;
  contentSha256: string;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * The current password again, asked before enrolling or replacing a second factor and before new recovery codes.
 */

export interface PasswordConfirm {
  password: string;
}

/**
 * An admin sets a user's password; without `password` a random one is generated and returned once.
 */

export interface PasswordReset {
  password?: string;
}

/**
 * The context many incidents share — a widespread or systematic attack on a civilian population and the policy behind it — recorded once and linked from incidents, since these contextual elements belong to the pattern, not to one incident.
 */

export interface PatternInput {
  title: string;
  description: string;
  /**
   * BCP 47 language tag, e.g. fa, fa-AF, ps, en.
   */
  descriptionLanguage?: string;
  /**
   * @maxItems 30
   */
  categories?: string[];
  attack?: {
    widespread?: boolean;
    systematic?: boolean;
    targetedPopulation?: string;
    period?: {
      from: string;
      to?: string;
    };
    /**
     * @maxItems 34
     */
    provinces?: string[];
  };
  /**
   * The organisation behind the attack: its type from a closed list and its name (e.g. the de facto authorities' Ministry for the Propagation of Virtue and the Prevention of Vice).
   */
  attackingOrganisation?: {
    type: "de-facto-authorities" | "state-agent" | "armed-group" | "militia" | "unknown";
    name?: string;
  };
  /**
   * Decrees, orders, statements showing a State or organisational policy.
   *
   * @maxItems 200
   */
  policyEvidence?: {
    title: string;
    issuedBy?: string;
    issuedOn?: string;
    summary?: string;
    reference?: string;
  }[];
}

/**
 * The scale of a pattern computed from its member incidents the reader may read (retracted ones left out): how many incidents, distinct victims (persons with role victim) by sex and age group, provinces, and the period from the earliest start to the latest end. A need-to-know incident the reader may not read counts nowhere.
 */

export interface PatternScale {
  incidents: number;
  victims: number;
  victimsBySex: {
    [k: string]: number | undefined;
  };
  victimsByAgeGroup: {
    [k: string]: number | undefined;
  };
  provinces: string[];
  /**
   * Absent when no member incident may be read.
   */
  period?: {
    from: string;
    to: string;
  };
}

export type PersonRole = "victim" | "witness" | "source" | "perpetrator";
/**
 * @maxItems 20
 */

export type Aliases = string[];
/**
 * @maxItems 20
 */

export type Contacts = Contact[];

export type Address = string;

export type Notes = string;
/**
 * Age in years, exact (`years`) or as a range (`min`–`max`), when recorded or at the time of the incident (`at`). Encrypted at rest like the name.
 */

export type Age = ExactAge | AgeRange;

export type Sex = "female" | "male" | "intersex" | "unknown";
/**
 * A group from the closed list: ethnic (hazara, pashtun, tajik, uzbek, turkmen, baloch, aimaq, nuristani, pashai, kyrgyz, qizilbash, brahui, kuchi, other-ethnic), religious (shia, sunni, ismaili, sufi, sikh, hindu, christian, bahai, ahmadi, non-religious, other-religious) and gender (woman, girl, man, boy, lgbtqi, other-gender).
 */

export type GroupId =
  | "hazara"
  | "pashtun"
  | "tajik"
  | "uzbek"
  | "turkmen"
  | "baloch"
  | "aimaq"
  | "nuristani"
  | "pashai"
  | "kyrgyz"
  | "qizilbash"
  | "brahui"
  | "kuchi"
  | "other-ethnic"
  | "shia"
  | "sunni"
  | "ismaili"
  | "sufi"
  | "sikh"
  | "hindu"
  | "christian"
  | "bahai"
  | "ahmadi"
  | "non-religious"
  | "other-religious"
  | "woman"
  | "girl"
  | "man"
  | "boy"
  | "lgbtqi"
  | "other-gender";

/**
 * A person linked to an incident in one role. Identifying fields (name, aliases, contacts, address, home location, notes, age, sex, group membership) are encrypted at rest whatever `protected` says; `protected` (default true) means the identity is shown only under the person's pseudonym unless the viewer may see it, and is disclosed outside only with consent.
 */

export interface PersonInput {
  role: PersonRole;
  name: string;
  protected?: boolean;
  /**
   * Need-to-know even when the incident is not about sexual violence.
   */
  sensitive?: boolean;
  aliases?: Aliases;
  contacts?: Contacts;
  address?: Address;
  homeLocation?: HomeLocation;
  notes?: Notes;
  age?: Age;
  sex?: Sex;
  groups?: GroupMembership;
  deceased?: boolean;
  consent?: ConsentInput;
  /**
   * An id the client made for this record (a UUID), so a retry after a lost answer is recognised: a second POST with the same clientId from the same account answers the record already made (200) instead of making another. Unique per account; never shown to anyone else.
   */
  clientId?: string;
}

export interface Contact {
  type: "phone" | "email" | "messenger" | "relative" | "other";
  value: string;
}

export interface HomeLocation {
  lat: number;
  lon: number;
}

export interface ExactAge {
  /**
   * `recording`: the age when recorded; `incident`: the age at the time of the incident.
   */
  at: "recording" | "incident";
  years: number;
}

export interface AgeRange {
  /**
   * `recording`: the age when recorded; `incident`: the age at the time of the incident.
   */
  at: "recording" | "incident";
  min: number;
  max: number;
}
/**
 * Group membership as the person identifies (`selfIdentified`) and as the perpetrators perceived it (`perceived`): the ground of persecution (Rome Statute Art. 7(1)(h)) and genocide (Art. 6). Sensitive data: encrypted at rest and shown only to whom may read the identity.
 */

export interface GroupMembership {
  /**
   * @maxItems 10
   */
  selfIdentified?: GroupId[];
  /**
   * @maxItems 10
   */
  perceived?: GroupId[];
}
/**
 * Consent given or withdrawn, per purpose: storage, internal analysis, sharing with the ICC, with UN mechanisms, with national prosecutors, publication, use of the person's image or voice. Each purpose named is recorded as one dated, append-only history row; purposes left out are unchanged (never asked = not granted). `false` after `true` is a withdrawal. How and when it was obtained applies to every purpose named. No free text: nothing here may identify anyone.
 */

export interface PersonLinkInput {
  personId: string;
  role: PersonRole;
}

/**
 * @maxItems 20
 */

export interface PersonPatch {
  name?: string;
  protected?: boolean;
  sensitive?: boolean;
  aliases?: Aliases | null;
  contacts?: Contacts | null;
  address?: Address | null;
  homeLocation?: HomeLocation | null;
  notes?: Notes | null;
  age?: Age | null;
  sex?: Sex | null;
  groups?: GroupMembership | null;
  deceased?: boolean;
  /**
   * Required when `sensitive` or `protected` is set to false on a person that has it true.
   */
  loweringReason?:
    "entered-in-error" | "category-corrected" | "person-consented" | "risk-reassessed" | "role-corrected";
}

/**
 * Find persons by pseudonym: the series letter alone (`W`), a prefix (`W-00`) or the whole pseudonym (`W-0007`); letters in either case. Nothing else is searchable: a person is never found by name.
 */

export interface PersonQuery {
  /**
   * A pseudonym or its beginning: V, W, S or P, then optionally a hyphen and digits.
   */
  pseudonym: string;
  limit?: number;
}

export interface PersonSearch {
  items: PersonSearchItem[];
}

export interface PersonSearchItem {
  id: string;
  pseudonym: string;
  /**
   * The roles of the person in the incidents listed, each once.
   */
  roles: PersonRole[];
  /**
   * The incidents the reader may read that the person is linked to, oldest link first.
   */
  incidents: PersonSearchIncident[];
}

export interface PersonSearchIncident {
  incidentId: string;
  reference: string;
  role: PersonRole;
}

export interface Person {
  id: string;
  pseudonym: string;
  role: PersonRole;
  /**
   * The incident of this view: in an incident's list, that incident; otherwise the incident the person was first recorded in.
   */
  incidentId: string;
  protected: boolean;
  sensitive: boolean;
  /**
   * Identity shown only to the documenter who recorded the person and to users cleared for the incident (sexual violence, or marked sensitive).
   */
  needToKnow: boolean;
  /**
   * The person has died: consent is then given by the next of kin.
   */
  deceased: boolean;
  identity?: PersonIdentity;
  identityWithheld?: "need-to-know" | "listing";
  consent: ConsentState;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /**
   * Every incident the person is linked to and in which role (one pseudonym for all). Links to need-to-know incidents the reader may not read are left out.
   */
  links?: PersonLink[];
}

export interface PersonIdentity {
  name: string;
  aliases?: Aliases;
  contacts?: Contacts;
  address?: Address;
  homeLocation?: HomeLocation;
  notes?: Notes;
  age?: Age;
  sex?: Sex;
  groups?: GroupMembership;
}

export interface PersonLink {
  incidentId: string;
  role: PersonRole;
  linkedAt: string;
  linkedBy: string;
}

/**
 * A perpetrator person record (a person with the role `perpetrator`) holds a position in this organisation or unit, over a period. `title` is free text (commander, head of department), never written to the ledger.
 */

export interface PositionInput {
  personId: string;
  title: string;
  from?: string;
  to?: string;
}

/**
 * A position held by a perpetrator person record. The person appears by id and pseudonym only (its identity is read through the person record, under its rules); when the reader may not read the person (need-to-know), `withheld` is `need-to-know` and neither the person nor the title is shown.
 */

/**
 * The recipient's own reference numbers (e.g. ICC ERNs) of a case's exhibits, by stable exhibit id, as the recipient returned them. Each import sets the references it names and keeps the others; the ledger records only the case, counts and the RFC 8785 SHA-256 of the imported content. `source` says how the list came (typed or pasted lines, or the recipient's CSV file).
 */

export interface RecipientReferencesInput {
  source?: "paste" | "csv" | "api";
  /**
   * @minItems 1
   * @maxItems 10000
   */
  references: {
    exhibitId: string;
    /**
     * The recipient's reference as given: 1 to 80 characters, no control characters, no leading or trailing space.
     */
    reference: string;
  }[];
}

/**
 * The recipient's current reference of each exhibit of a case that has one (the latest import naming it wins), and how many imports there were.
 */

export interface RecipientReferences {
  caseId: string;
  imports: number;
  references: {
    exhibitId: string;
    reference: string;
    importedAt: string;
    importedBy: string;
    ledgerIndex: number;
  }[];
}

export interface Retraction {
  reason: string;
}

/**
 * A search of the incident list kept under a name by the signed-in account. `query` is the incident list's query string (with or without the leading `?`), checked against the filters of `GET /api/v1/incidents`: an unknown filter or a bad value is 400. The name and the query are the owner's own (sealed at rest, never in the ledger, never exported).
 */

export interface SavedSearchInput {
  name: string;
  query: string;
}

/**
 * Rename a saved search, or change its query (checked like the incident list's).
 */

export interface SavedSearchPatch {
  name?: string;
  query?: string;
}

/**
 * One of the signed-in account's saved searches. `query` is the incident list's query string without the leading `?` (empty: every incident).
 */

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * An account-security event. No password, code, token secret, username or client address is ever kept. `detail` by type: signed-in → `password`, `totp` or `recovery-code` (how the sign-in was completed); sign-in-failed → `password`, `totp`, `recovery-code` or `disabled`; mfa-enrolled → `first` or `replaced`; token-created and token-revoked → the token's id; otherwise null.
 */

export interface SecurityEvent {
  type:
    | "signed-in"
    | "sign-in-failed"
    | "reauthentication-failed"
    | "password-changed"
    | "mfa-enrolled"
    | "mfa-reset"
    | "recovery-code-used"
    | "recovery-codes-generated"
    | "token-created"
    | "token-revoked";
  detail: string | null;
  at: string;
  /**
   * `user:<id>` of whoever caused it (an admin for a reset), or `system` (command line).
   */
  actor: string;
  /**
   * Summary such as "Chromium on Linux".
   */
  userAgent: string | null;
}

/**
 * The auditors' list of actions by which an account could come to read identities: every clearance requested, approved, rejected, granted or revoked, every password reset of a legal account and every new admin account, oldest first, with RFC 9162 inclusion proofs against the checkpoint given once for the page. Ids only, never a name.
 */

export interface SensitiveActionPage {
  items: {
    /**
     * Ledger index of the entry.
     */
    index: number;
    time: string;
    /**
     * clearance-requested, clearance-approved, clearance-rejected, clearance-granted, clearance-revoked, password-reset or user-created.
     */
    type: string;
    /**
     * Who acted: user:<id>.
     */
    actor: string;
    /**
     * The account acted upon: user:<id>.
     */
    targetUser: string;
    /**
     * The incident a clearance is about.
     */
    incident?: string;
    /**
     * The clearance request an entry belongs to.
     */
    request?: string;
    /**
     * A clearance that took effect without a second admin's approval (the only active admin, or granted before approvals existed).
     */
    flag?: "no-second-approval";
    leafHash: string;
    proof: string[];
  }[];
  /**
   * Cursor of the next page; absent on the last page.
   */
  next?: string;
  /**
   * The signed checkpoint every proof of this page is against.
   */
  checkpoint: string;
  size: number;
}

export interface SensitiveActionQuery {
  /**
   * Actions at or after this instant (UTC); a date alone means its start.
   */
  from?: string;
  /**
   * Actions before this instant (UTC); a date alone includes that whole day.
   */
  to?: string;
  /**
   * The `next` of the previous page.
   */
  cursor?: string;
  limit?: number;
}

export type Role = "admin" | "documenter" | "reviewer" | "legal" | "auditor";

/**
 * A new session. The cookie carries the session; state-changing requests also send `csrfToken` as the `x-csrf-token` header. `mfa` is `enrolment-required` when the account must set up TOTP before anything else.
 */

export interface SessionInfo {
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: string;
  mfa: "ok" | "enrolment-required";
}

/**
 * A capture record and its device signature, as sent with an upload (the multipart field `capture`, JSON text).
 */

export interface SignedCapture {
  record: CaptureRecord;
  /**
   * ECDSA P-256 / SHA-256 signature over the record's RFC 8785 bytes, IEEE P1363 (r‖s, 64 bytes), base64url without padding.
   */
  signature: string;
}
/**
 * What a documenter's enrolled device says about a file the moment it was taken or picked, signed by the device key: ECDSA P-256 with SHA-256 over the record's RFC 8785 canonical JSON bytes (UTF-8), the signature in IEEE P1363 form (r‖s, 64 bytes) as WebCrypto produces it. `format` names this layout, so a signature over a record can never be read as a signature over anything else.
 */

export interface StaffCodeInput {
  staffCode: StaffCode | null;
}

export interface TokenInput {
  /**
   * What the token is for (e.g. "nightly verify"); shown in the token list.
   */
  name: string;
  expiresInDays?: number;
}

/**
 * An API token. `token` (the secret, sent as `Authorization: Bearer …`) is returned only once, when the token is created; only its SHA-256 is stored.
 */

export interface ApiToken {
  id: string;
  name: string;
  token?: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface TotpCode {
  code: string;
}

/**
 * Move an incident to another review status. Who may make which move: README, Review before verified.
 */

export interface TransitionInput {
  /**
   * Review before verified: draft → submitted → under-review → verified, or returned to the author with a comment (then submitted again).
   */
  to: "draft" | "submitted" | "under-review" | "returned" | "verified";
  /**
   * For the author (required when returning): free text, sealed at rest, shown only to readers of the incident, never in the ledger.
   */
  comment?: string;
  /**
   * The revision the reviewer read; a newer one makes the move fail with 409 SANAD_ERR_REVISION_CONFLICT.
   */
  baseRevision?: number;
}

/**
 * The `Upload-Metadata` of a resumable (tus) upload, each value base64 as tus sends it; the same fields as the multipart upload's, plus where the file goes and its name.
 */

export interface UploadMetadata {
  /**
   * The incident the file is evidence of.
   */
  incidentId: string;
  /**
   * The file's name on the sender's device (kept sealed, as metadata only).
   */
  filename: string;
  /**
   * SHA-256 of the file as computed on the sender's device; a mismatch refuses the upload (422) and deletes it.
   */
  sha256: string;
  /**
   * The signed capture record from an enrolled device (optional for scripts); carried to completion unchanged.
   */
  capture?: string;
  description?: string;
  /**
   * How the file reached the documenter.
   */
  source?: "own-capture" | "messaging-app" | "url-download" | "device-handover" | "other";
  /**
   * Where the file was downloaded from (source url-download).
   */
  sourceUrl?: string;
  /**
   * Pseudonymous id of who collected it.
   */
  collectedBy?: string;
  /**
   * When it was collected: YYYY-MM-DD or an RFC 3339 date-time.
   */
  collectedAt?: string;
}

export interface UserInput {
  username: string;
  password: string;
  role: Role;
  staffCode?: StaffCode;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  totpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /**
   * The organisation's staff code (null: none set).
   */
  staffCode?: string | null;
}

/**
 * One verification step on an exhibit (Berkeley Protocol). `method` comes from the closed list of its phase: source (source-interview, source-profile, source-history, account-analysis, chain-of-custody-review, other), technical (geolocation, chronolocation, metadata-analysis, reverse-image-search, file-integrity-analysis, audio-analysis, satellite-imagery-comparison, other), content (corroboration, consistency, expert-review, weapon-identification, language-and-dialect, other). `finding` is free text: sealed at rest, never in the ledger.
 */

export interface VerificationInput {
  phase: "source" | "technical" | "content";
  method:
    | "source-interview"
    | "source-profile"
    | "source-history"
    | "account-analysis"
    | "chain-of-custody-review"
    | "geolocation"
    | "chronolocation"
    | "metadata-analysis"
    | "reverse-image-search"
    | "file-integrity-analysis"
    | "audio-analysis"
    | "satellite-imagery-comparison"
    | "corroboration"
    | "consistency"
    | "expert-review"
    | "weapon-identification"
    | "language-and-dialect"
    | "other";
  finding: string;
  status: "verified" | "partly-verified" | "unverified";
}

/**
 * A verification record of an exhibit. Auditors, and readers barred by need-to-know, get phase and status only (`withheld` says why): no method, finding or analyst.
 */

export interface Verification {
  id: string;
  evidenceId: string;
  phase: "source" | "technical" | "content";
  method?: string;
  finding?: string;
  status: "verified" | "partly-verified" | "unverified";
  /**
   * The account that recorded it (`user:<id>`).
   */
  analyst?: string;
  withheld?: "integrity-only" | "need-to-know";
  createdAt: string;
  /**
   * Index of its `verified` ledger entry.
   */
  ledgerIndex: number;
  /**
   * RFC 8785 SHA-256 of the record (the finding as a salted digest); its ledger entry carries the same.
   */
  contentSha256: string;
}
