/**
 * Online, consistent backup of a data dir while the server keeps serving:
 *   npm run backup -- DIR [--data-dir SRC] [--with-keys]
 * The database is copied with SQLite's backup API (a consistent snapshot even while others write);
 * then exactly the blobs that snapshot refers to (blobs are immutable and stored before their row
 * commits, so every one is there), and, only when asked, the keys. A manifest lists every file with
 * its SHA-256. Folders are 0700, files 0600 and blobs 0400, whatever the umask.
 * First, ledger entries no checkpoint covers yet are anchored by a signed checkpoint, so a restore of
 * the backup verifies even when it was taken before the server's first periodic checkpoint.
 */
import { copyFileSync, existsSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import Database from 'better-sqlite3'
import { folderAndDataDir, sha256File, syncFolders, isMainModule } from './cli.ts'
import { fsyncPathSync } from '../server/fs/durable.ts'
import { databaseFile } from '../server/db/open.ts'
import { openSqlite } from '../server/db/connection.ts'
import { BlobStore } from '../server/blobs/store.ts'
import { keysDir, loadLedgerSigner } from '../server/keys/key-files.ts'
import { BLOB_MODE, FILE_MODE, privateDirSync, privateFileSync } from '../server/fs/private.ts'
import { CONFIG_VARIABLES } from '../server/config.ts'
import { ledgerService } from '../server/ledger/service.ts'
import { ledgerRepo } from '../server/ledger/repo.ts'

const usage = `usage: npm run backup -- DIR [--data-dir SRC] [--with-keys]
Makes an online, consistent backup of the data dir (default $SANAD_DATA_DIR or ./data) into DIR,
which must be empty or not exist: the database and every blob it refers to. The key files are left
out unless --with-keys is given: a backup with keys can decrypt every protected identity and every
dossier file, so keep the keys apart (a restore then needs them put back in keys/).
--without-keys (the old way to ask for this) is accepted and changes nothing.`

export const KEYS_LEFT_OUT =
  'keys: left out (keys/master.key, keys/ledger-signing.key); keep a copy of them apart from this backup: a restore needs them put back. Pass --with-keys to include them.'
export const KEYS_INCLUDED =
  'keys: included (--with-keys): this backup can decrypt every protected identity and dossier file; store it as you store the keys.'

/**
 * Signs a checkpoint over the live ledger when entries lie beyond the latest one (as the server
 * would: same key, same origin), and returns its tree size, or null when none was needed.
 * Checkpoints are signed only over what is in the database, like the server's periodic ones.
 */
export function anchorLedger(dataDir: string): number | null {
  const sqlite = openSqlite(databaseFile(dataDir), { busyTimeoutMs: 10_000 })
  try {
    const repo = ledgerRepo(sqlite)
    const size = repo.size()
    const latest = repo.latestCheckpoint()
    if (size === 0 || (latest !== undefined && latest.size >= size)) return null
    const signer = loadLedgerSigner(dataDir, CONFIG_VARIABLES.SANAD_LEDGER_ORIGIN.default, { create: false })
    // The origin the deployment signs with: its latest checkpoint's first line, else the name its key
    // was made with on first start (SANAD_LEDGER_ORIGIN then).
    const origin = latest?.note.split('\n')[0] || signer.name
    return ledgerService({ sqlite, signer, origin }).checkpoint().size
  } finally {
    sqlite.close()
  }
}

export async function backup(
  dataDir: string,
  target: string,
  log: (s: string) => void = () => {},
  options: { withKeys?: boolean } = {}
): Promise<{ files: number; bytes: number; ledgerSize: number; keysIncluded: boolean }> {
  const source = databaseFile(dataDir)
  if (!existsSync(source)) throw new Error(`no database at ${source}`)
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} is not empty`)
  privateDirSync(target)
  const anchored = anchorLedger(dataDir)
  if (anchored !== null) log(`ledger: signed a checkpoint of ${anchored} entries (some were not yet covered by one)`)
  const live = new Database(source, { readonly: true, fileMustExist: true })
  live.pragma('busy_timeout = 10000')
  const dbCopy = databaseFile(target)
  log('database: SQLite online backup')
  // Made 0600 before SQLite writes it (SQLite would make it 0644 less the umask).
  privateFileSync(dbCopy)
  await live.backup(dbCopy)
  live.close()
  const snapshot = new Database(dbCopy)
  snapshot.pragma('journal_mode = DELETE') // one self-contained file
  const hashes = snapshot
    .prepare<[], { sha256: string }>('SELECT sha256 FROM evidence UNION SELECT sha256 FROM evidence_copies')
    .all()
    .map((r) => r.sha256)
  const ledgerSize = (snapshot.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n
  snapshot.close()
  const from = new BlobStore(dataDir)
  const to = new BlobStore(target)
  let bytes = 0
  log(`blobs: ${hashes.length}`)
  for (const sha256 of hashes) {
    const dest = to.pathOf(sha256)
    privateDirSync(dirname(dest))
    copyFileSync(from.pathOf(sha256), dest)
    chmodSync(dest, BLOB_MODE)
    bytes += statSync(dest).size
  }
  const keys = keysDir(dataDir)
  const withKeys = options.withKeys === true
  if (existsSync(keys) && withKeys) {
    privateDirSync(keysDir(target))
    for (const name of readdirSync(keys)) {
      copyFileSync(join(keys, name), join(keysDir(target), name))
      chmodSync(join(keysDir(target), name), FILE_MODE)
    }
  }
  log(withKeys ? KEYS_INCLUDED : KEYS_LEFT_OUT)
  // The manifest: every file and its hash, so a restore (or anyone) can check the copy is whole.
  const files: Array<{ path: string; sha256: string; size: number }> = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name !== 'backup-manifest.json') files.push({ path: relative(target, p), sha256: '', size: statSync(p).size })
    }
  }
  walk(target)
  for (const f of files) {
    f.sha256 = await sha256File(join(target, f.path))
    fsyncPathSync(join(target, f.path))
  }
  const manifest = {
    format: 'sanad-backup/1',
    createdAt: new Date().toISOString(),
    source: dataDir,
    ledgerSize,
    keysIncluded: withKeys,
    files
  }
  writeFileSync(join(target, 'backup-manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: FILE_MODE })
  fsyncPathSync(join(target, 'backup-manifest.json'))
  syncFolders(
    target,
    files.map((f) => f.path)
  )
  return { files: files.length, bytes, ledgerSize, keysIncluded: withKeys }
}

if (isMainModule(import.meta.url)) {
  const { folder: target, dataDir, flags } = folderAndDataDir(usage, ['with-keys', 'without-keys'])
  if (flags.has('with-keys') && flags.has('without-keys')) {
    console.error(`--with-keys and --without-keys contradict each other\n\n${usage}`)
    process.exit(2)
  }
  if (flags.has('without-keys')) console.log('note: keys are left out by default now; --without-keys is no longer needed.')
  try {
    const r = await backup(dataDir, target, (s) => console.log(s), { withKeys: flags.has('with-keys') })
    console.log(
      `backup of ${dataDir} written to ${target}: ${r.files} files, ${(r.bytes / 2 ** 20).toFixed(1)} MiB of blobs, ledger size ${r.ledgerSize}, keys ${r.keysIncluded ? 'included' : 'left out'}`
    )
  } catch (err) {
    console.error(`backup failed: ${(err as Error).message}`)
    process.exit(1)
  }
}
