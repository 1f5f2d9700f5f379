// The dossier's layout rules (#17 item 11), each as a table: keep-with-next, where a too-long word
// may break (file names at separators, hashes between groups), grouped monospaced hashes, which
// text needs a page of its own, and which digits Dari and Pashto running text prints.
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { inflateSync } from 'node:zlib'
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFRef } from 'pdf-lib'
import {
  breakPoints,
  isHashWord,
  keepWithNext,
  layoutText,
  loadFaces,
  localDigits,
  needsOwnPage,
  renderPdf,
  usesPersianDigits,
  type Block,
  type DocumentModel,
  type TextStyle
} from '../../../server/lib/pdf/index.ts'
import { HEX_GAP_EM, HEX_GROUP } from '../../../server/lib/pdf/text-layout.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const run = promisify(execFile)
const faces = loadFaces()
const cell: TextStyle = { face: faces.regular, size: 8.5 }
const code: TextStyle = { face: faces.regular, size: 7, code: true, mono: faces.mono }
const SHA256 = '1c34d9e2602b05f8c8c6e822a93d2903bf2a1b3f3b945ccb533f3db6ca562d0f'
const SHA512 =
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'

t.test('keep-with-next: a heading or table header is never the last thing on a page', async (t) => {
  const page = 700
  const cases: Array<[string, { lead: number; next: number; available: number; fresh: boolean }, 'here' | 'new-page']> = [
    ['both fit', { lead: 20, next: 30, available: 60, fresh: false }, 'here'],
    ['the heading fits, what follows does not', { lead: 20, next: 30, available: 40, fresh: false }, 'new-page'],
    ['nothing fits', { lead: 20, next: 30, available: 10, fresh: false }, 'new-page'],
    ['an empty page takes it whatever its height', { lead: 20, next: 3000, available: 5, fresh: true }, 'here'],
    ['nothing follows and the heading fits', { lead: 20, next: 0, available: 25, fresh: false }, 'here'],
    ['a row taller than a page starts here when a quarter page fits', { lead: 20, next: 900, available: 300, fresh: false }, 'here'],
    ['a row taller than a page with little room left moves', { lead: 20, next: 900, available: 100, fresh: false }, 'new-page']
  ]
  for (const [name, p, want] of cases) t.equal(keepWithNext({ ...p, pageHeight: page }), want, name)
})

t.test('break points: file names after a separator, hashes between groups of 16, other words nowhere', async (t) => {
  const cases: Array<[string, number[]]> = [
    ['statement-scan.pdf', [10, 15]],
    ['photo_2023_08_03.jpg', [6, 11, 14, 17]],
    ['exhibits/E3/kabul-phone.jpg', [9, 12, 18, 24]],
    ['--a', [2]], // after a run of separators, never inside it
    ['a--b', [3]],
    ['trailing-', []],
    ['Dasht-e-Barchi', [6, 8]],
    ['antidisestablishmentarianism', []],
    [SHA256, [16, 32, 48]],
    [SHA512, [16, 32, 48, 64, 80, 96, 112]],
    ['1c34d9e2602b05f8', []] // 16 hex digits: not a hash, no separator
  ]
  for (const [word, want] of cases) t.same(breakPoints(word), want, word)
  t.ok(isHashWord(SHA256))
  t.notOk(isHashWord(`${SHA256.slice(0, 31)}`), '31 digits: not a hash')
  t.notOk(isHashWord(`sha256:${SHA256}`), 'a prefix: not a hash word')
})

