import t from 'tap'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readImageMetadata } from '../../../server/lib/media/exif.ts'
import {
  type ConsistencyInput,
  DEFAULT_FAR_KM,
  FLAG_CODES,
  type FlagCode,
  consistencyFlags,
  editingSoftware,
  haversineKm
} from '../../../server/lib/media/flags.ts'
import { readVideoMetadata } from '../../../server/lib/media/mp4-boxes.ts'

const FIXTURES = fileURLToPath(new URL('../../fixtures/evidence/', import.meta.url))
const fixture = (name: string): string => join(FIXTURES, name)

// A crude stand-in for the real boundary test (injected in production).
const calls: Array<[number, number]> = []
const isInsideAfghanistan = (lat: number, lon: number): boolean => {
  calls.push([lat, lon])
  return lat > 29.3 && lat < 38.5 && lon > 60.5 && lon < 74.9
}
const KABUL = { lat: 34.5281, lon: 69.1723 }
const KANDAHAR = { lat: 31.6133, lon: 65.7101 }
const JPEG = { mediaType: 'image/jpeg', ext: 'jpg' }

const camera = { make: 'samsung', model: 'SM-A515F' }
const base = (metadata: ConsistencyInput['metadata'], extra: Partial<ConsistencyInput> = {}): ConsistencyInput => ({
  metadata,
  isInsideAfghanistan,
  ...extra
})
const codes = (input: ConsistencyInput): FlagCode[] => consistencyFlags(input).map((f) => f.code)

t.test('the code list is the agreed one', async (t) => {
  t.same(
    [...FLAG_CODES],
    [
      'CAPTURE_OUTSIDE_INCIDENT_WINDOW',
      'GPS_FAR_FROM_INCIDENT',
      'GPS_OUTSIDE_AFGHANISTAN',
      'EDITING_SOFTWARE',
      'MODIFIED_AFTER_CAPTURE',
      'NO_CAMERA_METADATA',
      'EXTENSION_MISMATCH',
      'METADATA_UNREADABLE'
    ]
  )
  t.equal(DEFAULT_FAR_KM, 25)
})

t.test('fixtures', async (t) => {
  const kabul = await readImageMetadata(fixture('kabul-phone.jpg'))
  t.same(
    codes(
      base(kabul, {
        incidentWindow: { from: '2023-09-14', to: '2023-09-14' },
        incidentLocation: KABUL,
        originalName: 'kabul-phone.jpg',
        sniffed: JPEG
      })
    ),
    [],
    'a consistent phone photo raises nothing'
  )
  t.same(calls.at(-1), [34.5553, 69.2075], 'boundary test gets (lat, lon)')

  const edited = await readImageMetadata(fixture('edited.jpg'))
  t.same(codes(base(edited, { incidentWindow: { from: '2022-03-01', to: '2022-03-01' }, originalName: 'edited.jpg', sniffed: JPEG })), [
    'EDITING_SOFTWARE',
    'MODIFIED_AFTER_CAPTURE'
  ])

  const bare = await readImageMetadata(fixture('no-metadata.jpg'))
  t.same(codes(base(bare, { incidentWindow: { from: '2023-09-14', to: '2023-09-14' }, incidentLocation: KABUL, sniffed: JPEG })), [
    'NO_CAMERA_METADATA'
  ])

  const screenshot = await readImageMetadata(fixture('screenshot.png'))
  t.same(
    codes(base(screenshot, { sniffed: { mediaType: 'image/png', ext: 'png' } })),
    ['MODIFIED_AFTER_CAPTURE', 'NO_CAMERA_METADATA'],
    'PNG re-saved long after its EXIF capture time, and no camera'
  )

  const video = await readVideoMetadata(fixture('phone-video.mp4'))
  t.same(
    codes(
      base(video, {
        incidentWindow: { from: '2023-09-14', to: '2023-09-14' },
        incidentLocation: KABUL,
        sniffed: { mediaType: 'video/mp4', ext: 'mp4' }
      })
    ),
    [],
    'UTC-only creation time inside the window (one day of slack)'
  )
  const mov = await readVideoMetadata(fixture('iphone-video.mov'))
  t.same(
    codes(base(mov, { incidentLocation: KABUL, sniffed: { mediaType: 'video/quicktime', ext: 'mov' } })),
    ['GPS_FAR_FROM_INCIDENT', 'NO_CAMERA_METADATA'],
    'Kandahar video attached to a Kabul incident'
  )
})

