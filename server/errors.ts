/**
 * The one table of coded errors. Every error the API returns carries one of these codes; clients and
 * tests match on the code, never on the message.
 */
export const ERRORS = {
  SANAD_ERR_VALIDATION: { status: 400, message: 'The request does not match its schema.' },
  SANAD_ERR_UNKNOWN_FIELD: { status: 400, message: 'The request has a field the schema does not define.' },
  SANAD_ERR_BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  SANAD_ERR_DATE_INVALID: { status: 400, message: 'A date is not a valid calendar date.' },
  SANAD_ERR_PROVINCE_UNKNOWN: { status: 400, message: 'The province code is not an ISO 3166-2:AF code.' },
  SANAD_ERR_CATEGORY_UNKNOWN: { status: 400, message: 'A violation category is not in the taxonomy.' },
  SANAD_ERR_PATTERN_UNKNOWN: { status: 400, message: 'The pattern does not exist.' },
  SANAD_ERR_STATUS_VIA_TRANSITIONS: {
    status: 400,
    message: 'An incident is created as a draft; change its status with POST /api/v1/incidents/:id/transitions.'
  },
  SANAD_ERR_COMMENT_REQUIRED: { status: 400, message: 'Returning an incident to its author needs a comment saying what to fix.' },
  SANAD_ERR_ASSIGNEE_INVALID: { status: 400, message: 'The assignee must be an active account that may review incidents.' },
  SANAD_ERR_INCIDENT_UNKNOWN: { status: 400, message: 'An incident named in the request does not exist.' },
  SANAD_ERR_CASE_PROFILE_NOT_ALLOWED: { status: 400, message: 'A public recipient never gets the full disclosure profile.' },
  SANAD_ERR_RECIPIENT_KEY_REQUIRED: {
    status: 400,
    message:
      "A full-profile evidence package names protected persons: give the recipient's OpenPGP public key (recipientKey) to encrypt it to."
  },
  SANAD_ERR_RECIPIENT_KEY_INVALID: {
    status: 400,
    message:
      'The recipient key is not an OpenPGP public key that can encrypt (give the armored public key, not a private, expired or revoked one).'
  },
  SANAD_ERR_DEVICE_KEY_INVALID: { status: 400, message: 'The device key is not an ECDSA P-256 public key.' },
  SANAD_ERR_EXHIBIT_NOT_IN_CASE: { status: 400, message: 'An exhibit named in the request is not an exhibit of this case.' },
  SANAD_ERR_STAFF_CODE_UNKNOWN: { status: 400, message: 'A staff code in the request belongs to no account.' },
  SANAD_ERR_FILE_EMPTY: { status: 400, message: 'The uploaded file is empty.' },
  SANAD_ERR_FILE_MISSING: { status: 400, message: 'The multipart request has no file part.' },
  SANAD_ERR_PASSWORD_WEAK: { status: 400, message: 'The password is too short or too common.' },
  SANAD_ERR_PASSWORD_WRONG: { status: 400, message: 'The current password is wrong.' },
  SANAD_ERR_TOTP_INVALID: { status: 400, message: 'The one-time code is wrong or was already used.' },
  SANAD_ERR_UNAUTHENTICATED: { status: 401, message: 'Sign in first.' },
  SANAD_ERR_LOGIN_FAILED: { status: 401, message: 'Wrong username or password.' },
  SANAD_ERR_TOTP_REQUIRED: { status: 401, message: 'A one-time code from your authenticator app is required.' },
  SANAD_ERR_FORBIDDEN: { status: 403, message: 'Your role does not allow this.' },
  SANAD_ERR_NEED_TO_KNOW: {
    status: 403,
    message: 'This record is need-to-know: only the person who recorded it or a cleared user may see or change it.'
  },
  SANAD_ERR_SECOND_REVIEWER_REQUIRED: {
    status: 403,
    message: 'Review needs a second person: the author of an incident cannot review or verify it.'
  },
  SANAD_ERR_DEVICE_REVOKED: { status: 403, message: 'The device key that signed the capture record was revoked.' },
  SANAD_ERR_CSRF: { status: 403, message: 'Missing or wrong x-csrf-token header.' },
  SANAD_ERR_MFA_ENROLMENT_REQUIRED: { status: 403, message: 'Set up a second factor (TOTP) before doing anything else.' },
  SANAD_ERR_SESSION_REQUIRED: { status: 403, message: 'This needs a signed-in browser session, not an API token.' },
  SANAD_ERR_NOT_FOUND: { status: 404, message: 'Not found.' },
  SANAD_ERR_INCIDENT_NOT_FOUND: { status: 404, message: 'No such incident.' },
  SANAD_ERR_REVISION_NOT_FOUND: { status: 404, message: 'No such revision.' },
  SANAD_ERR_EVIDENCE_NOT_FOUND: { status: 404, message: 'No such evidence item.' },
  SANAD_ERR_SAVED_SEARCH_NOT_FOUND: { status: 404, message: 'No such saved search of yours.' },
  SANAD_ERR_LEDGER_ENTRY_NOT_FOUND: { status: 404, message: 'No such ledger entry.' },
  SANAD_ERR_CHECKPOINT_NOT_FOUND: { status: 404, message: 'No checkpoint of that tree size.' },
  SANAD_ERR_TIMESTAMP_NOT_FOUND: { status: 404, message: 'That checkpoint has no RFC 3161 timestamp (yet).' },
  SANAD_ERR_USER_NOT_FOUND: { status: 404, message: 'No such user.' },
  SANAD_ERR_TOKEN_NOT_FOUND: { status: 404, message: 'No such API token.' },
  SANAD_ERR_SESSION_NOT_FOUND: { status: 404, message: 'No such session of yours.' },
  SANAD_ERR_PERSON_NOT_FOUND: { status: 404, message: 'No such person.' },
  SANAD_ERR_CASE_NOT_FOUND: { status: 404, message: 'No such case.' },
  SANAD_ERR_DOSSIER_NOT_FOUND: { status: 404, message: 'No such dossier.' },
  SANAD_ERR_LINK_NOT_FOUND: { status: 404, message: 'No such link on this incident.' },
  SANAD_ERR_UPLOAD_NOT_FOUND: { status: 404, message: 'No such upload of yours.' },
  SANAD_ERR_ORGANISATION_NOT_FOUND: { status: 404, message: 'No such organisation or unit in the register.' },
  SANAD_ERR_INVOLVEMENT_NOT_FOUND: { status: 404, message: 'No such involvement record on this incident.' },
  SANAD_ERR_INCIDENT_RETRACTED: { status: 409, message: 'The incident is retracted and can no longer be changed.' },
  SANAD_ERR_REVISION_CONFLICT: { status: 409, message: 'The incident changed since the revision you edited.' },
  SANAD_ERR_CLIENT_ID_REUSED: { status: 409, message: 'This clientId was already used by you for a record elsewhere.' },
  SANAD_ERR_TRANSITION_INVALID: { status: 409, message: 'The incident cannot move from its current status to that one.' },
  SANAD_ERR_PERSON_NOT_IN_INCIDENT: { status: 400, message: "The person is not linked to the exhibit's incident." },
  SANAD_ERR_DEPICTS_EXISTS: { status: 409, message: 'The exhibit is already recorded as showing this person.' },
  SANAD_ERR_DEPICTS_NOT_FOUND: { status: 404, message: 'The exhibit is not recorded as showing this person.' },
  SANAD_ERR_PERSON_ALREADY_LINKED: { status: 409, message: 'The person is already linked to this incident in this role.' },
  SANAD_ERR_CONSENT_NEXT_OF_KIN_REQUIRED: {
    status: 422,
    message: 'The person is recorded as deceased: consent can only be given by the next of kin (givenBy: next-of-kin).'
  },
  SANAD_ERR_CHILD_ASSENT_REQUIRED: {
    status: 422,
    message: "The person is under 18: consent is given by a guardian (givenBy: guardian) with the child's own assent (childAssent: true)."
  },
  SANAD_ERR_LINK_CONFLICT: { status: 409, message: 'The link contradicts the links the incidents already have, or was already removed.' },
  SANAD_ERR_INVOLVEMENT_RETRACTED: { status: 409, message: 'The involvement record was already retracted.' },
  SANAD_ERR_INCIDENT_MERGED: {
    status: 409,
    message: 'The incident was merged into another as a duplicate; use the surviving incident (details.mergedInto).'
  },
  SANAD_ERR_DEVICE_NOT_FOUND: { status: 404, message: 'No such device key.' },
  SANAD_ERR_DEVICE_KEY_TAKEN: { status: 409, message: 'That public key is already enrolled.' },
  SANAD_ERR_USERNAME_TAKEN: { status: 409, message: 'That username is taken.' },
  SANAD_ERR_STAFF_CODE_TAKEN: { status: 409, message: 'That staff code is already given to another account.' },
  SANAD_ERR_DECLARATION_EXISTS: { status: 409, message: "The exhibit already has its collector's declaration." },
  SANAD_ERR_DECLARATION_NOT_YOURS: {
    status: 403,
    message: "A collector's declaration is signed by the collector: set your staff code and declare as yourself."
  },
  SANAD_ERR_TRANSLATION_EXISTS: { status: 409, message: 'The exhibit is already recorded as a translation or transcript.' },
  SANAD_ERR_ORIGINAL_INVALID: {
    status: 400,
    message: 'The original must be another exhibit of the same incident, not itself a translation or transcript of this one.'
  },
  SANAD_ERR_LAST_ADMIN: { status: 409, message: 'The last active admin cannot be disabled.' },
  SANAD_ERR_TOTP_NOT_ENABLED: { status: 409, message: 'Set up a second factor first.' },
  SANAD_ERR_CLEARANCE_DECIDED: { status: 409, message: 'That clearance request was already approved or rejected.' },
  SANAD_ERR_DOSSIER_STALE: {
    status: 409,
    message: 'Consent of a person this dossier relies on changed since it was built: build it again.'
  },
  SANAD_ERR_DOSSIER_NOT_ENCRYPTED: {
    status: 409,
    message:
      "This full-profile dossier's files are not encrypted to the recipient's OpenPGP key, so they are not handed out: generate it again with the recipient's key."
  },
  SANAD_ERR_DOSSIER_NOT_READY: { status: 409, message: 'The dossier is not ready: it is still being built, or its build failed.' },
  SANAD_ERR_DOSSIER_NOT_DELIVERED: {
    status: 409,
    message: 'The dossier has not been delivered yet; record its delivery before deleting its files.'
  },
  SANAD_ERR_NOTICE_NOT_DUE: {
    status: 409,
    message: 'No withdrawn consent waits for a notice to the recipient of this dossier.'
  },
  SANAD_ERR_NAMES_REVIEW_REQUIRED: {
    status: 409,
    message:
      'The redacted text of this dossier may still name people: read details.possibleNames, then ask again with "namesReviewed": true.'
  },
  SANAD_ERR_UPLOAD_OFFSET_CONFLICT: {
    status: 409,
    message: 'Upload-Offset is not where the upload stands; ask with HEAD and continue from its Upload-Offset.'
  },
  SANAD_ERR_UPLOAD_INCOMPLETE: { status: 409, message: 'The upload has not received all its bytes yet.' },
  SANAD_ERR_UPLOAD_EXPIRED: { status: 410, message: 'The upload expired and its bytes were deleted; start it again.' },
  SANAD_ERR_UPLOAD_QUOTA_EXCEEDED: {
    status: 413,
    message: 'Your unfinished uploads would exceed your upload quota; finish or delete some first.'
  },
  SANAD_ERR_PROOF_RANGE: { status: 400, message: 'The proof parameters are outside the ledger.' },
  SANAD_ERR_URI_TOO_LONG: { status: 414, message: 'A path parameter is too long.' },
  SANAD_ERR_FILE_TOO_LARGE: { status: 413, message: 'The file is larger than the configured limit.' },
  SANAD_ERR_DOSSIER_FILE_MISSING: { status: 410, message: 'The dossier file is no longer on this server; generate the dossier again.' },
  SANAD_ERR_DOSSIER_EXPIRED: {
    status: 410,
    message: 'The files of this dossier were deleted (after delivery, or at the end of the retention period); generate the dossier again.'
  },
  SANAD_ERR_MEDIA_TYPE: { status: 415, message: 'Unsupported content type.' },
  SANAD_ERR_VARIANT_UNAVAILABLE: { status: 409, message: 'That copy of the file cannot be made.' },
  SANAD_ERR_HASH_MISMATCH: { status: 422, message: 'The file that arrived does not match the declared SHA-256.' },
  SANAD_ERR_CAPTURE_INVALID: {
    status: 422,
    message: 'The capture record is malformed or names no enrolled device key.'
  },
  SANAD_ERR_CAPTURE_SIGNATURE: { status: 422, message: 'The capture record is not signed by the device key it names.' },
  SANAD_ERR_CAPTURE_MISMATCH: {
    status: 422,
    message: 'The file that arrived does not match the SHA-256 or size in its capture record; nothing was kept.'
  },
  SANAD_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  SANAD_ERR_INTERNAL: { status: 500, message: 'Internal error.' },
  SANAD_ERR_BLOB_ALTERED: { status: 500, message: 'A stored original no longer matches its recorded hashes; run npm run verify.' },
  SANAD_ERR_UNAVAILABLE: { status: 503, message: 'The service is shutting down or not ready.' }
} as const

export type ErrorCode = keyof typeof ERRORS

export class SanadError extends Error {
  readonly code: ErrorCode
  readonly statusCode: number
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message)
    this.name = 'SanadError'
    this.code = code
    this.statusCode = ERRORS[code].status
    this.details = details
  }
}

export function fail(code: ErrorCode, message?: string, details?: Record<string, unknown>): never {
  throw new SanadError(code, message, details)
}
