// PDF/A-3b: the XMP packet names the conformance and agrees with the Info dictionary, the sRGB output
// intent embeds the profile copied from Debian's icc-profiles-free, the attachments are associated
// files (/AF, /EmbeddedFiles, /AFRelationship), and all of it survives the PAdES signature: qpdf --check,
// pdfinfo and pdfsig read the signed file. veraPDF is not on Debian: the markers are checked here.
import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderPdf } from '../../../server/lib/pdf/index.ts'
import { signPdf } from '../../../server/lib/pdf/pades.ts'
import { PDFA, xmlText, xmpDate, xmpMetadata } from '../../../server/lib/pdf/pdfa.ts'
import { SRGB_ICC, SRGB_ICC_SHA256 } from '../../../server/lib/pdf/srgb-profile.ts'
import { selfSignedP12 } from '../../../server/keys/pdf-signing.ts'
import { GENERATED_AT, sampleModel } from '../../fixtures/pdf/sample-model.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const dir = mkdtempSync(join(tmpdir(), 'sanad-pdfa-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

t.test('the XMP packet names PDF/A-3b and repeats the Info dictionary, escaped', async (t) => {
  const xmp = xmpMetadata({
    title: 'Case <1> & "2"',
    author: 'Sanad (sanad.test/ledger)',
    subject: 'Case file',
    keywords: ['Afghanistan', 'icc'],
    producer: 'Sanad 1.0',
    creatorTool: 'Sanad 1.0',
    date: new Date('2025-03-21T09:30:00.123Z'),
    language: 'fa-AF'
  })
  t.equal(PDFA.part, 3)
  t.equal(PDFA.conformance, 'B')
  t.match(xmp, /<pdfaid:part>3<\/pdfaid:part>/)
  t.match(xmp, /<pdfaid:conformance>B<\/pdfaid:conformance>/)
  t.match(xmp, /<rdf:li xml:lang="x-default">Case &lt;1&gt; &amp; &quot;2&quot;<\/rdf:li>/)
  t.match(xmp, /<pdf:Keywords>Afghanistan icc<\/pdf:Keywords>/)
  t.match(xmp, /<xmp:CreateDate>2025-03-21T09:30:00Z<\/xmp:CreateDate>/, 'whole seconds, as the Info dictionary holds them')
  t.ok(xmp.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>'))
  t.ok(xmp.endsWith('<?xpacket end="w"?>'))
  t.match(xmp, /<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Case file<\/rdf:li><\/rdf:Alt><\/dc:description>/)
  const table: Array<[string, string]> = [
    ['plain', 'plain'],
    ['a&b', 'a&amp;b'],
    ["it's", 'it&apos;s'],
    ['bell\u0007', 'bell'],
    ['گزارش', 'گزارش']
  ]
  for (const [input, want] of table) t.equal(xmlText(input), want, JSON.stringify(input))
  t.equal(xmpDate(new Date('2026-01-02T03:04:05.999Z')), '2026-01-02T03:04:05Z')
})

t.test('the inlined sRGB profile is the file copied into the project, an ICC v2 RGB display profile', async (t) => {
  const file = readFileSync(new URL('../../../server/lib/pdf/icc/sRGB.icc', import.meta.url))
  t.ok(Buffer.from(SRGB_ICC).equals(file), 'srgb-profile.ts holds the bytes of icc/sRGB.icc')
  t.equal(createHash('sha256').update(file).digest('hex'), SRGB_ICC_SHA256)
  t.equal(file.readUInt32BE(0), file.length, 'the header states its size')
  t.equal(file.subarray(36, 40).toString('latin1'), 'acsp')
  t.equal(file.subarray(16, 20).toString('latin1'), 'RGB ')
  t.equal(file[8], 2, 'ICC version 2: accepted by every PDF/A part')
  t.match(readFileSync(new URL('../../../server/lib/pdf/icc/README.md', import.meta.url), 'utf8'), /icc-profiles-free[\s\S]*Zlib/)
})

type QpdfObject = { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }
type QpdfJson = { qpdf: [unknown, Record<string, QpdfObject>] }

function objects(path: string): Record<string, QpdfObject> {
  const run = spawnSync('qpdf', ['--json=2', '--json-key=qpdf', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return (JSON.parse(run.stdout) as QpdfJson).qpdf[1]
}

const deref = (objs: Record<string, QpdfObject>, ref: unknown): QpdfObject => objs[`obj:${String(ref)}`]!
const dictOf = (o: QpdfObject): Record<string, unknown> => (o.stream?.dict ?? o.value) as Record<string, unknown>

function checkPdfa(t: Test, path: string, label: string): void {
  const check = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' })
  t.equal(check.status, 0, `${label}: qpdf --check passes\n${check.stdout}${check.stderr}`)
  const objs = objects(path)
  const trailer = objs.trailer!.value as Record<string, unknown>
  t.ok(Array.isArray(trailer['/ID']), `${label}: the trailer has an /ID`)
  t.notOk('/Encrypt' in trailer, `${label}: not encrypted`)
  const catalog = dictOf(deref(objs, trailer['/Root']))
  // The XMP metadata: an unfiltered XML stream naming part 3, conformance B.
  const meta = deref(objs, catalog['/Metadata'])
  t.match(meta.stream?.dict, { '/Type': '/Metadata', '/Subtype': '/XML' }, `${label}: a metadata stream`)
  t.notOk(meta.stream !== undefined && '/Filter' in meta.stream.dict, `${label}: the metadata is not filtered`)
  const xmp = spawnSync('pdfinfo', ['-meta', path], { encoding: 'utf8' }).stdout
  t.match(xmp, /<pdfaid:part>3<\/pdfaid:part>/, `${label}: pdfinfo reads pdfaid:part 3`)
  t.match(xmp, /<pdfaid:conformance>B<\/pdfaid:conformance>/, `${label}: and conformance B`)
  const info = spawnSync('pdfinfo', [path], { encoding: 'utf8' }).stdout
  const title = /^Title:\s+(.*)$/m.exec(info)?.[1]
  t.ok(
    title !== undefined && xmp.includes(`<rdf:li xml:lang="x-default">${xmlText(title)}</rdf:li>`),
    `${label}: dc:title is the Info title`
  )
  t.match(info, /^Metadata Stream:\s+yes$/m)
  // The output intent: GTS_PDFA1 with the embedded sRGB profile.
  const intents = catalog['/OutputIntents'] as unknown[]
  t.equal(intents.length, 1, `${label}: one output intent`)
  const intent = (typeof intents[0] === 'string' ? dictOf(deref(objs, intents[0])) : intents[0]) as Record<string, unknown>
  t.match(intent, { '/Type': '/OutputIntent', '/S': '/GTS_PDFA1', '/OutputConditionIdentifier': 'u:sRGB IEC61966-2.1' })
  const profile = deref(objs, intent['/DestOutputProfile'])
  t.equal(profile.stream?.dict['/N'], 3, `${label}: a three-component (RGB) profile`)
  const ref = String(intent['/DestOutputProfile']).split(' ')[0]
  const icc = spawnSync('qpdf', [`--show-object=${ref}`, '--filtered-stream-data', path], { maxBuffer: 64 * 1024 * 1024 }).stdout
  t.ok(Buffer.from(icc).equals(Buffer.from(SRGB_ICC)), `${label}: the embedded profile is the sRGB profile`)
  // Associated files: every embedded file is in the catalog's /AF, with its relationship and dates.
  const af = (catalog['/AF'] as string[]).map((r) => dictOf(deref(objs, r)))
  const names = catalog['/Names'] as Record<string, unknown>
  const tree = dictOf(deref(objs, names['/EmbeddedFiles']))
  const pairs = tree['/Names'] as unknown[]
  t.equal(af.length, pairs.length / 2, `${label}: every embedded file is an associated file`)
  for (const spec of af) {
    t.match(
      spec,
      { '/Type': '/Filespec', '/AFRelationship': /^\/(Data|Source|Alternative|Supplement)$/ },
      `${label}: ${String(spec['/UF'])}`
    )
    t.ok('/F' in spec && '/UF' in spec && '/Desc' in spec, `${label}: F, UF and Desc`)
    const ef = deref(objs, (spec['/EF'] as Record<string, unknown>)['/F'])
    t.match(ef.stream?.dict, { '/Type': '/EmbeddedFile', '/Subtype': /^\// }, `${label}: the embedded file names its media type`)
    t.ok('/ModDate' in ((ef.stream?.dict['/Params'] ?? {}) as Record<string, unknown>), `${label}: with its modification date`)
  }
}

t.test('a rendered PDF is PDF/A-3b and stays so once signed (qpdf --check, pdfinfo, pdfsig)', async (t) => {
  if (!requireTool(t, 'qpdf', 'pdfinfo', 'pdfsig', 'pdfdetach')) return
  const model = sampleModel()
  model.attachments = [
    ...(model.attachments ?? []),
    {
      name: 'exhibits.csv',
      bytes: Buffer.from('item_id,stable_id\r\nE1,SND-E-2025-000001\r\n'),
      mimeType: 'text/csv',
      description: 'Exhibit list',
      relationship: 'Data'
    }
  ]
  const bytes = await renderPdf(model, { generatedAt: GENERATED_AT })
  const plain = join(dir, 'plain.pdf')
  writeFileSync(plain, bytes)
  checkPdfa(t, plain, 'unsigned')
  t.ok(
    Buffer.from(await renderPdf(model, { generatedAt: GENERATED_AT })).equals(Buffer.from(bytes)),
    'the same model and time give the same bytes'
  )

  const signed = await signPdf(
    bytes,
    { p12: selfSignedP12('Afghan Witness Office', 'pass'), passphrase: 'pass', selfSigned: true, commonName: 'Afghan Witness Office' },
    {
      signingTime: GENERATED_AT,
      name: 'Afghan Witness Office',
      reason: 'Dossier',
      location: 'sanad.test/ledger',
      contactInfo: 'sanad.test/ledger'
    }
  )
  const path = join(dir, 'signed.pdf')
  writeFileSync(path, signed)
  checkPdfa(t, path, 'signed')
  const sig = spawnSync('pdfsig', [path], { encoding: 'utf8' })
  t.match(sig.stdout, /Signature Validation: Signature is Valid\./, 'pdfsig: the PAdES signature still verifies')
  t.match(sig.stdout, /Total document signed/)
  const list = spawnSync('pdfdetach', ['-list', path], { encoding: 'utf8' }).stdout
  t.match(list, /exhibits\.csv/, 'exhibits.csv travels inside the PDF')
})
