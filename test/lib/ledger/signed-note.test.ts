import t from 'tap'
import { readFileSync } from 'node:fs'
import {
  formatCheckpoint,
  generateNoteKey,
  noteKeyId,
  openCheckpoint,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifierKey,
  verifyNote
} from '../../../server/lib/ledger/signed-note.ts'

interface Kat {
  verifier_key: string
  signer_key: string
  text: string
  signed_note: string
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/rfc6962_vectors.json', import.meta.url), 'utf8')) as {
  signed_note_kat: Kat
}
const kat = vectors.signed_note_kat
const testKey = parseSignerKey(readFileSync(new URL('../../fixtures/ledger-test-key.txt', import.meta.url), 'utf8'))
const root = Buffer.alloc(32, 0xab)

const MALFORMED = { code: 'SANAD_ERR_NOTE_MALFORMED' }
const UNVERIFIED = { code: 'SANAD_ERR_NOTE_UNVERIFIED' }
const BAD_SIGNATURE = { code: 'SANAD_ERR_NOTE_BAD_SIGNATURE' }
const KEY_MALFORMED = { code: 'SANAD_ERR_NOTE_KEY_MALFORMED' }
const CHECKPOINT_MALFORMED = { code: 'SANAD_ERR_CHECKPOINT_MALFORMED' }

t.test('C2SP / Go sumdb note known answer', async (t) => {
  const signer = parseSignerKey(kat.signer_key)
  t.equal(signer.name, 'PeterNeumann')
  t.equal(signer.keyId.toString('hex'), 'c74f20a3')
  t.equal(noteKeyId('PeterNeumann', signer.publicKey).toString('hex'), 'c74f20a3', 'SHA-256(name || \\n || 0x01 || key)[:4]')
  t.equal(signer.verifierKey, kat.verifier_key, 'verifier key string')
  t.equal(verifierKey('PeterNeumann', signer.publicKey), kat.verifier_key)
  t.equal(verifierKey('PeterNeumann', signer.privateKey), kat.verifier_key, 'from a private KeyObject')
  t.equal(signer.signerKey, kat.signer_key, 'signer key round trip')
  t.equal(signNote(kat.text, signer.name, signer.privateKey), kat.signed_note, 'Ed25519 is deterministic: identical note')
  const note = verifyNote(kat.signed_note, kat.verifier_key)
  t.equal(note.body, kat.text)
  t.equal(note.signatures.length, 1)
  t.equal(parseVerifierKey(kat.verifier_key).text, kat.verifier_key)
  t.equal(verifyNote(Buffer.from(kat.signed_note, 'utf8'), parseVerifierKey(kat.verifier_key)).body, kat.text, 'bytes and parsed key')
})

t.test('checkpoint round trip', async (t) => {
  const body = formatCheckpoint({ origin: 'sanad.test/ledger', size: 1234, rootHash: root, extensions: ['ext one', 'ext-two'] })
  t.equal(body, `sanad.test/ledger\n1234\n${root.toString('base64')}\next one\next-two\n`)
  const note = signNote(body, testKey.name, testKey.privateKey)
  t.ok(note.startsWith(`${body}\n\u2014 sanad.test/ledger `), 'blank line then em-dash signature line')
  t.ok(note.endsWith('\n'))
  const { checkpoint } = openCheckpoint(note, testKey.verifierKey, 'sanad.test/ledger')
  t.same(checkpoint, { origin: 'sanad.test/ledger', size: 1234, rootHash: root, extensions: ['ext one', 'ext-two'] })
  t.equal(
    signCheckpoint({ origin: 'o', size: 0, rootHash: root }, testKey),
    signNote(`o\n0\n${root.toString('base64')}\n`, testKey.name, testKey.privateKey)
  )
  t.throws(() => openCheckpoint(note, testKey.verifierKey, 'other.origin'), { code: 'SANAD_ERR_CHECKPOINT_ORIGIN' })
})

