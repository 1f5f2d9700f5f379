// The analysis records of #18 on their screens (test/web/component-harness.ts): an exhibit's
// verification records (the component the exhibit view mounts) with the Berkeley Protocol phases, an incident's contextual elements inherited
// from a pattern and overridden with a reason, a person linked to a second incident by pseudonym,
// the person's page with every incident and role, and interviews that warn before a second one.
import t from 'tap'
import type { Incident, Person } from '../../../server/types/schemas.ts'
import { query } from '../../../web/src/api.ts'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx } from '../component-harness.ts'

const DOC_FA: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const DOC_EN: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const LEGAL_FA: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }
const EV = '0190a2b4-0000-7000-8000-0000000000e1'
const INC = '0190a2b4-0000-7000-8000-00000000000a'
const INC2 = '0190a2b4-0000-7000-8000-00000000000b'
const PAT = '0190a2b4-0000-7000-8000-0000000000f1'
const PID = '0190a2b4-0000-7000-8000-0000000000b1'
const USER = 'user:0190a2b4-0000-7000-8000-000000000001'

const verification = {
  id: '0190a2b4-0000-7000-8000-0000000000d1',
  evidenceId: EV,
  phase: 'technical',
  method: 'geolocation',
  finding: 'کوه و مسجد با تصویر ماهواره‌ای مطابقت دارد.',
  status: 'verified',
  analyst: USER,
  createdAt: '2026-02-01T10:00:00.000Z',
  ledgerIndex: 17,
  contentSha256: 'c'.repeat(64)
}

const openExhibit = async (s: Awaited<ReturnType<typeof screenPage>>, ctx: Ctx, items: unknown[][]): Promise<void> => {
  s.answer(`GET /api/v1/evidence/${EV}/verifications`, ...items.map((i) => ({ body: { items: i } })))
  await s.mount('verification-records', { evidenceId: EV, canWrite: ctx.role === 'documenter' }, ctx)
  await s.waitFor('.verification-records .verification-status')
}

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: INC,
  reference: 'SND-2026-0007',
  revision: 1,
  status: 'submitted',
  title: 'بازداشت در کابل',
  narrative: 'زنان بازداشت شدند.',
  narrativeLanguage: 'fa',
  occurred: { from: '2024-08-14', to: '2024-08-14', precision: 'day', fromSolarHijri: '1403-05-24', toSolarHijri: '1403-05-24' },
  location: { province: 'AF-KAB' },
  categories: ['cah-persecution'],
  flags: [],
  createdAt: '2026-01-10T08:30:00.000Z',
  updatedAt: '2026-01-10T08:30:00.000Z',
  ...over
})

const CONSENT = {
  storage: 'granted',
  internalAnalysis: 'granted',
  icc: 'not-recorded',
  un: 'not-recorded',
  national: 'not-recorded',
  publication: 'not-recorded',
  image: 'not-recorded'
}
const person = (over: Partial<Person> = {}): Person =>
  ({
    id: PID,
    pseudonym: 'W-0001',
    role: 'witness',
    incidentId: INC2,
    protected: true,
    sensitive: false,
    needToKnow: false,
    deceased: false,
    consent: CONSENT,
    revision: 1,
    createdAt: '2026-01-10T08:30:00.000Z',
    updatedAt: '2026-01-10T08:30:00.000Z',
    links: [{ incidentId: INC2, role: 'witness', linkedAt: '2026-01-10T08:30:00.000Z', linkedBy: USER }],
    ...over
  }) as Person

