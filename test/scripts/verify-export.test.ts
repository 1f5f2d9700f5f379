import t from 'tap'
import { spawnSync } from 'node:child_process'
import { open } from 'node:fs/promises'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { readZipEntries } from '../../server/lib/export/bagit.ts'
import { generateNoteKey } from '../../server/lib/ledger/signed-note.ts'
import { renderPdf } from '../../server/lib/pdf/index.ts'
import { makeAuthority, startTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts'
import { world, createCase, generate, download, fixture, type World } from '../helpers/case-world.ts'
import { requireTool } from '../helpers/system-tools.ts'
import { verifyExportInProcess } from '../helpers/script-in-process.ts'

// Many cases, each on a fresh app: on 2 busy cores this file needs more than tap's default 120 s.
t.setTimeout(600_000)

const root = fileURLToPath(new URL('../..', import.meta.url))
// Not t.testdir(): the test app takes that folder as its data dir and empties it.
const dir = mkdtempSync(join(tmpdir(), 'sanad-cases-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/** The command itself, loaded from its sources in a child of its own. */
function verifyExportCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/verify-export.ts'), ...args], { cwd: root, encoding: 'utf8' })
}

// The other cases are about what the tool finds, not how it starts: the same script, run in this process.
const verifyExport = verifyExportInProcess

/** The same through the package script, as the README shows it. */
function npmVerifyExport(...args: string[]) {
  return spawnSync('npm', ['run', '-s', 'verify-export', '--', ...args], { cwd: root, encoding: 'utf8' })
}

/** Offset of a stored ZIP entry's data. */
async function dataOffset(zipFile: string, suffix: string): Promise<{ offset: number; size: number }> {
  const fh = await open(zipFile, 'r')
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

const flip = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes)
  copy[at] = copy[at]! ^ 0x01
  return copy
}

let w: World
let tsa: LocalTsa
const authority = makeAuthority(dir)
const files = {
  fullPdf: join(dir, 'full.pdf'),
  fullZip: join(dir, 'full.zip'),
  restrictedZip: join(dir, 'restricted.zip'),
  key: join(dir, 'ledger.key'),
  fullReceipt: join(dir, 'full.receipt.json'),
  restrictedReceipt: join(dir, 'restricted.receipt.json')
}

t.before(async () => {
  tsa = await startTsa(authority)
  // A small attachment budget: the largest exhibit travels in the package only.
  w = await world(t, { config: { tsaUrl: tsa.url, tsaTimeoutMs: 5000, dossierAttachmentBudgetBytes: 60_000 } })
  for (const profile of ['full', 'restricted'] as const) {
    const d = await generate(w, await createCase(w, { profile }))
    if (d.status !== 'ready') throw new Error(JSON.stringify(d))
    // Fetched after the downloads: the receipt's checkpoint covers the entries they appended.
    if (profile === 'full') {
      writeFileSync(files.fullPdf, await download(w, d.id, 'pdf'))
      writeFileSync(files.fullZip, await download(w, d.id, 'package'))
      writeFileSync(files.fullReceipt, (await w.legal(`/api/v1/dossiers/${d.id}/receipt`)).rawPayload)
    } else {
      writeFileSync(files.restrictedZip, await download(w, d.id, 'package'))
      writeFileSync(files.restrictedReceipt, (await w.legal(`/api/v1/dossiers/${d.id}/receipt`)).rawPayload)
    }
  }
  writeFileSync(files.key, `${w.app.ledger.verifierKey()}\n`)
})
t.teardown(() => tsa?.close())

t.test('an untouched PDF verifies offline and the tool says in plain words what it checked', async (t) => {
  const res = verifyExportCli(files.fullPdf, '--key', w.app.ledger.verifierKey(), '--tsa-ca', authority.caPem)
  t.equal(res.status, 0, res.stdout + res.stderr)
  t.match(res.stdout, /^Verifying full\.pdf: a Sanad dossier PDF\./)
  t.match(res.stdout, /ok: The manifest is signed by sanad\.local\/ledger\+[0-9a-f]{8}/)
  t.match(res.stdout, /ok: The ledger checkpoint \(origin sanad\.local\/ledger, \d+ entries, root [0-9a-f]{64}\) is signed/)
  t.match(res.stdout, /ok: exhibit E2 \(screenshot\.png\): exhibits\/E2-screenshot\.png has the recorded size \(505 bytes\)/)
  t.match(res.stdout, /ledger entry \d+ records its ingestion .* and is included in the signed checkpoint/)
  t.match(
    res.stdout,
    /note: exhibits E1 are not attached to this PDF \(they did not fit its attachment budget, as the signed manifest records\)/
  )
  t.match(res.stdout, /ok: custody\.json: \d+ custody entries of 6 exhibits .* proven in the signed checkpoint/)
  t.match(res.stdout, /ok: checkpoint\.tsr: an RFC 3161 timestamp .* shows the signed checkpoint existed at \d{4}-/)
  t.match(res.stdout, /RESULT: verified\./)
  t.notMatch(res.stdout, /SANAD_ERR_/)
})

t.test('an untouched package verifies: bag, signature, every exhibit, custody, timestamp and the PDF inside', async (t) => {
  for (const zip of [files.fullZip, files.restrictedZip]) {
    const res =
      zip === files.fullZip
        ? npmVerifyExport(zip, '--key', files.key, '--tsa-ca', authority.caPem)
        : await verifyExport(zip, '--key', files.key, '--tsa-ca', authority.caPem)
    t.equal(res.status, 0, res.stdout + res.stderr)
    t.match(res.stdout, /a Sanad evidence package \(zipped BagIt bag\)/)
    t.match(res.stdout, /ok: The BagIt bag "SND-C-\d{4}-\d{4}-[0-9a-f]{8}" is complete and valid \(RFC 8493\)/)
    t.match(res.stdout, /ok: dossier\.pdf: the PDF carries the same signed manifest as the package/)
    t.match(res.stdout, /ok: checkpoint\.tsr: an RFC 3161 timestamp/)
    t.match(res.stdout, /RESULT: verified\./)
  }
  const restricted = (await verifyExport(files.restrictedZip, '--key', files.key)).stdout
  t.match(
    restricted,
    /ok: exhibit E1 \(E1\.jpg\): ledger entry \d+ records that the shared copy [0-9a-f]{12}… was derived from the original/
  )
  t.match(restricted, /note: exhibits E3, E4 are not carried under the export's disclosure profile/)
  t.match(restricted, /note: the timestamp authority's certificate chain was not checked/)
})

t.test('openssl verifies the packaged RFC 3161 timestamp of the anchoring checkpoint independently', async (t) => {
  if (!requireTool(t, 'openssl')) return
  const fh = await open(files.fullZip, 'r')
  const read = async (suffix: string): Promise<Buffer> => {
    const { offset, size } = await dataOffset(files.fullZip, suffix)
    const b = Buffer.alloc(size)
    await fh.read(b, 0, size, offset)
    return b
  }
  writeFileSync(join(dir, 'checkpoint.txt'), await read('data/checkpoint.txt'))
  writeFileSync(join(dir, 'checkpoint.tsr'), await read('data/checkpoint.tsr'))
  await fh.close()
  const r = spawnSync(
    'openssl',
    ['ts', '-verify', '-data', join(dir, 'checkpoint.txt'), '-in', join(dir, 'checkpoint.tsr'), '-CAfile', authority.caPem],
    { encoding: 'utf8' }
  )
  t.match(r.stdout, /Verification: OK/, r.stderr)
})

t.test('one flipped byte in a packaged exhibit fails verification naming that exhibit', async (t) => {
  const zip = readFileSync(files.restrictedZip)
  const { offset, size } = await dataOffset(files.restrictedZip, 'data/exhibits/E1.jpg')
  const tampered = join(dir, 'tampered.zip')
  writeFileSync(tampered, flip(zip, offset + Math.floor(size / 2)))
  const res = npmVerifyExport(tampered, '--key', files.key)
  t.equal(res.status, 1, res.stdout)
  t.match(
    res.stdout,
    /SANAD_ERR_EXPORT_FILE_ALTERED: exhibit E1 \(E1\.jpg\): file exhibits\/E1\.jpg was altered: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}/
  )
  t.match(res.stdout, /SANAD_ERR_EXPORT_BAG_INVALID: BagIt: checksum mismatch: data\/exhibits\/E1\.jpg/)
  t.match(res.stdout, /RESULT: \d+ problems found; do not rely on this export\./)
})

t.test('one flipped byte in an exhibit attached to the PDF, a forged manifest or the wrong key fails', async (t) => {
  const pdf = readFileSync(files.fullPdf)
  const png = fixture('screenshot.png')
  const at = pdf.indexOf(png)
  t.ok(at > 0, 'the attachment is stored as is')
  const tampered = join(dir, 'tampered.pdf')
  writeFileSync(tampered, flip(pdf, at + 100))
  const altered = await verifyExport(tampered, '--key', files.key)
  t.equal(altered.status, 1)
  t.match(altered.stdout, /SANAD_ERR_EXPORT_FILE_ALTERED: exhibit E2 \(screenshot\.png\): file exhibits\/E2-screenshot\.png was altered/)

  const stranger = generateNoteKey('sanad.local/ledger')
  const wrongKey = await verifyExport(files.fullPdf, '--key', stranger.verifierKey)
  t.equal(wrongKey.status, 1)
  t.match(wrongKey.stdout, /SANAD_ERR_EXPORT_SIGNATURE: the manifest signature does not verify/)

  const zip = readFileSync(files.fullZip)
  const { offset } = await dataOffset(files.fullZip, 'data/manifest.json')
  const forged = join(dir, 'forged.zip')
  writeFileSync(forged, flip(zip, offset + 40))
  const res = await verifyExport(forged, '--key', files.key)
  t.equal(res.status, 1)
  t.match(res.stdout, /SANAD_ERR_EXPORT_SIGNATURE|SANAD_ERR_EXPORT_MANIFEST_MALFORMED/)
})

t.test('without --key it checks against the key the export names and says so; bad input and usage are refused', async (t) => {
  const res = await verifyExport(files.fullPdf)
  t.equal(res.status, 0, res.stdout)
  t.match(res.stdout, /note: no --key given: checked against the key the export itself names/)
  const notExport = join(dir, 'note.txt')
  writeFileSync(notExport, 'hello')
  t.equal((await verifyExport(notExport)).status, 1)
  t.equal((await verifyExport()).status, 2)
  t.equal((await verifyExport(join(dir, 'missing.pdf'))).status, 2)
  // An empty key (a fetch of the published key that failed) must not fall back to the export's own.
  const emptyKey = await verifyExport(files.fullPdf, '--key', '')
  t.equal(emptyKey.status, 2)
  t.match(emptyKey.stderr, /--key is empty/)
  t.equal((await verifyExport(files.fullPdf, '--tsa-ca', join(dir, 'no-such-ca.pem'))).status, 2, 'a --tsa-ca file that does not exist')
  const plain = join(dir, 'plain.pdf')
  writeFileSync(
    plain,
    await renderPdf(
      { meta: { title: 'Not a dossier', author: 'x', language: 'en' }, runningHeader: 'x', blocks: [{ kind: 'paragraph', text: 'hello' }] },
      { generatedAt: new Date(0) }
    )
  )
  const r = await verifyExport(plain)
  t.equal(r.status, 1)
  t.match(r.stdout, /no manifest\.json attachment/)
})

/** The full PDF with one more attachment, saved as `out` (an attack on the PDF's attachments). */
async function withAttachment(out: string, name: string, mimeType: string, content: string): Promise<string> {
  const { PDFDocument } = await import('pdf-lib')
  const pdf = await PDFDocument.load(readFileSync(files.fullPdf))
  await pdf.attach(Buffer.from(content), name, { mimeType })
  const path = join(dir, out)
  writeFileSync(path, await pdf.save())
  return path
}

/** Rewrites a package's payload with `change` and bags it again with fresh checksums (a valid bag). */
async function rebag(
  zip: string,
  name: string,
  change: (payload: { path: string; source: Buffer }[]) => { path: string; source: Buffer }[]
): Promise<string> {
  const { readBag, readZipEntry, writeBag } = await import('../../server/lib/export/bagit.ts')
  const structure = await readBag(zip)
  const fh = await open(zip, 'r')
  const payload: { path: string; source: Buffer }[] = []
  try {
    for (const [entryName, entry] of structure.files) {
      if (!entryName.startsWith('data/')) continue
      const parts: Uint8Array[] = []
      for await (const c of readZipEntry(fh, entry)) parts.push(c)
      payload.push({ path: entryName.slice('data/'.length), source: Buffer.concat(parts) })
    }
  } finally {
    await fh.close()
  }
  const out = join(dir, name)
  await writeBag({
    zipPath: out,
    name: structure.name,
    files: change(payload),
    info: { sourceOrganization: 'someone else' },
    baggingDate: new Date()
  })
  return out
}

t.test('custody.json that leaves out an exhibit the manifest signs fails, even in a valid bag', async (t) => {
  const zip = await rebag(files.fullZip, 'custody-cut.zip', (payload) =>
    payload.map((f) => {
      if (f.path !== 'custody.json') return f
      const custody = JSON.parse(f.source.toString('utf8')) as { exhibits: { number: string }[] }
      custody.exhibits = custody.exhibits.filter((x) => x.number !== 'E2')
      return { path: f.path, source: Buffer.from(JSON.stringify(custody)) }
    })
  )
  const res = await verifyExport(zip, '--key', files.key)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, /SANAD_ERR_EXPORT_CUSTODY: custody\.json has no custody entries for exhibit E2/)
})

t.test(
  'a custody entry given by leaf hash only (its details are not printed) verifies by its proof, and a wrong leaf hash fails',
  async (t) => {
    type Entry = { index: number; leafHash: string; canonical?: string; proof: string[] }
    const edit = (name: string, change: (e: Entry) => void): Promise<string> =>
      rebag(files.fullZip, name, (payload) =>
        payload.map((f) => {
          if (f.path !== 'custody.json') return f
          const custody = JSON.parse(f.source.toString('utf8')) as { exhibits: Array<{ entries: Entry[] }> }
          // The last entry of the first exhibit: not its ingest entry, which must stay readable.
          change(custody.exhibits[0]!.entries.at(-1)!)
          return { path: f.path, source: Buffer.from(JSON.stringify(custody)) }
        })
      )
    const hashOnly = await verifyExport(
      await edit('custody-hash-only.zip', (e) => {
        delete e.canonical
      }),
      '--key',
      files.key
    )
    t.match(
      hashOnly.stdout,
      /ok: custody\.json: 1 more custody entries are given by leaf hash only .* proven to be in the signed checkpoint/
    )
    // The custody checks accept it; only the signed package statement says custody.json is not as issued.
    t.equal(hashOnly.status, 1, hashOnly.stdout)
    const found = hashOnly.stdout.split('\n').filter((l) => /^SANAD_ERR_/.test(l))
    t.equal(found.length, 1, found.join('\n'))
    t.match(found[0], /^SANAD_ERR_EXPORT_FILE_ALTERED: data\/custody\.json was changed after the package statement was signed/)
    const forged = await verifyExport(
      await edit('custody-hash-forged.zip', (e) => {
        delete e.canonical
        e.leafHash = e.leafHash.replace(/^./, (c) => (c === '0' ? '1' : '0'))
      }),
      '--key',
      files.key
    )
    t.equal(forged.status, 1, forged.stdout)
    t.match(forged.stdout, /SANAD_ERR_EXPORT_INCLUSION: custody entry \d+ of exhibit E\d+/)
  }
)

t.test('the RESULT line says how many exhibit files were here and what the signature does not cover', async (t) => {
  const res = await verifyExport(files.fullPdf, '--key', files.key)
  t.equal(res.status, 0, res.stdout)
  // The attachment budget keeps E1 out of the PDF: 5 of its 6 exhibit files are checked here.
  t.match(
    res.stdout,
    /RESULT: verified\. .*5 of 6 exhibit files are here and match their recorded hashes \(the other 1 are listed by hash only/
  )
  t.match(res.stdout, /it does not cover the PDF's pages .*check those with the export's receipt \(--receipt/)
  t.same(JSON.parse((await verifyExport(files.fullPdf, '--key', files.key, '--json')).stdout).exhibitFiles, { listed: 6, present: 5 })
})

t.test('a file planted in a re-bagged package, or an extra PDF attachment, is not covered by the manifest and fails', async (t) => {
  // Planted under data/exhibits/ with fresh BagIt checksums: the bag itself is valid.
  const planted = await rebag(files.fullZip, 'planted.zip', (payload) => [
    ...payload,
    { path: 'exhibits/E9-planted.jpg', source: Buffer.from('not evidence') }
  ])
  const res = await verifyExport(planted, '--key', files.key)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, /ok: The BagIt bag .* is complete and valid/, 'the bag alone would pass')
  t.match(res.stdout, /SANAD_ERR_EXPORT_FILE_UNLISTED: data\/exhibits\/E9-planted\.jpg is not listed in the signed manifest/)

  const extra = await withAttachment('extra-attachment.pdf', 'E9-planted.jpg', 'image/jpeg', 'not evidence')
  const r2 = await verifyExport(extra, '--key', files.key)
  t.equal(r2.status, 1, r2.stdout)
  t.match(r2.stdout, /SANAD_ERR_EXPORT_FILE_UNLISTED: the PDF carries an attachment "E9-planted\.jpg"/)
})

t.test('a PDF stripped of an exhibit attachment the signed manifest says it carries fails, naming the exhibit', async (t) => {
  const { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } = await import('pdf-lib')
  const pdf = await PDFDocument.load(readFileSync(files.fullPdf))
  const tree = pdf.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('EmbeddedFiles'), PDFDict)
  const pairs = tree.lookup(PDFName.of('Names'), PDFArray)
  let removed = false
  for (let i = 0; i < pairs.size(); i += 2) {
    const name = pairs.lookup(i + 1, PDFDict).lookup(PDFName.of('UF'))
    const text = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : ''
    if (text === 'E2-screenshot.png') {
      pairs.remove(i + 1)
      pairs.remove(i)
      removed = true
      break
    }
  }
  t.ok(removed, 'the attachment was in the PDF')
  const stripped = join(dir, 'stripped-attachment.pdf')
  writeFileSync(stripped, await pdf.save())
  const res = await verifyExport(stripped, '--key', files.key)
  t.equal(res.status, 1, res.stdout)
  t.match(
    res.stdout,
    /SANAD_ERR_EXPORT_FILE_MISSING: exhibit E2 \(screenshot\.png\): the signed manifest says the PDF carries E2-screenshot\.png as an attachment, and it does not/
  )
  // E1 never was attached (the budget): that stays a note, now backed by the signed manifest.
  t.match(
    res.stdout,
    /note: exhibits E1 are not attached to this PDF \(they did not fit its attachment budget, as the signed manifest records\)/
  )
})

t.test('with its receipt, an untouched PDF or package is shown to be byte for byte the one exported', async (t) => {
  const pdf = await verifyExport(files.fullPdf, '--key', files.key, '--receipt', files.fullReceipt)
  t.equal(pdf.status, 0, pdf.stdout)
  t.match(
    pdf.stdout,
    /ok: receipt: The receipt's ledger entry \d+ records the export of dossier [0-9a-f-]{36} at \d{4}-.* and is included in a checkpoint of \d+ entries signed by the same key\./
  )
  t.match(
    pdf.stdout,
    /ok: receipt: This PDF is byte for byte the one exported[^\n]*\nok: receipt: The receipt's checkpoint extends the one the export is anchored to \(consistency proof from \d+ to \d+ entries\)/
  )
  t.match(
    pdf.stdout,
    /ok: receipt: This PDF is byte for byte the one exported \(SHA-256 [0-9a-f]{64}, \d+ bytes, as ledger entry \d+ records\)\./
  )
  t.match(
    pdf.stdout,
    /RESULT: verified\. .*The receipt shows the whole file is byte for byte the one the ledger recorded as exported \(entry \d+\), the PDF's pages included\./
  )
  t.notMatch(pdf.stdout, /it does not cover/)
  for (const [zip, receipt] of [
    [files.fullZip, files.fullReceipt],
    [files.restrictedZip, files.restrictedReceipt]
  ] as const) {
    const res = await verifyExport(zip, '--key', files.key, '--receipt', receipt)
    t.equal(res.status, 0, res.stdout)
    t.match(res.stdout, /ok: receipt: This package is byte for byte the one exported/)
    t.match(res.stdout, /the PDF's pages, exhibits\.csv and README\.txt included\./)
  }
})

t.test("an altered page fails on the PDF's own signature even without the receipt, and the receipt names it too", async (t) => {
  const { PDFDocument, StandardFonts } = await import('pdf-lib')
  const pdf = await PDFDocument.load(readFileSync(files.fullPdf))
  const page = pdf.getPage(0)
  page.drawText('Victims: 0', { x: 72, y: 72, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) })
  const altered = join(dir, 'altered-page.pdf')
  writeFileSync(altered, await pdf.save())
  const without = await verifyExport(altered, '--key', files.key)
  t.equal(without.status, 1, 'the signed manifest and the exhibits are untouched, but the PDF signature is not', { stdout: without.stdout })
  t.match(
    without.stdout,
    /SANAD_ERR_EXPORT_PDF_SIGNATURE: the PDF's own signature: .*(does not cover the whole file|saved again after signing)/
  )
  const res = await verifyExport(altered, '--key', files.key, '--receipt', files.fullReceipt)
  t.equal(res.status, 1, res.stdout)
  t.match(
    res.stdout,
    /SANAD_ERR_EXPORT_NOT_AS_ISSUED: receipt: this PDF is not the one dossier [0-9a-f-]{36} exported: its SHA-256 is [0-9a-f]{64}, the ledger records [0-9a-f]{64}; its size is \d+ bytes, the ledger records \d+/
  )
})

t.test(
  'a box drawn over a page of the dossier fails verify-export without a receipt; the untouched one passes pdfsig and qpdf',
  async (t) => {
    const { PDFDocument, rgb } = await import('pdf-lib')
    const pdf = await PDFDocument.load(readFileSync(files.fullPdf), { updateMetadata: false })
    pdf.getPage(0).drawRectangle({ x: 60, y: 500, width: 300, height: 60, color: rgb(1, 1, 1) })
    const boxed = join(dir, 'box-over-page.pdf')
    writeFileSync(boxed, await pdf.save())
    const res = await verifyExport(boxed, '--key', files.key)
    t.equal(res.status, 1, 'refused', { stdout: res.stdout })
    t.match(res.stdout, /SANAD_ERR_EXPORT_PDF_SIGNATURE/)
    const clean = await verifyExport(files.fullPdf, '--key', files.key)
    t.equal(clean.status, 0, 'the untouched PDF passes', { stdout: clean.stdout })
    t.match(
      clean.stdout,
      /the PDF's own signature \(adbe\.pkcs7\.detached\) by "Sanad \([^)]+\)" at [0-9T:.-]+Z covers the whole file and verifies/
    )
    t.match(clean.stdout, /signed with a self-signed certificate/)
    if (!requireTool(t, 'pdfsig', 'qpdf')) return
    const sig = spawnSync('pdfsig', [files.fullPdf], { encoding: 'utf8' })
    t.match(sig.stdout, /Total document signed/)
    t.match(sig.stdout, /Signature Validation: Signature is Valid\./)
    const qpdf = spawnSync('qpdf', ['--check', files.fullPdf], { encoding: 'utf8' })
    t.equal(qpdf.status, 0, 'qpdf --check passes', { stdout: qpdf.stdout })
    const tampered = spawnSync('pdfsig', [boxed], { encoding: 'utf8' })
    t.notMatch(tampered.stdout, /Signature Validation: Signature is Valid\./)
  }
)

t.test('a package whose README.txt or exhibits.csv was rewritten and re-bagged fails with the receipt', async (t) => {
  const readme = await rebag(files.fullZip, 'rewritten-readme.zip', (payload) =>
    payload.map((f) =>
      f.path === 'README.txt' ? { path: f.path, source: Buffer.from('Verify with https://example.org/other-tool\n') } : f
    )
  )
  const alone = await verifyExport(readme, '--key', files.key)
  t.equal(alone.status, 1, 'the bag is valid, the manifest does not cover it, the signed package statement does')
  t.match(alone.stdout, /SANAD_ERR_EXPORT_FILE_ALTERED: data\/README\.txt was changed after the package statement was signed/)
  const res = await verifyExport(readme, '--key', files.key, '--receipt', files.fullReceipt)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, /SANAD_ERR_EXPORT_NOT_AS_ISSUED: receipt: this package is not the one dossier/)
  const csv = await rebag(files.fullZip, 'rewritten-exhibits-csv.zip', (payload) =>
    payload.map((f) =>
      f.path === 'exhibits.csv' ? { path: f.path, source: Buffer.from(f.source.toString('utf8').replace(/,original,/, ',shared,')) } : f
    )
  )
  t.equal((await verifyExport(csv, '--key', files.key, '--receipt', files.fullReceipt)).status, 1)
})

