import t from 'tap'
import {
  packages,
  packageVerifier,
  runVerifierAsync,
  TAMPER_CASES,
  verifyExportAsync,
  type Packages
} from '../../../helpers/package-world.ts'

// Two dossiers are built first, then every case runs both tools.
t.setTimeout(900_000)

let p: Packages
let verifier: string
t.before(async () => {
  p = await packages(t)
  verifier = await packageVerifier(p, p.full)
})

t.test('the verifier and verify-export agree on every tamper case, and the verifier names the problem', async (t) => {
  for (const c of TAMPER_CASES) {
    const zip = await c.make(p)
    const key = c.key?.(p) ?? p.key
    const [mine, theirs] = await Promise.all([runVerifierAsync(verifier, zip, key), verifyExportAsync(zip, key)])
    if (!t.equal(mine.status, c.passes ? 0 : 1, `${c.name}: the verifier ${c.passes ? 'passes it' : 'fails it'}`))
      t.comment(mine.stdout + mine.stderr)
    if (!t.equal(theirs.status, mine.status, `${c.name}: verify-export agrees`)) t.comment(theirs.stdout + theirs.stderr)
    if (c.names !== undefined) {
      t.match(mine.stdout, c.names, `${c.name}: the verifier names it`)
      t.match(theirs.stdout, c.names, `${c.name}: verify-export names it the same way`)
    }
    if (!c.passes) t.match(mine.stdout, /RESULT: \d+ problems? found; do not rely on this package\./)
  }
})
