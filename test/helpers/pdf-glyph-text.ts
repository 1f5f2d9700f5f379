// Reads the text a PDF draws in its own encoding (not a test file itself). pdf-lib with fontkit embeds
// subset fonts, so a page shows glyph ids (<0041002a…> Tj), not characters: a byte search for a name
// finds nothing even when the page prints it. This decodes every hex string of every content stream
// with every ToUnicode CMap of the file (the fonts are not matched to streams: each CMap gives one
// reading), and returns the readings, both as drawn and reversed (right-to-left lines are drawn in
// visual order). Input: a PDF with uncompressed streams (qpdf --qdf --stream-data=uncompress).

type CMap = Map<number, string>

function hexToString(hex: string): string {
  let out = ''
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16))
  return out
}

/** Every ToUnicode CMap (bfchar and bfrange) in the file. */
export function toUnicodeCMaps(pdf: string): CMap[] {
  const maps: CMap[] = []
  for (const m of pdf.matchAll(/begincmap([\s\S]*?)endcmap/g)) {
    const body = m[1]!
    const map: CMap = new Map()
    for (const block of body.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const pair of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(pair[1]!, 16), hexToString(pair[2]!))
    }
    for (const block of body.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
        const lo = parseInt(r[1]!, 16)
        const hi = parseInt(r[2]!, 16)
        if (r[4] !== undefined) {
          const base = hexToString(r[4])
          for (let g = lo; g <= hi; g++) map.set(g, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (g - lo)))
        } else {
          const list = [...r[5]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => hexToString(x[1]!))
          for (let g = lo; g <= hi && g - lo < list.length; g++) map.set(g, list[g - lo]!)
        }
      }
    }
    if (map.size > 0) maps.push(map)
  }
  return maps
}

/** The readings of every text object's glyph strings, one per CMap, as drawn and reversed. */
export function glyphTexts(uncompressedPdf: Buffer): string[] {
  const pdf = uncompressedPdf.toString('latin1')
  const maps = toUnicodeCMaps(pdf)
  const shown: string[] = []
  for (const bt of pdf.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
    for (const h of bt[1]!.matchAll(/<([0-9A-Fa-f\s]+)>/g)) shown.push(h[1]!.replace(/\s+/g, ''))
  }
  const out: string[] = []
  for (const map of maps) {
    const text = shown
      .map((hex) => {
        let s = ''
        for (let i = 0; i + 4 <= hex.length; i += 4) s += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD'
        return s
      })
      .join('')
    out.push(text, [...text].reverse().join(''))
  }
  return out
}
