import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'

const modules = new URL('../../server/modules/', import.meta.url)
// A query on the drizzle handle or on the raw connection; transactions are the services' business.
const QUERY = /\b(?:db|sqlite)\.(?:prepare|exec|pragma|select|selectDistinct|insert|update|delete|all|get|run|values)\s*[(<]/

t.test('the query pattern finds queries and lets transactions through', async (t) => {
  for (const q of [
    'deps.db.select({ seq: x.seq })',
    'app.db.all<Cell>(sql`…`)',
    "opts.sqlite.prepare<[], { n: number }>('SELECT 1')",
    "app.sqlite.prepare('SELECT 1')"
  ])
    t.match(q, QUERY, q)
  for (const q of ['deps.sqlite.transaction(() => {})', 'await files.prepare()', 'repo.byId(id)']) t.notMatch(q, QUERY, q)
})

t.test('every query of a feature is in its repo.ts', async (t) => {
  const files = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('repo.ts'))
  t.ok(files.length > 30)
  for (const file of files) t.notMatch(readFileSync(new URL(file, modules), 'utf8'), QUERY, `${file} asks its repo`)
})
