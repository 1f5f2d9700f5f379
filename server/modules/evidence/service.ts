import { createHash, randomUUID } from 'node:crypto'
import { collectionDetails, descriptionSha256 } from '../../lib/analysis/record-content.ts'
import { readFile } from 'node:fs/promises'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail, SanadError } from '../../errors.ts'
import type { BlobStore, Received } from '../../blobs/store.ts'
import { Ajv, type ValidateFunction } from 'ajv'
import type { Evidence, EvidenceDetailsPatch, EvidenceUpload, SignedCapture, CaptureRecord } from '../../types/schemas.ts'
import type { IncidentDocument, IncidentLookup } from '../incidents/service.ts'
import type { LedgerService } from '../../ledger/service.ts'
import { sniffType } from '../../lib/media/sniff.ts'
import { readMetadata } from '../../lib/media/metadata.ts'
import type { MediaMetadata } from '../../lib/media/exif.ts'
import { consistencyFlags, type ConsistencyFlag } from '../../lib/media/flags.ts'
import { displayName, neutralName } from '../../lib/media/display-name.ts'
import { mayReadIncident } from '../../lib/protection/need-to-know.ts'
import { decryptField, encryptField, fieldKey, isFieldEnvelope, type FieldContext } from '../../lib/crypto/field-crypto.ts'
import type { Viewer } from '../../auth/actor.ts'
import { isInsideAfghanistan } from '../../lib/context/afghan-context.ts'
import { stripMetadata, STRIPPABLE } from '../../lib/media/strip-metadata.ts'
import { checkCapture, type CaptureProblem } from '../../lib/capture/capture-record.ts'
import { canonicalJsonString } from '../../lib/ledger/canonical-json.ts'
import { loadSchemas } from '../../http/schema-files.ts'
import type { ErrorCode } from '../../errors.ts'
import type { DeviceLookup } from '../devices/service.ts'
import { evidenceRepo, legacyTextRepo, type EvidenceRow } from './repo.ts'

export type EvidenceDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerService
  blobs: BlobStore
  /** Seals the original file name and the description at rest (field envelopes). */
  master: Buffer
  /** The incident an item belongs to and the viewer's clearance for it (from the incidents feature). */
  incidents: IncidentLookup
  /** An exhibit's verification summary (the verifications feature); shown to every reader, auditors included. */
  verificationOf?: (evidenceSeq: number) => NonNullable<Evidence['verification']>
  /** Enrolled device keys, for capture records (from the devices feature); without it a capture is refused. */
  devices?: DeviceLookup
  /** Depicts links (pseudonyms only) and derivative lineage of an item (the depicts feature). */
  relationsOf?: (evidenceSeq: number) => Pick<Evidence, 'depicts' | 'derivatives' | 'derivedFrom'>
  now?: () => Date
}

/**
 * Upload fields once the file has been received into tmp/. `capture` is the device-signed capture
 * record, already parsed (parseCaptureField): the multipart route and any other intake path (resumable
 * uploads) pass it the same way, and ingest checks it against the file before anything is kept.
 */
export type Intake = Omit<EvidenceUpload, 'file' | 'capture'> & { file: Received & { filename: string }; capture?: SignedCapture }

let signedCaptureSchema: ValidateFunction | undefined

/**
 * The `capture` field (JSON text of schemas/signed-capture.json) as a SignedCapture; 400 naming the
 * field when it is not JSON or not that shape (unknown members included).
 */
export function parseCaptureField(text: string): SignedCapture {
  if (!signedCaptureSchema) {
    const ajv = new Ajv({ allErrors: false, strict: false })
    for (const schema of loadSchemas()) ajv.addSchema(schema)
    signedCaptureSchema = ajv.compile({ $ref: 'signed-capture.json#' })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    fail('SANAD_ERR_VALIDATION', 'capture is not JSON', { field: 'capture' })
  }
  if (!signedCaptureSchema(value)) {
    const first = signedCaptureSchema.errors?.[0]
    fail('SANAD_ERR_VALIDATION', `capture${first?.instancePath ?? ''} ${first?.message ?? 'is not a signed capture record'}`, {
      field: 'capture'
    })
  }
  return value as SignedCapture
}

