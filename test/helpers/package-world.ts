// Evidence packages and their tampered variants for the stand-alone verifier tests (not a test file
// itself): the cases are those test/scripts/verify-export.test.ts makes of packages, as data.
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { createHash } from 'node:crypto'
import { readBag, readZipEntries, readZipEntry, writeBag } from '../../server/lib/export/bagit.ts'
import { canonicalJson } from '../../server/lib/ledger/canonical-json.ts'
import { generateNoteKey } from '../../server/lib/ledger/signed-note.ts'
import { PDFDocument, rgb } from 'pdf-lib'
import { createCase, download, generate, world, type World } from './case-world.ts'
import { verifyExportInProcess } from './script-in-process.ts'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export type Packages = {
  w: World
  dir: string
  full: string
  restricted: string
  key: string
  /** The full dossier's receipt (it records the PDF's and the package's hashes). */
  fullReceipt: Buffer
}

/** Builds a full and a restricted package of one case, in a folder removed after the test. */
export async function packages(t: Test): Promise<Packages> {
  // Not t.testdir(): the test app takes that folder as its data dir and empties it.
  const dir = mkdtempSync(join(tmpdir(), 'sanad-verifier-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const w = await world(t, { config: { dossierAttachmentBudgetBytes: 60_000 } })
  const out: Partial<Packages> = { w, dir }
  for (const profile of ['full', 'restricted'] as const) {
    const d = await generate(w, await createCase(w, { profile }))
    if (d.status !== 'ready') throw new Error(JSON.stringify(d))
    const zip = join(dir, `${profile}.zip`)
    writeFileSync(zip, await download(w, d.id, 'package'))
    out[profile] = zip
    if (profile === 'full') out.fullReceipt = (await w.legal(`/api/v1/dossiers/${d.id}/receipt`)).rawPayload
  }
  out.key = w.app.ledger.verifierKey()
  return out as Packages
}

/** The bytes of one entry of a package (by the end of its name). */
export async function entryBytes(zip: string, suffix: string): Promise<Buffer> {
  const fh = await open(zip, 'r')
  try {
    const entry = (await readZipEntries(fh)).find((e) => e.name.endsWith(suffix))
    if (!entry) throw new Error(`no ${suffix} in ${zip}`)
    const parts: Uint8Array[] = []
    for await (const c of readZipEntry(fh, entry)) parts.push(c)
    return Buffer.concat(parts)
  } finally {
    await fh.close()
  }
}

/** Offset of a stored entry's data in the ZIP. */
async function dataOffset(zip: string, suffix: string): Promise<{ offset: number; size: number }> {
  const fh = await open(zip, 'r')
  try {
    const entry = (await readZipEntries(fh)).find((e) => e.name.endsWith(suffix))
    if (!entry) throw new Error(`no ${suffix} in the zip`)
    const header = Buffer.alloc(30)
    await fh.read(header, 0, 30, entry.localHeaderOffset)
    return { offset: entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28), size: entry.size }
  } finally {
    await fh.close()
  }
}

/** A copy of `zip` with one byte flipped in the middle of the entry ending in `suffix` (the bag is then invalid). */
async function flipped(p: Packages, zip: string, suffix: string, out: string, at?: number): Promise<string> {
  const { offset, size } = await dataOffset(zip, suffix)
  const bytes = Buffer.from(readFileSync(zip))
  const i = offset + (at ?? Math.floor(size / 2))
  bytes[i] = bytes[i]! ^ 0x01
  const path = join(p.dir, out)
  writeFileSync(path, bytes)
  return path
}

type Payload = Array<{ path: string; source: Buffer }>

/** Rewrites a package's payload with `change` and bags it again with fresh checksums (a valid bag). */
async function rebag(p: Packages, zip: string, out: string, change: (payload: Payload) => Payload | Promise<Payload>): Promise<string> {
  const structure = await readBag(zip)
  const fh = await open(zip, 'r')
  const payload: Payload = []
  try {
    for (const [name, entry] of structure.files) {
      if (!name.startsWith('data/')) continue
      const parts: Uint8Array[] = []
      for await (const c of readZipEntry(fh, entry)) parts.push(c)
      payload.push({ path: name.slice('data/'.length), source: Buffer.concat(parts) })
    }
  } finally {
    await fh.close()
  }
  const path = join(p.dir, out)
  await writeBag({
    zipPath: path,
    name: structure.name,
    files: await change(payload),
    info: { sourceOrganization: 'someone else' },
    baggingDate: new Date()
  })
  return path
}

type CustodyDoc = { exhibits: Array<{ number: string; entries: Array<{ canonical?: string; leafHash: string; proof: string[] }> }> }

const editCustody = (payload: Payload, edit: (value: CustodyDoc) => void): Payload =>
  payload.map((f) => {
    if (f.path !== 'custody.json') return f
    const value = JSON.parse(f.source.toString('utf8')) as CustodyDoc
    edit(value)
    return { path: f.path, source: Buffer.from(JSON.stringify(value)) }
  })

export type TamperCase = {
  name: string
  /** The package to check, and the --key to pass (default: the ledger's published key). */
  make: (p: Packages) => Promise<string>
  key?: (p: Packages) => string
  /** Whether the package must pass (cases verify-export lets through without a receipt), and the problem named. */
  passes: boolean
  names?: RegExp
}

/** Every package case of verify-export's tests, and a few more on the parts a package carries. */
export const TAMPER_CASES: TamperCase[] = [
  {
    name: 'one flipped byte in a packaged exhibit',
    make: (p) => flipped(p, p.restricted, 'data/exhibits/E1.jpg', 'flipped-exhibit.zip'),
    passes: false,
    names: /SANAD_ERR_EXPORT_FILE_ALTERED: exhibit E1 \(E1\.jpg\): file exhibits\/E1\.jpg was altered/
  },
  {
    name: 'one flipped byte in the signed manifest',
    make: (p) => flipped(p, p.full, 'data/manifest.json', 'forged-manifest.zip', 40),
    passes: false,
    names: /SANAD_ERR_EXPORT_(SIGNATURE|MANIFEST_MALFORMED)/
  },
  {
    name: 'one flipped byte in the PDF',
    make: (p) => flipped(p, p.full, 'data/dossier.pdf', 'flipped-pdf.zip'),
    passes: false,
    names: /SANAD_ERR_EXPORT_BAG_INVALID: BagIt: checksum mismatch: data\/dossier\.pdf/
  },
  {
    name: "a key that is not the issuer's",
    make: async (p) => p.full,
    key: () => generateNoteKey('sanad.local/ledger').verifierKey,
    passes: false,
    names: /SANAD_ERR_EXPORT_SIGNATURE: the manifest signature does not verify/
  },
  {
    name: 'a file planted in a re-bagged package',
    make: (p) => rebag(p, p.full, 'planted.zip', (f) => [...f, { path: 'exhibits/E9-planted.jpg', source: Buffer.from('not evidence') }]),
    passes: false,
    names: /SANAD_ERR_EXPORT_FILE_UNLISTED: data\/exhibits\/E9-planted\.jpg is not listed in the signed manifest/
  },
  {
    name: 'an exhibit file removed from a re-bagged package',
    make: (p) => rebag(p, p.full, 'removed.zip', (f) => f.filter((x) => x.path !== 'exhibits/E2-screenshot.png')),
    passes: false,
    names: /SANAD_ERR_EXPORT_FILE_MISSING: exhibit E2 \(screenshot\.png\): file exhibits\/E2-screenshot\.png is missing/
  },
  {
    name: 'an exhibit file replaced in a re-bagged package',
    make: (p) =>
      rebag(p, p.full, 'replaced.zip', (f) =>
        f.map((x) => (x.path === 'exhibits/E2-screenshot.png' ? { path: x.path, source: Buffer.from('another picture') } : x))
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_FILE_ALTERED: exhibit E2 \(screenshot\.png\)/
  },
  {
    name: 'checkpoint.txt rewritten in a re-bagged package',
    make: (p) =>
      rebag(p, p.full, 'checkpoint-text.zip', (f) =>
        f.map((x) => (x.path === 'checkpoint.txt' ? { path: x.path, source: Buffer.from(`${x.source.toString('utf8')}\n`) } : x))
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_CHECKPOINT: data\/checkpoint\.txt differs from the checkpoint in the signed manifest/
  },
  {
    name: 'custody.json that leaves out an exhibit the manifest signs',
    make: (p) =>
      rebag(p, p.full, 'custody-cut.zip', (f) =>
        editCustody(f, (c) => {
          c.exhibits = c.exhibits.filter((x) => x.number !== 'E2')
        })
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_CUSTODY: custody\.json has no custody entries for exhibit E2/
  },
  {
    name: 'a custody entry given by leaf hash only',
    make: (p) =>
      rebag(p, p.full, 'custody-hash-only.zip', (f) =>
        editCustody(f, (c) => {
          delete c.exhibits[0]!.entries.at(-1)!.canonical
        })
      ),
    // The custody checks accept it; the signed statement does not: custody.json is not as issued.
    passes: false,
    names: /SANAD_ERR_EXPORT_FILE_ALTERED: data\/custody\.json was changed after the package statement was signed/
  },
  {
    name: 'a custody entry given by a forged leaf hash',
    make: (p) =>
      rebag(p, p.full, 'custody-hash-forged.zip', (f) =>
        editCustody(f, (c) => {
          const e = c.exhibits[0]!.entries.at(-1)!
          delete e.canonical
          e.leafHash = e.leafHash.replace(/^./, (x) => (x === '0' ? '1' : '0'))
        })
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_INCLUSION: custody entry \d+ of exhibit E\d+/
  },
  {
    name: 'a custody entry whose proof was cut short',
    make: (p) =>
      rebag(p, p.full, 'custody-proof-cut.zip', (f) =>
        editCustody(f, (c) => {
          c.exhibits[0]!.entries.at(-1)!.proof.pop()
        })
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_INCLUSION: custody entry \d+ of exhibit E\d+/
  },
  {
    name: "the package's PDF receipt swapped for the download receipt after it was signed",
    make: (p) =>
      rebag(p, p.full, 'with-receipt.zip', (f) =>
        f.map((x) => (x.path === 'dossier.receipt.json' ? { path: x.path, source: p.fullReceipt } : x))
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_FILE_ALTERED: data\/dossier\.receipt\.json was changed after the package statement was signed/
  },
  {
    name: 'a PDF changed and re-bagged beside its receipt',
    make: (p) =>
      rebag(p, p.full, 'altered-pdf-with-receipt.zip', (f) =>
        f.map((x) => (x.path === 'dossier.pdf' ? { path: x.path, source: Buffer.concat([x.source, Buffer.from('\n% appended\n')]) } : x))
      ),
    passes: false,
    names: /SANAD_ERR_EXPORT_NOT_AS_ISSUED: dossier\.receipt\.json: this PDF is not the one dossier [0-9a-f-]{36} exported/
  }
]

/** A tamper case as data (test/fixtures/package-tamper/*.json): one change to a package's files. */
type Mutation = {
  op: 'add' | 'remove' | 'replace' | 'append' | 'replace-first' | 'flip-signature-bit' | 'draw-box'
  path: string
  text?: string
  pattern?: string
  /** replace-first: also rewrite the statement's hash and size of the file (its signature kept). */
  rehash?: boolean
  also?: string[]
  byte?: number
  bit?: number
}
export type PackageTamperFixture = {
  file: string
  name: string
  description: string
  mutation: Mutation
  expect: { passes: boolean; names: string }
}

export const PACKAGE_TAMPER_DIR = join(ROOT, 'test/fixtures/package-tamper')
export const PACKAGE_TAMPER_FIXTURES: PackageTamperFixture[] = readdirSync(PACKAGE_TAMPER_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(PACKAGE_TAMPER_DIR, file), 'utf8')) as Omit<PackageTamperFixture, 'file'>) }))

/** A filled box drawn over the first page, the PDF saved again by pdf-lib (as an editor would). */
async function drawBox(pdf: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  const page = doc.getPage(0)
  const { width, height } = page.getSize()
  page.drawRectangle({ x: width * 0.1, y: height * 0.5, width: width * 0.8, height: height * 0.2, color: rgb(1, 1, 1) })
  return Buffer.from(await doc.save({ useObjectStreams: false }))
}

async function mutate(m: Mutation, payload: Payload): Promise<Payload> {
  if (m.op === 'draw-box')
    return await Promise.all(payload.map(async (f) => (f.path === m.path ? { path: f.path, source: await drawBox(f.source) } : f)))
  const text = Buffer.from(m.text ?? '', 'utf8')
  switch (m.op) {
    case 'add':
      return [...payload, { path: m.path, source: text }]
    case 'remove':
      return payload.filter((f) => f.path !== m.path && !(m.also ?? []).includes(f.path))
    case 'replace':
      return payload.map((f) => (f.path === m.path ? { path: f.path, source: text } : f))
    case 'append':
      return payload.map((f) => (f.path === m.path ? { path: f.path, source: Buffer.concat([f.source, text]) } : f))
    case 'replace-first': {
      const re = new RegExp(m.pattern ?? '')
      let changed: Buffer | undefined
      const out = payload.map((f) => {
        if (f.path !== m.path) return f
        changed = Buffer.from(f.source.toString('utf8').replace(re, m.text ?? ''), 'utf8')
        return { path: f.path, source: changed }
      })
      if (changed === undefined || !m.rehash) return out
      const edited = changed
      return out.map((f) => {
        if (f.path !== 'package-statement.json') return f
        const st = JSON.parse(f.source.toString('utf8')) as { files: Array<{ path: string; sha256: string; size: number }> }
        for (const x of st.files)
          if (x.path === m.path) {
            x.sha256 = createHash('sha256').update(edited).digest('hex')
            x.size = edited.length
          }
        return { path: f.path, source: canonicalJson(st) }
      })
    }
    case 'flip-signature-bit':
      return payload.map((f) => {
        if (f.path !== m.path) return f
        const sig = Buffer.from(f.source.toString('utf8').trim(), 'base64')
        sig[m.byte ?? 0] = sig[m.byte ?? 0]! ^ (1 << (m.bit ?? 0))
        return { path: f.path, source: Buffer.from(`${sig.toString('base64')}\n`, 'utf8') }
      })
  }
}

/** The fixtures as tamper cases: each re-bags the full package with its one change. */
export const PACKAGE_TAMPER_CASES: TamperCase[] = PACKAGE_TAMPER_FIXTURES.map((f) => ({
  name: f.name,
  make: (p) => rebag(p, p.full, f.file.replace(/\.json$/, '.zip'), (payload) => mutate(f.mutation, payload)),
  passes: f.expect.passes,
  names: new RegExp(f.expect.names)
}))
TAMPER_CASES.push(...PACKAGE_TAMPER_CASES)

/** verify-export on a package, as `npm run verify-export` runs it. */
export function verifyExport(zip: string, key?: string) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/run.mjs'), 'verify-export', zip, ...(key === undefined ? [] : ['--key', key])], {
    cwd: ROOT,
    encoding: 'utf8'
  })
}

