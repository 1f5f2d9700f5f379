import t from 'tap'
import fc from 'fast-check'
import Database from 'better-sqlite3'
import { buildFtsQuery, foldDigits, normaliseForIndex, normaliseForSearch } from '../../../server/lib/text/normalise-text.ts'

const n = normaliseForSearch

t.test('letter folds', async (t) => {
  t.equal(n('علي'), 'علی', 'Arabic yeh ي → ی')
  t.equal(n('موسى'), 'موسی', 'alef maksura ى → ی')
  t.equal(n('كابل'), 'کابل', 'Arabic kaf ك → ک')
  t.equal(n('مدرسة'), 'مدرسه', 'teh marbuta ة → ه')
  t.equal(n('خانۀ'), 'خانه', 'ۀ → ه')
  t.equal(n('خانهٔ'), 'خانه', 'ه + hamza above → ه')
  t.equal(n('أحمد إمام آباد ٱلله'), 'احمد امام اباد الله', 'أ إ آ ٱ → ا')
  t.equal(n('آب'), n('اب'), 'آ and ا find each other')
  t.equal(n('مؤسسه'), 'موسسه', 'ؤ → و')
  t.equal(n('ﻛﺎﺑﻞ'), 'کابل', 'presentation forms via NFKC, then kaf fold')
})

t.test('Pashto letters', async (t) => {
  t.equal(n('ټ ډ ړ ږ ښ ګ ڼ ئ'), 'ټ ډ ړ ږ ښ ګ ڼ ئ', 'consonants and ئ are kept')
  t.equal(n('کړې'), 'کړی', 'ې → ی')
  t.equal(n('ښځۍ'), 'ښځی', 'ۍ → ی')
  t.equal(n('سړي'), n('سړی'), 'dotted and plain final ye meet')
  t.equal(n('پښتو'), 'پښتو')
})

t.test('marks, tatweel and invisible characters are removed', async (t) => {
  t.equal(n('کِتَابٌ'), 'کتاب', 'harakat')
  t.equal(n('قُرْآن'), 'قران', 'sukun, and madda composed into آ')
  t.equal(n('الرَّحْمٰن'), 'الرحمن', 'shadda and superscript alef')
  t.equal(n('کتـــــاب'), 'کتاب', 'tatweel')
  t.equal(n('می‌روم'), 'میروم', 'ZWNJ removed')
  t.equal(n('می\u200dروم'), 'میروم', 'ZWJ removed')
  t.equal(n('\u202bکابل\u202c\u200f'), 'کابل', 'bidi controls removed')
  t.equal(n('a\u0000b'), 'a b', 'control characters become spaces')
  t.equal(n('x\ud800y'), 'xy', 'lone surrogates dropped')
})

t.test('digits, case and whitespace', async (t) => {
  t.equal(n('۱۴۰۲'), '1402', 'Persian digits')
  t.equal(n('١٤٠٢'), '1402', 'Arabic-Indic digits')
  t.equal(foldDigits('۱۲/٣٤ abc'), '12/34 abc', 'foldDigits only touches digits')
  t.equal(n('۳٫۵'), '3.5', 'Arabic decimal separator')
  t.equal(n('KABUL Kabul'), 'kabul kabul')
  t.equal(n('Ｋａｂｕｌ'), 'kabul', 'full-width Latin via NFKC')
  t.equal(n('  کابل \n\t هرات  '), 'کابل هرات', 'whitespace collapsed')
})

t.test('normaliseForIndex also stores the parts of ZWNJ words', async (t) => {
  t.equal(normaliseForIndex('او می‌روم به کتاب‌خانه'), 'او میروم به کتابخانه\nمی روم\nکتاب خانه')
  t.equal(normaliseForIndex('هیچ نیم‌فاصله'.replace('\u200c', ' ')), 'هیچ نیم فاصله', 'no ZWNJ, nothing extra')
})

// Persian/Dari words rich in ی and ک, the letters keyboards disagree on.
const WORDS = [
  'کابل',
  'یک',
  'کمیسیون',
  'زندانی',
  'شکنجه',
  'ناپدید',
  'کشته',
  'کودکی',
  'دیکتاتوری',
  'هزاره',
  'تاریخی',
  'بیکاری',
  'یکی',
  'کی',
  'ملکی',
  'پیکر',
  'کرد',
  'مکتب',
  'کتابی',
  'زمین',
  'ولایت',
  'سیاسی',
  'قاضی'
]
const YEH = ['ی', 'ي', 'ى']
const KAF = ['ک', 'ك']
// Harakat only: U+0654/0655 would compose with ي into ئ, a different letter.
const HARAKAT = ['\u064B', '\u064C', '\u064D', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u0670']

const variant = (word: string) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: word.length, maxLength: word.length }),
      fc.array(fc.constantFrom('', '', '', '\u0640', '\u0640\u0640', ...HARAKAT), { minLength: word.length, maxLength: word.length })
    )
    .map(([choices, extras]) =>
      [...word]
        .map((ch, i) => {
          const pick = choices[i] ?? 0
          const base = ch === 'ی' ? YEH[pick % YEH.length] : ch === 'ک' ? KAF[pick % KAF.length] : ch
          return `${base}${extras[i] ?? ''}`
        })
        .join('')
    )

