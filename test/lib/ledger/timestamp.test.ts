import t from 'tap'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildTimestampRequest,
  parseTimestampResponse,
  sha256,
  timestampResponseFromToken,
  verifyTimestampToken,
  TimestampError
} from '../../../server/lib/ledger/timestamp.ts'
import { makeAuthority, reply, resign, type Authority } from '../../fixtures/tsa/local-tsa.ts'
import { assertTool } from '../../helpers/system-tools.ts'

// openssl checks every token independently: fail naming the package when it is missing.
assertTool('openssl')

const dir = t.testdir({})
const authority: Authority = makeAuthority(dir)
const data = Buffer.from('sanad.local/ledger\n3\nq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8=\n\n\u2014 sanad.local/ledger AAAA\n', 'utf8')

/** A real token for `bytes` from `openssl ts -reply`, with the request's nonce. */
async function stamp(bytes: Uint8Array): Promise<{ token: Buffer; nonce: bigint; response: Buffer }> {
  const req = buildTimestampRequest(sha256(bytes))
  const response = await reply(authority, req.der)
  const parsed = parseTimestampResponse(response)
  if (!parsed.token) throw new Error('no token')
  return { token: parsed.token, nonce: req.nonce, response }
}

const opensslVerify = (file: string, args: string[]): { ok: boolean; out: string } => {
  const r = spawnSync('openssl', ['ts', '-verify', '-data', join(dir, 'data.bin'), ...args, '-in', file, '-CAfile', authority.caPem], {
    encoding: 'utf8'
  })
  return { ok: r.status === 0 && /Verification: OK/.test(r.stdout), out: r.stdout + r.stderr }
}
writeFileSync(join(dir, 'data.bin'), data)

