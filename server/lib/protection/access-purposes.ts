/**
 * Why an identity or an evidence file is opened, recorded with the access in the custody ledger. A
 * fixed vocabulary (or a case id), never free text: the ledger is shown to auditors, copied into
 * exports and can never be edited, so it must hold no personal data.
 */
export const ACCESS_PURPOSES = [
  'case-preparation',
  'witness-contact',
  'protection-assessment',
  'verification',
  'data-correction',
  'consent-review',
  'follow-up',
  'disclosure-icc',
  'disclosure-un',
  'disclosure-national',
  'disclosure-public',
  'disclosure-internal',
  'review',
  'translation',
  'exhibit-preview',
  'exhibit-download',
  'other'
] as const
export const ACCESS_PURPOSE_PATTERN = `^(${ACCESS_PURPOSES.join('|')}|case:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`
