// The persons of an incident by themselves (test/web/component-harness.ts): pseudonyms only, an
// identity only when asked for with a purpose (which the server records), a withheld identity said
// plainly, consent per purpose, and a new person checked before anything is sent.
import t from 'tap'
import type { Incident, Person } from '../../../server/types/schemas.ts'
import { query } from '../../../web/src/api.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { apiError, launch, screenPage, type Ctx } from '../component-harness.ts'

const DOC: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const LEGAL: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }
const DOC_EN: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const INCIDENT_ID = '0190a2b4-0000-7000-8000-00000000000a'
const LIST = `GET /api/v1/incidents/${INCIDENT_ID}/persons`
const PID = '0190a2b4-0000-7000-8000-0000000000b1'

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: INCIDENT_ID,
  reference: 'SND-2026-0007',
  revision: 1,
  status: 'verified',
  title: 'Night raid',
  occurred: { from: '2024-08-14', to: '2024-08-14', precision: 'day', fromSolarHijri: '1403-05-24', toSolarHijri: '1403-05-24' },
  location: { province: 'AF-GHA' },
  categories: ['cah-murder'],
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const NOT_ASKED = {
  storage: 'granted',
  internalAnalysis: 'granted',
  icc: 'refused',
  un: 'not-recorded',
  national: 'withdrawn',
  publication: 'not-recorded',
  image: 'not-recorded'
} as const

const person = (over: Partial<Person> = {}): Person =>
  ({
    id: PID,
    pseudonym: 'W-7KQ2',
    role: 'witness',
    incidentId: INCIDENT_ID,
    protected: true,
    sensitive: true,
    needToKnow: true,
    consent: NOT_ASKED,
    revision: 1,
    createdAt: '2026-01-10T08:30:00.000Z',
    updatedAt: '2026-01-10T08:30:00.000Z',
    ...over
  }) as Person

