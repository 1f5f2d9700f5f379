import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs'
import { chmod, mkdir, stat } from 'node:fs/promises'

/**
 * Modes of everything under $SANAD_DATA_DIR, whatever the umask: folders 0700, files 0600, stored
 * blobs 0400 (read-only once written). A mode given to mkdir/open is only ever narrowed by the umask,
 * never widened, so every creation names its mode; a folder or file made by an older version is
 * narrowed when it is next used.
 */
export const DIR_MODE = 0o700
export const FILE_MODE = 0o600
export const BLOB_MODE = 0o400

/** Creates `dir` (and missing parents) 0700, and narrows it to 0700 if it already existed wider. */
export function privateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE })
  narrowSync(dir, DIR_MODE)
}

export async function privateDir(dir: string): Promise<string | undefined> {
  const created = await mkdir(dir, { recursive: true, mode: DIR_MODE })
  if (((await stat(dir)).mode & 0o777) !== DIR_MODE) await chmod(dir, DIR_MODE)
  return created
}

/** Creates an empty file 0600 unless it exists (a database before SQLite opens it: its -wal and -shm files copy its mode). */
export function privateFileSync(file: string): void {
  closeSync(openSync(file, 'a', FILE_MODE))
  narrowSync(file, FILE_MODE)
}

/** chmod `path` to `mode` when it is wider (any bit `mode` lacks); a missing path is left alone. */
export function narrowSync(path: string, mode: number): void {
  let current: number
  try {
    current = statSync(path).mode & 0o777
  } catch {
    return
  }
  if ((current & ~mode) !== 0) chmodSync(path, mode)
}
