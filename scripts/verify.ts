/**
 * Offline verification of a Sanad data dir, for auditors: works on a copy, needs no server and no
 * network. Exit code 0 = everything verified, 1 = something is broken (each item named), 2 = usage.
 *
 *   npm run verify -- [--data-dir DIR] [--key KEY|FILE] [--checkpoint FILE]... [--deep] [--json]
 */
import { parseArgs } from 'node:util'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadConfig } from '../server/config.ts'
import { openSqlite, databaseFile } from '../server/db/connection.ts'
import { BlobStore } from '../server/blobs/store.ts'
import { loadLedgerSigner } from '../server/keys/key-files.ts'
import { verifyDataDir } from '../server/modules/verify/service.ts'
import { startHashWorkers } from '../server/modules/verify/hash-pool.ts'

const usage = `usage: npm run verify -- [options]

Checks a data dir offline: re-hashes every blob against its record, recomputes every ledger leaf,
the hash chain and the Merkle tree, checks every stored checkpoint's signature and the consistency
between successive checkpoints, that each evidence record matches its ingest entry, and that each
device-signed capture record still verifies with its enrolled device key.

  --data-dir DIR      data dir to check (default $SANAD_DATA_DIR or ./data)
  --key KEY|FILE      the ledger's published verifier key (name+keyid+base64), or a file holding it;
                      default: derived from DIR/keys (trusting the data dir's own key)
  --checkpoint FILE   a checkpoint you kept earlier; detects a ledger rolled back behind it (repeatable)
  --deep              also re-check SHA-512 of every original (slower)
  --workers N         hashing threads (default: one per core)
  --json              print the full report as JSON
  -h, --help          this text`

let values
try {
  values = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      key: { type: 'string' },
      checkpoint: { type: 'string', multiple: true },
      deep: { type: 'boolean' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    }
  }).values
} catch (err) {
  console.error(String((err as Error).message) + '\n\n' + usage)
  process.exit(2)
}
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const threads = values.workers === undefined ? undefined : Number(values.workers)
if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 256)) {
  console.error(`--workers takes a whole number from 1 to 256, not "${values.workers}"\n\n${usage}`)
  process.exit(2)
}
for (const f of values.checkpoint ?? []) {
  if (!existsSync(f)) {
    console.error(`no such file: ${f} (--checkpoint)\n\n${usage}`)
    process.exit(2)
  }
}
// Started now so they are ready by the time the database has been read.
const workers = startHashWorkers(threads)

const dataDir = values['data-dir'] ? resolve(values['data-dir']) : loadConfig().dataDir
const dbFile = databaseFile(dataDir)
if (!existsSync(dbFile)) {
  console.error(`no database at ${dbFile}`)
  process.exit(2)
}
let verifierKey: string
if (values.key !== undefined && values.key.trim() === '') {
  // An empty --key (e.g. from a fetch that failed) must not silently mean "trust the data dir's own key".
  console.error(`--key is empty: give the published verifier key or a file holding it\n\n${usage}`)
  process.exit(2)
}
if (values.key !== undefined) verifierKey = existsSync(values.key) ? readFileSync(values.key, 'utf8').trim() : values.key.trim()
else {
  verifierKey = loadLedgerSigner(dataDir, loadConfig().ledgerOrigin, { create: false }).verifierKey
  if (!values.json)
    console.log('note: using the verifier key found in the data dir; pass --key with the published key to verify without trusting it')
}
const sqlite = openSqlite(dbFile, { readonly: true })
const started = Date.now()
let lastPrint = 0
const report = await verifyDataDir({
  sqlite,
  blobs: new BlobStore(dataDir),
  verifierKey,
  extraCheckpoints: (values.checkpoint ?? []).map((f) => readFileSync(f, 'utf8')),
  deep: values.deep === true,
  workers,
  onProgress: (p) => {
    if (values.json || !process.stderr.isTTY) return
    const now = Date.now()
    if (now - lastPrint < 250 && p.done !== p.total) return
    lastPrint = now
    process.stderr.write(`\r${p.phase}: ${p.done}/${p.total}   `)
  }
})
sqlite.close()
if (!values.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K')

if (values.json) {
  // Says whose key the checkpoints were checked with: the published one given, or the data dir's own.
  console.log(JSON.stringify({ ...report, verifierKeySource: values.key !== undefined ? 'given' : 'data-dir' }, null, 2))
} else {
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  console.log(`ledger:    ${report.ledger.entries} entries, root ${report.ledger.root}`)
  console.log(
    `           ${report.ledger.checkpointsVerified}/${report.ledger.checkpoints} checkpoints verified${report.ledger.latestCheckpoint ? `, latest at size ${report.ledger.latestCheckpoint.size}` : ''}`
  )
  if (report.ledger.beyondLatestCheckpoint > 0)
    console.log(
      `           ${report.ledger.beyondLatestCheckpoint} entries after the latest checkpoint: they chain and hash, but no signature covers them yet`
    )
  console.log(
    `evidence:  ${report.evidence.records} records, ${report.evidence.copies} derived copies, ${report.evidence.captures} device-signed capture records verified`
  )
  console.log(
    `blobs:     ${report.blobs.hashed}/${report.blobs.expected} re-hashed (${(report.blobs.bytes / 1048576).toFixed(1)} MiB) in ${secs}s, ${report.blobs.orphans} orphans`
  )
  for (const note of report.notes ?? []) console.log(`note:      ${note}`)
  if (report.ok) console.log('OK: everything verified')
  else {
    console.log(`FAILED: ${report.problems.length} problem(s)`)
    for (const p of report.problems) console.log(`  ${p.code}: ${p.message}`)
  }
}
process.exit(report.ok ? 0 : 1)
