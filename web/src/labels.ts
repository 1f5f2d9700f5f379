import type { Category, Group, Labels, Province, Reference } from './context.ts'
import type { Lang } from './i18n/index.ts'

export const label = (l: Labels | undefined, lang: Lang): string => (l ? l[lang] || l.en : '')

export function categoryLabel(ref: Reference, id: string, lang: Lang): string {
  const c = ref.categoryById.get(id)
  return c ? label(c.labels, lang) : id
}

export function provinceLabel(ref: Reference, code: string, lang: Lang): string {
  const p = ref.provinceByCode.get(code)
  return p ? p[lang] || p.en : code
}

/** Provinces sorted by their name in the reader's language. */
export function sortedProvinces(ref: Reference, lang: Lang): Province[] {
  const collator = new Intl.Collator(lang === 'en' ? 'en' : lang === 'fa' ? 'fa' : 'ps')
  return [...ref.provinces].sort((a, b) => collator.compare(a[lang], b[lang]))
}

/** Categories of each crime group, in taxonomy order. */
export function categoriesByGroup(ref: Reference): { group: Group; categories: Category[] }[] {
  return ref.taxonomy.groups
    .map((group) => ({ group, categories: ref.taxonomy.categories.filter((c) => c.group === group.id) }))
    .filter((g) => g.categories.length > 0)
}

/** "Murder (Art. 7(1)(a))" */
export function categoryWithArticle(c: Category, lang: Lang): string {
  return c.romeStatute ? `${label(c.labels, lang)} — ${c.romeStatute}` : label(c.labels, lang)
}
