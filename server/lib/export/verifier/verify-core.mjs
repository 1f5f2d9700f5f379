// The checks of Sanad's stand-alone package verifier, written once for both of its shells: the
// command-line verify-package.mjs (Node, node:crypto and node:zlib) and verify.html (a browser,
// WebCrypto and DecompressionStream). Plain JavaScript with no imports, so that
// scripts/gen-verifier.ts can inline it into either file; the shell passes the platform in:
//
//   platform.size                       bytes of the package ZIP
//   platform.read(offset, length)       raw bytes of the ZIP (Uint8Array)
//   platform.sha256(bytes), .sha512     digests (Uint8Array)
//   platform.ed25519Verify(pub, msg, sig)  boolean
//   platform.inflateRaw(bytes, max)     inflated bytes; throws past `max` bytes
//   platform.hashEntry?(entry)          optional streaming {size, sha256, sha512} (hex) of one entry
//
// It checks what `npm run verify-export` checks for a package, with the same problem codes: the ZIP
// (refused unread when its claims are unsafe), the BagIt bag (RFC 8493), the Ed25519 signature of
// manifest.json, the signed ledger checkpoint (C2SP signed note), every exhibit file's size, SHA-256
// and SHA-512, every ingest and custody entry with its RFC 9162 inclusion proof, and the PDF's
// receipt when the package carries one. Not checked here: the RFC 3161 timestamp's signature (its
// message imprint is), and the attachments inside dossier.pdf (its bytes are, through the bag).

export const VERIFIER_FORMAT = 'sanad-package-verifier/1'

const MiB = 1024 * 1024
/** The same bounds as verify-export: a ZIP claiming more is refused before anything is inflated. */
const ZIP_LIMITS = { entries: 100_000, centralDirectoryBytes: 32 * MiB, nameBytes: 4096, inflationRatio: 100, slack: MiB }
const DEFLATE_MAX_RATIO = 1032
const PART_LIMITS = {
  'manifest.json': 64 * MiB,
  'manifest.sig': 4 * 1024,
  'checkpoint.txt': 64 * 1024,
  'checkpoint.tsr': MiB,
  'custody.json': 256 * MiB,
  'exhibits.csv': 64 * MiB,
  'README.txt': MiB,
  'dossier.receipt.json': MiB,
  'package-statement.json': 64 * MiB,
  'package-statement.sig': 4 * 1024,
  'dossier.pdf': 2.5 * 1024 * MiB
}
const TAG_LIMITS = { 'bagit.txt': 4 * 1024, 'bag-info.txt': MiB, manifest: 64 * MiB }
/** The package's own parts under data/ besides the exhibit files the signed manifest lists. */
export const PACKAGE_FILES = [
  'manifest.json',
  'manifest.sig',
  'checkpoint.txt',
  'checkpoint.tsr',
  'custody.json',
  'README.txt',
  'dossier.pdf',
  'exhibits.csv',
  'dossier.receipt.json',
  'package-statement.json',
  'package-statement.sig',
  'verify-package.mjs',
  'verify.html'
]

export const CODES = {
  unsafe: 'SANAD_ERR_EXPORT_ZIP_UNSAFE',
  bag: 'SANAD_ERR_EXPORT_BAG_INVALID',
  malformed: 'SANAD_ERR_EXPORT_MANIFEST_MALFORMED',
  signature: 'SANAD_ERR_EXPORT_SIGNATURE',
  keyMismatch: 'SANAD_ERR_EXPORT_KEY_MISMATCH',
  checkpoint: 'SANAD_ERR_EXPORT_CHECKPOINT',
  missing: 'SANAD_ERR_EXPORT_FILE_MISSING',
  altered: 'SANAD_ERR_EXPORT_FILE_ALTERED',
  unlisted: 'SANAD_ERR_EXPORT_FILE_UNLISTED',
  ledgerEntry: 'SANAD_ERR_EXPORT_LEDGER_ENTRY',
  inclusion: 'SANAD_ERR_EXPORT_INCLUSION',
  custody: 'SANAD_ERR_EXPORT_CUSTODY',
  timestamp: 'SANAD_ERR_EXPORT_TIMESTAMP',
  receipt: 'SANAD_ERR_EXPORT_RECEIPT',
  notAsIssued: 'SANAD_ERR_EXPORT_NOT_AS_ISSUED'
}