t.test('CAPTURE_OUTSIDE_INCIDENT_WINDOW', async (t) => {
  const w = (from: string, to: string, precision?: string): Partial<ConsistencyInput> => ({ incidentWindow: { from, to, precision } })
  const known = { ...camera, status: 'ok' as const, capturedAt: '2023-09-14T08:12:45+04:30' }
  t.same(codes(base(known, w('2023-09-01', '2023-09-10'))), ['CAPTURE_OUTSIDE_INCIDENT_WINDOW'])
  t.same(codes(base(known, w('2023-09-14', '2023-09-20'))), [])
  t.same(codes(base(known, w('2023-09-15', '2023-09-20'))), ['CAPTURE_OUTSIDE_INCIDENT_WINDOW'], 'zone known: no slack')

  const local = { ...camera, status: 'ok' as const, capturedAtLocal: '2023-09-15T00:30:00' }
  t.same(codes(base(local, w('2023-09-10', '2023-09-14'))), [], 'zone unknown: one day of slack')
  t.same(codes(base({ ...local, capturedAtLocal: '2023-09-16T00:30:00' }, w('2023-09-10', '2023-09-14'))), [
    'CAPTURE_OUTSIDE_INCIDENT_WINDOW'
  ])
  t.same(codes(base({ ...local, capturedAtLocal: '2023-09-08T23:00:00' }, w('2023-09-10', '2023-09-14'))), [
    'CAPTURE_OUTSIDE_INCIDENT_WINDOW'
  ])

  const utc = { ...camera, status: 'ok' as const, capturedAt: '2023-09-13T20:00:00Z' } // 14 Sep 00:30 in Kabul
  t.same(codes(base(utc, w('2023-09-14', '2023-09-14'))), [])
  t.same(codes(base(utc, w('2023-09-15', '2023-09-20'))), ['CAPTURE_OUTSIDE_INCIDENT_WINDOW'])

  t.same(codes(base(known, w('2023-09-01', '2023-09-01', 'month'))), [], 'month precision covers the month')
  t.same(codes(base(known, w('2023', '2023', 'year'))), [], 'year precision')
  t.same(codes(base(known, w('2023-08', '2023-08', 'month'))), ['CAPTURE_OUTSIDE_INCIDENT_WINDOW'])
  t.same(codes(base(known, w('2023-09-18', '2023-09-18', 'approximate'))), [], 'approximate dates get a week')
  t.same(codes(base(known, w('2020-01-01', '2020-01-01', 'unknown'))), [], 'unknown date: nothing to compare')
  t.same(codes(base({ ...camera, status: 'ok', capturedAtLocal: '2023-09-14T00:00:00' })), [], 'no window')
  t.same(codes(base(known, w('not-a-date', '2023-09-10'))), [], 'invalid window is ignored')

  const [flag] = consistencyFlags(base(known, w('2023-09-01', '2023-09-10')))
  t.match(flag?.message, /2023-09-14T08:12:45\+04:30.*after the incident dates \(2023-09-01 to 2023-09-10\)/)
})

t.test('GPS_FAR_FROM_INCIDENT and GPS_OUTSIDE_AFGHANISTAN', async (t) => {
  const at = (lat: number, lon: number): ConsistencyInput['metadata'] => ({
    ...camera,
    status: 'ok',
    capturedAtLocal: '2023-09-14T08:00:00',
    gps: { lat, lon }
  })
  t.same(codes(base(at(34.5553, 69.2075), { incidentLocation: KABUL })), [])
  t.same(codes(base(at(34.5553, 69.2075), { incidentLocation: KANDAHAR })), ['GPS_FAR_FROM_INCIDENT'])
  t.same(codes(base(at(34.5553, 69.2075), { incidentLocation: KABUL, farKm: 2 })), ['GPS_FAR_FROM_INCIDENT'], 'configurable distance')
  t.same(codes(base(at(34.5553, 69.2075))), [], 'no incident location: no distance check')
  t.same(codes(base(at(-33.8688, 151.2093))), ['GPS_OUTSIDE_AFGHANISTAN'])
  t.same(codes(base(at(-33.8688, 151.2093), { incidentLocation: KABUL })), ['GPS_FAR_FROM_INCIDENT', 'GPS_OUTSIDE_AFGHANISTAN'])
  const far = consistencyFlags(base(at(34.5553, 69.2075), { incidentLocation: KANDAHAR }))[0]
  t.match(far?.message, /about 4\d\d km/)
  t.ok(Math.abs(haversineKm(KABUL, KANDAHAR) - 457) < 10, 'Kabul–Kandahar is about 457 km as the crow flies')
  t.equal(haversineKm(KABUL, KABUL), 0)
})

