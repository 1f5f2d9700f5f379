import t from 'tap'
import { spawnSync } from 'node:child_process'
import { randomBytes, createHash } from 'node:crypto'
import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ROOT, authenticate, startServer } from '../../scripts/bench/harness.ts'
import { createIncident, makeRandomFile, uploadFile } from '../../scripts/bench/ingest.ts'
import { filesUnder } from '../helpers/files.ts'

const PASSWORD = 'Quiet-river-passphrase-4821'

function verify(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/verify.ts'), '--data-dir', dataDir], {
    cwd: ROOT,
    encoding: 'utf8'
  })
}

async function killHard(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGKILL')
  await exited
}

t.test('SIGKILL during a large upload: after restart nothing of it remains and verify passes', async (t) => {
  const work = t.testdir({})
  const dataDir = join(work, 'data')
  let server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: PASSWORD })
  t.teardown(() => server.stop())
  const headers = await authenticate(server.url, PASSWORD)
  const incident = await createIncident(server.url, headers)
  const kept = join(work, 'kept.bin')
  makeRandomFile(kept, 64 * 1024)
  const first = await uploadFile(server.url, headers, incident, kept, 'kept.bin')
  t.equal(first.status, 201, 'an earlier upload is acknowledged')
  const keptId = JSON.parse(first.body).id

  const big = join(work, 'big.bin')
  makeRandomFile(big, 300 * 2 ** 20)
  const pending = uploadFile(server.url, headers, incident, big, 'big.bin').catch((err: Error) => err)
  const tmp = join(dataDir, 'tmp')
  for (let i = 0; i < 200; i++) {
    const parts = filesUnder(tmp)
    if (parts.length > 0 && statSync(parts[0]!).size > 10 * 2 ** 20) break
    await sleep(25)
  }
  t.ok(filesUnder(tmp).length > 0, 'the large upload was being written when the server was killed')
  await killHard(server)
  t.ok((await pending) instanceof Error, 'the client never got an answer')

  server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: PASSWORD })
  t.same(filesUnder(tmp), [], 'no temp file after restart')
  const items = (await (await fetch(`${server.url}/api/v1/incidents/${incident}/evidence`, { headers })).json()) as {
    items: Array<{ id: string }>
  }
  t.same(
    items.items.map((i) => i.id),
    [keptId],
    'only the acknowledged upload is there'
  )
  t.equal(filesUnder(join(dataDir, 'blobs')).length, 1, 'no orphan blob')
  await server.stop()
  const v = verify(dataDir)
  t.equal(v.status, 0, v.stdout + v.stderr)
})

t.test('SIGKILL during a burst of 100 concurrent uploads: every acknowledged upload survives and verifies', async (t) => {
  const work = t.testdir({})
  const dataDir = join(work, 'data')
  let server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: PASSWORD })
  t.teardown(() => server.stop())
  const headers = await authenticate(server.url, PASSWORD)
  const incident = await createIncident(server.url, headers)
  const files = Array.from({ length: 100 }, (_, i) => {
    const file = join(work, `f${i}.bin`)
    const bytes = randomBytes(200_000 + i * 5_003)
    writeFileSync(file, bytes)
    return { file, sha256: createHash('sha256').update(bytes).digest('hex') }
  })
  const acknowledged = new Map<string, string>()
  let answered = 0
  const uploads = files.map((f, i) =>
    uploadFile(server.url, headers, incident, f.file, `f${i}.bin`).then(
      (r) => {
        answered++
        if (r.status === 201) acknowledged.set(JSON.parse(r.body).id, f.sha256)
      },
      () => {}
    )
  )
  for (let i = 0; i < 2000 && answered < 10; i++) await sleep(2)
  await killHard(server)
  await Promise.all(uploads)
  t.ok(acknowledged.size > 0, `${acknowledged.size} uploads were acknowledged before the kill`)
  t.ok(acknowledged.size < 100, 'the kill came before every upload finished')

  server = await startServer(dataDir, { SANAD_ADMIN_PASSWORD: PASSWORD })
  for (const [id, sha256] of acknowledged) {
    const res = await fetch(`${server.url}/api/v1/evidence/${id}`, { headers })
    t.equal(res.status, 200, `acknowledged ${id} is present`)
    t.equal(((await res.json()) as { sha256: string }).sha256, sha256)
  }
  const items = (
    (await (await fetch(`${server.url}/api/v1/incidents/${incident}/evidence`, { headers })).json()) as { items: Array<{ sha256: string }> }
  ).items
  const sent = new Set(files.map((f) => f.sha256))
  t.ok(
    items.every((i) => sent.has(i.sha256)),
    'every record present is one of the uploads sent'
  )
  t.equal(filesUnder(join(dataDir, 'tmp')).length, 0, 'no temp file')
  t.equal(filesUnder(join(dataDir, 'blobs')).length, items.length, 'exactly one blob per record: no orphan')
  await server.stop()
  const v = verify(dataDir)
  t.equal(v.status, 0, v.stdout + v.stderr)
})
