import t from 'tap'
import { deflateSync } from 'node:zlib'
import { PDFDocument, PDFName, PDFString } from 'pdf-lib'
import { PDF_ATTACHMENT_LIMITS, readPdfAttachments } from '../../../server/lib/pdf/attachments.ts'

/** A PDF with one embedded file whose stream holds `stored` under `filter` (built by hand, as an attacker would). */
async function pdfWith(stored: Uint8Array, filter: string | null): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.addPage()
  const ctx = doc.context
  const stream = ctx.stream(stored, { Type: 'EmbeddedFile', ...(filter === null ? {} : { Filter: filter }) })
  const ref = ctx.register(stream)
  const spec = ctx.obj({ Type: 'Filespec', F: PDFString.of('manifest.json'), UF: PDFString.of('manifest.json'), EF: { F: ref, UF: ref } })
  const names = ctx.obj({ EmbeddedFiles: { Names: [PDFString.of('manifest.json'), ctx.register(spec)] } })
  doc.catalog.set(PDFName.of('Names'), names)
  return await doc.save({ useObjectStreams: false })
}

t.test('an attachment that inflates far beyond its stored size is refused quickly, without inflating it', async (t) => {
  const bomb = deflateSync(Buffer.alloc(512 * 1024 * 1024), { level: 9 }) // 512 MiB of zeros in about 500 KiB
  const pdf = await pdfWith(bomb, 'FlateDecode')
  const before = process.memoryUsage().rss
  const started = process.hrtime.bigint()
  await t.rejects(readPdfAttachments(pdf), { code: 'PDF_ATTACHMENT_UNSAFE' })
  t.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, 'refused in under 2 s')
  t.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'without holding the inflated bytes')
})

t.test('ordinary attachments still read, compressed or not', async (t) => {
  const json = Buffer.from(JSON.stringify({ format: 'sanad-export', exhibits: new Array(200).fill('x') }))
  t.same(Buffer.from((await readPdfAttachments(await pdfWith(deflateSync(json), 'FlateDecode')))[0]!.bytes), json)
  t.same(Buffer.from((await readPdfAttachments(await pdfWith(json, null)))[0]!.bytes), json)
  t.ok(PDF_ATTACHMENT_LIMITS.ratio >= 100, 'text compresses well, but not a hundredfold')
})
