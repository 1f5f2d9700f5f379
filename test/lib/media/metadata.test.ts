import t from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readMetadata } from '../../../server/lib/media/metadata.ts'
import { sniffType } from '../../../server/lib/media/sniff.ts'

const FIXTURES = fileURLToPath(new URL('../../fixtures/evidence/', import.meta.url))
const fixture = (name: string): string => join(FIXTURES, name)
const expected: Array<Record<string, string | number>> = JSON.parse(readFileSync(fixture('expected-exiftool.json'), 'utf8'))

t.test('fixtures are the published ones (SHA256SUMS)', async (t) => {
  const lines = readFileSync(fixture('SHA256SUMS'), 'utf8').trim().split('\n')
  t.ok(lines.length >= 9)
  for (const line of lines) {
    const [sum, name] = line.split(/\s+\*?/)
    t.equal(
      createHash('sha256')
        .update(readFileSync(fixture(name ?? '')))
        .digest('hex'),
      sum,
      name ?? ''
    )
  }
})

t.test('dispatch by sniffed type', async (t) => {
  for (const record of expected) {
    const name = String(record.SourceFile)
    const { mediaType } = await sniffType(fixture(name))
    const m = await readMetadata(fixture(name), mediaType)
    t.not(m.status, 'unreadable', `${name} (${mediaType}) ${m.error ?? ''}`)
    t.equal(m.width, record['File:ImageWidth'] ?? record['PNG:ImageWidth'] ?? record['Track1:ImageWidth'], `${name} width`)
    t.equal(m.height, record['File:ImageHeight'] ?? record['PNG:ImageHeight'] ?? record['Track1:ImageHeight'], `${name} height`)
    if (mediaType.startsWith('video/')) t.equal(m.durationSeconds, record['QuickTime:Duration'], `${name} duration`)
    else t.equal(m.durationSeconds, undefined)
  }
  const video = await readMetadata(fixture('phone-video.mp4'), 'video/mp4')
  t.equal(video.capturedAt, '2023-09-14T03:42:45Z')
  const mov = await readMetadata(fixture('iphone-video.mov'), 'video/quicktime; charset=binary')
  t.equal(mov.capturedAt, '2022-06-01T10:15:00Z', 'parameters ignored')
  const photo = await readMetadata(fixture('kabul-phone.jpg'), 'IMAGE/JPEG')
  t.equal(photo.capturedAt, '2023-09-14T08:12:45+04:30', 'case-insensitive')
})

t.test('documents and unknown types have no embedded metadata to read', async (t) => {
  t.same(await readMetadata(fixture('statement.txt'), 'text/plain'), { status: 'none', raw: {} })
  t.same(await readMetadata(fixture('statement-scan.pdf'), 'application/pdf'), { status: 'none', raw: {} })
  t.same(await readMetadata(fixture('kabul-phone.jpg'), 'application/octet-stream'), { status: 'none', raw: {} })
})

t.test('a type that lies about the content is unreadable, not a crash', async (t) => {
  const asVideo = await readMetadata(fixture('kabul-phone.jpg'), 'video/mp4')
  t.equal(asVideo.status, 'unreadable')
  const asImage = await readMetadata(fixture('phone-video.mp4'), 'image/jpeg')
  t.equal(asImage.status, 'unreadable')
})
