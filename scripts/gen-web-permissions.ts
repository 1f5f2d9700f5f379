/**
 * Derives the web app's permission table from the server's (server/auth/permissions.ts), so the
 * screens offer exactly what the server allows: `npm run gen:permissions` writes web/src/permissions.ts;
 * `--check` fails when the file is stale (test/web/permissions.test.ts runs the same comparison).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join, dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { PERMISSIONS } from '../server/auth/permissions.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const outFile = join(root, 'web', 'src', 'permissions.ts')

export function generate(): string {
  // `public` needs no role and no session: nothing for the web app to hide behind it.
  const rows = Object.entries(PERMISSIONS)
    .filter(([, p]) => !('public' in p && p.public))
    .map(([name, p]) => `  ${JSON.stringify(name).replace(/"/g, "'")}: [${p.roles.map((r) => `'${r}'`).join(', ')}]`)
  return [
    '// Generated from server/auth/permissions.ts by `npm run gen:permissions`. Do not edit.',
    '// What each role may do, for showing or hiding screens and buttons. The server decides; this only',
    '// avoids offering what would be refused.',
    "import type { Role } from './context.ts'",
    '',
    'const MATRIX = {',
    rows.join(',\n'),
    '} as const satisfies Record<string, readonly Role[]>',
    '',
    'export type Permission = keyof typeof MATRIX',
    '',
    'export function can (role: Role | undefined, permission: Permission): boolean {',
    '  return role !== undefined && (MATRIX[permission] as readonly Role[]).includes(role)',
    '}',
    ''
  ].join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = generate()
  if (process.argv.includes('--check')) {
    const current = await readFile(outFile, 'utf8').catch(() => '')
    if (current !== text) {
      console.error('web/src/permissions.ts is out of date: run `npm run gen:permissions`.')
      process.exit(1)
    }
  } else {
    await writeFile(outFile, text)
    console.log(`wrote ${outFile}`)
  }
}