/** How each refusal of a capture record answers. */
const CAPTURE_ERRORS: Record<CaptureProblem, ErrorCode> = {
  'record-invalid': 'SANAD_ERR_CAPTURE_INVALID',
  'device-unknown': 'SANAD_ERR_CAPTURE_INVALID',
  'signature-invalid': 'SANAD_ERR_CAPTURE_SIGNATURE',
  'device-of-another-user': 'SANAD_ERR_FORBIDDEN',
  'documenter-mismatch': 'SANAD_ERR_FORBIDDEN',
  'device-revoked': 'SANAD_ERR_DEVICE_REVOKED',
  'hash-mismatch': 'SANAD_ERR_CAPTURE_MISMATCH',
  'size-mismatch': 'SANAD_ERR_CAPTURE_MISMATCH'
}

type Served = { path: string; mediaType: string; name: string; sha256: string; size: number }

type Stored = { metadata: MediaMetadata; flags: ConsistencyFlag[] }

type EvidenceView = { full: true } | { full: false; withheld: 'integrity-only' | 'need-to-know' }

/** Largest original the shared (metadata-free) copy is derived from in memory. */
const MAX_STRIP_BYTES = 256 * 1024 * 1024

/** The sealed text fields of an evidence record and the names they carry in their envelopes. */
export const SEALED_EVIDENCE_FIELDS = [
  { column: 'original_name', field: 'originalName' },
  { column: 'description', field: 'description' }
] as const

function sealContext(evidenceId: string, field: 'originalName' | 'description'): FieldContext {
  return { table: 'evidence', column: field, rowId: evidenceId }
}

