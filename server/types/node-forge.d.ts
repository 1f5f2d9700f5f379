// The few node-forge calls Sanad makes (a dependency of @signpdf/signer-p12; it ships no types):
// a self-signed certificate and its PKCS#12 file for signing dossier PDFs.
declare module 'node-forge' {
  type Bytes = { getBytes(): string }
  type Asn1 = object
  type PrivateKey = { n: unknown; e: unknown }
  type Certificate = {
    publicKey: unknown
    serialNumber: string
    validity: { notBefore: Date; notAfter: Date }
    setSubject(attrs: Array<{ name?: string; shortName?: string; value: string }>): void
    setIssuer(attrs: Array<{ name?: string; shortName?: string; value: string }>): void
    setExtensions(exts: Array<Record<string, unknown>>): void
    sign(key: PrivateKey, md: unknown): void
  }
  const forge: {
    pki: {
      privateKeyFromPem(pem: string): PrivateKey
      setRsaPublicKey(n: unknown, e: unknown): unknown
      createCertificate(): Certificate
      certificateToPem(cert: Certificate): string
    }
    md: { sha256: { create(): unknown } }
    pkcs12: {
      toPkcs12Asn1(key: PrivateKey, certs: Certificate[], password: string, options: { algorithm: string; friendlyName?: string }): Asn1
    }
    asn1: { toDer(asn1: Asn1): Bytes }
  }
  export default forge
}
