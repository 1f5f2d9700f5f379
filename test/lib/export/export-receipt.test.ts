import t from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { nextEntry, type EntryInput } from '../../../server/lib/ledger/ledger-entry.ts'
import { MemoryTree, consistencyProof, inclusionProof, rootAt } from '../../../server/lib/ledger/merkle.ts'
import { generateNoteKey, parseSignerKey, signCheckpoint } from '../../../server/lib/ledger/signed-note.ts'
import {
  RECEIPT_ERRORS,
  parseReceipt,
  receiptProblems,
  verifyReceipt,
  type ExportReceipt
} from '../../../server/lib/export/export-receipt.ts'

const signer = parseSignerKey(readFileSync(new URL('../../fixtures/ledger-test-key.txt', import.meta.url), 'utf8'))
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const pdf = Buffer.from('%PDF-1.7 the dossier as issued')
const zip = Buffer.from('PK the package as issued')
const manifestSha256 = sha256(Buffer.from('{"format":"sanad-manifest/1"}'))

// A small ledger: an access entry, the export of dossier d-1, and one more entry after it.
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
add({
  time: '2025-01-01T10:00:00.000Z',
  type: 'accessed',
  actor: 'user:1',
  subject: { kind: 'dossier', id: 'd-1', sha256: sha256(pdf) },
  details: {}
})
const exportedAt = add({
  time: '2025-01-01T10:01:00.000Z',
  type: 'exported',
  actor: 'user:1',
  subject: { kind: 'dossier', id: 'd-1', sha256: sha256(pdf) },
  details: { case: 'c-1', pdfSize: pdf.length, packageSha256: sha256(zip), packageSize: zip.length, manifestSha256 }
})
add({
  time: '2025-01-01T10:02:00.000Z',
  type: 'accessed',
  actor: 'user:2',
  subject: { kind: 'dossier', id: 'd-1', sha256: sha256(pdf) },
  details: {}
})
// The PDF of dossier d-1 as issued before its package (the receipt the package carries).
const pdfIssuedAt = add({
  time: '2025-01-01T10:03:00.000Z',
  type: 'dossier-pdf-issued',
  actor: 'user:1',
  subject: { kind: 'dossier', id: 'd-1', sha256: sha256(pdf) },
  details: { case: 'c-1', pdfSize: pdf.length, manifestSha256 }
})
const checkpoint = signCheckpoint({ origin: signer.name, size: tree.size, rootHash: tree.root() }, signer)
// The export was anchored to the checkpoint of the first entry (its manifest's), before its own entry.
const anchor = { size: 1, rootHash: rootAt(tree, 1).toString('hex') }

function receiptFor(index: number, dossierId = 'd-1'): ExportReceipt {
  const e = entries[index]!
  return {
    format: 'sanad-export-receipt/1',
    dossierId,
    entry: {
      index,
      leafHash: e.leafHash.toString('hex'),
      canonical: e.bytes.toString('base64'),
      proof: inclusionProof(tree, index, tree.size).map((h) => h.toString('hex'))
    },
    consistency: { from: anchor.size, proof: consistencyProof(tree, anchor.size, tree.size).map((h) => h.toString('hex')) },
    checkpoint
  }
}
const asIssued = { kind: 'pdf' as const, sha256: sha256(pdf), size: pdf.length }

t.test('a receipt proves the PDF and the package as issued, and says how', async (t) => {
  const r = verifyReceipt(receiptFor(exportedAt), { file: asIssued, verifierKey: signer.verifierKey, manifestSha256 })
  t.match(r, { ok: true, index: exportedAt, checkpointSize: 4, problems: [] })
  t.match(
    r.verified[0],
    /ledger entry 1 records the export of dossier d-1 at 2025-01-01T10:01:00\.000Z and is included in a checkpoint of 4 entries/
  )
  t.match(
    verifyReceipt(receiptFor(exportedAt), {
      file: { kind: 'package', sha256: sha256(zip), size: zip.length },
      verifierKey: signer.verifierKey
    }),
    { ok: true }
  )
})

t.test('a file, size or manifest other than the recorded one is not as issued', async (t) => {
  const other = Buffer.from('%PDF-1.7 the dossier with a page changed')
  const r = verifyReceipt(receiptFor(exportedAt), {
    file: { kind: 'pdf', sha256: sha256(other), size: other.length },
    verifierKey: signer.verifierKey
  })
  t.match(r, {
    ok: false,
    problems: [
      {
        code: RECEIPT_ERRORS.notAsIssued,
        message: /its SHA-256 is [0-9a-f]{64}, the ledger records [0-9a-f]{64}; its size is \d+ bytes, the ledger records \d+/
      }
    ]
  })
  const m = verifyReceipt(receiptFor(exportedAt), { file: asIssued, verifierKey: signer.verifierKey, manifestSha256: '0'.repeat(64) })
  t.match(m.problems, [{ code: RECEIPT_ERRORS.notAsIssued, message: /carries a manifest with SHA-256 0{64}/ }])
})

t.test('an entry that is not the export of the dossier named is refused, even when proven', async (t) => {
  const access = verifyReceipt(receiptFor(0), { file: asIssued, verifierKey: signer.verifierKey })
  t.match(access.problems, [
    { code: RECEIPT_ERRORS.receipt, message: /ledger entry 0 is a "accessed" entry about dossier d-1, not the export of dossier d-1/ }
  ])
  const otherDossier = verifyReceipt(receiptFor(exportedAt, 'd-2'), { file: asIssued, verifierKey: signer.verifierKey })
  t.match(otherDossier.problems, [{ code: RECEIPT_ERRORS.receipt, message: /not the export of dossier d-2/ }])
})

