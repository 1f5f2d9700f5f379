// The dossier PDF's own signature (#17 item 2): a CMS detached signature in the PDF (PAdES Basic,
// ETSI TS 102 778-2: SubFilter adbe.pkcs7.detached, SHA-256) by the organisation's signing key, so a
// PDF reader says "signed by …" and shows any change after signing, without Sanad or the receipt.
//
// Signing is the last stage: the rendered bytes (deterministic) are loaded, a signature field and
// placeholder are added, the file is saved once more (without object streams, so the placeholder is
// plain bytes) and the placeholder is filled. RSA PKCS#1 v1.5 is deterministic and the signing time
// is the dossier's generation time, so the same rendering and key always give the same signed bytes.
//
// adbe.pkcs7.detached rather than ETSI.CAdES.detached: the signer (@signpdf/signer-p12) puts the
// signing time among the signed attributes and no ESS signing-certificate-v2, which the CAdES
// profile (PAdES baseline) forbids and requires respectively; the PAdES Basic profile takes it as is.

import { createHash, createPrivateKey, sign as rsaSign } from 'node:crypto'
import forge from 'node-forge'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { P12Signer } from '@signpdf/signer-p12'
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib'

export type PdfSigningIdentity = {
  /** PKCS#12 file bytes: the signing key and its certificate. */
  p12: Buffer
  passphrase: string
  /** Whether the certificate signs itself (no authority vouches for it): the cover says so. */
  selfSigned: boolean
  /** The certificate's subject common name, as a reader shows it. */
  commonName: string
}

export type PdfSignatureMeta = { signingTime: Date; reason: string; location: string; contactInfo: string; name: string }

/** Room for the CMS signature (bytes): a 4096-bit RSA key with a chain of three certificates fits. */
const SIGNATURE_LENGTH = 16384

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1'
}

/**
 * The same CMS as @signpdf/signer-p12 makes (content type, signing time, message digest; RSA with
 * SHA-256; the certificate included), but the digest is Node's native SHA-256 instead of
 * node-forge's JavaScript one, which takes seconds per 20 MiB: a dossier may embed 200 MiB of exhibits.
 * node-forge only opens the PKCS#12 file.
 */
class NativeP12Signer extends P12Signer {
  private readonly key: ReturnType<typeof createPrivateKey>
  private readonly certDer: Buffer

  constructor(p12: Buffer, passphrase: string) {
    super(p12, { passphrase })
    const f = forge as unknown as ForgeP12
    const parsed = f.pkcs12.pkcs12FromAsn1(f.asn1.fromDer(p12.toString('binary')), false, passphrase)
    const keyBag = parsed.getBags({ bagType: f.pki.oids.pkcs8ShroudedKeyBag })[f.pki.oids.pkcs8ShroudedKeyBag]?.[0]
    const certBags = parsed.getBags({ bagType: f.pki.oids.certBag })[f.pki.oids.certBag] ?? []
    if (!keyBag?.key) throw new Error('the PKCS#12 file holds no private key')
    const key = keyBag.key
    // The certificate whose public key is the private key's (as signer-p12 picks it).
    const cert = certBags.map((b) => b.cert).find((c) => c !== undefined && c.publicKey.n.compareTo(key.n) === 0)
    if (!cert) throw new Error('the PKCS#12 file holds no certificate of its private key')
    this.key = createPrivateKey(f.pki.privateKeyToPem(key))
    this.certDer = Buffer.from(f.asn1.toDer(f.pki.certificateToAsn1(cert)).getBytes(), 'binary')
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return this.signDigest(createHash('sha256').update(pdfBuffer).digest(), signingTime)
  }

  /** The CMS signature of bytes whose SHA-256 is `digest` (the signed bytes need not be in one buffer). */
  signDigest(digest: Buffer, signingTime?: Date): Buffer {
    const cert = pkijs.Certificate.fromBER(new Uint8Array(this.certDer))
    const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
        new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime ?? new Date() })] }),
        new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: new Uint8Array(digest) })] })
      ]
    })
    // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the [0] they travel in.
    const attrsDer = Buffer.from(signedAttrs.toSchema().toBER())
    attrsDer[0] = 0x31
    const signature = rsaSign('sha256', attrsDer, this.key)
    const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() })
    const cms = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [sha256],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [cert],
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
          digestAlgorithm: sha256,
          signedAttrs,
          signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
          signature: new asn1js.OctetString({ valueHex: new Uint8Array(signature) })
        })
      ]
    })
    const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: cms.toSchema(true) })
    return Buffer.from(info.toSchema().toBER())
  }
}

