import { link, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail, SanadError } from '../../errors.ts'
import type { Viewer } from '../../auth/actor.ts'
import type { Evidence, UploadMetadata } from '../../types/schemas.ts'
import { parseCaptureField, type Intake } from '../evidence/service.ts'
import { decryptField, encryptField, fieldKey } from '../../lib/crypto/field-crypto.ts'
import { UploadFiles, type UploadRecord } from './upload-files.ts'
import { uploadsRepo, type UploadRow } from './repo.ts'

export type IngestResult = Evidence & { alreadyHeld: boolean; sameAs: string[] }

/** What the uploads feature needs of the evidence feature (its service's methods). */
export type EvidenceForUploads = {
  assertIncidentAcceptsEvidence: (incidentId: string, viewer: Viewer) => void
  /**
   * The multipart upload's completion path. A device-signed capture record (the `capture` value of
   * the Upload-Metadata) travels on the intake and is checked there, as for multipart.
   */
  ingest: (incidentId: string, intake: Intake, actor: string) => Promise<IngestResult>
  get: (id: string, viewer: Viewer) => Evidence
  byHash: (sha256: string, viewer: Viewer) => { items: Evidence[] }
}

export type UploadsDeps = {
  db: Db
  sqlite: Sqlite
  /** Seals the Upload-Metadata (file name, description, capture record) at rest. */
  master: Buffer
  evidence: EvidenceForUploads
  /** $SANAD_DATA_DIR/uploads: the bytes of uploads in progress. */
  dir: string
  /** The blob store's tmp/ (same filesystem): completion hands the bytes over from there. */
  tmpDir: string
  maxUploadBytes: number
  quotaBytes: number
  expiryHours: number
  now?: () => Date
}

// A creation writes its record, then its file: a record this old without a file is a creation that failed.
const CREATION_GRACE_MS = 60_000

/**
 * Resumable uploads (tus 1.0): who may create, append to, finish and delete an upload, the per-user
 * quota, expiry, and completion through the evidence feature's ingest — the same path, checks and
 * custody entry as the multipart upload.
 */
