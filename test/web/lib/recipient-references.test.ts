import t from 'tap'
import { parseRecipientReferences } from '../../../web/src/lib/recipient-references.ts'

const ok = (exhibitId: string, reference: string, line: number) => ({ line, exhibitId, reference })

t.test('each separator the recipient may use reads the same pair', async (t) => {
  const cases: [string, string][] = [
    ['tab', 'SND-E-2026-000001\tOTP-0001-0002'],
    ['comma', 'SND-E-2026-000001,OTP-0001-0002'],
    ['comma and spaces', 'SND-E-2026-000001 , OTP-0001-0002'],
    ['semicolon (a spreadsheet in a comma-decimal locale)', 'SND-E-2026-000001;OTP-0001-0002'],
    ['spaces', 'SND-E-2026-000001    OTP-0001-0002'],
    ['quoted CSV fields', '"SND-E-2026-000001","OTP-0001-0002"'],
    ['lower case id', 'snd-e-2026-000001\tOTP-0001-0002'],
    ['spaces around the line', '   SND-E-2026-000001\tOTP-0001-0002  ']
  ]
  for (const [name, line] of cases)
    t.same(parseRecipientReferences(line), { references: [ok('SND-E-2026-000001', 'OTP-0001-0002', 1)], problems: [] }, name)
})

t.test('a reference keeps its inner spaces and commas, and quotes as CSV writes them', async (t) => {
  t.same(parseRecipientReferences('SND-E-2026-000001\tICC-01/04 0001 - 0002').references, [
    ok('SND-E-2026-000001', 'ICC-01/04 0001 - 0002', 1)
  ])
  t.same(parseRecipientReferences('SND-E-2026-000001,"ERN 12, part ""b"""').references, [ok('SND-E-2026-000001', 'ERN 12, part "b"', 1)])
})

t.test('blank lines are skipped and line numbers are as an editor counts them', async (t) => {
  const r = parseRecipientReferences('\r\nSND-E-2026-000001\tA-1\r\n\r\nSND-E-2025-000120\tA-2\r\n')
  t.same(r.references, [ok('SND-E-2026-000001', 'A-1', 2), ok('SND-E-2025-000120', 'A-2', 4)])
  t.same(r.problems, [])
})

t.test('a line that cannot be read is named with its number and why, and is never sent', async (t) => {
  const text = [
    'SND-E-2026-000001\tA-1',
    'E-0001\tA-2',
    'SND-E-2026-00002\tA-3',
    'SND-E-2026-000003',
    'SND-E-2026-000004\t' + 'x'.repeat(81),
    'SND-E-2026-000005\tbad\u0007bell',
    'SND-E-2026-000001\tA-9',
    'SND-E-2026-000006\tA-6'
  ].join('\n')
  const r = parseRecipientReferences(text)
  t.same(
    r.references.map((x) => x.exhibitId),
    ['SND-E-2026-000001', 'SND-E-2026-000006']
  )
  t.same(
    r.problems.map((p) => [p.line, p.reason]),
    [
      [2, 'format'],
      [3, 'format'],
      [4, 'format'],
      [5, 'reference'],
      [6, 'reference'],
      [7, 'duplicate']
    ]
  )
  t.equal(r.problems[0]!.text, 'E-0001\tA-2', 'the line as given, to find it')
})

t.test('a CSV file: its header line is skipped, a file without one loses nothing', async (t) => {
  const withHeader = '\uFEFFexhibit_id,recipient_ref\nSND-E-2026-000001,A-1\nSND-E-2026-000002,A-2\n'
  t.same(parseRecipientReferences(withHeader, { header: true }), {
    references: [ok('SND-E-2026-000001', 'A-1', 2), ok('SND-E-2026-000002', 'A-2', 3)],
    problems: []
  })
  t.same(parseRecipientReferences('SND-E-2026-000001,A-1', { header: true }).references, [ok('SND-E-2026-000001', 'A-1', 1)])
  t.same(
    parseRecipientReferences('exhibit_id,recipient_ref\nsomething else,A-1', { header: true }).problems,
    [{ line: 2, text: 'something else,A-1', reason: 'format' }],
    'only the first line may be a header'
  )
  t.same(
    parseRecipientReferences('exhibit_id,recipient_ref').problems.map((p) => p.line),
    [1],
    'pasted text has no header: the line is shown'
  )
})

t.test('nothing to read gives nothing to send', async (t) => {
  t.same(parseRecipientReferences(''), { references: [], problems: [] })
  t.same(parseRecipientReferences('\n  \n'), { references: [], problems: [] })
})
