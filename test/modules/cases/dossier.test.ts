import t from 'tap'
import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { type PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { readPdfAttachments } from '../../../server/lib/pdf/index.ts'
import { validateBag } from '../../../server/lib/export/bagit.ts'
import { verifyExport, verifyManifest } from '../../../server/lib/export/export-manifest.ts'
import { accountFor } from '../../helpers/app.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { hasTool } from '../../../scripts/system-tools.mjs'
import {
  world,
  createCase,
  generate,
  download,
  service,
  fixture,
  NAMES,
  PLACE_A,
  PLACE_B,
  MEDIA_METADATA,
  DARI_SENTENCE,
  DARI_NARRATIVE,
  type World
} from '../../helpers/case-world.ts'

const run = promisify(execFile)
const POPPLER = ['pdftotext', 'pdfinfo', 'pdfdetach'] as const
const BAGIT_CHECK = new URL('../../fixtures/bagit-check.py', import.meta.url).pathname

const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
const norm = (s: string): string => s.normalize('NFKC').replace(BIDI_CONTROLS, '').replace(/\s+/gu, '')
const hex = (algorithm: 'sha256' | 'sha512', b: Uint8Array): string => createHash(algorithm).update(b).digest('hex')

type Profile = 'full' | 'restricted' | 'public'
type Built = {
  id: string
  pdf: Buffer
  zip: Buffer
  pdfFile: string
  zipFile: string
  text: string
  uncompressed: Buffer
  summary: Record<string, unknown>
}

let w: World
const built = {} as Record<Profile, Built>
// Not t.testdir(): the test app takes that folder as its data dir and empties it.
const dir = mkdtempSync(join(tmpdir(), 'sanad-cases-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

async function pdftotext(file: string, args: string[] = []): Promise<string> {
  return (await run('pdftotext', [...args, file, '-'], { maxBuffer: 64 * 2 ** 20 })).stdout
}

t.before(async () => {
  w = await world(t)
  for (const profile of ['full', 'restricted', 'public'] as const) {
    const caseId = await createCase(w, { profile })
    const d = await generate(w, caseId)
    if (d.status !== 'ready') throw new Error(`${profile} dossier: ${JSON.stringify(d)}`)
    const pdf = await download(w, d.id, 'pdf')
    const zip = await download(w, d.id, 'package')
    const pdfFile = join(dir, `${profile}.pdf`)
    const zipFile = join(dir, `${profile}.zip`)
    writeFileSync(pdfFile, pdf)
    writeFileSync(zipFile, zip)
    let text = ''
    let uncompressed = Buffer.alloc(0)
    if (hasTool('pdftotext')) text = await pdftotext(pdfFile)
    if (hasTool('qpdf')) {
      const out = join(dir, `${profile}.qdf.pdf`)
      await run('qpdf', ['--qdf', '--object-streams=disable', '--stream-data=uncompress', pdfFile, out]).catch(() => undefined)
      uncompressed = readFileSync(out)
    }
    built[profile] = { id: d.id, pdf, zip, pdfFile, zipFile, text, uncompressed, summary: d.summary as Record<string, unknown> }
  }
})

/** Every form a string can take in a file: UTF-8, UTF-16 both ways, and the hex of UTF-16BE that PDF text strings use. */
function forms(s: string): Buffer[] {
  const be = Buffer.from(s, 'utf16le').swap16()
  return [
    Buffer.from(s, 'utf8'),
    Buffer.from(s, 'utf16le'),
    be,
    Buffer.from(be.toString('hex').toUpperCase()),
    Buffer.from(be.toString('hex'))
  ]
}
function found(haystack: Buffer, s: string): boolean {
  return forms(s).some((f) => haystack.includes(f))
}

t.test('qpdf finds no structural errors in any dossier', async (t) => {
  if (!requireTool(t, 'qpdf')) return
  for (const p of ['full', 'restricted', 'public'] as const) {
    const { stdout } = await run('qpdf', ['--check', built[p].pdfFile])
    t.match(stdout, /No syntax or stream encoding errors found/, p)
  }
})

t.test('every signed dossier carries the PDF/A-3b markers: XMP part 3 conformance B and the sRGB output intent', async (t) => {
  if (!requireTool(t, 'qpdf', ...POPPLER)) return
  for (const p of ['full', 'restricted', 'public'] as const) {
    const { stdout: xmp } = await run('pdfinfo', ['-meta', built[p].pdfFile])
    t.match(xmp, /<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/, `${p}: XMP names PDF/A-3b`)
    const { stdout: json } = await run('qpdf', ['--json=2', '--json-key=qpdf', built[p].pdfFile], { maxBuffer: 256 * 1024 * 1024 })
    t.match(json, /"\/S": "\/GTS_PDFA1"/, `${p}: the PDF/A output intent`)
    t.match(json, /"\/AFRelationship": "\/Data"/, `${p}: associated files`)
  }
})

t.test('pdftotext finds every exhibit hash, the Rome Statute articles and the Dari narrative in logical order', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const shas = Object.keys(w.evidence).map((name) => fixture(name))
  for (const p of ['full', 'restricted', 'public'] as const) {
    const { text } = built[p]
    for (const bytes of shas) {
      t.ok(text.includes(hex('sha256', bytes)), `${p}: SHA-256 of an exhibit`)
      t.ok(text.includes(hex('sha512', bytes)), `${p}: SHA-512 of an exhibit`)
    }
    const flat = text.replace(/\s+/g, ' ')
    for (const article of ['Art. 7(1)(e)', 'Art. 7(1)(h)', 'Art. 7(1)(a)', 'Art. 7(1)(g)'])
      t.ok(flat.includes(`Rome Statute ${article}`), `${p}: ${article}`)
    t.ok(norm(text).includes(norm(DARI_SENTENCE)), `${p}: the Dari sentence with digits and a Latin word reads in logical order`)
    t.ok(norm(text).includes(norm(DARI_NARRATIVE)), `${p}: the wrapped Dari paragraph reads in order`)
    let at = 0
    const plain = text.normalize('NFKC').replace(BIDI_CONTROLS, '')
    for (const word of DARI_SENTENCE.split(' ')) {
      const i = plain.indexOf(word, at)
      t.ok(i >= at, `${p}: "${word}" follows the previous word`)
      at = i + word.length
    }
    t.same(built[p].summary.warnings, [], `${p}: no right-to-left line on a left-to-right page`)
  }
})

t.test('the PDF has a title, author and language, a contents page, running header and "page x of y"', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const { stdout } = await run('pdfinfo', [built.full.pdfFile])
  t.match(stdout, /^Title:\s+Case file SND-C-\d{4}-\d{4}: Detention and killings 2022–2023$/m)
  t.match(stdout, /^Author:\s+Sanad \(sanad\.local\/ledger\)$/m)
  const pages = Number(/^Pages:\s+(\d+)$/m.exec(stdout)?.[1])
  const doc = await PDFDocument.load(built.full.pdf, { updateMetadata: false })
  t.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), '(en)')
  const page2 = await pdftotext(built.full.pdfFile, ['-f', '2', '-l', '2'])
  t.match(page2, /Contents/)
  t.match(page2, /SND-\d{4}-\d{6}: Mass detention in western Kabul/)
  const last = await pdftotext(built.full.pdfFile, ['-f', String(pages), '-l', String(pages)])
  t.match(last, new RegExp(`Page ${pages} of ${pages}`))
  t.match(last, /SND-C-\d{4}-\d{4} · full/)
  const cover = (await pdftotext(built.full.pdfFile, ['-f', '1', '-l', '1'])).replace(/\s+/g, ' ')
  t.match(cover, `Pages This file has ${pages} pages`, 'the cover names the number of pages of the file itself')
  t.match(built.full.text, /Incidents by province[\s\S]*Kabul/)
  t.match(built.full.text, /Incidents by month[\s\S]*2023-08/)
  t.match(built.full.text, /12 Asad 1402/, 'dates in the Solar Hijri calendar too')
})

