// Plural forms. A message that carries a count ({n}, or {amount} in a duration) keeps its "other" form
// under its key and every other category its language's Intl.PluralRules has under `key#category`
// ('list.count#one'): English says "1 incident", Pashto "۱ پېښه"; Dari writes the noun singular after
// any number, so its forms may read the same, but it has them too (fa counts 0 as "one").

/** The placeholders that hold a count; the first one given chooses the form. */
export const COUNT_VARS: readonly string[] = ['n', 'amount']

/**
 * Keys whose {n} is not a count of things (an ordinal, a revision number, "label: n"): they need no
 * plural form. The drift test (test/web/i18n/plural.test.ts) requires every other {n}/{amount} key
 * to have a form for each category of each language.
 */
export const NOT_COUNTS: ReadonlySet<string> = new Set([
  'form.fieldN',
  'form.perpetratorN',
  'form.removePerpetrator',
  'form.removeSource',
  'form.step.of',
  'incident.revision',
  'revisions.changesIn',
  'ledger.jobResultProblems',
  'users.incidentChoices',
  'account.recoveryLeft',
  'cases.selected',
  'cases.builtFrom',
  'cases.saved',
  'cases.conflict',
  'validation.minimum',
  'validation.maximum',
  'recipientRefs.currentCaption',
  'recipientRefs.problems',
  'recipientRefs.line',
  'verification.saved',
  'analysis.chooseIncident',
  'comments.notified',
  'bulk.select'
])

const rules = new Map<string, Intl.PluralRules>()
function rulesFor(tag: string): Intl.PluralRules {
  let r = rules.get(tag)
  if (!r) {
    r = new Intl.PluralRules(tag)
    rules.set(tag, r)
  }
  return r
}

/** The categories a language distinguishes (always including "other"). */
export function pluralCategories(tag: string): readonly string[] {
  return rulesFor(tag).resolvedOptions().pluralCategories
}

/**
 * A number already written for the reader (formatNumber: '۱٬۲۳۴' in Dari and Pashto, '1,234' in
 * English) read back, or null when the text is not a plain number.
 */
function readNumber(text: string): number | null {
  const latin = text
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[,\u066c\u00a0\u202f ]/g, '')
    .replace('\u066b', '.')
  return /^\d+(\.\d+)?$/.test(latin) ? Number(latin) : null
}

/** The count among the variables, if any: a number, or a number written in either digits. */
function countOf(vars: Record<string, string | number>): number | null {
  for (const name of COUNT_VARS) {
    const v = vars[name]
    if (typeof v === 'number') return v
    if (typeof v === 'string') return readNumber(v)
  }
  return null
}

/**
 * The key of the form to use: `key#category` when the catalogue has it for this count, else `key`
 * (the "other" form, and every message that carries no count).
 */
export function pluralKey(
  catalogue: Readonly<Record<string, string>>,
  tag: string,
  key: string,
  vars: Record<string, string | number>
): string {
  const count = countOf(vars)
  if (count === null) return key
  const category = rulesFor(tag).select(count)
  if (category === 'other') return key
  const form = `${key}#${category}`
  return form in catalogue ? form : key
}
