// #19 item 9 in real Chromium, at desktop and phone sizes, in English and Dari: a PDF's pages are drawn
// in the browser by pdf.js (its worker a file of our own origin, allowed by the CSP, fetched only when a
// PDF is previewed, not precached), and a graphic video shows a poster frame, muted, behind its veil.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  FIXTURES,
  PHONE,
  TEXT,
  USER_PASSWORD,
  guardedPage,
  screenshot,
  seriousAxeViolations,
  signIn,
  startEnv,
  type Env,
  type Session,
  type UiLang
} from '../browser-harness.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { incidentInput } from '../../helpers/app.ts'

const DESKTOP = { width: 1280, height: 800 }
const COMBOS: { lang: UiLang; size: 'desktop' | 'phone' }[] = [
  { lang: 'en', size: 'desktop' },
  { lang: 'fa', size: 'phone' },
  { lang: 'fa', size: 'desktop' },
  { lang: 'en', size: 'phone' }
]

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function upload(env: Env, s: Session, incidentId: string, path: string, name: string, type: string): Promise<{ id: string }> {
  const form = new FormData()
  form.append('file', new Blob([readFileSync(path)], { type }), name)
  const res = await fetch(`${env.url}/api/v1/incidents/${incidentId}/evidence`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: form
  })
  return await json<{ id: string }>(res)
}

/** How many of the canvas's sampled pixels are far from white (a drawn page, not an empty canvas). */
const inkOnCanvas = `(() => {
  const c = document.querySelector('canvas.pdf-page')
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
  let ink = 0
  for (let i = 0; i < d.length; i += 4 * 97) if (d[i] + d[i + 1] + d[i + 2] < 600) ink++
  return ink
})()`

// Four journeys in one browser: about 20 s each on a shared machine.
t.setTimeout(300_000)