t.test('a file name that must wrap breaks after a separator, never inside a word', async (t) => {
  const cases: Array<[string, number, string[]]> = [
    ['statement-scan.pdf', 60, ['statement-', 'scan.pdf']],
    ['statement-scan.pdf', 75, ['statement-scan.', 'pdf']],
    ['interview_transcript_herat_2023.docx', 80, ['interview_transcript_', 'herat_2023.docx']]
  ]
  for (const [name, width, want] of cases) {
    const lines = layoutText(name, cell, width)
    t.same(
      lines.map((l) => l.text),
      want,
      `${name} in ${width} pt`
    )
    for (const l of lines) t.ok(l.width <= width, `${l.text} fits`)
  }
  // No separator narrow enough: between characters, as before (never lost).
  const long = layoutText('antidisestablishmentarianism', cell, 40)
  t.ok(long.length > 1)
  t.equal(long.map((l) => l.text).join(''), 'antidisestablishmentarianism')
})

t.test('a hash is drawn in the monospaced face, in groups of 16 with a gap, and reads back as one word', async (t) => {
  const [line] = layoutText(SHA256, code, 1000)
  t.equal(line!.pieces.length, 1)
  const piece = line!.pieces[0]!
  t.equal(piece.style.face.name, 'mono', 'DejaVu Sans Mono')
  t.equal(piece.actualText, SHA256, 'extractors read the hash without the gaps')
  const advances = piece.glyphs.map((g) => g.advance)
  const plain = advances[0]!
  t.ok(
    advances.every((a) => a === plain || a === plain + Math.round(HEX_GAP_EM * piece.style.face.unitsPerEm)),
    'monospaced'
  )
  t.same(
    advances.flatMap((a, i) => (a !== plain ? [i + 1] : [])),
    [16, 32, 48],
    'a gap after every 16th digit, none after the last'
  )
  t.equal(HEX_GROUP, 16)
  // Too wide for the line: split between groups, never inside one.
  const lines = layoutText(SHA512, code, 160)
  t.ok(lines.length >= 2)
  t.ok(
    lines.every((l) => l.text.length % 16 === 0),
    `split between groups: ${lines.map((l) => l.text.length).join(', ')}`
  )
  t.equal(lines.map((l) => l.text).join(''), SHA512)
  // Non-ASCII identifiers stay in the text face (DejaVu Sans Mono has no Arabic).
  const [dari] = layoutText('عکس-بازداشت.jpg', code, 1000)
  t.ok(dari!.pieces.some((p) => p.style.face.name === 'regular'))
})

t.test('which text needs a page of its own: right-to-left with digits or Latin, in a left-to-right document', async (t) => {
  const cases: Array<[string, boolean, boolean, boolean]> = [
    ['در تاریخ ۱۴۰۲/۰۵/۱۲ حدود 25 نفر توسط GDI بازداشت شدند', true, false, true],
    ['شاهدان می‌گویند که بازداشت‌شدگان با چشمان بسته منتقل شدند', true, false, false],
    ['در تاریخ ۱۴۰۲/۰۵/۱۲ حدود 25 نفر', true, true, false],
    ['A former prosecutor was stopped at a checkpoint in 2021', false, true, false],
    ['A former prosecutor was stopped at a checkpoint in 2021', false, false, false]
  ]
  for (const [text, textRtl, docRtl, want] of cases)
    t.equal(needsOwnPage(text, textRtl, docRtl), want, `${text} (doc ${docRtl ? 'rtl' : 'ltr'})`)
})

t.test('Dari and Pashto running text prints Eastern Arabic digits; identifiers keep Latin ones', async (t) => {
  const cases: Array<[string, string]> = [
    ['26 (1 killed, 0 injured)', '۲۶ (۱ killed, ۰ injured)'],
    ['2023-08-03', '۲۰۲۳-۰۸-۰۳'],
    ['صفحه 3 از 18', 'صفحه ۳ از ۱۸'],
    ['80,681', '۸۰,۶۸۱'],
    ['E3', 'E3'],
    ['SND-E-2026-000004', 'SND-E-2026-000004'],
    ['SND-C-2026-0001', 'SND-C-2026-0001'],
    [SHA256, SHA256],
    ['photo-12.jpg', 'photo-12.jpg'],
    ['exhibits/E3/1.jpg', 'exhibits/E3/1.jpg'],
    ['2026-12-03T17:16:29.651Z', '2026-12-03T17:16:29.651Z'],
    ['34.5553, 69.2075', '34.5553, 69.2075'],
    ['Art. 7(1)(e)', 'Art. 7(1)(e)'],
    ['بایت 505 · E4 · 2021-09-14', 'بایت ۵۰۵ · E4 · ۲۰۲۱-۰۹-۱۴']
  ]
  for (const [input, want] of cases) t.equal(localDigits(input), want, input)
  for (const [tag, want] of [
    ['fa', true],
    ['fa-AF', true],
    ['prs', true],
    ['ps', true],
    ['ps-AF', true],
    ['en', false],
    ['ar', false]
  ] as const)
    t.equal(usesPersianDigits(tag), want, tag)
})

