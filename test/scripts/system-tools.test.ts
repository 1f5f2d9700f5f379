import t from 'tap'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  SYSTEM_TOOLS,
  hasTool,
  installPlan,
  isCi,
  missingTools,
  packagesFor,
  toolVerdict,
  type SystemTool
} from '../../scripts/system-tools.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const ALL = Object.keys(SYSTEM_TOOLS) as SystemTool[]
// A PATH holding nothing: every tool looked up on PATH is missing (Chromium is looked up by its path).
const emptyBin = mkdtempSync(join(tmpdir(), 'sanad-empty-path-'))
t.teardown(() => rmSync(emptyBin, { recursive: true, force: true }))

t.test('each program maps to its Debian package, each package named once', async (t) => {
  t.same(packagesFor(['pdftotext', 'pdfinfo', 'qpdf', 'pdftoppm']), ['poppler-utils', 'qpdf'])
  t.same(packagesFor(ALL), ['chromium', 'gnupg', 'openssl', 'poppler-utils', 'python3', 'qpdf', 'unzip', 'util-linux'])
  t.throws(() => packagesFor(['pdftk' as SystemTool]), /unknown system tool: pdftk/)
  t.same(
    missingTools((tool) => tool !== 'qpdf' && tool !== 'chromium'),
    ['qpdf', 'chromium']
  )
})

t.test('CI is CI=true or CI=1, nothing else', async (t) => {
  t.ok(isCi({ CI: 'true' }))
  t.ok(isCi({ CI: '1' }))
  for (const CI of [undefined, '', 'false', '0']) t.notOk(isCi({ CI }), String(CI))
})

t.test('before the tests: nothing to do, install as root with apt-get, or stop naming the packages', async (t) => {
  const cases: Array<[string, Parameters<typeof installPlan>[0], string, string[]]> = [
    ['all present', { missing: [], ci: false, root: false, apt: false }, 'none', []],
    ['all present under CI', { missing: [], ci: true, root: true, apt: true }, 'none', []],
    ['root with apt-get', { missing: ['pdftotext', 'qpdf'], ci: false, root: true, apt: true }, 'install', ['poppler-utils', 'qpdf']],
    ['root with apt-get under CI', { missing: ['chromium'], ci: true, root: true, apt: true }, 'install', ['chromium']],
    ['not root', { missing: ['pdftotext', 'pdfinfo'], ci: false, root: false, apt: true }, 'refuse', ['poppler-utils']],
    ['not root under CI', { missing: ['openssl'], ci: true, root: false, apt: true }, 'refuse', ['openssl']],
    ['no apt-get', { missing: ['python3', 'unzip'], ci: false, root: true, apt: false }, 'refuse', ['python3', 'unzip']]
  ]
  for (const [name, input, action, packages] of cases) {
    const plan = installPlan(input)
    t.equal(plan.action, action, name)
    if (plan.action !== 'none') t.same(plan.packages, packages, name)
    if (plan.action === 'refuse') {
      t.match(plan.message, `sudo apt-get install -y ${packages.join(' ')}`, `${name}: says what to install`)
      t.notMatch(plan.message, /\n/, `${name}: one line`)
    }
  }
  t.match((installPlan({ missing: ['qpdf'], ci: false, root: false, apt: true }) as { message: string }).message, /not running as root/)
  t.match(
    (installPlan({ missing: ['qpdf'], ci: false, root: true, apt: false }) as { message: string }).message,
    /apt-get is not available/
  )
})

t.test('a test needing a missing tool fails under CI and is skipped otherwise, naming the package', async (t) => {
  t.same(toolVerdict({ tools: ['qpdf'], missing: [], ci: true }), { action: 'run' })
  t.same(toolVerdict({ tools: ['qpdf'], missing: ['pdftotext'], ci: true }), { action: 'run' }, 'only the tools it needs count')
  const failed = toolVerdict({ tools: ['pdftotext', 'qpdf'], missing: ['pdftotext'], ci: true })
  t.match(failed, {
    action: 'fail',
    message: /^pdftotext not installed: Debian package poppler-utils \(sudo apt-get install -y poppler-utils;/
  })
  const skipped = toolVerdict({ tools: ['pdftotext', 'qpdf'], missing: ['pdftotext'], ci: false })
  t.same(skipped, { action: 'skip', message: (failed as { message: string }).message })
})

/** The fixture test file run with qpdf out of reach. */
function runNeedsQpdf(ci: boolean) {
  const env: Record<string, string> = { PATH: emptyBin, HOME: process.env.HOME ?? '/tmp', TZ: 'UTC' }
  if (ci) env.CI = 'true'
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/system-tools/needs-qpdf.ts')], {
    cwd: root,
    env,
    encoding: 'utf8'
  })
}