t.test('pdfdetach lists the manifest, its signature, the checkpoint, custody proofs and the exhibits per profile', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const list = async (p: Profile): Promise<string[]> =>
    (await run('pdfdetach', ['-list', built[p].pdfFile])).stdout
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.replace(/^\d+: /, ''))
  const head = ['manifest.json', 'manifest.sig', 'checkpoint.txt', 'custody.json', 'exhibits.csv']
  t.same(await list('full'), [
    ...head,
    'E1-kabul-phone.jpg',
    'E2-screenshot.png',
    'E3-phone-video.mp4',
    'E4-statement-scan.pdf',
    'E5-edited.jpg',
    'E6-no-metadata.jpg'
  ])
  t.same(
    await list('restricted'),
    [...head, 'E1.jpg', 'E2.png', 'E5.jpg', 'E6.jpg'],
    'video and documents cannot be stripped: listed by hash only'
  )
  t.same(await list('public'), [...head, 'E5.jpg', 'E6.jpg'], 'incident A has persons without image consent for this recipient')
  const out = join(dir, 'manifest.json')
  await run('pdfdetach', ['-save', '1', '-o', out, built.restricted.pdfFile])
  const attachments = await readPdfAttachments(built.restricted.pdf)
  t.ok(readFileSync(out).equals(Buffer.from(attachments[0]!.bytes)), 'pdfdetach and the reader agree')
})

