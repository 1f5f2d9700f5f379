// The incident form by itself (test/web/component-harness.ts): what it refuses before sending, in
// the reader's language; exactly what it posts or patches; and what it says when the server refuses.
import t from 'tap'
import type { Incident } from '../../../server/types/schemas.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx, type Screen } from '../component-harness.ts'

const DARI: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const ENGLISH: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const ID = '0190a2b4-0000-7000-8000-00000000000a'

const stored = (over: Partial<Incident> = {}): Incident => ({
  id: ID,
  reference: 'SND-2026-0007',
  revision: 3,
  status: 'draft',
  title: 'Night raid in Andar',
  narrative: 'Armed men entered the village at night.',
  narrativeLanguage: 'en',
  occurred: {
    from: '2024-08-14',
    to: '2024-08-14',
    precision: 'day',
    fromSolarHijri: '1403-05-24',
    toSolarHijri: '1403-05-24',
    enteredAs: 'gregorian'
  },
  location: { province: 'AF-GHA', district: 'Andar' },
  categories: ['cah-murder'],
  victims: { count: 3 },
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

async function open(s: Screen, ctx: Ctx, props: Record<string, unknown> = {}): Promise<void> {
  s.answer('GET /api/v1/patterns', { body: { items: [] } })
  await s.mount('incident-form', props, ctx)
  await s.waitFor('form.incident-form')
}

/** Picks a category the way a user does: filter, then tick. */
async function pickCategory(s: Screen, filter: string, id: string): Promise<void> {
  await s.page.fill('input[type=search]', filter)
  await s.page.check(`input[name=categories][value="${id}"]`)
}

t.test('the incident form', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('an empty form is not sent: every problem is listed in Dari by its Dari label and tied to its field', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    t.equal(await s.text('#page-title'), fa['form.newTitle'])
    await s.page.getByRole('button', { name: fa['form.create'] }).click()
    await s.waitFor('#form-errors [role=alert]')
    const items = await s.page.locator('#form-errors li').allTextContents()
    const labels = items.map((i) => i.split(':')[0])
    t.same(
      labels.sort(),
      [fa['form.categories'], fa['form.province'], fa['form.narrative'], fa['form.date'], fa['form.title']].sort(),
      'the labels the reader sees, never schema paths'
    )
    t.ok(items.includes(`${fa['form.categories']}: ${fa['form.pickCategory']}`))
    t.ok(items.includes(`${fa['form.title']}: ${fa['validation.required']}`))
    t.notOk(
      items.some((i) => /[a-z]/i.test(i)),
      'no English in the Dari summary'
    )
    t.equal(await s.text('#form-errors p'), fa['form.hasErrors'].replace('{n}', '۵'), 'the count in Dari digits')
    t.equal(await s.page.getByLabel(new RegExp(fa['form.title'])).getAttribute('aria-invalid'), 'true')
    t.same((await s.recorded()).announcements, [fa['form.hasErrors'].replace('{n}', '۵')], 'announced to screen readers')
    t.equal(await s.page.evaluate(() => document.activeElement?.id), 'form-errors', 'focus moves to the list')
    t.notOk(
      s.requests.some((r) => r.startsWith('POST')),
      'nothing sent'
    )
    t.same(s.problems, [])
  })

  t.test('a complete form in Dari posts exactly what was entered, the date as typed in Solar Hijri', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ id: ID, reference: 'SND-2026-0042' }) })
    t.ok(await s.page.getByLabel(fa['date.solarHijri']).isChecked(), 'Dari enters dates in Solar Hijri')
    await s.page.fill('input[name=title]', ' حمله شبانه در اندړ ')
    await s.page.fill('textarea[name=narrative]', 'مردان مسلح شب هنگام وارد قریه شدند.')
    await s.page.fill('input[name=from]', '۱۴۰۳-۰۵-۲۴')
    await s.page.selectOption('select[name=province]', 'AF-GHA')
    await s.page.fill('input[name=district]', 'اندړ')
    await s.page.fill('input[name=victims-count]', '۱۲')
    await pickCategory(s, 'Murder', 'cah-murder')
    await s.page.selectOption('#el-cah-murder-killing', 'supported')
    await s.page.getByRole('button', { name: fa['form.create'] }).click()
    await s.waitForRequest('POST /api/v1/incidents')
    t.same(s.bodies['POST /api/v1/incidents'], [
      {
        title: 'حمله شبانه در اندړ',
        narrative: 'مردان مسلح شب هنگام وارد قریه شدند.',
        narrativeLanguage: 'fa',
        occurred: { from: '۱۴۰۳-۰۵-۲۴', calendar: 'solar-hijri', precision: 'day' },
        location: { province: 'AF-GHA', district: 'اندړ' },
        categories: ['cah-murder'],
        status: 'draft',
        qualifications: [{ category: 'cah-murder', elements: [{ element: 'killing', status: 'supported' }] }],
        victims: { count: 12 }
      }
    ])
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    const rec = await s.recorded()
    t.same(rec.navigations, [`/incidents/${ID}`], 'opens the new incident')
    t.same(rec.announcements, [fa['form.created'].replace('{ref}', 'SND-2026-0042')])
    t.same(s.problems, [])
  })

  t.test('a day that does not exist in the chosen calendar is refused before sending', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    await s.page.fill('input[name=title]', 'عنوان')
    await s.page.fill('textarea[name=narrative]', 'شرح')
    await s.page.fill('input[name=from]', '1402-07-31')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'Murder', 'cah-murder')
    await s.page.getByRole('button', { name: fa['form.create'] }).click()
    await s.waitFor('#form-errors li')
    t.same(await s.page.locator('#form-errors li').allTextContents(), [`${fa['form.date']}: ${fa['date.invalid']}`])
    t.notOk(s.requests.includes('POST /api/v1/incidents'))
  })

  t.test('a range of dates asks for its end, and sends both', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    t.ok(await s.page.getByLabel(en['date.gregorian']).isChecked(), 'English enters Gregorian dates')
    t.equal(await s.page.locator('input[name=to]').count(), 0, 'one date for a day')
    await s.page.selectOption('select[name=precision]', 'range')
    await s.waitFor('input[name=to]')
    s.answer('POST /api/v1/incidents', { status: 201, body: stored() })
    await s.page.fill('input[name=title]', 'Detentions')
    await s.page.fill('textarea[name=narrative]', 'Several men were detained.')
    await s.page.fill('input[name=from]', '2024-08-01')
    await s.page.fill('input[name=to]', '2024-08-20')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await s.page.getByRole('button', { name: en['form.create'] }).click()
    await s.waitForRequest('POST /api/v1/incidents')
    t.match(s.bodies['POST /api/v1/incidents']?.[0], {
      occurred: { from: '2024-08-01', to: '2024-08-20', calendar: 'gregorian', precision: 'range' }
    })
  })

  t.test('switching the calendar keeps the same day, rewritten in the other calendar', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    await s.page.fill('input[name=from]', '1403-05-24')
    await s.page.getByLabel(fa['date.gregorian']).check()
    await s.page.waitForFunction(() => (document.querySelector('input[name=from]') as HTMLInputElement).value !== '1403-05-24')
    t.equal(await s.page.inputValue('input[name=from]'), '2024-08-14')
  })

  t.test('a latitude without a longitude, and an out-of-range one, are caught with the schema’s limits', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    await s.page.fill('input[name=title]', 'T')
    await s.page.fill('textarea[name=narrative]', 'N')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await s.page.fill('input[name=lat]', '95')
    await s.page.getByRole('button', { name: en['form.create'] }).click()
    await s.waitFor('#form-errors li')
    t.same((await s.page.locator('#form-errors li').allTextContents()).sort(), [
      `${en['form.lat']}: ${en['validation.maximum'].replace('{n}', '90')}`,
      `${en['form.lon']}: ${en['validation.required']}`
    ])
    t.notOk(s.requests.includes('POST /api/v1/incidents'))
  })

  t.test('perpetrators and sources are added as rows and sent', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored() })
    await s.page.fill('input[name=title]', 'T')
    await s.page.fill('textarea[name=narrative]', 'N')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await s.page.getByRole('button', { name: en['form.addPerpetrator'] }).click()
    await s.page.getByRole('button', { name: en['form.addSource'] }).click()
    await s.page.getByRole('button', { name: en['form.addSource'] }).click()
    await s.page.getByRole('button', { name: en['form.removeSource'].replace('{n}', '2') }).click()
    await s.page.getByRole('button', { name: en['form.create'] }).click()
    await s.waitForRequest('POST /api/v1/incidents')
    t.match(s.bodies['POST /api/v1/incidents']?.[0], {
      perpetrators: [{ type: 'de-facto-authorities' }],
      sources: [{ type: 'witness-testimony' }]
    })
    t.equal((s.bodies['POST /api/v1/incidents']![0] as { sources: unknown[] }).sources.length, 1, 'the removed row is not sent')
  })

  t.test('the server’s refusal is shown translated, and the form stays for correction', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    s.answer('POST /api/v1/incidents', apiError(400, 'SANAD_ERR_PROVINCE_UNKNOWN', 'The province code is not an ISO code.'))
    await s.page.fill('input[name=title]', 'عنوان')
    await s.page.fill('textarea[name=narrative]', 'شرح')
    await s.page.fill('input[name=from]', '1403-05-24')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'Murder', 'cah-murder')
    await s.page.getByRole('button', { name: fa['form.create'] }).click()
    await s.waitFor('#form-errors [role=alert]')
    t.equal(await s.text('#form-errors [role=alert]'), fa['error.SANAD_ERR_PROVINCE_UNKNOWN'])
    t.same((await s.recorded()).navigations, [], 'stays on the form')
    t.equal(await s.page.inputValue('input[name=title]'), 'عنوان', 'what was typed is kept')
    t.ok(await s.page.getByRole('button', { name: fa['form.create'] }).isEnabled(), 'and can be sent again')
  })

  t.test('editing sends only what changed, with the revision it started from and the reason', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${ID}`, { body: stored() })
    s.answer(`PATCH /api/v1/incidents/${ID}`, { body: stored({ revision: 4 }) })
    await open(s, ENGLISH, { id: ID })
    t.equal(await s.text('#page-title'), en['form.editTitle'].replace('{ref}', 'SND-2026-0007'))
    t.equal(await s.page.inputValue('input[name=title]'), 'Night raid in Andar', 'the stored record')
    t.equal(await s.page.inputValue('input[name=from]'), '2024-08-14', 'in the calendar it was entered in')
    await s.page.fill('input[name=title]', 'Night raid in Andar district')
    await s.page.fill('textarea[name=reason]', 'Witness named the district')
    await s.page.getByRole('button', { name: en['form.saveChanges'] }).click()
    await s.waitForRequest(`PATCH /api/v1/incidents/${ID}`)
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`], [
      { title: 'Night raid in Andar district', reason: 'Witness named the district', baseRevision: 3 }
    ])
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.same((await s.recorded()).navigations, [`/incidents/${ID}`])
    t.same((await s.recorded()).announcements, [en['form.saved']])
  })

  t.test('saving an edit with no change sends nothing', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${ID}`, { body: stored() })
    await open(s, ENGLISH, { id: ID })
    await s.page.getByRole('button', { name: en['form.saveChanges'] }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.same((await s.recorded()).navigations, [`/incidents/${ID}`])
    t.notOk(s.requests.some((r) => r.startsWith('PATCH')))
  })

  t.test('a change made meanwhile by someone else is explained in Dari, not overwritten', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${ID}`, { body: stored() })
    s.answer(`PATCH /api/v1/incidents/${ID}`, apiError(409, 'SANAD_ERR_REVISION_CONFLICT'))
    await open(s, DARI, { id: ID })
    await s.page.fill('input[name=title]', 'عنوان تازه')
    await s.page.getByRole('button', { name: fa['form.saveChanges'] }).click()
    await s.waitFor('#form-errors [role=alert]')
    t.equal(await s.text('#form-errors [role=alert]'), fa['error.SANAD_ERR_REVISION_CONFLICT'])
    t.same((await s.recorded()).navigations, [])
  })

  t.test('an incident that cannot be read shows why and no form', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/patterns', { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${ID}`, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('incident-form', { id: ID }, DARI)
    await s.waitFor('[role=alert]')
    t.equal(await s.text('[role=alert]'), fa['error.SANAD_ERR_NEED_TO_KNOW'])
    t.equal(await s.page.locator('form').count(), 0)
  })

  t.test('patterns the server lists can be linked', async (t) => {
    const s = await screenPage(t, browser)
    const pattern = { id: '0190a2b4-0000-7000-8000-0000000000f1', title: 'Targeting of former officers', reference: 'SND-P-0001' }
    s.answer('GET /api/v1/patterns', { body: { items: [pattern] } })
    s.answer('POST /api/v1/incidents', { status: 201, body: stored() })
    await s.mount('incident-form', {}, ENGLISH)
    await s.waitFor('form.incident-form')
    await s.page.fill('input[name=title]', 'T')
    await s.page.fill('textarea[name=narrative]', 'N')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await s.page.getByLabel(/Targeting of former officers/).check()
    await s.page.getByRole('button', { name: en['form.create'] }).click()
    await s.waitForRequest('POST /api/v1/incidents')
    t.match(s.bodies['POST /api/v1/incidents']?.[0], { patternIds: [pattern.id] })
  })
})
