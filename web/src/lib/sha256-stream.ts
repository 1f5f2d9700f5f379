// SHA-256 of a file of any size in the browser: the file is read as a stream, chunk by chunk, into an
// incremental hash (@noble/hashes), so a 2 GB video never sits in memory whole.

import { sha256 } from '@noble/hashes/sha2'
import { toHex } from './bytes.ts'

export type HashProgress = (done: number, total: number) => void

/** Minimal stream shape: a browser File.stream() or a Node web stream. */
export type ByteStream = { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; releaseLock(): void } }

/** Hex SHA-256 of everything the stream yields; `total` (bytes) is only used for progress. */
export async function sha256OfStream(stream: ByteStream, total: number, onProgress?: HashProgress, signal?: AbortSignal): Promise<string> {
  const hash = sha256.create()
  const reader = stream.getReader()
  let done = 0
  let lastReport = 0
  try {
    for (;;) {
      if (signal?.aborted) throw new Error('aborted')
      const chunk = await reader.read()
      if (chunk.done) break
      if (!chunk.value) continue
      hash.update(chunk.value)
      done += chunk.value.length
      // Report at most every 4 MiB so progress updates do not dominate the work.
      if (onProgress && (done - lastReport >= 4 * 1024 * 1024 || done === total)) {
        lastReport = done
        onProgress(done, total)
      }
    }
  } finally {
    reader.releaseLock()
  }
  onProgress?.(done, total)
  return toHex(hash.digest())
}

/** Hex SHA-256 of a File or Blob, streamed. */
export async function sha256OfFile(
  file: { size: number; stream(): unknown },
  onProgress?: HashProgress,
  signal?: AbortSignal
): Promise<string> {
  return await sha256OfStream(file.stream() as ByteStream, file.size, onProgress, signal)
}
