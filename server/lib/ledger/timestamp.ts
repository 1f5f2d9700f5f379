import { createHash, randomBytes, X509Certificate } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

/**
 * RFC 3161 time-stamp protocol, the parts Sanad needs: build a request for a SHA-256 imprint, read the
 * authority's response, and verify a token completely — CMS signature (pkijs), message imprint, nonce,
 * the ESS signing-certificate binding, and the signer certificate's extended key usage, which must be
 * exactly id-kp-timeStamping and critical (RFC 3161 §2.3). pkijs checks neither the imprint against
 * our data in a way that reports it separately, nor the key usage at all, so both are done here.
 *
 * No I/O: the only side effects are random nonces and WebCrypto (through pkijs).
 */

export const TIMESTAMP_QUERY_TYPE = 'application/timestamp-query'
export const TIMESTAMP_REPLY_TYPE = 'application/timestamp-reply'

export const OIDS = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentTypeAttr: '1.2.840.113549.1.9.3',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8'
} as const

const HASH_NAMES: Record<string, string> = {
  [OIDS.sha1]: 'sha1',
  [OIDS.sha256]: 'sha256',
  [OIDS.sha384]: 'sha384',
  [OIDS.sha512]: 'sha512'
}

export class TimestampError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TimestampError'
  }
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest()
}

const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex')

/** A random positive 63-bit nonce whose DER INTEGER encoding is exactly 8 bytes. */
export function randomNonce(): bigint {
  const b = randomBytes(8)
  b[0] = (b[0]! & 0x7f) | 0x40
  return b.readBigUInt64BE(0)
}

export type TimestampRequest = { der: Buffer; imprint: Buffer; nonce: bigint }

/**
 * A DER TimeStampReq (RFC 3161 §2.4.1) for a SHA-256 imprint: version 1, a random nonce, certReq TRUE
 * so that the token carries the authority's certificate and verifies on its own. The hash algorithm
 * carries NULL parameters, as `openssl ts -query` sends.
 */
export function buildTimestampRequest(imprint: Uint8Array, options: { nonce?: bigint; policy?: string } = {}): TimestampRequest {
  if (imprint.length !== 32) throw new TimestampError(`a SHA-256 imprint is 32 bytes, got ${imprint.length}`)
  const nonce = options.nonce ?? randomNonce()
  if (nonce <= 0n) throw new TimestampError('the nonce must be a positive integer')
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(imprint) })
    }),
    nonce: asn1js.Integer.fromBigInt(nonce),
    certReq: true,
    ...(options.policy ? { reqPolicy: options.policy } : {})
  })
  return { der: Buffer.from(req.toSchema().toBER(false)), imprint: Buffer.from(imprint), nonce }
}

/**
 * Reads a DER TimeStampReq back (the air-gapped flow carries it out and checks the answer against it):
 * its SHA-256 imprint and nonce. Throws TimestampError when it is not one Sanad could have written.
 */
export function parseTimestampRequest(der: Uint8Array): { imprint: Buffer; nonce: bigint } {
  const asn1 = decodeWhole(der, 'the time-stamp request')
  let req: pkijs.TimeStampReq
  try {
    req = new pkijs.TimeStampReq({ schema: asn1 })
  } catch (err) {
    throw new TimestampError(`not a TimeStampReq: ${(err as Error).message}`)
  }
  if (req.messageImprint.hashAlgorithm.algorithmId !== OIDS.sha256) throw new TimestampError('the request is not over a SHA-256 imprint')
  const imprint = Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView)
  if (imprint.length !== 32) throw new TimestampError(`a SHA-256 imprint is 32 bytes, got ${imprint.length}`)
  if (!req.nonce) throw new TimestampError('the request carries no nonce')
  return { imprint, nonce: req.nonce.toBigInt() }
}

/** Decodes one DER/BER value that must span the whole input. */
function decodeWhole(bytes: Uint8Array, what: string): asn1js.AsnType {
  const ab = new Uint8Array(bytes).buffer
  const asn1 = asn1js.fromBER(ab)
  if (asn1.offset === -1) throw new TimestampError(`${what} is not valid DER: ${asn1.result.error}`)
  if (asn1.offset !== ab.byteLength)
    throw new TimestampError(`${what} has ${ab.byteLength - asn1.offset} trailing bytes after its DER value`)
  return asn1.result
}

