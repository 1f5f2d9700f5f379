import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { apiTokens, loginThrottle, sessions, users } from '../../db/identity-schema.ts'

export type UserRow = typeof users.$inferSelect
export type SessionRow = typeof sessions.$inferSelect
export type TokenRow = typeof apiTokens.$inferSelect
export type ThrottleRow = typeof loginThrottle.$inferSelect

/** Queries on accounts, sessions, API tokens and login throttling. Callers wrap writes in transactions. */
export function authRepo (db: Db) {
  return {
    userByUsername (username: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.username, username)).get()
    },
    userBySeq (seq: number): UserRow | undefined {
      return db.select().from(users).where(eq(users.seq, seq)).get()
    },
    userById (id: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.id, id)).get()
    },
    users (): UserRow[] {
      return db.select().from(users).orderBy(asc(users.seq)).all()
    },
    countUsers (): number {
      return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0
    },
    countActiveAdmins (): number {
      return db.select({ n: sql<number>`count(*)` }).from(users)
        .where(and(eq(users.role, 'admin'), isNull(users.disabledAt))).get()?.n ?? 0
    },
    insertUser (values: typeof users.$inferInsert): UserRow {
      return db.insert(users).values(values).returning().get()
    },
    updateUser (seq: number, values: Partial<typeof users.$inferInsert>): void {
      db.update(users).set(values).where(eq(users.seq, seq)).run()
    },

    insertSession (values: typeof sessions.$inferInsert): void {
      db.insert(sessions).values(values).run()
    },
    session (idHash: string): SessionRow | undefined {
      return db.select().from(sessions).where(eq(sessions.idHash, idHash)).get()
    },
    touchSession (idHash: string, lastSeenMs: number): void {
      db.update(sessions).set({ lastSeenMs }).where(eq(sessions.idHash, idHash)).run()
    },
    deleteSession (idHash: string): void {
      db.delete(sessions).where(eq(sessions.idHash, idHash)).run()
    },
    deleteUserSessions (userSeq: number): number {
      return db.delete(sessions).where(eq(sessions.userSeq, userSeq)).run().changes
    },
    deleteExpiredSessions (nowMs: number, idleMs: number): void {
      db.delete(sessions).where(sql`${sessions.expiresMs} <= ${nowMs} OR ${sessions.lastSeenMs} + ${idleMs} <= ${nowMs}`).run()
    },

    insertToken (values: typeof apiTokens.$inferInsert): TokenRow {
      return db.insert(apiTokens).values(values).returning().get()
    },
    tokenByHash (tokenHash: string): TokenRow | undefined {
      return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get()
    },
    tokenById (id: string): TokenRow | undefined {
      return db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()
    },
    userTokens (userSeq: number): TokenRow[] {
      return db.select().from(apiTokens).where(eq(apiTokens.userSeq, userSeq)).orderBy(asc(apiTokens.seq)).all()
    },
    touchToken (seq: number, lastUsedMs: number): void {
      db.update(apiTokens).set({ lastUsedMs }).where(eq(apiTokens.seq, seq)).run()
    },
    revokeToken (seq: number, at: string): void {
      db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.seq, seq), isNull(apiTokens.revokedAt))).run()
    },
    revokeUserTokens (userSeq: number, at: string): number {
      return db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userSeq, userSeq), isNull(apiTokens.revokedAt))).run().changes
    },

    throttle (key: string): ThrottleRow | undefined {
      return db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
    },
    putThrottle (row: ThrottleRow): void {
      db.insert(loginThrottle).values(row)
        .onConflictDoUpdate({ target: loginThrottle.key, set: { failures: row.failures, windowStartMs: row.windowStartMs, lockedUntilMs: row.lockedUntilMs } })
        .run()
    },
    deleteThrottle (key: string): void {
      db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
    },
    purgeThrottle (olderThanMs: number, nowMs: number): void {
      db.delete(loginThrottle).where(and(
        lt(loginThrottle.windowStartMs, olderThanMs),
        sql`(${loginThrottle.lockedUntilMs} IS NULL OR ${loginThrottle.lockedUntilMs} <= ${nowMs})`
      )).run()
    },
    clearThrottle (): void {
      db.delete(loginThrottle).run()
    }
  }
}

export type AuthRepo = ReturnType<typeof authRepo>
