// Runs scripts/verify-export.ts inside the test process: the same source, arguments, output and exit
// code as `npm run verify-export`, without a child that loads pdf-lib, pdfjs and the rest again
// (about a second of CPU per run; a test file that checks forty exports spent most of its time there).
// Each run imports the script under a URL of its own, so its top level (argument parsing, the report
// it collects, process.exit) runs afresh; the modules it imports are loaded once. Tests that are about
// the command line itself (the npm script, the bundle) still spawn it.
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'

export type Run = { status: number | null; stdout: string; stderr: string }

const SCRIPT = join(fileURLToPath(new URL('../..', import.meta.url)), 'scripts/verify-export.ts')

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

/** verify-export with `args` (FILE and options), as the command line would run it. */
export function verifyExportInProcess(...args: string[]): Promise<Run> {
  const next = queue.then(() => once(args))
  queue = next.catch(() => undefined)
  return next
}

async function once(args: string[]): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const saved = { argv: process.argv, exit: process.exit, log: console.log, error: console.error, exitCode: process.exitCode }
  process.argv = [process.execPath, SCRIPT, ...args]
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
    await import(`${pathToFileURL(SCRIPT).href}?in-process=${runs}`)
    // The script always exits; reaching here would mean it ended without saying how.
    status = null
  } catch (e) {
    if (!(e instanceof Exit)) throw e
    status = e.code
  } finally {
    process.argv = saved.argv
    process.exit = saved.exit
    console.log = saved.log
    console.error = saved.error
    process.exitCode = saved.exitCode
  }
  return { status, stdout: out.join(''), stderr: err.join('') }
}
