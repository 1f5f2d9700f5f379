/**
 * Builds the two stand-alone verifiers every evidence package carries from one source of checks,
 * server/lib/export/verifier/verify-core.mjs: verify-package.mjs (the core and the Node shell
 * verify-cli.mjs in one file) and verify.html (the core, the page script verify-page.mjs and its
 * CSS inlined into verify-page.html, with a Content-Security-Policy that allows those two inline
 * blocks by their hashes and nothing else: no network). `npm run gen:verifier` writes both texts
 * into server/lib/export/verifier/verifier-files.ts, which the package build imports (so the
 * bundled server needs no file beside it, and every package carries the same bytes); `--check`
 * fails when that file is stale (the test suite runs the check).
 */
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMainModule } from './cli.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dir = join(root, 'server', 'lib', 'export', 'verifier')
export const VERIFIER_FILES = join(dir, 'verifier-files.ts')

const CORE_IMPORT = /^import \{[^}]*\} from '\.\/verify-core\.mjs'\n/m

function inlineCore(core: string): string {
  return core.replace(/^export (?=(async )?function |const |class )/gm, '')
}

function withoutCoreImport(shell: string, name: string): string {
  if (!CORE_IMPORT.test(shell)) throw new Error(`${name} must import the core from './verify-core.mjs' on one line`)
  return shell.replace(CORE_IMPORT, '')
}

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** The two verifiers' texts, from the sources in server/lib/export/verifier/. */
export async function assemble(): Promise<{ script: string; page: string }> {
  const read = (name: string): Promise<string> => readFile(join(dir, name), 'utf8')
  const core = inlineCore(await read('verify-core.mjs'))
  const banner =
    '// Sanad evidence package verifier. Needs Node.js 18 or later and nothing else.\n' +
    '//   node verify-package.mjs PACKAGE.zip [--key KEY|FILE] [--json]\n' +
    '// Exits 0 when every check passes, 1 otherwise, naming each problem on its own line.\n' +
    '// Generated from server/lib/export/verifier/ by `npm run gen:verifier`.\n'
  const script = `#!/usr/bin/env node\n${banner}\n${core}\n${withoutCoreImport(await read('verify-cli.mjs'), 'verify-cli.mjs')}`
  const js = `\n${core}\n${withoutCoreImport(await read('verify-page.mjs'), 'verify-page.mjs')}`
  const css = `\n${await read('verify-page.css')}`
  // Inline code must not end its own element early.
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error('the inlined script or style holds a closing tag')
  const csp = [
    "default-src 'none'",
    `script-src ${hash(js)}`,
    `style-src ${hash(css)}`,
    "connect-src 'none'",
    "img-src 'none'",
    "form-action 'none'",
    "base-uri 'none'"
  ].join('; ')
  const template = await read('verify-page.html')
  for (const slot of ['/*CSP*/', '/*STYLE*/', '/*SCRIPT*/'])
    if (template.split(slot).length !== 2) throw new Error(`verify-page.html must hold ${slot} exactly once`)
  // Functions as replacements: a `$` in the code is not a replacement pattern.
  const page = template
    .replace('/*CSP*/', () => csp)
    .replace('/*STYLE*/', () => css)
    .replace('/*SCRIPT*/', () => js)
  return { script, page }
}

export async function generate(): Promise<string> {
  const { script, page } = await assemble()
  return [
    '// Generated from server/lib/export/verifier/ by `npm run gen:verifier`. Do not edit.',
    '/** verify-package.mjs: the command-line verifier every evidence package carries. */',
    `export const VERIFY_PACKAGE_MJS: string = ${JSON.stringify(script)}`,
    '/** verify.html: the browser verifier every evidence package carries. */',
    `export const VERIFY_HTML: string = ${JSON.stringify(page)}`,
    ''
  ].join('\n')
}

if (isMainModule(import.meta.url)) {
  const text = await generate()
  if (process.argv.includes('--check')) {
    const current = await readFile(VERIFIER_FILES, 'utf8').catch(() => '')
    if (current !== text) {
      console.error('server/lib/export/verifier/verifier-files.ts is out of date: run `npm run gen:verifier`.')
      process.exit(1)
    }
  } else {
    await writeFile(VERIFIER_FILES, text)
    console.log(`wrote ${VERIFIER_FILES}`)
  }
}