t.test('through the helper, under CI=true a missing tool fails the test with the package to install', async (t) => {
  const r = runNeedsQpdf(true)
  t.not(r.status, 0, `exits non-zero; stderr: ${r.stderr}`)
  t.match(r.stdout, /not ok \d+ - qpdf not installed: Debian package qpdf \(sudo apt-get install -y qpdf;/)
  t.notMatch(r.stdout, /# SKIP/, 'nothing is skipped')
  t.notMatch(r.stdout, /ok \d+ - qpdf (part )?ran/, 'the checks needing qpdf did not run')
  t.match(r.stdout, /ok \d+ - the rest ran/, 'an optional part fails the test but the rest of it runs')
})

t.test('through the helper, without CI a missing tool skips the test with the same message', async (t) => {
  const r = runNeedsQpdf(false)
  t.equal(r.status, 0, r.stdout + r.stderr)
  t.match(r.stdout, /ok 1 - a check that needs qpdf # SKIP qpdf not installed: Debian package qpdf/)
  t.match(r.stdout, /# not checked: qpdf not installed: Debian package qpdf/)
  t.notMatch(r.stdout, /not ok/)
})

t.test("npm test's first step, unable to install, prints one line naming the packages and exits 1", async (t) => {
  // No apt-get on this PATH: it cannot install, root or not.
  const r = spawnSync(process.execPath, [join(root, 'scripts/ensure-system-tools.mjs')], {
    cwd: root,
    env: { PATH: emptyBin },
    encoding: 'utf8'
  })
  t.equal(r.status, 1)
  t.equal(r.stdout, '')
  const lines = r.stderr.trimEnd().split('\n')
  t.equal(lines.length, 1, r.stderr)
  // Chromium is looked up by its absolute path, so it is missing here only if this machine lacks it.
  const packages = packagesFor(ALL.filter((tool) => tool !== 'chromium' || !hasTool('chromium')))
  t.ok(lines[0]!.startsWith(`The tests need the Debian packages ${packages.join(', ')} (missing: `), lines[0]!)
  t.match(lines[0], /apt-get is not available/)
  t.ok(lines[0]!.endsWith(`sudo apt-get install -y ${packages.join(' ')}`), 'ends with the command to run')
})

t.test("npm test's first step, as root with apt-get, runs apt-get update then install -y with the packages", async (t) => {
  // A stand-in apt-get that records its arguments and installs nothing, so the step then reports
  // what is still missing. Without root the same PATH gets the one-line refusal instead.
  const bin = mkdtempSync(join(tmpdir(), 'sanad-fake-apt-'))
  t.teardown(() => rmSync(bin, { recursive: true, force: true }))
  const log = join(bin, 'calls.log')
  writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> ${log}\n`)
  chmodSync(join(bin, 'apt-get'), 0o755)
  const r = spawnSync(process.execPath, [join(root, 'scripts/ensure-system-tools.mjs')], {
    cwd: root,
    env: { PATH: bin },
    encoding: 'utf8'
  })
  t.equal(r.status, 1)
  const packages = packagesFor(ALL.filter((tool) => tool !== 'chromium' || !hasTool('chromium')))
  if (process.getuid?.() === 0) {
    t.same(readFileSync(log, 'utf8').trim().split('\n'), [
      'noninteractive update -qq',
      `noninteractive install -y -qq ${packages.join(' ')}`
    ])
    t.match(r.stderr, /^Installing the system packages the tests need: /)
    t.match(r.stderr, /Still missing after apt-get install: /)
  } else {
    t.match(r.stderr, /not running as root, so install them first: sudo apt-get install -y /)
  }
})

t.test("the README names every package in one line, and .ci/run runs exactly the README's commands", async (t) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const line = `sudo apt-get install -y ${packagesFor(ALL).join(' ')}`
  t.ok(readme.includes(line), `README says: ${line}`)
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  t.match(pkg.scripts.pretest, /^node scripts\/ensure-system-tools\.mjs && /, 'npm test checks (and installs) the tools first')
  const ci = readFileSync(join(root, '.ci/run'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !/^(set|cd|export) /.test(l))
  t.same(ci, ['npm ci', 'npm test'])
  t.ok(
    readme.includes('```sh\nnpm ci && npm start\n```') && readme.includes('```sh\nnpm test\n```'),
    'the README shows npm ci and npm test'
  )
})
