import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from '../../server/app.ts'
import type { Role } from '../../server/auth/permissions.ts'
import { authRepo } from '../../server/auth/repo.ts'
import { loadConfig } from '../../server/config.ts'
import { useTestPasswordHashing } from '../../server/auth/passwords.ts'
import { keysDir } from '../../server/keys/key-files.ts'
import { PDF_SIGNING_P12_FILE, PDF_SIGNING_PASSPHRASE_FILE, selfSignedP12 } from '../../server/keys/pdf-signing.ts'
import { databaseFile, openDatabase } from '../../server/db/open.ts'
import { compileSchemasOnFirstUse } from '../../server/http/schema-compilers.ts'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createHash, randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

// A test app hashes the first admin's password and each test account's with argon2id's cheap test
// parameters (server/auth/passwords.ts TEST_ARGON2; a server never can). Only under tap: a test file run
// directly with node hashes with the production parameters. Tests about the cost itself call
// owaspPasswordHashing(t).
if (process.env.TAP === '1') useTestPasswordHashing()
// A test app compiles a route's validators and serializers when a test first sends it a request, not
// all of them at start (server/http/schema-compilers.ts; test/http/schema-compilers.test.ts checks them all).
if (process.env.TAP === '1') compileSchemasOnFirstUse()

/** The production argon2id parameters until the test ends (a test of sign-in timing). */
export function owaspPasswordHashing(t: Test): void {
  useTestPasswordHashing(false)
  t.teardown(() => {
    if (process.env.TAP === '1') useTestPasswordHashing()
    // A test app compiles a route's validators and serializers when a test first sends it a request, not
    // all of them at start (server/http/schema-compilers.ts; test/http/schema-compilers.test.ts checks them all).
    if (process.env.TAP === '1') compileSchemasOnFirstUse()
  })
}

/** Password of the `admin` account every test app starts with (SANAD_ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'first-start pass-phrase 7913'
/** Password of the accounts asRole() and sessionAs() create. */
export const TEST_PASSWORD = 'test user pass-phrase 4682'

/**
 * A fresh app on a fresh database in the test's own directory, closed when the test ends. The second
 * factor is not required here (SANAD_REQUIRE_MFA=0) so that admin and legal test accounts work at once;
 * tests of the rule pass `env: { SANAD_REQUIRE_MFA: '' }` (the default, on) or '1'.
 */
