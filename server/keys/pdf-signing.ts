import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import forge from 'node-forge'
import type { PdfSigningIdentity } from '../lib/pdf/pades.ts'
import { keysDir } from './key-files.ts'

/**
 * The organisation's key that signs dossier PDFs (PAdES). Either a PKCS#12 file the operator gives
 * (SANAD_PDF_SIGNING_P12_FILE, with SANAD_PDF_SIGNING_P12_PASSPHRASE): a certificate from an
 * authority the recipient trusts; or, when none is given, a self-signed certificate made at first
 * start in $SANAD_DATA_DIR/keys/ (its passphrase beside it, both mode 0600) — the dossier's cover
 * then says the signature is self-signed. Made with node-forge and Node's RSA key generation: no
 * openssl at run time.
 */
export const PDF_SIGNING_P12_FILE = 'pdf-signing.p12'
export const PDF_SIGNING_PASSPHRASE_FILE = 'pdf-signing.pass'

export type PdfSigningSettings = { dataDir: string; p12File: string; passphrase: string; commonName: string }

function subject(commonName: string): Array<{ shortName: string; value: string }> {
  return [
    { shortName: 'CN', value: commonName },
    { shortName: 'O', value: commonName }
  ]
}

/** A self-signed RSA-2048 certificate (10 years) and its PKCS#12 file under `passphrase`. */
export function selfSignedP12(commonName: string, passphrase: string, now: Date = new Date()): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  // Positive serial: a leading 0 nibble keeps the DER integer non-negative.
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000)
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000)
  cert.setSubject(subject(commonName))
  cert.setIssuer(subject(commonName))
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true }
  ])
  cert.sign(key, forge.md.sha256.create())
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des', friendlyName: commonName })
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')
}

/** Loads the configured PKCS#12 file, or the data dir's self-signed one (made on first use). */
export function loadPdfSigningIdentity(settings: PdfSigningSettings): PdfSigningIdentity {
  if (settings.p12File !== '') {
    if (!existsSync(settings.p12File)) throw new Error(`SANAD_PDF_SIGNING_P12_FILE: no such file ${settings.p12File}`)
    const p12 = readFileSync(settings.p12File)
    const identity = { p12, passphrase: settings.passphrase, selfSigned: false, commonName: settings.commonName }
    return { ...identity, ...describe(identity) }
  }
  const dir = keysDir(settings.dataDir)
  const file = join(dir, PDF_SIGNING_P12_FILE)
  const passFile = join(dir, PDF_SIGNING_PASSPHRASE_FILE)
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const passphrase = randomBytes(24).toString('base64url')
    writeFileSync(passFile, `${passphrase}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(passFile, 0o600)
    writeFileSync(file, selfSignedP12(settings.commonName, passphrase), { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
  }
  for (const f of [file, passFile])
    if ((statSync(f).mode & 0o077) !== 0) throw new Error(`${f} is readable by group or others; chmod 600 it`)
  const identity = {
    p12: readFileSync(file),
    passphrase: readFileSync(passFile, 'utf8').trim(),
    selfSigned: true,
    commonName: settings.commonName
  }
  return { ...identity, ...describe(identity) }
}

// Opening a PKCS#12 file in JavaScript (its key derivation) costs tens of milliseconds; a process that
// builds many apps on the same file (tests) opens it once. Keyed by the file's bytes and the passphrase,
// so another file or a wrong passphrase is still opened, and fails, at its own start.
const described = new Map<string, { fromCertificate: string | undefined; selfSigned: boolean }>()

/** Reads the certificate's common name and whether it signs itself (a wrong passphrase fails here, at start). */
function describe(identity: PdfSigningIdentity): { commonName: string; selfSigned: boolean } {
  const key = createHash('sha256').update(identity.p12).update('\0').update(identity.passphrase).digest('hex')
  let found = described.get(key)
  if (!found) described.set(key, (found = openAndDescribe(identity)))
  return { commonName: found.fromCertificate ?? identity.commonName, selfSigned: found.selfSigned }
}

function openAndDescribe(identity: PdfSigningIdentity): { fromCertificate: string | undefined; selfSigned: boolean } {
  const f = forge as unknown as {
    asn1: { fromDer(bytes: string): unknown }
    pkcs12: {
      pkcs12FromAsn1(
        asn1: unknown,
        strict: boolean,
        password: string
      ): { getBags(q: { bagType: string }): Record<string, Array<{ cert?: ForgeCert }>> }
    }
    pki: { oids: { certBag: string } }
  }
  type ForgeCert = { subject: { getField(n: string): { value: string } | null; hash: string }; issuer: { hash: string } }
  let p12
  try {
    p12 = f.pkcs12.pkcs12FromAsn1(f.asn1.fromDer(identity.p12.toString('binary')), false, identity.passphrase)
  } catch (err) {
    throw new Error(`SANAD_PDF_SIGNING_P12_FILE cannot be opened (wrong SANAD_PDF_SIGNING_P12_PASSPHRASE?): ${(err as Error).message}`)
  }
  const cert = p12.getBags({ bagType: f.pki.oids.certBag })[f.pki.oids.certBag]?.[0]?.cert
  if (!cert) throw new Error('SANAD_PDF_SIGNING_P12_FILE holds no certificate')
  return { fromCertificate: cert.subject.getField('CN')?.value, selfSigned: cert.subject.hash === cert.issuer.hash }
}
