/**
 * Restores a backup made by `npm run backup` into an empty data dir:
 *   npm run restore -- DIR [--data-dir TARGET]
 * Every file is checked against the backup manifest before it is copied; nothing is written when
 * anything is missing or altered.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize, isAbsolute } from 'node:path'
import { folderAndDataDir, sha256File, syncFolders, isMainModule } from './cli.ts'
import { fsyncPathSync } from '../server/fs/durable.ts'

const usage = `usage: npm run restore -- DIR [--data-dir TARGET]
Restores the backup in DIR into TARGET (default $SANAD_DATA_DIR or ./data), which must be empty or
not exist. The backup is checked against its manifest first.`

export async function restore (backupDir: string, dataDir: string): Promise<{ files: number }> {
  const manifestFile = join(backupDir, 'backup-manifest.json')
  if (!existsSync(manifestFile)) throw new Error(`${backupDir} has no backup-manifest.json`)
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { format: string, files: Array<{ path: string, sha256: string }> }
  if (manifest.format !== 'sanad-backup/1') throw new Error(`unknown backup format ${manifest.format}`)
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty; restore only into an empty data dir`)
  for (const f of manifest.files) {
    const p = normalize(f.path)
    if (isAbsolute(p) || p.startsWith('..')) throw new Error(`manifest path ${f.path} leaves the backup`)
    const actual = existsSync(join(backupDir, p)) ? await sha256File(join(backupDir, p)) : 'missing'
    if (actual !== f.sha256) throw new Error(`${f.path} is ${actual === 'missing' ? 'missing' : 'altered'} in the backup`)
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  for (const f of manifest.files) {
    const dest = join(dataDir, normalize(f.path))
    mkdirSync(dirname(dest), { recursive: true })
    copyFileSync(join(backupDir, f.path), dest)
    if (f.path.startsWith('keys/')) chmodSync(dest, 0o600)
    else if (f.path.startsWith('blobs/')) chmodSync(dest, 0o444)
    fsyncPathSync(dest)
  }
  syncFolders(dataDir, manifest.files.map((f) => normalize(f.path)))
  return { files: manifest.files.length }
}

if (isMainModule(import.meta.url)) {
  const { folder: source, dataDir } = folderAndDataDir(usage)
  try {
    const r = await restore(source, dataDir)
    console.log(`restored ${r.files} files into ${dataDir}; run npm run verify -- --data-dir ${dataDir}`)
  } catch (err) {
    console.error(`restore failed: ${(err as Error).message}`)
    process.exit(1)
  }
}
