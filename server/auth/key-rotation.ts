import { randomBytes } from 'node:crypto'
import type { Sqlite } from '../db/open.ts'
import { keyFileExists, loadMasterKey, masterKeyPath, readKey, removeKeyFile, writeKey, swapIn } from '../keys/key-files.ts'
import { envelopeKeyId, fieldKey, reencryptField, type FieldKey } from '../lib/crypto/field-crypto.ts'
import type { LedgerAppend } from '../ledger/types.ts'
import { descriptionSha256, personSnapshotSha256, type PersonSnapshot } from '../lib/analysis/record-content.ts'

/**
 * Master-key rotation: every envelope (persons' identifying fields and their history, positions' titles, users' TOTP secrets) is decrypted
 * under the current key and encrypted under a new one in ONE transaction, which also appends
 * `key-rotated` to the ledger. Then the current key file is renamed `<file>.retired-<time>` and the
 * new key takes its place. The retired file must be destroyed by the operator once no backup made
 * before the rotation is kept (those backups need it).
 *
 * Crash safety: the new key is first written to `<file>.next`; after the commit the current key is
 * hard-linked as the retired file and `.next` is renamed over the key file (atomic), so the key file
 * exists at every moment. If the process dies after the commit but before the rename, the next
 * `key rotate` finds `.next`, sees that the database already uses it, and finishes; if the
 * transaction did not commit, `.next` is discarded and the rotation starts over. The server must be
 * stopped: a running server keeps the old key in memory, so the rotation takes an exclusive lock on
 * the database first and refuses while another process has it open (and a server refuses to start
 * with a key that does not match the database, see `checkMasterKey`).
 */

type Envelope = {
  table:
    | 'persons'
    | 'users'
    | 'person_identity_history'
    | 'person_interviews'
    | 'evidence'
    | 'incident_transitions'
    | 'evidence_verifications'
    | 'custody_events'
    | 'uploads'
    | 'comments'
    | 'positions'
    | 'evidence_detail_revisions'
    | 'saved_searches'
  column: string
  field: string
  idColumn: string
}

/** Every encrypted column, with the field name used in its additional authenticated data. */
export const ENCRYPTED_COLUMNS: readonly Envelope[] = [
  { table: 'persons', column: 'name_enc', field: 'name', idColumn: 'id' },
  { table: 'persons', column: 'aliases_enc', field: 'aliases', idColumn: 'id' },
  { table: 'persons', column: 'contacts_enc', field: 'contacts', idColumn: 'id' },
  { table: 'persons', column: 'address_enc', field: 'address', idColumn: 'id' },
  { table: 'persons', column: 'home_location_enc', field: 'homeLocation', idColumn: 'id' },
  { table: 'persons', column: 'notes_enc', field: 'notes', idColumn: 'id' },
  { table: 'persons', column: 'age_enc', field: 'age', idColumn: 'id' },
  { table: 'persons', column: 'sex_enc', field: 'sex', idColumn: 'id' },
  { table: 'persons', column: 'groups_enc', field: 'groups', idColumn: 'id' },
  { table: 'person_interviews', column: 'details_enc', field: 'details', idColumn: 'id' },
  { table: 'person_identity_history', column: 'value_enc', field: 'value', idColumn: 'id' },
  { table: 'evidence', column: 'original_name', field: 'originalName', idColumn: 'id' },
  { table: 'evidence', column: 'description', field: 'description', idColumn: 'id' },
  { table: 'incident_transitions', column: 'comment_enc', field: 'comment', idColumn: 'id' },
  { table: 'evidence_verifications', column: 'finding_enc', field: 'finding', idColumn: 'id' },
  { table: 'comments', column: 'body_enc', field: 'body', idColumn: 'id' },
  { table: 'custody_events', column: 'sealed_enc', field: 'sealed', idColumn: 'id' },
  { table: 'uploads', column: 'metadata', field: 'metadata', idColumn: 'id' },
  { table: 'positions', column: 'title', field: 'title', idColumn: 'id' },
  { table: 'evidence_detail_revisions', column: 'previous_enc', field: 'previous', idColumn: 'id' },
  { table: 'saved_searches', column: 'name_enc', field: 'name', idColumn: 'id' },
  { table: 'saved_searches', column: 'query_enc', field: 'query', idColumn: 'id' },
  { table: 'users', column: 'totp_secret', field: 'totp_secret', idColumn: 'id' },
  { table: 'users', column: 'totp_pending', field: 'totp_pending', idColumn: 'id' }
]

export type RotationDeps = {
  sqlite: Sqlite
  dataDir: string
  /** SANAD_MASTER_KEY_FILE, when the key does not live in $SANAD_DATA_DIR/keys/master.key. */
  masterKeyFile?: string | undefined
  ledger: LedgerAppend
  /** Every person as its content hash covers it (the persons feature's reader; infrastructure imports no feature). */
  personSnapshots: (sqlite: Sqlite) => Iterable<PersonSnapshot>
  /** Records each position's new content hash (it covers the sealed title): the perpetrators feature's step. */
  positionsResealed: (sqlite: Sqlite, ledger: LedgerAppend) => void
  now?: () => Date
}

export type RotationResult = { oldKeyId: string; newKeyId: string; fields: number; retiredFile: string; recovered: boolean }

function masterFile(deps: RotationDeps): string {
  return masterKeyPath(deps.dataDir, deps.masterKeyFile)
}

