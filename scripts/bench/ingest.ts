import { spawnSync } from 'node:child_process'
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { join } from 'node:path'
import { type Figure, authenticate, currentRss, median, peakRss, startServer, timeCommand } from './harness.ts'

/** Writes `bytes` of random data to `file` (openssl is fast and already a baseline tool). */
export function makeRandomFile(file: string, bytes: number): void {
  const r = spawnSync('openssl', ['rand', '-out', file, String(bytes)])
  if (r.status !== 0) throw new Error('openssl rand failed')
}

/** Streams `file` as a multipart upload; resolves with the response status, body and seconds taken. */
export async function uploadFile(
  url: string,
  headers: Record<string, string>,
  incidentId: string,
  file: string,
  name = 'upload.bin'
): Promise<{ status: number; body: string; seconds: number }> {
  const boundary = '----sanadbench' + Math.random().toString(16).slice(2)
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const size = statSync(file).size
  const u = new URL(`${url}/api/v1/incidents/${incidentId}/evidence`)
  const start = process.hrtime.bigint()
  return await new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          ...headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + size + tail.length)
        }
      },
      (res) => {
        let body = ''
        res.on('data', (d) => {
          body += String(d)
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, seconds: Number(process.hrtime.bigint() - start) / 1e9 }))
      }
    )
    req.on('error', reject)
    req.write(head)
    const src = createReadStream(file, { highWaterMark: 1 << 20 })
    src.on('error', reject)
    src.on('end', () => req.end(tail))
    src.pipe(req, { end: false })
  })
}

export async function createIncident(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/api/v1/incidents`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'bench',
      narrative: 'bench',
      narrativeLanguage: 'en',
      occurred: { from: '2023-01-01' },
      location: { province: 'AF-KAB' },
      categories: ['cah-murder']
    })
  })
  if (res.status !== 201) throw new Error(`incident creation failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { id: string }).id
}

/** Overwrites the first bytes of `file`, so each run uploads new content (no "already held" shortcut). */
function alter(file: string, run: number): void {
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, Buffer.from(`run ${run} `.padEnd(16, '.')), 0, 16, 0)
  } finally {
    closeSync(fd)
  }
}

/**
 * A hundred 300 KB uploads at once on a fresh server (as a field team syncing its phones would send
 * them): wall time and the server's peak RSS. Every upload must be answered 201.
 */
async function benchBurst(work: string, password: string, log: (s: string) => void): Promise<Figure[]> {
  const count = 100
  const dir = join(work, 'burst')
  mkdirSync(dir, { recursive: true })
  const files = Array.from({ length: count }, (_, i) => {
    const file = join(dir, `photo-${i}.bin`)
    writeFileSync(file, randomBytes(300_000))
    return file
  })
  const server = await startServer(join(work, 'burst-data'), { SANAD_ADMIN_PASSWORD: password })
  try {
    const headers = await authenticate(server.url, password)
    const incident = await createIncident(server.url, headers)
    log(`ingest: ${count} uploads of 300 KB at once`)
    const start = process.hrtime.bigint()
    const results = await Promise.all(files.map(async (f) => await uploadFile(server.url, headers, incident, f)))
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const failed = results.filter((r) => r.status !== 201).length
    if (failed > 0) throw new Error(`${failed} of ${count} concurrent uploads failed`)
    return [
      { section: 'ingest', name: `${count} uploads of 300 KB at once: wall time`, value: seconds, unit: 's' },
      {
        section: 'ingest',
        name: `${count} uploads of 300 KB at once: server peak RSS (whole life)`,
        value: peakRss(server.child.pid as number) / 1e6,
        unit: 'MB'
      }
    ]
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchIngest(work: string, bytes: number, runs: number, log: (s: string) => void): Promise<Figure[]> {
  const file = join(work, 'ingest.bin')
  log(`ingest: generating ${(bytes / 2 ** 20).toFixed(0)} MiB`)
  makeRandomFile(file, bytes)
  const copy = join(work, 'ingest.copy')
  const password = 'Quiet-river-passphrase-4821'
  const server = await startServer(join(work, 'ingest-data'), { SANAD_ADMIN_PASSWORD: password, SANAD_MAX_UPLOAD_BYTES: String(bytes * 2) })
  try {
    const headers = await authenticate(server.url, password)
    const incident = await createIncident(server.url, headers)
    const idleRss = currentRss(server.child.pid as number)
    // The disk of a shared machine varies between seconds: baseline and upload take turns, and each
    // figure is the median of its runs.
    const dd: number[] = []
    const sha: number[] = []
    const up: number[] = []
    for (let run = 1; run <= runs; run++) {
      alter(file, run)
      dd.push(timeCommand('dd', [`if=${file}`, `of=${copy}`, 'bs=1M', 'conv=fsync', 'status=none']))
      rmSync(copy)
      sha.push(timeCommand('openssl', ['dgst', '-sha256', file]))
      log(`ingest: upload ${run}/${runs} through the HTTP server`)
      const res = await uploadFile(server.url, headers, incident, file)
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.body}`)
      up.push(res.seconds)
    }
    const rss = peakRss(server.child.pid as number)
    await server.stop()
    const burst = await benchBurst(work, password, log)
    const mib = bytes / 2 ** 20
    const mbps = mib / median(up)
    const ddMbps = mib / median(dd)
    const shaMbps = mib / median(sha)
    const of = runs > 1 ? ` (median of ${runs}: ${dd.map((s) => (mib / s).toFixed(0)).join(', ')})` : ''
    return [
      {
        section: 'ingest',
        name: `upload of ${(bytes / 2 ** 30).toFixed(2)} GiB${runs > 1 ? ` (median of ${runs}: ${up.map((s) => (mib / s).toFixed(0)).join(', ')})` : ''}`,
        value: mbps,
        unit: 'MiB/s',
        baseline: `dd conv=fsync ${ddMbps.toFixed(0)} MiB/s${of}`,
        ratio: mbps / ddMbps,
        target: '≥ 0.8× fsync copy',
        met: mbps / ddMbps >= 0.8
      },
      {
        section: 'ingest',
        name: 'upload vs openssl sha256',
        value: mbps,
        unit: 'MiB/s',
        baseline: `openssl dgst -sha256 ${shaMbps.toFixed(0)} MiB/s`,
        ratio: mbps / shaMbps
      },
      {
        section: 'ingest',
        name: 'server peak RSS (whole life: start, logins, uploads)',
        value: rss / 1e6,
        unit: 'MB',
        target: '≤ 150 MB',
        met: rss <= 150e6
      },
      { section: 'ingest', name: 'server RSS before the first upload', value: idleRss / 1e6, unit: 'MB' },
      ...burst
    ]
  } finally {
    await server.stop()
    rmSync(file, { force: true })
    rmSync(copy, { force: true })
  }
}
