/**
 * A safe name to show for an uploaded file. The original name is kept verbatim elsewhere as
 * evidence; this one is for screens, reports and Content-Disposition, so it must not carry paths,
 * invisible reordering characters or control bytes.
 */

export const MAX_DISPLAY_NAME = 120
const FALLBACK = 'file'
const MAX_KEPT_EXTENSION = 16

// C0, DEL, C1 controls; bidi embeddings/overrides/isolates and marks (LRM, RLM, ALM); line and
// paragraph separators; BOM, zero-width space, word joiner and invisible operators; deprecated
// format controls; interlinear annotation. ZWNJ/ZWJ (U+200C/D) stay: Dari and Pashto spelling needs them.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// Dots and any kind of whitespace at either end ("photo.jpg. " is "photo.jpg" on Windows).
const EDGES = /^[\s.]+|[\s.]+$/gu

function codePoints(s: string): string[] {
  return Array.from(s)
}

export function displayName(originalName: string): string {
  if (typeof originalName !== 'string') return FALLBACK
  let name = originalName.replace(LONE_SURROGATE, '\ufffd').replace(INVISIBLE, '').normalize('NFC')
  // Only the last path segment, whichever separator the uploader's OS used.
  name = name.split(/[\\/]/).pop() ?? ''
  name = name.replace(/^[a-z]:/i, '') // "C:photo.jpg" (drive-relative Windows path)
  name = name.replace(EDGES, '')
  if (name === '' || name === '.' || name === '..') return FALLBACK
  return bound(name)
}

/** At most MAX_DISPLAY_NAME code points, cutting the stem so a short extension survives. */
function bound(name: string): string {
  const chars = codePoints(name)
  if (chars.length <= MAX_DISPLAY_NAME) return name
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 ? codePoints(name.slice(dot + 1)) : []
  if (ext.length === 0 || ext.length > MAX_KEPT_EXTENSION) {
    return chars.slice(0, MAX_DISPLAY_NAME).join('').replace(EDGES, '') || FALLBACK
  }
  const stem = codePoints(name.slice(0, dot))
    .slice(0, MAX_DISPLAY_NAME - ext.length - 1)
    .join('')
    .replace(EDGES, '')
  return stem === '' ? FALLBACK : `${stem}.${ext.join('')}`
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'image/tiff': '.tif',
  'video/mp4': '.mp4',
  'video/quicktime': '.mov',
  'video/3gpp': '.3gp',
  'video/webm': '.webm',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/ogg': '.ogg',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'application/zip': '.zip'
}

/** The usual extension of a detected media type (`.bin` when unknown). */
export function extensionOfMediaType(mediaType: string): string {
  return EXTENSIONS[mediaType] ?? '.bin'
}

/**
 * A name that says nothing about the file's content or who named it: `E-<first 8 of the id>.<ext>`.
 * Documenters often name files after the person shown or heard; auditors and uncleared readers get this.
 */
export function neutralName(evidenceId: string, mediaType: string): string {
  return `E-${evidenceId.replace(/-/g, '').slice(0, 8)}${extensionOfMediaType(mediaType)}`
}