t.test('property: keyboard variants, tatweel and harakat normalise to the same key', async () => {
  const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 })
  fc.assert(
    fc.property(
      sentence.chain((words) => fc.tuple(fc.constant(words), fc.tuple(...words.map(variant)))),
      ([words, variants]) => n(variants.join(' ')) === n(words.join(' '))
    ),
    { numRuns: 1000 }
  )
})

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      'ی',
      'ي',
      'ك',
      'آ',
      'أ',
      'ۀ',
      'ه',
      '\u0654',
      '\u0653',
      '\u064E',
      '\u0640',
      '\u200C',
      'e',
      '\u0301',
      'ℌ',
      'İ',
      ' ',
      '۱',
      'ٱ',
      'ې'
    ),
    maxLength: 40
  })
)

t.test('property: normalising is idempotent', async () => {
  fc.assert(
    fc.property(anyText, (s) => n(n(s)) === n(s)),
    { numRuns: 3000 }
  )
})

t.test('property: no folded character survives', async () => {
  const forbidden =
    /[\u064A\u0649\u0643\u0629\u0623\u0625\u0622\u0671\u0624\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200C\u200D\u06F0-\u06F9\u0660-\u0669\u06D0\u06CD]/u
  fc.assert(
    fc.property(anyText, (s) => !forbidden.test(n(s))),
    { numRuns: 3000 }
  )
})

function ftsDb() {
  const db = new Database(':memory:')
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')`)
  const insert = db.prepare('INSERT INTO t(rowid, x) VALUES (?, ?)')
  const search = db.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid')
  return {
    db,
    add: (id: number, text: string) => insert.run(id, normaliseForIndex(text)),
    find: (q: string, prefixLast = true) => search.all(buildFtsQuery(q, { prefixLast })).map((r) => r.rowid),
    count: db.prepare<[string], { c: number }>('SELECT count(*) AS c FROM t WHERE t MATCH ?')
  }
}

t.test('buildFtsQuery shapes', async (t) => {
  t.equal(buildFtsQuery('کابل هرات'), '"کابل" AND "هرات"*')
  t.equal(buildFtsQuery('کابل هرات '), '"کابل" AND "هرات"', 'trailing space: no prefix')
  t.equal(buildFtsQuery('كابل', { prefixLast: false }), '"کابل"', 'terms are normalised')
  t.equal(buildFtsQuery('a"b', { prefixLast: false }), '"a""b"', 'quotes are doubled')
  t.equal(buildFtsQuery('x'), '"x"', 'no prefix on a single character')
  t.equal(buildFtsQuery('می‌روم'), '("میروم"* OR "می روم"*)')
  t.equal(buildFtsQuery('می روم'), '(("می" AND "روم"*) OR "میروم"*)')
  t.equal(buildFtsQuery('کتاب ها', { prefixLast: false }), '(("کتاب" AND "ها") OR "کتابها")')
  for (const empty of ['', '   ', '"', '* ( ) :', '\u0000', '\u200c'])
    t.equal(buildFtsQuery(empty), '""', `${JSON.stringify(empty)} → matches nothing`)
})

t.test('search finds spelling and ZWNJ variants', async (t) => {
  const { add, find } = ftsDb()
  add(1, 'او می‌روم به ولايت كابل')
  add(2, 'ما میروم به هرات')
  add(3, 'آنها می روم به بلخ')
  add(4, 'کتاب‌ها در افغانستان')
  add(5, 'Mazar-e-Sharif, ۱۴۰۰')

  t.same(find('می‌روم'), [1, 2, 3], 'query with ZWNJ finds joined, ZWNJ and spaced text')
  t.same(find('میروم'), [1, 2], 'joined query finds ZWNJ and joined text (spaced text is out of reach)')
  t.same(find('می روم'), [1, 2, 3], 'spaced query finds all three')
  t.same(find('ولایت کابل'), [1], 'Arabic ي and ك in the document, Persian in the query')
  t.same(find('كتابها'), [4], 'joined query finds ZWNJ plural')
  t.same(find('کتاب ها'), [4], 'spaced plural finds ZWNJ plural')
  t.same(find('افغان'), [4], 'prefix on the last term')
  t.same(find('افغان', false), [], 'no prefix when disabled')
  t.same(find('اّنها'), [3], 'آ folds to ا, marks ignored')
  t.same(find('mazar sharif 1400'), [5], 'Latin case, punctuation, Persian digits')
  t.same(find('mazar-e-sharif'), [5], 'hyphenated term becomes a phrase')
})

t.test('property: buildFtsQuery never makes FTS5 throw', async () => {
  const { add, count } = ftsDb()
  add(1, 'کابل هرات OR AND NOT NEAR "quoted" column:value ^start')
  const syntax = fc.constantFrom(
    '"',
    "'",
    '*',
    '(',
    ')',
    ':',
    '^',
    '+',
    '-',
    '{',
    '}',
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'NEAR(',
    ',',
    ' ',
    '\u200c',
    '\u0000',
    'x:',
    'کابل',
    'می',
    'ها',
    'ي',
    '۱'
  )
  const query = fc.oneof(
    anyText,
    fc.array(syntax, { maxLength: 20 }).map((parts) => parts.join('')),
    fc.array(syntax, { maxLength: 20 }).map((parts) => parts.join(' '))
  )
  fc.assert(
    fc.property(query, fc.boolean(), (q, prefixLast) => {
      const expr = buildFtsQuery(q, { prefixLast })
      if (expr.length === 0) return false
      count.get(expr) // throws on a syntax error
      return true
    }),
    { numRuns: 3000 }
  )
})
