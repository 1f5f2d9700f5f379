import t from 'tap'
import { redactNames, nameParts, nameKey, nameRedactor } from '../../../server/lib/text/redact-names.ts'

const terms = [
  { terms: ['علی رضایی', 'Ali Rezaei'], replacement: 'W-0007' },
  { terms: ['Karim'], replacement: 'V-0002' },
  { terms: ['Zarghuna Ahmadi'], replacement: 'W-0001' },
  { terms: ['زرغونه احمدی'], replacement: 'W-0001' },
  { terms: ['Mohammad Nabi Rahimi', 'Abdul-Rahman'], replacement: 'W-0002' },
  { terms: ['کریم‌الله کاکړ'], replacement: 'V-0003' },
  { terms: ['Jo Smith'], replacement: 'V-0009' }
]

const cases: Array<[string, string, string]> = [
  // [what it shows, text, expected]
  ['a whole Dari name', 'شاهد علی رضایی گفت که', 'شاهد W-0007 گفت که'],
  ['Arabic ي for Persian ی', 'شاهد علي رضايي گفت', 'شاهد W-0007 گفت'],
  ['tatweel inside a name', 'شاهد علـی رضایی گفت', 'شاهد W-0007 گفت'],
  ['any Latin case', 'The witness ALI REZAEI said', 'The witness W-0007 said'],
  ['whole words only', 'Karimi and Karim met', 'Karimi and V-0002 met'],
  ['nothing to hide', 'nothing to hide', 'nothing to hide'],
  ['a given name alone', 'Zarghuna said the men were taken', 'W-0001 said the men were taken'],
  ['a family name alone, possessive', "Ahmadi's brother", "W-0001's brother"],
  ['the whole name is replaced once, not part by part', 'Zarghuna Ahmadi said', 'W-0001 said'],
  ['a middle name alone', 'as Nabi told us', 'as W-0002 told us'],
  ['a part inside a longer word is left alone', 'Rahimiyan and Nabil', 'Rahimiyan and Nabil'],
  ['a Dari given name alone', 'زرغونه گفت', 'W-0001 گفت'],
  ['a Dari name with Arabic ي and a ZWNJ suffix', 'احمدي‌را دیدند', 'W-0001‌را دیدند'],
  ['Arabic ك for Persian ک', 'كريم‌الله كاكړ آمد', 'V-0003 آمد'],
  ['a half of a ZWNJ given name is an ordinary word', 'الله اکبر', 'الله اکبر'],
  ['a ZWNJ name typed without the ZWNJ', 'کریمالله آمد', 'V-0003 آمد'],
  ['a ZWNJ name typed with a space', 'کریم الله آمد', 'V-0003 آمد'],
  ['harakat and hamza marks are ignored', 'زَرغونهٔ آمد', 'W-0001 آمد'],
  ['a hyphenated alias whole and in parts', 'Abdul-Rahman and Rahman', 'W-0002 and W-0002'],
  ['a given name of three letters alone', 'Ali went home', 'W-0007 went home'],
  ['parts of two letters are not replaced alone', 'Jo went home, Jo Smith stayed', 'Jo went home, V-0009 stayed'],
  ['a name at the end of a sentence', 'It was Rezaei.', 'It was W-0007.']
]

t.test('names are replaced whole and part by part, in every common spelling, as whole words only', async (t) => {
  for (const [what, text, expected] of cases) t.equal(redactNames(text, terms), expected, what)
})

t.test('one compiled redactor gives the same answers as redactNames', async (t) => {
  const redact = nameRedactor(terms)
  for (const [what, text, expected] of cases) t.equal(redact(text), expected, what)
})

t.test('the parts of a name are its words of three letters or more', async (t) => {
  const table: Array<[string, string[]]> = [
    ['Mohammad Nabi Rahimi', ['Mohammad', 'Nabi', 'Rahimi']],
    ['Ali Rezaei', ['Ali', 'Rezaei']],
    ['Jo Smith', ['Smith']],
    ['Abdul-Rahman bin Al', ['Abdul', 'Rahman', 'bin']],
    ['علی رضایی', ['علی', 'رضایی']],
    ['کریم‌الله کاکړ', ['کریم‌الله', 'کاکړ']]
  ]
  for (const [name, parts] of table) t.same(nameParts(name), parts, name)
})

t.test('the comparison key folds like search does', async (t) => {
  t.equal(nameKey('كريم'), nameKey('کریم'))
  t.equal(nameKey('آحمد'), nameKey('احمد'))
  t.equal(nameKey('ZARGHUNA'), 'zarghuna')
  t.equal(nameKey('کریم‌الله'), nameKey('کریمالله'))
})

t.test('names too short to match safely are ignored', async (t) => {
  t.equal(redactNames('A B', [{ terms: ['A'], replacement: 'X' }]), 'A B')
  t.equal(redactNames('no terms at all', []), 'no terms at all')
})
