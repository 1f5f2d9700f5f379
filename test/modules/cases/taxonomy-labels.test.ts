// Every legal element and category the dossier may print has a Dari and a Pashto name: the element
// names live in server/data/taxonomy-labels.{fa,ps}.json, the category names in taxonomy.json.
import t from 'tap'
import { TAXONOMY } from '../../../server/lib/context/afghan-context.ts'
import { ELEMENT_NAMES, elementLabel } from '../../../server/modules/cases/taxonomy-labels.ts'

const elements = [...new Set(TAXONOMY.categories.flatMap((c) => c.elements.map((e) => e.id)))]

t.test('every element has a name in Dari and in Pashto, written in their script', async (t) => {
  t.ok(elements.length > 100)
  for (const lang of ['fa', 'ps'] as const) {
    t.same(
      elements.filter((id) => (ELEMENT_NAMES[lang][id] ?? '').trim() === ''),
      [],
      `${lang}: elements without a name`
    )
    t.same(
      Object.keys(ELEMENT_NAMES[lang]).filter((id) => !elements.includes(id)),
      [],
      `${lang}: names of elements the taxonomy does not have`
    )
    t.same(
      Object.entries(ELEMENT_NAMES[lang]).filter(([, name]) => /[A-Za-z]/.test(name)),
      [],
      `${lang}: names in Latin script`
    )
  }
})

t.test('every category has a name in Dari and in Pashto', async (t) => {
  for (const c of TAXONOMY.categories)
    for (const lang of ['fa', 'ps'] as const) t.ok(c.labels[lang]?.trim() && !/[A-Za-z]{3}/.test(c.labels[lang]), `${c.id} ${lang}`)
})

t.test('an English dossier keeps the full English text of an element', async (t) => {
  const el = TAXONOMY.categories[0]!.elements[0]!
  t.equal(elementLabel(el, 'en'), el.labels.en)
  t.equal(elementLabel(el, 'fa'), ELEMENT_NAMES.fa[el.id])
  t.equal(elementLabel(el, 'ps'), ELEMENT_NAMES.ps[el.id])
})
