import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import { ROLES, type Role } from '../../auth/permissions.ts'
import { hashPassword, passwordProblem, randomPassword } from '../../auth/passwords.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import { authRepo, type UserRow } from '../../auth/repo.ts'
import { normaliseUsername } from '../../auth/service.ts'
import { clearanceService } from './clearance-service.ts'
import { STAFF_CODE_PATTERN } from '../../lib/analysis/custody-records.ts'

export type UserView = {
  id: string
  username: string
  role: Role
  disabled: boolean
  totpEnabled: boolean
  createdAt: string
  lastLoginAt: string | null
  staffCode: string | null
}

/** What any signed-in user may know of an account: enough to name who did what (and its staff code, if any). */
export type DirectoryEntry = { id: string; username: string; role: Role; staffCode?: string }

export type { ClearanceView, ClearanceRequestView, GrantOutcome } from './clearance-service.ts'

export type UsersDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  now?: () => Date
}

/** The message shown once on the console when the first admin gets a random password. */
export function firstAdminMessage(username: string, password: string): string {
  return (
    [
      '',
      '  Sanad: first start, no accounts yet. Created the administrator account:',
      `    username: ${username}`,
      `    password: ${password}`,
      '  This password is shown only now and is not written to any log. Sign in and change it',
      '  (POST /api/v1/auth/password), then create the other accounts.',
      ''
    ].join('\n') + '\n'
  )
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    role: row.role as Role,
    disabled: row.disabledAt !== null,
    totpEnabled: row.totpEnabledAt !== null,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
    staffCode: row.staffCode ?? null
  }
}

/**
 * Account management (admins through the API, operators through the CLI) and need-to-know clearances.
 * Ledger entries name the account as `user:<id>`, never its username.
 */