/** Counts envelopes by the key id they were made with. */
export function envelopeKeyIds(sqlite: Sqlite): Map<string, number> {
  const counts = new Map<string, number>()
  for (const c of ENCRYPTED_COLUMNS) {
    for (const row of sqlite.prepare(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} LIKE 'sf1:%'`).iterate() as Iterable<{
      v: string
    }>) {
      const id = envelopeKeyId(row.v)
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * Throws when the database holds envelopes made under a key other than `master`: a restored
 * database without its key, a key file replaced by mistake, or a rotation that did not finish.
 * Starting anyway would mix keys and make identities unreadable.
 */
export function checkMasterKey(sqlite: Sqlite, master: Buffer): void {
  const expected = fieldKey(master).id
  const foreign = [...envelopeKeyIds(sqlite).keys()].filter((id) => id !== expected)
  if (foreign.length > 0) {
    throw new Error(
      `the database holds identities encrypted under master key ${foreign.join(', ')} but the loaded master key is ${expected}. ` +
        'Restore the key file that belongs to this database (see README, "Key files"), or finish an interrupted rotation with `npm run sanad -- key rotate`. ' +
        'If a new master.key was just created by this start, delete it first.'
    )
  }
}

/**
 * Takes an exclusive lock on the database for as long as this connection stays open, or throws when
 * another process (a running server) has it open: a server keeps the old key in memory and would go on
 * writing under it.
 */
export function lockDatabaseExclusively(sqlite: Sqlite): void {
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number
  sqlite.pragma('locking_mode = EXCLUSIVE')
  sqlite.pragma('busy_timeout = 0')
  try {
    sqlite.exec('BEGIN EXCLUSIVE')
    sqlite.exec('COMMIT')
  } catch {
    sqlite.pragma('locking_mode = NORMAL')
    throw new Error('the database is in use by another process: stop the server before rotating the master key')
  } finally {
    sqlite.pragma(`busy_timeout = ${Math.trunc(timeout)}`)
  }
}

export function rotateMasterKey(deps: RotationDeps): RotationResult {
  lockDatabaseExclusively(deps.sqlite)
  const file = masterFile(deps)
  const next = `${file}.next`
  const now = deps.now?.() ?? new Date()
  const current = loadMasterKey(deps.dataDir, deps.masterKeyFile, { create: false })
  const from: FieldKey = fieldKey(current)

  if (keyFileExists(next)) {
    const pending = fieldKey(readKey(next))
    if ((envelopeKeyIds(deps.sqlite).get(pending.id) ?? 0) > 0) {
      // The re-encryption committed; only the file swap was lost.
      const retiredFile = swapIn(file, next, now)
      return { oldKeyId: from.id, newKeyId: pending.id, fields: 0, retiredFile, recovered: true }
    }
    removeKeyFile(next)
  }

  const newKey = randomBytes(32)
  const to = fieldKey(newKey)
  writeKey(next, newKey)
  let fields = 0
  try {
    deps.sqlite
      .transaction(() => {
        for (const c of ENCRYPTED_COLUMNS) {
          const rows = deps.sqlite
            .prepare(`SELECT ${c.idColumn} AS id, ${c.column} AS v FROM ${c.table} WHERE ${c.column} LIKE 'sf1:%'`)
            .all() as Array<{ id: string; v: string }>
          const update = deps.sqlite.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE ${c.idColumn} = ?`)
          for (const row of rows) {
            update.run(reencryptField(from, to, { table: c.table, column: c.field, rowId: row.id }, row.v), row.id)
            fields++
          }
        }
        // Throttling keys are HMACs under a subkey of the master key: they mean nothing under the new one.
        deps.sqlite.prepare('DELETE FROM login_throttle').run()
        // Person content hashes cover the sealed envelopes (record-content.ts): record each new one, so
        // `npm run verify` still re-derives every person from what is stored.
        for (const person of deps.personSnapshots(deps.sqlite)) {
          const contentSha256 = personSnapshotSha256(person)
          deps.ledger.append({
            type: 'person-resealed',
            actor: 'system',
            subject: { kind: 'person', id: person.id, sha256: contentSha256 },
            details: { keyId: to.id, revision: person.revision, contentSha256 }
          })
        }
        deps.positionsResealed(deps.sqlite, deps.ledger)
        // Exhibits' descriptions: their hash covers the sealed envelope too (record-content.ts).
        const described = deps.sqlite
          .prepare('SELECT id, sha256, description FROM evidence WHERE description IS NOT NULL ORDER BY seq')
          .all() as Array<{ id: string; sha256: string; description: string }>
        for (const e of described)
          deps.ledger.append({
            type: 'evidence-description-resealed',
            actor: 'system',
            subject: { kind: 'evidence', id: e.id, sha256: e.sha256 },
            details: { keyId: to.id, descriptionSha256: descriptionSha256(e.id, e.description) }
          })
        deps.ledger.append({
          type: 'key-rotated',
          actor: 'system',
          subject: { kind: 'master-key', id: to.id },
          details: { previousKeyId: from.id, keyId: to.id, fields }
        })
      })
      .immediate()
  } catch (err) {
    removeKeyFile(next)
    throw err
  }
  const retiredFile = swapIn(file, next, now)
  return { oldKeyId: from.id, newKeyId: to.id, fields, retiredFile, recovered: false }
}
