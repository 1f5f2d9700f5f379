import t from 'tap'
import { join } from 'node:path'
import { VERIFY_HTML, VERIFY_PACKAGE_MJS } from '../../../../server/lib/export/verifier/verifier-files.ts'
import { entryBytes, packages, packageVerifier, runVerifier, runWith, type Packages } from '../../../helpers/package-world.ts'

let p: Packages
let verifier: string
t.before(async () => {
  p = await packages(t)
  verifier = await packageVerifier(p, p.full)
})

t.test('every package carries the same two verifiers, byte for byte', async (t) => {
  for (const zip of [p.full, p.restricted]) {
    t.equal((await entryBytes(zip, 'data/verify-package.mjs')).toString('utf8'), VERIFY_PACKAGE_MJS)
    t.equal((await entryBytes(zip, 'data/verify.html')).toString('utf8'), VERIFY_HTML)
  }
  t.match((await entryBytes(p.full, 'data/README.txt')).toString('utf8'), /data\/verify\.html +a verifier for any current browser, offline/)
})

t.test("an untouched package passes the package's own verifier, run with Node alone from another folder", async (t) => {
  for (const zip of [p.full, p.restricted]) {
    const res = runVerifier(verifier, zip, p.key)
    if (!t.equal(res.status, 0, `${zip} passes`)) t.comment(res.stdout + res.stderr)
    t.match(res.stdout, /ok: The BagIt bag "SND-C-\d{4}-\d{4}-[0-9a-f]{8}" is complete and valid \(RFC 8493\)/)
    t.match(res.stdout, /ok: The manifest is signed by sanad\.local\/ledger\+[0-9a-f]{8}/)
    t.match(res.stdout, /ok: The ledger checkpoint \(origin sanad\.local\/ledger, \d+ entries, root [0-9a-f]{64}\) is signed/)
    t.match(res.stdout, /ledger entry \d+ records its ingestion .* and is included in the signed checkpoint/)
    t.match(res.stdout, /ok: custody\.json: \d+ custody entries of 6 exhibits .* proven in the signed checkpoint/)
    t.match(res.stdout, /ok: data\/dossier\.pdf \(SHA-256 [0-9a-f]{64}, \d+ bytes\) has the hashes the bag's manifests record/)
    t.match(res.stdout, /RESULT: verified\./)
    t.notMatch(res.stdout, /SANAD_ERR_/)
    t.equal(res.stderr, '')
  }
  const restricted = runVerifier(verifier, p.restricted, p.key).stdout
  t.match(
    restricted,
    /ok: exhibit E1 \(E1\.jpg\): ledger entry \d+ records that the shared copy [0-9a-f]{12}… was derived from the original/
  )
  t.match(restricted, /note: exhibits E3, E4 are not carried under the package's disclosure profile/)
  const own = runVerifier(verifier, p.full)
  t.equal(own.status, 0, 'without --key it passes')
  t.match(own.stdout, /note: no key given: checked against the key the package itself names/)
})

t.test('usage: no package, an unknown argument or a missing file exits 1 saying why', async (t) => {
  t.match(runWith(verifier, []).stdout, /^usage: node verify-package\.mjs PACKAGE\.zip/)
  for (const args of [[], ['--nope', p.full], [join(p.dir, 'no-such.zip')], [p.full, p.restricted]])
    t.equal(runWith(verifier, args).status, 1, args.join(' '))
  const empty = runVerifier(verifier, p.full, ' ')
  t.equal(empty.status, 1)
  t.match(empty.stdout, /--key is empty/)
})
