// Plural forms: a count chooses its form by the language's Intl.PluralRules, and every message that
// carries a count has a form for each category of each language (a new count string without its
// forms fails here).
import t from 'tap'
import { LANGS, LANG_TAG, MESSAGES, translate } from '../../../web/src/i18n/index.ts'
import { COUNT_VARS, NOT_COUNTS, pluralCategories } from '../../../web/src/i18n/plural.ts'

const en = MESSAGES.en as Readonly<Record<string, string>>
const countsIn = (text: string): boolean => COUNT_VARS.some((v) => text.includes(`{${v}}`))
const baseKeys = Object.keys(en).filter((k) => !k.includes('#'))

t.test('"0, 1, 2 incidents found" in English, Dari and Pashto, in each reader’s digits', async (t) => {
  const cases: [string, number, string][] = [
    ['en', 0, '0 incidents found'],
    ['en', 1, '1 incident found'],
    ['en', 2, '2 incidents found'],
    // Dari writes the noun singular after a number; its rules count 0 as "one".
    ['fa', 0, '۰ رویداد پیدا شد'],
    ['fa', 1, '۱ رویداد پیدا شد'],
    ['fa', 2, '۲ رویداد پیدا شد'],
    ['ps', 0, '۰ پېښې وموندل شوې'],
    ['ps', 1, '۱ پېښه وموندل شوه'],
    ['ps', 2, '۲ پېښې وموندل شوې']
  ]
  for (const [lang, n, want] of cases) t.equal(translate(lang as 'en', 'list.count', { n }), want, `${lang} ${n}`)
})

t.test('other counts: years, exhibits, minutes after capture, interviews', async (t) => {
  t.equal(translate('en', 'personAttr.years', { n: 1 }), '1 year')
  t.equal(translate('en', 'personAttr.years', { n: 21 }), '21 years', 'English 21 is "other"')
  t.equal(translate('ps', 'personAttr.years', { n: 1 }), '۱ کال')
  t.equal(translate('ps', 'personAttr.years', { n: 2 }), '۲ کاله')
  t.equal(translate('en', 'evidence.listCaption', { n: 1 }), '1 exhibit')
  t.equal(translate('en', 'evidence.listCaption', { n: 0 }), '0 exhibits')
  t.match(
    translate('en', 'mediaFlag.MODIFIED_AFTER_CAPTURE.detail.minutes', { amount: 1, recorded: 'a', changed: 'b' }),
    /changed 1 minute after/
  )
  t.match(
    translate('en', 'mediaFlag.MODIFIED_AFTER_CAPTURE.detail.days', { amount: 3, recorded: 'a', changed: 'b' }),
    /changed 3 days after/
  )
  t.match(translate('en', 'interview.before', { n: 1 }), /interviewed 1 time\. /)
  t.match(translate('en', 'interview.before', { n: 2 }), /interviewed 2 times\. /)
  t.notMatch(translate('en', 'interview.before', { n: 2 }), /\(s\)/, 'no "time(s)" left')
  t.equal(translate('en', 'list.count', { n: '1' }), '1 incident found', 'a count given as a string of digits chooses too')
  // Some screens pass the count already written for the reader (formatNumber).
  t.equal(translate('ps', 'form.hasErrors', { n: '۱' }), 'له خوندي کولو مخکې ۱ ستونزه باید سمه شي.')
  t.equal(translate('ps', 'form.hasErrors', { n: '۲' }), 'له خوندي کولو مخکې ۲ ستونزې باید سمې شي.')
  t.equal(translate('en', 'list.count', { n: '1,001' }), '1,001 incidents found')
  t.equal(translate('ps', 'list.count', { n: '۱٬۰۰۱' }), '۱٬۰۰۱ پېښې وموندل شوې')
  t.equal(translate('en', 'list.count', { n: 'many' }), 'many incidents found', 'not a number: the "other" form')
  t.equal(translate('en', 'form.perpetratorN', { n: 1 }), 'Perpetrator 1', 'an ordinal has no form and is left alone')
})

t.test('every count-bearing message has a form for each plural category of each language', async (t) => {
  const counted = baseKeys.filter((k) => countsIn(en[k]!) && !NOT_COUNTS.has(k))
  t.ok(counted.length >= 25, `the count strings are found (${counted.length})`)
  for (const lang of LANGS) {
    const catalogue = MESSAGES[lang] as Readonly<Record<string, string>>
    const categories = pluralCategories(LANG_TAG[lang]).filter((c) => c !== 'other')
    t.ok(categories.length > 0, `${lang} has categories besides "other"`)
    for (const k of counted) for (const c of categories) if (!(`${k}#${c}` in catalogue)) t.fail(`${lang}: ${k} has no "${c}" form`)
    for (const k of Object.keys(catalogue).filter((k) => k.includes('#'))) {
      const [base, category] = k.split('#') as [string, string]
      t.ok(base in catalogue && !NOT_COUNTS.has(base), `${lang}: ${k} is the form of a count message`)
      t.ok(pluralCategories(LANG_TAG[lang]).includes(category), `${lang}: ${k} is a category of the language`)
    }
  }
})

t.test('the list of non-count keys is not stale', async (t) => {
  for (const k of NOT_COUNTS) t.ok(k in en && countsIn(en[k]!), `${k} exists and carries {n}`)
})
