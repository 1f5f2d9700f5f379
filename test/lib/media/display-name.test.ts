import t from 'tap'
import fc from 'fast-check'
import { MAX_DISPLAY_NAME, displayName } from '../../../server/lib/media/display-name.ts'

t.test('attack cases', async (t) => {
  t.equal(displayName('../../etc/passwd'), 'passwd', 'path traversal')
  t.equal(displayName('C:\\x\\y.jpg'), 'y.jpg', 'Windows path')
  t.equal(displayName('C:y.jpg'), 'y.jpg', 'drive-relative path')
  t.equal(displayName('\\\\server\\share\\evidence.mp4'), 'evidence.mp4', 'UNC path')
  t.equal(displayName('photo\u202Egpj.exe'), 'photogpj.exe', 'RLO removed: the real extension shows')
  t.equal(displayName('a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Ch\u202Di.png'), 'abcdefghi.png', 'isolates and embeddings')
  t.equal(displayName('\u200Fname\u200E\u061C.jpg'), 'name.jpg', 'RLM, LRM, ALM')
  t.equal(displayName('re\u0000port\u0007\u001b[31m\u007f\u0085\u009b.pdf'), 'report[31m.pdf', 'C0, DEL, C1')
  t.equal(displayName('line\nbreak\r\ttab.txt'), 'linebreaktab.txt')
  t.equal(displayName('..'), 'file')
  t.equal(displayName('.'), 'file')
  t.equal(displayName('a/..'), 'file')
  t.equal(displayName('../'), 'file')
  t.equal(displayName(''), 'file')
  t.equal(displayName('   '), 'file')
  t.equal(displayName('\u202E'), 'file')
  t.equal(displayName('...hidden...'), 'hidden')
  t.equal(displayName(' photo.jpg. '), 'photo.jpg', 'Windows-invisible trailing dot and space')
  t.equal(displayName('\ud800broken.jpg'), '\ufffdbroken.jpg', 'lone surrogate replaced')
})

t.test('long names keep their extension', async (t) => {
  const long = displayName('x'.repeat(500) + '.jpeg')
  t.equal(Array.from(long).length, MAX_DISPLAY_NAME)
  t.ok(long.endsWith('.jpeg'))
  const noExt = displayName('y'.repeat(500))
  t.equal(noExt.length, MAX_DISPLAY_NAME)
  const dari = displayName('عکس'.repeat(200) + '.jpg')
  t.equal(Array.from(dari).length, MAX_DISPLAY_NAME)
  t.ok(dari.endsWith('.jpg'))
  const emoji = displayName('😀'.repeat(300) + '.png')
  t.equal(Array.from(emoji).length, MAX_DISPLAY_NAME, 'counts code points, never splits a surrogate pair')
  t.notMatch(emoji, /[\ud800-\udbff](?![\udc00-\udfff])/)
  const weirdExt = displayName('z'.repeat(300) + '.' + 'e'.repeat(40))
  t.equal(weirdExt.length, MAX_DISPLAY_NAME, 'a 40-character "extension" is not kept whole')
})

t.test('Dari and Pashto survive, NFC normalised', async (t) => {
  t.equal(displayName('عکس‌های کابل.jpg'), 'عکس‌های کابل.jpg', 'ZWNJ (U+200C) is part of Dari spelling')
  t.equal(displayName('ښار او ځای ټول ړ ګ ډ.mp4'), 'ښار او ځای ټول ړ ګ ډ.mp4')
  t.equal(displayName('د شاهد بیان.pdf'), 'د شاهد بیان.pdf')
  t.equal(displayName('e\u0301te\u0301.jpg'), '\u00e9t\u00e9.jpg', 'NFC')
})

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/

t.test('properties', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      const out = displayName(s)
      return (
        out.length > 0 &&
        Array.from(out).length <= MAX_DISPLAY_NAME &&
        !FORBIDDEN.test(out) &&
        out !== '.' &&
        out !== '..' &&
        !/^[\s.]|[\s.]$/u.test(out) &&
        out === out.normalize('NFC') &&
        displayName(out) === out
      )
    }),
    { numRuns: 2000, seed: 7 }
  )
  t.pass('never empty, bounded, no separators/controls/bidi, NFC, idempotent')
})