export async function testApp(t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  const dataDir = t.testdir({})
  const env = { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SANAD_REQUIRE_MFA: '0', ...options.env }
  const config = { dataDir, checkpointIntervalMs: 0, ...options.config }
  seedDataDir(env, config)
  const app = await buildApp({ logger: false, ...options, env, config })
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/**
 * A directory under the temporary directory that test processes of this user share, or undefined if
 * it is not one only this user can write into (then nothing is shared: each process makes its own).
 */
export function ownTmpDir(name: string): string | undefined {
  const dir = join(tmpdir(), `${name}-${process.getuid?.() ?? 'user'}`)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const info = lstatSync(dir)
  const uid = process.getuid?.()
  return info.isDirectory() && (uid === undefined || info.uid === uid) && (info.mode & 0o077) === 0 ? dir : undefined
}

// The self-signed PDF signing certificate each new data dir gets costs an RSA-2048 key generation and a
// PKCS#12 file made in JavaScript: a quarter of a test app's start. A test app's data dir gets one made
// by the same function, written where the app would write its own, with the same modes; the app then
// finds and checks it as it would after a restart. test/lib/pdf/pades.test.ts tests the making at first
// start itself. It is made once per day per common name for all test processes of this user, not once
// per test file: kept in a 0700 directory of their own under the temporary directory, each file 0600
// and written whole (a rename), keyed by the maker's source so a change to it makes a new one.
const pdfIdentities = new Map<string, { p12: Buffer; passphrase: string }>()
function sharedPdfIdentity(commonName: string): { p12: Buffer; passphrase: string } {
  const maker = readFileSync(new URL('../../server/keys/pdf-signing.ts', import.meta.url))
  const day = new Date().toISOString().slice(0, 10)
  const key = createHash('sha256').update(maker).update(`\0${commonName}\0${day}`).digest('hex').slice(0, 32)
  const dir = ownTmpDir('sanad-test-pdf-identities')
  const file = dir === undefined ? undefined : join(dir, `${key}.json`)
  if (file !== undefined) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as { p12: string; passphrase: string }
      if (typeof cached.p12 === 'string' && typeof cached.passphrase === 'string')
        return { p12: Buffer.from(cached.p12, 'base64'), passphrase: cached.passphrase }
    } catch {
      // none yet (or half-written by an older helper): make one
    }
  }
  const passphrase = randomBytes(24).toString('base64url')
  const identity = { p12: selfSignedP12(commonName, passphrase), passphrase }
  if (dir !== undefined && file !== undefined) {
    const partial = join(dir, `${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
    writeFileSync(partial, JSON.stringify({ p12: identity.p12.toString('base64'), passphrase }), { mode: 0o600, flag: 'wx' })
    renameSync(partial, file)
  }
  return identity
}

function seedPdfSigningIdentity(config: ReturnType<typeof loadConfig>): void {
  if (config.pdfSigningP12File !== '') return
  const dir = keysDir(config.dataDir)
  if (existsSync(join(dir, PDF_SIGNING_P12_FILE)) || existsSync(join(dir, PDF_SIGNING_PASSPHRASE_FILE))) return
  const commonName = `Sanad (${config.ledgerOrigin})`
  let identity = pdfIdentities.get(commonName)
  if (!identity) pdfIdentities.set(commonName, (identity = sharedPdfIdentity(commonName)))
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  writeFileSync(join(dir, PDF_SIGNING_PASSPHRASE_FILE), `${identity.passphrase}\n`, { mode: 0o600, flag: 'wx' })
  writeFileSync(join(dir, PDF_SIGNING_P12_FILE), identity.p12, { mode: 0o600, flag: 'wx' })
}

// Every test app gets a new database, but applying the migrations one by one, each committed with
// fsync, cost up to a second of waiting per app on a busy disk. A new data dir's database is instead a
// copy of an empty database migrated once (checkpointed); the app then opens it as at any later start:
// migrations checked, nothing pending. test/db/ tests the migrations themselves. The migrated template
// is made once for all test processes of this user, like the PDF identity above: kept in a 0700
// directory of their own under the temporary directory, written whole (a rename), and keyed by the
// migrations and the database code, so a new or changed migration makes a new one.
let migratedTemplate: string | undefined
function templateKey(): string {
  const hash = createHash('sha256')
  const migrations = new URL('../../migrations/', import.meta.url)
  const files = readdirSync(migrations, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
  for (const file of files)
    hash
      .update(`${relative(fileURLToPath(migrations), file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  for (const name of ['open.ts', 'schema.ts', 'connection.ts'])
    hash.update(readFileSync(new URL(`../../server/db/${name}`, import.meta.url)))
  return hash.digest('hex').slice(0, 32)
}

function migrateTemplate(): string {
  const shared = ownTmpDir('sanad-test-db-templates')
  const file = shared === undefined ? undefined : join(shared, `${templateKey()}.sqlite`)
  if (file !== undefined && existsSync(file)) return file
  const dir = mkdtempSync(join(tmpdir(), 'sanad-test-template-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const template = databaseFile(dir)
  const { sqlite } = openDatabase(template)
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.close()
  if (file === undefined || shared === undefined) return template
  const partial = join(shared, `${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  copyFileSync(template, partial)
  chmodSync(partial, 0o600)
  renameSync(partial, file)
  return file
}

function seedDatabase(config: ReturnType<typeof loadConfig>): void {
  const file = databaseFile(config.dataDir)
  if (existsSync(file)) return
  migratedTemplate ??= migrateTemplate()
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  copyFileSync(migratedTemplate, file)
  chmodSync(file, 0o600)
}

function seedDataDir(env: NodeJS.ProcessEnv, overrides: Parameters<typeof loadConfig>[1]): void {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(env, overrides)
  } catch {
    return // buildApp reports the bad setting
  }
  seedPdfSigningIdentity(config)
  seedDatabase(config)
}

export const incidentInput = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Killing of a former police officer',
  narrative: 'A former police officer was taken from his home at night and found dead the next morning.',
  narrativeLanguage: 'en',
  occurred: { from: '2022-03-14' },
  location: { province: 'AF-GHA', district: 'Jaghori', place: 'Sang-e Masha' },
  categories: ['cah-murder'],
  ...overrides
})

type Account = { id: string; seq: number; username: string }
const accounts = new WeakMap<FastifyInstance, Map<Role, Account>>()

/** One account per role per app (created on first use, password TEST_PASSWORD). */
export async function accountFor(app: FastifyInstance, role: Role): Promise<Account> {
  let byRole = accounts.get(app)
  if (!byRole) accounts.set(app, (byRole = new Map()))
  const known = byRole.get(role)
  if (known) return known
  const username = `test-${role}`
  const existing = app.users.byUsername(username)
  const view = existing ?? (await app.users.create({ username, password: TEST_PASSWORD, role }, 'system'))
  const row = authRepo(app.db).userById(view.id)
  if (!row) throw new Error('account vanished')
  const account = { id: row.id, seq: row.seq, username: row.username }
  byRole.set(role, account)
  return account
}

/**
 * Headers that authenticate as a user of `role` with an API token (no CSRF needed):
 * `app.inject({ url, headers: await asRole(app, 'documenter') })`.
 */
export async function asRole(app: FastifyInstance, role: Role): Promise<Record<string, string>> {
  const account = await accountFor(app, role)
  const { token } = app.auth.createToken(account.seq, 'test', null)
  return { authorization: `Bearer ${token}` }
}

/** Headers of a fresh browser session of a user of `role`: the cookie plus the CSRF header. */
export async function sessionAs(app: FastifyInstance, role: Role): Promise<Record<string, string>> {
  const account = await accountFor(app, role)
  const session = app.auth.createSession(account.seq)
  return { cookie: `${app.sessionCookie.name}=${session.sessionId}`, 'x-csrf-token': session.csrfToken }
}

/** Signs in through POST /auth/login and returns the cookie + CSRF headers (throws on failure). */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  password: string,
  extra: Record<string, unknown> = {}
): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...extra } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === app.sessionCookie.name)
  if (!cookie) throw new Error('login set no session cookie')
  return { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken }
}

/** API-token headers of an existing account, by username (e.g. the first-start `admin`). */
export async function asUsername(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const row = authRepo(app.db).userByUsername(username)
  if (!row) throw new Error(`no account ${username}`)
  const { token } = app.auth.createToken(row.seq, 'test', null)
  return { authorization: `Bearer ${token}` }
}

/**
 * Clears `userId` for `incidentId` the way two admins do: the test admin asks, the first-start `admin`
 * approves (a test app always has both). Throws unless the clearance is in effect afterwards.
 */
export async function clearFor(app: FastifyInstance, userId: string, incidentId: string): Promise<void> {
  const asked = await app.inject({
    method: 'POST',
    url: `/api/v1/users/${userId}/clearances`,
    headers: await asRole(app, 'admin'),
    payload: { incidentId }
  })
  if (asked.statusCode === 201) return
  if (asked.statusCode !== 202) throw new Error(`clearance request: ${asked.statusCode} ${asked.body}`)
  const approved = await app.inject({
    method: 'POST',
    url: `/api/v1/clearance-requests/${asked.json().id}/approve`,
    headers: await asUsername(app, 'admin')
  })
  if (approved.statusCode !== 200) throw new Error(`clearance approval: ${approved.statusCode} ${approved.body}`)
}