// ---------------------------------------------------------------------------
// Bytes.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const enc = new TextEncoder()
const HEX64 = /^[0-9a-f]{64}$/
const HEX128 = /^[0-9a-f]{128}$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export function toHex(bytes) {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

function fromHex(hex) {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function toBase64(bytes) {
  let s = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '='
    s += i + 2 < bytes.length ? B64[n & 63] : '='
  }
  return s
}

/** Padded base64 that re-encodes to itself, or undefined. */
function fromBase64(text) {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (const c of clean) {
    value = (value << 6) | B64.indexOf(c)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
    }
  }
  return toBase64(out) === text ? out : undefined
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function equal(a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const u16 = (b, at) => b[at] | (b[at + 1] << 8)
const u32 = (b, at) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000
function u64(b, at) {
  if (at + 8 > b.length) throw unsafe('a ZIP64 field lies outside its record')
  const hi = u32(b, at + 4)
  if (hi > 0x1fffff) throw unsafe('a ZIP64 size or offset is out of range')
  return hi * 0x100000000 + u32(b, at)
}

class ZipRefused extends Error {}
const unsafe = (message) => new ZipRefused(`unsafe ZIP refused: ${message}`)
const short = (hex) => `${hex.slice(0, 12)}…`
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

// ---------------------------------------------------------------------------
// ZIP: the central directory, with every claim checked against the file's own size.

function namePrblem(name, bytes) {
  if (bytes > ZIP_LIMITS.nameBytes) return `is ${bytes} bytes long (at most ${ZIP_LIMITS.nameBytes})`
  if (name.length === 0) return 'is empty'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is absolute'
  if (name.includes('\\')) return 'contains a backslash'
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character'
  if (
    name
      .replace(/\/$/, '')
      .split('/')
      .some((s) => s === '..' || s === '.' || s === '')
  )
    return 'has an empty, "." or ".." segment'
  return null
}

function partLimit(name) {
  const tag = /^[^/]+\/([^/]+)$/.exec(name)
  if (tag !== null) {
    if (tag[1] in TAG_LIMITS) return TAG_LIMITS[tag[1]]
    if (/^(tag)?manifest-[a-z0-9]+\.txt$/.test(tag[1])) return TAG_LIMITS.manifest
  }
  const part = /^[^/]+\/data\/([^/]+)$/.exec(name)
  return part === null ? undefined : PART_LIMITS[part[1]]
}

async function readEntries(platform) {
  const fileSize = platform.size
  if (fileSize < 22) throw new Error('not a ZIP file')
  const tailLen = Math.min(fileSize, 22 + 0xffff + 20)
  const tail = await platform.read(fileSize - tailLen, tailLen)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === 0x06054b50 && i + 22 + u16(tail, i + 20) === tail.length) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a readable ZIP: no end of central directory record')
  let count = u16(tail, eocd + 10)
  let cdSize = u32(tail, eocd + 12)
  let cdOffset = u32(tail, eocd + 16)
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20
    if (loc < 0 || u32(tail, loc) !== 0x07064b50) throw new Error('not a readable ZIP: ZIP64 locator missing')
    const at = u64(tail, loc + 8)
    if (at + 56 > fileSize) throw unsafe('the ZIP64 end of central directory record lies outside the file')
    const z = await platform.read(at, 56)
    if (u32(z, 0) !== 0x06064b50) throw new Error('not a readable ZIP: ZIP64 end of central directory record missing')
    count = u64(z, 32)
    cdSize = u64(z, 40)
    cdOffset = u64(z, 48)
  }
  if (count > ZIP_LIMITS.entries) throw unsafe(`the central directory claims ${count} entries (at most ${ZIP_LIMITS.entries})`)
  if (cdSize > ZIP_LIMITS.centralDirectoryBytes) throw unsafe(`the central directory claims ${cdSize} bytes`)
  if (cdOffset + cdSize > fileSize) throw unsafe('the central directory lies outside the file')
  if (count * 46 > cdSize) throw unsafe(`the central directory claims ${count} entries in ${cdSize} bytes`)
  const cd = await platform.read(cdOffset, cdSize)
  const entries = []
  let p = 0
  let declared = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) throw unsafe('a central directory entry lies outside the directory')
    const flags = u16(cd, p + 8)
    const method = u16(cd, p + 10)
    let compressedSize = u32(cd, p + 20)
    let size = u32(cd, p + 24)
    const nameLen = u16(cd, p + 28)
    const extraLen = u16(cd, p + 30)
    const commentLen = u16(cd, p + 32)
    let localHeaderOffset = u32(cd, p + 42)
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw unsafe('a central directory entry lies outside the directory')
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen)
    let name
    try {
      name = utf8.decode(nameBytes)
    } catch {
      throw unsafe('an entry name is not UTF-8')
    }
    const why = namePrblem(name, nameLen)
    if (why !== null) throw unsafe(`entry name ${JSON.stringify(name.slice(0, 80))} ${why}`)
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen)
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      let e = 0
      let found = false
      while (e + 4 <= extra.length) {
        const id = u16(extra, e)
        const len = u16(extra, e + 2)
        if (id === 0x0001) {
          const field = extra.subarray(e + 4, e + 4 + len)
          if (e + 4 + len > extra.length) throw unsafe('a ZIP64 extra field is truncated')
          let q = 0
          if (size === 0xffffffff) {
            size = u64(field, q)
            q += 8
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(field, q)
            q += 8
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(field, q)
          found = true
          break
        }
        e += 4 + len
      }
      if (!found) throw unsafe('a ZIP64 extra field is missing')
    }
    p += 46 + nameLen + extraLen + commentLen
    const isDirectory = name.endsWith('/')
    if (method !== 0 && method !== 8) throw new Error(`not a readable ZIP: ${name} uses compression method ${method}`)
    if (method === 0 && compressedSize !== size) throw unsafe(`${name} is stored with ${compressedSize} bytes but declares ${size}`)
    if (method === 8 && size > compressedSize * DEFLATE_MAX_RATIO + 1024)
      throw unsafe(`${name} declares ${size} bytes from ${compressedSize} compressed: no deflate stream inflates that much`)
    const limit = partLimit(name)
    if (limit !== undefined && size > limit) throw unsafe(`${name} declares ${size} bytes (at most ${limit})`)
    if (localHeaderOffset + 30 > cdOffset) throw unsafe(`${name} lies outside the file`)
    declared += size
    entries.push({ name, flags, method, compressedSize, size, localHeaderOffset, isDirectory, dataOffset: 0 })
  }
  if (declared > fileSize * ZIP_LIMITS.inflationRatio + ZIP_LIMITS.slack)
    throw unsafe(`the entries declare ${declared} bytes in all, far more than a ${fileSize}-byte ZIP can hold`)
  for (const e of entries) {
    const h = await platform.read(e.localHeaderOffset, 30)
    if (h.length < 30 || u32(h, 0) !== 0x04034b50) throw unsafe(`${e.name} has no local header where the directory says`)
    e.dataOffset = e.localHeaderOffset + 30 + u16(h, 26) + u16(h, 28)
    if (e.dataOffset + e.compressedSize > cdOffset) throw unsafe(`${e.name} lies outside the file`)
  }
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]
    if (prev.dataOffset + prev.compressedSize > byOffset[i].localHeaderOffset) throw unsafe(`${prev.name} and ${byOffset[i].name} overlap`)
  }
  return entries
}

async function readEntry(platform, e) {
  const raw = await platform.read(e.dataOffset, e.compressedSize)
  if (raw.length !== e.compressedSize) throw new Error(`${e.name} is truncated`)
  if (e.method === 0) return raw
  let out
  try {
    out = await platform.inflateRaw(raw, e.size)
  } catch (err) {
    if (err instanceof ZipRefused) throw err
    throw unsafe(`${e.name} is not valid deflate data or inflates to more than the ${e.size} bytes it declares`)
  }
  if (out.length !== e.size) throw unsafe(`${e.name} inflates to ${out.length} bytes, not the ${e.size} it declares`)
  return out
}

async function hashEntry(platform, e) {
  if (platform.hashEntry !== undefined) {
    // The platform stops one byte past the declared size: a ZIP that lies about a size is read no further.
    const d = await platform.hashEntry(e)
    if (d.size > e.size) throw unsafe(`${JSON.stringify(e.name)} inflates to more than the ${e.size} bytes it declares`)
    return d
  }
  const bytes = await readEntry(platform, e)
  return { size: bytes.length, sha256: toHex(await platform.sha256(bytes)), sha512: toHex(await platform.sha512(bytes)) }
}

// ---------------------------------------------------------------------------
// RFC 8785 canonical JSON, RFC 9162 Merkle proofs, C2SP signed notes.

function canonical(v) {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('a number is not finite')
    return JSON.stringify(v)
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(',')}}`
}

/** Parses bytes that must be RFC 8785 canonical JSON (UTF-8, sorted keys, no spaces, shortest numbers). */
export function parseCanonical(bytes) {
  let text
  try {
    text = utf8.decode(bytes)
  } catch {
    throw new Error('canonical JSON: not UTF-8')
  }
  let value
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new Error(`not JSON: ${err.message}`)
  }
  if (canonical(value) !== text) throw new Error('canonical JSON: the bytes are not RFC 8785 canonical')
  return value
}

const leafHash = async (P, data) => await P.sha256(concat(Uint8Array.of(0), data))
const nodeHash = async (P, l, r) => await P.sha256(concat(Uint8Array.of(1), l, r))

async function inclusionProblem(P, leaf, index, size, proof, root) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size < 1) return `bad index ${index} or size ${size}`
  if (index >= size) return `index ${index} is not below tree size ${size}`
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return `proof is too long (${proof.length} hashes)`
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(P, p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else r = await nodeHash(P, r, p)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return `proof is too short (${proof.length} hashes)`
  return equal(r, root) ? null : `proof leads to root ${toHex(r)}, not ${toHex(root)}`
}

async function consistencyProblem(P, from, to, proof, rootFrom, rootTo) {
  if (from > to) return `first size ${from} is larger than second size ${to}`
  if (from === to) return proof.length === 0 && equal(rootFrom, rootTo) ? null : `trees of equal size ${from} differ`
  if (from === 0) return proof.length === 0 ? null : 'proof from the empty tree must be empty'
  if (proof.length === 0) return 'proof is empty but the sizes differ'
  const path = (from & (from - 1)) === 0 ? [rootFrom, ...proof] : [...proof]
  let fn = from - 1
  let sn = to - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]
  let sr = path[0]
  for (let i = 1; i < path.length; i++) {
    const c = path[i]
    if (sn === 0) return `proof is too long: ${proof.length} hashes for sizes ${from} -> ${to}`
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(P, c, fr)
      sr = await nodeHash(P, c, sr)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else sr = await nodeHash(P, sr, c)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return `proof is too short: ${proof.length} hashes do not reach the root of a tree of size ${to}`
  if (!equal(fr, rootFrom)) return `proof yields first root ${toHex(fr)}, expected ${toHex(rootFrom)}`
  if (!equal(sr, rootTo)) return `proof yields second root ${toHex(sr)}, expected ${toHex(rootTo)}`
  return null
}

const isKeyName = (n) => n.length > 0 && !/[\s\u0085+\u0000-\u001f\u007f]/u.test(n) && !/[\uD800-\uDFFF]/u.test(n)

/** A note verifier key `name+keyid+base64(0x01 || 32-byte Ed25519 key)`, its key id checked. */
export async function parseVerifierKey(P, text) {
  const first = text.indexOf('+')
  const second = first < 0 ? -1 : text.indexOf('+', first + 1)
  if (second < 0) throw new Error('verifier key must look like name+keyid+base64')
  const name = text.slice(0, first)
  const idHex = text.slice(first + 1, second)
  if (!isKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`)
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error('verifier key: key id must be 8 lowercase hex digits')
  const raw = fromBase64(text.slice(second + 1))
  if (raw === undefined || raw.length !== 33 || raw[0] !== 1)
    throw new Error('verifier key: key material must be base64 of 0x01 and 32 bytes')
  const id = (await P.sha256(concat(enc.encode(`${name}\n`), raw))).subarray(0, 4)
  if (toHex(id) !== idHex) throw new Error(`verifier key: key id ${idHex} does not match name ${JSON.stringify(name)} and public key`)
  return { name, keyId: id, publicKey: raw.subarray(1), text: `${name}+${idHex}+${toBase64(raw)}` }
}