t.test('the analysis records on their screens', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('an exhibit lists its verification records in Dari: phase, method, result, analyst, ledger entry, and its status', async (t) => {
    const s = await screenPage(t, browser)
    await openExhibit(s, LEGAL_FA, [[verification]])
    const rec = (await s.text('.verification-record')) ?? ''
    t.match(rec, fa['verification.phase.technical'], 'the Berkeley Protocol phase in Dari')
    t.match(rec, fa['verification.method.geolocation'])
    t.match(rec, fa['verification.status.verified'])
    t.match(rec, '#17', 'the ledger index')
    t.match(rec, 'کوه و مسجد')
    t.match((await s.text('.verification-status')) ?? '', fa['verification.status.verified'], 'the exhibit shows its status')
    t.notMatch((await s.text('.verification-records')) ?? '', /technical|geolocation|partly-verified/, 'no raw code')
    t.equal(await s.page.locator('.verification-records button').count(), 0, 'legal reads, does not record')
    t.same(s.problems, [])
  })

  t.test('a documenter records a geolocation: the methods follow the phase, a missing field is named by its label', async (t) => {
    const s = await screenPage(t, browser)
    const saved = { ...verification, finding: 'Matches the ridge line.' }
    s.answer(`POST /api/v1/evidence/${EV}/verifications`, { status: 201, body: saved })
    await openExhibit(s, DOC_EN, [[], [saved]])
    t.match((await s.text('.verification-status')) ?? '', en['verification.status.none'])
    await s.page.getByRole('button', { name: en['verification.add'] }).click()
    await s.page.getByLabel(en['verification.phase']).selectOption('source')
    const sourceMethods = await s.page.locator('select[name="method"] option').allTextContents()
    t.ok(sourceMethods.includes(en['verification.method.source-profile']))
    t.notOk(sourceMethods.includes(en['verification.method.geolocation']), 'no technical method under source analysis')
    await s.page.getByLabel(en['verification.phase']).selectOption('technical')
    await s.page.locator('select[name="method"]').selectOption('geolocation')
    await s.page.locator('select[name="status"]').selectOption('verified')
    await s.page.getByRole('button', { name: en['verification.save'] }).click()
    t.match((await s.text('[data-testid="error-summary"]')) ?? '', en['verification.finding'], 'the error names the visible label')
    t.same(s.bodies[`POST /api/v1/evidence/${EV}/verifications`], undefined, 'nothing sent')
    await s.page.locator('textarea[name="finding"]').fill('Matches the ridge line.')
    await s.page.getByRole('button', { name: en['verification.save'] }).click()
    await s.waitFor('.verification-record')
    t.same(s.bodies[`POST /api/v1/evidence/${EV}/verifications`], [
      { phase: 'technical', method: 'geolocation', finding: 'Matches the ridge line.', status: 'verified' }
    ])
    t.match((await s.text('.verification-status')) ?? '', en['verification.status.verified'])
    t.same(s.problems, [])
  })

  t.test('an incident shows the elements inherited from its pattern, and an override asks for its reason', async (t) => {
    const s = await screenPage(t, browser)
    const inherited = {
      element: 'widespread-or-systematic',
      status: 'supported',
      basis: 'inherited',
      evidenceIds: [],
      assessor: USER,
      assessedAt: '2026-02-01T10:00:00.000Z'
    }
    const overridden = { ...inherited, status: 'not-supported', basis: 'overridden', reason: 'outside-pattern-period' }
    const ctx = (el: unknown): unknown => ({ items: [{ pattern: { id: PAT, reference: 'SND-P-2026-0001' }, elements: [el] }] })
    s.answer(`GET /api/v1/incidents/${INC}`, { body: incident() })
    s.answer(`GET /api/v1/incidents/${INC}/transitions`, { body: { items: [] } })
    // The incident's other sections (perpetrators, links, comments) read their records too.
    for (const part of ['involvements', 'persons', 'evidence', 'links', 'comments'])
      s.answer(`GET /api/v1/incidents/${INC}/${part}`, { body: { items: [] } })
    s.answer('GET /api/v1/organisations', { body: { items: [] } })
    s.answer(`GET /api/v1/incidents/${INC}/context`, { body: ctx(inherited) }, { body: ctx(overridden) })
    const put = `PUT /api/v1/incidents/${INC}/patterns/${PAT}/context/widespread-or-systematic`
    s.answer(put, { body: overridden })
    await s.mount('incident-view', { id: INC, tab: 'details' }, DOC_FA)
    await s.waitFor('.incident-context [data-element]')
    const row = s.page.locator('.incident-context [data-element="widespread-or-systematic"]')
    const text = (await row.textContent()) ?? ''
    t.match(text, fa['context.widespread-or-systematic'])
    t.match(text, fa['incidentContext.basisInherited'], 'shown as inherited')
    t.match(text, 'SND-P-2026-0001', 'with its pattern')
    t.match(text, fa['element.supported'])
    await row.locator('button').click()
    await row.locator('select[name="status"]').selectOption('not-supported')
    await row.locator('button[type="submit"]').click()
    t.match(
      (await s.text('.incident-context [data-testid="error-summary"]')) ?? '',
      fa['incidentContext.reason'],
      'the reason is asked for by its label'
    )
    t.same(s.bodies[put], undefined, 'nothing sent without a reason')
    await row.locator('select[name="reason"]').selectOption('outside-pattern-period')
    await row.locator('button[type="submit"]').click()
    await s.page.waitForSelector('.incident-context [data-basis="overridden"]')
    t.same(s.bodies[put], [{ status: 'not-supported', reason: 'outside-pattern-period', evidenceIds: [] }])
    const after = (await s.text('.incident-context [data-element="widespread-or-systematic"]')) ?? ''
    t.match(after, fa['incidentContext.basisOverridden'])
    t.match(after, fa['contextReason.outside-pattern-period'])
    t.notMatch(after, /outside-pattern-period|not-supported|overridden/, 'no raw code')
    t.same(s.problems, [])
  })

  t.test(
    'a documenter links a witness of another incident by pseudonym: found by the server, the same pseudonym, in the chosen role',
    async (t) => {
      const s = await screenPage(t, browser)
      const LIST = `GET /api/v1/incidents/${INC}/persons`
      const SEARCH = `GET /api/v1/persons${query({ pseudonym: 'W-00', limit: 20 })}`
      const linked = person({
        incidentId: INC,
        links: [...(person().links ?? []), { incidentId: INC, role: 'victim', linkedAt: '2026-02-01T10:00:00.000Z', linkedBy: USER }]
      })
      s.answer(LIST, { body: { items: [] } }, { body: { items: [{ ...linked, role: 'victim' }] } })
      s.answer(SEARCH, {
        body: {
          items: [
            {
              id: PID,
              pseudonym: 'W-0001',
              roles: ['witness', 'source'],
              incidents: [
                { incidentId: INC2, reference: 'SND-2026-0008', role: 'witness' },
                { incidentId: '0190a2b4-0000-7000-8000-00000000000c', reference: 'SND-2026-0009', role: 'source' }
              ]
            },
            {
              id: '0190a2b4-0000-7000-8000-0000000000b3',
              pseudonym: 'W-0003',
              roles: ['witness'],
              incidents: [{ incidentId: INC2, reference: 'SND-2026-0008', role: 'witness' }]
            }
          ]
        }
      })
      s.answer(`POST /api/v1/incidents/${INC}/persons`, { status: 201, body: { ...linked, role: 'victim' } })
      await s.mount('persons-panel', { incident: incident() }, DOC_FA)
      await s.waitFor('.empty')
      await s.page.getByRole('button', { name: fa['personLink.open'] }).click()
      await s.waitFor('.person-link-form')
      await new Promise((r) => setTimeout(r, 400))
      t.notOk(
        s.requests.some((r) => r.startsWith('GET /api/v1/incidents?') || r.startsWith('GET /api/v1/persons?')),
        'nothing is read before a pseudonym is typed: no crawl of the incidents'
      )
      // A name is never sent: the field takes a pseudonym only.
      await s.page.getByLabel(fa['personLink.search']).fill('Maryam')
      await s.waitFor('.person-link-form p[role="status"]')
      t.match((await s.text('.person-link-form p[role="status"]')) ?? '', fa['personLink.notPseudonym'])
      await s.page.getByLabel(fa['personLink.search']).fill('w-00')
      await s.waitFor('.person-link-choices')
      t.same(
        s.requests.filter((r) => r.startsWith('GET /api/v1/persons?')),
        [SEARCH],
        'one server search, in upper case, never the name'
      )
      t.equal(await s.page.locator('.person-link-choices label').count(), 2)
      const first = (await s.text('.person-link-choices label')) ?? ''
      t.match(first, 'W-0001')
      t.match(first, 'SND-2026-0008')
      t.match(first, 'SND-2026-0009', 'every incident the reader may read')
      t.match(first, fa['personRole.source'])
      t.notMatch(first, /witness|source/, 'roles in Dari, no raw code')
      await s.page.getByRole('button', { name: fa['personLink.save'] }).click()
      t.match((await s.text('.person-link-form [data-testid="error-summary"]')) ?? '', fa['personLink.search'])
      await s.page.locator('.person-link-choices input').first().check()
      await s.page.locator('.person-link-form select[name="role"]').selectOption('victim')
      await s.page.getByRole('button', { name: fa['personLink.save'] }).click()
      await s.waitFor('li.person')
      t.same(s.bodies[`POST /api/v1/incidents/${INC}/persons`], [{ personId: PID, role: 'victim' }])
      t.match((await s.text('li.person h3')) ?? '', 'W-0001', 'the same pseudonym')
      t.equal(await s.page.locator(`li.person a[href="/persons/${PID}"]`).count(), 1, 'a way to the person’s page')
      t.same(s.problems, [])
    }
  )

  t.test('nobody the reader may see has that pseudonym: said in words', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/incidents/${INC}/persons`, { body: { items: [] } })
    s.answer(`GET /api/v1/persons${query({ pseudonym: 'W-0042', limit: 20 })}`, { body: { items: [] } })
    await s.mount('persons-panel', { incident: incident() }, DOC_EN)
    await s.waitFor('.empty')
    await s.page.getByRole('button', { name: en['personLink.open'] }).click()
    await s.page.getByLabel(en['personLink.search']).fill('W-0042')
    await s.waitFor('.person-link-form .empty')
    t.equal(await s.text('.person-link-form .empty'), en['personLink.noMatch'])
    t.same(s.problems, [])
  })

  t.test(
    'a new person carries age at the time, sex, groups self-identified and perceived, deceased and the next of kin’s consent',
    async (t) => {
      const s = await screenPage(t, browser)
      const LIST = `GET /api/v1/incidents/${INC}/persons`
      const POST = `POST /api/v1/incidents/${INC}/persons`
      s.answer(LIST, { body: { items: [] } }, { body: { items: [person({ incidentId: INC, role: 'victim', pseudonym: 'V-0009' })] } })
      s.answer(POST, { status: 201, body: person({ incidentId: INC, role: 'victim', pseudonym: 'V-0009' }) })
      await s.mount('persons-panel', { incident: incident() }, DOC_EN)
      await s.waitFor('.empty')
      await s.page.getByRole('button', { name: en['persons.add'] }).click()
      await s.page.getByLabel(en['persons.role']).selectOption('victim')
      await s.page.getByLabel(new RegExp(`^${en['persons.name']}`)).fill('Zahra')
      await s.page.locator('.person-attributes select[name="ageAt"]').selectOption('incident')
      await s.page.getByLabel(en['personAttr.ageMin']).fill('30')
      await s.page.getByRole('button', { name: en['persons.save'] }).click()
      t.match((await s.text('[data-testid="error-summary"]')) ?? '', en['personAttr.ageMax'], 'half a range is named by its label')
      t.notOk(
        s.requests.some((r) => r.startsWith('POST')),
        'nothing sent'
      )
      await s.page.getByLabel(en['personAttr.ageMin']).fill('')
      await s.page.getByLabel(en['personAttr.ageYears']).fill('16')
      await s.page.getByLabel(en['personAttr.sex']).selectOption('female')
      await s.page.locator('select[name="selfIdentified"]').selectOption(['hazara', 'shia'])
      await s.page.locator('select[name="perceived"]').selectOption(['hazara', 'woman'])
      await s.page.locator('input[name="deceased"]').check()
      t.equal(await s.text('.next-of-kin-hint'), en['personAttr.nextOfKinHint'], 'the next of kin gives consent for the dead')
      await s.page.locator('#new-storage').selectOption('yes')
      await s.page.locator('select[name="new-givenBy"]').selectOption('next-of-kin')
      await s.page.getByRole('button', { name: en['persons.save'] }).click()
      await s.waitForRequest(LIST, 2)
      t.same(s.bodies[POST], [
        {
          role: 'victim',
          name: 'Zahra',
          protected: true,
          sensitive: false,
          consent: { storage: true, givenBy: 'next-of-kin' },
          age: { at: 'incident', years: 16 },
          sex: 'female',
          groups: { selfIdentified: ['hazara', 'shia'], perceived: ['hazara', 'woman'] },
          deceased: true
        }
      ])
      t.same(s.problems, [])
    }
  )

  t.test('a guardian’s consent carries the child’s own assent', async (t) => {
    const s = await screenPage(t, browser)
    const LIST = `GET /api/v1/incidents/${INC}/persons`
    const POST = `POST /api/v1/incidents/${INC}/persons`
    s.answer(LIST, { body: { items: [] } }, { body: { items: [person({ incidentId: INC })] } })
    s.answer(POST, { status: 201, body: person({ incidentId: INC }) })
    await s.mount('persons-panel', { incident: incident() }, DOC_FA)
    await s.waitFor('.empty')
    await s.page.getByRole('button', { name: fa['persons.add'] }).click()
    await s.page.getByRole('textbox', { name: new RegExp(`^${fa['persons.name']} `) }).fill('مریم')
    await s.page.locator('#new-storage').selectOption('yes')
    await s.page.locator('select[name="new-givenBy"]').selectOption('guardian')
    await s.page.getByLabel(fa['consentGiver.childAssent']).check()
    await s.page.getByRole('button', { name: fa['persons.save'] }).click()
    await s.waitForRequest(LIST, 2)
    t.same(
      (s.bodies[POST] ?? []).map((b) => (b as { consent: unknown }).consent),
      [{ storage: true, givenBy: 'guardian', childAssent: true }]
    )
    t.same(s.problems, [])
  })

  t.test('the person page for a reader who may not read the identity: pseudonym and incidents only', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/persons/${PID}${query({ purpose: 'case-preparation' })}`, {
      body: person({ needToKnow: true, identityWithheld: 'need-to-know' })
    })
    s.answer(`GET /api/v1/incidents/${INC2}`, { body: incident({ id: INC2, reference: 'SND-2026-0008' }) })
    await s.mount('person', { id: PID }, LEGAL_FA)
    await s.page.getByRole('button', { name: fa['personPage.open'] }).click()
    await s.waitFor('.person-pseudonym')
    await s.page.waitForFunction(() => document.querySelector('.person-incidents')?.textContent?.includes('SND-2026-0008'))
    t.match((await s.text('article')) ?? '', fa['persons.withheld'], 'the withheld fields said plainly')
    t.equal(await s.page.locator('.person-attributes-view, .person-interviews').count(), 0, 'no sensitive field, no interview')
    t.notOk(
      s.requests.some((r) => r.includes('/interviews')),
      'the interviews are not even asked for'
    )
    t.same(s.problems, [])
  })

  t.test('the person page: a purpose first, then incidents, age and groups, and a second interview warned before and after', async (t) => {
    const s = await screenPage(t, browser)
    const full = person({
      links: [...(person().links ?? []), { incidentId: INC, role: 'victim', linkedAt: '2026-02-01T10:00:00.000Z', linkedBy: USER }],
      identity: {
        name: 'x',
        age: { at: 'incident', years: 17 },
        sex: 'female',
        groups: { selfIdentified: ['hazara', 'shia'], perceived: ['hazara'] }
      }
    })
    const interview = {
      id: '0190a2b4-0000-7000-8000-0000000000a1',
      personId: PID,
      date: '2025-05-01',
      place: 'Mashhad',
      language: 'fa',
      interpreter: 'INT-03',
      present: ['interviewer', 'psychosocial-support'],
      durationMinutes: 90,
      consentObtained: true,
      referralMade: true,
      recordedAt: '2025-05-01T12:00:00.000Z',
      recordedBy: USER,
      contentSha256: 'd'.repeat(64)
    }
    const second = { ...interview, id: '0190a2b4-0000-7000-8000-0000000000a2', date: '2025-06-01' }
    const GETP = `GET /api/v1/persons/${PID}${query({ purpose: 'verification' })}`
    s.answer(GETP, { body: full })
    s.answer(`GET /api/v1/incidents/${INC2}`, { body: incident({ id: INC2, reference: 'SND-2026-0008' }) })
    s.answer(`GET /api/v1/incidents/${INC}`, { body: incident() })
    const IV = `GET /api/v1/persons/${PID}/interviews${query({ purpose: 'verification' })}`
    s.answer(IV, { body: { items: [interview] } }, { body: { items: [interview, second] } })
    s.answer(`POST /api/v1/persons/${PID}/interviews`, {
      status: 201,
      body: { ...second, warnings: [{ code: 'ALREADY_INTERVIEWED', message: 'already 1', previous: 1 }] }
    })
    await s.mount('person', { id: PID }, DOC_FA)
    await s.page.getByLabel(fa['persons.purpose']).selectOption('verification')
    await s.page.getByRole('button', { name: fa['personPage.open'] }).click()
    await s.waitFor('.person-interviews .interview-record')
    t.equal(s.requests[0], GETP, 'the person read with the purpose chosen')
    t.equal(await s.text('.person-pseudonym'), 'W-0001')
    await s.page.waitForFunction(() =>
      /SND-2026-0007[\s\S]*SND-2026-0008|SND-2026-0008[\s\S]*SND-2026-0007/.test(
        document.querySelector('.person-incidents')?.textContent ?? ''
      )
    )
    const incidents = (await s.text('.person-incidents')) ?? ''
    t.match(incidents, fa['personRole.witness'], 'every incident with its role')
    t.match(incidents, fa['personRole.victim'])
    t.match((await s.text('.attr-age')) ?? '', fa['personAttr.ageAt.incident'])
    t.match((await s.text('.attr-self')) ?? '', fa['personGroup.shia'])
    t.match((await s.text('.attr-perceived')) ?? '', fa['personGroup.hazara'])
    const iv = (await s.text('.interview-record')) ?? ''
    t.match(iv, fa['interviewPresent.psychosocial-support'])
    t.match(iv, 'INT-03')
    t.match(iv, fa['language.fa'])
    await s.page.getByRole('button', { name: fa['interview.add'] }).click()
    t.match((await s.text('.interview-before')) ?? '', fa['interview.before'].replace('{n}', '۱'), 'warned before saving')
    await s.page.getByLabel(fa['interview.date']).fill('2025-06-01')
    await s.page.getByRole('button', { name: fa['interview.save'] }).click()
    t.match(
      (await s.text('.interview-form [data-testid="error-summary"]')) ?? '',
      fa['interview.acknowledge'],
      'asked to confirm by its label'
    )
    await s.page.locator('input[name="acknowledged"]').check()
    await s.page.locator('input[name="consentObtained"]').check()
    await s.page.getByRole('button', { name: fa['interview.save'] }).click()
    await s.waitFor('.interview-warning')
    t.equal(
      await s.text('.interview-warning'),
      fa['interview.warning.ALREADY_INTERVIEWED'].replace('{n}', '۱'),
      'the server’s warning in Dari'
    )
    t.same(s.bodies[`POST /api/v1/persons/${PID}/interviews`], [{ date: '2025-06-01', consentObtained: true, referralMade: false }])
    await s.page.waitForFunction(() => document.querySelectorAll('.interview-record').length === 2)
    t.same(s.problems, [])
  })
})
