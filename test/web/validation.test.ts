// The browser's check of a form against the server's own JSON Schemas (web/src/validation.ts, with
// the validators Vite compiles): each problem under its field's dotted path, as a message in the
// reader's language, and what is sent left as the user entered it.
import t from 'tap'
import { translate, type MessageKey, type Vars } from '../../web/src/i18n/index.ts'
import { fa } from '../../web/src/i18n/fa.ts'
import { importWebModule } from './component-harness.ts'

// Typed here: the root tsconfig checks test/ without the web app's declaration of the virtual module.
type Validation = {
  validate: (schema: string, data: unknown, t: (k: MessageKey, v?: Vars) => string) => Record<string, string>
}

const incident = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Night raid on a village',
  narrative: 'Armed men entered the village at night.',
  narrativeLanguage: 'en',
  occurred: { from: '2024-08-14', precision: 'day' },
  location: { province: 'AF-GHA' },
  categories: ['murder'],
  ...over
})

t.test('browser-side validation', async (t) => {
  const { validate } = await importWebModule<Validation>(t, 'web/src/validation.ts')
  const en = (k: MessageKey, v?: Vars): string => translate('en', k, v)
  const dari = (k: MessageKey, v?: Vars): string => translate('fa', k, v)

  t.test('a valid incident has no errors', async (t) => {
    t.same(validate('incidentInput', incident(), en), {})
  })

  t.test('a missing required field is named by its path, nested ones dotted', async (t) => {
    const { title: _t, ...noTitle } = incident()
    t.same(validate('incidentInput', noTitle, en), { title: en('validation.required') })
    t.same(validate('incidentInput', incident({ occurred: { precision: 'day' } }), en), { 'occurred.from': en('validation.required') })
    t.same(validate('incidentInput', incident({ location: {} }), en), { 'location.province': en('validation.required') })
  })

  t.test('an empty text counts as missing, not as “too short”', async (t) => {
    t.same(validate('incidentInput', incident({ title: '' }), en), { title: en('validation.required') })
  })

  t.test('each kind of problem has its own message, with its limit in the reader’s digits', async (t) => {
    t.same(validate('incidentInput', incident({ title: 'x'.repeat(301) }), dari), {
      title: fa['validation.maxLength'].replace('{n}', '۳۰۰')
    })
    t.same(validate('incidentInput', incident({ location: { province: 'AF-GHA', lat: 91, lon: 60 } }), en), {
      'location.lat': en('validation.maximum', { n: 90 })
    })
    t.same(validate('incidentInput', incident({ location: { province: 'AF-GHA', lat: -91, lon: 60 } }), en), {
      'location.lat': en('validation.minimum', { n: -90 })
    })
    t.same(validate('incidentInput', incident({ narrativeLanguage: 'not a tag!' }), en), { narrativeLanguage: en('validation.pattern') })
    t.same(validate('incidentInput', incident({ status: 'approved' }), en), { status: en('validation.enum') })
    t.same(validate('incidentInput', incident({ location: { province: 'AF-GHA', lat: '34,5', lon: 60 } }), en), {
      'location.lat': en('validation.type')
    })
    t.same(validate('incidentInput', incident({ categories: ['murder', 'murder'] }), en), { categories: en('validation.unique') })
    t.same(validate('incidentInput', incident({ colour: 'red' }), en), { colour: en('validation.unknown') })
    t.same(validate('incidentInput', incident({ categories: Array.from({ length: 31 }, (_, i) => `c${i}`) }), en), {
      categories: en('validation.maxItems', { n: 30 })
    })
  })

  t.test('coordinates come in pairs: a latitude without a longitude names the missing one', async (t) => {
    t.same(validate('incidentInput', incident({ location: { province: 'AF-GHA', lat: 33.5 } }), en), {
      'location.lon': en('validation.required')
    })
  })

  t.test('every problem is listed at once, one message per field', async (t) => {
    const errors = validate('incidentInput', { title: '', narrative: '', occurred: {}, location: { lat: 'x' }, categories: [] }, en)
    t.same(Object.keys(errors).sort(), [
      'location.lat',
      'location.lon',
      'location.province',
      'narrative',
      'narrativeLanguage',
      'occurred.from',
      'title'
    ])
  })

  t.test('the data is checked as entered: defaults are not filled into what the form sends', async (t) => {
    const data = incident()
    const before = structuredClone(data)
    validate('incidentInput', data, en)
    t.same(data, before, 'the schema’s default calendar is not added to the caller’s object')
  })

  t.test('the account forms: username pattern, role, a six-digit code', async (t) => {
    t.same(validate('userInput', { username: 'doc1', password: 'x', role: 'documenter' }, en), {})
    t.same(validate('userInput', { username: 'د', password: 'x', role: 'documenter' }, en), { username: en('validation.pattern') })
    t.same(validate('userInput', { username: 'doc1', password: 'x', role: 'superuser' }, en), { role: en('validation.enum') })
    t.same(validate('totpCode', { code: '12345' }, en), { code: en('validation.pattern') })
    t.same(validate('totpCode', { code: '123456' }, en), {})
    t.same(validate('passwordChange', { currentPassword: '', newPassword: 'a long new password' }, dari), {
      currentPassword: fa['validation.required']
    })
  })

  t.test('an error of the whole object, with no field, is kept under “_”', async (t) => {
    t.same(validate('totpCode', 'not an object', en), { _: en('validation.type') })
  })
})
