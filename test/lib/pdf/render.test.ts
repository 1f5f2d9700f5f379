import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PDFDict, PDFDocument, PDFName, PDFBool } from 'pdf-lib'
import { localDigits, readPdfAttachments, renderPdf, renderPdfDetailed, type DocumentModel } from '../../../server/lib/pdf/index.ts'
import {
  DARI_NARRATIVE,
  DARI_SENTENCE,
  DARI_SHAPING,
  EXHIBITS,
  GENERATED_AT,
  MANIFEST_BYTES,
  PERSECUTION_TEXT,
  ROME_STATUTE_TEXT,
  sampleModel
} from '../../fixtures/pdf/sample-model.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const run = promisify(execFile)

const POPPLER = ['pdftotext', 'pdfinfo', 'pdfdetach', 'pdftoppm'] as const

// Bidi controls that poppler's own reordering wraps around runs (LRE, RLE, PDF, ...).
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFF]/u
const PASHTO_SENTENCE = 'په ټاکلې ورځ ښځې او ۲۵ سړي د GDI لخوا ونیول شول او ګڼ شمېر یې لا ورک دي'

/** NFKC, without bidi controls and whitespace: poppler moves the space next to an embedded left-to-right run to its other side. */
function norm(text: string): string {
  return text.normalize('NFKC').replace(BIDI_CONTROLS, '').replace(/\s+/gu, '')
}

async function pdftotext(file: string, args: string[] = []): Promise<string> {
  return (await run('pdftotext', [...args, file, '-'], { maxBuffer: 64 * 2 ** 20 })).stdout
}

const model = sampleModel()
const rendered = await renderPdfDetailed(model, { generatedAt: GENERATED_AT })
const dir = t.testdir()
const file = join(dir, 'case.pdf')
writeFileSync(file, rendered.bytes)
const pageOf = (text: string): number => {
  const entry = rendered.contents.find((c) => c.text === text)
  if (entry === undefined) throw new Error(`no contents entry ${text}`)
  return entry.page
}

t.test('qpdf finds no structural errors', async (t) => {
  if (!requireTool(t, 'qpdf')) return
  const { stdout } = await run('qpdf', ['--check', file])
  t.match(stdout, /No syntax or stream encoding errors found/)
})

t.test('pdfinfo shows the title, author, dates and page count', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const { stdout } = await run('pdfinfo', [file])
  t.match(stdout, /^Title:\s+Case file SANAD-2025-0007: arbitrary detention in Kabul$/m)
  t.match(stdout, /^Author:\s+Sanad legal liaison$/m)
  t.match(stdout, /^Producer:\s+Sanad$/m)
  t.match(stdout, /^CreationDate:\s+Fri Mar 21 09:30:00 2025 UTC$/m)
  t.match(stdout, new RegExp(`^Pages:\\s+${rendered.pageCount}$`, 'm'))
  t.match(stdout, /^Page size:\s+595.28 x 841.89 pts \(A4\)$/m)
})

t.test('the catalog carries the language, the title display flag and the outline', async (t) => {
  const doc = await PDFDocument.load(rendered.bytes, { updateMetadata: false })
  t.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), '(en)')
  const prefs = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict)
  t.equal(prefs.get(PDFName.of('DisplayDocTitle')), PDFBool.True)
  t.ok(doc.catalog.get(PDFName.of('Outlines')), 'has an outline')
  t.equal(doc.getPageCount(), rendered.pageCount)
})

t.test('the contents page lists level 1 and 2 headings with their pages', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  t.same(
    rendered.contents.map((c) => [c.level, c.text]),
    [
      [1, 'Summary'],
      [2, 'Legal qualification'],
      [1, 'روایت شاهد'],
      [1, 'Exhibits'],
      [2, 'Thumbnails']
    ]
  )
  const contentsPage = await pdftotext(file, ['-f', '2', '-l', '2', '-layout'])
  t.match(contentsPage, /Contents/)
  for (const entry of rendered.contents) {
    const page = await pdftotext(file, ['-f', String(entry.page), '-l', String(entry.page)])
    t.ok(norm(page).includes(norm(entry.text)), `"${entry.text}" is on page ${entry.page}`)
    if (/^[\x20-\x7e]+$/.test(entry.text))
      t.match(contentsPage, new RegExp(`${entry.text}\\s+${entry.page}\\b`), `contents lists ${entry.text} on page ${entry.page}`)
  }
})

t.test('every page has the running header and "page x of y"', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  for (let p = 1; p <= rendered.pageCount; p++) {
    const text = await pdftotext(file, ['-f', String(p), '-l', String(p)])
    t.ok(text.includes('SANAD-2025-0007 · icc-otp · restricted'), `header on page ${p}`)
    t.ok(text.includes(`Page ${p} of ${rendered.pageCount}`), `footer on page ${p}`)
  }
})

