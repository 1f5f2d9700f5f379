import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  checkImports,
  importsOf,
  IMPORT_RULES,
  readImports,
  repoRoot,
  resolveImport,
  siblingServiceBuilds
} from '../helpers/import-rules.ts'

// Each planted file breaks (or keeps) exactly one rule; the checker must name it.
const planted: Array<{ file: string; imports: string; broken: string[] }> = [
  {
    file: 'server/plugins/auth.ts',
    imports: "import { usersService } from '../modules/users/service.ts'",
    broken: ['plugins-import-no-module']
  },
  { file: 'server/plugins/ledger.ts', imports: "import { ledgerService } from '../ledger/service.ts'", broken: [] },
  {
    file: 'server/ledger/service.ts',
    imports: "import type { Pattern } from '../modules/patterns/service.ts'",
    broken: ['infrastructure-imports-no-module']
  },
  {
    file: 'server/auth/actor.ts',
    imports: "const m = await import('../modules/users/routes.ts')",
    broken: ['infrastructure-imports-no-module']
  },
  {
    file: 'server/modules/cases/routes.ts',
    imports: "import { API_PREFIX } from '../../plugins/auth.ts'",
    broken: ['only-app-registers-plugins']
  },
  { file: 'server/app.ts', imports: "import authPlugin from './plugins/auth.ts'", broken: [] },
  { file: 'server/plugins/web.ts', imports: "import { API_PREFIX } from './auth.ts'", broken: [] },
  {
    file: 'server/modules/evidence/service.ts',
    imports: "import { incidentRepo } from '../incidents/repo.ts'",
    broken: ['no-foreign-repo']
  },
  { file: 'server/modules/incidents/routes.ts', imports: "export { patternRepo } from '../patterns/repo.ts'", broken: ['no-foreign-repo'] },
  { file: 'server/modules/evidence/service.ts', imports: "import { evidenceRepo } from './repo.ts'", broken: [] },
  { file: 'server/modules/evidence/routes.ts', imports: "import { incidentLookup } from '../incidents/service.ts'", broken: [] },
  { file: 'server/modules/users/service.ts', imports: "import { authRepo } from '../../auth/repo.ts'", broken: [] },
  { file: 'server/lib/ledger/merkle.ts', imports: "import { fail } from '../../errors.ts'", broken: ['lib-is-pure'] },
  { file: 'server/lib/media/sniff.ts', imports: "import { incidentRepo } from '../../modules/incidents/repo.ts'", broken: ['lib-is-pure'] },
  {
    file: 'server/lib/ledger/merkle.ts',
    imports: "import { createHash } from 'node:crypto'\nimport { x } from '../text/pseudonym.ts'",
    broken: []
  },
  { file: 'server/lib/context/afghan-context.ts', imports: "import p from '../../data/provinces.json' with { type: 'json' }", broken: [] },
  { file: 'server/lib/export/export-receipt.ts', imports: "import type { ExportReceipt } from '../../types/schemas.ts'", broken: [] },
  {
    file: 'server/modules/cases/service.ts',
    imports: "import { testApp } from '../../../test/helpers/app.ts'",
    broken: ['server-imports-no-test-or-script']
  }
]

t.test('the rule checker names the rule each planted import breaks, and passes the allowed ones', async (t) => {
  for (const { file, imports, broken } of planted) {
    const violations = checkImports([{ file, specifiers: importsOf(imports) }])
    t.same(
      violations.map((v) => v.rule),
      broken,
      `${file}: ${imports.replace(/\n/g, '; ')}`
    )
  }
})

t.test('imports resolve to repo paths, packages to package names', async (t) => {
  t.equal(resolveImport('server/modules/users/service.ts', '../../auth/repo.ts'), 'server/auth/repo.ts')
  t.equal(resolveImport('server/lib/ledger/merkle.ts', 'node:crypto'), 'package:node:crypto')
  t.equal(resolveImport('server/lib/ledger/merkle.ts', 'fs'), 'package:node:fs')
  t.equal(resolveImport('server/lib/ledger/timestamp.ts', 'pkijs'), 'package:pkijs')
})

t.test('every rule has a name, a reason and at least one planted case that breaks it', async (t) => {
  for (const rule of IMPORT_RULES) {
    t.ok(rule.why.length > 0, rule.name)
    t.ok(
      planted.some((p) => p.broken.includes(rule.name)),
      `${rule.name} is shown failing`
    )
  }
})

t.test('the server follows the import rules of server/README.md', async (t) => {
  const files = readImports(repoRoot(), 'server')
  t.ok(files.length > 100, 'every server source file was read')
  t.same(checkImports(files), [], 'no violations')
})

t.test('a feature never builds a sibling feature’s service: it takes it as a dependency from app.ts', async (t) => {
  const planted = [
    {
      file: 'server/modules/cases/service.ts',
      source: "import { incidentService } from '../incidents/service.ts'\nconst s = incidentService({ db })",
      built: ['server/modules/incidents/service.ts#incidentService']
    },
    {
      file: 'server/modules/cases/service.ts',
      source: "import { type IncidentService, incidentLookup } from '../incidents/service.ts'\nincidentLookup(db)",
      built: []
    },
    { file: 'server/modules/cases/routes.ts', source: "import { casesService } from './service.ts'\ncasesService({})", built: [] },
    {
      file: 'server/modules/incidents/routes.ts',
      source: "import { patternService as ps } from '../patterns/service.ts'\nconst p = ps({ db })",
      built: ['server/modules/patterns/service.ts#ps']
    }
  ]
  for (const p of planted) t.same(siblingServiceBuilds(p.file, p.source), p.built, p.source.split('\n')[0] ?? '')
  const found = readImports(repoRoot(), 'server/modules').flatMap(({ file }) =>
    siblingServiceBuilds(file, readFileSync(join(repoRoot(), file), 'utf8')).map((b) => `${file} builds ${b}`)
  )
  t.same(found, [], 'no feature builds another feature’s service')
})