const PKI_STATUS = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification']
const FAIL_INFO: Record<number, string> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure'
}

export type TimestampResponse = {
  /** PKIStatus: 0 granted, 1 grantedWithMods, 2 rejection, … */
  status: number
  statusName: string
  granted: boolean
  statusText: string[]
  failInfo: string[]
  /** The TimeStampToken (a CMS ContentInfo), byte for byte as the authority sent it; null when not granted. */
  token: Buffer | null
}

/** Reads a DER TimeStampResp (RFC 3161 §2.4.2). Throws TimestampError when it is not one. */
export function parseTimestampResponse(der: Uint8Array): TimestampResponse {
  const asn1 = decodeWhole(der, 'the time-stamp response')
  let resp: pkijs.TimeStampResp
  try {
    resp = new pkijs.TimeStampResp({ schema: asn1 })
  } catch (err) {
    throw new TimestampError(`not a TimeStampResp: ${(err as Error).message}`)
  }
  const status = resp.status.status as number
  const failInfo: string[] = []
  if (resp.status.failInfo) {
    const bits = resp.status.failInfo.valueBlock.valueHexView
    for (let i = 0; i < bits.length * 8; i++) {
      if ((bits[i >> 3]! & (0x80 >> (i & 7))) !== 0) failInfo.push(FAIL_INFO[i] ?? `bit${i}`)
    }
  }
  const granted = status === 0 || status === 1
  let token: Buffer | null = null
  if (resp.timeStampToken) {
    // The second element of the SEQUENCE, with its exact original bytes (re-encoding could alter them).
    const seq = asn1 as asn1js.Sequence
    const raw = seq.valueBlock.value[1]
    if (!raw) throw new TimestampError('the time-stamp response lost its token while decoding')
    token = Buffer.from(raw.valueBeforeDecodeView)
  }
  if (granted && !token) throw new TimestampError('the time-stamp response is granted but carries no token')
  return {
    status,
    statusName: PKI_STATUS[status] ?? `status ${status}`,
    granted,
    statusText: (resp.status.statusStrings ?? []).map((s) => s.valueBlock.value),
    failInfo,
    token
  }
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

/**
 * A granted TimeStampResp around a stored token, for tools that read responses (`openssl ts -verify
 * -in`, `openssl ts -reply -in … -text`). The token bytes are unchanged; the status wrapper is not
 * signed and carries no information beyond "granted".
 */
export function timestampResponseFromToken(token: Uint8Array): Buffer {
  const status = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])
  const body = Buffer.concat([status, Buffer.from(token)])
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body])
}

export type TimestampVerification = {
  ok: boolean
  genTime: Date | null
  /** Serial number of the token, lowercase hex. */
  serial: string | null
  /** The TSTInfo `tsa` name when the authority included one (directoryName as /CN=…/O=…). */
  tsaName?: string
  policy?: string
  /** Everything that is wrong, one precise sentence each; empty when ok. */
  problems: string[]
}

export type VerifyOptions = {
  /** The exact bytes that were timestamped. */
  data: Uint8Array
  /** The nonce of the request, when the token answers a request we sent. */
  nonce?: bigint
  /** A trusted root (PEM or DER); when given, the signer certificate must chain to it at genTime. */
  trustedCa?: Uint8Array | string
}

const ATTR_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'emailAddress'
}

function formatName(name: pkijs.GeneralName): string {
  if (name.type === 4 && name.value instanceof pkijs.RelativeDistinguishedNames) {
    return name.value.typesAndValues
      .map((tv) => `/${ATTR_NAMES[tv.type] ?? tv.type}=${String((tv.value.valueBlock as { value?: unknown }).value ?? '')}`)
      .join('')
  }
  if (typeof name.value === 'string') return name.value
  return `GeneralName type ${name.type}`
}

/** Parses PEM (first certificate) or DER. */
export function certificateDer(input: Uint8Array | string): Buffer {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1')
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text)
  if (m) return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')
  if (typeof input === 'string') throw new TimestampError('the trusted CA is neither a PEM certificate nor DER')
  return Buffer.from(input)
}

