// test/helpers/script-in-process.ts stands in for the verify-export and verify commands in many tests:
// what it gives back must be what the command gives, exit code and output alike.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { scriptInProcess, verifyExportInProcess, verifyInProcess } from '../helpers/script-in-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

function cli(name: 'verify-export' | 'verify', args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', `${name}.ts`), ...args], { cwd: root, encoding: 'utf8' })
}

t.test('a run in-process gives the exit code, standard output and standard error the command gives', async (t) => {
  const dir = t.testdir({ 'note.txt': 'hello\n' })
  const cases: Array<['verify-export' | 'verify', string[]]> = [
    ['verify-export', [join(dir, 'note.txt')]],
    ['verify-export', [join(dir, 'note.txt'), '--key', '']],
    // After its hashing threads have started: no database there.
    ['verify', ['--data-dir', dir]]
  ]
  for (const [name, args] of cases) {
    const child = cli(name, args)
    const mine = await scriptInProcess(name, args)
    const what = `${name} ${args.join(' ')}`
    t.equal(mine.status, child.status, `${what}: exit code ${child.status}`)
    t.equal(mine.stdout, child.stdout, `${what}: the same standard output`)
    t.equal(mine.stderr, child.stderr, `${what}: the same standard error`)
  }
})

t.test('runs asked for at once take turns, each with its own arguments and report', async (t) => {
  const dir = t.testdir({})
  const files = ['a', 'b', 'c'].map((n) => {
    const f = join(dir, `${n}.txt`)
    writeFileSync(f, n)
    return f
  })
  const argv = [...process.argv]
  const runs = await Promise.all([...files.map((f) => verifyExportInProcess(f, '--json')), verifyInProcess('--bogus')])
  t.same(
    runs.slice(0, 3).map((r) => [r.status, JSON.parse(r.stdout).file]),
    files.map((f) => [1, f])
  )
  t.equal(runs[3]!.status, 2, 'verify with an unknown option: a usage error')
  t.same(process.argv, argv, "the test process's own arguments are back")
})
