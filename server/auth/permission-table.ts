import { PERMISSIONS, ROLES, allows, type Permission } from './permissions.ts'

/**
 * The README's roles-and-permissions table, generated from PERMISSIONS (a test keeps the README in
 * step: paste the output of `npm run sanad -- docs permissions` between the markers).
 */
export function permissionTable(): string {
  const lines = [
    `| Permission | ${ROLES.map((r) => `\`${r}\``).join(' | ')} | What it covers |`,
    `|---|${ROLES.map(() => ':-:').join('|')}|---|`
  ]
  for (const [name, p] of Object.entries(PERMISSIONS) as Array<[Permission, (typeof PERMISSIONS)[Permission]]>) {
    const cells = ROLES.map((r) => ('public' in p ? 'yes' : allows(r, name) ? 'yes' : '—'))
    lines.push(`| \`${name}\` | ${cells.join(' | ')} | ${p.description} |`)
  }
  return lines.join('\n') + '\n'
}
