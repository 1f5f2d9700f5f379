import { canonicalJson } from '../../server/lib/ledger/canonical-json.ts'
import type { LedgerEntry } from '../../server/lib/ledger/ledger-entry.ts'
import type { Evidence } from '../../server/types/schemas.ts'
import type { FullIncident as Incident } from '../../server/modules/incidents/service.ts'
import { disclosurePlan, type PlanIncident } from '../../server/modules/cases/stages/disclosure-plan.ts'
import { custodyDocumentOf, manifestOf } from '../../server/modules/cases/stages/manifest.ts'
import { possibleNames } from '../../server/modules/cases/stages/possible-names.ts'
import { redactedSnapshot, type DossierGathered, type GatheredEntry } from '../../server/modules/cases/stages/redacted-snapshot.ts'
import { generatedIncident } from './registry.ts'
import { median } from './harness.ts'

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const hex = (n: number, len = 64): string => n.toString(16).padStart(len, '0')

/**
 * What the dossier benchmark's case gathers, built in memory: the same incidents (generatedIncident),
 * two named persons each, and every exhibit with its ingest, derivation, access and delivery entries.
 */
function gathered(incidents: number, exhibits: number): { g: DossierGathered; planned: PlanIncident[] } {
  const list: Incident[] = []
  const planned: PlanIncident[] = []
  for (let i = 0; i < incidents; i++) {
    const input = generatedIncident(i)
    const id = uuid(i + 1)
    list.push({
      ...input,
      id,
      reference: `SND-2024-${String(i + 1).padStart(6, '0')}`,
      revision: 1,
      status: 'documented',
      flags: [],
      patternIds: [],
      narrative: `${input.narrative} Bench Witness ${i} saw it; Victim ${i} was taken.`,
      occurred: {
        from: input.occurred.from,
        to: input.occurred.from,
        precision: 'day',
        fromSolarHijri: '1400-05-24',
        toSolarHijri: '1400-05-24'
      }
    } as unknown as Incident)
    planned.push({
      id,
      needToKnow: false,
      persons: ['W', 'V'].map((p, k) => ({
        disclosure: {
          include: true,
          id: uuid(100000 + 2 * i + k),
          pseudonym: `${p}-${String(2 * i + k + 1).padStart(4, '0')}`,
          role: k === 0 ? 'witness' : 'victim',
          identity: null,
          image: true,
          withheld: ['profile-pseudonymised']
        },
        terms: [k === 0 ? `Bench Witness ${i}` : `Bench Victim ${i}`]
      }))
    })
  }
  const entry = (index: number, type: string, details: Record<string, unknown>): GatheredEntry => {
    const e = {
      v: 1,
      index,
      time: '2024-01-01T00:00:00.000Z',
      type,
      actor: 'user:bench',
      subject: { kind: 'evidence', id: uuid(index), sha256: hex(index) },
      details,
      prevHash: hex(0)
    } as unknown as LedgerEntry
    return {
      index,
      leafHash: hex(index),
      canonical: canonicalJson(e).toString('base64'),
      proof: Array.from({ length: 12 }, (_, k) => hex(k)),
      entry: e
    }
  }
  const ex = Array.from({ length: exhibits }, (_, i) => {
    const inc = list[i % incidents]!
    const item = {
      id: uuid(200000 + i),
      stableId: `SND-E-2026-${String(i + 1).padStart(6, '0')}`,
      name: `photo-${i}.jpg`,
      mediaType: 'image/jpeg',
      size: 80000,
      sha256: hex(i + 1),
      sha512: hex(i + 1, 128),
      metadata: { status: 'none' },
      flagDetails: [],
      ingestIndex: 4 * i
    } as unknown as Evidence
    return {
      number: `E${i + 1}`,
      item,
      incidentId: inc.id,
      incidentReference: inc.reference,
      variant: 'shared' as const,
      file: { sha256: hex(i + 7), sha512: hex(i + 7, 128), size: 79000 },
      placement: { attached: true, thumbnail: false },
      thumbnailable: true,
      entries: [
        entry(4 * i, 'ingested', { incident: inc.id, sha512: hex(i + 1, 128), size: 80000, mediaType: 'image/jpeg' }),
        entry(4 * i + 1, 'derived-copy-made', {
          variant: 'shared',
          copySha256: hex(i + 7),
          copySize: 79000,
          method: 'metadata-removed-lossless',
          removed: ['Exif']
        }),
        entry(4 * i + 2, 'accessed', { variant: 'shared', servedSha256: hex(i + 7), purpose: `case:${uuid(1)}` }),
        entry(4 * i + 3, 'shared-with-recipient', { recipient: 'icc-otp', method: 'otplink', reference: 'OTP-1' })
      ]
    }
  })
  const g: DossierGathered = {
    dossierId: uuid(1),
    language: 'en',
    generatedAt: '2025-01-01T00:00:00.000Z',
    generator: { name: 'Sanad', version: 'bench' },
    case: { id: uuid(2), reference: 'SND-C-2025-0001', title: 'Bench case', recipient: 'icc-otp', profile: 'restricted' },
    checkpoint: { note: 'bench', origin: 'bench/ledger', size: 4 * exhibits, rootHash: hex(1), timestamp: null },
    verifierKey: 'bench',
    incidents: list,
    leftOut: [],
    patterns: [],
    elementLinks: [],
    exhibits: ex
  }
  return { g, planned }
}

/**
 * Seconds the pure stages of a restricted dossier of this size take in this process (median of 5):
 * the disclosure plan, the redacted snapshot, the manifest and custody made from it, and the
 * possible-names review. The build itself also renders and writes the PDF and package.
 */
export function redactionStageSeconds(incidents: number, exhibits: number): number {
  const { g, planned } = gathered(incidents, exhibits)
  const runs: number[] = []
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint()
    const snap = redactedSnapshot(g, disclosurePlan('restricted', planned))
    manifestOf(snap)
    custodyDocumentOf(snap)
    possibleNames(snap)
    runs.push(Number(process.hrtime.bigint() - start) / 1e9)
  }
  return median(runs)
}