/** Checks a signed checkpoint note by `key` and parses its body (origin, size, root). Throws with the reason. */
async function openCheckpoint(P, note, key) {
  if (/[\uD800-\uDFFF]/u.test(note) || /[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new Error('note contains a control character')
  const split = note.lastIndexOf('\n\n')
  if (split < 0) throw new Error('note has no blank line before its signatures')
  const body = note.slice(0, split + 1)
  const block = note.slice(split + 2)
  if (block.length === 0 || !block.endsWith('\n')) throw new Error('note signature block must be non-empty and end with a newline')
  let mine = 0
  for (const [n, line] of block.slice(0, -1).split('\n').entries()) {
    if (!line.startsWith('\u2014 ')) throw new Error(`signature line ${n + 1} must start with an em dash and a space`)
    const rest = line.slice(2)
    const space = rest.lastIndexOf(' ')
    const name = space < 0 ? '' : rest.slice(0, space)
    const sig = fromBase64(rest.slice(space + 1))
    if (!isKeyName(name) || sig === undefined || sig.length < 5) throw new Error(`signature line ${n + 1} is malformed`)
    if (name !== key.name || !equal(sig.subarray(0, 4), key.keyId)) continue
    mine++
    if (sig.length !== 68 || !(await P.ed25519Verify(key.publicKey, enc.encode(body), sig.subarray(4))))
      throw new Error(`note signature by ${key.name}+${toHex(key.keyId)} does not verify (altered text or forged signature)`)
  }
  if (mine === 0) throw new Error(`note has no signature by ${key.name}+${toHex(key.keyId)}`)
  const [origin, sizeText, rootText] = body.slice(0, -1).split('\n')
  if (origin === undefined || sizeText === undefined || rootText === undefined || origin.length === 0)
    throw new Error('checkpoint: body needs origin, size and root hash lines')
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw new Error(`checkpoint: size line ${JSON.stringify(sizeText)} is not a decimal size`)
  const root = fromBase64(rootText)
  if (root === undefined || root.length !== 32) throw new Error('checkpoint: root hash line is not base64 of 32 bytes')
  return { origin, size: Number(sizeText), root }
}

// ---------------------------------------------------------------------------
// The manifest and ledger entries: their shapes, as server/lib/export/export-manifest.ts and
// server/lib/ledger/ledger-entry.ts require them.

const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v) => typeof v === 'string' && v.length > 0 && !/[\u0000-\u001f\u007f]/.test(v)
const isCount = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isTime = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && new Date(v).toISOString() === v

function members(o, where, required, optional, out) {
  for (const k of required) if (!(k in o)) out.push(`${where}.${k} is missing`)
  for (const k of Object.keys(o))
    if (!required.includes(k) && !optional.includes(k)) out.push(`${where} has unexpected member ${JSON.stringify(k)}`)
}

function proofShape(v, where, out) {
  if (!isObj(v)) return out.push(`${where} must be an object`)
  members(v, where, ['index', 'leafHash', 'canonical', 'proof'], [], out)
  if (!isCount(v.index)) out.push(`${where}.index must be a non-negative integer`)
  if (typeof v.leafHash !== 'string' || !HEX64.test(v.leafHash)) out.push(`${where}.leafHash must be 64 lowercase hex digits`)
  if (typeof v.canonical !== 'string' || v.canonical.length === 0 || !BASE64.test(v.canonical))
    out.push(`${where}.canonical must be padded base64`)
  if (!Array.isArray(v.proof) || !v.proof.every((h) => typeof h === 'string' && HEX64.test(h)))
    out.push(`${where}.proof must be an array of 64-hex-digit hashes`)
}

function isSafePath(p) {
  if (p.length === 0 || p.length > 1024 || p.startsWith('/') || p.includes('\\') || /[\u0000-\u001f\u007f]/.test(p)) return false
  return p.split('/').every((s) => s.length > 0 && s !== '.' && s !== '..')
}

function manifestProblems(m) {
  const out = []
  if (!isObj(m)) return ['manifest must be a JSON object']
  members(m, 'manifest', ['format', 'case', 'generatedAt', 'generator', 'checkpoint', 'verifierKey', 'incidents', 'exhibits'], [], out)
  if (m.format !== 'sanad-manifest/1') out.push('format must be "sanad-manifest/1"')
  if (!isObj(m.case)) out.push('case must be an object')
  else {
    // `revision`: the case revision the export was built from (absent before cases had revisions).
    members(m.case, 'case', ['id', 'reference', 'title', 'recipient', 'profile'], ['revision'], out)
    for (const k of ['id', 'reference', 'title']) if (!isText(m.case[k])) out.push(`case.${k} must be non-empty text`)
    if ('revision' in m.case && !(Number.isSafeInteger(m.case.revision) && m.case.revision >= 1))
      out.push('case.revision must be a positive integer')
    if (!['icc-otp', 'un-iima', 'national', 'public'].includes(m.case.recipient)) out.push('case.recipient is not a known recipient')
    if (!['full', 'restricted', 'public'].includes(m.case.profile)) out.push('case.profile is not a known profile')
  }
  if (!isTime(m.generatedAt)) out.push('generatedAt must be RFC 3339 UTC with milliseconds')
  if (!isObj(m.generator) || !isText(m.generator.name) || !isText(m.generator.version) || Object.keys(m.generator).length !== 2)
    out.push('generator must be {name, version}')
  if (!isObj(m.checkpoint)) out.push('checkpoint must be an object')
  else {
    members(m.checkpoint, 'checkpoint', ['note', 'size', 'rootHash'], [], out)
    if (typeof m.checkpoint.note !== 'string' || m.checkpoint.note.length === 0)
      out.push('checkpoint.note must be the signed checkpoint text')
    if (!isCount(m.checkpoint.size)) out.push('checkpoint.size must be a non-negative integer')
    if (typeof m.checkpoint.rootHash !== 'string' || !HEX64.test(m.checkpoint.rootHash))
      out.push('checkpoint.rootHash must be 64 lowercase hex digits')
  }
  if (typeof m.verifierKey !== 'string') out.push('verifierKey must be a note verifier key')
  const numbers = new Set()
  const paths = new Set()
  if (!Array.isArray(m.exhibits)) out.push('exhibits must be an array')
  else
    m.exhibits.forEach((e, i) => {
      const where = `exhibits[${i}]`
      if (!isObj(e)) return out.push(`${where} must be an object`)
      members(
        e,
        where,
        ['number', 'evidenceId', 'name', 'mediaType', 'size', 'sha256', 'sha512', 'variant', 'file', 'ingest'],
        ['derivation', 'attachedToPdf'],
        out
      )
      if ('attachedToPdf' in e && typeof e.attachedToPdf !== 'boolean') out.push(`${where}.attachedToPdf must be true or false`)
      for (const k of ['number', 'evidenceId', 'name', 'mediaType']) if (!isText(e[k])) out.push(`${where}.${k} must be non-empty text`)
      if (numbers.has(e.number)) out.push(`${where}.number ${JSON.stringify(e.number)} is used twice`)
      numbers.add(e.number)
      if (!isCount(e.size)) out.push(`${where}.size must be a non-negative integer`)
      if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) out.push(`${where}.sha256 must be 64 lowercase hex digits`)
      if (typeof e.sha512 !== 'string' || !HEX128.test(e.sha512)) out.push(`${where}.sha512 must be 128 lowercase hex digits`)
      if (e.variant !== 'original' && e.variant !== 'shared') out.push(`${where}.variant must be 'original' or 'shared'`)
      const f = e.file
      if (!isObj(f)) out.push(`${where}.file must be an object`)
      else {
        members(f, `${where}.file`, ['path', 'sha256', 'sha512', 'size'], [], out)
        if (typeof f.path !== 'string' || !isSafePath(f.path)) out.push(`${where}.file.path must be a safe relative path`)
        else if (paths.has(f.path)) out.push(`${where}.file.path ${JSON.stringify(f.path)} is used twice`)
        else paths.add(f.path)
        if (typeof f.sha256 !== 'string' || !HEX64.test(f.sha256)) out.push(`${where}.file.sha256 must be 64 lowercase hex digits`)
        if (typeof f.sha512 !== 'string' || !HEX128.test(f.sha512)) out.push(`${where}.file.sha512 must be 128 lowercase hex digits`)
        if (!isCount(f.size)) out.push(`${where}.file.size must be a non-negative integer`)
        if (e.variant === 'original' && (f.sha256 !== e.sha256 || f.sha512 !== e.sha512 || f.size !== e.size))
          out.push(`${where}: an original's file must have the original's size and hashes`)
      }
      proofShape(e.ingest, `${where}.ingest`, out)
      if ('derivation' in e) {
        if (e.variant !== 'shared') out.push(`${where}.derivation is only for shared copies`)
        proofShape(e.derivation, `${where}.derivation`, out)
      }
    })
  if (!Array.isArray(m.incidents)) out.push('incidents must be an array')
  else
    m.incidents.forEach((inc, i) => {
      const where = `incidents[${i}]`
      if (!isObj(inc)) return out.push(`${where} must be an object`)
      members(inc, where, ['id', 'revision', 'title', 'exhibits'], [], out)
      if (!isText(inc.id)) out.push(`${where}.id must be non-empty text`)
      if (!isCount(inc.revision)) out.push(`${where}.revision must be a non-negative integer`)
      if (typeof inc.title !== 'string') out.push(`${where}.title must be text`)
      if (!Array.isArray(inc.exhibits) || !inc.exhibits.every((n) => typeof n === 'string'))
        out.push(`${where}.exhibits must be an array of exhibit numbers`)
      else for (const n of inc.exhibits) if (!numbers.has(n)) out.push(`${where} refers to unknown exhibit ${JSON.stringify(n)}`)
    })
  return out
}

