/**
 * Derives TypeScript types from the JSON Schemas in schemas/ so the two never drift:
 * `npm run gen:types` writes server/types/schemas.ts; `--check` fails when the file is stale
 * (the test suite runs the check).
 */
import { compile } from 'json-schema-to-typescript'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMainModule } from './cli.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const schemaDir = join(root, 'schemas')
const outFile = join(root, 'server', 'types', 'schemas.ts')

export async function generate(): Promise<string> {
  const files = (await readdir(schemaDir)).filter((f) => f.endsWith('.json')).sort()
  const parts: string[] = ['// Generated from schemas/*.json by `npm run gen:types`. Do not edit.\n/* eslint-disable */\n']
  const seen = new Set<string>()
  for (const file of files) {
    const schema = JSON.parse(await readFile(join(schemaDir, file), 'utf8'))
    if (!schema.title || file === 'common.json') continue
    const ts = await compile(schema, schema.title, {
      cwd: schemaDir,
      bannerComment: '',
      declareExternallyReferenced: true,
      ignoreMinAndMaxItems: true,
      additionalProperties: false,
      strictIndexSignatures: true,
      format: true
    })
    // Referenced sub-schemas are declared inline per file; keep the first declaration of each name.
    for (const block of ts.split(/\n(?=export )/)) {
      const name = /^export (?:interface|type) (\w+)/.exec(block.trim())?.[1]
      if (name && seen.has(name)) continue
      if (name) seen.add(name)
      parts.push(block.trim() + '\n')
    }
  }
  return parts.join('\n')
}

if (isMainModule(import.meta.url)) {
  const text = await generate()
  if (process.argv.includes('--check')) {
    const current = await readFile(outFile, 'utf8').catch(() => '')
    if (current !== text) {
      console.error('server/types/schemas.ts is out of date: run `npm run gen:types`.')
      process.exit(1)
    }
  } else {
    await writeFile(outFile, text)
    console.log(`wrote ${outFile}`)
  }
}
