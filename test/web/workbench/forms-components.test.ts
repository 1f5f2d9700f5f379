// The incident form by itself (test/web/component-harness.ts): a save that never reached the server
// says so in the reader's language and offers to send again; an error goes as its field changes;
// with the offline queue locked, a draft is kept in memory only: it comes back when the form is opened
// again, never sits in the tab's storage, and is gone after a reload (lib/form-draft.ts).
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

const DARI: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const ENGLISH: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const ID = '0190a2b4-0000-7000-8000-00000000000b'

async function open(s: Screen, ctx: Ctx): Promise<void> {
  s.answer('GET /api/v1/patterns', { body: { items: [] } })
  await s.mount('incident-form', {}, ctx)
  await s.waitFor('form.incident-form')
}

async function fill(s: Screen): Promise<void> {
  await s.page.fill('input[name=title]', 'Night raid')
  await s.page.fill('textarea[name=narrative]', 'Armed men came at night.')
  await s.page.fill('input[name=from]', '2024-08-14')
  await s.page.selectOption('select[name=province]', 'AF-KAB')
  await s.page.fill('input[type=search]', 'murder')
  await s.page.check('input[name=categories][value="cah-murder"]')
}

t.test('the incident form’s errors and drafts', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a save that never reached the server is said in English with a retry, and the retry saves', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    await fill(s)
    s.answer('POST /api/v1/incidents', 'network-down', { status: 201, body: { id: ID, reference: 'SND-2026-0001' } })
    await s.page.getByRole('button', { name: en['form.step.create'] }).click()
    await s.waitFor('[data-testid=retry]')
    t.match((await s.text('#form-errors [role=alert]')) ?? '', en['error.NETWORK'], 'its own message, not “Failed to fetch”')
    t.notMatch((await s.text('#form-errors')) ?? '', /Failed to fetch/)
    await s.page.click('[data-testid=retry]')
    await s.waitForRequest('POST /api/v1/incidents', 2)
    t.same(s.bodies['POST /api/v1/incidents']![1], s.bodies['POST /api/v1/incidents']![0], 'the same input sent again')
    // Step 1 saved: the form goes on to the next step (the draft is cleared once the last step saves).
    await s.page.waitForFunction(
      `document.querySelector('#step-title')?.textContent?.includes(${JSON.stringify(en['form.step.elements'])})`
    )
    t.same(s.problems, [])
  })

  t.test('in Dari, an error names the Dari label and goes as soon as the field changes', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    await s.page.getByRole('button', { name: fa['form.step.create'] }).click()
    await s.waitFor('[data-testid=error-summary]')
    const before = await s.page.locator('[data-testid=error-summary] li').allTextContents()
    t.ok(before.includes(`${fa['form.title']}: ${fa['validation.required']}`))
    await s.page.fill('input[name=title]', 'عنوان')
    const after = await s.page.locator('[data-testid=error-summary] li').allTextContents()
    t.notOk(
      after.some((i) => i.startsWith(`${fa['form.title']}:`)),
      'the title’s error is gone'
    )
    t.equal(after.length, before.length - 1, 'the others stay until their fields change')
    t.equal(await s.page.getAttribute('input[name=title]', 'aria-invalid'), null, 'the field no longer marked invalid')
    t.same(s.problems, [])
  })

  t.test('locked, a draft comes back in the page but never sits in the tab, and a reload drops it', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    await s.page.fill('input[name=title]', 'Typed before the reload')
    await s.page.waitForTimeout(200)
    t.equal(
      await s.page.evaluate(`Object.keys(sessionStorage).filter((k) => k.startsWith('sanad.draft.')).length`),
      0,
      'nothing in the tab'
    )
    t.notOk(
      await s.page.evaluate(`Object.keys(sessionStorage).some((k) => sessionStorage.getItem(k).includes('Typed before'))`),
      'the title is in no storage'
    )
    await open(s, { ...ENGLISH, username: 'doc2' })
    t.equal(await s.page.inputValue('input[name=title]'), '', 'another account does not get it')
    await open(s, ENGLISH)
    await s.waitFor('[data-testid=draft-restored]')
    t.equal(await s.page.inputValue('input[name=title]'), 'Typed before the reload', 'kept in memory while the page lives')
    await s.page.getByRole('button', { name: en['draft.discard'] }).click()
    t.equal(await s.page.inputValue('input[name=title]'), '')
    await s.page.fill('input[name=title]', 'Typed again')
    await s.page.waitForTimeout(200)
    await s.page.reload()
    await s.page.waitForFunction('typeof window.sanadMount === "function"')
    await open(s, ENGLISH)
    t.equal(await s.page.inputValue('input[name=title]'), '', 'a reload with the queue locked loses the draft')
    t.equal(await s.page.locator('[data-testid=draft-restored]').count(), 0)
    t.same(s.problems, [])
  })
})
