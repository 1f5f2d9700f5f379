import t from 'tap'
import { createHash, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import {
  EXPORT_ERRORS,
  MANIFEST_SIGNATURE_DOMAIN,
  digestOf,
  formatReport,
  manifestProblems,
  parseManifest,
  signManifest,
  verifyExport,
  verifyManifest,
  type ExportManifest,
  type FileSource
} from '../../../server/lib/export/export-manifest.ts'
import { canonicalJson } from '../../../server/lib/ledger/canonical-json.ts'
import { nextEntry, type EntryInput } from '../../../server/lib/ledger/ledger-entry.ts'
import { MemoryTree, inclusionProof } from '../../../server/lib/ledger/merkle.ts'
import { generateNoteKey, parseSignerKey, signCheckpoint } from '../../../server/lib/ledger/signed-note.ts'

const signer = parseSignerKey(readFileSync(new URL('../../fixtures/ledger-test-key.txt', import.meta.url), 'utf8'))
const stranger = generateNoteKey(signer.name) // same name, other key

const hex = (algorithm: 'sha256' | 'sha512', data: Uint8Array): string => createHash(algorithm).update(data).digest('hex')

// Three evidence files; the third is exported as a metadata-free shared copy.
const originals = [
  Buffer.from('photo of the detention site'),
  Buffer.from('witness statement, Dari'),
  Buffer.from('original JPEG with GPS metadata')
]
const sharedCopy = Buffer.from('JPEG without metadata')
const evidenceIds = ['ev-1', 'ev-2', 'ev-3']

function buildLedger(): { tree: MemoryTree; entries: Array<{ bytes: Buffer; leafHash: Buffer }>; ingestAt: number[]; derivedAt: number } {
  const tree = new MemoryTree()
  const entries: Array<{ bytes: Buffer; leafHash: Buffer }> = []
  let prev: { index: number; leafHash: Buffer } | null = null
  const add = (input: EntryInput): number => {
    const e = nextEntry(prev, input)
    entries.push({ bytes: e.bytes, leafHash: e.leafHash })
    tree.append(e.leafHash)
    prev = { index: e.entry.index, leafHash: e.leafHash }
    return e.entry.index
  }
  const time = (i: number): string => new Date(Date.UTC(2025, 0, 1, 10, i)).toISOString()
  add({ time: time(0), type: 'incident-created', actor: 'user:1', subject: { kind: 'incident', id: 'inc-1' }, details: {} })
  const ingestAt = originals.map((bytes, i) =>
    add({
      time: time(i + 1),
      type: 'ingested',
      actor: 'user:1',
      subject: { kind: 'evidence', id: evidenceIds[i]!, sha256: hex('sha256', bytes) },
      details: { incident: 'inc-1', sha512: hex('sha512', bytes), size: bytes.length, mediaType: 'image/jpeg' }
    })
  )
  const derivedAt = add({
    time: time(9),
    type: 'derived-copy-made',
    actor: 'user:1',
    subject: { kind: 'evidence', id: 'ev-3', sha256: hex('sha256', originals[2]!) },
    details: {
      variant: 'shared',
      copySha256: hex('sha256', sharedCopy),
      copySize: sharedCopy.length,
      method: 'metadata-removed-lossless',
      removed: ['EXIF']
    }
  })
  for (let i = 0; i < 5; i++)
    add({
      time: time(20 + i),
      type: 'accessed',
      actor: 'user:2',
      subject: { kind: 'evidence', id: 'ev-1', sha256: hex('sha256', originals[0]!) },
      details: {}
    })
  return { tree, entries, ingestAt, derivedAt }
}

const ledger = buildLedger()
const size = ledger.tree.size
const root = ledger.tree.root()
const checkpointNote = signCheckpoint({ origin: signer.name, size, rootHash: root }, signer)

function proofOf(index: number): { index: number; leafHash: string; canonical: string; proof: string[] } {
  const e = ledger.entries[index]!
  return {
    index,
    leafHash: e.leafHash.toString('hex'),
    canonical: e.bytes.toString('base64'),
    proof: inclusionProof(ledger.tree, index, size).map((h) => h.toString('hex'))
  }
}

function manifest(): ExportManifest {
  return {
    format: 'sanad-manifest/1',
    case: {
      id: 'case-7',
      reference: 'SANAD-2025-0007',
      title: 'Arbitrary detention in Kabul',
      recipient: 'icc-otp',
      profile: 'restricted'
    },
    generatedAt: '2025-03-21T09:30:00.000Z',
    generator: { name: 'sanad', version: '0.1.0' },
    checkpoint: { note: checkpointNote, size, rootHash: root.toString('hex') },
    verifierKey: signer.verifierKey,
    incidents: [{ id: 'inc-1', revision: 3, title: 'Detention of 25 men', exhibits: ['E1', 'E2', 'E3'] }],
    exhibits: originals.map((bytes, i) => {
      const shared = i === 2
      const file = shared ? sharedCopy : bytes
      return {
        number: `E${i + 1}`,
        evidenceId: evidenceIds[i]!,
        name: ['site.jpg', 'بیانیه.txt', 'raid.jpg'][i]!,
        mediaType: 'image/jpeg',
        size: bytes.length,
        sha256: hex('sha256', bytes),
        sha512: hex('sha512', bytes),
        variant: shared ? ('shared' as const) : ('original' as const),
        file: { path: `data/exhibits/E${i + 1}`, sha256: hex('sha256', file), sha512: hex('sha512', file), size: file.length },
        ingest: proofOf(ledger.ingestAt[i]!),
        ...(shared ? { derivation: proofOf(ledger.derivedAt) } : {})
      }
    })
  }
}

function filesOf(m: ExportManifest, override: Record<string, Buffer | null> = {}): (path: string) => Promise<FileSource> {
  const map = new Map<string, Buffer>(m.exhibits.map((e, i) => [e.file.path, i === 2 ? sharedCopy : originals[i]!]))
  return async (path) => (path in override ? override[path]! : (map.get(path) ?? null))
}

const codes = (problems: Array<{ code: string }>): string[] => problems.map((p) => p.code)

t.test('a signed export verifies and says what was checked', async (t) => {
  const m = manifest()
  const { bytes, signature } = signManifest(m, signer.privateKey)
  t.ok(bytes.equals(canonicalJson(m)), 'manifest bytes are its RFC 8785 form')
  const report = await verifyExport({ manifestBytes: bytes, signature, files: filesOf(m), verifierKey: signer.verifierKey })
  t.same(report.problems, [])
  t.ok(report.ok)
  t.same(report.notes, [])
  const text = formatReport(report)
  t.match(text, /The manifest is signed by sanad\.test\/ledger\+[0-9a-f]{8}/)
  t.match(text, new RegExp(`The ledger checkpoint \\(origin sanad.test/ledger, ${size} entries, root ${root.toString('hex')}\\) is signed`))
  t.match(text, /exhibit E2 \(بیانیه\.txt\): data\/exhibits\/E2 has the recorded size/)
  t.match(
    text,
    /exhibit E1 \(site\.jpg\): ledger entry 1 records its ingestion at 2025-01-01T10:01:00\.000Z with the same SHA-256, SHA-512 and size, and is included in the signed checkpoint/
  )
  t.match(
    text,
    /exhibit E3 \(raid\.jpg\): ledger entry 4 records that the shared copy [0-9a-f]{12}… was derived from the original \(metadata-removed-lossless\)/
  )
  t.match(text, /3 of 3 exhibit files match their recorded hashes; 3 of 3 ingest entries are proven in the checkpoint/)
  t.match(text, /RESULT: the export is intact/)
})

t.test('files may be given as streams or digests', async (t) => {
  const m = manifest()
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const streams = async (path: string): Promise<FileSource> => {
    const i = m.exhibits.findIndex((e) => e.file.path === path)
    const data = i === 2 ? sharedCopy : originals[i]!
    return path.endsWith('1') ? Readable.from([data.subarray(0, 5), data.subarray(5)]) : await digestOf(data)
  }
  const report = await verifyExport({ manifestBytes: bytes, signature, files: streams, verifierKey: signer.verifierKey })
  t.ok(report.ok, 'stream and digest sources verify')
  t.same(report.problems, [])
})

t.test('one altered byte in an exhibit file is named', async (t) => {
  const m = manifest()
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const altered = Buffer.from(originals[1]!)
  altered[3]! ^= 0x01
  const report = await verifyExport({
    manifestBytes: bytes,
    signature,
    files: filesOf(m, { 'data/exhibits/E2': altered }),
    verifierKey: signer.verifierKey
  })
  t.notOk(report.ok)
  t.same(codes(report.problems), [EXPORT_ERRORS.fileAltered])
  t.match(
    report.problems[0]!.message,
    /^exhibit E2 \(بیانیه\.txt\): file data\/exhibits\/E2 was altered: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}; SHA-512/
  )
  t.match(formatReport(report), /RESULT: 1 problem found/)
})

