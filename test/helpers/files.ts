import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { BlobStore } from '../../server/blobs/store.ts'

/** Bytes of a sample in test/fixtures/evidence/ (copied from shared/; see SHA256SUMS there). */
export function evidenceFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url))
}

/** Every file below `dir`, recursively; none when it does not exist. */
export function filesUnder(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

/** A blob store in `dir`, initialised (its folders made, tmp/ emptied). */
export async function freshStore(dir: string): Promise<BlobStore> {
  const store = new BlobStore(dir)
  await store.init()
  return store
}
