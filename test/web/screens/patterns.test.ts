// The pattern screens by themselves (test/web/component-harness.ts): the list and a new pattern, and
// one pattern with its attacking organisation, contextual elements (assessed from the screen), members
// and scale, in Dari and English.
import t from 'tap'
import { en } from '../../../web/src/i18n/en.ts'
import { fa } from '../../../web/src/i18n/fa.ts'
import { requireTool } from '../../helpers/system-tools.ts'
import { launch, screenPage, type Ctx } from '../component-harness.ts'

const PATTERN_ID = '0190a2b4-0000-7000-8000-0000000000f1'
const DARI_DOC: Ctx = { lang: 'fa', role: 'documenter', username: 'doc1' }
const EN_DOC: Ctx = { lang: 'en', role: 'documenter', username: 'doc1' }
const DARI_LEGAL: Ctx = { lang: 'fa', role: 'legal', username: 'legal1' }

const pattern = {
  id: PATTERN_ID,
  reference: 'SND-P-2026-0001',
  revision: 1,
  title: 'آزار جنسیتی در شمال و غرب',
  description: 'فرمان‌ها و بازداشت زنان.',
  attackingOrganisation: { type: 'de-facto-authorities', name: 'وزارت امر به معروف' }
}
const view = {
  ...pattern,
  context: [
    {
      id: '0190a2b4-0000-7000-8000-0000000000c1',
      element: 'state-or-organisational-policy',
      status: 'supported',
      basis: 'pattern',
      evidenceIds: [],
      assessor: 'user:0190a2b4-0000-7000-8000-000000000001',
      assessedAt: '2026-02-01T10:00:00.000Z'
    }
  ],
  members: [
    {
      id: '0190a2b4-0000-7000-8000-00000000000a',
      reference: 'SND-2026-000001',
      title: 'بازداشت در کابل',
      province: 'AF-KAB',
      from: '2023-02-01',
      to: '2023-02-01'
    },
    {
      id: '0190a2b4-0000-7000-8000-00000000000b',
      reference: 'SND-2026-000002',
      title: 'بازداشت در هرات',
      province: 'AF-HER',
      from: '2023-06-10',
      to: '2023-06-10'
    },
    {
      id: '0190a2b4-0000-7000-8000-00000000000c',
      reference: 'SND-2026-000003',
      title: 'بازداشت در بلخ',
      province: 'AF-BAL',
      from: '2023-11-20',
      to: '2023-11-20'
    }
  ],
  scale: {
    incidents: 3,
    victims: 3,
    victimsBySex: { female: 2, male: 1 },
    victimsByAgeGroup: { child: 1, adult: 1, unknown: 1 },
    provinces: ['AF-BAL', 'AF-HER', 'AF-KAB'],
    period: { from: '2023-02-01', to: '2023-11-20' }
  }
}