t.test('a proof for another index, a checkpoint by another key or a wrong leaf hash is refused', async (t) => {
  const moved = receiptFor(exportedAt)
  moved.entry.index = 2
  t.match(verifyReceipt(moved, { file: asIssued, verifierKey: signer.verifierKey }).problems, [
    { code: RECEIPT_ERRORS.receipt, message: /ledger entry 2 is not proven/ }
  ])
  t.match(verifyReceipt(receiptFor(exportedAt), { file: asIssued, verifierKey: generateNoteKey(signer.name).verifierKey }).problems, [
    { code: RECEIPT_ERRORS.receipt, message: /checkpoint does not verify with the key/ }
  ])
  const leaf = receiptFor(exportedAt)
  leaf.entry.leafHash = 'f'.repeat(64)
  t.match(verifyReceipt(leaf, { file: asIssued, verifierKey: signer.verifierKey }).problems, [
    { code: RECEIPT_ERRORS.receipt, message: /do not hash to its leaf hash/ }
  ])
})

t.test('malformed receipts are described precisely', async (t) => {
  t.same(receiptProblems([]), ['the receipt must be a JSON object'])
  t.same(
    receiptProblems({
      format: 'x',
      dossierId: '',
      entry: { index: -1, leafHash: 'AB', canonical: '***', proof: ['x'], extra: 1 },
      consistency: { from: 1, proof: [] },
      checkpoint: '',
      more: true
    }),
    [
      'the receipt has unexpected member "more"',
      'format must be "sanad-export-receipt/1"',
      'dossierId must be non-empty text',
      'checkpoint must be a signed note',
      'entry has unexpected member "extra"',
      'entry.index must be a non-negative integer',
      'entry.leafHash must be 64 lowercase hex digits',
      'entry.canonical must be padded base64',
      'entry.proof must be an array of 64-hex-digit hashes'
    ]
  )
  t.same(receiptProblems({ ...receiptFor(exportedAt), consistency: { from: -1, proof: 'x', z: 1 } }), [
    'consistency has unexpected member "z"',
    'consistency.from must be a non-negative integer',
    'consistency.proof must be an array of 64-hex-digit hashes'
  ])
  t.same(parseReceipt(JSON.stringify(receiptFor(exportedAt))), receiptFor(exportedAt))
  t.throws(() => parseReceipt('not json'), /the receipt is not JSON/)
})

t.test("the receipt's checkpoint must extend the one the export is anchored to", async (t) => {
  const ok = verifyReceipt(receiptFor(exportedAt), { file: asIssued, verifierKey: signer.verifierKey, anchor })
  t.match(ok, { ok: true })
  t.match(ok.verified[2], /extends the one the export is anchored to \(consistency proof from 1 to 4 entries\)/)
  const forked = verifyReceipt(receiptFor(exportedAt), {
    file: asIssued,
    verifierKey: signer.verifierKey,
    anchor: { size: 1, rootHash: 'a'.repeat(64) }
  })
  t.match(
    forked.problems,
    [{ code: RECEIPT_ERRORS.receipt, message: /does not extend the one the export is anchored to/ }],
    'a rewritten history (another root at the anchor size)'
  )
  const elsewhere = verifyReceipt(receiptFor(exportedAt), {
    file: asIssued,
    verifierKey: signer.verifierKey,
    anchor: { size: 2, rootHash: rootAt(tree, 2).toString('hex') }
  })
  t.match(elsewhere.problems, [
    { code: RECEIPT_ERRORS.receipt, message: /starts at a tree of 1 entries, but the export is anchored to a checkpoint of 2/ }
  ])
  const cut = receiptFor(exportedAt)
  cut.consistency.proof = cut.consistency.proof.slice(1)
  t.match(
    verifyReceipt(cut, { file: asIssued, verifierKey: signer.verifierKey, anchor }).problems,
    [{ code: RECEIPT_ERRORS.receipt }],
    'a shortened proof'
  )
})

t.test("the PDF's own `dossier-pdf-issued` entry proves the PDF, and never a package", async (t) => {
  const r = verifyReceipt(receiptFor(pdfIssuedAt), { file: asIssued, verifierKey: signer.verifierKey, manifestSha256, anchor })
  t.match(r, { ok: true, index: pdfIssuedAt })
  t.match(r.verified[0], /ledger entry 3 records the PDF of dossier d-1 at 2025-01-01T10:03:00\.000Z/)
  const other = Buffer.from('%PDF-1.7 the dossier with a box drawn over page 1')
  t.match(
    verifyReceipt(receiptFor(pdfIssuedAt), {
      file: { kind: 'pdf', sha256: sha256(other), size: other.length },
      verifierKey: signer.verifierKey
    }).problems,
    [{ code: RECEIPT_ERRORS.notAsIssued, message: /this PDF is not the one dossier d-1 exported/ }]
  )
  t.match(
    verifyReceipt(receiptFor(pdfIssuedAt), {
      file: { kind: 'package', sha256: sha256(zip), size: zip.length },
      verifierKey: signer.verifierKey
    }).problems,
    [{ code: RECEIPT_ERRORS.receipt, message: /is a "dossier-pdf-issued" entry about dossier d-1, not the export of dossier d-1/ }]
  )
})
