// Flag explanations in Dari and Pashto read in order: a recorded time is written in the reader's
// calendar and digits, and every Latin run left (a time zone, a program's name, a file type) sits in
// Unicode isolates (U+2066 … U+2069), so a right-to-left sentence does not scramble the date's parts.
import t from 'tap'
import { consistencyFlags, type ConsistencyInput } from '../../../server/lib/media/flags.ts'
import { translate } from '../../../web/src/i18n/index.ts'
import { flagDetail, flagVars, isolateLatin } from '../../../web/src/lib/flag-detail.ts'

const input = (metadata: ConsistencyInput['metadata'], extra: Partial<ConsistencyInput> = {}): ConsistencyInput => ({
  metadata,
  isInsideAfghanistan: (lat) => lat > 29 && lat < 39,
  ...extra
})
const explained = (flags: ReturnType<typeof consistencyFlags>, code: string, lang: 'en' | 'fa' | 'ps'): string => {
  const flag = flags.find((f) => f.code === code)!
  return translate(lang, flagDetail(flag.code, flag.params ?? {})!, flagVars(flag.params ?? {}, lang))
}

const late = consistencyFlags(
  input(
    { status: 'ok', make: 'a', model: 'b', capturedAt: '2023-09-14T08:12:45+04:30' },
    { incidentWindow: { from: '2023-09-01', to: '2023-09-10' } }
  )
)
const utcOnly = consistencyFlags(
  input(
    {
      status: 'ok',
      make: 'a',
      model: 'b',
      capturedAt: '2023-09-14T08:12:45Z',
      software: 'Adobe Photoshop 25.0',
      modifiedAt: '2023-09-14T08:30:00Z'
    },
    { incidentWindow: { from: '2023-09-20', to: '2023-09-22' } }
  )
)
const localOnly = consistencyFlags(
  input(
    { status: 'ok', make: 'a', model: 'b', capturedAtLocal: '2023-09-14T08:12:45' },
    { incidentWindow: { from: '2023-09-20', to: '2023-09-22' } }
  )
)
const renamed = consistencyFlags(
  input({ status: 'ok', make: 'a' }, { originalName: 'photo.pdf', sniffed: { mediaType: 'image/jpeg', ext: 'jpg' } })
)

t.test('a capture after the incident dates, in Dari and Pashto: Solar Hijri day, the time and zone isolated', async (t) => {
  t.equal(
    explained(late, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW', 'fa'),
    'طبق فایل، در ۲۳ سنبله ۱۴۰۲ \u2066۰۸:۱۲ UTC+۰۴:۳۰\u2069 ثبت شده است؛ پس از تاریخ‌های رویداد (۱۰ سنبله ۱۴۰۲ – ۱۹ سنبله ۱۴۰۲).'
  )
  t.equal(
    explained(late, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW', 'ps'),
    'د فایل له مخې، په ۲۳ وږی ۱۴۰۲ \u2066۰۸:۱۲ UTC+۰۴:۳۰\u2069 ثبت شوی؛ د پېښې له نېټو وروسته (۱۰ وږی ۱۴۰۲ – ۱۹ وږی ۱۴۰۲).'
  )
  t.equal(
    explained(late, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW', 'en'),
    'The file says it was recorded on 14 September 2023 08:12 UTC+04:30, after the incident dates (1 September 2023 – 10 September 2023).',
    'English: no isolates, the date written out'
  )
})

t.test('the server’s English note on an unknown time zone comes in the reader’s language', async (t) => {
  t.equal(
    explained(utcOnly, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW', 'fa'),
    'طبق فایل، در ۲۳ سنبله ۱۴۰۲ \u2066۰۸:۱۲ UTC\u2069 (منطقهٔ زمانی محلی نامعلوم) ثبت شده است؛ پیش از تاریخ‌های رویداد (۲۹ سنبله ۱۴۰۲ – ۳۱ سنبله ۱۴۰۲).'
  )
  // A time in Dari/Pashto digits alone needs no isolate: '۰۸:۱۲' is one number run either way.
  t.match(
    explained(localOnly, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW', 'ps'),
    /په ۲۳ وږی ۱۴۰۲ ۰۸:۱۲ \(د وسیلې سیمه‌ییز وخت؛ د وخت سیمه نامعلومه\)/
  )
  t.notMatch(explained(localOnly, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW', 'fa'), /time zone/)
})

t.test('in Dari and Pashto no Latin letter or digit is left outside an isolate in any explanation', async (t) => {
  const all = [
    ['late', late, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW'],
    ['utc', utcOnly, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW'],
    ['utc', utcOnly, 'MODIFIED_AFTER_CAPTURE'],
    ['utc', utcOnly, 'EDITING_SOFTWARE'],
    ['local', localOnly, 'CAPTURE_OUTSIDE_INCIDENT_WINDOW'],
    ['renamed', renamed, 'EXTENSION_MISMATCH']
  ] as const
  for (const lang of ['fa', 'ps'] as const)
    for (const [name, flags, code] of all) {
      const text = explained(flags, code, lang)
      t.notMatch(text, /T\d\d:|\d{4}-\d\d-\d\d/, `${lang} ${name} ${code}: no ISO date or time`)
      t.notMatch(text.replace(/\u2066[^\u2069]*\u2069/g, ''), /[A-Za-z0-9]/, `${lang} ${name} ${code}: Latin only in isolates`)
    }
  t.match(explained(utcOnly, 'EDITING_SOFTWARE', 'fa'), /«\u2066Adobe Photoshop 25\.0\u2069»/)
  t.match(explained(renamed, 'EXTENSION_MISMATCH', 'ps'), /\u2066image\/jpeg\u2069/)
})

t.test('isolating: only Latin runs, only in right-to-left languages', async (t) => {
  t.equal(isolateLatin('pdf', 'fa'), '\u2066pdf\u2069')
  t.equal(isolateLatin('pdf', 'en'), 'pdf')
  t.equal(isolateLatin('۲۳ سنبله', 'ps'), '۲۳ سنبله')
})