t.test('a missing exhibit file is named', async (t) => {
  const m = manifest()
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const report = await verifyExport({
    manifestBytes: bytes,
    signature,
    files: filesOf(m, { 'data/exhibits/E1': null }),
    verifierKey: signer.verifierKey
  })
  t.same(codes(report.problems), [EXPORT_ERRORS.fileMissing])
  t.match(report.problems[0]!.message, 'exhibit E1 (site.jpg): file data/exhibits/E1 is missing from the export')
})

t.test('an altered manifest fails its signature but is still checked', async (t) => {
  const m = manifest()
  const { signature } = signManifest(m, signer.privateKey)
  m.exhibits[0]!.name = 'renamed.jpg'
  const report = await verifyExport({ manifestBytes: canonicalJson(m), signature, files: filesOf(m), verifierKey: signer.verifierKey })
  t.same(codes(report.problems), [EXPORT_ERRORS.signature])
  t.match(report.problems[0]!.message, /does not verify with sanad\.test\/ledger\+/)
  t.ok(
    report.verified.some((l) => l.includes('exhibit E1 (renamed.jpg)')),
    'the rest is still reported'
  )
})

t.test('a manifest signed by another key is refused, even if it names the trusted key', async (t) => {
  const m = manifest()
  const bytes = canonicalJson(m)
  const forged = sign(null, Buffer.concat([Buffer.from(MANIFEST_SIGNATURE_DOMAIN), bytes]), stranger.privateKey).toString('base64')
  t.throws(() => verifyManifest(bytes, forged, signer.verifierKey), { code: EXPORT_ERRORS.signature })
  t.throws(() => signManifest(m, stranger.privateKey), { code: EXPORT_ERRORS.keyMismatch }, 'cannot sign a manifest naming another key')
  // Signed by the stranger and naming the stranger: valid signature, but not the key we trust.
  const own = { ...m, verifierKey: stranger.verifierKey }
  const signedByStranger = signManifest(own, stranger.privateKey)
  t.ok(verifyManifest(signedByStranger.bytes, signedByStranger.signature, stranger.verifierKey))
  t.throws(() => verifyManifest(signedByStranger.bytes, signedByStranger.signature, signer.verifierKey), { code: EXPORT_ERRORS.signature })
})

