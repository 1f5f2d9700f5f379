import { randomInt, randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../db/open.ts'
import { fail, SanadError } from '../errors.ts'
import type { Role } from './permissions.ts'
import type { SessionUser } from './actor.ts'
import { hashPassword, passwordProblem, verifyDummy, verifyPassword } from './passwords.ts'
import { keyedHash, randomSecret, sha256Hex } from './secrets.ts'
import { acceptTotp, newTotpSecret, totpUri } from './totp.ts'
import { decryptField, deriveKey, encryptField, fieldKey, type FieldKey } from '../lib/crypto/field-crypto.ts'
import { authRepo, type SecurityEventRow, type SessionRow, type UserRow } from './repo.ts'
import { userAgentSummary } from './user-agent.ts'

/** Throttling of sign-ins: failures counted per account and per client address in a sliding window. */
export type ThrottlePolicy = { accountLimit: number; addressLimit: number; windowMs: number; lockMs: number }
export const DEFAULT_THROTTLE: ThrottlePolicy = { accountLimit: 5, addressLimit: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }

/** Roles that must use a second factor when SANAD_REQUIRE_MFA=1 (the default). */
export const MFA_ROLES: readonly Role[] = ['admin', 'legal']

export const TOKEN_PREFIX = 'sanad_pat_'
// Activity is written back at most this often, so a burst of requests is not a burst of writes.
const TOUCH_EVERY_MS = 60_000
/** Recovery codes handed out at each enrolment or regeneration. */
export const RECOVERY_CODE_COUNT = 10
/** How many security events an account's list shows (newest first). */
export const SECURITY_EVENT_LIMIT = 100

/**
 * Account-security events (closed vocabulary). `detail` is, per type: signed-in → how the second step
 * was passed (`password` alone, `totp`, `recovery-code`); sign-in-failed → what was wrong (`password`,
 * `totp`, `recovery-code`, `disabled`); mfa-enrolled → `first` or `replaced`; token-* → the token id.
 */
export const SECURITY_EVENT_TYPES = [
  'signed-in',
  'sign-in-failed',
  'reauthentication-failed',
  'password-changed',
  'mfa-enrolled',
  'mfa-reset',
  'recovery-code-used',
  'recovery-codes-generated',
  'token-created',
  'token-revoked'
] as const
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number]

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
  via: { kind: 'session'; idHash: string; csrfHash: string } | { kind: 'token'; tokenId: string }
}

export type NewSession = { sessionId: string; csrfToken: string; expiresAt: string }

export type LoginInput = {
  username: string
  password: string
  totp?: string | undefined
  recoveryCode?: string | undefined
  address: string
  userAgent?: string | undefined
  previousSessionId?: string | undefined
}
export type LoginResult = NewSession & { user: SessionUser; mfa: 'ok' | 'enrolment-required' }

export type TokenView = {
  id: string
  name: string
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
}

/** One of one's own sessions as listed: never its secret or its hash. */
export type SessionView = {
  id: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  userAgent: string | null
  current: boolean
}
export type SecurityEventView = { type: SecurityEventType; detail: string | null; at: string; actor: string; userAgent: string | null }

// Crockford's base32 (no i, l, o, u): 16 characters are 80 random bits, read aloud or typed without doubt.
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** A new recovery code, shown as four groups of four (`7k2m-…`). */
export function newRecoveryCode(): string {
  let raw = ''
  for (let i = 0; i < 16; i++) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
  return raw.match(/.{4}/g)!.join('-')
}

/** The form a recovery code is hashed in: lower-case, no spaces or dashes, o→0 and i/l→1 as Crockford reads them. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1')
}

/** Usernames are case-insensitive: stored and compared lower-case, NFC. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase()
}

export function sessionUser(row: UserRow): SessionUser {
  return { id: row.id, username: row.username, role: row.role as Role }
}

export function totpContext(userId: string, column: 'totp_secret' | 'totp_pending') {
  return { table: 'users', column, rowId: userId }
}

/**
 * Sign-in, sessions, API tokens, TOTP and throttling. Plain dependencies, no Fastify: the auth plugin,
 * the routes and the CLI share it.
 */
