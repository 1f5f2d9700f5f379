import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ROOT, authenticate, startServer } from '../../scripts/bench/harness.ts'
import { createIncident } from '../../scripts/bench/ingest.ts'
import { generated, generatedDigests, tusCreate, tusOffset, tusPatch } from '../../scripts/bench/uploads.ts'

const PASSWORD = 'Quiet-river-passphrase-4821'
// 256 MiB in the default suite (two shared cores); the 1 GiB with
// SANAD_CRASH_UPLOAD_BYTES=1073741824 npx tap test/crash/kill-during-tus-upload.test.ts
const SIZE = Number(process.env.SANAD_CRASH_UPLOAD_BYTES ?? 256 * 2 ** 20)

/** startServer waits 20 s; on two cores shared with other work a start can take longer. */
async function started(dataDir: string, env: Record<string, string>): Promise<Awaited<ReturnType<typeof startServer>>> {
  const server = await startServer(dataDir, env)
  for (let i = 0; i < 600; i++) {
    if (server.child.exitCode !== null) throw new Error('the server exited while starting')
    if (
      await fetch(`${server.url}/api/v1/health`).then(
        (r) => r.ok,
        () => false
      )
    )
      return server
    await sleep(200)
  }
  throw new Error('the server did not start within two minutes')
}

async function killHard(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGKILL')
  await exited
}

t.test(
  `SIGKILL in the middle of a ${(SIZE / 2 ** 20).toFixed(0)} MiB resumable upload: after a restart it resumes and completes with the right SHA-256 and SHA-512, resending under 5%`,
  async (t) => {
    const work = t.testdir({})
    const dataDir = join(work, 'data')
    const env = { SANAD_ADMIN_PASSWORD: PASSWORD, SANAD_MAX_UPLOAD_BYTES: String(SIZE * 2), SANAD_UPLOAD_QUOTA_BYTES: String(SIZE * 2) }
    let server = await started(dataDir, env)
    t.teardown(() => server.stop())
    const headers = await authenticate(server.url, PASSWORD)
    const incident = await createIncident(server.url, headers)
    const seed = `crash-${Date.now()}`
    const expected = await generatedDigests(seed, SIZE)

    const uploadUrl = await tusCreate(server.url, headers, incident, SIZE, expected.sha256, 'video.mp4')
    const path = new URL(uploadUrl).pathname
    const held = join(dataDir, 'uploads', path.split('/').pop() as string)
    const first = tusPatch(uploadUrl, headers, 0, SIZE, generated(seed, 0, SIZE))
    for (let i = 0; i < 6000; i++) {
      if (existsSync(held) && statSync(held).size > SIZE * 0.4) break
      await sleep(10)
    }
    const before = statSync(held).size
    t.ok(before > 0 && before < SIZE, `killed with ${(before / 2 ** 20).toFixed(0)} MiB of ${(SIZE / 2 ** 20).toFixed(0)} MiB written`)
    await killHard(server)
    const cut = await first
    t.equal(cut.status, 0, 'the client never got an answer')

    server = await started(dataDir, env)
    const resumeUrl = `${server.url}${path}`
    const offset = await tusOffset(resumeUrl, headers)
    t.ok(offset >= before && offset <= cut.sent, `HEAD after the restart: resume from ${offset}`)
    const rest = await tusPatch(resumeUrl, headers, offset, SIZE - offset, generated(seed, offset, SIZE))
    t.equal(rest.status, 200, rest.body.slice(0, 300))
    const record = JSON.parse(rest.body) as { id: string; sha256: string; sha512: string; size: number }
    t.equal(record.size, SIZE)
    t.equal(record.sha256, expected.sha256, 'SHA-256 of all the bytes')
    t.equal(record.sha512, expected.sha512, 'SHA-512 of all the bytes, across the kill')
    const resent = cut.sent + (SIZE - offset) - SIZE
    t.ok(resent <= SIZE * 0.05, `${(resent / 2 ** 20).toFixed(1)} MiB sent twice (${((100 * resent) / SIZE).toFixed(2)} %, at most 5 %)`)

    const custody = (await (await fetch(`${server.url}/api/v1/evidence/${record.id}/custody`, { headers })).json()) as {
      items: Array<{ entry: { type: string } }>
    }
    t.same(
      custody.items.map((i) => i.entry.type),
      ['ingested']
    )
    t.same(readdirSync(join(dataDir, 'uploads')), [], 'the upload left no file')
    await server.stop()
    const v = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/verify.ts'), '--data-dir', dataDir], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    t.equal(v.status, 0, v.stdout + v.stderr)
  }
)
