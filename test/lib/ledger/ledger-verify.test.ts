import t from 'tap'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { canonicalJson } from '../../../server/lib/ledger/canonical-json.ts'
import {
  CUSTODY_EVENT_ENTRY_TYPES,
  ENTRY_TYPES,
  ZERO_HASH,
  entryBytes,
  entryLeafHash,
  entryProblems,
  formatEntryTime,
  nextEntry,
  parseEntryBytes,
  type EntryType,
  type LedgerEntry
} from '../../../server/lib/ledger/ledger-entry.ts'
import {
  LEDGER_PROBLEMS,
  LedgerVerifier,
  verifyLedger,
  verifyLedgerAsync,
  type LedgerProblem,
  type StoredEntry
} from '../../../server/lib/ledger/ledger-verify.ts'
import { MemoryTree, leafHash, rootAt } from '../../../server/lib/ledger/merkle.ts'
import { generateNoteKey, parseSignerKey, signCheckpoint, signNote } from '../../../server/lib/ledger/signed-note.ts'

// Test-only key, committed so that every fixture is deterministic.
const signer = parseSignerKey(readFileSync(new URL('../../fixtures/ledger-test-key.txt', import.meta.url), 'utf8'))
const ORIGIN = signer.name
const TAMPER_DIR = new URL('../../fixtures/tamper/', import.meta.url)
const CHECKPOINT_SIZES = [5, 12, 20]

interface Row {
  index: number
  bytes: Buffer
  leafHash: string
}

interface Ledger {
  entries: Row[]
  checkpoints: string[]
}

const TYPES: EntryType[] = ['collected', 'ingested', 'accessed', 'derived-copy-made', 'annotated', 'shared-with-recipient', 'exported']

/** Builds a ledger of `size` entries and signs checkpoints at `sizes`. */
function buildLedger(size = 20, sizes = CHECKPOINT_SIZES): Ledger {
  const entries: Row[] = []
  const tree = new MemoryTree()
  const checkpoints: string[] = []
  let previous: { index: number; leafHash: Buffer } | null = null
  for (let i = 0; i < size; i++) {
    const built = nextEntry(previous, {
      time: formatEntryTime(new Date(Date.UTC(2025, 2, 1, 10, i, 0, 0))),
      type: TYPES[i % TYPES.length]!,
      actor: i % 4 === 0 ? 'system' : `u-${(i % 3) + 1}`,
      subject: { kind: 'evidence', id: `ev-${Math.floor(i / 3)}`, sha256: leafHash(Buffer.from(`item ${i}`)).toString('hex') },
      details: { note: `step ${i}`, sequence: [i, i * 2] }
    })
    entries.push({ index: i, bytes: built.bytes, leafHash: built.leafHash.toString('hex') })
    tree.append(built.leafHash)
    previous = { index: i, leafHash: built.leafHash }
    if (sizes.includes(tree.size)) checkpoints.push(signCheckpoint({ origin: ORIGIN, size: tree.size, rootHash: tree.root() }, signer))
  }
  return { entries, checkpoints }
}

function verify(ledger: Ledger) {
  return verifyLedger(ledger.entries, { checkpoints: ledger.checkpoints, verifierKey: signer.verifierKey })
}