// --- rendered: keep-with-next swept across the bottom of a page, and the hash font -------------

const dir = mkdtempSync(join(tmpdir(), 'sanad-layout-rules-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

function model(blocks: Block[], language = 'en'): DocumentModel {
  return { meta: { title: 'Layout', author: 'Sanad', language }, runningHeader: 'LAYOUT', blocks }
}

/** The text of each page of `bytes`, by pdftotext. */
async function pages(bytes: Uint8Array, name: string): Promise<string[]> {
  const file = join(dir, `${name}.pdf`)
  writeFileSync(file, bytes)
  const { stdout } = await run('pdftotext', [file, '-'])
  return stdout.split('\f').slice(0, -1)
}

t.test('rendered: a heading, a table caption and its header row always share a page with what follows', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const generatedAt = new Date('2026-01-01T00:00:00Z')
  // Filler of n lines pushes the heading and the table across the bottom of the first page.
  for (let n = 38; n <= 49; n++) {
    const filler: Block = { kind: 'paragraph', text: Array.from({ length: n }, (_, i) => `filler ${i}`).join('\n') }
    const bytes = await renderPdf(
      model([
        filler,
        { kind: 'heading', level: 3, text: 'HEADINGMARK' },
        // First pieces taller than the old fixed allowances (36 pt after a heading, 40 pt for a header row).
        { kind: 'keyValues', rows: [{ label: 'FIRSTROWMARK', value: 'one\ntwo\nthree\nfour\nfive' }] },
        { kind: 'paragraph', text: Array.from({ length: 40 - (n - 40) * 4 }, (_, i) => `more ${i}`).join('\n') },
        {
          kind: 'table',
          caption: 'CAPTIONMARK',
          columns: [
            { header: 'HEADERMARK', width: 1 },
            { header: 'SHA-256', width: 3, code: true }
          ],
          rows: [
            ['ROWONEMARK\ntwo\nthree\nfour', SHA256],
            ['row two', SHA256]
          ]
        }
      ]),
      { generatedAt }
    )
    const texts = await pages(bytes, `sweep-${n}`)
    const on = (mark: string): number => texts.findIndex((p) => p.includes(mark))
    t.equal(on('HEADINGMARK'), on('FIRSTROWMARK'), `${n} lines: the heading with its first row`)
    t.equal(on('CAPTIONMARK'), on('ROWONEMARK'), `${n} lines: the caption with the first row`)
    t.equal(on('HEADERMARK'), on('ROWONEMARK'), `${n} lines: the header row with the first row`)
  }
})

/** Font resource names and sizes (`/M0 7 Tf`) used in the page content streams. */
async function fontSizes(bytes: Uint8Array): Promise<Array<{ font: string; size: number }>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  const out: Array<{ font: string; size: number }> = []
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
    for (const ref of refs) {
      const stream = doc.context.lookup(ref as PDFRef)
      if (!(stream instanceof PDFRawStream)) continue
      const text = inflateSync(Buffer.from(stream.contents)).toString('latin1')
      for (const m of text.matchAll(/\/([A-Z]\d+) ([\d.]+) Tf/g)) out.push({ font: m[1]!, size: Number(m[2]) })
    }
  }
  return out
}