t.test('pdftotext finds every hash whole and the Rome Statute text', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  for (const args of [[], ['-layout']]) {
    const text = await pdftotext(file, args)
    for (const e of EXHIBITS) {
      t.ok(text.includes(e.sha256), `${args.join(' ')} SHA-256 of ${e.number} on one line`)
      t.ok(text.includes(e.sha512), `${args.join(' ')} SHA-512 of ${e.number} (wrapped on the page) read back whole`)
    }
    const flat = text.replace(/\s+/g, ' ')
    t.ok(flat.includes(ROME_STATUTE_TEXT), 'article 7(1)(e)')
    t.ok(flat.includes(PERSECUTION_TEXT), 'article 7(1)(h)')
  }
})

t.test('the Dari narrative reads back in logical order', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const page = pageOf('روایت شاهد')
  for (const args of [[], ['-layout']]) {
    const text = await pdftotext(file, ['-f', String(page), '-l', String(page), ...args])
    t.notOk(PRESENTATION_FORMS.test(text), `${args.join(' ') || 'plain'}: base letters, no presentation forms`)
    const flat = norm(text)
    t.ok(flat.includes(norm(DARI_SENTENCE)), `${args.join(' ') || 'plain'}: sentence with digits and a Latin word in logical order`)
    t.ok(flat.includes(norm(DARI_SHAPING)), `${args.join(' ') || 'plain'}: lam-alef as two letters, ZWNJ and shadda kept`)
    t.ok(flat.includes(norm(DARI_NARRATIVE)), `${args.join(' ') || 'plain'}: a wrapped paragraph in order`)
  }
  // Word order and characters, with poppler's spacing: each word in turn.
  const plain = (await pdftotext(file, ['-f', String(page), '-l', String(page)])).normalize('NFKC').replace(BIDI_CONTROLS, '')
  let at = 0
  for (const word of DARI_SENTENCE.split(' ')) {
    const found = plain.indexOf(word, at)
    t.ok(found >= at, `"${word}" follows the previous word`)
    at = found + word.length
  }
})

t.test('a right-to-left document mirrors the page and reads back in order', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const rtl: DocumentModel = {
    meta: { title: 'پرونده', author: 'سند', language: 'fa-AF' },
    runningHeader: 'پرونده SANAD-2025-0007',
    labels: { contents: 'فهرست', pageOf: 'صفحهٔ {page} از {pages}', continued: '(ادامه)' },
    blocks: [
      { kind: 'heading', level: 1, text: 'روایت' },
      { kind: 'paragraph', text: DARI_SENTENCE },
      { kind: 'paragraph', lang: 'ps', text: PASHTO_SENTENCE },
      {
        kind: 'keyValues',
        rows: [
          { label: 'ولایت', value: 'کابل' },
          { label: 'SHA-256', value: EXHIBITS[0]!.sha256, code: true }
        ]
      }
    ]
  }
  const out = await renderPdfDetailed(rtl, { generatedAt: GENERATED_AT })
  t.same(out.warnings, [])
  const f = join(dir, 'rtl.pdf')
  writeFileSync(f, out.bytes)
  const text = await pdftotext(f)
  // Running text of a Dari document prints Eastern Arabic digits; text quoted in its own language keeps its own.
  t.ok(norm(text).includes(norm(localDigits(DARI_SENTENCE))), 'Dari sentence, its 25 as ۲۵')
  t.ok(norm(text).includes(norm(PASHTO_SENTENCE)), 'Pashto sentence (ټ ښ ګ ې), quoted as written')
  t.ok(text.includes(EXHIBITS[0]!.sha256))
  t.ok(norm(text).includes(norm('صفحهٔ ۲ از ۲')), 'translated footer, Eastern Arabic digits')
  const doc = await PDFDocument.load(out.bytes, { updateMetadata: false })
  t.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), '(fa-AF)')
  t.equal(doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict).get(PDFName.of('Direction'))?.toString(), '/R2L')
})

t.test('right-to-left lines with digits on a mostly left-to-right page are reported', async (t) => {
  const mixed: DocumentModel = {
    meta: { title: 'Mixed', author: 'Sanad', language: 'en' },
    runningHeader: 'Mixed',
    blocks: [
      {
        kind: 'paragraph',
        text: 'A long English introduction that dominates the page, so that poppler reads the whole page left to right. '.repeat(4)
      },
      { kind: 'paragraph', text: DARI_SENTENCE, lang: 'fa-AF' }
    ]
  }
  const out = await renderPdfDetailed(mixed, { generatedAt: GENERATED_AT })
  t.equal(out.warnings.length, 1)
  t.match(out.warnings[0], /^page 1: 1 right-to-left line/)
  t.same(
    rendered.warnings,
    ['image skipped (not a decodable JPEG or PNG): E4: not an image'],
    'the sample keeps its Dari on a right-to-left page'
  )
})