t.test('ledger entry shape and canonical bytes', async (t) => {
  const first = nextEntry(null, {
    time: '2025-03-01T10:00:00.000Z',
    type: 'ingested',
    actor: 'system',
    subject: { kind: 'evidence', id: 'ev-1', sha256: 'ab'.repeat(32) },
    details: { b: 2, a: 'é' }
  })
  t.equal(first.entry.index, 0)
  t.equal(first.entry.prevHash, ZERO_HASH)
  t.equal(
    first.bytes.toString('utf8'),
    `{"actor":"system","details":{"a":"é","b":2},"index":0,"prevHash":"${ZERO_HASH}","subject":{"id":"ev-1","kind":"evidence","sha256":"${'ab'.repeat(32)}"},"time":"2025-03-01T10:00:00.000Z","type":"ingested","v":1}`,
    'RFC 8785 bytes: sorted keys at every level, no whitespace'
  )
  t.same(first.leafHash, leafHash(first.bytes))
  t.same(entryLeafHash(first.entry), first.leafHash)
  const second = nextEntry({ index: 0, leafHash: first.leafHash }, { ...first.entry, type: 'accessed', details: {} })
  t.equal(second.entry.index, 1)
  t.equal(second.entry.prevHash, first.leafHash.toString('hex'))
  t.same(parseEntryBytes(second.bytes), second.entry)

  for (const type of ENTRY_TYPES) t.match(type, /^[a-z]+(-[a-z]+)*$/, `${type} is kebab-case`)
  t.equal(Object.keys(CUSTODY_EVENT_ENTRY_TYPES).length, 21, 'every custody event id of the reference vocabulary is mapped')
  t.equal(new Set(ENTRY_TYPES).size, ENTRY_TYPES.length, 'no duplicates')

  const valid = first.entry
  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', [], /must be a JSON object/],
    ['extra member', { ...valid, extra: 1 }, /unexpected member "extra"/],
    ['version', { ...valid, v: 2 }, /v must be 1/],
    ['index', { ...valid, index: -1 }, /index must be a non-negative safe integer/],
    ['time without ms', { ...valid, time: '2025-03-01T10:00:00Z' }, /time must be RFC 3339 UTC with milliseconds/],
    ['time with offset', { ...valid, time: '2025-03-01T10:00:00.000+00:00' }, /time must be/],
    ['impossible date', { ...valid, time: '2025-02-30T10:00:00.000Z' }, /time must be/],
    ['type', { ...valid, type: 'Ingested' }, /type "Ingested" is not a known entry type/],
    ['actor', { ...valid, actor: '' }, /actor must be a non-empty string/],
    ['subject', { ...valid, subject: 'ev-1' }, /subject must be an object/],
    ['subject kind', { ...valid, subject: { kind: 'Evidence', id: 'x' } }, /subject\.kind must be a kebab-case word/],
    ['subject id', { ...valid, subject: { kind: 'evidence', id: '' } }, /subject\.id must be/],
    [
      'subject sha256',
      { ...valid, subject: { kind: 'evidence', id: 'x', sha256: 'AB'.repeat(32) } },
      /subject\.sha256 must be 64 lowercase hex/
    ],
    ['subject extra', { ...valid, subject: { kind: 'evidence', id: 'x', name: 'a person' } }, /subject has unexpected member "name"/],
    ['details', { ...valid, details: [] }, /details must be a JSON object/],
    ['prevHash', { ...valid, prevHash: 'zz' }, /prevHash must be 64 lowercase hex/],
    ['prevHash of entry 0', { ...valid, prevHash: 'ab'.repeat(32) }, /prevHash of entry 0 must be ZERO_HASH/]
  ]
  for (const [name, value, message] of bad) t.match(entryProblems(value).join('; '), message, name)
  t.throws(() => entryBytes({ ...valid, type: 'teleported' } as unknown as LedgerEntry), { code: 'SANAD_ERR_LEDGER_ENTRY_INVALID' })
  t.throws(() => entryBytes({ ...valid, details: { note: undefined } } as unknown as LedgerEntry), {
    code: 'SANAD_ERR_JSON_NOT_CANONICALIZABLE'
  })
})

// ---------------------------------------------------------------------------
// Declarative mutations (test/fixtures/tamper/*.json).

type Mutation =
  | { op: 'edit-entry-field'; index: number; path: string[]; value: unknown; rehash?: boolean; rewriteFollowing?: boolean }
  | { op: 'swap-entry-contents'; a: number; b: number }
  | { op: 'delete-entry'; index: number }
  | { op: 'duplicate-entry'; index: number }
  | { op: 'set-prev-hash-to-leaf-of'; index: number; of: number; rehash?: boolean }
  | { op: 'truncate'; keep: number }
  | { op: 'set-stored-leaf-hash'; index: number; value: string }
  | { op: 'reserialize-entry'; index: number; indent: number; rehash?: boolean }
  | { op: 'flip-checkpoint-signature-bit'; checkpoint: number; byte: number; bit: number }
  | { op: 'edit-checkpoint-line'; checkpoint: number; line: number; value: string }
  | { op: 'resign-checkpoint'; checkpoint: number; signerKey: string }
  | { op: 'append-checkpoint-copy'; checkpoint: number }
  | { op: 'append-signed-checkpoint'; origin?: string; size: number; rootHex: string }

