import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { main, type Io } from '../../scripts/sanad.ts'
import { buildApp } from '../../server/app.ts'
import { TEST_ADMIN_PASSWORD } from '../helpers/app.ts'
import { makeAuthority, reply } from '../fixtures/tsa/local-tsa.ts'
import { assertTool } from '../helpers/system-tools.ts'

// The authority here is `openssl ts -reply`: fail naming the package when it is missing.
assertTool('openssl')

function io(env: NodeJS.ProcessEnv = {}): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return {
    out: (s) => {
      out += s
    },
    err: (s) => {
      err += s
    },
    readStdin: async () => '',
    env,
    stdout: () => out,
    stderr: () => err
  }
}

const authorityDir = t.testdir({})
const authority = makeAuthority(authorityDir)

/** A data dir whose ledger holds a few entries (the first start records the admin's creation). */
async function site(t: Test): Promise<string> {
  return siteIn(t.testdir({}))
}

async function siteIn(dir: string): Promise<string> {
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    config: { dataDir: dir, checkpointIntervalMs: 0 }
  })
  await app.ready()
  await app.close()
  return dir
}

async function sanad(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const x = io(env)
  const code = await main([...args, '--data-dir', dir], x)
  return { code, out: x.stdout(), err: x.stderr() }
}

/** What the server says of its checkpoints, read the way a recipient would. */
async function checkpoints(dir: string): Promise<Array<{ size: number; timestamped: boolean }>> {
  const app = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    config: { dataDir: dir, checkpointIntervalMs: 0 }
  })
  await app.ready()
  try {
    return (await app.inject({ url: '/api/v1/ledger/checkpoints' })).json().items
  } finally {
    await app.close()
  }
}

t.test('an air-gapped site carries a timestamp request out and the reply back; the token is kept after every check', async (t) => {
  const dir = await site(t)
  const tsq = join(dir, 'checkpoint.tsq')
  const requested = await sanad(dir, ['timestamp', 'request', '--out', tsq])
  t.equal(requested.code, 0, requested.err)
  const size = Number(/tree size (\d+)/.exec(requested.out)?.[1])
  t.ok(size > 0, 'the request is for the tree as it is now')
  t.match(requested.out, /curl .*application\/timestamp-query/, 'the operator is told how to post it')

  const tsr = join(dir, 'reply.tsr')
  writeFileSync(tsr, await reply(authority, readFileSync(tsq)))
  const imported = await sanad(dir, ['timestamp', 'import', '--request', tsq, '--reply', tsr, '--source', 'tsa.example.org'], {
    SANAD_TSA_CA_FILE: authority.caPem
  })
  t.equal(imported.code, 0, imported.err)
  t.match(imported.out, new RegExp(`timestamped the checkpoint of tree size ${size}: genTime \\S+Z, serial`))
  t.match(await checkpoints(dir), [{ size, timestamped: true }])

  const again = await sanad(dir, ['timestamp', 'import', '--request', tsq, '--reply', tsr])
  t.equal(again.code, 0)
  t.match(again.out, /already has a timestamp; nothing changed/)
  const nothing = await sanad(dir, ['timestamp', 'request', '--out', join(dir, 'second.tsq')])
  t.match(nothing.out, /nothing to request/, 'a timestamped checkpoint needs no second request')
})

t.test('a reply that does not answer the request, or a request over another ledger, is refused and nothing is kept', async (t) => {
  const base = t.testdir({ site: {}, other: {} })
  const dir = await siteIn(join(base, 'site'))
  const first = join(dir, 'first.tsq')
  const second = join(dir, 'second.tsq')
  await sanad(dir, ['timestamp', 'request', '--out', first])
  await sanad(dir, ['timestamp', 'request', '--out', second])
  const tsr = join(dir, 'reply.tsr')
  writeFileSync(tsr, await reply(authority, readFileSync(first)))

  const wrongNonce = await sanad(dir, ['timestamp', 'import', '--request', second, '--reply', tsr])
  t.equal(wrongNonce.code, 1)
  t.match(wrongNonce.err, /timestamp refused: .*nonce/i, 'the reply answered another request (its nonce)')

  const other = await siteIn(join(base, 'other'))
  const foreign = join(other, 'foreign.tsq')
  await sanad(other, ['timestamp', 'request', '--out', foreign])
  const notOurs = await sanad(dir, ['timestamp', 'import', '--request', foreign, '--reply', tsr])
  t.equal(notOurs.code, 1)
  t.match(notOurs.err, /not over any of this ledger's checkpoints/)

  const untrusted = await sanad(dir, ['timestamp', 'import', '--request', first, '--reply', tsr], {
    SANAD_TSA_CA_FILE: authority.otherCaPem
  })
  t.equal(untrusted.code, 1, 'with a trusted root configured, a token that does not chain to it is refused')
  t.notOk(
    (await checkpoints(dir)).some((c) => c.timestamped),
    'no refused token was kept'
  )
})
