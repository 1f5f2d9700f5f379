import t from 'tap'
import { layoutText, loadFaces, type Line, type Piece, type TextStyle } from '../../../server/lib/pdf/index.ts'

const faces = loadFaces()
const body: TextStyle = { face: faces.regular, size: 10 }
const code: TextStyle = { face: faces.regular, size: 7, code: true }

/** The logical text of a piece: its glyphs' texts read back in logical order. */
function pieceText(p: Piece): string {
  const visual = p.glyphs.map((g) => g.text).join('')
  return p.rtl ? [...visual].reverse().join('') : visual
}
const visualWords = (line: Line): string[] => line.pieces.map(pieceText).filter((s) => s.trim().length > 0)

t.test('a Dari line with digits and a Latin word is ordered by the bidi algorithm', async (t) => {
  const [line, ...rest] = layoutText('در تاریخ ۱۴۰۲/۰۵/۱۲ حدود 25 نفر توسط GDI بازداشت شدند', body, 1000)
  t.equal(rest.length, 0)
  t.ok(line!.rtl, 'base direction from the first strong character')
  // Left to right on the page: the end of the sentence first; numbers and Latin keep their own order.
  t.same(visualWords(line!), ['شدند', 'بازداشت', 'GDI', 'توسط', 'نفر', '25', 'حدود', '۱۴۰۲/۰۵/۱۲', 'تاریخ', 'در'])
  const latin = line!.pieces.find((p) => pieceText(p) === 'GDI')!
  t.notOk(latin.rtl, 'Latin run drawn left to right')
})

t.test('an English line with a Dari name keeps a left-to-right base', async (t) => {
  const [line] = layoutText('Witness احمد رحیمی said 3 men', body, 1000)
  t.notOk(line!.rtl)
  t.same(visualWords(line!), ['Witness', 'رحیمی', 'احمد', 'said', '3', 'men'])
})

t.test('explicit direction overrides the first strong character', async (t) => {
  const [line] = layoutText('GDI بازداشت کرد', body, 1000, { direction: 'rtl' })
  t.ok(line!.rtl)
  t.same(visualWords(line!), ['کرد', 'بازداشت', 'GDI'])
})

t.test('Arabic letters are shaped into contextual forms and ligatures', async (t) => {
  const isolated = (ch: string): number => faces.regular.font.glyphForCodePoint(ch.codePointAt(0)!).id
  const [line] = layoutText('سلام', body, 1000)
  const glyphs = line!.pieces.flatMap((p) => p.glyphs)
  t.equal(glyphs.length, 3, 'sin, lam-alef ligature, mim')
  const lamAlef = glyphs.find((g) => g.text.length === 2)
  t.ok(lamAlef, 'one glyph for lam-alef')
  t.equal(lamAlef!.text, 'ال', 'the ligature stands for its letters in visual order')
  t.not(glyphs.find((g) => g.text === 'س')!.id, isolated('س'), 'initial form of sin, not the isolated one')
  t.equal(glyphs.find((g) => g.text === 'م')!.id, isolated('م'), 'mim after lam-alef stands alone')
  const word = layoutText('کلمه', body, 1000)[0]!.pieces.flatMap((p) => p.glyphs)
  for (const ch of 'کلمه') t.not(word.find((g) => g.text === ch)!.id, isolated(ch), `${ch} takes a joining form`)
})

t.test('a zero-width non-joiner breaks the joining and is kept as text', async (t) => {
  const [line] = layoutText('می‌شود', body, 1000)
  const glyphs = line!.pieces.flatMap((p) => p.glyphs)
  const zwnj = glyphs.find((g) => g.text === '\u200C')
  t.ok(zwnj, 'ZWNJ glyph carries U+200C')
  t.equal(zwnj!.advance, 0)
})

t.test('marks travel with their base letter', async (t) => {
  const [line] = layoutText('محمّد', body, 1000)
  const glyphs = line!.pieces.flatMap((p) => p.glyphs)
  // Right to left: the glyph's text lists its characters in visual order.
  t.ok(
    glyphs.some((g) => [...g.text].reverse().join('') === 'مّ'),
    'the base glyph stands for mim and shadda'
  )
  t.ok(
    glyphs.some((g) => g.text === ''),
    'the positioned shadda glyph stands for nothing itself'
  )
})

t.test('brackets are mirrored in right-to-left runs but stand for the logical character', async (t) => {
  const [line] = layoutText('گفت (گزارش)', body, 1000)
  const glyphs = line!.pieces.flatMap((p) => p.glyphs)
  const open = glyphs.find((g) => g.text === '(')
  t.equal(open!.id, faces.regular.font.glyphForCodePoint(')'.codePointAt(0)!).id, "logical '(' drawn with the ')' glyph")
})

t.test('lines wrap at spaces within the width, right to left in logical order', async (t) => {
  const text = 'شاهدان می‌گویند که بازداشت‌شدگان با چشمان بسته به مکان نامعلومی منتقل شدند و خانواده‌ها خبر ندارند'
  const lines = layoutText(text, body, 150)
  t.ok(lines.length > 2)
  for (const l of lines) t.ok(l.width <= 150, `line fits: ${l.width.toFixed(1)}`)
  t.equal(lines.map((l) => l.text).join(' '), text, 'logical text preserved across lines')
  t.ok(lines.every((l) => l.rtl))
})

t.test('a hash wider than the line is split between characters and marked as one word', async (t) => {
  const hash =
    'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'
  const lines = layoutText(hash, code, 120)
  t.ok(lines.length >= 3)
  t.equal(lines.map((l) => l.text).join(''), hash, 'nothing lost')
  for (const l of lines) {
    t.ok(l.width <= 120)
    t.equal(l.split?.word, hash)
  }
  t.equal(lines[0]!.split?.first, true)
  t.equal(lines[lines.length - 1]!.split?.last, true)
  t.ok(
    lines.flatMap((l) => l.pieces.flatMap((p) => p.glyphs)).every((g) => g.text.length === 1),
    'one glyph per character, no ligatures'
  )
})

t.test('hard line breaks start new paragraphs with their own direction', async (t) => {
  const lines = layoutText('English first\nدری دوم\n\nlast', body, 500)
  t.same(
    lines.map((l) => [l.text, l.rtl]),
    [
      ['English first', false],
      ['دری دوم', true],
      ['', false],
      ['last', false]
    ]
  )
})

t.test('digits-only text takes the fallback direction', async (t) => {
  t.equal(layoutText('123', body, 100, { fallback: 'rtl' })[0]!.rtl, true)
  t.equal(layoutText('123', body, 100)[0]!.rtl, false)
})
