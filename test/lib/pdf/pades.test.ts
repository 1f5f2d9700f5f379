// The dossier PDF's own signature (PAdES Basic, adbe.pkcs7.detached): deterministic for the same
// bytes, key and time; valid for poppler's pdfsig and qpdf; and a box drawn over a page afterwards
// (pdf-lib, re-saved) shows as modified both to pdfsig and to checkPdfSignature.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument, rgb } from 'pdf-lib'
import { P12Signer } from '@signpdf/signer-p12'
import * as signpdfModule from '@signpdf/signpdf'
import {
  SAVE_FOR_SIGNING,
  addSignaturePlaceholder,
  checkPdfSignature,
  signPdf,
  signPlaceholder,
  type PdfSigningIdentity
} from '../../../server/lib/pdf/pades.ts'
import { loadPdfSigningIdentity, selfSignedP12 } from '../../../server/keys/pdf-signing.ts'
import { requireTool } from '../../helpers/system-tools.ts'

const dir = mkdtempSync(join(tmpdir(), 'sanad-pades-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const identity: PdfSigningIdentity = {
  p12: selfSignedP12('Afghan Witness Office', 'test passphrase'),
  passphrase: 'test passphrase',
  selfSigned: true,
  commonName: 'Afghan Witness Office'
}
const meta = {
  signingTime: new Date('2025-03-21T09:30:00.000Z'),
  name: 'Afghan Witness Office',
  reason: 'Dossier SND-C-2025-000001',
  location: 'sanad.test/ledger',
  contactInfo: 'sanad.test/ledger'
}

async function unsigned(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.addPage([595, 842]).drawText('Victims: 13', { x: 72, y: 720, size: 14 })
  doc.addPage([595, 842]).drawText('Annex', { x: 72, y: 720, size: 14 })
  return await doc.save({ useObjectStreams: true })
}

/** The signed PDF with a white box drawn over its first page, saved again (what an editor does). */
async function boxDrawn(signed: Uint8Array): Promise<Buffer> {
  const doc = await PDFDocument.load(signed, { updateMetadata: false })
  doc.getPage(0).drawRectangle({ x: 60, y: 700, width: 200, height: 40, color: rgb(1, 1, 1) })
  return Buffer.from(await doc.save({ useObjectStreams: false }))
}

t.test('the same bytes, key and time give the same signed PDF; checkPdfSignature finds it whole and valid', async (t) => {
  const bytes = await unsigned()
  const one = await signPdf(bytes, identity, meta)
  const two = await signPdf(bytes, identity, meta)
  t.ok(one.equals(two), 'signed twice: identical bytes')
  const later = await signPdf(bytes, identity, { ...meta, signingTime: new Date('2025-03-21T09:30:01.000Z') })
  t.notOk(later.equals(one), 'another signing time changes the bytes')
  const report = await checkPdfSignature(one)
  t.same(report.problems, [])
  t.match(report, { signed: true, signer: 'Afghan Witness Office', selfSigned: true, subFilter: 'adbe.pkcs7.detached' })
  t.equal(report.signingTime, '2025-03-21T09:30:00.000Z')
  t.match(await checkPdfSignature(bytes), { signed: false, problems: ['the PDF carries no signature'] })
})

t.test('a placeholder filled in place gives the bytes @signpdf/signpdf gives with its own PKCS#12 signer, without a copy', async (t) => {
  const doc = await PDFDocument.load(await unsigned(), { updateMetadata: false })
  addSignaturePlaceholder(doc, meta)
  const withPlaceholder = Buffer.from(await doc.save(SAVE_FOR_SIGNING))
  // CommonJS: the instance is `exports.default`, seen as `default.default` through tsx.
  type SignPdf = { sign(pdf: Buffer, signer: P12Signer, time: Date): Promise<Buffer> }
  const cjs = (signpdfModule as unknown as { default: SignPdf & { default?: SignPdf } }).default
  const signpdf = cjs.default ?? cjs
  const byLibrary = await signpdf.sign(
    Buffer.from(withPlaceholder),
    new P12Signer(identity.p12, { passphrase: identity.passphrase }),
    meta.signingTime
  )
  const inPlace = signPlaceholder(withPlaceholder, identity, meta.signingTime)
  t.ok(inPlace.equals(byLibrary), 'the same signed bytes')
  t.equal(inPlace.buffer, withPlaceholder.buffer, 'written into the saved bytes themselves')
  t.ok(inPlace.equals(await signPdf(await unsigned(), identity, meta)), 'signPdf (load, placeholder, save, fill) gives them too')
  t.throws(
    () => signPlaceholder(inPlace, identity, meta.signingTime),
    /no signature placeholder/,
    'a filled placeholder is not signed again'
  )
})

t.test('pdfsig finds the signature valid over the total document, and qpdf --check passes', async (t) => {
  if (!requireTool(t, 'pdfsig', 'qpdf')) return
  const file = join(dir, 'signed.pdf')
  writeFileSync(file, await signPdf(await unsigned(), identity, meta))
  const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' })
  t.match(sig.stdout, /Signer Certificate Common Name: Afghan Witness Office/)
  t.match(sig.stdout, /Total document signed/)
  t.match(sig.stdout, /Signature Validation: Signature is Valid\./)
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' })
  t.equal(check.status, 0, 'qpdf --check passes', { stdout: check.stdout, stderr: check.stderr })
})

t.test('a box drawn over a page after signing shows as modified to pdfsig and to checkPdfSignature', async (t) => {
  const tampered = await boxDrawn(await signPdf(await unsigned(), identity, meta))
  const report = await checkPdfSignature(tampered)
  t.equal(report.signed, true)
  t.match(report.problems.join('\n'), /does not cover the whole file/)
  if (!requireTool(t, 'pdfsig')) return
  const file = join(dir, 'box.pdf')
  writeFileSync(file, tampered)
  const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' })
  t.notMatch(sig.stdout, /Signature Validation: Signature is Valid\./)
  t.match(sig.stdout, /Not total document signed|Digest Mismatch/)
})

t.test('re-saved with object streams, the signature still shows as there and broken', async (t) => {
  const doc = await PDFDocument.load(await signPdf(await unsigned(), identity, meta), { updateMetadata: false })
  const resaved = await doc.save({ useObjectStreams: true })
  t.match(await checkPdfSignature(resaved), { signed: true, problems: [/saved again after signing/] })
})

t.test('bytes appended after signing, or a changed byte inside the signed range, fail the check', async (t) => {
  const signed = await signPdf(await unsigned(), identity, meta)
  const appended = Buffer.concat([signed, Buffer.from('\n% appended\n')])
  t.match((await checkPdfSignature(appended)).problems.join('\n'), /does not cover the whole file/)
  const flipped = Buffer.from(signed)
  const i = flipped.indexOf('/Type /Catalog')
  flipped[i + 1] = 0x55 // 'T' → 'U' inside the signed range
  t.match((await checkPdfSignature(flipped)).problems.join('\n'), /does not verify over the signed bytes/)
})

t.test('without a configured PKCS#12 file a self-signed identity is made once in the data dir and kept', async (t) => {
  const dataDir = join(dir, 'data')
  const settings = { dataDir, p12File: '', passphrase: '', commonName: 'Sanad (sanad.test/ledger)' }
  const first = loadPdfSigningIdentity(settings)
  const again = loadPdfSigningIdentity(settings)
  t.equal(first.selfSigned, true)
  t.equal(first.commonName, 'Sanad (sanad.test/ledger)')
  t.ok(first.p12.equals(again.p12), 'made once, then read back')
  const given = join(dir, 'org.p12')
  writeFileSync(given, identity.p12)
  const configured = loadPdfSigningIdentity({ ...settings, p12File: given, passphrase: 'test passphrase' })
  t.equal(configured.commonName, 'Afghan Witness Office')
  t.throws(() => loadPdfSigningIdentity({ ...settings, p12File: given, passphrase: 'wrong' }), /SANAD_PDF_SIGNING_P12_PASSPHRASE/)
})

t.test('an identity opened once in this process is opened again when its file or passphrase differ', async (t) => {
  const settings = { dataDir: join(dir, 'data-again'), p12File: join(dir, 'again.p12'), passphrase: 'test passphrase', commonName: 'x' }
  writeFileSync(settings.p12File, identity.p12)
  t.equal(loadPdfSigningIdentity(settings).commonName, 'Afghan Witness Office')
  t.equal(loadPdfSigningIdentity(settings).commonName, 'Afghan Witness Office', 'the same file and passphrase: the same answer')
  t.throws(() => loadPdfSigningIdentity({ ...settings, passphrase: 'test passphrase ' }), /SANAD_PDF_SIGNING_P12_PASSPHRASE/)
  const damaged = Buffer.from(identity.p12)
  const at = damaged.length - 40
  damaged[at] = (damaged[at] ?? 0) ^ 0x01
  writeFileSync(settings.p12File, damaged)
  t.throws(() => loadPdfSigningIdentity(settings), /SANAD_PDF_SIGNING_P12/, 'one changed byte is opened afresh and refused')
})
