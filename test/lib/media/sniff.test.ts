import t from 'tap'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extensionMismatch, extensionOf, sniffType } from '../../../server/lib/media/sniff.ts'

const FIXTURES = fileURLToPath(new URL('../../fixtures/evidence/', import.meta.url))
const fixture = (name: string): string => join(FIXTURES, name)
const expected: Array<Record<string, string | number>> = JSON.parse(readFileSync(fixture('expected-exiftool.json'), 'utf8'))

const dir = mkdtempSync(join(tmpdir(), 'sanad-sniff-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const write = (name: string, bytes: Buffer | string): string => {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

t.test('fixtures: type from content agrees with ExifTool File:MIMEType', async (t) => {
  for (const record of expected) {
    const name = String(record.SourceFile)
    const sniffed = await sniffType(fixture(name))
    t.equal(sniffed.mediaType, record['File:MIMEType'], name)
    t.notOk(extensionMismatch(name, sniffed), `${name}: honest extension`)
  }
  t.same(await sniffType(fixture('kabul-phone.jpg')), { mediaType: 'image/jpeg', ext: 'jpg' })
  t.same(await sniffType(fixture('iphone-video.mov')), { mediaType: 'video/quicktime', ext: 'mov' })
  t.same(await sniffType(fixture('statement-scan.pdf')), { mediaType: 'application/pdf', ext: 'pdf' })
  t.same(await sniffType(fixture('statement.txt')), { mediaType: 'text/plain', ext: 'txt' })
})

t.test('fallbacks', async (t) => {
  t.same(
    await sniffType(write('junk-before.pdf', Buffer.concat([Buffer.from('\r\n\r\n   '), readFileSync(fixture('statement-scan.pdf'))]))),
    { mediaType: 'application/pdf', ext: 'pdf' },
    '%PDF- after leading bytes'
  )
  t.same(
    await sniffType(write('dari.txt', 'شاهد گفت: «ما در کابل بودیم».\nښار\n')),
    { mediaType: 'text/plain', ext: 'txt' },
    'UTF-8 Dari/Pashto text'
  )
  t.same(await sniffType(write('bom.txt', '\ufeffhello\r\n')), { mediaType: 'text/plain', ext: 'txt' })
  // A multi-byte character cut exactly at the 8 KiB sniffing boundary is still text.
  t.same(await sniffType(write('long.txt', 'a'.repeat(8191) + 'ش'.repeat(10))), { mediaType: 'text/plain', ext: 'txt' })
  t.same(await sniffType(write('binary.bin', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10]))), {
    mediaType: 'application/octet-stream',
    ext: null
  })
  t.same(
    await sniffType(write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x0a]))),
    { mediaType: 'application/octet-stream', ext: null },
    'not UTF-8'
  )
  t.same(await sniffType(write('nul.txt', 'abc\0def')), { mediaType: 'application/octet-stream', ext: null }, 'NUL is binary')
  t.same(await sniffType(write('empty', '')), { mediaType: 'application/octet-stream', ext: null })
  await t.rejects(sniffType(join(dir, 'missing')), { code: 'ENOENT' })
})

t.test('extension mismatch', async (t) => {
  const jpeg = await sniffType(fixture('kabul-phone.jpg'))
  t.ok(extensionMismatch('photo.png', jpeg), 'a JPEG named .png')
  t.ok(extensionMismatch('photo\u202Egpj.exe', jpeg), 'RLO trick: the real extension is exe')
  t.ok(extensionMismatch('invoice.pdf', jpeg))
  for (const name of ['a.jpg', 'a.JPEG', 'a.jpe', 'a.jfif', 'C:\\DCIM\\IMG_0001.JPG', 'photo.jpg. ', 'no-extension', '.jpg']) {
    t.notOk(extensionMismatch(name, jpeg), name)
  }
  t.notOk(extensionMismatch('clip.qt', { mediaType: 'video/quicktime', ext: 'mov' }))
  t.ok(extensionMismatch('clip.mp4', { mediaType: 'video/quicktime', ext: 'mov' }))
  t.notOk(extensionMismatch('clip.m4v', { mediaType: 'video/mp4', ext: 'mp4' }))
  t.notOk(extensionMismatch('clip.3gp', { mediaType: 'video/3gpp', ext: '3gp' }))
  t.notOk(extensionMismatch('scan.tif', { mediaType: 'image/tiff', ext: 'tif' }))
  t.notOk(extensionMismatch('scan.tiff', { mediaType: 'image/tiff', ext: 'tif' }))
  t.notOk(extensionMismatch('IMG_1.HEIF', { mediaType: 'image/heic', ext: 'heic' }))
  t.notOk(extensionMismatch('notes.txt', { mediaType: 'text/plain', ext: 'txt' }))
  t.notOk(extensionMismatch('notes.csv', { mediaType: 'text/plain', ext: 'txt' }))
  t.ok(extensionMismatch('notes.docx', { mediaType: 'text/plain', ext: 'txt' }))
  t.notOk(extensionMismatch('x.exe', { mediaType: 'application/octet-stream', ext: null }), 'unknown content claims nothing')
  t.equal(extensionOf('a/b.c/d'), null)
  t.equal(extensionOf('archive.tar.GZ'), 'gz')
  t.equal(extensionOf('..\\..\\x.Jpg'), 'jpg')
})
