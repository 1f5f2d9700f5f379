import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { buildHostileZip, hostileCases } from '../fixtures/hostile-zip/build.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'sanad-hostile-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/** Written by the child as it exits: its peak memory (KiB) and the CPU time it used (ms). */
const STATS =
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nSTATS "+JSON.stringify({maxRssKiB:u.maxRSS,cpuMs:(u.userCPUTime+u.systemCPUTime)/1000})+"\\n")})'
const MAX_RSS_KIB = 200 * 1024

type Run = {
  status: number | null
  problems: Array<{ code: string; message: string }>
  maxRssKiB: number
  cpuMs: number
  wallMs: number
  output: string
}

/** verify-export FILE --json as `npm run verify-export` runs it, in a child killed after 60 s if it runs away. */
function verifyExport(file: string): Promise<Run> {
  const started = performance.now()
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', STATS, join(root, 'scripts/run.mjs'), 'verify-export', file, '--json'],
      { cwd: root, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const stats = /STATS (\{.*\})/.exec(stderr)
        let problems: Run['problems'] = []
        try {
          problems = (JSON.parse(stdout) as { problems: Run['problems'] }).problems
        } catch {
          /* reported by the status check */
        }
        const parsed =
          stats === null ? { maxRssKiB: Infinity, cpuMs: Infinity } : (JSON.parse(stats[1]!) as { maxRssKiB: number; cpuMs: number })
        resolve({
          status: err === null ? 0 : typeof err.code === 'number' ? err.code : null,
          problems,
          ...parsed,
          wallMs: performance.now() - started,
          output: `${stdout}\n${stderr}`.slice(0, 2000)
        })
      }
    )
  })
}

t.test('verify-export refuses every hostile ZIP case with a coded problem, in bounded time and memory', async (t) => {
  const cases = hostileCases()
  // What starting the tool costs (loading its modules) is measured on a file it refuses at once.
  const notAZip = join(dir, 'not-a-zip.txt')
  writeFileSync(notAZip, 'hello\n')
  await verifyExport(notAZip) // builds the bundle if the sources changed
  const baseline = await verifyExport(notAZip)
  t.equal(baseline.status, 1, baseline.output)
  t.ok(baseline.maxRssKiB < MAX_RSS_KIB, `the tool itself starts in ${baseline.maxRssKiB} KiB`)
  // Two at a time: each child is measured by its own CPU time, which the other does not change.
  const queue = [...cases]
  const results = new Map<string, Run>()
  await Promise.all(
    [0, 1].map(async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const file = join(dir, `${c.attack}.zip`)
        writeFileSync(file, buildHostileZip(c.zip))
        results.set(c.attack, await verifyExport(file))
      }
    })
  )
  for (const c of cases) {
    t.test(c.attack, async (t) => {
      const run = results.get(c.attack)!
      t.equal(run.status, 1, `exits 1: ${run.output}`)
      const { code, messageIncludes } = c.expect
      t.ok(
        run.problems.some((p) => p.code === code && p.message.includes(messageIncludes)),
        `a ${code} problem says ${JSON.stringify(messageIncludes)}: ${JSON.stringify(run.problems)}`
      )
      if (code === 'SANAD_ERR_EXPORT_ZIP_UNSAFE')
        t.same(
          run.problems.map((p) => p.code),
          [code],
          'and nothing else is read'
        )
      const extra = run.cpuMs - baseline.cpuMs
      t.ok(
        extra < 1000,
        `takes ${Math.round(extra)} ms of CPU beyond starting the tool (${Math.round(run.wallMs)} ms wall in all, on a shared machine)`
      )
      t.ok(run.maxRssKiB < MAX_RSS_KIB, `peak memory ${Math.round(run.maxRssKiB / 1024)} MiB`)
    })
  }
})
