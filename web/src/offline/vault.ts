// The unlocked queue, held in memory only (#16 item 3): the data key and the open queue live here while
// the documenter works, and nowhere else. lock() drops them; after it, what remains on the phone is
// sealed envelopes that open only with the passphrase. Screens listen to know when to forget what
// they show.

import { createKeyring, unlockKeyring } from './keyring.ts'
import { openQueue, type Queue } from './queue.ts'
import { indexedDbStore, type QueueStore } from './store.ts'

let current: Queue | null = null
/** The unlocked data key (non-extractable), beside the queue it opened: form drafts are sealed with it too. */
let currentKey: CryptoKey | null = null
const listeners = new Set<() => void>()

const notify = (): void => {
  for (const l of listeners) l()
}

export function onVaultChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The open queue of this account, or null when locked. */
export function unlockedQueue(owner: string): Queue | null {
  return current && current.owner === owner ? current : null
}

/** The data key of this account's unlocked queue, or null when locked (lib/form-draft.ts seals drafts with it). */
export function unlockedKey(owner: string): CryptoKey | null {
  return current && current.owner === owner ? currentKey : null
}

/** Whether this account has set a passphrase on this browser (a keyring exists). */
export async function hasKeyring(owner: string, store: QueueStore = indexedDbStore): Promise<boolean> {
  return (await store.keyring(owner)) !== undefined
}

/** Sets the passphrase the first time: a new keyring is stored and the queue opens. */
export async function setPassphrase(owner: string, passphrase: string, store: QueueStore = indexedDbStore): Promise<Queue> {
  if (await store.keyring(owner)) throw new Error('a passphrase is already set')
  const subtle = globalThis.crypto.subtle
  const { stored, dataKey } = await createKeyring(subtle, passphrase)
  await store.putKeyring(owner, stored)
  current = openQueue({ store, subtle, key: dataKey, owner })
  currentKey = dataKey
  notify()
  return current
}

/** Opens the queue with the passphrase; throws 'wrong passphrase'. */
export async function unlock(owner: string, passphrase: string, store: QueueStore = indexedDbStore): Promise<Queue> {
  const stored = await store.keyring(owner)
  if (!stored) throw new Error('no passphrase set')
  const subtle = globalThis.crypto.subtle
  const key = await unlockKeyring(subtle, stored, passphrase)
  current = openQueue({ store, subtle, key, owner })
  currentKey = key
  notify()
  return current
}

/** Drops the key and the open queue from memory; screens showing queued content clear themselves. */
export function lock(): void {
  current = null
  currentKey = null
  notify()
}

/** Deletes this account's queue from the phone (keyring, items, chunks): nothing waiting is kept. */
export async function deleteQueue(owner: string, store: QueueStore = indexedDbStore): Promise<void> {
  lock()
  await store.wipe(owner)
}
