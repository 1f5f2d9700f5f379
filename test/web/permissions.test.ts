import t from 'tap'
import { readFile } from 'node:fs/promises'
import { generate, outFile } from '../../scripts/gen-web-permissions.ts'
import { can, type Permission } from '../../web/src/permissions.ts'
import { PERMISSIONS, ROLES, allows } from '../../server/auth/permissions.ts'

t.test("the web app's permission table is generated from the server's and up to date", async (t) => {
  t.equal(await readFile(outFile, 'utf8'), generate(), 'run `npm run gen:permissions` after changing server/auth/permissions.ts')
})

t.test('the web offers an action to exactly the roles the server allows it to', async (t) => {
  const named = Object.keys(PERMISSIONS).filter((p) => p !== 'public')
  for (const permission of named) {
    for (const role of ROLES) t.equal(can(role, permission as Permission), allows(role, permission as Permission), `${role} ${permission}`)
  }
  t.notOk(can(undefined, 'session'), 'nobody signed in may do anything that needs a session')
})

t.test('a changed server table makes the generated file differ', async (t) => {
  const { generate: fresh } = await t.mockImport<typeof import('../../scripts/gen-web-permissions.ts')>(
    '../../scripts/gen-web-permissions.ts',
    {
      '../../server/auth/permissions.ts': {
        PERMISSIONS: { ...PERMISSIONS, 'case:write': { roles: ['legal', 'auditor'], description: '' } }
      }
    }
  )
  t.not(fresh(), generate(), 'the check would fail')
  t.match(fresh(), /'case:write': \['legal', 'auditor'\]/)
})
