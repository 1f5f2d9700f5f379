// The drop zone by itself (test/web/component-harness.ts): files chosen with the keyboard's file
// input or dropped with the mouse reach the screen, one or many as the screen asked.
import t from 'tap'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Screen } from '../component-harness.ts'

const file = (name: string) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.from(`bytes of ${name}`) })

/** Drops files named `names` on the zone, as a mouse would. */
async function drop(s: Screen, names: string[]): Promise<void> {
  const dt = await s.page.evaluateHandle((ns) => {
    const d = new DataTransfer()
    for (const n of ns) d.items.add(new File([`bytes of ${n}`], n, { type: 'image/jpeg' }))
    return d
  }, names)
  await s.page.dispatchEvent('[data-testid=dz]', 'dragover', { dataTransfer: dt })
  await s.page.dispatchEvent('[data-testid=dz]', 'drop', { dataTransfer: dt })
}

t.test('the drop zone', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('the keyboard’s way in: a labelled file input whose button reads in Dari', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('drop-zone', { label: 'فایل‌ها را این‌جا رها کنید', hint: 'عکس، ویدیو، سند' }, { lang: 'fa' })
    await s.waitFor('[data-testid=dz]')
    t.equal(await s.text('[data-testid=dz] label.button'), fa['upload.choose'])
    const input = s.page.locator('[data-testid=dz] input[type=file]')
    const id = await input.getAttribute('id')
    t.equal(await s.page.locator(`label[for="${id}"]`).count(), 1, 'the button is the input’s label')
    const described = ((await input.getAttribute('aria-describedby')) ?? '').split(' ')
    t.same(
      await Promise.all(described.map(async (d) => await s.page.locator(`[id="${d}"]`).textContent())),
      ['فایل‌ها را این‌جا رها کنید', 'عکس، ویدیو، سند'],
      'the zone’s label and hint are read with it'
    )
    t.equal(await input.getAttribute('multiple'), '', 'several files by default')
    await input.setInputFiles([file('a.jpg'), file('b.jpg')])
    t.same((await s.recorded()).values.files, [['a.jpg', 'b.jpg']], 'both files handed to the screen')
    t.equal(await input.evaluate((el) => (el as HTMLInputElement).value), '', 'emptied, so the same file can be chosen again')
    await input.setInputFiles([file('a.jpg')])
    t.same((await s.recorded()).values.files, [['a.jpg', 'b.jpg'], ['a.jpg']])
    t.same(s.problems, [])
  })

  t.test('files dropped with the mouse are handed on, and the zone shows it is a target while dragged over', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('drop-zone', { label: 'Drop', hint: 'Any file' }, { lang: 'en' })
    await s.waitFor('[data-testid=dz]')
    const dt = await s.page.evaluateHandle(() => new DataTransfer())
    await s.page.dispatchEvent('[data-testid=dz]', 'dragover', { dataTransfer: dt })
    await s.page.waitForSelector('.drop-zone.drop-over')
    await s.page.dispatchEvent('[data-testid=dz]', 'dragleave', { dataTransfer: dt })
    await s.page.waitForSelector('.drop-zone:not(.drop-over)')
    await drop(s, ['one.pdf', 'two.pdf', 'three.pdf'])
    await s.page.waitForSelector('.drop-zone:not(.drop-over)')
    t.same((await s.recorded()).values.files, [['one.pdf', 'two.pdf', 'three.pdf']])
  })

  t.test('a zone for one file takes only the first of those dropped', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('drop-zone', { label: 'Drop', hint: 'One file', multiple: false }, { lang: 'en' })
    await s.waitFor('[data-testid=dz]')
    t.equal(await s.page.locator('[data-testid=dz] input[type=file]').getAttribute('multiple'), null)
    await drop(s, ['first.jpg', 'second.jpg'])
    await s.page.waitForFunction(() => (window as unknown as { sanad: { values: { files?: unknown[] } } }).sanad.values.files)
    t.same((await s.recorded()).values.files, [['first.jpg']])
  })

  t.test('dropping nothing (text, a link) hands on nothing', async (t) => {
    const s = await screenPage(t, browser)
    await s.mount('drop-zone', { label: 'Drop', hint: 'Files' }, { lang: 'en' })
    await s.waitFor('[data-testid=dz]')
    await drop(s, [])
    await s.page.waitForSelector('.drop-zone:not(.drop-over)')
    t.same((await s.recorded()).values.files, undefined)
  })
})
