import faJson from '../../data/taxonomy-labels.fa.json' with { type: 'json' }
import psJson from '../../data/taxonomy-labels.ps.json' with { type: 'json' }
import type { TaxonomyElement } from '../../lib/context/afghan-context.ts'
import type { DossierLanguage } from './labels.ts'

/**
 * Dari and Pashto names of the legal elements (taxonomy.json holds their full texts in English
 * only). A name is shorter than the English text: it says which element it is, and the English
 * dossier carries the full wording. Category names are in taxonomy.json itself, in all three
 * languages. test/modules/cases/taxonomy-labels.test.ts fails when an element has no name here.
 */
export const ELEMENT_NAMES: Record<'fa' | 'ps', Readonly<Record<string, string>>> = {
  fa: faJson.elements,
  ps: psJson.elements
}

export function elementLabel(el: TaxonomyElement, lang: DossierLanguage): string {
  return lang === 'en' ? el.labels.en : (ELEMENT_NAMES[lang][el.id] ?? el.labels.en)
}
