/**
 * The system programs the tests call, the Debian package of each, and the pure decisions about them:
 * what `npm test` does before the tests when some are missing (install them, or stop naming the
 * packages) and what a test that needs one does when it is missing (fail under CI, skip otherwise).
 * Shared by scripts/ensure-system-tools.mjs and test/helpers/system-tools.ts.
 *
 * Plain JavaScript on purpose: `pretest` runs it before anything is built or loaded through tsx.
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/**
 * Program → Debian package. `path`, when given, is where the tests look for it (playwright-core is
 * pointed at Debian's Chromium by absolute path).
 * @type {Readonly<Record<string, { package: string, path?: string }>>}
 */
export const SYSTEM_TOOLS = Object.freeze({
  pdftotext: { package: 'poppler-utils' },
  pdfinfo: { package: 'poppler-utils' },
  pdfdetach: { package: 'poppler-utils' },
  pdftoppm: { package: 'poppler-utils' },
  pdfsig: { package: 'poppler-utils' },
  qpdf: { package: 'qpdf' },
  chromium: { package: 'chromium', path: '/usr/bin/chromium' },
  openssl: { package: 'openssl' },
  python3: { package: 'python3' },
  unzip: { package: 'unzip' },
  gpg: { package: 'gnupg' },
  gpgconf: { package: 'gnupg' },
  setpriv: { package: 'util-linux' }
})

/** The Debian packages that provide `tools`, each once, sorted. */
export function packagesFor(tools) {
  return [
    ...new Set(
      tools.map((tool) => {
        const known = SYSTEM_TOOLS[tool]
        if (!known) throw new Error(`unknown system tool: ${tool}`)
        return known.package
      })
    )
  ].sort()
}

/** `file` exists and may be executed. */
function executable(file) {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Where `command` is found on PATH, or null. */
export function onPath(command, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (dir && executable(join(dir, command))) return join(dir, command)
  }
  return null
}

/** Whether the tests will find `tool` (by its fixed path when it has one, else on PATH). */
export function hasTool(tool) {
  const known = SYSTEM_TOOLS[tool]
  if (!known) throw new Error(`unknown system tool: ${tool}`)
  return known.path ? executable(known.path) : onPath(tool) !== null
}

/** The known tools this machine lacks. */
export function missingTools(has = hasTool) {
  return Object.keys(SYSTEM_TOOLS).filter((tool) => !has(tool))
}

/** `CI=true` (or 1): a missing tool is an error, never a silent skip. */
export function isCi(env = process.env) {
  return env.CI === 'true' || env.CI === '1'
}

/** The one line telling a person what to install. */
export function installHint(packages) {
  return `sudo apt-get install -y ${packages.join(' ')}`
}

/**
 * What `npm test` does before the tests, given the tools this machine lacks and whether it can
 * install packages itself (root, with apt-get). Under CI and elsewhere alike it never goes on with a
 * tool missing: a green run must mean every test ran.
 * @param {{ missing: string[], ci: boolean, root: boolean, apt: boolean }} input
 * @returns {{ action: 'none' } | { action: 'install', packages: string[] } | { action: 'refuse', packages: string[], message: string }}
 */
export function installPlan({ missing, ci, root, apt }) {
  if (missing.length === 0) return { action: 'none' }
  const packages = packagesFor(missing)
  if (root && apt) return { action: 'install', packages }
  const why = !apt ? 'apt-get is not available' : 'not running as root'
  return {
    action: 'refuse',
    packages,
    message: `The tests need the Debian packages ${packages.join(', ')} (missing: ${missing.join(', ')}); ${why}, so install them first: ${installHint(packages)}${ci ? ' (CI=true)' : ''}`
  }
}

/**
 * What a test that needs `tools` does: run when all are here; when one is missing, fail under CI
 * (a skipped check is not a passed one) and skip otherwise, both with a message naming the package.
 * @param {{ tools: string[], missing: string[], ci: boolean }} input
 * @returns {{ action: 'run' } | { action: 'fail' | 'skip', message: string }}
 */
export function toolVerdict({ tools, missing, ci }) {
  const absent = tools.filter((tool) => missing.includes(tool))
  if (absent.length === 0) return { action: 'run' }
  const packages = packagesFor(absent)
  const message = `${absent.join(', ')} not installed: Debian package ${packages.join(', ')} (${installHint(packages)}; npm test installs it when run as root)`
  return { action: ci ? 'fail' : 'skip', message }
}
