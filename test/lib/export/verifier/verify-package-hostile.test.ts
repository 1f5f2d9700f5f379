import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VERIFY_PACKAGE_MJS } from '../../../../server/lib/export/verifier/verifier-files.ts'
import { buildHostileZip, hostileCases } from '../../../fixtures/hostile-zip/build.ts'
import { runVerifierAsync } from '../../../helpers/package-world.ts'

const dir = mkdtempSync(join(tmpdir(), 'sanad-verifier-hostile-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const verifier = join(dir, 'verify-package.mjs')
writeFileSync(verifier, VERIFY_PACKAGE_MJS)
const p = { dir }

t.test('the verifier refuses every hostile ZIP as verify-export does, in bounded time', async (t) => {
  for (const c of hostileCases()) {
    const file = join(p.dir, `${c.attack}.zip`)
    writeFileSync(file, buildHostileZip(c.zip))
    const started = performance.now()
    const mine = await runVerifierAsync(verifier, file)
    if (!t.equal(mine.status, 1, `${c.attack}: exits 1`)) t.comment(mine.stdout.slice(0, 1000) + mine.stderr.slice(0, 1000))
    t.match(mine.stdout, /^SANAD_ERR_EXPORT_[A-Z_]+: /m, `${c.attack}: a coded problem`)
    t.equal(mine.stderr, '', `${c.attack}: no crash`)
    if (c.expect.code === 'SANAD_ERR_EXPORT_ZIP_UNSAFE') t.match(mine.stdout, /SANAD_ERR_EXPORT_ZIP_UNSAFE: unsafe ZIP refused/, c.attack)
    t.ok(performance.now() - started < 20_000, `${c.attack}: within 20 s`)
  }
})
