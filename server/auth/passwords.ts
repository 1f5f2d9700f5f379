import { hash, verify } from '@node-rs/argon2'
import { randomInt } from 'node:crypto'
import { createRequire } from 'node:module'

/**
 * Password rules and hashing. Hashes are argon2id with the OWASP recommendation (m = 19 MiB, t = 2,
 * p = 1), @node-rs/argon2's defaults, spelled out. Passwords are NFC-normalised first so the same
 * password typed on two keyboards (Persian, Arabic, Latin with combining marks) hashes the same.
 */
export const OWASP_ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/**
 * Test processes only: argon2id with m = 1 MiB, t = 1 (about a hundredth of the cost). A fresh test app
 * hashes the first admin's password and one per test account, thousands of times in the suite. Turned
 * on by test/helpers/app.ts through useTestPasswordHashing(), which refuses outside a test run by tap;
 * nothing else (no setting, no environment variable) reaches it, so a server always hashes with
 * OWASP_ARGON2 (test/auth/passwords.test.ts checks both).
 */
export const TEST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 } as const
let parameters: typeof OWASP_ARGON2 | typeof TEST_ARGON2 = OWASP_ARGON2
let dummy: Promise<string> | undefined

/** Switches this process to TEST_ARGON2 (on) or back to OWASP_ARGON2; throws unless tap runs it. */
export function useTestPasswordHashing(on = true): void {
  if (on && process.env.TAP !== '1') throw new Error('test password hashing is for test processes run by tap only')
  parameters = on ? TEST_ARGON2 : OWASP_ARGON2
  dummy = undefined // the dummy hash costs what a real one costs
}

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

// zxcvbn-ts's list of 49,233 common passwords. As a Set of strings it held ~14 MB for the life of the
// process (with the rest of the package); kept as one lower-case string ",a,b,…," it holds ~0.4 MB, and
// a lookup in it takes well under a millisecond. Only the list's own module is loaded, and then
// released. Entries never contain a comma (the package stores them comma-separated).
const PASSWORD_LIST = '@zxcvbn-ts/language-common/dist/passwords.json.js'
let common: string | undefined
function isCommonPassword(lower: string): boolean {
  if (common === undefined) {
    const require = createRequire(import.meta.url)
    const path = require.resolve(PASSWORD_LIST)
    const list = require(path) as string[]
    if (!Array.isArray(list) || list.length < 10_000)
      throw new Error(`${PASSWORD_LIST} is not the list of common passwords this code expects`)
    common = `,${list.join(',').toLowerCase()},`
    delete require.cache[path]
  }
  return !lower.includes(',') && common.includes(`,${lower},`)
}

function normalise(password: string): string {
  return password.normalize('NFC')
}

/** Why a new password is refused, or null when it is acceptable. Never echoes the password. */
export function passwordProblem(password: string, username?: string): string | null {
  const p = normalise(password)
  const length = [...p].length
  if (length < PASSWORD_MIN_LENGTH) return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`
  if (length > PASSWORD_MAX_LENGTH) return `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`
  const lower = p.toLowerCase()
  if (isCommonPassword(lower)) return 'The password is in a list of common passwords.'
  if (username && username.length >= 4 && lower.includes(username.toLowerCase())) return 'The password must not contain the username.'
  if (new Set(p).size < 4) return 'The password repeats too few different characters.'
  return null
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), parameters)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalise(password))
  } catch {
    return false
  }
}

const dummyHash = (): Promise<string> => hash('sanad-dummy-password-never-matches', parameters)

/** Computes the dummy hash ahead of the first sign-in, so that first attempt is not slower either. */
export async function primeDummyHash(): Promise<void> {
  dummy ??= dummyHash()
  await dummy
}

/**
 * Verifies against a fixed dummy hash, so that a sign-in for a username that does not exist costs the
 * same time as one that does. Always false.
 */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= dummyHash()
  await verifyPassword(await dummy, password)
  return false
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** A random password of 24 characters from 56 unambiguous symbols (≈ 139 bits). */
export function randomPassword(length = 24): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)]
  return out
}
