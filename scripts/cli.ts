import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { loadConfig } from '../server/config.ts'

/**
 * The shared front of the data-dir commands (backup, restore): one positional folder and
 * --data-dir, with usage on -h and exit code 2 on a usage error.
 */
export function folderAndDataDir (usage: string, flags: string[] = []): { folder: string, dataDir: string, flags: Set<string> } {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...Object.fromEntries(flags.map((f) => [f, { type: 'boolean' as const }])) }
    })
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`)
    process.exit(2)
  }
  if (parsed.values.help) { console.log(usage); process.exit(0) }
  const folder = parsed.positionals[0]
  if (!folder) { console.error(usage); process.exit(2) }
  const dataDir = parsed.values['data-dir'] ? resolve(parsed.values['data-dir']) : loadConfig().dataDir
  return { folder: resolve(folder), dataDir, flags: new Set(flags.filter((f) => (parsed.values as Record<string, unknown>)[f] === true)) }
}