t.test('fresh keys round trip through their string forms', async (t) => {
  const key = generateNoteKey('example.org/log')
  const again = parseSignerKey(`${key.signerKey}\n`)
  t.equal(again.verifierKey, key.verifierKey)
  const note = signNote('hello\n', again.name, again.privateKey)
  t.equal(verifyNote(note, key.verifierKey).body, 'hello\n')
})

t.test('verification rejects', async (t) => {
  const body = formatCheckpoint({ origin: 'sanad.test/ledger', size: 20, rootHash: root })
  const note = signNote(body, testKey.name, testKey.privateKey)

  t.test('a different key with the same name', async (t) => {
    const other = generateNoteKey('sanad.test/ledger')
    t.throws(() => verifyNote(note, other.verifierKey), { ...UNVERIFIED, message: /no signature by sanad\.test\/ledger\+/ })
  })
  t.test('the right key under a wrong name', async (t) => {
    t.throws(() => verifyNote(note, verifierKey('sanad.test/other', testKey.publicKey)), UNVERIFIED)
    const renamed = testKey.verifierKey.replace('sanad.test/ledger', 'sanad.test/other')
    t.throws(() => parseVerifierKey(renamed), { ...KEY_MALFORMED, message: /key id [0-9a-f]{8} does not match name/ })
  })
  t.test('an altered body', async (t) => {
    t.throws(() => verifyNote(note.replace('sanad.test/ledger\n', 'sanad.test/ledgeR\n'), testKey.verifierKey), {
      ...BAD_SIGNATURE,
      message: /does not verify/
    })
  })
  t.test('an altered size', async (t) => {
    t.throws(() => openCheckpoint(note.replace('\n20\n', '\n21\n'), testKey.verifierKey), BAD_SIGNATURE)
  })
  t.test('a forged signature', async (t) => {
    const line = note.slice(note.lastIndexOf('\u2014'))
    const sig = Buffer.from(line.split(' ')[2]!, 'base64')
    sig[10]! ^= 0x01
    const forged = note.replace(line, `\u2014 ${testKey.name} ${sig.toString('base64')}\n`)
    t.throws(() => verifyNote(forged, testKey.verifierKey), BAD_SIGNATURE)
  })
  t.test('a missing trailing newline', async (t) => {
    t.throws(() => verifyNote(note.slice(0, -1), testKey.verifierKey), { ...MALFORMED, message: /end with a newline/ })
    t.throws(() => signNote('no newline', testKey.name, testKey.privateKey), { ...MALFORMED, message: /body must end with a newline/ })
    t.throws(() => parseCheckpoint(body.slice(0, -1)), { ...CHECKPOINT_MALFORMED, message: /end with a newline/ })
  })
  t.test('signatures by other keys alone', async (t) => {
    const other = generateNoteKey('witness.example')
    t.throws(() => verifyNote(signNote(body, other.name, other.privateKey), testKey.verifierKey), UNVERIFIED)
  })
})

t.test('cosignatures from unknown keys are ignored', async (t) => {
  const body = 'text\n'
  const witness = generateNoteKey('witness.example')
  const mine = signNote(body, testKey.name, testKey.privateKey)
  const theirs = signNote(body, witness.name, witness.privateKey)
  const both = mine + theirs.slice(body.length + 1)
  t.equal(verifyNote(both, testKey.verifierKey).signatures.length, 2)
  t.equal(verifyNote(both, witness.verifierKey).body, body)
})