t.test('the pattern screens', async (t) => {
  if (!requireTool(t, 'chromium')) return
  const browser = await launch(t)

  t.test('a pattern shows its organisation, contextual elements, scale and members in Dari', async (t) => {
    const s = await screenPage(t, browser)
    s.answer(`GET /api/v1/patterns/${PATTERN_ID}`, { body: view })
    await s.mount('pattern', { id: PATTERN_ID }, DARI_LEGAL)
    await s.waitFor('.pattern-members li')
    const text = (await s.text('section')) ?? ''
    t.match(text, fa['orgType.de-facto-authorities'], 'the organisation type in Dari')
    t.match(text, 'وزارت امر به معروف')
    t.match(text, fa['context.widespread-or-systematic'], 'every contextual element is listed')
    const policy = (await s.text('[data-element="state-or-organisational-policy"]')) ?? ''
    t.match(policy, fa['element.supported'], 'its status in Dari')
    t.match((await s.text('[data-element="part-of-the-attack"]')) ?? '', fa['patterns.notAssessedYet'])
    t.match((await s.text('.scale-sex')) ?? '', fa['sex.female'], 'victims by sex in Dari')
    t.match((await s.text('.scale-age')) ?? '', fa['ageGroup.child'], 'victims by age group in Dari')
    t.match((await s.text('.scale-provinces')) ?? '', 'هرات', 'province names in Dari')
    t.equal(await s.page.locator('.pattern-members li').count(), 3)
    t.equal(await s.page.locator('.context-element form').count(), 0, 'legal may read, not assess')
    t.notMatch(text, /de-facto-authorities|not-assessed|older-person/, 'no raw code')
    t.same(s.problems, [])
  })

  t.test('a documenter assesses a contextual element: the screen sends the status and the exhibits, and reloads', async (t) => {
    const s = await screenPage(t, browser)
    const assessed = {
      ...view,
      context: [
        ...view.context,
        {
          id: '0190a2b4-0000-7000-8000-0000000000c2',
          element: 'part-of-the-attack',
          status: 'partly-supported',
          basis: 'pattern',
          evidenceIds: ['0190a2b4-0000-7000-8000-0000000000e1'],
          assessor: 'user:0190a2b4-0000-7000-8000-000000000001',
          assessedAt: '2026-02-02T10:00:00.000Z'
        }
      ]
    }
    s.answer(`GET /api/v1/patterns/${PATTERN_ID}`, { body: view }, { body: assessed })
    s.answer(`PUT /api/v1/patterns/${PATTERN_ID}/context/part-of-the-attack`, { body: assessed.context[1] })
    await s.mount('pattern', { id: PATTERN_ID }, EN_DOC)
    await s.waitFor('[data-element="part-of-the-attack"] form')
    const row = s.page.locator('[data-element="part-of-the-attack"]')
    await row.locator('select[name="status"]').selectOption('partly-supported')
    await row.locator('textarea[name="evidenceIds"]').fill('0190a2b4-0000-7000-8000-0000000000e1')
    await row.locator('button[type="submit"]').click()
    await s.waitFor('.alert')
    t.same(s.bodies[`PUT /api/v1/patterns/${PATTERN_ID}/context/part-of-the-attack`], [
      { status: 'partly-supported', evidenceIds: ['0190a2b4-0000-7000-8000-0000000000e1'] }
    ])
    t.match((await s.text('.alert')) ?? '', en['patterns.assessed'])
    await s.page.waitForFunction(() =>
      document.querySelector('[data-element="part-of-the-attack"] .context-status')?.textContent?.includes('Partly supported')
    )
    t.same(s.problems, [])
  })

  t.test('the list links each pattern, and a documenter records a new one with its organisation', async (t) => {
    const s = await screenPage(t, browser)
    s.answer('GET /api/v1/patterns', { body: { items: [pattern] } })
    s.answer('POST /api/v1/patterns', { status: 201, body: { ...pattern, id: '0190a2b4-0000-7000-8000-0000000000f2' } })
    await s.mount('patterns', {}, DARI_DOC)
    await s.waitFor('ul.pattern-list li')
    t.equal(await s.page.locator(`a[href="/patterns/${PATTERN_ID}"]`).count(), 1)
    await s.page.locator('.pattern-form input[name="title"]').fill('الگوی نو')
    await s.page.locator('.pattern-form textarea[name="description"]').fill('شرح')
    await s.page.locator('.pattern-form select[name="orgType"]').selectOption('militia')
    await s.page.locator('.pattern-form input[name="orgName"]').fill('گروه محلی')
    await s.page.locator('.pattern-form button[type="submit"]').click()
    await s.page.waitForFunction(() => (window as unknown as { sanad: { navigations: string[] } }).sanad.navigations.length > 0)
    t.same(s.bodies['POST /api/v1/patterns'], [
      { title: 'الگوی نو', description: 'شرح', attackingOrganisation: { type: 'militia', name: 'گروه محلی' } }
    ])
    t.same(s.problems, [])
  })
})