export function uploadsService(deps: UploadsDeps) {
  const repo = uploadsRepo(deps.db)
  const key = fieldKey(deps.master)
  const now = (): Date => deps.now?.() ?? new Date()
  const expiryMs = deps.expiryHours * 3_600_000
  const seal = (id: string, metadata: UploadMetadata): string =>
    encryptField(key, { table: 'uploads', column: 'metadata', rowId: id }, JSON.stringify(metadata))
  const unseal = (row: UploadRow): UploadMetadata =>
    JSON.parse(decryptField(key, { table: 'uploads', column: 'metadata', rowId: row.id }, row.metadata)) as UploadMetadata

  const files = new UploadFiles({
    dir: deps.dir,
    expiryMs,
    records: {
      get: (id): UploadRecord | undefined => {
        const row = repo.byId(id)
        if (!row) return undefined
        return {
          id,
          size: row.size,
          metadata: unseal(row) as unknown as Record<string, string>,
          createdAt: row.createdAt,
          finished: row.evidenceId !== null
        }
      },
      remove: (id) => repo.remove(id)
    }
  })

  /** The upload, if it is the viewer's: anyone else's is "not found", whoever asks. */
  function owned(id: string, viewer: Viewer): UploadRow {
    const row = repo.byId(id)
    if (!row || row.owner !== viewer.actor) fail('SANAD_ERR_UPLOAD_NOT_FOUND')
    return row
  }

  /** Bytes and record go together: a refused upload keeps nothing. */
  async function drop(id: string): Promise<void> {
    await files.discard(id)
    repo.remove(id)
  }

  function evidenceResult(evidenceId: string, viewer: Viewer): IngestResult {
    const record = deps.evidence.get(evidenceId, viewer)
    const sameAs = deps.evidence
      .byHash(record.sha256, viewer)
      .items.filter((e) => e.id !== record.id)
      .map((e) => e.id)
    return { ...record, alreadyHeld: sameAs.length > 0, sameAs }
  }

  /**
   * The record an interrupted completion may already have committed (the process died between the
   * evidence transaction and marking the upload finished): same bytes, incident and uploader, made
   * since that completion started, and claimed by no other upload.
   */
  function committedEarlier(row: UploadRow, sha256: string, viewer: Viewer): string | undefined {
    if (!row.ingestStartedAt) return undefined
    const since = row.ingestStartedAt
    return deps.evidence
      .byHash(sha256, viewer)
      .items.find((e) => e.incidentId === row.incidentId && e.createdBy === row.owner && e.createdAt >= since && !repo.byEvidenceId(e.id))
      ?.id
  }

  const completing = new Map<string, Promise<IngestResult>>()

  async function completeOnce(id: string, viewer: Viewer): Promise<IngestResult> {
    const row = owned(id, viewer)
    if (row.evidenceId) return evidenceResult(row.evidenceId, viewer)
    const metadata = unseal(row)
    try {
      // A clearance withdrawn or an incident retracted while the bytes came in refuses the file too.
      deps.evidence.assertIncidentAcceptsEvidence(row.incidentId, viewer)
    } catch (err) {
      await drop(id)
      throw err
    }
    const file = await files.finish(id, row.size)
    const declared = metadata.sha256.toLowerCase()
    if (declared !== file.sha256) {
      await drop(id)
      fail('SANAD_ERR_HASH_MISMATCH', `Declared SHA-256 ${declared} but received ${file.sha256}; the upload was deleted.`, {
        declared,
        received: file.sha256
      })
    }
    const earlier = committedEarlier(row, file.sha256, viewer)
    if (earlier) {
      repo.completed(id, earlier, now().toISOString())
      await files.discard(id)
      return evidenceResult(earlier, viewer)
    }
    // The evidence service moves its file into the store and removes it on failure: it gets a second
    // name for the bytes, so the upload survives a failure that a retry can overcome.
    const handed = join(deps.tmpDir, `upload-${id}.part`)
    await unlink(handed).catch(() => {})
    await link(file.path, handed)
    repo.ingestStarted(id, now().toISOString())
    const { capture, filename, incidentId: _incident, sha256: _declared, ...fields } = metadata
    let result: IngestResult
    try {
      result = await deps.evidence.ingest(
        row.incidentId,
        {
          ...fields,
          sha256: declared,
          file: { tmpPath: handed, sha256: file.sha256, sha512: file.sha512, size: file.size, filename },
          ...(capture === undefined ? {} : { capture: parseCaptureField(capture) })
        },
        viewer.actor
      )
    } catch (err) {
      // A refusal (bad fields, retracted incident) is final: nothing is kept. Anything else may pass on a retry.
      if (err instanceof SanadError && err.statusCode < 500) await drop(id)
      throw err
    } finally {
      await unlink(handed).catch(() => {})
    }
    repo.completed(id, result.id, now().toISOString())
    await files.discard(id)
    return result
  }

  return {
    files,

    async init(): Promise<void> {
      await files.init()
      await this.sweep()
    },

    /**
     * Checks a new upload before any byte is stored, as the multipart route does (incident exists,
     * readable under need-to-know, not retracted), then reserves its declared length against the
     * owner's quota and records it, in one transaction.
     */
    reserve(upload: { id: string; size: number | undefined; metadata: UploadMetadata }, viewer: Viewer): void {
      const { size, metadata } = upload
      if (size === undefined) fail('SANAD_ERR_BAD_REQUEST', 'Send Upload-Length: the length must be known when the upload is created.')
      if (size === 0) fail('SANAD_ERR_FILE_EMPTY')
      if (size > deps.maxUploadBytes) fail('SANAD_ERR_FILE_TOO_LARGE')
      if (metadata.source === 'url-download' && !metadata.sourceUrl) {
        fail('SANAD_ERR_VALIDATION', 'source url-download needs sourceUrl', { field: 'sourceUrl' })
      }
      if (metadata.sourceUrl && metadata.source !== 'url-download') {
        fail('SANAD_ERR_VALIDATION', 'sourceUrl is only for source url-download', { field: 'sourceUrl' })
      }
      deps.evidence.assertIncidentAcceptsEvidence(metadata.incidentId, viewer)
      // A capture record that is not even well-formed is refused before any byte is sent.
      if (metadata.capture !== undefined) parseCaptureField(metadata.capture)
      const created = now()
      deps.sqlite
        .transaction(() => {
          const held = repo.reservedBytes(viewer.actor)
          if (held + size > deps.quotaBytes) {
            fail(
              'SANAD_ERR_UPLOAD_QUOTA_EXCEEDED',
              `Your unfinished uploads hold ${held} bytes; this one (${size}) would pass your quota of ${deps.quotaBytes}.`,
              { held, requested: size, quota: deps.quotaBytes }
            )
          }
          repo.insert({
            id: upload.id,
            owner: viewer.actor,
            incidentId: metadata.incidentId,
            size,
            metadata: seal(upload.id, metadata),
            createdAt: created.toISOString(),
            expiresAt: new Date(created.getTime() + expiryMs).toISOString()
          })
        })
        .immediate()
    },

    /** Any request naming an upload: it must be the viewer's. */
    assertOwner(id: string, viewer: Viewer): void {
      owned(id, viewer)
    },

    /** Appending checks the incident again: no byte is stored for an incident the viewer may no longer add to. */
    assertMayAppend(id: string, viewer: Viewer): void {
      const row = owned(id, viewer)
      if (!row.evidenceId) deps.evidence.assertIncidentAcceptsEvidence(row.incidentId, viewer)
    },

    /**
     * Turns a complete upload into an evidence record (once, however many requests ask at the same
     * time): digests, the declared-hash check, then the evidence service's ingest. A mismatch
     * deletes the upload.
     */
    async complete(id: string, viewer: Viewer): Promise<IngestResult> {
      const running = completing.get(id)
      if (running) return await running
      const done = completeOnce(id, viewer).finally(() => completing.delete(id))
      completing.set(id, done)
      return await done
    },

    /** The evidence record of a finished upload (finishing it first if all its bytes are in). */
    async evidenceOf(id: string, viewer: Viewer): Promise<IngestResult> {
      const row = owned(id, viewer)
      if (row.evidenceId) return evidenceResult(row.evidenceId, viewer)
      const upload = await files.getUpload(id).catch(() => fail('SANAD_ERR_UPLOAD_EXPIRED'))
      if (upload.offset < row.size) {
        fail('SANAD_ERR_UPLOAD_INCOMPLETE', `The upload holds ${upload.offset} of ${row.size} bytes.`, {
          offset: upload.offset,
          size: row.size
        })
      }
      return await this.complete(id, viewer)
    },

    /**
     * Deletes what expired (bytes and record), bytes no record claims, and records of creations
     * that never got their file. Returns how many uploads were removed.
     */
    async sweep(): Promise<number> {
      const at = now()
      let removed = 0
      for (const row of repo.expired(at.toISOString())) {
        if (completing.has(row.id)) continue
        await drop(row.id)
        removed++
      }
      const { ids, strays } = await files.list()
      for (const id of ids) {
        if (!repo.byId(id)) {
          await files.discard(id)
          removed++
        }
      }
      for (const path of strays) await unlink(path).catch(() => {})
      for (const row of repo.unfinishedCreatedBefore(new Date(at.getTime() - CREATION_GRACE_MS).toISOString())) {
        if (!completing.has(row.id) && !(await files.exists(row.id))) {
          repo.remove(row.id)
          removed++
        }
      }
      return removed
    }
  }
}

export type UploadsService = ReturnType<typeof uploadsService>