t.test('previews of PDF pages and video poster frames', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const env = await startEnv(t)
  const documenter = await env.createUser('documenter')
  const doc = await env.apiLogin(documenter, USER_PASSWORD)
  const incident = await json<{ id: string }>(await env.api(doc, 'POST', '/api/v1/incidents', incidentInput()))
  const pdf = await upload(
    env,
    doc,
    incident.id,
    join(FIXTURES, '..', 'preview', 'statement-two-pages.pdf'),
    'statement.pdf',
    'application/pdf'
  )
  const video = await upload(env, doc, incident.id, join(FIXTURES, 'phone-video.mp4'), 'phone-video.mp4', 'video/mp4')
  await json(await env.api(doc, 'PUT', `/api/v1/evidence/${video.id}/graphic`, { graphic: true }))

  t.test('pdf.js is out of the main bundle and the precache, its worker served from our origin as a script', async (t) => {
    const index = await (await fetch(`${env.url}/`)).text()
    const main = /src="(\/assets\/index-[^"]+\.js)"/.exec(index)?.[1]
    t.ok(main, 'the main bundle is named in index.html')
    const bundle = await (await fetch(`${env.url}${main}`)).text()
    t.notMatch(bundle, /GlobalWorkerOptions|pdf\.worker/, 'no pdf.js in the main bundle')
    const sw = await (await fetch(`${env.url}/sw.js`)).text()
    t.match(sw, /index-[\w-]+\.js/, 'the service worker precaches the main bundle')
    t.notMatch(sw, /pdf-pages|pdf\.worker/, 'but not pdf.js')
  })

  for (const { lang, size } of COMBOS) {
    t.test(`${lang}, ${size}`, async (t) => {
      const text = TEXT[lang]
      const g = await guardedPage(env, { locale: lang === 'fa' ? 'fa-AF' : 'en-US', viewport: size === 'phone' ? PHONE : DESKTOP })
      const { page, context, problems } = g
      t.teardown(() => context.close())
      const requests: string[] = []
      page.on('request', (r) => requests.push(new URL(r.url()).pathname))
      const workers: { url: string; type: string | undefined; status: number }[] = []
      page.on('response', (r) => {
        if (/pdf\.worker/.test(r.url())) workers.push({ url: r.url(), type: r.headers()['content-type'], status: r.status() })
      })
      await signIn(page, env.url, documenter, USER_PASSWORD, lang)

      // A PDF: its first page drawn, then the second, from one fetch of the file.
      await page.goto(`${env.url}/evidence/${pdf.id}`)
      await page.waitForSelector('.exhibit-preview')
      t.match(await page.textContent('.exhibit-preview'), text['pdf.previewHint'], 'the hint says the pages are drawn here')
      await page.getByRole('button', { name: text['exhibit.showPreview'] }).click()
      await page.waitForSelector('.pdf-preview[data-page="1"]', { timeout: 20_000 })
      t.ok(((await page.evaluate(inkOnCanvas)) as number) > 20, 'page 1 is drawn on the canvas')
      t.equal(
        await page.textContent('.pdf-nav span'),
        text['pdf.pageOf'].replace('{page}', lang === 'fa' ? '۱' : '1').replace('{pages}', lang === 'fa' ? '۲' : '2')
      )
      const label = (await page.getAttribute('canvas.pdf-page', 'aria-label')) ?? ''
      t.match(label, 'statement.pdf', 'the page is labelled with the exhibit name')
      // pdf.js anchors each glyph at its start: a canvas inheriting rtl in Dari scatters the letters.
      t.equal(await page.evaluate(`getComputedStyle(document.querySelector('canvas.pdf-page')).direction`), 'ltr', 'drawn left to right')
      t.same(await seriousAxeViolations(page), [], 'axe-core: the PDF preview')
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
      t.equal(overflow, 0, 'no sideways scrolling')
      await screenshot(page, `media-preview-pdf-${size}`, lang)
      await page.getByRole('button', { name: text['pdf.next'] }).click()
      await page.waitForSelector('.pdf-preview[data-page="2"]')
      t.ok(((await page.evaluate(inkOnCanvas)) as number) > 20, 'page 2 is drawn')
      t.equal(requests.filter((p) => p === `/api/v1/evidence/${pdf.id}/content`).length, 1, 'the file is fetched once')
      t.equal(workers.length, 1, 'the worker is fetched once')
      t.equal(workers[0]?.status, 200)
      t.ok(workers[0]?.url.startsWith(`${env.url}/assets/`), 'from our own origin')
      t.match(workers[0]?.type ?? '', /javascript/, 'as a script (module workers need a script type)')

      // A graphic video: veiled and greyscale, muted, with a poster frame behind the veil.
      await page.goto(`${env.url}/evidence/${video.id}`)
      await page.waitForSelector('.exhibit-preview')
      await page.getByRole('button', { name: text['exhibit.showPreview'] }).click()
      await page.waitForSelector('[data-graphic=veiled] video[data-frame=shown]', { timeout: 20_000 })
      const shown = (await page.evaluate(`(() => {
        const v = document.querySelector('video')
        return { muted: v.muted, paused: v.paused, width: v.videoWidth, ready: v.readyState, src: v.currentSrc }
      })()`)) as { muted: boolean; paused: boolean; width: number; ready: number; src: string }
      t.equal(shown.muted, true, 'muted')
      t.equal(shown.paused, true, 'not playing')
      t.ok(shown.width > 0 && shown.ready >= 2, 'a decoded frame is shown as poster')
      t.ok(shown.src.endsWith('#t=0.1'), 'the frame at 0.1 s (the very first is often black)')
      t.match(await page.evaluate(`getComputedStyle(document.querySelector('.graphic-content')).filter`), /grayscale\(1\)/, 'in greyscale')
      t.same(await seriousAxeViolations(page), [], 'axe-core: the veiled video')
      await screenshot(page, `media-preview-video-veiled-${size}`, lang)
      await page.getByRole('button', { name: text['graphic.reveal'] }).click()
      await page.waitForSelector('[data-graphic=revealed] video')
      t.equal(await page.evaluate(`document.querySelector('video').muted`), true, 'still muted once revealed')
      t.same(problems, [], 'no page error, no CSP refusal, no request leaving the origin')
    })
  }
})