const shortText = (v) => typeof v === 'string' && v.length > 0 && v.length <= 256 && !/[\u0000-\u001f\u007f]/.test(v)

/** A canonical ledger entry. The entry type is checked as a kebab-case word, not against Sanad's current list. */
function parseEntry(bytes) {
  const v = parseCanonical(bytes)
  const out = []
  if (!isObj(v)) throw new Error('entry must be a JSON object')
  members(v, 'entry', ['actor', 'details', 'index', 'prevHash', 'subject', 'time', 'type', 'v'], [], out)
  if (v.v !== 1) out.push('v must be 1')
  if (!isCount(v.index)) out.push('index must be a non-negative safe integer')
  if (!isTime(v.time)) out.push('time must be RFC 3339 UTC with milliseconds')
  if (typeof v.type !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(v.type)) out.push('type must be a kebab-case word')
  if (!shortText(v.actor)) out.push('actor must be short text')
  const s = v.subject
  if (!isObj(s)) out.push('subject must be an object')
  else {
    members(s, 'subject', ['kind', 'id'], ['sha256'], out)
    if (typeof s.kind !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s.kind)) out.push('subject.kind must be a kebab-case word')
    if (!shortText(s.id)) out.push('subject.id must be short text')
    if ('sha256' in s && (typeof s.sha256 !== 'string' || !HEX64.test(s.sha256))) out.push('subject.sha256 must be 64 lowercase hex digits')
  }
  if (!isObj(v.details)) out.push('details must be a JSON object')
  if (typeof v.prevHash !== 'string' || !HEX64.test(v.prevHash)) out.push('prevHash must be 64 lowercase hex digits')
  if (out.length > 0) throw new Error(`ledger entry: ${out.join('; ')}`)
  return v
}

// ---------------------------------------------------------------------------
// The report.

function newReport() {
  const report = { ok: false, verified: [], notes: [], problems: [], exhibitFiles: { listed: 0, present: 0 } }
  report.problem = (code, message) => report.problems.push({ code, message })
  return report
}

/**
 * Verifies a Sanad evidence package. `options.key` is the issuer's published verifier key; without
 * it the key the package names is used and the report says so (integrity, not who issued it).
 * Never throws on a bad package: every problem found is in `problems`.
 */
export async function verifyPackage(platform, options = {}) {
  const r = newReport()
  try {
    await checkPackage(platform, options, r)
  } catch (err) {
    if (err instanceof ZipRefused) {
      r.problems.length = 0
      r.problem(CODES.unsafe, err.message)
    } else r.problem(CODES.bag, `not a readable package: ${err instanceof Error ? err.message : String(err)}`)
  }
  r.ok = r.problems.length === 0
  delete r.problem
  return r
}

