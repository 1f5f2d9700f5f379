import { type MediaMetadata, readImageMetadata } from './exif.ts'
import { readVideoMetadata } from './mp4-boxes.ts'

/**
 * One entry point for embedded metadata: the sniffed media type picks the reader.
 */

export type { GpsPosition, JsonObject, JsonValue, MediaMetadata, MetadataStatus } from './exif.ts'

export const IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/heic',
  'image/heif',
  'image/heic-sequence',
  'image/heif-sequence',
  'image/webp'
])

export const VIDEO_TYPES: ReadonlySet<string> = new Set(['video/mp4', 'video/quicktime', 'video/3gpp', 'video/3gpp2', 'video/x-m4v'])

/** Never throws; `mediaType` should be the sniffed type, not the uploader's claim. */
export async function readMetadata(path: string, mediaType: string): Promise<MediaMetadata> {
  const type = mediaType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (IMAGE_TYPES.has(type)) return readImageMetadata(path)
  if (VIDEO_TYPES.has(type)) return readVideoMetadata(path)
  return { status: 'none', raw: {} }
}
