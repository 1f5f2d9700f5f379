// The one way a test says it needs a system program (pdftotext, qpdf, chromium, …). When one is
// missing the test is skipped with a message naming the Debian package, except under CI=true, where
// it fails with that message: a check that did not run must not look like one that passed.
import type { Test } from 'tap'
import { hasTool, isCi, toolVerdict, type SystemTool } from '../../scripts/system-tools.mjs'

export type { SystemTool }

type Probe = { ci?: boolean; has?: (tool: SystemTool) => boolean }

/**
 * Whether the test may go on with `tools`. Call it first in the test body:
 * `if (!requireTool(t, 'qpdf')) return`.
 */
export function requireTool(t: Test, ...tools: SystemTool[]): boolean {
  return requireTools(t, tools)
}

/** requireTool with the CI flag and the lookup given (for its own tests). */
export function requireTools(t: Test, tools: SystemTool[], { ci = isCi(), has = hasTool }: Probe = {}): boolean {
  const verdict = toolVerdict({ tools, missing: tools.filter((tool) => !has(tool)), ci })
  if (verdict.action === 'run') return true
  if (verdict.action === 'fail') t.fail(verdict.message)
  else t.plan(0, verdict.message) // a plan of 0 with a reason is tap's skip from inside the test
  return false
}

/**
 * For one part of a test (the rest runs anyway): whether `tools` are here. When one is missing it
 * fails under CI=true, and otherwise leaves a comment naming the package.
 */
export function toolPresent(t: Test, ...tools: SystemTool[]): boolean {
  const verdict = toolVerdict({ tools, missing: tools.filter((tool) => !hasTool(tool)), ci: isCi() })
  if (verdict.action === 'run') return true
  if (verdict.action === 'fail') t.fail(verdict.message)
  else t.comment(`not checked: ${verdict.message}`)
  return false
}

/** For fixtures that call a program while a test file loads: throws the same message when it is missing. */
export function assertTool(...tools: SystemTool[]): void {
  const verdict = toolVerdict({ tools, missing: tools.filter((tool) => !hasTool(tool)), ci: true })
  if (verdict.action !== 'run') throw new Error(verdict.message)
}

/**
 * For tap's `{ skip }` option on tests declared at load: false when `tools` are here; otherwise the
 * skip reason naming the package, except under CI=true, where the file fails at once with it.
 */
export function skipUnlessTools(...tools: SystemTool[]): false | string {
  const verdict = toolVerdict({ tools, missing: tools.filter((tool) => !hasTool(tool)), ci: isCi() })
  if (verdict.action === 'run') return false
  if (verdict.action === 'fail') throw new Error(verdict.message)
  return verdict.message
}