t.test('EDITING_SOFTWARE', async (t) => {
  const editors = [
    'Adobe Photoshop 25.0 (Windows)',
    'GIMP 2.10.34',
    'Adobe Photoshop Lightroom Classic 13.1',
    'Snapseed',
    'PicsArt',
    'Canva',
    'Affinity Photo 2.3',
    'Pixelmator Pro 3.5',
    'paint.net 5.0',
    'CapCut',
    'InShot',
    'photoshop express'
  ]
  for (const software of editors) {
    t.same(codes(base({ ...camera, status: 'ok', capturedAtLocal: '2023-09-14T08:00:00', software })), ['EDITING_SOFTWARE'], software)
  }
  const firmware = [
    'iOS 17.2',
    '17.2',
    'G998BXXU5CVDD',
    'A515FXXU4DUB1',
    'HDR+ 1.0.540104767zd',
    'Lavf59.27.100',
    'MediaTek Camera Application',
    'Canvas 1.0',
    'Picasa-free'
  ]
  for (const software of firmware) {
    t.same(codes(base({ ...camera, status: 'ok', capturedAtLocal: '2023-09-14T08:00:00', software })), [], software)
  }
  t.equal(editingSoftware(undefined), undefined)
  const [hostile] = consistencyFlags(
    base({ ...camera, status: 'ok', capturedAtLocal: '2023-09-14T08:00:00', software: 'Photoshop\u202E\u0007' + 'x'.repeat(500) })
  )
  t.notMatch(hostile?.message, /[\u0000-\u001f\u202e]/, 'software text from the file is cleaned before quoting')
  t.ok((hostile?.message.length ?? 0) < 400, 'and bounded')
  const viaXmp = codes(
    base({
      ...camera,
      status: 'ok',
      capturedAtLocal: '2023-09-14T08:00:00',
      software: 'iOS 17.2',
      raw: { xmp: { xmp: { CreatorTool: 'Adobe Photoshop 25.0' } } }
    })
  )
  t.same(viaXmp, ['EDITING_SOFTWARE'], 'XMP CreatorTool counts too')
})

t.test('MODIFIED_AFTER_CAPTURE', async (t) => {
  const m = (extra: Partial<ConsistencyInput['metadata']>): FlagCode[] => codes(base({ ...camera, status: 'ok', ...extra }))
  t.same(m({ capturedAtLocal: '2022-03-01T17:40:00', modifiedAtLocal: '2022-03-01T17:40:50' }), [], 'within a minute')
  t.same(m({ capturedAtLocal: '2022-03-01T17:40:00', modifiedAtLocal: '2022-03-01T17:41:30' }), ['MODIFIED_AFTER_CAPTURE'])
  t.same(m({ capturedAt: '2024-01-01T10:00:00+04:30', modifiedAt: '2024-01-01T05:30:30Z' }), [], 'same instant in two notations')
  t.same(m({ capturedAt: '2024-01-01T10:00:00+04:30', modifiedAt: '2024-01-01T06:30:30Z' }), ['MODIFIED_AFTER_CAPTURE'])
  t.same(m({ capturedAt: '2024-01-01T10:00:00+04:30', modifiedAtLocal: '2024-01-01T10:00:30' }), [], 'same clock, offset only on capture')
  t.same(
    m({ capturedAt: '2024-01-01T10:00:00Z', modifiedAtLocal: '2024-01-01T20:00:00' }),
    [],
    'UTC vs unknown zone: 10 h could be the zone'
  )
  t.same(m({ capturedAt: '2024-01-01T10:00:00Z', modifiedAtLocal: '2024-01-03T10:00:00' }), ['MODIFIED_AFTER_CAPTURE'])
  t.same(
    m({ capturedAtLocal: '2024-01-02T10:00:00', modifiedAtLocal: '2024-01-01T10:00:00' }),
    [],
    'modified before capture is not this flag'
  )
  t.same(m({ capturedAtLocal: '2024-01-02T10:00:00' }), [], 'no modification time')
  const [flag] = consistencyFlags(
    base({ ...camera, status: 'ok', capturedAtLocal: '2022-03-01T17:40:00', modifiedAtLocal: '2024-01-20T11:00:00' })
  )
  t.match(flag?.message, /690 days after/)
})