interface TamperCase {
  attack: string
  description: string
  mutation: Mutation
  expect: { code: string; index?: number; checkpoint?: number; messageIncludes: string; allCodes?: string[] }
}

const position = (ledger: Ledger, index: number): number => {
  const at = ledger.entries.findIndex((e) => e.index === index)
  if (at < 0) throw new Error(`fixture refers to missing entry ${index}`)
  return at
}

function rewriteEntry(row: Row, edit: (entry: Record<string, unknown>) => void, rehash: boolean): void {
  const entry = JSON.parse(row.bytes.toString('utf8')) as Record<string, unknown>
  edit(entry)
  row.bytes = canonicalJson(entry)
  if (rehash) row.leafHash = leafHash(row.bytes).toString('hex')
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[path[path.length - 1]!] = value
}

/** Splits a note into its body and its signature block. */
function splitNote(note: string): { body: string; signatures: string } {
  const split = note.lastIndexOf('\n\n')
  return { body: note.slice(0, split + 1), signatures: note.slice(split + 2) }
}

function applyMutation(ledger: Ledger, m: Mutation): void {
  switch (m.op) {
    case 'edit-entry-field': {
      const at = position(ledger, m.index)
      rewriteEntry(ledger.entries[at]!, (e) => setPath(e, m.path, m.value), m.rehash ?? false)
      // An insider re-chains everything after the edit so only checkpoints notice.
      if (m.rewriteFollowing === true) {
        for (let i = at + 1; i < ledger.entries.length; i++) {
          const prev = ledger.entries[i - 1]!.leafHash
          rewriteEntry(
            ledger.entries[i]!,
            (e) => {
              e.prevHash = prev
            },
            true
          )
        }
      }
      return
    }
    case 'swap-entry-contents': {
      const a = ledger.entries[position(ledger, m.a)]!
      const b = ledger.entries[position(ledger, m.b)]!
      ;[a.bytes, b.bytes, a.leafHash, b.leafHash] = [b.bytes, a.bytes, b.leafHash, a.leafHash]
      return
    }
    case 'delete-entry':
      ledger.entries.splice(position(ledger, m.index), 1)
      return
    case 'duplicate-entry': {
      const at = position(ledger, m.index)
      ledger.entries.splice(at + 1, 0, { ...ledger.entries[at]! })
      return
    }
    case 'set-prev-hash-to-leaf-of': {
      const prev = ledger.entries[position(ledger, m.of)]!.leafHash
      rewriteEntry(
        ledger.entries[position(ledger, m.index)]!,
        (e) => {
          e.prevHash = prev
        },
        m.rehash ?? false
      )
      return
    }
    case 'truncate':
      ledger.entries.length = m.keep
      return
    case 'set-stored-leaf-hash':
      ledger.entries[position(ledger, m.index)]!.leafHash = m.value
      return
    case 'reserialize-entry': {
      const row = ledger.entries[position(ledger, m.index)]!
      row.bytes = Buffer.from(JSON.stringify(JSON.parse(row.bytes.toString('utf8')), null, m.indent))
      if (m.rehash === true) row.leafHash = leafHash(row.bytes).toString('hex')
      return
    }
    case 'flip-checkpoint-signature-bit': {
      const { body, signatures } = splitNote(ledger.checkpoints[m.checkpoint]!)
      const [dash, name, b64] = signatures.trimEnd().split(' ')
      const sig = Buffer.from(b64!, 'base64')
      sig[m.byte]! ^= 1 << m.bit
      ledger.checkpoints[m.checkpoint] = `${body}\n${dash} ${name} ${sig.toString('base64')}\n`
      return
    }
    case 'edit-checkpoint-line': {
      const { body, signatures } = splitNote(ledger.checkpoints[m.checkpoint]!)
      const lines = body.split('\n')
      lines[m.line] = m.value
      ledger.checkpoints[m.checkpoint] = `${lines.join('\n')}\n${signatures}`
      return
    }
    case 'resign-checkpoint': {
      const other = parseSignerKey(m.signerKey)
      ledger.checkpoints[m.checkpoint] = signNote(splitNote(ledger.checkpoints[m.checkpoint]!).body, other.name, other.privateKey)
      return
    }
    case 'append-checkpoint-copy':
      ledger.checkpoints.push(ledger.checkpoints[m.checkpoint]!)
      return
    case 'append-signed-checkpoint':
      ledger.checkpoints.push(signCheckpoint({ origin: m.origin ?? ORIGIN, size: m.size, rootHash: Buffer.from(m.rootHex, 'hex') }, signer))
      return
  }
}

