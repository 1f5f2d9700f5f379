// An exhibit's media preview by itself (test/web/component-harness.ts): a PDF's pages drawn by pdf.js
// from one fetch of the file, a refused or broken PDF said plainly, a video with a poster frame and
// muted, audio fetching nothing until played.
import t from 'tap'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { requireTool } from '../../helpers/system-tools.ts'
import { ORIGIN, apiError, launch, screenPage, type Screen } from '../component-harness.ts'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const PDF = join(FIXTURES, 'preview', 'statement-two-pages.pdf')
const SRC = '/api/v1/evidence/e1/content?purpose=exhibit-preview'

/** Answers the content request with a file, as the server streams it. */
async function serveFile(s: Screen, path: string, contentType: string): Promise<void> {
  await s.page.route(`${ORIGIN}/api/v1/evidence/e1/content**`, async (route) => {
    s.requests.push(`GET ${new URL(route.request().url()).pathname}`)
    await route.fulfill({ path, contentType })
  })
}

const values = async (s: Screen): Promise<Record<string, unknown[]>> => (await s.recorded()).values

t.test('the media preview', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a PDF: the first page drawn, then the next, from one fetch of the file', async (t) => {
    const s = await screenPage(t, browser)
    await serveFile(s, PDF, 'application/pdf')
    await s.mount('media-preview', { kind: 'pdf', src: SRC, name: 'statement.pdf' }, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitFor('.pdf-preview[data-page="1"]')
    t.equal(await s.text('.pdf-nav span'), 'Page 1 of 2')
    t.equal(await s.page.getAttribute('canvas.pdf-page', 'aria-label'), 'Page 1 of 2 of statement.pdf')
    t.ok(await s.page.isDisabled('.pdf-nav button >> nth=0'), 'no previous page on the first')
    await s.page.click('.pdf-nav button >> nth=1')
    await s.waitFor('.pdf-preview[data-page="2"]')
    t.equal(await s.text('.pdf-nav span'), 'Page 2 of 2')
    t.ok(await s.page.isDisabled('.pdf-nav button >> nth=1'), 'no next page on the last')
    const width = await s.page.evaluate(`document.querySelector('canvas.pdf-page').getBoundingClientRect().width`)
    t.ok((width as number) <= 720, 'at most 720 CSS pixels wide')
    t.same(
      s.requests.filter((r) => r.includes('/content')),
      ['GET /api/v1/evidence/e1/content'],
      'fetched once, whole (no range requests, each would be a recorded access)'
    )
    t.same((await values(s)).opened, [true], 'one opening reported')
    t.same(s.problems, [])
  })

  t.test('in Dari: the page counter in Dari digits, the page drawn left to right', async (t) => {
    const s = await screenPage(t, browser, { viewport: { width: 390, height: 844 } })
    await serveFile(s, PDF, 'application/pdf')
    await s.page.evaluate(`document.documentElement.dir = 'rtl'`)
    await s.mount('media-preview', { kind: 'pdf', src: SRC, name: 'statement.pdf' }, { lang: 'fa', role: 'documenter', username: 'doc1' })
    await s.waitFor('.pdf-preview[data-page="1"]')
    t.equal(await s.text('.pdf-nav span'), 'صفحهٔ ۱ از ۲')
    t.equal(await s.page.evaluate(`getComputedStyle(document.querySelector('canvas.pdf-page')).direction`), 'ltr')
    const overflow = await s.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    t.equal(overflow, 0, 'fits a phone')
    t.same(s.problems, [])
  })

  t.test('a refused file: the preview fails, nothing is drawn', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET ${SRC}`, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('media-preview', { kind: 'pdf', src: SRC, name: 'statement.pdf' }, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitForRequest(`GET ${SRC}`)
    await s.page.waitForFunction('window.sanad.values.failed?.length === 1')
    t.notOk((await values(s)).opened, 'no opening reported')
    t.equal(await s.page.locator('.pdf-preview[data-page]').count(), 0)
  })

  t.test('a file that is no PDF: the preview fails instead of hanging', async (t) => {
    const s = await screenPage(t, browser)
    // A header and an empty trailer: what a truncated or forged file looks like.
    await serveFile(s, join(FIXTURES, 'evidence', 'statement-scan.pdf'), 'application/pdf')
    await s.mount('media-preview', { kind: 'pdf', src: SRC, name: 'scan.pdf' }, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.page.waitForFunction('window.sanad.values.failed?.length === 1', undefined, { timeout: 15_000 })
    t.equal(await s.page.locator('.pdf-preview[data-page]').count(), 0)
  })

  t.test('a video: muted, not playing, a frame at 0.1 s as poster', async (t) => {
    const s = await screenPage(t, browser)
    await serveFile(s, join(FIXTURES, 'evidence', 'phone-video.mp4'), 'video/mp4')
    await s.mount('media-preview', { kind: 'video', src: SRC, name: 'clip.mp4' }, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitFor('video[data-frame=shown]')
    const v = (await s.page.evaluate(`(() => {
      const v = document.querySelector('video')
      return { muted: v.muted, paused: v.paused, preload: v.preload, controls: v.controls, src: v.getAttribute('src'), width: v.videoWidth }
    })()`)) as Record<string, unknown>
    t.same(v, { muted: true, paused: true, preload: 'metadata', controls: true, src: `${SRC}#t=0.1`, width: v.width })
    t.ok((v.width as number) > 0, 'a decoded frame')
    t.same((await values(s)).opened, [true])
  })

  t.test('audio: a player that fetches nothing until played', async (t) => {
    const s = await screenPage(t, browser)
    await serveFile(s, join(FIXTURES, 'evidence', 'phone-video.mp4'), 'audio/mp4')
    await s.mount('media-preview', { kind: 'audio', src: SRC, name: 'voice.m4a' }, { lang: 'en', role: 'documenter', username: 'doc1' })
    await s.waitFor('audio[controls]')
    t.equal(await s.page.getAttribute('audio', 'preload'), 'none')
    t.equal(await s.page.getAttribute('audio', 'aria-label'), 'Preview of voice.m4a (original file)')
    await new Promise((r) => setTimeout(r, 300))
    t.same(
      s.requests.filter((r) => r.includes('/content')),
      [],
      'nothing fetched before play'
    )
    t.notOk((await values(s)).opened, 'no opening reported before play')
  })
})
