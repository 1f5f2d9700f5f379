// The command-line shell of the package verifier: Node 18 or later, nothing else (node:crypto,
// node:zlib, node:fs). scripts/gen-verifier.ts joins it with verify-core.mjs into the single file
// verify-package.mjs that every evidence package carries.
import { verifyPackage, VERIFIER_FORMAT } from './verify-core.mjs'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { createInflateRaw, inflateRawSync } from 'node:zlib'
import { basename } from 'node:path'

const USAGE = `usage: node verify-package.mjs PACKAGE.zip [--key KEY|FILE] [--json]

Checks a Sanad evidence package offline, with nothing but Node.js: the ZIP, the BagIt bag, the signed
manifest, the ledger checkpoint, every exhibit's hashes, every ledger inclusion proof and, when the
package carries it, the receipt of its PDF. Exits 0 when every check passes, 1 otherwise.

  --key KEY|FILE   the ledger verifier key the issuing organisation publishes (or a file holding it);
                   without it the key the package names is used (integrity, not who issued it)
  --json           print the report as JSON`

function fail(message) {
  console.log(message)
  process.exit(1)
}

const args = process.argv.slice(2)
let file
let key
let json = false
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  if (a === '--json') json = true
  else if (a === '--key') key = args[++i]
  else if (a === '-h' || a === '--help') {
    console.log(USAGE)
    process.exit(0)
  } else if (file === undefined && !a.startsWith('--')) file = a
  else fail(`unknown argument ${a}\n\n${USAGE}`)
}
if (file === undefined) fail(USAGE)
if (!existsSync(file)) fail(`no such file: ${file}`)
if (key !== undefined) {
  if (key.trim() === '') fail('--key is empty: give the published verifier key or a file holding it')
  if (existsSync(key)) key = readFileSync(key, 'utf8').trim()
}

const fd = openSync(file, 'r')
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex')
const platform = {
  size: statSync(file).size,
  read: async (offset, length) => {
    const buf = Buffer.alloc(Math.max(0, Math.min(length, platform.size - offset)))
    let done = 0
    while (done < buf.length) {
      const n = readSync(fd, buf, done, buf.length - done, offset + done)
      if (n === 0) break
      done += n
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, done)
  },
  sha256: async (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest()),
  sha512: async (bytes) => new Uint8Array(createHash('sha512').update(bytes).digest()),
  ed25519Verify: async (publicKey, message, signature) =>
    verify(null, message, createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' }), signature),
  inflateRaw: async (bytes, max) => new Uint8Array(inflateRawSync(bytes, { maxOutputLength: max + 1 })),
  // Exhibits may be gigabytes: streamed from the file, hashed as they pass, never past their declared size.
  hashEntry: async (entry) => {
    const h256 = createHash('sha256')
    const h512 = createHash('sha512')
    let size = 0
    const raw =
      entry.compressedSize === 0
        ? null
        : createReadStream(file, { start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize - 1 })
    const source = raw === null ? [] : entry.method === 8 ? raw.pipe(createInflateRaw()) : raw
    for await (const chunk of source) {
      size += chunk.length
      if (size > entry.size) {
        raw?.destroy()
        source.destroy?.()
        break
      }
      h256.update(chunk)
      h512.update(chunk)
    }
    return { size, sha256: h256.digest('hex'), sha512: h512.digest('hex') }
  }
}

const report = await verifyPackage(platform, key === undefined ? {} : { key })
const ok = report.problems.length === 0
if (json) console.log(JSON.stringify({ file, verifier: VERIFIER_FORMAT, ...report }, null, 2))
else {
  console.log(`Verifying ${basename(file)}: a Sanad evidence package (zipped BagIt bag).`)
  for (const l of report.verified) console.log(`ok: ${l}`)
  for (const l of report.notes) console.log(`note: ${l}`)
  for (const p of report.problems) console.log(`${p.code}: ${p.message}`)
  console.log(
    ok
      ? `RESULT: verified. ${report.exhibitFiles.present} of ${report.exhibitFiles.listed} exhibit files are here and match their recorded hashes, and every exhibit is anchored to the signed ledger checkpoint.`
      : `RESULT: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found; do not rely on this package.`
  )
}
process.exit(ok ? 0 : 1)
