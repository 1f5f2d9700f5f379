type Gc = (options: { type: 'minor' | 'major' }) => void

/**
 * Asks V8 for a young-generation collection after every `every` bytes of upload. Each read from a
 * socket arrives in a fresh buffer of up to 64 KiB that is garbage once copied, but V8 frees such
 * buffers only when its young generation fills (slowly: the objects are tiny) or when their total
 * trips its external-memory limit, which starts a full incremental collection. In a 1 GiB upload
 * that meant ~100 full collections and about a quarter of the server's CPU time, with ~40 MB of
 * spent buffers waiting. A scavenge every 4 MiB costs well under a millisecond and keeps them near
 * 16 MB. `gc` exists only under `node --expose-gc`, which `npm start` passes; without it this does
 * nothing.
 */
export function youngCollector(every = 4 * 1024 * 1024, gc: Gc | undefined = (globalThis as { gc?: Gc }).gc): (bytes: number) => void {
  if (typeof gc !== 'function') return () => {}
  let since = 0
  return (bytes) => {
    since += bytes
    if (since < every) return
    since = 0
    gc({ type: 'minor' })
  }
}

/** One counter for every upload in progress: it is the process's garbage, whichever upload made it. */
export const uploadedBytes = youngCollector()