async function checkPackage(P, options, r) {
  const entries = await readEntries(P)
  // --- The bag (RFC 8493).
  const tops = new Set(entries.map((e) => e.name.split('/')[0]))
  const bagProblem = (m) => r.problem(CODES.bag, `BagIt: ${m}`)
  if (tops.size !== 1 || entries.some((e) => !e.name.includes('/')))
    bagProblem(`the ZIP must hold one top-level directory (the bag); it holds ${[...tops].map((n) => JSON.stringify(n)).join(', ')}`)
  const bagName = [...tops][0] ?? ''
  const files = new Map()
  for (const e of entries) {
    if (e.isDirectory) continue
    const rel = e.name.slice(e.name.indexOf('/') + 1)
    if (files.has(rel)) bagProblem(`${rel} appears twice in the ZIP`)
    files.set(rel, e)
  }
  const text = async (rel) => {
    const e = files.get(rel)
    if (e === undefined) return null
    try {
      return utf8.decode(await readEntry(P, e)).replace(/^\uFEFF/, '')
    } catch (err) {
      if (err instanceof ZipRefused) throw err
      bagProblem(`${rel} is not valid UTF-8`)
      return null
    }
  }
  const bagit = await text('bagit.txt')
  if (bagit === null) bagProblem('bagit.txt is missing')
  else {
    const lines = bagit.split(/\r\n|\n|\r/).filter((l) => l.length > 0)
    if (lines.length !== 2 || !/^BagIt-Version: \d+\.\d+$/.test(lines[0]) || !/^Tag-File-Character-Encoding: UTF-8$/i.test(lines[1]))
      bagProblem('bagit.txt must hold exactly "BagIt-Version: M.N" and "Tag-File-Character-Encoding: UTF-8"')
  }
  if (files.has('fetch.txt')) bagProblem('fetch.txt is present: the bag is not complete (remote files are not supported)')
  const payloadManifests = []
  const tagManifests = []
  for (const rel of [...files.keys()].sort()) {
    const m = /^(tag)?manifest-([a-z0-9]+)\.txt$/.exec(rel)
    if (m === null) continue
    const t = await text(rel)
    if (t === null) continue
    const listed = new Map()
    for (const line of t.split(/\r\n|\n|\r/)) {
      if (line.length === 0) continue
      const l = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(line)
      if (l === null) {
        bagProblem(`${rel}: line ${JSON.stringify(line)} is not "<checksum> <path>"`)
        continue
      }
      const path = l[2].replace(/^\*/, '').replace(/%(0[DdAa]|25)/g, (x) => ({ '%0D': '\r', '%0A': '\n', '%25': '%' })[x.toUpperCase()])
      listed.set(path, l[1].toLowerCase())
    }
    if (m[2] !== 'sha256' && m[2] !== 'sha512') bagProblem(`${m[2]} manifests cannot be checked here: only sha256 and sha512`)
    else (m[1] === 'tag' ? tagManifests : payloadManifests).push({ rel, alg: m[2], listed })
  }
  const payload = [...files.keys()].filter((p) => p.startsWith('data/')).sort()
  if (payloadManifests.length === 0) bagProblem('no payload manifest (manifest-<algorithm>.txt)')
  for (const m of payloadManifests) {
    for (const path of m.listed.keys()) {
      if (!path.startsWith('data/')) bagProblem(`${m.rel} lists ${path}, which is not in data/`)
      else if (!files.has(path)) bagProblem(`missing file: ${path} is listed in ${m.rel} but not in the bag`)
    }
    for (const path of payload) if (!m.listed.has(path)) bagProblem(`extra file: ${path} is in the bag but not listed in ${m.rel}`)
  }
  // Every payload file is hashed once; the manifest checks below use the same digests.
  const digests = new Map()
  let payloadBytes = 0
  for (const path of payload) {
    const d = await hashEntry(P, files.get(path))
    digests.set(path, d)
    payloadBytes += d.size
    for (const m of payloadManifests) {
      const want = m.listed.get(path)
      if (want !== undefined && want !== d[m.alg])
        bagProblem(`checksum mismatch: ${path} has ${m.alg} ${d[m.alg]}, ${m.rel} records ${want}`)
    }
  }
  for (const m of tagManifests) {
    for (const [path, want] of m.listed) {
      const e = files.get(path)
      if (path.startsWith('data/')) bagProblem(`${m.rel} lists payload file ${path}`)
      else if (e === undefined) bagProblem(`missing tag file: ${path} is listed in ${m.rel} but not in the bag`)
      else {
        const d = await hashEntry(P, e)
        if (d[m.alg] !== want) bagProblem(`checksum mismatch: tag file ${path} has ${m.alg} ${d[m.alg]}, ${m.rel} records ${want}`)
      }
    }
  }
  const info = (await text('bag-info.txt')) ?? ''
  const oxum = /^Payload-Oxum:[ \t]*(.*)$/im.exec(info)
  if (oxum !== null && oxum[1].trim() !== `${payloadBytes}.${payload.length}`)
    bagProblem(`bag-info.txt: Payload-Oxum is ${oxum[1].trim()} but the payload holds ${payloadBytes}.${payload.length}`)
  if (!r.problems.some((p) => p.code === CODES.bag))
    r.verified.push(
      `The BagIt bag "${bagName}" is complete and valid (RFC 8493): ${payload.length} payload files (${payloadBytes} bytes) match their ${payloadManifests.map((m) => m.alg).join(' and ')} checksums, and the tag manifests match.`
    )

  // --- The signed manifest.
  const part = async (name) => {
    const e = files.get(`data/${name}`)
    return e === undefined ? null : await readEntry(P, e)
  }
  const manifestBytes = await part('manifest.json')
  const signatureBytes = await part('manifest.sig')
  if (manifestBytes === null || signatureBytes === null) {
    r.problem(CODES.missing, `the package has no data/${manifestBytes === null ? 'manifest.json' : 'manifest.sig'}`)
    return
  }
  let manifest
  try {
    manifest = parseCanonical(manifestBytes)
  } catch (err) {
    r.problem(CODES.malformed, err.message)
    return
  }
  const shape = manifestProblems(manifest)
  if (shape.length > 0 && !isObj(manifest)) {
    r.problem(CODES.malformed, 'data/manifest.json is not a Sanad manifest')
    return
  }
  let key
  const keyText = options.key === undefined ? manifest.verifierKey : options.key.trim()
  try {
    key = await parseVerifierKey(P, typeof keyText === 'string' ? keyText : '')
  } catch (err) {
    r.problem(options.key === undefined ? CODES.malformed : CODES.keyMismatch, `the verifier key is not usable: ${err.message}`)
    return
  }
  if (options.key === undefined)
    r.notes.push(
      `no key given: checked against the key the package itself names (${key.text}). This shows the package is intact and consistent; to show who issued it, compare that key with the one the issuing organisation publishes (or pass it with --key).`
    )
  const keyName = `${key.name}+${toHex(key.keyId)}`
  const sigText = utf8.decode(signatureBytes).trim()
  const sig = fromBase64(sigText)
  const message = concat(enc.encode('sanad-manifest-v1\n'), manifestBytes)
  const signed = sig !== undefined && sig.length === 64 && (await P.ed25519Verify(key.publicKey, message, sig))
  if (!signed)
    r.problem(CODES.signature, `the manifest signature does not verify with ${keyName} (altered manifest, wrong key or forged signature)`)
  for (const m of shape) r.problem(CODES.malformed, m)
  if (shape.length > 0) return
  if (signed) {
    if (manifest.verifierKey !== key.text)
      r.problem(CODES.keyMismatch, `the manifest names key ${manifest.verifierKey}, not the trusted key ${key.text}`)
    else
      r.verified.push(
        `The manifest is signed by ${keyName} (Ed25519 over "sanad-manifest-v1" and its canonical JSON bytes): it is exactly as the ledger's key holder issued it.`
      )
  }

  // --- The checkpoint.
  let checkpoint = null
  try {
    const cp = await openCheckpoint(P, manifest.checkpoint.note, key)
    if (cp.size !== manifest.checkpoint.size || toHex(cp.root) !== manifest.checkpoint.rootHash)
      r.problem(
        CODES.checkpoint,
        `the checkpoint note says size ${cp.size} and root ${toHex(cp.root)}, the manifest says size ${manifest.checkpoint.size} and root ${manifest.checkpoint.rootHash}`
      )
    else {
      checkpoint = cp
      r.verified.push(
        `The ledger checkpoint (origin ${cp.origin}, ${plural(cp.size, 'entry', 'entries')}, root ${toHex(cp.root)}) is signed by ${keyName}.`
      )
    }
  } catch (err) {
    r.problem(CODES.checkpoint, `the checkpoint does not verify: ${err.message}`)
  }

  // --- Every exhibit: its file, its ingest entry, a shared copy's derivation.
  const openProof = async (p, what) => {
    const bytes = fromBase64(p.canonical)
    const leaf = await leafHash(P, bytes)
    if (toHex(leaf) !== p.leafHash) {
      r.problem(CODES.ledgerEntry, `${what}: leaf hash of ledger entry ${p.index} is ${toHex(leaf)}, the manifest records ${p.leafHash}`)
      return null
    }
    let entry
    try {
      entry = parseEntry(bytes)
    } catch (err) {
      r.problem(CODES.ledgerEntry, `${what}: ledger entry ${p.index} is not a canonical ledger entry (${err.message})`)
      return null
    }
    if (entry.index !== p.index) {
      r.problem(CODES.ledgerEntry, `${what}: the entry's own index is ${entry.index}, the manifest says ${p.index}`)
      return null
    }
    const why = await inclusionProblem(P, leaf, p.index, checkpoint.size, p.proof.map(fromHex), checkpoint.root)
    if (why !== null) {
      r.problem(
        CODES.inclusion,
        `${what}: ledger entry ${p.index} is not proven to be in the checkpoint's tree of size ${checkpoint.size}: ${why}`
      )
      return null
    }
    return entry
  }
  let filesOk = 0
  let proofsOk = 0
  for (const e of manifest.exhibits) {
    const label = `exhibit ${e.number} (${e.name})`
    const d = digests.get(`data/${e.file.path}`)
    if (d === undefined) r.problem(CODES.missing, `${label}: file ${e.file.path} is missing from the export`)
    else {
      const wrong = []
      if (d.size !== e.file.size) wrong.push(`size is ${d.size} bytes, expected ${e.file.size}`)
      if (d.sha256 !== e.file.sha256) wrong.push(`SHA-256 is ${d.sha256}, expected ${e.file.sha256}`)
      if (d.sha512 !== e.file.sha512) wrong.push(`SHA-512 is ${short(d.sha512)}, expected ${short(e.file.sha512)}`)
      if (wrong.length > 0) r.problem(CODES.altered, `${label}: file ${e.file.path} was altered: ${wrong.join('; ')}`)
      else {
        filesOk++
        r.verified.push(`${label}: ${e.file.path} has the recorded size (${e.file.size} bytes), SHA-256 ${e.file.sha256} and SHA-512.`)
      }
    }
    if (checkpoint === null) continue
    const ingest = await openProof(e.ingest, label)
    if (ingest !== null) {
      const wrong = []
      if (ingest.type !== 'ingested') wrong.push(`it is a ${JSON.stringify(ingest.type)} entry, not "ingested"`)
      if (ingest.subject.kind !== 'evidence' || ingest.subject.id !== e.evidenceId)
        wrong.push(`its subject is ${ingest.subject.kind} ${ingest.subject.id}, not evidence ${e.evidenceId}`)
      if (ingest.subject.sha256 !== e.sha256)
        wrong.push(`it records SHA-256 ${ingest.subject.sha256 ?? '(none)'}, the exhibit has ${e.sha256}`)
      if (!('sha512' in ingest.details)) wrong.push('it records no SHA-512')
      else if (ingest.details.sha512 !== e.sha512)
        wrong.push(`it records SHA-512 ${short(String(ingest.details.sha512))}, the exhibit has ${short(e.sha512)}`)
      if (!('size' in ingest.details)) wrong.push('it records no size')
      else if (ingest.details.size !== e.size) wrong.push(`it records size ${String(ingest.details.size)}, the exhibit has ${e.size}`)
      if (wrong.length > 0) r.problem(CODES.ledgerEntry, `${label}: ledger entry ${e.ingest.index} does not match: ${wrong.join('; ')}`)
      else {
        proofsOk++
        r.verified.push(
          `${label}: ledger entry ${e.ingest.index} records its ingestion at ${ingest.time} with the same SHA-256, SHA-512 and size, and is included in the signed checkpoint.`
        )
      }
    }
    if (e.variant === 'shared') {
      if (e.derivation === undefined) {
        r.notes.push(`${label}: the package carries the shared copy (metadata removed); no ledger entry links it to the original.`)
        continue
      }
      const der = await openProof(e.derivation, `${label} (shared copy)`)
      if (der === null) continue
      const dd = der.details
      const wrong = []
      if (der.type !== 'derived-copy-made') wrong.push(`it is a ${JSON.stringify(der.type)} entry, not "derived-copy-made"`)
      if (der.subject.id !== e.evidenceId || der.subject.sha256 !== e.sha256) wrong.push("it is not about this exhibit's original")
      if (dd.copySha256 !== e.file.sha256) wrong.push(`it records copy SHA-256 ${String(dd.copySha256)}, the file has ${e.file.sha256}`)
      if ('copySize' in dd && dd.copySize !== e.file.size)
        wrong.push(`it records copy size ${String(dd.copySize)}, the file has ${e.file.size}`)
      if (wrong.length > 0)
        r.problem(CODES.ledgerEntry, `${label}: ledger entry ${e.derivation.index} does not link the shared copy: ${wrong.join('; ')}`)
      else
        r.verified.push(
          `${label}: ledger entry ${e.derivation.index} records that the shared copy ${short(e.file.sha256)} was derived from the original, and is included in the signed checkpoint.`
        )
    }
  }
  const n = manifest.exhibits.length
  r.verified.push(
    `${filesOk} of ${plural(n, 'exhibit file')} match their recorded hashes; ${proofsOk} of ${plural(n, 'ingest entry', 'ingest entries')} are proven in the checkpoint.`
  )
  r.exhibitFiles = { listed: n, present: manifest.exhibits.filter((e) => files.has(`data/${e.file.path}`)).length }

  // --- Nothing under data/ the manifest does not account for.
  const listed = new Set(manifest.exhibits.map((e) => `data/${e.file.path}`))
  for (const name of files.keys())
    if (name.startsWith('data/') && !PACKAGE_FILES.includes(name.slice(5)) && !listed.has(name))
      r.problem(CODES.unlisted, `${name} is not listed in the signed manifest: it was not part of the export as issued`)

  const cpText = await part('checkpoint.txt')
  if (cpText === null) r.problem(CODES.checkpoint, 'data/checkpoint.txt is missing')
  else if (new TextDecoder().decode(cpText) !== manifest.checkpoint.note)
    r.problem(CODES.checkpoint, 'data/checkpoint.txt differs from the checkpoint in the signed manifest')

  await checkCustody(P, await part('custody.json'), manifest, checkpoint, r)
  await checkTimestamp(P, await part('checkpoint.tsr'), manifest.checkpoint.note, r)

  // --- The PDF: its bytes are those the bag lists; with its receipt, those the ledger recorded.
  const pdf = digests.get('data/dossier.pdf')
  if (pdf === undefined) r.problem(CODES.missing, 'data/dossier.pdf is missing')
  else r.verified.push(`data/dossier.pdf (SHA-256 ${pdf.sha256}, ${pdf.size} bytes) has the hashes the bag's manifests record.`)
  const receipt = await part('dossier.receipt.json')
  if (receipt !== null && pdf !== undefined) {
    const rr = await verifyReceipt(P, receipt, {
      file: { kind: 'pdf', sha256: pdf.sha256, size: pdf.size },
      key,
      manifestSha256: toHex(await P.sha256(manifestBytes)),
      anchor: { size: manifest.checkpoint.size, rootHash: manifest.checkpoint.rootHash }
    })
    for (const v of rr.verified) r.verified.push(`dossier.receipt.json: ${v}`)
    for (const p of rr.problems) r.problem(p.code, `dossier.receipt.json: ${p.message}`)
  } else if (pdf !== undefined)
    r.notes.push(
      "the package carries no receipt of the PDF (dossier.receipt.json): the signed package statement covers the PDF's bytes; the receipt would also show the ledger recorded them."
    )

  // --- The signed package statement: every file under data/, the PDF, README and exhibits.csv included.
  const files256 = new Map()
  for (const [path, d] of digests) files256.set(path.slice(5), d)
  await checkStatement(
    P,
    await part('package-statement.json'),
    await part('package-statement.sig'),
    key,
    files256,
    toHex(await P.sha256(manifestBytes)),
    r
  )
}

