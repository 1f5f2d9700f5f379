import t from 'tap'
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ownTmpDir } from './helpers/app.ts'

// Test processes share a migrated database and a PDF signing key through ownTmpDir: only a directory
// of this user's that no one else may write into is used; otherwise each process makes its own.
const name = `sanad-test-own-dir-check-${process.pid}`
const path = join(tmpdir(), `${name}-${process.getuid?.() ?? 'user'}`)
t.teardown(() => rmSync(path, { recursive: true, force: true }))

t.test('a new shared directory is made 0700 and used', async (t) => {
  t.equal(ownTmpDir(name), path)
})

t.test('a shared directory others may write into is not used', async (t) => {
  chmodSync(path, 0o777)
  t.equal(ownTmpDir(name), undefined)
  chmodSync(path, 0o750)
  t.equal(ownTmpDir(name), undefined, 'nor one others may read')
  chmodSync(path, 0o700)
  t.equal(ownTmpDir(name), path)
})

t.test('a symbolic link in its place is not followed', async (t) => {
  rmSync(path, { recursive: true, force: true })
  const elsewhere = t.testdir({})
  mkdirSync(elsewhere, { recursive: true })
  chmodSync(elsewhere, 0o700)
  symlinkSync(elsewhere, path)
  t.equal(ownTmpDir(name), undefined)
})
