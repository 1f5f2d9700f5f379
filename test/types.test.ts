import t from 'tap'
import { readFile } from 'node:fs/promises'
import { generate } from '../scripts/gen-types.ts'

t.test('the TypeScript types are generated from the JSON Schemas and up to date', async (t) => {
  const current = await readFile(new URL('../server/types/schemas.ts', import.meta.url), 'utf8')
  t.equal(current, await generate(), 'run `npm run gen:types` after changing schemas/')
})
