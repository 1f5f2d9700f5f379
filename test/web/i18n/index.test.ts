// The language helpers of web/src/i18n/index.ts: choosing the language at start, remembering it per
// account (a preference, the one thing of its own the browser keeps), and filling in messages.
import t from 'tap'
import { ERRORS } from '../../../server/errors.ts'
import { LANGS, LANG_DIR, LANG_TAG, MESSAGES, initialLang, isLang, rememberLang, translate, userLang } from '../../../web/src/i18n/index.ts'
import { ownerTag } from '../../../web/src/lib/owner-tag.ts'

/** A localStorage for the test, gone at its end. */
function memoryStorage(t: { teardown: (fn: () => void) => void }): Map<string, string> {
  const items = new Map<string, string>()
  const had = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    value: {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => {
        items.set(k, v)
      },
      removeItem: (k: string) => {
        items.delete(k)
      }
    }
  })
  t.teardown(() => {
    if (had) Object.defineProperty(globalThis, 'localStorage', had)
    else delete (globalThis as { localStorage?: unknown }).localStorage
  })
  return items
}

t.test('the language at start: ?lang=, else the last choice, else the browser’s, else English', async (t) => {
  const items = memoryStorage(t)
  const cases: [string, string[], string | null, string][] = [
    ['?lang=ps', ['fa-AF'], null, 'ps'],
    ['?lang=xx', ['fa-AF'], null, 'fa'],
    ['', ['prs-AF'], null, 'fa'],
    ['', ['pbt'], null, 'ps'],
    ['', ['de-DE', 'en-GB'], null, 'en'],
    ['', ['de-DE'], null, 'en'],
    ['', ['en-US'], 'fa', 'fa'],
    ['', [], 'nonsense', 'en']
  ]
  for (const [search, langs, stored, want] of cases) {
    items.clear()
    if (stored !== null) items.set('sanad.lang', stored)
    t.equal(initialLang(search, langs), want, `${search || '(no query)'} ${langs.join(',')} stored=${stored}`)
  }
  items.clear()
  initialLang('?lang=ps', [])
  t.equal(items.get('sanad.lang'), 'ps', 'a language given in the address is remembered')
})

t.test('each account keeps its own language, whatever the case of its name', async (t) => {
  const items = memoryStorage(t)
  t.equal(userLang('Legal1'), null)
  rememberLang('fa', 'Legal1')
  t.equal(userLang('legal1'), 'fa')
  t.equal(items.get('sanad.lang'), 'fa', 'and the browser’s last choice')
  rememberLang('ps')
  t.equal(userLang('legal1'), 'fa', 'a choice made signed out does not change an account’s')
  items.set(`sanad.lang.user.${ownerTag('legal1')}`, 'de')
  t.equal(userLang('legal1'), null, 'an unknown stored value is ignored')
})

t.test('without storage (private mode, disabled) the language still works', async (t) => {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() {
      throw new Error('SecurityError')
    }
  })
  t.teardown(() => {
    if (had) Object.defineProperty(globalThis, 'localStorage', had)
    else delete (globalThis as { localStorage?: unknown }).localStorage
  })
  t.equal(initialLang('', ['ps-AF']), 'ps')
  t.doesNotThrow(() => rememberLang('fa', 'x'))
  t.equal(userLang('x'), null)
})

t.test('messages fill their placeholders; numbers in the reader’s digits', async (t) => {
  t.equal(translate('en', 'cases.incidentCount', { n: 12 }), MESSAGES.en['cases.incidentCount'].replace('{n}', '12'))
  t.equal(translate('fa', 'cases.incidentCount', { n: 12 }), MESSAGES.fa['cases.incidentCount'].replace('{n}', '۱۲'))
  t.equal(translate('ps', 'cases.incidentCount', { n: 305 }), MESSAGES.ps['cases.incidentCount'].replace('{n}', '۳۰۵'))
  t.equal(
    translate('fa', 'cases.deliveredOn', { method: 'A1' }),
    MESSAGES.fa['cases.deliveredOn'].replace('{method}', 'A1'),
    'text is not changed to other digits'
  )
  t.equal(translate('en', 'cases.incidentCount'), MESSAGES.en['cases.incidentCount'], 'no values: the text as it is')
  t.equal(translate('en', 'cases.incidentCount', {}), MESSAGES.en['cases.incidentCount'], 'a missing value leaves its placeholder')
})

t.test('the three languages, their tags and directions', async (t) => {
  t.same(LANGS, ['en', 'fa', 'ps'])
  t.same(LANG_TAG, { en: 'en', fa: 'fa-AF', ps: 'ps-AF' })
  t.same(LANG_DIR, { en: 'ltr', fa: 'rtl', ps: 'rtl' })
  for (const v of ['en', 'fa', 'ps']) t.ok(isLang(v))
  for (const v of ['EN', 'prs', '', null, undefined, 1]) t.notOk(isLang(v), String(v))
})

t.test('every error code of the server has its message in each language, and it is not English in Dari or Pashto', async (t) => {
  const codes = Object.keys(ERRORS)
  t.ok(codes.length > 40, 'the server’s whole table')
  for (const lang of LANGS)
    for (const code of [...codes, 'NETWORK']) {
      const text = (MESSAGES[lang] as Record<string, string>)[`error.${code}`]
      t.ok(text, `${lang}: ${code}`)
      if (text && lang !== 'en') t.match(text, /[\u0600-\u06ff]/, `${lang}: ${code} is written in Arabic script`)
    }
})
