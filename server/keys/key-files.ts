import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fsyncPathSync } from '../fs/durable.ts'
import { generateNoteKey, parseSignerKey, type NoteSigner } from '../lib/ledger/signed-note.ts'

/**
 * The one place that reads `$SANAD_DATA_DIR/keys/`. Keys live outside the database so that a copied
 * sanad.db alone reveals nothing and proves nothing forged. Files are created with mode 0600.
 */
export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys')
}

function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}

function writeSecret(file: string, text: string): void {
  // 'wx' refuses to overwrite: a key, once made, is never silently replaced.
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
}

function checkMode(file: string): void {
  const mode = statSync(file).mode & 0o777
  if ((mode & 0o077) !== 0) throw new Error(`${file} is readable by group or others (mode ${mode.toString(8)}); chmod 600 it`)
}

export const LEDGER_KEY_FILE = 'ledger-signing.key'
export const MASTER_KEY_FILE = 'master.key'

/** The Ed25519 key that signs ledger checkpoints, created on first start under the ledger origin. */
export function loadLedgerSigner(dataDir: string, origin: string, options: { create?: boolean } = {}): NoteSigner {
  const dir = keysDir(dataDir)
  const file = join(dir, LEDGER_KEY_FILE)
  if (!existsSync(file)) {
    if (options.create === false) throw new Error(`no ledger signing key at ${file}`)
    ensureDir(dir)
    writeSecret(file, generateNoteKey(origin).signerKey + '\n')
  }
  checkMode(file)
  return parseSignerKey(readFileSync(file, 'utf8'))
}

/** The 256-bit key protecting identities (AES-256-GCM), from SANAD_MASTER_KEY_FILE or keys/master.key. */
export function loadMasterKey(dataDir: string, explicitFile?: string, options: { create?: boolean } = {}): Buffer {
  const file = explicitFile ?? join(keysDir(dataDir), MASTER_KEY_FILE)
  if (!existsSync(file)) {
    if (explicitFile || options.create === false) throw new Error(`no master key at ${file}`)
    ensureDir(keysDir(dataDir))
    writeSecret(file, randomBytes(32).toString('base64') + '\n')
  }
  checkMode(file)
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`)
  return key
}

// Master-key rotation writes here too: the new key beside the old, then an atomic swap.

/** Where the master key lives: SANAD_MASTER_KEY_FILE or keys/master.key. */
export function masterKeyPath(dataDir: string, explicitFile?: string): string {
  return explicitFile ?? join(keysDir(dataDir), MASTER_KEY_FILE)
}

export function readKey(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`)
  return key
}

/** Writes a new key file (never over an existing one), durably. */
export function writeKey(file: string, key: Buffer): void {
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  fsyncPathSync(file)
  fsyncPathSync(dirname(file))
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-')
}

/** Keeps the current key as `<file>.retired-<time>` and atomically puts `next` in its place. */
export function swapIn(file: string, next: string, now: Date): string {
  let retiredFile = `${file}.retired-${stamp(now)}`
  for (let i = 1; existsSync(retiredFile); i++) retiredFile = `${file}.retired-${stamp(now)}-${i}`
  linkSync(file, retiredFile)
  renameSync(next, file)
  fsyncPathSync(dirname(file))
  return retiredFile
}

export function keyFileExists(file: string): boolean {
  return existsSync(file)
}

/** Removes an unfinished key file (a rotation that did not commit). */
export function removeKeyFile(file: string): void {
  unlinkSync(file)
}
