// This browser's device key for the signed-in account, and the account's id that capture records name
// as `documenter`. Enrolment needs the network once (POST /api/v1/devices); afterwards a file taken
// offline is signed at once. The account id is kept beside the key (it is no secret: the server
// checks the documenter against the session that sends the file).
import type { Device } from '../../../server/types/schemas.ts'
import { post } from '../api.ts'
import { ensureDeviceKey, loadDeviceKey, type StoredDeviceKey } from '../lib/device-key.ts'

export type Enrolled = StoredDeviceKey & { accountId: string }

const accountKey = (username: string): string => `sanad.account-id.${username.toLowerCase()}`

/** The enrolled key and account id kept on this browser, or undefined (not yet enrolled here). */
export async function enrolledDevice(username: string): Promise<Enrolled | undefined> {
  const key = await loadDeviceKey(username)
  let accountId: string | null = null
  try {
    accountId = localStorage.getItem(accountKey(username))
  } catch {
    /* storage disabled */
  }
  return key && accountId ? { ...key, accountId } : undefined
}

/** Enrols this browser (network needed) unless it already is. */
export async function enrolDevice(username: string, label: string): Promise<Enrolled> {
  let accountId: string | undefined
  const key = await ensureDeviceKey(username, label, async (path, body) => {
    const device = await post<Device>(path, body)
    accountId = device.userId
    return device
  })
  if (!accountId) {
    // The key was enrolled before, its account id not kept: the server lists the account's devices.
    const { get } = await import('../api.ts')
    const listed = await get<{ items: Device[] }>('/api/v1/devices')
    accountId = listed.items.find((d) => d.id === key.deviceKeyId)?.userId
    if (!accountId) throw new Error('device not listed')
  }
  try {
    localStorage.setItem(accountKey(username), accountId)
  } catch {
    /* storage disabled: enrolment is asked for again next time */
  }
  return { ...key, accountId }
}
