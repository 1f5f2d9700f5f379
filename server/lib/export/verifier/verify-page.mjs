// The browser shell of the package verifier: WebCrypto (SHA-256, SHA-512, Ed25519) and
// DecompressionStream('deflate-raw'), nothing fetched. scripts/gen-verifier.ts inlines it with
// verify-core.mjs into the single file verify.html that every evidence package carries.
import { verifyPackage } from './verify-core.mjs'

const LABELS = {
  pass: 'pass · تأیید شد · تایید شو',
  fail: 'fail · ناکام شد · ناکام شو',
  note: 'note · یادداشت · یادښت'
}
const SUMMARY = {
  working: 'Checking… · در حال بررسی… · کتل کېږي…',
  ok: 'PASS: every check passed. · تأیید شد: همهٔ بررسی‌ها درست بود. · تایید شو: ټولې کتنې سمې وې.',
  bad: (n) => `FAIL: ${n} problem${n === 1 ? '' : 's'} found; do not rely on this package. · تأیید نشد · تایید نه شو`,
  noEd25519: 'FAIL: this browser cannot check Ed25519 signatures; use a current Chrome, Edge, Firefox or Safari. · تأیید نشد · تایید نه شو'
}

function platformFor(file) {
  const subtle = globalThis.crypto.subtle
  return {
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
    sha256: async (bytes) => new Uint8Array(await subtle.digest('SHA-256', bytes)),
    sha512: async (bytes) => new Uint8Array(await subtle.digest('SHA-512', bytes)),
    ed25519Verify: async (publicKey, message, signature) => {
      const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify'])
      return await subtle.verify({ name: 'Ed25519' }, key, signature, message)
    },
    inflateRaw: async (bytes, max) => {
      const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader()
      const parts = []
      let size = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.length
        if (size > max) {
          await reader.cancel()
          throw new Error(`inflates to more than ${max} bytes`)
        }
        parts.push(value)
      }
      const out = new Uint8Array(size)
      let at = 0
      for (const p of parts) {
        out.set(p, at)
        at += p.length
      }
      return out
    }
  }
}

async function hasEd25519() {
  try {
    await globalThis.crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'Ed25519' }, false, ['verify'])
    return true
  } catch {
    return false
  }
}

const summary = document.getElementById('summary')
const results = document.getElementById('results')

function row(status, text) {
  const li = document.createElement('li')
  li.className = status
  li.dataset.status = status
  const badge = document.createElement('span')
  badge.className = 'badge'
  badge.textContent = LABELS[status]
  const message = document.createElement('span')
  message.className = 'message'
  message.textContent = text
  li.append(badge, message)
  results.append(li)
}

async function check(file) {
  results.replaceChildren()
  summary.dataset.ok = ''
  summary.textContent = SUMMARY.working
  document.body.dataset.state = 'working'
  if (!(await hasEd25519())) {
    summary.dataset.ok = 'false'
    summary.textContent = SUMMARY.noEd25519
    document.body.dataset.state = 'done'
    return
  }
  const key = document.getElementById('key').value.trim()
  const report = await verifyPackage(platformFor(file), key === '' ? {} : { key })
  for (const v of report.verified) row('pass', v)
  for (const p of report.problems) row('fail', `${p.code}: ${p.message}`)
  for (const n of report.notes) row('note', n)
  summary.dataset.ok = String(report.ok)
  summary.textContent = `${file.name}: ${report.ok ? SUMMARY.ok : SUMMARY.bad(report.problems.length)}`
  document.body.dataset.state = 'done'
}

const input = document.getElementById('file')
const drop = document.getElementById('drop')
input.addEventListener('change', () => {
  if (input.files?.[0]) void check(input.files[0])
})
drop.addEventListener('dragover', (e) => {
  e.preventDefault()
  drop.classList.add('over')
})
drop.addEventListener('dragleave', () => drop.classList.remove('over'))
drop.addEventListener('drop', (e) => {
  e.preventDefault()
  drop.classList.remove('over')
  const f = e.dataTransfer?.files?.[0]
  if (f) void check(f)
})
document.body.dataset.state = 'ready'
