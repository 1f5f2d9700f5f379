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

/**
 * verify-export FILE --json on each file, in one child that loads the tool once and runs it on one file
 * after the other (test/helpers/verify-export-runner.ts); killed after 120 s if one runs away. Each run
 * reports the CPU time it used and the child's peak memory so far.
 */
function verifyExportEach(files: string[]): Promise<Map<string, Run>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/helpers/verify-export-runner.ts'), ...files],
      { cwd: root, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (_err, stdout, stderr) => {
        const runs = new Map<string, Run>()
        for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
          const r = JSON.parse(line) as { file: string; status: number | null; stdout: string; stderr: string } & Omit<
            Run,
            'problems' | 'output'
          >
          let problems: Run['problems'] = []
          try {
            problems = (JSON.parse(r.stdout) as { problems: Run['problems'] }).problems
          } catch {
            /* reported by the status check */
          }
          runs.set(r.file, {
            status: r.status,
            problems,
            maxRssKiB: r.maxRssKiB,
            cpuMs: r.cpuMs,
            wallMs: r.wallMs,
            output: `${r.stdout}\n${r.stderr}`.slice(0, 2000)
          })
        }
        // A file with no line: the child died or was killed before or during it.
        for (const f of files)
          if (!runs.has(f))
            runs.set(f, {
              status: null,
              problems: [],
              maxRssKiB: Infinity,
              cpuMs: Infinity,
              wallMs: Infinity,
              output: stderr.slice(0, 2000)
            })
        resolve(runs)
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
  const files = cases.map((c) => {
    const file = join(dir, `${c.attack}.zip`)
    writeFileSync(file, buildHostileZip(c.zip))
    return file
  })
  // The cases in one child: the not-a-ZIP file first loads the tool, so each case's CPU time is its own.
  const runs = await verifyExportEach([notAZip, ...files])
  const results = new Map(cases.map((c, i) => [c.attack, runs.get(files[i]!)!]))
  // What the child held once the tool was loaded. A case run in a child of its own would peak at the
  // tool's own start plus what the case adds; in this child it adds at most its peak less this.
  const loaded = runs.get(notAZip)!
  t.equal(loaded.status, 1, loaded.output)
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
      // The tool is loaded by then: the run's own CPU time is what the case costs beyond starting it.
      const extra = run.cpuMs
      t.ok(
        extra < 1000,
        `takes ${Math.round(extra)} ms of CPU beyond starting the tool (${Math.round(run.wallMs)} ms wall in all, on a shared machine)`
      )
      const peak = baseline.maxRssKiB + Math.max(0, run.maxRssKiB - loaded.maxRssKiB)
      t.ok(peak < MAX_RSS_KIB, `peak memory at most ${Math.round(peak / 1024)} MiB`)
    })
  }
})
