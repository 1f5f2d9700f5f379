import { createHash, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Db, Sqlite } from '../../db/open.ts'
import { fail, SanadError } from '../../errors.ts'
import type { LedgerAppend } from '../../ledger/types.ts'
import type { BlobStore } from '../../blobs/store.ts'
import type { Viewer } from '../../auth/actor.ts'
import { mayReadExhibitIncident } from '../../lib/protection/need-to-know.ts'
import { depictsContentSha256, derivativeContentSha256, type DerivativeKind } from '../../lib/analysis/depicts-links.ts'
import { BLUR_METHOD, BLURRABLE, BlurError, DEFAULT_BLUR, blurImage, exifOrientation } from '../../lib/media/blur.ts'
import { encryptField, fieldKey } from '../../lib/crypto/field-crypto.ts'
import { neutralName } from '../../lib/media/display-name.ts'
import type { EvidenceRecords } from '../evidence/service.ts'
import { depictsRepo, type DepictsRow, type DerivativeRow, type ExhibitRef } from './repo.ts'

export type DepictsDeps = {
  db: Db
  sqlite: Sqlite
  ledger: LedgerAppend
  blobs: BlobStore
  /** Seals the derivative's file name at rest, as every evidence record's (evidence/service.ts). */
  master: Buffer
  /** Whether an account holds a clearance for an incident (by row numbers). */
  hasClearance: (userSeq: number, incidentSeq: number) => boolean
  /** The viewer may read the person's identity (need-to-know of every incident it is linked to). */
  personReadable: (personId: string, viewer: Viewer) => boolean
  /** Evidence rows, for the blurred copy that becomes an exhibit of its own (evidenceRecords(db)). */
  evidence: EvidenceRecords
  now?: () => Date
}

/** A depicts link as the API shows it: ids and the pseudonym, never a name. */
export type DepictsLink = {
  id: string
  evidenceId: string
  personId: string
  pseudonym: string
  createdAt: string
  createdBy: string
  ledgerIndex: number
  contentSha256: string
  removedAt?: string
  removedBy?: string
  removedLedgerIndex?: number
}

/** A derivative's lineage: from which exhibit and bytes, to which, how. */
export type Lineage = {
  derivativeId: string
  sourceId: string
  kind: DerivativeKind
  method: string
  parameters: Record<string, number>
  sourceSha256: string
  derivativeSha256: string
  createdAt: string
  createdBy: string
  ledgerIndex: number
  contentSha256: string
}

/** What an evidence record says of its depicts links and derivatives (pseudonyms only). */
export type ExhibitRelations = {
  depicts: Array<{ personId: string; pseudonym: string }>
  derivedFrom?: Lineage
  derivatives: Lineage[]
}

/** What the export pipeline reads of an exhibit: depicted person ids, its lineage if a derivative, its blurred copies. */
export type ExportRelations = { depicts: string[]; derivedFrom?: Lineage; blurred: Lineage[] }

/** Largest source a blurred copy is made of in memory. */
const MAX_BLUR_BYTES = 64 * 1024 * 1024

/**
 * Who an exhibit shows ("depicts" links to persons of its incident) and the blurred copies Sanad makes
 * of an image for recipients some person it shows has not consented to (#17 item 9). Both need the
 * right to add evidence and need-to-know for the exhibit's incident; each is a ledger entry with ids
 * and the RFC 8785 content hash (never a name or free text), which `npm run verify` re-derives.
 */
