import { and, asc, desc, eq, isNull, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '../db/open.ts'
import { apiTokens, loginThrottle, recoveryCodes, securityEvents, sessions, users } from '../db/identity-schema.ts'
import { notifications, savedSearches } from '../db/schema.ts'

export type UserRow = typeof users.$inferSelect
export type SessionRow = typeof sessions.$inferSelect
export type TokenRow = typeof apiTokens.$inferSelect
export type ThrottleRow = typeof loginThrottle.$inferSelect
export type SecurityEventRow = typeof securityEvents.$inferSelect

/** Queries on accounts, sessions, API tokens and login throttling. Callers wrap writes in transactions. */
export function authRepo(db: Db) {
  return {
    userByUsername(username: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.username, username)).get()
    },
    userBySeq(seq: number): UserRow | undefined {
      return db.select().from(users).where(eq(users.seq, seq)).get()
    },
    userById(id: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.id, id)).get()
    },
    users(): UserRow[] {
      return db.select().from(users).orderBy(asc(users.seq)).all()
    },
    countUsers(): number {
      return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0
    },
    countActiveAdmins(): number {
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(users)
          .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
          .get()?.n ?? 0
      )
    },
    insertUser(values: typeof users.$inferInsert): UserRow {
      return db.insert(users).values(values).returning().get()
    },
    updateUser(seq: number, values: Partial<typeof users.$inferInsert>): void {
      db.update(users).set(values).where(eq(users.seq, seq)).run()
    },

    insertSession(values: typeof sessions.$inferInsert): void {
      db.insert(sessions).values(values).run()
    },
    session(idHash: string): SessionRow | undefined {
      return db.select().from(sessions).where(eq(sessions.idHash, idHash)).get()
    },
    touchSession(idHash: string, lastSeenMs: number): void {
      db.update(sessions).set({ lastSeenMs }).where(eq(sessions.idHash, idHash)).run()
    },
    deleteSession(idHash: string): void {
      db.delete(sessions).where(eq(sessions.idHash, idHash)).run()
    },
    userSessions(userSeq: number): SessionRow[] {
      return db.select().from(sessions).where(eq(sessions.userSeq, userSeq)).orderBy(desc(sessions.createdMs)).all()
    },
    sessionByPublicId(publicId: string): SessionRow | undefined {
      return db.select().from(sessions).where(eq(sessions.publicId, publicId)).get()
    },
    /** Ends every session of the account but `keepIdHash` (none kept when null); returns how many. */
    deleteOtherSessions(userSeq: number, keepIdHash: string | null): number {
      const mine = eq(sessions.userSeq, userSeq)
      return db
        .delete(sessions)
        .where(keepIdHash === null ? mine : and(mine, ne(sessions.idHash, keepIdHash)))
        .run().changes
    },
    deleteUserSessions(userSeq: number): number {
      return db.delete(sessions).where(eq(sessions.userSeq, userSeq)).run().changes
    },
    deleteExpiredSessions(nowMs: number, idleMs: number): void {
      db.delete(sessions).where(sql`${sessions.expiresMs} <= ${nowMs} OR ${sessions.lastSeenMs} + ${idleMs} <= ${nowMs}`).run()
    },

    insertToken(values: typeof apiTokens.$inferInsert): TokenRow {
      return db.insert(apiTokens).values(values).returning().get()
    },
    tokenByHash(tokenHash: string): TokenRow | undefined {
      return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get()
    },
    tokenById(id: string): TokenRow | undefined {
      return db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()
    },
    userTokens(userSeq: number): TokenRow[] {
      return db.select().from(apiTokens).where(eq(apiTokens.userSeq, userSeq)).orderBy(asc(apiTokens.seq)).all()
    },
    touchToken(seq: number, lastUsedMs: number): void {
      db.update(apiTokens).set({ lastUsedMs }).where(eq(apiTokens.seq, seq)).run()
    },
    revokeToken(seq: number, at: string): void {
      db.update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.seq, seq), isNull(apiTokens.revokedAt)))
        .run()
    },
    revokeUserTokens(userSeq: number, at: string): number {
      return db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.userSeq, userSeq), isNull(apiTokens.revokedAt)))
        .run().changes
    },

    /** Replaces the account's recovery codes with a new set (of HMACs). */
    replaceRecoveryCodes(userSeq: number, codeHashes: string[], at: string): void {
      db.delete(recoveryCodes).where(eq(recoveryCodes.userSeq, userSeq)).run()
      for (const codeHash of codeHashes) db.insert(recoveryCodes).values({ userSeq, codeHash, createdAt: at }).run()
    },
    /**
     * Removes an account's own working rows: its saved searches (sealed, but their words can name a
     * person) and its notifications. Nobody else ever reads them; a disabled account no longer can.
     */
    deleteWorkingRows(userSeq: number): { savedSearches: number; notifications: number } {
      return {
        savedSearches: db.delete(savedSearches).where(eq(savedSearches.userSeq, userSeq)).run().changes,
        notifications: db.delete(notifications).where(eq(notifications.userSeq, userSeq)).run().changes
      }
    },
    deleteRecoveryCodes(userSeq: number): void {
      db.delete(recoveryCodes).where(eq(recoveryCodes.userSeq, userSeq)).run()
    },
    /** Marks the code used if it is the account's and unused; true when it was (one winner only). */
    useRecoveryCode(userSeq: number, codeHash: string, at: string): boolean {
      return (
        db
          .update(recoveryCodes)
          .set({ usedAt: at })
          .where(and(eq(recoveryCodes.userSeq, userSeq), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
          .run().changes === 1
      )
    },
    unusedRecoveryCodes(userSeq: number): number {
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.userSeq, userSeq), isNull(recoveryCodes.usedAt)))
          .get()?.n ?? 0
      )
    },

    insertSecurityEvent(values: typeof securityEvents.$inferInsert): void {
      db.insert(securityEvents).values(values).run()
    },
    /** The account's latest events, newest first. */
    securityEvents(userSeq: number, limit: number): SecurityEventRow[] {
      return db
        .select()
        .from(securityEvents)
        .where(eq(securityEvents.userSeq, userSeq))
        .orderBy(desc(securityEvents.seq))
        .limit(limit)
        .all()
    },

    throttle(key: string): ThrottleRow | undefined {
      return db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
    },
    putThrottle(row: ThrottleRow): void {
      db.insert(loginThrottle)
        .values(row)
        .onConflictDoUpdate({
          target: loginThrottle.key,
          set: { failures: row.failures, windowStartMs: row.windowStartMs, lockedUntilMs: row.lockedUntilMs }
        })
        .run()
    },
    deleteThrottle(key: string): void {
      db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
    },
    purgeThrottle(olderThanMs: number, nowMs: number): void {
      db.delete(loginThrottle)
        .where(
          and(
            lt(loginThrottle.windowStartMs, olderThanMs),
            sql`(${loginThrottle.lockedUntilMs} IS NULL OR ${loginThrottle.lockedUntilMs} <= ${nowMs})`
          )
        )
        .run()
    },
    clearThrottle(): void {
      db.delete(loginThrottle).run()
    }
  }
}

export type AuthRepo = ReturnType<typeof authRepo>
