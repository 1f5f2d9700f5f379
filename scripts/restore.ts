/**
 * Restores a backup made by `npm run backup` into an empty data dir:
 *   npm run restore -- DIR [--data-dir TARGET]
 * Every file is checked against the backup manifest before it is copied; nothing is written when
 * anything is missing or altered. Folders are made 0700, files 0600, blobs 0400, whatever the umask.
 * A backup without keys (the default) is restored too, and the command says which key files must be
 * put back before the server is started.
 */
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize, isAbsolute } from 'node:path'
import { folderAndDataDir, sha256File, syncFolders, isMainModule } from './cli.ts'
import { fsyncPathSync } from '../server/fs/durable.ts'
import { BLOB_MODE, FILE_MODE, privateDirSync } from '../server/fs/private.ts'
import { keysDir, LEDGER_KEY_FILE, MASTER_KEY_FILE } from '../server/keys/key-files.ts'

const usage = `usage: npm run restore -- DIR [--data-dir TARGET]
Restores the backup in DIR into TARGET (default $SANAD_DATA_DIR or ./data), which must be empty or
not exist. The backup is checked against its manifest first.`

/** What an operator must do after restoring a backup that holds no keys. */
export function keysToPutBack(dataDir: string): string {
  const dir = keysDir(dataDir)
  return [
    'This backup holds no key files. Before starting the server, put back the keys of the data dir it was made from:',
    `  ${join(dir, MASTER_KEY_FILE)}   (or set SANAD_MASTER_KEY_FILE to where it is kept): without it no protected identity,`,
    '      second factor or dossier file can be read, and the server refuses to start on identities encrypted under another key;',
    `  ${join(dir, LEDGER_KEY_FILE)}   without it new checkpoints would be signed by a new key that verifiers do not know.`,
    `The folder ${dir} must be mode 0700 and the files 0600 (chmod 700 keys; chmod 600 keys/*).`,
    'Do not start the server before they are in place: it would create new keys that fit nothing here.',
    'Until then, npm run verify needs --key with the published ledger verifier key.'
  ].join('\n')
}

export async function restore(backupDir: string, dataDir: string): Promise<{ files: number; keysIncluded: boolean }> {
  const manifestFile = join(backupDir, 'backup-manifest.json')
  if (!existsSync(manifestFile)) throw new Error(`${backupDir} has no backup-manifest.json`)
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { format: string; files: Array<{ path: string; sha256: string }> }
  if (manifest.format !== 'sanad-backup/1') throw new Error(`unknown backup format ${manifest.format}`)
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new Error(`${dataDir} is not empty; restore only into an empty data dir`)
  for (const f of manifest.files) {
    const p = normalize(f.path)
    if (isAbsolute(p) || p.startsWith('..')) throw new Error(`manifest path ${f.path} leaves the backup`)
    const actual = existsSync(join(backupDir, p)) ? await sha256File(join(backupDir, p)) : 'missing'
    if (actual !== f.sha256) throw new Error(`${f.path} is ${actual === 'missing' ? 'missing' : 'altered'} in the backup`)
  }
  privateDirSync(dataDir)
  for (const f of manifest.files) {
    const dest = join(dataDir, normalize(f.path))
    privateDirSync(dirname(dest))
    copyFileSync(join(backupDir, f.path), dest)
    chmodSync(dest, f.path.startsWith('blobs/') ? BLOB_MODE : FILE_MODE)
    fsyncPathSync(dest)
  }
  syncFolders(
    dataDir,
    manifest.files.map((f) => normalize(f.path))
  )
  const keysIncluded = manifest.files.some((f) => normalize(f.path) === join('keys', MASTER_KEY_FILE))
  return { files: manifest.files.length, keysIncluded }
}

if (isMainModule(import.meta.url)) {
  const { folder: source, dataDir } = folderAndDataDir(usage)
  try {
    const r = await restore(source, dataDir)
    console.log(`restored ${r.files} files into ${dataDir}; run npm run verify -- --data-dir ${dataDir}`)
    if (!r.keysIncluded) console.log(keysToPutBack(dataDir))
  } catch (err) {
    console.error(`restore failed: ${(err as Error).message}`)
    process.exit(1)
  }
}
