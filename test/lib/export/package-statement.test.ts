// The package statement, table-tested without a package: what it lists, and every way a file under
// data/ or the statement itself can differ from what was signed.
import t from 'tap'
import {
  buildStatement,
  checkStatement,
  sha256Hex,
  signStatement,
  statementProblems,
  type StatementFile
} from '../../../server/lib/export/package-statement.ts'
import { generateNoteKey, parseVerifierKey } from '../../../server/lib/ledger/signed-note.ts'

const key = generateNoteKey('sanad.test/ledger')
const other = generateNoteKey('sanad.test/ledger')
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8')
const parts: Record<string, Buffer> = {
  'README.txt': bytes('what is here'),
  'dossier.pdf': bytes('%PDF-1.7 …'),
  'exhibits.csv': bytes('item_id,stable_id\r\nE1,SND-E-2026-000001\r\n'),
  'exhibits/E1.jpg': bytes('jpeg')
}
const fileOf = (path: string, b: Buffer): StatementFile => ({ path, sha256: sha256Hex(b), size: b.length })
const manifestSha256 = 'f'.repeat(64)
const statement = buildStatement({
  dossierId: 'd-1',
  case: { id: 'c-1', reference: 'SND-C-2026-0001', revision: 2 },
  generatedAt: '2026-12-03T10:00:00.000Z',
  verifierKey: key.verifierKey,
  manifestSha256,
  files: [...Object.entries(parts).map(([p, b]) => fileOf(p, b)), fileOf('package-statement.json', bytes('x'))]
})
const signed = signStatement(statement, key.privateKey)

type Digests = Map<string, { sha256: string; size: number }>
const digests = (files: Record<string, Buffer>): Digests =>
  new Map(Object.entries(files).map(([p, b]) => [p, { sha256: sha256Hex(b), size: b.length }]))

t.test('the statement lists every file but its own, sorted, and is signed by the ledger key it names', async (t) => {
  t.same(
    statement.files.map((f) => f.path),
    ['README.txt', 'dossier.pdf', 'exhibits.csv', 'exhibits/E1.jpg']
  )
  t.same(statementProblems(JSON.parse(signed.bytes.toString('utf8'))), [])
  t.throws(() => signStatement(statement, other.privateKey), /not the key the statement names/)
})

t.test('each change to the package is named, with its code', async (t) => {
  const cases: Array<{
    name: string
    files?: Record<string, Buffer>
    bytes?: Buffer | null
    signature?: string | null
    key?: string
    want: RegExp[]
  }> = [
    { name: 'as issued', want: [] },
    {
      name: 'a file added',
      files: { ...parts, 'notes.txt': bytes('planted') },
      want: [/^SANAD_ERR_EXPORT_FILE_UNLISTED: data\/notes\.txt is not in the package statement/]
    },
    {
      name: 'a file removed',
      files: Object.fromEntries(Object.entries(parts).filter(([p]) => p !== 'README.txt')),
      want: [/^SANAD_ERR_EXPORT_FILE_MISSING: data\/README\.txt is listed in the package statement but missing/]
    },
    {
      name: 'a file changed',
      files: { ...parts, 'exhibits.csv': bytes('item_id,stable_id\r\nE1,SND-E-1999-000001\r\n') },
      want: [/^SANAD_ERR_EXPORT_FILE_ALTERED: data\/exhibits\.csv was changed after the package statement was signed/]
    },
    {
      name: 'a forged signature',
      signature: Buffer.from(Buffer.from(signed.signature, 'base64').map((b, i) => (i === 20 ? b ^ 8 : b))).toString('base64'),
      want: [/^SANAD_ERR_EXPORT_SIGNATURE: data\/package-statement\.json: the package statement's signature does not verify/]
    },
    {
      name: 'another key',
      key: other.verifierKey,
      want: [/^SANAD_ERR_EXPORT_SIGNATURE: /]
    },
    {
      name: 'the statement rewritten to match an edited file',
      bytes: Buffer.from(signed.bytes.toString('utf8').replace(sha256Hex(parts['README.txt']!), sha256Hex(bytes('edited')))),
      want: [/^SANAD_ERR_EXPORT_SIGNATURE: /]
    },
    { name: 'no statement', bytes: null, want: [/^SANAD_ERR_EXPORT_FILE_MISSING: data\/package-statement\.json is missing/] },
    { name: 'no signature', signature: null, want: [/^SANAD_ERR_EXPORT_FILE_MISSING: data\/package-statement\.sig is missing/] }
  ]
  for (const c of cases) {
    const report = checkStatement({
      bytes: c.bytes === undefined ? signed.bytes : c.bytes,
      signature: c.signature === undefined ? signed.signature : c.signature,
      verifierKey: parseVerifierKey(c.key ?? key.verifierKey),
      files: digests(c.files ?? parts),
      manifestSha256
    })
    const found = report.problems.map((p) => `${p.code}: ${p.message}`)
    t.equal(found.length, c.want.length, `${c.name}: ${found.join(' | ')}`)
    c.want.forEach((re, i) => t.match(found[i], re, c.name))
    if (c.want.length === 0) t.match(report.verified[0], /all 4 files under data\/ are exactly those it lists/)
  }
})

t.test('a statement for another manifest is named', async (t) => {
  const report = checkStatement({
    bytes: signed.bytes,
    signature: signed.signature,
    verifierKey: parseVerifierKey(key.verifierKey),
    files: digests(parts),
    manifestSha256: 'e'.repeat(64)
  })
  t.match(report.problems[0]?.message, /data\/manifest\.json has SHA-256 e{64}, the package statement records f{64}/)
})
