import { hash, verify } from '@node-rs/argon2'
import { randomInt } from 'node:crypto'
import { dictionary } from '@zxcvbn-ts/language-common'

/**
 * Password rules and hashing. Hashes are argon2id with @node-rs/argon2's defaults, which are the OWASP
 * recommendation (m = 19 MiB, t = 2, p = 1). Passwords are NFC-normalised first so the same password
 * typed on two keyboards (Persian, Arabic, Latin with combining marks) hashes the same.
 */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

let common: Set<string> | undefined
function commonPasswords (): Set<string> {
  common ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()))
  return common
}

function normalise (password: string): string {
  return password.normalize('NFC')
}

/** Why a new password is refused, or null when it is acceptable. Never echoes the password. */
export function passwordProblem (password: string, username?: string): string | null {
  const p = normalise(password)
  const length = [...p].length
  if (length < PASSWORD_MIN_LENGTH) return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`
  if (length > PASSWORD_MAX_LENGTH) return `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`
  const lower = p.toLowerCase()
  if (commonPasswords().has(lower)) return 'The password is in a list of common passwords.'
  if (username && username.length >= 4 && lower.includes(username.toLowerCase())) return 'The password must not contain the username.'
  if (new Set(p).size < 4) return 'The password repeats too few different characters.'
  return null
}

export async function hashPassword (password: string): Promise<string> {
  return hash(normalise(password))
}

export async function verifyPassword (stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalise(password))
  } catch {
    return false
  }
}

let dummy: Promise<string> | undefined

/** Computes the dummy hash ahead of the first sign-in, so that first attempt is not slower either. */
export async function primeDummyHash (): Promise<void> {
  dummy ??= hash('sanad-dummy-password-never-matches')
  await dummy
}

/**
 * Verifies against a fixed dummy hash, so that a sign-in for a username that does not exist costs the
 * same time as one that does. Always false.
 */
export async function verifyDummy (password: string): Promise<false> {
  dummy ??= hash('sanad-dummy-password-never-matches')
  await verifyPassword(await dummy, password)
  return false
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** A random password of 24 characters from 56 unambiguous symbols (≈ 139 bits). */
export function randomPassword (length = 24): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)]
  return out
}
