import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Bytes of a sample in test/fixtures/evidence/ (copied from shared/; see SHA256SUMS there). */
export function evidenceFixture (name: string): Buffer {
  return readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url))
}

/** Every file below `dir`, recursively; none when it does not exist. */
export function filesUnder (dir: string): string[] {
  let names: string[]
  try { names = readdirSync(dir) } catch { return [] }
  return names.flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}
