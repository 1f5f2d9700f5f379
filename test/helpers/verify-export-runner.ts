// A child for test/scripts/verify-export-hostile.test.ts (not a test file itself): runs verify-export
// --json on each file named on its command line, one after the other in this one process
// (test/helpers/script-in-process.ts), and prints one JSON line per file with the CPU time that run used
// and the process's peak memory so far. The tool is loaded by the first run, so later runs cost only
// their own work; the peak can only grow, so it bounds every run before it.
import { verifyExportInProcess } from './script-in-process.ts'

for (const file of process.argv.slice(2)) {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const run = await verifyExportInProcess(file, '--json')
  const used = process.cpuUsage(cpu)
  process.stdout.write(
    `${JSON.stringify({
      file,
      ...run,
      cpuMs: (used.user + used.system) / 1000,
      wallMs: performance.now() - started,
      maxRssKiB: process.resourceUsage().maxRSS
    })}\n`
  )
}
