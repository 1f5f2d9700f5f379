import t from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { zipSync } from 'fflate'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS } from '../../../web/browser-harness.ts'
import { requireTool } from '../../../helpers/system-tools.ts'
import {
  entryBytes,
  PACKAGE_TAMPER_CASES,
  packages,
  packageVerifier,
  run,
  TAMPER_CASES,
  type Packages
} from '../../../helpers/package-world.ts'
import { readZipEntries } from '../../../../server/lib/export/bagit.ts'
import { open } from 'node:fs/promises'

t.setTimeout(900_000)

type Row = { status: string; badge: string; text: string }

/** Opens the package's own verify.html from a file:// URL, gives it `zip`, and reads what it shows. */
async function check(page: Page, zip: string, key?: string): Promise<{ ok: string | undefined; summary: string; rows: Row[] }> {
  // The key field sits in a closed <details>: a recipient opens it only to give the published key.
  await page.evaluate((k) => {
    ;(document.getElementById('key') as HTMLTextAreaElement).value = k
  }, key ?? '')
  await page.setInputFiles('#file', zip)
  await page.waitForSelector('body[data-state=done]', { timeout: 60_000 })
  return await page.evaluate(() => ({
    ok: document.getElementById('summary')!.dataset.ok,
    summary: document.getElementById('summary')!.textContent ?? '',
    rows: Array.from(document.querySelectorAll('#results li')).map((li) => ({
      status: (li as HTMLElement).dataset.status ?? '',
      badge: li.querySelector('.badge')?.textContent ?? '',
      text: li.querySelector('.message')?.textContent ?? ''
    }))
  }))
}

/** The same package as a ZIP of deflated entries (as a recipient's archiver might re-pack it). */
async function deflated(p: Packages, zip: string): Promise<string> {
  const fh = await open(zip, 'r')
  const names = (await readZipEntries(fh)).filter((e) => !e.isDirectory).map((e) => e.name)
  await fh.close()
  const files: Record<string, Uint8Array> = {}
  for (const name of names) files[name] = await entryBytes(zip, name)
  const out = join(p.dir, 'deflated.zip')
  writeFileSync(out, zipSync(files, { level: 6, mtime: new Date('2025-01-01T00:00:00Z') }))
  return out
}

t.test('verify.html, opened from a file:// URL with no server, checks a package in Chromium and agrees with the CLI', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const p = await packages(t)
  const html = join(p.dir, 'verify.html')
  writeFileSync(html, await entryBytes(p.full, 'data/verify.html'))
  const cli = await packageVerifier(p, p.full)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  const url = pathToFileURL(html).href
  await page.goto(url)
  await page.waitForSelector('body[data-state=ready]')

  const flipped = await TAMPER_CASES.find((c) => c.name === 'one flipped byte in a packaged exhibit')!.make(p)
  const cases: Array<{ name: string; zip: string; passes: boolean; names?: RegExp }> = [
    { name: 'the full package', zip: p.full, passes: true },
    { name: 'the restricted package', zip: p.restricted, passes: true },
    { name: 'the full package re-packed with deflated entries', zip: await deflated(p, p.full), passes: true },
    {
      name: 'a package with one flipped byte in an exhibit',
      zip: flipped,
      passes: false,
      names: /^SANAD_ERR_EXPORT_FILE_ALTERED: exhibit E1 \(E1\.jpg\): file exhibits\/E1\.jpg was altered/
    },
    // The signed package statement's tamper cases (test/fixtures/package-tamper/), as verify-export and the script see them.
    ...(await Promise.all(
      PACKAGE_TAMPER_CASES.map(async (c) => ({ name: c.name, zip: await c.make(p), passes: c.passes, names: c.names }))
    ))
  ]
  for (const c of cases) {
    const shown = await check(page, c.zip, p.key)
    const json = JSON.parse((await run([cli, c.zip, '--key', p.key, '--json'], { cwd: p.dir })).stdout)
    t.equal(shown.ok, String(c.passes), `${c.name}: ${c.passes ? 'passes' : 'fails'}`)
    const fails = shown.rows.filter((r) => r.status === 'fail').map((r) => r.text)
    if (c.passes) {
      t.same(fails, [], `${c.name}: no check failed`)
      t.match(shown.summary, /PASS: every check passed\. · تأیید شد/)
      t.ok(
        shown.rows.some((r) => r.status === 'pass' && /^The manifest is signed by sanad\.local\/ledger\+[0-9a-f]{8}/.test(r.text)),
        `${c.name}: the signature row`
      )
      t.ok(shown.rows.some((r) => r.status === 'pass' && /records its ingestion .* included in the signed checkpoint/.test(r.text)))
      t.ok(shown.rows.some((r) => r.status === 'pass' && /^custody\.json: \d+ custody entries/.test(r.text)))
      t.ok(
        shown.rows.every((r) => r.status !== 'pass' || r.badge === 'pass · تأیید شد · تایید شو'),
        'pass in English, Dari and Pashto'
      )
    } else {
      t.match(shown.summary, /FAIL: \d+ problems? found; do not rely on this package\. · تأیید نشد · تایید نه شو/)
      t.ok(
        fails.some((f) => c.names?.test(f) === true),
        `${c.name}: the page names it`
      )
      t.ok(
        shown.rows.filter((r) => r.status === 'fail').every((r) => r.badge === 'fail · ناکام شد · ناکام شو'),
        'fail in English, Dari and Pashto'
      )
    }
    t.same(
      fails,
      json.problems.map((x: { code: string; message: string }) => `${x.code}: ${x.message}`),
      `${c.name}: the page names the same problems as verify-package.mjs`
    )
    t.same(
      shown.rows.filter((r) => r.status === 'pass').map((r) => r.text),
      json.verified,
      `${c.name}: and the same passed checks`
    )
  }
  t.same(
    requests.filter((r) => r !== url),
    [],
    'nothing but the page itself was loaded'
  )
  t.same(errors, [], 'no error in the console')
})