const STATEMENT = 'package-statement.json'
const STATEMENT_SIG = 'package-statement.sig'

async function checkStatement(P, bytes, sigBytes, key, files, manifestSha256, r) {
  if (bytes === null || sigBytes === null) {
    r.problem(
      CODES.missing,
      `data/${bytes === null ? STATEMENT : STATEMENT_SIG} is missing: the package's files are not covered by a signed statement`
    )
    return
  }
  let st
  try {
    st = parseCanonical(bytes)
  } catch (err) {
    r.problem(CODES.malformed, `data/${STATEMENT} is not canonical JSON: ${err.message}`)
    return
  }
  const keyName = `${key.name}+${toHex(key.keyId)}`
  let sigText
  try {
    sigText = utf8.decode(sigBytes).trim()
  } catch {
    sigText = ''
  }
  const sig = fromBase64(sigText)
  const message = concat(enc.encode('sanad-package-statement-v1\n'), bytes)
  if (sig === undefined || sig.length !== 64 || !(await P.ed25519Verify(key.publicKey, message, sig))) {
    r.problem(
      CODES.signature,
      `data/${STATEMENT}: the package statement's signature does not verify with ${keyName} (altered statement, wrong key or forged signature)`
    )
    return
  }
  const shape = []
  if (!isObj(st)) shape.push('the statement must be a JSON object')
  else {
    if (st.format !== 'sanad-package-statement/1') shape.push('format must be "sanad-package-statement/1"')
    if (!isObj(st.case) || typeof st.case.reference !== 'string' || !Number.isSafeInteger(st.case.revision))
      shape.push('case must be {id, reference, revision}')
    if (!Array.isArray(st.files)) shape.push('files must be an array')
    else
      st.files.forEach((f, i) => {
        if (!isObj(f) || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || !HEX64.test(f.sha256) || !isCount(f.size))
          shape.push(`files[${i}] must be {path, sha256, size}`)
      })
  }
  if (shape.length > 0) {
    r.problem(CODES.malformed, `data/${STATEMENT}: ${shape.join('; ')}`)
    return
  }
  const before = r.problems.length
  if (st.verifierKey !== key.text)
    r.problem(CODES.signature, `data/${STATEMENT} names key ${st.verifierKey}, not the trusted key ${key.text}`)
  if (st.manifestSha256 !== manifestSha256)
    r.problem(CODES.altered, `data/manifest.json has SHA-256 ${manifestSha256}, the package statement records ${st.manifestSha256}`)
  const listed = new Set()
  for (const f of st.files) {
    listed.add(f.path)
    const d = files.get(f.path)
    if (d === undefined) r.problem(CODES.missing, `data/${f.path} is listed in the package statement but missing`)
    else if (d.sha256 !== f.sha256 || d.size !== f.size)
      r.problem(
        CODES.altered,
        `data/${f.path} was changed after the package statement was signed: SHA-256 ${d.sha256} (${d.size} bytes), the statement records ${f.sha256} (${f.size} bytes)`
      )
  }
  for (const path of [...files.keys()].sort())
    if (path !== STATEMENT && path !== STATEMENT_SIG && !listed.has(path))
      r.problem(CODES.unlisted, `data/${path} is not in the package statement: it was added after the package was signed`)
  if (r.problems.length === before)
    r.verified.push(
      `The package statement is signed by ${keyName} (Ed25519 over "sanad-package-statement-v1" and its canonical JSON) for dossier ${st.dossierId} of case ${st.case.reference} revision ${st.case.revision}, issued ${st.generatedAt}: all ${st.files.length} files under data/ are exactly those it lists, with their SHA-256 and sizes.`
    )
}

