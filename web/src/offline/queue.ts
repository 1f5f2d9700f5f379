// The encrypted queue of what a documenter recorded with no network (#16 items 1, 3, 5): incident
// drafts, persons, files with their signed capture records. Every readable part is sealed with the
// queue's data key before it is stored (envelope.ts); file bytes in 1 MiB chunks. The order of
// sending and the states are decided here, purely (nextToSend), and tested with a store in memory.

import type { IncidentInput, PersonInput, SignedCapture } from '../../../server/types/schemas.ts'
import { CHUNK_BYTES, chunkRanges, open, openJson, seal, sealJson, type Place } from './envelope.ts'
import type { QueueItem, QueueStore } from './store.ts'

export type IncidentDraft = Omit<IncidentInput, 'clientId'>
export type PersonDraft = Omit<PersonInput, 'clientId'>
/** What is sealed with a file: its name and type on the phone, its hash and the signed capture record. */
export type FileDraft = { filename: string; mediaType: string; sha256: string; capture: SignedCapture }

type Deps = {
  store: QueueStore
  subtle: SubtleCrypto
  /** The unlocked data key (keyring.ts): non-extractable. */
  key: CryptoKey
  owner: string
  now?: () => string
  newId?: () => string
}

const payloadPlace = (id: string): Place => ({ item: id, part: 'draft' })
const chunkPlace = (id: string, index: number): Place => ({ item: id, part: 'chunk', index })

/**
 * The next item to send, in capture order: an incident first, then its persons and files once the
 * incident is on the server. An item whose incident is in conflict or refused waits; one left
 * `sending` by a closed tab is sent again (the server recognises it by its client id, and a tus
 * upload resumes where it stopped).
 */
export function nextToSend(items: readonly QueueItem[]): QueueItem | undefined {
  const byId = new Map(items.map((i) => [i.id, i]))
  for (const item of [...items].sort((a, b) => a.seq - b.seq)) {
    if (item.state !== 'waiting' && item.state !== 'sending') continue
    if (item.kind === 'incident') return item
    const parent = item.parent ? byId.get(item.parent) : undefined
    if (!parent?.serverId) continue
    if (parent.state === 'conflict' || parent.state === 'failed') continue
    return item
  }
  return undefined
}

/** Counts by state, for the queue screen's summary. */
export function countByState(items: readonly QueueItem[]): Record<QueueItem['state'], number> {
  const out = { waiting: 0, sending: 0, sent: 0, conflict: 0, failed: 0 }
  for (const i of items) out[i.state]++
  return out
}

export type Queue = ReturnType<typeof openQueue>

export function openQueue(deps: Deps) {
  const { store, subtle, key, owner } = deps
  const now = deps.now ?? (() => new Date().toISOString())
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID())

  const nextSeq = async (): Promise<number> => (await store.items(owner)).reduce((m, i) => Math.max(m, i.seq), 0) + 1

  async function add(kind: QueueItem['kind'], value: unknown, extra: Partial<QueueItem> = {}): Promise<QueueItem> {
    const id = newId()
    const item: QueueItem = {
      id,
      owner,
      seq: await nextSeq(),
      kind,
      state: 'waiting',
      payload: await sealJson(subtle, key, payloadPlace(id), value),
      updatedAt: now(),
      ...extra
    }
    await store.putItem(item)
    return item
  }

  return {
    owner,
    async list(): Promise<QueueItem[]> {
      return await store.items(owner)
    },

    async addIncident(draft: IncidentDraft): Promise<QueueItem> {
      return await add('incident', draft)
    },

    /** Replaces a draft's text; one already sent waits to be sent again as an edit (PATCH with baseRevision). */
    async editIncident(id: string, draft: IncidentDraft): Promise<QueueItem> {
      const item = await store.item(id)
      if (!item || item.owner !== owner || item.kind !== 'incident') throw new Error('no such draft')
      const changed: QueueItem = {
        ...item,
        payload: await sealJson(subtle, key, payloadPlace(id), draft),
        state: item.state === 'conflict' ? 'conflict' : 'waiting',
        edited: item.serverId !== undefined,
        updatedAt: now()
      }
      await store.putItem(changed)
      return changed
    },

    async addPerson(parent: string, person: PersonDraft): Promise<QueueItem> {
      return await add('person', person, { parent })
    },

    /** Seals a file chunk by chunk (each read, sealed and stored before the next is read). */
    async addFile(parent: string, file: Blob, draft: FileDraft): Promise<QueueItem> {
      const id = newId()
      const ranges = chunkRanges(file.size)
      for (const r of ranges) {
        const bytes = new Uint8Array(await file.slice(r.start, r.end).arrayBuffer())
        await store.putChunk(id, r.index, await seal(subtle, key, chunkPlace(id, r.index), bytes))
      }
      const item: QueueItem = {
        id,
        owner,
        seq: await nextSeq(),
        kind: 'file',
        state: 'waiting',
        parent,
        size: file.size,
        sent: 0,
        chunks: ranges.length,
        payload: await sealJson(subtle, key, payloadPlace(id), draft),
        updatedAt: now()
      }
      await store.putItem(item)
      return item
    },

    async read<T>(item: QueueItem): Promise<T> {
      return await openJson<T>(subtle, key, payloadPlace(item.id), item.payload)
    },

    /** Bytes [start, end) of a queued file, decrypted from the chunks that hold them. */
    async fileBytes(item: QueueItem, start: number, end: number): Promise<Uint8Array> {
      const size = item.size ?? 0
      const to = Math.min(end, size)
      if (start >= to) return new Uint8Array(0)
      const out = new Uint8Array(to - start)
      for (let index = Math.floor(start / CHUNK_BYTES); index * CHUNK_BYTES < to; index++) {
        const envelope = await store.chunk(item.id, index)
        if (!envelope) throw new Error('a chunk of the file is missing')
        const bytes = await open(subtle, key, chunkPlace(item.id, index), envelope)
        const base = index * CHUNK_BYTES
        const from = Math.max(start, base) - base
        const until = Math.min(to, base + bytes.length) - base
        out.set(bytes.subarray(from, until), base + from - start)
      }
      return out
    },

    async update(id: string, changes: Partial<Omit<QueueItem, 'id' | 'owner' | 'payload'>>): Promise<QueueItem> {
      const item = await store.item(id)
      if (!item || item.owner !== owner) throw new Error('no such item')
      const next = { ...item, ...changes, updatedAt: now() }
      await store.putItem(next)
      return next
    },

    /** A sent file's bytes are on the server: its sealed copy goes, the item stays as a receipt. */
    async dropFileBytes(item: QueueItem): Promise<void> {
      const kept = await store.item(item.id)
      if (!kept) return
      await store.deleteItem(item.id)
      await store.putItem({ ...kept, chunks: 0 })
    },

    async remove(id: string): Promise<void> {
      const item = await store.item(id)
      if (!item || item.owner !== owner) return
      // A draft goes with what was recorded under it.
      if (item.kind === 'incident') for (const child of await store.items(owner)) if (child.parent === id) await store.deleteItem(child.id)
      await store.deleteItem(id)
    }
  }
}
