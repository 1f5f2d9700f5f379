import t from 'tap'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  hashPassword,
  passwordProblem,
  randomPassword,
  useTestPasswordHashing,
  verifyDummy,
  verifyPassword
} from '../../server/auth/passwords.ts'

t.test('passwords need 12 characters, must not be common (any case) and must not contain the username', async (t) => {
  t.match(passwordProblem('short-1'), /at least 12/)
  t.match(passwordProblem('PASSWORD1234'), /common/, 'the common list is compared lower-case')
  t.match(passwordProblem('qwertyuiop12'), /common/)
  t.match(passwordProblem('aaaaaaaaaaaaaaaa'), /common|different/)
  t.match(passwordProblem('karimi-field-2024!', 'karimi'), /username/)
  t.equal(passwordProblem('برای عدالت ۱۴۰۳ صبر'), null, 'Persian pass-phrases count characters, not bytes')
  t.equal(passwordProblem('river lamp orbit 77'), null)
  t.match(passwordProblem('x'.repeat(300)), /at most|different/)
})

t.test('hashes are argon2id with the OWASP parameters and verify the NFC form', async (t) => {
  const hash = await hashPassword('river lamp orbit 77')
  t.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  t.ok(await verifyPassword(hash, 'river lamp orbit 77'))
  t.notOk(await verifyPassword(hash, 'river lamp orbit 78'))
  const composed = await hashPassword('caf\u00e9 lamp orbit 77')
  t.ok(await verifyPassword(composed, 'cafe\u0301 lamp orbit 77'), 'a decomposed é is the same password')
  t.notOk(await verifyPassword('not a hash', 'x'))
  t.equal(await verifyDummy('anything'), false)
})

t.test('the cheap test parameters are only for a test run by tap: a server process cannot switch to them', async (t) => {
  // Outside tap (TAP unset, as for the server and every command), asking for them throws.
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const env = { ...process.env }
  delete env.TAP
  const outside = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "import('./server/auth/passwords.ts').then((m) => m.useTestPasswordHashing())"],
    { cwd: root, env, encoding: 'utf8' }
  )
  t.not(outside.status, 0, 'refused outside tap')
  t.match(outside.stderr, /test password hashing is for test processes run by tap only/)
  // Under tap (this process), only when asked; back to OWASP when switched off.
  t.match(await hashPassword('river lamp orbit 77'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'OWASP unless asked')
  useTestPasswordHashing()
  t.teardown(() => useTestPasswordHashing(false))
  const cheap = await hashPassword('river lamp orbit 77')
  t.match(cheap, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
  t.ok(await verifyPassword(cheap, 'river lamp orbit 77'))
  useTestPasswordHashing(false)
  t.match(await hashPassword('river lamp orbit 77'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
})

t.test('random passwords are long and pass the policy', async (t) => {
  const a = randomPassword()
  t.equal(a.length, 24)
  t.not(a, randomPassword())
  t.equal(passwordProblem(a), null)
})

t.test('the whole common list is consulted, to its last entries, and a comma never joins two entries', async (t) => {
  t.match(passwordProblem('123QWEasdZXC'), /common/, 'the first entry of 12 characters')
  t.match(passwordProblem('193570356033'), /common/, 'one of the last entries')
  t.equal(passwordProblem('password,12345678'), null, 'two adjacent entries joined by their separator are not an entry')
  t.equal(passwordProblem('Quiet-river-passphrase-4821'), null)
})
