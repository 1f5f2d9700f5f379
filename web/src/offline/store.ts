// Where the encrypted queue lives: IndexedDB in the browser (database `sanad-offline`), a Map in tests.
// Only sealed envelopes, closed-vocabulary states, ids, counters and sizes are stored in clear; every
// draft, person, capture record, file name and file byte is inside an envelope (envelope.ts).

import { openDB, type IDBPDatabase } from 'idb'
import type { Envelope } from './envelope.ts'
import type { WrappedKeyring } from './keyring.ts'

export type ItemKind = 'incident' | 'person' | 'file'
/** waiting → sending → sent; `conflict` waits for the documenter; `failed` was refused by the server. */
export type ItemState = 'waiting' | 'sending' | 'sent' | 'conflict' | 'failed'

export type QueueItem = {
  /** Client-generated UUID: also the `clientId` the server recognises a retry by. */
  id: string
  /** The account (username) on this browser whose queue it is. */
  owner: string
  /** Order of capture: items are sent in this order. */
  seq: number
  kind: ItemKind
  state: ItemState
  /** Persons and files: the queue id of their incident draft. */
  parent?: string
  /** Once sent: the server's id (incident, person or evidence). */
  serverId?: string
  /** Incident: the server revision the local draft was last in step with. */
  revision?: number
  /** Incident: the draft was edited here after it was sent (the edit waits to be sent). */
  edited?: boolean
  /** File: bytes in all, bytes the server holds, number of sealed chunks, the tus upload's URL. */
  size?: number
  sent?: number
  chunks?: number
  uploadUrl?: string
  /** The server's error code when it refused the item (closed vocabulary, never free text). */
  error?: string
  /** The draft, person or file description (name, type, signed capture record), sealed. */
  payload: Envelope
  updatedAt: string
}

export type QueueStore = {
  keyring(owner: string): Promise<WrappedKeyring | undefined>
  putKeyring(owner: string, keyring: WrappedKeyring): Promise<void>
  items(owner: string): Promise<QueueItem[]>
  item(id: string): Promise<QueueItem | undefined>
  putItem(item: QueueItem): Promise<void>
  putChunk(item: string, index: number, envelope: Envelope): Promise<void>
  chunk(item: string, index: number): Promise<Envelope | undefined>
  /** Removes an item and its chunks. */
  deleteItem(id: string): Promise<void>
  /** Removes everything of this owner: keyring, items, chunks. */
  wipe(owner: string): Promise<void>
}

export const DB_NAME = 'sanad-offline'

type Row = { owner: string; keyring: WrappedKeyring }
type ChunkRow = { item: string; index: number; envelope: Envelope }

let opened: Promise<IDBPDatabase> | null = null
function db(): Promise<IDBPDatabase> {
  opened ??= openDB(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('keyrings', { keyPath: 'owner' })
      d.createObjectStore('items', { keyPath: 'id' }).createIndex('owner', 'owner')
      d.createObjectStore('chunks', { keyPath: ['item', 'index'] }).createIndex('item', 'item')
    }
  })
  return opened
}

/** The queue in this browser's IndexedDB. */
export const indexedDbStore: QueueStore = {
  async keyring(owner) {
    return ((await (await db()).get('keyrings', owner)) as Row | undefined)?.keyring
  },
  async putKeyring(owner, keyring) {
    await (await db()).put('keyrings', { owner, keyring } satisfies Row)
  },
  async items(owner) {
    const all = (await (await db()).getAllFromIndex('items', 'owner', owner)) as QueueItem[]
    return all.sort((a, b) => a.seq - b.seq)
  },
  async item(id) {
    return (await (await db()).get('items', id)) as QueueItem | undefined
  },
  async putItem(item) {
    await (await db()).put('items', item)
  },
  async putChunk(item, index, envelope) {
    await (await db()).put('chunks', { item, index, envelope } satisfies ChunkRow)
  },
  async chunk(item, index) {
    return ((await (await db()).get('chunks', [item, index])) as ChunkRow | undefined)?.envelope
  },
  async deleteItem(id) {
    const tx = (await db()).transaction(['items', 'chunks'], 'readwrite')
    await tx.objectStore('items').delete(id)
    const chunks = tx.objectStore('chunks')
    for (const key of await chunks.index('item').getAllKeys(id)) await chunks.delete(key)
    await tx.done
  },
  async wipe(owner) {
    const d = await db()
    const ids = (await d.getAllKeysFromIndex('items', 'owner', owner)) as string[]
    for (const id of ids) await indexedDbStore.deleteItem(id)
    await d.delete('keyrings', owner)
  }
}

/** The same store in memory, for tests of the queue logic. */
export function memoryStore(): QueueStore & { dump(): unknown[] } {
  const keyrings = new Map<string, WrappedKeyring>()
  const items = new Map<string, QueueItem>()
  const chunks = new Map<string, Envelope>()
  const key = (item: string, index: number): string => `${item}#${index}`
  return {
    async keyring(owner) {
      return keyrings.get(owner)
    },
    async putKeyring(owner, k) {
      keyrings.set(owner, k)
    },
    async items(owner) {
      return [...items.values()].filter((i) => i.owner === owner).sort((a, b) => a.seq - b.seq)
    },
    async item(id) {
      const found = items.get(id)
      return found ? { ...found } : undefined
    },
    async putItem(item) {
      items.set(item.id, { ...item })
    },
    async putChunk(item, index, envelope) {
      chunks.set(key(item, index), envelope)
    },
    async chunk(item, index) {
      return chunks.get(key(item, index))
    },
    async deleteItem(id) {
      items.delete(id)
      for (const k of [...chunks.keys()]) if (k.startsWith(`${id}#`)) chunks.delete(k)
    },
    async wipe(owner) {
      for (const i of [...items.values()]) if (i.owner === owner) await this.deleteItem(i.id)
      keyrings.delete(owner)
    },
    dump() {
      return [...keyrings.values(), ...items.values(), ...chunks.values()]
    }
  }
}
