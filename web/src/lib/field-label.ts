// Schema paths ('occurred.from', 'perpetrators.0.type') as the labels people see on the form.

import type { MessageKey } from '../i18n/index.ts'
import { formatNumber } from './format.ts'

/** Labels of a form's fields by schema path; '*' stands for an item's index ('perpetrators.*.type'). */
export type FieldLabels = Record<string, MessageKey>

/**
 * The visible label of the field a schema path names, in the reader's language: the closest path
 * that has a label ('occurred.from', then 'occurred'), with the item's number for lists. Never the
 * path itself: people do not read JSON.
 */
export function fieldLabel(
  path: string,
  labels: FieldLabels,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
  lang: 'en' | 'fa' | 'ps'
): string {
  const parts = path.split('.')
  const index = parts.find((p) => /^\d+$/.test(p))
  const generic = parts.map((p) => (/^\d+$/.test(p) ? '*' : p))
  for (let n = generic.length; n > 0; n--) {
    const key = labels[generic.slice(0, n).join('.')]
    if (!key) continue
    const label = t(key)
    // 'perpetrators.1.type' under 'perpetrators': the second perpetrator.
    const indexed = generic.slice(0, n + 1).includes('*')
    return indexed && index !== undefined ? t('form.fieldN', { label, n: formatNumber(Number(index) + 1, lang) }) : label
  }
  return t('form.otherField')
}