t.test('rendered: hashes are set in DejaVu Sans Mono at 7 pt or more, and pdftotext reads each whole', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const bytes = await renderPdf(
    model([
      { kind: 'keyValues', rows: [{ label: 'SHA-512', value: SHA512, code: true }] },
      { kind: 'table', columns: [{ header: 'SHA-256', width: 1, code: true }], rows: [[SHA256]] },
      { kind: 'paragraph', text: SHA256, style: 'code' }
    ]),
    { generatedAt: new Date('2026-01-01T00:00:00Z') }
  )
  const mono = (await fontSizes(bytes)).filter((f) => f.font.startsWith('M'))
  t.ok(mono.length >= 3, 'the monospaced font draws the hashes')
  t.ok(
    mono.every((f) => f.size >= 7),
    `sizes ${[...new Set(mono.map((f) => f.size))].join(', ')}`
  )
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  const fonts = doc.context
    .enumerateIndirectObjects()
    .flatMap(([, o]) => (o instanceof PDFDict && o.get(PDFName.of('Subtype')) === PDFName.of('Type0') ? [o] : []))
  const monoFont = fonts.find((f) => /\+DejaVuSansMono$/.test(f.get(PDFName.of('BaseFont'))!.toString()))
  t.ok(monoFont, 'DejaVu Sans Mono is embedded (as a subset)')
  t.ok(monoFont?.get(PDFName.of('ToUnicode')), 'with a ToUnicode map')
  const text = (await pages(bytes, 'hashes-text')).join('')
  t.ok(text.includes(SHA512), 'the SHA-512, split over two lines, reads back whole')
  t.equal(text.split(SHA256).length - 1, 2, 'each SHA-256 reads back without spaces between its groups')
})

t.test('rendered: a Dari document prints Persian digits in running text, Latin ones in identifiers', async (t) => {
  if (!requireTool(t, 'pdftotext')) return
  const bytes = await renderPdf(
    {
      ...model(
        [
          { kind: 'paragraph', text: 'رویدادها 3 · E4 · SND-E-2026-000004 · 2023-08-03' },
          { kind: 'paragraph', text: 'متن اصلی 25 نفر', lang: 'fa-AF' },
          { kind: 'keyValues', rows: [{ label: 'نام فایل', value: 'photo-12.jpg', direction: 'ltr' }] },
          { kind: 'paragraph', text: SHA256, style: 'code' }
        ],
        'fa-AF'
      ),
      labels: { pageOf: 'صفحه {page} از {pages}' }
    },
    { generatedAt: new Date('2026-01-01T00:00:00Z') }
  )
  const text = (await pages(bytes, 'digits')).join('').normalize('NFKC')
  for (const s of ['۳', '۲۰۲۳-۰۸-۰۳', 'E4', 'SND-E-2026-000004', 'photo-12.jpg', SHA256, '25', '۱'])
    t.ok(text.includes(s.normalize('NFKC')) || text.includes([...s].reverse().join('')), s)
  t.notOk(text.includes('2023-08-03'), 'no Latin date in running text')
})

t.test('the inlined DejaVu Sans Mono is the unaltered Debian file named in mono/README.md', async (t) => {
  const { createHash } = await import('node:crypto')
  const { readFileSync } = await import('node:fs')
  const { MONO_FONT, MONO_FONT_SHA256 } = await import('../../../server/lib/pdf/mono-font.ts')
  t.equal(createHash('sha256').update(MONO_FONT).digest('hex'), MONO_FONT_SHA256)
  t.equal(MONO_FONT.length, 343_140)
  const readme = readFileSync(new URL('../../../server/lib/pdf/mono/README.md', import.meta.url), 'utf8')
  t.ok(readme.includes(MONO_FONT_SHA256), 'the README names the hash')
  t.match(readme, /Bitstream Vera/, 'and the licence')
})