t.test('the signature covers the domain prefix', async (t) => {
  const m = manifest()
  const { bytes, signature } = signManifest(m, signer.privateKey)
  t.ok(verifyManifest(bytes, signature, signer.verifierKey))
  const bare = sign(null, bytes, signer.privateKey).toString('base64')
  t.throws(
    () => verifyManifest(bytes, bare, signer.verifierKey),
    { code: EXPORT_ERRORS.signature },
    'a signature over the bare bytes is not a manifest signature'
  )
  t.throws(() => verifyManifest(bytes, 'not base64!', signer.verifierKey), { code: EXPORT_ERRORS.signature })
  t.throws(() => verifyManifest(Buffer.from(JSON.stringify(m, null, 2)), signature, signer.verifierKey), { code: EXPORT_ERRORS.signature })
})

t.test('a broken inclusion proof is named', async (t) => {
  const m = manifest()
  m.exhibits[0]!.ingest.proof[0] = '00'.repeat(32)
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const report = await verifyExport({ manifestBytes: bytes, signature, files: filesOf(m), verifierKey: signer.verifierKey })
  t.same(codes(report.problems), [EXPORT_ERRORS.inclusion])
  t.match(
    report.problems[0]!.message,
    /^exhibit E1 \(site\.jpg\): ledger entry 1 is not proven to be in the checkpoint's tree of size 10: recomputed root [0-9a-f]{64} does not match/
  )
})

t.test('an ingest entry about other evidence is refused', async (t) => {
  const m = manifest()
  m.exhibits[0]!.ingest = proofOf(ledger.ingestAt[1]!) // E2's entry, valid proof
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const report = await verifyExport({ manifestBytes: bytes, signature, files: filesOf(m), verifierKey: signer.verifierKey })
  t.same(codes(report.problems), [EXPORT_ERRORS.ledgerEntry])
  t.match(
    report.problems[0]!.message,
    /exhibit E1 \(site\.jpg\): ledger entry 2 does not match: its subject is evidence ev-2, not evidence ev-1; it records SHA-256 [0-9a-f]{64}, the exhibit has/
  )
})

