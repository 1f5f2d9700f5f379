import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readFileSync, statSync, utimesSync } from 'node:fs'
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

t.test('the launcher rebuilds a bundle older than its sources and lists what it was built from', async (t) => {
  t.equal(run('verify', '--help').status, 0)
  const bundle = join(root, 'scripts/.build/verify.mjs')
  const inputs = JSON.parse(readFileSync(join(root, 'scripts/.build/verify.inputs.json'), 'utf8')) as string[]
  t.ok(inputs.includes('scripts/verify.ts') && inputs.includes('server/modules/verify/service.ts'), 'sources of the script and of the code it imports')
  // Pretend the bundle predates its sources: the next run must rebuild it.
  utimesSync(bundle, new Date(0), new Date(0))
  t.equal(run('verify', '--help').status, 0)
  t.ok(statSync(bundle).mtimeMs > 1000, 'rebuilt')
})

t.test('an unknown or malformed script name is a usage error, not a path', async (t) => {
  for (const name of ['nope', '../server/server', '']) {
    const r = run(name)
    t.equal(r.status, 2, JSON.stringify(name))
    t.match(r.stderr, /usage: node scripts\/run\.mjs SCRIPT/)
  }
})