t.test("another dossier's receipt, a forged proof, a receipt under another key or a broken receipt file fails", async (t) => {
  const other = await verifyExport(files.fullZip, '--key', files.key, '--receipt', files.restrictedReceipt)
  t.equal(other.status, 1, other.stdout)
  t.match(
    other.stdout,
    /SANAD_ERR_EXPORT_NOT_AS_ISSUED: receipt: this package is not the one dossier .* it carries a manifest with SHA-256 [0-9a-f]{64}, the ledger records [0-9a-f]{64}/
  )

  const receipt = JSON.parse(readFileSync(files.fullReceipt, 'utf8')) as {
    entry: { proof: string[]; canonical: string }
    checkpoint: string
  }
  const forgedProof = join(dir, 'forged-proof.receipt.json')
  writeFileSync(
    forgedProof,
    JSON.stringify({
      ...receipt,
      entry: { ...receipt.entry, proof: receipt.entry.proof.map((h, i) => (i === 0 ? h.replace(/^./, (c) => (c === '0' ? '1' : '0')) : h)) }
    })
  )
  const r1 = await verifyExport(files.fullPdf, '--key', files.key, '--receipt', forgedProof)
  t.equal(r1.status, 1, r1.stdout)
  t.match(r1.stdout, /SANAD_ERR_EXPORT_RECEIPT: receipt: ledger entry \d+ is not proven in the receipt's checkpoint/)

  // A receipt from a forked ledger: its consistency proof does not lead from the export's checkpoint.
  const forkedProof = join(dir, 'forked-ledger.receipt.json')
  writeFileSync(
    forkedProof,
    JSON.stringify({
      ...receipt,
      consistency: {
        ...(receipt as unknown as { consistency: { from: number; proof: string[] } }).consistency,
        proof: (receipt as unknown as { consistency: { proof: string[] } }).consistency.proof.map((h, i) => (i === 0 ? 'f'.repeat(64) : h))
      }
    })
  )
  const r0 = await verifyExport(files.fullPdf, '--key', files.key, '--receipt', forkedProof)
  t.equal(r0.status, 1, r0.stdout)
  t.match(r0.stdout, /SANAD_ERR_EXPORT_RECEIPT: receipt: the receipt's checkpoint does not extend the one the export is anchored to/)

  // An entry rewritten to record the altered PDF's hash no longer hashes to its leaf.
  const entry = JSON.parse(Buffer.from(receipt.entry.canonical, 'base64').toString('utf8')) as { subject: { sha256: string } }
  entry.subject.sha256 = '0'.repeat(64)
  const rewritten = join(dir, 'rewritten-entry.receipt.json')
  writeFileSync(
    rewritten,
    JSON.stringify({ ...receipt, entry: { ...receipt.entry, canonical: Buffer.from(JSON.stringify(entry)).toString('base64') } })
  )
  t.match(
    (await verifyExport(files.fullPdf, '--key', files.key, '--receipt', rewritten)).stdout,
    /SANAD_ERR_EXPORT_RECEIPT: receipt: the receipt's entry bytes do not hash to its leaf hash/
  )

  const stranger = generateNoteKey('sanad.local/ledger')
  const r2 = await verifyExport(files.fullPdf, '--key', stranger.verifierKey, '--receipt', files.fullReceipt)
  t.match(r2.stdout, /SANAD_ERR_EXPORT_RECEIPT: receipt: the receipt's checkpoint does not verify with the key/)

  const broken = join(dir, 'broken.receipt.json')
  writeFileSync(broken, '{"format":"sanad-export-receipt/1"}')
  const r3 = await verifyExport(files.fullPdf, '--key', files.key, '--receipt', broken)
  t.equal(r3.status, 1)
  t.match(
    r3.stdout,
    /SANAD_ERR_EXPORT_RECEIPT: broken\.receipt\.json is not a Sanad export receipt: dossierId must be non-empty text; checkpoint must be a signed note; entry must be an object/
  )
  t.equal(
    (await verifyExport(files.fullPdf, '--receipt', join(dir, 'no-such.receipt.json'))).status,
    2,
    'a --receipt file that does not exist is a usage error'
  )
})

t.test("a second attachment under an exhibit's name fails: only one was issued", async (t) => {
  const twice = await withAttachment('duplicate-attachment-name.pdf', 'E2-screenshot.png', 'image/png', 'a different picture')
  const res = await verifyExport(twice, '--key', files.key)
  t.equal(res.status, 1, res.stdout)
  t.match(res.stdout, /SANAD_ERR_EXPORT_FILE_UNLISTED: the PDF carries 2 attachments named "E2-screenshot\.png"/)
})

t.test("a receipt checked without --key says the key was the export's own", async (t) => {
  const res = await verifyExport(files.fullPdf, '--receipt', files.fullReceipt)
  t.equal(res.status, 0, res.stdout)
  t.match(
    res.stdout,
    /RESULT: verified\. .*the PDF's pages included, under the key the export itself names: pass --key with the issuer's published key to show who issued it\./
  )
})
