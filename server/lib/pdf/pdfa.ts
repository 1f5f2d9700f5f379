// PDF/A-3b (ISO 19005-3, level B) parts of a dossier PDF: the XMP metadata packet that names the
// conformance (pdfaid:part 3, pdfaid:conformance B) and repeats the document information dictionary
// (the standard requires the two to agree), and the output intent's identifiers. The ICC profile is
// srgb-profile.ts. Pure: render.ts writes these into the document.

export const PDFA = { part: 3, conformance: 'B' } as const

export const SRGB_OUTPUT_INTENT = {
  /** GTS_PDFA1 is the output intent subtype of every PDF/A part. */
  subtype: 'GTS_PDFA1',
  outputConditionIdentifier: 'sRGB IEC61966-2.1',
  info: 'sRGB IEC61966-2.1',
  registryName: 'http://www.color.org'
} as const

export interface XmpInput {
  title: string
  author: string
  subject?: string
  /** As the Info dictionary holds them: joined with one space. */
  keywords?: string[]
  producer: string
  creatorTool: string
  /** Creation and modification time (the dossier's generation time). */
  date: Date
  language: string
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Text safe in XML character data: the five specials escaped, control characters XML 1.0 forbids dropped. */
export function xmlText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}

/** The XMP date of the Info dictionary's D:YYYYMMDDHHmmSSZ: whole seconds, UTC. */
export function xmpDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`
}

/** The XMP packet of a PDF/A-3b document (UTF-8, with padding so it can be edited in place). */
export function xmpMetadata(m: XmpInput): string {
  const date = xmpDate(m.date)
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `   <pdfaid:part>${PDFA.part}</pdfaid:part>`,
    `   <pdfaid:conformance>${PDFA.conformance}</pdfaid:conformance>`,
    '   <dc:format>application/pdf</dc:format>',
    `   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(m.title)}</rdf:li></rdf:Alt></dc:title>`,
    `   <dc:creator><rdf:Seq><rdf:li>${xmlText(m.author)}</rdf:li></rdf:Seq></dc:creator>`,
    ...(m.subject === undefined
      ? []
      : [`   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(m.subject)}</rdf:li></rdf:Alt></dc:description>`]),
    `   <dc:language><rdf:Bag><rdf:li>${xmlText(m.language)}</rdf:li></rdf:Bag></dc:language>`,
    `   <pdf:Producer>${xmlText(m.producer)}</pdf:Producer>`,
    ...(m.keywords === undefined || m.keywords.length === 0 ? [] : [`   <pdf:Keywords>${xmlText(m.keywords.join(' '))}</pdf:Keywords>`]),
    `   <xmp:CreatorTool>${xmlText(m.creatorTool)}</xmp:CreatorTool>`,
    `   <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `   <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `   <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>'
  ]
  const padding = `${' '.repeat(99)}\n`.repeat(20)
  return `${lines.join('\n')}\n${padding}<?xpacket end="w"?>`
}