// ---------------------------------------------------------------------------

t.test('a clean ledger verifies', async (t) => {
  const ledger = buildLedger()
  const report = verify(ledger)
  t.same(report.problems, [])
  t.equal(report.ok, true)
  t.same(report.checked, {
    entries: 20,
    checkpoints: 3,
    checkpointsVerified: 3,
    rootsMatched: 3,
    consistencyPairs: 2,
    problemsSuppressed: 0,
    beyondLatestCheckpoint: 0
  })
  const tree = MemoryTree.from(ledger.entries.map((e) => Buffer.from(e.leafHash, 'hex')))
  t.equal(report.root, rootAt(tree, 20).toString('hex'))
  t.same(report.latestCheckpoint, { checkpoint: 2, size: 20, rootHash: report.root })
  t.ok(ENTRY_TYPES.includes('ingested'))
})

t.test('stored leaf hashes may be bytes or hex; sources may be async', async (t) => {
  const ledger = buildLedger()
  const asBytes: StoredEntry[] = ledger.entries.map((e) => ({ ...e, leafHash: Buffer.from(e.leafHash, 'hex') }))
  t.equal(verifyLedger(asBytes, { checkpoints: ledger.checkpoints, verifierKey: signer.verifierKey }).ok, true)
  async function* rows(): AsyncGenerator<StoredEntry> {
    for (const e of ledger.entries) yield e
  }
  const report = await verifyLedgerAsync(rows(), { checkpoints: ledger.checkpoints, verifierKey: signer.verifierKey, origin: ORIGIN })
  t.equal(report.ok, true)
})

t.test('incremental use reports progress and rejects late pushes', async (t) => {
  const ledger = buildLedger()
  const verifier = new LedgerVerifier({ checkpoints: ledger.checkpoints, verifierKey: signer.verifierKey })
  for (const e of ledger.entries.slice(0, 7)) verifier.push(e)
  t.equal(verifier.entriesRead, 7)
  for (const e of ledger.entries.slice(7)) verifier.push(e)
  t.equal(verifier.finish().ok, true)
  t.throws(() => verifier.push(ledger.entries[0]!), /push after finish/)
})

