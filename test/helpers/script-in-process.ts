// Runs an operator or auditor command (scripts/verify-export.ts, scripts/verify.ts) inside the test
// process: the same source, arguments, output and exit code as `npm run …`, without a child that loads
// pdf-lib, pdfjs, drizzle and the rest again (about a second and a half of CPU per run; a test file that
// checks forty exports spent most of its time there). Each run imports the script under a URL of its
// own, so its top level (argument parsing, the report it collects, process.exit) runs afresh; the
// modules it imports are loaded once. Tests that are about the command line itself (the npm script,
// the bundle, how it starts) still spawn it.
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'
import type { Worker } from 'node:worker_threads'

const workerThreads = createRequire(import.meta.url)('node:worker_threads') as { Worker: typeof Worker }

export type Run = { status: number | null; stdout: string; stderr: string }

const SCRIPTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'scripts')

/** Thrown in place of exiting: it ends the script's top level, whose import then rejects with it. */
class Exit {
  constructor(code: number) {
    this.code = code
  }
  code: number
}

let runs = 0
// One at a time: a run borrows process.argv, console and process.exit for as long as it lasts.
let queue: Promise<unknown> = Promise.resolve()

/** `scripts/<name>.ts` with `args`, as the command line would run it. */
export function scriptInProcess(name: 'verify-export' | 'verify', args: string[]): Promise<Run> {
  const next = queue.then(() => once(join(SCRIPTS, `${name}.ts`), args))
  queue = next.catch(() => undefined)
  return next
}

/** verify-export with `args` (FILE and options). */
export const verifyExportInProcess = (...args: string[]): Promise<Run> => scriptInProcess('verify-export', args)

/** verify with `args` (--data-dir DIR and options). */
export const verifyInProcess = (...args: string[]): Promise<Run> => scriptInProcess('verify', args)

async function once(script: string, args: string[]): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  // Threads the script starts (verify's hashing threads, started before it checks that there is a
  // database): exiting would end them, so the run does. Node names a thread only once it is up, after
  // a run that exits at once has ended, so the run lends the scripts a Worker that notes each one.
  const threads: Worker[] = []
  const { Worker: Original } = workerThreads
  workerThreads.Worker = class extends Original {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args)
      threads.push(this)
    }
  }
  syncBuiltinESMExports()
  const saved = { argv: process.argv, exit: process.exit, log: console.log, error: console.error, exitCode: process.exitCode }
  process.argv = [process.execPath, script, ...args]
  console.log = (...a: unknown[]) => {
    out.push(`${format(...a)}\n`)
  }
  console.error = (...a: unknown[]) => {
    err.push(`${format(...a)}\n`)
  }
  process.exit = ((code?: number) => {
    throw new Exit(code ?? 0)
  }) as typeof process.exit
  let status: number | null
  try {
    runs += 1
    await import(`${pathToFileURL(script).href}?in-process=${runs}`)
    // The scripts always exit; reaching here would mean it ended without saying how.
    status = null
  } catch (e) {
    if (!(e instanceof Exit)) throw e
    status = e.code
  } finally {
    workerThreads.Worker = Original
    syncBuiltinESMExports()
    process.argv = saved.argv
    process.exit = saved.exit
    console.log = saved.log
    console.error = saved.error
    process.exitCode = saved.exitCode
    await Promise.all(threads.map((w) => w.terminate()))
  }
  return { status, stdout: out.join(''), stderr: err.join('') }
}
