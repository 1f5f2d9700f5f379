import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { SYSTEM_TOOLS } from '../../scripts/system-tools.mjs'

// A test that runs a system program checks for it through test/helpers/system-tools.ts, so a
// missing program never makes a test skip silently or die unnamed: without CI it skips naming the
// Debian package, under CI=true it fails naming it (npm test's pretest installs them).
const root = new URL('../../', import.meta.url)
const CHECKS = /requireTools?\(|toolPresent\(|assertTool\(|skipUnlessTools\(/

t.test('every test file that runs a system program checks for it through the system-tools helper', async (t) => {
  const tools = Object.keys(SYSTEM_TOOLS).filter((name) => name !== 'chromium')
  const calls = new RegExp(`(execFileSync|execFile|spawnSync|spawn|execFileAsync|run)\\(\\s*'(${tools.join('|')})'`)
  const files = readdirSync(new URL('test/', root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  t.ok(files.length > 100, 'the test tree was read')
  const unchecked = files.filter((f) => {
    const source = readFileSync(new URL(`test/${f}`, root), 'utf8')
    return calls.test(source) && !CHECKS.test(source)
  })
  t.same(unchecked, [], 'each runs its programs only after a check that names the package')
})

t.test('every test file that starts Chromium checks for it first (so CI fails naming the package)', async (t) => {
  const starts = /\b(launch|startEnv|guardedPage)\(/
  const files = readdirSync(new URL('test/', root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'))
  const unchecked = files.filter((f) => {
    const source = readFileSync(new URL(`test/${f}`, root), 'utf8')
    return starts.test(source) && !/requireTools?\([^)]*'chromium'|skipUnlessTools\([^)]*'chromium'/.test(source)
  })
  t.same(unchecked, [])
})

t.test('the rule sees a planted program call without a check', async (t) => {
  const calls = /(execFileSync|spawnSync)\(\s*'(pdftotext)'/
  const planted = "const x = execFileSync('pdftotext', [file, '-'])"
  t.ok(calls.test(planted) && !CHECKS.test(planted))
  t.ok(CHECKS.test(`${planted}\nassertTool('pdftotext')`), 'and passes it once the check is there')
})
