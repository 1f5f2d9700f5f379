import { join, resolve } from 'node:path'

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
  uploadQuotaBytes: number
  uploadExpiryHours: number
  busyTimeoutMs: number
  requestTimeoutMs: number
  checkpointIntervalMs: number
  ledgerOrigin: string
  adminPassword: string
  masterKeyFile: string
  requireMfa: boolean
  sessionIdleMinutes: number
  sessionMaxHours: number
  cookieSecure: 'auto' | boolean
  tsaUrl: string
  tsaCaFile: string
  tsaTimeoutMs: number
  dossierAttachmentBudgetBytes: number
  dossierRetentionDays: number
  pdfSigningP12File: string
  pdfSigningP12Passphrase: string
  organisationName: string
  organisationContact: string
  organisationFocalPoint: string
}

export const CONFIG_VARIABLES = {
  SANAD_HOST: { default: '127.0.0.1', description: 'Address the HTTP server binds to.' },
  SANAD_PORT: { default: '3000', description: 'TCP port of the HTTP server.' },
  SANAD_DATA_DIR: { default: './data', description: 'Folder holding the SQLite database, the blob store and the keys.' },
  SANAD_LOG_LEVEL: { default: 'info', description: 'Log level (fatal, error, warn, info, debug, trace, silent).' },
  SANAD_MAX_UPLOAD_BYTES: { default: String(4 * 1024 ** 3), description: 'Largest evidence file accepted, in bytes (4 GiB).' },
  SANAD_UPLOAD_QUOTA_BYTES: {
    default: String(8 * 1024 ** 3),
    description:
      'Most bytes one user may hold in unfinished resumable uploads (8 GiB), counted by their declared lengths; a new upload beyond it is refused (413).'
  },
  SANAD_UPLOAD_EXPIRY_HOURS: {
    default: '168',
    description:
      'Hours after its creation an unfinished resumable upload is deleted with its bytes (7 days); a finished one keeps only its link to the evidence record until then.'
  },
  SANAD_BUSY_TIMEOUT_MS: { default: '5000', description: 'How long SQLite waits on a locked database before failing.' },
  SANAD_REQUEST_TIMEOUT_MS: {
    default: '7200000',
    description:
      'Longest time a client may take to send a whole request (2 hours: a 4 GiB video over a slow link); headers must arrive within 60 s.'
  },
  SANAD_CHECKPOINT_INTERVAL_MS: {
    default: '60000',
    description: 'How often a new signed ledger checkpoint is issued when the ledger grew (0 = only on demand).'
  },
  SANAD_LEDGER_ORIGIN: { default: 'sanad.local/ledger', description: 'Origin line of signed ledger checkpoints; name your deployment.' },
  SANAD_ADMIN_PASSWORD: {
    default: '',
    description:
      'Password of the `admin` account created on first start with no users (empty: a random one is printed once on the console).'
  },
  SANAD_MASTER_KEY_FILE: {
    default: '',
    description:
      'File holding the master key that encrypts identities and TOTP secrets (empty: `$SANAD_DATA_DIR/keys/master.key`, created on first start).'
  },
  SANAD_REQUIRE_MFA: {
    default: '1',
    description:
      '1 = `admin` and `legal` accounts must use a TOTP second factor; until they enrol they can only enrol. 0 turns the rule off (not advised).'
  },
  SANAD_SESSION_IDLE_MINUTES: { default: '30', description: 'A session ends after this many minutes without a request.' },
  SANAD_SESSION_MAX_HOURS: { default: '12', description: 'A session ends this many hours after sign-in, active or not.' },
  SANAD_COOKIE_SECURE: {
    default: 'auto',
    description: 'Session cookie `Secure` flag: 1, 0, or auto (Secure unless SANAD_HOST is a loopback address). Set 1 behind a TLS proxy.'
  },
  SANAD_TSA_URL: {
    default: '',
    description:
      'RFC 3161 time-stamping authority (http or https URL) asked to timestamp each new ledger checkpoint (empty: no timestamps).'
  },
  SANAD_TSA_CA_FILE: {
    default: '',
    description: 'PEM file of the root certificate the TSA must chain to; tokens that do not are refused (empty: not checked).'
  },
  SANAD_TSA_TIMEOUT_MS: {
    default: '10000',
    description: 'Deadline of one time-stamp request; a slow or unreachable TSA never delays checkpoint signing.'
  },
  SANAD_PDF_SIGNING_P12_FILE: {
    default: '',
    description:
      "PKCS#12 file (.p12/.pfx) of the organisation's certificate and key that sign every dossier PDF (PAdES); empty: a self-signed certificate made on first start in `$SANAD_DATA_DIR/keys/pdf-signing.p12`, and the cover says it is self-signed."
  },
  SANAD_PDF_SIGNING_P12_PASSPHRASE: { default: '', description: 'Passphrase of SANAD_PDF_SIGNING_P12_FILE.' },
  SANAD_DOSSIER_ATTACHMENT_BUDGET_BYTES: {
    default: String(200 * 1024 ** 2),
    description:
      'Most bytes of exhibit files (and thumbnails) embedded in one dossier PDF (200 MiB); exhibits beyond it travel in the evidence package only.'
  },
  SANAD_DOSSIER_RETENTION_DAYS: {
    default: '30',
    description:
      "Days after its export a dossier's PDF and package are deleted from the server (the ledger keeps their hashes; a download then answers 410 and the dossier can be generated again). 0 = keep them until their builder deletes them."
  },
  SANAD_ORG_NAME: {
    default: '',
    description:
      'Name of the organisation that submits dossiers: Source-Organization of every package, and the sender on the cover and covering letter (empty: "Sanad (<ledger origin>)").'
  },
  SANAD_ORG_CONTACT: {
    default: '',
    description:
      "The organisation's contact for recipients (address, e-mail, telephone), printed on the cover and covering letter and in bag-info.txt (Contact-Email when it is an e-mail address)."
  },
  SANAD_ORG_FOCAL_POINT: {
    default: '',
    description:
      'The focal point for a recipient (name or function), printed on the cover and covering letter and as Contact-Name in bag-info.txt.'
  }
} as const