t.test('NO_CAMERA_METADATA', async (t) => {
  t.same(codes(base({ status: 'none' }, { sniffed: JPEG })), ['NO_CAMERA_METADATA'])
  t.same(
    codes(base({ status: 'ok', capturedAtLocal: '2023-09-14T08:00:00' }, { sniffed: JPEG })),
    ['NO_CAMERA_METADATA'],
    'time but no camera'
  )
  t.same(codes(base({ status: 'ok', make: 'Apple' }, { sniffed: JPEG })), ['NO_CAMERA_METADATA'], 'camera but no time')
  t.same(codes(base({ status: 'ok', model: 'iPhone 12', capturedAtLocal: '2023-09-14T08:00:00' }, { sniffed: JPEG })), [])
  t.same(codes(base({ status: 'none' }, { sniffed: { mediaType: 'application/pdf', ext: 'pdf' } })), [], 'documents have no camera')
  t.same(codes(base({ status: 'none' }, { sniffed: { mediaType: 'text/plain', ext: 'txt' } })), [])
  const [flag] = consistencyFlags(base({ status: 'none' }, { sniffed: JPEG }))
  t.match(flag?.message, /WhatsApp/)
})

t.test('EXTENSION_MISMATCH', async (t) => {
  const md = { ...camera, status: 'ok' as const, capturedAtLocal: '2023-09-14T08:00:00' }
  t.same(codes(base(md, { originalName: 'photo.png', sniffed: JPEG })), ['EXTENSION_MISMATCH'])
  t.same(codes(base(md, { originalName: 'photo.JPG', sniffed: JPEG })), [])
  t.same(codes(base(md, { originalName: 'photo.png' })), [], 'without a sniffed type there is nothing to compare')
  const [flag] = consistencyFlags(base(md, { originalName: 'photo\u202Egpj.exe', sniffed: JPEG }))
  t.equal(flag?.code, 'EXTENSION_MISMATCH')
  t.notMatch(flag?.message, /\u202E/, 'the message never carries the bidi override')
  t.match(flag?.message, /"\.exe".*image\/jpeg/)
  t.notMatch(flag?.message, /photo/, "the message quotes the extension, never the name (often a person's)")
})

t.test('METADATA_UNREADABLE', async (t) => {
  const flags = consistencyFlags(
    base(
      { status: 'unreadable', error: "box 'moov' at offset 32 claims 4 bytes", raw: {} },
      { sniffed: { mediaType: 'video/mp4', ext: 'mp4' }, incidentWindow: { from: '2023-01-01', to: '2023-01-01' } }
    )
  )
  t.same(
    flags.map((f) => f.code),
    ['METADATA_UNREADABLE'],
    'nothing else is judged from unreadable metadata'
  )
  t.match(flags[0]?.message, /could not be read \(box 'moov'/)
  t.same(codes(base({ status: 'ok', ...camera, capturedAtLocal: '2023-09-14T08:00:00' })), [])
})

t.test('messages are short plain sentences', async (t) => {
  const all = consistencyFlags(
    base(
      {
        status: 'ok',
        capturedAtLocal: '2020-01-01T00:00:00',
        modifiedAtLocal: '2021-01-01T00:00:00',
        software: 'GIMP 2.10',
        gps: { lat: -33.8688, lon: 151.2093 }
      },
      { incidentWindow: { from: '2023-09-14', to: '2023-09-14' }, incidentLocation: KABUL, originalName: 'x.png', sniffed: JPEG }
    )
  )
  t.same(
    all.map((f) => f.code),
    [
      'CAPTURE_OUTSIDE_INCIDENT_WINDOW',
      'GPS_FAR_FROM_INCIDENT',
      'GPS_OUTSIDE_AFGHANISTAN',
      'EDITING_SOFTWARE',
      'MODIFIED_AFTER_CAPTURE',
      'NO_CAMERA_METADATA',
      'EXTENSION_MISMATCH'
    ]
  )
  for (const f of all) {
    t.ok(f.message.length > 20 && f.message.length < 400, `${f.code}: ${f.message}`)
    t.notMatch(f.message, /[\u0000-\u001f]/)
  }
})
