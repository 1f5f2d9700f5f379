// Reading the file attachments back out of a PDF (for offline verification of
// a dossier: its manifest, signature and checkpoint travel as attachments).

import { inflateSync } from 'node:zlib'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib'

/**
 * How far an embedded file may inflate: a PDF from a stranger can hold a small deflate stream that
 * expands to gigabytes. Real exhibits (photos, videos, PDFs) are already compressed, so they grow little.
 */
export const PDF_ATTACHMENT_LIMITS = {
  /** Inflated size at most this many times the stored size, plus `slackBytes`. */
  ratio: 100,
  slackBytes: 1024 * 1024,
  /** No single attachment larger than this, whatever its ratio (the package cap of verify-export). */
  maxBytes: 2.5 * 1024 * 1024 * 1024
} as const

export class PdfAttachmentUnsafeError extends Error {
  readonly code = 'PDF_ATTACHMENT_UNSAFE'
}

/** The attachment's bytes, inflated with a hard bound; other filters only when their input is small. */
function boundedDecode(stream: PDFRawStream, name: string): Uint8Array {
  const stored = stream.contents
  const limit = Math.min(PDF_ATTACHMENT_LIMITS.maxBytes, stored.length * PDF_ATTACHMENT_LIMITS.ratio + PDF_ATTACHMENT_LIMITS.slackBytes)
  const filter = stream.dict.lookup(PDFName.of('Filter'))
  const only = filter instanceof PDFArray && filter.size() === 1 ? filter.lookup(0) : filter
  if (filter === undefined) return stored
  if (only instanceof PDFName && only.decodeText() === 'FlateDecode' && stream.dict.lookup(PDFName.of('DecodeParms')) === undefined) {
    try {
      return inflateSync(stored, { maxOutputLength: limit })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new PdfAttachmentUnsafeError(
          `attachment ${JSON.stringify(name)} inflates beyond ${limit} bytes from ${stored.length} (a decompression bomb?)`
        )
      }
      throw err
    }
  }
  // Other filters (rare in embedded files) are decoded by pdf-lib, which cannot be bounded: only small ones.
  if (stored.length > PDF_ATTACHMENT_LIMITS.slackBytes)
    throw new PdfAttachmentUnsafeError(`attachment ${JSON.stringify(name)} uses a filter that cannot be decoded safely at this size`)
  const bytes = decodePDFRawStream(stream).decode()
  if (bytes.length > limit) throw new PdfAttachmentUnsafeError(`attachment ${JSON.stringify(name)} inflates beyond ${limit} bytes`)
  return bytes
}

export interface PdfAttachment {
  name: string
  description?: string
  mimeType?: string
  bytes: Uint8Array
}

function text(value: unknown): string | undefined {
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : undefined
}

/**
 * Every embedded file of the document's EmbeddedFiles name tree, in tree order. Throws
 * PdfAttachmentUnsafeError for one that would inflate past PDF_ATTACHMENT_LIMITS.
 */
export async function readPdfAttachments(pdf: Uint8Array): Promise<PdfAttachment[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)
  const root = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)
  const out: PdfAttachment[] = []
  const seen = new Set<PDFDict>()
  const walk = (node: PDFDict): void => {
    if (seen.has(node)) return // a cyclic tree is not followed twice
    seen.add(node)
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    if (kids !== undefined) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i, PDFDict))
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    if (pairs === undefined) return
    for (let i = 1; i < pairs.size(); i += 2) {
      const spec = pairs.lookup(i, PDFDict)
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict)
      const found = ef?.lookup(PDFName.of('UF')) ?? ef?.lookup(PDFName.of('F'))
      if (!(found instanceof PDFRawStream)) continue
      const stream = found
      const name =
        text(spec.get(PDFName.of('UF'))) ?? text(spec.get(PDFName.of('F'))) ?? text(pairs.get(i - 1)) ?? `attachment-${out.length + 1}`
      const item: PdfAttachment = { name, bytes: boundedDecode(stream, name) }
      const description = text(spec.get(PDFName.of('Desc')))
      if (description !== undefined) item.description = description
      const subtype = stream.dict.get(PDFName.of('Subtype'))
      if (subtype instanceof PDFName) item.mimeType = subtype.decodeText()
      out.push(item)
    }
  }
  if (root !== undefined) walk(root)
  return out
}
