import autocannon from 'autocannon'
import { join } from 'node:path'
import { type Figure, authenticate, startServer } from './harness.ts'
import { generatedIncident } from './registry.ts'

/**
 * A mixed read load at 50 concurrent connections. autocannon runs in this process; the server is a
 * separate process, so the load generator does not steal the server's event loop.
 */
export async function benchApi(work: string, seconds: number, log: (s: string) => void): Promise<Figure[]> {
  const password = 'Quiet-river-passphrase-4821'
  const server = await startServer(join(work, 'api-data'), { SANAD_ADMIN_PASSWORD: password })
  try {
    const headers = await authenticate(server.url, password)
    log('api: seeding 300 incidents')
    const ids: string[] = []
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${server.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(generatedIncident(i))
      })
      if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${await res.text()}`)
      ids.push(((await res.json()) as { id: string }).id)
    }
    log(`api: ${seconds} s of mixed reads at 50 connections`)
    const result = await autocannon({
      url: server.url,
      connections: 50,
      duration: seconds,
      headers,
      requests: [
        { method: 'GET', path: '/api/v1/incidents?limit=20' },
        { method: 'GET', path: `/api/v1/incidents/${ids[7]}` },
        { method: 'GET', path: '/api/v1/incidents?province=AF-KAB&limit=20' },
        { method: 'GET', path: `/api/v1/incidents?q=${encodeURIComponent('طالبان')}&limit=20` },
        { method: 'GET', path: '/api/v1/taxonomy' },
        { method: 'GET', path: '/api/v1/ledger/checkpoint' },
        { method: 'GET', path: '/api/v1/stats' }
      ]
    })
    const errors = result.errors + result.timeouts + result.non2xx
    return [
      { section: 'api', name: 'mixed reads, 50 connections', value: result.requests.average, unit: 'req/s' },
      { section: 'api', name: 'latency p99', value: result.latency.p99, unit: 'ms' },
      { section: 'api', name: 'errors (incl. non-2xx and timeouts)', value: errors, unit: 'count', target: '0', met: errors === 0 }
    ]
  } finally {
    await server.stop()
  }
}
