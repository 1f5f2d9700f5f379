import t from 'tap'
import { csvCell, csvDocument, csvRow, UTF8_BOM } from '../../../server/lib/export/csv.ts'

t.test('a cell a spreadsheet would run as a formula is shown as text', async (t) => {
  for (const [input, expected] of [
    ['=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
    ['+93 700 111 222', "'+93 700 111 222"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['a=b', 'a=b'],
    ['کشتار در جاغوری', 'کشتار در جاغوری']
  ] as const) {
    t.equal(csvCell(input), expected, JSON.stringify(input))
  }
})

t.test('numbers are written as they are, a negative number too (it is not text a user typed)', async (t) => {
  t.equal(csvCell(-3), '-3')
  t.equal(csvCell(12), '12')
  t.equal(csvCell(true), 'true')
  t.equal(csvCell(null), '')
  t.equal(csvCell(undefined), '')
})

t.test('quotes, commas and line breaks are quoted (RFC 4180)', async (t) => {
  t.equal(csvCell('a,b'), '"a,b"')
  t.equal(csvCell('say "no"'), '"say ""no"""')
  t.equal(csvCell('two\nlines'), '"two\nlines"')
  t.equal(csvRow(['a', 1, null]), 'a,1,\r\n')
})

t.test('a document starts with the UTF-8 byte-order mark so Excel reads Dari', async (t) => {
  const doc = csvDocument(['reference', 'title'], [['SND-2026-000001', 'قتل']])
  t.ok(doc.startsWith(UTF8_BOM))
  t.equal(Buffer.from(doc, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf')
  t.equal(doc, `${UTF8_BOM}reference,title\r\nSND-2026-000001,قتل\r\n`)
})
