// The PDF document engine: a plain-data document model rendered to a
// deterministic PDF with shaped, bidi-ordered right-to-left text.

export * from './model.ts'
export {
  renderPdf,
  renderPdfDetailed,
  PAGE_WIDTH,
  PAGE_HEIGHT,
  type RenderResult,
  type RenderProgress,
  type RenderPdfOptions
} from './render.ts'
export { layoutText, measureText, breakPoints, isHashWord, type Line, type Piece, type TextStyle } from './text-layout.ts'
export { keepWithNext, needsOwnPage, localDigits, usesPersianDigits } from './layout-rules.ts'
export { loadFaces, type FontFace, type Faces } from './fonts.ts'
export { readPdfAttachments, type PdfAttachment } from './attachments.ts'
