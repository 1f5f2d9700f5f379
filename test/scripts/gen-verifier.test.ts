import t from 'tap'
import { readFile } from 'node:fs/promises'
import { generate, VERIFIER_FILES } from '../../scripts/gen-verifier.ts'

t.test('the verifiers every package carries are built from server/lib/export/verifier/ and up to date', async (t) => {
  t.equal(await readFile(VERIFIER_FILES, 'utf8'), await generate(), 'run `npm run gen:verifier` after changing server/lib/export/verifier/')
})

t.test('verify.html lets only its own inline script and style run, and reaches no network', async (t) => {
  const { VERIFY_HTML } = await import('../../server/lib/export/verifier/verifier-files.ts')
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(VERIFY_HTML)?.[1] ?? ''
  t.match(csp, /default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'none'/)
  t.notMatch(VERIFY_HTML, /<script[^>]+src=|<link |https?:\/\//, 'no external script, stylesheet or address')
})
