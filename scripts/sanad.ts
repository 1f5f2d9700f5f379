/**
 * Operator commands: `npm run sanad -- <command>`.
 *
 *   user add <username> --role <admin|documenter|reviewer|legal|auditor> [--password-stdin]
 *   user list
 *   user disable <username>
 *   user enable <username>
 *   user reset-password <username> [--password-stdin]
 *   user reset-mfa <username>
 *   key rotate
 *   timestamp request --out FILE
 *   timestamp import --request FILE --reply FILE [--source NAME]
 *   docs permissions
 *
 * Options: --data-dir DIR (default $SANAD_DATA_DIR or ./data). Without --password-stdin a random
 * password is generated and printed once. Changes are ledger entries with actor `system`.
 * Account commands may run while the server runs (disabling ends the user's sessions at once);
 * `key rotate` refuses to run until the server is stopped.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { loadConfig } from '../server/config.ts'
import { openDatabase, databaseFile } from '../server/db/open.ts'
import { loadLedgerSigner } from '../server/keys/key-files.ts'
import { ledgerService } from '../server/ledger/service.ts'
import { usersService, type UserView } from '../server/modules/users/service.ts'
import { rotateMasterKey } from '../server/auth/key-rotation.ts'
import { personSnapshots } from '../server/modules/persons/snapshot.ts'
import { recordResealedPositions } from '../server/modules/perpetrators/position-titles.ts'
import { ROLES, type Role } from '../server/auth/permissions.ts'
import { randomPassword } from '../server/auth/passwords.ts'
import { permissionTable } from '../server/auth/permission-table.ts'
import { SanadError } from '../server/errors.ts'
import { isMainModule } from './cli.ts'
import { readFileSync, writeFileSync } from 'node:fs'
import { importTimestampReply, offlineTimestampRequest } from '../server/ledger/offline-timestamp.ts'
import { TimestampError } from '../server/lib/ledger/timestamp.ts'

export type Io = {
  out: (text: string) => void
  err: (text: string) => void
  /** The whole of standard input (for --password-stdin). */
  readStdin: () => Promise<string>
  env: NodeJS.ProcessEnv
}

const USAGE = `usage: npm run sanad -- <command> [--data-dir DIR]
  user add <username> --role <${ROLES.join('|')}> [--password-stdin]
  user list
  user disable <username>
  user enable <username>
  user reset-password <username> [--password-stdin]
  user reset-mfa <username>
  key rotate            (stop the server first)
  timestamp request --out FILE
                        writes an RFC 3161 request for the newest checkpoint without a timestamp
                        (air-gapped sites: post it to a TSA from a connected machine)
  timestamp import --request FILE --reply FILE [--source NAME]
                        checks the TSA's reply against that request and keeps its token
  docs permissions      (prints the README's permission table)
Without --password-stdin a random password is generated and printed once.
`

const ACTOR = 'system'

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

export const processIo: Io = {
  out: (text) => {
    process.stdout.write(text)
  },
  err: (text) => {
    process.stderr.write(text)
  },
  readStdin: () => readAll(process.stdin),
  env: process.env
}

function row(u: UserView): string {
  return [
    u.id,
    u.username.padEnd(20),
    u.role.padEnd(10),
    u.disabled ? 'disabled' : 'active  ',
    u.totpEnabled ? 'totp' : '-   ',
    u.createdAt,
    u.lastLoginAt ?? '-'
  ].join('  ')
}