t.test('the embedded manifest is signed with the ledger key and proves every exhibit against the signed checkpoint', async (t) => {
  const key = w.app.ledger.verifierKey()
  for (const p of ['full', 'restricted'] as const) {
    const files = new Map((await readPdfAttachments(built[p].pdf)).map((a) => [a.name, a.bytes]))
    const manifest = verifyManifest(files.get('manifest.json')!, Buffer.from(files.get('manifest.sig')!).toString('utf8'), key)
    t.equal(manifest.case.profile, p)
    t.equal(Buffer.from(files.get('checkpoint.txt')!).toString('utf8'), manifest.checkpoint.note)
    t.equal(hex('sha256', files.get('manifest.json')!), (await w.legal(`/api/v1/dossiers/${built[p].id}`)).json().manifestSha256)
    const report = await verifyExport({
      manifestBytes: files.get('manifest.json')!,
      signature: Buffer.from(files.get('manifest.sig')!).toString('utf8'),
      verifierKey: key,
      files: async (path) => files.get(path.slice(path.lastIndexOf('/') + 1)) ?? null
    })
    t.same(report.problems, [], `${p}: ${report.problems.map((x) => x.message).join('; ')}`)
    t.equal(manifest.exhibits.length, p === 'full' ? 6 : 4)
    for (const e of manifest.exhibits) {
      t.ok(e.ingest.proof.length > 0, `${p} ${e.number}: inclusion proof of the ingest entry`)
      if (e.variant === 'shared') t.ok(e.derivation, `${p} ${e.number}: the shared copy's derivation entry is proven too`)
    }
  }
})

t.test('consent and profile: a witness without consent for the recipient never appears by name', async (t) => {
  if (!requireTool(t, 'pdftotext', 'qpdf')) return
  const full = built.full
  for (const name of [NAMES.consenting, NAMES.official, NAMES.victimB]) t.ok(full.text.includes(name), `full names ${name}`)
  for (const name of [NAMES.noIccConsent, NAMES.withdrawn, NAMES.needToKnow]) {
    t.notOk(full.text.includes(name), `full: ${name} not in the text`)
    t.notOk(
      found(full.pdf, name) || found(full.uncompressed, name) || found(full.zip, name),
      `full: ${name} in no form in the PDF, its streams or the package`
    )
  }
  t.ok(found(full.uncompressed, 'Detention and killings'), 'the byte search finds text the PDF stores as UTF-16 (its title)')
  t.match(full.summary, { personsNamed: 3, personsPseudonymised: 2, personsLeftOut: 1 })
  t.notOk(/S-0001/.test(full.text), 'a person who withdrew consent to storage is left out entirely, not even by pseudonym')
})