t.test('edge cases', async (t) => {
  const empty = verifyLedger([], { checkpoints: [], verifierKey: signer.verifierKey })
  t.equal(empty.ok, true)
  t.equal(empty.root, rootAt(new MemoryTree(), 0).toString('hex'))
  const zero = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: rootAt(new MemoryTree(), 0) }, signer)
  const ledger = buildLedger()
  t.equal(
    verifyLedger(ledger.entries, { checkpoints: [zero, ...ledger.checkpoints], verifierKey: signer.verifierKey }).ok,
    true,
    'a size-0 checkpoint'
  )
  t.equal(
    verifyLedger(ledger.entries, { checkpoints: [...ledger.checkpoints, ledger.checkpoints[2]!], verifierKey: signer.verifierKey }).ok,
    true,
    're-issued checkpoint'
  )

  const badKey = verifyLedger(ledger.entries, { checkpoints: ledger.checkpoints, verifierKey: 'not a key' })
  t.equal(badKey.problems[0]!.code, LEDGER_PROBLEMS.keyInvalid)
  t.equal(badKey.checked.checkpointsVerified, 0)

  const other = generateNoteKey(ORIGIN)
  const wrong = verifyLedger(ledger.entries, { checkpoints: ledger.checkpoints, verifierKey: other.verifierKey })
  t.same(
    wrong.problems.map((p) => [p.code, p.checkpoint]),
    [...[0, 1, 2].map((i) => [LEDGER_PROBLEMS.checkpointSignature, i]), [LEDGER_PROBLEMS.unanchored, undefined]],
    'wrong verifier key: nothing anchors the entries'
  )

  const malformed = verifyLedger(ledger.entries, { checkpoints: ['garbage'], verifierKey: signer.verifierKey })
  t.equal(malformed.problems[0]!.code, LEDGER_PROBLEMS.checkpointMalformed)

  const expectOrigin = verifyLedger(ledger.entries, {
    checkpoints: ledger.checkpoints,
    verifierKey: signer.verifierKey,
    origin: 'other.example/log'
  })
  t.same(
    expectOrigin.problems.map((p) => p.code),
    [...Array(3).fill(LEDGER_PROBLEMS.checkpointOrigin), LEDGER_PROBLEMS.unanchored],
    'explicit origin'
  )

  const junk = ledger.entries.map((e) => ({ ...e, leafHash: '00'.repeat(32) }))
  const capped = verifyLedger(junk, { checkpoints: ledger.checkpoints, verifierKey: signer.verifierKey, maxProblems: 5 })
  t.equal(capped.problems.length, 5)
  t.equal(capped.checked.problemsSuppressed, 15)
  t.equal(capped.ok, false)

  const garbage = [...ledger.entries]
  garbage[3] = { ...garbage[3]!, bytes: Buffer.from('{not json') }
  const g = verifyLedger(garbage, { checkpoints: [], verifierKey: signer.verifierKey })
  t.match(g.problems[0], { code: LEDGER_PROBLEMS.leafMismatch, index: 3 })
  t.match(g.problems[1], { code: LEDGER_PROBLEMS.entryNoncanonical, index: 3, message: /not valid UTF-8 JSON/ })
  t.match(g.problems[2], { code: LEDGER_PROBLEMS.chainBroken, index: 4 })

  const swapped = [...ledger.entries]
  ;[swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!]
  const rows = verifyLedger(swapped, { checkpoints: [], verifierKey: signer.verifierKey })
  t.match(rows.problems[0], { code: LEDGER_PROBLEMS.indexGap, index: 4 }, 'rows delivered out of order: 5 where 4 was due')
  t.match(
    rows.problems.find((p) => p.code === LEDGER_PROBLEMS.indexOrder),
    { index: 4, message: 'entry 4 appears after entry 5 (reordered or duplicated entries)' }
  )

  const startsLate = verifyLedger(ledger.entries.slice(2), { checkpoints: [], verifierKey: signer.verifierKey })
  t.match(startsLate.problems[0], {
    code: LEDGER_PROBLEMS.indexGap,
    index: 0,
    message: 'entries 0..1 are missing: the next stored entry is 2'
  })
})

t.test('property: random ledgers with random checkpoint sizes verify clean (and without any checkpoint, unanchored)', async (t) => {
  const full = buildLedger(300, [])
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 6 }), (size, raw) => {
      const sizes = raw.filter((s) => s <= size).sort((a, b) => a - b)
      const tree = MemoryTree.from(full.entries.slice(0, size).map((e) => Buffer.from(e.leafHash, 'hex')))
      const checkpoints = sizes.map((s) => signCheckpoint({ origin: ORIGIN, size: s, rootHash: rootAt(tree, s) }, signer))
      const report = verifyLedger(full.entries.slice(0, size), { checkpoints, verifierKey: signer.verifierKey })
      const anchored = sizes.length > 0
      if (!anchored) return !report.ok && report.problems.length === 1 && report.problems[0]!.code === LEDGER_PROBLEMS.unanchored
      return (
        report.ok &&
        report.checked.rootsMatched === sizes.length &&
        report.checked.consistencyPairs === Math.max(0, sizes.length - 1) &&
        report.checked.beyondLatestCheckpoint === size - Math.max(...sizes)
      )
    }),
    { numRuns: 60 }
  )
  t.pass('all clean')
})

