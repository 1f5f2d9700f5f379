import { Secret, TOTP } from 'otpauth'

/** RFC 6238 TOTP as every authenticator app does it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD = 30
const ISSUER = 'Sanad'

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

function totp(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) })
}

/** The otpauth:// URI an authenticator app scans (as a QR code) or imports. */
export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString()
}

/** The code for a moment (tests and enrolment checks). */
export function totpCode(secret: string, atMs: number): string {
  return totp(secret, 'x').generate({ timestamp: atMs })
}

/**
 * The time step a code belongs to when it is valid at `atMs` (±1 step for clock drift) and later than
 * `lastStep` (a code is never accepted twice), else null.
 */
export function acceptTotp(secret: string, code: string, atMs: number, lastStep: number | null): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null
  const delta = totp(secret, 'x').validate({ token: code, timestamp: atMs, window: 1 })
  if (delta === null) return null
  const step = Math.floor(atMs / 1000 / TOTP_PERIOD) + delta
  if (lastStep !== null && step <= lastStep) return null
  return step
}
