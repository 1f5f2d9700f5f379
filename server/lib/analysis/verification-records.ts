// Verification records of an exhibit (#18 item 4, Berkeley Protocol phases): the closed list of
// methods per phase, the digest of the sealed finding and the content hash the ledger carries.
// Pure.

import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-json.ts'

export const VERIFICATION_PHASES = ['source', 'technical', 'content'] as const
export type VerificationPhase = (typeof VERIFICATION_PHASES)[number]

export const VERIFICATION_STATUSES = ['verified', 'partly-verified', 'unverified'] as const
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number]

/** The methods of each phase (Berkeley Protocol on Digital Open Source Investigations, ch. VI). */
export const VERIFICATION_METHODS: Readonly<Record<VerificationPhase, readonly string[]>> = {
  source: ['source-interview', 'source-profile', 'source-history', 'account-analysis', 'chain-of-custody-review', 'other'],
  technical: [
    'geolocation',
    'chronolocation',
    'metadata-analysis',
    'reverse-image-search',
    'file-integrity-analysis',
    'audio-analysis',
    'satellite-imagery-comparison',
    'other'
  ],
  content: ['corroboration', 'consistency', 'expert-review', 'weapon-identification', 'language-and-dialect', 'other']
}

/** Every method of every phase (the JSON schema's enum; the phase check is methodFitsPhase). */
export const ALL_VERIFICATION_METHODS: readonly string[] = [...new Set(Object.values(VERIFICATION_METHODS).flat())]

export function methodFitsPhase(phase: VerificationPhase, method: string): boolean {
  return VERIFICATION_METHODS[phase].includes(method)
}

/**
 * SHA-256 (hex) of the salt and the finding's UTF-8 bytes: binds the content hash to the finding
 * without the ledger holding anything a short finding could be guessed back from.
 */
export function findingDigest(saltHex: string, finding: string): string {
  return createHash('sha256').update(Buffer.from(saltHex, 'hex')).update(finding, 'utf8').digest('hex')
}

export type VerificationContent = {
  id: string
  evidenceId: string
  phase: VerificationPhase
  method: string
  status: VerificationStatus
  findingDigest: string
  analyst: string
  createdAt: string
}

/** SHA-256 (hex) of the record's RFC 8785 bytes: what the `verified` ledger entry carries. */
export function verificationContentSha256(record: VerificationContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        kind: 'evidence-verification',
        id: record.id,
        evidenceId: record.evidenceId,
        phase: record.phase,
        method: record.method,
        status: record.status,
        findingDigest: record.findingDigest,
        analyst: record.analyst,
        createdAt: record.createdAt
      })
    )
    .digest('hex')
}

/**
 * What an exhibit shows overall, from its records oldest first: each phase counts with its latest
 * record (a later finding supersedes an earlier one); `verified` needs all three phases verified,
 * `unverified` means no phase is even partly verified; anything between is `partly-verified`.
 */
export function verificationSummary(records: ReadonlyArray<{ phase: VerificationPhase; status: VerificationStatus }>): {
  status: VerificationStatus
  phases: VerificationPhase[]
  byPhase: Partial<Record<VerificationPhase, VerificationStatus>>
} {
  const byPhase: Partial<Record<VerificationPhase, VerificationStatus>> = {}
  for (const r of records) byPhase[r.phase] = r.status
  const latest = VERIFICATION_PHASES.map((p) => byPhase[p])
  const status: VerificationStatus = latest.every((s) => s === 'verified')
    ? 'verified'
    : latest.some((s) => s === 'verified' || s === 'partly-verified')
      ? 'partly-verified'
      : 'unverified'
  return { status, phases: VERIFICATION_PHASES.filter((p) => byPhase[p] !== undefined), byPhase }
}