/** The package's own verify-package.mjs, written out of the package and run with Node alone, from another folder. */
export async function packageVerifier(p: Packages, zip: string): Promise<string> {
  const path = join(p.dir, 'verify-package.mjs')
  writeFileSync(path, await entryBytes(zip, 'data/verify-package.mjs'))
  return path
}

export function runVerifier(verifier: string, zip: string, key?: string) {
  return runWith(verifier, [zip, ...(key === undefined ? [] : ['--key', key])])
}

/** Node alone: no project folder, no node_modules, only PATH in the environment. */
export function runWith(verifier: string, args: string[]) {
  return spawnSync(process.execPath, [verifier, ...args], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
}

export type Run = { status: number | null; stdout: string; stderr: string }

/** The same as a promise, so that several run at once. */
export function run(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { ...options, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr })
    )
  })
}

/**
 * verify-export on a package, run in this process (test/helpers/script-in-process.ts): what it
 * finds, not how it starts, is the point here; test/scripts/verify-export.test.ts runs the command.
 */
export const verifyExportAsync = (zip: string, key?: string): Promise<Run> =>
  verifyExportInProcess(zip, ...(key === undefined ? [] : ['--key', key]))

export const runVerifierAsync = (verifier: string, zip: string, key?: string): Promise<Run> =>
  run([verifier, zip, ...(key === undefined ? [] : ['--key', key])], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '' } })
