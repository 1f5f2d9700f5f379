// The committed map is exactly what the build script makes from the source kept in the project: no
// hand edit of the web copy, no drift between script, source and output.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { requireTool } from '../../helpers/system-tools.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

t.test('the build script reproduces web/src/map/afghanistan-map.json byte for byte', async (t) => {
  if (!requireTool(t, 'python3')) return
  const out = join(t.testdir({}), 'map.json')
  const r = spawnSync('python3', [join(ROOT, 'scripts/map/build-province-map.py'), out], { encoding: 'utf8' })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /11147 -> \d+ province vertices/)
  t.ok(readFileSync(out).equals(readFileSync(join(ROOT, 'web/src/map/afghanistan-map.json'))), 'the same bytes')
})

t.test('the script refuses a source it was not written for', async (t) => {
  if (!requireTool(t, 'python3')) return
  const dir = t.testdir({})
  const source = JSON.parse(readFileSync(join(ROOT, 'scripts/map/source/ne_10m_admin_1_afghanistan.json'), 'utf8')) as {
    features: { properties: Record<string, unknown> }[]
  }
  const run = (mutate: (s: typeof source) => void): { status: number | null; stderr: string } => {
    const copy = structuredClone(source)
    mutate(copy)
    const path = join(dir, 'source.json')
    writeFileSync(path, JSON.stringify(copy))
    return spawnSync('python3', [join(ROOT, 'scripts/map/build-province-map.py'), join(dir, 'out.json'), path], { encoding: 'utf8' })
  }
  const feature = (s: typeof source, code: string) => s.features.find((f) => f.properties.adm1_code === code)!
  const cases: [string, (s: typeof source) => void, RegExp][] = [
    [
      'a renamed feature whose GeoNames name differs',
      (s) => void (feature(s, 'AFG-1753').properties.gn_name = 'Uruzgan'),
      /AFG-1753: not the feature/
    ],
    ['a renamed feature moved elsewhere', (s) => void (feature(s, 'AFG-1769').properties.latitude = 34.0), /AFG-1769: not the feature/],
    [
      'a feature without a Sanad code',
      (s) => void (feature(s, 'AFG-1741').properties.adm1_code = 'AFG-9999'),
      /AFG-9999 \(Badghis\): no Sanad province code/
    ],
    [
      'a province without a feature',
      (s) => void s.features.splice(s.features.indexOf(feature(s, 'AFG-1758')), 1),
      /codes differ: \['AF-KHO'\]/
    ]
  ]
  for (const [what, mutate, message] of cases) {
    const r = run(mutate)
    t.not(r.status, 0, what)
    t.match(r.stderr, message, what)
  }
  t.notOk(existsSync(join(dir, 'out.json')), 'nothing written')
})
