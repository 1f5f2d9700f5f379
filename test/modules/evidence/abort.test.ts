import t from 'tap'
import { request } from 'node:http'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { testApp, incidentInput, asRole } from '../../helpers/app.ts'

t.test('an upload aborted mid-stream leaves no temp file, no blob, no row and no custody entry', async (t) => {
  const app = await testApp(t)
  const auth = await asRole(app, 'documenter')
  const created = await app.inject({ method: 'POST', url: '/api/v1/incidents', payload: incidentInput(), headers: auth })
  const id = created.json().id
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const ledgerBefore = app.ledger.size()

  const boundary = '----sanadabort'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n`
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/api/v1/incidents/${id}/evidence`,
    headers: {
      ...auth,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + 50 * 1024 * 1024)
    }
  })
  req.on('error', () => {})
  req.write(head)
  // Send 8 MiB of a promised 50 MiB, wait until the server has started writing the temp file, then cut.
  const chunk = Buffer.alloc(1024 * 1024, 7)
  for (let i = 0; i < 8; i++) req.write(chunk)
  const tmp = join(app.config.dataDir, 'tmp')
  for (let i = 0; i < 100 && readdirSync(tmp).length === 0; i++) await sleep(20)
  t.equal(readdirSync(tmp).length, 1, 'the upload was being written to a temp file')
  req.destroy()
  for (let i = 0; i < 100 && readdirSync(tmp).length > 0; i++) await sleep(20)
  t.same(readdirSync(tmp), [], 'no temp file')
  t.same(readdirSync(join(app.config.dataDir, 'blobs', 'sha256')), [], 'no blob')
  t.equal(app.ledger.size(), ledgerBefore, 'no custody entry')
  const items = (await app.inject({ url: `/api/v1/incidents/${id}/evidence`, headers: auth })).json().items
  t.same(items, [], 'no row')
})
