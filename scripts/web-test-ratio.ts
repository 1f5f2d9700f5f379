// The web application's test-to-code ratio (#19 asks that it at least double from 0.13):
//
//   tests: non-blank lines of test/web/**/*.ts (tests, their harnesses and helpers)
//   code:  non-blank lines of web/src/**/*.{ts,tsx}, less the generated permission table
//          (web/src/permissions.ts, `npm run gen:permissions`) and the translation catalogues
//          (web/src/i18n/{en,fa,ps}.ts: words, not code; three times the same keys)
//
// Also printed: the same with only the end-to-end journeys in real Chromium (test/web/*.test.ts and
// test/web/workbench/*.test.ts), the narrower figure under which the code of 7438e51 (before #19's
// web work) measures 0.13.
//
// Usage: npx tsx scripts/web-test-ratio.ts [--json]
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(fileURLToPath(import.meta.url), '..', '..')
const EXCLUDED_CODE = new Set(['web/src/permissions.ts', 'web/src/i18n/en.ts', 'web/src/i18n/fa.ts', 'web/src/i18n/ps.ts'])

function files(dir: string, test: (path: string) => boolean): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else {
        const rel = relative(ROOT, p).split(sep).join('/')
        if (test(rel)) out.push(rel)
      }
    }
  }
  walk(join(ROOT, dir))
  return out.sort()
}

export function nonBlankLines(text: string): number {
  return text.split('\n').filter((l) => l.trim() !== '').length
}

const count = (paths: string[]): number => paths.reduce((n, p) => n + nonBlankLines(readFileSync(join(ROOT, p), 'utf8')), 0)

export function measure(): { tests: number; journeys: number; code: number; ratio: number; journeyRatio: number } {
  const code = count(files('web/src', (p) => /\.tsx?$/.test(p) && !p.endsWith('.d.ts') && !EXCLUDED_CODE.has(p)))
  const tests = count(files('test/web', (p) => p.endsWith('.ts')))
  const journeys = count(files('test/web', (p) => /^test\/web\/(workbench\/)?[^/]+\.test\.ts$/.test(p)))
  const round = (n: number): number => Math.round(n * 100) / 100
  return { tests, journeys, code, ratio: round(tests / code), journeyRatio: round(journeys / code) }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = measure()
  if (process.argv.includes('--json')) console.log(JSON.stringify(m))
  else {
    console.log(`web code (non-blank lines, generated table and translations left out): ${m.code}`)
    console.log(`test/web (non-blank lines): ${m.tests} → test-to-code ratio ${m.ratio}`)
    console.log(`browser journeys only: ${m.journeys} → ${m.journeyRatio}`)
  }
}
