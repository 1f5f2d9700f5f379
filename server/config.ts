import { resolve } from 'node:path'

/**
 * Every setting the service reads from the environment. The README's configuration table lists the
 * same names and defaults; a test keeps the two in step.
 */
export type Config = {
  host: string
  port: number
  dataDir: string
  logLevel: string
  maxUploadBytes: number
  busyTimeoutMs: number
  checkpointIntervalMs: number
  ledgerOrigin: string
}

export const CONFIG_VARIABLES = {
  SANAD_HOST: { default: '127.0.0.1', description: 'Address the HTTP server binds to.' },
  SANAD_PORT: { default: '3000', description: 'TCP port of the HTTP server.' },
  SANAD_DATA_DIR: { default: './data', description: 'Folder holding the SQLite database, the blob store and the keys.' },
  SANAD_LOG_LEVEL: { default: 'info', description: 'Log level (fatal, error, warn, info, debug, trace, silent).' },
  SANAD_MAX_UPLOAD_BYTES: { default: String(4 * 1024 ** 3), description: 'Largest evidence file accepted, in bytes (4 GiB).' },
  SANAD_BUSY_TIMEOUT_MS: { default: '5000', description: 'How long SQLite waits on a locked database before failing.' },
  SANAD_CHECKPOINT_INTERVAL_MS: { default: '60000', description: 'How often a new signed ledger checkpoint is issued when the ledger grew (0 = only on demand).' },
  SANAD_LEDGER_ORIGIN: { default: 'sanad.local/ledger', description: 'Origin line of signed ledger checkpoints; name your deployment.' }
} as const

export type ConfigVariable = keyof typeof CONFIG_VARIABLES

function read (env: NodeJS.ProcessEnv, name: ConfigVariable): string {
  const value = env[name]
  return value === undefined || value === '' ? CONFIG_VARIABLES[name].default : value
}

function integer (env: NodeJS.ProcessEnv, name: ConfigVariable, min: number, max: number): number {
  const raw = read(env, name)
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return n
}

export function loadConfig (env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    host: read(env, 'SANAD_HOST'),
    port: integer(env, 'SANAD_PORT', 0, 65535),
    dataDir: resolve(read(env, 'SANAD_DATA_DIR')),
    logLevel: read(env, 'SANAD_LOG_LEVEL'),
    maxUploadBytes: integer(env, 'SANAD_MAX_UPLOAD_BYTES', 1, Number.MAX_SAFE_INTEGER),
    busyTimeoutMs: integer(env, 'SANAD_BUSY_TIMEOUT_MS', 0, 600_000),
    checkpointIntervalMs: integer(env, 'SANAD_CHECKPOINT_INTERVAL_MS', 0, 86_400_000),
    ledgerOrigin: read(env, 'SANAD_LEDGER_ORIGIN'),
    ...overrides
  }
}
