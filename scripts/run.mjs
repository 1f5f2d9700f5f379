/**
 * Runs one of the operator and auditor commands as plain JavaScript: `node scripts/run.mjs verify
 * [args]`. The script is bundled with esbuild into scripts/.build/ the first time and again whenever
 * the content of a file it was built from changes (or esbuild, this launcher or tsconfig.json does);
 * later runs start straight from the bundle. Loading the sources through a TypeScript loader on every
 * run cost auditors a third of a second per command.
 *
 * Plain JavaScript on purpose: it has to start without any loader.
 */
import { createHash } from 'node:crypto'
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
// Two levels below the root, like server/.build/: the sources find migrations/, schemas/ and web/
// relative to their own file, which the bundle then stands in for.
const OUT_DIR = join(ROOT, 'scripts', '.build')
// Only these: other scripts assume they run from their own file (gen-types finds the root from it).
const COMMANDS = ['migrate', 'sanad', 'verify', 'verify-export', 'backup', 'restore']

const [name, ...args] = process.argv.slice(2)
if (!COMMANDS.includes(name)) {
  console.error(`usage: node scripts/run.mjs SCRIPT [args]  (SCRIPT: ${COMMANDS.join(', ')})${name ? `\nno script "${name}"` : ''}`)
  process.exit(2)
}
const source = join(ROOT, 'scripts', `${name}.ts`)
const bundle = join(OUT_DIR, `${name}.mjs`)
const inputsFile = join(OUT_DIR, `${name}.inputs.json`)

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

/** What, besides the sources, decides the bundle's content. */
function buildKey() {
  const esbuild = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version
  return sha256([esbuild, readFileSync(fileURLToPath(import.meta.url)), readFileSync(join(ROOT, 'tsconfig.json'))].join('\0'))
}

/**
 * True when the bundle exists and every file it was built from still has the content it had then.
 * Contents, not times: a release unpacked with its old timestamps must not keep yesterday's bundle.
 */
function fresh() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false
  try {
    const recorded = JSON.parse(readFileSync(inputsFile, 'utf8'))
    if (recorded.key !== buildKey()) return false
    return Object.entries(recorded.files).every(([file, hash]) => sha256(readFileSync(join(ROOT, file))) === hash)
  } catch {
    return false
  }
}

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' }

/** Bundles the script, recording the hash of exactly the bytes esbuild compiled from each file. */
async function build() {
  const { build: esbuild } = await import('esbuild')
  const files = {}
  const record = {
    name: 'record-inputs',
    setup(b) {
      b.onLoad({ filter: /\.(m?[jt]s|json)$/ }, async (a) => {
        const contents = await readFile(a.path)
        files[relative(ROOT, a.path)] = sha256(contents)
        return { contents, loader: LOADERS[a.path.slice(a.path.lastIndexOf('.'))] }
      })
    }
  }
  mkdirSync(OUT_DIR, { recursive: true })
  accessSync(OUT_DIR, constants.W_OK)
  // Written beside and renamed into place, so two commands starting at once never read half a file.
  const tmp = `${bundle}.${process.pid}.tmp.mjs`
  await esbuild({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: tmp,
    logLevel: 'warning',
    absWorkingDir: ROOT,
    plugins: [record]
  })
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify({ key: buildKey(), files }))
  renameSync(tmp, bundle)
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile)
}

let entry = bundle
if (!fresh()) {
  try {
    await build()
  } catch (err) {
    // A checkout the user cannot write to (an auditor's read-only copy): run the sources instead.
    if (!['EACCES', 'EPERM', 'EROFS'].includes(err?.code)) throw err
    const { register } = await import('tsx/esm/api')
    register()
    entry = source
  }
}

// The script sees the same argv as when run directly: [node, its own file, ...args].
process.argv = [process.argv[0], entry, ...args]
await import(pathToFileURL(entry).href)
