import { spawnSync } from 'node:child_process'
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type Figure, ROOT, authenticate, median, startServer, timeCommand } from './harness.ts'
import { createIncident, makeRandomFile, uploadFile } from './ingest.ts'

function blobsUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...blobsUnder(p))
    else out.push(p)
  }
  return out
}

export async function benchVerification(
  work: string,
  totalBytes: number,
  count: number,
  runs: number,
  log: (s: string) => void
): Promise<Figure[]> {
  const dataDir = join(work, 'verify-data')
  const password = 'Quiet-river-passphrase-4821'
  const server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: password })
  const each = Math.floor(totalBytes / count)
  try {
    const headers = await authenticate(server.url, password)
    const incident = await createIncident(server.url, headers)
    log(`verification: storing ${count} files of ${(each / 2 ** 20).toFixed(1)} MiB`)
    const file = join(work, 'verify-src.bin')
    for (let i = 0; i < count; i++) {
      makeRandomFile(file, each)
      const up = await uploadFile(server.url, headers, incident, file, `f${i}.bin`)
      if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${up.body}`)
    }
    rmSync(file, { force: true })
  } finally {
    await server.stop()
  }
  const blobs = blobsUnder(join(dataDir, 'blobs'))
  // Warm the page cache equally for both runs: both then measure hashing, not the disk.
  timeCommand('cat', blobs)
  // What `npm run verify` runs, without npm's own start-up. The first run of a changed script
  // bundles it; do that before the clock starts, as an auditor's second run would find it done.
  spawnSync(process.execPath, [join(ROOT, 'scripts/run.mjs'), 'verify', '--help'], { cwd: ROOT, stdio: 'ignore' })
  const openssl: number[] = []
  const verify: number[] = []
  for (let run = 1; run <= runs; run++) {
    openssl.push(timeCommand('openssl', ['dgst', '-sha256', ...blobs]))
    log(`verification: npm run verify ${run}/${runs}`)
    const start = process.hrtime.bigint()
    const r = spawnSync(process.execPath, ['scripts/run.mjs', 'verify', '--data-dir', dataDir, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20
    })
    verify.push(Number(process.hrtime.bigint() - start) / 1e9)
    if (r.status !== 0) throw new Error(`verify failed: ${r.stdout} ${r.stderr}`)
  }
  const mib = (each * count) / 2 ** 20
  const ratio = median(openssl) / median(verify)
  const of = runs > 1 ? ` (median of ${runs})` : ''
  return [
    {
      section: 'verification',
      name: `npm run verify over ${(mib / 1024).toFixed(2)} GiB in ${count} blobs${of}`,
      value: mib / median(verify),
      unit: 'MiB/s',
      baseline: `openssl dgst -sha256 sequential ${(mib / median(openssl)).toFixed(0)} MiB/s${of}`,
      ratio,
      target: '≥ 1.5×',
      met: ratio >= 1.5
    }
  ]
}
