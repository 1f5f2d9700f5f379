// The server's explanation of each consistency flag reaches the reader in Dari and Pashto: every
// flag the server raises with its facts (params) has a template in each catalogue, and the
// template says every fact it names.
import t from 'tap'
import { consistencyFlags, type ConsistencyFlag, type ConsistencyInput } from '../../../server/lib/media/flags.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { ps } from '../../../web/src/i18n/ps.ts'
import { translate } from '../../../web/src/i18n/index.ts'
import { flagDetail, flagVars } from '../../../web/src/lib/flag-detail.ts'

const KABUL = { lat: 34.5281, lon: 69.1723 }
const base = (metadata: ConsistencyInput['metadata'], extra: Partial<ConsistencyInput> = {}): ConsistencyInput => ({
  metadata,
  isInsideAfghanistan: (lat) => lat > 29 && lat < 39,
  ...extra
})

// One input per flag (and variant) that carries facts.
const raised: ConsistencyFlag[] = [
  ...consistencyFlags(
    base(
      { status: 'ok', make: 'samsung', model: 'X', capturedAt: '2023-09-14T08:12:45+04:30', gps: { lat: 31.6, lon: 65.7 } },
      { incidentWindow: { from: '2023-09-01', to: '2023-09-10' }, incidentLocation: KABUL }
    )
  ),
  ...consistencyFlags(
    base(
      { status: 'ok', make: 'samsung', model: 'X', capturedAt: '2023-09-14T08:12:45Z' },
      { incidentWindow: { from: '2023-09-20', to: '2023-09-22' } }
    )
  ),
  ...consistencyFlags(base({ status: 'ok', make: 'a', model: 'b', gps: { lat: 48.8, lon: 2.3 }, capturedAt: '2023-09-14T08:00:00Z' })),
  ...consistencyFlags(
    base({
      status: 'ok',
      software: 'Adobe Photoshop 25.0',
      make: 'a',
      model: 'b',
      capturedAt: '2023-09-14T08:00:00Z',
      modifiedAt: '2023-09-14T08:30:00Z'
    })
  ),
  ...consistencyFlags(
    base({ status: 'ok', make: 'a', model: 'b', capturedAt: '2023-09-14T08:00:00Z', modifiedAt: '2023-09-15T08:30:00Z' })
  ),
  ...consistencyFlags(
    base({ status: 'ok', make: 'a', model: 'b', capturedAt: '2023-09-14T08:00:00Z', modifiedAt: '2023-10-15T08:30:00Z' })
  ),
  ...consistencyFlags(base({ status: 'ok' })),
  ...consistencyFlags(base({ status: 'ok', capturedAt: '2023-09-14T08:00:00Z' })),
  ...consistencyFlags(base({ status: 'ok', make: 'a' }, { originalName: 'photo.pdf', sniffed: { mediaType: 'image/jpeg', ext: 'jpg' } }))
]

t.test('every flag raised with facts has a template in English, Dari and Pashto naming each fact', async (t) => {
  const keys = new Set<string>()
  for (const flag of raised) {
    if (flag.code === 'METADATA_UNREADABLE') continue
    t.ok(flag.params, `${flag.code} carries its facts`)
    const key = flagDetail(flag.code, flag.params ?? {})
    t.ok(key, `${flag.code}: a template for ${JSON.stringify(flag.params)}`)
    if (!key) continue
    keys.add(key)
    for (const [lang, catalogue] of [
      ['en', en],
      ['fa', fa],
      ['ps', ps]
    ] as const) {
      const text = translate(lang, key, flagVars(flag.params ?? {}, lang))
      t.notMatch(text, /\{\w+\}/, `${lang} ${key}: every placeholder filled`)
      t.not(catalogue[key], undefined)
    }
  }
  t.same(
    [...keys].sort(),
    Object.keys(en)
      .filter((k) => /^mediaFlag\..*\.detail/.test(k) && !k.includes('#')) // not the plural forms ('…#one')
      .sort(),
    'every variant is raised by some file, and every template is used'
  )
})

t.test('in Dari the facts read in Dari: numbers in Dari digits, dates in the Solar Hijri calendar', async (t) => {
  const far = raised.find((f) => f.code === 'GPS_FAR_FROM_INCIDENT')!
  const text = translate('fa', flagDetail(far.code, far.params!)!, flagVars(far.params!, 'fa'))
  t.match(text, /کیلومتر/)
  t.match(text, /[۰-۹]/)
  t.notMatch(text, / km /)
  const window = raised.find((f) => f.code === 'CAPTURE_OUTSIDE_INCIDENT_WINDOW')!
  const fromText = flagVars(window.params!, 'fa').from
  t.match(String(fromText), /سنبله|اسد/, 'the incident’s first day as a Solar Hijri date')
})

t.test('facts that name no known variant find no template (the English message is shown then)', async (t) => {
  t.equal(flagDetail('NO_CAMERA_METADATA', {}), null)
  t.equal(flagDetail('MODIFIED_AFTER_CAPTURE', { unit: 'weeks' }), null)
  t.equal(flagDetail('NO_SUCH_FLAG', { side: 'before' }), null)
})
