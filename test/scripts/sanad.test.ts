import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { copyFileSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { main, type Io } from '../../scripts/sanad.ts'
import { buildApp } from '../../server/app.ts'
import { asRole, incidentInput, loginAs, TEST_ADMIN_PASSWORD } from '../helpers/app.ts'
import { keysDir } from '../../server/keys/key-files.ts'

function io(stdin = ''): Io & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return {
    out: (s) => {
      out += s
    },
    err: (s) => {
      err += s
    },
    readStdin: async () => stdin,
    env: {},
    stdout: () => out,
    stderr: () => err
  }
}

async function app(dataDir: string) {
  const a = await buildApp({
    logger: false,
    env: { SANAD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    config: { dataDir, checkpointIntervalMs: 0 }
  })
  await a.ready()
  return a
}

t.test('user add / list / disable / enable / reset-password / reset-mfa', async (t) => {
  const dir = t.testdir({})
  const run = async (args: string[], stdin = '') => {
    const x = io(stdin)
    const code = await main([...args, '--data-dir', dir], x)
    return { code, out: x.stdout(), err: x.stderr() }
  }

  const added = await run(['user', 'add', 'Field-Lead', '--role', 'legal', '--password-stdin'], 'a solid pass-phrase 11\n')
  t.equal(added.code, 0, added.err)
  t.match(added.out, /created field-lead \(legal\)/)
  t.notMatch(added.out, /pass-phrase/, 'a password from stdin is not echoed')
  const random = await run(['user', 'add', 'auditor-1', '--role', 'auditor'])
  const password = /password \(shown only now\): (\S+)/.exec(random.out)?.[1]
  t.ok(password, 'a random password is printed once')
  const list = await run(['user', 'list'])
  t.match(list.out, /field-lead\s+legal\s+active/)
  t.match(list.out, /auditor-1\s+auditor\s+active/)
  t.notMatch(list.out, /argon2/)

  const a = await app(dir)
  t.teardown(() => a.close())
  const session = await loginAs(a, 'auditor-1', password ?? '')
  t.equal((await run(['user', 'disable', 'auditor-1'])).code, 0)
  t.equal(
    (await a.inject({ url: '/api/v1/auth/me', headers: session })).statusCode,
    401,
    'disabling from the CLI ends live sessions of the running server'
  )
  t.match((await run(['user', 'list'])).out, /auditor-1\s+auditor\s+disabled/)
  t.equal((await run(['user', 'enable', 'auditor-1'])).code, 0)
  const reset = await run(['user', 'reset-password', 'auditor-1'])
  const fresh = /password \(shown only now\): (\S+)/.exec(reset.out)?.[1]
  await loginAs(a, 'auditor-1', fresh ?? '')
  t.equal((await run(['user', 'reset-mfa', 'field-lead'])).code, 0)
  t.same(
    a.ledger.subjectEntries('user', a.users.byUsername('auditor-1')?.id ?? '').map((e) => e.entry.type),
    ['user-created', 'user-disabled', 'user-enabled', 'password-reset']
  )

  const weak = await run(['user', 'add', 'x-user', '--role', 'documenter', '--password-stdin'], 'password\n')
  t.equal(weak.code, 1)
  t.match(weak.err, /SANAD_ERR_PASSWORD_WEAK/)
  t.equal((await run(['user', 'add', 'y-user', '--role', 'king'])).code, 1)
  t.equal((await run(['user', 'disable', 'nobody'])).code, 1)
  t.equal((await run(['user', 'frobnicate'])).code, 2)
})

t.test('key rotate re-encrypts every identity under a new key, keeps the old key file and logs it', async (t) => {
  const dir = t.testdir({})
  let a = await app(dir)
  const doc = await asRole(a, 'documenter')
  const incident = (await a.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const person = (
    await a.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/persons`,
      headers: doc,
      payload: {
        role: 'witness',
        name: 'Rotated Name',
        notes: 'Some notes',
        aliases: ['R'],
        age: { at: 'recording', years: 40 },
        groups: { perceived: ['hazara'] }
      }
    })
  ).json()
  const interview = await a.inject({
    method: 'POST',
    url: `/api/v1/persons/${person.id}/interviews`,
    headers: doc,
    payload: { date: '2026-01-10', place: 'Rotated place', consentObtained: true }
  })
  t.equal(interview.statusCode, 201)
  const admin = await loginAs(a, 'admin', TEST_ADMIN_PASSWORD)
  await a.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: admin, payload: { password: TEST_ADMIN_PASSWORD } })
  await a.close()
  const keyFile = join(keysDir(dir), 'master.key')
  const oldKey = readFileSync(keyFile, 'utf8')

  const x = io()
  t.equal(await main(['key', 'rotate', '--data-dir', dir], x), 0, x.stderr())
  t.match(x.stdout(), /re-encrypted 7 fields/)
  const retired = readdirSync(keysDir(dir)).filter((f) => f.startsWith('master.key.retired-'))
  t.equal(retired.length, 1)
  t.equal(readFileSync(join(keysDir(dir), retired[0] as string), 'utf8'), oldKey, 'the old key is kept, renamed')
  t.not(readFileSync(keyFile, 'utf8'), oldKey, 'a new key is in place')
  t.equal(statSync(keyFile).mode & 0o777, 0o600)

  a = await app(dir)
  const doc2 = await asRole(a, 'documenter')
  const got = await a.inject({ url: `/api/v1/persons/${person.id}`, headers: doc2 })
  t.same(
    got.json().identity,
    { name: 'Rotated Name', aliases: ['R'], notes: 'Some notes', age: { at: 'recording', years: 40 }, groups: { perceived: ['hazara'] } },
    'readable under the new key'
  )
  const interviews = await a.inject({ url: `/api/v1/persons/${person.id}/interviews`, headers: doc2 })
  t.match(interviews.json().items, [{ place: 'Rotated place' }], 'the interview too')
  const rotated = a.sqlite.prepare("SELECT canonical FROM ledger_entries WHERE type = 'key-rotated'").all() as Array<{ canonical: Buffer }>
  t.equal(rotated.length, 1)
  t.match(JSON.parse(rotated[0]?.canonical.toString('utf8') ?? '{}').details, { fields: 7 })
  await a.close()

  // The old key no longer matches the database: the server refuses to start rather than mix keys.
  copyFileSync(keyFile, `${keyFile}.keep`)
  copyFileSync(join(keysDir(dir), retired[0] as string), keyFile)
  await t.rejects(app(dir), /master key .* does not|holds identities encrypted under master key/)
  renameSync(`${keyFile}.keep`, keyFile)
})

t.test('an interrupted rotation is finished by running key rotate again', async (t) => {
  const dir = t.testdir({})
  let a = await app(dir)
  const doc = await asRole(a, 'documenter')
  const incident = (await a.inject({ method: 'POST', url: '/api/v1/incidents', headers: doc, payload: incidentInput() })).json()
  const person = (
    await a.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/persons`,
      headers: doc,
      payload: { role: 'victim', name: 'Interrupted' }
    })
  ).json()
  await a.close()
  const keyFile = join(keysDir(dir), 'master.key')
  t.equal(await main(['key', 'rotate', '--data-dir', dir], io()), 0)
  const retired = join(keysDir(dir), readdirSync(keysDir(dir)).find((f) => f.startsWith('master.key.retired-')) as string)
  // Put the files back as if the process died after the commit, before the swap.
  renameSync(keyFile, `${keyFile}.next`)
  copyFileSync(retired, keyFile)
  const x = io()
  t.equal(await main(['key', 'rotate', '--data-dir', dir], x), 0, x.stderr())
  t.match(x.stdout(), /finished an interrupted rotation/)
  a = await app(dir)
  t.teardown(() => a.close())
  t.equal(
    (await a.inject({ url: `/api/v1/persons/${person.id}`, headers: await asRole(a, 'documenter') })).json().identity.name,
    'Interrupted'
  )
})

t.test('npm run sanad runs as a command', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/sanad.ts', 'docs', 'permissions'], {
    cwd: join(import.meta.dirname, '..', '..')
  })
  t.match(stdout, /\| `user:manage` \| yes \| — \| — \| — \|/)
})

t.test('key rotate refuses while a server has the database open', async (t) => {
  const dir = t.testdir({})
  const a = await app(dir)
  const x = io()
  t.equal(await main(['key', 'rotate', '--data-dir', dir], x), 1)
  t.match(x.stderr(), /stop the server before rotating/)
  t.equal(readdirSync(keysDir(dir)).filter((f) => f.startsWith('master.key.')).length, 0, 'nothing was changed')
  t.equal((await a.inject({ url: '/api/v1/health' })).statusCode, 200, 'the server is unharmed')
  await a.close()
  t.equal(await main(['key', 'rotate', '--data-dir', dir], io()), 0, 'once it stopped, the rotation runs')
})
