import { readFile, stat } from 'node:fs/promises'
import { PDFDocument } from 'pdf-lib'

/**
 * PDFs larger than this are not opened to count their pages (exhibits.csv's `pages` stays empty):
 * pdf-lib holds the whole file in memory, and a dossier reads several exhibits at once.
 */
export const PAGE_COUNT_MAX_BYTES = 64 * 1024 * 1024

/**
 * The number of pages of the PDF at `path`, for exhibits.csv (#17 item 7); undefined when the file
 * is too large or pdf-lib cannot read it (damaged, or not a PDF after all). Encrypted PDFs are
 * counted without decrypting (the page tree is not encrypted); nothing is written.
 */
export async function pdfPageCount(path: string): Promise<number | undefined> {
  try {
    if ((await stat(path)).size > PAGE_COUNT_MAX_BYTES) return undefined
    const doc = await PDFDocument.load(await readFile(path), { ignoreEncryption: true, updateMetadata: false })
    const n = doc.getPageCount()
    return n > 0 ? n : undefined
  } catch {
    return undefined
  }
}
