// The recipient's OpenPGP key pair of the tests (not a test file itself): full-profile packages are
// encrypted to it, and the helpers that download a package decrypt it with its private half.
import * as openpgp from 'openpgp'
import { decryptMessage } from '../../server/lib/crypto/recipient-encryption.ts'

export type KeyPair = { publicKey: string; privateKey: string; fingerprint: string }

/**
 * A fresh key pair (a few milliseconds): Ed25519/Cv25519 as GnuPG 2.2 makes them, so `gpg --decrypt`
 * opens what is encrypted to it (GnuPG 2.2 does not read RFC 9580 X25519 keys).
 */
export async function recipientKeyPair(name = 'Office of the Prosecutor (test)'): Promise<KeyPair> {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: 'evidence@otp.example' }],
    format: 'armored'
  })
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint()
  return { publicKey, privateKey, fingerprint }
}

let shared: Promise<KeyPair> | undefined

/** One key pair for the whole test process. */
export function testRecipient(): Promise<KeyPair> {
  shared ??= recipientKeyPair()
  return shared
}

/** A ZIP starts with a local file header ("PK\x03\x04"); anything else from a package route is a message. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/** The plain package inside a downloaded one (as it is when it was not encrypted). */
export async function plainPackage(bytes: Uint8Array): Promise<Buffer> {
  if (isZip(bytes)) return Buffer.from(bytes)
  return Buffer.from(await decryptMessage(bytes, (await testRecipient()).privateKey))
}

/** A PDF starts with "%PDF-"; anything else from a PDF route is a message to the recipient. */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-'
}

/** The plain PDF inside a downloaded one (a full-profile PDF is encrypted to the recipient). */
export async function plainPdf(bytes: Uint8Array): Promise<Buffer> {
  if (isPdf(bytes)) return Buffer.from(bytes)
  return Buffer.from(await decryptMessage(bytes, (await testRecipient()).privateKey))
}
