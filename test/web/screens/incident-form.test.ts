// The incident form by itself (test/web/component-harness.ts): what it refuses before sending, in
// the reader's language; exactly what it posts or patches, step by step (the first step creates the
// draft, each later one patches it with the revision it started from); and what it says when the
// server refuses.
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

/** Waits until step `n` (from 1) is the one shown. */
async function atStep(s: Screen, n: number): Promise<void> {
  await s.waitFor(`ol.steps li:nth-child(${n}).current`)
}

/** Saves the step shown with its button (`label`) and waits for the next step. */
async function saveStep(s: Screen, label: string, next: number): Promise<void> {
  await s.page.getByRole('button', { name: label, exact: true }).click()
  await atStep(s, next)
}

/** Picks a category the way a user does: filter, then tick. */
async function pickCategory(s: Screen, filter: string, id: string): Promise<void> {
  await s.page.fill('input[type=search]', filter)
  await s.page.check(`input[name=categories][value="${id}"]`)
}

/** The create bodies without their clientId (a fresh UUID per draft; checked on its own below). */
function withoutClientIds(bodies: unknown[] | undefined): unknown[] | undefined {
  return bodies?.map((b) => {
    const { clientId, ...rest } = b as Record<string, unknown>
    if (typeof clientId !== 'string' || !/^[0-9a-f-]{36}$/.test(clientId)) throw new Error(`no clientId in ${JSON.stringify(b)}`)
    return rest
  })
}