async function checkCustody(P, bytes, manifest, checkpoint, r) {
  if (bytes === null) {
    r.problem(CODES.custody, 'custody.json is missing')
    return
  }
  let custody
  try {
    custody = JSON.parse(utf8.decode(bytes))
  } catch (err) {
    r.problem(CODES.custody, `custody.json is not JSON: ${err.message}`)
    return
  }
  if (!isObj(custody) || custody.format !== 'sanad-custody/1' || !Array.isArray(custody.exhibits)) {
    r.problem(CODES.custody, 'custody.json is not a Sanad custody file')
    return
  }
  if (
    !isObj(custody.checkpoint) ||
    custody.checkpoint.size !== manifest.checkpoint.size ||
    custody.checkpoint.rootHash !== manifest.checkpoint.rootHash
  ) {
    r.problem(CODES.custody, 'custody.json refers to another checkpoint than the signed manifest')
    return
  }
  if (checkpoint === null) {
    r.notes.push('custody.json was not checked: the checkpoint it refers to did not verify.')
    return
  }
  const inManifest = new Map(manifest.exhibits.map((e) => [e.number, e]))
  const inCustody = new Set(custody.exhibits.map((x) => x?.number))
  let entries = 0
  let hashOnly = 0
  let bad = 0
  const withheld = []
  for (const e of manifest.exhibits)
    if (!inCustody.has(e.number)) {
      r.problem(CODES.custody, `custody.json has no custody entries for exhibit ${e.number}, which the signed manifest lists`)
      bad++
    }
  for (const x of custody.exhibits) {
    if (!isObj(x) || !Array.isArray(x.entries ?? [])) {
      r.problem(CODES.custody, 'custody.json has an exhibit that is not an object with entries')
      bad++
      continue
    }
    const m = inManifest.get(x.number)
    if (m !== undefined && (m.evidenceId !== x.evidenceId || m.sha256 !== x.sha256)) {
      r.problem(CODES.custody, `custody.json describes exhibit ${x.number} differently from the signed manifest`)
      bad++
      continue
    }
    if (m === undefined && x.carried !== 'withheld') {
      r.problem(CODES.custody, `custody.json lists exhibit ${x.number} as carried, but the signed manifest does not`)
      bad++
      continue
    }
    let ingestMatches = false
    for (const p of x.entries ?? []) {
      const proof = Array.isArray(p?.proof) && p.proof.every((h) => typeof h === 'string' && HEX64.test(h)) ? p.proof.map(fromHex) : null
      if (proof === null) {
        r.problem(CODES.inclusion, `custody entry ${p?.index} of exhibit ${x.number}: its proof is not a list of 64-hex-digit hashes`)
        bad++
        continue
      }
      if (p.canonical === undefined) {
        const why =
          typeof p.leafHash !== 'string' || !HEX64.test(p.leafHash)
            ? 'its leaf hash is not 64 hex digits'
            : await inclusionProblem(P, fromHex(p.leafHash), p.index, checkpoint.size, proof, checkpoint.root)
        if (why !== null) {
          r.problem(CODES.inclusion, `custody entry ${p.index} of exhibit ${x.number}: ${why}`)
          bad++
        } else hashOnly++
        continue
      }
      const bytesOf = typeof p.canonical === 'string' ? fromBase64(p.canonical) : undefined
      const leaf = bytesOf === undefined ? null : await leafHash(P, bytesOf)
      const why =
        leaf === null || toHex(leaf) !== p.leafHash
          ? 'its leaf hash does not match its bytes'
          : await inclusionProblem(P, leaf, p.index, checkpoint.size, proof, checkpoint.root)
      if (why !== null) {
        r.problem(CODES.inclusion, `custody entry ${p.index} of exhibit ${x.number}: ${why}`)
        bad++
        continue
      }
      let entry
      try {
        entry = parseEntry(bytesOf)
      } catch (err) {
        r.problem(CODES.ledgerEntry, `custody entry ${p.index} of exhibit ${x.number} is not a ledger entry: ${err.message}`)
        bad++
        continue
      }
      if (entry.index !== p.index || entry.subject.id !== x.evidenceId) {
        r.problem(CODES.ledgerEntry, `custody entry ${p.index} is not about exhibit ${x.number} (evidence ${x.evidenceId})`)
        bad++
        continue
      }
      if (entry.type === 'ingested' && entry.subject.sha256 === x.sha256 && entry.details.sha512 === x.sha512) ingestMatches = true
      entries++
    }
    if (!ingestMatches) {
      r.problem(CODES.custody, `exhibit ${x.number}: no proven ingest entry records SHA-256 ${x.sha256}`)
      bad++
    } else if (x.carried === 'withheld') withheld.push(x.number)
  }
  if (bad === 0) {
    r.verified.push(
      `custody.json: ${entries} custody entries of ${custody.exhibits.length} exhibits are ledger entries about those exhibits and are proven in the signed checkpoint.`
    )
    if (hashOnly > 0)
      r.verified.push(
        `custody.json: ${hashOnly} more custody entries are given by leaf hash only (their details are not printed); each is proven to be in the signed checkpoint at its index.`
      )
  }
  if (withheld.length > 0)
    r.notes.push(
      `exhibits ${withheld.join(', ')} are not carried under the package's disclosure profile: they are listed by hash only, and their proven ingest entries show the system received files with exactly those hashes.`
    )
}

// --- RFC 3161: the token's message imprint must be SHA-256 of the checkpoint note.