export function authService(deps: AuthDeps) {
  const repo = authRepo(deps.db)
  const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE, ...deps.throttle }
  const nowMs = (): number => (deps.now?.() ?? new Date()).getTime()
  const iso = (ms: number): string => new Date(ms).toISOString()
  const idleMs = deps.sessionIdleMinutes * 60_000
  const maxMs = deps.sessionMaxHours * 3_600_000
  const fields: FieldKey = fieldKey(deps.master)
  const throttleKey = deriveKey(deps.master, 'login-throttle')

  function mfaRestricted(row: UserRow): boolean {
    return deps.requireMfa && MFA_ROLES.includes(row.role as Role) && row.totpEnabledAt === null
  }

  // ---- throttling -------------------------------------------------------------------------------

  function throttleKeys(username: string, address: string): Array<{ key: string; limit: number }> {
    return [
      { key: `account:${keyedHash(throttleKey, username)}`, limit: policy.accountLimit },
      { key: `address:${keyedHash(throttleKey, address)}`, limit: policy.addressLimit }
    ]
  }

  function rateLimited(retryMs: number): never {
    throw new SanadError('SANAD_ERR_RATE_LIMITED', undefined, { retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) })
  }

  /**
   * Reserves one attempt on every key before the password is checked, so that a burst of parallel
   * guesses cannot slip past the limit while hashes are being computed. Throws RATE_LIMITED.
   */
  const beginAttempt = deps.sqlite.transaction((keys: Array<{ key: string; limit: number }>, now: number): void => {
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
  const failAttempt = deps.sqlite.transaction((keys: Array<{ key: string; limit: number }>, now: number): void => {
    for (const { key, limit } of keys) {
      const row = repo.throttle(key)
      if (row && row.failures >= limit) repo.putThrottle({ key, failures: 0, windowStartMs: now, lockedUntilMs: now + policy.lockMs })
    }
    repo.purgeThrottle(now - policy.windowMs - policy.lockMs, now)
  })

  /** The reserved attempt was not a failure: the account's count starts over, the address gets its slot back. */
  const releaseAttempt = deps.sqlite.transaction((keys: Array<{ key: string; limit: number }>, success: boolean): void => {
    const [account, address] = keys
    if (account && success) repo.deleteThrottle(account.key)
    for (const k of success ? [address] : [account, address]) {
      if (!k) continue
      const row = repo.throttle(k.key)
      if (row && row.failures > 0) repo.putThrottle({ ...row, failures: row.failures - 1 })
    }
  })

  // ---- sessions ---------------------------------------------------------------------------------

  // ---- account-security events -------------------------------------------------------------------

  function record(
    userSeq: number,
    type: SecurityEventType,
    options: { detail?: string | null; actor: string; userAgent?: string | null }
  ): void {
    repo.insertSecurityEvent({
      userSeq,
      type,
      detail: options.detail ?? null,
      at: iso(nowMs()),
      actor: options.actor,
      userAgent: options.userAgent ?? null
    })
  }

  function eventView(row: SecurityEventRow): SecurityEventView {
    return { type: row.type as SecurityEventType, detail: row.detail, at: row.at, actor: row.actor, userAgent: row.userAgent }
  }

  /** The account's latest security events, newest first. */
  function securityEvents(userSeq: number): SecurityEventView[] {
    return repo.securityEvents(userSeq, SECURITY_EVENT_LIMIT).map(eventView)
  }

  /** The same for an admin looking at an account by its id. */
  function securityEventsOf(userId: string): SecurityEventView[] {
    const user = repo.userById(userId)
    if (!user) fail('SANAD_ERR_USER_NOT_FOUND')
    return securityEvents(user.seq)
  }

  // ---- sessions ---------------------------------------------------------------------------------

  /** `userAgent` is the raw header; only its summary is stored. */
  function createSession(userSeq: number, context: { userAgent?: string | null | undefined } = {}): NewSession {
    const sessionId = randomSecret()
    const csrfToken = randomSecret()
    const now = nowMs()
    repo.insertSession({
      idHash: sha256Hex(sessionId),
      userSeq,
      csrfHash: sha256Hex(csrfToken),
      createdMs: now,
      lastSeenMs: now,
      expiresMs: now + maxMs,
      publicId: randomUUID(),
      userAgent: userAgentSummary(context.userAgent)
    })
    return { sessionId, csrfToken, expiresAt: iso(now + maxMs) }
  }

  function live(row: SessionRow, now: number): boolean {
    return row.expiresMs > now && row.lastSeenMs + idleMs > now
  }

  /** One's own live sessions, newest first; `currentIdHash` marks the one asking (none for an API token). */
  function listSessions(userSeq: number, currentIdHash: string | null): SessionView[] {
    const now = nowMs()
    return repo
      .userSessions(userSeq)
      .filter((row) => live(row, now) && row.publicId !== null)
      .map((row) => ({
        id: row.publicId as string,
        createdAt: iso(row.createdMs),
        lastSeenAt: iso(row.lastSeenMs),
        expiresAt: iso(row.expiresMs),
        userAgent: row.userAgent,
        current: row.idHash === currentIdHash
      }))
  }

  /** Ends one of one's own sessions by its public id. Returns whether it was the asking session. */
  function endOwnSession(userSeq: number, publicId: string, currentIdHash: string | null): { current: boolean } {
    const row = repo.sessionByPublicId(publicId)
    // Someone else's session is "not found", like someone else's token: ids reveal nothing.
    if (!row || row.userSeq !== userSeq || !live(row, nowMs())) fail('SANAD_ERR_SESSION_NOT_FOUND')
    repo.deleteSession(row.idHash)
    return { current: row.idHash === currentIdHash }
  }

  /** Ends every session of the account except the asking one (all of them when asked by API token). */
  function endOtherSessions(userSeq: number, currentIdHash: string | null): number {
    return repo.deleteOtherSessions(userSeq, currentIdHash)
  }

  function endSession(sessionId: string): void {
    repo.deleteSession(sha256Hex(sessionId))
  }

  function resolveSession(sessionId: string): Principal | null {
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
    return {
      user: sessionUser(user),
      userSeq: user.seq,
      mfaRestricted: mfaRestricted(user),
      via: { kind: 'session', idHash, csrfHash: row.csrfHash }
    }
  }

  function resolveToken(token: string): Principal | null {
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

  async function login(input: LoginInput): Promise<LoginResult> {
    const username = normaliseUsername(input.username)
    const keys = throttleKeys(username, input.address)
    beginAttempt(keys, nowMs())
    let released = false
    try {
      const user = repo.userByUsername(username)
      // Unknown users cost one argon2 verification too, and every refusal carries the same answer.
      const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyDummy(input.password)
      const userAgent = userAgentSummary(input.userAgent)
      const self = user ? `user:${user.id}` : ''
      if (!user || !passwordOk || user.disabledAt !== null) {
        failAttempt(keys, nowMs())
        released = true
        // Recorded for an existing account only (an unknown name has nobody to tell); never the typed values.
        if (user) record(user.seq, 'sign-in-failed', { detail: passwordOk ? 'disabled' : 'password', actor: self, userAgent })
        fail('SANAD_ERR_LOGIN_FAILED')
      }
      let how: 'password' | 'totp' | 'recovery-code' = 'password'
      if (user.totpEnabledAt !== null && user.totpSecret !== null) {
        if (!input.totp && !input.recoveryCode) {
          // The password was right and a code is needed: neither a success nor a failure.
          releaseAttempt(keys, false)
          released = true
          fail('SANAD_ERR_TOTP_REQUIRED')
        }
        if (input.totp) {
          const secret = decryptField(fields, totpContext(user.id, 'totp_secret'), user.totpSecret)
          const step = acceptTotp(secret, input.totp, nowMs(), user.totpLastStep)
          if (step === null) {
            failAttempt(keys, nowMs())
            released = true
            record(user.seq, 'sign-in-failed', { detail: 'totp', actor: self, userAgent })
            fail('SANAD_ERR_TOTP_REQUIRED', 'The one-time code is wrong or was already used.')
          }
          repo.updateUser(user.seq, { totpLastStep: step })
          how = 'totp'
        } else {
          // A recovery code is spent by the UPDATE that marks it: two racing sign-ins cannot both use it.
          const codeHash = sha256Hex(normaliseRecoveryCode(input.recoveryCode ?? ''))
          if (!repo.useRecoveryCode(user.seq, codeHash, iso(nowMs()))) {
            failAttempt(keys, nowMs())
            released = true
            record(user.seq, 'sign-in-failed', { detail: 'recovery-code', actor: self, userAgent })
            fail('SANAD_ERR_TOTP_REQUIRED', 'The recovery code is wrong or was already used.')
          }
          record(user.seq, 'recovery-code-used', { actor: self, userAgent })
          how = 'recovery-code'
        }
      }
      const session = deps.sqlite.transaction(() => {
        releaseAttempt(keys, true)
        // Rotation: whatever session the browser came with ends here; a new id is always issued.
        if (input.previousSessionId) repo.deleteSession(sha256Hex(input.previousSessionId))
        repo.updateUser(user.seq, { lastLoginAt: iso(nowMs()) })
        repo.deleteExpiredSessions(nowMs(), idleMs)
        record(user.seq, 'signed-in', { detail: how, actor: self, userAgent })
        return createSession(user.seq, { userAgent: input.userAgent })
      })()
      released = true
      return { ...session, user: sessionUser(user), mfa: mfaRestricted(user) ? 'enrolment-required' : 'ok' }
    } finally {
      // An unexpected error (not a refusal) gives the reserved attempt back.
      if (!released) releaseAttempt(keys, false)
    }
  }

  /** Ends a session and starts a new one for the same user (after a privilege change such as MFA). */
  function rotateSession(oldIdHash: string, userSeq: number, userAgent?: string | undefined): NewSession {
    return deps.sqlite.transaction(() => {
      repo.deleteSession(oldIdHash)
      return createSession(userSeq, { userAgent })
    })()
  }

  // ---- API tokens -------------------------------------------------------------------------------

  function tokenView(row: ReturnType<typeof repo.tokenById> & object): TokenView {
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      expiresAt: row.expiresMs === null ? null : iso(row.expiresMs),
      lastUsedAt: row.lastUsedMs === null ? null : iso(row.lastUsedMs),
      revokedAt: row.revokedAt
    }
  }

  function createToken(
    userSeq: number,
    name: string,
    expiresInDays: number | null,
    context: { actor?: string; userAgent?: string | undefined } = {}
  ): TokenView & { token: string } {
    const token = TOKEN_PREFIX + randomSecret()
    const now = nowMs()
    const row = deps.sqlite.transaction(() => {
      const inserted = repo.insertToken({
        id: randomUUID(),
        userSeq,
        name,
        tokenHash: sha256Hex(token),
        createdAt: iso(now),
        expiresMs: expiresInDays === null ? null : now + expiresInDays * 86_400_000
      })
      // The token's id, never its name (free text) or secret.
      record(userSeq, 'token-created', {
        detail: inserted.id,
        actor: context.actor ?? actorFor(userSeq),
        userAgent: userAgentSummary(context.userAgent)
      })
      return inserted
    })()
    return { ...tokenView(row), token }
  }

  function actorFor(userSeq: number): string {
    const user = repo.userBySeq(userSeq)
    return user ? `user:${user.id}` : 'system'
  }

  function listTokens(userSeq: number): TokenView[] {
    return repo.userTokens(userSeq).map(tokenView)
  }

  function revokeToken(userSeq: number, tokenId: string, userAgent?: string | undefined): void {
    const row = repo.tokenById(tokenId)
    // Someone else's token is "not found": token ids reveal nothing about other accounts.
    if (!row || row.userSeq !== userSeq) fail('SANAD_ERR_TOKEN_NOT_FOUND')
    deps.sqlite.transaction(() => {
      repo.revokeToken(row.seq, iso(nowMs()))
      record(userSeq, 'token-revoked', { detail: row.id, actor: actorFor(userSeq), userAgent: userAgentSummary(userAgent) })
    })()
  }

  // ---- TOTP -------------------------------------------------------------------------------------

  function mustUser(userSeq: number): UserRow {
    const user = repo.userBySeq(userSeq)
    if (!user) fail('SANAD_ERR_USER_NOT_FOUND')
    return user
  }

  /**
   * Re-authentication: the current password again, throttled like a sign-in (a stolen session must not
   * become a password oracle). A wrong password is recorded and answers SANAD_ERR_PASSWORD_WRONG.
   */
  async function reauthenticate(
    user: UserRow,
    password: string,
    address: string,
    userAgent: string | undefined,
    field = 'password'
  ): Promise<void> {
    const keys = throttleKeys(user.username, address)
    beginAttempt(keys, nowMs())
    let ok = false
    try {
      ok = await verifyPassword(user.passwordHash, password)
    } finally {
      if (ok) releaseAttempt(keys, true)
      else failAttempt(keys, nowMs())
    }
    if (!ok) {
      record(user.seq, 'reauthentication-failed', { actor: `user:${user.id}`, userAgent: userAgentSummary(userAgent) })
      fail('SANAD_ERR_PASSWORD_WRONG', undefined, { field })
    }
  }

  /**
   * Starts enrolling a second factor, or replacing the one in use (which stays valid until the new one
   * is confirmed). Needs the current password again.
   */
  async function totpSetup(
    userSeq: number,
    password: string,
    address: string,
    userAgent?: string | undefined
  ): Promise<{ secret: string; uri: string }> {
    const user = mustUser(userSeq)
    await reauthenticate(user, password, address, userAgent)
    const secret = newTotpSecret()
    repo.updateUser(user.seq, { totpPending: encryptField(fields, totpContext(user.id, 'totp_pending'), secret) })
    return { secret, uri: totpUri(secret, user.username) }
  }

  function issueRecoveryCodes(user: UserRow, userAgent: string | null): string[] {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
    repo.replaceRecoveryCodes(
      user.seq,
      codes.map((c) => sha256Hex(normaliseRecoveryCode(c))),
      iso(nowMs())
    )
    record(user.seq, 'recovery-codes-generated', { actor: `user:${user.id}`, userAgent })
    return codes
  }

  /** Finishes enrolment with a code of the pending secret; answers the new recovery codes (shown once). */
  function totpConfirm(userSeq: number, code: string, userAgent?: string | undefined): { recoveryCodes: string[] } {
    const user = mustUser(userSeq)
    if (user.totpPending === null) fail('SANAD_ERR_TOTP_INVALID', 'Start with POST /api/v1/auth/totp/setup.')
    const secret = decryptField(fields, totpContext(user.id, 'totp_pending'), user.totpPending)
    const step = acceptTotp(secret, code, nowMs(), null)
    if (step === null) fail('SANAD_ERR_TOTP_INVALID')
    const summary = userAgentSummary(userAgent)
    return deps.sqlite.transaction(() => {
      repo.updateUser(user.seq, {
        totpSecret: encryptField(fields, totpContext(user.id, 'totp_secret'), secret),
        totpPending: null,
        totpEnabledAt: iso(nowMs()),
        totpLastStep: step
      })
      record(user.seq, 'mfa-enrolled', {
        detail: user.totpEnabledAt === null ? 'first' : 'replaced',
        actor: `user:${user.id}`,
        userAgent: summary
      })
      return { recoveryCodes: issueRecoveryCodes(user, summary) }
    })()
  }

  /** A new set of recovery codes (the old ones stop working). Needs the password and a second factor. */
  async function regenerateRecoveryCodes(
    userSeq: number,
    password: string,
    address: string,
    userAgent?: string | undefined
  ): Promise<{ recoveryCodes: string[] }> {
    const user = mustUser(userSeq)
    await reauthenticate(user, password, address, userAgent)
    if (user.totpEnabledAt === null) fail('SANAD_ERR_TOTP_NOT_ENABLED')
    return deps.sqlite.transaction(() => ({ recoveryCodes: issueRecoveryCodes(user, userAgentSummary(userAgent)) }))()
  }

  function totpStatus(userSeq: number): { enabled: boolean; required: boolean; recoveryCodesLeft: number } {
    const user = mustUser(userSeq)
    return {
      enabled: user.totpEnabledAt !== null,
      required: deps.requireMfa && MFA_ROLES.includes(user.role as Role),
      recoveryCodesLeft: user.totpEnabledAt === null ? 0 : repo.unusedRecoveryCodes(user.seq)
    }
  }

  // ---- own password -----------------------------------------------------------------------------

  /**
   * Changes one's own password. Every session and every API token of the account ends (the route then
   * opens a fresh session for the browser that asked).
   */
  async function changePassword(
    userSeq: number,
    current: string,
    next: string,
    address: string,
    userAgent?: string | undefined
  ): Promise<void> {
    const user = mustUser(userSeq)
    await reauthenticate(user, current, address, userAgent, 'currentPassword')
    const problem = passwordProblem(next, user.username)
    if (problem) fail('SANAD_ERR_PASSWORD_WEAK', problem, { field: 'newPassword' })
    const passwordHash = await hashPassword(next)
    deps.sqlite.transaction(() => {
      repo.updateUser(user.seq, { passwordHash, passwordChangedAt: iso(nowMs()) })
      repo.deleteUserSessions(user.seq)
      repo.revokeUserTokens(user.seq, iso(nowMs()))
      record(user.seq, 'password-changed', { actor: `user:${user.id}`, userAgent: userAgentSummary(userAgent) })
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
    regenerateRecoveryCodes,
    changePassword,
    mfaRestricted,
    listSessions,
    endOwnSession,
    endOtherSessions,
    securityEvents,
    securityEventsOf
  }
}

export type AuthService = ReturnType<typeof authService>
