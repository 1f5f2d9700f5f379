import t from 'tap'
import { qrPath } from '../../../web/src/lib/qr.ts'
import { readQr } from '../../helpers/read-qr.ts'

t.test('the QR code of an authenticator URI reads back as exactly that URI', async (t) => {
  const uri =
    'otpauth://totp/Sanad:field-documenter-07?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Sanad&algorithm=SHA1&digits=6&period=30'
  const { size, path } = qrPath(uri)
  t.ok(size > 25 && size < 80, `a small code (${size} modules with its quiet zone)`)
  t.match(path, /^(M\d+ \d+h\d+v1h-\d+z)+$/, 'one path of rectangles')
  t.equal(readQr(size, path), uri)
})

t.test('it leaves a quiet zone of four modules on every side', async (t) => {
  const { size, path } = qrPath('otpauth://totp/Sanad:x?secret=AAAA&issuer=Sanad')
  const coords = [...path.matchAll(/M(\d+) (\d+)h(\d+)/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[1]) + Number(m[3])])
  t.equal(Math.min(...coords.map((c) => c[0]!)), 4)
  t.equal(Math.min(...coords.map((c) => c[1]!)), 4)
  t.equal(Math.max(...coords.map((c) => c[2]!)), size - 4)
  t.equal(Math.max(...coords.map((c) => c[1]!)), size - 5)
})