/** Runs one command; returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        out: { type: 'string' },
        request: { type: 'string' },
        reply: { type: 'string' },
        source: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  const [group, command, name] = positionals
  if (values.help || !group) {
    io.out(USAGE)
    return values.help ? 0 : 2
  }
  if (group === 'docs' && command === 'permissions') {
    io.out(permissionTable())
    return 0
  }
  const config = loadConfig(io.env)
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : config.dataDir
  const { sqlite, db } = openDatabase(databaseFile(dataDir), { busyTimeoutMs: config.busyTimeoutMs })
  try {
    const ledger = ledgerService({ sqlite, signer: loadLedgerSigner(dataDir, config.ledgerOrigin), origin: config.ledgerOrigin })
    const users = usersService({ db, sqlite, ledger })
    const password = async (): Promise<string | null> => {
      if (!values['password-stdin']) return null
      const text = (await io.readStdin()).replace(/\r?\n$/, '')
      if (text === '') throw new SanadError('SANAD_ERR_PASSWORD_WEAK', 'No password on standard input.')
      return text
    }
    const find = (username: string | undefined): UserView => {
      if (!username) throw new SanadError('SANAD_ERR_VALIDATION', 'Name the user.')
      const user = users.byUsername(username)
      if (!user) throw new SanadError('SANAD_ERR_USER_NOT_FOUND', `No user "${username}".`)
      return user
    }

    if (group === 'user' && command === 'add') {
      if (!name) throw new SanadError('SANAD_ERR_VALIDATION', 'Name the user.')
      const role = values.role as Role | undefined
      if (!role || !(ROLES as readonly string[]).includes(role))
        throw new SanadError('SANAD_ERR_VALIDATION', `--role must be one of ${ROLES.join(', ')}.`)
      const given = await password()
      const chosen = given ?? randomPassword()
      const user = await users.create({ username: name, password: chosen, role }, ACTOR)
      io.out(`created ${user.username} (${user.role}), id ${user.id}\n`)
      if (given === null) io.out(`password (shown only now): ${chosen}\n`)
      return 0
    }
    if (group === 'user' && command === 'list') {
      for (const u of users.list()) io.out(row(u) + '\n')
      return 0
    }
    if (group === 'user' && command === 'disable') {
      const user = users.disable(find(name).id, ACTOR)
      io.out(`disabled ${user.username}: sessions ended, API tokens revoked\n`)
      return 0
    }
    if (group === 'user' && command === 'enable') {
      const user = users.enable(find(name).id, ACTOR)
      io.out(`enabled ${user.username}\n`)
      return 0
    }
    if (group === 'user' && command === 'reset-password') {
      const given = await password()
      const { user, password: generated } = await users.resetPassword(find(name).id, given, ACTOR)
      io.out(`new password set for ${user.username}: sessions ended, API tokens revoked\n`)
      if (generated !== null) io.out(`password (shown only now): ${generated}\n`)
      return 0
    }
    if (group === 'user' && command === 'reset-mfa') {
      const user = users.resetTotp(find(name).id, ACTOR)
      io.out(`second factor removed for ${user.username}; they enrol again at next sign-in\n`)
      return 0
    }
    if (group === 'key' && command === 'rotate') {
      const result = rotateMasterKey({
        sqlite,
        dataDir,
        masterKeyFile: config.masterKeyFile || undefined,
        ledger,
        personSnapshots,
        positionsResealed: recordResealedPositions
      })
      io.out(
        result.recovered
          ? `finished an interrupted rotation: master key is now ${result.newKeyId}\n`
          : `re-encrypted ${result.fields} fields: master key ${result.oldKeyId} -> ${result.newKeyId}\n`
      )
      io.out(
        `the previous key is kept as ${result.retiredFile}\n` +
          'Back up the new key file now. Destroy the retired file once no backup made before this rotation is kept.\n'
      )
      return 0
    }
    if (group === 'timestamp' && command === 'request') {
      if (!values.out) throw new SanadError('SANAD_ERR_VALIDATION', 'Give the request file with --out FILE.')
      // Sign the tree as it is now, so the request covers every custody event recorded so far.
      ledger.checkpoint()
      const request = offlineTimestampRequest(sqlite)
      if (!request) {
        io.out('the newest checkpoint is timestamped already; nothing to request\n')
        return 0
      }
      writeFileSync(values.out, request.der)
      io.out(
        `wrote ${values.out}: the request for the checkpoint of tree size ${request.size}\n` +
          'Post it to a time-stamping authority from a connected machine, e.g.\n' +
          `  curl -sS -H 'Content-Type: application/timestamp-query' --data-binary @${values.out} -o reply.tsr <TSA URL>\n` +
          `then: npm run sanad -- timestamp import --request ${values.out} --reply reply.tsr\n`
      )
      return 0
    }
    if (group === 'timestamp' && command === 'import') {
      if (!values.request || !values.reply)
        throw new SanadError('SANAD_ERR_VALIDATION', 'Give the request and the reply: --request FILE --reply FILE.')
      try {
        const outcome = await importTimestampReply(sqlite, {
          request: readFileSync(values.request),
          reply: readFileSync(values.reply),
          source: values.source ?? 'offline',
          ...(config.tsaCaFile ? { trustedCa: readFileSync(config.tsaCaFile) } : {})
        })
        io.out(
          outcome.status === 'stored'
            ? `timestamped the checkpoint of tree size ${outcome.size}: genTime ${outcome.genTime}, serial ${outcome.serial}\n`
            : `the checkpoint of tree size ${outcome.size} already has a timestamp; nothing changed\n`
        )
        return 0
      } catch (err) {
        if (err instanceof TimestampError) {
          io.err(`timestamp refused: ${err.message}\n`)
          return 1
        }
        throw err
      }
    }
    io.err(`unknown command: ${positionals.join(' ')}\n${USAGE}`)
    return 2
  } catch (err) {
    io.err(`${err instanceof SanadError ? `${err.code}: ` : ''}${(err as Error).message}\n`)
    return 1
  } finally {
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      /* closing anyway */
    }
    sqlite.close()
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