type ForgeKey = { n: { compareTo(o: unknown): number } }
type ForgeP12 = {
  asn1: { fromDer(bytes: string): unknown; toDer(asn1: unknown): { getBytes(): string } }
  pkcs12: {
    pkcs12FromAsn1(
      asn1: unknown,
      strict: boolean,
      password: string
    ): { getBags(q: { bagType: string }): Record<string, Array<{ key?: ForgeKey; cert?: { publicKey: ForgeKey } }>> }
  }
  pki: {
    oids: { certBag: string; pkcs8ShroudedKeyBag: string }
    privateKeyToPem(key: ForgeKey): string
    certificateToAsn1(cert: unknown): unknown
  }
}
/** Signs `bytes` (a PDF): the same bytes, identity and meta always give the same signed file. */
export async function signPdf(bytes: Uint8Array, identity: PdfSigningIdentity, meta: PdfSignatureMeta): Promise<Buffer> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  addSignaturePlaceholder(doc, meta)
  const withPlaceholder = Buffer.from(await doc.save(SAVE_FOR_SIGNING))
  return signPlaceholder(withPlaceholder, identity, meta.signingTime)
}

/**
 * How a document with a signature placeholder is saved: without object streams, so the placeholder
 * is plain bytes that signPlaceholder() can fill.
 */
export const SAVE_FOR_SIGNING = { useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false } as const

/**
 * Adds the signature field, its dictionary and an empty /Contents placeholder to a document not yet
 * saved. The dossier renderer calls it before its one save, so the PDF is never parsed and saved a
 * second time to be signed (with 200 MiB of attached exhibits that cost seconds and ~500 MiB).
 */
export function addSignaturePlaceholder(doc: PDFDocument, meta: PdfSignatureMeta): void {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: meta.reason,
    contactInfo: meta.contactInfo,
    name: meta.name,
    location: meta.location,
    signingTime: meta.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: 'adbe.pkcs7.detached',
    appName: 'Sanad'
  })
}

/** The name pdflibAddPlaceholder writes in each unknown slot of the byte range (@signpdf's default). */
const RANGE_SLOT = '/**********'

/** Where the one byte-range placeholder (`/ByteRange [0 /*** /*** /***]`) is, and its text. */
function byteRangePlaceholder(pdf: Buffer): { at: number; placeholder: string } {
  let found: { at: number; placeholder: string } | undefined
  for (let from = 0; ; ) {
    const at = pdf.indexOf('/ByteRange', from, 'latin1')
    if (at < 0) break
    const end = pdf.indexOf(']', pdf.indexOf('[', at, 'latin1'), 'latin1')
    if (end < 0) break
    const text = pdf.subarray(at, end + 1).toString('latin1')
    const slots = text
      .slice(text.indexOf('[') + 1, -1)
      .trim()
      .split(/\s+/)
    if (slots.length === 4 && slots[0] === '0' && slots.slice(1).every((x) => x === RANGE_SLOT)) {
      if (found !== undefined) throw new Error('pdf: more than one signature placeholder')
      found = { at, placeholder: text }
    }
    from = end
  }
  if (found === undefined) throw new Error('pdf: no signature placeholder')
  return found
}

/**
 * Fills the placeholder of a saved PDF in place, as @signpdf/signpdf would (the same bytes), without
 * its four whole-file copies: the byte range is written over its placeholder, the two signed ranges are
 * hashed where they lie, and the hex signature, zero-padded, overwrites the zeros of /Contents.
 * Returns a view of `bytes` (a trailing end-of-line after %%EOF is left out, as signpdf does).
 */
export function signPlaceholder(bytes: Uint8Array, identity: PdfSigningIdentity, signingTime: Date): Buffer {
  let pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (pdf.at(-1) === 0x0a) pdf = pdf.subarray(0, -1)
  if (pdf.at(-1) === 0x0d) pdf = pdf.subarray(0, -1)
  const eof = pdf.subarray(pdf.length - 6).toString('latin1')
  if (eof !== '\n%%EOF' && eof !== '\r%%EOF') throw new Error('pdf: a PDF file must end with an EOF line')
  const { at, placeholder } = byteRangePlaceholder(pdf)
  const open = pdf.indexOf('<', pdf.indexOf('/Contents ', at + placeholder.length, 'latin1'), 'latin1')
  const close = pdf.indexOf('>', open, 'latin1')
  if (open < 0 || close < 0) throw new Error('pdf: the signature placeholder has no /Contents')
  const room = close - open - 1
  const range = [0, open, close + 1, pdf.length - (close + 1)]
  const actual = `/ByteRange [${range.join(' ')}]`
  if (actual.length > placeholder.length) throw new Error('pdf: the byte range does not fit its placeholder')
  pdf.write(actual.padEnd(placeholder.length, ' '), at, 'latin1')
  const digest = createHash('sha256')
    .update(pdf.subarray(0, open))
    .update(pdf.subarray(close + 1))
    .digest()
  const raw = new NativeP12Signer(identity.p12, identity.passphrase).signDigest(digest, signingTime)
  if (raw.length * 2 > room) throw new Error(`pdf: the signature exceeds its placeholder: ${raw.length * 2} > ${room}`)
  pdf.write(raw.toString('hex').padEnd(room, '0'), open + 1, 'latin1')
  return pdf
}

