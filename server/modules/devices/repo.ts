import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { devices, users } from '../../db/identity-schema.ts'

const columns = {
  seq: devices.seq,
  id: devices.id,
  userSeq: devices.userSeq,
  userId: users.id,
  label: devices.label,
  algorithm: devices.algorithm,
  publicKey: devices.publicKey,
  keySha256: devices.keySha256,
  createdAt: devices.createdAt,
  enrolIndex: devices.enrolIndex,
  revokedAt: devices.revokedAt,
  revokedBy: devices.revokedBy
}

export type DeviceRow = {
  seq: number
  id: string
  userSeq: number
  userId: string
  label: string
  algorithm: string
  publicKey: string
  keySha256: string
  createdAt: string
  enrolIndex: number
  revokedAt: string | null
  revokedBy: string | null
}

/** Every query of the devices feature. */
export function deviceRepo(db: Db) {
  const base = () => db.select(columns).from(devices).innerJoin(users, eq(users.seq, devices.userSeq))
  return {
    insert(values: typeof devices.$inferInsert): void {
      db.insert(devices).values(values).run()
    },
    byId: (id: string): DeviceRow | undefined => base().where(eq(devices.id, id)).get(),
    byKey: (keySha256: string): DeviceRow | undefined => base().where(eq(devices.keySha256, keySha256)).get(),
    ofUser: (userSeq: number): DeviceRow[] => base().where(eq(devices.userSeq, userSeq)).orderBy(asc(devices.seq)).all(),
    all: (): DeviceRow[] => base().orderBy(asc(devices.seq)).all(),
    revoke(id: string, at: string, by: string): void {
      db.update(devices).set({ revokedAt: at, revokedBy: by }).where(eq(devices.id, id)).run()
    }
  }
}
