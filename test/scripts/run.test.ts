import t from 'tap'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { skipUnlessTools } from '../helpers/system-tools.ts'
import { isCi } from '../../scripts/system-tools.mjs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts/run.mjs'), ...args], { cwd: root, encoding: 'utf8' })
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }

t.test('every npm command for operators and auditors goes through the launcher and answers --help with its own usage', async (t) => {
  for (const name of ['migrate', 'sanad', 'verify', 'verify-export', 'backup', 'restore']) {
    t.equal(pkg.scripts[name], `node scripts/run.mjs ${name}`, `npm run ${name}`)
    const r = run(name, '--help')
    t.equal(r.status, 0, `${name} --help exits 0: ${r.stderr}`)
    // A bundle must run its own main block only (restore once printed backup's usage).
    t.match(r.stdout, new RegExp(`usage: npm run ${name}\\b`), `${name} prints its own usage`)
  }
})

t.test('the launcher rebuilds a bundle when a file it was built from changed content, whatever the times say', async (t) => {
  t.equal(run('verify', '--help').status, 0)
  const inputsFile = join(root, 'scripts/.build/verify.inputs.json')
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as { key: string; files: Record<string, string> }
  t.ok(
    inputs.files['scripts/verify.ts'] && inputs.files['server/modules/verify/service.ts'],
    'sources of the script and of the code it imports'
  )
  t.equal(
    inputs.files['scripts/verify.ts'],
    createHash('sha256')
      .update(readFileSync(join(root, 'scripts/verify.ts')))
      .digest('hex'),
    'recorded by content'
  )
  // Pretend one source changed since the build (its recorded hash no longer matches): a rebuild follows.
  writeFileSync(inputsFile, JSON.stringify({ ...inputs, files: { ...inputs.files, 'server/modules/verify/service.ts': '0'.repeat(64) } }))
  t.equal(run('verify', '--help').status, 0)
  const after = JSON.parse(readFileSync(inputsFile, 'utf8')) as { files: Record<string, string> }
  t.equal(after.files['server/modules/verify/service.ts'], inputs.files['server/modules/verify/service.ts'], 'rebuilt and recorded again')
})

t.test('only the operator and auditor commands run through it; anything else is a usage error, not a path', async (t) => {
  for (const name of ['nope', '../server/server', '', 'gen-types', 'bench']) {
    const r = run(name)
    t.equal(r.status, 2, JSON.stringify(name))
    t.match(r.stderr, /usage: node scripts\/run\.mjs SCRIPT/)
  }
})

// Running as another user needs root (CI and npm test's installs run as root) and setpriv (util-linux):
// a missing setpriv skips naming the package, and fails under CI=true.
const setprivSkip = skipUnlessTools('setpriv')
// Not root: skipped on a developer's machine, but under CI=true a check that cannot run fails.
const notRoot = process.getuid?.() === 0 ? false : 'needs root to run as another user (npm test runs as root under CI)'
if (notRoot && isCi()) throw new Error(notRoot)
const dropPrivilegesSkip = setprivSkip || notRoot
t.test('a user who cannot write scripts/.build still runs the command, from the sources', { skip: dropPrivilegesSkip }, async (t) => {
  t.equal(run('verify', '--help').status, 0)
  const inputsFile = join(root, 'scripts/.build/verify.inputs.json')
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as { key: string; files: Record<string, string> }
  // Stale for everyone; uid 65534 may not write the folder (root's, mode 755), so it cannot rebuild.
  writeFileSync(inputsFile, JSON.stringify({ ...inputs, key: 'stale' }))
  try {
    const r = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(root, 'scripts/run.mjs'), 'verify', '--help'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: '/tmp' } }
    )
    t.equal(r.status, 0, r.stderr)
    t.match(r.stdout, /usage: npm run verify/)
    t.equal(JSON.parse(readFileSync(inputsFile, 'utf8')).key, 'stale', 'nothing was written')
  } finally {
    t.equal(run('verify', '--help').status, 0, 'root rebuilds it')
  }
})
