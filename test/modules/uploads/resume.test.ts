import t from 'tap'
import { tmpdir } from 'node:os'
import { createHash, randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { Upload } from 'tus-js-client'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'

/** A data dir that outlives one app (t.testdir is emptied again by each testApp). */
function lastingDir(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-tus-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const sha512 = (b: Buffer): string => createHash('sha512').update(b).digest('hex')

async function listening(t: Parameters<typeof testApp>[0], dataDir: string): Promise<{ app: FastifyInstance; base: string }> {
  const app = await testApp(t, { config: { dataDir } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
}

async function incident(base: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${base}/api/v1/incidents`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(incidentInput())
  })
  return ((await res.json()) as { id: string }).id
}

type Evidence = { id: string; sha256: string; sha512: string; size: number }

/** tus-js-client from `uploadUrl` (or a new upload), resolving with the last answer's evidence record. */
function send(
  base: string,
  headers: Record<string, string>,
  bytes: Buffer,
  metadata: Record<string, string>,
  options: { uploadUrl?: string; chunkSize?: number; onChunk?: (upload: Upload, accepted: number) => void } = {}
): Promise<{ evidence: Evidence; url: string }> {
  return new Promise((resolve, reject) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${base}/api/v1/uploads`,
      ...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
      headers,
      metadata,
      chunkSize: options.chunkSize ?? 64 * 1024,
      retryDelays: [0, 100],
      storeFingerprintForResuming: false,
      onChunkComplete: (_size, accepted) => options.onChunk?.(upload, accepted),
      onSuccess: ({ lastResponse }) => resolve({ evidence: JSON.parse(lastResponse.getBody()) as Evidence, url: upload.url as string }),
      onError: reject
    })
    upload.start()
  })
}

t.test('tus-js-client uploads in chunks; the last answer is the evidence record with both hashes', async (t) => {
  const { app, base } = await listening(t, lastingDir(t))
  const headers = await asRole(app, 'documenter')
  const incidentId = await incident(base, headers)
  const bytes = randomBytes(300_000)
  let chunks = 0
  const { evidence } = await send(
    base,
    headers,
    bytes,
    { incidentId, filename: 'clip.bin', sha256: sha256(bytes) },
    {
      chunkSize: 100_000,
      onChunk: () => {
        chunks++
      }
    }
  )
  t.equal(chunks, 3, 'three PATCHes')
  t.equal(evidence.sha256, sha256(bytes))
  t.equal(evidence.sha512, sha512(bytes))
  t.equal(evidence.size, bytes.length)
})

t.test('an upload aborted by the client resumes from the server offset and completes', async (t) => {
  const { app, base } = await listening(t, lastingDir(t))
  const headers = await asRole(app, 'documenter')
  const incidentId = await incident(base, headers)
  const bytes = randomBytes(400_000)
  const metadata = { incidentId, filename: 'clip.bin', sha256: sha256(bytes) }
  const url = await new Promise<string>((resolve, reject) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${base}/api/v1/uploads`,
      headers,
      metadata,
      chunkSize: 100_000,
      storeFingerprintForResuming: false,
      onChunkComplete: (_size, accepted) => {
        if (accepted >= 200_000) void upload.abort().then(() => resolve(upload.url as string))
      },
      onError: reject
    })
    upload.start()
  })
  const offset = (await fetch(url, { method: 'HEAD', headers: { ...headers, 'tus-resumable': '1.0.0' } })).headers.get('upload-offset')
  t.equal(offset, '200000', 'the server holds what was acknowledged')
  let resent = 0
  const { evidence } = await send(base, headers, bytes, metadata, {
    uploadUrl: url,
    chunkSize: 100_000,
    onChunk: () => {
      resent++
    }
  })
  t.equal(resent, 2, 'only the missing half is sent again')
  t.equal(evidence.sha512, sha512(bytes))
})

t.test('after a restart the hash is rebuilt from the bytes held, and the resumed upload gets the right SHA-256 and SHA-512', async (t) => {
  const dataDir = lastingDir(t)
  const first = await listening(t, dataDir)
  const headers = await asRole(first.app, 'documenter')
  const incidentId = await incident(first.base, headers)
  const bytes = randomBytes(500_000)
  const metadata = { incidentId, filename: 'clip.bin', sha256: sha256(bytes) }
  const url = await new Promise<string>((resolve, reject) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${first.base}/api/v1/uploads`,
      headers,
      metadata,
      chunkSize: 150_000,
      storeFingerprintForResuming: false,
      onChunkComplete: (_size, accepted) => {
        if (accepted >= 300_000) void upload.abort().then(() => resolve(upload.url as string))
      },
      onError: reject
    })
    upload.start()
  })
  await first.app.close()
  const second = await listening(t, dataDir)
  const path = new URL(url).pathname
  const { evidence } = await send(second.base, await asRole(second.app, 'documenter'), bytes, metadata, {
    uploadUrl: `${second.base}${path}`,
    chunkSize: 150_000
  })
  t.equal(evidence.sha256, sha256(bytes))
  t.equal(evidence.sha512, sha512(bytes), 'the SHA-512 covers the bytes from before the restart too')
  t.same(readdirSync(join(dataDir, 'uploads')), [])
})

t.test('a connection cut in the middle of a PATCH keeps what arrived; the client resumes from there', async (t) => {
  const { app, base } = await listening(t, lastingDir(t))
  const headers = await asRole(app, 'documenter')
  const incidentId = await incident(base, headers)
  const bytes = randomBytes(2_000_000)
  const metadata = { incidentId, filename: 'clip.bin', sha256: sha256(bytes) }
  const created = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      ...headers,
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': Object.entries(metadata)
        .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
        .join(',')
    }
  })
  const url = `${base}${created.headers.get('location')}`
  await new Promise<void>((resolve) => {
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: {
        ...headers,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(bytes.length)
      }
    })
    req.on('error', () => resolve())
    req.write(bytes.subarray(0, 700_000), () => {
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 200)
    })
  })
  let offset = 0
  for (let i = 0; i < 50; i++) {
    const res = await fetch(url, { method: 'HEAD', headers: { ...headers, 'tus-resumable': '1.0.0' } })
    offset = Number(res.headers.get('upload-offset'))
    if (res.status === 200 && offset > 0) break
    await sleep(50)
  }
  t.ok(offset > 0 && offset <= 700_000, `the server kept the ${offset} bytes that arrived`)
  const { evidence } = await send(base, headers, bytes, metadata, { uploadUrl: url, chunkSize: 1_000_000 })
  t.equal(evidence.sha256, sha256(bytes))
  t.equal(evidence.sha512, sha512(bytes))
})