export type PdfSignatureReport = {
  /** Whether the file carries a signature at all. */
  signed: boolean
  /** Every reason the signature does not hold (empty: it covers the whole file and verifies). */
  problems: string[]
  signer?: string
  selfSigned?: boolean
  signingTime?: string
  subFilter?: string
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g

function commonNameOf(name: pkijs.RelativeDistinguishedNames): string {
  const cn = name.typesAndValues.find((t) => t.type === '2.5.4.3')
  return cn ? String((cn.value as asn1js.Utf8String).valueBlock.value) : ''
}

/**
 * Checks the file's last signature: its byte range must cover the whole file but the signature
 * itself (a byte added, changed or appended after signing shows), and the CMS signature must verify
 * over those bytes (the digest of the signed bytes and the signer's key). The certificate's chain is
 * not judged here: who the organisation is, is for the recipient to know (its published certificate).
 */
export async function checkPdfSignature(bytes: Uint8Array): Promise<PdfSignatureReport> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = buf.toString('latin1')
  const ranges = [...text.matchAll(BYTE_RANGE)]
  const last = ranges.at(-1)
  if (last === undefined) {
    // Saved again by an editor, the signature dictionary may now sit in a compressed object stream.
    if (await hasSignatureDictionary(bytes))
      return {
        signed: true,
        problems: ['the signature dictionary was rewritten with the file: it was saved again after signing (modified)']
      }
    return { signed: false, problems: ['the PDF carries no signature'] }
  }
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number]
  const problems: string[] = []
  const out: PdfSignatureReport = { signed: true, problems }
  const sub = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(text.slice(Math.max(0, last.index - 4096), last.index + 4096))
  if (sub) out.subFilter = sub[1]!
  if (a !== 0 || b <= 0 || c <= b || c + d !== buf.length) {
    problems.push(
      `the signature's byte range [${a} ${b} ${c} ${d}] does not cover the whole file (${buf.length} bytes): bytes were added or changed after signing`
    )
    if (a !== 0 || b <= 0 || c <= b || c + d > buf.length) return out
  }
  if (buf[b] !== 0x3c || buf[c - 1] !== 0x3e) {
    problems.push('the signature is not where its byte range says')
    return out
  }
  const hex = buf.subarray(b + 1, c - 1).toString('latin1')
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    problems.push('the signature value is not hexadecimal')
    return out
  }
  const der = Buffer.from(hex, 'hex')
  let signed: pkijs.SignedData
  try {
    const parsed = asn1js.fromBER(new Uint8Array(der).buffer)
    if (parsed.offset === -1) throw new Error('not DER')
    const info = new pkijs.ContentInfo({ schema: parsed.result })
    signed = new pkijs.SignedData({ schema: info.content })
  } catch (err) {
    problems.push(`the signature is not a CMS signature: ${(err as Error).message}`)
    return out
  }
  const content = Buffer.concat([buf.subarray(0, b), buf.subarray(c, c + d)])
  try {
    const v = await signed.verify({ signer: 0, data: new Uint8Array(content).buffer, checkChain: false, extendedMode: true })
    if (v.signatureVerified !== true)
      problems.push('the signature does not verify over the signed bytes (the file was changed after signing)')
    const cert = v.signerCertificate
    if (cert) {
      out.signer = commonNameOf(cert.subject)
      out.selfSigned = Buffer.from(cert.subject.toSchema().toBER()).equals(Buffer.from(cert.issuer.toSchema().toBER()))
    }
  } catch (err) {
    const e = err as pkijs.SignedDataVerifyError
    const cert = e.signerCertificate
    if (cert) out.signer = commonNameOf(cert.subject)
    problems.push(`the signature does not verify over the signed bytes (the file was changed after signing): ${e.message}`)
  }
  const time = signed.signerInfos[0]?.signedAttrs?.attributes.find((x) => x.type === '1.2.840.113549.1.9.5')
  const value = time?.values[0]
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) out.signingTime = value.toDate().toISOString()
  return out
}

async function hasSignatureDictionary(bytes: Uint8Array): Promise<boolean> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true })
    return doc.context.enumerateIndirectObjects().some(([, o]) => o instanceof PDFDict && o.get(PDFName.of('ByteRange')) !== undefined)
  } catch {
    return false
  }
}

/** SHA-256 of the bytes the signature covers: what a reader's "document digest" is. */
export function signedDigest(bytes: Uint8Array): string | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const last = [...buf.toString('latin1').matchAll(BYTE_RANGE)].at(-1)
  if (!last) return null
  const [, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number]
  return createHash('sha256')
    .update(buf.subarray(0, b))
    .update(buf.subarray(c, c + d))
    .digest('hex')
}