export function evidenceService(deps: EvidenceDeps) {
  const repo = evidenceRepo(deps.db)
  const key = fieldKey(deps.master)
  const seal = (id: string, field: 'originalName' | 'description', text: string): string => encryptField(key, sealContext(id, field), text)
  const open = (id: string, field: 'originalName' | 'description', stored: string): string =>
    decryptField(key, sealContext(id, field), stored)
  const incidents = deps.incidents
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  /** The incident is need-to-know and the viewer neither recorded it nor holds a clearance for it. */
  function barredByNeedToKnow(row: EvidenceRow, viewer: Viewer): boolean {
    return !mayReadIncident({ document: row.incidentDocument, createdBy: row.incidentCreatedBy }, viewer.actor, () =>
      incidents.hasClearance(viewer.userSeq, row.incidentSeq)
    )
  }

  /**
   * Auditors verify integrity without seeing what a file says (where, when, by which device, under
   * which name); readers barred by need-to-know get the same. Everyone else sees the whole record.
   */
  function viewOf(row: EvidenceRow, viewer: Viewer): EvidenceView {
    if (viewer.role === 'auditor') return { full: false, withheld: 'integrity-only' }
    if (barredByNeedToKnow(row, viewer)) return { full: false, withheld: 'need-to-know' }
    return { full: true }
  }

  function present(row: EvidenceRow, view: EvidenceView = { full: true }): Evidence {
    const stored = row.metadata as MediaMetadata
    const flags = row.flags as ConsistencyFlag[]
    const out: Evidence = {
      id: row.id,
      incidentId: row.incidentId,
      sha256: row.sha256,
      sha512: row.sha512,
      size: row.size,
      mediaType: row.mediaType,
      // An organisation-wide number says nothing about the item: every reader, auditors included, sees it.
      stableId: row.stableId ?? fail('SANAD_ERR_INTERNAL'),
      name: view.full ? row.name : neutralName(row.id, row.mediaType),
      metadata: view.full ? stored : { status: 'withheld' },
      // Flag codes say what to check; their explanations quote the file (GPS, times, software).
      flags: flags.map((f) => f.code),
      ingestIndex: row.ingestIndex,
      detailsRevision: row.detailsRevision,
      createdAt: row.createdAt,
      createdBy: row.createdBy
    }
    const verification = deps.verificationOf?.(row.seq)
    if (verification) out.verification = verification
    const capture = captureOf(row)
    // The integrity view keeps what proves the capture (device, record hash, ledger index), not when or where.
    if (capture) out.capture = { deviceKeyId: capture.deviceKeyId, recordSha256: capture.recordSha256, captureIndex: capture.captureIndex }
    if (!view.full) return { ...out, withheld: view.withheld }
    if (capture) out.capture = capture
    out.originalName = open(row.id, 'originalName', row.originalName)
    out.name = displayName(out.originalName)
    out.flagDetails = flags
    if (row.description !== null) out.description = open(row.id, 'description', row.description)
    if (row.source) out.source = row.source as NonNullable<Evidence['source']>
    if (row.collectedBy !== null) out.collectedBy = row.collectedBy
    if (row.collectedAt !== null) out.collectedAt = row.collectedAt
    const relations = deps.relationsOf?.(row.seq)
    if (relations?.depicts !== undefined) out.depicts = relations.depicts
    if (relations?.derivedFrom !== undefined) out.derivedFrom = relations.derivedFrom
    if (relations?.derivatives !== undefined && relations.derivatives.length > 0) out.derivatives = relations.derivatives
    return out
  }

  function captureOf(row: EvidenceRow): Evidence['capture'] {
    if (row.captureRecord === null || row.captureIndex === null) return undefined
    const record = JSON.parse(row.captureRecord) as CaptureRecord
    return {
      deviceKeyId: record.deviceKeyId,
      recordSha256: createHash('sha256').update(row.captureRecord, 'utf8').digest('hex'),
      captureIndex: row.captureIndex,
      capturedAt: record.capturedAt,
      timeZone: record.timeZone,
      ...(record.position ? { position: record.position } : {}),
      ingestedAt: row.createdAt,
      gapSeconds: Math.round((Date.parse(row.createdAt) - Date.parse(record.capturedAt)) / 1000)
    }
  }

  /** Checks a capture record against the file and the uploader, or refuses with its code (and keeps nothing). */
  function assertCapture(capture: SignedCapture, file: { sha256: string; size: number }, actor: string, receivedAt: string): string {
    const result = checkCapture({
      capture,
      device: deps.devices?.(capture.record.deviceKeyId),
      file,
      uploader: actor.replace(/^user:/, ''),
      receivedAt
    })
    if (!result.ok) fail(CAPTURE_ERRORS[result.problem], `${result.message}; nothing was kept.`, { field: 'capture' })
    return result.recordSha256
  }

  function mustGet(id: string): EvidenceRow {
    const row = repo.byId(id)
    if (!row) fail('SANAD_ERR_EVIDENCE_NOT_FOUND')
    return row
  }

  /** Refuses an upload before any byte is stored when its incident cannot take evidence from this viewer. */
  function assertIncidentAcceptsEvidence(incidentId: string, viewer: Viewer): void {
    const incident = incidents.byId(incidentId)
    if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
    if (!mayReadIncident(incident, viewer.actor, () => incidents.hasClearance(viewer.userSeq, incident.seq))) fail('SANAD_ERR_NEED_TO_KNOW')
    if (incident.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
  }

  async function analyse(intake: Intake, doc: IncidentDocument): Promise<Stored & { mediaType: string }> {
    const sniffed = await sniffType(intake.file.tmpPath)
    const metadata = await readMetadata(intake.file.tmpPath, sniffed.mediaType)
    const location =
      doc.location.lat !== undefined && doc.location.lon !== undefined ? { lat: doc.location.lat, lon: doc.location.lon } : null
    const flags = consistencyFlags({
      metadata,
      incidentWindow: { from: doc.occurred.from, to: doc.occurred.to, precision: doc.occurred.precision },
      incidentLocation: location,
      isInsideAfghanistan,
      originalName: intake.file.filename,
      sniffed
    })
    return { metadata, flags, mediaType: sniffed.mediaType }
  }

  const service = {
    present,

    /**
     * Seals names and descriptions written before they were sealed at rest (once, at start; the
     * display name becomes the neutral one). Returns how many records were sealed.
     */
    sealLegacyText(): number {
      return deps.sqlite
        .transaction(() => {
          const legacy = legacyTextRepo(deps.sqlite)
          const rows = legacy.unsealed()
          for (const r of rows) {
            const name = isFieldEnvelope(r.originalName) ? r.originalName : seal(r.id, 'originalName', r.originalName)
            const description =
              r.description === null || isFieldEnvelope(r.description) ? r.description : seal(r.id, 'description', r.description)
            legacy.reseal(r.id, name, description, neutralName(r.id, r.mediaType))
          }
          return rows.length
        })
        .immediate()
    },
    assertIncidentAcceptsEvidence,

    /**
     * All I/O first (hash check, type sniffing, metadata, fsync'd rename into the store), then one
     * synchronous transaction writes the evidence row and its 'ingested' custody entry together.
     */
    async ingest(incidentId: string, intake: Intake, actor: string): Promise<Evidence & { alreadyHeld: boolean; sameAs: string[] }> {
      const { file } = intake
      try {
        if (file.size === 0) fail('SANAD_ERR_FILE_EMPTY')
        if (intake.sha256 && intake.sha256.toLowerCase() !== file.sha256) {
          fail(
            'SANAD_ERR_HASH_MISMATCH',
            `Declared SHA-256 ${intake.sha256.toLowerCase()} but received ${file.sha256}; nothing was kept.`,
            { declared: intake.sha256.toLowerCase(), received: file.sha256 }
          )
        }
        // A capture record is checked before anything is stored (and again at commit, for a key revoked meanwhile).
        if (intake.capture) assertCapture(intake.capture, file, actor, now())
        if (intake.source === 'url-download' && !intake.sourceUrl) {
          fail('SANAD_ERR_VALIDATION', 'source url-download needs sourceUrl', { field: 'sourceUrl' })
        }
        if (intake.sourceUrl && intake.source !== 'url-download') {
          fail('SANAD_ERR_VALIDATION', 'sourceUrl is only for source url-download', { field: 'sourceUrl' })
        }
        const incident = incidents.byId(incidentId)
        if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
        if (incident.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
        const analysis = await analyse(intake, incident.document as IncidentDocument)
        const { alreadyHeld } = await deps.blobs.commit(file)
        const id = randomUUID()
        const at = now()
        try {
          deps.sqlite
            .transaction(() => {
              const current = incidents.byId(incidentId)
              if (!current || current.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
              const sameAs = repo.bySha256(file.sha256).map((r) => r.id)
              // Numbered per year of ingest (UTC), in this transaction: never handed out twice, never skipped.
              const stableId = repo.nextStableId(at.slice(0, 4))
              // Custody starts at capture: the device-signed record is the item's first entry, before `ingested`.
              let captureIndex: number | null = null
              if (intake.capture) {
                const { record } = intake.capture
                const recordSha256 = assertCapture(intake.capture, file, actor, at)
                captureIndex = deps.ledger.append({
                  type: 'captured',
                  actor,
                  subject: { kind: 'evidence', id, sha256: file.sha256 },
                  details: {
                    incident: incidentId,
                    device: record.deviceKeyId,
                    capturedAt: record.capturedAt,
                    recordSha256,
                    position: record.position !== undefined
                  }
                }).index
              }
              // Sealed once: the ledger's hash covers the very envelope the row stores.
              const descriptionEnc = intake.description === undefined ? null : seal(id, 'description', intake.description)
              const { index } = deps.ledger.append({
                type: 'ingested',
                actor,
                subject: { kind: 'evidence', id, sha256: file.sha256 },
                details: {
                  incident: incidentId,
                  sha512: file.sha512,
                  size: file.size,
                  mediaType: analysis.mediaType,
                  stableId,
                  // How it was collected: closed words and the date in clear, the hash of all of it (URL, collector).
                  ...collectionDetails({
                    source: intake.source ? { type: intake.source, ...(intake.sourceUrl ? { url: intake.sourceUrl } : {}) } : null,
                    collectedBy: intake.collectedBy ?? null,
                    collectedAt: intake.collectedAt ?? null
                  }),
                  descriptionSha256: descriptionSha256(id, descriptionEnc),
                  ...(intake.sha256 ? { declaredSha256Matched: true } : {}),
                  ...(sameAs.length > 0 ? { sameBytesAs: sameAs } : {})
                }
              })
              repo.insert({
                id,
                incidentSeq: current.seq,
                sha256: file.sha256,
                sha512: file.sha512,
                size: file.size,
                mediaType: analysis.mediaType,
                originalName: seal(id, 'originalName', file.filename),
                name: neutralName(id, analysis.mediaType),
                description: descriptionEnc,
                source: intake.source ? { type: intake.source, ...(intake.sourceUrl ? { url: intake.sourceUrl } : {}) } : null,
                collectedBy: intake.collectedBy ?? null,
                collectedAt: intake.collectedAt ?? null,
                metadata: analysis.metadata,
                flags: analysis.flags,
                createdAt: at,
                createdBy: actor,
                ingestIndex: index,
                captureRecord: intake.capture ? canonicalJsonString(intake.capture.record) : null,
                captureSignature: intake.capture ? intake.capture.signature : null,
                captureIndex,
                stableId
              })
            })
            .immediate()
        } catch (err) {
          // The bytes are in the store but no row was written: drop them unless someone else's row holds them.
          if (!alreadyHeld && repo.bySha256(file.sha256).length === 0) await deps.blobs.removeOrphan(file.sha256)
          throw err
        }
        const row = mustGet(id)
        const sameAs = repo
          .bySha256(file.sha256)
          .filter((r) => r.id !== id)
          .map((r) => r.id)
        return { ...present(row), alreadyHeld: alreadyHeld || sameAs.length > 0, sameAs }
      } finally {
        await deps.blobs.discard(file.tmpPath)
      }
    },

    /**
     * Revises an exhibit's descriptive details (#19 item 5), never its file, hashes or custody. Who may
     * edit: whoever may write evidence and read its incident (need-to-know); a retracted incident's
     * items stay as they were. The values replaced are kept sealed in `evidence_detail_revisions`; the
     * ledger gets ids, the reason code, the names of the fields changed, the new collection fields'
     * hash and the hash of the description's sealed envelope (`npm run verify` re-derives both from
     * the record, so a database edit of the description shows even without the key).
     */
    reviseDetails(id: string, patch: EvidenceDetailsPatch, viewer: Viewer): Evidence {
      const { baseRevision, reason, ...fields } = patch
      deps.sqlite
        .transaction(() => {
          const row = mustGet(id)
          if (barredByNeedToKnow(row, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          if (incidents.byId(row.incidentId)?.retractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
          if (baseRevision !== row.detailsRevision)
            fail(
              'SANAD_ERR_REVISION_CONFLICT',
              `The details are at revision ${row.detailsRevision}, the edit started from ${baseRevision}`,
              {
                current: row.detailsRevision
              }
            )
          const before = {
            description: row.description === null ? null : open(row.id, 'description', row.description),
            source: (row.source as { type: string; url?: string } | null) ?? null,
            collectedBy: row.collectedBy,
            collectedAt: row.collectedAt
          }
          const type = fields.source === undefined ? (before.source?.type ?? null) : fields.source
          const url = fields.sourceUrl === undefined ? (before.source?.url ?? null) : fields.sourceUrl
          // A URL belongs to a download: changing the source away from it drops the URL unless one is sent.
          const keptUrl = type === 'url-download' ? url : fields.sourceUrl === undefined ? null : url
          if (type === 'url-download' && !keptUrl)
            fail('SANAD_ERR_VALIDATION', 'source url-download needs sourceUrl', { field: 'sourceUrl' })
          if (keptUrl && type !== 'url-download')
            fail('SANAD_ERR_VALIDATION', 'sourceUrl is only for source url-download', { field: 'sourceUrl' })
          const after = {
            description: fields.description === undefined ? before.description : fields.description,
            source: type === null ? null : { type, ...(keptUrl ? { url: keptUrl } : {}) },
            collectedBy: fields.collectedBy === undefined ? before.collectedBy : fields.collectedBy,
            collectedAt: fields.collectedAt === undefined ? before.collectedAt : fields.collectedAt
          }
          const changed: Array<'description' | 'source' | 'sourceUrl' | 'collectedBy' | 'collectedAt'> = []
          if (after.description !== before.description) changed.push('description')
          if ((after.source?.type ?? null) !== (before.source?.type ?? null)) changed.push('source')
          if ((after.source?.url ?? null) !== (before.source?.url ?? null)) changed.push('sourceUrl')
          if (after.collectedBy !== before.collectedBy) changed.push('collectedBy')
          if (after.collectedAt !== before.collectedAt) changed.push('collectedAt')
          // An edit that changes nothing makes no revision.
          if (changed.length === 0) return
          const revision = row.detailsRevision + 1
          const revisionId = randomUUID()
          const collection = collectionDetails({ source: after.source, collectedBy: after.collectedBy, collectedAt: after.collectedAt })
          // An unchanged description keeps its envelope; the ledger's hash covers the envelope stored.
          const descriptionEnc = !changed.includes('description')
            ? row.description
            : after.description === null
              ? null
              : seal(row.id, 'description', after.description)
          const { index } = deps.ledger.append({
            type: 'evidence-details-revised',
            actor: viewer.actor,
            subject: { kind: 'evidence', id: row.id, sha256: row.sha256 },
            details: {
              incident: row.incidentId,
              revision,
              reason,
              fields: changed,
              ...collection,
              descriptionSha256: descriptionSha256(row.id, descriptionEnc)
            }
          })
          repo.updateDetails(row.seq, {
            description: descriptionEnc,
            source: after.source,
            collectedBy: after.collectedBy,
            collectedAt: after.collectedAt,
            detailsRevision: revision
          })
          repo.insertDetailRevision({
            id: revisionId,
            evidenceSeq: row.seq,
            revision,
            reason,
            previousEnc: encryptField(
              key,
              { table: 'evidence_detail_revisions', column: 'previous', rowId: revisionId },
              JSON.stringify(before)
            ),
            actor: viewer.actor,
            createdAt: now(),
            ledgerIndex: index
          })
        })
        .immediate()
      return present(mustGet(id), { full: true })
    },

    get(id: string, viewer: Viewer): Evidence {
      const row = mustGet(id)
      return present(row, viewOf(row, viewer))
    },

    byHash(sha256: string, viewer: Viewer): { items: Evidence[] } {
      return { items: repo.bySha256(sha256.toLowerCase()).map((r) => present(r, viewOf(r, viewer))) }
    },

    forIncident(incidentId: string, viewer: Viewer): { items: Evidence[] } {
      const incident = incidents.byId(incidentId)
      if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
      return { items: repo.byIncident(incident.seq).map((r) => present(r, viewOf(r, viewer))) }
    },

    /** Every item of an incident whole, for the export pipeline (which applies disclosure itself). */
    ofIncidentForExport(incidentId: string): { items: Evidence[] } {
      const incident = incidents.byId(incidentId)
      if (!incident) fail('SANAD_ERR_INCIDENT_NOT_FOUND')
      return { items: repo.byIncident(incident.seq).map((r) => present(r)) }
    },

    /**
     * The file to serve, after recording the access in the ledger: no route can hand out content
     * without leaving a custody entry. `shared` is a copy with embedded metadata removed, derived
     * once, stored under its own hash, with its lineage to the original in the ledger.
     */
    async content(id: string, variant: 'original' | 'shared', viewer: Viewer, purpose?: string): Promise<Served> {
      if (barredByNeedToKnow(mustGet(id), viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
      return await service.contentForExport(id, variant, viewer.actor, purpose)
    },

    /** One record whole, for the export pipeline. */
    forExport(id: string): Evidence {
      return present(mustGet(id))
    },

    /** The file for the export pipeline, which applies disclosure itself; recorded like any access. */
    async contentForExport(id: string, variant: 'original' | 'shared', actor: string, purpose?: string): Promise<Served> {
      const row = mustGet(id)
      let target = { sha256: row.sha256, size: row.size }
      if (variant === 'shared') {
        let copy = repo.copy(row.seq, 'shared')
        if (!copy) {
          if (!STRIPPABLE.has(row.mediaType)) {
            throw new SanadError(
              'SANAD_ERR_VARIANT_UNAVAILABLE',
              `No metadata-free copy can be made of ${row.mediaType} yet; only JPEG and PNG.`
            )
          }
          if (row.size > MAX_STRIP_BYTES)
            throw new SanadError('SANAD_ERR_VARIANT_UNAVAILABLE', 'The original is too large for a shared copy.')
          const { bytes, removed } = stripMetadata(row.mediaType, await readFile(deps.blobs.pathOf(row.sha256)))
          const received = await deps.blobs.receiveBuffer(bytes)
          await deps.blobs.commit(received)
          const at = now()
          deps.sqlite
            .transaction(() => {
              if (repo.copy(row.seq, 'shared')) return // derived concurrently; keep the first
              const { index } = deps.ledger.append({
                type: 'derived-copy-made',
                actor,
                subject: { kind: 'evidence', id: row.id, sha256: row.sha256 },
                details: {
                  variant: 'shared',
                  copySha256: received.sha256,
                  copySize: received.size,
                  method: 'metadata-removed-lossless',
                  removed
                }
              })
              repo.insertCopy({
                evidenceSeq: row.seq,
                variant: 'shared',
                sha256: received.sha256,
                size: received.size,
                mediaType: row.mediaType,
                method: 'metadata-removed-lossless',
                createdAt: at,
                ledgerIndex: index
              })
            })
            .immediate()
          copy = repo.copy(row.seq, 'shared')
        }
        if (!copy) fail('SANAD_ERR_INTERNAL')
        target = { sha256: copy.sha256, size: copy.size }
      }
      deps.ledger.append({
        type: 'accessed',
        actor,
        subject: { kind: 'evidence', id: row.id, sha256: row.sha256 },
        details: { variant, servedSha256: target.sha256, ...(purpose ? { purpose } : {}) }
      })
      return {
        path: deps.blobs.pathOf(target.sha256),
        mediaType: row.mediaType,
        name: displayName(open(row.id, 'originalName', row.originalName)),
        ...target
      }
    },

    custody(id: string): {
      evidenceId: string
      checkpoint: string
      size: number
      items: Array<{ index: number; leafHash: string; entry: unknown; proof: string[] }>
    } {
      const row = mustGet(id)
      const cp = deps.ledger.checkpoint()
      const items = deps.ledger
        .subjectEntries('evidence', row.id)
        .filter((e) => e.index < cp.size)
        .map((e) => ({ index: e.index, leafHash: e.leafHash, entry: e.entry, proof: deps.ledger.inclusionProof(e.index, cp.size) }))
      return { evidenceId: row.id, checkpoint: cp.note, size: cp.size, items }
    }
  }
  return service
}

export type EvidenceService = ReturnType<typeof evidenceService>

/**
 * What another feature may do with evidence rows as a plain dependency (depicts makes a blurred copy an
 * exhibit of its own inside its own transaction): read by id or hash, take the next stable id, insert.
 */
export type EvidenceRecords = Pick<ReturnType<typeof evidenceRepo>, 'byId' | 'bySha256' | 'nextStableId' | 'insert'>

export function evidenceRecords(db: Db): EvidenceRecords {
  const repo = evidenceRepo(db)
  return {
    byId: (id) => repo.byId(id),
    bySha256: (sha256) => repo.bySha256(sha256),
    nextStableId: (year) => repo.nextStableId(year),
    insert: (row) => repo.insert(row)
  }
}
