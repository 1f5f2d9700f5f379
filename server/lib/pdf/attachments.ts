// Reading the file attachments back out of a PDF (for offline verification of
// a dossier: its manifest, signature and checkpoint travel as attachments).

import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib';

export interface PdfAttachment {
  name: string;
  description?: string;
  mimeType?: string;
  bytes: Uint8Array;
}

function text(value: unknown): string | undefined {
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : undefined;
}

/** Every embedded file of the document's EmbeddedFiles name tree, in tree order. */
export async function readPdfAttachments(pdf: Uint8Array): Promise<PdfAttachment[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const root = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const out: PdfAttachment[] = [];
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict): void => {
    if (seen.has(node)) return; // a cyclic tree is not followed twice
    seen.add(node);
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (kids !== undefined) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i, PDFDict));
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (pairs === undefined) return;
    for (let i = 1; i < pairs.size(); i += 2) {
      const spec = pairs.lookup(i, PDFDict);
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
      const found = ef?.lookup(PDFName.of('UF')) ?? ef?.lookup(PDFName.of('F'));
      if (!(found instanceof PDFRawStream)) continue;
      const stream = found;
      const name = text(spec.get(PDFName.of('UF'))) ?? text(spec.get(PDFName.of('F'))) ?? text(pairs.get(i - 1)) ?? `attachment-${out.length + 1}`;
      const item: PdfAttachment = { name, bytes: decodePDFRawStream(stream).decode() };
      const description = text(spec.get(PDFName.of('Desc')));
      if (description !== undefined) item.description = description;
      const subtype = stream.dict.get(PDFName.of('Subtype'));
      if (subtype instanceof PDFName) item.mimeType = subtype.decodeText();
      out.push(item);
    }
  };
  if (root !== undefined) walk(root);
  return out;
}
