import t from 'tap'
import { readFileSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { NoteError, openCheckpoint, parseCheckpoint, parseNote, parseVerifierKey, verifyNote } from '../../../web/src/lib/signed-note.ts'
import { toHex } from '../../../web/src/lib/bytes.ts'
import { signCheckpoint, signNote, verifierKey as serverVerifierKey } from '../../../server/lib/ledger/signed-note.ts'

const kat = (
  JSON.parse(readFileSync(new URL('../../fixtures/rfc6962_vectors.json', import.meta.url), 'utf8')) as {
    signed_note_kat: { verifier_key: string; text: string; signed_note: string }
  }
).signed_note_kat

t.test('the C2SP known-answer note verifies with WebCrypto Ed25519', async (t) => {
  const key = parseVerifierKey(kat.verifier_key)
  t.equal(key.name, 'PeterNeumann')
  t.equal(toHex(key.keyId), 'c74f20a3')
  const note = await verifyNote(kat.signed_note, key)
  t.equal(note.body, kat.text)
})

t.test('an altered body or signature is refused', async (t) => {
  const key = parseVerifierKey(kat.verifier_key)
  await t.rejects(verifyNote(kat.signed_note.replace('cryptography', 'Cryptography'), key), NoteError)
  const sigLine = kat.signed_note.split('\n').at(-2)!
  const b64 = sigLine.slice(sigLine.lastIndexOf(' ') + 1)
  const mangled = b64.slice(0, 10) + (b64[10] === 'A' ? 'B' : 'A') + b64.slice(11)
  await t.rejects(verifyNote(kat.signed_note.replace(b64, mangled), key), NoteError)
})

t.test('a note signed by another key is not verified by this one', async (t) => {
  const { privateKey } = generateKeyPairSync('ed25519')
  const other = signNote(kat.text, 'PeterNeumann', privateKey)
  await t.rejects(verifyNote(other, parseVerifierKey(kat.verifier_key)), /no signature by|does not verify/)
})

t.test('verifier keys are parsed strictly', async (t) => {
  t.throws(() => parseVerifierKey('nonsense'), NoteError)
  t.throws(() => parseVerifierKey(kat.verifier_key.replace('c74f20a3', 'c74f20a4')), /does not match/)
  t.throws(() => parseVerifierKey('PeterNeumann+c74f20a3+AAAA'), /Ed25519/)
  t.throws(() => parseVerifierKey(kat.verifier_key.replace('PeterNeumann', 'Peter Neumann')), NoteError)
})

t.test('notes and checkpoints are parsed strictly', async (t) => {
  t.throws(() => parseNote('no blank line\n'), /blank line/)
  t.throws(() => parseNote('body\n\nnot a signature\n'), /em dash/)
  t.throws(() => parseCheckpoint('origin\n012\nAAAA\n'), /decimal/)
  t.throws(() => parseCheckpoint('origin\n12\nAAAA\n'), /32 bytes/)
})

t.test('a checkpoint signed by the server code opens in the browser code', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const rootHash = new Uint8Array(32).map((_, i) => i)
  const note = signCheckpoint({ origin: 'sanad.test/ledger', size: 42, rootHash }, { name: 'sanad.test/ledger', privateKey })
  const key = parseVerifierKey(serverVerifierKey('sanad.test/ledger', publicKey))
  const cp = await openCheckpoint(note, key)
  t.equal(cp.origin, 'sanad.test/ledger')
  t.equal(cp.size, 42)
  t.same([...cp.rootHash], [...rootHash])
  await t.rejects(openCheckpoint(note.replace('\n42\n', '\n43\n'), key), /does not verify/)
})
