/**
 * Runs one of the TypeScript scripts in scripts/ as plain JavaScript: `node scripts/run.mjs verify
 * [args]`. The script is bundled with esbuild into scripts/.build/ the first time and again whenever
 * one of its source files changes; later runs start straight from the bundle. Loading the sources
 * through a TypeScript loader on every run cost auditors a third of a second per command.
 *
 * Plain JavaScript on purpose: it has to start without any loader.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
// Two levels below the root, like server/.build/: the sources find migrations/, schemas/ and web/
// relative to their own file, which the bundle then stands in for.
const OUT_DIR = join(ROOT, 'scripts', '.build')

const [name, ...args] = process.argv.slice(2)
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !existsSync(join(ROOT, 'scripts', `${name}.ts`))) {
  console.error(`usage: node scripts/run.mjs SCRIPT [args]  (SCRIPT: a file scripts/SCRIPT.ts)${name ? `\nno script "${name}"` : ''}`)
  process.exit(2)
}
const source = join(ROOT, 'scripts', `${name}.ts`)
const bundle = join(OUT_DIR, `${name}.mjs`)
const inputsFile = join(OUT_DIR, `${name}.inputs.json`)

/** True when the bundle exists and no file it was built from changed since. */
function fresh () {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false
  const built = statSync(bundle).mtimeMs
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'))
    return inputs.every((file) => statSync(join(ROOT, file)).mtimeMs <= built)
  } catch {
    return false
  }
}

if (!fresh()) {
  const { build } = await import('esbuild')
  mkdirSync(OUT_DIR, { recursive: true })
  // Written beside and renamed into place, so two commands starting at once never read half a file.
  const tmp = `${bundle}.${process.pid}.tmp.mjs`
  const result = await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: tmp,
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: ROOT
  })
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(Object.keys(result.metafile.inputs)))
  renameSync(tmp, bundle)
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile)
}

// The script sees the same argv as when run directly: [node, its own file, ...args].
process.argv = [process.argv[0], bundle, ...args]
await import(pathToFileURL(bundle).href)
