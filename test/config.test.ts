import t from 'tap'
import { join } from 'node:path'
import { SettingError, loadConfig, startupFailureLine, type ConfigVariable } from '../server/config.ts'

t.test('a refused value throws a SettingError naming the variable and the rule', async (t) => {
  const cases: Array<[ConfigVariable, string, RegExp]> = [
    ['SANAD_PORT', '70000', /^SANAD_PORT must be an integer between 0 and 65535, got "70000"$/],
    ['SANAD_PORT', 'http', /^SANAD_PORT must be an integer/],
    ['SANAD_REQUIRE_MFA', 'yes', /^SANAD_REQUIRE_MFA must be 1 or 0, got "yes"$/],
    ['SANAD_COOKIE_SECURE', 'sometimes', /^SANAD_COOKIE_SECURE must be 1 or 0/],
    ['SANAD_LOG_LEVEL', 'loud', /^SANAD_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
    ['SANAD_TSA_URL', 'ftp://tsa.example', /^SANAD_TSA_URL must be an http or https URL/],
    ['SANAD_SESSION_IDLE_MINUTES', '0', /^SANAD_SESSION_IDLE_MINUTES must be an integer between 1 and 1440/]
  ]
  for (const [name, value, message] of cases) {
    let thrown: unknown
    try {
      loadConfig({ [name]: value })
    } catch (err) {
      thrown = err
    }
    t.ok(thrown instanceof SettingError, `${name}=${value} is a SettingError`)
    t.match(thrown, { setting: name, message }, `${name}=${value}`)
  }
  t.equal(loadConfig({ SANAD_LOG_LEVEL: 'silent' }).logLevel, 'silent', 'every pino level is accepted')
})

t.test('the start-up failure line names the setting a failure concerns, in one line', async (t) => {
  const config = loadConfig({ SANAD_DATA_DIR: '/srv/sanad', SANAD_PORT: '3000', SANAD_HOST: '127.0.0.1' })
  const withKey = { ...config, masterKeyFile: '/etc/sanad/master.key', tsaCaFile: '/etc/sanad/tsa.pem' }
  const sys = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields)
  const cases: Array<[string, unknown, typeof config | undefined, string]> = [
    [
      'a SettingError',
      new SettingError('SANAD_PORT', 'must be an integer between 0 and 65535, got "x"'),
      undefined,
      'Sanad did not start: SANAD_PORT must be an integer between 0 and 65535, got "x"'
    ],
    [
      'an error whose message starts with a setting (the admin password rules)',
      new Error('SANAD_ADMIN_PASSWORD is not acceptable: The password must not contain the username.\n    at ensureAdmin'),
      config,
      'Sanad did not start: SANAD_ADMIN_PASSWORD is not acceptable: The password must not contain the username.'
    ],
    [
      'the port taken',
      sys('listen EADDRINUSE: address already in use 127.0.0.1:3000', { code: 'EADDRINUSE', syscall: 'listen' }),
      config,
      'Sanad did not start: SANAD_PORT 3000 is already in use on 127.0.0.1'
    ],
    [
      'a privileged port',
      sys('listen EACCES: permission denied', { code: 'EACCES', syscall: 'listen' }),
      config,
      'Sanad did not start: SANAD_PORT 3000 needs privileges this process does not have (use a port above 1023)'
    ],
    [
      'an address not on this machine',
      sys('listen EADDRNOTAVAIL', { code: 'EADDRNOTAVAIL', syscall: 'listen' }),
      config,
      'Sanad did not start: SANAD_HOST "127.0.0.1" is not an address this machine can listen on (EADDRNOTAVAIL)'
    ],
    [
      'a host name that does not resolve',
      sys('getaddrinfo ENOTFOUND', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }),
      config,
      'Sanad did not start: SANAD_HOST "127.0.0.1" is not an address this machine can listen on (ENOTFOUND)'
    ],
    [
      'the master key file given',
      new Error('no master key at /etc/sanad/master.key'),
      withKey,
      'Sanad did not start: SANAD_MASTER_KEY_FILE refused: no master key at /etc/sanad/master.key'
    ],
    [
      'the default master key file',
      new Error(`${join('/srv/sanad', 'keys', 'master.key')} does not hold a 32-byte base64 key`),
      config,
      "Sanad did not start: SANAD_MASTER_KEY_FILE (empty: the data dir's keys/master.key) refused: /srv/sanad/keys/master.key does not hold a 32-byte base64 key"
    ],
    [
      'an unreadable TSA root',
      sys("EACCES: permission denied, open '/etc/sanad/tsa.pem'", { code: 'EACCES', path: '/etc/sanad/tsa.pem' }),
      withKey,
      "Sanad did not start: SANAD_TSA_CA_FILE refused: EACCES: permission denied, open '/etc/sanad/tsa.pem'"
    ],
    [
      'a data dir it cannot create',
      sys("EACCES: permission denied, mkdir '/srv/sanad'", { code: 'EACCES', path: '/srv/sanad' }),
      config,
      "Sanad did not start: SANAD_DATA_DIR refused: EACCES: permission denied, mkdir '/srv/sanad'"
    ],
    [
      'anything else: its first line only',
      new Error('database disk image is malformed\nmore'),
      config,
      'Sanad did not start: database disk image is malformed'
    ],
    ['not even an Error', 'boom', undefined, 'Sanad did not start: boom']
  ]
  for (const [name, err, cfg, expected] of cases) t.equal(startupFailureLine(err, cfg), expected, name)
})
