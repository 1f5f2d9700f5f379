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

t.test('the ledger answers with schemas from schemas/ (so each has a generated type), never inline ones', async (t) => {
  const { testApp } = await import('../helpers/app.ts')
  const app = await testApp(t)
  await app.ready()
  const spec = app.swagger() as {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>
  }
  const seen: string[] = []
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (!/^\/api\/v1\/(ledger|audit)\//.test(path)) continue
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const schema = response.content?.['application/json']?.schema
        if (!status.startsWith('2') || !schema) continue
        seen.push(`${method} ${path}`)
        t.type(schema.$ref, 'string', `${method.toUpperCase()} ${path} ${status} refers to a schema file`)
      }
    }
  }
  t.ok(seen.length >= 6, `every JSON route of the ledger was checked (${seen.length})`)
})
