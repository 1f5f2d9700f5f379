// SHA-256 of a file the moment it is taken or picked: in a Web Worker, or on the page when workers are
// not available (the same streamed code either way: lib/sha256-stream.ts).
import { sha256OfFile } from '../lib/sha256-stream.ts'

export async function hashFile(file: File, onProgress?: (done: number, total: number) => void): Promise<string> {
  let worker: Worker
  try {
    worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' })
  } catch {
    return await sha256OfFile(file, onProgress)
  }
  try {
    return await new Promise<string>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ type: string; done?: number; total?: number; sha256?: string }>) => {
        const m = e.data
        if (m.type === 'progress') onProgress?.(m.done ?? 0, m.total ?? 0)
        else if (m.type === 'done' && m.sha256) resolve(m.sha256)
        else reject(new Error('hashing failed'))
      }
      worker.onerror = () => reject(new Error('worker failed'))
      worker.postMessage(file)
    })
  } catch {
    return await sha256OfFile(file, onProgress)
  } finally {
    worker.terminate()
  }
}