export function depictsService(deps: DepictsDeps) {
  const repo = depictsRepo(deps.db)
  const evidence = deps.evidence
  const key = fieldKey(deps.master)
  const now = (): string => (deps.now?.() ?? new Date()).toISOString()

  function mustExhibit(id: string): ExhibitRef {
    const row = repo.exhibit(id)
    if (!row) fail('SANAD_ERR_EVIDENCE_NOT_FOUND')
    return row
  }

  const barred = (ex: ExhibitRef, viewer: Viewer): boolean => !mayReadExhibitIncident(ex, viewer, deps.hasClearance)

  /** The exhibit, when the viewer may change what is recorded about it. */
  function writable(id: string, viewer: Viewer): ExhibitRef {
    const ex = mustExhibit(id)
    if (barred(ex, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
    if (ex.incidentRetractedAt) fail('SANAD_ERR_INCIDENT_RETRACTED')
    return ex
  }

  function present(r: DepictsRow): DepictsLink {
    return {
      id: r.id,
      evidenceId: r.evidenceId,
      personId: r.personId,
      pseudonym: r.pseudonym,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      ledgerIndex: r.ledgerIndex,
      contentSha256: r.contentSha256,
      ...(r.removedAt === null ? {} : { removedAt: r.removedAt }),
      ...(r.removedBy === null ? {} : { removedBy: r.removedBy }),
      ...(r.removedLedgerIndex === null ? {} : { removedLedgerIndex: r.removedLedgerIndex })
    }
  }

  function lineageOf(d: DerivativeRow): Lineage {
    return {
      derivativeId: repo.evidenceIdOf(d.derivativeSeq) ?? fail('SANAD_ERR_INTERNAL'),
      sourceId: repo.evidenceIdOf(d.sourceSeq) ?? fail('SANAD_ERR_INTERNAL'),
      kind: d.kind as DerivativeKind,
      method: d.method,
      parameters: JSON.parse(d.parameters) as Record<string, number>,
      sourceSha256: d.sourceSha256,
      derivativeSha256: d.derivativeSha256,
      createdAt: d.createdAt,
      createdBy: d.createdBy,
      ledgerIndex: d.ledgerIndex,
      contentSha256: d.contentSha256
    }
  }

  const service = {
    link(evidenceId: string, personId: string, viewer: Viewer): DepictsLink {
      const id = randomUUID()
      const at = now()
      const row = deps.sqlite
        .transaction(() => {
          const ex = writable(evidenceId, viewer)
          const person = repo.person(personId)
          if (!person) fail('SANAD_ERR_PERSON_NOT_FOUND')
          // Only a person of the exhibit's incident: a person elsewhere is chosen by nobody who sees this exhibit.
          if (!repo.inIncident(person.seq, ex.incidentSeq)) fail('SANAD_ERR_PERSON_NOT_IN_INCIDENT', undefined, { field: 'personId' })
          if (repo.activeDepicts(ex.seq, person.seq)) fail('SANAD_ERR_DEPICTS_EXISTS')
          const content = depictsContentSha256({ id, evidence: ex.id, person: person.id, createdAt: at, createdBy: viewer.actor })
          const { index } = deps.ledger.append({
            type: 'depicts-linked',
            actor: viewer.actor,
            subject: { kind: 'evidence', id: ex.id, sha256: ex.sha256 },
            details: { link: id, evidence: ex.id, person: person.id, contentSha256: content }
          })
          repo.insertDepicts({
            id,
            evidenceSeq: ex.seq,
            personSeq: person.seq,
            createdAt: at,
            createdBy: viewer.actor,
            ledgerIndex: index,
            contentSha256: content
          })
          return repo.depictsById(id) ?? fail('SANAD_ERR_INTERNAL')
        })
        .immediate()
      return present(row)
    },

    /**
     * Removing a link lets the exhibit out where only that person's consent kept it in: it needs, besides
     * need-to-know for the exhibit, the right to read the person (as lowering protection does).
     */
    unlink(evidenceId: string, personId: string, viewer: Viewer): DepictsLink {
      const at = now()
      const row = deps.sqlite
        .transaction(() => {
          const ex = writable(evidenceId, viewer)
          const person = repo.person(personId)
          if (!person) fail('SANAD_ERR_DEPICTS_NOT_FOUND')
          const link = repo.activeDepicts(ex.seq, person.seq)
          if (!link) fail('SANAD_ERR_DEPICTS_NOT_FOUND')
          if (!deps.personReadable(person.id, viewer)) fail('SANAD_ERR_NEED_TO_KNOW')
          const content = depictsContentSha256({
            id: link.id,
            evidence: ex.id,
            person: person.id,
            createdAt: link.createdAt,
            createdBy: link.createdBy,
            removedAt: at,
            removedBy: viewer.actor
          })
          const { index } = deps.ledger.append({
            type: 'depicts-link-removed',
            actor: viewer.actor,
            subject: { kind: 'evidence', id: ex.id, sha256: ex.sha256 },
            details: { link: link.id, evidence: ex.id, person: person.id, contentSha256: content }
          })
          repo.removeDepicts(link.seq, { removedAt: at, removedBy: viewer.actor, removedLedgerIndex: index, contentSha256: content })
          return repo.depictsById(link.id) ?? fail('SANAD_ERR_INTERNAL')
        })
        .immediate()
      return present(row)
    },

    /** What the evidence record shows (full view only): active links by pseudonym, lineage both ways. */
    relationsOf(evidenceSeq: number): ExhibitRelations {
      const derivation = repo.derivationOf(evidenceSeq)
      return {
        depicts: repo.depictsOf([evidenceSeq]).map((r) => ({ personId: r.personId, pseudonym: r.pseudonym })),
        ...(derivation === undefined ? {} : { derivedFrom: lineageOf(derivation) }),
        derivatives: repo.derivativesOf(evidenceSeq).map(lineageOf)
      }
    },

    /** For the export pipeline: each exhibit's depicted person ids, its lineage if it is a derivative, and its blurred copies. */
    forExport(evidenceIds: string[]): Map<string, ExportRelations> {
      const out = new Map<string, ExportRelations>()
      for (const id of evidenceIds) {
        const ex = repo.exhibit(id)
        if (!ex) continue
        const derivation = repo.derivationOf(ex.seq)
        out.set(id, {
          depicts: repo.depictsOf([ex.seq]).map((r) => r.personId),
          ...(derivation === undefined ? {} : { derivedFrom: lineageOf(derivation) }),
          blurred: repo
            .derivativesOf(ex.seq)
            .filter((d) => d.kind === 'blurred')
            .map(lineageOf)
        })
      }
      return out
    },

    /**
     * A blurred copy of an image exhibit, kept as an exhibit of its own linked to its source. All I/O
     * first (read and check the source, blur, store the bytes), then one transaction writes the new
     * record, its `ingested` entry and the source's `redacted-copy-made` entry with the lineage.
     * Made once per source: asking again answers the copy already made.
     */
    async derive(sourceId: string, kind: DerivativeKind, viewer: Viewer): Promise<{ lineage: Lineage; created: boolean }> {
      const source = writable(sourceId, viewer)
      const existing = repo.derivativesOf(source.seq).find((d) => d.kind === kind)
      if (existing) return { lineage: lineageOf(existing), created: false }
      if (repo.derivationOf(source.seq)) fail('SANAD_ERR_VARIANT_UNAVAILABLE', 'This exhibit is itself a derivative: blur its source.')
      if (!BLURRABLE.has(source.mediaType)) {
        throw new SanadError(
          'SANAD_ERR_VARIANT_UNAVAILABLE',
          source.mediaType.startsWith('video/')
            ? 'A video cannot be blurred here (no video codec); it is withheld where consent is missing.'
            : `No blurred copy can be made of ${source.mediaType}; only JPEG and PNG.`
        )
      }
      const row = evidence.byId(source.id) ?? fail('SANAD_ERR_EVIDENCE_NOT_FOUND')
      if (row.size > MAX_BLUR_BYTES) throw new SanadError('SANAD_ERR_VARIANT_UNAVAILABLE', 'The image is too large to blur here.')
      const bytes = await readFile(deps.blobs.pathOf(row.sha256))
      if (createHash('sha256').update(bytes).digest('hex') !== row.sha256)
        throw new SanadError('SANAD_ERR_BLOB_ALTERED', 'The stored original no longer matches its recorded hash; run npm run verify.')
      // Turned upright as a viewer shows the original (the copy has no EXIF to turn it by).
      const orientation = await exifOrientation(bytes)
      let blurred: ReturnType<typeof blurImage>
      try {
        blurred = blurImage(row.mediaType, bytes, DEFAULT_BLUR, orientation)
      } catch (err) {
        if (err instanceof BlurError) throw new SanadError('SANAD_ERR_VARIANT_UNAVAILABLE', 'The image could not be decoded to blur it.')
        throw err
      }
      const received = await deps.blobs.receiveBuffer(blurred.bytes)
      const { alreadyHeld } = await deps.blobs.commit(received)
      const id = randomUUID()
      const at = now()
      const parameters = { ...DEFAULT_BLUR, block: blurred.block, orientation }
      try {
        deps.sqlite
          .transaction(() => {
            const current = writable(sourceId, viewer)
            if (repo.derivativesOf(current.seq).some((d) => d.kind === kind))
              fail('SANAD_ERR_VARIANT_UNAVAILABLE', 'A blurred copy of this exhibit was made meanwhile.')
            const stableId = evidence.nextStableId(at.slice(0, 4))
            const extension = row.mediaType === 'image/png' ? 'png' : 'jpg'
            // The name says what it is and of which exhibit; never the source's own name (often a person's).
            const name = `blurred-${current.stableId ?? current.id}.${extension}`
            const ingest = deps.ledger.append({
              type: 'ingested',
              actor: viewer.actor,
              subject: { kind: 'evidence', id, sha256: received.sha256 },
              details: {
                incident: current.incidentId,
                sha512: received.sha512,
                size: received.size,
                mediaType: row.mediaType,
                stableId,
                derivedFrom: current.id
              }
            })
            const content = derivativeContentSha256({
              derivative: id,
              source: current.id,
              kind,
              method: BLUR_METHOD,
              parameters,
              sourceSha256: current.sha256,
              derivativeSha256: received.sha256,
              createdAt: at,
              createdBy: viewer.actor
            })
            const lineage = deps.ledger.append({
              type: 'redacted-copy-made',
              actor: viewer.actor,
              subject: { kind: 'evidence', id: current.id, sha256: current.sha256 },
              details: {
                derivative: id,
                derivativeStableId: stableId,
                kind,
                method: BLUR_METHOD,
                parameters,
                sourceSha256: current.sha256,
                derivativeSha256: received.sha256,
                contentSha256: content
              }
            })
            evidence.insert({
              id,
              incidentSeq: current.incidentSeq,
              sha256: received.sha256,
              sha512: received.sha512,
              size: received.size,
              mediaType: row.mediaType,
              originalName: encryptField(key, { table: 'evidence', column: 'originalName', rowId: id }, name),
              name: neutralName(id, row.mediaType),
              description: null,
              source: null,
              collectedBy: null,
              collectedAt: null,
              metadata: { status: 'none', width: blurred.width, height: blurred.height },
              flags: [],
              createdAt: at,
              createdBy: viewer.actor,
              ingestIndex: ingest.index,
              captureRecord: null,
              captureSignature: null,
              captureIndex: null,
              stableId
            })
            const derivativeSeq = evidence.byId(id)?.seq ?? fail('SANAD_ERR_INTERNAL')
            repo.insertDerivative({
              derivativeSeq,
              sourceSeq: current.seq,
              kind,
              method: BLUR_METHOD,
              parameters: JSON.stringify(parameters),
              sourceSha256: current.sha256,
              derivativeSha256: received.sha256,
              createdAt: at,
              createdBy: viewer.actor,
              contentSha256: content,
              ledgerIndex: lineage.index
            })
          })
          .immediate()
      } catch (err) {
        // The bytes are in the store but no row was written: drop them unless another record holds them.
        if (!alreadyHeld && evidence.bySha256(received.sha256).length === 0) await deps.blobs.removeOrphan(received.sha256)
        throw err
      }
      const saved = repo.derivationOf(evidence.byId(id)?.seq ?? -1) ?? fail('SANAD_ERR_INTERNAL')
      return { lineage: lineageOf(saved), created: true }
    }
  }
  return service
}

export type DepictsService = ReturnType<typeof depictsService>
