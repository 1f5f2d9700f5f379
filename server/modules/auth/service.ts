import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail, SanadError } from '../../errors.ts'
import type { Role } from '../../auth/permissions.ts'
import type { SessionUser } from '../../plugins/actor.ts'
import { hashPassword, passwordProblem, verifyDummy, verifyPassword } from '../../auth/passwords.ts'
import { keyedHash, randomSecret, sha256Hex } from '../../auth/secrets.ts'
import { acceptTotp, newTotpSecret, totpUri } from '../../auth/totp.ts'
import { decryptField, deriveKey, encryptField, fieldKey, type FieldKey } from '../../lib/field-crypto.ts'
import { authRepo, type UserRow } from './repo.ts'

/** Throttling of sign-ins: failures counted per account and per client address in a sliding window. */
export type ThrottlePolicy = { accountLimit: number, addressLimit: number, windowMs: number, lockMs: number }
export const DEFAULT_THROTTLE: ThrottlePolicy = { accountLimit: 5, addressLimit: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }

/** Roles that must use a second factor when SANAD_REQUIRE_MFA=1. */
export const MFA_ROLES: readonly Role[] = ['admin', 'legal']

export const TOKEN_PREFIX = 'sanad_pat_'
// Activity is written back at most this often, so a burst of requests is not a burst of writes.
const TOUCH_EVERY_MS = 60_000

export type AuthDeps = {
  db: Db
  sqlite: Sqlite
  master: Buffer
  sessionIdleMinutes: number
  sessionMaxHours: number
  requireMfa: boolean
  throttle?: Partial<ThrottlePolicy>
  now?: () => Date
}

export type Principal = {
  user: SessionUser
  userSeq: number
  /** True when the account must enrol TOTP before it may do anything else. */
  mfaRestricted: boolean
  via: { kind: 'session', idHash: string, csrfHash: string } | { kind: 'token', tokenId: string }
}

export type NewSession = { sessionId: string, csrfToken: string, expiresAt: string }

export type LoginInput = { username: string, password: string, totp?: string | undefined, address: string, previousSessionId?: string | undefined }
export type LoginResult = NewSession & { user: SessionUser, mfa: 'ok' | 'enrolment-required' }

export type TokenView = { id: string, name: string, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }

/** Usernames are case-insensitive: stored and compared lower-case, NFC. */
export function normaliseUsername (username: string): string {
  return username.normalize('NFC').trim().toLowerCase()
}

export function sessionUser (row: UserRow): SessionUser {
  return { id: row.id, username: row.username, role: row.role as Role }
}

export function totpContext (userId: string, column: 'totp_secret' | 'totp_pending') {
  return { table: 'users', column, rowId: userId }
}

/**
 * Sign-in, sessions, API tokens, TOTP and throttling. Plain dependencies, no Fastify: the auth plugin,
 * the routes and the CLI share it.
 */
