/**
 * Benchmarks: `npm run bench [-- --quick] [--out FILE] [--only a,b]`. Prints a table and writes
 * the figures as JSON. Machine-dependent figures are also given as a ratio to a baseline measured
 * in the same run (dd conv=fsync, openssl dgst), so runs on different machines compare.
 */
import { parseArgs } from 'node:util'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, freemem, totalmem, tmpdir, availableParallelism } from 'node:os'
import { join } from 'node:path'
import { useBuiltServer, type Figure } from './bench/harness.ts'
import { benchIngest } from './bench/ingest.ts'
import { benchUploads } from './bench/uploads.ts'
import { benchVerification } from './bench/verification.ts'
import { benchRegistry } from './bench/registry.ts'
import { benchLedger } from './bench/ledger.ts'
import { benchApi } from './bench/api.ts'
import { benchDossier } from './bench/dossier.ts'

const usage = `usage: npm run bench -- [--quick] [--out FILE] [--only SECTIONS] [--work DIR]
  --quick           smaller sizes for a run of a few minutes
  --out FILE        write the figures as JSON (default bench-results.json)
  --only SECTIONS   comma-separated subset of: ingest,uploads,verification,registry,ledger,api,dossier
  --work DIR        folder on the disk to measure, for a scratch folder removed after (default: the temp folder)`

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    only: { type: 'string' },
    work: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  }
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const quick = values.quick === true
const only = new Set((values.only ?? 'ingest,uploads,verification,registry,ledger,api,dossier').split(','))
// Each run works in a new folder (inside --work when given, so its disk is the one measured), and
// removes it afterwards: a section must never find a previous run's data.
if (values.work) mkdirSync(values.work, { recursive: true })
const work = mkdtempSync(join(values.work ?? tmpdir(), 'sanad-bench-'))
const log = (s: string): void => {
  process.stderr.write(`· ${s}\n`)
}
const GiB = 2 ** 30
const sizes = quick
  ? {
      runs: 1,
      ingest: GiB / 4,
      uploads: GiB / 4,
      concurrentUploads: 50,
      concurrentUploadBytes: 8 * 2 ** 20,
      verifyBytes: GiB / 4,
      verifyCount: 50,
      incidents: 10_000,
      ledger: 100_000,
      apiSeconds: 5,
      dossierIncidents: 50,
      dossierExhibits: 250
    }
  : {
      runs: 3,
      ingest: GiB,
      uploads: GiB,
      concurrentUploads: 50,
      concurrentUploadBytes: 40 * 2 ** 20,
      verifyBytes: 2 * GiB,
      verifyCount: 200,
      incidents: 100_000,
      ledger: 1_000_000,
      apiSeconds: 15,
      dossierIncidents: 200,
      dossierExhibits: 1000
    }

// Measure the server as `npm start` runs it.
useBuiltServer()
const figures: Figure[] = []
const started = Date.now()
try {
  if (only.has('ingest')) figures.push(...(await benchIngest(work, sizes.ingest, sizes.runs, log)))
  if (only.has('uploads'))
    figures.push(...(await benchUploads(work, sizes.uploads, sizes.runs, sizes.concurrentUploads, sizes.concurrentUploadBytes, log)))
  if (only.has('verification')) figures.push(...(await benchVerification(work, sizes.verifyBytes, sizes.verifyCount, sizes.runs, log)))
  if (only.has('registry')) figures.push(...(await benchRegistry(work, sizes.incidents, log)))
  if (only.has('ledger')) figures.push(...(await benchLedger(work, sizes.ledger, log)))
  if (only.has('api')) figures.push(...(await benchApi(work, sizes.apiSeconds, log)))
  if (only.has('dossier')) figures.push(...(await benchDossier(work, sizes.dossierIncidents, sizes.dossierExhibits, log)))
} finally {
  rmSync(work, { recursive: true, force: true })
}

const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2))
const rows = figures.map((f) => [
  f.section,
  f.name,
  `${fmt(f.value)} ${f.unit}`,
  f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '',
  f.baseline ?? '',
  f.target ? `${f.target} ${f.met ? '✓' : '✗'}` : ''
])
const header = ['section', 'figure', 'value', 'ratio', 'baseline', 'target']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')
console.log(line(header))
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
for (const r of rows) console.log(line(r))
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  memoryGiB: +(totalmem() / GiB).toFixed(1),
  freeGiB: +(freemem() / GiB).toFixed(1),
  node: process.version,
  platform: `${process.platform} ${process.arch}`
}
const out = values.out ?? 'bench-results.json'
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), quick, seconds: (Date.now() - started) / 1000, machine, figures }, null, 2) + '\n'
)
console.log(
  `\n${figures.length} figures in ${((Date.now() - started) / 1000).toFixed(0)} s on ${machine.cpu} (${machine.cores} cores); written to ${out}`
)