function der(bytes, at) {
  if (at + 2 > bytes.length) throw new Error('truncated DER')
  const tag = bytes[at]
  let len = bytes[at + 1]
  let head = 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4 || at + 2 + n > bytes.length) throw new Error('bad DER length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + bytes[at + 2 + i]
    head += n
  }
  if (at + head + len > bytes.length) throw new Error('truncated DER')
  return { tag, start: at + head, end: at + head + len }
}

function children(bytes, node) {
  const out = []
  for (let at = node.start; at < node.end; ) {
    const c = der(bytes, at)
    out.push(c)
    at = c.end
  }
  return out
}

async function checkTimestamp(P, tsr, note, r) {
  if (tsr === null) {
    r.notes.push("no RFC 3161 timestamp of the checkpoint is included: the date rests on the issuer's clock.")
    return
  }
  try {
    // TimeStampResp { status { status INTEGER }, timeStampToken ContentInfo { signedData [0] { ..., encapContentInfo { eContent [0] OCTET STRING TSTInfo } } } }
    const resp = children(tsr, der(tsr, 0))
    const status = children(tsr, resp[0])[0]
    const granted = status !== undefined && status.end - status.start === 1 && tsr[status.start] <= 1
    if (!granted || resp[1] === undefined) throw new Error('it is not a granted timestamp response')
    const content = children(tsr, children(tsr, resp[1])[1])
    const signedData = children(tsr, content[0])
    const encap = children(tsr, signedData[2])
    const eContent = children(tsr, encap[1])[0]
    const tst = children(tsr, der(tsr, eContent.start))
    const imprint = children(tsr, tst[2])
    const hashed = tsr.subarray(imprint[1].start, imprint[1].end)
    const genTime = new TextDecoder().decode(tsr.subarray(tst[4].start, tst[4].end))
    const expected = await P.sha256(enc.encode(note))
    if (!equal(hashed, expected)) {
      r.problem(CODES.timestamp, 'checkpoint.tsr: the timestamp is not over this checkpoint (its message imprint differs)')
      return
    }
    r.verified.push(
      `checkpoint.tsr: an RFC 3161 timestamp of the signed checkpoint, generated at ${genTime}, has the checkpoint's SHA-256 as its message imprint.`
    )
    r.notes.push(
      "the timestamp authority's signature is not checked by this verifier: run `openssl ts -verify -data checkpoint.txt -in checkpoint.tsr -CAfile TSA-ROOT.pem` or `npm run verify-export`."
    )
  } catch (err) {
    r.problem(CODES.timestamp, `checkpoint.tsr is not a granted RFC 3161 timestamp response: ${err.message}`)
  }
}

// --- The export receipt: the `exported` ledger entry of the dossier, proven in a signed checkpoint.

export async function verifyReceipt(P, bytes, check) {
  const verified = []
  const problems = []
  const bad = (message) => {
    problems.push({ code: CODES.receipt, message })
    return { ok: false, verified, problems }
  }
  let receipt
  try {
    receipt = JSON.parse(utf8.decode(bytes))
  } catch (err) {
    return bad(`not a Sanad export receipt: ${err.message}`)
  }
  const shape = []
  if (!isObj(receipt)) return bad('not a Sanad export receipt: it must be a JSON object')
  if (receipt.format !== 'sanad-export-receipt/1') shape.push('format must be "sanad-export-receipt/1"')
  if (typeof receipt.dossierId !== 'string' || receipt.dossierId.length === 0) shape.push('dossierId must be non-empty text')
  if (typeof receipt.checkpoint !== 'string' || receipt.checkpoint.length === 0) shape.push('checkpoint must be a signed note')
  proofShape(receipt.entry, 'entry', shape)
  const c = receipt.consistency
  if (!isObj(c) || !isCount(c.from) || !Array.isArray(c.proof) || !c.proof.every((h) => typeof h === 'string' && HEX64.test(h)))
    shape.push('consistency must be {from, proof}')
  if (shape.length > 0) return bad(`not a Sanad export receipt: ${shape.join('; ')}`)
  let cp
  try {
    cp = await openCheckpoint(P, receipt.checkpoint, check.key)
  } catch (err) {
    return bad(`the receipt's checkpoint does not verify with the key: ${err.message}`)
  }
  const { index } = receipt.entry
  const canonicalBytes = fromBase64(receipt.entry.canonical)
  const leaf = await leafHash(P, canonicalBytes)
  if (toHex(leaf) !== receipt.entry.leafHash) return bad(`the receipt's entry bytes do not hash to its leaf hash ${receipt.entry.leafHash}`)
  const why = await inclusionProblem(P, leaf, index, cp.size, receipt.entry.proof.map(fromHex), cp.root)
  if (why !== null) return bad(`ledger entry ${index} is not proven in the receipt's checkpoint of ${cp.size} entries: ${why}`)
  let entry
  try {
    entry = parseEntry(canonicalBytes)
  } catch (err) {
    return bad(`ledger entry ${index} is not a canonical ledger entry: ${err.message}`)
  }
  if (entry.index !== index) return bad(`the entry's own index is ${entry.index}, the receipt says ${index}`)
  // A PDF's receipt may also be its `dossier-pdf-issued` entry, written before the package so the package can carry it.
  const pdfIssued = entry.type === 'dossier-pdf-issued' && check.file.kind === 'pdf'
  if ((entry.type !== 'exported' && !pdfIssued) || entry.subject.kind !== 'dossier' || entry.subject.id !== receipt.dossierId)
    return bad(
      `ledger entry ${index} is a ${JSON.stringify(entry.type)} entry about ${entry.subject.kind} ${entry.subject.id}, not the export of dossier ${receipt.dossierId}`
    )
  verified.push(
    `The receipt's ledger entry ${index} records ${pdfIssued ? 'the PDF of' : 'the export of'} dossier ${receipt.dossierId} at ${entry.time} and is included in a checkpoint of ${cp.size} entries signed by the same key.`
  )
  const d = entry.details
  const pdf = check.file.kind === 'pdf'
  const recorded = pdf ? { sha256: entry.subject.sha256, size: d.pdfSize } : { sha256: d.packageSha256, size: d.packageSize }
  const what = pdf ? 'PDF' : 'package'
  const wrong = []
  if (recorded.sha256 !== check.file.sha256)
    wrong.push(`its SHA-256 is ${check.file.sha256}, the ledger records ${String(recorded.sha256)}`)
  if (recorded.size !== check.file.size) wrong.push(`its size is ${check.file.size} bytes, the ledger records ${String(recorded.size)}`)
  if (check.manifestSha256 !== undefined && d.manifestSha256 !== check.manifestSha256)
    wrong.push(`it carries a manifest with SHA-256 ${check.manifestSha256}, the ledger records ${String(d.manifestSha256)}`)
  if (wrong.length > 0) {
    problems.push({
      code: CODES.notAsIssued,
      message: `this ${what} is not the one dossier ${receipt.dossierId} exported: ${wrong.join('; ')}`
    })
    return { ok: false, verified, problems }
  }
  verified.push(
    `This ${what} is byte for byte the one exported (SHA-256 ${check.file.sha256}, ${check.file.size} bytes, as ledger entry ${index} records).`
  )
  if (check.anchor !== undefined) {
    if (c.from !== check.anchor.size)
      return bad(
        `the receipt's consistency proof starts at a tree of ${c.from} entries, but the export is anchored to a checkpoint of ${check.anchor.size}`
      )
    const broken = await consistencyProblem(P, c.from, cp.size, c.proof.map(fromHex), fromHex(check.anchor.rootHash), cp.root)
    if (broken !== null) return bad(`the receipt's checkpoint does not extend the one the export is anchored to: ${broken}`)
    verified.push(
      `The receipt's checkpoint extends the one the export is anchored to (consistency proof from ${c.from} to ${cp.size} entries).`
    )
  }
  return { ok: true, verified, problems }
}