t.test('the incident form', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('an empty form is not sent: every problem is listed in Dari by its Dari label and tied to its field', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    t.equal(await s.text('#page-title'), fa['form.newTitle'])
    await s.page.getByRole('button', { name: fa['form.step.create'] }).click()
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

  t.test('in Dari, step 1 creates the draft with the date as typed in Solar Hijri; each later step patches it', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ id: ID, reference: 'SND-2026-0042', revision: 1 }) })
    s.answer(`PATCH /api/v1/incidents/${ID}`, { body: stored({ revision: 2 }) }, { body: stored({ revision: 3 }) })
    t.ok(await s.page.getByLabel(fa['date.solarHijri']).isChecked(), 'Dari enters dates in Solar Hijri')
    t.equal(await s.page.locator('ol.steps > li').count(), 4, 'four steps')
    t.equal(await s.page.getAttribute('ol.steps li.current button', 'aria-current'), 'step', 'the step shown is marked')
    t.equal(
      await s.text('#step-title'),
      `${fa['form.step.of'].replace('{n}', '۱').replace('{total}', '۴')} ${fa['form.step.basics']}`,
      'the step in Dari words and digits'
    )
    t.ok(await s.page.getByRole('button', { name: fa['form.step.people'] }).isDisabled(), 'later steps wait for the draft')
    await s.page.fill('input[name=title]', ' حمله شبانه در اندړ ')
    await s.page.fill('textarea[name=narrative]', 'مردان مسلح شب هنگام وارد قریه شدند.')
    await s.page.fill('input[name=from]', '۱۴۰۳-۰۵-۲۴')
    await s.page.selectOption('select[name=province]', 'AF-GHA')
    await s.page.fill('input[name=district]', 'اندړ')
    await pickCategory(s, 'Murder', 'cah-murder')
    t.equal(await s.page.locator('input[name=victims-count]').count(), 0, 'victims are a later step')
    await saveStep(s, fa['form.step.create'], 2)
    t.same(withoutClientIds(s.bodies['POST /api/v1/incidents']), [
      {
        title: 'حمله شبانه در اندړ',
        narrative: 'مردان مسلح شب هنگام وارد قریه شدند.',
        narrativeLanguage: 'fa',
        occurred: { from: '۱۴۰۳-۰۵-۲۴', calendar: 'solar-hijri', precision: 'day' },
        location: { province: 'AF-GHA', district: 'اندړ' },
        categories: ['cah-murder'],
        status: 'draft'
      }
    ])
    t.same((await s.recorded()).announcements, [fa['form.created'].replace('{ref}', 'SND-2026-0042')], 'the draft exists')
    t.same((await s.recorded()).navigations, [], 'and the form goes on')

    await s.page.selectOption('#el-cah-murder-killing', 'supported')
    await saveStep(s, fa['form.step.next'], 3)
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`]?.[0], {
      qualifications: [{ category: 'cah-murder', elements: [{ element: 'killing', status: 'supported' }] }],
      baseRevision: 1
    })
    await s.page.fill('input[name=victims-count]', '۱۲')
    await saveStep(s, fa['form.step.next'], 4)
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`]?.[1], { victims: { count: 12 }, baseRevision: 2 }, 'on the revision step 2 made')
    await s.page.getByRole('button', { name: fa['form.step.finish'] }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.equal(s.requests.filter((r) => r.startsWith('PATCH')).length, 2, 'a step with nothing new sends nothing')
    t.same((await s.recorded()).navigations, [`/incidents/${ID}`], 'the last step opens the incident')
    t.same(s.problems, [])
  })

  t.test('going back and forth keeps what was typed, saved or not', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ revision: 1 }) })
    s.answer(`PATCH /api/v1/incidents/${ID}`, { body: stored({ revision: 2 }) })
    await s.page.fill('input[name=title]', 'Night raid')
    await s.page.fill('textarea[name=narrative]', 'Armed men came at night.')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-GHA')
    await pickCategory(s, 'Murder', 'cah-murder')
    await saveStep(s, en['form.step.create'], 2)
    await s.page.waitForFunction(() => document.activeElement?.id === 'step-title')
    t.equal(
      await s.page.evaluate(() => document.activeElement?.textContent),
      `${en['form.step.of'].replace('{n}', '2').replace('{total}', '4')} ${en['form.step.elements']}`,
      'focus on the new step, which says where one is'
    )
    await saveStep(s, en['form.step.next'], 3)
    await s.page.fill('input[name=victims-count]', '7')
    await s.page.getByRole('button', { name: en['form.step.back'] }).click()
    await atStep(s, 2)
    await s.page.getByRole('button', { name: en['form.step.back'] }).click()
    await atStep(s, 1)
    t.equal(await s.page.inputValue('input[name=title]'), 'Night raid', 'step 1 as typed')
    t.equal(await s.page.inputValue('select[name=province]'), 'AF-GHA')
    t.ok(await s.page.isChecked('input[name=categories][value="cah-murder"]'))
    t.notOk(
      s.requests.some((r) => r.startsWith('PATCH')),
      'going back saves nothing'
    )
    // Jump forward with the step list: the unsaved number is still there.
    await s.page.getByRole('button', { name: en['form.step.people'] }).click()
    await atStep(s, 3)
    t.equal(await s.page.inputValue('input[name=victims-count]'), '7', 'the unsaved number is kept')
    await saveStep(s, en['form.step.next'], 4)
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`], [{ victims: { count: 7 }, baseRevision: 1 }], 'saved with its own step')
    t.equal(s.requests.filter((r) => r.startsWith('POST')).length, 1, 'the draft is created once')
    t.same(s.problems, [])
  })

  t.test('a step the server refuses shows why on that step and keeps it for correction', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ revision: 1 }) })
    s.answer(`PATCH /api/v1/incidents/${ID}`, apiError(409, 'SANAD_ERR_REVISION_CONFLICT'), { body: stored({ revision: 2 }) })
    await s.page.fill('input[name=title]', 'عنوان')
    await s.page.fill('textarea[name=narrative]', 'شرح')
    await s.page.fill('input[name=from]', '1403-05-24')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'Murder', 'cah-murder')
    await saveStep(s, fa['form.step.create'], 2)
    await saveStep(s, fa['form.step.next'], 3)
    await s.page.fill('input[name=victims-killed]', '۳')
    await s.page.getByRole('button', { name: fa['form.step.next'] }).click()
    await s.waitFor('#form-errors [role=alert]')
    t.equal(await s.text('#form-errors [role=alert]'), fa['error.SANAD_ERR_REVISION_CONFLICT'], 'why, in Dari')
    await atStep(s, 3)
    t.equal(await s.page.inputValue('input[name=victims-killed]'), '۳', 'what was typed stays')
    t.same((await s.recorded()).navigations, [])
    await saveStep(s, fa['form.step.next'], 4)
    t.equal(await s.page.locator('#form-errors [role=alert]').count(), 0, 'the error goes once the step is saved')
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`], [
      { victims: { killed: 3 }, baseRevision: 1 },
      { victims: { killed: 3 }, baseRevision: 1 }
    ])
  })

  t.test('a step checks only its own fields before sending', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ revision: 1 }) })
    await s.page.fill('input[name=title]', 'T')
    await s.page.fill('textarea[name=narrative]', 'N')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await saveStep(s, en['form.step.create'], 2)
    await saveStep(s, en['form.step.next'], 3)
    await s.page.fill('input[name=victims-count]', '-4')
    await s.page.getByRole('button', { name: en['form.step.next'] }).click()
    await s.waitFor('#form-errors li')
    t.same(await s.page.locator('#form-errors li').allTextContents(), [
      `${en['form.victims']}: ${en['validation.minimum'].replace('{n}', '0')}`
    ])
    await atStep(s, 3)
    t.notOk(s.requests.some((r) => r.startsWith('PATCH')))
  })

  t.test('a day that does not exist in the chosen calendar is refused before sending', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, DARI)
    await s.page.fill('input[name=title]', 'عنوان')
    await s.page.fill('textarea[name=narrative]', 'شرح')
    await s.page.fill('input[name=from]', '1402-07-31')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'Murder', 'cah-murder')
    await s.page.getByRole('button', { name: fa['form.step.create'] }).click()
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
    await s.page.getByRole('button', { name: en['form.step.create'] }).click()
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
    await s.page.getByRole('button', { name: en['form.step.create'] }).click()
    await s.waitFor('#form-errors li')
    t.same((await s.page.locator('#form-errors li').allTextContents()).sort(), [
      `${en['form.lat']}: ${en['validation.maximum'].replace('{n}', '90')}`,
      `${en['form.lon']}: ${en['validation.required']}`
    ])
    t.notOk(s.requests.includes('POST /api/v1/incidents'))
  })

  t.test('perpetrators and sources are added as rows and sent with their steps', async (t) => {
    const s = await screenPage(t, browser)
    await open(s, ENGLISH)
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ revision: 1 }) })
    s.answer(`PATCH /api/v1/incidents/${ID}`, { body: stored({ revision: 2 }) }, { body: stored({ revision: 3 }) })
    await s.page.fill('input[name=title]', 'T')
    await s.page.fill('textarea[name=narrative]', 'N')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await saveStep(s, en['form.step.create'], 2)
    await saveStep(s, en['form.step.next'], 3)
    await s.page.getByRole('button', { name: en['form.addPerpetrator'] }).click()
    await saveStep(s, en['form.step.next'], 4)
    await s.page.getByRole('button', { name: en['form.addSource'] }).click()
    await s.page.getByRole('button', { name: en['form.addSource'] }).click()
    await s.page.getByRole('button', { name: en['form.removeSource'].replace('{n}', '2') }).click()
    await s.page.getByRole('button', { name: en['form.step.finish'] }).click()
    await s.waitForRequest(`PATCH /api/v1/incidents/${ID}`, 2)
    t.same(
      s.bodies[`PATCH /api/v1/incidents/${ID}`],
      [
        { perpetrators: [{ type: 'de-facto-authorities' }], baseRevision: 1 },
        { sources: [{ type: 'witness-testimony' }], baseRevision: 2 }
      ],
      'the removed row is not sent'
    )
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
    await s.page.getByRole('button', { name: fa['form.step.create'] }).click()
    await s.waitFor('#form-errors [role=alert]')
    t.equal(await s.text('#form-errors [role=alert]'), fa['error.SANAD_ERR_PROVINCE_UNKNOWN'])
    t.same((await s.recorded()).navigations, [], 'stays on the form')
    t.equal(await s.page.inputValue('input[name=title]'), 'عنوان', 'what was typed is kept')
    t.ok(await s.page.getByRole('button', { name: fa['form.step.create'] }).isEnabled(), 'and can be sent again')
  })

  t.test('editing sends only what changed, step by step, with the revision and the reason', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${ID}`, { body: stored() })
    s.answer(`PATCH /api/v1/incidents/${ID}`, { body: stored({ revision: 4 }) })
    await open(s, ENGLISH, { id: ID })
    t.equal(await s.text('#page-title'), en['form.editTitle'].replace('{ref}', 'SND-2026-0007'))
    t.equal(await s.page.inputValue('input[name=title]'), 'Night raid in Andar', 'the stored record')
    t.equal(await s.page.inputValue('input[name=from]'), '2024-08-14', 'in the calendar it was entered in')
    t.ok(await s.page.getByRole('button', { name: en['form.step.sources'] }).isEnabled(), 'every step can be opened')
    await s.page.fill('input[name=title]', 'Night raid in Andar district')
    await s.page.fill('textarea[name=reason]', 'Witness named the district')
    await saveStep(s, en['form.step.next'], 2)
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`], [
      { title: 'Night raid in Andar district', reason: 'Witness named the district', baseRevision: 3 }
    ])
    t.same((await s.recorded()).announcements, [en['form.saved']])
    await saveStep(s, en['form.step.next'], 3)
    await saveStep(s, en['form.step.next'], 4)
    await s.page.getByRole('button', { name: en['form.step.finish'] }).click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.same((await s.recorded()).navigations, [`/incidents/${ID}`])
    t.equal(s.requests.filter((r) => r.startsWith('PATCH')).length, 1, 'steps without changes send nothing')
  })

  t.test('going through an edit with no change sends nothing', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${ID}`, { body: stored() })
    await open(s, ENGLISH, { id: ID })
    await saveStep(s, en['form.step.next'], 2)
    await saveStep(s, en['form.step.next'], 3)
    await saveStep(s, en['form.step.next'], 4)
    await s.page.getByRole('button', { name: en['form.step.finish'] }).click()
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
    await s.page.getByRole('button', { name: fa['form.step.next'] }).click()
    await s.waitFor('#form-errors [role=alert]')
    t.equal(await s.text('#form-errors [role=alert]'), fa['error.SANAD_ERR_REVISION_CONFLICT'])
    t.same((await s.recorded()).navigations, [])
    await atStep(s, 1)
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

  t.test('patterns the server lists can be linked on the last step', async (t) => {
    const s = await screenPage(t, browser)
    const pattern = { id: '0190a2b4-0000-7000-8000-0000000000f1', title: 'Targeting of former officers', reference: 'SND-P-0001' }
    s.answer('GET /api/v1/patterns', { body: { items: [pattern] } })
    s.answer('POST /api/v1/incidents', { status: 201, body: stored({ revision: 1 }) })
    s.answer(`PATCH /api/v1/incidents/${ID}`, { body: stored({ revision: 2 }) })
    await s.mount('incident-form', {}, ENGLISH)
    await s.waitFor('form.incident-form')
    await s.page.fill('input[name=title]', 'T')
    await s.page.fill('textarea[name=narrative]', 'N')
    await s.page.fill('input[name=from]', '2024-08-14')
    await s.page.selectOption('select[name=province]', 'AF-KAB')
    await pickCategory(s, 'detention', 'hr-arbitrary-detention')
    await saveStep(s, en['form.step.create'], 2)
    await s.page.getByRole('button', { name: en['form.step.sources'] }).click()
    await atStep(s, 4)
    await s.page.getByLabel(/Targeting of former officers/).check()
    await s.page.getByRole('button', { name: en['form.step.finish'] }).click()
    await s.waitForRequest(`PATCH /api/v1/incidents/${ID}`)
    t.same(s.bodies[`PATCH /api/v1/incidents/${ID}`], [{ patternIds: [pattern.id], baseRevision: 1 }])
  })
})