t.test('parseNote is strict', async (t) => {
  const good = signNote('a\n', testKey.name, testKey.privateKey)
  const sigLine = good.slice(3)
  t.throws(() => parseNote('a\n- name AAAAAAA=\n'), { ...MALFORMED, message: /no blank line/ })
  t.throws(() => parseNote(`a\n\n- ${sigLine.slice(2)}`), { ...MALFORMED, message: /em dash/ })
  t.throws(() => parseNote(`a\r\n\n${sigLine}`), { ...MALFORMED, message: /control character U\+000d/ })
  t.throws(() => parseNote(`a\ud800\n\n${sigLine}`), { ...MALFORMED, message: /lone UTF-16 surrogate/ })
  t.throws(() => parseNote(Buffer.from([0x61, 0xff, 0x0a, 0x0a])), { ...MALFORMED, message: /not valid UTF-8/ })
  t.throws(() => parseNote('a\n\n\u2014 name AAAA\n'), { ...MALFORMED, message: /too short/ })
  t.throws(() => parseNote('a\n\n\u2014 name AAAAAAA\n'), { ...MALFORMED, message: /base64/ })
  t.throws(() => parseNote('a\n\n\u2014 na+me AAAAAAA=\n'), { ...MALFORMED, message: /invalid key name/ })
  t.throws(() => parseNote('a\n\n'), { ...MALFORMED, message: /signature block/ })
  t.throws(() => parseNote(`a\n\n${sigLine.repeat(101)}`), { ...MALFORMED, message: /more than 100/ })
})

t.test('key strings are strict', async (t) => {
  t.throws(() => parseVerifierKey('PeterNeumann+c74f20a3'), KEY_MALFORMED)
  t.throws(() => parseVerifierKey(kat.verifier_key.replace('c74f20a3', 'C74F20A3')), { ...KEY_MALFORMED, message: /lowercase hex/ })
  t.throws(() => parseVerifierKey(`${kat.verifier_key}=`), { ...KEY_MALFORMED, message: /base64/ })
  t.throws(() => parseVerifierKey('PeterNeumann+c74f20a3+AhpcdQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), {
    ...KEY_MALFORMED,
    message: /0x01/
  })
  t.throws(() => parseSignerKey(kat.verifier_key), { ...KEY_MALFORMED, message: /PRIVATE\+KEY/ })
  t.throws(() => parseSignerKey(kat.signer_key.replace('c74f20a3', 'c74f20a4')), { ...KEY_MALFORMED, message: /does not match/ })
  t.throws(() => generateNoteKey('has space'), KEY_MALFORMED)
  t.throws(() => generateNoteKey(''), KEY_MALFORMED)
})

t.test('parseCheckpoint is strict', async (t) => {
  const b64 = root.toString('base64')
  const bad: Array<[string, RegExp]> = [
    [`o\n012\n${b64}\n`, /leading zeros/],
    [`o\n+12\n${b64}\n`, /decimal/],
    [`o\n-1\n${b64}\n`, /decimal/],
    [`o\n1 \n${b64}\n`, /decimal/],
    [`o\n9007199254740992\n${b64}\n`, /exceeds/],
    [`\n1\n${b64}\n`, /origin line is empty/],
    [`o\n1\n`, /needs origin, size and root/],
    [`o\n1\n${b64.slice(0, -1)}\n`, /base64/],
    [`o\n1\n${Buffer.alloc(31).toString('base64')}\n`, /32 bytes/],
    [`o\n1\n${b64}\n\n`, /extension line 1 is empty/],
    [`o\n1\n${b64}\next\n\n`, /extension line 2 is empty/]
  ]
  for (const [body, message] of bad) t.throws(() => parseCheckpoint(body), { ...CHECKPOINT_MALFORMED, message }, JSON.stringify(body))
  t.same(parseCheckpoint(`o\n0\n${b64}\n`).size, 0, 'size 0 is fine')
  t.same(parseCheckpoint(`o\n9007199254740991\n${b64}\n`).size, Number.MAX_SAFE_INTEGER)
  t.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: root }), CHECKPOINT_MALFORMED)
  t.throws(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: root }), CHECKPOINT_MALFORMED)
  t.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root.subarray(1) }), CHECKPOINT_MALFORMED)
  t.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root, extensions: [''] }), CHECKPOINT_MALFORMED)
})
