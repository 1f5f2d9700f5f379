import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, posix, relative } from 'node:path'
import ts from 'typescript'

/**
 * The import rules of server/README.md as data. Paths are repo-relative with '/' separators; an
 * import that is not a relative path (an npm package, `node:fs`) is `package:<name>`.
 */
export type ImportRule = {
  name: string
  why: string
  /** Which importing files the rule is about. */
  from: RegExp
  /** True when `target` may not be imported by `file`. */
  forbids(target: string, file: string): boolean
}

export type Imports = { file: string; specifiers: string[] }
export type Violation = { rule: string; file: string; target: string }

const featureOf = (path: string): string | undefined => /^server\/modules\/([^/]+)\//.exec(path)?.[1]

export const IMPORT_RULES: ImportRule[] = [
  {
    name: 'plugins-import-no-module',
    why: 'infrastructure plugins wire infrastructure; features are wired by app.ts and their own route plugins',
    from: /^server\/plugins\//,
    forbids: (target) => target.startsWith('server/modules/')
  },
  {
    name: 'infrastructure-imports-no-module',
    why: 'the ledger, auth, db, blobs, jobs, keys and fs cores serve every feature and know none',
    from: /^server\/(auth|ledger|http|db|blobs|jobs|keys|fs)\//,
    forbids: (target) => target.startsWith('server/modules/')
  },
  {
    name: 'only-app-registers-plugins',
    why: 'a plugin is registered once, by app.ts; what it decorates reaches features through the app, not an import',
    from: /^server\/(?!app\.ts$|plugins\/)/,
    forbids: (target) => target.startsWith('server/plugins/')
  },
  {
    name: 'no-foreign-repo',
    why: "a feature reads another feature through that feature's service or a plain dependency, never its queries",
    from: /^server\/modules\//,
    forbids: (target, file) => /^server\/modules\/[^/]+\/repo\.ts$/.test(target) && featureOf(target) !== featureOf(file)
  },
  {
    name: 'lib-is-pure',
    why: 'server/lib is pure logic: it imports only itself, packages, static data and generated types',
    from: /^server\/lib\//,
    forbids: (target) =>
      !target.startsWith('package:') &&
      !target.startsWith('server/lib/') &&
      !/^server\/data\/[^/]+\.json$/.test(target) &&
      target !== 'server/types/schemas.ts'
  },
  {
    name: 'server-imports-no-test-or-script',
    why: 'the server runs without its tests and tools',
    from: /^server\//,
    forbids: (target) => target.startsWith('test/') || target.startsWith('scripts/')
  }
]

/** Every import, re-export and dynamic import() of a TypeScript source, as written. */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName)
}

/** A specifier as a repo-relative path (relative imports) or `package:<name>`. */
export function resolveImport(file: string, specifier: string): string {
  if (specifier.startsWith('./') || specifier.startsWith('../')) return posix.normalize(posix.join(posix.dirname(file), specifier))
  const bare = specifier.replace(/^node:/, '')
  return builtinModules.includes(bare.split('/')[0] ?? '') ? `package:node:${bare}` : `package:${specifier}`
}

export function checkImports(files: Imports[], rules: ImportRule[] = IMPORT_RULES): Violation[] {
  const violations: Violation[] = []
  for (const { file, specifiers } of files) {
    for (const specifier of specifiers) {
      const target = resolveImport(file, specifier)
      for (const rule of rules) {
        if (rule.from.test(file) && rule.forbids(target, file)) violations.push({ rule: rule.name, file, target })
      }
    }
  }
  return violations
}

/** The imports of every .ts file under `dir` (repo-relative), read from `root`. */
export function readImports(root: string, dir: string): Imports[] {
  const out: Imports[] = []
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== '.build') walk(path)
      } else if (entry.name.endsWith('.ts')) {
        out.push({ file: relative(root, path).split('\\').join('/'), specifiers: importsOf(readFileSync(path, 'utf8')) })
      }
    }
  }
  walk(join(root, dir))
  return out.sort((a, b) => a.file.localeCompare(b.file))
}

export const repoRoot = (): string => dirname(dirname(dirname(new URL(import.meta.url).pathname)))

/**
 * Where a feature builds a sibling feature's service (`fooService(...)` imported as a value from
 * another module's service.ts): only the composition root builds services other features use.
 */
export function siblingServiceBuilds(file: string, source: string): string[] {
  const own = featureOf(file)
  const built: string[] = []
  const valueImport = /import\s+(?!type\b)\{([^}]*)\}\s+from\s+'([^']+)'/g
  for (const m of source.matchAll(valueImport)) {
    const target = resolveImport(file, m[2] ?? '')
    if (!/^server\/modules\/[^/]+\/service\.ts$/.test(target) || featureOf(target) === own) continue
    for (const name of (m[1] ?? '').split(',').map((s) => s.trim())) {
      if (name.startsWith('type ')) continue
      const [imported = '', local = imported] = name.split(/\s+as\s+/)
      if (/Service$/.test(imported) && new RegExp(`\\b${local}\\(`).test(source)) built.push(`${target}#${local}`)
    }
  }
  return built
}
