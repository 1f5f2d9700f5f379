import type { Test } from 'tap'
import { cpSync } from 'node:fs'

/**
 * A data dir built once per test file, and for each test a copy of its own to tamper with (the app that
 * built it is closed: the files are all there is). `build` runs in the file's `t.before`.
 */
export function tamperCopies<T extends { dir: string }>(t: Test, build: (t: Test) => Promise<T>): (t: Test) => Promise<T> {
  let built: T | undefined
  t.before(async () => {
    built = await build(t)
  })
  return async (t) => {
    if (built === undefined) throw new Error('the data dir is built before the first test')
    const dir = t.testdir({})
    cpSync(built.dir, dir, { recursive: true })
    return { ...built, dir }
  }
}