t.test('a request is DER that openssl reads: SHA-256 imprint, a 64-bit nonce, the certificate requested', async (t) => {
  const req = buildTimestampRequest(sha256(data))
  writeFileSync(join(dir, 'req.tsq'), req.der)
  const text = execFileSync('openssl', ['ts', '-query', '-in', join(dir, 'req.tsq'), '-text'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
  t.match(text, /Hash Algorithm: sha256/)
  t.match(text, /Certificate required: yes/)
  t.match(text.replace(/\s+/g, ' '), new RegExp(`Nonce: 0x${req.nonce.toString(16).toUpperCase()}`))
  const imprint = sha256(data).toString('hex').match(/../g)!.slice(0, 8).join(' ')
  t.match(text, imprint.slice(0, 23), 'the imprint is SHA-256 of the data')
  t.not(buildTimestampRequest(sha256(data)).nonce, req.nonce, 'every request has a fresh nonce')
  t.throws(() => buildTimestampRequest(Buffer.alloc(20)), TimestampError)
})

t.test('a token from a real openssl authority verifies, and openssl agrees independently', async (t) => {
  const before = Date.now()
  const { token, nonce, response } = await stamp(data)
  const v = await verifyTimestampToken(token, { data, nonce, trustedCa: readFileSync(authority.caPem, 'utf8') })
  t.same(v.problems, [])
  t.equal(v.ok, true)
  t.ok(v.genTime && Math.abs(v.genTime.getTime() - before) < 60_000, 'genTime is now')
  t.match(v.serial, /^[0-9a-f]+$/)
  t.equal(v.tsaName, '/O=Sanad tests/CN=Test TSA tsa')
  t.equal(v.policy, '1.3.6.1.4.1.99999.3161.1')
  writeFileSync(join(dir, 'token.tok'), token)
  writeFileSync(join(dir, 'wrapped.tsr'), timestampResponseFromToken(token))
  writeFileSync(join(dir, 'original.tsr'), response)
  t.ok(opensslVerify(join(dir, 'token.tok'), ['-token_in']).ok, 'openssl ts -verify -token_in accepts the stored token')
  const wrapped = opensslVerify(join(dir, 'wrapped.tsr'), [])
  t.ok(wrapped.ok, 'openssl ts -verify accepts the response served around it: ' + wrapped.out)
  t.same(parseTimestampResponse(timestampResponseFromToken(token)).token, token, 'wrapping keeps the token byte for byte')
})

t.test('a token over different bytes fails the imprint check, and a wrong nonce is named', async (t) => {
  const { token, nonce } = await stamp(data)
  const other = Buffer.from(data.toString('utf8').replace('\n3\n', '\n4\n'))
  const v = await verifyTimestampToken(token, { data: other, nonce: nonce + 1n })
  t.equal(v.ok, false)
  t.equal(v.problems.length, 2, v.problems.join(' | '))
  t.match(
    v.problems[0],
    `the messageImprint does not match the data: the token covers SHA-256 ${sha256(data).toString('hex')}, the data hashes to ${sha256(other).toString('hex')}`
  )
  t.match(v.problems[1], `the nonce does not match: the request sent ${(nonce + 1n).toString(16)}, the token has ${nonce.toString(16)}`)
  t.ok(v.genTime, 'the token is still read: genTime and serial are reported')
})

t.test('a tampered token fails the CMS signature', async (t) => {
  const { token } = await stamp(data)
  // An edited genTime inside the signed TSTInfo: the message-digest attribute no longer matches.
  const v = await verifyTimestampToken(token, { data })
  const stamp14 = Buffer.from(v.genTime!.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z', 'latin1')
  const at = token.indexOf(stamp14)
  t.ok(at > 0, 'found genTime in the token')
  const edited = Buffer.from(token)
  edited[at + 3] = edited[at + 3] === 0x30 ? 0x31 : 0x30 // another year
  const e = await verifyTimestampToken(edited, { data })
  t.equal(e.ok, false)
  t.match(e.problems, [/^the CMS signature does not verify: .*Message digest doesn't match/])
  // A flipped bit in the signature itself.
  const flipped = Buffer.from(token)
  flipped[flipped.length - 5]! ^= 0x01
  const f = await verifyTimestampToken(flipped, { data })
  t.equal(f.ok, false)
  t.match(f.problems.join('\n'), /the CMS signature does not verify/)
  writeFileSync(join(dir, 'flipped.tok'), flipped)
  t.notOk(opensslVerify(join(dir, 'flipped.tok'), ['-token_in']).ok, 'openssl agrees')
  // Not a token at all.
  const g = await verifyTimestampToken(Buffer.from('not a token'), { data })
  t.equal(g.ok, false)
  t.match(g.problems, [/^the token is not valid DER|^the token is not an RFC 3161 TimeStampToken/])
  t.equal(g.genTime, null)
})

t.test('a TSA certificate without the timeStamping EKU, or with a non-critical one, is reported', async (t) => {
  const { token } = await stamp(data)
  const noEku = await verifyTimestampToken(await resign(authority, token, 'tsa-no-eku'), { data })
  t.equal(noEku.ok, false)
  t.ok(
    noEku.problems.includes(
      'the signer certificate has no extendedKeyUsage extension; RFC 3161 §2.3 requires one with id-kp-timeStamping (1.3.6.1.5.5.7.3.8), marked critical'
    ),
    noEku.problems.join(' | ')
  )
  t.notOk(
    noEku.problems.some((p) => /CMS signature/.test(p)),
    'the signature itself is valid'
  )

  const nonCritical = await resign(authority, token, 'tsa-noncritical-eku')
  const nc = await verifyTimestampToken(nonCritical, { data })
  t.equal(nc.ok, false)
  t.ok(
    nc.problems.includes(
      "the signer certificate's extendedKeyUsage extension is not marked critical; RFC 3161 §2.3 requires it to be critical"
    ),
    nc.problems.join(' | ')
  )
  t.ok(
    nc.problems.some((p) => /no signed signingCertificate or signingCertificateV2 attribute/.test(p)),
    'the missing ESS binding is named too'
  )
  writeFileSync(join(dir, 'noncritical.tok'), nonCritical)
  t.match(opensslVerify(join(dir, 'noncritical.tok'), ['-token_in']).out, /unsuitable certificate purpose/, 'openssl refuses it too')

  // The good TSA's own token, re-signed by the good TSA through CMS, differs only by the ESS binding.
  const resignedGood = await verifyTimestampToken(await resign(authority, token, 'tsa'), { data })
  t.same(resignedGood.problems, [
    'the token has no signed signingCertificate or signingCertificateV2 attribute, so nothing binds the signature to the TSA certificate (RFC 3161 §2.4.1)'
  ])
})

t.test('a token whose TSA does not chain to the trusted root is reported', async (t) => {
  const { token } = await stamp(data)
  const v = await verifyTimestampToken(token, { data, trustedCa: readFileSync(authority.otherCaPem) })
  t.equal(v.ok, false)
  t.match(v.problems, [/^the signer certificate does not chain to the trusted CA: /])
})

t.test('a refusal, garbage and trailing bytes are read precisely', async (t) => {
  // openssl's TSA is configured for SHA-256 only: a SHA-1 request is refused with badAlg.
  execFileSync('openssl', ['ts', '-query', '-data', join(dir, 'data.bin'), '-sha1', '-out', join(dir, 'sha1.tsq')], { stdio: 'ignore' })
  const refused = parseTimestampResponse(await reply(authority, readFileSync(join(dir, 'sha1.tsq'))))
  t.equal(refused.granted, false)
  t.equal(refused.statusName, 'rejection')
  t.same(refused.failInfo, ['badAlg'])
  t.match(refused.statusText.join(' '), /algorithm/i)
  t.equal(refused.token, null)
  t.throws(() => parseTimestampResponse(Buffer.from('<html>gateway timeout</html>')), TimestampError)
  const { response } = await stamp(data)
  t.throws(() => parseTimestampResponse(Buffer.concat([response, Buffer.from([0])])), { message: /1 trailing bytes/ })
})
