import { parseArgs } from 'node:util'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fsyncPathSync } from '../server/fs/durable.ts'
import { loadConfig } from '../server/config.ts'

// Shared by the data-dir commands. No command runs here: each script decides that for itself, and a
// bundle of one script must not start another's main block.

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer)
  return h.digest('hex')
}

/** fsyncs every folder holding one of `paths` (relative to `root`), deepest first, then `root`. */
export function syncFolders(root: string, paths: string[]): void {
  const dirs = new Set<string>()
  for (const p of paths) for (let d = dirname(join(root, p)); d.startsWith(root) && d !== root; d = dirname(d)) dirs.add(d)
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) fsyncPathSync(d)
  fsyncPathSync(root)
}

/**
 * The shared front of the data-dir commands (backup, restore): one positional folder and
 * --data-dir, with usage on -h and exit code 2 on a usage error.
 */
export function folderAndDataDir(usage: string, flags: string[] = []): { folder: string; dataDir: string; flags: Set<string> } {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(flags.map((f) => [f, { type: 'boolean' as const }]))
      }
    })
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`)
    process.exit(2)
  }
  if (parsed.values.help) {
    console.log(usage)
    process.exit(0)
  }
  const folder = parsed.positionals[0]
  if (!folder) {
    console.error(usage)
    process.exit(2)
  }
  const dataDir = parsed.values['data-dir'] ? resolve(parsed.values['data-dir']) : loadConfig().dataDir
  return { folder: resolve(folder), dataDir, flags: new Set(flags.filter((f) => (parsed.values as Record<string, unknown>)[f] === true)) }
}

/**
 * Whether the module at `moduleUrl` is the script node was started with (its main block should run).
 * Compared as URLs, so paths with spaces or non-ASCII letters match too; a bundled script runs only
 * its own main block.
 */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href
}