export function authService (deps: AuthDeps) {
  const repo = authRepo(deps.db)
  const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE, ...deps.throttle }
  const nowMs = (): number => (deps.now?.() ?? new Date()).getTime()
  const iso = (ms: number): string => new Date(ms).toISOString()
  const idleMs = deps.sessionIdleMinutes * 60_000
  const maxMs = deps.sessionMaxHours * 3_600_000
  const fields: FieldKey = fieldKey(deps.master)
  const throttleKey = deriveKey(deps.master, 'login-throttle')

  function mfaRestricted (row: UserRow): boolean {
    return deps.requireMfa && MFA_ROLES.includes(row.role as Role) && row.totpEnabledAt === null
  }

  // ---- throttling -------------------------------------------------------------------------------

  function throttleKeys (username: string, address: string): Array<{ key: string, limit: number }> {
    return [
      { key: `account:${keyedHash(throttleKey, username)}`, limit: policy.accountLimit },
      { key: `address:${keyedHash(throttleKey, address)}`, limit: policy.addressLimit }
    ]
  }

  function rateLimited (retryMs: number): never {
    throw new SanadError('SANAD_ERR_RATE_LIMITED', undefined, { retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) })
  }

  /**
   * Reserves one attempt on every key before the password is checked, so that a burst of parallel
   * guesses cannot slip past the limit while hashes are being computed. Throws RATE_LIMITED.
   */
  const beginAttempt = deps.sqlite.transaction((keys: Array<{ key: string, limit: number }>, now: number): void => {
    const rows = keys.map(({ key, limit }) => {
      const row = repo.throttle(key)
      const fresh = !row || row.windowStartMs + policy.windowMs <= now
      return {
        limit,
        row: {
          key,
          failures: fresh ? 0 : row.failures,
          windowStartMs: fresh ? now : row.windowStartMs,
          lockedUntilMs: row?.lockedUntilMs != null && row.lockedUntilMs > now ? row.lockedUntilMs : null
        }
      }
    })
    const lockedUntil = Math.max(0, ...rows.map(({ row }) => row.lockedUntilMs ?? 0))
    if (lockedUntil > now) rateLimited(lockedUntil - now)
    if (rows.some(({ row, limit }) => row.failures >= limit)) rateLimited(1000)
    for (const { row } of rows) repo.putThrottle({ ...row, failures: row.failures + 1 })
  })

  /** The reserved attempt failed: a key that reached its limit locks. */
  const failAttempt = deps.sqlite.transaction((keys: Array<{ key: string, limit: number }>, now: number): void => {
    for (const { key, limit } of keys) {
      const row = repo.throttle(key)
      if (row && row.failures >= limit) repo.putThrottle({ key, failures: 0, windowStartMs: now, lockedUntilMs: now + policy.lockMs })
    }
    repo.purgeThrottle(now - policy.windowMs - policy.lockMs, now)
  })

  /** The reserved attempt was not a failure: the account's count starts over, the address gets its slot back. */
  const releaseAttempt = deps.sqlite.transaction((keys: Array<{ key: string, limit: number }>, success: boolean): void => {
    const [account, address] = keys
    if (account && success) repo.deleteThrottle(account.key)
    for (const k of success ? [address] : [account, address]) {
      if (!k) continue
      const row = repo.throttle(k.key)
      if (row && row.failures > 0) repo.putThrottle({ ...row, failures: row.failures - 1 })
    }
  })

  // ---- sessions ---------------------------------------------------------------------------------

  function createSession (userSeq: number): NewSession {
    const sessionId = randomSecret()
    const csrfToken = randomSecret()
    const now = nowMs()
    repo.insertSession({ idHash: sha256Hex(sessionId), userSeq, csrfHash: sha256Hex(csrfToken), createdMs: now, lastSeenMs: now, expiresMs: now + maxMs })
    return { sessionId, csrfToken, expiresAt: iso(now + maxMs) }
  }

  function endSession (sessionId: string): void {
    repo.deleteSession(sha256Hex(sessionId))
  }

  function resolveSession (sessionId: string): Principal | null {
    if (sessionId.length === 0 || sessionId.length > 128) return null
    const idHash = sha256Hex(sessionId)
    const row = repo.session(idHash)
    if (!row) return null
    const now = nowMs()
    const user = repo.userBySeq(row.userSeq)
    if (row.expiresMs <= now || row.lastSeenMs + idleMs <= now || !user || user.disabledAt !== null) {
      repo.deleteSession(idHash)
      return null
    }
    if (now - row.lastSeenMs >= TOUCH_EVERY_MS) repo.touchSession(idHash, now)
    return { user: sessionUser(user), userSeq: user.seq, mfaRestricted: mfaRestricted(user), via: { kind: 'session', idHash, csrfHash: row.csrfHash } }
  }

  function resolveToken (token: string): Principal | null {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return null
    const row = repo.tokenByHash(sha256Hex(token))
    if (!row || row.revokedAt !== null) return null
    const now = nowMs()
    if (row.expiresMs !== null && row.expiresMs <= now) return null
    const user = repo.userBySeq(row.userSeq)
    if (!user || user.disabledAt !== null) return null
    if (row.lastUsedMs === null || now - row.lastUsedMs >= TOUCH_EVERY_MS) repo.touchToken(row.seq, now)
    return { user: sessionUser(user), userSeq: user.seq, mfaRestricted: mfaRestricted(user), via: { kind: 'token', tokenId: row.id } }
  }

  // ---- sign-in ----------------------------------------------------------------------------------

  async function login (input: LoginInput): Promise<LoginResult> {
    const username = normaliseUsername(input.username)
    const keys = throttleKeys(username, input.address)
    beginAttempt(keys, nowMs())
    let released = false
    try {
      const user = repo.userByUsername(username)
      // Unknown users cost one argon2 verification too, and every refusal carries the same answer.
      const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyDummy(input.password)
      if (!user || !passwordOk || user.disabledAt !== null) {
        failAttempt(keys, nowMs())
        released = true
        fail('SANAD_ERR_LOGIN_FAILED')
      }
      if (user.totpEnabledAt !== null && user.totpSecret !== null) {
        if (!input.totp) {
          // The password was right and a code is needed: neither a success nor a failure.
          releaseAttempt(keys, false)
          released = true
          fail('SANAD_ERR_TOTP_REQUIRED')
        }
        const secret = decryptField(fields, totpContext(user.id, 'totp_secret'), user.totpSecret)
        const step = acceptTotp(secret, input.totp, nowMs(), user.totpLastStep)
        if (step === null) {
          failAttempt(keys, nowMs())
          released = true
          fail('SANAD_ERR_TOTP_REQUIRED', 'The one-time code is wrong or was already used.')
        }
        repo.updateUser(user.seq, { totpLastStep: step })
      }
      const session = deps.sqlite.transaction(() => {
        releaseAttempt(keys, true)
        // Rotation: whatever session the browser came with ends here; a new id is always issued.
        if (input.previousSessionId) repo.deleteSession(sha256Hex(input.previousSessionId))
        repo.updateUser(user.seq, { lastLoginAt: iso(nowMs()) })
        repo.deleteExpiredSessions(nowMs(), idleMs)
        return createSession(user.seq)
      })()
      released = true
      return { ...session, user: sessionUser(user), mfa: mfaRestricted(user) ? 'enrolment-required' : 'ok' }
    } finally {
      // An unexpected error (not a refusal) gives the reserved attempt back.
      if (!released) releaseAttempt(keys, false)
    }
  }

  /** Ends a session and starts a new one for the same user (after a privilege change such as MFA). */
  function rotateSession (oldIdHash: string, userSeq: number): NewSession {
    return deps.sqlite.transaction(() => {
      repo.deleteSession(oldIdHash)
      return createSession(userSeq)
    })()
  }

  // ---- API tokens -------------------------------------------------------------------------------

  function tokenView (row: ReturnType<typeof repo.tokenById> & object): TokenView {
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      expiresAt: row.expiresMs === null ? null : iso(row.expiresMs),
      lastUsedAt: row.lastUsedMs === null ? null : iso(row.lastUsedMs),
      revokedAt: row.revokedAt
    }
  }

  function createToken (userSeq: number, name: string, expiresInDays: number | null): TokenView & { token: string } {
    const token = TOKEN_PREFIX + randomSecret()
    const now = nowMs()
    const row = repo.insertToken({
      id: randomUUID(), userSeq, name, tokenHash: sha256Hex(token), createdAt: iso(now),
      expiresMs: expiresInDays === null ? null : now + expiresInDays * 86_400_000
    })
    return { ...tokenView(row), token }
  }

  function listTokens (userSeq: number): TokenView[] {
    return repo.userTokens(userSeq).map(tokenView)
  }

  function revokeToken (userSeq: number, tokenId: string): void {
    const row = repo.tokenById(tokenId)
    // Someone else's token is "not found": token ids reveal nothing about other accounts.
    if (!row || row.userSeq !== userSeq) fail('SANAD_ERR_TOKEN_NOT_FOUND')
    repo.revokeToken(row.seq, iso(nowMs()))
  }

  // ---- TOTP -------------------------------------------------------------------------------------

  function mustUser (userSeq: number): UserRow {
    const user = repo.userBySeq(userSeq)
    if (!user) fail('SANAD_ERR_USER_NOT_FOUND')
    return user
  }

  function totpSetup (userSeq: number): { secret: string, uri: string } {
    const user = mustUser(userSeq)
    if (user.totpEnabledAt !== null) fail('SANAD_ERR_TOTP_ALREADY_ENABLED')
    const secret = newTotpSecret()
    repo.updateUser(user.seq, { totpPending: encryptField(fields, totpContext(user.id, 'totp_pending'), secret) })
    return { secret, uri: totpUri(secret, user.username) }
  }

  function totpConfirm (userSeq: number, code: string): void {
    const user = mustUser(userSeq)
    if (user.totpEnabledAt !== null) fail('SANAD_ERR_TOTP_ALREADY_ENABLED')
    if (user.totpPending === null) fail('SANAD_ERR_TOTP_INVALID', 'Start with POST /api/v1/auth/totp/setup.')
    const secret = decryptField(fields, totpContext(user.id, 'totp_pending'), user.totpPending)
    const step = acceptTotp(secret, code, nowMs(), null)
    if (step === null) fail('SANAD_ERR_TOTP_INVALID')
    repo.updateUser(user.seq, {
      totpSecret: encryptField(fields, totpContext(user.id, 'totp_secret'), secret),
      totpPending: null,
      totpEnabledAt: iso(nowMs()),
      totpLastStep: step
    })
  }

  function totpStatus (userSeq: number): { enabled: boolean, required: boolean } {
    const user = mustUser(userSeq)
    return { enabled: user.totpEnabledAt !== null, required: deps.requireMfa && MFA_ROLES.includes(user.role as Role) }
  }

  // ---- own password -----------------------------------------------------------------------------

  /**
   * Changes one's own password. Every session and every API token of the account ends (the route then
   * opens a fresh session for the browser that asked).
   */
  async function changePassword (userSeq: number, current: string, next: string, address: string): Promise<void> {
    const user = mustUser(userSeq)
    // Guessing the current password with a stolen session is throttled like signing in.
    const keys = throttleKeys(user.username, address)
    beginAttempt(keys, nowMs())
    let ok = false
    try {
      ok = await verifyPassword(user.passwordHash, current)
    } finally {
      if (ok) releaseAttempt(keys, true)
      else failAttempt(keys, nowMs())
    }
    if (!ok) fail('SANAD_ERR_PASSWORD_WRONG')
    const problem = passwordProblem(next, user.username)
    if (problem) fail('SANAD_ERR_PASSWORD_WEAK', problem, { field: 'newPassword' })
    const passwordHash = await hashPassword(next)
    deps.sqlite.transaction(() => {
      repo.updateUser(user.seq, { passwordHash, passwordChangedAt: iso(nowMs()) })
      repo.deleteUserSessions(user.seq)
      repo.revokeUserTokens(user.seq, iso(nowMs()))
    })()
  }

  return {
    login,
    createSession,
    rotateSession,
    endSession,
    resolveSession,
    resolveToken,
    createToken,
    listTokens,
    revokeToken,
    totpSetup,
    totpConfirm,
    totpStatus,
    changePassword,
    mfaRestricted
  }
}

export type AuthService = ReturnType<typeof authService>
