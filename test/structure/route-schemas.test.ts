import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'

const modules = new URL('../../server/modules/', import.meta.url)

t.test('shared route fragments (error, idParams) are defined once, in server/http/route-schemas.ts', async (t) => {
  const routeFiles = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  t.ok(routeFiles.length > 20)
  for (const file of routeFiles) {
    const source = readFileSync(new URL(file, modules), 'utf8')
    t.notMatch(source, /const (error|idParams|uuid) = /, `${file} imports them instead of defining its own`)
    t.notMatch(source, /\$ref: 'error\.json#' \}/, `${file} uses the shared error fragment`)
  }
})