t.test('a leaf hash that is not SHA-256(0x00 || canonical) is refused', async (t) => {
  const m = manifest()
  m.exhibits[1]!.ingest.leafHash = 'ab'.repeat(32)
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const report = await verifyExport({ manifestBytes: bytes, signature, files: filesOf(m), verifierKey: signer.verifierKey })
  t.same(codes(report.problems), [EXPORT_ERRORS.ledgerEntry])
  t.match(report.problems[0]!.message, /leaf hash of ledger entry 2 is [0-9a-f]{64}, the manifest records abab/)
})

t.test('a checkpoint by another key, or not matching the manifest, is refused', async (t) => {
  const foreign = manifest()
  foreign.checkpoint.note = signCheckpoint({ origin: signer.name, size, rootHash: root }, stranger)
  const a = signManifest(foreign, signer.privateKey)
  const ra = await verifyExport({
    manifestBytes: a.bytes,
    signature: a.signature,
    files: filesOf(foreign),
    verifierKey: signer.verifierKey
  })
  t.same(codes(ra.problems), [EXPORT_ERRORS.checkpoint])
  t.match(ra.problems[0]!.message, /^the checkpoint does not verify: note has no signature by sanad\.test\/ledger\+[0-9a-f]{8}/)

  const mismatch = manifest()
  mismatch.checkpoint.size = size - 1
  const b = signManifest(mismatch, signer.privateKey)
  const rb = await verifyExport({
    manifestBytes: b.bytes,
    signature: b.signature,
    files: filesOf(mismatch),
    verifierKey: signer.verifierKey
  })
  t.same(codes(rb.problems), [EXPORT_ERRORS.checkpoint])
  t.match(rb.problems[0]!.message, `the checkpoint note says size ${size}`)
})

t.test('a shared copy without its derivation entry is noted, not failed', async (t) => {
  const m = manifest()
  delete m.exhibits[2]!.derivation
  const { bytes, signature } = signManifest(m, signer.privateKey)
  const report = await verifyExport({ manifestBytes: bytes, signature, files: filesOf(m), verifierKey: signer.verifierKey })
  t.ok(report.ok)
  t.match(report.notes[0], /exhibit E3 \(raid\.jpg\): the export carries the shared copy/)
})

t.test('malformed manifests are described precisely', async (t) => {
  const m = manifest() as unknown as Record<string, unknown> & ExportManifest
  m.exhibits[0]!.file.path = '../etc/passwd'
  m.exhibits[1]!.number = 'E1'
  m.incidents[0]!.exhibits.push('E9')
  m.exhibits[0]!.sha256 = 'ABC'
  ;(m as Record<string, unknown>).extra = 1
  const problems = manifestProblems(m)
  t.same(problems, [
    'manifest has unexpected member "extra"',
    'exhibits[0].sha256 must be 64 lowercase hex digits',
    'exhibits[0].file.path must be a safe relative path',
    "exhibits[0]: an original's file must have the original's size and hashes",
    'exhibits[1].number "E1" is used twice',
    'incidents[0] refers to unknown exhibit "E2"',
    'incidents[0] refers to unknown exhibit "E9"'
  ])
  t.throws(() => signManifest(m, signer.privateKey), { code: EXPORT_ERRORS.manifestMalformed })
  t.throws(() => parseManifest(Buffer.from('{"format":"x"}')), { code: EXPORT_ERRORS.manifestMalformed })
  t.throws(() => parseManifest(Buffer.from('{ "format": "x" }')), { code: EXPORT_ERRORS.manifestMalformed }, 'non-canonical bytes')
  const report = await verifyExport({
    manifestBytes: Buffer.from('not json'),
    signature: 'AAAA',
    files: async () => null,
    verifierKey: signer.verifierKey
  })
  t.notOk(report.ok)
  t.same(codes(report.problems), [EXPORT_ERRORS.signature, EXPORT_ERRORS.manifestMalformed])
  const badKey = await verifyExport({
    manifestBytes: Buffer.from('{}'),
    signature: 'AAAA',
    files: async () => null,
    verifierKey: 'nonsense'
  })
  t.same(codes(badKey.problems), [EXPORT_ERRORS.keyMismatch])
})

t.test('whether the PDF carries an exhibit is optional (older manifests) and, when present, true or false', async (t) => {
  const m = manifest()
  m.exhibits[0]!.attachedToPdf = true
  m.exhibits[1]!.attachedToPdf = false
  t.same(manifestProblems(m), [])
  ;(m.exhibits[2] as unknown as Record<string, unknown>).attachedToPdf = 'yes'
  t.same(manifestProblems(m), ['exhibits[2].attachedToPdf must be true or false'])
})