t.test('restricted and public never contain a protected name, a precise place or original media metadata', async (t) => {
  if (!requireTool(t, 'pdftotext', 'qpdf')) return
  for (const p of ['restricted', 'public'] as const) {
    const b = built[p]
    const where: Array<[string, Buffer]> = [
      ['PDF bytes', b.pdf],
      ['PDF streams', b.uncompressed],
      ['package bytes', b.zip],
      ['PDF text', Buffer.from(b.text)]
    ]
    const secrets = [
      ...Object.values(NAMES),
      'zarghuna',
      String(PLACE_A.lat),
      String(PLACE_A.lon),
      String(PLACE_B.lat),
      String(PLACE_B.lon),
      PLACE_A.place,
      PLACE_B.place,
      'Qala-e Nazar',
      ...MEDIA_METADATA,
      'samsung',
      'Photoshop',
      'edited.jpg',
      'screenshot.png',
      'social.example'
    ]
    for (const s of secrets) for (const [label, bytes] of where) t.notOk(found(bytes, s), `${p}: "${s}" not in the ${label}`)
    t.match(b.summary, { personsNamed: 0 })
    t.ok(b.text.includes('W-0001') && b.text.includes('P-0001'), `${p}: pseudonyms stand for the persons`)
    t.ok(
      /sister V-0001 found the body/.test(b.text.replace(/\s+/g, ' ')),
      `${p}: a name written into the narrative is replaced by the pseudonym`
    )
  }
  t.ok(built.restricted.text.includes(PLACE_A.district), 'restricted keeps the district')
  t.match(built.restricted.text, /Kabul, Dasht-e Barchi \(district level\)/)
  t.notOk(
    found(built.public.pdf, PLACE_A.district) ||
      built.public.text.includes(PLACE_A.district) ||
      built.public.text.includes(PLACE_B.district),
    'public: province only'
  )
  t.match(built.public.text, /Kabul \(province level\)/)
  // The shared copies carry no metadata segment at all.
  const files = new Map((await readPdfAttachments(built.restricted.pdf)).map((a) => [a.name, Buffer.from(a.bytes)]))
  t.notOk(files.get('E1.jpg')!.includes(Buffer.from('Exif')), 'no EXIF in the shared JPEG')
  t.notOk(files.get('E2.png')!.includes(Buffer.from('eXIf')), 'no eXIf in the shared PNG')
  t.ok(
    found(built.full.pdf, '+34.5553+069.2075') && built.full.text.includes('34.5553'),
    'the full profile carries the originals and their metadata (so the search works)'
  )
})