export type ConfigVariable = keyof typeof CONFIG_VARIABLES

/** A setting the service refuses: names the variable and the rule it breaks (never its value when secret). */
export class SettingError extends Error {
  readonly setting: ConfigVariable
  constructor(setting: ConfigVariable, rule: string) {
    super(`${setting} ${rule}`)
    this.name = 'SettingError'
    this.setting = setting
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function read(env: NodeJS.ProcessEnv, name: ConfigVariable): string {
  const value = env[name]
  return value === undefined || value === '' ? CONFIG_VARIABLES[name].default : value
}

function integer(env: NodeJS.ProcessEnv, name: ConfigVariable, min: number, max: number): number {
  const raw = read(env, name)
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new SettingError(name, `must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return n
}

function flag(env: NodeJS.ProcessEnv, name: ConfigVariable): boolean {
  const raw = read(env, name)
  if (raw === '1' || raw === 'true') return true
  if (raw === '0' || raw === 'false') return false
  throw new SettingError(name, `must be 1 or 0, got "${raw}"`)
}

function oneOf(env: NodeJS.ProcessEnv, name: ConfigVariable, allowed: readonly string[]): string {
  const raw = read(env, name)
  if (!allowed.includes(raw)) throw new SettingError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`)
  return raw
}

function tsaUrl(env: NodeJS.ProcessEnv): string {
  const raw = read(env, 'SANAD_TSA_URL')
  if (raw === '') return ''
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new SettingError('SANAD_TSA_URL', `must be an http or https URL, got "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SettingError('SANAD_TSA_URL', `must be an http or https URL, got "${url.protocol}"`)
  return raw
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    host: read(env, 'SANAD_HOST'),
    port: integer(env, 'SANAD_PORT', 0, 65535),
    dataDir: resolve(read(env, 'SANAD_DATA_DIR')),
    logLevel: oneOf(env, 'SANAD_LOG_LEVEL', LOG_LEVELS),
    maxUploadBytes: integer(env, 'SANAD_MAX_UPLOAD_BYTES', 1, Number.MAX_SAFE_INTEGER),
    uploadQuotaBytes: integer(env, 'SANAD_UPLOAD_QUOTA_BYTES', 1, Number.MAX_SAFE_INTEGER),
    uploadExpiryHours: integer(env, 'SANAD_UPLOAD_EXPIRY_HOURS', 1, 24 * 366),
    busyTimeoutMs: integer(env, 'SANAD_BUSY_TIMEOUT_MS', 0, 600_000),
    requestTimeoutMs: integer(env, 'SANAD_REQUEST_TIMEOUT_MS', 1000, 86_400_000),
    checkpointIntervalMs: integer(env, 'SANAD_CHECKPOINT_INTERVAL_MS', 0, 86_400_000),
    ledgerOrigin: read(env, 'SANAD_LEDGER_ORIGIN'),
    adminPassword: read(env, 'SANAD_ADMIN_PASSWORD'),
    masterKeyFile: read(env, 'SANAD_MASTER_KEY_FILE') === '' ? '' : resolve(read(env, 'SANAD_MASTER_KEY_FILE')),
    requireMfa: flag(env, 'SANAD_REQUIRE_MFA'),
    sessionIdleMinutes: integer(env, 'SANAD_SESSION_IDLE_MINUTES', 1, 24 * 60),
    sessionMaxHours: integer(env, 'SANAD_SESSION_MAX_HOURS', 1, 24 * 30),
    cookieSecure: read(env, 'SANAD_COOKIE_SECURE') === 'auto' ? 'auto' : flag(env, 'SANAD_COOKIE_SECURE'),
    tsaUrl: tsaUrl(env),
    tsaCaFile: read(env, 'SANAD_TSA_CA_FILE') === '' ? '' : resolve(read(env, 'SANAD_TSA_CA_FILE')),
    tsaTimeoutMs: integer(env, 'SANAD_TSA_TIMEOUT_MS', 100, 600_000),
    dossierAttachmentBudgetBytes: integer(env, 'SANAD_DOSSIER_ATTACHMENT_BUDGET_BYTES', 0, 2 * 1024 ** 3),
    dossierRetentionDays: integer(env, 'SANAD_DOSSIER_RETENTION_DAYS', 0, 36_500),
    pdfSigningP12File: read(env, 'SANAD_PDF_SIGNING_P12_FILE') === '' ? '' : resolve(read(env, 'SANAD_PDF_SIGNING_P12_FILE')),
    pdfSigningP12Passphrase: read(env, 'SANAD_PDF_SIGNING_P12_PASSPHRASE'),
    organisationName: read(env, 'SANAD_ORG_NAME').trim(),
    organisationContact: read(env, 'SANAD_ORG_CONTACT').trim(),
    organisationFocalPoint: read(env, 'SANAD_ORG_FOCAL_POINT').trim(),
    ...overrides
  }
}

type StartError = { message?: unknown; code?: unknown; syscall?: unknown; path?: unknown }

/**
 * The one line printed when the server cannot start: which setting is refused and by what rule when
 * that can be told (from the error, or the file or socket it concerns), else the error's first line.
 * Never a stack trace: an operator needs the setting to change, not the code path.
 */
export function startupFailureLine(err: unknown, config?: Config): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as StartError
  const message = (typeof e.message === 'string' ? e.message : String(err)).split('\n')[0]!.trim()
  const line = (text: string): string => `Sanad did not start: ${text}`
  if (err instanceof SettingError || /^SANAD_[A-Z_]+ /.test(message)) return line(message)
  if (!config) return line(message)
  if (e.syscall === 'listen' || e.syscall === 'getaddrinfo') {
    if (e.code === 'EADDRINUSE') return line(`SANAD_PORT ${config.port} is already in use on ${config.host}`)
    if (e.code === 'EACCES') return line(`SANAD_PORT ${config.port} needs privileges this process does not have (use a port above 1023)`)
    return line(`SANAD_HOST "${config.host}" is not an address this machine can listen on (${String(e.code)})`)
  }
  // Files: name the setting that points at the file the error concerns.
  const about = [typeof e.path === 'string' ? e.path : '', message]
  const concerns = (file: string): boolean => file !== '' && about.some((s) => s.includes(file))
  const masterKey = config.masterKeyFile || join(config.dataDir, 'keys', 'master.key')
  if (concerns(masterKey))
    return line(`SANAD_MASTER_KEY_FILE${config.masterKeyFile ? '' : " (empty: the data dir's keys/master.key)"} refused: ${message}`)
  if (concerns(config.tsaCaFile)) return line(`SANAD_TSA_CA_FILE refused: ${message}`)
  if (concerns(config.dataDir)) return line(`SANAD_DATA_DIR refused: ${message}`)
  return line(message)
}