t.test('undecodable images are skipped with a note; JPEG and PNG are drawn', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const text = await pdftotext(file)
  t.ok(text.includes('[Image could not be displayed: E4: not an image]'))
  t.ok(text.includes('E1: photograph (JPEG)'))
  const doc = await PDFDocument.load(rendered.bytes, { updateMetadata: false })
  const images = doc.context
    .enumerateIndirectObjects()
    .filter(([, o]) => 'dict' in o && (o as { dict: PDFDict }).dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
  t.equal(images.length, 2, 'one JPEG and one PNG XObject')
})

t.test('attachments are listed by pdfdetach and come back byte for byte', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const { stdout } = await run('pdfdetach', ['-list', file])
  t.match(stdout, /^2 embedded files$/m)
  t.match(stdout, /^1: manifest\.json$/m)
  t.match(stdout, /^2: عکس بازداشت\.jpg$/m)
  const out = join(dir, 'detached.json')
  await run('pdfdetach', ['-save', '1', '-o', out, file])
  t.same(readFileSync(out), MANIFEST_BYTES)
  const jpg = join(dir, 'detached.jpg')
  await run('pdfdetach', ['-save', '2', '-o', jpg, file])
  t.same(readFileSync(jpg), readFileSync(new URL('../../fixtures/evidence/kabul-phone.jpg', import.meta.url)))
})

t.test('attachments read back with their names, types and bytes', async (t) => {
  const files = await readPdfAttachments(rendered.bytes)
  t.same(
    files.map((f) => [f.name, f.mimeType, f.description, f.bytes.length]),
    [
      ['manifest.json', 'application/json', 'Signed export manifest', MANIFEST_BYTES.length],
      [
        'عکس بازداشت.jpg',
        'image/jpeg',
        'Exhibit E2 (shared copy)',
        readFileSync(new URL('../../fixtures/evidence/kabul-phone.jpg', import.meta.url)).length
      ]
    ]
  )
  t.ok(Buffer.from(files[0]!.bytes).equals(MANIFEST_BYTES))
})

t.test('the same model and time give byte-identical files', async (t) => {
  const again = await renderPdf(sampleModel(), { generatedAt: GENERATED_AT })
  t.ok(Buffer.from(again).equals(Buffer.from(rendered.bytes)), 'same process')
  const other = join(dir, 'other-process.pdf')
  const script = new URL('../../fixtures/pdf/render-sample.ts', import.meta.url).pathname
  await run(process.execPath, ['--import', 'tsx', script, other], { env: { ...process.env, TZ: 'Asia/Kabul' } })
  t.ok(readFileSync(other).equals(Buffer.from(rendered.bytes)), 'separate process in another time zone')
  const later = await renderPdf(sampleModel(), { generatedAt: new Date(GENERATED_AT.getTime() + 1000) })
  t.notOk(Buffer.from(later).equals(Buffer.from(rendered.bytes)), 'another generation time changes the bytes')
  const text = Buffer.from(rendered.bytes).toString('latin1')
  const id = /\/ID \[ <([0-9A-F]{32})> <([0-9A-F]{32})> \]/.exec(text)
  t.ok(id, 'has a document identifier')
  t.equal(id?.[1], id?.[2])
  t.notMatch(text, /pdf-lib/, 'no default producer')
  const doc = await PDFDocument.load(rendered.bytes, { updateMetadata: false })
  const fonts = doc.context
    .enumerateIndirectObjects()
    .flatMap(([, o]) =>
      o instanceof PDFDict && o.get(PDFName.of('Subtype')) === PDFName.of('Type0') ? [o.get(PDFName.of('BaseFont'))!.toString()] : []
    )
  t.ok(fonts.length >= 2, 'regular and bold faces')
  for (const name of fonts) t.match(name, /^\/[A-Z]{6}\+(Vazirmatn-(Regular|Bold)|DejaVuSansMono)$/, `subset tag of six capitals: ${name}`)
})

t.test('a Dari page renders to PNG for a visual check', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const outDir = new URL('../../../test-output/', import.meta.url).pathname
  mkdirSync(outDir, { recursive: true })
  const page = pageOf('روایت شاهد')
  await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '110', '-png', '-singlefile', file, join(outDir, 'pdf-dari-page')])
  t.ok(readFileSync(join(outDir, 'pdf-dari-page.png')).length > 10_000, 'test-output/pdf-dari-page.png written')
})