const files = readdirSync(TAMPER_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()

t.test('tamper fixtures', async (t) => {
  t.ok(files.length >= 7, `${files.length} attack fixtures`)
  for (const file of files) {
    const spec = JSON.parse(readFileSync(new URL(file, TAMPER_DIR), 'utf8')) as TamperCase
    t.test(spec.attack, async (t) => {
      t.equal(`${spec.attack}.json`, file, 'file is named after the attack')
      const ledger = buildLedger()
      applyMutation(ledger, spec.mutation)
      const report = verify(ledger)
      t.equal(report.ok, false, 'report.ok is false')
      const first: LedgerProblem | undefined = report.problems[0]
      const { code, index, checkpoint, messageIncludes } = spec.expect
      t.match(
        first,
        { code, ...(index === undefined ? {} : { index }), ...(checkpoint === undefined ? {} : { checkpoint }) },
        'first problem is the attack'
      )
      t.ok(
        first?.message.includes(messageIncludes),
        `message ${JSON.stringify(first?.message)} includes ${JSON.stringify(messageIncludes)}`
      )
      if (spec.expect.allCodes !== undefined) {
        t.same([...new Set(report.problems.map((p) => p.code))].sort(), [...spec.expect.allCodes].sort(), 'exactly these kinds of problems')
      }
    })
  }
})

t.test('entries with no verified checkpoint are unanchored: nothing ties them to the published key', async (t) => {
  const ledger = buildLedger()
  const report = verifyLedger(ledger.entries, { checkpoints: [], verifierKey: signer.verifierKey })
  t.equal(report.ok, false)
  t.same(
    report.problems.map((p) => p.code),
    [LEDGER_PROBLEMS.unanchored]
  )
  t.equal(report.checked.beyondLatestCheckpoint, 20)
  t.equal(verifyLedger([], { checkpoints: [], verifierKey: signer.verifierKey }).ok, true, 'an empty ledger needs no anchor')
})

t.test('a checkpoint an auditor kept from earlier is checked against the entries, not taken for a rollback', async (t) => {
  const ledger = buildLedger() // checkpoints issued at growing sizes, the last at 20
  const older = ledger.checkpoints[0]!
  const ok = verifyLedger(ledger.entries, { checkpoints: ledger.checkpoints, kept: [older], verifierKey: signer.verifierKey })
  t.same(ok.problems, [], 'an older kept checkpoint is the normal case')
  t.equal(ok.checked.checkpoints, 4)

  // Kept at size 20, but the ledger now holds 15: the tail went.
  const truncated = verifyLedger(ledger.entries.slice(0, 15), {
    checkpoints: [],
    kept: [ledger.checkpoints[2]!],
    verifierKey: signer.verifierKey
  })
  t.ok(truncated.problems.some((p) => p.code === LEDGER_PROBLEMS.truncated && p.checkpoint === 0))

  // Kept with another root for a size the server also signed: a split view.
  const tree = MemoryTree.from(ledger.entries.map((e) => Buffer.from(e.leafHash, 'hex')))
  const size = 10
  const forged = signCheckpoint({ origin: ORIGIN, size, rootHash: Buffer.alloc(32, 7) }, signer)
  const stored = signCheckpoint({ origin: ORIGIN, size, rootHash: rootAt(tree, size) }, signer)
  const fork = verifyLedger(ledger.entries, {
    checkpoints: [stored, ...ledger.checkpoints.slice(-1)],
    kept: [forged],
    verifierKey: signer.verifierKey
  })
  t.ok(fork.problems.some((p) => p.code === LEDGER_PROBLEMS.checkpointFork))
  t.ok(fork.problems.some((p) => p.code === LEDGER_PROBLEMS.checkpointRootMismatch))

  // Stored checkpoints themselves must still grow in the order they were issued.
  const rolledBack = verifyLedger(ledger.entries, {
    checkpoints: [ledger.checkpoints[2]!, ledger.checkpoints[0]!],
    verifierKey: signer.verifierKey
  })
  t.ok(rolledBack.problems.some((p) => p.code === LEDGER_PROBLEMS.checkpointRollback))
})
