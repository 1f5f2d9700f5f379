// Names of reference data in the reader's language (web/src/labels.ts), with the taxonomy and the
// provinces the server serves: a missing translation falls back to English, an unknown code shows
// as itself (never as nothing), and lists sort by the name the reader sees.
import t from 'tap'
import { PROVINCES, TAXONOMY } from '../../server/lib/context/afghan-context.ts'
import type { Reference } from '../../web/src/context.ts'
import { categoriesByGroup, categoryLabel, categoryWithArticle, label, provinceLabel, sortedProvinces } from '../../web/src/labels.ts'

const ref = {
  taxonomy: TAXONOMY,
  provinces: PROVINCES,
  categoryById: new Map(TAXONOMY.categories.map((c) => [c.id, c])),
  provinceByCode: new Map(PROVINCES.map((p) => [p.code, p]))
} as unknown as Reference

t.test('a label in the reader’s language, else English, else nothing', async (t) => {
  const l = { en: 'Murder', fa: 'قتل', ps: 'وژنه' }
  t.equal(label(l, 'en'), 'Murder')
  t.equal(label(l, 'fa'), 'قتل')
  t.equal(label(l, 'ps'), 'وژنه')
  t.equal(label({ en: 'Murder', fa: '', ps: '' }, 'ps'), 'Murder', 'an empty translation falls back to English')
  t.equal(label(undefined, 'fa'), '')
})

t.test('a category by its id: its name in the language, or the id when the taxonomy does not know it', async (t) => {
  t.equal(categoryLabel(ref, 'cah-murder', 'fa'), 'قتل (جنایت علیه بشریت)')
  t.equal(categoryLabel(ref, 'cah-murder', 'en'), 'Murder as a crime against humanity')
  t.equal(categoryLabel(ref, 'retired-category', 'fa'), 'retired-category', 'an old id stays visible')
})

t.test('a province by its ISO code, or the code', async (t) => {
  t.equal(provinceLabel(ref, 'AF-BDS', 'en'), 'Badakhshan')
  t.equal(provinceLabel(ref, 'AF-BDS', 'fa'), 'بدخشان')
  t.equal(provinceLabel(ref, 'AF-GHA', 'ps'), PROVINCES.find((p) => p.code === 'AF-GHA')!.ps)
  t.equal(provinceLabel(ref, 'AF-XXX', 'fa'), 'AF-XXX')
})

t.test('provinces sort by the name the reader sees, without changing the reference', async (t) => {
  const before = ref.provinces.map((p) => p.code)
  for (const lang of ['en', 'fa', 'ps'] as const) {
    const names = sortedProvinces(ref, lang).map((p) => p[lang])
    t.equal(names.length, 34, `${lang}: all 34`)
    t.same(names, [...names].sort(new Intl.Collator(lang).compare), `${lang}: in the language’s order`)
  }
  t.equal(sortedProvinces(ref, 'en')[0]!.en, 'Badakhshan')
  t.not(sortedProvinces(ref, 'fa')[0]!.code, sortedProvinces(ref, 'en')[0]!.code, 'Dari order is not the English one')
  t.same(
    ref.provinces.map((p) => p.code),
    before,
    'the shared list is not sorted in place'
  )
})

t.test('categories grouped by crime group in taxonomy order, empty groups left out', async (t) => {
  const groups = categoriesByGroup(ref)
  t.same(
    groups.map((g) => g.group.id),
    TAXONOMY.groups.filter((g) => TAXONOMY.categories.some((c) => c.group === g.id)).map((g) => g.id)
  )
  for (const g of groups)
    t.ok(
      g.categories.every((c) => c.group === g.group.id),
      `${g.group.id}: only its own`
    )
  t.equal(
    groups.reduce((n, g) => n + g.categories.length, 0),
    TAXONOMY.categories.length,
    'every category once'
  )
  const empty = {
    ...ref,
    taxonomy: { groups: [...TAXONOMY.groups, { id: 'empty', labels: { en: 'E', fa: 'E', ps: 'E' } }], categories: TAXONOMY.categories }
  } as Reference
  t.notOk(categoriesByGroup(empty).some((g) => g.group.id === 'empty'))
})

t.test('a category with its Rome Statute article, or just its name when it has none', async (t) => {
  const murder = ref.categoryById.get('cah-murder')!
  t.equal(categoryWithArticle(murder, 'fa'), 'قتل (جنایت علیه بشریت) — Art. 7(1)(a)')
  const apartheid = ref.categoryById.get('gender-apartheid')!
  t.equal(apartheid.romeStatute, null)
  t.equal(categoryWithArticle(apartheid, 'en'), apartheid.labels.en)
})
