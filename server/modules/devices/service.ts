import { randomUUID } from 'node:crypto'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { Device, DeviceInput } from '../../types/schemas.ts'
import { DEVICE_ALGORITHM, readDevicePublicKey, type DeviceKey, type EnrolledKey } from '../../lib/capture/capture-record.ts'
import { deviceRepo, type DeviceRow } from './repo.ts'

/** The device key a capture record names, as the capture check needs it (lent to the evidence feature). */
export type DeviceLookup = (id: string) => DeviceKey | undefined

export function deviceLookup(db: Db): DeviceLookup {
  const repo = deviceRepo(db)
  return (id) => {
    const row = repo.byId(id)
    return row ? { id: row.id, userId: row.userId, publicKey: row.publicKey, revokedAt: row.revokedAt } : undefined
  }
}

function present(row: DeviceRow): Device {
  return {
    id: row.id,
    userId: row.userId,
    label: row.label,
    algorithm: row.algorithm as Device['algorithm'],
    keySha256: row.keySha256,
    publicKey: row.publicKey,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt
  }
}

/** `user:<id>` → `<id>`: device rows and capture records name accounts by their bare id. */
function userIdOf(viewer: Viewer): string {
  return viewer.actor.replace(/^user:/, '')
}

/**
 * Device keys: a signed-in user enrols the public half of a key their phone or browser made, lists
 * and revokes their own; an admin lists and revokes any (and sees no records through them). Each
 * enrolment and revocation is a ledger entry naming only ids, the key's SHA-256 and closed words.
 */
export function devicesService(deps: { db: Db; sqlite: Sqlite; ledger: LedgerAppend; now?: () => Date }) {
  const repo = deviceRepo(deps.db)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  return {
    enrol(input: DeviceInput, viewer: Viewer): Device {
      if ((input.jwk === undefined) === (input.spki === undefined)) {
        fail('SANAD_ERR_VALIDATION', 'Give the public key once: as `jwk` or as `spki`.', { field: 'jwk' })
      }
      let key: EnrolledKey
      try {
        key = readDevicePublicKey(input.jwk ? { jwk: input.jwk } : { spki: input.spki ?? '' })
      } catch {
        fail('SANAD_ERR_DEVICE_KEY_INVALID', undefined, { field: input.jwk ? 'jwk' : 'spki' })
      }
      const id = randomUUID()
      const at = now()
      deps.sqlite
        .transaction(() => {
          if (repo.byKey(key.keySha256)) fail('SANAD_ERR_DEVICE_KEY_TAKEN')
          const { index } = deps.ledger.append({
            type: 'device-enrolled',
            actor: viewer.actor,
            subject: { kind: 'device', id, sha256: key.keySha256 },
            details: { user: userIdOf(viewer), algorithm: DEVICE_ALGORITHM }
          })
          repo.insert({
            id,
            userSeq: viewer.userSeq,
            label: input.label,
            algorithm: DEVICE_ALGORITHM,
            publicKey: key.spki,
            keySha256: key.keySha256,
            createdAt: at,
            enrolIndex: index
          })
        })
        .immediate()
      const row = repo.byId(id)
      if (!row) fail('SANAD_ERR_INTERNAL')
      return present(row)
    },

    /** One's own devices; an admin's list holds every account's. */
    list(viewer: Viewer): { items: Device[] } {
      return { items: (viewer.role === 'admin' ? repo.all() : repo.ofUser(viewer.userSeq)).map(present) }
    },

    /** Revokes a device key of one's own, or (an admin) of anyone; revoking it again changes nothing. */
    revoke(id: string, viewer: Viewer): void {
      deps.sqlite
        .transaction(() => {
          const row = repo.byId(id)
          if (!row) fail('SANAD_ERR_DEVICE_NOT_FOUND')
          const own = row.userSeq === viewer.userSeq
          if (!own && viewer.role !== 'admin') fail('SANAD_ERR_FORBIDDEN', 'Only its owner or an admin may revoke a device key.')
          if (row.revokedAt !== null) return
          repo.revoke(id, now(), viewer.actor)
          deps.ledger.append({
            type: 'device-revoked',
            actor: viewer.actor,
            subject: { kind: 'device', id, sha256: row.keySha256 },
            details: { user: row.userId, by: own ? 'owner' : 'admin' }
          })
        })
        .immediate()
    }
  }
}

export type DevicesService = ReturnType<typeof devicesService>
