// Hashes one file off the main thread (#16 item 2): the screen stays responsive while a long video is
// read. Receives a File, answers progress messages and then its SHA-256 (hex).
import { sha256OfFile } from '../lib/sha256-stream.ts'

type Out = { type: 'progress'; done: number; total: number } | { type: 'done'; sha256: string } | { type: 'error' }
const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<File>) => void) | null; postMessage(m: Out): void }

scope.onmessage = (e) => {
  sha256OfFile(e.data, (done, total) => scope.postMessage({ type: 'progress', done, total }))
    .then((sha256) => scope.postMessage({ type: 'done', sha256 }))
    .catch(() => scope.postMessage({ type: 'error' }))
}
