// PDF pages drawn in the browser with pdf.js. Loaded only when a PDF preview is opened (a chunk of its
// own, kept out of the main bundle and out of the service worker's precache: see web/vite.config.ts).
// The worker is a file of this build, served from our own origin (no CDN; the CSP's script-src 'self'
// covers it).
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist'
import workerSrc from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

GlobalWorkerOptions.workerSrc = workerSrc

export type PdfPages = {
  pages: number
  /** Draws page `n` (from 1) into the canvas, `cssWidth` CSS pixels wide, sharp on dense screens. */
  render: (n: number, canvas: HTMLCanvasElement, cssWidth: number) => Promise<void>
  close: () => Promise<void>
}

/**
 * Opens a PDF from its bytes (fetched once by the caller: one recorded access, no range requests).
 * An exhibit may be hostile: no string evaluation (the CSP forbids it anyway), no XFA forms, no
 * scripts (pdf.js runs none without its sandbox, which is not bundled), images above 40 megapixels
 * left out.
 */
export async function openPdf(data: Uint8Array): Promise<PdfPages> {
  const doc: PDFDocumentProxy = await getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    disableRange: true,
    disableStream: true,
    disableAutoFetch: true,
    maxImageSize: 40_000_000
  }).promise
  return {
    pages: doc.numPages,
    render: async (n, canvas, cssWidth) => {
      const page = await doc.getPage(n)
      const base = page.getViewport({ scale: 1 })
      const ratio = Math.min(window.devicePixelRatio || 1, 2)
      const viewport = page.getViewport({ scale: (cssWidth / base.width) * ratio })
      canvas.width = Math.floor(viewport.width)
      canvas.height = Math.floor(viewport.height)
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`
      const ctx = canvas.getContext('2d')
      if (!ctx) throw new Error('no 2D canvas')
      await page.render({ canvasContext: ctx, viewport }).promise
    },
    close: async () => {
      await doc.destroy()
    }
  }
}
