import { open } from 'node:fs/promises'
import { displayName } from './display-name.ts'

/**
 * What a file is, judged from its bytes, never from its name or the uploader's Content-Type.
 */

export type SniffedType = { mediaType: string; ext: string | null }

export const OCTET_STREAM = 'application/octet-stream'

const HEAD_BYTES = 8192

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** UTF-8 text without NULs or binary control characters (tab, CR, LF, FF and ESC are fine). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false
  let bytes: Uint8Array = head
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) bytes = head.subarray(3)
  try {
    // stream: true tolerates a multi-byte character cut at the end of the head we read.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
  } catch {
    return false
  }
  for (const b of bytes) {
    if (b === 0x7f || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b)) return false
  }
  return true
}

/**
 * Media type from magic numbers (file-type), then two fallbacks file-type lacks: PDF whose
 * "%PDF-" is not at byte 0 (allowed within the first 1024 bytes) and plain UTF-8 text.
 */
export async function sniffType(path: string): Promise<SniffedType> {
  // file-type is loaded when a file is first sniffed, not at start.
  const { fileTypeFromFile } = await import('file-type')
  const detected = await fileTypeFromFile(path)
  if (detected !== undefined) return { mediaType: detected.mime, ext: detected.ext }
  const head = await readHead(path, HEAD_BYTES)
  if (head.subarray(0, 1024).includes('%PDF-')) return { mediaType: 'application/pdf', ext: 'pdf' }
  if (looksLikeText(head)) return { mediaType: 'text/plain', ext: 'txt' }
  return { mediaType: OCTET_STREAM, ext: null }
}

// Extensions a file of a given type may honestly carry. Keyed by media type; file-type's own
// extension for the type is always accepted as well.
const EQUIVALENT_EXTENSIONS: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif', 'jif'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'image/heic': ['heic', 'heif', 'hif'],
  'image/heif': ['heic', 'heif', 'hif'],
  'image/heic-sequence': ['heic', 'heics', 'heif', 'heifs'],
  'image/heif-sequence': ['heic', 'heics', 'heif', 'heifs'],
  'image/avif': ['avif'],
  'image/bmp': ['bmp', 'dib'],
  'video/mp4': ['mp4', 'm4v', 'mp4v', 'mpg4'],
  'video/x-m4v': ['m4v', 'mp4'],
  'video/quicktime': ['mov', 'qt'],
  'video/3gpp': ['3gp', '3gpp'],
  'video/3gpp2': ['3g2', '3gp2', '3gp'],
  'video/webm': ['webm'],
  'video/x-matroska': ['mkv'],
  'video/x-msvideo': ['avi'],
  'audio/mpeg': ['mp3'],
  'audio/mp4': ['m4a', 'mp4', 'aac'],
  'audio/x-m4a': ['m4a', 'mp4'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/opus': ['opus', 'ogg'],
  'audio/wav': ['wav'],
  'audio/amr': ['amr'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'log', 'md', 'csv', 'tsv', 'json', 'xml', 'srt', 'vtt', 'htm', 'html']
}

/** The extension of a name as a lower-case string without the dot, or null. */
export function extensionOf(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? ''
  const trimmed = base.replace(/[\s.]+$/u, '')
  const dot = trimmed.lastIndexOf('.')
  if (dot <= 0 || dot === trimmed.length - 1) return null
  return trimmed.slice(dot + 1).toLowerCase()
}

/**
 * True when the name's extension claims a different type than the content. Unknown content and
 * names without an extension claim nothing, so they never mismatch.
 */
export function extensionMismatch(originalName: string, sniffed: SniffedType): boolean {
  if (sniffed.mediaType === OCTET_STREAM) return false
  // Bidi controls can make "photo\u202Egpj.exe" look like "photoexe.jpg": judge the name without them.
  const ext = extensionOf(displayName(originalName))
  if (ext === null) return false
  const allowed = new Set(EQUIVALENT_EXTENSIONS[sniffed.mediaType] ?? [])
  if (sniffed.ext !== null) {
    allowed.add(sniffed.ext.toLowerCase())
    // Types are grouped by media type, so also accept the group of the detected extension's type.
    for (const list of Object.values(EQUIVALENT_EXTENSIONS)) {
      if (list[0] === sniffed.ext.toLowerCase()) for (const e of list) allowed.add(e)
    }
  }
  return !allowed.has(ext)
}
