import { spawnSync } from 'node:child_process'
import { createReadStream, statSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { type Figure, authenticate, peakRss, startServer, timeCommand } from './harness.ts'

/** Writes `bytes` of random data to `file` (openssl is fast and already a baseline tool). */
export function makeRandomFile (file: string, bytes: number): void {
  const r = spawnSync('openssl', ['rand', '-out', file, String(bytes)])
  if (r.status !== 0) throw new Error('openssl rand failed')
}

/** Streams `file` as a multipart upload; resolves with the response status, body and seconds taken. */
export async function uploadFile (url: string, headers: Record<string, string>, incidentId: string, file: string, name = 'upload.bin'): Promise<{ status: number, body: string, seconds: number }> {
  const boundary = '----sanadbench' + Math.random().toString(16).slice(2)
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const size = statSync(file).size
  const u = new URL(`${url}/api/v1/incidents/${incidentId}/evidence`)
  const start = process.hrtime.bigint()
  return await new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) }
    }, (res) => {
      let body = ''
      res.on('data', (d) => { body += String(d) })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, seconds: Number(process.hrtime.bigint() - start) / 1e9 }))
    })
    req.on('error', reject)
    req.write(head)
    const src = createReadStream(file, { highWaterMark: 1 << 20 })
    src.on('error', reject)
    src.on('end', () => req.end(tail))
    src.pipe(req, { end: false })
  })
}

export async function createIncident (url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/api/v1/incidents`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'bench', narrative: 'bench', narrativeLanguage: 'en', occurred: { from: '2023-01-01' }, location: { province: 'AF-KAB' }, categories: ['cah-murder'] })
  })
  if (res.status !== 201) throw new Error(`incident creation failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { id: string }).id
}

export async function benchIngest (work: string, bytes: number, log: (s: string) => void): Promise<Figure[]> {
  const file = join(work, 'ingest.bin')
  log(`ingest: generating ${(bytes / 2 ** 20).toFixed(0)} MiB`)
  makeRandomFile(file, bytes)
  const copy = join(work, 'ingest.copy')
  const ddSeconds = timeCommand('dd', [`if=${file}`, `of=${copy}`, 'bs=1M', 'conv=fsync', 'status=none'])
  rmSync(copy)
  const shaSeconds = timeCommand('openssl', ['dgst', '-sha256', file])
  const password = 'Quiet-river-passphrase-4821'
  const server = await startServer(join(work, 'ingest-data'), { SANAD_ADMIN_PASSWORD: password, SANAD_MAX_UPLOAD_BYTES: String(bytes * 2) })
  try {
    const headers = await authenticate(server.url, password)
    const incident = await createIncident(server.url, headers)
    log('ingest: uploading through the HTTP server')
    const up = await uploadFile(server.url, headers, incident, file)
    if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${up.body}`)
    const rss = peakRss(server.child.pid as number)
    const mbps = bytes / 2 ** 20 / up.seconds
    const ddMbps = bytes / 2 ** 20 / ddSeconds
    const shaMbps = bytes / 2 ** 20 / shaSeconds
    return [
      { section: 'ingest', name: `upload of ${(bytes / 2 ** 30).toFixed(2)} GiB`, value: mbps, unit: 'MiB/s', baseline: `dd conv=fsync ${ddMbps.toFixed(0)} MiB/s`, ratio: mbps / ddMbps, target: '≥ 0.8× fsync copy', met: mbps / ddMbps >= 0.8 },
      { section: 'ingest', name: 'upload vs openssl sha256', value: mbps, unit: 'MiB/s', baseline: `openssl dgst -sha256 ${shaMbps.toFixed(0)} MiB/s`, ratio: mbps / shaMbps },
      { section: 'ingest', name: 'server peak RSS', value: rss / 1e6, unit: 'MB', target: '≤ 150 MB', met: rss <= 150e6 }
    ]
  } finally {
    await server.stop()
    rmSync(file, { force: true })
  }
}