t.test('the persons panel', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a person is shown by pseudonym and role, with protection and consent per purpose in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [person()] } })
    await s.mount('persons-panel', { incident: incident() }, LEGAL)
    await s.waitFor('li.person')
    t.equal(await s.text('li.person h3'), `W-7KQ2 — ${fa['personRole.witness']}`)
    t.same(await s.page.locator('li.person .meta .badge').allTextContents(), [
      fa['persons.protected'],
      fa['persons.sensitive'],
      fa['persons.needToKnow']
    ])
    const consent = await s.page.locator('.consent-badges li').allTextContents()
    t.ok(consent.includes(`${fa['consent.icc']}: ${fa['consentValue.refused']}`), 'a refusal is shown as such')
    t.ok(consent.includes(`${fa['consent.national']}: ${fa['consentValue.withdrawn']}`))
    t.ok(consent.includes(`${fa['consent.un']}: ${fa['consentValue.not-recorded']}`), 'not asked is not “granted”')
    t.equal(await s.page.locator('.identity').count(), 0, 'no identity until asked for')
    t.equal(await s.page.getByRole('button', { name: fa['persons.add'] }).count(), 0, 'legal reads only')
    t.same(s.requests, [LIST], 'nothing identifying fetched on its own')
    t.same(s.problems, [])
  })

  t.test('an identity is asked for with a purpose, which goes to the server for its record', async (t) => {
    const s = await screenPage(t, browser)
    const url = `GET /api/v1/persons/${PID}${query({ purpose: 'witness-contact' })}`
    s.answer(LIST, { body: { items: [person()] } })
    s.answer(url, {
      body: person({ identity: { name: 'احمد شاه', aliases: ['احمد', 'شاه‌جی'], contacts: [{ type: 'phone', value: '+93 700 000 000' }] } })
    })
    await s.mount('persons-panel', { incident: incident() }, LEGAL)
    await s.waitFor('li.person')
    await s.page.getByLabel(fa['persons.purpose']).selectOption('witness-contact')
    await s.page.getByRole('button', { name: fa['persons.showIdentity'] }).click()
    await s.waitFor('.identity')
    t.same(s.requests, [LIST, url], 'the purpose chosen, not a default')
    const shown = (await s.text('.identity')) ?? ''
    t.match(shown, 'احمد شاه')
    t.match(shown, 'احمد، شاه‌جی', 'aliases joined with the Dari comma')
    t.match(shown, '+93 700 000 000')
    t.equal(await s.page.getByRole('region', { name: fa['persons.identity'] }).count(), 1)
    await s.page.getByRole('button', { name: fa['persons.hideIdentity'] }).click()
    await s.page.locator('.identity').waitFor({ state: 'detached' })
    t.equal(await s.page.locator('.identity').count(), 0, 'and hidden again')
    t.notMatch((await s.text('section')) ?? '', 'احمد شاه')
  })

  t.test('a withheld identity is said plainly, never shown empty', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [person()] } })
    s.answer(`GET /api/v1/persons/${PID}${query({ purpose: 'case-preparation' })}`, { body: person({ identityWithheld: 'need-to-know' }) })
    await s.mount('persons-panel', { incident: incident() }, LEGAL)
    await s.waitFor('li.person')
    await s.page.getByRole('button', { name: fa['persons.showIdentity'] }).click()
    await s.waitFor('li.person [role=status]')
    t.equal(await s.text('li.person [role=status]'), fa['persons.withheld'])
    t.equal(await s.page.locator('.identity').count(), 0)
  })

  t.test('a refused request for an identity is the server’s reason in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [person()] } })
    s.answer(`GET /api/v1/persons/${PID}${query({ purpose: 'case-preparation' })}`, apiError(403, 'SANAD_ERR_NEED_TO_KNOW'))
    await s.mount('persons-panel', { incident: incident() }, LEGAL)
    await s.waitFor('li.person')
    await s.page.getByRole('button', { name: fa['persons.showIdentity'] }).click()
    await s.waitFor('li.person [role=alert]')
    t.equal(await s.text('li.person [role=alert]'), fa['error.SANAD_ERR_NEED_TO_KNOW'])
  })

  t.test('a documenter adds a person: checked first, then posted protected by default', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [] } }, { body: { items: [person({ pseudonym: 'V-1AB3', role: 'victim' })] } })
    s.answer(`POST /api/v1/incidents/${INCIDENT_ID}/persons`, { status: 201, body: person({ pseudonym: 'V-1AB3', role: 'victim' }) })
    await s.mount('persons-panel', { incident: incident() }, DOC_EN)
    await s.waitFor('.empty')
    await s.page.getByRole('button', { name: en['persons.add'] }).click()
    t.equal(await s.text('form .alert-warning'), en['persons.safety'], 'the safety warning comes first')
    await s.page.getByRole('button', { name: en['persons.save'] }).click()
    await s.waitFor('form .field-error')
    t.equal(await s.text('form .field-error'), en['validation.required'], 'a name is required')
    t.notOk(s.requests.some((r) => r.startsWith('POST')))

    await s.page.getByLabel(en['persons.role']).selectOption('victim')
    await s.page.getByLabel(new RegExp(`^${en['persons.name']}`)).fill(' Ahmad Shah ')
    await s.page.getByLabel(en['persons.aliases'], { exact: true }).fill('Ahmad، Shahji, ')
    await s.page.getByLabel(en['persons.contact'], { exact: true }).fill('+93 700 000 000')
    await s.page.locator('#new-icc').selectOption('yes')
    await s.page.locator('#new-publication').selectOption('no')
    await s.page.getByRole('button', { name: en['persons.save'] }).click()
    await s.waitForRequest(LIST, 2)
    t.same(s.bodies[`POST /api/v1/incidents/${INCIDENT_ID}/persons`], [
      {
        role: 'victim',
        name: 'Ahmad Shah',
        protected: true,
        sensitive: false,
        aliases: ['Ahmad', 'Shahji'],
        contacts: [{ type: 'phone', value: '+93 700 000 000' }],
        consent: { icc: true, publication: false }
      }
    ])
    t.same((await s.recorded()).announcements, [en['persons.added'].replace('{pseudonym}', 'V-1AB3')])
    await s.waitFor('li.person')
    t.equal(await s.page.getByRole('button', { name: en['persons.save'] }).count(), 0, 'the form closes; nothing typed stays in the page')
    t.notMatch((await s.text('section')) ?? '', 'Ahmad', 'the new person is listed by pseudonym only')
  })

  t.test('a second person added in a row starts clean: it carries only what was chosen for it', async (t) => {
    const s = await screenPage(t, browser)
    const POST = `POST /api/v1/incidents/${INCIDENT_ID}/persons`
    s.answer(
      LIST,
      { body: { items: [] } },
      { body: { items: [person({ pseudonym: 'V-1AB3', role: 'victim' })] } },
      { body: { items: [person({ pseudonym: 'V-1AB3', role: 'victim' }), person({ id: `${PID.slice(0, -2)}b2`, pseudonym: 'W-9XY4' })] } }
    )
    s.answer(
      POST,
      { status: 201, body: person({ pseudonym: 'V-1AB3', role: 'victim' }) },
      { status: 201, body: person({ pseudonym: 'W-9XY4' }) }
    )
    await s.mount('persons-panel', { incident: incident() }, DOC_EN)
    await s.waitFor('.empty')

    // A victim: sensitive, not protected, with aliases, a contact by email, notes and consent.
    await s.page.getByRole('button', { name: en['persons.add'] }).click()
    await s.page.getByLabel(en['persons.role']).selectOption('victim')
    await s.page.getByLabel(new RegExp(`^${en['persons.name']}`)).fill('Ahmad Shah')
    await s.page.getByLabel(en['persons.aliases'], { exact: true }).fill('Shahji')
    await s.page.getByLabel(en['persons.protectedLabel']).uncheck()
    await s.page.getByLabel(en['persons.sensitiveLabel']).check()
    await s.page.getByLabel(en['persons.contactType']).selectOption('email')
    await s.page.getByLabel(en['persons.contact'], { exact: true }).fill('a@example.org')
    await s.page.getByLabel(en['persons.notes']).fill('hospital')
    await s.page.locator('#new-icc').selectOption('yes')
    await s.page.getByLabel(en['persons.interpreterUsed']).check()
    await s.page.getByRole('button', { name: en['persons.save'] }).click()
    await s.waitForRequest(LIST, 2)
    await s.waitFor('li.person')

    // Then a witness: only a name and a phone number chosen.
    await s.page.getByRole('button', { name: en['persons.add'] }).click()
    t.equal(await s.page.getByLabel(en['persons.role']).inputValue(), 'witness', 'the role is back to its default')
    t.equal(await s.page.getByLabel(en['persons.sensitiveLabel']).isChecked(), false, 'sensitive is not ticked')
    t.equal(await s.page.getByLabel(en['persons.protectedLabel']).isChecked(), true, 'protected is ticked again')
    t.equal(await s.page.getByLabel(en['persons.contactType']).inputValue(), 'phone')
    t.equal(await s.page.locator('#new-icc').inputValue(), '', 'no consent decision carried over')
    await s.page.getByLabel(new RegExp(`^${en['persons.name']}`)).fill('Karim')
    await s.page.getByLabel(en['persons.contact'], { exact: true }).fill('+93 700 000 001')
    await s.page.getByRole('button', { name: en['persons.save'] }).click()
    await s.waitForRequest(LIST, 3)
    const posted = s.bodies[POST] ?? []
    t.equal(posted.length, 2)
    t.same(posted[1], {
      role: 'witness',
      name: 'Karim',
      protected: true,
      sensitive: false,
      contacts: [{ type: 'phone', value: '+93 700 000 001' }]
    })
    t.same(s.problems, [])
  })

  t.test('recording consent needs a decision for at least one purpose, then sends only the decisions', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [person()] } })
    s.answer(`GET /api/v1/persons/${PID}/consent`, { body: { current: NOT_ASKED, history: [] } })
    s.answer(`POST /api/v1/persons/${PID}/consent`, {
      status: 201,
      body: {
        current: { ...NOT_ASKED, un: 'granted' },
        history: [
          {
            purpose: 'un',
            granted: true,
            kind: 'granted',
            date: '2026-01-10',
            method: 'verbal-recorded',
            language: 'fa',
            interpreter: true,
            obtainedBy: 'doc1',
            recordedAt: '2026-01-10T08:30:00.000Z',
            recordedBy: 'user:doc1'
          }
        ]
      }
    })
    await s.mount('persons-panel', { incident: incident() }, DOC)
    await s.waitFor('li.person')
    await s.page.getByRole('button', { name: fa['persons.consentDetails'] }).click()
    await s.waitFor('.consent-details .empty')
    await s.page.getByRole('button', { name: fa['persons.saveConsent'] }).click()
    await s.waitFor('.consent-details [role=alert]')
    t.equal(await s.text('.consent-details [role=alert]'), fa['persons.pickPurpose'])
    t.notOk(s.requests.includes(`POST /api/v1/persons/${PID}/consent`))
    await s.page.locator(`#c-${PID}-un`).selectOption('yes')
    await s.page.getByLabel(fa['persons.method']).selectOption('verbal-recorded')
    await s.page.getByLabel(fa['persons.consentDate']).fill('2026-01-10')
    await s.page.getByLabel(fa['persons.consentLanguage']).fill('fa')
    await s.page.getByLabel(fa['persons.interpreterUsed']).check()
    await s.page.getByRole('button', { name: fa['persons.saveConsent'] }).click()
    await s.waitFor('.consent-details table caption')
    t.same(s.bodies[`POST /api/v1/persons/${PID}/consent`], [
      { un: true, method: 'verbal-recorded', date: '2026-01-10', language: 'fa', interpreter: true }
    ])
    const row = (await s.text('.consent-details tbody tr')) ?? ''
    t.match(row, fa['consent.un'])
    t.match(row, fa['consentKind.granted'])
    t.match(row, fa['persons.interpreter'])
    t.same((await s.recorded()).announcements, [fa['persons.consentSaved']])
  })

  t.test('no one adds persons to a retracted incident', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(LIST, { body: { items: [person()] } })
    await s.mount(
      'persons-panel',
      { incident: incident({ retracted: { at: '2026-01-11T08:00:00.000Z', by: 'doc1', reason: 'duplicate' } }) },
      DOC
    )
    await s.waitFor('li.person')
    t.equal(await s.page.getByRole('button', { name: fa['persons.add'] }).count(), 0)
  })
})