t.test('the evidence package is a valid BagIt bag for an independent validator and for validateBag', async (t) => {
  if (!requireTool(t, 'python3', 'unzip')) return
  for (const p of ['full', 'restricted', 'public'] as const) {
    const v = await validateBag(built[p].zipFile)
    t.same(v.problems, [], p)
    t.ok(v.valid)
    const r = spawnSync('python3', [BAGIT_CHECK, built[p].zipFile], { encoding: 'utf8' })
    t.equal(r.status, 0, `${p}: ${r.stdout}${r.stderr}`)
    t.match(r.stdout, /^valid: SND-C-\d{4}-\d{4}-[0-9a-f]{8}: \d+ payload files/)
  }
  const listing = spawnSync('unzip', ['-Z1', built.restricted.zipFile], { encoding: 'utf8' })
  if (listing.error === undefined) {
    const names = listing.stdout
      .split('\n')
      .filter(Boolean)
      .map((n) => n.replace(/^[^/]+\//, ''))
    t.same(names.filter((n) => n.startsWith('data/')).sort(), [
      'data/README.txt',
      'data/checkpoint.txt',
      'data/custody.json',
      'data/dossier.pdf',
      'data/dossier.receipt.json',
      'data/exhibits.csv',
      'data/exhibits/E1.jpg',
      'data/exhibits/E2.png',
      'data/exhibits/E5.jpg',
      'data/exhibits/E6.jpg',
      'data/manifest.json',
      'data/manifest.sig',
      'data/package-statement.json',
      'data/package-statement.sig',
      'data/verify-package.mjs',
      'data/verify.html'
    ])
    for (const tag of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt'])
      t.ok(names.includes(tag), tag)
  }
  t.ok(built.restricted.zip.includes(built.restricted.pdf), 'the package carries the PDF byte for byte')
})

t.test('the same inputs and generation time give a byte-identical PDF; another time does not', async (t) => {
  const svc = service(w)
  const legal = await accountFor(w.app, 'legal')
  const viewer = { userSeq: legal.seq, role: 'legal' as const, actor: `user:${legal.id}` }
  const at = new Date('2025-03-21T09:30:00.000Z')
  const prepared = await svc.prepare(built.restricted.id, viewer, { progress: () => undefined }, at)
  const one = await svc.render(prepared)
  const two = await svc.render(prepared)
  t.ok(Buffer.from(one.bytes).equals(Buffer.from(two.bytes)), 'rendered twice: identical bytes')
  const copy = await svc.render({ ...prepared, snapshot: JSON.parse(JSON.stringify(prepared.snapshot)) })
  t.ok(Buffer.from(copy.bytes).equals(Buffer.from(one.bytes)), 'from a deep copy of the snapshot: identical bytes')
  const later = await svc.render({ ...prepared, generatedAt: new Date(at.getTime() + 1000) })
  t.notOk(Buffer.from(later.bytes).equals(Buffer.from(one.bytes)), 'another generation time changes the bytes')
  t.equal(prepared.snapshot.generatedAt, at.toISOString())
})

t.test('thumbnails are drawn only where every person of the incident may appear in images', async (t) => {
  const count = async (pdf: Buffer): Promise<number> => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false })
    return doc.context
      .enumerateIndirectObjects()
      .filter(([, o]) => 'dict' in o && (o as { dict: PDFDict }).dict.get(PDFName.of('Subtype')) === PDFName.of('Image')).length
  }
  t.equal(await count(built.full.pdf), 2, 'incident B: two JPEG thumbnails; incident A: none')
  // Incident A's images are carried in full (nobody recorded whom they show: the incident-level rule) and
  // the page says so — never a bare "thumbnail withheld" beside a file carried in full (#17 item 9).
  t.match(built.full.text, /Not drawn in this PDF: no one has recorded whom this exhibit shows/)
  t.notMatch(built.full.text, /No thumbnail: a person of this incident has not consented/)
  t.equal(await count(built.restricted.pdf), 2)
})

t.test('a dossier in Dari or Pashto sets its language and labels and still carries every hash', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const caseId = await createCase(w, { profile: 'restricted' })
  for (const [language, tag, word] of [
    ['fa', 'fa-AF', 'فهرست مطالب'],
    ['ps', 'ps-AF', 'منځپانګه']
  ] as const) {
    const d = await generate(w, caseId, language)
    t.equal(d.status, 'ready')
    const pdf = await download(w, d.id, 'pdf')
    const file = join(dir, `${language}.pdf`)
    writeFileSync(file, pdf)
    const doc = await PDFDocument.load(pdf, { updateMetadata: false })
    t.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), `(${tag})`)
    const text = await pdftotext(file)
    t.ok(norm(text).includes(norm(word)), `${language}: contents title`)
    t.ok(text.includes(hex('sha256', fixture('kabul-phone.jpg'))), `${language}: hashes`)
    t.ok(norm(text).includes(norm(DARI_SENTENCE)), `${language}: the Dari narrative in logical order`)
    // The sentence on the cover (poppler puts its number at either end of the right-to-left words).
    const cover = norm(await pdftotext(file, ['-f', '1', '-l', '1']))
    const [before, after] = language === 'fa' ? ['این فایل', 'صفحه دارد'] : ['دا فایل', 'پاڼې لري']
    t.ok(
      cover.includes(norm(before)) && cover.includes(norm(after)) && !cover.includes('pages}'),
      `${language}: the cover names the page count`
    )
  }
})
