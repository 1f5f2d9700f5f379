import t from 'tap'
import { readFileSync } from 'node:fs'
import { permissionTable } from '../../server/auth/permission-table.ts'
import { CONFIG_VARIABLES, type ConfigVariable } from '../../server/config.ts'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

t.test('the README permission table is the one generated from server/auth/permissions.ts', async (t) => {
  const m = /<!-- permissions-table:start -->\n([\s\S]*?)<!-- permissions-table:end -->/.exec(readme)
  t.ok(m, 'markers present')
  t.equal(m?.[1], permissionTable(), 'run `npm run sanad -- docs permissions` and paste it between the markers')
})

t.test('the README documents the identity settings with their defaults, the key files and what to back up', async (t) => {
  const mine: ConfigVariable[] = [
    'SANAD_ADMIN_PASSWORD',
    'SANAD_MASTER_KEY_FILE',
    'SANAD_REQUIRE_MFA',
    'SANAD_SESSION_IDLE_MINUTES',
    'SANAD_SESSION_MAX_HOURS',
    'SANAD_COOKIE_SECURE'
  ]
  for (const name of mine) {
    const def = CONFIG_VARIABLES[name].default
    t.ok(readme.includes(`| \`${name}\` | ${def === '' ? '(empty)' : `\`${def}\``} |`), `${name} row with its default`)
  }
  for (const heading of ['## Accounts, roles and permissions', '## Protected persons and consent', '## Key files and backups']) {
    t.ok(readme.includes(heading), heading)
  }
  t.match(readme, /What an operator must back up/)
  t.match(readme, /master\.key\.retired-/)
})