function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return new pkijs.Certificate({ schema: decodeWhole(der, 'a certificate') })
}

/** The raw DER of each entry in SignedData.certificates, in order (pkijs keeps parsed objects only). */
function rawCertificates(signedDataAsn1: asn1js.AsnType): Buffer[] {
  const seq = signedDataAsn1 as asn1js.Sequence
  const certs = seq.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0)
  if (!certs || !(certs instanceof asn1js.Constructed)) return []
  return certs.valueBlock.value.map((c) => Buffer.from(c.valueBeforeDecodeView))
}

function checkKeyUsages(cert: pkijs.Certificate, problems: string[]): void {
  const ekus = (cert.extensions ?? []).filter((e) => e.extnID === OIDS.extKeyUsage)
  if (ekus.length === 0) {
    problems.push(
      `the signer certificate has no extendedKeyUsage extension; RFC 3161 §2.3 requires one with id-kp-timeStamping (${OIDS.timeStamping}), marked critical`
    )
  } else {
    if (ekus.length > 1)
      problems.push(`the signer certificate has ${ekus.length} extendedKeyUsage extensions; RFC 3161 §2.3 allows exactly one`)
    const eku = ekus[0]!
    let purposes: string[]
    try {
      purposes =
        eku.parsedValue instanceof pkijs.ExtKeyUsage
          ? eku.parsedValue.keyPurposes
          : new pkijs.ExtKeyUsage({ schema: decodeWhole(eku.extnValue.valueBlock.valueHexView, 'the extendedKeyUsage extension') })
              .keyPurposes
    } catch (err) {
      purposes = []
      problems.push(`the signer certificate's extendedKeyUsage extension cannot be read: ${(err as Error).message}`)
    }
    if (!purposes.includes(OIDS.timeStamping)) {
      problems.push(
        `the signer certificate's extendedKeyUsage (${purposes.join(', ') || 'empty'}) does not include id-kp-timeStamping (${OIDS.timeStamping})`
      )
    } else if (purposes.length > 1) {
      problems.push(
        `the signer certificate's extendedKeyUsage also allows ${purposes.filter((p) => p !== OIDS.timeStamping).join(', ')}; RFC 3161 §2.3 allows only id-kp-timeStamping (${OIDS.timeStamping})`
      )
    }
    if (!eku.critical)
      problems.push("the signer certificate's extendedKeyUsage extension is not marked critical; RFC 3161 §2.3 requires it to be critical")
  }
  // keyUsage, when present, may only allow digitalSignature and nonRepudiation (what openssl ts -verify enforces).
  const ku = (cert.extensions ?? []).find((e) => e.extnID === OIDS.keyUsage)
  if (ku) {
    try {
      const bits = (decodeWhole(ku.extnValue.valueBlock.valueHexView, 'the keyUsage extension') as asn1js.BitString).valueBlock.valueHexView
      const names = [
        'digitalSignature',
        'nonRepudiation',
        'keyEncipherment',
        'dataEncipherment',
        'keyAgreement',
        'keyCertSign',
        'cRLSign',
        'encipherOnly',
        'decipherOnly'
      ]
      const set = names.filter((_n, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0)
      const other = set.filter((n) => n !== 'digitalSignature' && n !== 'nonRepudiation')
      if (other.length > 0)
        problems.push(
          `the signer certificate's keyUsage also allows ${other.join(', ')}; a time-stamping key may only allow digitalSignature and nonRepudiation`
        )
      if (!set.includes('digitalSignature') && !set.includes('nonRepudiation'))
        problems.push("the signer certificate's keyUsage allows neither digitalSignature nor nonRepudiation")
    } catch (err) {
      problems.push(`the signer certificate's keyUsage extension cannot be read: ${(err as Error).message}`)
    }
  }
}

/** RFC 3161 §2.4.1 / RFC 5035: the signed ESS signing-certificate attribute must name the signer certificate. */
function checkEssBinding(signerInfo: pkijs.SignerInfo, signerDer: Buffer, problems: string[]): void {
  const attrs = signerInfo.signedAttrs?.attributes ?? []
  const v2 = attrs.find((a) => a.type === OIDS.signingCertificateV2)
  const v1 = attrs.find((a) => a.type === OIDS.signingCertificate)
  const attr = v2 ?? v1
  if (!attr) {
    problems.push(
      'the token has no signed signingCertificate or signingCertificateV2 attribute, so nothing binds the signature to the TSA certificate (RFC 3161 §2.4.1)'
    )
    return
  }
  try {
    const certs = ((attr.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value
    const first = certs[0] as asn1js.Sequence | undefined
    if (!first) throw new Error('it lists no certificate')
    const parts = first.valueBlock.value
    let hashOid = OIDS.sha1 as string
    let certHash: asn1js.OctetString
    if (attr === v2 && parts[0] instanceof asn1js.Sequence) {
      hashOid = new pkijs.AlgorithmIdentifier({ schema: parts[0] }).algorithmId
      certHash = parts[1] as asn1js.OctetString
    } else {
      if (attr === v2) hashOid = OIDS.sha256
      certHash = parts[0] as asn1js.OctetString
    }
    const name = HASH_NAMES[hashOid]
    if (!name) throw new Error(`it uses unknown hash algorithm ${hashOid}`)
    const expected = createHash(name).update(signerDer).digest('hex')
    const got = hex(certHash.valueBlock.valueHexView)
    if (got !== expected)
      problems.push(
        `the ${attr === v2 ? 'signingCertificateV2' : 'signingCertificate'} attribute names a different certificate (${name} ${got}) than the one that signed (${expected})`
      )
  } catch (err) {
    problems.push(`the signing-certificate attribute cannot be read: ${(err as Error).message}`)
  }
}

/**
 * Verifies a TimeStampToken (DER CMS ContentInfo) over `options.data`. Every check runs even when an
 * earlier one failed, so the caller sees every problem at once; `ok` is true only with none.
 */
export async function verifyTimestampToken(token: Uint8Array, options: VerifyOptions): Promise<TimestampVerification> {
  const problems: string[] = []
  const result = (extra: Partial<TimestampVerification> = {}): TimestampVerification => ({
    ok: problems.length === 0,
    genTime: null,
    serial: null,
    ...extra,
    problems
  })

  // 1. Structure: ContentInfo → SignedData → TSTInfo.
  let contentAsn1: asn1js.AsnType
  let signed: pkijs.SignedData
  let tst: pkijs.TSTInfo
  try {
    const ci = new pkijs.ContentInfo({ schema: decodeWhole(token, 'the token') })
    if (ci.contentType !== OIDS.signedData)
      throw new TimestampError(`the token's content type is ${ci.contentType}, not signedData (${OIDS.signedData})`)
    contentAsn1 = ci.content as asn1js.AsnType
    signed = new pkijs.SignedData({ schema: contentAsn1 })
    if (signed.encapContentInfo.eContentType !== OIDS.tstInfo)
      throw new TimestampError(`the token encapsulates ${signed.encapContentInfo.eContentType}, not TSTInfo (${OIDS.tstInfo})`)
    const eContent = signed.encapContentInfo.eContent
    if (!eContent) throw new TimestampError('the token has no encapsulated TSTInfo')
    tst = new pkijs.TSTInfo({ schema: decodeWhole(new Uint8Array(eContent.getValue()), 'the TSTInfo') })
  } catch (err) {
    problems.push(err instanceof TimestampError ? err.message : `the token is not an RFC 3161 TimeStampToken: ${(err as Error).message}`)
    return result()
  }

  const genTime = tst.genTime
  const serial = tst.serialNumber.toBigInt().toString(16)
  const tsaName = tst.tsa ? formatName(tst.tsa) : undefined
  const extra = { genTime, serial, policy: tst.policy, ...(tsaName !== undefined ? { tsaName } : {}) }

  // 2. Message imprint: the token must cover SHA-256 of exactly our bytes.
  if (tst.version !== 1) problems.push(`TSTInfo version is ${tst.version}, not 1`)
  const algo = tst.messageImprint.hashAlgorithm.algorithmId
  const covered = hex(tst.messageImprint.hashedMessage.valueBlock.valueHexView)
  const actual = sha256(options.data).toString('hex')
  if (algo !== OIDS.sha256) {
    problems.push(`the messageImprint uses hash algorithm ${algo}, not SHA-256 (${OIDS.sha256})`)
  } else if (covered !== actual) {
    problems.push(`the messageImprint does not match the data: the token covers SHA-256 ${covered}, the data hashes to ${actual}`)
  }

  // 3. Nonce, when the token answers our request.
  if (options.nonce !== undefined) {
    if (!tst.nonce) problems.push(`the token has no nonce; the request sent ${options.nonce.toString(16)}`)
    else if (tst.nonce.toBigInt() !== options.nonce)
      problems.push(
        `the nonce does not match: the request sent ${options.nonce.toString(16)}, the token has ${tst.nonce.toBigInt().toString(16)}`
      )
  }

  // 4. Exactly one signer, whose certificate is in the token.
  if (signed.signerInfos.length !== 1)
    problems.push(`the token has ${signed.signerInfos.length} signers; RFC 3161 §2.4.2 allows only the TSA's`)
  const signerInfo = signed.signerInfos[0]
  if (!signerInfo) return result(extra)
  const ctAttr = signerInfo.signedAttrs?.attributes.find((a) => a.type === OIDS.contentTypeAttr)
  const ctValue = ctAttr?.values[0] instanceof asn1js.ObjectIdentifier ? ctAttr.values[0].valueBlock.toString() : undefined
  if (ctValue !== OIDS.tstInfo) problems.push(`the signed content-type attribute is ${ctValue ?? 'missing'}, not TSTInfo (${OIDS.tstInfo})`)

  // 5. CMS signature via pkijs. pkijs would refuse to check the signature at all once the imprint
  // differs from `data`; the imprint was checked above, so it is asked to check the signature alone
  // (message-digest attribute over the TSTInfo bytes, then the signature over the signed attributes).
  let signerCert: pkijs.Certificate | undefined
  const sigOnly = new pkijs.SignedData({ schema: contentAsn1 })
  sigOnly.encapContentInfo.eContentType = OIDS.data
  try {
    const v = await sigOnly.verify({ signer: 0, checkChain: false, extendedMode: true, checkDate: genTime })
    signerCert = v.signerCertificate ?? undefined
    if (v.signatureVerified !== true) problems.push('the CMS signature does not verify: the signature over the signed attributes is wrong')
  } catch (err) {
    const e = err as pkijs.SignedDataVerifyError
    signerCert = e.signerCertificate ?? undefined
    problems.push(`the CMS signature does not verify: ${e.message}`)
  }
  if (!signerCert) {
    if (!problems.some((p) => p.includes('signer certificate')))
      problems.push('the token does not carry the signer certificate (the request must set certReq)')
    return result(extra)
  }

  // 6. The signer certificate: bound by ESS, valid at genTime, a time-stamping key, chained to the CA.
  const index = (signed.certificates ?? []).indexOf(signerCert)
  const signerDer = rawCertificates(contentAsn1)[index] ?? Buffer.from(signerCert.toSchema().toBER(false))
  checkEssBinding(signerInfo, signerDer, problems)
  const x509 = new X509Certificate(signerDer)
  const notBefore = new Date(x509.validFrom)
  const notAfter = new Date(x509.validTo)
  if (genTime < notBefore || genTime > notAfter) {
    problems.push(
      `genTime ${genTime.toISOString()} is outside the signer certificate's validity (${notBefore.toISOString()} to ${notAfter.toISOString()})`
    )
  }
  checkKeyUsages(signerCert, problems)
  if (options.trustedCa !== undefined) {
    try {
      const ca = parseCertificate(certificateDer(options.trustedCa))
      const chained = new pkijs.SignedData({ schema: contentAsn1 })
      chained.encapContentInfo.eContentType = OIDS.data
      await chained.verify({ signer: 0, checkChain: true, trustedCerts: [ca], checkDate: genTime, extendedMode: true })
    } catch (err) {
      // Code 5 is the chain; any other failure is the signature, already reported above.
      const e = err as pkijs.SignedDataVerifyError
      if (e.code === 5 || !(err instanceof pkijs.SignedDataVerifyError)) {
        problems.push(
          `the signer certificate does not chain to the trusted CA: ${e.message.replace(/^Validation of signer's certificate failed( with error)?: ?/, '')}`
        )
      }
    }
  }
  return result(extra)
}