t.test('long tables repeat their header on every page; rows taller than a page are split, never cut', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const rows = Array.from({ length: 90 }, (_, i) => [
    `R${String(i + 1).padStart(3, '0')}`,
    `row ${i + 1}`,
    EXHIBITS[i % EXHIBITS.length]!.sha256
  ])
  const longValue = Array.from({ length: 140 }, (_, i) => `line ${i + 1} of a very long statement`).join('\n')
  const doc: DocumentModel = {
    meta: { title: 'Long', author: 'Sanad', language: 'en' },
    runningHeader: 'Long',
    blocks: [
      {
        kind: 'table',
        columns: [
          { header: 'Row', width: 1 },
          { header: 'Text', width: 2 },
          { header: 'Hash column', width: 6, code: true }
        ],
        rows
      },
      { kind: 'keyValues', rows: [{ label: 'Statement', value: longValue }] }
    ]
  }
  const out = await renderPdfDetailed(doc, { generatedAt: GENERATED_AT })
  t.ok(out.pageCount >= 4)
  const f = join(dir, 'long.pdf')
  writeFileSync(f, out.bytes)
  const pages: string[] = []
  for (let p = 1; p <= out.pageCount; p++) pages.push(await pdftotext(f, ['-f', String(p), '-l', String(p)]))
  const tablePages = pages.filter((p) => /R\d{3}/.test(p))
  t.ok(tablePages.length >= 2, 'the table spans pages')
  for (const p of tablePages) t.match(p, /Hash column/, 'header repeated')
  const all = pages.join('\n')
  for (const [id] of rows) t.equal(all.split(id!).length - 1, 1, `${id} once`)
  for (let i = 1; i <= 140; i++) t.ok(all.includes(`line ${i} of a very long statement`), `statement line ${i}`)
})

t.test('renderPdf refuses an invalid generation time', async (t) => {
  await t.rejects(renderPdf(model, { generatedAt: new Date(Number.NaN) }), TypeError)
})

// The cover names the file's own page count (#17): `{pages}` in a cover fact, filled in once laid out.
function countedModel(language: string, pageBreaks: number, value = 'This file has {pages} pages'): DocumentModel {
  const body: DocumentModel['blocks'] = []
  for (let i = 0; i < pageBreaks; i++) body.push({ kind: 'heading', level: 1, text: `Part ${i + 1}` }, { kind: 'pageBreak' })
  body.push({ kind: 'paragraph', text: 'The end.' })
  return {
    meta: { title: 'Counted', author: 'Sanad', language },
    runningHeader: 'SND-C-2026-0001',
    blocks: [{ kind: 'cover', titleLines: ['Case file'], facts: [{ label: 'Pages', value }] }, ...body]
  }
}

t.test('a cover fact holding {pages} prints the number of pages of the whole file, byte-identically', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  for (const breaks of [0, 3, 12]) {
    const out = await renderPdfDetailed(countedModel('en', breaks), { generatedAt: GENERATED_AT })
    const f = join(dir, `counted-${breaks}.pdf`)
    writeFileSync(f, out.bytes)
    const { stdout: info } = await run('pdfinfo', [f])
    t.match(info, new RegExp(`^Pages:\\s+${out.pageCount}$`, 'm'))
    const cover = (await pdftotext(f, ['-f', '1', '-l', '1'])).replace(/\s+/g, ' ')
    t.match(cover, `This file has ${out.pageCount} pages`, `${breaks} page breaks: ${out.pageCount} pages`)
    t.notMatch(cover, '{pages}')
    const again = await renderPdf(countedModel('en', breaks), { generatedAt: GENERATED_AT })
    t.ok(Buffer.from(again).equals(Buffer.from(out.bytes)), 'the same bytes again')
  }
  const plain = await renderPdfDetailed(countedModel('en', 3, 'no count here'), { generatedAt: GENERATED_AT })
  const counted = await renderPdfDetailed(countedModel('en', 3), { generatedAt: GENERATED_AT })
  t.equal(plain.pageCount, counted.pageCount, 'the count adds no page')
})

t.test('a Dari cover prints the count in the digits of its running text', async (t) => {
  if (!requireTool(t, ...POPPLER)) return
  const out = await renderPdfDetailed(countedModel('fa-AF', 4, 'این فایل {pages} صفحه دارد'), { generatedAt: GENERATED_AT })
  const f = join(dir, 'counted-fa.pdf')
  writeFileSync(f, out.bytes)
  const cover = norm(await pdftotext(f, ['-f', '1', '-l', '1']))
  // poppler places a number inside right-to-left text at either end of it: the words and the digits are sought.
  t.ok(cover.includes(norm('این فایل')) && cover.includes(norm('صفحه دارد')), cover)
  t.ok(cover.includes(`${localDigits(String(out.pageCount))}این`) || cover.includes(`دارد${localDigits(String(out.pageCount))}`), cover)
  t.notMatch(cover, 'pages}')
})
