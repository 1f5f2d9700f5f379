// Sending the queue when the network returns (#16 item 5): in capture order, an incident draft, then
// its persons, then its files (tus, resumable). Each item carries its client id, so an answer lost on
// the way does not make a second record: the server answers the one it already has. An incident edited
// on the server since the draft was sent is a conflict: shown, never overwritten.
// The HTTP side is a Transport (sync-transport.ts in the app, a fake in the tests).

import type { FileDraft, IncidentDraft, PersonDraft, Queue } from './queue.ts'
import { nextToSend } from './queue.ts'
import type { QueueItem } from './store.ts'

/** A failure as the sync needs to tell it: status 0 is "no network"; code is the server's SANAD_ERR_*. */
export type SendError = { status: number; code: string }

export type Transport = {
  createIncident(clientId: string, draft: IncidentDraft): Promise<{ id: string; revision: number }>
  updateIncident(id: string, draft: IncidentDraft, baseRevision: number): Promise<{ revision: number }>
  createPerson(incidentId: string, clientId: string, person: PersonDraft): Promise<{ id: string }>
  uploadFile(
    item: QueueItem,
    incidentId: string,
    draft: FileDraft,
    read: (start: number, end: number) => Promise<Uint8Array>,
    on: { progress(sent: number): void; url(url: string): Promise<void> }
  ): Promise<{ evidenceId: string }>
}

export const isSendError = (e: unknown): e is SendError =>
  typeof e === 'object' && e !== null && typeof (e as SendError).status === 'number' && typeof (e as SendError).code === 'string'

/** Waits between attempts after a network failure: 2 s, 4 s, 8 s … up to 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(300_000, 2000 * 2 ** Math.max(0, attempt))
}

export type SyncResult = { sent: number; stopped: 'done' | 'offline' | 'server' }

/**
 * Sends what can be sent now, one item at a time. Stops at the first network or server failure
 * (the caller tries again later, with back-off); an item the server refuses (4xx) is marked failed
 * with the server's code, and a revision conflict marks the draft `conflict`; the rest go on.
 */
export async function syncQueue(queue: Queue, transport: Transport, onChange?: () => void): Promise<SyncResult> {
  let sent = 0
  for (let guard = 0; guard < 10_000; guard++) {
    const items = await queue.list()
    const item = nextToSend(items)
    if (!item) return { sent, stopped: 'done' }
    const parent = item.parent ? items.find((i) => i.id === item.parent) : undefined
    await queue.update(item.id, { state: 'sending' })
    onChange?.()
    try {
      if (item.kind === 'incident') {
        const draft = await queue.read<IncidentDraft>(item)
        if (item.serverId && item.revision !== undefined) {
          const r = await transport.updateIncident(item.serverId, draft, item.revision)
          await queue.update(item.id, { state: 'sent', revision: r.revision, edited: false })
        } else {
          const r = await transport.createIncident(item.id, draft)
          await queue.update(item.id, { state: 'sent', serverId: r.id, revision: r.revision, edited: false })
        }
      } else if (item.kind === 'person') {
        const r = await transport.createPerson(parent!.serverId!, item.id, await queue.read<PersonDraft>(item))
        await queue.update(item.id, { state: 'sent', serverId: r.id })
      } else {
        const draft = await queue.read<FileDraft>(item)
        const r = await transport.uploadFile(item, parent!.serverId!, draft, (s, e) => queue.fileBytes(item, s, e), {
          progress: (n) => {
            void queue.update(item.id, { sent: n }).then(() => onChange?.())
          },
          url: async (url) => {
            await queue.update(item.id, { uploadUrl: url })
          }
        })
        const done = await queue.update(item.id, { state: 'sent', serverId: r.evidenceId, sent: item.size ?? 0 })
        await queue.dropFileBytes(done)
      }
      sent++
    } catch (err) {
      const e: SendError = isSendError(err) ? err : { status: 0, code: 'NETWORK' }
      if (e.status === 0 || e.status >= 500 || e.status === 429) {
        await queue.update(item.id, { state: 'waiting' })
        onChange?.()
        return { sent, stopped: e.status === 0 ? 'offline' : 'server' }
      }
      if (e.code === 'SANAD_ERR_REVISION_CONFLICT') await queue.update(item.id, { state: 'conflict', error: e.code })
      else if (e.code === 'SANAD_ERR_UPLOAD_NOT_FOUND' || e.code === 'SANAD_ERR_UPLOAD_EXPIRED') {
        // The partial upload is gone on the server (expired): start it again from the first byte.
        await queue.update(item.id, { state: 'waiting', uploadUrl: undefined, sent: 0 })
        return { sent, stopped: 'server' }
      } else await queue.update(item.id, { state: 'failed', error: /^[A-Z0-9_]{1,80}$/.test(e.code) ? e.code : 'HTTP_ERROR' })
    }
    onChange?.()
  }
  return { sent, stopped: 'done' }
}

/** The documenter keeps the server's version: the local edit is dropped, the draft follows the server. */
export async function resolveConflictKeepServer(queue: Queue, item: QueueItem, serverRevision: number): Promise<void> {
  await queue.update(item.id, { state: 'sent', edited: false, revision: serverRevision, error: undefined })
}