export function usersService(deps: UsersDeps) {
  const repo = authRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function mustUser(id: string): UserRow {
    const row = repo.userById(id)
    if (!row) fail('SANAD_ERR_USER_NOT_FOUND')
    return row
  }

  function checkPassword(password: string, username: string): void {
    const problem = passwordProblem(password, username)
    if (problem) fail('SANAD_ERR_PASSWORD_WEAK', problem, { field: 'password' })
  }

  /** Ends every session and revokes every API token of an account. */
  function cutOff(row: UserRow, at: string): void {
    repo.deleteUserSessions(row.seq)
    repo.revokeUserTokens(row.seq, at)
  }

  const service = {
    async create(input: { username: string; password: string; role: Role; staffCode?: string }, actor: string): Promise<UserView> {
      const username = normaliseUsername(input.username)
      if (!USERNAME_PATTERN.test(username))
        fail('SANAD_ERR_VALIDATION', 'A username is 2–64 letters, digits, dots, dashes or underscores.', { field: 'username' })
      if (!(ROLES as readonly string[]).includes(input.role))
        fail('SANAD_ERR_VALIDATION', `Unknown role "${input.role}"`, { field: 'role' })
      checkPassword(input.password, username)
      if (repo.userByUsername(username)) fail('SANAD_ERR_USERNAME_TAKEN')
      const passwordHash = await hashPassword(input.password)
      const at = now()
      return deps.sqlite.transaction(() => {
        if (repo.userByUsername(username)) fail('SANAD_ERR_USERNAME_TAKEN')
        if (input.staffCode !== undefined && repo.users().some((u) => u.staffCode === input.staffCode)) fail('SANAD_ERR_STAFF_CODE_TAKEN')
        const row = repo.insertUser({
          id: randomUUID(),
          username,
          role: input.role,
          passwordHash,
          passwordChangedAt: at,
          createdAt: at,
          createdBy: actor,
          ...(input.staffCode === undefined ? {} : { staffCode: input.staffCode })
        })
        deps.ledger.append({ type: 'user-created', actor, subject: { kind: 'user', id: row.id }, details: { role: row.role } })
        return userView(row)
      })()
    },

    list(): UserView[] {
      return repo.users().map(userView)
    },

    /** Every account, disabled ones too (they still appear in the history), by id: name and role only. */
    directory(): DirectoryEntry[] {
      return repo.users().map((row) => ({
        id: row.id,
        username: row.username,
        role: row.role as Role,
        ...(row.staffCode ? { staffCode: row.staffCode } : {})
      }))
    },

    /**
     * Sets or removes an account's staff code (unique): custody events and the dossier's custodian
     * register name custodians by it. The ledger records that it changed, not the code.
     */
    setStaffCode(id: string, staffCode: string | null, actor: string): UserView {
      if (staffCode !== null && !STAFF_CODE_PATTERN.test(staffCode))
        fail('SANAD_ERR_VALIDATION', 'A staff code is 2–16 capitals, digits or dashes.', { field: 'staffCode' })
      return deps.sqlite.transaction(() => {
        const row = mustUser(id)
        if (row.staffCode === staffCode) return userView(row)
        if (staffCode !== null && repo.users().some((u) => u.staffCode === staffCode && u.seq !== row.seq))
          fail('SANAD_ERR_STAFF_CODE_TAKEN')
        repo.updateUser(row.seq, { staffCode })
        deps.ledger.append({
          type: 'staff-code-assigned',
          actor,
          subject: { kind: 'user', id: row.id },
          details: staffCode === null ? { removed: true } : {}
        })
        return userView(mustUser(id))
      })()
    },

    get(id: string): UserView {
      return userView(mustUser(id))
    },

    byUsername(username: string): UserView | undefined {
      const row = repo.userByUsername(normaliseUsername(username))
      return row ? userView(row) : undefined
    },

    disable(id: string, actor: string): UserView {
      return deps.sqlite.transaction(() => {
        const row = mustUser(id)
        if (row.disabledAt !== null) return userView(row)
        if (row.role === 'admin' && repo.countActiveAdmins() <= 1) fail('SANAD_ERR_LAST_ADMIN')
        const at = now()
        repo.updateUser(row.seq, { disabledAt: at })
        cutOff(row, at)
        // Accounts are never deleted (the ledger names them), so disabling is where an account's own
        // working rows end: enabling it again starts with none.
        repo.deleteWorkingRows(row.seq)
        deps.ledger.append({ type: 'user-disabled', actor, subject: { kind: 'user', id: row.id }, details: {} })
        return userView(mustUser(id))
      })()
    },

    enable(id: string, actor: string): UserView {
      return deps.sqlite.transaction(() => {
        const row = mustUser(id)
        if (row.disabledAt === null) return userView(row)
        repo.updateUser(row.seq, { disabledAt: null })
        deps.ledger.append({ type: 'user-enabled', actor, subject: { kind: 'user', id: row.id }, details: {} })
        return userView(mustUser(id))
      })()
    },

    /** Sets a new password (random when none is given, returned once); ends sessions and tokens. */
    async resetPassword(id: string, password: string | null, actor: string): Promise<{ user: UserView; password: string | null }> {
      const row = mustUser(id)
      const chosen = password ?? randomPassword()
      checkPassword(chosen, row.username)
      const passwordHash = await hashPassword(chosen)
      const user = deps.sqlite.transaction(() => {
        const at = now()
        repo.updateUser(row.seq, { passwordHash, passwordChangedAt: at })
        cutOff(row, at)
        deps.ledger.append({ type: 'password-reset', actor, subject: { kind: 'user', id: row.id }, details: {} })
        return userView(mustUser(id))
      })()
      return { user, password: password === null ? chosen : null }
    },

    /** Removes a lost second factor; the user enrols again at next sign-in. Ends sessions and tokens. */
    resetTotp(id: string, actor: string): UserView {
      return deps.sqlite.transaction(() => {
        const row = mustUser(id)
        repo.updateUser(row.seq, { totpSecret: null, totpPending: null, totpEnabledAt: null, totpLastStep: null })
        cutOff(row, now())
        // Recovery codes belong to the factor that was removed; the owner sees who removed it.
        repo.deleteRecoveryCodes(row.seq)
        repo.insertSecurityEvent({ userSeq: row.seq, type: 'mfa-reset', detail: null, at: now(), actor, userAgent: null })
        deps.ledger.append({ type: 'mfa-reset', actor, subject: { kind: 'user', id: row.id }, details: {} })
        return userView(mustUser(id))
      })()
    },

    /**
     * First start: with no account at all, creates `admin` with `password` (SANAD_ADMIN_PASSWORD) or a
     * random one, returned so the caller can print it once. Returns null when accounts exist.
     */
    async ensureAdmin(password: string): Promise<{ username: string; password: string | null } | null> {
      if (repo.countUsers() > 0) return null
      const chosen = password === '' ? randomPassword() : password
      const problem = passwordProblem(chosen, 'admin')
      if (problem) throw new Error(`SANAD_ADMIN_PASSWORD is not acceptable: ${problem}`)
      const passwordHash = await hashPassword(chosen)
      const created = deps.sqlite
        .transaction(() => {
          // Another process may have won the race while we hashed.
          if (repo.countUsers() > 0) return false
          const at = now()
          const row = repo.insertUser({
            id: randomUUID(),
            username: 'admin',
            role: 'admin',
            passwordHash,
            passwordChangedAt: at,
            createdAt: at,
            createdBy: 'system'
          })
          deps.ledger.append({
            type: 'user-created',
            actor: 'system',
            subject: { kind: 'user', id: row.id },
            details: { role: 'admin', firstStart: true }
          })
          return true
        })
        .immediate()
      if (!created) return null
      return { username: 'admin', password: password === '' ? chosen : null }
    },

    // ---- need-to-know clearances (four eyes): clearance-service.ts ----
    ...clearanceService(deps)
  }
  return service
}

export type UsersService = ReturnType<typeof usersService>
