// The sync's HTTP side: the API for drafts and persons (each with its client id), tus for files.
import { Upload, type DetailedError } from 'tus-js-client'
import type { Evidence, Incident, Person } from '../../../server/types/schemas.ts'
import { api, currentCsrfToken, get } from '../api.ts'
import type { SendError, Transport } from './sync.ts'

const UPLOADS = '/api/v1/uploads'
/** Bytes per PATCH: small enough that a dropped link loses little, large enough to keep throughput. */
const TUS_CHUNK = 4 * 1024 * 1024

function sendErrorOf(err: DetailedError | Error): SendError {
  const res = (err as DetailedError).originalResponse
  if (!res) return { status: 0, code: 'NETWORK' }
  let code = `HTTP_${res.getStatus()}`
  try {
    const body = JSON.parse(res.getBody()) as { code?: unknown }
    if (typeof body.code === 'string') code = body.code
  } catch {
    /* not JSON */
  }
  return { status: res.getStatus(), code }
}

export const httpTransport: Transport = {
  async createIncident(clientId, draft) {
    const r = await api<Incident>('POST', '/api/v1/incidents', { ...draft, clientId })
    return { id: r.id, revision: r.revision }
  },
  async updateIncident(id, draft, baseRevision) {
    const r = await api<Incident>('PATCH', `/api/v1/incidents/${encodeURIComponent(id)}`, { ...draft, baseRevision })
    return { revision: r.revision }
  },
  async createPerson(incidentId, clientId, person) {
    const r = await api<Person>('POST', `/api/v1/incidents/${encodeURIComponent(incidentId)}/persons`, { ...person, clientId })
    return { id: r.id }
  },
  uploadFile(item, incidentId, draft, read, on) {
    const size = item.size ?? 0
    return new Promise((resolve, reject) => {
      const upload: Upload = new Upload(new Blob([]), {
        endpoint: UPLOADS,
        uploadUrl: item.uploadUrl ?? null,
        uploadSize: size,
        chunkSize: TUS_CHUNK,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        metadata: { incidentId, filename: draft.filename, sha256: draft.sha256, capture: JSON.stringify(draft.capture) },
        headers: { 'x-csrf-token': currentCsrfToken() ?? '' },
        // The upload URL is kept in the (encrypted-payload) queue item, not in localStorage.
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: false,
        // The bytes come from the sealed chunks, decrypted slice by slice as tus asks for them.
        fileReader: {
          openFile: async () => ({
            size,
            slice: async (start: number, end: number) => ({ value: new Blob([(await read(start, end)) as BlobPart]), done: end >= size }),
            close: () => undefined
          })
        },
        onUploadUrlAvailable: () => {
          if (upload.url) void on.url(upload.url)
        },
        onProgress: (sent) => on.progress(sent),
        onSuccess: ({ lastResponse }) => {
          const id = lastResponse.getHeader('Sanad-Evidence-Id')
          if (id) return resolve({ evidenceId: id })
          // Resumed an upload that had already finished (its answer was lost): ask for its evidence.
          const path = new URL(upload.url ?? '', location.origin).pathname
          get<Evidence>(`${path}/evidence`)
            .then((e) => resolve({ evidenceId: e.id }))
            .catch((err: unknown) => reject(err))
        },
        onError: (err) => reject(sendErrorOf(err))
      })
      upload.start()
    })
  }
}
